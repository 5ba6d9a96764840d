"""`hotspots.sqlite`: every table of a release in one SQLite file, for people who think in SQL.

SQLite (the standard library's `sqlite3`) rather than a DuckDB file because the release must be
byte-reproducible: two DuckDB files written from the same rows differ (their headers carry
random identifiers), while SQLite writes the same bytes for the same statements. To keep it so:
- the schema and indexes are generated from the contract (`schemas/`) in a fixed order, and each
  table's rows are inserted in the published sort order (the Arrow tables are already sorted);
- the database is built in a scratch file next to the target (no journal, no WAL; deleted
  afterwards) with a fixed page size and encoding, then written out with `VACUUM INTO`, which
  leaves no free pages and no history of how the rows got there. A scratch file rather than
  memory: at 10,000 documents the database is 160 MB, which a build in memory added to the
  publish stage's peak;
- nothing time- or machine-dependent is stored. The one caveat: the header records the SQLite
  library version that wrote the file, so a different SQLite may give other bytes (like
  pyarrow's `created_by` in the Parquet files). Whether the data changed is decided on the
  Parquet files alone, so this never makes a spurious release.

Primary keys, NOT NULL and foreign keys are declared (parent tables first); every column carries
its contract description as an SQL comment, visible with `.schema` in the sqlite3 shell. The
views below join the tables the way most questions need them.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path

import pyarrow as pa

from hotspots.release import contract, write

DATABASE = "hotspots.sqlite"
PAGE_SIZE = 4096
# SQLite's `application_id` header field, so that `file` and tools can tell what this is ("CIHS").
APPLICATION_ID = 0x43494853

_SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}

# Views: name -> (what it answers, SELECT). They use only the contract's tables and columns.
# `facts.claim_ids` is a ';'-separated list; the bridge view `fact_claims` unnests it.
VIEWS: dict[str, tuple[str, str]] = {
    "fact_claims": (
        "One row per fact and claim behind it (facts.claim_ids unnested).",
        # A recursive split: linear in the list lengths, unlike matching every claim with instr().
        """WITH RECURSIVE split(fact_id, claim_id, rest) AS (
    SELECT fact_id, NULL, claim_ids || ';' FROM facts
    UNION ALL
    SELECT fact_id, substr(rest, 1, instr(rest, ';') - 1), substr(rest, instr(rest, ';') + 1)
      FROM split WHERE rest <> ''
)
SELECT fact_id, claim_id FROM split WHERE claim_id IS NOT NULL""",
    ),
    "facts_with_sources": (
        "Every fact with each claim behind it: the quote, and the document it comes from.",
        """SELECT f.fact_id, f.subject_id, s.name AS subject_name, f.predicate, f.object_id,
       f.value, f.value_text, f.unit, f.comparator, f.as_of, f.status, f.rule,
       c.claim_id, c.quote, c.value AS claim_value, c.value_text AS claim_value_text,
       d.document_id, d.title AS document_title, d.publisher, d.url, d.published
  FROM facts AS f
  JOIN fact_claims AS fc ON fc.fact_id = f.fact_id
  JOIN claims AS c ON c.claim_id = fc.claim_id
  JOIN documents AS d ON d.document_id = c.document_id
  LEFT JOIN entities AS s ON s.entity_id = f.subject_id
 ORDER BY f.fact_id, c.claim_id""",
    ),
    "disputed_facts_with_claims": (
        "Disputed facts (sources disagree and no rule settled it) with each competing claim.",
        """SELECT * FROM facts_with_sources WHERE status = 'disputed'""",
    ),
    "chinese_clusters_by_edition": (
        "WIPO clusters of China (incl. Hong Kong and Macao) by Global Innovation Index edition.",
        """SELECT r.edition, r.rank, r.cluster_id, e.name AS cluster_name, r.country_code,
       r.fact_id
  FROM cluster_rankings AS r
  JOIN entities AS e ON e.entity_id = r.cluster_id
 WHERE r.country_code IN ('CN', 'HK', 'MO')
 ORDER BY r.edition, r.rank""",
    ),
}


def table_order() -> list[str]:
    """Contract tables, each after the tables its foreign keys point to (stable otherwise)."""
    names = contract.table_names()
    done: list[str] = []
    pending = list(names)
    while pending:
        for name in pending:
            parents = {ref for _, ref, _ in contract.foreign_keys(name) if ref != name}
            if parents <= set(done):
                done.append(name)
                pending.remove(name)
                break
        else:  # a cycle between tables: keep contract order, the FK check still runs at the end
            done += pending
            break
    return done


def schema_sql(tables: Mapping[str, pa.Table] | None = None) -> list[str]:
    """CREATE statements (tables, FK indexes, views) in the order they are run."""
    statements = []
    for name in table_order():
        if tables is not None and name not in tables:
            continue
        lines = []
        for col in contract.table_columns(name):
            null = "" if col.nullable else " NOT NULL"
            note = " ".join(col.description.split()).replace("*/", "* /")
            lines.append(f'  "{col.name}" {_SQL_TYPES[col.kind]}{null}, -- {note}')
        key = contract.primary_key(name)
        constraints = []
        if key:
            constraints.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in key) + ")")
        for column, ref, ref_column in contract.foreign_keys(name):
            constraints.append(f'FOREIGN KEY ("{column}") REFERENCES "{ref}" ("{ref_column}")')
        body = lines + [f"  {c}," for c in constraints]
        body[-1] = _drop_trailing_comma(body[-1])
        doc = contract.table_description(name).replace("*/", "* /")
        statements.append(f'CREATE TABLE "{name}" ( -- {doc}\n' + "\n".join(body) + "\n)")
        for column, _, _ in contract.foreign_keys(name):
            statements.append(f'CREATE INDEX "{name}_{column}" ON "{name}" ("{column}")')
    for view, (doc, select) in VIEWS.items():
        statements.append(f'CREATE VIEW "{view}" AS -- {doc}\n{select}')
    return statements


def _drop_trailing_comma(line: str) -> str:
    # A column line ends in "-- comment": the comma sits before the comment.
    head, sep, comment = line.partition(" -- ")
    return head.rstrip(",") + sep + comment


def write_database(tables: Mapping[str, pa.Table], path: Path) -> None:
    """Write the tables (as published: contract columns, sorted rows) to a new SQLite file."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists: the database is written once, into a new release")
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.building")
    scratch.unlink(missing_ok=True)  # left by a killed run: nothing else writes this name
    con = sqlite3.connect(scratch, isolation_level=None)
    try:
        con.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        con.execute("PRAGMA encoding = 'UTF-8'")
        con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        # A scratch file: nothing to recover if the process dies, so no journal and no syncs.
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        # 32 MiB of page cache (SQLite's default is 2 MiB): when the foreign-key indexes were
        # built as rows arrived, with the small cache their pages went back and forth to the
        # scratch file (10,000 documents: 6.2 -> 5.3 s, measured then; they are now built after
        # the rows, below). Not stored in the file: the bytes are the same.
        con.execute("PRAGMA cache_size = -32768")
        con.execute("BEGIN")
        # The tables first, then their rows, then the foreign-key indexes: an index made from
        # the rows at once (SQLite sorts them) costs less than one kept up row by row, whose
        # pages outgrow the page cache as the corpus grows (write_database at 50,000 documents:
        # 48.7 -> 33.7 s CPU). The file does not show the order: `VACUUM INTO` creates every
        # table, then every index, each in `schema_sql`'s order, and copies the rows in key order.
        statements = schema_sql(tables)
        for statement in statements:
            if statement.startswith("CREATE TABLE "):
                con.execute(statement)
        for name in table_order():
            if name in tables:
                _insert(con, name, tables[name])
        for statement in statements:
            if not statement.startswith("CREATE TABLE "):
                con.execute(statement)
        con.execute("COMMIT")
        broken = con.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            table, rowid, parent, _ = broken[0]
            raise contract.ReleaseError(
                f"{DATABASE}: {len(broken)} row(s) break a foreign key, e.g. {table} row {rowid} -> {parent}"
            )
        con.execute("VACUUM INTO ?", (str(path),))
    finally:
        con.close()
        scratch.unlink(missing_ok=True)
    with open(path, "rb+") as fh:  # the release is renamed into place only once it is on disk
        os.fsync(fh.fileno())


def _insert(con: sqlite3.Connection, name: str, table: pa.Table) -> None:
    columns = [c.name for c in contract.table_columns(name)]
    if table.schema.names != columns:
        raise contract.ReleaseError(f"{name}: columns {table.schema.names} are not {columns}")
    quoted = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    insert = f'INSERT INTO "{name}" ({quoted}) VALUES ({marks})'
    for rows in _row_batches(table, columns):
        con.executemany(insert, rows)


def _row_batches(table: pa.Table, columns: list[str]) -> Iterator[list[tuple]]:
    """The rows of `columns` as tuples, a batch at a time (never a whole table's worth)."""
    for values in write.python_batches(table.select(columns)):
        yield list(zip(*values, strict=True))


def check_database(release_dir: Path, written: Mapping[str, pa.Table] | None = None) -> list[str]:
    """Problems with the release's `hotspots.sqlite`: it opens, is intact, keys hold, and each
    table holds exactly the rows of its Parquet file. A release without one (published before
    the database existed) has nothing to check; SHA256SUMS covers a deleted one.

    `written`: the tables the publisher has just written the file from (`write_database`, which
    inserted exactly these rows in one transaction and checked their foreign keys before
    `VACUUM INTO`); then the file gets SQLite's quick check (its b-trees, not every index entry
    against its table), the foreign keys, and each table's columns and row count against these
    tables, not a row-by-row comparison with the Parquet files read back."""
    path = Path(release_dir) / DATABASE
    if not path.is_file():
        return []
    try:
        # immutable=1: read-only, no locks, no journal; a release directory is never written to.
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as err:
        return [f"{DATABASE}: cannot be opened as SQLite: {err}"]
    try:
        if written is not None:
            return _check_written(con, written)
        return _check(con, Path(release_dir))
    except sqlite3.Error as err:  # not a database, or a table missing
        return [f"{DATABASE}: cannot be read as SQLite: {err}"]
    finally:
        con.close()


def _check_written(con: sqlite3.Connection, tables: Mapping[str, pa.Table]) -> list[str]:
    quick = [r[0] for r in con.execute("PRAGMA quick_check")]
    if quick != ["ok"]:
        return [f"{DATABASE}: quick check failed: {quick[0]}"]
    broken = con.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        return [f"{DATABASE}: {len(broken)} row(s) break a foreign key, e.g. {broken[0]}"]
    present = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    problems = []
    for name, table in sorted(tables.items()):
        if name not in present:
            problems.append(f"{DATABASE}: table {name} missing (data/{name}.parquet has it)")
            continue
        columns = [r[1] for r in con.execute(f'PRAGMA table_info("{name}")')]
        (count,) = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
        if columns != table.schema.names or count != table.num_rows:
            problems.append(
                f"{DATABASE}: {name} has columns {columns} and {count} rows, "
                f"data/{name}.parquet has {table.schema.names} and {table.num_rows}"
            )
    return problems


def _check(con: sqlite3.Connection, release_dir: Path) -> list[str]:
    integrity = [r[0] for r in con.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        return [f"{DATABASE}: integrity check failed: {integrity[0]}"]
    problems = []
    broken = con.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        problems.append(f"{DATABASE}: {len(broken)} row(s) break a foreign key, e.g. {broken[0]}")
    present = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for parquet in sorted((release_dir / "data").glob("*.parquet")):
        name = parquet.stem
        if name not in present:
            problems.append(f"{DATABASE}: table {name} missing (data/{name}.parquet has it)")
            continue
        try:
            table = write.read_parquet(parquet)
        except Exception:  # an unreadable Parquet file is reported by verify's content check
            continue
        columns = [r[1] for r in con.execute(f'PRAGMA table_info("{name}")')]
        if columns != table.schema.names:
            problems.append(
                f"{DATABASE}: {name} has columns {columns}, data/{name}.parquet has {table.schema.names}"
            )
            continue
        (count,) = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
        if count != table.num_rows:
            problems.append(
                f"{DATABASE}: {name} has {count} rows, data/{name}.parquet has {table.num_rows}"
            )
            continue
        quoted = ", ".join(f'"{c}"' for c in columns)
        stored = con.execute(f'SELECT {quoted} FROM "{name}" ORDER BY rowid')
        n = 0
        for expected in _row_batches(table, columns):
            got = stored.fetchmany(len(expected))
            if got != expected:
                at = next(
                    (i for i, (a, b) in enumerate(zip(got, expected, strict=False)) if a != b),
                    len(got),
                )
                problems.append(
                    f"{DATABASE}: {name} row {n + at + 1} differs from data/{name}.parquet"
                )
                break
            n += len(expected)
    return problems
