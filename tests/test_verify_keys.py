"""verify's foreign-key check in Arrow (`verify.check_foreign_keys_arrow`) says exactly what
`hotspots.validate.check_foreign_keys` says on the same tables as pandas: same failures, same
order, same counts and examples, on random key columns with unknown ids, nulls, empty strings,
';' lists with empty parts, several chunks and large strings."""

from __future__ import annotations

import random

import pyarrow as pa
import pytest

from hotspots.release import write
from hotspots.release.verify import check_foreign_keys_arrow
from hotspots.validate import check_foreign_keys, foreign_key_columns
from schemas import FOREIGN_KEYS, LIST_FOREIGN_KEYS


def _names() -> list[str]:
    names = set()
    for keys in (FOREIGN_KEYS, LIST_FOREIGN_KEYS):
        for name, columns in keys.items():
            names.add(name)
            names.update(ref for _, ref, _ in columns)
    return sorted(names)


def _random_tables(rng: random.Random) -> dict[str, pa.Table]:
    pool = [f"id/{i}" for i in range(12)] + ["", "Id/1", "id/1 "]
    tables = {}
    for name in _names():
        rows = rng.randint(0, 25)
        columns = {}
        for column in foreign_key_columns(name):
            many = any(c == column for c, _, _ in LIST_FOREIGN_KEYS.get(name, []))
            cells = []
            for _ in range(rows):
                if rng.random() < 0.15:
                    cells.append(None)
                elif many:
                    cells.append(";".join(rng.choices(pool, k=rng.randint(1, 4))))
                else:
                    cells.append(rng.choice(pool))
            type_ = pa.large_string() if rng.random() < 0.2 else pa.string()
            cut = rng.randint(0, rows)
            columns[column] = pa.chunked_array(
                [pa.array(cells[:cut], type_), pa.array(cells[cut:], type_)]
            )
        tables[name] = pa.table(columns)
    if rng.random() < 0.3:  # a table the check has not got
        del tables[rng.choice(sorted(tables))]
    return tables


@pytest.mark.parametrize("seed", range(60))
def test_arrow_check_says_what_the_pandas_check_says(seed):
    tables = _random_tables(random.Random(seed))

    expected = check_foreign_keys({n: write.to_frame(t) for n, t in tables.items()})

    assert check_foreign_keys_arrow(tables) == expected


def test_random_tables_do_break_keys_of_both_kinds():
    # the comparison above is not vacuous: most seeds break plain and list keys, with examples
    kinds = {"value(s)": 0, "id(s)": 0}
    for seed in range(60):
        for failure in check_foreign_keys_arrow(_random_tables(random.Random(seed))):
            kinds["id(s)" if " id(s) " in failure else "value(s)"] += 1
    assert kinds["value(s)"] > 60 and kinds["id(s)"] > 20


def test_a_key_of_another_type_is_checked_as_pandas_checks_it():
    tables = {
        "entities": pa.table({"entity_id": ["a", "b"], "parent_id": [None, "a"]}),
        "facts": pa.table({"fact_id": ["f1", "f2"], "subject_id": ["a", "b"]}),
        "cluster_rankings": pa.table({"cluster_id": ["a", "c"], "fact_id": [1, 2]}),
    }

    failures = check_foreign_keys_arrow(tables)

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

    for validated in ((), contract.pipeline_table_names()):
        assert verify_release(release, written=written, validated=validated) == [
            "data/mentions.parquet: mentions.entity_id: 1 value(s) not in entities.entity_id, "
            "e.g. ['city/atlantis']"
        ]
