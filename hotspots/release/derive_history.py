"""The history of a release's facts (issue 20): `first_seen` and `last_changed`, the versions a
fact first appeared and last changed in, carried over from the previous release (a release made
before these columns existed gets them from the releases before it, oldest first)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from hotspots.release.contract import ReleaseError

HISTORY = ("first_seen", "last_changed")
# The columns whose change makes a fact "changed": its value and its standing. claim_ids,
# rule and rationale move when a source is added or a rule reworded, the statement does not.
CONTENT = ("object_id", "value", "value_text", "unit", "comparator", "combined", "status")


def _rows(table: pa.Table, columns: list[str]) -> list[tuple]:
    return list(zip(*(table[c].to_pylist() for c in columns), strict=True))


def add_history(facts: pa.Table, previous: pa.Table | None, version: str) -> pa.Table:
    """`facts` (without history columns) with `first_seen` and `last_changed` appended, given the
    previous release's facts with theirs (None: no previous release). A fact is matched by
    fact_id; it changed when one of CONTENT differs (columns present in both releases)."""
    ids = facts["fact_id"].to_pylist()
    if previous is None:
        stamp = pa.array([version] * len(ids), pa.string())
        return facts.append_column("first_seen", stamp).append_column("last_changed", stamp)
    content = [c for c in CONTENT if c in facts.column_names and c in previous.column_names]
    before = {
        fid: (row, first, last)
        for fid, row, first, last in zip(
            previous["fact_id"].to_pylist(),
            _rows(previous, content),
            previous["first_seen"].to_pylist(),
            previous["last_changed"].to_pylist(),
            strict=True,
        )
    }
    first_seen, last_changed = [], []
    for fid, row in zip(ids, _rows(facts, content), strict=True):
        old = before.get(fid)
        if old is None:
            first_seen.append(version)
            last_changed.append(version)
        else:
            first_seen.append(old[1])
            last_changed.append(old[2] if old[0] == row else version)
    return facts.append_column("first_seen", pa.array(first_seen, pa.string())).append_column(
        "last_changed", pa.array(last_changed, pa.string())
    )


def history_of_releases(releases: list[tuple[str, pa.Table]]) -> pa.Table | None:
    """The facts of the last of `releases` (version, facts table; oldest first) with their
    history columns: a release that carries them is taken as it is, one that does not gets them
    from the releases before it."""
    history = None
    for version, facts in releases:
        if set(HISTORY) <= set(facts.column_names):
            history = facts
        else:
            history = add_history(facts, history, version)
    return history


def previous_history(dist_dir: Path, versions: list[str]) -> pa.Table | None:
    """The history as of the newest of `versions` (registry order, oldest first), reading back
    only as far as the newest release that carries the history columns."""
    chain: list[tuple[str, pa.Table]] = []
    for version in reversed(versions):
        path = Path(dist_dir) / version / "data" / "facts.parquet"
        if not path.is_file():
            raise ReleaseError(f"{path} is missing: the history of facts cannot be carried over")
        wanted = ["fact_id", *CONTENT, *HISTORY]
        names = pq.read_schema(path).names
        facts = pq.read_table(path, columns=[c for c in wanted if c in names])
        chain.append((version, facts))
        if set(HISTORY) <= set(names):
            break
    return history_of_releases(list(reversed(chain)))
