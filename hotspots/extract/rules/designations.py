"""Roles and designations: what a place serves as ("serves as China's innovation source") and
the titles it was given ("one of the first Special Economic Zones", "approved to be the National
Optoelectronic Industry Base"). Epithets are in `descriptions`."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract import lexicon
from hotspots.extract.context import DocContext
from hotspots.extract.engine import rule
from hotspots.extract.numbers import find_periods
from hotspots.extract.rules.common import ClaimDraft, cued, draft
from hotspots.extract.segment import Sentence
from hotspots.extract.types import LOCAL_PLACES

ROLE_VERBS = lexicon.words("roles", "role_verbs")
ROLE_NOUNS = lexicon.words("roles", "role_nouns")
ROLE = re.compile(
    rf"\b(?:{lexicon.alternation(ROLE_VERBS)})\s+as\s+(?:the\s+|a\s+|an\s+|its\s+)?(?:(?:China|the country|the nation)'s\s+)?"
    rf"(?P<role>(?:[a-z][\w-]*\s+){{0,2}}?(?:{lexicon.alternation(ROLE_NOUNS)}))\b",
    re.IGNORECASE,
)


@rule(emits={"role": "role"}, cues_from=(ROLE,))
def role(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'the Beijing-Tianjin-Hebei region serves as China's innovation source'; 'Functioning as the accelerator, the GBA'."""
    for m in ROLE.finditer(ctx.folded, sentence.start, sentence.end):
        if NOT_ASSERTED.search(ctx.folded, max(sentence.start, m.start() - 30), m.start()):
            continue  # "might act as", "does not serve as"
        types = ("policy_region", "city", "cluster", "park")
        subject = ctx.subject(sentence, types, before=m.start())
        if subject is None:
            subject = ctx.subject(sentence, types, after=m.end())
        if subject:
            value = m.group("role").strip().lower()
            yield draft(
                sentence,
                "role",
                subject,
                "role",
                value_text=value,
                focus=(min(subject.start, m.start()), max(subject.end, m.end())),
            )


DESIGNATION = re.compile(
    rf"\b(?P<term>(?:(?:{lexicon.alternation(lexicon.words('designations', 'designation_modifiers'))})\s+)*"
    r"(?:special economic zones?|free[- ]trade (?:pilot )?zones?|(?:[\w-]+\s+){0,3}pilot (?:cities|city|zones?)|national (?:innovation )?demonstration zones?|(?:national|state)(?:-level)?\s+(?:high-tech|hi-tech|new\s+and\s+high-tech)\s+(?:industr(?:y|ial)\s+)?(?:development\s+)?(?:zones?|parks?)|(?:national|state)(?:-level)?\s+economic\s+and\s+technological\s+development\s+zones?|comprehensive national science cent(?:re|er)s?|new areas?))\b",
    re.IGNORECASE,
)
APPROVED_AFTER = re.compile(r"\s+(?:approved|designated)\s+by\b", re.IGNORECASE)
# the capitalised words right before a name, and the level word that opens a title among them
CAPITALISED_RUN = re.compile(r"(?:(?:[A-Z][\w-]*|and|of)\s+)*$")
TITLE_LEVEL = re.compile(r"\b(?:National|State)(?:-level)?\s")
DESIGNATE_CUE = re.compile(
    rf"\b(?:{lexicon.alternation(lexicon.words('designations', 'designation_verbs'))})\b",
    re.IGNORECASE,
)
# a negation or a wish before the designation verb: the designation is not stated as made
# hedged, negated or planned ("its objectives are to function as"): the lexicon's plan words too
NOT_ASSERTED = re.compile(
    r"\b(?:not|never|no longer|hopes?|hoping|aims?|wants?|plans?|seeks?|may|might|could|would|applied|applies|bids?|expected|expects|"
    + lexicon.phrase_pattern(lexicon.words("modality", "planned_phrases"))
    + r")\b(?:\s+to)?\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
MONTHS = lexicon.words("calendar", "months")
# a month written out or shortened ("Nov. 1992", "Sept. 2008")
MONTH_WORD = (
    r"(?:" + lexicon.alternation(MONTHS) + r"|(?:" + "|".join(m[:3] for m in MONTHS) + r"|sept)\.)"
)
DATE_RE = re.compile(
    r"\b(?:(?P<month>" + MONTH_WORD + r")\s+)?(?P<year>1[89]\d{2}|20\d{2})\b",
    re.IGNORECASE,
)
# the date right after a designation: "approved as a state-level zone in Nov. 1992"
DATE_AFTER = re.compile(
    r"\s+(?:in|on)\s+(?P<date>(?:\d{1,2}\s+)?"
    + MONTH_WORD
    + r"?\s*[^,;.]{0,8}?(?:1[89]\d{2}|20\d{2}))\b",
    re.IGNORECASE,
)


def _date_in(text: str) -> str | None:
    periods = find_periods(text)  # as precise as stated: "On 17 September 2021" -> 2021-09-17
    first_year = DATE_RE.search(text)
    if periods and first_year and periods[0][1] <= first_year.start() < periods[0][2]:
        return periods[0][0]
    m = first_year
    if not m:
        return None
    if m.group("month"):
        month = m.group("month").lower()[:3]
        index = next(i for i, name in enumerate(MONTHS) if name.startswith(month))
        return f"{m.group('year')}-{index + 1:02d}"
    return m.group("year")


def _date_near(ctx: DocContext, sentence: Sentence, pos: int) -> str | None:
    """The date of the designation at `pos`: in its own clause, the nearest date before it
    ("set up in 1988 and approved in 1999, becoming a ... zone": 1999), else the first after it
    ("became a national new area in 2017")."""
    lo, hi = ctx.clause(sentence, pos)
    before = list(DATE_RE.finditer(ctx.folded, lo, pos))
    if before:
        # a day before the month ("on 17 September 2021") is part of the date
        return _date_in(ctx.folded[max(lo, before[-1].start() - 4) : pos])
    return _date_in(ctx.folded[pos:hi])


def _singular(term: str) -> str:
    term = re.sub(r"\bcities\b", "city", term, flags=re.IGNORECASE)
    return re.sub(r"\b(zone|area|park|centre|center)s\b", r"\1", term, flags=re.IGNORECASE)


@rule(emits={"designation": "designated_as"}, cues_from=(DESIGNATION,))
def designation(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Since 1980, Shenzhen is one of the first Special Economic Zones'; 'designated the city as a pilot city'."""
    if not cued(ctx, sentence, DESIGNATE_CUE):
        return
    for m in DESIGNATION.finditer(ctx.folded, sentence.start, sentence.end):
        name = next(
            (x for x in ctx.mentions_in(sentence) if x.start <= m.start() and m.end() <= x.end),
            None,
        )
        title = None
        if name is not None:
            # "the Pudong New Area": a word of a name, no designation; but a name only discovery
            # found, in a capitalised title led by the level ("Third and Inland First National
            # Development and Opening-up New Area"), is that title: the designation written out
            run = CAPITALISED_RUN.search(ctx.text, sentence.start, name.start)
            level = list(TITLE_LEVEL.finditer(ctx.text, run.start(), name.end)) if run else []
            if not (level and all(e in ctx.discovered for e in name.entity_ids)):
                continue
            title = _singular(ctx.text[level[-1].start() : name.end]).strip()
        prefix = ctx.folded[sentence.start : m.start()]
        cues = list(DESIGNATE_CUE.finditer(prefix))
        # "It is China's third National ... New Area approved by the State Council": the
        # approval right after a written-out title
        if not cues and not (
            title
            and APPROVED_AFTER.match(ctx.folded, m.end())
            and re.search(r"\b(?:is|was)\b", prefix)
        ):
            continue
        if cues and NOT_ASSERTED.search(prefix, max(0, cues[-1].start() - 30), cues[-1].start()):
            continue  # "was not designated", "hopes to become"
        types = LOCAL_PLACES
        subject = ctx.subject(sentence, types, before=m.start())
        if subject is None:
            continue
        # a modifier the designation keeps ("national new area") is no leading word to drop
        value = re.sub(
            r"^(?:one\s+of\s+(?:the\s+)?(?:\w+\s+)?(?=pilot|special|free|national|comprehensive|new|\w+-border))?(?:the\s+)?(?:country's\s+)?(?:(?!national\b|state-level\b|comprehensive\b|pilot\b|cross-border\b)\w+\s+)?(?=\w+-border|pilot|special|free|national|comprehensive|new)",
            "",
            _singular(m.group("term")).strip(),
            flags=re.IGNORECASE,
        )
        yield draft(
            sentence,
            "designation",
            subject,
            "designated_as",
            value_text=title or value,
            # the date of the designation's own clause, not another clause's ("established in
            # 1991, ... and was approved in 2009, becoming a pilot zone": 2009)
            as_of=_date_near(ctx, sentence, m.start()),
            focus=(min(subject.start, m.start()), m.end()),
        )


# "in 2001 it was approved to be the National Optoelectronic Industry Base", "named it a National
# Model Science Park", "selected the zone to become one of the five national model science parks",
# "is designated by the Central Government as an international metropolis and a national central
# city": a designation verb, the designee (before it, or "it"/"the zone" right after it) and a
# title: capitalised words, or a lowercase phrase led by national/state-level/provincial
TITLE_VERB = re.compile(
    r"\b(?P<verb>approved|designated|named|selected|listed|recognized|recognised|certified|upgraded)\s+"
    r"(?:(?P<obj>it|the zone|the park|the city|the area|the district)\s+)?"
    r"(?:by\s+(?:the\s+)?[A-Z][^,;.]{0,60}?\s+)?(?P<link>as|to be|to become|(?<=upgraded\s)to)?\s*"
    r"(?:(?P<article>the|an?)\s+(?:first\s+batch\s+of\s+|one\s+of\s+(?:the\s+)?(?:first\s+|\w+\s+)?)?"
    # "selected the zone to become one of the five national model science parks": "one of"
    # stands for the article
    r"|one\s+of\s+(?:the\s+)?(?:first\s+|\w+\s+)?)",
    re.IGNORECASE,
)
TITLE_CAPITALISED = re.compile(r"[A-Z][\w-]*(?:\s+(?:of|and|for|[A-Z][\w&-]*)){1,8}")
TITLE_LOWER = re.compile(
    r"(?:national-level|national|state-level|provincial|international)(?:\s+(?!by\b|in\b|during\b|and\b|for\b|with\b)[a-z][\w-]*){1,6}"
)
LOCATIVE_OPENING = re.compile(
    r"\W*(?:Across|In|At|From|Near|Located|Situated|Unlike|Like|Besides|Beyond|Along)\b[^,;]{0,80},\s+",
    re.IGNORECASE,
)
TITLE_MORE = re.compile(r"\s+and\s+(?:a|an|the)\s+", re.IGNORECASE)


def _titles(ctx: DocContext, pos: int, end: int) -> list[tuple[str, int, int]]:
    """The titles from `pos` on: one, or several joined by 'and a'."""
    out = []
    while True:
        m = TITLE_CAPITALISED.match(ctx.folded, pos, end) or TITLE_LOWER.match(ctx.folded, pos, end)
        if not m:
            return out
        title = re.sub(r"\s+(?:of|and|for)$", "", m.group(0))
        out.append((_singular(title), m.start(), m.start() + len(title)))
        more = TITLE_MORE.match(ctx.folded, m.start() + len(title), end)
        if not more:
            return out
        pos = more.end()


@rule(emits={"designated_title": "designated_as"}, cues_from=(TITLE_VERB,))
def designated_title(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    for v in TITLE_VERB.finditer(ctx.folded, sentence.start, sentence.end):
        verb = v.group("verb").lower()
        if (
            verb == "named"
            and not (v.group("obj") or v.group("link"))
            and not re.search(
                r"\b(?:is|was|were|are|been)\s+$",
                ctx.folded[max(sentence.start, v.start() - 8) : v.start()],
            )
        ):
            continue  # "DJI named its headquarters the City of Sky": a name given, not a designation
        if v.group("link") is None and verb not in {"named", "designated"}:
            continue
        if NOT_ASSERTED.search(ctx.folded, max(sentence.start, v.start() - 30), v.start()):
            continue
        titles = _titles(ctx, v.end(), sentence.end)
        if not titles:
            continue
        if v.group("obj"):
            phrase = v.group("obj").lower()
            subject = (
                ctx.resolve_reference(sentence, "the area", v.start("obj"))
                or ctx.resolve_reference(sentence, "the city", v.start("obj"))
                if phrase == "it"
                else ctx.resolve_reference(sentence, phrase, v.start("obj"))
            )
        else:
            # "Across the border from Hong Kong, Qianhai ... was designated": past an opening
            # phrase of place, the clause's own subject
            opening = LOCATIVE_OPENING.match(ctx.folded, sentence.start, v.start())
            subject = ctx.subject(
                sentence, LOCAL_PLACES, before=v.start(), after=opening.end() if opening else None
            )
        if subject is None or ctx.type_of(subject.entity_id) not in LOCAL_PLACES:
            continue
        lo, hi = ctx.clause(sentence, v.start())
        for value, start, end in titles:
            if re.match(r"(?:China|Chinese)\b", value) and "'s" in ctx.folded[start : end + 2]:
                continue
            yield draft(
                sentence,
                "designated_title",
                subject,
                "designated_as",
                value_text=value,
                as_of=_date_in(after.group("date"))
                if (after := DATE_AFTER.match(ctx.folded, end, hi))
                else _date_in(ctx.folded[lo:hi]),
                focus=(
                    min(subject.start, v.start()) if subject.via == "mention" else v.start(),
                    end,
                ),
            )
