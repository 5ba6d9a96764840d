"""Money: R&D spending and investment (areas are in rules/areas.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.context_references import FORMER_LATTER
from hotspots.extract.engine import rule
from hotspots.extract.numbers import Quantity, find_years
from hotspots.extract.rules.common import ClaimDraft, _first_of, _value, draft
from hotspots.extract.rules.common_subjects import (
    PLACE_PREPOSITION,
    _nearest_before,
    place_set_after_preposition,
    starts_longer_name,
)
from hotspots.extract.rules.count_words import FACILITY, goal_year
from hotspots.extract.segment import Sentence

# ---------------------------------------------------------------------------------------------
# Money
# "research and experimental development" is the statistics bulletins' R&D (OECD's Frascati term)
RD_WORDS = r"(?:R&D|research and development|research & development|research and experimental development|research and experiments)"
RD = re.compile(r"\b" + RD_WORDS + r"\b", re.IGNORECASE)
SPEND = re.compile(r"\b(?:spend|spends|spent|spending|expenditure|budget|outlay)\b", re.IGNORECASE)
NEGATED = re.compile(r"\b(?:not|never|no longer|neither|nor)\b|n't\b", re.IGNORECASE)
INVEST = re.compile(
    r"\b(?:invest|invests|invested|investing|investment of|built|builds|build|building|funded|set up|opened|pledged|committed)\b",
    re.IGNORECASE,
)

INVESTED = re.compile(r"\b(?:invest|invests|invested|investing)\b", re.IGNORECASE)
# "invested heavily in research and development in 2018, with an investment of ...", "investment
# in R&D reached ...": money put into R&D is R&D spending, not an investment in an entity
INVESTED_IN_RD = re.compile(
    r"\binvest(?:s|ed|ing|ments?)?\b(?:\s+\w+){0,2}?\s+(?:in|into|on)\s+(?:its\s+|the\s+)?"
    + RD_WORDS
    + r"\b",
    re.IGNORECASE,
)
# "..., in R&D", "..., or 23% of its revenue, in R&D": what the money was spent on, after it
RD_AFTER = re.compile(
    r"\s*(?:\([^()]{1,40}\)\s*)?(?:,\s*or\s+[^,;]{1,40},\s*)?(?:was\s+|were\s+)?(?:invested\s+|spent\s+)?"
    r"(?:on|for|in|into)\s+(?:its\s+)?" + RD_WORDS + r"\b",
    re.IGNORECASE,
)
# a company's value, sales or output is not money it spent or invested
VALUATION = re.compile(
    r"\b(?:valuation|valued|worth|revenues?|sales|turnover|output|market\s+(?:cap|capitalization|value))\b",
    re.IGNORECASE,
)
# "an increase of 257 billion yuan", "up by 10 billion yuan": a change, not the amount spent
MONEY_CHANGE_BEFORE = re.compile(
    r"\b(?:increase[sd]?|rise|rose|growth|grew|gain(?:ed)?|jump(?:ed)?|up|down|decrease[sd]?|"
    r"decline[sd]?|drop(?:ped)?)\s+(?:of|by)\s+(?:about\s+|nearly\s+|some\s+)?$",
    re.IGNORECASE,
)
NATIONWIDE = re.compile(
    r"\b(?:across|throughout|in)\s+the\s+(?:whole\s+)?country\b|\bnationwide\b", re.IGNORECASE
)


# "grew from 151.08 billion yuan in 2020 to 245.31 billion yuan in 2024": the year right after an
# amount dates that amount, whatever other years the sentence states
MONEY_YEAR_AFTER = re.compile(
    r"\s*(?:\([^()]{1,40}\)\s*)?(?:in|as\s+of|at\s+the\s+end\s+of)\s+(?P<y>1[89]\d{2}|20\d{2})\b(?!\s*[-–])",
    re.IGNORECASE,
)


# "..., with completion expected by 2026": the year of another event than the money's
OTHER_EVENT_YEAR = re.compile(
    r"\bwith\s+(?:its\s+|the\s+)?\w+\s+(?:expected|scheduled|due|slated|set)\s+(?:by|in|for)\s+$",
    re.IGNORECASE,
)


SAME_YEAR = re.compile(r"\b(?:in\s+)?the\s+same\s+year\b", re.IGNORECASE)


def _money_date(ctx: DocContext, sentence: Sentence, q) -> str | None:
    after = MONEY_YEAR_AFTER.match(ctx.folded, q.end, sentence.end)
    if after and len(find_years(sentence.text)) > 1:
        return after.group("y")
    period = ctx.sentence_period(sentence, q.start)
    if period is None and SAME_YEAR.search(sentence.text):
        # "Both cities counted ... in 2022. In the same year the former spent ...": the one year
        # of the sentence before
        previous = ctx.before_in_paragraph(sentence, 1)
        years = find_years(previous[0].text) if previous else []
        return str(years[0][0]) if len(years) == 1 else None
    at = ctx.folded.find(period[:4], q.end, sentence.end) if period else -1
    if at >= 0 and OTHER_EVENT_YEAR.search(ctx.folded, max(q.end, at - 50), at):
        return None
    return period


# between two places of a list: a comma, "and", "or" or both
LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)(?:the\s+)?", re.IGNORECASE)


def _first_of_list(ctx: DocContext, first, end: int) -> bool:
    """`first` opens a list of places closed by "and"/"or" ("in Beijing, Shanghai and Suzhou"):
    an amount put into them all is no fact about the first. A province after a city with only a
    comma ("in Suzhou, Jiangsu") locates it and makes no list."""
    pos, joined = first.end, False
    for mention in ctx.mentions_between(first.end, end):
        gap = LIST_GAP.fullmatch(ctx.folded, pos, mention.start)
        if gap is None or ctx.pick(mention, INVESTMENT_OBJECTS) is None:
            break
        if re.search(r"\b(?:and|or)\b|&", gap.group(0)):
            joined = True
            break
        pos = mention.end
    return joined


def _located_city(ctx: DocContext, sentence: Sentence, investor: EntitySpan) -> EntitySpan:
    """'Shenzhen, Guangdong province, is set to invest ...': the province set after the city
    only locates it; the city invests."""
    if ctx.type_of(investor.entity_id) != "province":
        return investor
    before = ctx.mentions_between(sentence.start, investor.start)
    if not before or not re.fullmatch(r",\s*", ctx.folded[before[-1].end : investor.start]):
        return investor
    city = ctx.pick(before[-1], ("city",))
    return EntitySpan.of(before[-1], city) if city else investor


def _investor(ctx: DocContext, sentence: Sentence, investor: EntitySpan, lo: int, pos: int) -> bool:
    """Whether `investor` put in the money at `pos`: not a place that begins a longer name
    ("Suzhou HuaYiRunLiang plans to invest"), not the place where the money went ("projects with
    a community in Suzhou's Xiangcheng District, involving a total investment of"), and not one of
    several that each got an amount ("145 projects each with investment of")."""
    if starts_longer_name(ctx, sentence, investor):
        return False
    if ctx.type_of(investor.entity_id) != "company" and place_set_after_preposition(
        ctx, sentence, investor
    ):
        return False
    if ctx.type_of(investor.entity_id) != "company" and NATIONALITY_OF_FIRM.match(
        ctx.folded, investor.end, pos
    ):
        return False  # "built by a U.S. company": the place only says where the investor is from
    if JOINT_ACTORS.match(ctx.folded, investor.end, pos):
        return False  # "the Mercedes-Benz Group and local partners have invested": the group's
    return re.search(r"\beach\b", ctx.folded[lo:pos], re.IGNORECASE) is None


# "a U.S. company", "a Shenzhen chip firm": a place naming where a company comes from
NATIONALITY_OF_FIRM = re.compile(
    r"\s+(?:[a-z][\w-]*\s+){0,2}?(?:company|companies|firms?|group|giants?|makers?|"
    r"manufacturers?|carmakers?|automakers?|investors?|enterprises?|multinationals?|"
    r"conglomerates?|start-?ups?)\b"
)
# "its $10 billion chip plant here": the money went into a facility in the place 'here' refers to
FACILITY_HERE = re.compile(
    r"\s*(?:\([^()]{1,40}\)\s*)?(?:[\w&-]+\s+){0,4}?(?:plant|factory|facility|fab|campus|"
    r"centre|center|hub|base|headquarters|project)\s+(?P<ref>here|there)\b",
    re.IGNORECASE,
)
INVESTMENT_OBJECTS = (
    "company",
    "research_institute",
    "university",
    "park",
    "district",
    "city",
    "sar",
    "province",
    "country",
)


# "X and local partners have invested", "X, together with Y, invested": a combined amount, which
# is no fact about X alone
JOINT_ACTORS = re.compile(
    r"\s*(?:,\s*)?(?:and|together\s+with|along\s+with|jointly\s+with)\s+(?:[\w'’&.-]+\s+){0,4}?"
    r"(?:have|has|had|will|jointly|together|)\s*(?:also\s+)?(?:invest|invested|invests|pledged|committed|put)\b",
    re.IGNORECASE,
)
# "121 foreign-funded R&D centers in Beijing invested ... in R&D": the place only says where the
# spenders are; "R&D spending in Beijing" names the place's own spending
SPENDING_IN = re.compile(
    r"\b(?:spending|expenditures?|investment|input|outlay|budget|R&D|development)\s+(?:in|of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)

# "is expected to invest over 50 million USD into R&D annually", "will spend": money still to be
# spent, a plan (with a 'by <year>' it is the target rule's), never spending that happened
PLANNED_SPENDING = re.compile(
    r"\b(?:will|shall|(?:is|are|was|were)\s+(?:expected|planned|projected|set|slated|scheduled|"
    r"due|going)\s+to|plans?\s+to|planning\s+to|aims?\s+to|intends?\s+to)\s+(?:\w+\s+){0,2}?"
    r"(?:invest|spend|put|pour|allocate|inject)\b",
    re.IGNORECASE,
)
# "Intel's South China Research Center ... invests", "Huawei's Wuhan research centre spent": a
# part (a lab, a centre, a plant) named right after the owner or the place that names it spends;
# its money is neither the company's nor the place's R&D spending
PART_OF_OWNER = re.compile(
    rf"(?:['’]s)?\s+(?:[\w&-]+\s+){{0,4}}?(?:{FACILITY.pattern})", re.IGNORECASE
)


# "plans to invest, over five years, 80 billion yuan", "plans to raise R&D spending to", "will
# be 80 billion yuan": a plan or a future verb in the amount's own clause; a past verb after it
# ("Shenzhen, which will host the fair, spent ...") states what was spent
PLAN_OR_FUTURE = re.compile(
    r"\b(?:will|shall|(?:is|are|was|were)\s+(?:expected|planned|projected|set|slated|scheduled|"
    r"due|going)\s+to|(?:is|are)\s+planned\s+at|plans?\s+to|planned\s+to|planning\s+to|aims?\s+to|"
    r"aiming\s+to|intends?\s+to|seeks?\s+to|pledged?\s+to|vows?\s+to)\b",
    re.IGNORECASE,
)
DONE_VERB = re.compile(
    r"\b(?:spent|invested|reached|hit|totall?ed|stood|was|were|amounted|rose|grew|increased)\b",
    re.IGNORECASE,
)


def _planned_amount(ctx: DocContext, sentence: Sentence, q: Quantity) -> bool:
    """Whether the amount `q` is one a plan or a future verb of its clause governs."""
    lo, _ = ctx.clause(sentence, q.start)
    plans = list(PLAN_OR_FUTURE.finditer(ctx.folded, lo, q.start))
    return bool(plans) and not DONE_VERB.search(ctx.folded, plans[-1].end(), q.start)


def _spender(ctx: DocContext, sentence: Sentence, subject: EntitySpan) -> bool:
    """Whether the place `subject` is whose R&D spending the sentence states: not a place named
    after a preposition that locates other spenders ("121 R&D centers in Beijing invested")."""
    before = ctx.folded[max(sentence.start, subject.start - 12) : subject.start]
    if subject.via != "mention" or not PLACE_PREPOSITION.search(before):
        return True  # "Hefei's R&D expenditure": a possessive names the owner
    return bool(
        SPENDING_IN.search(ctx.folded, max(sentence.start, subject.start - 40), subject.start)
    )


@rule(emits={"rd_spending": "rd_spending", "investment": "investment"}, kinds=("money",))
def money(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """R&D spending of a place; an organization's investment in a place."""
    for q in ctx.quantities_in(sentence):
        if q.kind != "money" or goal_year(ctx, sentence, q):
            continue
        window = ctx.folded[max(sentence.start, q.start - 80) : q.start]
        after = ctx.folded[q.end : min(sentence.end, q.end + 80)]
        rd_after = RD_AFTER.match(after)
        into_rd = INVESTED_IN_RD.search(ctx.folded, max(sentence.start, q.start - 160), q.start)
        if (RD.search(window) and (SPEND.search(window) or into_rd)) or (
            rd_after
            and (
                SPEND.search(window)
                or INVESTED.search(window)
                or re.search(r"\b(?:invested|spent)\b", rd_after.group(0))
            )
        ):
            if MONEY_CHANGE_BEFORE.search(ctx.folded, max(sentence.start, q.start - 30), q.start):
                continue  # "..., an increase of 257.42 billion yuan": the change, not the spending
            if VALUATION.search(window) or re.search(r"\beach\b", window, re.IGNORECASE):
                continue  # "six regions, including ..., each invested more than ...": no one's
            rd_types = ("country", "city", "sar", "province", "policy_region", "company")
            owner = re.search(
                r"\bits\s+(?:total\s+|annual\s+)?(?:R&D|research)", window, re.IGNORECASE
            )
            pair = None
            for pair in FORMER_LATTER.finditer(ctx.folded, sentence.start, q.start):  # noqa: B007
                pass
            if pair is not None and ctx.mentions_between(pair.end(), q.start):
                pair = None
            if owner:
                subject = ctx.resolve_reference(sentence, "its", sentence.start + owner.start())
            elif pair is not None:
                # "the former spent RMB 188 billion ... and the latter RMB 67 billion": each amount
                # is of the reference nearest before it
                subject = ctx.resolve_reference(
                    sentence, pair.group(0), pair.start(), kinds=rd_types
                )
            else:
                subject = ctx.subject(sentence, rd_types, before=q.start)
            if subject is None and NATIONWIDE.search(after):
                # "a total of 3,335.71 billion yuan was invested in R&D across the country"
                subject = ctx.resolve_reference(sentence, "the country", sentence.start)
            if subject and ctx.type_of(subject.entity_id) not in rd_types:
                subject = None
            if subject and not owner and not _spender(ctx, sentence, subject):
                subject = None
            if (
                subject
                and subject.start >= sentence.start
                and PART_OF_OWNER.match(ctx.folded, subject.end, q.start)
            ):
                subject = None  # "Intel's research centre ... invests": the part's money
            plan = PLANNED_SPENDING.search(ctx.folded, max(sentence.start, q.start - 60), q.start)
            if plan and not re.search(r"[,;]", ctx.folded[plan.end() : q.start]):
                continue  # "is expected to invest ... into R&D": a plan, nothing spent yet
            if _planned_amount(ctx, sentence, q):
                continue  # "plans to raise R&D spending to ...", "will be ...": not spent yet
            if subject:
                yield draft(
                    sentence,
                    "rd_spending",
                    subject,
                    "rd_spending",
                    value=_value(q),
                    value_text=q.text,
                    unit=q.unit,
                    comparator=q.comparator,
                    as_of=_money_date(ctx, sentence, q),
                    focus=(min(subject.start, q.start), q.end),
                )
            continue
        lo, hi = ctx.clause(sentence, q.start)
        verbs = list(INVEST.finditer(ctx.folded, lo, q.start))
        verb = verbs[-1] if verbs else None
        if verb is not None and VALUATION.search(ctx.folded, verb.end(), q.start):
            continue  # "a company set up ... with a valuation reaching $100 million"
        if verb is not None and not NEGATED.search(ctx.folded, lo, verb.start()):
            investor = _first_of(
                ctx, ctx.mentions_between(lo, verb.start()), ("company",)
            ) or _nearest_before(
                ctx, sentence, verb.start(), ("company", "country", "city", "province")
            )
            if investor is None or not _investor(ctx, sentence, investor, lo, q.start):
                continue
            investor = _located_city(ctx, sentence, investor)
            place = None
            for mention in ctx.mentions_between(q.end, hi):
                gap = ctx.folded[q.end : mention.start]
                if ctx.folded[mention.end : mention.end + 6] == "-based":
                    continue  # "Hefei-based battery maker Gotion": the object is the company
                if (
                    re.search(
                        # "in the initial construction phase of the new X campus": the phase
                        # of a project is put into what the project is
                        r"\b(?:in|into)\s+(?:the\s+)?(?:[\w-]+-based\s+)?(?:[a-z][\w-]*\s+){0,3}"
                        r"(?:of\s+(?:the\s+|its\s+)?(?:new\s+)?)?$",
                        gap,
                    )
                    and len(gap) < 60
                ):
                    place = ctx.pick(mention, INVESTMENT_OBJECTS)
                    if place and _first_of_list(ctx, mention, hi):
                        place = None  # "in Beijing, Shanghai and Suzhou": one sum for all
                        break
                    if place:
                        break
            here = FACILITY_HERE.match(ctx.folded, q.end, hi) if place is None else None
            if here:
                found = ctx.resolve_reference(sentence, here["ref"], here.start("ref"))
                if found and ctx.type_of(found.entity_id) in INVESTMENT_OBJECTS:
                    place = found.entity_id
            if place is None:
                continue  # an investment is made in something: with no object it says too little
            if place == investor.entity_id:
                continue  # "NIO will invest ... in NIO China": a unit the gazetteer lacks, not NIO
            yield draft(
                sentence,
                "investment",
                investor.entity_id,
                "investment",
                object_id=place,
                value=_value(q),
                value_text=q.text,  # the amount as written ("$280 million")
                unit=q.unit,
                comparator=q.comparator,
                as_of=_money_date(ctx, sentence, q),
                focus=(investor.start, q.end),
            )
