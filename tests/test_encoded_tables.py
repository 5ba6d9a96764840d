"""Publish holds the claims and mentions with their repeated values dictionary-encoded
(`write.encode_repeated`, issue #21 item 1): every reader must see the values, and every file of
the release must be the bytes the plain tables give."""

from __future__ import annotations

import math

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.scale import compare
from hotspots import validate
from hotspots.release import diff, page_arrow, publish, write
from hotspots.release.contract import table_columns
from hotspots.release.publish import publish_release
from tests.release_fixtures import build_info, changed_value, sample_tables

TABLE = "claims"  # strings, nullable strings, floats with nulls, integers
# few distinct values (so that columns repeat and are encoded), beyond ASCII and the BMP, quotes
# and commas for the CSV rendering, and a leading '=' it escapes
TEXT = st.sampled_from(["", "a", "B", "é", "中", "😀", 'a "b", c', "=1", "-1"])
NUMBER = st.one_of(st.none(), st.just(math.nan), st.sampled_from([-2.5, 0.0, 1.0, 3.25]))


def column_values(kind: str, nullable: bool) -> st.SearchStrategy:
    if kind == "number":
        return NUMBER
    if kind == "integer":
        return st.integers(min_value=0, max_value=3)
    if kind == "boolean":
        return st.booleans()
    return st.one_of(st.none(), TEXT) if nullable else TEXT


ROW = st.fixed_dictionaries(
    {c.name: column_values(c.kind, c.nullable) for c in table_columns(TABLE)}
)


def frame(rows: list[dict]) -> pd.DataFrame:
    names = [c.name for c in table_columns(TABLE)]
    df = pd.DataFrame(rows, columns=names).astype({"char_start": "int64", "char_end": "int64"})
    df["value"] = df["value"].astype("float64")
    df["claim_id"] = [f"c{i}" for i in range(len(df))]  # the key, unique as published
    return df


@settings(max_examples=150, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=40), st.integers(1, 7))
def test_encoded_tables_read_and_write_as_the_plain_ones(rows: list[dict], chunk: int) -> None:
    plain = write.to_arrow(TABLE, frame(rows))
    # in chunks, as a table made of batches is: each chunk's dictionary is unified
    plain = pa.Table.from_batches(plain.to_batches(max_chunksize=chunk), schema=plain.schema)
    encoded = write.encode_repeated(plain)
    assert encoded.to_pylist() == plain.to_pylist()
    assert write.decoded(encoded).equals(plain)
    # encoded exactly where values repeat: at most half as many distinct values as rows
    for name in plain.column_names:
        typ = encoded.schema.field(name).type
        distinct = len(plain[name].unique().drop_null())  # a dictionary holds no null
        repeats = distinct <= write.ENCODE_SHARE * plain.num_rows
        assert pa.types.is_dictionary(typ) == (pa.types.is_string(plain[name].type) and repeats)
    # the files, their rows for SQLite, pandas' dtypes
    assert write.parquet_bytes(encoded) == write.parquet_bytes(plain)
    assert write.csv_bytes(encoded) == write.csv_bytes(plain)
    assert list(write.python_batches(encoded, 3)) == list(write.python_batches(plain, 3))
    pd.testing.assert_frame_equal(write.to_frame(encoded), write.to_frame(plain))
    # the diff: the same types, no row changed; and a changed row found as with plain tables
    key = ["claim_id"]
    same = diff._diff_table(plain, encoded, key)
    assert same["status"] == "unchanged" and not same["columns_retyped"], same
    other = plain.set_column(
        plain.schema.get_field_index("predicate"),
        "predicate",
        pa.array(["x"] * plain.num_rows, pa.string()),
    )
    assert diff._diff_table(write.encode_repeated(other), encoded, key) == diff._diff_table(
        other, plain, key
    )
    # the page's columns and the foreign-key lookups
    for name in plain.column_names:
        assert page_arrow.column(encoded, name).equals(page_arrow.column(plain, name))
    known = pa.array(["a", "中"], pa.string())
    for name in ("document_id", "subject_id", "object_id"):
        assert validate.not_in(encoded[name], known) == validate.not_in(plain[name], known)
        assert validate.not_in(encoded[name], known, many=True) == validate.not_in(
            plain[name], known, many=True
        )


@pytest.mark.parametrize("second", [False, True], ids=["first release", "second release"])
def test_a_release_from_encoded_tables_is_byte_identical(tmp_path, monkeypatch, second) -> None:
    """The whole publish (data files, diff, database, page, card, verification) with and
    without the encoding: the same files. Fails if any reader mishandles an encoded column."""
    claims = write.encode_repeated(write.to_arrow("claims", sample_tables()["claims"]))
    assert any(pa.types.is_dictionary(f.type) for f in claims.schema)  # encoding happens
    dists = {}
    for label, encoded in (("plain", frozenset()), ("encoded", publish.ENCODED_TABLES)):
        monkeypatch.setattr(publish, "ENCODED_TABLES", encoded)
        dist = tmp_path / label
        result = publish_release(sample_tables(), dist, build_info())
        if second:  # a diff against a previous release, row by row
            result = publish_release(changed_value(sample_tables()), dist, build_info("run-2"))
        assert result.changed, result.message
        dists[label] = result.path
    assert compare(dists["plain"], dists["encoded"]) == []
    for name in ("diff.json", "CHANGELOG.md", "README.md", "hotspots.sqlite"):
        assert (dists["plain"] / name).read_bytes() == (dists["encoded"] / name).read_bytes()


@settings(max_examples=200, deadline=None)
@given(st.lists(ROW, max_size=40))
def test_a_frame_encoded_as_it_is_converted_gets_the_plain_order_and_values(rows) -> None:
    """`to_arrow(encode=True)` of a frame sorts by codes of a dictionary in value order: the same
    rows in the same order as the plain table, also where keys tie and later columns decide
    (the claim ids here repeat), and the same columns encoded as `encode_repeated` encodes."""
    df = frame(rows)
    df["claim_id"] = [r["claim_id"] for r in rows]  # repeats: ties broken by the other columns
    plain = write.to_arrow(TABLE, df)
    encoded = write.to_arrow(TABLE, df, encode=True)
    assert encoded.to_pylist() == plain.to_pylist()
    assert encoded.schema == write.encode_repeated(plain).schema
    assert write.parquet_bytes(encoded) == write.parquet_bytes(plain)
    assert write.csv_bytes(encoded) == write.csv_bytes(plain)
