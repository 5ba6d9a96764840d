"""DocContext's resolution of phrases that point back ("the city", "it", "here", "the former",
"the two cities") to the entity they mean."""

from __future__ import annotations

import bisect
import re

from hotspots.extract import lexicon
from hotspots.extract.mentions import Mention
from hotspots.extract.segment import Sentence
from hotspots.extract.spans import EntitySpan
from hotspots.extract.types import PLACE_LEVEL
from hotspots.reference import AliasSpec

# Phrases that point back to something named earlier, and the entity types they can refer to
# (reference/lexicons/references.yaml).
REFERENCES = lexicon.entity_types("references", "references")
# "the coastal province", "the southern city": a place word between the article and the noun
REFERENCES.update(
    {
        f"the {adjective} {noun}": REFERENCES[f"the {noun}"]
        for adjective in lexicon.words("references", "described_adjectives")
        for noun in lexicon.words("references", "described_nouns")
    }
)
# "The city of Shenzhen", "the province of Guangdong": a name follows, so the phrase names a
# place rather than pointing back to one ("Lanzhou, the capital city of Gansu": an apposition)
NAME_FOLLOWS = r"(?!\s+(?:city\s+)?of\s+(?:the\s+)?(?-i:[A-Z]))"
REFERENCE_RE = re.compile(
    r"\b(?:"
    + "|".join(sorted(map(re.escape, REFERENCES), key=len, reverse=True))
    + r")\b"
    + NAME_FOLLOWS,
    re.IGNORECASE,
)


# "the two cities", "these three provinces", "both cities": a group named just before, as a whole
PLURAL_NOUNS = {
    "cities": ("city", "sar"),
    "provinces": ("province",),
    "parks": ("park",),
    "zones": ("park",),
    "districts": ("district",),
    "universities": ("university",),
    "companies": ("company",),
    "firms": ("company",),
    "regions": ("policy_region", "province"),
    "clusters": ("cluster",),
}
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "both": 2}
PLURAL_REFERENCE_RE = re.compile(
    r"\b(?:(?:the|these|those|all)\s+(?P<n>two|three|four|five|six)|(?P<both>both)(?:\s+(?:the|these))?)\s+"
    r"(?P<noun>" + "|".join(PLURAL_NOUNS) + r")\b",
    re.IGNORECASE,
)
PLURAL_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:the\s+)?", re.IGNORECASE)
UNNAMED_SUBJECT = re.compile(
    r"\W*The\s+(?!(?:city|zone|district|park|province|region|area|country|company|university)\b)",
    re.IGNORECASE,
)
# "Yuehai is a 20 sq km area of the city's Nanshan district. It was established in 1991": a
# sentence whose subject is a name the gazetteer lacks (a capitalised name right before its verb,
# perhaps after an opening adverbial) is about that thing; a later "it" means it, not a place
# named further on
UNKNOWN_NAME_SUBJECT = re.compile(
    r"\W*(?:[^,;]{0,40},\s*)?(?P<name>(?-i:[A-Z][\w’'-]*[a-z][\w’'-]*)(?:\s+(?-i:[A-Z][\w’'-]+)){0,3})"
    r"\s+(?:is|was|are|were|has|had|lies|lay|sits|sat|covers|covered|became|becomes|remains|"
    r"remained|stands|stood)\b"
)
NOT_A_NAME = frozenset(
    {
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "what",
        "which",
        "who",
        "today",
        "now",
        "the",
        "a",
        "an",
        "and",
        "but",
        "so",
    }
)
# "It was identified ...", "By 2017, it was home to ...", "Its GDP reached ...": a sentence whose
# subject is a pronoun; an "it" after it means the same thing (not a place named in its object),
# unless it is the empty "it" of "It is said that ..."
FORMER_LATTER = re.compile(r"\bthe\s+(?:former|latter)\b", re.IGNORECASE)
PRONOUN_SUBJECT = re.compile(
    r"^\W*(?:(?:In|By|At|Since|As\s+of|Today|Now|So\s+far|Last\s+year|This\s+year)\b[^,;]{0,30},\s*)?"
    r"(?P<it>it|its)\b(?!\s+(?:is|was|has\s+been)\s+(?:also\s+)?(?:said|reported|expected|estimated|"
    r"believed|understood|known|likely|unlikely|important|necessary|clear|possible|hoped|planned|"
    r"worth|true|time)\b)",
    re.IGNORECASE,
)


class ReferenceResolution:
    """DocContext's methods that resolve reference phrases (a mixin: it reads the document's text,
    sentences and mentions, and asks SubjectFinding where a mention sits in its sentence)."""

    def resolve_reference(
        self,
        sentence: Sentence,
        phrase: str,
        before: int,
        depth: int = 0,
        kinds: tuple[str, ...] | None = None,
    ) -> EntitySpan | None:
        """The entity a phrase like "the city" or "here" points back to.

        Within the paragraph and the two before it, the kinds the phrase names are tried in
        order (a "region" is a policy region before a province); for each kind, sentences are
        searched nearest first, and in a sentence the first fitting mention (its subject,
        usually) wins. "here"/"there" point to the most specific place of the nearest sentence
        naming one. The title is the last resort. `kinds` narrows what "the former"/"the latter"
        can be (a rule reading a city's membership skips the companies named in between).
        """
        # several rules ask the same of a sentence ("the city" before the same word); the answer
        # depends on the document alone, which does not change while rules read it
        key = ("resolve_reference", sentence.start, sentence.end, phrase, before, depth, kinds)
        if key not in self.memo:
            self.memo[key] = self._resolve_reference(sentence, phrase, before, depth, kinds)
        return self.memo[key]

    def _resolve_reference(
        self,
        sentence: Sentence,
        phrase: str,
        before: int,
        depth: int,
        kinds: tuple[str, ...] | None,
    ) -> EntitySpan | None:
        types = REFERENCES[phrase.lower()]
        hi = bisect.bisect_right(self._sentence_ends, before)
        lo = hi
        while lo > 0 and self.sentences[lo - 1].paragraph >= sentence.paragraph - 2:
            lo -= 1
        earlier = self.sentences[lo:hi]
        if sentence.start < before:
            earlier.append(sentence)
        if phrase.lower() in {"the former", "the latter"}:
            # the first or the last of the things the nearest sentence naming two of them names
            for s in reversed(earlier):
                end = min(s.end, before)
                own = FORMER_LATTER.search(s.text) if s is not sentence else None
                if own is not None:
                    # "The former hosts Tencent and Huawei; ... the latter": what a sentence names
                    # after pointing back to a pair is other things; only names before count
                    end = min(end, s.start + own.start())
                named = [
                    (m, e)
                    for m in self.mentions_between(s.start, end)
                    if (e := self.pick(m, kinds or types))
                ]
                if len(named) >= 2:
                    m, e = named[0] if phrase.lower() == "the former" else named[-1]
                    return EntitySpan(e, m.start, m.end, phrase.lower())
            return None
        locative = phrase.lower() in {"here", "there"}
        pronoun = phrase.lower() in {
            "it",
            "its",
        }  # the subject of the nearest sentence naming something
        for wanted in (types,) if locative or pronoun else tuple((t,) for t in types):
            for s in reversed(earlier):
                chained = PRONOUN_SUBJECT.match(s.text) if pronoun else None
                if chained is not None and s.start + chained.start("it") < before:
                    # "It was founded in 1988 ... Its GDP is 12 percent of Chengdu's. By 2017, it
                    # was home to ...": the pronoun keeps the topic of the sentence before
                    if depth >= 3:
                        return None
                    return self.resolve_reference(s, phrase, s.start, depth + 1)
                candidates = [
                    m
                    for m in self.mentions_between(s.start, min(s.end, before))
                    if not self._compared(s, m) and not self._listing_venue(s, m)
                ]
                # three pronoun sentences in a row ("It lies ... It covers ... It is home to")
                # still reach the noun phrase that pointed back to the region before them
                if depth < 3:
                    candidates = sorted(
                        candidates + self._chained_references(s, before, depth),
                        key=lambda m: m.start,
                    )
                if not pronoun and not locative:
                    # "A delegation from Shanghai visited Hefei. The city ...": where someone
                    # comes from is not what the phrase points to, when the sentence names another
                    staying = [m for m in candidates if not self._origin(s, m)]
                    if any(self.pick(m, wanted) for m in staying):
                        candidates = staying
                if pronoun:
                    # "(excluding the area built with Chengdu's Shuangliu district)": an aside
                    # in brackets is not what the sentence is about
                    fitting = [
                        m for m in candidates if self.pick(m, wanted) and not self._bracketed(s, m)
                    ]
                    if s is not sentence and self._unknown_name_subject(s):
                        return None
                    # "Experts praised China's opening. It ...": an owner inside a later noun
                    # phrase qualifies that noun; "it" means the noun, not the owner
                    modifiers = [m for m in fitting if self._possessive_modifier(s, m)]
                    if modifiers:
                        fitting = [m for m in fitting if m not in modifiers]
                        if not fitting:
                            return None
                    if not fitting and s is not sentence and UNNAMED_SUBJECT.match(s.text):
                        # "The GII 2025 uses 80 indicators. It is the world's benchmark ...": the
                        # sentence before is about a thing the gazetteer lacks, which "it" means
                        return None
                    # "Located in Laoshan District, the park is ... It was approved ...": a place
                    # set after a preposition says where the subject is; it is not the subject
                    subject = next((m for m in fitting if not self._placed(s, m)), None)
                    if subject is not None and self._opens_longer_name(s, subject, wanted):
                        # "Qingdao High Science and Technology Industrial Park is ...": the
                        # sentence is about a body the gazetteer lacks; "it" means that body
                        return None
                    candidates = [subject] if subject is not None else fitting[:1]
                found = (
                    self._smallest_place(candidates, wanted)
                    if locative
                    else self._first_of_types(candidates, wanted)
                )
                if found:
                    return found.seen_as(phrase.lower())
        if not pronoun and not locative:
            # "Suzhou New District ... The district covers 52 km2": a name that ends in the
            # phrase's noun is what the phrase points to, whatever kind of entity it is
            named = self._named_by_head(earlier, phrase.lower(), before)
            if named is not None:
                return named
        title = self.sentences[0] if self.sentences else None
        if title is not None and title.is_heading:
            found = self._first_of_types(self.mentions_in(title), types)
            if found:
                return found.seen_as(phrase.lower())
        return None

    def _named_by_head(
        self, earlier: list[Sentence], phrase: str, before: int
    ) -> EntitySpan | None:
        """The nearest earlier mention (the first in its sentence) whose name ends in the words
        of `phrase` after its article ("the new district" -> "Changchun New District")."""
        words = phrase.split(maxsplit=1)
        if len(words) < 2 or words[0] not in {"the", "this"}:
            return None
        tail = " " + words[1]
        for s in reversed(earlier):
            for m in self.mentions_between(s.start, min(s.end, before)):
                if m.text.lower().endswith(tail) and not self._compared(s, m):
                    return EntitySpan(self.default_entity(m), m.start, m.end, phrase)
        return None

    def _unknown_name_subject(self, sentence: Sentence) -> bool:
        """The sentence's subject is a capitalised name no mention covers ("Yuehai is ...",
        "Today, Yuehai is ..."): what a later "it" means is that unknown thing."""
        m = UNKNOWN_NAME_SUBJECT.match(self.text, sentence.start, sentence.end)
        if m is None or m.group("name").split()[0].lower() in NOT_A_NAME:
            return False
        start, end = m.start("name"), m.end("name")
        return not any(x.start < end for x in self.mentions_between(start, sentence.end))

    def plural_reference(self, sentence: Sentence, ref: re.Match) -> list[EntitySpan]:
        """The members of a group a plural phrase ("the two cities", "both provinces", a match of
        PLURAL_REFERENCE_RE in `self.folded`) points back to: the nearest list of exactly that
        many names of the noun's type ("Shenzhen and Hong Kong ... The two cities"), in the
        sentence before the phrase or in the paragraph and the two before it. A list of another
        length is no antecedent: the count must agree."""
        n = NUMBER_WORDS[(ref.group("n") or ref.group("both")).lower()]
        types = PLURAL_NOUNS[ref.group("noun").lower()]
        hi = bisect.bisect_right(self._sentence_ends, ref.start())
        lo = hi
        while lo > 0 and self.sentences[lo - 1].paragraph >= sentence.paragraph - 2:
            lo -= 1
        earlier = self.sentences[lo:hi]
        if sentence.start < ref.start():
            earlier.append(sentence)
        for s in reversed(earlier):
            runs: list[list[EntitySpan]] = []
            for m in self.mentions_between(s.start, min(s.end, ref.start())):
                entity_id = self.pick(m, types)
                if entity_id is None:
                    runs.append([])
                    continue
                span = EntitySpan.of(m, entity_id)
                if (
                    runs
                    and runs[-1]
                    and PLURAL_LIST_GAP.fullmatch(self.folded, runs[-1][-1].end, m.start)
                ):
                    runs[-1].append(span)
                else:
                    runs.append([span])
            fitting = [r for r in runs if len(r) == n]
            if fitting:
                return [x.seen_as(ref.group(0).lower()) for x in fitting[-1]]
            # "... against Huawei and ZTE, ... two other firms, DJI and Tencent. All these four
            # companies ...": names spread over the nearest sentence, exactly as many as the count
            named = list({x.entity_id: x for r in runs for x in r}.values())
            if len(named) == n and n > 2 and s is not sentence:
                return [x.seen_as(ref.group(0).lower()) for x in named]
            if any(len(r) > 1 for r in runs):
                return []  # the nearest list has another length: the phrase points elsewhere
        return []

    def _chained_references(self, sentence: Sentence, before: int, depth: int) -> list[Mention]:
        """'The region produces ... In 2022 its R&D ...': an earlier reference stands for what it resolved to."""
        out = []
        for m in REFERENCE_RE.finditer(self.folded, sentence.start, min(sentence.end, before)):
            phrase = m.group(0).lower()
            if phrase in {"it", "its", "here", "there"}:
                continue
            resolved = self.resolve_reference(sentence, phrase, m.start(), depth + 1)
            if resolved:
                alias = AliasSpec(resolved.entity_id, m.group(0), "variant", "reference")
                out.append(Mention(m.start(), m.end(), self.text[m.start() : m.end()], (alias,)))
        return out

    def _smallest_place(self, mentions: list[Mention], types: tuple[str, ...]) -> EntitySpan | None:
        typed = [EntitySpan.of(m, e) for m in mentions if (e := self.pick(m, types))]
        if not typed:
            return None
        return min(typed, key=lambda s: (PLACE_LEVEL.get(self.type_of(s.entity_id), 9), s.start))

    def _first_of_types(self, mentions: list[Mention], types: tuple[str, ...]) -> EntitySpan | None:
        for wanted in types:
            for mention in mentions:
                entity_id = self.pick(mention, (wanted,))
                if entity_id:
                    return EntitySpan.of(mention, entity_id)
        return None
