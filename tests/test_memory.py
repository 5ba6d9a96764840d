"""What keeps a large build's memory down: shared repeated values, the allocator settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from hotspots.extract import UNIQUE_FIELDS, share_values


def test_share_values_makes_equal_values_one_object_and_changes_none() -> None:
    # Built at run time so that the strings are distinct objects, as JSON parsing makes them.
    rows = [
        {
            "claim_id": "c" + str(i),
            "predicate": "".join(["ranked", "_in"]),
            "quote": "".join(["q", "qq"]),
        }
        for i in range(3)
    ]
    before = json.dumps(rows)
    assert rows[0]["predicate"] is not rows[1]["predicate"]
    pool: dict[str, str] = {}
    shared = share_values(rows, pool)
    assert json.dumps(shared) == before  # same values
    assert shared[0]["predicate"] is shared[1]["predicate"] is shared[2]["predicate"]
    assert "quote" in UNIQUE_FIELDS and shared[0]["quote"] is not shared[1]["quote"]
    assert set(pool) == {"ranked_in"}


def test_tune_allocators_puts_arrow_on_the_system_allocator() -> None:
    code = (
        "import json, pyarrow as pa\n"
        "from hotspots.ops.memory import tune_allocators\n"
        "settings = tune_allocators()\n"
        "buf = pa.allocate_buffer(1 << 20)\n"
        "print(json.dumps([settings, pa.default_memory_pool().backend_name,"
        " pa.system_memory_pool().bytes_allocated() >= 1 << 20]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    settings, backend, counted = json.loads(out)
    assert backend == "system" and settings["arrow_memory_pool"] == "system" and counted
    if sys.platform.startswith("linux"):
        assert settings.get("malloc_arena_max") == "2"
        assert settings.get("malloc_mmap_threshold") == str(256 * 1024)


# --- extraction tables built in rounds (issue #21, item 1) -----------------------------------------
import pandas as pd  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from hotspots import pipeline as p  # noqa: E402
from hotspots.extract import DocumentExtraction  # noqa: E402
from hotspots.ingest import Document  # noqa: E402
from hotspots.ops.memory import reset_peak, rss_mib  # noqa: E402
from hotspots.stages import extraction  # noqa: E402
from hotspots.stages import tables as stage_tables  # noqa: E402
from schemas import columns  # noqa: E402
from tests.conftest import REFERENCE  # noqa: E402

# what a row's loosely typed fields may hold: the cases where pandas infers a column's dtype
# differently from a part of the rows than from all of them
CELL = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(-5, 5), st.sampled_from(["a", "b"])
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(
            st.fixed_dictionaries(
                {"x": CELL, "z": st.sampled_from([None, 1.5])}, optional={"y": CELL}
            ),
            max_size=4,
        ),
        min_size=1,
        max_size=5,
    )
)
def test_parts_joined_then_inferred_give_the_frame_of_all_rows_at_once(
    parts: list[list[dict]],
) -> None:
    cols = ["x", "y", "z"]
    whole = pd.DataFrame([r for part in parts for r in part], columns=cols)
    joined = stage_tables.concat_parts(
        [pd.DataFrame(part, columns=cols, dtype=object) for part in parts]
    )
    got = joined.infer_objects()
    pd.testing.assert_frame_equal(got, whole)
    assert list(got.dtypes) == list(whole.dtypes)
    # None stays None and NaN stays NaN in object columns (assert_frame_equal lets them pass)
    for c in cols:
        if got[c].dtype == object:
            assert [type(v) for v in got[c]] == [type(v) for v in whole[c]]


def _doc(i: int) -> Document:
    import hashlib

    text = f"document {i}"
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(document_id=sha[:16], name=f"d{i}.txt", text=text, sha256=sha, meta={})


def _extraction(d: Document, i: int) -> DocumentExtraction:
    """Rows of every column; some documents without claims, with null or boolean fields."""
    mentions = [
        {"mention_id": f"{d.document_id}m{k}", "document_id": d.document_id, "entity_id": "e1",
         "char_start": k, "char_end": k + 1, "text": "x", "extractor_version": "v"}
        for k in range(i % 3)
    ]  # fmt: skip
    claims = [
        {**dict.fromkeys(columns("claims")), "claim_id": f"{d.document_id}c{k}",
         "document_id": d.document_id, "subject_id": "e1", "predicate": "rank",
         "value": None if i % 4 == 0 else float(k), "char_start": 0, "char_end": 1,
         "combined": None if i == 5 else bool(k % 2), "confidence": 0.5, "quote": "q"}
        for k in range(i % 4)
    ]  # fmt: skip
    discovered = [{"entity_id": "n1", "name": "N", "type": "city", "cue": "c", "char_start": 1,
                   "char_end": 2}] if i == 7 else []  # fmt: skip
    return DocumentExtraction(
        d.document_id, mentions=mentions, claims=claims, discovered=discovered
    )


def test_extraction_tables_in_rounds_equal_those_built_at_once(tmp_path) -> None:
    docs = [_doc(i) for i in range(11)]
    by_id = {d.document_id: _extraction(d, i) for i, d in enumerate(docs)}
    calls: list[int] = []

    def extract_all(todo: list[Document]) -> list[DocumentExtraction]:
        calls.append(len(todo))
        return [by_id[d.document_id] for d in todo]

    def tables(round_size: int) -> dict[str, pd.DataFrame]:
        report = p.new_report(tmp_path, tmp_path / "dist", "r")
        return extraction.extracted_tables(
            report, docs, REFERENCE, tmp_path, False, extract_all, round_size
        )

    whole = tables(1000)
    assert calls == [11]
    calls.clear()
    rounds = tables(3)
    assert calls == [3, 3, 3, 2]
    assert set(rounds) == set(whole) == {"mentions", "claims", "discovered", "refused"}
    for name in whole:
        pd.testing.assert_frame_equal(rounds[name], whole[name])
    assert len(whole["claims"]) == sum(i % 4 for i in range(11))
    # the unique strings are Arrow strings (one buffer), the rest objects; both read as the rows
    for name, unique in (("claims", ["claim_id", "quote"]), ("mentions", ["mention_id"])):
        for frame in (whole[name], rounds[name]):
            assert [
                c for c in frame.columns if frame[c].dtype == stage_tables.ARROW_STRING
            ] == unique
            rows = [r for e in by_id.values() for r in getattr(e, name)]
            for c in unique:
                assert frame[c].tolist() == [r[c] for r in rows]
                assert all(type(v) is str for v in frame[c])
    assert whole["claims"]["document_id"].dtype == object


def test_parts_with_arrow_strings_join_into_one_arrow_column() -> None:
    parts = [
        stage_tables.arrow_strings(pd.DataFrame({"claim_id": ids, "x": xs}, dtype=object))
        for ids, xs in ((["a", "b"], [None, 1]), ([], []), (["é"], [float("nan")]))
    ]
    joined = stage_tables.concat_parts(parts)
    assert joined["claim_id"].dtype == stage_tables.ARROW_STRING and joined["x"].dtype == object
    assert joined["claim_id"].tolist() == ["a", "b", "é"]
    assert [type(v) for v in joined["x"]] == [type(None), int, float]


def test_rounds_carry_typed_numbers_and_give_the_tables_inferred_from_all_object_rows(
    tmp_path,
) -> None:
    """The numbers are typed per round (NUMERIC_TYPES), never objects across rounds; the tables
    equal those inferred at once from every row as objects (the way before the typing moved)."""
    docs = [_doc(i) for i in range(11)]
    extractions = [_extraction(d, i) for i, d in enumerate(docs)]
    part = stage_tables.extraction_rows(extractions[:4])
    for name, types in stage_tables.NUMERIC_TYPES.items():
        assert {c: str(part[name][c].dtype) for c in types} == types
    by_id = {e.document_id: e for e in extractions}
    report = p.new_report(tmp_path, tmp_path / "dist", "r")
    rounds = extraction.extracted_tables(
        report,
        docs,
        REFERENCE,
        tmp_path,
        False,
        lambda todo: [by_id[d.document_id] for d in todo],
        3,
    )
    for name in ("mentions", "claims"):
        rows = [r for e in extractions for r in getattr(e, name)]
        objects = stage_tables.arrow_strings(
            pd.DataFrame(rows, columns=columns(name), dtype=object)
        )
        expected = objects.infer_objects().astype(stage_tables.NUMERIC_TYPES[name])
        if name == "claims":
            expected["page"] = pd.Series([None] * len(expected), dtype="Int64")
        pd.testing.assert_frame_equal(rounds[name], expected)
        assert list(rounds[name].dtypes) == list(expected.dtypes)
    assert rounds["claims"]["value"].isna().sum() == sum(i % 4 for i in range(0, 11, 4))


def test_parts_with_typed_columns_join_in_their_type() -> None:
    parts = [
        pd.DataFrame({"n": pd.array(ns, dtype="int64"), "f": pd.array(fs, dtype="float64"),
                      "page": pd.array(pages, dtype="Int64")})
        for ns, fs, pages in (([1, 2], [0.5, None], [None, 3]), ([], [], []), ([7], [2.0], [1]))
    ]  # fmt: skip
    joined = stage_tables.concat_parts(parts)
    assert [str(t) for t in joined.dtypes] == ["int64", "float64", "Int64"]
    assert joined["n"].tolist() == [1, 2, 7]
    assert joined["f"].isna().tolist() == [False, True, False]
    assert joined["page"].tolist() == [pd.NA, 3, 1]


def test_peak_memory_is_reset_and_read_per_stage(tmp_path) -> None:
    if not sys.platform.startswith("linux"):
        return
    block = bytearray(64 << 20)  # 64 MiB, touched: resident
    del block
    assert reset_peak()
    first = rss_mib()
    assert first is not None and first["peak_mib"] >= first["end_mib"] > 0
    report = p.new_report(tmp_path, tmp_path / "dist", "r")
    with p.Stopwatch(report)("grow"):
        block = bytearray(96 << 20)  # a big block is its own mapping: freed, it leaves the process
        del block
    with p.Stopwatch(report)("after"):
        pass
    grown, after = report.memory["grow"], report.memory["after"]
    # the 96 MiB are in the first stage's peak and not in the second's: each stage has its own
    assert grown["peak_mib"] >= first["end_mib"] + 90
    assert after["peak_mib"] < grown["peak_mib"] - 60


TRIM_SCRIPT = """
import json
from hotspots.ops.memory import rss_mib, trim_heap
blocks = [bytearray(8192) for _ in range(6000)]  # 47 MiB of heap blocks, as document texts
pin = [bytearray(8192) for _ in range(4)]  # allocated after them: the heap's top stays in use
before = rss_mib()["end_mib"]
del blocks
freed = rss_mib()["end_mib"]
trimmed = trim_heap()
print(json.dumps([before, freed, rss_mib()["end_mib"], trimmed]))
"""


def test_trim_heap_gives_the_freed_heap_pages_back() -> None:
    if not sys.platform.startswith("linux"):
        return
    out = subprocess.run(
        [sys.executable, "-c", TRIM_SCRIPT], capture_output=True, text=True, check=True
    )
    before, freed, trimmed, done = json.loads(out.stdout)
    assert done
    # freed blocks in the middle of the heap stay resident until trimmed
    assert freed > before - 10
    assert trimmed < freed - 30


def test_the_process_peak_survives_the_per_stage_resets(tmp_path) -> None:
    if not sys.platform.startswith("linux"):
        return
    report = p.new_report(tmp_path, tmp_path / "dist", "r")
    with p.Stopwatch(report)("grow"):
        block = bytearray(96 << 20)
        block[:: 1 << 12] = b"x" * len(block[:: 1 << 12])  # touched: resident
        del block
    with p.Stopwatch(report)("after"):
        pass
    # the second stage's reset erased the kernel's record of the 96 MiB; the report keeps it
    assert report.memory["after"]["peak_mib"] < report.memory["grow"]["peak_mib"] - 60
    assert report.peak_rss_mib is not None
    assert report.peak_rss_mib >= report.memory["grow"]["peak_mib"]


def test_each_stage_records_its_cpu_seconds(tmp_path) -> None:
    report = p.new_report(tmp_path, tmp_path / "dist", "r")
    with p.Stopwatch(report)("busy"):
        deadline = time.process_time() + 0.2
        while time.process_time() < deadline:
            pass
    with p.Stopwatch(report)("idle"):
        time.sleep(0.2)
    assert report.cpu_seconds["busy"] >= 0.2
    assert report.cpu_seconds["idle"] < 0.1 and report.timings["idle"] >= 0.2


def test_a_stage_marks_after_which_step_its_peak_was(tmp_path) -> None:
    if not sys.platform.startswith("linux"):
        return
    from hotspots.ops.memory import mark

    mark("outside any stage")  # ignored: no stage is recording
    report = p.new_report(tmp_path, tmp_path / "dist", "r")
    with p.Stopwatch(report)("grow"):
        mark("small")
        block = bytearray(96 << 20)
        block[:: 1 << 12] = b"x" * len(block[:: 1 << 12])  # touched: resident
        del block
        mark("big")
        mark("after")
    with p.Stopwatch(report)("plain"):
        pass
    steps = report.memory["grow"]["steps"]
    assert [s["step"] for s in steps] == ["small", "big", "after"]
    # the peak rose at the big step and stayed (never reset within the stage); the size fell back
    assert steps[1]["peak_mib"] >= steps[0]["peak_mib"] + 90
    assert steps[2]["peak_mib"] == steps[1]["peak_mib"] <= report.memory["grow"]["peak_mib"]
    assert steps[2]["end_mib"] < steps[1]["peak_mib"] - 60
    assert "steps" not in report.memory["plain"]  # a stage that marks nothing lists nothing


PUBLISH_STEPS_SCRIPT = """
import json, sys
from pathlib import Path
from hotspots import pipeline as p
from hotspots.release.publish import publish_release
from tests.release_fixtures import build_info, sample_tables
tmp = Path(sys.argv[1])
report = p.new_report(tmp, tmp / "dist", "r")
with p.Stopwatch(report)("publish"):
    assert publish_release(sample_tables(), tmp / "dist", build_info()).changed
print(json.dumps(report.memory["publish"]))
"""


def test_publish_marks_its_steps_in_the_run_report(tmp_path) -> None:
    if not sys.platform.startswith("linux"):
        return
    # in a process of its own: the high-water mark is the process's, and a thread another test
    # left running (a served flow, a build) may start a stage and reset it
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", PUBLISH_STEPS_SCRIPT, str(tmp_path)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    publish = json.loads(done.stdout.strip().splitlines()[-1])
    steps = publish["steps"]
    names = [s["step"] for s in steps]
    # every step of a first release, in the order publish runs them
    expected = ["to_arrow claims", "release_tables", "write_data", "release_diff"]
    expected += ["stamp_history", "write_database", "metadata files", "page: card"]
    expected += ["page", "zip", "write_metadata", "verify: tables", "verify_release"]
    assert [n for n in names if n in expected] == expected
    peaks = [s["peak_mib"] for s in steps]
    assert peaks == sorted(peaks) and peaks[-1] <= publish["peak_mib"]
