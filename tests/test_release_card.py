"""The dataset card's text (README.md of a release) is an input of a release: a change of the card
alone publishes a patch whose data files are the previous version's, and a rebuild with nothing
changed still publishes nothing."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from release_fixtures import build_info, sample_tables
from test_release_extractor_only import new_extractor

from hotspots.release import card, list_versions, publish_release, verify_release
from hotspots.release.publish import EXTRACTOR_ONLY
from hotspots.release.publish_data import data_sums

MENDED = "A limitation the card gained after the first release."


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    assert publish_release(sample_tables(), dist, build_info()).version == "1.0.0"
    return dist


@pytest.fixture
def mended_card(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(card, "LIMITATIONS", [*card.LIMITATIONS, MENDED])


def test_nothing_changed_publishes_nothing(dist):
    result = publish_release(sample_tables(), dist, build_info("run-2"))
    assert not result.changed and result.message.startswith("no change since 1.0.0")
    assert [e["version"] for e in list_versions(dist)] == ["1.0.0"]


def test_a_card_change_alone_is_a_patch_with_the_same_data_files(dist, mended_card):
    result = publish_release(sample_tables(), dist, build_info("run-2"))

    assert result.changed and (result.version, result.bump) == ("1.0.1", "patch")
    assert result.diff["reasons"] == ["dataset card changed, data unchanged"]
    assert "dataset card changed, data unchanged" in result.message
    assert data_sums(dist / "1.0.1") == data_sums(dist / "1.0.0")
    assert MENDED in (dist / "1.0.1" / "README.md").read_text(encoding="utf-8")
    assert MENDED not in (dist / "1.0.0" / "README.md").read_text(encoding="utf-8")
    section = (dist / "1.0.1" / "CHANGELOG.md").read_text(encoding="utf-8").split("\n## ")[1]
    assert "Why patch: dataset card changed, data unchanged." in section
    assert "No fact changed" in section and "re-encoded" not in section
    assert verify_release(dist / "1.0.1") == []
    again = publish_release(sample_tables(), dist, build_info("run-3"))
    assert not again.changed and again.message.startswith("no change since 1.0.1")


def test_a_card_change_is_published_beside_an_extractor_only_change(dist, mended_card):
    # without the card change this rebuild publishes nothing (test_release_extractor_only)
    result = publish_release(new_extractor(sample_tables()), dist, build_info("run-2"))
    assert result.changed and result.skipped is None
    assert (result.version, result.bump) == ("1.0.1", "patch")
    assert result.diff["reasons"][0] == "dataset card changed"


def test_without_a_card_change_an_extractor_only_change_is_still_skipped(dist):
    result = publish_release(new_extractor(sample_tables()), dist, build_info("run-2"))
    assert not result.changed and result.skipped == EXTRACTOR_ONLY


def test_the_card_text_is_an_input_of_the_build_fingerprint():
    # the fingerprint's code part hashes every file of the hotspots package, card.py among them,
    # so a changed card text is not skipped as "no change" before the build reaches publish
    from hotspots.ops.fingerprint import CODE_PACKAGES

    assert "hotspots" in CODE_PACKAGES
    roots = importlib.util.find_spec("hotspots").submodule_search_locations
    assert any(Path(card.__file__).resolve().is_relative_to(Path(r).resolve()) for r in roots)
