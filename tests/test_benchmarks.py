"""The benchmark keeps working: a deterministic corpus in the sources' styles, and the runner at a
tiny N (plain functions; the Prefect part is slow). The targets themselves are judged by the
benchmark's own report (BENCHMARKS.md), never by timing a unit test."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from benchmarks import corpus
from benchmarks import run as bench
from tests.conftest import REFERENCE


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_corpus_is_deterministic_unique_and_sized(tmp_path):
    a = corpus.generate(tmp_path / "a", 24, seed=7, reference_dir=REFERENCE)
    corpus.generate(tmp_path / "b", 24, seed=7, reference_dir=REFERENCE)
    corpus.generate(tmp_path / "c", 24, seed=8, reference_dir=REFERENCE)
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")
    texts = [p.read_bytes() for p in a]
    assert len({hashlib.sha256(t).digest() for t in texts}) == len(texts)
    assert all(corpus.MIN_BYTES <= len(t) <= corpus.MAX_BYTES for t in texts)
    other = {p.read_bytes() for p in (tmp_path / "c").glob("*.txt")}
    assert not other & set(texts)
    # a prefix of a larger corpus is the smaller corpus: sizes can share documents
    assert corpus.make_document(3, 7) == corpus.make_document(3, 7)


def test_corpus_is_ingested_without_quarantine_and_covers_every_kind(tmp_path):
    from hotspots.ingest import ingest

    corpus.generate(tmp_path, 60, seed=0, reference_dir=REFERENCE)
    result = ingest(tmp_path)
    assert len(result.documents) == 60 and not result.quarantined
    assert all(not d.warnings for d in result.documents)
    kinds = {
        d.meta["url"].rsplit("/", 1)[1].split("-", 1)[1].replace("-", "_") for d in result.documents
    }
    assert kinds == set(corpus.KINDS)


def test_corpus_gives_the_extractor_work_of_many_kinds(tmp_path, extractor):
    from hotspots.ingest import ingest

    corpus.generate(tmp_path, 30, seed=1, reference_dir=REFERENCE)
    claims = [c for d in ingest(tmp_path).documents for c in extractor.extract(d).claims]
    predicates = {c["predicate"] for c in claims}
    assert len(claims) > 100
    assert {"wipo_cluster_rank", "headquartered_in"} <= predicates and len(predicates) >= 8


def test_quick_benchmark_runs_the_plain_build_and_writes_its_report(tmp_path):
    out = tmp_path / "out" / "results.json"
    code = bench.main(
        [
            "--quick",
            "--no-prefect",
            "--sizes",
            "12",
            "--out",
            str(out),
            "--work",
            str(tmp_path / "work"),
        ]
    )
    assert code == 0
    results = json.loads(out.read_text())
    assert [s["n"] for s in results["sizes"]] == [12]
    for size in results["sizes"]:
        plain = size["plain"]
        assert plain["returncode"] == 0 and plain["report"]["status"] == "published"
        assert (
            plain["report"]["documents_valid"] == size["n"]
            and plain["maxrss_mib"] > 0
            and plain["cpu_s"] > 0
        )
        # the build's own record of its peak (across its per-stage resets) is never above it
        assert 0 < plain["report"]["peak_rss_mib"] <= plain["maxrss_mib"]
    assert results["sizes"][0]["extraction"]["ratio"] > 0
    assert {row["target"] for row in results["verdicts"]} >= {
        "extract_over_tokenise",
        "growth_exponent",
    }
    assert results["code"]["snapshot_sha256"]
    assert "| N |" in out.with_suffix(".md").read_text()


def test_process_peak_is_the_larger_of_ru_maxrss_and_the_builds_own_record():
    # the per-stage resets leave ru_maxrss with the last stage's peak only
    assert bench.process_peak(700.0, {"peak_rss_mib": 1200.0}) == 1200.0
    assert bench.process_peak(900.0, {"peak_rss_mib": 800.0}) == 900.0  # e.g. Prefect's server
    assert bench.process_peak(500.0, {}) == bench.process_peak(500.0, None) == 500.0


def test_scale_growth_gives_each_stages_cpu_exponent() -> None:
    from benchmarks import scale

    def result(n: int, extract_cpu: float, extract_wall: float) -> dict:
        stages = dict.fromkeys(scale.STAGES, 1.0)
        return {
            "n": n,
            "wall_s": extract_wall,
            "cpu_s": extract_cpu,
            "peak_rss_mib": n / 10,
            "stages_s": stages | {"extract": extract_wall},
            "stages_cpu_s": stages | {"extract": extract_cpu},
            "stages_memory_mib": {},
        }

    # the CPU doubles with N while the wall time (another user's load) does not
    (step,) = scale.growth([result(1000, 10.0, 50.0), result(2000, 20.0, 40.0)])
    assert step["cpu_exponent"]["extract"] == 1.0 and step["cpu_exponent"]["process"] == 1.0
    assert step["exponent"]["extract"] < 0 and step["cpu_exponent"]["ingest"] == 0.0


def test_verdicts_judge_each_target_at_its_size():
    results = {"quick": False, "startup": {"wall_s": 20.0}, "sizes": []}
    for n, plain, build in ((1000, 100.0, 130.0), (10000, 1000.0, 1100.0)):
        results["sizes"].append(
            {
                "n": n,
                "plain": {"wall_s": plain, "cpu_s": plain, "maxrss_mib": 500.0},
                "prefect": {
                    "wall_s": build,
                    "cpu_s": build,
                    "maxrss_mib": 1000.0 * n / 10000 + 600,
                },
                "noop": {"wall_s": 2.0, "cpu_s": 2.0},
                "changed": {"wall_s": build / 5, "cpu_s": build / 5},
            }
        )
    bench.derive(results)
    rows = {(r["target"], r["where"]): r for r in bench.verdicts(results)}
    assert rows[("prefect_over_plain", "N=10,000")]["verdict"] == "PASS"  # 1.1
    assert ("prefect_over_plain", "N=1,000") not in rows  # judged at 10,000 only
    assert rows[("noop_over_full", "N=1,000")]["verdict"] == "PASS"
    assert rows[("changed_over_full", "N=10,000")]["verdict"] == "FAIL"  # 0.2
    assert rows[("peak_rss_gib", "N=10,000")]["verdict"] == "FAIL"  # 1,600 MiB
    growth = next(r for r in rows.values() if r["target"] == "growth_exponent")
    assert growth["verdict"] == "PASS" and abs(growth["value"] - 0.927) < 0.01


@pytest.mark.slow
def test_quick_benchmark_with_prefect_measures_rebuilds(tmp_path):
    out = tmp_path / "results.json"
    assert (
        bench.main(
            ["--quick", "--sizes", "10", "--out", str(out), "--work", str(tmp_path / "work")]
        )
        == 0
    )
    size = json.loads(out.read_text())["sizes"][0]
    assert size["prefect"]["report"]["status"] == "published"
    assert size["noop"]["report"]["skipped"]  # answered before Prefect starts
    assert size["changed"]["report"]["cache"] == {"hits": 9, "misses": 1, "stored": 1}


def test_scale_compare_ignores_only_the_run_specific_files(tmp_path) -> None:
    """benchmarks.scale --compare: a release's data differ -> listed; build.json only -> identical."""
    import zipfile

    from benchmarks.scale import compare

    def release(name: str, data: str, run_id: str) -> Path:
        root = tmp_path / name / "latest"
        (root / "data").mkdir(parents=True)
        (root / "data" / "facts.csv").write_text(data)
        (root / "build.json").write_text(run_id)
        with zipfile.ZipFile(root / "r.zip", "w") as z:
            z.writestr("r/data/facts.csv", data)
            z.writestr("r/build.json", run_id)
        (root / "r.zip.sha256").write_text(run_id)
        return tmp_path / name

    a, b, c = (
        release("a", "x,1\n", "run1"),
        release("b", "x,1\n", "run2"),
        release("c", "x,2\n", "run3"),
    )
    assert compare(a, b) == []
    assert compare(a, c) == ["data/facts.csv", "r.zip:r/data/facts.csv"]


def test_drift_compares_the_first_and_last_quarter_per_document_and_per_probe() -> None:
    from benchmarks import drift

    def block(cpu: float, probe: float) -> dict:
        return {"documents": 100, "cpu_s": cpu, "probe_s": probe}

    # the machine slows down by half in the second half: the blocks and the probe alike
    steady = [block(2.0, 0.5)] * 4 + [block(3.0, 0.75)] * 4
    out = drift.drift(steady)
    assert out["quarter_blocks"] == 2 and out["ms_per_document"] == [20.0, 30.0]
    assert out["last_over_first"] == 1.5 and out["probe_last_over_first"] == 1.5
    assert out["per_probe_last_over_first"] == 1.0
    # the work grows with the position while the probe stays: per probe it grows too
    growing = [block(2.0 + i / 4, 0.5) for i in range(8)]
    out = drift.drift(growing)
    assert out["probe_last_over_first"] == 1.0 and out["per_probe_last_over_first"] > 1.5
    assert drift.drift([]) == {}


def test_drift_runs_the_extract_stage_in_blocks_over_every_document(tmp_path) -> None:
    from benchmarks import drift
    from hotspots.ingest import ingest
    from hotspots.stages.extraction import process_extractor

    corpus.generate(tmp_path / "raw", 10, seed=2, reference_dir=REFERENCE)
    out = drift.measure(tmp_path / "raw", 9, block=4, probe=2, tune=False)
    assert [b["documents"] for b in out["blocks"]] == [4, 4, 1]
    assert all(b["probe_s"] > 0 and b["cpu_s"] > 0 for b in out["blocks"])
    documents = ingest(tmp_path / "raw").documents[:9]
    extractor = process_extractor(REFERENCE)  # the build's (and drift's) extractor
    assert out["rows"]["claims"] == sum(len(extractor.extract(d).claims) for d in documents)
    assert out["stage_cpu_s"] >= out["blocks_cpu_s"] + out["probes_cpu_s"] - 0.05


def test_extract_phases_accounts_for_the_extractor_and_restores_the_rules(tmp_path, capsys):
    from benchmarks import extract_phases
    from hotspots.extract import engine

    before = [f.fn for f in engine.rule_functions()]
    extract_phases.main(["--n", "6", "--rules", "3", "--json", str(tmp_path / "p.json")])
    out = capsys.readouterr().out
    assert "documents per CPU second (target 150)" in out
    data = json.loads((tmp_path / "p.json").read_text())
    assert data["throughput"]["documents"] == 6
    assert len(data["rules"]) == 3
    # the phases and the rest add up to the wrapped total; the rule functions are unwrapped again
    assert abs(sum(data["phases"].values()) + data["rest"] - data["total_cpu_s"]) < 1e-6
    assert [f.fn for f in engine.rule_functions()] == before


def test_extract_dump_writes_every_row_sorted_without_the_version(tmp_path, capsys):
    from benchmarks import extract_dump

    extract_dump.main([str(tmp_path), "raw"])
    lines = (tmp_path / "raw.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    rows = [json.loads(line) for line in lines]
    kinds = {r["kind"] for r in rows}
    assert {"claim", "mention"} <= kinds
    assert not any("extractor_version" in r for r in rows)
    assert "raw" in capsys.readouterr().out
    # a second run writes the same bytes: the dump can tell a moved claim from noise
    extract_dump.main([str(tmp_path / "again"), "raw"])
    assert (tmp_path / "again" / "raw.jsonl").read_bytes() == (tmp_path / "raw.jsonl").read_bytes()
