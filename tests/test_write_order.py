"""Row order of a published table: `write.to_arrow` sorts in Arrow; the result must be the order
pandas' stable sort gives (key, then every other column, nulls last), the order releases were
published in before, for any rows, so that no rebuild reorders a file."""

from __future__ import annotations

import math

import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from hotspots.release import write
from hotspots.release.contract import sort_key, table_columns

TABLE = "claims"  # strings, nullable strings, floats with nulls, integers
# Few distinct values, so that keys tie and later columns decide; unicode beyond ASCII and BMP.
TEXT = st.sampled_from(["", "a", "B", "b", "é", "z", "中", "😀", "a b", "-1", "ſ"])
NUMBER = st.one_of(st.none(), st.just(math.nan), st.sampled_from([-2.5, -0.0, 0.0, 1.0, 1e9, 3.25]))


def column_values(kind: str, nullable: bool) -> st.SearchStrategy:
    if kind == "number":
        return NUMBER
    if kind == "integer":
        return st.integers(min_value=-3, max_value=3)
    if kind == "boolean":
        return st.booleans()
    return st.one_of(st.none(), TEXT) if nullable else TEXT


ROW = st.fixed_dictionaries(
    {c.name: column_values(c.kind, c.nullable) for c in table_columns(TABLE)}
)


def pandas_order(df: pd.DataFrame) -> pa.Table:
    names = [c.name for c in table_columns(TABLE)]
    keys = sort_key(TABLE)
    order = keys + [n for n in names if n not in keys]
    ordered = df.sort_values(order, kind="mergesort", na_position="last").reset_index(drop=True)
    return pa.Table.from_pandas(ordered, schema=write.arrow_schema(TABLE), preserve_index=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(ROW, max_size=30))
def test_arrow_sort_gives_the_pandas_order(rows: list[dict]) -> None:
    names = [c.name for c in table_columns(TABLE)]
    df = pd.DataFrame(rows, columns=names).astype({"char_start": "int64", "char_end": "int64"})
    df["value"] = df["value"].astype("float64")
    published = write.to_arrow(TABLE, df)
    expected = pandas_order(df).replace_schema_metadata(None)
    assert published.to_pylist() == expected.to_pylist()
    assert write.parquet_bytes(published) == write.parquet_bytes(expected)
