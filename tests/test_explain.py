"""`hotspots explain`: every claim behind an entity, fact or claim of a published release, with
its quote, source document (title, url), rule and rationale."""

from __future__ import annotations

from pathlib import Path

import pytest
from release_fixtures import build_info
from typer.testing import CliRunner

from hotspots.cli import app
from hotspots.explain import NotFound, explain_lines, find_release, load_release
from hotspots.release import publish_release

CLUSTER = "cluster/shenzhen-hong-kong-guangzhou"


@pytest.fixture(scope="module")
def dist(tmp_path_factory, seed_tables) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    result = publish_release(seed_tables, dist, build_info("explain-test"))
    assert result.changed
    return dist


@pytest.fixture(scope="module")
def release(dist) -> dict:
    return load_release(find_release(dist))


def test_explain_a_fact_prints_its_claims_with_quotes_and_sources(release, seed_tables):
    facts = seed_tables["facts"]
    fact = facts[
        (facts["subject_id"] == CLUSTER) & (facts["predicate"] == "wipo_cluster_rank")
    ].iloc[0]
    text = "\n".join(explain_lines(release, fact["fact_id"]))
    assert f"fact {fact['fact_id']}" in text
    assert f"rule: {fact['rule']}" in text and fact["rationale"] in text
    claims = seed_tables["claims"].set_index("claim_id")
    documents = seed_tables["documents"].set_index("document_id")
    for claim_id in fact["claim_ids"].split(";"):
        claim = claims.loc[claim_id]
        assert f"claim {claim_id}" in text
        assert claim["quote"] in text
        assert documents.loc[claim["document_id"], "title"] in text
        assert documents.loc[claim["document_id"], "url"] in text


def test_explain_an_entity_shows_aliases_links_facts_and_the_name_conflict(release):
    text = "\n".join(explain_lines(release, CLUSTER))
    assert text.startswith(f"entity {CLUSTER}: Shenzhen–Hong Kong–Guangzhou (cluster")
    assert "“Shenzhen-Hong Kong-Guangdong” (misnomer)" in text
    assert "members: " in text and "city/shenzhen" in text
    assert "wipo_cluster_rank" in text and "quote: “" in text
    assert "(name)" in text and "misnomer_alias" in text
    assert "The Shenzhen-Hong Kong-Guangdong cluster keeps its second-place ranking" in text


def test_explain_a_claim_names_the_facts_it_supports(release, seed_tables):
    claim = seed_tables["claims"].iloc[0]
    text = "\n".join(explain_lines(release, claim["claim_id"]))
    assert claim["quote"] in text
    assert "in fact " in text and "rationale: " in text


def test_explain_by_name(release):
    assert explain_lines(release, "Greater Bay Area")[0].startswith("entity region/")
    with pytest.raises(NotFound, match="several entities"):
        explain_lines(release, "Beijing")  # the city and the WIPO cluster
    with pytest.raises(NotFound):
        explain_lines(release, "no-such-id")


def test_explain_command(dist, seed_tables):
    runner = CliRunner()
    fact_id = seed_tables["facts"]["fact_id"].iloc[0]
    result = runner.invoke(app, ["explain", fact_id, "--dist", str(dist)])
    assert result.exit_code == 0, result.output
    assert f"fact {fact_id}" in result.output and "quote: “" in result.output
    version_dir = next(p for p in dist.iterdir() if p.is_dir() and p.name[0].isdigit())
    result = runner.invoke(app, ["explain", CLUSTER, "--release", str(version_dir)])
    assert result.exit_code == 0 and "misnomer" in result.output
    result = runner.invoke(app, ["explain", "nothing/here", "--dist", str(dist)])
    assert result.exit_code == 1
    result = runner.invoke(app, ["explain", CLUSTER, "--dist", str(dist / "empty")])
    assert result.exit_code == 1
