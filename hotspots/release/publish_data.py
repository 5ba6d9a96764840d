"""Publish, the data: the tables checked against the contract (`check_tables`, `check_quotes`),
their Parquet and CSV files written with their checksums (`write_data`, `data_sums`), the diff
against the previous release that picks the version (`release_diff`), and the facts' history
stamped with that version (`stamp_history`). The order of work: hotspots.release.publish."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from hotspots.release import (
    contract,
    derive_history,
    diff,
    diff_changes,
    distdir,
    write,
)
from hotspots.release.contract import ReleaseError
from hotspots.release.registry import (
    SUMS,
    read_sums,
    sha256_file,
)
from schemas.tables import MAX_QUOTE_CHARS

# Stands for the version being published in the facts' history until the diff has named it.
PENDING = "0.0.0"


def stamp_history(
    tmp: Path, facts: pa.Table, history: pa.Table | None, version: str, diff_doc: dict
) -> pa.Table:
    """Facts with the history naming `version` where it said PENDING, rewritten in `tmp`, and
    the diff's changed values said the same way."""
    stamped = write.to_arrow("facts", derive_history.add_history(facts, history, version))
    write.write_file(tmp / "data/facts.parquet", write.parquet_bytes(stamped))
    write.write_csv(tmp / "data/facts.csv", stamped)
    for change in diff_doc["tables"].get("facts", {}).get("changed", []):
        for column in derive_history.HISTORY:
            if change["columns"].get(column, {}).get("new") == PENDING:
                change["columns"][column]["new"] = version
    return stamped


def check_tables(tables: dict) -> None:
    names = contract.pipeline_table_names()
    missing = [t for t in names if t not in tables]
    extra = sorted(set(tables) - set(names))
    if missing or extra:
        raise ReleaseError(
            f"tables do not match the contract: missing {missing}, unexpected {extra}"
        )


def check_quotes(claims: pa.Table) -> None:
    claims = write.decoded(claims, ["claim_id", "quote"])
    too_long = claims.filter(pc.greater(pc.utf8_length(claims["quote"]), MAX_QUOTE_CHARS))
    if too_long.num_rows:
        raise ReleaseError(
            f"claims: {too_long.num_rows} quote(s) longer than {MAX_QUOTE_CHARS} characters "
            f"(e.g. claim {too_long['claim_id'][0]}); releases carry facts and short quotes only"
        )


def write_data(release_dir: Path, arrow: dict) -> dict[str, str]:
    sums = {}
    for i, (name, table) in enumerate(arrow.items()):
        parquet, csv = f"data/{name}.parquet", f"data/{name}.csv"
        write.write_file(release_dir / parquet, write.parquet_bytes(table))
        write.write_csv(release_dir / csv, table)  # streamed: a 10,000-document CSV is 100s of MB
        for rel in (parquet, csv):
            sums[rel] = sha256_file(release_dir / rel)
        if i == 0:
            distdir.pause("writing")
    return sums


def data_sums(release_dir: Path, prefix: str = "data/") -> dict[str, str]:
    """The SHA256SUMS entries of a release's files under `prefix`."""
    sums, _ = read_sums(release_dir / SUMS)
    return {rel: h for rel, h in sums.items() if rel.startswith(prefix)}


def release_time(build_info: dict) -> str:
    stamp = build_info.get("finished_at") or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return stamp.isoformat() if hasattr(stamp, "isoformat") else str(stamp)


def release_diff(
    dist_dir: Path,
    previous: str | None,
    arrow: dict,
    build_info: dict,
    same_data_reason: str = "data files re-encoded, no row or column changed",
) -> dict:
    old = diff.read_release(dist_dir / previous)[0] if previous else None
    keys = {name: contract.primary_key(name) for name in arrow}
    tables = diff.diff_tables(old, arrow, keys)
    changes = diff_changes.describe_changes(old, arrow, tables)
    bump, reasons = diff.decide_bump(tables) if previous else (None, [])
    if previous and bump is None:
        bump, reasons = "patch", [same_data_reason]
    return {
        "version": diff.next_version(previous, bump),
        "previous": previous,
        "bump": bump,
        "date": release_time(build_info)[:10],
        "reasons": reasons,
        "rows": {name: t.num_rows for name, t in arrow.items()},
        "tables": tables,
        "changes": changes,
    }
