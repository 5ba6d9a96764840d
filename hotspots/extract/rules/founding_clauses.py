"""Foundings the `established` (measures) and `founding` rules do not read because a clause stands
between the founded thing and its founding:

- a parenthetical phrase after the subject: "X, situated in the west of the city, on the bank of
  the river, was founded in 1988";
- an apposition that names the kind of thing founded: "The Chengdu Hi-Tech Zone (CDHT), a
  130-square-kilometre park set up in 1988, ...";
- a time clause before the subject: "When it was founded in 1991, the zone covered ...".

The value is the date as precisely as stated, also the claim's `as_of`; planned, hedged and
negated foundings are no founding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import REFERENCE_RE, REFERENCES, DocContext, EntitySpan
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import ClaimDraft, _negated, draft
from hotspots.extract.rules.founding import DATE, PLANNED, VERBS, founding_date
from hotspots.extract.rules.measures import ESTABLISHED_TYPES
from hotspots.extract.segment import Sentence

# the founding verb and its date, past an agent or a place ("co-founded in December 1990 by
# ...", "set up by the city government in May 2001")
FOUNDED_AT = (
    r"(?P<verb>" + VERBS + r")"
    r"(?:\s+(?:by|at|near)\s+(?:the\s+)?[^,;.()\d]{1,60}?)?\s+(?:in|on)\s+" + DATE
)
# "X, <a phrase without a verb of its own>, was founded in 1988": the phrase between commas only
# locates or describes X; the founded thing is the sentence's subject before it
PARENTHETICAL = re.compile(
    r"\s*(?:\([^()]{1,40}\)\s*)?,(?P<phrase>[^;:]{3,200}?),\s+"
    r"(?:was|were|had\s+been|has\s+been)\s+(?:(?:first|officially|formally|originally|jointly)\s+)?"
    + FOUNDED_AT,
    re.IGNORECASE,
)
# a clause of its own inside the commas ("which is ...", "who said ..."): not a parenthetical
CLAUSE_WORDS = re.compile(
    r"\b(?:which|who|whose|that|is|are|was|were|has|have|had|said|says)\b", re.IGNORECASE
)
KIND = (
    r"(?:zone|park|district|area|company|firm|group|maker|start-?up|university|institute|"
    r"laborator(?:y|ies)|lab|centre|center|programme|program|base|town|city)"
)
# "X (CDHT), a 130-square-kilometre park set up in 1988, ...": an apposition naming the kind
KIND_APPOSITION = re.compile(
    r"\s*(?:\([^()]{1,40}\)\s*)?(?:,\s*|\(\s*)(?:a|an|the)\s+[^,;()]{0,60}?\b" + KIND + r"\s+"
    r"(?:(?:which|that)\s+(?:was|were)\s+)?(?:(?:first|officially|formally|jointly)\s+)?"
    + FOUNDED_AT
    + r"\s*[,)]",
    re.IGNORECASE,
)
# "When it was founded in 1991, the zone ...": the subject after the time clause
WHEN_FOUNDED = re.compile(
    r"\W*(?:when|after)\s+it\s+was\s+(?:(?:first|officially|formally)\s+)?" + FOUNDED_AT + r"\s*,\s*",
    re.IGNORECASE,
)
CUE = re.compile(r"\b(?:" + VERBS + r")\b", re.IGNORECASE)


def _claim(
    sentence: Sentence, subject: EntitySpan, m: re.Match, rule_name: str
) -> ClaimDraft:
    date = founding_date(m)
    return draft(
        sentence,
        rule_name,
        subject,
        "established",
        value_text=date,
        as_of=date,
        focus=(min(subject.start, m.start("verb")), max(subject.end, m.end())),
    )


def _asserted(ctx: DocContext, sentence: Sentence, m: re.Match) -> bool:
    at = m.start("verb")
    return not (
        _negated(ctx, sentence, at)
        or PLANNED.search(ctx.folded, max(sentence.start, at - 20), at)
    )


@rule(
    emits={
        "founded_past_phrase": "established",
        "founded_apposition": "established",
        "founded_when": "established",
    },
    cues_from=(CUE,),
)
def founding_clause(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'X, situated in ..., was founded in 1988'; 'X (CDHT), a ... park set up in 1988,'; 'When it
    was founded in 1991, the zone ...'."""
    named = ctx.mentions_in(sentence)
    seen: set[str] = set()
    # the sentence's subject, then a parenthetical phrase and the founding
    if named and re.fullmatch(r"\W*(?:the\s+)?", ctx.folded[sentence.start : named[0].start], re.I):
        m = PARENTHETICAL.match(ctx.folded, named[0].end, sentence.end)
        entity_id = ctx.pick(named[0], ESTABLISHED_TYPES)
        if (
            m
            and entity_id
            and not CLAUSE_WORDS.search(m.group("phrase"))
            and not CUE.search(m.group("phrase"))
            and _asserted(ctx, sentence, m)
        ):
            seen.add(entity_id)
            yield _claim(sentence, EntitySpan.of(named[0], entity_id), m, "founded_past_phrase")
    # any name, then an apposition of its kind with its founding
    for mention in named:
        m = KIND_APPOSITION.match(ctx.folded, mention.end, sentence.end)
        if m is None or not _asserted(ctx, sentence, m):
            continue
        if ctx.mentions_between(mention.end, m.start("verb")):
            continue  # "X, a park in Chengdu set up in 1988": another name, whose founding it may be
        entity_id = ctx.pick(mention, ESTABLISHED_TYPES)
        if entity_id and entity_id not in seen:
            seen.add(entity_id)
            yield _claim(sentence, EntitySpan.of(mention, entity_id), m, "founded_apposition")
    m = WHEN_FOUNDED.match(ctx.folded, sentence.start, sentence.end)
    if m and _asserted(ctx, sentence, m):
        subject = None
        after = ctx.mentions_between(m.end(), min(sentence.end, m.end() + 60))
        if after and re.fullmatch(r"(?:the\s+)?", ctx.folded[m.end() : after[0].start], re.I):
            entity_id = ctx.pick(after[0], ESTABLISHED_TYPES)
            subject = EntitySpan.of(after[0], entity_id) if entity_id else None
        else:
            ref = re.match(
                r"(?:the\s+)?(?P<ref>" + REFERENCE_RE.pattern + r")\b",
                ctx.folded[m.end() : m.end() + 30],
                re.I,
            )
            if ref and set(REFERENCES[ref.group("ref").lower()]) & set(ESTABLISHED_TYPES):
                subject = ctx.resolve_reference(sentence, ref.group("ref"), sentence.start)
        if subject and ctx.type_of(subject.entity_id) in ESTABLISHED_TYPES:
            if subject.entity_id not in seen:
                yield _claim(sentence, subject, m, "founded_when")
