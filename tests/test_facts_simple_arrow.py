"""facts_simple's first source of each fact, chosen in Arrow (derive.first_sources) instead of by
pandas merges of every claim: the same source and the same number of documents as the pandas
code it replaced (kept here as the reference), on random facts, claims and documents. The ids
come in random row orders and some sort differently as text than as numbers ("f10" < "f2"):
first_sources sorts the ids as their ranks, which must order and tie as the strings do."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from hotspots.release import derive

CLAIM_IDS = [f"c{i}" for i in (0, 1, 2, 10, 11, 3, 20, 4)]
DOC_IDS = ["d0", "d1", "d10", "d2"]
FACT_IDS = [f"f{i}" for i in (3, 10, 0, 21, 2, 1)]


def _reference(facts, claims, documents) -> tuple[dict, dict]:
    """Stop 22's pandas code (derive.facts_simple before the change), as it chose the source."""
    links = facts[["fact_id", "claim_ids"]].assign(claim_id=facts["claim_ids"].str.split(";"))
    links = links.explode("claim_id")[["fact_id", "claim_id"]]
    evidence = links.merge(
        claims[["claim_id", "document_id", "object_id", "value", "value_text", "char_start"]],
        on="claim_id",
        how="inner",
    ).merge(
        documents[["document_id", "title", "publisher", "url", "published"]],
        on="document_id",
        how="inner",
    )
    fact_values = facts[["fact_id", "object_id", "value", "value_text"]].rename(
        columns={c: f"{c}_fact" for c in ("object_id", "value", "value_text")}
    )
    evidence = evidence.merge(fact_values, on="fact_id", how="left")
    same_object = evidence["object_id"].notna() & (
        evidence["object_id"] == evidence["object_id_fact"]
    )
    same_value = evidence["value"].notna() & (evidence["value"] == evidence["value_fact"])
    same_text = (
        evidence["value"].isna()
        & evidence["object_id"].isna()
        & (evidence["value_text"] == evidence["value_text_fact"])
    )
    evidence["supports"] = (same_object | same_value | same_text).fillna(False).astype(bool)
    evidence["undated"] = evidence["published"].isna()
    evidence = evidence.sort_values(
        ["fact_id", "supports", "undated", "published", "document_id", "char_start", "claim_id"],
        ascending=[True, False, True, True, True, True, True],
        kind="mergesort",
    )
    first = (
        evidence.drop_duplicates("fact_id", keep="first")
        .set_index("fact_id")[["title", "publisher", "url", "claim_id"]]
        .to_dict("index")
    )
    n_sources = evidence.groupby("fact_id")["document_id"].nunique().to_dict()
    return first, n_sources


_small = st.sampled_from(["a", "b", "c"])
_claims = st.lists(
    st.tuples(
        st.sampled_from([*DOC_IDS, "d-missing"]),
        st.none() | _small,
        st.none() | st.sampled_from([1.0, 2.0, 2.5]),
        st.none() | _small,
        st.integers(0, 3),
    ),
    min_size=len(CLAIM_IDS),
    max_size=len(CLAIM_IDS),
)
_documents = st.lists(
    st.tuples(st.none() | st.sampled_from(["2019", "2020-05", "2021"]), _small),
    min_size=len(DOC_IDS),
    max_size=len(DOC_IDS),
)
_facts = st.lists(
    st.tuples(
        st.lists(st.sampled_from([*CLAIM_IDS, "c-missing"]), min_size=1, max_size=4),
        st.none() | _small,
        st.none() | st.sampled_from([1.0, 2.0, 2.5]),
        st.none() | _small,
    ),
    max_size=6,
)


def _frames(facts, claims, documents, order):
    facts = pd.DataFrame(
        [(f, ";".join(ids), o, v, t) for f, (ids, o, v, t) in zip(FACT_IDS, facts, strict=False)],
        columns=["fact_id", "claim_ids", "object_id", "value", "value_text"],
    )
    claims = pd.DataFrame(
        [(c, *row) for c, row in zip(CLAIM_IDS, claims, strict=True)],
        columns=["claim_id", "document_id", "object_id", "value", "value_text", "char_start"],
    )
    documents = pd.DataFrame(
        [
            (d, f"title {d}", publisher, f"https://{d}.example/", published)
            for d, (published, publisher) in zip(DOC_IDS, documents, strict=True)
        ],
        columns=["document_id", "title", "publisher", "url", "published"],
    )
    # rows in a random order: positions must not stand for the ids' order
    facts, claims, documents = (
        frame.sample(frac=1, random_state=order).reset_index(drop=True)
        for frame in (facts, claims, documents)
    )
    return facts, claims, documents


@settings(max_examples=300, deadline=None)
@given(_facts, _claims, _documents, st.integers(0, 2**16))
def test_first_sources_are_those_of_the_pandas_merges(facts, claims, documents, order):
    facts, claims, documents = _frames(facts, claims, documents, order)
    expected = _reference(facts, claims, documents)
    assert derive.first_sources(facts, claims, documents) == expected
    # and from Arrow tables, as publish and diff pass them
    as_arrow = [pa.Table.from_pandas(f, preserve_index=False) for f in (claims, documents)]
    assert derive.first_sources(facts, *as_arrow) == expected
