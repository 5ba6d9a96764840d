"""When something was established, in the shapes the `established` rule of `measures` (a
founding verb right before its date) does not read: the date first ("In October 1993, the X
was established"), words between the verb and its date ("was established on the south bank of
the river in Dec. 1996", "was founded in the city in 1987"), the founding as a noun ("resulting
in the establishment of X") and the active voice ("In 1998 he established Tencent"). An
infobox's "Established: September 18, 1992" is read by `fact_sheets`.

The value is the date as precisely as it is stated (a year, a month, a day), and it is also the
claim's `as_of`. Planned, hedged and negated foundings are no founding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract import lexicon
from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import NEGATION, ClaimDraft, _negated, cued
from hotspots.extract.rules.common_places import LEGAL_FORM
from hotspots.extract.rules.founding_calendar import (
    DATE,
    DATE_RE,
    _only_date,
    established_draft,
    founding_date,
)
from hotspots.extract.rules.founding_subjects import _subject_before
from hotspots.extract.rules.founding_words import ESTABLISHED_TYPES, FOUNDED
from hotspots.extract.rules.location_patterns import KIND_NOUNS
from hotspots.extract.segment import Sentence

# "X is a new high-tech industrial development zone (established ...)", "X is a Chinese company (founded ...)"
IS_A_KIND = re.compile(
    # ("is a public, coeducational university founded in": adjectives with commas)
    r"\s+(?:is|was)\s+(?:now\s+)?(?:a|an|the)\s+(?:[^,;()]|,(?=\s[a-z])){0,80}?\b"
    r"(?:" + KIND_NOUNS + r")\s+"
    r"(?:(?:which|that)\s+(?:was|were)\s+)?(?:(?:first|officially|formally|jointly)\s+)?",
    re.IGNORECASE,
)
# a company's legal form after its name ("Co., Ltd.", "Co., Limited", "Inc."), then perhaps a
# bracketed short form ("(CATL)")
LEGAL_FORM_AND_GLOSS = re.compile(
    r"(?:,?\s+(?:" + LEGAL_FORM + r"|Corporation))?"
    # ("iFlytek (), styled as iFLYTEK, is ...": an emptied gloss, then how the name is styled)
    r"(?:\s*\([^()]{0,20}\))?"
    r"(?:,\s+(?:also\s+)?(?:styled|stylized|stylised|written)\s+as\s+[^,;()]{1,30},)?"
)
DATE_OPENING = re.compile(r"^\W*(?:in|on)\s+" + DATE + r",?\s+", re.IGNORECASE)
# "approved the establishment of Westlake University in February 2018": the approval's date
# right after the name, when the sentence does not open with one
DATE_AFTER_NAME = re.compile(r"\s+(?:in|on)\s+" + DATE + r"\s*(?:[.;]|$)", re.IGNORECASE)
VERBS = lexicon.phrase_pattern(lexicon.words("measures", "founding_verbs"))
# "was established", "were formally set up": the passive founding verb
PASSIVE = re.compile(
    r"\b(?:was|were|had\s+been|has\s+been)\s+(?:(?:first|officially|formally|originally|jointly)\s+)?"
    r"(?P<verb>" + VERBS + r")\b",
    re.IGNORECASE,
)
# after the verb, a place or an agent before the date: "on the south bank of the Qiantang River in
# Dec. 1996", "in the city in 1987", "by the provincial government in May 2001"
AFTER_VERB = re.compile(
    r"\s+(?:(?:in|on|at|by|near)\s+(?:the\s+)?[^,;.()\d]{1,60}?\s+)?(?:in|on)\s+" + DATE,
    re.IGNORECASE,
)
# the date opens the clause of the founded thing: "In October 1993, the Dagang zone was ..."
DATE_BEFORE = re.compile(
    r"(?:^\W*|[,;]\s*|\band\s+)(?:in|on)\s+" + DATE + r",?\s+(?:the\s+)?$", re.IGNORECASE
)
# "resulting in the establishment of the X", "which led to the founding of X"
# "On January 6, 2014, the State Council approved the establishment of the national-level X":
# the approval of the establishment itself, dated by the sentence's opening (not an approval of
# a plan, and not a date elsewhere in the sentence)
FOUNDING_NOUN = re.compile(
    r"\b(?:resulting\s+in|resulted\s+in|led\s+to|leading\s+to|marked|marking|(?P<approved>approved))\s+(?:the\s+)?"
    r"(?:official\s+|formal\s+)?(?:establishment|founding|creation)\s+of\s+(?:the\s+)?"
    r"(?:(?:national|state)(?:-level)?\s+)?",
    re.IGNORECASE,
)
# "he established Tencent", "Lei Jun founded Xiaomi": a founder's verb with the founded thing
# right after it
ACTIVE = re.compile(r"\b(?:established|founded|co-founded|set\s+up)\s+(?:the\s+)?$", re.IGNORECASE)
ACTIVE_CUE = re.compile(r"\b(?:established|founded|co-founded|set\s+up)\s+", re.IGNORECASE)
# a plan, not a founding: "will be established", "is to be set up", "plans to launch"
PLANNED = re.compile(
    r"\b"
    + lexicon.phrase_pattern(lexicon.words("modality", "planned_phrases"))
    + r"\s+(?:be\s+)?$",
    re.IGNORECASE,
)


@rule(
    emits={
        "founded_dated": "established",
        "founded_kind": "established",
        "founding_noun": "established",
        "founder_established": "established",
    },
    cues_from=(PASSIVE, FOUNDING_NOUN, ACTIVE_CUE),
)
def founding(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'In October 1993, X was established'; 'X was established on the south bank ... in Dec.
    1996'; 'resulting in the establishment of X'; 'Established: September 18, 1992' under the
    title X; 'In 1998 he established Tencent'."""
    seen: set[str] = set()

    def claim(rule_name: str, subject: EntitySpan, date: str, at: tuple[int, int]):
        if subject.entity_id in seen:
            return None
        seen.add(subject.entity_id)
        return established_draft(sentence, rule_name, subject, date, at)

    for v in PASSIVE.finditer(ctx.folded, sentence.start, sentence.end):
        if _negated(ctx, sentence, v.start()) or PLANNED.search(
            ctx.folded, max(sentence.start, v.start() - 20), v.start()
        ):
            continue
        subject = _subject_before(ctx, sentence, v.start())
        if subject is None:
            continue
        date = None
        after = AFTER_VERB.match(ctx.folded, v.end(), sentence.end)
        direct = FOUNDED.match(ctx.folded, v.start("verb"), sentence.end)
        if after and not (direct and direct.end() == after.end()):
            date = after  # (a date right after the verb is the `established` rule's)
        elif subject.via == "mention":
            date = DATE_BEFORE.search(ctx.folded[sentence.start : subject.start])
        if date is not None:
            d = claim("founded_dated", subject, founding_date(date), (v.start(), date.end()))
            if d:
                yield d
    # "Songshan Lake is a high-tech zone established in November 2001": the founded noun is the
    # sentence's subject, described by the predicate noun the participle follows
    for f in FOUNDED.finditer(ctx.folded, sentence.start, sentence.end):
        named = ctx.mentions_between(sentence.start, f.start())
        # "X Co., Limited (XL) is a ... company founded in 2011": the legal form and the short
        # form defined after the name belong to it
        suffix = LEGAL_FORM_AND_GLOSS.match(ctx.folded, named[0].end) if named else None
        name_end = suffix.end() if suffix else (named[0].end if named else 0)
        if named and suffix and suffix.end() > named[0].end:
            glossed = [x for x in named[1:] if x.end <= name_end]
            if all(set(x.entity_ids) & set(named[0].entity_ids) for x in glossed):
                named = [named[0], *named[1 + len(glossed) :]]
            else:
                name_end = named[0].end
        if (
            not named
            or not re.fullmatch(
                r"\W*(?:the\s+)?", ctx.folded[sentence.start : named[0].start], re.IGNORECASE
            )
            or not IS_A_KIND.fullmatch(ctx.folded, name_end, f.start())
            or _negated(ctx, sentence, f.start())
        ):
            continue
        entity_id = ctx.pick(named[0], ESTABLISHED_TYPES)
        if entity_id and len(named) == 1:  # no other name between: "a firm with a lab in X"
            d = claim(
                "founded_kind",
                EntitySpan.of(named[0], entity_id),
                founding_date(f),
                (f.start(), f.end()),
            )
            if d:
                yield d
    for n in (
        FOUNDING_NOUN.finditer(ctx.folded, sentence.start, sentence.end)
        if cued(ctx, sentence, FOUNDING_NOUN)
        else ()
    ):
        named = ctx.mentions_between(n.end(), sentence.end)
        if n.group("approved"):
            date = DATE_OPENING.match(ctx.folded[sentence.start : n.start()])
            if date is None and named and named[0].start == n.end():
                date = DATE_AFTER_NAME.match(ctx.folded[named[0].end : sentence.end])
        else:
            date = _only_date(ctx, sentence)
        if not named or named[0].start != n.end() or date is None:
            continue
        if NEGATION.search(ctx.folded, max(sentence.start, n.start() - 25), n.start()):
            continue
        entity_id = ctx.pick(named[0], ESTABLISHED_TYPES)
        if entity_id:
            d = claim(
                "founding_noun",
                EntitySpan.of(named[0], entity_id),
                founding_date(date),
                (n.start(), named[0].end),
            )
            if d:
                yield d
    for a in (
        ACTIVE_CUE.finditer(ctx.folded, sentence.start, sentence.end)
        if cued(ctx, sentence, ACTIVE_CUE)
        else ()
    ):
        named = [x for x in ctx.mentions_between(a.end(), sentence.end)]
        if not named or not ACTIVE.fullmatch(ctx.folded, a.start(), named[0].start):
            continue
        tail = ctx.folded[named[0].end : named[0].end + 4]
        if re.match(r"['’]s|\s+as\b", tail) or re.match(r"\s+as\b", tail):
            continue  # "set up Shenzhen's first ...", "established Shenzhen as a zone"
        if (
            _negated(ctx, sentence, a.start())
            or PLANNED.search(ctx.folded, max(sentence.start, a.start() - 20), a.start())
            or re.search(
                r"\b(?:was|were|been|be|is|are)\s+$",
                ctx.folded[max(sentence.start, a.start() - 8) : a.start()],
            )
        ):
            continue
        entity_id = ctx.pick(named[0], ESTABLISHED_TYPES)
        if entity_id is None:
            continue
        lo, hi = ctx.clause(sentence, a.start())
        date = AFTER_VERB.match(ctx.folded, named[0].end, hi) or DATE_BEFORE.search(
            ctx.folded[lo : a.start()]
        )
        if date is None:
            date = DATE_OPENING.match(ctx.folded[lo:hi])
        if date is None:
            continue
        d = claim(
            "founder_established",
            EntitySpan.of(named[0], entity_id),
            founding_date(date),
            (a.start(), named[0].end),
        )
        if d:
            yield d


# A table with a founding column: its header line names the column ("University | Founded |
# Location", "University Year Founded Authorities Location"), each row below it starts with the
# row's name and has its date in that column. Rows with "|" between cells: the column's cell;
# rows written with spaces only: the date right after the name (and its abbreviation), when the
# founding column is the second one.
FOUNDED_COLUMN = re.compile(
    r"\b(?:year\s+(?:founded|established)|founded|established|year\s+of\s+(?:founding|establishment))\b",
    re.IGNORECASE,
)
HEADER_LINE = re.compile(r"^[A-Z][\w()/&.,'’ |-]{2,120}$")
SPACED_HEADER = re.compile(r"^(?:[A-Z][\w-]*\s+){1,3}" + FOUNDED_COLUMN.pattern[2:], re.IGNORECASE)
YEAR_CELL = re.compile(r"\s*(?:\([^()]{1,15}\)\s*)?" + DATE + r"(?:\s|$)", re.IGNORECASE)


def _row_blocks(ctx: DocContext, header: Sentence) -> Iterable[tuple[Sentence, int]]:
    """The lines right after `header` in its paragraph: (first sentence, end of the line)."""
    rows: dict[int, list[Sentence]] = {}
    for s in ctx.sentences:
        if s.paragraph == header.paragraph and s.block > header.block:
            rows.setdefault(s.block, []).append(s)
    for block in sorted(rows):
        yield rows[block][0], rows[block][-1].end


@rule(emits={"founded_column": "established"}, cues_from=(FOUNDED_COLUMN,))
def founded_column(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'University Year Founded Location' then 'Fudan University 1905 ... Shanghai'."""
    head = ctx.text[sentence.start : sentence.end].strip()
    if not HEADER_LINE.match(head) or ". " in head:
        return  # only a header line of its own, no prose sentence
    cells = [c.strip() for c in head.split("|")] if "|" in head else None
    column = None
    if cells is not None:
        column = next((i for i, c in enumerate(cells) if FOUNDED_COLUMN.fullmatch(c)), None)
        if not column:
            return
    elif not SPACED_HEADER.match(head):
        return
    # (checked last: it scans the document's sentences) the line is one sentence of its own
    if any(s.block == sentence.block and s.start != sentence.start for s in ctx.sentences):
        return
    for row, end in _row_blocks(ctx, sentence):
        named = ctx.mentions_between(row.start, end)
        if not named or ctx.folded[row.start : named[0].start].strip(" |"):
            break  # a line that does not start with a name ends the table
        entity_id = ctx.pick(named[0], ESTABLISHED_TYPES)
        if cells is not None:
            row_cells = ctx.folded[row.start : end].split("|")
            date = DATE_RE.fullmatch(row_cells[column].strip()) if column < len(row_cells) else None
            at = row.start
        else:
            date = YEAR_CELL.match(ctx.folded, named[0].end, end)
            at = named[0].end
        if entity_id is None or date is None:
            continue
        subject = EntitySpan.of(named[0], entity_id)
        span = (named[0].start, max(at, date.end() if cells is None else end))
        yield established_draft(row, "founded_column", subject, founding_date(date), span)


# "Wuhan University dates back to 1893", "X can be traced back to 1898", "X traces its origins to
# the Ziqiang Academy, established in 1893": the origin's date is the founding as the text dates it
DATES_BACK = re.compile(
    r"(?P<gap>['’]s\s+(?:history|origins?)\s+(?:can\s+be\s+)?|\s+(?:can\s+be\s+|could\s+be\s+)?)"
    r"(?:dates\s+back\s+to|dated\s+back\s+to|traced\s+back\s+to|traces\s+(?:its\s+)?(?:origins?|history|roots)\s+(?:back\s+)?to)\s+"
    r"(?:(?:in\s+)?(?P<date1>"
    + DATE
    + r")|(?P<origin>(?:the\s+)?[^,;.()]{3,60}?)(?:,\s*(?:which\s+was\s+)?|\s+(?:which|that)\s+was\s+)"
    r"(?:established|founded|set\s+up|created)\s+(?:in|on)\s+(?P<date2>"
    + DATE.replace("?P<", "?P<o")
    + r"))",
    re.IGNORECASE,
)


@rule(emits={"dates_back": "established"}, cues_from=(DATES_BACK,))
def dates_back(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Wuhan University traces its origins to the Ziqiang Academy, established in 1893'."""
    for m in DATES_BACK.finditer(ctx.folded, sentence.start, sentence.end):
        before = ctx.mentions_between(sentence.start, m.start() + 1)
        if not before or before[-1].end != m.start() or _negated(ctx, sentence, m.start()):
            continue
        if not re.fullmatch(
            r"\W*(?:[^,;]*,\s*)?(?:the\s+)?",
            ctx.folded[sentence.start : before[-1].start],
            re.IGNORECASE,
        ):
            continue  # "The rivalry between A and B dates back to 1925": the name is no subject
        entity_id = ctx.pick(before[-1], ESTABLISHED_TYPES)
        if entity_id is None:
            continue
        date = DATE_RE.match(m.group("date1") or m.group("date2"))
        if date is None:
            continue
        subject = EntitySpan.of(before[-1], entity_id)
        at = (m.start(), m.end())
        yield established_draft(sentence, "dates_back", subject, founding_date(date), at)
