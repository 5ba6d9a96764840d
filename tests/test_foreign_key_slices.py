"""`validate.not_in` looks Arrow values up in the referenced column a slice at a time (a hash
table of a slice, not of every claim id): the values it reports missing must be those a lookup
in the whole column reports, whatever the slice size, the repeats, the nulls and the lists."""

from __future__ import annotations

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from hotspots import validate

_id = st.sampled_from([f"c{i}" for i in range(12)])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.none() | _id, max_size=30),
    st.lists(st.none() | _id, max_size=15),
    st.integers(1, 5),
    st.booleans(),
)
def test_values_missing_from_the_referenced_column_in_slices(values, ref, size, many):
    if many:  # ';'-separated lists, as facts.claim_ids
        values = [None if v is None else f"{v};c{len(v)}" for v in values]
    expected_ids = {i for v in values if v is not None for i in (v.split(";") if many else [v])}
    expected = sorted(expected_ids - {r for r in ref if r is not None})
    saved = validate.REF_SLICE
    validate.REF_SLICE = size
    try:
        got = validate.not_in(
            pa.chunked_array([values], pa.string()), pa.array(ref, pa.string()), many=many
        )
    finally:
        validate.REF_SLICE = saved
    assert got == expected
