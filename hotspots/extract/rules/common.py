"""Helpers the rule families share: the claim draft, nearby mentions, years of lists, runs
of numbers said "respectively", coordinated lists of places and a place inside another."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.context_references import REFERENCE_RE, REFERENCES
from hotspots.extract.context_subjects import NAMED_PLACES
from hotspots.extract.cues import required_literal_sets
from hotspots.extract.mentions import Mention
from hotspots.extract.numbers import Quantity
from hotspots.extract.segment import Sentence
from hotspots.extract.types import LEVEL


@dataclass(frozen=True)
class ClaimDraft:
    subject_id: str
    predicate: str
    object_id: str | None
    value: float | None
    value_text: str | None
    unit: str | None
    comparator: str | None
    as_of: str | None
    start: int
    end: int
    rule: str
    focus: tuple[int, int]  # the part of the sentence that states it (for long-sentence quotes)
    antecedent: str | None = None  # how a reference ("the city", "it") was resolved, when one was
    combined: bool = False  # the value is stated for a group of subjects together, not for this one
    # where as_of was stated when outside the sentence (hotspots.extract.scope); written beside
    # the antecedent in the claim's `antecedent` column, kept apart here for the claim model
    dated_by: str | None = None


def draft(
    sentence: Sentence,
    rule_name: str,
    subject: str | EntitySpan,
    predicate: str,
    *,
    focus: tuple[int, int],
    object_id: str | EntitySpan | None = None,
    value: float | None = None,
    value_text: str | None = None,
    unit: str | None = None,
    comparator: str | None = None,
    as_of: str | None = None,
    combined: bool = False,
) -> ClaimDraft:
    """A claim stated by `sentence`. A subject or object found through a reference carries it along.
    `combined`: the value is a group's, stated for its members together ("these clusters account for 20%")."""
    antecedents = [
        f"{r.via!r} -> {r.entity_id} (named at {r.start}-{r.end})"
        for r in (subject, object_id)
        if isinstance(r, EntitySpan) and r.via not in {"mention", "demonym"}
    ]
    subject_id = subject.entity_id if isinstance(subject, EntitySpan) else subject
    obj = object_id.entity_id if isinstance(object_id, EntitySpan) else object_id
    return ClaimDraft(
        subject_id,
        predicate,
        obj,
        value,
        value_text,
        unit,
        comparator or ("eq" if value is not None else None),
        as_of,
        sentence.start,
        sentence.end,
        rule_name,
        focus,
        "; ".join(antecedents) or None,
        combined,
    )


@functools.cache
def _cue_patterns(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], ...]:
    """The literal sets every match of `pattern` meets (cues.required_literal_sets), each as one
    pattern over lowercased text."""
    return tuple(
        re.compile("|".join(map(re.escape, words))) for words in required_literal_sets(pattern)
    )


def cued(ctx: DocContext, sentence: Sentence, pattern: re.Pattern[str]) -> bool:
    """Whether `pattern` can match inside the sentence: each set of literals every match meets
    (derived from the pattern, see cues.required_literal_sets) has one there. A cheap test
    before a scan."""
    lowered, start, end = ctx.lowered, sentence.start, sentence.end
    for cues in _cue_patterns(pattern):  # noqa: SIM110  (a plain loop: runs per sentence and scan)
        if cues.search(lowered, start, end) is None:
            return False
    return True


def _after(ctx: DocContext, pos: int, n: int = 60) -> str:
    return ctx.folded[pos : pos + n]


def _before(ctx: DocContext, pos: int, n: int = 60) -> str:
    return ctx.folded[max(0, pos - n) : pos]


def _nearest_before(
    ctx: DocContext,
    sentence: Sentence,
    pos: int,
    types: tuple[str, ...],
    lo: int | None = None,
    skip_locative: bool = False,
) -> EntitySpan | None:
    """The closest mention before `pos` in the clause, when it is of one of `types`. With
    `skip_locative`, places set off as a location (", in western Shenzhen,") are passed over."""
    if lo is None:
        lo, _ = ctx.clause(sentence, pos)
    preceding = list(ctx.mentions_between(lo, pos))
    if skip_locative:
        preceding = [
            m
            for m in preceding
            if not (
                re.search(
                    r",\s+(?:in|near|off)\s+(?:\w+\s+)?$",
                    ctx.folded[max(lo, m.start - 25) : m.start],
                    re.IGNORECASE,
                )
                and re.match(r"^\s*,", ctx.folded[m.end : m.end + 3])
            )
            and not (
                ctx.folded[m.start - 1 : m.start] == "(" and ctx.folded[m.end : m.end + 1] == ")"
            )
        ]
    # "the newly added FTZ in Beijing will occupy ...", "the largest base in China, where ...":
    # a place that locates the noun before it is not what the figure or epithet is about
    preceding = [
        m
        for m in preceding
        if not _locates_a_noun(ctx, lo, m)
        # "the Nanopolis Suzhou will be built with ...": the project acts, not the place
        and not (
            any(ctx.type_of(e) in NAMED_PLACES for e in m.entity_ids)
            and ctx.inside_longer_name(sentence, m)
        )
    ]
    if not preceding:
        return None
    nearest = preceding[-1]
    pronoun = CLAUSE_IT.search(ctx.folded, nearest.end, pos)
    if pronoun is not None:
        # "Nansha is a district of Guangzhou; it has a total area of ...": the new clause's "it"
        # is its subject, not the last place named before it
        found = ctx.resolve_reference(sentence, "it", pronoun.start("it"))
        return found if found and ctx.type_of(found.entity_id) in types else None
    if len(preceding) > 1 and NAME_IN_PLACE.fullmatch(ctx.folded, preceding[-2].end, nearest.start):
        nearest = preceding[-2]  # "Suzhou in China, known as ...": the place only locates Suzhou
    entity_id = ctx.pick(nearest, types)
    return EntitySpan.of(nearest, entity_id) if entity_id else None


# "Suzhou in China", "the Tokyo/Yokohama STC in Japan": a place after "in" right behind a name
NAME_IN_PLACE = re.compile(r"(?:\s+(?-i:[A-Z])[\w&/-]*)?\s+in\s+(?:the\s+)?", re.IGNORECASE)
# "...; it has", "..., and it covers": a pronoun opening a new clause is that clause's subject
CLAUSE_IT = re.compile(
    r"(?:;|,\s+(?:and|but|while)|\s+and)\s+(?P<it>it)\s+(?!is\s+said)", re.IGNORECASE
)
# "the newly added FTZ in Beijing will occupy ...", "Xinglong Lake in Tianfu New Area": a place after
# a preposition right behind a word that is no verb locates that word's thing, which the figure is
# about; after a verb ("is located in", "was built in", "lies in") the place may be the subject's
NOUN_IN_PLACE = re.compile(
    r"\b(?P<w>[a-z][\w-]*)\s+(?:in|at|on|near|around|inside|within)\s+(?:the\s+)?$", re.IGNORECASE
)
NOT_A_NOUN = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "lies",
        "lie",
        "lying",
        "sits",
        "sit",
        "sitting",
        "set",
        "up",
        "out",
        "and",
        "or",
        "but",
        "also",
        "both",
        "only",
        "mainly",
        "even",
        "especially",
        "including",
        "except",
        "all",
        "each",
        "respectively",
        "while",
        "area",
    ]
)


# "listed on China's National Equities Exchange and Quotations, ... and 1,058 high-tech firms": a
# place whose possessive opens the name of a body the gazetteer lacks only says whose body it is
OWNED_NAME = re.compile(r"['’]s\s+(?:the\s+)?(?-i:[A-Z])[\w&-]*\s+(?-i:[A-Z])[\w&-]*")


def owns_a_name(ctx: DocContext, mention: Mention | EntitySpan, pos: int) -> bool:
    """The mention's possessive opens, before `pos`, a capitalised name no mention covers."""
    owned = OWNED_NAME.match(ctx.folded, mention.end, pos)
    return owned is not None and not ctx.mentions_between(mention.end, owned.end())


# "in Guangzhou's Development District", "Shenzhen's Yuehai district, home to ...": the owner's
# possessive opens the name of a place the gazetteer lacks, which is the place the text means
OWNED_PLACE = re.compile(
    r"['’]s\s+(?:the\s+)?(?-i:[A-Z])[\w&-]*(?:\s+(?-i:[A-Z])[\w&-]*|\s+(?:sub-?district|district|"
    r"zone|new\s+area|area|park|town|township|county|village|quarter)\b)"
)


def owns_unknown_place(ctx: DocContext, mention: Mention | EntitySpan, limit: int) -> bool:
    """The place `mention` only owns a place named after it that no mention covers."""
    owned = OWNED_PLACE.match(ctx.folded, mention.end, limit)
    return owned is not None and not ctx.mentions_between(mention.end, owned.end())


def _locates_a_noun(ctx: DocContext, lo: int, mention: Mention) -> bool:
    m = NOUN_IN_PLACE.search(ctx.folded, max(lo, mention.start - 40), mention.start)
    if m is None:
        return False
    word = m.group("w").lower()
    return word not in NOT_A_NOUN and not word.endswith("ed") and not word.endswith("ing")


def _grouped_by_headquarters(ctx: DocContext, heading: Sentence) -> bool:
    """Some line before the heading says the lists group firms by where their headquarters are."""
    before = ctx.sentences[max(0, ctx.position(heading) - 12) : ctx.position(heading)]
    return any(
        re.search(r"\bheadquarter", s.text, re.IGNORECASE)
        and re.search(r"\b(?:lists?|below|by (?:the )?city|grouped?)\b", s.text, re.IGNORECASE)
        for s in before
    )


def _first_of(
    ctx: DocContext, mentions: list[Mention], types: tuple[str, ...]
) -> EntitySpan | None:
    for m in mentions:
        entity_id = ctx.pick(m, types)
        if entity_id:
            return EntitySpan.of(m, entity_id)
    return None


NEGATION = re.compile(r"\b(?:not|never|no longer|neither|nor)\b|n't\b", re.IGNORECASE)


def _negated(ctx: DocContext, sentence: Sentence, pos: int) -> bool:
    """A negation in the few words before a verb: 'has not moved', 'is no longer based'."""
    lo, _ = ctx.clause(sentence, pos)
    return bool(NEGATION.search(ctx.folded[max(lo, pos - 25) : pos]))


def _list_year(ctx: DocContext, sentence: Sentence) -> str | None:
    """A bullet takes the year its list is introduced with ("figures for the end of 2022:"), or
    the year an earlier line gives for all the figures ("Counts are for the end of 2022.")."""
    if not sentence.is_list_item:
        return None
    intro = ctx.list_intro(sentence, 1)
    year = ctx.sentence_year(intro[0]) if intro else None
    if year:
        return year
    for s in reversed(ctx.sentences[: ctx.position(sentence)]):
        if re.search(
            r"\b(?:figures|counts|numbers|data|statistics)\b[^.]{0,30}\b(?:are|refer to|as of|for)\b",
            s.text,
            re.IGNORECASE,
        ):
            return ctx.sentence_year(s)
    return None


def _continued_year(ctx: DocContext, sentence: Sentence) -> str | None:
    """'At the end of 2022 the city counted ... It also had ...': an enumeration continued with
    'also' keeps the year of the sentence before."""
    if not re.search(r"^\W*(?:\w+\s+){0,3}also\b", sentence.text, re.IGNORECASE):
        return None
    previous = ctx.before_in_paragraph(sentence, 1)
    return ctx.sentence_year(previous[0]) if previous else None


def _opening_reference(
    ctx: DocContext,
    sentence: Sentence,
    types: tuple[str, ...],
    before: int | None = None,
) -> EntitySpan | None:
    """'The region covers ...', 'The city has ...': a reference phrase opening the sentence; with
    `before`, one right after an opening phrase that ends before that position ('Founded in
    1991, the zone covers ...')."""
    if before is None:
        opening, window_end = r"^\W*", sentence.start + 30
    else:
        opening, window_end = r"^[^,;:]{3,60},\s+", before
    m = re.match(
        opening + r"(?P<ref>" + REFERENCE_RE.pattern + r")\b",
        ctx.folded[sentence.start : window_end],
        re.IGNORECASE,
    )
    if (
        not m
        or m.group("ref").lower() == "its"
        or not set(REFERENCES[m.group("ref").lower()]) & set(types)
    ):
        return None
    at = sentence.start if before is None else sentence.start + m.start("ref")
    resolved = ctx.resolve_reference(sentence, m.group("ref"), at)
    return resolved if resolved and ctx.type_of(resolved.entity_id) in types else None


def _cluster_capable(ctx: DocContext, mention: Mention) -> str | None:
    return ctx.pick(mention, ("cluster",))


def _value(q: Quantity) -> float:
    return float(q.value)


TARGET_CUE = re.compile(
    r"\b(?:plans?|planning|aims?|aiming|targets?|goal|will|expected|expects?|set to|seeks?|intends?|pledged?|wants?|hopes?|vows?|keep)\b",
    re.IGNORECASE,
)
BY_YEAR = re.compile(
    r"\b(?:by|through|until|till)\s+(?:the\s+end\s+of\s+)?"
    # "by the end of the 14th Five-Year Plan (2021-2025)": the plan period's last year
    r"(?:(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)\s+)?Five-Year\s+Plan\s+(?:period\s+)?"
    r"\(\s*20\d{2}\s*[-\u2013\u2014]\s*)?(?P<year>20\d{2})\b",
    re.IGNORECASE,
)


# "set 2023 goals for innovation, with R&D spending at 4% of GDP", "its targets for 2025: ...":
# the values after a goal named with its year are goals for that year, not what was reached
GOAL_FOR_YEAR = re.compile(
    r"\b(?P<year>20\d{2})(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?(?:goals?|targets?|objectives?)\b"
    r"(?!\s+(?:was|were|has\s+been|have\s+been)\s+(?:met|achieved|reached|hit|exceeded|surpassed))",
    re.IGNORECASE,
)
GOAL_MET_BEFORE = re.compile(
    r"\b(?:met|meets|achieved|achieves|fulfilled|fulfils|fulfills|exceeded|exceeds|surpassed|"
    r"completed|hit|reached|beat)\s+(?:all\s+|most\s+)?(?:of\s+)?(?:its|their|the|his|her)?\s*$",
    re.IGNORECASE,
)
GOAL_FOR_YEAR_AFTER = re.compile(
    r"\b(?:goals?|targets?|objectives?)\s+(?:for|of)\s+(?:the\s+year\s+)?(?P<year>20\d{2})\b",
    re.IGNORECASE,
)


def goal_named_before(sentence: Sentence, q: Quantity) -> re.Match | None:
    """A goal named with its year before the number `q` in its sentence ("set 2023 goals ...",
    "targets for 2025: ..."): the number is one of those goals."""
    text = sentence.text[: max(0, q.start - sentence.start)]
    found = [
        m
        for p in (GOAL_FOR_YEAR, GOAL_FOR_YEAR_AFTER)
        for m in p.finditer(text)
        if not GOAL_MET_BEFORE.search(text, 0, m.start())  # "met its 2020 goals, with ...": done
    ]
    return max(found, key=lambda m: m.start()) if found else None


def _is_target(ctx: DocContext, sentence: Sentence, q: Quantity) -> re.Match | None:
    goal = goal_named_before(sentence, q)
    if goal is not None:
        return goal
    key = ("target", sentence.start)
    by = ctx.memo.get(key, False)
    if by is False:
        by = BY_YEAR.search(sentence.text)
        if by and not TARGET_CUE.search(sentence.text):
            by = None
        ctx.memo[key] = by
    if by and sentence.start + by.start() > q.start:
        return by
    # "By the end of 2025, Hefei plans to double its GDP to ...": the year opens the sentence
    # (past an attribution) and a plan word stands between it and the number
    if (
        by
        and re.fullmatch(
            r"\W*(?:according\s+to\s+[^,;]{1,40},\s*)?", sentence.text[: by.start()], re.I
        )
        and TARGET_CUE.search(sentence.text, by.end(), q.start - sentence.start)
    ):
        return by
    return None


# "was approved to construct a national pilot zone ... and two state key laboratories": leave to
# build something, which the place does not have yet (and is not designated as)
PERMITTED_TO_BUILD = re.compile(
    r"\b(?:approved|allowed|permitted|authori[sz]ed|cleared|selected|chosen)\s+"
    r"(?:(?:in|on)\s+(?:\w+\s+)?\d{4}\s+)?to\s+"
    r"(?:build|construct|establish|set\s+up|create|develop|launch|open)\b",
    re.IGNORECASE,
)


RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)


def _respectively_runs(ctx: DocContext, sentence: Sentence) -> list[list[Quantity]]:
    """Coordinated runs of two or more numbers in a sentence that says 'respectively'."""
    key = ("respectively", sentence.start)
    runs = ctx.memo.get(key)
    if runs is None:
        runs = ctx.memo[key] = _find_respectively_runs(ctx, sentence)
    return runs


def _find_respectively_runs(ctx: DocContext, sentence: Sentence) -> list[list[Quantity]]:
    if not cued(ctx, sentence, RESPECTIVELY) or not RESPECTIVELY.search(sentence.text):
        return []
    numbers = [q for q in ctx.quantities_in(sentence) if q.kind in {"cardinal", "percent", "money"}]
    runs: list[list[Quantity]] = []
    for q in numbers:
        start = q.comparator_start if q.comparator_start is not None else q.start
        if runs and re.fullmatch(r"\s*(?:,|and|, and)\s*", ctx.folded[runs[-1][-1].end : start]):
            runs[-1].append(q)
        else:
            runs.append([q])
    return [r for r in runs if len(r) > 1]


# "Boston in Massachusetts and San Francisco, California": a place name set after a member
COORDINATED_ASIDE = re.compile(
    r"(?:\s+in\s+|,\s*)(?-i:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)\s*(?:,|and|, and)\s*(?:the\s+)?"
)


def _subjects_before(
    ctx: DocContext,
    sentence: Sentence,
    pos: int,
    n: int,
    types: tuple[str, ...],
    asides: bool = False,
) -> list[EntitySpan]:
    """The last `n` coordinated mentions of `types` before `pos` ('Wuhan and Xiangyang are to host');
    with `asides`, a member may carry a place name after it ('Boston in Massachusetts and ...')."""
    found: list[EntitySpan] = []
    for m in reversed(ctx.mentions_between(sentence.start, pos)):
        entity_id = ctx.pick(m, types)
        if entity_id is None:
            if found:
                break
            continue
        gap = ctx.folded[m.end : found[-1].start] if found else ""
        if found and not (
            re.fullmatch(r"\s*(?:,|and|, and)\s*(?:the\s+)?", gap)
            or (asides and COORDINATED_ASIDE.fullmatch(gap))
        ):
            break
        found.append(EntitySpan.of(m, entity_id))
        if len(found) == n:
            break
    return found[::-1] if len(found) == n else []


def _in_respectively_run(ctx: DocContext, sentence: Sentence, q: Quantity) -> bool:
    return any(q.start == x.start for run in _respectively_runs(ctx, sentence) for x in run)


LIST_GAP = re.compile(
    r"^\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)(?:the\s+)?$", re.IGNORECASE
)


def _typed(ctx: DocContext, mentions: list[Mention], types: tuple[str, ...]) -> list[EntitySpan]:
    """The mentions that can be an entity of `types`, as that entity."""
    out = []
    for m in mentions:
        entity_id = ctx.pick(m, types)
        if entity_id:
            out.append(EntitySpan.of(m, entity_id))
    return out


def coordinated(
    ctx: DocContext, mentions: list[Mention], index: int, types: tuple[str, ...], backwards: bool
) -> list[EntitySpan]:
    """The list 'A, B and C' that mention `index` belongs to, walking back or forward."""
    out = []
    step = -1 if backwards else 1
    i = index
    while 0 <= i < len(mentions):
        entity_id = ctx.pick(mentions[i], types)
        if entity_id is None:
            break
        out.append(EntitySpan.of(mentions[i], entity_id))
        j = i + step
        if not 0 <= j < len(mentions):
            break
        a, b = (mentions[j], mentions[i]) if backwards else (mentions[i], mentions[j])
        gap = ctx.folded[a.end : b.start]
        if not (
            LIST_GAP.match(gap)
            or re.fullmatch(
                r"\s*(?:,\s*)?(?:and\s+)?(?:the\s+)?(?:\w+\s+)?(?:municipality|municipalities|provinces?|cities|city|SARs?|special administrative regions?)\s+of\s+",
                gap,
                re.IGNORECASE,
            )
        ):
            break
        i = j
    return out[::-1] if backwards else out


def _innermost_possessive(
    ctx: DocContext, mentions: list[Mention], index: int, types: tuple[str, ...]
) -> EntitySpan | None:
    """'Shenzhen's Nanshan district' names Nanshan: follow possessives to the innermost place."""
    found = None
    i = index
    while i < len(mentions):
        entity_id = ctx.pick(mentions[i], types)
        if entity_id is None:
            break
        found = EntitySpan.of(mentions[i], entity_id)
        if i + 1 < len(mentions) and re.fullmatch(
            r"'s\s+", ctx.folded[mentions[i].end : mentions[i + 1].start]
        ):
            i += 1
            continue
        break
    return found


def _located(
    sentence: Sentence,
    inner: EntitySpan,
    outer: EntitySpan,
    rule_name: str,
    ctx: DocContext,
) -> ClaimDraft | None:
    """`inner` located in `outer`, when `outer` is the larger place."""
    inner_id, outer_id = inner.entity_id, outer.entity_id
    if inner_id == outer_id or LEVEL[ctx.type_of(inner_id)] >= LEVEL[ctx.type_of(outer_id)]:
        return None
    return draft(
        sentence,
        rule_name,
        inner_id,
        "located_in",
        object_id=outer,
        focus=(min(inner.start, outer.start), max(inner.end, outer.end)),
    )


def placed_elsewhere(ctx: DocContext, inner_id: str, outer_id: str) -> bool:
    """The gazetteer puts `inner_id` under a city or province that is not `outer_id` and never
    reaches `outer_id` ("Songjiang District" is Shanghai's, whatever a list's "in Zhejiang" says)."""
    chain, seen = [], inner_id
    while (seen := ctx.parent_of(seen)) is not None and seen not in chain:
        chain.append(seen)
    return outer_id not in chain and any(ctx.type_of(p) in ("city", "province") for p in chain)


GROUP_GAP = re.compile(r"\s*(?:,|;)?\s*(?:and|as well as|plus)?\s*$", re.IGNORECASE)


def possessive_groups(
    ctx: DocContext, mentions: list[Mention], index: int
) -> list[tuple[EntitySpan, EntitySpan]]:
    """ "Zhejiang's Jiaxing, Hangzhou and Huzhou, Jiangsu's Suzhou, as well as Anhui's Hefei":
    each city of the list with the province whose possessive heads its group, from mention
    `index` (a province) on. A city the gazetteer places in another province ends the list: the
    possessive is then not a location ("Zhejiang's rival Shanghai")."""
    out: list[tuple[EntitySpan, EntitySpan]] = []
    i = index
    while i + 1 < len(mentions):
        province = ctx.pick(mentions[i], ("province",))
        # (a first name the gazetteer lacks may open the group: "Anhui's Xuancheng, Wuhu and Hefei")
        if province is None or not re.fullmatch(
            r"['’]s\s+(?:[A-Z][\w'-]+,\s+)?", ctx.folded[mentions[i].end : mentions[i + 1].start]
        ):
            break
        outer = EntitySpan.of(mentions[i], province)
        cities = coordinated(ctx, mentions, i + 1, ("city",), backwards=False)
        if not cities:
            break
        for city in cities:
            if ctx.parent_of(city.entity_id) not in (None, province):
                return out
            out.append((city, outer))
        last = next(j for j, m in enumerate(mentions) if m.start == cities[-1].start)
        i = last + 1
        if i >= len(mentions) or not GROUP_GAP.fullmatch(
            ctx.folded[mentions[last].end : mentions[i].start]
        ):
            break
    return out


# What a verb after a run of names is said of, past the places that only locate the thing:
# "the Pudong New Area in Shanghai was launched" (Pudong New Area), "Pudong, Shanghai, was ..."
# (Pudong), "Pudong New Area, the first new area in China, was established" (past the apposition)
LOCATING_LINK = re.compile(r"\s+(?:in|at)\s+(?:the\s+)?|,\s*", re.IGNORECASE)
APPOSITION_LINK = re.compile(r",\s+(?:the|an?)\s+[^,;()\"]{1,80}?\s+(?:in|of|at)\s+(?:the\s+)?")
RELATIVE_LINK = re.compile(
    r",\s+whose\s+[^,;()]{1,40}?\s+(?:was|is|were|are)\s+(?:the\s+)?", re.IGNORECASE
)
AFTER_IN = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)
LOCATING_PLACES = ("city", "province", "country", "sar", "district")


def located_head(ctx: DocContext, mentions: list[Mention], pos: int) -> int | None:
    """The index in `mentions` (the names before a verb at `pos`, the last one nearest) of the
    name the verb is said of: the last name, or the one a locating place after it belongs to
    ("X in Shanghai", "X, Shanghai,", "X, the first Y in China,"). None when the nearest name
    is only where an unnamed thing is ("one in Pudong was launched", "a park at X University")."""
    k = len(mentions) - 1
    while k >= 0:
        after_in = AFTER_IN.search(ctx.folded, max(0, mentions[k].start - 8), mentions[k].start)
        then_comma = ctx.folded[mentions[k].end : pos].lstrip().startswith(",")
        place_then_comma = then_comma and ctx.pick(mentions[k], LOCATING_PLACES)
        # "X, whose predecessor was Y, was set up": Y is in a relative clause about X
        relative = (
            then_comma
            and k > 0
            and RELATIVE_LINK.fullmatch(ctx.folded[mentions[k - 1].end : mentions[k].start])
        )
        if not (after_in or place_then_comma or relative):
            break
        gap = ctx.folded[mentions[k - 1].end : mentions[k].start] if k > 0 else ""
        if k > 0 and (
            LOCATING_LINK.fullmatch(gap)
            or APPOSITION_LINK.fullmatch(gap)
            or RELATIVE_LINK.fullmatch(gap)
        ):
            k -= 1
            continue
        if after_in:
            return None  # "a park at Tsinghua University was set up": the park is unnamed
        break
    return k if k >= 0 else None


# ---------------------------------------------------------------------------------------------
# A place that is not the actor of its clause (prec2, #18 item 4): shared by the goal, money,
# area and count rules.
# "established in Beijing", "with Huangqiao Community in Suzhou's ...": a place set after a
# preposition says where, not who
PLACE_PREPOSITION = re.compile(
    r"\b(?:in|at|from|to|into|near|across|within|inside|around|throughout)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def starts_longer_name(ctx: DocContext, sentence: Sentence, subject: EntitySpan) -> bool:
    """`subject` (a place named in the text) is the first word of a longer name the gazetteer
    lacks: "Suzhou HuaYiRunLiang plans to invest ...", "The Urumqi High-Tech Industrial Zone was
    ...": the company or zone of that name acts, not the place. A capitalised word with a lower
    case letter right after the name, that starts no mention of its own, is part of the name;
    headings (title case) and acronyms ("Shenzhen R&D") say nothing."""
    if subject.via != "mention":
        return False
    return ctx.starts_longer_name(sentence, Mention(subject.start, subject.end, "", ()))


def place_set_after_preposition(ctx: DocContext, sentence: Sentence, subject: EntitySpan) -> bool:
    """`subject` is named after a preposition ("in Beijing") or as the possessor of another name
    ("in Suzhou's Xiangcheng District"): where something is, not who acts."""
    if subject.via != "mention":
        return False
    before = ctx.folded[max(sentence.start, subject.start - 12) : subject.start]
    return bool(PLACE_PREPOSITION.search(before)) or bool(
        re.match(r"['’]s\s+[A-Z]", ctx.folded[subject.end : subject.end + 4])
    )
