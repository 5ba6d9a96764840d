"""pandera models for every published table: the consumer contract.

Column order, names, types, nullability, enums and ranges are declared once here; the data
dictionary (datapackage.json) is generated from these models, and `hotspots.validate` checks
every table against them (plus the cross-table keys declared in FOREIGN_KEYS) before publishing.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from schemas.predicates import PREDICATE_KINDS, predicate_names

ENTITY_TYPES = [
    "country",
    "province",
    "city",
    "sar",
    "district",
    "policy_region",
    "cluster",
    "park",
    "company",
    "university",
    "research_institute",
    "programme",
]
ALIAS_KINDS = ["official", "short", "variant", "misnomer"]
FACT_STATUSES = ["consensus", "single_source", "resolved", "disputed"]
COMPARATORS = ["eq", "gt", "gte", "lt", "lte", "approx"]
CONFLICT_KINDS = ["value", "name"]
RELATIONS = ["member_of"]
MAX_QUOTE_CHARS = 300

ENTITY_ID = r"^[a-z_]+/[a-z0-9]+(?:-[a-z0-9]+)*$"
HEX16 = r"^[0-9a-f]{16}$"
ISO2 = r"^[A-Z]{2}$"
# A date as precise as known (YYYY, YYYY-MM or YYYY-MM-DD): publication dates.
DATE = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"
# The period a claim or fact is about: a year, a half (YYYY-H1|H2), a quarter (YYYY-Q1..Q4), a month
# or a date.
AS_OF = r"^\d{4}(?:-(?:H[12]|Q[1-4]|(?:0[1-9]|1[0-2])(?:-\d{2})?))?$"
ID_LIST = r"^[0-9a-f]{16}(?:;[0-9a-f]{16})*$"


class Config:
    strict = True  # no column beyond the contract
    ordered = True  # column order is part of the contract
    coerce = False


class Documents(pa.DataFrameModel):
    """One row per source document that passed ingest."""

    document_id: Series[str] = pa.Field(
        unique=True,
        str_matches=HEX16,
        description="First 16 hex digits of the document's sha256: stable, derived from its bytes.",
    )
    name: Series[str] = pa.Field(description="File stem of the document in raw/.")
    title: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="Title from the sidecar."
    )
    url: Series[str] = pa.Field(
        str_matches=r"^https?://", description="Where the document was retrieved from."
    )
    publisher: Series[str] = pa.Field(description="Publisher named in the sidecar.")
    published: Series[str] = pa.Field(
        nullable=True,
        str_matches=DATE,
        description="Publication date as precise as known (YYYY, YYYY-MM or YYYY-MM-DD); null when unknown.",
    )
    retrieved: Series[str] = pa.Field(
        str_matches=r"^\d{4}-\d{2}-\d{2}$", description="Date the document was retrieved."
    )
    license: Series[str] = pa.Field(description="Licence or rights statement of the source.")
    language: Series[str] = pa.Field(
        str_matches=r"^[a-z]{2}$", description="ISO 639-1 language code."
    )
    sha256: Series[str] = pa.Field(
        unique=True,
        str_matches=r"^[0-9a-f]{64}$",
        description="sha256 of the document's bytes as stored in raw/.",
    )
    n_chars: Series[int] = pa.Field(
        gt=0, description="Length of the decoded text in characters (spans index this text)."
    )
    media_type: Series[str] = pa.Field(
        isin=["text/plain", "text/html", "application/pdf"],
        description="What the stored bytes are, sniffed from their content: text/plain, text/html or application/pdf.",
    )
    converter: Series[str] = pa.Field(
        nullable=True,
        description="Library and version that converted the bytes to the text extraction reads (e.g. trafilatura@2.3.1, pdfplumber@0.11.10); null for UTF-8 text, which is only decoded.",
    )
    text_sha256: Series[str] = pa.Field(
        str_matches=r"^[0-9a-f]{64}$",
        description="sha256 of the text (UTF-8) that quotes and character spans refer to.",
    )

    Config = Config


class Entities(pa.DataFrameModel):
    """One row per canonical thing: place, cluster, region, park, organization, programme."""

    entity_id: Series[str] = pa.Field(
        unique=True,
        str_matches=ENTITY_ID,
        description="Stable readable id: <type prefix>/<slug>, e.g. cluster/shenzhen-hong-kong-guangzhou.",
    )
    name: Series[str] = pa.Field(str_length={"min_value": 1}, description="Canonical English name.")
    type: Series[str] = pa.Field(isin=ENTITY_TYPES, description="Kind of entity.")
    country_code: Series[str] = pa.Field(
        nullable=True,
        str_matches=ISO2,
        description="ISO 3166-1 alpha-2 code of the country the entity belongs to.",
    )
    parent_id: Series[str] = pa.Field(
        nullable=True,
        str_matches=ENTITY_ID,
        description="Containing entity (a city's province, a park's city); null at the top.",
    )
    geonames_id: Series[pa.typing.Int64] = pa.Field(
        nullable=True, gt=0, description="GeoNames id, for places."
    )
    lat: Series[float] = pa.Field(
        nullable=True, ge=-90, le=90, description="Latitude (WGS84) of the place or its core city."
    )
    lon: Series[float] = pa.Field(nullable=True, ge=-180, le=180, description="Longitude (WGS84).")
    source: Series[str] = pa.Field(
        description=(
            "Where the entity comes from: the reference file it is curated in (a gazetteer file"
            " such as reference/gazetteer/cities.yaml, or the ISO 3166-1 list for countries);"
            " `discovered` for a name the gazetteer lacks that a document shows to be an entity"
            " of its type (a legal suffix, 'University', 'Science Park', 'X-based company Y'),"
            " published with its names as aliases and the documents as evidence; `curated` for a"
            " discovered entity a reviewer accepted in reference/judgements.yaml."
        )
    )

    Config = Config


class Aliases(pa.DataFrameModel):
    """One row per name variant of an entity."""

    entity_id: Series[str] = pa.Field(str_matches=ENTITY_ID, description="Entity the alias names.")
    alias: Series[str] = pa.Field(str_length={"min_value": 1}, description="The name as written.")
    kind: Series[str] = pa.Field(
        isin=ALIAS_KINDS,
        description="official, short, variant or misnomer (a wrong name that sources use for it).",
    )
    evidence: Series[str] = pa.Field(
        description="Why the alias is known: reference file, judgement, or claim ids of documents that use it."
    )

    @pa.dataframe_check
    @classmethod
    def unique_alias_per_entity(cls, df):
        return ~df.duplicated(["entity_id", "alias"])

    Config = Config


class Relations(pa.DataFrameModel):
    """One row per curated link between entities (a city member of a policy region or of a WIPO cluster), from the gazetteer's member lists."""

    subject_id: Series[str] = pa.Field(str_matches=ENTITY_ID, description="The member entity.")
    relation: Series[str] = pa.Field(
        isin=RELATIONS, description="member_of: the subject is one of the places the object spans."
    )
    object_id: Series[str] = pa.Field(
        str_matches=ENTITY_ID, description="The containing entity: policy region, cluster."
    )
    source: Series[str] = pa.Field(description="Reference file the link is curated in.")

    Config = Config


class Mentions(pa.DataFrameModel):
    """One row per entity mention found in a document."""

    mention_id: Series[str] = pa.Field(
        unique=True, str_matches=HEX16, description="Hash of document_id, span and entity_id."
    )
    document_id: Series[str] = pa.Field(
        str_matches=HEX16, description="Document the mention is in."
    )
    entity_id: Series[str] = pa.Field(
        str_matches=ENTITY_ID, description="Entity the mention resolves to."
    )
    char_start: Series[int] = pa.Field(
        ge=0, description="Start offset in the decoded document text (inclusive)."
    )
    char_end: Series[int] = pa.Field(gt=0, description="End offset (exclusive).")
    text: Series[str] = pa.Field(
        str_length={"min_value": 1},
        description="The mention exactly as written: text[char_start:char_end].",
    )
    extractor_version: Series[str] = pa.Field(description="Extractor name@version that found it.")

    @pa.dataframe_check
    @classmethod
    def span_matches_text_length(cls, df):
        return (df["char_end"] - df["char_start"]) == df["text"].str.len()

    Config = Config


class Claims(pa.DataFrameModel):
    """One row per statement made in one document: the evidence layer."""

    claim_id: Series[str] = pa.Field(
        unique=True,
        str_matches=HEX16,
        description="Hash of document, span, subject, predicate, object and value: deterministic.",
    )
    document_id: Series[str] = pa.Field(
        str_matches=HEX16, description="Document that makes the claim."
    )
    subject_id: Series[str] = pa.Field(
        str_matches=ENTITY_ID, description="Entity the claim is about."
    )
    predicate: Series[str] = pa.Field(
        isin=predicate_names(), description="What is claimed (schemas/predicates.yaml)."
    )
    object_id: Series[str] = pa.Field(
        nullable=True, str_matches=ENTITY_ID, description="Entity object, for entity predicates."
    )
    value: Series[float] = pa.Field(
        nullable=True, description="Numeric value, for number predicates, in `unit`."
    )
    value_text: Series[str] = pa.Field(
        nullable=True, description="The value as written, or the text value of text predicates."
    )
    unit: Series[str] = pa.Field(
        nullable=True,
        description="Unit of value: rank, count, percent, km2, or an ISO 4217 currency code.",
    )
    comparator: Series[str] = pa.Field(
        nullable=True,
        isin=COMPARATORS,
        description="eq, gt (more than), gte (at least), lt, lte, approx (nearly/about).",
    )
    as_of: Series[str] = pa.Field(
        nullable=True,
        str_matches=AS_OF,
        description="Period the claim is about (edition, target year), not the publication date: YYYY, YYYY-H1|H2 (half), YYYY-Q1..Q4 (quarter), YYYY-MM or YYYY-MM-DD, as precise as the text states.",
    )
    quote: Series[str] = pa.Field(
        str_length={"min_value": 1, "max_value": MAX_QUOTE_CHARS},
        description="Exact quote: document text[char_start:char_end].",
    )
    char_start: Series[int] = pa.Field(
        ge=0, description="Start of the quote in the decoded document text."
    )
    char_end: Series[int] = pa.Field(gt=0, description="End of the quote (exclusive).")
    extractor: Series[str] = pa.Field(description="Rule that produced the claim.")
    extractor_version: Series[str] = pa.Field(description="Version of the extractor package.")
    antecedent: Series[str] = pa.Field(
        nullable=True,
        description="When the subject or object was named by a reference ('the city', 'it', 'here'): the phrase, the entity it was resolved to and where that entity is named in the text. When as_of comes from outside the quote (a scope earlier in the paragraph, a section heading, 'last year' with the document's published date): 'as_of <date>: ' and where that date is stated.",
    )
    combined: Series[bool] = pa.Field(
        description="The value is stated for a group of subjects together ('these clusters account for nearly 20%'): each member's claim carries the group's value, which is not the member's own figure.",
    )
    confidence: Series[float] = pa.Field(
        nullable=True,
        ge=0.0,
        le=1.0,
        description="Probability, from the claim model (reference/model/claim_model.json, trained on the development gold), that the claim states what the text states; claims below the model's threshold are withheld from facts. Empty when no model scored the claim.",
    )
    page: Series[pa.typing.Int64] = pa.Field(
        nullable=True,
        ge=1,
        description="Page of a PDF document the quote is on (1 = first page); null for other documents.",
    )

    @pa.dataframe_check
    @classmethod
    def span_matches_quote_length(cls, df):
        return (df["char_end"] - df["char_start"]) == df["quote"].str.len()

    Config = Config


class Facts(pa.DataFrameModel):
    """One row per reconciled statement: claims grouped by subject, predicate, object and as_of."""

    fact_id: Series[str] = pa.Field(
        unique=True, str_matches=HEX16, description="Hash of subject, predicate, object and as_of."
    )
    subject_id: Series[str] = pa.Field(
        str_matches=ENTITY_ID, description="Entity the fact is about."
    )
    predicate: Series[str] = pa.Field(
        isin=predicate_names(), description="Predicate (schemas/predicates.yaml)."
    )
    object_id: Series[str] = pa.Field(
        nullable=True, str_matches=ENTITY_ID, description="Entity object, for entity predicates."
    )
    value: Series[float] = pa.Field(nullable=True, description="Reconciled numeric value.")
    value_text: Series[str] = pa.Field(
        nullable=True, description="Reconciled text value, or the value as written."
    )
    unit: Series[str] = pa.Field(nullable=True, description="Unit of value.")
    comparator: Series[str] = pa.Field(
        nullable=True, isin=COMPARATORS, description="Comparator of the reconciled value."
    )
    as_of: Series[str] = pa.Field(
        nullable=True,
        str_matches=AS_OF,
        description="Period the fact is about: YYYY, YYYY-H1|H2, YYYY-Q1..Q4, YYYY-MM or YYYY-MM-DD.",
    )
    status: Series[str] = pa.Field(
        isin=FACT_STATUSES,
        description="consensus, single_source, resolved (a rule chose) or disputed (flagged, values kept).",
    )
    claim_ids: Series[str] = pa.Field(
        str_matches=ID_LIST, description="Claims behind the fact, ';'-separated."
    )
    rule: Series[str] = pa.Field(description="Reconciliation rule applied.")
    rationale: Series[str] = pa.Field(str_length={"min_value": 1}, description="Why, in words.")
    combined: Series[bool] = pa.Field(
        description="The value is stated for a group of subjects together, each member's claim carries the group's value: a group's figure, never the member's own; kept apart from the member's own facts.",
    )

    Config = Config


class Conflicts(pa.DataFrameModel):
    """One row per disagreement between claims (values or names), with its resolution."""

    conflict_id: Series[str] = pa.Field(
        unique=True,
        str_matches=HEX16,
        description="Hash of the kind, subject, predicate, as_of and claim ids.",
    )
    kind: Series[str] = pa.Field(
        isin=CONFLICT_KINDS,
        description="value (claims disagree on a value) or name (a source names the subject wrongly).",
    )
    subject_id: Series[str] = pa.Field(
        str_matches=ENTITY_ID, description="Entity the conflict is about."
    )
    predicate: Series[str] = pa.Field(
        nullable=True, description="Predicate in conflict (null for name conflicts)."
    )
    as_of: Series[str] = pa.Field(
        nullable=True, str_matches=AS_OF, description="Year or date in conflict."
    )
    claim_ids: Series[str] = pa.Field(
        str_matches=ID_LIST, description="Claims involved, ';'-separated."
    )
    values: Series[str] = pa.Field(description="The competing values or names, ' | '-separated.")
    resolution: Series[str] = pa.Field(description="The value or name chosen, or 'disputed'.")
    rule: Series[str] = pa.Field(description="Rule applied.")
    rationale: Series[str] = pa.Field(str_length={"min_value": 1}, description="Why, in words.")

    Config = Config


class ClusterRankings(pa.DataFrameModel):
    """One row per WIPO cluster and Global Innovation Index edition."""

    cluster_id: Series[str] = pa.Field(str_matches=r"^cluster/", description="WIPO cluster entity.")
    edition: Series[int] = pa.Field(ge=2000, le=2100, description="GII edition year.")
    rank: Series[int] = pa.Field(ge=1, le=1000, description="Rank in that edition.")
    country_code: Series[str] = pa.Field(
        nullable=True,
        str_matches=ISO2,
        description="Country of the cluster (the first one for cross-border clusters).",
    )
    fact_id: Series[str] = pa.Field(
        str_matches=HEX16, description="Fact the ranking row comes from."
    )

    @pa.dataframe_check
    @classmethod
    def one_rank_per_cluster_edition(cls, df):
        return ~df.duplicated(["cluster_id", "edition"])

    Config = Config


TABLES: dict[str, type[pa.DataFrameModel]] = {
    "documents": Documents,
    "entities": Entities,
    "aliases": Aliases,
    "relations": Relations,
    "mentions": Mentions,
    "claims": Claims,
    "facts": Facts,
    "conflicts": Conflicts,
    "cluster_rankings": ClusterRankings,
}

PRIMARY_KEYS: dict[str, list[str]] = {
    "documents": ["document_id"],
    "entities": ["entity_id"],
    "aliases": ["entity_id", "alias"],
    "relations": ["subject_id", "relation", "object_id"],
    "mentions": ["mention_id"],
    "claims": ["claim_id"],
    "facts": ["fact_id"],
    "conflicts": ["conflict_id"],
    "cluster_rankings": ["cluster_id", "edition"],
}

# (column, referenced table, referenced column); list columns (';'-separated ids) are marked
# with `many=True` in LIST_FOREIGN_KEYS since Frictionless cannot express them.
FOREIGN_KEYS: dict[str, list[tuple[str, str, str]]] = {
    "entities": [("parent_id", "entities", "entity_id")],
    "aliases": [("entity_id", "entities", "entity_id")],
    "relations": [("subject_id", "entities", "entity_id"), ("object_id", "entities", "entity_id")],
    "mentions": [
        ("document_id", "documents", "document_id"),
        ("entity_id", "entities", "entity_id"),
    ],
    "claims": [
        ("document_id", "documents", "document_id"),
        ("subject_id", "entities", "entity_id"),
        ("object_id", "entities", "entity_id"),
    ],
    "facts": [("subject_id", "entities", "entity_id"), ("object_id", "entities", "entity_id")],
    "conflicts": [("subject_id", "entities", "entity_id")],
    "cluster_rankings": [("cluster_id", "entities", "entity_id"), ("fact_id", "facts", "fact_id")],
}
LIST_FOREIGN_KEYS: dict[str, list[tuple[str, str, str]]] = {
    "facts": [("claim_ids", "claims", "claim_id")],
    "conflicts": [("claim_ids", "claims", "claim_id")],
}

# Rows are published sorted by these columns so that the bytes are reproducible.
SORT_KEYS = PRIMARY_KEYS


def columns(table: str) -> list[str]:
    """The contract's column names for `table`, in order."""
    return list(TABLES[table].to_schema().columns)


# --- Published at release time (issue 20) --------------------------------------------------------
# A release holds the pipeline's tables above, completed and joined by hotspots/release/derive.py
# when it is published: the history columns of facts (from the previous release), the predicate
# dictionary, and facts_simple. They are validated like the rest before anything is written.

VERSION = r"^\d+\.\d+\.\d+$"
FACT_KINDS = [*PREDICATE_KINDS, "combined"]


class PublishedFacts(Facts):
    """One row per reconciled statement: claims grouped by subject, predicate, object and as_of, with the versions it first appeared and last changed in."""

    first_seen: Series[str] = pa.Field(
        str_matches=VERSION,
        description="Version of the first release that carried this fact (by fact_id).",
    )
    last_changed: Series[str] = pa.Field(
        str_matches=VERSION,
        description=(
            "Version of the release in which the fact's value (object_id, value, value_text, unit,"
            " comparator, combined) or status last changed; first_seen if it never did. New sources"
            " for the same value do not count as a change."
        ),
    )

    Config = Config


class PredicateMeanings(pa.DataFrameModel):
    """One row per predicate: what it means, its unit and kind, and the caveats a reader needs (schemas/predicates.yaml)."""

    predicate: Series[str] = pa.Field(
        unique=True,
        isin=predicate_names(),
        description="Predicate name as used in claims and facts.",
    )
    label: Series[str] = pa.Field(str_length={"min_value": 1}, description="Short name for people.")
    kind: Series[str] = pa.Field(
        isin=list(PREDICATE_KINDS),
        description=(
            "actual (a measured level), target (a stated goal), rank (a position, not a score),"
            " change (a difference or growth rate), relation (a link between entities),"
            " description (a characterisation in the source's words) or date."
        ),
    )
    description: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="What a claim with this predicate states."
    )
    value_type: Series[str] = pa.Field(
        isin=["number", "entity", "text"],
        description="number (in `value`), entity (in `object_id`) or text (in `value_text`).",
    )
    unit: Series[str] = pa.Field(
        nullable=True,
        description="Unit of `value`: rank, count, percent, km2, currency (an ISO 4217 code in each row), or varies (each row says).",
    )
    subject_types: Series[str] = pa.Field(
        description="Entity types the subject may have, ';'-separated."
    )
    object_types: Series[str] = pa.Field(
        nullable=True,
        description="Entity types the object may have, ';'-separated (entity predicates).",
    )
    caveats: Series[str] = pa.Field(
        nullable=True, description="What to know before using or comparing the figures."
    )

    Config = Config


class FactsSimple(pa.DataFrameModel):
    """One flat, readable row per fact: names instead of ids, the predicate's label, the value with its unit and the first source (the table to open in a spreadsheet)."""

    fact_id: Series[str] = pa.Field(
        unique=True, str_matches=HEX16, description="The fact (facts.fact_id)."
    )
    subject_id: Series[str] = pa.Field(
        str_matches=ENTITY_ID, description="Entity the fact is about."
    )
    subject_name: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="Its canonical name (entities.name)."
    )
    subject_type: Series[str] = pa.Field(isin=ENTITY_TYPES, description="Its type (entities.type).")
    predicate: Series[str] = pa.Field(isin=predicate_names(), description="Predicate name.")
    predicate_label: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="Its label (predicates.label)."
    )
    kind: Series[str] = pa.Field(
        isin=FACT_KINDS,
        description="The predicate's kind (predicates.kind), or combined when the value is stated for a group together (the group's figure, not the subject's own).",
    )
    object_or_value: Series[str] = pa.Field(
        str_length={"min_value": 1},
        description="The object's name, or the value with its comparator and unit as a reader would write it ('more than 90', '23%', 'rank 2', '60 billion USD').",
    )
    value: Series[float] = pa.Field(nullable=True, description="The numeric value (facts.value).")
    unit: Series[str] = pa.Field(nullable=True, description="Its unit (facts.unit).")
    as_of: Series[str] = pa.Field(
        nullable=True, str_matches=AS_OF, description="Period the fact is about (facts.as_of)."
    )
    status: Series[str] = pa.Field(isin=FACT_STATUSES, description="facts.status.")
    n_sources: Series[int] = pa.Field(
        ge=1, description="Number of distinct documents among the fact's claims."
    )
    source_title: Series[str] = pa.Field(
        description="Title of the first source: among the fact's claims, one stating the fact's value first, then the earliest published document (unknown dates last), then by document_id and position."
    )
    source_publisher: Series[str] = pa.Field(description="Publisher of the first source.")
    source_url: Series[str] = pa.Field(
        str_matches=r"^https?://", description="URL of the first source."
    )
    source_quote: Series[str] = pa.Field(
        str_length={"min_value": 1, "max_value": MAX_QUOTE_CHARS},
        description="The first source's quote (claims.quote).",
    )
    claim_id: Series[str] = pa.Field(
        str_matches=HEX16, description="The claim the source columns come from."
    )

    Config = Config


RELEASE_MODELS: dict[str, type[pa.DataFrameModel]] = {
    "facts": PublishedFacts,
    "predicates": PredicateMeanings,
    "facts_simple": FactsSimple,
}
PRIMARY_KEYS["predicates"] = ["predicate"]
PRIMARY_KEYS["facts_simple"] = ["fact_id"]
FOREIGN_KEYS["facts_simple"] = [
    ("fact_id", "facts", "fact_id"),
    ("subject_id", "entities", "entity_id"),
    ("predicate", "predicates", "predicate"),
    ("claim_id", "claims", "claim_id"),
]
# Every predicate used is explained in the release's predicate dictionary.
FOREIGN_KEYS["claims"].append(("predicate", "predicates", "predicate"))
FOREIGN_KEYS["facts"].append(("predicate", "predicates", "predicate"))


def release_tables() -> dict[str, type[pa.DataFrameModel]]:
    """Every table of a release, in order: the pipeline's (TABLES, as publish completes them),
    then the tables derived at publish. Read at call time, like TABLES."""
    return {**TABLES, **RELEASE_MODELS}
