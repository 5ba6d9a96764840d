"""The consumer contract as the release layer needs it, read from the pandera models in schemas/.

Every file of a release that describes columns (Arrow schema, datapackage.json, croissant.json,
README.md) is generated from `table_columns`, never written by hand. The models are read at
call time (not import time) so that a schema change, or a test that patches `schemas.TABLES`,
is seen by every writer at once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import schemas
import schemas.tables

# pandera dtype (as str()) -> our neutral column kind; the Arrow, Table Schema and Croissant
# types are all derived from the kind.
_KINDS = {
    "str": "string",
    "string": "string",
    "object": "string",
    "int64": "integer",
    "Int64": "integer",
    "float64": "number",
    "Float64": "number",
    "bool": "boolean",
    "boolean": "boolean",
}


class ReleaseError(RuntimeError):
    """Publishing was refused; nothing was published."""


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # string | integer | number | boolean
    nullable: bool
    unique: bool
    description: str
    # Constraints in Frictionless vocabulary (enum, pattern as a Python regex, minimum, maximum,
    # exclusiveMinimum, exclusiveMaximum, minLength, maxLength).
    constraints: dict = field(default_factory=dict)
    # pandera checks we cannot express as a constraint: named in the docs, never dropped silently.
    other_checks: tuple[str, ...] = ()


def _models() -> dict:
    # The tables of a release: the pipeline's, completed and joined at publish (issue 20).
    return schemas.tables.release_tables()


def table_names() -> list[str]:
    """Every table a release holds, in order."""
    return list(_models())


def pipeline_table_names() -> list[str]:
    """The tables the pipeline hands to publish (the rest are derived from them there)."""
    return list(schemas.TABLES)


def table_description(table: str) -> str:
    doc = _models()[table].__doc__ or ""
    return " ".join(doc.split())


def table_checks(table: str) -> list[str]:
    """Names of the model's dataframe-wide checks (e.g. span lengths), for the dataset card."""
    return [check.name for check in _models()[table].to_schema().checks]


def primary_key(table: str) -> list[str]:
    return list(schemas.PRIMARY_KEYS.get(table, []))


def sort_key(table: str) -> list[str]:
    return list(schemas.SORT_KEYS.get(table) or primary_key(table))


def foreign_keys(table: str) -> list[tuple[str, str, str]]:
    return list(schemas.FOREIGN_KEYS.get(table, []))


def list_foreign_keys(table: str) -> list[tuple[str, str, str]]:
    return list(schemas.LIST_FOREIGN_KEYS.get(table, []))


def table_columns(table: str) -> list[Column]:
    return _columns_of(table, _models()[table])


def pipeline_columns(table: str) -> list[Column]:
    """The columns of a table as the pipeline hands it to publish (facts without the history
    columns that publish adds)."""
    return _columns_of(table, schemas.TABLES[table])


def _columns_of(table: str, model) -> list[Column]:
    return list(_model_columns(table, model))


# Per model class (a replaced model is another key): pandera's to_schema() costs ~7 ms and
# one publish asked for the columns ~90 times (0.8 s at any size).
@functools.cache
def _model_columns(table: str, model) -> tuple[Column, ...]:
    schema = model.to_schema()
    out = []
    for name, col in schema.columns.items():
        dtype = str(col.dtype)
        if dtype not in _KINDS:
            raise TypeError(
                f"{table}.{name}: dtype {dtype!r} has no published type; add it to _KINDS"
            )
        constraints, others = _constraints(col.checks)
        out.append(
            Column(
                name=name,
                kind=_KINDS[dtype],
                nullable=bool(col.nullable),
                unique=bool(col.unique),
                description=col.description or "",
                constraints=constraints,
                other_checks=tuple(others),
            )
        )
    return tuple(out)


def _constraints(checks) -> tuple[dict, list[str]]:
    out: dict = {}
    others: list[str] = []
    for check in checks:
        stats = check.statistics or {}
        name = check.name
        if name == "isin":
            out["enum"] = list(stats["allowed_values"])
        elif name == "str_matches":
            out["pattern"] = str(stats["pattern"])
        elif name == "str_length":
            if stats.get("exact_value") is not None:
                out["minLength"] = out["maxLength"] = stats["exact_value"]
            if stats.get("min_value") is not None:
                out["minLength"] = stats["min_value"]
            if stats.get("max_value") is not None:
                out["maxLength"] = stats["max_value"]
        elif name == "greater_than_or_equal_to":
            out["minimum"] = stats["min_value"]
        elif name == "greater_than":
            out["exclusiveMinimum"] = stats["min_value"]
        elif name == "less_than_or_equal_to":
            out["maximum"] = stats["max_value"]
        elif name == "less_than":
            out["exclusiveMaximum"] = stats["max_value"]
        elif name == "in_range":
            lo = "minimum" if stats.get("include_min", True) else "exclusiveMinimum"
            hi = "maximum" if stats.get("include_max", True) else "exclusiveMaximum"
            out[lo], out[hi] = stats["min_value"], stats["max_value"]
        else:
            others.append(name)
    return out, others
