"""DocContext's reading of what a sentence is about: its subject, and the roles that keep a
mention from being one (part of a longer name, a place after a preposition, an owner, a term
of comparison, an aside in brackets)."""

from __future__ import annotations

import re

from hotspots.extract.context_references import REFERENCE_RE, REFERENCES
from hotspots.extract.mentions import Mention, name_word_after, name_word_before
from hotspots.extract.segment import Sentence
from hotspots.extract.spans import EntitySpan

# "Like Pudong in Shanghai, it is a new district": a name brought in only to compare with is not
# what a later "the district" or "it" points back to
COMPARED_WITH = re.compile(
    r"\b(?:like|unlike|similar\s+to|as\s+with|compared\s+(?:with|to)|just\s+as|"
    # "win the competition with Apple, Google and IBM": rivals are what the sentence measures
    # itself against, not what it speaks of
    r"(?:compete|competes|competed|competing|competition|rivalry)\s+(?:with|against)|against)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# between two members of a list: "Apple, Google and IBM"
LIST_LINK = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)", re.IGNORECASE)
# "Located in Laoshan District, ...", "at Suzhou Industrial Park in Suzhou": a place after a
# locative preposition (a word such as "western" may come between); "Visitors from Japan toured
# Shenzhen": where someone comes from is no more the subject
PLACED_BY = re.compile(
    r"\b(?:in|at|near|inside|within|from)\s+(?:the\s+)?(?:[a-z][\w-]*\s+)?$", re.IGNORECASE
)
# a sentence about a thing named by a noun phrase, not by a place or a reference to one
POSSESSIVE = re.compile(r"['’]s?\b|['’](?=\s)")
OWNED_NAME_GAP = re.compile(r"\s+(?:the\s+)?")
# what may come before a sentence's subject: nothing, or an opening adverbial set off by a comma
SENTENCE_OPENING = re.compile(r"\W*(?:[^,;]{0,40},\s*)?(?:the\s+)?", re.IGNORECASE)
# "listed on the Shenzhen Stock Exchange", "traded on Nasdaq": the market, not the listed firm
LISTED_ON = re.compile(
    r"\b(?:listed|traded|floated|debuted)\s+(?:on|in)\s+(?:the\s+)?$", re.IGNORECASE
)
FROM_PLACE = re.compile(r"\bfrom\s+(?:the\s+)?(?:[a-z][\w-]*\s+)?$", re.IGNORECASE)
# places whose name may open a longer name of something else ("Chengdu Branch", "Wuxi Institute")
NAMED_PLACES = frozenset({"city", "sar", "district", "province", "country"})
# "the Nanjing zone achieved ...", "The Suzhou campus covers ...": after a determiner, a place
# right before a common noun of another kind of thing only qualifies that thing (lower case: a
# capitalised word carries a name on, which `name_word_after` reads)
DETERMINER_BEFORE = re.compile(r"\b(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir)[ \t]+$")
KIND_HEAD_AFTER = re.compile(
    r"[ \t]+(?:zone|park|campus|base|branch|plant|factory|facility|site|project|office|airport|"
    r"laborator(?:y|ies)|lab|institute|centre|center|station|headquarters)s?\b(?![-'’])"
)
# "Located in the Yangtze River Delta, Hefei ...", "Facing Japan and located in the Bohai Rim,
# Dalian ...": an opening participle phrase that only says where the subject is (perhaps with an
# alias aside after it: "..., also known as China's Optics Valley, the science city ...")
LOCATIVE_OPENING = re.compile(
    r"\W*(?:(?:[A-Z][a-z]+ing)\b[^,;]{0,80}?\s+and\s+)?"
    r"(?:[Ll]ocated|[Ss]ituated|[Ll]ying|[Nn]estled|[Ss]itting|[Pp]erched|[Bb]ased)\s+"
    r"(?:[a-z]+\s+)?(?:in|at|on|along|between|near|within|inside|by)\b[^,;]{0,100}?,\s+"
    r"(?:(?:also\s+)?known\s+as\s+[^,;]{1,60},\s+)?"
)
# "In Zhejiang, Hangzhou ...": a place that sets the scene for the name after its comma
IN_PLACE_OPENING = re.compile(r"\W*In\s+(?:the\s+)?")
# "Dubbed China's Silicon Valley, Shenzhen is ...", "Known as the Spring City, Kunming ...": an
# opening that gives the subject an epithet (what it names is no subject)
EPITHET_OPENING = re.compile(
    r"\W*(?:(?:[Ww]idely|[Oo]ften|[Aa]lso|[Ll]ong)\s+)?(?:[Dd]ubbed|[Nn]icknamed|[Hh]ailed\s+as|"
    r"[Bb]illed\s+as|[Kk]nown\s+as|[Cc]alled|(?:[Rr]egarded|[Cc]onsidered|[Ss]een)\s+as)\s+[^,;]{1,80}?,\s+"
)
ADJECTIVAL = re.compile(r"-(?:based|level|listed|born|made|style|headquartered)\b", re.IGNORECASE)


class SubjectFinding:
    """DocContext's methods about a sentence's subject and a mention's role in its sentence (a
    mixin: it reads the document's text and mentions, and resolves references)."""

    def starts_longer_name(self, sentence: Sentence, mention: Mention) -> bool:
        """The mention is the first word of a longer name the gazetteer lacks ("the Chengdu Branch
        of ...", "Suzhou HuaYiRunLiang plans ..."): that body acts, not the place. Headings
        (title case) say nothing."""
        if sentence.is_heading:
            return False
        if KIND_HEAD_AFTER.match(
            self.folded, mention.end, sentence.end
        ) and DETERMINER_BEFORE.search(
            self.folded, max(sentence.start, mention.start - 8), mention.start
        ):
            return True  # "the Nanjing zone achieved a GDP of ...": the zone's, not the city's
        word = name_word_after(self.folded, mention.end, sentence.end)
        if word is None:
            return False
        starting = [x for x in self.mentions_between(*word) if x.start == word[0]]
        return not starting or any(self._own_district_after(mention, x) for x in starting)

    def _own_district_after(self, place: Mention, after: Mention) -> bool:
        """A district of the place's own city right after it ("the Nantong Haimen high-tech
        zone", "Shanghai Pudong"): the city only qualifies the district or a body named after
        it, so the city still starts a longer name."""
        cities = {
            e
            for x in self.mentions_between(place.start, place.end)
            if x.start == place.start and x.end == place.end
            for e in x.entity_ids
        }
        return any(
            self.type_of(e) == "district" and self.parent_of(e) in cities for e in after.entity_ids
        )

    def ends_longer_name(self, sentence: Sentence, mention: Mention) -> bool:
        """The mention is the last word of a longer name the gazetteer lacks ("the Nanopolis
        Suzhou will be built ..."): that project acts, not the place."""
        if sentence.is_heading:
            return False
        word = name_word_before(self.folded, mention.start)
        if word is None or word[0] < sentence.start:
            return False
        earlier = self.mentions_between(max(0, word[0] - 60), mention.start)
        return not any(x.start <= word[0] < x.end for x in earlier)

    def inside_longer_name(self, sentence: Sentence, mention: Mention) -> bool:
        return self.starts_longer_name(sentence, mention) or self.ends_longer_name(
            sentence, mention
        )

    def _placed(self, sentence: Sentence, mention: Mention) -> bool:
        """A place after a locative preposition ("Located in Laoshan District, the park ...") says
        where the subject is; a later "it" does not mean it."""
        lo = max(sentence.start, mention.start - 30)
        return PLACED_BY.search(self.folded, lo, mention.start) is not None

    def _origin(self, sentence: Sentence, mention: Mention) -> bool:
        """The mention follows "from": where someone or something comes from."""
        lo = max(sentence.start, mention.start - 30)
        return FROM_PLACE.search(self.folded, lo, mention.start) is not None

    def _listing_venue(self, sentence: Sentence, mention: Mention) -> bool:
        """The mention is where shares are listed ("It was listed on the Shenzhen Stock Exchange
        in 1996. The company ...": the exchange is no company the text goes on about)."""
        lo = max(sentence.start, mention.start - 30)
        return LISTED_ON.search(self.folded, lo, mention.start) is not None

    def _possessive_modifier(self, sentence: Sentence, mention: Mention) -> bool:
        """The mention is an owner ("China's", "the city's") past the opening of its sentence:
        it qualifies a noun in the predicate. "Shenzhen's economy grew ..." (an owner opening the
        sentence, perhaps after an opening adverbial) still gives the sentence its topic, unless
        what it owns is named too ("Hefei's Binhu Science City was ..."): that name is the head."""
        if POSSESSIVE.match(self.folded, mention.end) is None:
            return False
        if self._owned_name(sentence, mention) is not None:
            return True
        return SENTENCE_OPENING.fullmatch(self.folded, sentence.start, mention.start) is None

    def _owned_name(self, sentence: Sentence, mention: Mention) -> Mention | None:
        """The name right after an owner ("Shanghai's Pudong New Area"): the head of the phrase."""
        owner = POSSESSIVE.match(self.folded, mention.end)
        if owner is None:
            return None
        gap = OWNED_NAME_GAP.match(self.folded, owner.end(), sentence.end)
        if gap is None:
            return None
        return next(
            (m for m in self.mentions_between(gap.end(), sentence.end) if m.start == gap.end()),
            None,
        )

    def _bracketed(self, sentence: Sentence, mention: Mention) -> bool:
        opening = self.folded[sentence.start : mention.start]
        return opening.count("(") > opening.count(")")

    def _opens_longer_name(
        self, sentence: Sentence, mention: Mention, types: tuple[str, ...]
    ) -> bool:
        entity_id = self.pick(mention, types)
        return (
            entity_id is not None
            and self.type_of(entity_id) in NAMED_PLACES
            and self.inside_longer_name(sentence, mention)
        )

    def _compared(self, sentence: Sentence, mention: Mention) -> bool:
        """Whether the mention is only the term of a comparison ("Like Pudong in Shanghai, ...",
        "unlike Beijing"): the words right before it in its sentence say so."""
        if ADJECTIVAL.match(self.folded, mention.end) is not None:
            # "Beijing-based Xiaomi", "a Beijing-level salary": the name only qualifies another
            # noun, which is what the sentence speaks of
            return True
        # the list's first member carries the comparison for them all ("with Apple, Google and IBM")
        head = mention
        earlier = self.mentions_between(sentence.start, mention.start)
        for previous in reversed(earlier[-6:]):
            if not LIST_LINK.fullmatch(self.folded, previous.end, head.start):
                break
            head = previous
        return (
            COMPARED_WITH.search(self.folded, max(sentence.start, head.start - 20), head.start)
            is not None
        )

    def subject(
        self,
        sentence: Sentence,
        types: tuple[str, ...],
        before: int | None = None,
        after: int | None = None,
    ) -> EntitySpan | None:
        """Subject of a sentence of one of `types`: a reference opening the sentence, else the
        first fitting mention before `before`, else a reference phrase before it."""
        limit = sentence.end if before is None else before
        lower = sentence.start if after is None else after
        # "Covering 79 km2, the park is the core of Shanghai's reforms": a reference opening the
        # part searched (the sentence, or the clause after `after`) is its subject
        head = self.folded[lower : min(limit, lower + 40)]
        opening = re.match(
            r"^\W*(?:(?:In|At|From|Moreover|Indeed|However|Meanwhile|Today),?\s+)?(?P<ref>"
            + REFERENCE_RE.pattern
            + r")\b",
            head,
            re.IGNORECASE,
        )
        if opening and opening.group("ref").lower() != "its":
            phrase = opening.group("ref")
            if set(REFERENCES[phrase.lower()]) & set(types):
                resolved = self.resolve_reference(sentence, phrase, sentence.start)
                if resolved and self.type_of(resolved.entity_id) in types:
                    return resolved
                if resolved is None and phrase.lower() == "it":
                    # "It is the heart of the city's tech economy": the opening pronoun is the
                    # subject; when it points to nothing known, a name further on is not
                    return None
        placed = LOCATIVE_OPENING.match(
            self.folded, sentence.start, limit
        ) or EPITHET_OPENING.match(self.folded, sentence.start, limit)
        candidates = self.mentions_between(lower, limit)
        for k, mention in enumerate(candidates):
            if placed is not None and mention.end <= placed.end():
                continue  # "Located in the Yangtze River Delta, Hefei ...": only where it is
            if (
                k + 1 < len(candidates)
                and IN_PLACE_OPENING.fullmatch(self.folded, sentence.start, mention.start)
                and re.fullmatch(
                    r",\s+(?:the\s+)?", self.folded[mention.end : candidates[k + 1].start]
                )
                and self.pick(candidates[k + 1], types)
            ):
                continue  # "In Zhejiang, Hangzhou, the provincial capital, is ...": the scene
            entity_id = self.pick(mention, types)
            if entity_id and not (
                self.type_of(entity_id) in NAMED_PLACES
                and self.inside_longer_name(sentence, mention)
            ):
                owned = self._owned_name(sentence, mention)
                if owned is not None and owned.end <= limit and self.pick(owned, types):
                    continue  # "Shanghai's Pudong New Area has ...": the owned name is the subject
                return EntitySpan.of(mention, entity_id)
        for m in REFERENCE_RE.finditer(self.folded, lower, limit):
            phrase = m.group(0)
            if phrase.lower() == "its":
                continue  # a possessive names an owner, not the subject
            if set(REFERENCES[phrase.lower()]) & set(types):
                resolved = self.resolve_reference(sentence, phrase, sentence.start)
                if resolved and self.type_of(resolved.entity_id) in types:
                    return resolved
        if sentence.is_list_item and after is None:
            # a bullet under a heading or lead sentence that names the subject ("Hefei at a glance")
            for lead in [*self.list_intro(sentence, 1), self.heading_of(sentence)]:
                found = (
                    self._first_of_types(self.mentions_in(lead), types)
                    if lead is not None
                    else None
                )
                if found:
                    return found.seen_as("heading")
        return None
