"""The extractor's words, as reviewed data: `reference/lexicons/<name>.yaml`.

Each file is a mapping of named entries; `SCHEMAS` says which entries a file must have and of
what shape. `lexicon(name)` reads a file once and checks it strictly: a missing file, an
unknown or missing entry, a value of the wrong type, a word listed twice or a key written twice
is an error naming the file and the entry, never a silently shorter word list. The lexicons are
part of the extractor (they are hashed into `EXTRACTOR_VERSION`), so they are always read from
this repository's `reference/lexicons/`, not from a `--reference` folder given at run time.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from hotspots import yamlload
from hotspots.extract.types import ENTITY_GROUPS

LEXICON_DIR = Path(__file__).resolve().parent.parent.parent / "reference" / "lexicons"

# Shapes: "words" a list of distinct lowercase strings; "numbers" a mapping word -> number;
# "codes" a mapping word -> string; "types" a mapping phrase -> entity types (or a group of
# hotspots.extract.types.ENTITY_GROUPS); "words_by_predicate" a mapping predicate of
# schemas/predicates.yaml -> words; "names" a list of distinct strings kept as written (capitals
# matter: "Inc.", "University"); "designators" a mapping entity type -> names, each a string or
# {word: <name>, of: true} (the name may be followed by "of <Name>").
SCHEMAS: dict[str, dict[str, str]] = {
    "numbers": {
        "units": "numbers",
        "tens": "numbers",
        "ordinals": "numbers",
        "scales": "numbers",
        "currency_symbols": "codes",
        "currency_words": "codes",
        "comparators": "codes",
    },
    "calendar": {"months": "words"},
    "cues": {"common_words": "words"},
    "roles": {"role_verbs": "words", "role_nouns": "words"},
    "references": {
        "references": "types",
        "described_adjectives": "words",
        "described_nouns": "words",
    },
    "ranks": {"rank_columns": "words", "rank_nouns": "words", "lead_phrases": "words"},
    "locations": {"compass_words": "words", "kind_nouns": "words"},
    "designations": {
        "designation_verbs": "words",
        "designation_modifiers": "words",
        "honour_titles": "words",
    },
    "counts": {
        "count_adjectives": "words",
        "count_nouns": "words_by_predicate",
        "employee_nouns": "words",
        "phrase_stops": "words",
        "employment_cues": "words",
        "facility_nouns": "words",
        "change_words": "words",
    },
    "discovery": {
        "designators": "designators",
        "legal_suffixes": "names",
        "company_nouns": "words",
        "generic_words": "names",
        "leading_words": "names",
        "list_nouns": "designators",
        "named_suffixes": "names",
    },
    "measures": {
        "gdp_nouns": "words",
        "gdp_exclusions": "words",
        "resident_nouns": "words",
        "rd_intensity_phrases": "words",
        "founding_verbs": "words",
        "fact_sheet_labels": "words_by_predicate",
    },
    "indexes": {
        "nature_index_names": "words",
        "gii_names": "words",
        "cluster_ranking_names": "words",
        "rank_nouns": "words",
        "leader_words": "words",
        "leader_nouns": "words",
        "other_index_names": "words",
    },
    "modality": {"planned_phrases": "words"},
    "doubt": {
        "neighbour_phrases": "words",
        "part_phrases": "words",
        "maker_verbs": "words",
        "name_heads": "words",
        "past_markers": "words",
        "refusing_shapes": "words",
    },
}


class LexiconError(ValueError):
    pass


def _fail(source: str, entry: str, message: str) -> LexiconError:
    return LexiconError(f"{source}: {entry}: {message}")


def check(name: str, data: object, source: str) -> dict[str, object]:
    """`data` read from lexicon `name`, checked against SCHEMAS[name]."""
    schema = SCHEMAS[name]
    if not isinstance(data, dict):
        raise LexiconError(f"{source}: must be a mapping of {sorted(schema)}")
    unknown = set(data) - set(schema)
    if unknown:
        raise _fail(source, ", ".join(sorted(map(str, unknown))), "unknown entry")
    for entry, shape in schema.items():
        if entry not in data:
            raise _fail(source, entry, "missing")
        _check_value(source, entry, shape, data[entry])
    return data


def _check_value(source: str, entry: str, shape: str, value: object) -> None:
    if shape == "names":
        if not isinstance(value, list) or not value:
            raise _fail(source, entry, "must be a non-empty list of names")
        seen = set()
        for word in value:
            if not isinstance(word, str) or not word.strip():
                raise _fail(source, entry, f"{word!r} is not a name")
            if word in seen:
                raise _fail(source, entry, f"{word!r} listed twice")
            seen.add(word)
        return
    if shape == "designators":
        _check_designators(source, entry, value)
        return
    if shape == "words":
        if not isinstance(value, list) or not value:
            raise _fail(source, entry, "must be a non-empty list of words")
        seen = set()
        for word in value:
            if not isinstance(word, str) or not word.strip():
                raise _fail(source, entry, f"{word!r} is not a word")
            if word != word.lower():
                raise _fail(source, entry, f"{word!r} must be written in lowercase")
            if word in seen:
                raise _fail(source, entry, f"{word!r} listed twice")
            seen.add(word)
        return
    if not isinstance(value, dict) or not value:
        raise _fail(source, entry, "must be a non-empty mapping")
    for key, item in value.items():
        if not isinstance(key, str) or not key.strip():
            raise _fail(source, entry, f"key {key!r} is not a word")
        if shape == "numbers" and (not isinstance(item, int | float) or isinstance(item, bool)):
            raise _fail(source, f"{entry}.{key}", f"{item!r} is not a number")
        if shape == "codes" and (not isinstance(item, str) or not item):
            raise _fail(source, f"{entry}.{key}", f"{item!r} is not a string")
        if shape == "types":
            _check_types(source, f"{entry}.{key}", item)
        if shape == "words_by_predicate":
            from schemas.predicates import predicate_names

            if key not in predicate_names():
                raise _fail(source, f"{entry}.{key}", "not a predicate of schemas/predicates.yaml")
            _check_value(source, f"{entry}.{key}", "words", item)


def _check_designators(source: str, entry: str, value: object) -> None:
    from schemas.tables import ENTITY_TYPES

    if not isinstance(value, dict) or not value:
        raise _fail(source, entry, "must be a non-empty mapping of entity type -> names")
    seen: set[tuple[str, bool]] = set()
    for type_, items in value.items():
        if type_ not in ENTITY_TYPES:
            raise _fail(source, f"{entry}.{type_}", f"unknown entity type {type_!r}")
        if not isinstance(items, list) or not items:
            raise _fail(source, f"{entry}.{type_}", "must be a non-empty list")
        for item in items:
            if isinstance(item, str):
                item = {"word": item}
            if (
                not isinstance(item, dict)
                or "word" not in item
                or set(item) - {"word", "of"}
                or not isinstance(item["word"], str)
                or not item["word"].strip()
                or not isinstance(item.get("of", False), bool)
            ):
                raise _fail(source, f"{entry}.{type_}", f"bad entry {item!r}")
            key = (item["word"], item.get("of", False))
            if key in seen:
                raise _fail(source, f"{entry}.{type_}", f"{item['word']!r} listed twice")
            seen.add(key)


def _check_types(source: str, entry: str, item: object) -> None:
    from schemas.tables import ENTITY_TYPES

    names = [item] if isinstance(item, str) else item
    if not isinstance(names, list) or not names:
        raise _fail(source, entry, "must be an entity type, a list of them or a group")
    for name in names:
        if name not in ENTITY_TYPES and name not in ENTITY_GROUPS:
            raise _fail(source, entry, f"{name!r} is neither an entity type nor a group of them")
    if len(set(names)) != len(names):
        raise _fail(source, entry, "a type listed twice")


def read(path: Path, name: str) -> dict[str, object]:
    """Read and check the lexicon file `path` against SCHEMAS[name]."""
    source = str(path)
    try:
        data = yamlload.safe_load_unique_keys(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LexiconError(f"{source}: missing lexicon file") from None
    except yamlload.DuplicateKeyError as e:
        raise LexiconError(f"{source}: {e}") from None
    except yaml.YAMLError as e:
        raise LexiconError(f"{source}: not valid YAML ({e})") from None
    return check(name, data, source)


@cache
def lexicon(name: str) -> dict[str, object]:
    """The checked lexicon `reference/lexicons/<name>.yaml`."""
    if name not in SCHEMAS:
        raise LexiconError(f"no lexicon called {name!r} (known: {sorted(SCHEMAS)})")
    return read(LEXICON_DIR / f"{name}.yaml", name)


def words(name: str, entry: str) -> list[str]:
    return list(lexicon(name)[entry])


def mapping(name: str, entry: str) -> dict:
    return dict(lexicon(name)[entry])


def alternation(words: list[str]) -> str:
    """`words` as regex alternatives, each matched as written, in the lexicon's order."""
    return "|".join(map(re.escape, words))


def phrase_pattern(phrases: list[str]) -> str:
    """A regex group matching any of `phrases` (longest first); a space matches any whitespace."""
    ordered = sorted(phrases, key=lambda p: (-len(p), p))
    return "(?:" + "|".join(r"\s+".join(map(re.escape, p.split(" "))) for p in ordered) + ")"


def entity_types(name: str, entry: str) -> dict[str, tuple[str, ...]]:
    """A "types" entry with each group expanded into its entity types."""
    out = {}
    for key, item in lexicon(name)[entry].items():
        names = [item] if isinstance(item, str) else item
        out[key] = tuple(t for n in names for t in ENTITY_GROUPS.get(n, (n,)))
    return out
