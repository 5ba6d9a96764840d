"""Foundings the `established` (measures) and `founding` rules do not read because a clause stands
between the founded thing and its founding:

- the subject's short name in brackets: "Xiamen Torch High-tech Industrial Development Zone (Xiamen
  Torch High-tech Zone) was co-founded in December 1990";
- a parenthetical phrase after the subject: "X, situated in the west of the city, on the bank of
  the river, was founded in 1988";
- an apposition that names the kind of thing founded: "The Chengdu Hi-Tech Zone (CDHT), a
  130-square-kilometre park set up in 1988, ...";
- a time clause before the subject: "When it was founded in 1991, the zone covered ...";
- a timeline entry whose year opens the line: "1992: Suzhou set up its Suzhou Hi-tech Park",
  "2001: X, the sixth State-level hi-tech zone in Guangdong, was launched".

The value is the date as precisely as stated, also the claim's `as_of`; planned, hedged and
negated foundings are no founding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.context_references import REFERENCE_RE, REFERENCES
from hotspots.extract.engine import rule
from hotspots.extract.mentions import Mention
from hotspots.extract.rules.common import ClaimDraft, _negated
from hotspots.extract.rules.founding import PASSIVE, PLANNED, VERBS
from hotspots.extract.rules.founding_calendar import DATE, established_draft, founding_date
from hotspots.extract.rules.founding_dates import _opens_bracketed_name
from hotspots.extract.rules.founding_words import ESTABLISHED_TYPES, FOUNDING_NOUNS, MONTH_WORDS
from hotspots.extract.segment import Sentence

# the founding verb and its date, past an agent or a place ("co-founded in December 1990 by
# ...", "set up by the city government in May 2001", "established in Guian in 2015").
# founding_words.FOUNDING_PLACE reads the same gap for the `established` rule, narrower: "in" and
# one to four capitalised words (no month) only, with an agent read apart; here one gap takes
# "by", "at", "near" or "in" and any 1-60 characters but digits and , ; . ( ), and the date may
# shorten its month ("Dec. 1990", DATE). Kept apart: one definition changes what one of them
# accepts (the founded_* rule cases with an agent or a lowercase place pin this wider gap).
FOUNDED_AT = (
    r"(?P<verb>" + VERBS + r")"
    # ("established in Beijing 1958": no "in" before a year right after the place)
    r"(?:\s+(?:by|at|near|in)\s+(?:the\s+)?(?!(?:" + MONTH_WORDS + r")\b)[^,;.()\d]{1,60}?"
    r"(?=\s+(?:in\s+|on\s+)?(?:1[89]|20)\d\d\b|\s+(?:in|on)\s))?"
    r"\s+(?:(?:in|on)\s+)?" + DATE
)
# "X, <a phrase without a verb of its own>, was founded in 1988": the phrase between commas only
# locates or describes X; the founded thing is the sentence's subject before it
PARENTHETICAL = re.compile(
    r"\s*(?:\([^()]{1,40}\)\s*)?,(?P<phrase>[^;:]{3,200}?),\s+"
    r"(?:was|were|had\s+been|has\s+been)\s+(?:(?:first|officially|formally|originally|jointly)\s+)?"
    + FOUNDED_AT,
    re.IGNORECASE,
)
# "X (Xiamen Torch High-tech Zone) was co-founded in December 1990": the name, its short name in
# brackets (a mention of the same entity), then the founding
BRACKETED_ALIAS = re.compile(
    r"\s*\((?P<alias>[^()]{1,60})\)\s+(?:was|were)\s+(?:(?:first|officially|formally|originally|jointly)\s+)?"
    + FOUNDED_AT,
    re.IGNORECASE,
)
# a clause of its own inside the commas ("which is ...", "who said ..."): not a parenthetical
CLAUSE_WORDS = re.compile(
    r"\b(?:which|who|whose|that|is|are|was|were|has|have|had|said|says)\b", re.IGNORECASE
)
KIND = (
    r"(?:zone|park|district|area|company|firm|group|maker|start-?up|university|institute|"
    r"laborator(?:y|ies)|lab|centre|center|programme|program|base|town|city|body|corporation|"
    r"enterprise|organi[sz]ation)"
)
# "X (CDHT), a 130-square-kilometre park set up in 1988, ...": an apposition naming the kind;
# "..., by X, a statutory body established in 2001.": the apposition may close the sentence
KIND_APPOSITION = re.compile(
    r"\s*(?:\([^()]{1,40}\)\s*)?(?:,\s*|\(\s*)(?:a|an|the)\s+[^,;()]{0,60}?\b" + KIND + r"\s+"
    r"(?:(?:which|that)\s+(?:was|were)\s+)?(?:(?:first|officially|formally|jointly)\s+)?"
    + FOUNDED_AT
    + r"\s*(?:[,)]|[.;]?\s*$)",
    re.IGNORECASE,
)
# "When it was founded in 1991, the zone ...": the subject after the time clause
WHEN_FOUNDED = re.compile(
    r"\W*(?:when|after)\s+it\s+was\s+(?:(?:first|officially|formally)\s+)?"
    + FOUNDED_AT
    + r"\s*,\s*",
    re.IGNORECASE,
)
# "Since its establishment in Jiangbei in 2018, the institute has ...": the founding noun in an
# opening clause whose 'its' points ahead to the subject after the comma
SINCE_FOUNDING = re.compile(
    r"\W*(?:since|after|following)\s+its\s+(?:official\s+|formal\s+)?"
    r"(?P<verb>" + FOUNDING_NOUNS + r")"
    r"(?:\s+(?:in|at)\s+(?:the\s+)?[^,;.()\d]{1,60}?)?\s+(?:in|on)\s+" + DATE + r"\s*,\s*",
    re.IGNORECASE,
)
CUE = re.compile(r"\b(?:" + VERBS + r")\b", re.IGNORECASE)
SINCE_CUE = re.compile(
    r"\bits\s+(?:official\s+|formal\s+)?" + FOUNDING_NOUNS + r"\b",
    re.IGNORECASE,
)
# a timeline entry: the year opens the line, a colon after it ("1996: Shenzhen set up ...")
TIMELINE_YEAR = re.compile(r"[ \t]*(?P<year>1[89]\d{2}|20\d{2})[ \t]*:[ \t]+")
# within the entry, what was founded: the subject before a passive verb (past an apposition of
# commas), or the name right after an active "set up its/the"
APPOSED = re.compile(r"\s*(?:,[^,;:]{3,120},\s*)?$")
ACTIVE_OBJECT = re.compile(
    r"\b(?:set\s+up|established|founded|launched)\s+(?:its|their|the)\s+$", re.IGNORECASE
)
# a date of its own right after the verb: that date is the rules' that read it, not the entry's
OWN_DATE = re.compile(r"\s+(?:in|on)\s+" + DATE, re.IGNORECASE)


def _claim(sentence: Sentence, subject: EntitySpan, m: re.Match, rule_name: str) -> ClaimDraft:
    at = (m.start("verb"), m.end())
    return established_draft(sentence, rule_name, subject, founding_date(m), at)


def _asserted(ctx: DocContext, sentence: Sentence, m: re.Match) -> bool:
    at = m.start("verb")
    return not (
        _negated(ctx, sentence, at) or PLANNED.search(ctx.folded, max(sentence.start, at - 20), at)
    )


@rule(
    emits={
        "founded_past_phrase": "established",
        "founded_apposition": "established",
        "founded_bracketed_alias": "established",
        "founded_when": "established",
    },
    cues_from=(CUE, SINCE_CUE),
)
def founding_clause(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'X, situated in ..., was founded in 1988'; 'X (CDHT), a ... park set up in 1988,'; 'When it
    was founded in 1991, the zone ...'; 'Since its establishment in 2018, the institute ...'."""
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
    # a name and its short name in brackets (which the `established` rule takes for another name)
    for mention in named:
        m = BRACKETED_ALIAS.match(ctx.folded, mention.end, sentence.end)
        entity_id = ctx.pick(mention, ESTABLISHED_TYPES) if m else None
        if m is None or entity_id is None or entity_id in seen or not _asserted(ctx, sentence, m):
            continue
        inside = ctx.mentions_between(m.start("alias"), m.end("alias"))
        if inside and all(entity_id in x.entity_ids for x in inside):
            seen.add(entity_id)
            yield _claim(sentence, EntitySpan.of(mention, entity_id), m, "founded_bracketed_alias")
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
    m = WHEN_FOUNDED.match(ctx.folded, sentence.start, sentence.end) or SINCE_FOUNDING.match(
        ctx.folded, sentence.start, sentence.end
    )
    if m and _asserted(ctx, sentence, m):
        subject = None
        after = ctx.mentions_between(m.end(), sentence.end)  # a long name may pass 60 chars
        if after and re.fullmatch(r"(?:the\s+)?", ctx.folded[m.end() : after[0].start], re.I):
            entity_id = ctx.pick(after[0], ESTABLISHED_TYPES)
            if entity_id and _opens_bracketed_name(ctx, after[0], sentence):
                entity_id = None  # "the X (Suzhou) Research Institute": a part named after X
            subject = EntitySpan.of(after[0], entity_id) if entity_id else None
        else:
            ref = re.match(
                r"(?:the\s+)?(?P<ref>" + REFERENCE_RE.pattern + r")\b",
                ctx.folded[m.end() : m.end() + 30],
                re.I,
            )
            if ref and set(REFERENCES[ref.group("ref").lower()]) & set(ESTABLISHED_TYPES):
                subject = ctx.resolve_reference(sentence, ref.group("ref"), sentence.start)
        if (
            subject
            and ctx.type_of(subject.entity_id) in ESTABLISHED_TYPES
            and subject.entity_id not in seen
        ):
            yield _claim(sentence, subject, m, "founded_when")


def _subject_of_entry(ctx: DocContext, first: Mention, verb: int) -> EntitySpan | None:
    """The entry's first name when only an apposition (", China's first ... zone,") stands
    between it and the passive founding verb at `verb`."""
    gap = ctx.folded[first.end : verb]
    if not APPOSED.match(gap) or (ctx.mentions_between(first.end, verb) and "," not in gap):
        return None
    entity_id = ctx.pick(first, ESTABLISHED_TYPES)
    return EntitySpan.of(first, entity_id) if entity_id else None


@rule(emits={"founded_timeline": "established"}, cues_from=(CUE,))
def founded_timeline(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'1988: Zhongguancun Science Park, China's first ... zone, was officially set up'; '1992:
    Following suit, Suzhou set up its Suzhou Hi-tech Park and Kunming also set up the X'."""
    year = TIMELINE_YEAR.match(ctx.folded, sentence.start, sentence.end)
    if year is None:
        return  # the entry's first sentence only: later ones may speak of another time
    line = ctx.folded.rfind("\n", 0, sentence.start)
    if ctx.folded[line + 1 : sentence.start].strip():
        return  # the year opens the line, not a sentence inside a paragraph
    date = year.group("year")
    named = ctx.mentions_between(year.end(), sentence.end)
    seen: set[str] = set()

    def claim(subject: EntitySpan, at: tuple[int, int]) -> ClaimDraft | None:
        if subject.entity_id in seen:
            return None
        seen.add(subject.entity_id)
        return established_draft(sentence, "founded_timeline", subject, date, at)

    for v in PASSIVE.finditer(ctx.folded, year.end(), sentence.end):
        if OWN_DATE.match(ctx.folded, v.end()) or not _asserted(ctx, sentence, v):
            continue
        before = [m for m in named if m.end <= v.start()]
        subject = _subject_of_entry(ctx, before[0], v.start()) if before else None
        if subject and (d := claim(subject, (v.start(), v.end()))):
            yield d
    for m in named:
        active = ACTIVE_OBJECT.search(ctx.folded, max(year.end(), m.start - 30), m.start)
        if active is None or OWN_DATE.match(ctx.folded, m.end):
            continue
        if _negated(ctx, sentence, active.start()) or PLANNED.search(
            ctx.folded, max(sentence.start, active.start() - 20), active.start()
        ):
            continue
        entity_id = ctx.pick(m, ESTABLISHED_TYPES)
        if entity_id and (d := claim(EntitySpan.of(m, entity_id), (active.start(), m.end))):
            yield d
