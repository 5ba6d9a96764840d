"""A place, park, district or organisation located in a larger place.

The one rule, `location`, runs the shapes in a fixed order (the first to draft a claim is
recorded); the shapes live beside it: location_pairs (two names side by side, and in
location_pair_ends where such a pair ends), location_phrases (one phrase each), location_shapes,
location_hosts, location_references, location_lists and location_tables, with their patterns in
location_patterns and the checks they share in location_checks."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import ClaimDraft, cued
from hotspots.extract.rules.location_checks import (
    _china_qualifier,
    _elsewhere,
    _without_alias_glosses,
)
from hotspots.extract.rules.location_hosts import (
    _home_to,
    _including_members,
    _kind_in_place,
    _owned_examples,
    _where_located,
)
from hotspots.extract.rules.location_lists import _typed_list_members, district_lists
from hotspots.extract.rules.location_pairs import _neighbour_pairs
from hotspots.extract.rules.location_phrases import (
    _among_owned,
    _compass_of_city,
    _district_of,
    _district_of_the_city,
    _founded_in_place,
    _in_place_reference,
    _inside_there_is,
    _plural_in_place,
    _province_of_lead,
    _sub_unit_of,
)
from hotspots.extract.rules.location_references import (
    reference_in_place,
    reference_opening,
    referenced_places,
)
from hotspots.extract.rules.location_shapes import (
    OPENING_LOCATED,
    SETS_UP,
    TYPED_LIST,
    _located_past_landmark,
    _opening_participle,
    _org_of_place,
    _owned_apposition,
    _parenthesised_place,
    _place_sets_up,
)
from hotspots.extract.rules.location_tables import _location_column
from hotspots.extract.segment import Sentence


@rule(
    emits={
        **{
            name: "located_in"
            for name in (
                "possessive_location",
                "capital_of",
                "city_comma_province",
                "in_place",
                "province_of_lead",
                "district_of_the_city",
                "inside_there_is",
                "including_members",
                "owned_examples",
                "home_to",
                "where_located",
                "compass_of_city",
                "part_of_place",
                "plural_in_place",
                "kind_in_place",
                "typed_list_members",
                "parenthesised_place",
                "place_sets_up",
                "district_of",
                "in_place_reference",
                "reference_place",
                "district_list",
                "reference_located",
                "opening_participle",
                "location_column",
                "located_past_landmark",
                "reference_in_place",
                "founded_in_place",
                "apposed_place",
                "among_owned",
                "org_of_place",
                "owned_apposition",
            )
        },
        "based_in_list": "headquartered_in",
        "including_headquarters": "headquartered_in",
        "where_based": "headquartered_in",
    }
)
def location(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    mentions = _without_alias_glosses(
        ctx, [m for m in ctx.mentions_in(sentence) if not _china_qualifier(ctx, m)]
    )
    if not mentions:
        # every shape below takes the inner place, the outer or both from `mentions` (what a
        # reference points back to is only ever the other end): a sentence without a name, 40 %
        # of them, has nothing to locate
        return
    emitted: set[tuple[str, str]] = set()

    def emit(d: ClaimDraft | None) -> Iterable[ClaimDraft]:
        if d is not None and _elsewhere(ctx, d.subject_id, d.object_id):
            return  # the gazetteer puts the inner place in another place of the outer's kind
        if d is not None and (d.subject_id, d.object_id) not in emitted:
            emitted.add((d.subject_id, d.object_id))
            yield d

    yield from _neighbour_pairs(ctx, sentence, mentions, emit)
    yield from _district_of(ctx, sentence, mentions, emit)
    yield from _among_owned(ctx, sentence, mentions, emit)
    yield from _org_of_place(ctx, sentence, mentions, emit)
    yield from _owned_apposition(ctx, sentence, mentions, emit)
    yield from _sub_unit_of(ctx, sentence, mentions, emit)
    yield from _plural_in_place(ctx, sentence, mentions, emit)
    yield from _province_of_lead(ctx, sentence, mentions, emit)
    yield from _district_of_the_city(ctx, sentence, mentions, emit)
    yield from _inside_there_is(ctx, sentence, mentions, emit)
    yield from _including_members(ctx, sentence, mentions, emit)
    # "1. Zhangjiang Hi-Tech Park (Shanghai): ..."; "Suzhou set up its Suzhou Hi-tech Park"
    if "(" in ctx.folded[sentence.start : sentence.end]:
        yield from _parenthesised_place(ctx, sentence, mentions, emit)
    if "location" in ctx.lowered:
        yield from _location_column(ctx, sentence, mentions, emit)
    if cued(ctx, sentence, OPENING_LOCATED):
        yield from _opening_participle(ctx, sentence, mentions, emit)
    if cued(ctx, sentence, SETS_UP):
        yield from _place_sets_up(ctx, sentence, mentions, emit)
    # "It has jurisdiction over 11 districts, including Xincheng, Beilin ... and Huyi": the names a
    # plural noun types (hotspots.extract.discover.typed_lists) lie in the sentence's subject
    if TYPED_LIST is not None and cued(ctx, sentence, TYPED_LIST):
        yield from _typed_list_members(ctx, sentence, mentions, emit)
    yield from _owned_examples(ctx, sentence, mentions, emit)
    yield from _kind_in_place(ctx, sentence, mentions, emit)
    yield from _home_to(ctx, sentence, mentions, emit)
    yield from _where_located(ctx, sentence, mentions, emit, emitted)
    if re.search(r"\b(?:located|situated)\b", ctx.lowered[sentence.start : sentence.end]):
        yield from _located_past_landmark(ctx, sentence, mentions, emit)
    if re.search(
        r"\b(?:established|founded|set up|opened)\s+(?:in|on)\b",
        ctx.lowered[sentence.start : sentence.end],
    ):
        yield from _founded_in_place(ctx, sentence, mentions, emit)
    yield from _compass_of_city(ctx, sentence, mentions, emit)
    # "It is located in Suzhou Industrial Park"; "The park lies in Pudong"
    yield from reference_opening(ctx, sentence, mentions, emit)
    yield from _in_place_reference(ctx, sentence, mentions, emit)
    # "in the city's Guangming district"; "Binhu Science City, a new district of the city"
    yield from referenced_places(ctx, sentence, mentions, emit)
    yield from reference_in_place(ctx, sentence, mentions, emit)
    # "Yaohai, Luyang, Shushan and Baohe districts" under a city named in the sentence
    yield from district_lists(ctx, sentence, mentions, emit)
