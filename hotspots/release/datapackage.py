"""datapackage.json: a Frictionless Data Package (v2) generated from the pandera models.

Each table is two resources: `<table>` (the canonical Parquet file) and `<table>-csv` (the CSV
copy), both with the same Table Schema, so that Frictionless tools can check either. Foreign keys
between tables are declared within each format. The ';'-separated id lists (facts.claim_ids,
conflicts.claim_ids) cannot be expressed as Frictionless foreign keys: their field description
says what they reference instead.
"""

from __future__ import annotations

from pathlib import Path

from hotspots.release import contract, identity
from hotspots.release.registry import sha256_file
from schemas.predicates import predicates

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
DIALECT_PROFILE = "https://datapackage.org/profiles/2.0/tabledialect.json"
FIELD_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}
CSV_NOTE = (
    " In the CSV copy, text cells that start with = + - @ TAB CR or ' carry one extra leading '"
    " (spreadsheet formula guard); constraints describe the unescaped value."
)


def xsd_pattern(python_regex: str) -> str:
    """A pandera `str_matches` regex (Python, anchored at the start only when it says `^`) as a
    Table Schema pattern, which is implicitly anchored at both ends (XML Schema style)."""
    body = python_regex[1:] if python_regex.startswith("^") else ".*" + python_regex
    if body.endswith("$") and not body.endswith("\\$"):
        body = body[:-1]
    else:
        body += ".*"
    # XML Schema regexes have no (?:...) groups; a plain group matches the same strings.
    return body.replace("(?:", "(")


def predicate_meanings() -> str:
    """Each predicate's label and kind, for the description of a `predicate` column (the
    `predicates` table has the full dictionary)."""
    vocab = predicates()
    listed = "; ".join(f"{n}: {vocab[n].label} ({vocab[n].kind})" for n in sorted(vocab))
    return f"Meanings (the predicates table has descriptions, units and caveats): {listed}."


def field_descriptor(table: str, col: contract.Column) -> dict:
    description = col.description
    for column, ref_table, ref_column in contract.list_foreign_keys(table):
        if column == col.name:
            description += f" Each ';'-separated id references {ref_table}.{ref_column}."
    if col.other_checks:
        description += f" Also checked: {', '.join(col.other_checks)}."
    if col.name == "predicate" and table != "predicates":
        description += " " + predicate_meanings()
    constraints: dict = {}
    if not col.nullable:
        constraints["required"] = True
    if col.unique:
        constraints["unique"] = True
    for name, value in col.constraints.items():
        constraints[name] = xsd_pattern(value) if name == "pattern" else value
    # `gt 0` on an integer column is `minimum 1`: understood by every Table Schema reader,
    # where exclusiveMinimum is a v2 addition.
    if col.kind == "integer":
        if (
            "exclusiveMinimum" in constraints
            and float(constraints["exclusiveMinimum"]).is_integer()
        ):
            constraints["minimum"] = int(constraints.pop("exclusiveMinimum")) + 1
        if (
            "exclusiveMaximum" in constraints
            and float(constraints["exclusiveMaximum"]).is_integer()
        ):
            constraints["maximum"] = int(constraints.pop("exclusiveMaximum")) - 1
    out = {"name": col.name, "type": FIELD_TYPES[col.kind], "description": description}
    if constraints:
        out["constraints"] = constraints
    return out


def table_schema(table: str, suffix: str = "", missing_values: tuple[str, ...] = ("",)) -> dict:
    schema: dict = {
        "$schema": SCHEMA_PROFILE,
        "fields": [field_descriptor(table, c) for c in contract.table_columns(table)],
        "missingValues": list(missing_values),
    }
    key = contract.primary_key(table)
    if key:
        schema["primaryKey"] = key
    fks = []
    for column, ref_table, ref_column in contract.foreign_keys(table):
        reference: dict = {"fields": [ref_column]}
        if ref_table != table:  # a self-reference names no resource (Table Schema v2)
            reference["resource"] = ref_table + suffix
        fks.append({"fields": [column], "reference": reference})
    if fks:
        schema["foreignKeys"] = fks
    return schema


def _file_facts(release_dir: Path, path: str) -> dict:
    full = release_dir / path
    return {"hash": f"sha256:{sha256_file(full)}", "bytes": full.stat().st_size}


# Parquet nulls are typed; Frictionless reads Parquet through pandas, which turns a null number
# into NaN and then the text "nan", so the Parquet resources list it as a missing value.
# Frictionless cannot count the bytes of a Parquet resource it reads that way either, so hash
# and size are given for CSV only (SHA256SUMS and croissant.json cover every file).
PARQUET_MISSING_VALUES = ("", "nan")


def build_datapackage(
    release_dir: Path,
    version: str,
    created: str,
    meta: dict,
    sources: list[dict],
    rows: dict[str, int],
) -> dict:
    """The descriptor for the data files already written under `release_dir/data/`."""
    resources = []
    for table in contract.table_names():
        description = f"{contract.table_description(table)} {rows.get(table, 0)} rows."
        parquet = f"data/{table}.parquet"
        resources.append(
            {
                "name": table,
                "type": "table",
                "path": parquet,
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "description": description,
                "schema": table_schema(table, missing_values=PARQUET_MISSING_VALUES),
            }
        )
        csv = f"data/{table}.csv"
        resources.append(
            {
                "name": f"{table}-csv",
                "type": "table",
                "path": csv,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                **_file_facts(release_dir, csv),
                "description": description + " CSV copy of the Parquet file." + CSV_NOTE,
                "dialect": {
                    "$schema": DIALECT_PROFILE,
                    "header": True,
                    "delimiter": ",",
                    "lineTerminator": "\n",
                    "quoteChar": '"',
                    "doubleQuote": True,
                },
                "schema": table_schema(table, suffix="-csv"),
            }
        )
    package: dict = {
        "$schema": PROFILE,
        "id": identity.dataset_id(meta, version),
        "name": meta["name"],
        "title": meta["title"],
        "description": meta["description"],
        "version": version,
        "created": created,
        "keywords": meta["keywords"],
        "licenses": [meta["license"]],
        "contributors": [{"title": meta["creator"], "roles": ["creator"]}],
        "sources": [
            {
                "title": f"{s['title']} ({s['publisher']}; licence: {s['license']})",
                "path": s["path"],
            }
            for s in sources
        ],
        "resources": resources,
    }
    if meta.get("homepage"):
        package["homepage"] = meta["homepage"]
    return package
