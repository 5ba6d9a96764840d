"""The compact forms that keep a large build's memory down (issue #21, item 1) read exactly as the
plain Python objects they replace: reconcile's claim records (`settle.Claim`, was a dict) and a
first release's row keys in the diff (`diff.RowKeys`, was a list of dicts). Byte-identical
releases before and after are checked by `benchmarks.scale --compare` on a 10,000-document corpus
(BENCHMARKS.md); here the same on small tables."""

from __future__ import annotations

import copy
import json
import pickle

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotspots.reconcile import claim_records
from hotspots.release import diff, write
from hotspots.release.publish import _json_pieces
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
    frame = pd.DataFrame([row], columns=columns("claims")).assign(_correction="")
    (record,) = claim_records(frame, vocab)
    expected = frame.to_dict("records")[0]
    assert {k: record[k] for k in expected} == expected
    assert record["_vkey"] == (12.0,) and record["_as_of"] == "" and record["_combined"] is False
    with pytest.raises(ValueError, match="surprise"):
        claim_records(frame.assign(surprise=1), vocab)


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
def test_row_keys_are_the_list_of_dicts_they_replace(key):
    keys, before = diff._keys(KEY_TABLE, key), _keys_as_before(KEY_TABLE, key)
    assert list(keys) == before and keys == before and len(keys) == len(before) and keys
    assert keys[0] == before[0] and keys[-1] == before[-1] and keys[2:5] == before[2:5]
    assert keys[:100] == before and keys[::2] == before[::2]
    with pytest.raises(IndexError):
        keys[len(before)]
    assert pickle.loads(pickle.dumps(keys)) == before and type(copy.copy(keys)) is list


def test_row_keys_write_the_same_json_and_sentences():
    keys = diff._keys(KEY_TABLE, ["entity_id", "rank"])
    before = _keys_as_before(KEY_TABLE, ["entity_id", "rank"])
    doc = {
        "tables": {"entities": {"added": keys}},
        "empty": diff._keys(KEY_TABLE.slice(0, 0), ["rank"]),
    }
    plain = {"tables": {"entities": {"added": before}}, "empty": []}
    assert b"".join(_json_pieces(doc)) == b"".join(_json_pieces(plain))
    assert json.dumps(doc, indent=2) == json.dumps(plain, indent=2)
    entry = {"status": "changed", "columns_added": [], "columns_removed": [], "columns_retyped": {},
             "columns_reordered": False, "added": keys, "removed": [], "changed": []}  # fmt: skip
    assert diff.table_sentences("entities", entry) == diff.table_sentences(
        "entities", entry | {"added": before}
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(max_size=4), st.integers(-3, 3), st.none() | st.text(max_size=2)),
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
