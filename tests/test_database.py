"""hotspots.sqlite: every table in one reproducible SQLite file, checked by verify."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from release_fixtures import CLUSTER, build_info, h16, release_arrow, sample_tables

import schemas
from hotspots.release import archive, publish_release, verify_release
from hotspots.release.contract import ReleaseError
from hotspots.release.database import (
    DATABASE,
    PAGE_SIZE,
    VIEWS,
    check_database,
    table_order,
    write_database,
)
from hotspots.release.verify import sums_text
from schemas.tables import release_tables


def arrow_of(tables) -> dict:
    return release_arrow(tables)


@pytest.fixture
def db(tmp_path: Path) -> sqlite3.Connection:
    path = tmp_path / DATABASE
    write_database(arrow_of(sample_tables()), path)
    con = sqlite3.connect(path)
    yield con
    con.close()


def test_same_tables_give_identical_bytes_whatever_the_row_order(tmp_path):
    tables = sample_tables()
    shuffled = {name: df.sample(frac=1, random_state=7) for name, df in sample_tables().items()}
    write_database(arrow_of(tables), tmp_path / "a.sqlite")
    write_database(arrow_of(shuffled), tmp_path / "b.sqlite")
    assert (tmp_path / "a.sqlite").read_bytes() == (tmp_path / "b.sqlite").read_bytes()
    # Built in memory and written with VACUUM INTO: no journal or WAL file beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.sqlite", "b.sqlite"]


def test_header_pins_page_size_and_holds_no_free_pages(db):
    assert db.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
    assert db.execute("PRAGMA freelist_count").fetchone()[0] == 0
    assert db.execute("PRAGMA journal_mode").fetchone()[0] != "wal"
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_every_table_with_its_primary_and_foreign_keys(db):
    for name in release_tables():
        info = db.execute(f'PRAGMA table_info("{name}")').fetchall()
        assert [r[1] for r in info] == list(release_tables()[name].to_schema().columns)
        key = [r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5])]
        assert key == schemas.PRIMARY_KEYS[name]
        fks = {(r[3], r[2], r[4]) for r in db.execute(f'PRAGMA foreign_key_list("{name}")')}
        assert fks == set(schemas.FOREIGN_KEYS.get(name, []))
    # NOT NULL follows the contract's nullability.
    info = {r[1]: r for r in db.execute("PRAGMA table_info(facts)")}
    assert info["fact_id"][3] == 1 and info["object_id"][3] == 0
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_parents_are_created_before_the_tables_that_point_to_them():
    order = table_order()
    for name in order:
        for _, ref, _ in schemas.FOREIGN_KEYS.get(name, []):
            assert ref == name or order.index(ref) < order.index(name)


def test_rows_and_values_round_trip(db):
    tables = sample_tables()
    for name, df in tables.items():
        assert db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == len(df)
    unicorns = db.execute(
        "SELECT value, object_id, comparator FROM claims WHERE claim_id = ?", (h16("c-unicorns"),)
    ).fetchone()
    assert unicorns == (23.0, None, "gte")
    # Text is stored as is (the CSV escaping of = + - @ is for spreadsheets only).
    assert db.execute(
        "SELECT value_text FROM claims WHERE claim_id = ?", (h16("c-described"),)
    ).fetchone() == ('=HYPERLINK("http://evil.example")',)
    geonames = dict(db.execute("SELECT entity_id, geonames_id FROM entities"))
    assert geonames[CLUSTER] is None and geonames["city/shenzhen"] == 1795565


def test_columns_carry_their_descriptions_as_sql_comments(db):
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'facts'").fetchone()[0]
    assert "-- One row per reconciled statement" in sql
    assert '"status" TEXT NOT NULL, -- consensus, single_source' in sql


def test_views(tmp_path):
    tables = sample_tables()
    facts = tables["facts"]
    facts.loc[facts["fact_id"] == h16("f-rank"), "status"] = "disputed"
    write_database(arrow_of(tables), tmp_path / DATABASE)
    con = sqlite3.connect(tmp_path / DATABASE)
    views = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert views == set(VIEWS)

    pairs = con.execute("SELECT fact_id, claim_id FROM fact_claims").fetchall()
    expected = {
        (f, c)
        for f, ids in zip(facts["fact_id"], facts["claim_ids"], strict=True)
        for c in ids.split(";")
    }
    assert len(pairs) == len(expected) and set(pairs) == expected

    sources = con.execute(
        "SELECT claim_id, publisher, quote FROM facts_with_sources WHERE fact_id = ?",
        (h16("f-rank"),),
    ).fetchall()
    assert sorted(sources) == sorted(
        [
            (h16("c-rank"), "WIPO", "Shenzhen-Hong Kong-Guangzhou ranks 2nd"),
            (h16("c-name"), "JLL", "Shenzhen-Hong Kong-Guangdong ranks 2nd"),
        ]
    )
    disputed = con.execute("SELECT DISTINCT fact_id FROM disputed_facts_with_claims").fetchall()
    assert disputed == [(h16("f-rank"),)]
    assert con.execute(
        "SELECT edition, rank, cluster_id, cluster_name FROM chinese_clusters_by_edition"
    ).fetchall() == [(2022, 2, CLUSTER, "Shenzhen–Hong Kong–Guangzhou")]
    con.close()


def test_a_broken_foreign_key_is_refused(tmp_path):
    tables = sample_tables()
    tables["mentions"].loc[0, "entity_id"] = "city/atlantis"
    with pytest.raises(ReleaseError, match="foreign key"):
        write_database(arrow_of(tables), tmp_path / DATABASE)


def test_every_release_carries_the_database_listed_and_reproducible(tmp_path):
    a = publish_release(sample_tables(), tmp_path / "a", build_info()).path
    b = publish_release(sample_tables(), tmp_path / "b", build_info("run-2")).path
    assert (a / DATABASE).read_bytes() == (b / DATABASE).read_bytes()
    listed = dict(
        reversed(line.split("  ", 1)) for line in (a / "SHA256SUMS").read_text().splitlines()
    )
    assert listed[DATABASE] == hashlib.sha256((a / DATABASE).read_bytes()).hexdigest()
    assert check_database(a) == [] and verify_release(a) == []
    assert (tmp_path / "a" / "latest" / DATABASE).is_file()


def _rewrite(release: Path, change) -> None:
    """Change the database by hand and re-sum, so that only the content check can object."""
    path = release / DATABASE
    path.chmod(0o644)
    con = sqlite3.connect(path)
    change(con)
    con.commit()
    con.close()
    (release.parent / "versions.json").unlink(missing_ok=True)
    (release / "SHA256SUMS").write_text(sums_text(release))


def test_verify_reports_a_database_that_disagrees_with_the_parquet_files(tmp_path):
    release = publish_release(sample_tables(), tmp_path / "dist", build_info()).path
    _rewrite(release, lambda con: con.execute("DELETE FROM mentions WHERE rowid = 1"))
    assert verify_release(release) == [
        f"{DATABASE}: mentions has 3 rows, data/mentions.parquet has 4"
    ]

    release = publish_release(sample_tables(), tmp_path / "dist2", build_info()).path
    _rewrite(release, lambda con: con.execute("UPDATE facts SET value = 99 WHERE value = 23"))
    [problem] = verify_release(release)
    assert problem.startswith(f"{DATABASE}: facts row") and "differs" in problem


def test_verify_reports_a_database_that_is_not_one(tmp_path):
    release = publish_release(sample_tables(), tmp_path / "dist", build_info()).path
    (release / DATABASE).chmod(0o644)
    (release / DATABASE).write_bytes(b"not a database at all" * 100)
    (release.parent / "versions.json").unlink()
    (release / "SHA256SUMS").write_text(sums_text(release))
    [problem] = verify_release(release)
    assert problem.startswith(f"{DATABASE}: cannot be")


def test_releases_from_before_the_database_still_verify(tmp_path):
    release = publish_release(sample_tables(), tmp_path / "dist", build_info()).path
    (release / DATABASE).unlink()
    (release.parent / "versions.json").unlink()
    for name in archive.archive_names(release):  # nor a zip, which came later still
        (release / name).unlink()
    (release / "SHA256SUMS").write_text(sums_text(release))
    assert check_database(release) == [] and verify_release(release) == []


@pytest.mark.slow
def test_seed_database_answers_the_documented_questions(seed_tables, tmp_path):
    from hotspots.validate import validate_tables

    tables = {name: seed_tables[name] for name in schemas.TABLES}
    assert validate_tables(tables).failures == []
    write_database(arrow_of(tables), tmp_path / DATABASE)
    con = sqlite3.connect(tmp_path / DATABASE)
    clusters = con.execute("SELECT cluster_id FROM chinese_clusters_by_edition").fetchall()
    assert (CLUSTER,) in clusters
    n_links = sum(len(ids.split(";")) for ids in tables["facts"]["claim_ids"])
    assert con.execute("SELECT count(*) FROM facts_with_sources").fetchone()[0] == n_links
    con.close()


def test_the_publishers_check_compares_counts_with_the_tables_it_wrote(tmp_path):
    """check_database(written=...): what publish runs on the file it has just written."""
    from hotspots.release import diff

    release = publish_release(sample_tables(), tmp_path / "dist", build_info()).path
    tables, _ = diff.read_release(release)
    assert check_database(release, tables) == []
    _rewrite(release, lambda con: con.execute("DELETE FROM mentions WHERE rowid = 1"))
    assert check_database(release, tables) == [
        f"{DATABASE}: mentions has columns {tables['mentions'].schema.names} and 3 rows, "
        f"data/mentions.parquet has {tables['mentions'].schema.names} and 4"
    ]
    # and verify, given the tables it was written from, reports it the same way
    assert verify_release(release, written=tables) == check_database(release, tables)
