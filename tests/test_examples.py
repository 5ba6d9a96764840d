"""examples/: each script runs against a release built in a temp dir and answers its question."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from release_fixtures import build_info

from hotspots.release import publish_release

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def dist(seed_tables, tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("examples") / "dist"
    publish_release(seed_tables, dist, build_info())
    return dist


def run(script: str, dist: Path) -> str:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), "--dist", str(dist)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def line_with(output: str, word: str) -> str:
    return next(line for line in output.splitlines() if word in line)


def test_every_example_is_tested():
    scripts = sorted(p.name for p in EXAMPLES.glob("*.py") if p.name != "release_data.py")
    assert scripts == [
        "disputed_facts_polars.py",
        "hotspot_companies_duckdb.py",
        "top10_clusters_pandas.py",
    ]


def _run_in(args: list[str], cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=120, check=False, cwd=cwd
    )


def test_every_release_ships_the_examples_and_they_read_it_from_any_folder(dist, tmp_path):
    release = dist / "latest"
    shipped = sorted(p.name for p in (release / "examples").iterdir())
    assert shipped == sorted([*(p.name for p in EXAMPLES.glob("*.py")), "README.md"])
    for name in shipped:
        assert (release / "examples" / name).read_bytes() == (EXAMPLES / name).read_bytes()
    # the copy in a release reads that release, wherever it is run from
    by_default = _run_in([str(release / "examples" / "top10_clusters_pandas.py")], tmp_path)
    assert by_default.returncode == 0, by_default.stderr
    assert by_default.stdout == run("top10_clusters_pandas.py", dist)
    # --data takes a release folder or its data/ folder
    for data in (release, release / "data"):
        done = _run_in([str(EXAMPLES / "top10_clusters_pandas.py"), "--data", str(data)], tmp_path)
        assert done.returncode == 0 and done.stdout == by_default.stdout, done.stderr


def test_top10_clusters_pandas(dist, seed_tables):
    out = run("top10_clusters_pandas.py", dist)
    rankings = seed_tables["cluster_rankings"]
    top10 = rankings[(rankings["country_code"] == "CN") & (rankings["rank"] <= 10)]
    for cluster in ("Shenzhen–Hong Kong–Guangzhou", "Beijing", "Shanghai–Suzhou", "Nanjing"):
        assert cluster in out
    assert "Wuhan" not in out and "Hangzhou" not in out  # ranked 13th and 14th in 2024
    assert "Tokyo" not in out  # not Chinese
    assert f"GII 2024: {(top10['edition'] == 2024).sum()} of the top 10 clusters are Chinese" in out


def test_disputed_facts_polars(dist, seed_tables):
    out = run("disputed_facts_polars.py", dist)
    facts, conflicts = seed_tables["facts"], seed_tables["conflicts"]
    disputed = (facts["status"] == "disputed").sum()
    assert out.startswith(f"{disputed} disputed fact(s) of {len(facts)}; {len(conflicts)} conflict")
    # The GBA case: a photo caption's misnomer, kept as a name conflict with its resolution.
    assert "Shenzhen-Hong Kong-Guangdong | Shenzhen–Hong Kong–Guangzhou" in out
    assert "misnomer_alias" in out
    for row in conflicts.itertuples():  # every conflict, with its competing values
        assert row.values[:60] in out
    if disputed:
        assert "disputed" in line_with(out, "│ " + facts_subject_name(seed_tables, "disputed"))


def facts_subject_name(tables, status: str) -> str:
    facts, entities = tables["facts"], tables["entities"].set_index("entity_id")
    subject = facts.loc[facts["status"] == status, "subject_id"].iloc[0]
    return entities.loc[subject, "name"]


def test_hotspot_companies_duckdb(dist):
    out = run("hotspot_companies_duckdb.py", dist)
    shenzhen = line_with(out, "│ Shenzhen ")
    assert all(c in shenzhen for c in ("Huawei", "Tencent", "ZTE", "Shenzhen–Hong Kong–Guangzhou"))
    beijing = line_with(out, "│ Beijing ")
    assert "Baidu" in beijing and "Didi Chuxing" in beijing
    assert "Alibaba" in line_with(out, "│ Hangzhou ")


def test_examples_say_when_there_is_no_release(tmp_path):
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "top10_clusters_pandas.py"), "--dist", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0 and "cluster_rankings.parquet" in done.stderr
