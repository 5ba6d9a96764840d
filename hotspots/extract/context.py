"""What the claim rules see of a document: sentences, mentions, quantities and context years."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from hotspots.extract import lexicon
from hotspots.extract.cues import lower_for_cues
from hotspots.extract.mentions import Mention, abbreviations, name_word_after, name_word_before
from hotspots.extract.numbers import Quantity, find_periods, find_quantities, find_years
from hotspots.extract.segment import Sentence
from hotspots.extract.types import (
    PLACE_LEVEL,
    TYPE_PREFERENCE,
)
from hotspots.reference import AliasSpec, Gazetteer

RANKING_CONTEXT = re.compile(r"\b(?:clusters?|WIPO|GII|Global Innovation Index)\b", re.IGNORECASE)
EDITION_YEAR = re.compile(
    r"(?:\b(?:GII|Global Innovation Index|WIPO|edition|rankings?|clusters?)\b[^.;:\n]{0,50}?\b(?P<a>20\d{2})\b)"
    r"|(?:\b(?P<b>20\d{2})\b[^.;:\n]{0,30}?\b(?:GII|Global Innovation Index|edition|rankings?|cluster ranking)\b)",
    re.IGNORECASE,
)
BACK_REFERENCE = re.compile(
    r"\b(?:from|since|than|previous|earlier|last|compared (?:with|to))\b[^.;]{0,30}$", re.IGNORECASE
)
# "an early release from the 2023 edition": the edition a text comes from, not an earlier one
SOURCE_OF_RELEASE = re.compile(
    r"\b(?:release|report|data|results|findings|excerpt|chapter|figures)\s+from\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "rose from 55th to 50th place in the 2023 ranking": the year dates the new value
FROM_TO = re.compile(r"\bfrom\b[^.;]*?\bto\b[^.;]*$", re.IGNORECASE)
YEAR_CLAUSE_BREAK = re.compile(
    r";|,\s+(?:and|but|while|whereas|which|where|when)\s+|\s+while\s+|\s+-\s+|\s+and\s+(?:(?:currently|now|still|also|today)\s+)?(?=(?:covers|covered|has|had|hosts|hosted|counts|counted|is|was|includes|included|accounts|accounted|employs|employed|ranks|ranked|became|becomes|remains|remained|plans|planned|aims|grew|fell|rose|spent|invested|reached)\b)",
    re.IGNORECASE,
)
LIST_BREAK = re.compile(r";|,\s+|\s+and\s+|\s+while\s+|\s+-\s+", re.IGNORECASE)
CLAUSE_BREAK = re.compile(r";|,\s+(?:and|while|but|whereas)\s+|\s+while\s+|\s+-\s+", re.IGNORECASE)
# Phrases that point back to something named earlier, and the entity types they can refer to
# (reference/lexicons/references.yaml).
REFERENCES = lexicon.entity_types("references", "references")
# "The city of Shenzhen", "the province of Guangdong": a name follows, so the phrase names a
# place rather than pointing back to one
NAME_FOLLOWS = r"(?!\s+of\s+(?:the\s+)?(?-i:[A-Z]))"
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
# "Like Pudong in Shanghai, it is a new district": a name brought in only to compare with is not
# what a later "the district" or "it" points back to
COMPARED_WITH = re.compile(
    r"\b(?:like|unlike|similar\s+to|as\s+with|compared\s+(?:with|to)|just\s+as)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "Located in Laoshan District, ...", "at Suzhou Industrial Park in Suzhou": a place after a
# locative preposition (a word such as "western" may come between); "Visitors from Japan toured
# Shenzhen": where someone comes from is no more the subject
PLACED_BY = re.compile(
    r"\b(?:in|at|near|inside|within|from)\s+(?:the\s+)?(?:[a-z][\w-]*\s+)?$", re.IGNORECASE
)
# a sentence about a thing named by a noun phrase, not by a place or a reference to one
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
POSSESSIVE = re.compile(r"['’]s?\b|['’](?=\s)")
OWNED_NAME_GAP = re.compile(r"\s+(?:the\s+)?")
# what may come before a sentence's subject: nothing, or an opening adverbial set off by a comma
SENTENCE_OPENING = re.compile(r"\W*(?:[^,;]{0,40},\s*)?(?:the\s+)?", re.IGNORECASE)
FROM_PLACE = re.compile(r"\bfrom\s+(?:the\s+)?(?:[a-z][\w-]*\s+)?$", re.IGNORECASE)
# places whose name may open a longer name of something else ("Chengdu Branch", "Wuxi Institute")
NAMED_PLACES = frozenset({"city", "sar", "district", "province", "country"})
ADJECTIVAL = re.compile(r"-(?:based|level|listed|born|made|style|headquartered)\b", re.IGNORECASE)


@dataclass(frozen=True)
class EntitySpan:
    """An entity found in the text: its id and the span that names it. The one shape every rule
    and helper passes around for "this entity, here"."""

    entity_id: str
    start: int
    end: int
    via: str = "mention"  # "mention", "demonym", "heading" or the reference phrase that led to it

    @classmethod
    def of(cls, mention: Mention, entity_id: str) -> EntitySpan:
        return cls(entity_id, mention.start, mention.end)

    def seen_as(self, via: str) -> EntitySpan:
        """The same entity and span, reached through `via` (a reference phrase, a heading)."""
        return replace(self, via=via)


@dataclass
class DocContext:
    text: str
    folded: str
    sentences: list[Sentence]
    mentions: list[Mention]
    gazetteer: Gazetteer
    edition_mentions: list[tuple[int, str]] = field(default_factory=list)
    # entities this document shows the gazetteer lacks (hotspots.extract.discover): id -> type
    discovered: dict[str, str] = field(default_factory=dict)
    about_clusters: bool = False
    _starts: list[int] = field(default_factory=list)
    lowered: str = ""  # `lower_for_cues(folded)`: for cheap "could this regex match here?" tests

    def __post_init__(self) -> None:
        self.lowered = lower_for_cues(self.folded)
        self.memo: dict[tuple, object] = {}  # per-sentence values several rules ask for
        self.about_clusters = RANKING_CONTEXT.search(self.folded) is not None
        # short forms the document defines ("Peng Cheng Laboratory (PCL)"): added to the same
        # list, so the extraction's mention rows carry them too
        self.mentions.extend(abbreviations(self.folded, self.mentions))
        self.mentions.sort(key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]
        self._position = {(s.start, s.end): i for i, s in enumerate(self.sentences)}
        self._sentence_starts = [s.start for s in self.sentences]
        self._sentence_ends = [s.end for s in self.sentences]
        self._ranking_paragraphs = {
            s.paragraph for s in self.sentences if RANKING_CONTEXT.search(s.text)
        }
        self._quantities = {}
        self._heading_positions = [i for i, s in enumerate(self.sentences) if s.is_heading]
        for m in EDITION_YEAR.finditer(self.folded):
            year = m.group("a") or m.group("b")
            year_pos = m.start("a") if m.group("a") else m.start("b")
            if BACK_REFERENCE.search(self.folded[max(0, year_pos - 40) : year_pos]) and not (
                SOURCE_OF_RELEASE.search(self.folded[max(0, year_pos - 40) : year_pos])
                or FROM_TO.search(self.folded[max(0, year_pos - 40) : year_pos])
            ):
                continue  # "up from 21 in the 2022 edition" speaks of an earlier edition
            line_start = self.folded.rfind("\n", 0, year_pos) + 1
            if self.folded.rfind("(", line_start, year_pos) > self.folded.rfind(
                ")", line_start, year_pos
            ):
                continue  # "Beijing: 4th (3rd in GII 2022)": an aside, not the edition of what follows
            self.edition_mentions.append((m.start(), year))

    # --- looking things up -------------------------------------------------------------
    def has(self, sentence: Sentence, *cues: str) -> bool:
        """Whether one of the lowercase `cues` occurs in the sentence (case-insensitively, as
        `re.IGNORECASE` would find it). A rule tests the literals its regexes cannot match
        without before running them: most sentences match no rule at all."""
        lowered, start, end = self.lowered, sentence.start, sentence.end
        for cue in cues:  # noqa: SIM110  (a plain loop: this runs for every sentence and rule)
            if lowered.find(cue, start, end) != -1:
                return True
        return False

    def has_between(self, start: int, end: int, *cues: str) -> bool:
        lowered = self.lowered
        for cue in cues:  # noqa: SIM110
            if lowered.find(cue, start, end) != -1:
                return True
        return False

    def type_of(self, entity_id: str) -> str:
        spec = self.gazetteer.entities.get(entity_id)
        return spec.type if spec is not None else self.discovered[entity_id]

    def parent_of(self, entity_id: str) -> str | None:
        """The gazetteer's parent of the entity (None for a discovered one: nothing says it)."""
        spec = self.gazetteer.entities.get(entity_id)
        return spec.parent_id if spec is not None else None

    def ancestors(self, entity_id: str, depth: int = 5) -> list[str]:
        """The gazetteer's parents of the entity, nearest first, at most `depth` of them (none
        for a discovered one)."""
        chain: list[str] = []
        while len(chain) < depth and (entity_id := self.parent_of(entity_id)) is not None:
            chain.append(entity_id)
        return chain

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def mentions_in(self, sentence: Sentence) -> list[Mention]:
        return self.mentions_between(sentence.start, sentence.end)

    def position(self, sentence: Sentence) -> int:
        return self._position[(sentence.start, sentence.end)]

    def before_in_paragraph(self, sentence: Sentence, n: int) -> list[Sentence]:
        """The last `n` sentences of the paragraph before `sentence`, in order."""
        out, j = [], self.position(sentence) - 1
        while j >= 0 and len(out) < n and self.sentences[j].paragraph == sentence.paragraph:
            out.append(self.sentences[j])
            j -= 1
        return out[::-1]

    def quantities_in(self, sentence: Sentence) -> list[Quantity]:
        key = (sentence.start, sentence.end)
        if key not in self._quantities:
            self._quantities[key] = self._quantities_in(sentence)
        return list(self._quantities[key])

    def _quantities_in(self, sentence: Sentence) -> list[Quantity]:
        return [
            Quantity(
                q.value,
                q.kind,
                q.start + sentence.start,
                q.end + sentence.start,
                q.text,
                q.unit,
                q.comparator,
                None if q.comparator_start is None else q.comparator_start + sentence.start,
            )
            for q in find_quantities(
                self.folded[sentence.start : sentence.end],
                self.lowered[sentence.start : sentence.end],
            )
        ]

    def pick(self, mention: Mention, types: tuple[str, ...]) -> str | None:
        """The mention's entity of one of `types`, preferring the order of `types`."""
        ids = mention.entity_ids
        if len(ids) == 1:  # most names fit one entity: the order of `types` does not matter then
            return ids[0] if self.type_of(ids[0]) in types else None
        for wanted in types:
            fitting = [e for e in ids if self.type_of(e) == wanted]
            if len(fitting) > 1:
                # two cities of one name ("Taizhou"): the one whose province the document names
                named = self._named_ids()
                preferred = [e for e in fitting if self.parent_of(e) in named]
                if len(preferred) == 1:
                    return preferred[0]
            if fitting:
                return fitting[0]
        return None

    def _named_ids(self) -> frozenset[str]:
        """The entities the document names without ambiguity (a mention of one entity)."""
        named = self.memo.get(("named_ids",))
        if named is None:
            named = frozenset(m.entity_ids[0] for m in self.mentions if len(m.entity_ids) == 1)
            self.memo[("named_ids",)] = named
        return named  # type: ignore[return-value]

    def default_entity(self, mention: Mention) -> str:
        return self.pick(mention, TYPE_PREFERENCE) or mention.entity_ids[0]

    # --- context -----------------------------------------------------------------------
    def ranking_context(self, sentence: Sentence) -> bool:
        """The sentence, its paragraph, or (for a list item or table row) the lines that introduce
        the list talk about WIPO clusters."""
        if RANKING_CONTEXT.search(sentence.text):
            return True
        if (
            sentence.paragraph in self._ranking_paragraphs
            or sentence.paragraph - 1 in self._ranking_paragraphs
        ):
            return True
        heading = self.heading_of(sentence)
        if heading is not None and RANKING_CONTEXT.search(heading.text):
            return True
        return sentence.is_list_item and any(
            RANKING_CONTEXT.search(s.text) for s in self.list_intro(sentence)
        )

    def heading_of(self, sentence: Sentence) -> Sentence | None:
        """The nearest heading above the sentence (a short line without a final full stop), or the title."""
        i = bisect.bisect_left(self._heading_positions, self.position(sentence)) - 1
        return self.sentences[self._heading_positions[i]] if i >= 0 else None

    def list_intro(self, sentence: Sentence, n: int = 3) -> list[Sentence]:
        """The last `n` non-item sentences before the list or table that `sentence` belongs to."""
        index = self.position(sentence)
        intro: list[Sentence] = []
        for s in reversed(self.sentences[:index]):
            if s.is_list_item or "|" in s.text:
                if intro:
                    break
                continue
            intro.append(s)
            if len(intro) == n:
                break
        return intro

    def edition_year(self, sentence: Sentence) -> str | None:
        """Year of the ranking edition a sentence speaks of: its own, the nearest before, or the document's."""
        own = [y for pos, y in self.edition_mentions if sentence.start <= pos < sentence.end]
        if own:
            return own[0]
        years_in_sentence = [
            y
            for y in find_years(sentence.text)
            if not BACK_REFERENCE.search(sentence.text[max(0, y[1] - 40) : y[1]])
        ]
        if len(years_in_sentence) == 1 and RANKING_CONTEXT.search(sentence.text):
            return str(years_in_sentence[0][0])
        before = [y for pos, y in self.edition_mentions if pos < sentence.start]
        if before:
            return before[-1]
        distinct = {y for _, y in self.edition_mentions}
        return distinct.pop() if len(distinct) == 1 else None

    def sentence_year(self, sentence: Sentence, at: int | None = None) -> str | None:
        """The year a sentence dates its statement with: the only year in it, or, when it has
        several, the one in the clause around position `at`."""
        years = [
            y
            for y in find_years(sentence.text)
            if not BACK_REFERENCE.search(sentence.text[max(0, y[1] - 40) : y[1]])
        ]
        if at is not None and years:
            lo, hi = self._year_clause(sentence, at)
            own = [y for y in years if lo <= sentence.start + y[1] < hi]
            earlier = [y for y in years if sentence.start + y[1] < lo]
            if own:
                years = own
            elif earlier and re.search(
                r"\b(?:was|were|had|counted|\w+ed)\b", self.folded[lo:hi], re.IGNORECASE
            ):
                # "... 60 universities at the end of 2022, and it was home to about 230 ...": a
                # later clause in the past tense continues the enumeration the year dates
                years = earlier[-1:]
            else:
                # "In 2023, the city had ...": an opening adverbial dates the whole sentence
                opening = re.match(
                    r"^\W*(?:In|By|At the end of|As of|Since|During|Through)\s+(?:\w+\s+){0,2}?(?P<y>1[89]\d{2}|20\d{2})\b",
                    sentence.text,
                    re.IGNORECASE,
                )
                years = [(int(opening.group("y")), 0, 0)] if opening else []
        return str(years[0][0]) if len(years) == 1 else None

    def sentence_period(self, sentence: Sentence, at: int | None = None) -> str | None:
        """`sentence_year`, made as precise as the sentence states it: when the year is written
        inside one period shorter than a year ("in the first half of 2018", "in April 2016",
        "Q3 2021") and nowhere else in the sentence, that period (2018-H1, 2016-04, 2021-Q3)."""
        year = self.sentence_year(sentence, at)
        if year is None:
            return None
        periods = [p for p in find_periods(sentence.text) if p[0][:4] == year]
        if len({p[0] for p in periods}) != 1:
            return year
        bare = [y for y in find_years(sentence.text) if str(y[0]) == year]
        inside = [y for y in bare if any(p[1] <= y[1] < p[2] for p in periods)]
        return periods[0][0] if len(inside) == len(bare) else year

    def _year_clause(self, sentence: Sentence, at: int) -> tuple[int, int]:
        """The clause a year dates: split where a new verb phrase starts ("..., and at the end of
        2022 it counted", "... in January 2020 and covers"), not inside a list of figures."""
        return self._between_breaks(YEAR_CLAUSE_BREAK, sentence, at)

    def clause(self, sentence: Sentence, at: int, commas: bool = False) -> tuple[int, int]:
        """Bounds of the clause of `sentence` containing position `at` (split at ';', ', and',
        ', while', ', but'; with `commas`, at every comma and ' and ' too)."""
        return self._between_breaks(LIST_BREAK if commas else CLAUSE_BREAK, sentence, at)

    def _between_breaks(self, breaks: re.Pattern, sentence: Sentence, at: int) -> tuple[int, int]:
        """The span of `sentence` around position `at` between the nearest `breaks` matches."""
        lo, hi = sentence.start, sentence.end
        for m in breaks.finditer(self.folded, sentence.start, sentence.end):
            if m.end() <= at:
                lo = m.end()
            elif m.start() >= at:
                hi = m.start()
                break
        return lo, hi

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
                    if not self._compared(s, m)
                ]
                if depth < 2:
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
        title = self.sentences[0] if self.sentences else None
        if title is not None and title.is_heading:
            found = self._first_of_types(self.mentions_in(title), types)
            if found:
                return found.seen_as(phrase.lower())
        return None

    def _unknown_name_subject(self, sentence: Sentence) -> bool:
        """The sentence's subject is a capitalised name no mention covers ("Yuehai is ...",
        "Today, Yuehai is ..."): what a later "it" means is that unknown thing."""
        m = UNKNOWN_NAME_SUBJECT.match(self.text, sentence.start, sentence.end)
        if m is None or m.group("name").split()[0].lower() in NOT_A_NAME:
            return False
        start, end = m.start("name"), m.end("name")
        return not any(x.start < end for x in self.mentions_between(start, sentence.end))

    def starts_longer_name(self, sentence: Sentence, mention: Mention) -> bool:
        """The mention is the first word of a longer name the gazetteer lacks ("the Chengdu Branch
        of ...", "Suzhou HuaYiRunLiang plans ..."): that body acts, not the place. Headings
        (title case) say nothing."""
        if sentence.is_heading:
            return False
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
        return (
            COMPARED_WITH.search(
                self.folded, max(sentence.start, mention.start - 20), mention.start
            )
            is not None
            # "Beijing-based Xiaomi", "a Beijing-level salary": the name only qualifies another
            # noun, which is what the sentence speaks of
            or ADJECTIVAL.match(self.folded, mention.end) is not None
        )

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

    def _paragraph_of(self, pos: int) -> int:
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        return self.sentences[i].paragraph if i >= 0 else 0

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
        for mention in self.mentions_between(lower, limit):
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
