"""Groups of entity types the rules ask for, built once from the schema's ENTITY_TYPES.

A rule that wants "a place a firm can be headquartered in" names HQ_PLACES instead of writing
the tuple out; a type added to or renamed in schemas/tables.py is checked here at import. The
order inside a group is the order a mention's candidates are tried in, so it is kept as written.
"""

from __future__ import annotations

from schemas.tables import ENTITY_TYPES


def group(*names: str) -> tuple[str, ...]:
    """The entity types `names`, each checked against the schema."""
    unknown = [n for n in names if n not in ENTITY_TYPES]
    if unknown:
        raise ValueError(f"not entity types of schemas/tables.py: {unknown}")
    return names


PLACES = group("city", "sar", "district", "park", "province", "policy_region", "country")
ORGANISATIONS = group("company", "university", "research_institute")
CITIES = group("city", "sar")  # a city, or a SAR that is one (Hong Kong, Macao)
HQ_PLACES = group("city", "sar", "district", "park", "province")  # where a firm can be based
LOCAL_PLACES = group("city", "sar", "district", "park", "policy_region")  # "here", "there"
INNER_PLACES = group("district", "park")  # a part of a city
HOST_PLACES = group("city", "sar", "district", "park")  # a place that hosts a firm's headquarters
# What a count of universities, firms, labs ... can be about.
COUNTED_PLACES = group("city", "sar", "province", "country", "policy_region", "park", "district")
MEMBER_PLACES = group("city", "sar", "province")  # what a policy region is made of
REGIONS = group("policy_region")
# What can lie in a larger place (located_in), and what it can lie in.
LOCATED_INNER = group(
    "park", "district", "company", "university", "research_institute", "city", "sar"
)
LOCATED_OUTER = group("district", "park", "city", "sar", "province", "policy_region", "country")
# Every named type that "it", "its", "the former" or "the latter" can stand for.
ANY_NAMED = group(
    "city",
    "sar",
    "policy_region",
    "park",
    "district",
    "province",
    "country",
    "company",
    "university",
    "research_institute",
)
# When a name fits several entities and nothing in the context decides, the first type wins.
TYPE_PREFERENCE = group(
    "city",
    "sar",
    "country",
    "province",
    "district",
    "policy_region",
    "park",
    "company",
    "university",
    "research_institute",
    "programme",
    "cluster",
)
assert set(TYPE_PREFERENCE) == set(ENTITY_TYPES), "TYPE_PREFERENCE must rank every entity type"

# How big a place is: something lies only in something of a higher level. Organisations sit
# below every place.
PLACE_LEVEL = {
    "park": 1,
    "district": 2,
    "city": 3,
    "sar": 3,
    "province": 4,
    "policy_region": 5,
    "country": 6,
}
LEVEL = {**{t: 0 for t in ORGANISATIONS}, **PLACE_LEVEL}
assert set(PLACE_LEVEL) == set(PLACES)

# Groups a lexicon may name instead of listing types (reference/lexicons/references.yaml).
ENTITY_GROUPS = {
    "places": PLACES,
    "organisations": ORGANISATIONS,
    "cities": CITIES,
    "hq_places": HQ_PLACES,
    "local_places": LOCAL_PLACES,
    "any_named": ANY_NAMED,
}
