"""Whose area a figure is: the sentence's subject past openings and asides ("Covering 79 km2,
the park ...", a dash aside, a locative opening), the topic of the sentence before, a sized
reference ("the 20 sq km zone") and a label line under a place's name; and the names that are
no owner (the start of a longer name, an area named after a place)."""

from __future__ import annotations

import re

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.context_references import REFERENCES
from hotspots.extract.rules.common_subjects import (
    _nearest_before,
    _opening_reference,
    starts_longer_name,
)
from hotspots.extract.rules.location_patterns import NEAR_LANDMARKS
from hotspots.extract.segment import Sentence
from hotspots.extract.types import PLACES

AREA_TYPES = ("park", "district", "city", "policy_region", "province", "cluster")
# "X was approved to be built based on Y with a planning area of 42 square kilometers": Y is what
# X grew from, the figure is X's
BASIS_BEFORE = re.compile(
    r"\b(?:based\s+on|on\s+the\s+basis\s+of|built\s+on|upgraded\s+from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "Located in Wuhan's East Lake zone, ..., the science city covers ...": the place of the opening
# phrase is where the subject lies, not the subject
LOCATIVE_OPENING = re.compile(
    r"^\W*(?:Located|Situated|Lying|Nestled|Based|Sitting)\s+(?:in|at|on|near|within|inside)\b",
    re.IGNORECASE,
)
# "Covering about 185,000 square kilometers, the Chengdu-Chongqing economic circle had ...": an
# opening participle whose figure belongs to the subject after the comma
COVERING_OPENING = re.compile(r"^\W*(?:Covering|Spanning|Occupying|With)\b[^,;]*$", re.IGNORECASE)
COVERING_WHERE = re.compile(r"\s+(?:in|on|along|across)\s+(?:the\s+)?[^,;]{2,60},", re.IGNORECASE)
SECOND_AREA_OPENING = re.compile(
    r"\s+and\s+(?:(?:a|an)\s+(?:sea|water|marine|urban|built-up)\s+area"
    # "Covering 82,402 square kilometers and with a population of over 32 million, it is ..."
    r"|with\s+(?:a|an)\s+(?:(?:total|permanent|resident)\s+)?population)\s+of\s+[^,;]{1,30},",
    re.IGNORECASE,
)
# "X, which includes nine cities ... – Guangzhou, ..., covers 56,000 square kilometers": the
# places of an aside are members, the sentence's first place is the subject; a list brought in
# by "including" needs no comma ("the nine cities including ... and Hefei, with a total area of")
ASIDE = re.compile(
    r",\s+(?:which|that)\b|(?:,\s+|\s+)(?:including|namely|such as|comprising|consisting of)\b",
    re.IGNORECASE,
)
# "Nansha is the most southerly district of Guangzhou city, ...; it has a total area of": 'it'
# after a clause break is the clause's subject, not the last place named
IT_HAS = re.compile(
    r"[;,]\s+(?:and\s+)?it\s+(?:now\s+)?(?:has|had|covers|covered|spans|spanned|occupies|"
    r"occupied|encompasses|encompassed)\b[^,;]{0,40}$",
    re.IGNORECASE,
)
DESCRIBED_SUBJECT = re.compile(r"\s+(?:is|was|lies|lay|sits|remains|has\s+long\s+been)\b")


DASH = re.compile(r"\s(?:[–—-]|--)\s")  # the folded text writes en and em dashes as "-"


def _in_dash_aside(ctx: DocContext, subject: EntitySpan, pos: int) -> bool:
    """`subject` is named between two dashes that both come before `pos`: a list or aside of
    members ('nine cities – A, B and C –'), not the place the figure after it belongs to."""
    opened = list(DASH.finditer(ctx.folded, max(0, subject.start - 300), subject.start))
    closed = DASH.search(ctx.folded, subject.end, pos)
    if not (opened and closed):
        return False
    # a list of several places; one name between dashes is an apposition of the subject
    # ("the East Lake zone — better known as Optics Valley — covers ...")
    return len(ctx.mentions_between(opened[-1].end(), closed.start())) >= 2


# "Qingdao (Laoshan) Science and Technology City": a place, a place in parentheses, then more of
# a name
PARENTHESISED_NAME_PART = re.compile(r"\s*\([A-Z][\w-]*\)\s+[A-Z][a-z]")


def _starts_longer_name(ctx: DocContext, sentence: Sentence, subject: EntitySpan) -> bool:
    """`subject` begins the name of something else the gazetteer lacks (rules.common_subjects), also
    when a place in parentheses follows it inside the name."""
    return starts_longer_name(ctx, sentence, subject) or (
        subject.via == "mention"
        and PARENTHESISED_NAME_PART.match(ctx.folded, subject.end, sentence.end) is not None
    )


# "expanded from the Huli area of 2.5 square kilometers": a bare place name before a lower-case
# "area" names a locality called after the place, not the place ("the Songbei District area is
# ...", with the type word, is the district's own area)
AREA_NAMED_AFTER = re.compile(r"\s+area\b(?!\s+[A-Z])")
TYPE_WORD_END = re.compile(r"\b(?:district|city|county|province|municipality|region)$", re.I)


def _area_named_after(ctx: DocContext, subject: EntitySpan) -> bool:
    name = ctx.folded[subject.start : subject.end]
    return (
        subject.via == "mention"
        and re.search(r"\bthe\s+$", ctx.folded[max(0, subject.start - 6) : subject.start], re.I)
        is not None
        and AREA_NAMED_AFTER.match(ctx.folded, subject.end) is not None
        and TYPE_WORD_END.search(name) is None
    )


def _in_locative_opening(ctx: DocContext, subject: EntitySpan) -> bool:
    """A reference resolved to a place named in the locative opening of its sentence ('Located
    in Laoshan District, ...'): where the sentence's subject lies, never what 'it' points to."""
    own = next((s for s in ctx.sentences if s.start <= subject.start < s.end), None)
    if own is None or not LOCATIVE_OPENING.match(own.text):
        return False
    comma = ctx.folded.find(",", own.start, own.end)
    return 0 <= subject.start < comma


def _area_subject(ctx: DocContext, sentence: Sentence, q) -> EntitySpan | None:
    """The place whose area `q` is, or None when the sentence does not say it plainly."""
    head = ctx.folded[sentence.start : q.start]
    # "Covering a land area of 124,000 km2 and a sea area of 136,000 km2, Fujian is ...": a
    # second figure in the opening is another measure (the sea's), the first is the place's
    if COVERING_OPENING.match(head) and (
        re.match(r"^\s*,", ctx.folded[q.end : q.end + 3])
        or SECOND_AREA_OPENING.match(ctx.folded, q.end, sentence.end)
        # "Covering 56,000 square km in the Pearl River Delta, the Greater Bay Area is ...":
        # where the area lies, then the subject after the comma
        or COVERING_WHERE.match(ctx.folded, q.end, sentence.end)
    ):
        lo = q.end
        comma = ctx.folded.find(",", q.end, sentence.end)
        found = ctx.subject(sentence, AREA_TYPES, after=comma + 1 if comma >= 0 else lo)
        return found
    it_has = IT_HAS.search(head)
    if it_has:
        # only when the first clause describes its subject ("Nansha is the most southerly
        # district ...; it has"): after "Shenzhen opened a new port; it covers" 'it' is the port
        found = ctx.subject(sentence, AREA_TYPES, before=sentence.start + it_has.start())
        if found is None or not DESCRIBED_SUBJECT.match(ctx.folded, found.end, q.start):
            return None
        if ctx.folded[sentence.start : found.start].strip(" \t\"'“").lower() not in ("", "the"):
            return None
        return found
    its = re.search(r"\bits\s+$", head)
    if its:
        return ctx.resolve_reference(sentence, "its", sentence.start + its.start())
    subject = _opening_reference(ctx, sentence, AREA_TYPES) or _nearest_before(
        ctx, sentence, q.start, PLACES, lo=sentence.start, skip_locative=True
    )
    if subject is not None and LOCATIVE_OPENING.match(head):
        opening_end = ctx.folded.find(",", sentence.start, q.start)
        if (
            opening_end < 0
            or subject.start < opening_end
            or re.search(
                r",\s+(?:also\s+)?known\s+as\b", ctx.folded[subject.start - 40 : subject.start]
            )
        ):
            subject = _opening_reference(ctx, sentence, AREA_TYPES, q.start)
    if subject is not None and _area_named_after(ctx, subject):
        return None  # "expanded from the Huli area of 2.5 km2": a locality, not the district
    if subject is not None and _starts_longer_name(ctx, sentence, subject):
        return None  # "Qingdao (Laoshan) Science and Technology City was approved ...": the city's
    if subject is not None and subject.via != "mention" and _in_locative_opening(ctx, subject):
        return None  # "Located in Laoshan District, X is ... It was approved with ...": not 'It'
    if subject is not None and BASIS_BEFORE.search(
        ctx.folded, max(sentence.start, subject.start - 40), subject.start
    ):
        return None  # "X was approved to be built based on Y with a planning area of ...": X's
    if subject is not None and (
        near := NEAR_LANDMARKS.search(
            ctx.folded, max(sentence.start, subject.start - 120), subject.start
        )
    ):
        # "adjacent to A and B Scenic Zone and with a planning area of": never a landmark's; the
        # place named before the landmarks, whose site `_owner_of_site` may tell ("X is located
        # in the west of Sanya, adjacent to A and B and with a planning area of")
        return _nearest_before(
            ctx, sentence, near.start(), PLACES, lo=sentence.start, skip_locative=True
        )
    if subject is not None and _in_dash_aside(ctx, subject, q.start):
        return None  # "connecting nine cities – ..., Wuhu and Hefei – spanning 76,200 km2"
    if subject is not None:
        aside = ASIDE.search(ctx.folded, sentence.start, subject.start)
        if aside:
            first = ctx.subject(sentence, AREA_TYPES, before=aside.start())
            if first is None:
                return None
            subject = first
    return subject


# "The planned area of 1,795 square kilometers covers ...", "The total planned area of the park
# is 35km2": a sentence about an area, after one about the place
AREA_TOPIC = re.compile(
    r"^\W*(?:The|(?P<its>Its))\s+(?:total\s+)?(?:planned\s+|planning\s+)?(?:land\s+)?area"
    r"(?:\s+of\s+(?P<ref>the\s+[a-z]+))?\s+(?:is|was|of|stands\s+at|totals|totalled|totaled)\s+"
    r"(?:about\s+|around\s+|nearly\s+|some\s+|over\s+|more\s+than\s+)?$",
    re.IGNORECASE,
)


def _area_topic(ctx: DocContext, sentence: Sentence, q) -> EntitySpan | None:
    """'Guian New Area is located ... The planned area of 1,795 square kilometers covers ...':
    an area opening a sentence that names no place before it is the area of the place the
    sentence before is about ('of the park': of what that reference points to)."""
    start = q.comparator_start if q.comparator_start is not None else q.start
    m = AREA_TOPIC.match(ctx.folded[sentence.start : start])
    if m is None or ctx.mentions_between(sentence.start, start):
        return None
    if m.group("ref"):
        found = ctx.resolve_reference(sentence, m.group("ref"), sentence.start)
        return found if found and ctx.type_of(found.entity_id) in AREA_TYPES else None
    if m.group("its"):
        # "Its planning area is 278 km2": 'its' is the one place the sentence before is about
        previous = ctx.before_in_paragraph(sentence, 1)
        # the places it names, past those that only locate ("lies in Dongguan's north")
        named = (
            {
                e
                for x in ctx.mentions_in(previous[0])
                if (e := ctx.pick(x, AREA_TYPES))
                and not re.search(
                    r"\b(?:in|of|near|to|from)\s+(?:the\s+)?$",
                    ctx.folded[max(0, x.start - 10) : x.start],
                    re.IGNORECASE,
                )
            }
            if previous
            else set()
        )
        found = ctx.subject(previous[0], AREA_TYPES) if len(named) == 1 else None
        if found is None or found.via != "mention":
            return None
        if not re.fullmatch(r"\W*(?:the\s+)?", ctx.folded[previous[0].start : found.start], re.I):
            return None
        return found.seen_as("the sentence before")
    previous = ctx.before_in_paragraph(sentence, 1)
    found = ctx.subject(previous[0], AREA_TYPES) if previous else None
    if found is None or found.via != "mention":
        return None
    if not re.fullmatch(
        r"\W*(?:the\s+)?", ctx.folded[previous[0].start : found.start], re.IGNORECASE
    ):
        return (
            None  # the sentence before must open with the place: a name it lacks may be its subject
        )
    return found.seen_as("the sentence before")


# "The 94-square-kilometer park contains ...": the figure sizes the reference noun it stands in
SIZED_REFERENCE = re.compile(
    r"\s+(?P<noun>park|zone|district|city|area|region|town|island)\b", re.I
)


# "a core area of the 120-square-kilometer zone": a figure written as the modifier of a noun after
# "of the" sizes the whole that noun names, of which the sentence's subject is a part
OF_THE_SIZED = re.compile(r"\bof\s+the\s+$", re.IGNORECASE)


def sizes_a_whole(ctx: DocContext, sentence: Sentence, q) -> bool:
    """'... is a core area of the 120-square-kilometer zone': the figure, hyphenated before a
    reference noun after "of the", is not the area of the sentence's subject."""
    return (
        "-" in q.text
        and OF_THE_SIZED.search(ctx.folded, max(sentence.start, q.start - 10), q.start) is not None
        and SIZED_REFERENCE.match(ctx.folded, q.end, sentence.end) is not None
    )


def _sized_reference(ctx: DocContext, sentence: Sentence, q) -> EntitySpan | None:
    """'The 94-square-kilometer park contains ...', '... a core area of the 120-square-kilometer
    zone': an area between the opening "The" (or "of the") and a reference noun is the area of
    what that reference points to."""
    if not (
        re.fullmatch(r"\W*The\s+", ctx.folded[sentence.start : q.start])
        or sizes_a_whole(ctx, sentence, q)
    ):
        return None
    noun = SIZED_REFERENCE.match(ctx.folded, q.end, sentence.end)
    if noun is None:
        return None
    phrase = "the " + noun.group("noun").lower()
    if phrase not in REFERENCES:
        return None
    found = ctx.resolve_reference(sentence, phrase, sentence.start)
    return found if found and ctx.type_of(found.entity_id) in AREA_TYPES else None


# "Planned area: 86.5 km2" as a line of its own: a label and the figure, nothing else
AREA_LABEL_LINE = re.compile(
    r"\W*(?:(?:total|planned|planning|land|overall)\s+)?area\s*:\s*(?:about\s+|approximately\s+)?$",
    re.IGNORECASE,
)


def _labelled_under_name(ctx: DocContext, sentence: Sentence, q) -> EntitySpan | None:
    """'Southern Park' / 'Planned area: 86.5 km2': a labelled figure on the line right under a
    heading that is one place's name and nothing else is that place's area."""
    start = q.comparator_start if q.comparator_start is not None else q.start
    if not AREA_LABEL_LINE.fullmatch(ctx.folded, sentence.start, start):
        return None
    index = ctx.position(sentence)
    if index == 0:
        return None
    heading = ctx.sentences[index - 1]
    if not heading.is_heading or heading.paragraph != sentence.paragraph:
        return None
    named = ctx.mentions_in(heading)
    if len(named) != 1 or not re.fullmatch(
        r"\W*(?:the\s+)?",
        ctx.folded[heading.start : named[0].start],
        re.IGNORECASE,
    ):
        return None
    if ctx.folded[named[0].end : heading.end].strip(" \t:.-"):
        return None  # the heading says more than the name
    entity_id = ctx.pick(named[0], AREA_TYPES)
    return EntitySpan.of(named[0], entity_id) if entity_id else None
