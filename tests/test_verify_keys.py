"""The one foreign-key check (`hotspots.validate.check_foreign_keys`), which the build's validate
stage, the publisher's verification and `hotspots verify` all call, against a plain oracle written
here with Python sets: on random sets of key tables given as Arrow tables, as pandas frames of
object columns or of Arrow strings (the extract stage's ARROW_STRING, or pd.ArrowDtype), or mixed;
with unknown ids, nulls, empty strings, ';' lists with empty parts, several chunks, large
strings, empty and absent tables."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotspots.release import write
from hotspots.stages.tables import ARROW_STRING
from hotspots.validate import check_foreign_keys, foreign_key_columns
from schemas import FOREIGN_KEYS, LIST_FOREIGN_KEYS

POOL = [f"id/{i}" for i in range(8)] + ["", "Id/1", "id/1 ", "é/1"]
KINDS = ("arrow", "object", "arrow_strings", "arrow_dtype")


def _names() -> list[str]:
    names = set()
    for keys in (FOREIGN_KEYS, LIST_FOREIGN_KEYS):
        for name, columns in keys.items():
            names.add(name)
            names.update(ref for _, ref, _ in columns)
    return sorted(names)


def _is_list(name: str, column: str) -> bool:
    return any(c == column for c, _, _ in LIST_FOREIGN_KEYS.get(name, []))


def oracle(tables: dict[str, dict[str, list]]) -> list[str]:
    """The failures the check must give, from the same cells as Python lists."""
    failures = []
    for many, foreign_keys in ((False, FOREIGN_KEYS), (True, LIST_FOREIGN_KEYS)):
        for name, keys in foreign_keys.items():
            for column, ref_table, ref_column in keys:
                if name not in tables or ref_table not in tables or column not in tables[name]:
                    continue
                cells = [c for c in tables[name][column] if c is not None]
                ids = {i for c in cells for i in c.split(";")} if many else set(cells)
                missing = sorted(ids - set(tables[ref_table][ref_column]))
                if missing:
                    what = "id(s)" if many else "value(s)"
                    failures.append(
                        f"{name}.{column}: {len(missing)} {what} not in "
                        f"{ref_table}.{ref_column}, e.g. {missing[:3]}"
                    )
    return failures


@st.composite
def key_tables(draw) -> dict[str, dict[str, list]]:
    """Cells of the key columns of every table that has keys (some tables left out)."""
    tables = {}
    for name in _names():
        if draw(st.booleans()) and draw(st.booleans()):  # a quarter of the tables absent
            continue
        rows = draw(st.integers(0, 12))
        columns = {}
        for column in foreign_key_columns(name):
            plain = st.sampled_from(POOL)
            cell = (
                st.lists(plain, min_size=1, max_size=4).map(";".join)
                if _is_list(name, column)
                else plain
            )
            columns[column] = draw(st.lists(st.none() | cell, min_size=rows, max_size=rows))
        tables[name] = columns
    return tables


def as_kind(columns: dict[str, list], kind: str, draw) -> pd.DataFrame | pa.Table:
    if kind == "arrow":
        arrays = {}
        for column, cells in columns.items():
            type_ = draw(st.sampled_from([pa.string(), pa.large_string()]))
            cut = draw(st.integers(0, len(cells)))
            arrays[column] = pa.chunked_array(
                [pa.array(cells[:cut], type_), pa.array(cells[cut:], type_)], type_
            )
        return pa.table(arrays) if arrays else pa.table({})
    frame = pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in columns.items()})
    if kind == "arrow_strings":
        frame = frame.astype(ARROW_STRING)
    elif kind == "arrow_dtype":
        frame = frame.astype(pd.ArrowDtype(pa.large_string()))
    return frame


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=key_tables(), data=st.data())
def test_the_check_says_what_the_oracle_says_on_any_kind_of_table(cells, data):
    mixed = data.draw(st.booleans())
    one = data.draw(st.sampled_from(KINDS))
    tables = {
        name: as_kind(columns, data.draw(st.sampled_from(KINDS)) if mixed else one, data.draw)
        for name, columns in cells.items()
    }

    assert check_foreign_keys(tables) == oracle(cells)


def test_random_tables_do_break_keys_of_both_kinds():
    # the comparison above is not vacuous: the tables it draws break plain and list keys
    kinds = {"value(s)": 0, "id(s)": 0}

    @settings(max_examples=100, deadline=None, database=None)
    @given(cells=key_tables())
    def count(cells):
        for failure in oracle(cells):
            kinds["id(s)" if " id(s) " in failure else "value(s)"] += 1

    count()
    assert kinds["value(s)"] > 100 and kinds["id(s)"] > 20


def test_a_key_of_another_type_is_checked_as_pandas_checks_it():
    tables = {
        "entities": pa.table({"entity_id": ["a", "b"], "parent_id": [None, "a"]}),
        "facts": pa.table({"fact_id": ["f1", "f2"], "subject_id": ["a", "b"]}),
        "cluster_rankings": pa.table({"cluster_id": ["a", "c"], "fact_id": [1, 2]}),
    }

    failures = check_foreign_keys(tables)

    assert failures == check_foreign_keys({n: write.to_frame(t) for n, t in tables.items()})
    assert failures == [
        "cluster_rankings.cluster_id: 1 value(s) not in entities.entity_id, e.g. ['c']",
        "cluster_rankings.fact_id: 2 value(s) not in facts.fact_id, e.g. [np.int64(1), np.int64(2)]",
    ]


def test_the_publishers_verification_reports_a_broken_key_as_hotspots_verify_does(tmp_path):
    from release_fixtures import build_info, sample_tables

    from hotspots.release import contract, publish_release, verify_release

    release = publish_release(sample_tables(), tmp_path / "dist", build_info()).path
    written = {p.stem: write.read_parquet(p) for p in sorted((release / "data").glob("*.parquet"))}
    assert verify_release(release, written=written) == []
    mentions = written["mentions"]
    at = mentions.schema.get_field_index("entity_id")
    ids = mentions["entity_id"].to_pylist()
    ids[0] = "city/atlantis"
    written["mentions"] = mentions.set_column(at, "entity_id", pa.array(ids, pa.string()))
    expected = [
        "data/mentions.parquet: mentions.entity_id: 1 value(s) not in entities.entity_id, "
        "e.g. ['city/atlantis']"
    ]

    for validated in ((), contract.pipeline_table_names()):
        assert verify_release(release, written=written, validated=validated) == expected
    # the same tables, some of them not given as written (read back from their files instead)
    del written["entities"], written["documents"]
    assert verify_release(release, written=written) == expected
