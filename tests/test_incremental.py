"""Incremental rebuilds (issue #21, item 2; hotspots.ops.incremental): after any sequence of added,
changed and removed documents, the tables of a run that reuses the previous run's state are byte
for byte those of a full run over the same documents."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.corpus import gazetteer_names, make_document
from hotspots import pipeline as p
from hotspots.ops import incremental as inc
from hotspots.options import BuildOptions

START = 10  # documents in the corpus before the first step
NAMES = gazetteer_names()


def write(raw: Path, name: str, index: int, extra: str = "", published: str | None = None) -> None:
    text, meta = make_document(index, seed=7, names=NAMES)
    if published is not None:
        meta["published"] = published
    (raw / f"{name}.txt").write_text(text + extra, encoding="utf-8")
    (raw / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")


def tables_of(raw: Path, work: Path, use_cache: bool) -> tuple[dict[str, pd.DataFrame], dict]:
    options = BuildOptions(
        raw_dir=raw, dist_dir=work / "dist", cache_dir=work / "cache", use_cache=use_cache
    )
    report = p.new_report(raw, options.dist_dir, None, "plain", None)
    tables = p.build_tables(report, options)
    return tables, report.as_dict()


def as_bytes(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf)
    return buf.getvalue() + df.to_csv(index=False).encode()


def same_run(incremental: tuple, full: tuple) -> None:
    (itables, ireport), (ftables, freport) = incremental, full
    assert sorted(itables) == sorted(ftables)
    for name in ftables:
        assert as_bytes(itables[name]) == as_bytes(ftables[name]), name
    assert ireport["warnings"] == freport["warnings"]
    drop = {"proposals_path"}
    assert {k: v for k, v in ireport["curation"].items() if k not in drop} == {
        k: v for k, v in freport["curation"].items() if k not in drop
    }
    for key in ("low_confidence", "discovered", "refused"):
        i, f = dict(ireport[key]), dict(freport[key])
        i.pop("path", None), f.pop("path", None)
        assert i == f, key
    assert freport["incremental"]["reason"] == "no state kept (--no-cache)"


step = st.one_of(
    st.tuples(st.just("add"), st.integers(100, 400)),
    st.tuples(st.just("change"), st.integers(0, 50), st.integers(100, 400)),
    st.tuples(st.just("append"), st.integers(0, 50)),
    st.tuples(st.just("date"), st.integers(0, 50), st.sampled_from(["2019-05-01", "2024", None])),
    st.tuples(st.just("remove"), st.integers(0, 50)),
)


@pytest.mark.slow
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=4))
def test_incremental_equals_full_after_random_changes(steps: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        raw, work = Path(tmp) / "raw", Path(tmp) / "work"
        raw.mkdir()
        names = [f"doc_{i:03d}" for i in range(START)]
        for i, name in enumerate(names):
            write(raw, name, i)
        first = tables_of(raw, work, use_cache=True)
        assert first[1]["incremental"]["mode"] == "full"
        for n, (kind, *args) in enumerate(steps):
            if kind == "add":
                names.append(f"new_{n}_{args[0]}")
                write(raw, names[-1], args[0])
            elif names:
                name = names[args[0] % len(names)]
                if kind == "change":  # another document's text: other subjects
                    write(raw, name, args[1])
                elif kind == "append":
                    index = int(name.split("_")[-1]) if name.startswith("doc_") else 0
                    write(raw, name, index, "\nShenzhen has 75 universities as of 2023.\n")
                elif kind == "date":  # the sidecar only: dates and authority of its claims
                    index = int(name.split("_")[-1])
                    write(raw, name, index, published=args[1])
                else:
                    names.remove(name)
                    (raw / f"{name}.txt").unlink()
                    (raw / f"{name}.meta.json").unlink()
            incremental = tables_of(raw, work, use_cache=True)
            assert incremental[1]["incremental"]["mode"] == "incremental"
            same_run(incremental, tables_of(raw, work, use_cache=False))


def test_a_change_to_the_reference_data_means_a_full_run(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(3):
        write(raw, f"doc_{i}", i)
    documents = pd.DataFrame({"document_id": ["a"], "name": ["x"], "sha256": ["0"]})
    plan = inc.plan(documents, raw, p.DEFAULT_REFERENCE_DIR, tmp_path / "cache")
    assert plan.previous is None and plan.reason == "no previous state"
    state = inc.BuildState(
        {**plan.key, "reference": "another"}, plan.fingerprints, {}, None
    )  # a state written with other reference data
    plan.path.parent.mkdir(parents=True)
    import pickle

    plan.path.write_bytes(pickle.dumps(state))
    again = inc.plan(documents, raw, p.DEFAULT_REFERENCE_DIR, tmp_path / "cache")
    assert again.previous is None
    assert again.reason.startswith("changed since the previous state: reference data")
    plan.path.write_bytes(b"not a pickle")
    assert (
        "unreadable" in inc.plan(documents, raw, p.DEFAULT_REFERENCE_DIR, tmp_path / "cache").reason
    )


def test_only_changed_documents_are_redone(tmp_path: Path) -> None:
    raw, work = tmp_path / "raw", tmp_path / "work"
    raw.mkdir()
    for i in range(8):
        write(raw, f"doc_{i}", i)
    tables_of(raw, work, use_cache=True)
    write(raw, "doc_3", 3, "\nShenzhen has 75 universities as of 2023.\n")
    _, report = tables_of(raw, work, use_cache=True)
    assert report["incremental"]["mode"] == "incremental"
    # the edited document's old id and new one (an id follows the document's bytes)
    assert report["incremental"]["documents_redone"] <= 2
    assert report["incremental"]["subjects_redone"] < report["incremental"]["subjects"]
