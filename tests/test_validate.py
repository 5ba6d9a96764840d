from __future__ import annotations

from hotspots.validate import validate_tables


def test_seed_tables_validate(seed_tables):
    report = validate_tables(seed_tables)
    assert report.ok, report.failures
    assert report.rows["claims"] > 0 and report.rows["facts"] > 0


def test_bad_enum_and_broken_span_are_caught(seed_tables):
    tables = {k: v.copy() for k, v in seed_tables.items()}
    tables["facts"].loc[tables["facts"].index[0], "status"] = "probably"
    tables["claims"].loc[tables["claims"].index[0], "char_end"] += 1
    report = validate_tables(tables)
    assert not report.ok
    text = "\n".join(report.failures)
    assert "facts.status" in text and "isin" in text
    assert "span_matches_quote_length" in text


def test_foreign_keys_are_checked(seed_tables):
    tables = {k: v.copy() for k, v in seed_tables.items()}
    tables["claims"].loc[tables["claims"].index[0], "subject_id"] = "city/atlantis"
    report = validate_tables(tables)
    assert any("claims.subject_id" in f and "city/atlantis" in f for f in report.failures)


def test_extra_column_and_missing_table_fail(seed_tables):
    tables = {k: v.copy() for k, v in seed_tables.items()}
    tables["entities"]["secret"] = 1
    del tables["conflicts"]
    report = validate_tables(tables)
    assert "conflicts: table missing" in report.failures
    assert any(f.startswith("entities.") for f in report.failures)


def test_a_claim_id_missing_from_the_claims_is_caught_in_arrow_and_object_columns(seed_tables):
    from hotspots.stages.tables import ARROW_STRING

    failures = {}
    for dtype in (ARROW_STRING, object):
        tables = {k: v.copy() for k, v in seed_tables.items()}
        tables["claims"] = tables["claims"].astype({"claim_id": dtype})
        first = tables["facts"].index[0]
        gone = tables["facts"].at[first, "claim_ids"].split(";")[0]
        tables["claims"] = tables["claims"][tables["claims"]["claim_id"] != gone]
        failures[str(dtype)] = [f for f in validate_tables(tables).failures if "claim_ids" in f]
        assert any(
            f.startswith("facts.claim_ids: 1 id(s)") and gone in f for f in failures[str(dtype)]
        )
    assert failures[str(ARROW_STRING)] == failures[str(object)]


def test_lists_of_python_strings_against_arrow_ids_give_the_python_sets_answer():
    # facts.claim_ids is an object column and claims.claim_id Arrow strings in the build: the
    # lists are split and looked up in Arrow (`_lists_as_arrow`), with the answer of the Python
    # sets (distinct missing ids, sorted; nulls and empty cells as before); a column holding
    # anything but strings is still compared as Python values.
    import pandas as pd
    import pyarrow as pa
    import pytest

    from hotspots.stages.tables import ARROW_STRING
    from hotspots.validate import not_in

    known = pd.Series(["c1", "c2", "c3"], dtype=ARROW_STRING)
    lists = pd.Series(["c2;zz;c1", None, "c3", "aa;zz", ""], dtype=object)
    expected = sorted({i for cell in lists.dropna() for i in cell.split(";")} - set(known))
    assert expected == ["", "aa", "zz"]
    assert not_in(lists, known, many=True) == expected
    assert not_in(lists, pa.chunked_array([pa.array(["c1", "c2", "c3"])]), many=True) == expected
    assert not_in(pd.Series([None, "c1;c2"], dtype=object), known, many=True) == []
    with pytest.raises(AttributeError):  # 7 has no .split: the Python path, as before
        not_in(pd.Series(["c1;q", 7], dtype=object), known, many=True)
