"""When something was established: 'X was established in 1988', 'X (XHTZ), established in 1991',
'Launched in May 2020, the X ...', 'Since its debut in 2007, the X ...'. Other shapes of a founding
are in `founding` and `founding_clauses`."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract import lexicon
from hotspots.extract.context import REFERENCE_RE, DocContext, EntitySpan
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import ClaimDraft, _negated, draft, located_head
from hotspots.extract.segment import Sentence
from schemas import predicates

MONTHS = lexicon.words("calendar", "months")
FOUNDING_DATE = (
    r"(?P<date>"
    r"(?P<d1>\d{1,2})\s+(?P<m1>" + lexicon.alternation(MONTHS) + r")\s+(?P<y1>1[89]\d{2}|20\d{2})"
    r"|(?P<m2>"
    + lexicon.alternation(MONTHS)
    + r")\s+(?:(?P<d2>\d{1,2}),?\s+)?(?P<y2>1[89]\d{2}|20\d{2})"
    r"|(?P<y3>1[89]\d{2}|20\d{2}))\b"
)
FOUNDED = re.compile(
    r"\b(?P<verb>" + lexicon.phrase_pattern(lexicon.words("measures", "founding_verbs")) + r")"
    # "established by the State Council in March 1992": the founder between verb and date
    r"(?:\s+by\s+(?:the\s+)?(?:(?-i:[A-Z])|(?:(?:central|state|municipal|local|provincial|city)\s+)?"
    r"government\b)[^,;.]{0,50}?(?=\s+(?:in|on)\s))?"
    r"\s+(?:(?:in|on)\s+)?" + FOUNDING_DATE,
    re.IGNORECASE,
)
APPROVED_TO_BE = re.compile(r"\b(?:was|were|had\s+been)\s+approved\s+to\s+be\s+$", re.IGNORECASE)
# "Since its debut in 2007, the GII has ...": the founding as a noun, owned by what follows
SINCE_ITS_FOUNDING = re.compile(
    r"\b(?:since|after)\s+its\s+(?P<verb>debut|launch|founding|establishment|inception|creation)"
    r"\s+(?:in|on)\s+" + FOUNDING_DATE,
    re.IGNORECASE,
)
# "Approved by the State Council and established in February 1994, X is ...": participles
# before the founding one, all about the subject after the comma
# "Officially launched on 1 April 2017, the X ...": an adverb before the opening participle
OPENING_ADVERB = re.compile(r"(?:first|officially|formally|originally|jointly)", re.IGNORECASE)
PARTICIPLE_OPENING = re.compile(r"^[A-Z][a-z]+ed\b[^,;]{0,80}\s+and$")
# "The district, bordering the city of Dongguan, was created in 2007": a reference opens the
# sentence, an inserted phrase follows it, then the verb
REFERENCE_OPENING = re.compile(
    r"^(?P<ref>" + REFERENCE_RE.pattern + r")\b(?P<rest>(?:\s*,[^,;]{1,120},)?[^,;]{0,40})$",
    re.IGNORECASE,
)
# between the founded thing and its verb: "X was established", "X (XHTZ), established"
FOUNDED_GAP = re.compile(
    r"^\s*(?:\([^()]{1,40}\)\s*)?(?:,\s*)?(?:(?:which|that)\s+)?"
    r"(?:(?:was|were|is|has\s+been|had\s+been)\s+)?(?:(?:first|officially|formally|originally|jointly)\s+)?"
    # "X was approved to be established in 2000", "X was approved and established in 1988"
    r"(?:approved\s+(?:to\s+be\s+|and\s+))?$",
    re.IGNORECASE,
)
ESTABLISHED_TYPES = predicates()["established"].subject_types
# a plan, not a founding ("will be established", "plans to launch"): the lexicon's one list
PLANNED_BEFORE = re.compile(
    r"\b"
    + lexicon.phrase_pattern(lexicon.words("modality", "planned_phrases"))
    + r"\s+(?:be\s+)?$",
    re.IGNORECASE,
)


def _date(m: re.Match) -> str:
    year = m.group("y1") or m.group("y2") or m.group("y3")
    month = m.group("m1") or m.group("m2")
    day = m.group("d1") or m.group("d2")
    if not month:
        return year
    out = f"{year}-{MONTHS.index(month.lower()) + 1:02d}"
    return f"{out}-{int(day):02d}" if day else out


@rule(emits={"established": "established"}, cues_from=(FOUNDED, SINCE_ITS_FOUNDING))
def established(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'X was established in 1988'; 'X (XHTZ), established in 1991'; 'Launched in May 2020, the
    X ...'; 'Since its debut in 2007, the X ...'; 'The area was established in 2010' (the
    reference's antecedent)."""
    matches = [
        *FOUNDED.finditer(ctx.folded, sentence.start, sentence.end),
        *SINCE_ITS_FOUNDING.finditer(ctx.folded, sentence.start, sentence.end),
    ]
    for m in matches:
        if _negated(ctx, sentence, m.start()) or (
            PLANNED_BEFORE.search(ctx.folded, max(sentence.start, m.start() - 20), m.start())
            # "was approved to be established in 2000": the approval founded it, no plan
            and not APPROVED_TO_BE.search(
                ctx.folded, max(sentence.start, m.start() - 30), m.start()
            )
        ):
            continue
        subject = None
        opening = ctx.folded[sentence.start : m.start()].strip(" \t\"'“")
        if not opening or OPENING_ADVERB.fullmatch(opening) or PARTICIPLE_OPENING.match(opening):
            # "Established in 1988 in northwestern Beijing, Zhongguancun is ...": the subject
            # follows the participle phrase after its comma
            comma = ctx.folded.find(",", m.end(), sentence.end)
            if comma != -1 and comma - m.end() < 60:
                after = ctx.mentions_between(comma, min(sentence.end, comma + 50))
                if after and re.fullmatch(
                    r",\s*(?:the\s+)?", ctx.folded[comma : after[0].start], re.IGNORECASE
                ):
                    entity_id = ctx.pick(after[0], ESTABLISHED_TYPES)
                    if re.match(r"['’]s\b", ctx.folded[after[0].end : after[0].end + 2]):
                        entity_id = None  # "..., Suzhou's new bio-town ...": the town, not Suzhou
                    subject = EntitySpan.of(after[0], entity_id) if entity_id else None
        else:
            mentions = ctx.mentions_between(sentence.start, m.start())
            ref = REFERENCE_OPENING.match(opening)
            if (
                ref
                and ref["ref"].lower() != "its"
                and FOUNDED_GAP.match(re.sub(r"^\s*,[^,;]*,", "", ref["rest"]) + " ")
            ):
                resolved = ctx.resolve_reference(sentence, ref["ref"], sentence.start)
                if resolved and ctx.type_of(resolved.entity_id) in ESTABLISHED_TYPES:
                    subject = resolved
            elif mentions and FOUNDED_GAP.match(ctx.folded[mentions[-1].end : m.start()]):
                # past a place that only locates the founded thing ("X in Shanghai was launched")
                k = located_head(ctx, mentions, m.start())
                entity_id = ctx.pick(mentions[k], ESTABLISHED_TYPES) if k is not None else None
                subject = EntitySpan.of(mentions[k], entity_id) if entity_id else None
        if subject is None:
            continue
        date = _date(m)
        yield draft(
            sentence,
            "established",
            subject,
            "established",
            value_text=date,
            as_of=date,
            focus=(min(subject.start, m.start()), max(subject.end, m.end())),
        )
