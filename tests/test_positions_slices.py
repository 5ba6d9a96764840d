"""`page_arrow.positions` hashes the ids a slice at a time (the claims' ids at 20,000 documents
were ~45 MiB of hash table at once): every value's place must be its first place in the whole
column, as one `index_in` gives, whatever the slice size, repeats and nulls."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from hotspots.release import page_arrow

_id = st.none() | st.sampled_from([f"c{i}" for i in range(10)])


@settings(max_examples=300, deadline=None)
@given(st.lists(_id, max_size=25), st.lists(_id, max_size=15), st.integers(1, 6), st.booleans())
def test_positions_in_slices_are_those_of_one_lookup(values, ids, size, chunked):
    values = pa.array(values, pa.string())
    ids = pa.chunked_array([ids], pa.string()) if chunked else pa.array(ids, pa.string())
    expected = pc.index_in(values, value_set=ids).to_pylist()
    saved = page_arrow.ID_SLICE
    page_arrow.ID_SLICE = size
    try:
        got = page_arrow.positions(values, ids)
    finally:
        page_arrow.ID_SLICE = saved
    assert got.to_pylist() == expected
