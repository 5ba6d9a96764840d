"""Validate stage: every table against its pandera model, then the keys across tables.

Nothing is published unless `validate_tables` returns no failures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pandera.errors
import pyarrow as pa
import pyarrow.compute as pc

from schemas import FOREIGN_KEYS, LIST_FOREIGN_KEYS, PRIMARY_KEYS, TABLES
from schemas.tables import release_tables


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


def check_foreign_keys(tables: dict[str, pd.DataFrame]) -> list[str]:
    failures = []
    for name, keys in FOREIGN_KEYS.items():
        for column, ref_table, ref_column in keys:
            if name not in tables or ref_table not in tables or column not in tables[name]:
                continue
            values = set(tables[name][column].dropna())
            missing = not_in(values, tables[ref_table][ref_column])
            if missing:
                failures.append(
                    f"{name}.{column}: {len(missing)} value(s) not in {ref_table}.{ref_column}, e.g. {missing[:3]}"
                )
    for name, keys in LIST_FOREIGN_KEYS.items():
        for column, ref_table, ref_column in keys:
            if name not in tables or ref_table not in tables or column not in tables[name]:
                continue
            ids = {i for cell in tables[name][column].dropna() for i in cell.split(";")}
            missing = not_in(ids, tables[ref_table][ref_column])
            if missing:
                failures.append(
                    f"{name}.{column}: {len(missing)} id(s) not in {ref_table}.{ref_column}, e.g. {missing[:3]}"
                )
    return failures


def assert_valid(tables: dict[str, pd.DataFrame]) -> ValidationReport:
    report = validate_tables(tables)
    if not report.ok:
        raise ValidationFailed(report)
    return report


def not_in(values: set, ref: pd.Series) -> list:
    """The `values` that are not in `ref`, sorted. An Arrow-backed `ref` (the claims' and
    mentions' ids, hotspots.pipeline.arrow_strings) is looked up in Arrow: a Python set of it
    would make a string object per row, for as long as the check."""
    if not values:
        return []
    if isinstance(ref.dtype, pd.StringDtype) and ref.dtype.storage == "pyarrow":
        known = pa.array(ref.array)
        if isinstance(known, pa.ChunkedArray):
            known = known.combine_chunks()
        probe = sorted(values)
        found = pc.is_in(pa.array(probe, known.type), value_set=known).to_numpy(
            zero_copy_only=False
        )
        return [v for v, hit in zip(probe, found, strict=True) if not hit]
    return sorted(values - set(ref))
