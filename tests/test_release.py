"""Release layer: versioning, immutability, reproducible bytes, verification, diff."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest
from pandera.typing import Series
from release_fixtures import CLUSTER, build_info, h16, sample_tables

import schemas
from hotspots.release import (
    ReleaseError,
    diff_releases,
    distdir,
    list_versions,
    publish,
    publish_release,
    summarize,
    verify_release,
)
from hotspots.release.contract import pipeline_columns
from hotspots.release.diff import decide_bump, diff_tables, next_version
from hotspots.release.verify import sums_text
from hotspots.release.write import ContractError, to_arrow
from schemas.tables import release_tables

METADATA = [
    "CITATION.cff",  # issue 20: how to cite this version
    "CHANGELOG.md",
    "README.md",
    "build.json",
    "croissant.json",
    "datapackage.json",
    "diff.json",
    "hotspots.sqlite",  # issue 12: every table in one SQLite file
    "index.html",  # issue 9: the release page
    # issue 20: the example scripts, which read the release they are shipped in
    "examples/README.md",
    "examples/disputed_facts_polars.py",
    "examples/hotspot_companies_duckdb.py",
    "examples/release_data.py",
    "examples/top10_clusters_pandas.py",
]


@pytest.fixture
def tables() -> dict[str, pd.DataFrame]:
    return sample_tables()


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    return tmp_path / "dist"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_first_publish_is_1_0_0_complete_and_verifies(tables, dist):
    result = publish_release(tables, dist, build_info())

    assert (result.version, result.bump, result.previous, result.changed) == (
        "1.0.0",
        None,
        None,
        True,
    )
    assert result.path == dist / "1.0.0"
    release = dist / "1.0.0"
    expected = sorted(
        METADATA + [f"data/{t}.{ext}" for t in release_tables() for ext in ("csv", "parquet")]
    )
    listed = [line.split("  ", 1)[1] for line in (release / "SHA256SUMS").read_text().splitlines()]
    assert listed == expected  # every file, sorted, SHA256SUMS itself excluded
    # and, unlisted, the zip of the whole release and its sha256 (it holds SHA256SUMS)
    zipped = ["china-innovation-hotspots-1.0.0.zip", "china-innovation-hotspots-1.0.0.zip.sha256"]
    assert sorted(
        p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()
    ) == sorted([*expected, "SHA256SUMS", *zipped])
    assert verify_release(release) == []
    assert verify_release(dist / "latest") == []
    assert (dist / "LATEST").read_text() == "1.0.0\n"
    [entry] = list_versions(dist)
    assert (
        entry["version"] == "1.0.0" and entry["status"] == "published" and entry["previous"] is None
    )
    derived = {"predicates": len(schemas.predicates()), "facts_simple": len(tables["facts"])}
    assert entry["rows"] == {**{name: len(df) for name, df in tables.items()}, **derived}
    assert entry["sha256"] == sha(release / "SHA256SUMS")
    assert not list(dist.glob(".tmp-*"))
    build = json.loads((release / "build.json").read_text())
    assert build["run_id"] == "run-1" and build["python"].startswith("3.")
    assert build["dependencies"]["pyarrow"] and build["dependencies"]["pandas"]
    assert "First release" in (release / "CHANGELOG.md").read_text()


def test_identical_content_publishes_nothing_even_if_rows_arrive_shuffled(tables, dist):
    publish_release(tables, dist, build_info())
    shuffled = {name: df.sample(frac=1, random_state=7) for name, df in tables.items()}

    result = publish_release(shuffled, dist, build_info(run_id="run-2"))

    assert result.changed is False and result.bump is None
    assert result.message.startswith("no change since 1.0.0")
    assert result.version == "1.0.0"
    assert sorted(p.name for p in dist.iterdir() if p.is_dir()) == ["1.0.0", "latest"]
    assert len(list_versions(dist)) == 1


def test_changed_example_scripts_alone_are_a_patch_that_ships_them(
    tables, dist, tmp_path, monkeypatch
):
    from hotspots.release import publish_metadata

    publish_release(tables, dist, build_info())
    examples = tmp_path / "examples"
    examples.mkdir()
    for path in publish_metadata.example_files():
        (examples / path.name).write_bytes(path.read_bytes())
    (examples / "README.md").write_text("# Examples\n\nMended.\n", encoding="utf-8")
    monkeypatch.setattr(publish_metadata, "EXAMPLES_DIR", examples)

    result = publish_release(tables, dist, build_info(run_id="run-2"))

    assert result.changed and (result.version, result.bump) == ("1.0.1", "patch")
    assert "example scripts changed, data unchanged" in result.message
    assert (dist / "1.0.1" / "examples" / "README.md").read_text().endswith("Mended.\n")
    assert verify_release(dist / "1.0.1") == []
    again = publish_release(tables, dist, build_info(run_id="run-3"))
    assert not again.changed and again.message.startswith("no change since 1.0.1")
    # with other data too, the scripts are named first among the reasons
    (examples / "README.md").write_text("# Examples\n\nMended twice.\n", encoding="utf-8")
    changed = {name: df.copy() for name, df in tables.items()}
    changed["facts"].loc[changed["facts"].index[0], "value_text"] = "changed"
    third = publish_release(changed, dist, build_info(run_id="run-4"))
    assert third.changed and third.diff["reasons"][0] == "example scripts changed"


def test_changed_value_is_a_patch_with_diff_and_changelog(tables, dist):
    publish_release(tables, dist, build_info())
    unicorns = h16("c-unicorns")
    tables["claims"].loc[tables["claims"]["claim_id"] == unicorns, "value"] = 24.0

    result = publish_release(tables, dist, build_info())

    assert (result.version, result.bump, result.previous) == ("1.0.1", "patch", "1.0.0")
    diff = json.loads((dist / "1.0.1" / "diff.json").read_text())
    claims = diff["tables"]["claims"]
    assert claims["status"] == "changed" and claims["added"] == [] and claims["removed"] == []
    assert claims["changed"] == [
        {"key": {"claim_id": unicorns}, "columns": {"value": {"old": 23.0, "new": 24.0}}}
    ]
    assert all(t["status"] == "unchanged" for name, t in diff["tables"].items() if name != "claims")
    changelog = (dist / "1.0.1" / "CHANGELOG.md").read_text()
    assert "## 1.0.1" in changelog and "patch" in changelog
    assert f"{unicorns}: value 23 -> 24" in changelog
    assert changelog.index("## 1.0.1") < changelog.index("## 1.0.0")  # history kept, newest first
    assert verify_release(dist / "1.0.0") == [] and verify_release(dist / "1.0.1") == []
    assert (dist / "LATEST").read_text() == "1.0.1\n"
    assert (dist / "latest" / "SHA256SUMS").read_bytes() == (
        dist / "1.0.1" / "SHA256SUMS"
    ).read_bytes()


def test_added_rows_are_minor(tables, dist):
    publish_release(tables, dist, build_info())
    new_city = (
        "city/hefei",
        "Hefei",
        "city",
        "CN",
        "country/cn",
        1808722,
        31.86389,
        117.28083,
        "ref",
    )
    tables["entities"] = pd.concat(
        [tables["entities"], pd.DataFrame([new_city], columns=schemas.columns("entities"))],
        ignore_index=True,
    )
    tables["entities"]["geonames_id"] = tables["entities"]["geonames_id"].astype("Int64")

    result = publish_release(tables, dist, build_info())

    assert (result.version, result.bump) == ("1.1.0", "minor")
    assert result.diff["tables"]["entities"]["added"] == [{"entity_id": "city/hefei"}]
    assert (
        "entities: 1 row added (e.g. city/hefei)" in (dist / "1.1.0" / "CHANGELOG.md").read_text()
    )


def test_removed_rows_are_minor_not_major(tables, dist):
    publish_release(tables, dist, build_info())
    tables["aliases"] = tables["aliases"][tables["aliases"]["alias"] != "@Shenzhen"]

    result = publish_release(tables, dist, build_info())

    assert (result.version, result.bump) == ("1.1.0", "minor")
    assert result.diff["tables"]["aliases"]["removed"] == [
        {"entity_id": "city/shenzhen", "alias": "@Shenzhen"}
    ]


class AliasesWithoutEvidence(pa.DataFrameModel):
    """One row per name variant of an entity."""

    entity_id: Series[str] = pa.Field(description="Entity the alias names.")
    alias: Series[str] = pa.Field(description="The name as written.")
    kind: Series[str] = pa.Field(isin=schemas.tables.ALIAS_KINDS, description="Kind of alias.")

    class Config:
        strict = True
        ordered = True


def test_dropped_column_is_major_and_old_contract_releases_still_verify(tables, dist, monkeypatch):
    publish_release(tables, dist, build_info())

    with monkeypatch.context() as m:
        m.setitem(schemas.TABLES, "aliases", AliasesWithoutEvidence)
        tables["aliases"] = tables["aliases"].drop(columns=["evidence"])
        result = publish_release(tables, dist, build_info())

    assert (result.version, result.bump) == ("2.0.0", "major")
    assert result.diff["tables"]["aliases"]["columns_removed"] == ["evidence"]
    assert "column aliases.evidence removed" in result.diff["reasons"]
    # 2.0.0 no longer matches the code's contract: verified against its own datapackage.json.
    assert verify_release(dist / "2.0.0") == []
    assert verify_release(dist / "1.0.0") == []


def test_two_clean_builds_give_byte_identical_data(tables, tmp_path):
    a = publish_release(tables, tmp_path / "a", build_info(run_id="one")).path
    b = publish_release(sample_tables(), tmp_path / "b", build_info(run_id="two")).path

    data = sorted(p.relative_to(a).as_posix() for p in (a / "data").iterdir())
    assert len(data) == 2 * len(release_tables())
    for rel in data:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel

    def data_lines(d):
        return [ln for ln in (d / "SHA256SUMS").read_text().splitlines() if "  data/" in ln]

    assert data_lines(a) == data_lines(b)
    # build.json records the run, so it (and SHA256SUMS) may differ; the content does not.
    assert json.loads((b / "build.json").read_text())["run_id"] == "two"


def test_parquet_is_typed_sorted_zstd_single_row_group_without_pandas_metadata(tables, dist):
    import pyarrow.parquet as pq

    release = publish_release(tables, dist, build_info()).path
    meta = pq.ParquetFile(release / "data/entities.parquet").metadata
    assert meta.num_row_groups == 1
    assert meta.row_group(0).column(0).compression == "ZSTD"
    table = pq.read_table(release / "data/entities.parquet")
    assert b"pandas" not in (table.schema.metadata or {})
    assert str(table.schema.field("geonames_id").type) == "int64"
    assert (
        table.schema.field("geonames_id").nullable and not table.schema.field("entity_id").nullable
    )
    ids = table.column("entity_id").to_pylist()
    assert ids == sorted(ids)


def test_tampering_is_caught_and_named(tables, dist):
    publish_release(tables, dist, build_info())
    release = dist / "1.0.0"

    target = release / "data/claims.parquet"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    problems = verify_release(release)
    assert problems and problems[0].startswith("data/claims.parquet: sha256 does not match")


@pytest.mark.parametrize("damage", ["missing", "extra", "resummed"])
def test_missing_extra_and_resummed_files_fail_verify(tables, dist, damage):
    publish_release(tables, dist, build_info())
    release = dist / "1.0.0"
    if damage == "missing":
        (release / "data/facts.csv").unlink()
        expected = "data/facts.csv: missing"
    elif damage == "extra":
        (release / "data/extra.csv").write_text("a\n1\n")
        expected = "data/extra.csv: not listed in SHA256SUMS"
    else:
        # Change a value in the CSV *and* rewrite SHA256SUMS: the registry's hash still catches it.
        csv = release / "data/documents.csv"
        csv.write_text(csv.read_text().replace("JLL", "JLX"))
        sums = (release / "SHA256SUMS").read_text()
        old = next(ln for ln in sums.splitlines() if ln.endswith("  data/documents.csv"))
        (release / "SHA256SUMS").write_text(sums.replace(old, f"{sha(csv)}  data/documents.csv"))
        expected = "SHA256SUMS: differs from the one versions.json recorded"
    problems = verify_release(release)
    assert problems and problems[0].startswith(expected), problems
    if damage == "resummed":
        assert any(p.startswith("data/documents.csv: line") for p in problems)


def test_csv_that_disagrees_with_parquet_is_caught_even_with_consistent_sums(tables, tmp_path):
    release = publish_release(tables, tmp_path / "dist", build_info()).path
    (release.parent / "versions.json").unlink()  # no registry to compare against
    csv = release / "data/aliases.csv"
    csv.write_text(csv.read_text().replace("Hong Kong SAR", "Hong Kong S.A.R."))
    (release / "SHA256SUMS").write_text(sums_text(release))

    problems = verify_release(release)

    assert (
        problems[0].startswith("data/aliases.csv: line") and "data/aliases.parquet" in problems[0]
    )


def test_invalid_content_is_reported_by_table_file(tables, tmp_path):
    # A release whose Parquet breaks a foreign key (written by hand, sums consistent).
    import pyarrow.parquet as pq

    from hotspots.release.write import csv_bytes, parquet_bytes

    release = publish_release(tables, tmp_path / "dist", build_info()).path
    (release.parent / "versions.json").unlink()
    bad = tables["mentions"].copy()
    bad.loc[0, "entity_id"] = "city/atlantis"
    arrow = to_arrow("mentions", bad)
    (release / "data/mentions.parquet").write_bytes(parquet_bytes(arrow))
    (release / "data/mentions.csv").write_bytes(csv_bytes(arrow))
    (release / "SHA256SUMS").write_text(sums_text(release))
    assert pq.read_table(release / "data/mentions.parquet").num_rows == len(bad)

    problems = verify_release(release)

    assert problems == [
        "data/mentions.parquet: mentions.entity_id: 1 value(s) not in entities.entity_id, e.g. ['city/atlantis']"
    ]


def test_quote_longer_than_300_characters_is_refused(tables, dist):
    claims = tables["claims"]
    claims.loc[0, "quote"] = "x" * 301
    claims.loc[0, "char_end"] = claims.loc[0, "char_start"] + 301

    with pytest.raises(ReleaseError, match="longer than 300 characters"):
        publish_release(tables, dist, build_info())

    assert not dist.exists()


def test_tables_off_contract_are_refused(tables, dist):
    missing = dict(tables)
    del missing["conflicts"]
    with pytest.raises(ReleaseError, match="missing \\['conflicts'\\]"):
        publish_release(missing, dist, build_info())
    tables["facts"] = tables["facts"].drop(columns=["rationale"])
    with pytest.raises(ContractError, match="facts: columns"):
        publish_release(tables, dist, build_info())


def test_leftovers_of_a_killed_run_are_cleaned(tables, dist):
    publish_release(tables, dist, build_info())
    (dist / ".tmp-deadbeef" / "data").mkdir(parents=True)
    (dist / ".tmp-deadbeef" / "data" / "claims.csv").write_text("half")
    (dist / ".tmp-versions.json-1234").write_text("[")

    result = publish_release(tables, dist, build_info())

    assert not result.changed and "removed 2 leftover(s)" in result.message
    assert not list(dist.glob(".tmp-*"))


def test_unregistered_version_dir_is_adopted_if_it_verifies_else_refused(tables, dist):
    publish_release(tables, dist, build_info())
    junk = dist / "1.0.1"
    junk.mkdir()
    (junk / "SHA256SUMS").write_text("")
    tables["claims"].loc[0, "value_text"] = "second"

    with pytest.raises(ReleaseError, match=r"not in versions\.json and does not verify"):
        publish_release(tables, dist, build_info())
    assert [p.name for p in junk.iterdir()] == ["SHA256SUMS"]  # never written into
    assert (dist / "LATEST").read_text() == "1.0.0\n"


def test_latest_copy_is_replaced_without_atomic_exchange(tables, dist, monkeypatch):
    monkeypatch.setattr(distdir, "exchange", lambda a, b: False)
    publish_release(tables, dist, build_info())
    tables["facts"].loc[0, "rationale"] = "Two sources agree, checked."

    publish_release(tables, dist, build_info())

    assert (dist / "latest" / "SHA256SUMS").read_bytes() == (
        dist / "1.0.1" / "SHA256SUMS"
    ).read_bytes()
    assert verify_release(dist / "latest") == []
    assert not list(dist.glob(".tmp-*"))


def test_latest_shares_the_release_files_and_falls_back_to_copies(tables, dist, monkeypatch):
    publish_release(tables, dist, build_info())
    release, latest = dist / "1.0.0", dist / "latest"
    files = [p.relative_to(release) for p in release.rglob("*") if p.is_file()]
    assert files and all((latest / f).samefile(release / f) for f in files)

    def no_links(src, dst):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(publish.os, "link", no_links)
    tables["facts"].loc[0, "rationale"] = "Two sources agree, checked."
    publish_release(tables, dist, build_info())
    release = dist / "1.0.1"
    assert not any((latest / f).samefile(release / f) for f in files if (release / f).exists())
    assert verify_release(latest) == []
    assert (latest / "SHA256SUMS").read_bytes() == (release / "SHA256SUMS").read_bytes()


def test_missing_latest_copy_is_rebuilt_by_a_no_change_publish(tables, dist):
    import shutil

    publish_release(tables, dist, build_info())
    shutil.rmtree(dist / "latest")

    publish_release(tables, dist, build_info())

    assert verify_release(dist / "latest") == []


def test_diff_releases_and_summary(tables, dist):
    publish_release(tables, dist, build_info())
    tables["cluster_rankings"].loc[0, "rank"] = 3
    tables["mentions"] = tables["mentions"].iloc[1:]
    publish_release(tables, dist, build_info())

    diff = diff_releases(dist / "1.0.0", dist / "1.1.0")

    assert diff["bump"] == "minor"
    assert diff["tables"]["cluster_rankings"]["changed"] == [
        {"key": {"cluster_id": CLUSTER, "edition": 2022}, "columns": {"rank": {"old": 2, "new": 3}}}
    ]
    assert len(diff["tables"]["mentions"]["removed"]) == 1
    text = summarize(diff)
    assert text.startswith("1.0.0 -> 1.1.0: minor change")
    assert f"cluster_rankings: 1 row changed (({CLUSTER}, 2022): rank 2 -> 3)" in text
    assert "mentions: 1 row removed" in text


def _arrow(tables: dict) -> dict:
    return {name: to_arrow(name, df, pipeline_columns(name)) for name, df in tables.items()}


def test_bump_rules_for_tables_and_types(tables):
    old = _arrow(tables)
    keys = {name: schemas.PRIMARY_KEYS[name] for name in old}

    gone = dict(old)
    del gone["conflicts"]
    assert decide_bump(diff_tables(old, gone, keys))[0] == "major"

    added = {**old, "extra": old["conflicts"]}
    assert decide_bump(diff_tables(old, added, keys))[0] == "minor"

    retyped = dict(old)
    retyped["cluster_rankings"] = old["cluster_rankings"].set_column(
        1, "edition", old["cluster_rankings"].column("edition").cast("float64")
    )
    bump, reasons = decide_bump(diff_tables(old, retyped, keys))
    assert bump == "major" and reasons == [
        "column cluster_rankings.edition retyped int64 -> double"
    ]

    assert decide_bump(diff_tables(old, old, keys)) == (None, [])
    assert [next_version("1.4.2", b) for b in ("major", "minor", "patch")] == [
        "2.0.0",
        "1.5.0",
        "1.4.3",
    ]
    assert next_version(None, None) == "1.0.0"


def test_latest_file_lagging_behind_versions_json_is_repaired(tables, dist):
    publish_release(tables, dist, build_info())
    (dist / "LATEST").unlink()  # as if killed between versions.json and LATEST

    result = publish_release(tables, dist, build_info())

    assert not result.changed and (dist / "LATEST").read_text() == "1.0.0\n"


def test_a_consuming_publish_hands_the_frames_over_and_can_be_retried(tmp_path):
    import pyarrow

    tables = sample_tables()
    first = publish_release(tables, tmp_path / "a", build_info(), consume=True)
    # The frames were replaced by their Arrow forms: the caller's pandas copies can be freed.
    assert all(isinstance(t, pyarrow.Table) for t in tables.values())
    # Prefect retries a publish that hit a transient I/O error with the same arguments: the
    # consumed dict must give the same data (no new version), not a "missing tables" error.
    again = publish_release(tables, tmp_path / "a", build_info(run_id="retry"), consume=True)
    assert again.changed is False and again.version == first.version
    # Arrow input publishes the same bytes as the frames do.
    other = publish_release(sample_tables(), tmp_path / "b", build_info())
    data = sorted(p.relative_to(first.path) for p in (first.path / "data").iterdir())
    assert data == sorted(p.relative_to(other.path) for p in (other.path / "data").iterdir())
    for rel in data:
        assert (first.path / rel).read_bytes() == (other.path / rel).read_bytes(), rel


@pytest.mark.parametrize(
    "victim", ["data/claims.csv", "data/facts.parquet", "hotspots.sqlite", "index.html"]
)
def test_publish_refuses_a_release_whose_files_changed_on_disk_before_the_rename(
    tables, dist, monkeypatch, victim
):
    """The publisher verifies against the tables in memory (verify_release(written=...)) but
    still reads every file back: one that changed after SHA256SUMS was written is caught, and
    nothing is published."""
    from hotspots.release import archive

    original = archive.write_release_zip

    def corrupt_then_zip(release_dir):
        path = release_dir / victim
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))
        return original(release_dir)

    monkeypatch.setattr(archive, "write_release_zip", corrupt_then_zip)
    with pytest.raises(ReleaseError, match=f"would not verify: {victim}: sha256 does not match"):
        publish_release(tables, dist, build_info())
    assert not (dist / "1.0.0").exists() and not list(dist.glob(".tmp-*"))


def test_a_validated_publish_makes_the_same_release_and_still_checks_the_facts(tables, tmp_path):
    """publish_release(validated=True) (the build, after its validate stage) skips the pandera
    models of the tables it was given, not what publish derives: facts with its history."""
    plain = publish_release(tables, tmp_path / "a", build_info())
    trusted = publish_release(tables, tmp_path / "b", build_info(), validated=True)
    files = sorted(p.relative_to(plain.path) for p in plain.path.rglob("*") if p.is_file())
    assert files == sorted(
        p.relative_to(trusted.path) for p in trusted.path.rglob("*") if p.is_file()
    )
    for rel in files:
        assert (plain.path / rel).read_bytes() == (trusted.path / rel).read_bytes(), rel

    bad = {name: df.copy() for name, df in tables.items()}
    bad["facts"].loc[bad["facts"].index[0], "status"] = "not-a-status"
    with pytest.raises(ReleaseError, match=r"would not verify: data/facts.parquet: facts.status"):
        publish_release(bad, tmp_path / "c", build_info(), validated=True)
    assert not list((tmp_path / "c").glob("1.*"))
