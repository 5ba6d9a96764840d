"""Validate stage: every table against its pandera model, then the keys across tables.

Nothing is published unless `validate_tables` returns no failures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
import pandera.errors
import pyarrow as pa
import pyarrow.compute as pc

from schemas import FOREIGN_KEYS, LIST_FOREIGN_KEYS, PRIMARY_KEYS, TABLES
from schemas.tables import release_tables

# a column of a table `check_foreign_keys` takes: pandas, or Arrow
Column = pd.Series | pa.Array | pa.ChunkedArray


@dataclass
class ValidationReport:
    failures: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failures

    def as_dict(self) -> dict:
        return {"ok": self.ok, "failures": self.failures, "rows": self.rows}


class ValidationFailed(RuntimeError):
    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        shown = "\n  ".join(report.failures[:20])
        more = f"\n  … and {len(report.failures) - 20} more" if len(report.failures) > 20 else ""
        super().__init__(f"{len(report.failures)} validation failure(s):\n  {shown}{more}")


def _describe_schema_errors(table: str, err: pandera.errors.SchemaErrors) -> list[str]:
    cases = err.failure_cases
    out = []
    for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=True):
        examples = ", ".join(repr(v) for v in group["failure_case"].head(3).tolist())
        out.append(f"{table}.{column}: {check} failed for {len(group)} row(s), e.g. {examples}")
    return out


def validate_tables(tables: dict[str, pd.DataFrame]) -> ValidationReport:
    """Check every published table: presence, pandera model, primary and foreign keys."""
    report = ValidationReport()
    for name in TABLES:
        if name not in tables:
            report.failures.append(f"{name}: table missing")
            continue
        report.rows[name] = len(tables[name])
        report.failures.extend(validate_table(name, tables[name], TABLES))
    for name in sorted(set(tables) - set(TABLES)):
        report.failures.append(f"{name}: not a table of the contract (schemas/tables.py)")
    report.failures.extend(check_foreign_keys(tables))
    return report


def validate_table(name: str, df: pd.DataFrame, models: dict | None = None) -> list[str]:
    """Failures of one table against its pandera model and primary key. `models` defaults to the
    tables of a release (`release_tables()`: facts with their history columns, the derived
    tables); the pipeline's stage passes its own (TABLES)."""
    model = (models if models is not None else release_tables())[name]
    failures = []
    try:
        model.validate(df, lazy=True)
    except pandera.errors.SchemaErrors as err:
        failures.extend(_describe_schema_errors(name, err))
    key = PRIMARY_KEYS[name]
    if set(key) <= set(df.columns) and df.duplicated(key).any():
        dupes = df[df.duplicated(key, keep=False)][key].head(3).to_dict("records")
        failures.append(f"{name}: primary key {key} not unique, e.g. {dupes}")
    return failures


def foreign_key_columns(name: str) -> list[str]:
    """The columns of table `name` that foreign keys (its own or others') read: all that
    `check_foreign_keys` needs of it once the table itself has been validated."""
    needed = set()
    for table, keys in (*FOREIGN_KEYS.items(), *LIST_FOREIGN_KEYS.items()):
        for column, ref_table, ref_column in keys:
            if table == name:
                needed.add(column)
            if ref_table == name:
                needed.add(ref_column)
    return sorted(needed)


def check_foreign_keys(tables: Mapping[str, pd.DataFrame | pa.Table]) -> list[str]:
    """Failures of the foreign keys between `tables` (FOREIGN_KEYS, then the ';'-separated lists
    of LIST_FOREIGN_KEYS), in that order: one per key with values not in the column it refers
    to. A key whose table, column or referenced table is absent is not checked. The tables may be
    pandas frames (object columns, or Arrow strings: `hotspots.stages.tables.ARROW_STRING`) or Arrow
    tables, mixed; the build's validate stage, the publisher's verification and `hotspots
    verify` all check their keys here."""
    failures = []
    for many, foreign_keys in ((False, FOREIGN_KEYS), (True, LIST_FOREIGN_KEYS)):
        what = "id(s)" if many else "value(s)"
        for name, keys in foreign_keys.items():
            for column, ref_table, ref_column in keys:
                if name not in tables or ref_table not in tables:
                    continue
                if column not in _column_names(tables[name]):
                    continue
                missing = not_in(tables[name][column], tables[ref_table][ref_column], many=many)
                if missing:
                    failures.append(
                        f"{name}.{column}: {len(missing)} {what} not in {ref_table}.{ref_column}, e.g. {missing[:3]}"
                    )
    return failures


def assert_valid(tables: dict[str, pd.DataFrame]) -> ValidationReport:
    report = validate_tables(tables)
    if not report.ok:
        raise ValidationFailed(report)
    return report


def not_in(values: Column, ref: Column, *, many: bool = False) -> list:
    """The distinct values of `values` (with `many`, the ids of its ';'-separated lists; nulls
    left out) that are not in `ref`, sorted.

    Where both columns are Arrow strings (a column of an Arrow table, or a pandas column of Arrow
    strings, taken without a copy), the values not in `ref` are found with `is_in`, and only those
    become Python values: a Python set of a column would make a string object per distinct value,
    for as long as the check (at 10,000 documents the claims' key columns are ~60 MiB as pandas
    object columns). Where only `ref` is Arrow strings, a column of lists (`many`) of Python
    strings is made Arrow strings and checked so (`_lists_as_arrow`), and other values' distinct
    values (Python already) are looked up in it the same way. Anything else is compared as Python sets, a column of another
    Arrow type made pandas first (int64 as Int64, as `hotspots.release.write.to_frame` does)."""
    arrow, known = _arrow_strings(values), _arrow_strings(ref)
    if arrow is None and many and known is not None:
        arrow = _lists_as_arrow(values)
    if arrow is not None:
        arrow = arrow.drop_null()
        if many:
            arrow = pc.list_flatten(pc.split_pattern(arrow, ";"))
        if known is not None:
            if known.type != arrow.type:
                known = known.cast(arrow.type)
            return sorted(pc.unique(_not_found(arrow, known)).to_pylist())
        ids = set(pc.unique(arrow).to_pylist())
    else:
        cells = _series(values).dropna()
        ids = {i for cell in cells for i in cell.split(";")} if many else set(cells)
    if not ids:
        return []
    if known is not None and all(isinstance(i, str) for i in ids):
        probe = sorted(ids)
        found = pc.is_in(pa.array(probe, known.type), value_set=known)
        hits = found.to_numpy(zero_copy_only=False)
        return [v for v, hit in zip(probe, hits, strict=True) if not hit]
    return sorted(ids - set(_series(ref)))


# Rows of a referenced column hashed at a time by `_not_found`: is_in's hash table of the claims'
# 524,423 ids at 20,000 documents was ~45 MiB, and three keys refer to them.
REF_SLICE = 200_000


def _not_found(values: pa.ChunkedArray, known: pa.ChunkedArray) -> pa.ChunkedArray:
    """The values (with repeats) not in `known`, looked up in one slice of `known` at a time,
    each slice given only the values no earlier slice had: the hash table is of a slice, not of
    the whole column (the referenced column itself as the value set: `unique` of it first would
    take a hash table of every distinct value, and another of the result)."""
    for start in range(0, len(known), REF_SLICE):
        if not len(values):
            break
        values = values.filter(pc.invert(pc.is_in(values, value_set=known.slice(start, REF_SLICE))))
    return values


def _lists_as_arrow(values: Column) -> pa.ChunkedArray | None:
    """A pandas column of ';'-separated lists (Python strings) as Arrow strings, or None if it
    holds anything else. Its ids are then split and looked up in Arrow: a Python set of them,
    sorted, took ~2.7 s for facts.claim_ids at 50,000 documents (1.3 million ids) against
    ~0.4 s so, and its share grew with the corpus (the sort, and a set outgrowing the caches)."""
    if not isinstance(values, pd.Series) or values.dtype != object:
        return None
    try:
        return pa.chunked_array([pa.array(values, pa.string(), from_pandas=True)])
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None


def _column_names(table: pd.DataFrame | pa.Table) -> list[str]:
    return table.column_names if isinstance(table, pa.Table) else list(table.columns)


def _arrow_strings(column: Column) -> pa.ChunkedArray | None:
    """`column` as an Arrow string column (no copy), or None if it is not one."""
    if isinstance(column, pd.Series):
        dtype = column.dtype
        is_arrow = isinstance(dtype, pd.ArrowDtype) or (
            isinstance(dtype, pd.StringDtype) and dtype.storage in ("pyarrow", "pyarrow_numpy")
        )
        if not is_arrow:
            return None
        column = pa.array(column.array)  # the array's own Arrow data
    if isinstance(column, pa.Array):
        column = pa.chunked_array([column])
    if pa.types.is_dictionary(column.type) and pa.types.is_string(column.type.value_type):
        # held encoded (hotspots.release.write.encode_repeated): its distinct values, decoded,
        # are all `not_in` needs, and far fewer than its rows
        column = pc.unique(column).cast(column.type.value_type)
        column = pa.chunked_array([column])
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        return column
    return None


def _series(column: Column) -> pd.Series:
    if isinstance(column, pd.Series):
        return column
    return column.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
