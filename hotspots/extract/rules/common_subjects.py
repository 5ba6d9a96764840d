"""Shared rule helpers that find what a figure or verb is said of: the nearest fitting mention
before it in its clause, a reference opening the sentence, and the places that only say where
(after a preposition, owning a longer name, starting a name the gazetteer lacks)."""

from __future__ import annotations

import re

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.context_references import (
    PLURAL_NOUNS,
    PLURAL_REFERENCE_RE,
    REFERENCE_RE,
    REFERENCES,
)
from hotspots.extract.context_subjects import NAMED_PLACES
from hotspots.extract.mentions import Mention
from hotspots.extract.segment import Sentence


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
                    # ", in western Shenzhen,", ", based in Shanghai,", ", located in Pudong,"
                    # (", located in central and western Inner Mongolia,")
                    r",\s+(?:(?:based|located|situated|headquartered)\s+)?(?:in|near|off)\s+"
                    r"(?:\w+\s+(?:(?:and|or)\s+\w+\s+)?)?$",
                    ctx.folded[max(lo, m.start - 45) : m.start],
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
    if len(preceding) > 1 and (
        NAME_IN_PLACE.fullmatch(ctx.folded, preceding[-2].end, nearest.start)
        or NAME_OF_PLACE.fullmatch(ctx.folded, preceding[-2].end, nearest.start)
    ):
        # "Suzhou in China, known as ...", "the Zhangjiang Hi-Tech Park of Shanghai covers": the
        # place only locates the name before it
        nearest = preceding[-2]
    entity_id = ctx.pick(nearest, types)
    return EntitySpan.of(nearest, entity_id) if entity_id else None


# "Suzhou in China", "the Tokyo/Yokohama STC in Japan": a place after "in" right behind a name
NAME_IN_PLACE = re.compile(r"(?:\s+(?-i:[A-Z])[\w&/-]*)?\s+in\s+(?:the\s+)?", re.IGNORECASE)
NAME_OF_PLACE = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?")
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


def opening_group(
    ctx: DocContext, sentence: Sentence, types: tuple[str, ...]
) -> tuple[tuple[int, int], list[EntitySpan]] | None:
    """'The three cities cover ...', 'In 2014, the two provinces had ...': a plural reference
    opening the sentence (past an opening adverbial), and the members it points back to, each
    carrying the phrase; None when there is none or it points to no list of `types`. A figure
    the sentence then states is the group's (a combined claim for each member)."""
    lead = re.match(
        r"\W*(?:(?:in|by|as\s+of)\s+[^,;]{1,30},\s*)?",
        ctx.folded[sentence.start : sentence.end],
        re.I,
    )
    ref = PLURAL_REFERENCE_RE.match(ctx.folded, sentence.start + lead.end(), sentence.end)
    if ref is None or not set(PLURAL_NOUNS[ref.group("noun").lower()]) & set(types):
        return None
    members = [m for m in ctx.plural_reference(sentence, ref) if ctx.type_of(m.entity_id) in types]
    if len(members) < 2:
        return None
    phrase = ref.group(0)
    return ref.span(), [EntitySpan(m.entity_id, m.start, m.end, via=phrase) for m in members]


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


# an opening phrase that states figures of the subject named after its comma ("With a population of
# over 32 million, it is ...", "Covering 82,402 square kilometers and with ..., Chongqing is ...")
FIGURES_OPENING = re.compile(
    r"\W*(?:With|Having|Covering|Spanning|Boasting|Occupying|Home\s+to)\b", re.IGNORECASE
)
IT_OR_REFERENCE = re.compile(r"(?P<ref>it|" + REFERENCE_RE.pattern + r")\s", re.IGNORECASE)
CLOSING_COMMA = re.compile(r",\s+")


def subject_after_figures_opening(
    ctx: DocContext, sentence: Sentence, figure_end: int, types: tuple[str, ...]
) -> EntitySpan | None:
    """The subject after the comma that closes an opening phrase of figures, when the figure at
    `figure_end` is in that phrase: a name, or a reference resolved to what it points back to."""
    if not FIGURES_OPENING.match(ctx.folded, sentence.start, figure_end):
        return None
    comma = CLOSING_COMMA.search(ctx.folded, figure_end, sentence.end)
    if comma is None:
        return None
    at = comma.end()
    named = ctx.mentions_between(at, sentence.end)
    if named and re.fullmatch(r"(?:the\s+)?", ctx.folded[at : named[0].start], re.IGNORECASE):
        entity_id = ctx.pick(named[0], types)
        return EntitySpan.of(named[0], entity_id) if entity_id else None
    ref = IT_OR_REFERENCE.match(ctx.folded, at)
    if ref is None or ref["ref"].lower() == "its":
        return None
    resolved = ctx.resolve_reference(sentence, ref["ref"], sentence.start)
    return resolved if resolved and ctx.type_of(resolved.entity_id) in types else None
