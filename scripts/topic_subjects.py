"""The subject a sentence does not name: its paragraph's or its document's topic (issue #18).

An experiment, not wired into the extractor (docs/ACCURACY.md, "The subject a sentence does not
name"): `with_topics()` makes `DocContext.subject` fall back to `topic()` when it finds nothing,
for scripts/topic_measure.py and scripts/topic_misses.py.

"Ningbo has ranked No.2 in Zhejiang ... The investment in R&D has increased from 0.50% to
1.89%": a sentence that names no entity and points back to none, in a paragraph whose lead
sentence is about one place, states a figure of that place. When the paragraph before the
sentence names nothing of the wanted types, the document's first line (its title) is the lead.

Conservative, as a false fact costs two misses; the topic is taken only when it is unambiguous:
- the sentence names no entity (of any type) and has no reference phrase ("it", "the zone");
  an existential "there is/are/were" is no reference;
- the topic is the lead's subject (`DocContext.subject`: a mention, or what a reference phrase
  opening it points back to; not a name only compared with, "Unlike the United States"), and
  it opens the lead or a clause after a comma (not an object: "expected to surpass the US");
- every other entity of the wanted types the lead names only locates the topic (after "in",
  "at", ...) or contains it (a province of a city);
- no sentence between the lead and the sentence names an entity of the wanted types other than
  the topic.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from hotspots.extract.context import DocContext
from hotspots.extract.context_references import REFERENCE_RE
from hotspots.extract.context_subjects import NAMED_PLACES
from hotspots.extract.segment import Sentence

if TYPE_CHECKING:  # pragma: no cover
    from hotspots.extract.context import EntitySpan

# "There were 110 institutions of higher education": an existential "there" points nowhere
EXISTENTIAL = re.compile(r"(?:is|are|was|were|has|have|had|will|remain|remained)\b", re.IGNORECASE)


# the lead's subject opens it, or a clause after an opening adverbial ("According to ..., in the
# past 10 years, Ningbo has ranked ..."): nothing or a comma right before it (perhaps "the")
CLAUSE_START = re.compile(r"(?:\A|,)\W*(?:the\s+)?\Z", re.IGNORECASE)


def points_back(ctx: DocContext, sentence: Sentence) -> bool:
    """Whether the sentence has a reference phrase (other than an existential "there")."""
    for r in REFERENCE_RE.finditer(ctx.folded, sentence.start, sentence.end):
        if r.group(0).lower() == "there" and EXISTENTIAL.match(
            ctx.folded, r.end() + 1, sentence.end
        ):
            continue
        return True
    return False


def _named(ctx: DocContext, sentence: Sentence, types: tuple[str, ...]) -> list[tuple[str, bool]]:
    """The entities of `types` the sentence names: (id, only locating: after "in", "at" ...)."""
    out = []
    for m in ctx.mentions_in(sentence):
        e = ctx.pick(m, types)
        if e is None:
            continue
        if ctx.type_of(e) in NAMED_PLACES and ctx.inside_longer_name(sentence, m):
            continue  # "Ningbo Municipal Government" names a body, not the city
        out.append((e, ctx._placed(sentence, m)))
    return out


def _lead_topic(
    ctx: DocContext, lead: Sentence, between: list[Sentence], types: tuple[str, ...]
) -> EntitySpan | None:
    found = ctx.subject(lead, types)
    if found is None or found.via in {"topic", "heading"}:
        return None  # a lead's own topic or heading: one step only
    if found.via == "mention" and any(
        m.start == found.start and ctx._compared(lead, m) for m in ctx.mentions_in(lead)
    ):
        return None  # "Unlike the United States, ...": a name compared with is not the topic
    if not lead.is_heading and not CLAUSE_START.search(ctx.folded[lead.start : found.start]):
        return None  # "... is expected to surpass the US by 2020": an object is not the topic
    topic = found.entity_id
    holders = set(ctx.ancestors(topic))
    for e, placed in _named(ctx, lead, types):
        if e != topic and not placed and e not in holders:
            return None  # "Nanjing and Hefei are two science cities": which one is unclear
    for s in between:
        if any(e != topic for e, _ in _named(ctx, s, types)):
            return None  # another entity of the types named since the lead
    return found


def topic(ctx: DocContext, sentence: Sentence, types: tuple[str, ...]) -> EntitySpan | None:
    """The entity of `types` the sentence is about though it names nothing: the subject of its
    paragraph's lead sentence, or (when the paragraph before it names nothing of the types) of
    the document's first line; None unless unambiguous (see the module's docstring)."""
    if sentence.is_heading or ctx.mentions_in(sentence) or points_back(ctx, sentence):
        return None
    pos = ctx.position(sentence)
    if pos <= 0:
        return None
    before = ctx.sentences[:pos]
    paragraph = [s for s in before if s.paragraph == sentence.paragraph]
    if any(_named(ctx, s, types) for s in paragraph):
        found = _lead_topic(ctx, paragraph[0], paragraph[1:], types)
    else:
        found = _lead_topic(ctx, before[0], before[1:], types)
    return found.seen_as("topic") if found is not None else None


ORIGINAL_SUBJECT = DocContext.subject
# sentences (hash of the document's text, start) where a rule asked for a subject and found none
ASKED: set[tuple[int, int]] = set()


def with_topics(enabled: bool = True) -> None:
    """Make `DocContext.subject` fall back to `topic()` (`enabled`) or only record where rules
    asked for a subject of a sentence and got none (`ASKED`); `with_topics(False)` also records."""

    def subject(self, sentence, types, before=None, after=None):
        found = ORIGINAL_SUBJECT(self, sentence, types, before, after)
        if found is None:
            ASKED.add((hash(self.text), sentence.start))
            if enabled:
                found = topic(self, sentence, types)
        return found

    DocContext.subject = subject


def restore() -> None:
    """`DocContext.subject` as the extractor has it (no topics, nothing recorded)."""
    DocContext.subject = ORIGINAL_SUBJECT
