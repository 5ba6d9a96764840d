"""Designations given by a verb and written as a title: "in 2001 it was approved to be the National
Optoelectronic Industry Base", "named it a National Model Science Park", "selected the Xi'an
Hi-tech Zone as a national ... zone" (the designee before the verb, or named right after it)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import ClaimDraft, draft
from hotspots.extract.rules.designations import (
    DATE_AFTER,
    DATE_RE,
    MONTH_WORD,
    MONTHS,
    NOT_ASSERTED,
    _date_in,
    _singular,
    completes_other_head,
    part_of_subject,
)
from hotspots.extract.segment import Sentence
from hotspots.extract.types import LOCAL_PLACES

# "in 2001 it was approved to be the National Optoelectronic Industry Base", "named it a National
# Model Science Park", "selected the zone to become one of the five national model science parks",
# "is designated by the Central Government as an international metropolis and a national central
# city": a designation verb, the designee (before it, or "it"/"the zone" right after it) and a
# title: capitalised words, or a lowercase phrase led by national/state-level/provincial
TITLE_VERB = re.compile(
    r"\b(?P<verb>approved|designated|named|selected|listed|recognized|recognised|certified|upgraded|awarded)\s+"
    r"(?:(?P<obj>it|the zone|the park|the city|the area|the district)\s+)?"
    # "was awarded the title of National Model Zone": the title after "the title of"
    r"(?:(?<=awarded\s)(?:the\s+)?(?:honou?rary\s+)?titles?\s+of\s+(?=(?-i:[A-Z]))(?P<title_of>))?"
    r"(?:by\s+(?:the\s+)?[A-Z][^,;.]{0,60}?\s+)?(?P<link>as|to be|to become|(?<=upgraded\s)to)?\s*"
    r"(?:(?P<article>the|an?)\s+(?:first\s+batch\s+of\s+|one\s+of\s+(?:the\s+)?(?:first\s+|\w+\s+)?)?"
    # "selected the zone to become one of the five national model science parks": "one of"
    # stands for the article
    r"|one\s+of\s+(?:the\s+)?(?:first\s+|\w+\s+)?"
    # "upgraded to national-level": the level alone, no article
    r"|(?=(?:national|state|provincial)-level\b)"
    # "selected Hefei as a ...": a name right after a verb of choosing (read by _named_object)
    r"|(?:(?<=selected\s)|(?<=listed\s)|(?<=recognized\s)|(?<=recognised\s))(?=(?-i:[A-Z]))"
    r"|(?<=\stitle\sof\s)|(?<=\stitles\sof\s))",
    re.IGNORECASE,
)
TITLE_CAPITALISED = re.compile(r"[A-Z][\w-]*(?:\s+(?:of|and|for|[A-Z][\w&-]*)){1,8}")
TITLE_LOWER = re.compile(
    r"(?i:national-level|national|state-level|provincial|international)(?:\s+(?!by\b|in\b|during\b|and\b|for\b|with\b)[a-z][\w-]*){1,6}"
)
# "upgraded to a national economic and technological development zone": "and" inside a lowercase
# title that runs on to the kind of place it names
TITLE_LOWER_AND = re.compile(
    r"(?i:national-level|national|state-level|provincial)(?:\s+(?!by\b|in\b|during\b|and\b|for\b|with\b)[a-z][\w-]*){1,3}"
    r"\s+and\s+(?:[a-z][\w-]*\s+){0,3}?(?:zone|park|base|area|district|city|cent(?:er|re))s?\b"
)
# "... in October of the same year": a month of the year the sentence named before
SAME_YEAR = re.compile(
    r"\s+in\s+(?P<month>" + MONTH_WORD + r")\s+of\s+(?:the\s+)?same\s+year\b", re.IGNORECASE
)
LOCATIVE_OPENING = re.compile(
    r"\W*(?:Across|In|At|From|Near|Located|Situated|Unlike|Like|Besides|Beyond|Along)\b[^,;]{0,80},\s+",
    re.IGNORECASE,
)
TITLE_MORE = re.compile(r"\s+and\s+(?:a|an|the)\s+", re.IGNORECASE)


# a title in quotes ('designated as a "national Torch Project software industrial base."')
TITLE_QUOTED = re.compile(r'"(?P<title>(?:national|state|provincial|[A-Z])[^"]{3,80}?)[.,;]?"')
# "upgraded to national-level with the approval of the State Council": the level alone
TITLE_LEVEL_ONLY = re.compile(
    r"(?P<title>national-level|state-level|provincial-level)(?=\s+(?:with|in|on|by|after)\b|[,.;])",
    re.IGNORECASE,
)


def _titles(ctx: DocContext, pos: int, end: int) -> list[tuple[str, int, int]]:
    """The titles from `pos` on: one, or several joined by 'and a'."""
    out = []
    while True:
        quoted = TITLE_QUOTED.match(ctx.folded, pos, end)
        if quoted:
            title = quoted.group("title")
            out.append((_singular(title), quoted.start("title"), quoted.end("title")))
            return out
        m = (
            TITLE_CAPITALISED.match(ctx.folded, pos, end)
            or TITLE_LOWER_AND.match(ctx.folded, pos, end)
            or TITLE_LOWER.match(ctx.folded, pos, end)
        )
        if not m:
            level = TITLE_LEVEL_ONLY.match(ctx.folded, pos, end) if not out else None
            if level:
                out.append((level.group("title").lower(), level.start(), level.end()))
            return out
        title = re.sub(r"\s+(?:of|and|for)$", "", m.group(0))
        out.append((_singular(title), m.start(), m.start() + len(title)))
        more = TITLE_MORE.match(ctx.folded, m.start() + len(title), end)
        if not more:
            return out
        pos = more.end()


# "selected the Xi'an Hi-tech Zone as a national ... zone": the designee named right after the
# verb, then the link to its title
OBJECT_LINK = re.compile(
    r"\s+(?:as|to\s+be|to\s+become)\s+(?:(?:the|an?)\s+(?:first\s+batch\s+of\s+|one\s+of\s+(?:the\s+)?(?:first\s+|\w+\s+)?)?"
    r"|one\s+of\s+(?:the\s+)?(?:first\s+|\w+\s+)?)",
    re.IGNORECASE,
)


def _named_object(ctx: DocContext, sentence: Sentence, pos: int) -> tuple[EntitySpan, int] | None:
    """The place named right after a designation verb at `pos` and where its title starts."""
    named = ctx.mentions_between(pos, min(sentence.end, pos + 80))
    if not named or not re.fullmatch(r"\s+(?:the\s+)?", ctx.folded[pos : named[0].start], re.I):
        return None
    link = OBJECT_LINK.match(ctx.folded, named[0].end, sentence.end)
    entity_id = ctx.pick(named[0], LOCAL_PLACES)
    if link is None or entity_id is None:
        return None
    return EntitySpan.of(named[0], entity_id), link.end()


# what a place may be awarded as a title: a kind of place ("the National Model Zone")
AWARDED_KIND = re.compile(
    r"\b(?:zone|park|city|base|area|district|cent(?:er|re)|town|county|cluster|hub)$", re.IGNORECASE
)


def _opens_with_place(ctx: DocContext, start: int) -> bool:
    """A title whose first word opens a place's name ("the Haidian Experimental Zone of ..."):
    a proper name given to one place, not a kind of title many places hold."""
    return any(
        m.start == start and ctx.pick(m, LOCAL_PLACES) and not ctx.folded.startswith("'s", m.end)
        for m in ctx.mentions_between(start, start + 60)
    )


def _same_year(ctx: DocContext, sentence: Sentence, pos: int, hi: int) -> str | None:
    """ "In February 2012, it merged ... and was upgraded to a national ... zone in October of the
    same year": the month after the title, in the last year the sentence named before it."""
    same = SAME_YEAR.match(ctx.folded, pos, max(hi, sentence.end))
    years = list(DATE_RE.finditer(ctx.folded, sentence.start, pos))
    if same is None or not years:
        return None
    month = same.group("month").lower()[:3]
    index = next(i for i, name in enumerate(MONTHS) if name.startswith(month))
    return f"{years[-1].group('year')}-{index + 1:02d}"


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
        named_object = (
            _named_object(ctx, sentence, v.end("verb"))
            if v.group("link") is None and not v.group("obj")
            else None
        )
        if (
            v.group("link") is None
            and verb not in {"named", "designated", "awarded"}
            and not named_object
        ):
            continue
        if NOT_ASSERTED.search(ctx.folded, max(sentence.start, v.start() - 30), v.start()):
            continue
        titles = _titles(ctx, named_object[1] if named_object else v.end(), sentence.end)
        if not titles:
            continue
        if named_object:
            subject = named_object[0]
        elif v.group("obj"):
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
        if part_of_subject(ctx, subject) or completes_other_head(ctx, sentence, subject, v.start()):
            continue  # "Part of Zhongguancun was approved as ...": the part's title
        lo, hi = ctx.clause(sentence, v.start())
        for value, start, end in titles:
            if re.match(r"(?:China|Chinese)\b", value) and "'s" in ctx.folded[start : end + 2]:
                continue
            if verb == "named" and v.group("article") == "the" and _opens_with_place(ctx, start):
                continue  # "the zone was named the Haidian Experimental Zone": a new name, no title
            if verb == "awarded" and not AWARDED_KIND.search(value):
                continue  # "was awarded the National Science Prize": a prize, no kind of place
            yield draft(
                sentence,
                "designated_title",
                subject,
                "designated_as",
                value_text=value,
                # the date right after the title, else one from the verb on ("set up in May
                # 2006 and upgraded to national-level with the approval of ... in October
                # 2014": 2014-10), else the clause's
                as_of=_date_in(after.group("date"))
                if (after := DATE_AFTER.match(ctx.folded, end, hi))
                else _same_year(ctx, sentence, end, hi)
                or _date_in(ctx.folded[v.start() : hi])
                or _date_in(ctx.folded[lo:hi]),
                focus=(
                    min(subject.start, v.start()) if subject.via == "mention" else v.start(),
                    end,
                ),
            )
