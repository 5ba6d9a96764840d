"""What the claim rules see of a document: sentences, mentions, quantities and context years.

DocContext holds the document and its look-ups (mentions in a span, an entity's type and
parents, a sentence's quantities); what it reads from context lives beside it, one concern a
module: context_dates (ranking context, headings, years, clauses), context_references (what
"the city", "it", "the two cities" point back to) and context_subjects (what a sentence is
about)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from hotspots.extract.context_dates import RANKING_CONTEXT, DatesInContext, find_edition_mentions
from hotspots.extract.context_references import ReferenceResolution
from hotspots.extract.context_subjects import SubjectFinding
from hotspots.extract.cues import lower_for_cues
from hotspots.extract.mentions import Mention, abbreviations
from hotspots.extract.numbers import Quantity, find_quantities
from hotspots.extract.scan import scan
from hotspots.extract.segment import Sentence

# EntitySpan is the one shape every rule passes around with DocContext, and nearly every rule
# module imports both from here: one re-export rather than thirty import lines naming spans.py
from hotspots.extract.spans import EntitySpan
from hotspots.extract.types import TYPE_PREFERENCE
from hotspots.reference import Gazetteer

__all__ = ["DocContext", "EntitySpan"]


@dataclass
class DocContext(DatesInContext, ReferenceResolution, SubjectFinding):
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
        # (hotspots.extract.scan: tried only where a word the pattern opens with is)
        self.about_clusters = scan(RANKING_CONTEXT).search(self.folded, self.lowered) is not None
        # short forms the document defines ("Peng Cheng Laboratory (PCL)"): put in the same
        # list, so the extraction's mention rows carry them too
        self.mentions[:] = abbreviations(self.folded, self.mentions)
        self.mentions.sort(key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]
        self._position = {(s.start, s.end): i for i, s in enumerate(self.sentences)}
        self._sentence_ends = [s.end for s in self.sentences]
        self._ranking_paragraphs = {
            s.paragraph
            for s in self.sentences
            if scan(RANKING_CONTEXT).search(s.text, lower_for_cues(s.text))
        }
        self._quantities = {}
        self._heading_positions = [i for i, s in enumerate(self.sentences) if s.is_heading]
        self.edition_mentions.extend(find_edition_mentions(self.folded, self.lowered))

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
