"""Release file formats: CSV rules, datapackage.json (Frictionless), croissant.json (mlcroissant)."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from release_fixtures import build_info, h16, sample_tables

import schemas
from hotspots.release import publish_release
from hotspots.release.datapackage import xsd_pattern
from hotspots.release.write import (
    csv_bytes,
    escape_text,
    format_float,
    to_arrow,
    to_frame,
    unescape_text,
)
from schemas.tables import release_tables


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    return publish_release(sample_tables(), tmp_path_factory.mktemp("dist"), build_info()).path


def test_csv_injection_cells_are_escaped_in_csv_only(release):
    csv = (release / "data/claims.csv").read_text(encoding="utf-8")
    parquet = pd.read_parquet(release / "data/claims.parquet").set_index("claim_id")

    described = parquet.loc[h16("c-described")]
    assert described["value_text"] == '=HYPERLINK("http://evil.example")'  # Parquet: the true value
    assert described["quote"].startswith("\tShenzhen")
    assert '"\'=HYPERLINK(""http://evil.example"")"' in csv  # CSV: guarded, then RFC 4180 quoted
    assert '"\'\tShenzhen, the =hardware capital"' in csv
    assert '"\'+23 unicorns\nby 2022"' in csv  # + and an embedded line break
    assert '"\'@Shenzhen, Guangdong"' in csv
    change = next(ln for ln in csv.splitlines() if ln.startswith(h16("c-change")))
    # value (a number) stays -2; value_text (text) "-2" is guarded as '-2
    assert ",-2,'-2,count," in change
    aliases = (release / "data/aliases.csv").read_text(encoding="utf-8")
    assert (
        "'@Shenzhen" in aliases and "'+Shenzhen" in aliases and "'-test: leading minus" in aliases
    )
    assert "\r\n" not in csv and csv.endswith("\n")


def test_escaping_is_reversible_and_numbers_are_never_escaped():
    for value in ["=1+1", "+86", "-2", "@x", "\tx", "\rx", "'quoted", "''", "plain", ""]:
        assert unescape_text(escape_text(value)) == value
    assert escape_text("'90s") == "''90s"  # a leading ' is itself escaped, so undoing is one rule
    assert [format_float(v) for v in (23.0, 0.1, -3.5, 6e10, 1e-05, 10.25)] == [
        "23",
        "0.1",
        "-3.5",
        "60000000000",
        "0.00001",
        "10.25",
    ]


def test_csv_nulls_empty_strings_and_floats():
    df = sample_tables()["aliases"].copy()
    df.loc[0, "evidence"] = ""
    text = csv_bytes(to_arrow("aliases", df)).decode()
    assert text.splitlines()[0] == "entity_id,alias,kind,evidence"
    assert any(line.endswith(',""') for line in text.splitlines())  # empty string, not null
    entities = csv_bytes(to_arrow("entities", sample_tables()["entities"])).decode().splitlines()
    cluster = next(ln for ln in entities if ln.startswith("cluster/"))
    assert ",CN,,,,," in cluster  # nulls (string, Int64, floats) are empty fields
    guangdong = next(ln for ln in entities if ln.startswith("province/guangdong"))
    assert ",1809935,23,113," in guangdong  # 23.0 -> 23


def _unescaped(series: pd.Series) -> list:
    return [None if v is None or v == "" else unescape_text(v) for v in series.tolist()]


def _as_text_values(df: pd.DataFrame, table: str) -> dict[str, list]:
    """Per column, the values as the CSV would give them back, normalised for comparison."""
    out = {}
    for col in release_tables()[table].to_schema().columns.values():
        values = df[col.name].astype(object).tolist()
        kind = str(col.dtype)
        norm = []
        for v in values:
            if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
                norm.append(None)
            elif kind in ("int64", "Int64"):
                norm.append(int(v))
            elif kind == "float64":
                norm.append(float(v))
            elif kind == "bool":
                norm.append(bool(v))
            else:
                norm.append(v)
        out[col.name] = norm
    return out


def _from_csv_strings(df: pd.DataFrame, table: str) -> dict[str, list]:
    out = {}
    for col in release_tables()[table].to_schema().columns.values():
        raw = [None if v is None or v == "" else v for v in df[col.name].tolist()]
        kind = str(col.dtype)
        if kind in ("int64", "Int64"):
            out[col.name] = [None if v is None else int(v) for v in raw]
        elif kind == "float64":
            out[col.name] = [None if v is None else float(v) for v in raw]
        elif kind == "bool":
            out[col.name] = [None if v is None else {"true": True, "false": False}[v] for v in raw]
        else:
            out[col.name] = _unescaped(pd.Series(raw, dtype=object))
    return out


@pytest.mark.parametrize("reader", ["pandas", "polars", "duckdb"])
def test_csv_reads_back_to_the_parquet_values_in_common_readers(release, reader):
    for table in release_tables():
        path = release / f"data/{table}.csv"
        if reader == "pandas":
            df = pd.read_csv(path, dtype=str, keep_default_na=False)
        elif reader == "polars":
            import polars as pl

            df = pl.read_csv(path, infer_schema=False).to_pandas()
        else:
            import duckdb

            df = duckdb.read_csv(
                str(path), all_varchar=True, header=True, quotechar='"', escapechar='"'
            ).df()
        df = df.astype(object).where(df.notna(), None)
        parquet = to_frame(pq.read_table(release / f"data/{table}.parquet"))
        assert _from_csv_strings(df, table) == _as_text_values(parquet, table), (reader, table)


def test_datapackage_is_generated_from_the_models(release):
    package = json.loads((release / "datapackage.json").read_text())
    assert package["$schema"].endswith("/2.0/datapackage.json")
    assert package["version"] == "1.0.0" and package["licenses"]
    assert {s["path"] for s in package["sources"]} == {
        "https://example.org/hotspots",
        "https://example.org/gii-2022",
    }
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == {n for t in release_tables() for n in (t, f"{t}-csv")}
    for table, model in release_tables().items():
        columns = model.to_schema().columns
        for res in (resources[table], resources[f"{table}-csv"]):
            fields = res["schema"]["fields"]
            assert [f["name"] for f in fields] == list(columns)
            for f in fields:
                col = columns[f["name"]]
                assert f["description"].startswith(col.description)
                assert f.get("constraints", {}).get("required", False) == (not col.nullable)
            assert res["schema"]["primaryKey"] == schemas.PRIMARY_KEYS[table]
    claims = {f["name"]: f for f in resources["claims"]["schema"]["fields"]}
    assert claims["predicate"]["constraints"]["enum"] == schemas.predicate_names()
    assert claims["quote"]["constraints"]["maxLength"] == 300
    assert claims["claim_id"]["constraints"]["unique"] is True
    entities = {f["name"]: f for f in resources["entities"]["schema"]["fields"]}
    assert entities["geonames_id"]["constraints"] == {"minimum": 1}
    assert entities["lat"]["constraints"] == {"minimum": -90, "maximum": 90}
    fks = resources["mentions-csv"]["schema"]["foreignKeys"]
    assert {
        "fields": ["entity_id"],
        "reference": {"resource": "entities-csv", "fields": ["entity_id"]},
    } in fks
    self_ref = resources["entities"]["schema"]["foreignKeys"]
    assert self_ref == [{"fields": ["parent_id"], "reference": {"fields": ["entity_id"]}}]
    facts = {f["name"]: f for f in resources["facts"]["schema"]["fields"]}
    assert "references claims.claim_id" in facts["claim_ids"]["description"]


def test_patterns_become_fully_anchored_table_schema_patterns():
    assert xsd_pattern("^https?://") == "https?://.*"
    assert xsd_pattern(r"^[0-9a-f]{16}$") == "[0-9a-f]{16}"
    assert xsd_pattern(r"^[a-z_]+/[a-z0-9]+(?:-[a-z0-9]+)*$") == "[a-z_]+/[a-z0-9]+(-[a-z0-9]+)*"
    assert re.fullmatch(xsd_pattern("^cluster/"), "cluster/x")


def test_datapackage_validates_with_frictionless(release):
    import frictionless

    report = frictionless.Package(str(release / "datapackage.json")).validate()
    errors = [(t.name, e.message) for t in report.tasks for e in t.errors] + [
        e.message for e in report.errors
    ]
    assert report.valid, errors[:5]
    assert {t.name for t in report.tasks} == {n for t in release_tables() for n in (t, f"{t}-csv")}


def test_frictionless_catches_a_broken_foreign_key(release, tmp_path):
    """The datapackage's constraints are real: a dangling reference in a CSV is reported."""
    import shutil

    import frictionless

    copy = tmp_path / "copy"
    shutil.copytree(release, copy)
    csv = copy / "data/mentions.csv"
    csv.write_text(csv.read_text().replace(",company/huawei,", ",company/nokia,"))
    report = frictionless.Package(str(copy / "datapackage.json")).validate()
    types = {(t.name, e.type) for t in report.tasks for e in t.errors}
    assert ("mentions-csv", "foreign-key") in types


def test_croissant_loads_records_with_mlcroissant(release):
    import mlcroissant as mlc

    dataset = mlc.Dataset(jsonld=str(release / "croissant.json"))
    records = list(dataset.records(record_set="claims"))
    parquet = pd.read_parquet(release / "data/claims.parquet")
    assert len(records) == len(parquet)
    got = {r["claims/claim_id"].decode(): r for r in records}
    described = got[h16("c-described")]
    assert described["claims/value_text"].decode() == '=HYPERLINK("http://evil.example")'
    assert got[h16("c-change")]["claims/value"] == -2.0
    croissant = json.loads((release / "croissant.json").read_text())
    files = {f["contentUrl"]: f["sha256"] for f in croissant["distribution"]}
    sums = dict(ln.split("  ")[::-1] for ln in (release / "SHA256SUMS").read_text().splitlines())
    assert files == {k: v for k, v in sums.items() if k.startswith("data/")}
    assert [rs["name"] for rs in croissant["recordSet"]] == list(release_tables())


def test_dataset_card_covers_sources_counts_loading_escaping_and_citation(release):
    card = (release / "README.md").read_text()
    assert "| `claims` | 7 |" in card
    assert (
        "Global Innovation Index 2022: clusters, WIPO (2022-09)" in card
        and "Licence: CC BY 4.0" in card
    )
    assert 'pd.read_parquet("data/claims.parquet")' in card
    assert 'pl.read_parquet("data/claims.parquet")' in card and "duckdb.sql(" in card
    assert "Formula escaping" in card and "Known limitations" in card
    assert "version 1.0.0" in card.split("## How to cite")[1]
    for table, model in release_tables().items():
        assert f"### `{table}`" in card
        for name, col in model.to_schema().columns.items():
            assert f"| `{name}` |" in card and col.description.replace("|", "\\|") in card


def _reference_csv(table, batch_rows: int) -> bytes:
    """The CSV as the per-cell Python rules (write._render_column) say it: what the Arrow
    rendering must reproduce byte for byte."""
    from hotspots.release import write

    kinds = [write._kind_of(f.type) for f in table.schema]
    out = [(",".join(write._quote(n) for n in table.schema.names) + "\n").encode("utf-8")]
    for values in write.python_batches(table, batch_rows):
        columns = [write._render_column(v, k) for v, k in zip(values, kinds, strict=True)]
        out.append("".join(",".join(row) + "\n" for row in zip(*columns, strict=True)).encode())
    return b"".join(out)


@pytest.mark.parametrize("seed", range(20))
def test_arrow_csv_rendering_equals_the_per_cell_rules(seed):
    import random

    import pyarrow as pa

    from hotspots.release.write import csv_chunks

    rng = random.Random(seed)
    alphabet = ["a", "Z", "中", "é", " ", ",", '"', "\n", "\r", "\t", "'", "=", "+", "-", "@", "\\"]
    n = rng.randint(0, 40)
    clean = rng.random() < 0.3  # some columns with no cell to escape or quote: the fast path

    def text():
        if rng.random() < 0.15:
            return None
        chars = alphabet[:2] if clean else alphabet
        return "".join(rng.choice(chars) for _ in range(rng.randint(0 if not clean else 1, 6)))

    floats = [None, 0.0, -0.0, 23.0, 0.1, 1e20, 1e-7, 1 / 3, -2.5, float("inf"), 123456789.125]
    table = pa.table(
        {
            "s": pa.array([text() for _ in range(n)], pa.string()),
            "i": pa.array([rng.choice([None, 0, -3, 7, 2**40]) for _ in range(n)], pa.int64()),
            "f": pa.array([rng.choice(floats) for _ in range(n)], pa.float64()),
            "b": pa.array([rng.choice([None, True, False]) for _ in range(n)], pa.bool_()),
        }
    )
    for batch_rows in (1, 3, 10_000):
        assert b"".join(csv_chunks(table, batch_rows)) == _reference_csv(table, batch_rows)
