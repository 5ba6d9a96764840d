"""Check a release directory: integrity (SHA256SUMS), then content (schemas, keys, CSV = Parquet).

Problems are returned in the order found, integrity first, each starting with the file it is
about (relative to the release directory), so the first one names the exact file to look at.

Content is validated with `hotspots.validate.validate_tables` when the release has the columns
of the current contract; an older release made under a different contract is validated against
its own datapackage.json instead (types, constraints, primary and foreign keys), so that
`verify` keeps working on every published version after the schemas move on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from pathlib import Path

import pandas as pd
import pandera.errors
import pandera.pandas as pa
import pyarrow
import pyarrow.parquet as pq

import schemas
from hotspots.ops.memory import mark
from hotspots.release import archive, contract, write
from hotspots.release.registry import SIGNATURE, SUMS, read_sums, sha256_file
from hotspots.validate import check_foreign_keys, foreign_key_columns, validate_table
from schemas.tables import release_tables

METADATA_FILES = (
    "datapackage.json",
    "croissant.json",
    "README.md",
    "CHANGELOG.md",
    "diff.json",
    "build.json",
)
_TABLE_OF = re.compile(r"[^.:]*")  # validation failures start with "<table>." or "<table>:"


def sums_text(release_dir: Path) -> str:
    """sha256sum-format lines for every file of the release (but SHA256SUMS, its signature and
    the zip of the release with its .sha256: each holds or names SHA256SUMS), sorted by path."""
    files = sorted(
        p.relative_to(release_dir).as_posix() for p in release_dir.rglob("*") if p.is_file()
    )
    unlisted = {SUMS, SIGNATURE, *archive.archive_names(release_dir)}
    return "".join(f"{sha256_file(release_dir / f)}  {f}\n" for f in files if f not in unlisted)


def verify_release(
    release_dir: Path,
    *,
    written: Mapping[str, pyarrow.Table] | None = None,
    validated: Collection[str] = (),
) -> list[str]:
    """Problems found in the release at `release_dir`; an empty list means it verifies.

    `written` is for the publisher only: the Arrow tables this process has just written into
    `release_dir` (Parquet, CSV and SQLite, from these same tables). Every file is still hashed
    from disk against SHA256SUMS, and every table still validated (schemas, keys, foreign keys),
    but what the writing itself proves is not redone: the tables are taken from memory instead
    of decoding the Parquet files again, the CSV files are not rendered again (their bytes were
    rendered from these tables, and their hashes hold), the SQLite file gets SQLite's quick check,
    its foreign keys and its row counts against these tables instead of a row-by-row comparison
    with the Parquet files, the zip's sha256 is checked without inflating its members (it
    was made from the files just hashed), and diff.json (the JSON encoder's output, every row's
    key in a first release) is not parsed back. `hotspots verify` (no `written`) does all of it.

    `validated` (only with `written`): tables of `written` that the build's validate stage has
    just checked against the same pandera model (`hotspots.validate.validate_tables`); their
    models are not run again (the derived tables' and facts', whose release model differs, are),
    the foreign keys between all tables are."""
    release_dir = Path(release_dir)
    if not release_dir.is_dir():
        return [f"{release_dir}: not a directory"]
    if not (release_dir / SUMS).is_file():
        return [f"{SUMS}: missing"]
    problems = _integrity(release_dir)
    try:
        package = json.loads((release_dir / "datapackage.json").read_text(encoding="utf-8"))
        resources = {r["name"]: r for r in package["resources"] if r.get("format") == "parquet"}
    except (OSError, ValueError, KeyError, TypeError) as err:
        return [*problems, f"datapackage.json: does not parse as a data package: {err}"]
    for name in JSON_FILES:
        if not (written and name in STREAMED_JSON_FILES):
            problems += _json_problems(release_dir / name)
    problems += _content(release_dir, package, resources, written, validated if written else ())
    mark("verify: tables")
    # Issue 12: hotspots.sqlite opens and holds the Parquet files' rows (none in old releases);
    # checked last, like CSV = Parquet, as a copy of tables that already verify.
    from hotspots.release.database import check_database

    if not problems:
        problems += check_database(release_dir, written)
    # Issue 20: the zip of the release, last: its members are compared with files that verify,
    # so a changed file is reported as itself, not as a zip that differs
    if not problems:
        problems += archive.check_zip(release_dir, members=written is None)
    return problems


# Every JSON file of METADATA_FILES but datapackage.json, which is parsed (and checked) as a package.
JSON_FILES = tuple(f for f in METADATA_FILES if f.endswith(".json") and f != "datapackage.json")
# diff.json, written by a JSON encoder in this process (jsonstream.json_pieces), lists every row of
# a first release (40 MB at 10,000 documents): as written proves it JSON, and its hash holds; the
# publisher's verification does not parse it back, `hotspots verify` does.
STREAMED_JSON_FILES = frozenset({"diff.json"})


def _json_problems(path: Path) -> list[str]:
    """[] when the file parses as JSON. Its objects are dropped as they are parsed (a first
    release's diff.json as Python objects is ~6 times its size), arrays keep one None each."""
    try:
        json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_drop)
    except (OSError, ValueError) as err:
        return [f"{path.name}: does not parse as JSON: {err}"]
    return []


def _drop(_pairs: list) -> None:
    return None


def _integrity(release_dir: Path) -> list[str]:
    sums, problems = read_sums(release_dir / SUMS)
    for rel, expected in sorted(sums.items()):
        path = release_dir / rel
        if not path.is_file():
            problems.append(f"{rel}: missing (listed in {SUMS})")
        elif sha256_file(path) != expected:
            problems.append(f"{rel}: sha256 does not match {SUMS} (file changed or corrupted)")
    present = {p.relative_to(release_dir).as_posix() for p in release_dir.rglob("*") if p.is_file()}
    # the signature of SHA256SUMS (`hotspots sign`) is made after it, so it cannot be listed; the
    # zip of the release holds SHA256SUMS, so neither can it (it is checked member by member)
    unlisted = {SUMS, SIGNATURE, *archive.archive_names(release_dir)}
    for rel in sorted(present - set(sums) - unlisted):
        problems.append(f"{rel}: not listed in {SUMS} (extra file)")
    for rel in METADATA_FILES:
        if rel not in sums:
            problems.append(f"{rel}: missing from the release ({SUMS} does not list it)")
    problems += _registry(release_dir)
    return problems


def _registry(release_dir: Path) -> list[str]:
    """The release's SHA256SUMS against the hash dist/versions.json recorded at publication."""
    dist = release_dir.parent
    registry = dist / "versions.json"
    if not registry.is_file():
        return []
    name = release_dir.name
    if name == "latest" and (dist / "LATEST").is_file():
        name = (dist / "LATEST").read_text(encoding="utf-8").strip()
    try:
        entries = {e["version"]: e for e in json.loads(registry.read_text(encoding="utf-8"))}
    except (ValueError, KeyError, TypeError):
        return ["versions.json: does not parse"]
    entry = entries.get(name)
    if entry and entry.get("sha256") != sha256_file(release_dir / SUMS):
        if release_dir.name == "latest":
            return [
                f"{SUMS}: latest/ is not a copy of {name}, the LATEST version (stale or changed)"
            ]
        return [
            f"{SUMS}: differs from the one versions.json recorded for {name} when it was published"
        ]
    return []


def _content(
    release_dir: Path,
    package: dict,
    resources: dict[str, dict],
    written: Mapping[str, pyarrow.Table] | None = None,
    validated: Collection[str] = (),
) -> list[str]:
    problems: list[str] = []
    described = {r["path"] for r in package["resources"]}
    for path in sorted((release_dir / "data").glob("*")):
        rel = path.relative_to(release_dir).as_posix()
        if rel not in described:
            problems.append(f"{rel}: not described in datapackage.json")
    if not _contract_columns(release_dir, resources):
        return _content_of_past_contract(release_dir, package, resources, problems)
    # One table at a time, keeping only the key columns for the foreign-key check: a release of
    # 10,000 documents is GiBs as pandas frames, and verify runs inside every publish. The
    # publisher's tables (`written`) are held anyway: their key columns are taken as Arrow (no
    # copy), which `check_foreign_keys` compares in Arrow. A table read from its file is made
    # pandas to be validated, and its key columns are kept from that frame (pandas shares one
    # object per distinct string, fewer bytes than Arrow's copy of every value).
    failures: list[str] = []
    keys: dict[str, pyarrow.Table | pd.DataFrame] = {}
    for name, resource in resources.items():
        if written is not None and name in written:
            table = _written(release_dir, name, written[name], problems)
        else:
            table = _read_checked(release_dir, name, resource, problems)
        if table is None or problems:
            continue
        columns = foreign_key_columns(name)
        if written is not None and name in written:
            keys[name] = table.select(columns)  # encoded columns too: see validate.not_in
        if name in validated and release_tables()[name] is schemas.TABLES.get(name):
            # validated by the build's own stage against this very model: only its key columns
            # are needed here, for the foreign keys between all the tables
            continue
        frame = write.to_frame(table)
        del table
        failures += validate_table(name, frame)
        if name not in keys:
            keys[name] = frame[columns]
        del frame
    if problems:
        return problems
    failures += check_foreign_keys(keys)
    return [f"data/{_TABLE_OF.match(f).group(0)}.parquet: {f}" for f in failures]


def _contract_columns(release_dir: Path, resources: dict[str, dict]) -> bool:
    """Whether the release's Parquet files have the tables and columns of the current contract
    (read from their schemas, not their rows). A file that cannot be read counts as current:
    reading it fails again, with its message, in `_read_checked`."""
    names = contract.table_names()
    if set(resources) != set(names):
        return False
    for name in names:
        try:
            columns = pq.read_schema(release_dir / resources[name]["path"]).names
        except Exception:  # reported, with its message, by _read_checked
            continue
        if columns != [c.name for c in contract.table_columns(name)]:
            return False
    return True


def _read_checked(release_dir: Path, name: str, resource: dict, problems: list[str]):
    """The table of `resource` as Arrow, after checking its CSV twin holds the same rows;
    None (and a problem appended) when either is missing or unreadable."""
    path = release_dir / resource["path"]
    try:
        table = write.read_parquet(path)
    except Exception as err:  # any unreadable file is a finding, not a crash
        problems.append(f"{resource['path']}: cannot be read as Parquet: {err}")
        return None
    csv_path = release_dir / f"data/{name}.csv"
    if not csv_path.is_file():
        problems.append(f"data/{name}.csv: missing")
        return None
    if not write.csv_matches(csv_path, table):
        expected, actual = write.csv_bytes(table), csv_path.read_bytes()  # only to say where
        problems.append(
            f"data/{name}.csv: {_first_difference(actual, expected)} (does not hold the rows of data/{name}.parquet)"
        )
        return None
    return table


def _written(release_dir: Path, name: str, table: pyarrow.Table, problems: list[str]):
    """A table the publisher has just written from memory: its files must be there (their bytes
    are checked by hash in `_integrity`); None (and a problem appended) when one is missing."""
    for rel in (f"data/{name}.parquet", f"data/{name}.csv"):
        if not (release_dir / rel).is_file():
            problems.append(f"{rel}: missing")
            return None
    return table


def _content_of_past_contract(
    release_dir: Path, package: dict, resources: dict[str, dict], problems: list[str]
) -> list[str]:
    arrow = {}
    for name, resource in resources.items():
        table = _read_checked(release_dir, name, resource, problems)
        if table is not None:
            arrow[name] = table
    if problems:
        return problems
    frames = {name: write.to_frame(t) for name, t in arrow.items()}
    failures = _validate_by_package(package, frames)
    return [f"data/{_TABLE_OF.match(f).group(0)}.parquet: {f}" for f in failures]


def _first_difference(actual: bytes, expected: bytes) -> str:
    a, e = actual.split(b"\n"), expected.split(b"\n")
    for n, (x, y) in enumerate(zip(a, e, strict=False), 1):
        if x != y:
            return f"line {n} differs"
    return f"has {len(a) - 1} lines, expected {len(e) - 1}"


_DTYPES = {"string": str, "integer": "int64", "number": float, "boolean": bool}


def _validate_by_package(package: dict, frames: dict[str, pd.DataFrame]) -> list[str]:
    """Validate tables against the Table Schemas a release carries (for past contracts)."""
    failures = []
    fks: list[tuple[str, str, str, str]] = []
    for resource in package["resources"]:
        name = resource["name"]
        if resource.get("format") != "parquet" or name not in frames:
            continue
        schema = resource["schema"]
        df = frames[name]
        columns = {f["name"]: _column(f) for f in schema["fields"]}
        try:
            pa.DataFrameSchema(columns, strict=True, ordered=True).validate(df, lazy=True)
        except pandera.errors.SchemaErrors as err:
            for (col, check), group in err.failure_cases.groupby(
                ["column", "check"], dropna=False, sort=True
            ):
                failures.append(f"{name}.{col}: {check} failed for {len(group)} row(s)")
        key = schema.get("primaryKey") or []
        if key and set(key) <= set(df.columns) and df.duplicated(key).any():
            failures.append(f"{name}: primary key {key} not unique")
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"].get("resource") or name
            fks.append((name, fk["fields"][0], ref, fk["reference"]["fields"][0]))
    for name, column, ref, ref_column in fks:
        if ref not in frames or column not in frames[name] or ref_column not in frames[ref]:
            failures.append(
                f"{name}.{column}: references {ref}.{ref_column}, which the release lacks"
            )
            continue
        missing = sorted(set(frames[name][column].dropna()) - set(frames[ref][ref_column]))
        if missing:
            failures.append(
                f"{name}.{column}: {len(missing)} value(s) not in {ref}.{ref_column}, e.g. {missing[:3]}"
            )
    return failures


def _column(field: dict) -> pa.Column:
    c = field.get("constraints", {})
    checks = []
    if "enum" in c:
        checks.append(pa.Check.isin(c["enum"]))
    if "pattern" in c:
        checks.append(pa.Check.str_matches(f"^(?:{c['pattern']})\\Z"))
    if "minLength" in c:
        checks.append(pa.Check.str_length(min_value=c["minLength"]))
    if "maxLength" in c:
        checks.append(pa.Check.str_length(max_value=c["maxLength"]))
    for name, make in (
        ("minimum", pa.Check.ge),
        ("maximum", pa.Check.le),
        ("exclusiveMinimum", pa.Check.gt),
        ("exclusiveMaximum", pa.Check.lt),
    ):
        if name in c:
            checks.append(make(c[name]))
    return pa.Column(
        _DTYPES[field["type"]],
        checks=checks,
        nullable=not c.get("required", False),
        unique=bool(c.get("unique")),
    )
