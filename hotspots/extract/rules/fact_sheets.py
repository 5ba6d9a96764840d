"""Fact sheets: lines of "label: value" that a profile page or an encyclopedia infobox gives
under the name of what it describes ("Qingdao" / "Quick Facts" / "• Population: 9.04
million (2016)"; "Zoomlion" / "Founded | September 28, 1992 |"; "Major Economic Indicators
(2010)" / "GDP (RMB billion)85.26"). The line names no subject: the sheet's subject is the one
name of the heading above it, or else of the page's title line. The labels are data
(reference/lexicons/measures.yaml, `fact_sheet_labels`).

A line that says more than its figure ("Employees: 7,600, 13% of whom are in R&D" is still
7,600; "Population: 16 million, of which 4 million urban" is refused by the comma's clause) is
read only when the figure opens the value and what follows it is a year, a unit in brackets or
a short aside after a comma.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from hotspots.extract import lexicon
from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import ClaimDraft, _typed, draft
from hotspots.extract.rules.common_places import _located
from hotspots.extract.rules.founding_calendar import FOUNDING_DATE, founding_date
from hotspots.extract.segment import Sentence
from schemas.predicates import predicates

FOUNDING_DATE_RE = re.compile(FOUNDING_DATE, re.IGNORECASE)
LABELS: dict[str, list[str]] = lexicon.mapping("measures", "fact_sheet_labels")
_BY_LABEL = {label: predicate for predicate, labels in LABELS.items() for label in labels}
# "• Population: 8.7 Million (2015)", "Land Area (km2)43,000", "Founded | September 28, 1992 |",
# "GDP : £101 billion (2016)": a bullet, the label, a bracket of its unit or year, a separator
LINE = re.compile(
    r"[ \t]*(?:[-*•·▪●][ \t]*)?(?:\|[ \t]*)?(?P<label>"
    + lexicon.alternation(sorted(_BY_LABEL, key=len, reverse=True))
    + r")(?:[ \t]*\((?P<bracket>[^()\n]{1,20})\))?"
    r"(?:[ \t]*[:|][ \t]*|[ \t]+(?=[£$€¥\d])|(?<=\))(?=[£$€¥\d])"
    # an encyclopedia's infobox as a page copies it: "Founded2011;13 years ago (2011)" (a year
    # glued to its label), "Number of employees" / "116,055 (2023) [2]" (the value on the next line)
    r"|(?<=[a-z])(?=(?:1[89]|20)\d{2}\b)|[ \t]*(?=\n|$)"
    # "Location Lanzhou, Gansu, People's Republic of China": a place after a space
    r"|[ \t]+(?=(?-i:[A-Z])))",
    re.IGNORECASE,
)
# a unit the label's bracket gives its bare figures: "(km2)", "(million)", "(RMB billion)"
BRACKET_SCALE = {"thousand": 1e3, "10,000": 1e4, "10 thousand": 1e4, "million": 1e6}
BRACKET_SCALE.update({"billion": 1e9, "100 million": 1e8, "trillion": 1e12})
BRACKET_CURRENCY = {"rmb": "CNY", "yuan": "CNY", "cny": "CNY", "us$": "USD", "usd": "USD"}
YEAR_ONLY = re.compile(r"(?:1[89]\d{2}|20\d{2})")
# what may follow the figure: a year in brackets, a bracketed unit or estimate, a trailing cell
# bar, or a short aside after a comma ("7,600, 13% of whom are in R&D")
AFTER_FIGURE = re.compile(
    r"(?:[ \t]+(?:employees|people|persons|staff|employés))?"
    r"[ \t]*(?:\((?P<year>1[89]\d{2}|20\d{2})(?:\s*(?:est\.?|estimate|census))?\)|\([^()\n]{1,30}\))?"
    # an infobox's footnote marks ("116,055 (2023) [2]")
    r"(?:[ \t]*\[\d{1,3}\])*[ \t|]*(?:,[^\n]{0,60})?$",
    re.IGNORECASE,
)
# what may follow a founding date: "Founded2011;13 years ago (2011)" (the years ago and the year
# again), a copied Wikipedia infobox's "Edit this on Wikidata" link text
AFTER_DATE = re.compile(
    r"[\s|.]*(?:;[^\n]{0,30}|\([^()\n]{1,20}\))?[\s|.]*(?:Edit this (?:on|at) Wikidata)?\s*"
)
# "Headquarters | Changsha, Hunan, People's Republic of China |": places and the country
PLACE_REST = re.compile(r"[\s,|]*(?:(?:the\s+)?People['’]s\s+Republic\s+of\s+China|China)?[\s,|.]*")
PLACE_TYPES = ("city", "district", "province", "sar", "park")
SHEET_SUBJECTS = (
    "city",
    "district",
    "province",
    "park",
    "company",
    "university",
    "research_institute",
)


@rule(
    emits={
        "fact_sheet": (
            "population",
            "gdp",
            "area_km2",
            "employees",
            "established",
            "headquartered_in",
            "located_in",
        )
    },
    cues_from=(LINE,),
)
def fact_sheet(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Qingdao' / 'Quick Facts' / '• Population: 9.04 million(2016)'."""
    line_start = ctx.folded.rfind("\n", 0, sentence.start) + 1
    if ctx.folded[line_start : sentence.start].strip(" \t"):
        return  # a line of its own
    line = LINE.match(ctx.folded, sentence.start, sentence.end)
    if line is None:
        return
    predicate = _BY_LABEL[re.sub(r"\s+", " ", line.group("label").lower())]
    bracket = (line.group("bracket") or "").strip().lower()
    subject = _sheet_subject(ctx, sentence, predicates()[predicate].subject_types)
    if subject is None:
        return
    held, start = sentence, line.end()
    if not ctx.folded[start : sentence.end].strip(" \t"):
        # the label alone on its line: the value is the next line (the quote holds both)
        index = ctx.position(sentence)
        value_line = ctx.sentences[index + 1] if index + 1 < len(ctx.sentences) else None
        if value_line is None or ctx.folded[sentence.end : value_line.start].count("\n") != 1:
            return
        start = value_line.start
        held = replace(sentence, end=value_line.end, text=ctx.text[sentence.start : value_line.end])
    if predicate == "established":
        date = FOUNDING_DATE_RE.match(ctx.folded, start, held.end)
        if date is None or not AFTER_DATE.fullmatch(ctx.folded, date.end(), held.end):
            return
        value = founding_date(date)
        yield draft(
            held,
            "fact_sheet",
            subject,
            predicate,
            value_text=value,
            as_of=value,
            focus=(sentence.start, date.end()),
        )
        return
    if predicate in ("headquartered_in", "located_in"):
        yield from _place(ctx, held, subject, start, predicate)
        return
    figure = next(
        (q for q in ctx.quantities_in(held) if q.start >= start and q.kind != "year"),
        None,
    )
    if figure is None or ctx.folded[start : figure.start].strip(" \t~≈"):
        return  # the value opens with its figure
    after = AFTER_FIGURE.match(ctx.folded, figure.end, held.end)
    if after is None:
        return
    value, unit = figure.value, figure.unit
    scale = next(
        (f for word, f in BRACKET_SCALE.items() if re.search(rf"\b{re.escape(word)}\b", bracket)),
        None,
    )
    currency = next((c for word, c in BRACKET_CURRENCY.items() if word in bracket), None)
    if predicate == "population":
        if figure.kind != "cardinal" or (scale is None and figure.value < 1000 and not bracket):
            return
        value = float(round(figure.value * (scale or 1)))  # (5.72 million: no float residue)
        unit = None
    elif predicate == "employees":
        if figure.kind != "cardinal" or bracket:
            return
        unit = None
    elif predicate == "area_km2":
        if figure.kind == "cardinal" and re.fullmatch(
            r"km2|km²|sq\.? ?km|square kilometers?", bracket
        ):
            unit = "km2"
        elif figure.kind != "area" or bracket:
            return
    elif predicate == "gdp":
        if figure.kind == "cardinal" and currency and scale:
            value, unit = float(round(figure.value * scale)), currency
        elif figure.kind != "money" or (bracket and not YEAR_ONLY.fullmatch(bracket)):
            return
    year = after.group("year") or (bracket if YEAR_ONLY.fullmatch(bracket) else None)
    yield draft(
        held,
        "fact_sheet",
        subject,
        predicate,
        value=value,
        value_text=figure.text,
        unit=unit,
        comparator=figure.comparator,
        as_of=year or _heading_year(ctx, sentence),
        focus=(sentence.start, figure.end),
    )


def _place(ctx, sentence, subject, start, predicate) -> Iterable[ClaimDraft]:
    """'Headquarters: Yantai, China', 'Location Lanzhou, Gansu, People's Republic of China': the
    first place, when the rest are the places it lies in (three campus cities are no one
    location); a seat is never a country, a location may be ('Country: China')."""
    mentions = [m for m in ctx.mentions_in(sentence) if m.start >= start]
    places = _typed(ctx, mentions, (*PLACE_TYPES, "country"))
    if not places or places[0].start != start or len(places) != len(mentions):
        return
    if not PLACE_REST.fullmatch(ctx.folded, places[-1].end, sentence.end):
        return
    first = places[0]
    if predicate == "headquartered_in" and ctx.type_of(first.entity_id) == "country":
        return
    if any(
        p.entity_id not in ctx.ancestors(first.entity_id) and ctx.type_of(p.entity_id) != "country"
        for p in places[1:]
    ):
        return
    if predicate == "located_in":
        located = _located(sentence, subject, first, "fact_sheet", ctx)
        if located is not None:
            yield located
        return
    yield draft(
        sentence,
        "fact_sheet",
        subject,
        "headquartered_in",
        object_id=first,
        focus=(sentence.start, first.end),
    )


def _sheet_subject(ctx: DocContext, sentence: Sentence, types) -> EntitySpan | None:
    """The one name of the nearest heading above the sheet's lines, or of the page's title line
    when that heading names nothing ("Quick Facts"); a heading naming two things of the types,
    neither inside the other, names no sheet subject."""
    index = ctx.position(sentence)
    for i in range(index - 1, -1, -1):
        above = ctx.sentences[i]
        if _sheet_line(ctx, above):
            continue  # another line of the sheet (a short one may pass for a heading)
        if _infobox_row(ctx, above, sentence) and not (
            above.is_heading and _one_name(ctx, above, types)
        ):
            continue  # another row of the infobox the sheet is part of
        if not above.is_heading:
            if i == 0 or (above.paragraph == sentence.paragraph and _name_line(ctx, above)):
                # the page's title line, or a line of the sheet that is a name ("Ganfeng Lithium
                # Co., Ltd." over an infobox)
                return _one_name(ctx, above, types)
            return None
        named = _one_name(ctx, above, types)
        if named is not None or ctx.mentions_in(above):
            return named
        title = ctx.sentences[0]
        return _one_name(ctx, title, types) if title is not above else None
    return None


# words a sheet's heading may put after its name ("Qiqihar City Information", "Hangzhou Quick
# Facts"); another capitalised word continues a longer name ("Chengdu Tianfu International
# Bio-Town" is no sheet of Chengdu)
SHEET_WORDS = {"city", "profile", "information", "info", "quick", "facts", "fact", "overview"}
SHEET_WORDS |= {"at", "a", "glance", "key", "statistics", "data", "sheet", "in", "brief", "basic"}
# (a company's legal form after its name: "Contemporary Amperex Technology Co., Limited")
LEGAL_FORM_WORDS = {"co", "ltd", "limited", "inc", "corp", "corporation", "plc"}
SHEET_WORDS |= LEGAL_FORM_WORDS


def _one_name(ctx: DocContext, sentence: Sentence, types) -> EntitySpan | None:
    """The one name of `types` a heading gives: after it only the places it lies in and a sheet's
    words ("Qiqihar City Information"); a capitalised word before it makes a longer name."""
    typed = _typed(ctx, ctx.mentions_in(sentence), tuple(t for t in types if t in SHEET_SUBJECTS))
    if not typed:
        return None
    first = typed[0]
    if re.search(r"(?-i:[A-Z])[\w-]*[ \t]+$", ctx.folded[sentence.start : first.start]):
        return None  # "South University of Science and Technology of China": a longer name
    others = [t for t in typed[1:] if t.entity_id != first.entity_id]
    if any(t.entity_id not in ctx.ancestors(first.entity_id) for t in others):
        return None
    # the words after the name, its places blanked out: "Chengdu Tianfu International Bio-Town"
    # (a longer name the gazetteer lacks), "Suzhou Industrial Park and its neighbours"
    rest = list(ctx.folded[first.end : sentence.end])
    for t in others:
        rest[t.start - first.end : t.end - first.end] = " " * (t.end - t.start)
    if any(w.lower() not in SHEET_WORDS for w in re.findall(r"[^\W\d_][\w-]*", "".join(rest))):
        return None
    return first


# a name line's rest: its legal form ("Goertek Inc.", "Haier Group")
NAME_LINE_REST = re.compile(
    r"[\s,.]*(?:(?:" + "|".join(sorted(LEGAL_FORM_WORDS | {"group"})) + r")[\s,.]*)*",
    re.IGNORECASE,
)


def _name_line(ctx: DocContext, sentence: Sentence) -> bool:
    """The line is one name and perhaps its legal form ("Goertek Inc.")."""
    named = ctx.mentions_in(sentence)
    return (
        len(named) == 1
        and not ctx.folded[sentence.start : named[0].start].strip()
        and NAME_LINE_REST.fullmatch(ctx.folded, named[0].end, sentence.end) is not None
    )


def _heading_year(ctx: DocContext, sentence: Sentence) -> str | None:
    """'Major Economic Indicators (2010)': the year of the heading right above the sheet."""
    index = ctx.position(sentence)
    for i in range(index - 1, -1, -1):
        above = ctx.sentences[i]
        if _sheet_line(ctx, above):
            continue
        if above.is_heading:
            year = re.search(r"\((1[89]\d{2}|20\d{2})\)", above.text)
            return year.group(1) if year else None
        return None
    return None


# a line of an encyclopedia's infobox as a page copies it: short, no sentence's end
INFOBOX_LINE = re.compile(r"[^\n.!?]{1,120}")


def _sheet_line(ctx: DocContext, sentence: Sentence) -> bool:
    """A line of the sheet: a label and its value, or another item of its list."""
    return sentence.is_list_item or LINE.match(ctx.folded, sentence.start, sentence.end) is not None


def _infobox_row(ctx: DocContext, sentence: Sentence, sheet: Sentence) -> bool:
    """In the sheet's own paragraph, a short line without a sentence's end (an infobox's other
    rows: "Industry Electric batteries", "Key people", "SZSE: 300750")."""
    return (
        sentence.paragraph == sheet.paragraph
        and len(sentence.text.split()) <= 10
        and INFOBOX_LINE.fullmatch(ctx.folded, sentence.start, sentence.end) is not None
    )
