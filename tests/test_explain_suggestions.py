"""`hotspots explain` with an id that is almost right (issue #20, item 9): a unique prefix is
taken, an ambiguous one lists what it starts, a typo gets the nearest ids as suggestions."""

from __future__ import annotations

import pytest
from release_fixtures import build_info
from typer.testing import CliRunner

from hotspots.cli import app
from hotspots.explain import NotFound, explain_lines, find_release, load_release
from hotspots.release import publish_release


@pytest.fixture(scope="module")
def dist(tmp_path_factory, seed_tables):
    dist = tmp_path_factory.mktemp("dist")
    publish_release(seed_tables, dist, build_info("explain-suggest"))
    return dist


@pytest.fixture(scope="module")
def release(dist) -> dict:
    return load_release(find_release(dist))


def test_a_unique_prefix_is_the_id(release, seed_tables):
    assert explain_lines(release, "city/beij")[0].startswith("entity city/beijing:")
    facts = seed_tables["facts"]["fact_id"]
    fact = facts.iloc[0]
    prefix = next(fact[:n] for n in range(4, 17) if (facts.str.startswith(fact[:n])).sum() == 1)
    assert explain_lines(release, prefix) == explain_lines(release, fact)


def test_an_ambiguous_prefix_lists_the_ids_it_starts(release):
    with pytest.raises(NotFound, match=r"'city/' is the start of \d+ ids: city/beijing"):
        explain_lines(release, "city/")


def test_a_typo_gets_the_nearest_ids(release):
    with pytest.raises(NotFound, match=r"did you mean: city/beijing\?"):
        explain_lines(release, "city/beijng")
    with pytest.raises(NotFound, match=r"did you mean: .*city/shenzhen"):
        explain_lines(release, "Shenzen")  # a misspelt name: its entities' ids
    with pytest.raises(NotFound) as nothing:
        explain_lines(release, "qqqqqqqq")
    assert "did you mean" not in str(nothing.value)


def test_the_command_prints_the_suggestion(dist):
    result = CliRunner().invoke(app, ["explain", "city/beijng", "--dist", str(dist)])
    assert result.exit_code == 1 and "did you mean: city/beijing?" in result.output
