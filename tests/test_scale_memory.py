"""The compact forms that keep a large build's memory down (issue #21, item 1) read exactly as the
plain Python objects they replace: reconcile's claim records (`settle.Claim`, was a dict) and a
first release's row keys in the diff (`diff.RowKeys`, was a list of dicts). Byte-identical
releases before and after are checked by `benchmarks.scale --compare` on a 10,000-document corpus
(BENCHMARKS.md); here the same on small tables."""

from __future__ import annotations

import copy
import json
import pickle
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from release_fixtures import build_info, sample_tables

from hotspots.reconcile_groups import claim_records, with_quotes
from hotspots.release import (
    diff,
    diff_summary,
    page,
    publish_release,
    verify,
    verify_release,
    write,
)
from hotspots.release.jsonstream import JSON_PIECE_CHARS, json_pieces
from hotspots.settle import CLAIM_FIELDS, Claim
from schemas import columns, predicates


# --- Claim -----------------------------------------------------------------------------------
def test_claim_reads_and_writes_like_the_dict_it_replaces():
    claim = Claim({"claim_id": "c1", "value": 3.5, "predicate": "gdp"})
    assert claim["claim_id"] == "c1" and claim["value"] == 3.5
    assert claim["unit"] is None and claim.get("unit") is None  # a column never set
    assert claim.get("document") is None and claim.get("document", "x") == "x"  # not a field
    claim["_as_of"] = "2020"
    assert claim["_as_of"] == "2020"
    with pytest.raises(KeyError):
        claim["no_such_field"]
    with pytest.raises(KeyError):
        claim["no_such_field"] = 1
    assert claim.as_dict() == {name: claim[name] for name in CLAIM_FIELDS}


def test_claim_pickles_copies_and_compares_by_value():
    claim = Claim({"claim_id": "c1", "value": 2.0, "_vkey": (2.0,)})
    again = pickle.loads(pickle.dumps(claim))
    assert isinstance(again, Claim) and again == claim and again is not claim
    assert copy.deepcopy(claim) == claim
    again["value"] = 3.0
    assert again != claim


def test_claim_records_hold_the_frames_values_and_refuse_an_unknown_column():
    vocab = predicates()
    predicate = next(name for name, p in vocab.items() if p.value_type == "number")
    row = dict.fromkeys(columns("claims"))
    row |= {
        "claim_id": "c1",
        "document_id": "d1",
        "subject_id": "city/x",
        "predicate": predicate,
        "value": 12.0,
        "value_text": "12",
        "char_start": 3,
        "char_end": 9,
        "combined": False,
        "confidence": 0.9,
    }
    row["quote"] = "Its GDP was 12."
    frame = pd.DataFrame([row], columns=columns("claims")).assign(_correction="")
    (record,) = claim_records(frame, vocab)
    expected = frame.to_dict("records")[0]
    # every value but the quote, which reconcile reads only for the claims it withholds
    assert record["quote"] is None
    assert {k: record[k] for k in expected if k != "quote"} == {
        k: v for k, v in expected.items() if k != "quote"
    }
    assert record["_vkey"] == (12.0,) and record["_as_of"] == "" and record["_combined"] is False
    with pytest.raises(ValueError, match="surprise"):
        claim_records(frame.assign(surprise=1), vocab)


def test_withheld_claims_get_their_quotes_from_the_frame_by_row():
    vocab = predicates()
    predicate = next(name for name, p in vocab.items() if p.value_type == "number")
    rows = [
        dict.fromkeys(columns("claims"))
        | {"claim_id": "same", "subject_id": "city/x", "predicate": predicate, "value": v,
           "quote": f"quote {v}", "combined": False}
        for v in (1.0, 2.0, 3.0)
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns("claims")).assign(_correction="")
    frame = frame.astype({"quote": pd.StringDtype("pyarrow", na_value=float("nan"))})
    records = claim_records(frame, vocab)
    assert [r["quote"] for r in records] == [None, None, None]
    # by row, not by claim id (here all the same): the third and first claims
    got = with_quotes([records[2], records[0]], records, frame)
    assert [r["quote"] for r in got] == ["quote 3.0", "quote 1.0"]
    assert all(type(r["quote"]) is str for r in got)
    assert records[1]["quote"] is None
    assert with_quotes([], records, frame) == []


# --- RowKeys ---------------------------------------------------------------------------------
def _keys_as_before(table: pa.Table, key: list[str]) -> list[dict]:
    """diff._keys until stop 21: every key as a dict, from a pandas mergesort of the key columns."""
    frame = write.to_frame(table.select(key))
    rows = frame.sort_values(key, kind="mergesort").itertuples(index=False, name=None)
    return [diff._key_dict(key, tuple(r)) for r in rows]


KEY_TABLE = pa.table(
    {
        "entity_id": pa.array(["b", "é", "a", "B", "a", "zz", "Ä"], pa.string()),
        "rank": pa.array([3, 1, 2, 1, 1, 7, 2], pa.int64()),
    }
)


@pytest.mark.parametrize("key", [["entity_id"], ["rank", "entity_id"], ["entity_id", "rank"]])
def test_row_keys_are_the_keys_they_replace(key):
    keys, before = diff._keys(KEY_TABLE, key), _keys_as_before(KEY_TABLE, key)
    assert list(keys) == before and len(keys) == len(before) and keys
    assert keys.first(2) == before[:2] and keys.first(100) == before
    assert (
        not diff._keys(KEY_TABLE.slice(0, 0), key)
        and list(diff._keys(KEY_TABLE.slice(0, 0), key)) == []
    )
    assert list(pickle.loads(pickle.dumps(keys))) == before


def test_row_keys_are_no_list_look_alike():
    """Stop 21's RowKeys subclassed list with an empty underlying list: `json.dumps` without
    indent (C code reading the list's items) wrote `[]` for every table. Now it is no list, and
    a writer that does not stream it fails loudly instead of writing something else."""
    keys = diff._keys(KEY_TABLE, ["entity_id"])
    assert not isinstance(keys, list | tuple)
    for indent in (None, 2):
        with pytest.raises(TypeError):
            json.dumps({"added": keys}, indent=indent)


@pytest.mark.parametrize("batch", [1, 2, 3, write.ROW_BATCH])
@pytest.mark.parametrize("piece_chars", [1, 64, JSON_PIECE_CHARS])
def test_row_keys_write_the_same_json_and_sentences(monkeypatch, batch, piece_chars):
    monkeypatch.setattr(write, "ROW_BATCH", batch)  # several batches per table, and one
    keys = diff._keys(KEY_TABLE, ["entity_id", "rank"])
    before = _keys_as_before(KEY_TABLE, ["entity_id", "rank"])
    empty = diff._keys(KEY_TABLE.slice(0, 0), ["rank"])
    doc = {
        "tables": {"entities": {"added": keys, "removed": empty, "n": 1.5}},
        "top": keys,
        "list": [keys, {"deeper": [empty, keys]}, (1, None)],
        "changes": None,
    }
    plain = {
        "tables": {"entities": {"added": before, "removed": [], "n": 1.5}},
        "top": before,
        "list": [before, {"deeper": [[], before]}, (1, None)],
        "changes": None,
    }
    expected = (json.dumps(plain, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    pieces = list(json_pieces(doc, piece_chars))
    assert b"".join(pieces) == expected
    if piece_chars == 1:
        assert len(pieces) > 10  # written in pieces, not as one string
    entry = {"status": "changed", "columns_added": [], "columns_removed": [], "columns_retyped": {},
             "columns_reordered": False, "added": keys, "removed": [], "changed": []}  # fmt: skip
    assert diff_summary.table_sentences("entities", entry) == diff_summary.table_sentences(
        "entities", entry | {"added": before}
    )


class _Odd:
    def __str__(self) -> str:
        return "odd ☃"


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(
            st.text(max_size=3) | st.integers(-5, 5) | st.booleans() | st.none() | st.floats(0, 2),
            inner,
            max_size=4,
        )
    ),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None)
@given(_json_values, st.booleans())
def test_json_pieces_write_what_json_dumps_writes(value, with_keys):
    """Any JSON-ready value (with non-string keys, NaN, tuples and an object only `str` can
    write) gives json.dumps' bytes, also beside a streamed array."""
    keys = diff._keys(KEY_TABLE, ["rank", "entity_id"])
    doc = {"value": value, "odd": _Odd(), "keys": keys if with_keys else []}
    plain = doc | {"keys": list(keys) if with_keys else []}
    expected = json.dumps(plain, indent=2, ensure_ascii=False, default=str) + "\n"
    assert b"".join(json_pieces(doc, 16)) == expected.encode("utf-8")


class _CountedList(list):
    """A list that counts how often it is walked."""

    walks = 0

    def __iter__(self):
        type(self).walks += 1
        return super().__iter__()


def test_json_pieces_walk_each_container_once():
    """A container that holds a streamed array was walked once to find it, then again to write
    it (and a plain one once to look, once to encode): every container is now walked once."""
    _CountedList.walks = 0
    keys = diff._keys(KEY_TABLE, ["entity_id"])
    deep = _CountedList([_CountedList([1, _CountedList(["a", keys])]), _CountedList([2.5])])
    doc = {"outer": deep, "plain": _CountedList([None, True])}
    expected = {"outer": [[1, ["a", list(keys)]], [2.5]], "plain": [None, True]}
    written = b"".join(json_pieces(doc, 16)).decode("utf-8")
    assert written == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    assert _CountedList.walks == 5


def _text_without_nul(max_size: int):
    # pandas' multi-column sort compares strings as numpy does, where trailing NULs are padding
    # ("\x00" == ""): the sort replaced was wrong there, Arrow's (code points) is not
    return st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=max_size
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            _text_without_nul(max_size=4),
            st.integers(-3, 3),
            st.none() | _text_without_nul(max_size=2),
        ),
        max_size=40,
    )
)
def test_row_keys_order_as_the_pandas_sort_did(rows):
    table = pa.table(
        {
            "a": pa.array([r[0] for r in rows], pa.string()),
            "b": pa.array([r[1] for r in rows], pa.int64()),
            "c": pa.array([r[2] for r in rows], pa.string()),
        }
    )
    for key in (["a"], ["b", "a"], ["a", "b", "c"]):
        assert list(diff._keys(table, key)) == _keys_as_before(table, key)
        # a table in key order already (as published) keeps its columns: the same keys
        ordered = table.take(pc.sort_indices(table, [(k, "ascending", "at_end") for k in key]))
        assert list(diff._keys(ordered, key)) == _keys_as_before(table, key)


# --- publish without second copies -------------------------------------------------------------
@pytest.fixture(scope="module")
def small_release(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("small") / "dist"
    publish_release(sample_tables(), dist, build_info())
    return dist / "1.0.0"


def test_the_page_from_the_written_tables_is_the_page_from_the_files(small_release):
    """Publish renders index.html from the Arrow tables it has just written, not from the
    Parquet files read back: the same bytes as a page rendered from the files."""
    written = {
        p.stem: write.read_parquet(p) for p in sorted((small_release / "data").glob("*.parquet"))
    }
    from_files = page.build_release_page(small_release)
    assert page.build_release_page(small_release, written) == from_files
    assert (small_release / page.PAGE).read_text(encoding="utf-8") == from_files


def test_the_publishers_verification_skips_only_the_streamed_json(small_release, monkeypatch):
    """One list of JSON files: `hotspots verify` parses all of them, the publisher's own
    verification (with the tables it wrote) all but diff.json."""
    parsed = []
    monkeypatch.setattr(verify, "_json_problems", lambda path: parsed.append(path.name) or [])
    written = {
        p.stem: write.read_parquet(p) for p in sorted((small_release / "data").glob("*.parquet"))
    }
    assert verify_release(small_release, written=written) == []
    assert parsed == ["croissant.json", "build.json"]
    parsed.clear()
    assert verify_release(small_release) == []
    assert parsed == ["croissant.json", "diff.json", "build.json"]
    assert set(verify.JSON_FILES) | {"datapackage.json"} == {
        f for f in verify.METADATA_FILES if f.endswith(".json")
    }


def test_verify_parses_json_files_without_keeping_them(small_release, tmp_path):
    assert verify._json_problems(small_release / "diff.json") == []
    broken = tmp_path / "diff.json"
    broken.write_text('{"tables": {"claims": {"added": [{"claim_id": "c1"},]}}}', encoding="utf-8")
    (problem,) = verify._json_problems(broken)
    assert problem.startswith("diff.json: does not parse as JSON")
    copy_dir = tmp_path / "release"
    shutil.copytree(small_release, copy_dir)
    (copy_dir / "diff.json").write_text(broken.read_text(encoding="utf-8"), encoding="utf-8")
    assert any("diff.json: does not parse as JSON" in p for p in verify_release(copy_dir))
