"""The build's one definition (hotspots.pipeline) without Prefect: rule statistics in the run
report, and the provenance a release records (commit, clean tree)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from hotspots import pipeline as p
from hotspots.ops import report as rep
from hotspots.ops.provenance import source_state
from hotspots.ops.summary import summary_lines
from hotspots.options import BuildOptions
from tests.conftest import REFERENCE, write_doc

RANKS = "The top clusters in 2023:\n1. Tokyo-Yokohama (Japan)\n2. Shenzhen-Hong Kong-Guangzhou (China)\n"
COUNTS = "Hefei is home to more than 20 universities.\nShenzhen has 7 unicorns.\n"


# --- rule statistics ------------------------------------------------------------------------------
def test_rule_statistics_count_claims_per_rule_and_list_the_rules_that_never_fired():
    stats = rep.rule_statistics(
        {"home_to": 3, "count_unicorns": 1, "old_rule": 2},
        ["home_to", "count_unicorns", "rank_in_sentence", "area"],
        "hotspots.extract.engine.registered_rules",
    )
    assert stats["fired"] == {"count_unicorns": 1, "home_to": 3, "old_rule": 2}
    assert stats["claims"] == 6 and stats["registered"] == 4
    assert stats["never_fired"] == ["area", "rank_in_sentence"]
    assert stats["unregistered"] == ["old_rule"]  # in the claims, registered by no rule
    assert "note" not in stats


def test_without_a_rule_registry_nothing_is_called_never_fired_and_the_report_says_why():
    stats = rep.rule_statistics({"home_to": 3}, [], None)
    assert stats["fired"] == {"home_to": 3} and stats["never_fired"] == []
    assert stats["registry"] is None and "not known" in stats["note"]


def test_summary_has_one_line_about_the_rules():
    report = {"run_id": "r", "documents_valid": 1, "quarantined": []}
    known = rep.rule_statistics({"a": 1, "b": 2}, ["a", "b", "c"], "registry")
    unknown = rep.rule_statistics({"a": 1}, [], None)
    assert "  rules: 2 fired, 1 never fired (see report)" in summary_lines(
        {**report, "rules": known}
    )
    assert "  rules: 1 fired, never fired: not known (see report)" in summary_lines(
        {**report, "rules": unknown}
    )


def test_registered_rule_names_come_from_the_engine_registry_when_there_is_one(monkeypatch):
    engine = types.ModuleType(p.RULE_REGISTRY)
    engine.registered_rules = lambda: {"home_to": object(), "area": object()}
    monkeypatch.setitem(sys.modules, p.RULE_REGISTRY, engine)
    assert p.registered_rule_names() == (["area", "home_to"], f"{p.RULE_REGISTRY}.registered_rules")


def test_registered_rule_names_fall_back_to_none_without_the_registry(monkeypatch):
    monkeypatch.setitem(sys.modules, p.RULE_REGISTRY, None)  # import fails: no such module
    assert p.registered_rule_names() == ([], None)
    monkeypatch.setitem(sys.modules, p.RULE_REGISTRY, types.ModuleType(p.RULE_REGISTRY))
    assert p.registered_rule_names() == ([], None)  # the module, but no registry in it yet


def test_a_broken_rule_engine_is_not_taken_for_a_missing_one(monkeypatch):
    import importlib

    real = importlib.import_module

    def broken(name, *args):
        if name == p.RULE_REGISTRY:
            raise ModuleNotFoundError("No module named 'missing_dependency'", name="missing")
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", broken)
    with pytest.raises(ModuleNotFoundError, match="missing_dependency"):
        p.registered_rule_names()


def test_build_counts_the_rules_of_cached_documents_too(tmp_path):
    raw = tmp_path / "raw"
    write_doc(raw, "ranks", RANKS)
    write_doc(raw, "counts", COUNTS)
    options = BuildOptions(
        raw_dir=raw, dist_dir=tmp_path / "dist", reference_dir=REFERENCE, cache_dir=tmp_path / "c"
    )
    first = p.build(options, runner="plain")
    again = p.build(options.replace(force=True), runner="plain")
    assert again["cache"]["hits"] == 2 and again["cache"]["misses"] == 0
    assert first["rules"]["fired"] == again["rules"]["fired"]
    assert sum(first["rules"]["fired"].values()) == first["rows"]["claims"] > 0
    assert first["rules"]["fired"].get("ranked_list_item") == 2
    saved = json.loads((tmp_path / "dist" / "reports" / f"{first['run_id']}.json").read_text())
    assert saved["rules"] == first["rules"]
    assert any(line.startswith("  rules: ") for line in summary_lines(first))


# --- provenance ---------------------------------------------------------------------------------------
def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "repo"
    (root / "code").mkdir(parents=True)
    (root / "code" / "a.py").write_text("x = 1\n")
    (root / ".gitignore").write_text(".cache/\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first")
    return root


def test_a_checked_out_commit_is_clean_and_named_in_full(repo):
    state = source_state(repo)
    assert len(state["commit"]) == 40 and state["tree_clean"] is True
    assert state["code_version"].endswith(f"+g{state['commit'][:12]}")


def _write(path: Path, text: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.mark.parametrize(
    ("change", "clean"),
    [
        (lambda root: _write(root / "code" / "a.py", "x = 2\n"), False),  # modified
        (lambda root: _write(root / "notes.txt"), False),  # untracked, anywhere
        (lambda root: (root / "code" / "a.py").unlink(), False),  # deleted
        (lambda root: _write(root / ".cache" / "entry"), True),  # git-ignored
        (lambda root: _write(root / "dist" / "1.1.0" / "build.json"), True),  # the build's output
        (lambda root: _write(root / "dist" / "LATEST", "1.1.0"), True),
    ],
)
def test_the_whole_tree_counts_except_ignored_files_and_the_builds_own_dist(repo, change, clean):
    change(repo)
    state = source_state(repo, outputs=[repo / "dist"])
    assert state["tree_clean"] is clean
    assert state["code_version"].endswith(".dirty") is not clean
    assert bool(state["changes"]) is not clean


def test_a_dist_outside_the_tree_changes_nothing_and_no_git_means_unknown(repo, tmp_path):
    assert source_state(repo, outputs=[tmp_path / "elsewhere"])["tree_clean"] is True
    (repo / "dist").mkdir()
    (repo / "dist" / "x").write_text("")
    assert source_state(repo)["tree_clean"] is False  # not the build's output: it counts
    plain = tmp_path / "not-a-repo"
    plain.mkdir()
    state = source_state(plain)
    assert state["commit"] is None and state["tree_clean"] is None
    assert "+g" not in state["code_version"]


def test_build_json_states_the_commit_and_whether_the_tree_was_clean(tmp_path, monkeypatch):
    provenance = {
        "commit": "ab" * 20,
        "tree_clean": True,
        "code_version": "9.9.9+gabababababab",
        "changes": [],
    }
    monkeypatch.setattr(p, "source_state", lambda **_: provenance)
    raw = tmp_path / "raw"
    write_doc(raw, "counts", COUNTS)
    options = BuildOptions(
        raw_dir=raw, dist_dir=tmp_path / "dist", reference_dir=REFERENCE, use_cache=False
    )
    report = p.build(options, runner="plain")
    build = json.loads((tmp_path / "dist" / "1.0.0" / "build.json").read_text())
    assert (build["commit"], build["tree_clean"], build["code_version"]) == (
        "ab" * 20,
        True,
        "9.9.9+gabababababab",
    )
    assert report["provenance"] == provenance
    keys = list(build)
    assert keys.index("reference_hash") == keys.index("extractor_version") + 1
    assert keys.index("gazetteer_hash") == keys.index("extractor_version") + 2
    assert re.fullmatch(r"[0-9a-f]{12}", build["gazetteer_hash"])


# --- releases ----------------------------------------------------------------------------------------
def test_a_new_extractor_version_that_reads_the_same_publishes_no_release(tmp_path, monkeypatch):
    """The build path (plain, no Prefect): a rebuild whose only difference is the extractor's
    version says so and leaves the latest release as it is."""
    import hotspots.extract as extract
    from hotspots.release import list_versions
    from hotspots.release.publish import EXTRACTOR_ONLY, EXTRACTOR_ONLY_MESSAGE
    from hotspots.stages import extraction

    raw = tmp_path / "raw"
    write_doc(raw, "counts", COUNTS)
    dist = tmp_path / "dist"
    options = BuildOptions(raw_dir=raw, dist_dir=dist, reference_dir=REFERENCE, use_cache=False)
    first = p.build(options, runner="plain")
    assert first["status"] == "published" and first["release"]["version"] == "1.0.0"
    monkeypatch.setattr(extract, "EXTRACTOR_VERSION", "0" * 12)
    monkeypatch.setattr(p, "EXTRACTOR_VERSION", "0" * 12)
    monkeypatch.setattr(extraction, "_EXTRACTORS", {})  # the process's extractor, built anew
    again = p.build(options.replace(force=True), runner="plain")
    assert again["status"] == "no_change"
    assert again["release"]["skipped"] == EXTRACTOR_ONLY
    assert again["release"]["version"] == "1.0.0" and not again["release"]["changed"]
    assert summary_lines(again)[-1].startswith(EXTRACTOR_ONLY_MESSAGE)
    assert [e["version"] for e in list_versions(dist)] == ["1.0.0"]
