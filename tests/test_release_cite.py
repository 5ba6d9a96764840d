"""Issue 20 items 1-2: predicate meanings shipped as data, facts_simple, facts' history."""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from release_fixtures import CLUSTER, DOC_A, DOC_B, build_info, h16, sample_tables

from hotspots.release import derive, publish_release, verify_release
from schemas.predicates import PREDICATE_KINDS, load_predicates, predicates


def _facts(release) -> pd.DataFrame:
    return pd.read_parquet(release / "data/facts.parquet").set_index("fact_id")


def _simple(release) -> pd.DataFrame:
    return pd.read_parquet(release / "data/facts_simple.parquet")


# --- meanings -----------------------------------------------------------------------------------


def test_every_published_predicate_says_what_it_means():
    vocab = predicates()
    for name, p in vocab.items():
        assert p.label and p.kind in PREDICATE_KINDS, name
    kinds = {name: p.kind for name, p in vocab.items()}
    # the three figures issue 20 found looking alike: a rank, a target and an actual count
    assert kinds["wipo_cluster_rank"] == "rank" and kinds["target"] == "target"
    assert kinds["count_unicorns"] == "actual" and kinds["clusters_in_top100_change"] == "change"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("  kind: guess\n", "kind 'guess' is not one of"),
        ("  colour: red\n", "unknown field(s) ['colour']"),
    ],
)
def test_the_vocabulary_loader_refuses_unknown_kinds_and_fields(tmp_path, extra, message):
    path = tmp_path / "predicates.yaml"
    path.write_text(
        "x:\n  description: d\n  value_type: number\n  unit: count\n  subject_types: [city]\n"
        + "  label: X\n"
        + extra,
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=re.escape(message)):
        load_predicates(path)


def test_a_published_predicate_without_label_is_refused_a_planned_one_is_not(tmp_path):
    path = tmp_path / "predicates.yaml"
    path.write_text(
        "x:\n  description: d\n  value_type: text\n  subject_types: [city]\n", encoding="utf-8"
    )
    assert load_predicates(path)["x"].label is None  # planned predicates (tests/gold) may
    with pytest.raises(ValueError, match="x has no label and no kind"):
        load_predicates(path, meanings=True)


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    dist = tmp_path_factory.mktemp("cite") / "dist"
    result = publish_release(sample_tables(), dist, build_info())
    assert result.version == "1.0.0"
    return result.path


def test_the_release_ships_the_predicate_dictionary(first):
    shipped = pd.read_parquet(first / "data/predicates.parquet")
    vocab = predicates()
    assert shipped["predicate"].tolist() == sorted(vocab)
    row = shipped.set_index("predicate").loc["target"]
    assert row["label"] == vocab["target"].label and row["kind"] == "target"
    assert row["caveats"] == vocab["target"].caveats and row["unit"] == "varies"
    located = shipped.set_index("predicate").loc["located_in"]
    assert located["object_types"].split(";") == list(vocab["located_in"].object_types)
    package = json.loads((first / "datapackage.json").read_text())
    fields = {
        (r["name"], f["name"]): f for r in package["resources"] for f in r["schema"]["fields"]
    }
    described = fields[("facts", "predicate")]["description"]
    assert "wipo_cluster_rank: WIPO cluster rank (rank)" in described
    assert "target: Stated target (target)" in described
    assert {
        "fields": ["predicate"],
        "reference": {"resource": "predicates", "fields": ["predicate"]},
    } in next(r["schema"]["foreignKeys"] for r in package["resources"] if r["name"] == "facts")
    card = (first / "README.md").read_text()
    assert "## What the predicates mean" in card
    assert f"| `target` | Stated target | target | varies | {vocab['target'].caveats} |" in card


# --- facts_simple ---------------------------------------------------------------------------------


def test_facts_simple_one_readable_row_per_fact(first):
    simple = _simple(first).set_index("fact_id")
    facts = _facts(first)
    assert sorted(simple.index) == sorted(facts.index)
    rank = simple.loc[h16("f-rank")]
    assert (rank["subject_name"], rank["subject_type"]) == (
        "Shenzhen–Hong Kong–Guangzhou",
        "cluster",
    )
    assert (rank["predicate_label"], rank["kind"], rank["object_or_value"]) == (
        "WIPO cluster rank",
        "rank",
        "rank 2",
    )
    # two claims in two documents; the dated one (WIPO, 2022-09) is the first source
    assert rank["n_sources"] == 2 and rank["source_publisher"] == "WIPO"
    assert rank["source_title"] == "Global Innovation Index 2022: clusters"
    assert rank["source_url"] == "https://example.org/gii-2022"
    assert rank["source_quote"] == "Shenzhen-Hong Kong-Guangzhou ranks 2nd"
    assert rank["claim_id"] == h16("c-rank")
    unicorns = simple.loc[h16("f-unicorns")]
    assert unicorns["object_or_value"] == "at least 23" and unicorns["kind"] == "actual"
    assert simple.loc[h16("f-change"), "object_or_value"] == "-2"
    assert simple.loc[h16("f-change"), "kind"] == "change"
    located = simple.loc[h16("f-located")]
    assert located["object_or_value"] == "Guangdong" and located["kind"] == "relation"
    assert math.isnan(located["value"]) and located["unit"] is None


def _evidence_frames():
    """A resolved fact (value 3) behind which an older source says 2 and a newer one 3."""
    entities = pd.DataFrame(
        [("city/x", "X", "city"), ("city/y", "Y", "city")], columns=["entity_id", "name", "type"]
    )
    documents = pd.DataFrame(
        [
            (DOC_A, "Old report", "Old", "https://a.example/", "2019"),
            (DOC_B, "New report", "New", "https://b.example/", "2023-01"),
        ],
        columns=["document_id", "title", "publisher", "url", "published"],
    )
    claims = pd.DataFrame(
        [
            (h16("old"), DOC_A, None, 2.0, "two", "X has two", 5),
            (h16("new"), DOC_B, None, 3.0, "three", "X has three", 9),
            (h16("grp"), DOC_B, None, 1.5e9, "1.5bn", "they spend 1.5bn", 30),
        ],
        columns=[
            "claim_id",
            "document_id",
            "object_id",
            "value",
            "value_text",
            "quote",
            "char_start",
        ],
    )
    facts = pd.DataFrame(
        [
            (h16("f1"), "city/x", "count_universities", None, 3.0, "three", "count", "eq", "2023",
             "resolved", f"{h16('old')};{h16('new')}", False),
            (h16("f2"), "city/y", "rd_spending", None, 1.5e9, "1.5bn", "CNY", "approx", None,
             "single_source", h16("grp"), True),
        ],
        columns=["fact_id", "subject_id", "predicate", "object_id", "value", "value_text", "unit",
                 "comparator", "as_of", "status", "claim_ids", "combined"],
    )  # fmt: skip
    return facts, entities, claims, documents


def test_the_first_source_states_the_facts_value_and_a_group_figure_says_combined():
    out = derive.facts_simple(*_evidence_frames()).set_index("fact_id")
    resolved = out.loc[h16("f1")]
    # the older document says 2: the source shown is the one stating the published value
    assert resolved["source_title"] == "New report" and resolved["source_quote"] == "X has three"
    assert resolved["n_sources"] == 2 and resolved["object_or_value"] == "3"
    group = out.loc[h16("f2")]
    assert group["kind"] == "combined" and group["object_or_value"] == "about 1.5 billion CNY"


def test_facts_simple_made_a_fact_at_a_time_in_batches_is_the_same_frame(monkeypatch):
    """facts_simple reads the facts a batch of rows at a time and keeps its output as columns:
    batches of one give the frame (values and dtypes) of one batch of every fact."""
    whole = derive.facts_simple(*_evidence_frames())
    monkeypatch.setattr(derive.write, "ROW_BATCH", 1)
    batched = derive.facts_simple(*_evidence_frames())
    pd.testing.assert_frame_equal(batched, whole)
    assert list(batched["fact_id"]) == sorted(batched["fact_id"]) and len(batched) == 2


@pytest.mark.parametrize(
    ("value", "unit", "comparator", "words"),
    [
        (90.0, "count", "gt", "more than 90"),
        (20.0, "percent", "approx", "about 20%"),
        (2.5, "percent_of_gdp", "eq", "2.5% of GDP"),
        (6e10, "USD", "eq", "60 billion USD"),
        (1250000.0, "count", "lte", "at most 1.25 million"),
        (12.5, "km2", None, "12.5 km²"),
    ],
)
def test_values_read_as_a_person_writes_them(value, unit, comparator, words):
    assert derive.value_phrase(value, unit, comparator) == words


# --- history ---------------------------------------------------------------------------------------


def _republish(dist, tables, run_id):
    return publish_release(tables, dist, build_info(run_id))


def test_first_seen_and_last_changed_follow_the_releases(tmp_path):
    dist = tmp_path / "dist"
    _republish(dist, sample_tables(), "run-1")
    tables = sample_tables()
    facts = tables["facts"]
    unicorns = facts["fact_id"] == h16("f-unicorns")
    facts.loc[unicorns, "value"] = 25.0  # the statement changes
    rank = facts["fact_id"] == h16("f-rank")
    facts.loc[rank, "rationale"] = "Two sources agree, reworded."  # only the evidence's words
    result = _republish(dist, tables, "run-2")
    assert result.version == "1.0.1"
    history = _facts(result.path)[["first_seen", "last_changed"]]
    assert tuple(history.loc[h16("f-unicorns")]) == ("1.0.0", "1.0.1")
    assert tuple(history.loc[h16("f-rank")]) == ("1.0.0", "1.0.0")
    assert tuple(history.loc[h16("f-located")]) == ("1.0.0", "1.0.0")
    # a third release adds a fact: it is first seen there; the others keep their history
    tables = sample_tables()
    tables["facts"] = tables["facts"].copy()
    tables["facts"].loc[tables["facts"]["fact_id"] == h16("f-unicorns"), "value"] = 25.0
    extra = tables["facts"][tables["facts"]["fact_id"] == h16("f-change")].copy()
    extra["fact_id"], extra["as_of"] = h16("f-change-2023"), "2023"
    tables["facts"] = pd.concat([tables["facts"], extra], ignore_index=True)
    third = _republish(dist, tables, "run-3")
    assert third.version == "1.1.0"
    history = _facts(third.path)[["first_seen", "last_changed"]]
    assert tuple(history.loc[h16("f-change-2023")]) == ("1.1.0", "1.1.0")
    assert tuple(history.loc[h16("f-unicorns")]) == ("1.0.0", "1.0.1")
    assert verify_release(third.path) == []
    # diff.json says the change with the version, never the placeholder publish used
    second = json.loads((result.path / "diff.json").read_text())
    [changed] = [
        c for c in second["tables"]["facts"]["changed"] if c["key"]["fact_id"] == h16("f-unicorns")
    ]
    assert changed["columns"]["last_changed"] == {"old": "1.0.0", "new": "1.0.1"}
    # nothing changed: no new version, history and all
    assert _republish(dist, tables, "run-4").changed is False


def _facts_table(rows):
    return pa.table(
        {
            "fact_id": [r[0] for r in rows],
            "value": [r[1] for r in rows],
            "status": ["single_source"] * len(rows),
        }
    )


def test_history_of_releases_made_before_the_columns_existed(tmp_path):
    # 1.0.0 and 1.1.0 were published without first_seen/last_changed (as the dist/ of the
    # repository was): the history is rebuilt from them, oldest first
    dist = tmp_path / "dist"
    releases = {
        "1.0.0": [("a", 1.0), ("b", 2.0)],
        "1.1.0": [("a", 1.0), ("b", 3.0), ("c", 4.0)],
    }
    for version, rows in releases.items():
        (dist / version / "data").mkdir(parents=True)
        pq.write_table(_facts_table(rows), dist / version / "data/facts.parquet")
    history = derive.previous_history(dist, list(releases))
    got = dict(
        zip(
            history["fact_id"].to_pylist(),
            zip(
                history["first_seen"].to_pylist(), history["last_changed"].to_pylist(), strict=True
            ),
            strict=True,
        )
    )
    assert got == {"a": ("1.0.0", "1.0.0"), "b": ("1.0.0", "1.1.0"), "c": ("1.1.0", "1.1.0")}
    # a newer release that carries the columns is read alone: older ones are not opened
    carried = derive.add_history(_facts_table([("a", 9.0)]), history, "1.2.0")
    (dist / "1.2.0" / "data").mkdir(parents=True)
    pq.write_table(carried, dist / "1.2.0" / "data/facts.parquet")
    (dist / "1.0.0" / "data/facts.parquet").unlink()
    again = derive.previous_history(dist, ["1.0.0", "1.1.0", "1.2.0"])
    assert again.to_pylist() == [
        {
            "fact_id": "a",
            "value": 9.0,
            "status": "single_source",
            "first_seen": "1.0.0",
            "last_changed": "1.2.0",
        }
    ]


def test_a_release_whose_facts_file_is_missing_stops_the_history_with_a_clear_error(tmp_path):
    (tmp_path / "1.0.0").mkdir()
    with pytest.raises(Exception, match=r"facts\.parquet is missing"):
        derive.previous_history(tmp_path, ["1.0.0"])


def test_pipeline_tables_keep_their_bytes_and_facts_only_gain_two_columns(first):
    """Published bytes of the tables that existed before issue 20 are those the pipeline's
    tables give alone (the seeds' raw/ build was compared the same way, see the report)."""
    from hotspots.release import write
    from hotspots.release.contract import pipeline_columns, pipeline_table_names

    tables = sample_tables()
    for name in pipeline_table_names():
        alone = write.to_arrow(name, tables[name], pipeline_columns(name))
        published = pq.read_table(first / f"data/{name}.parquet")
        if name == "facts":
            assert published.column_names[-2:] == ["first_seen", "last_changed"]
            assert published.drop_columns(["first_seen", "last_changed"]).equals(alone)
            continue
        assert (first / f"data/{name}.parquet").read_bytes() == write.parquet_bytes(alone), name
        assert (first / f"data/{name}.csv").read_bytes() == write.csv_bytes(alone), name


@pytest.mark.slow
def test_seed_build_tables_keep_their_bytes(seed_tables, tmp_path):
    from hotspots.release import write
    from hotspots.release.contract import pipeline_columns, pipeline_table_names

    release = publish_release(seed_tables, tmp_path / "dist", build_info()).path
    for name in pipeline_table_names():
        alone = write.to_arrow(name, seed_tables[name], pipeline_columns(name))
        if name == "facts":
            published = pq.read_table(release / "data/facts.parquet")
            assert published.drop_columns(["first_seen", "last_changed"]).equals(alone)
        else:
            assert (release / f"data/{name}.parquet").read_bytes() == write.parquet_bytes(alone)
    simple = pd.read_parquet(release / "data/facts_simple.parquet")
    assert len(simple) == len(seed_tables["facts"]) and (simple["n_sources"] >= 1).all()
    assert CLUSTER in set(simple["subject_id"])
