"""One YAML loader for the project (`hotspots.yamlload`): libyaml's when PyYAML has it. The
results must be those of PyYAML's pure-Python safe loader, which every load used before."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hotspots import yamlload

ROOT = Path(__file__).resolve().parents[1]
YAML_FILES = sorted(
    p for folder in ("reference", "schemas") for p in (ROOT / folder).rglob("*.y*ml") if p.is_file()
)


def test_libyaml_is_used_when_pyyaml_has_it():
    expected = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
    assert yamlload.LOADER is expected


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_project_file_loads_as_with_the_pure_python_loader(path):
    text = path.read_text(encoding="utf-8")
    assert yamlload.load_file(path) == yaml.load(text, Loader=yaml.SafeLoader)


def test_the_loader_stays_safe():
    with pytest.raises(yaml.YAMLError):
        yamlload.safe_load("!!python/object/apply:os.system ['true']")
    # a quirk where the two parsers could differ: tabs, aliases, dates and numbers
    text = "a: &x [1, 2.5e3, 0o17, 2026-12-06]\nb: *x\nc: 'tab\there'\nd: ~\n"
    assert yamlload.safe_load(text) == yaml.load(text, Loader=yaml.SafeLoader)


def test_unique_key_loader_refuses_a_key_written_twice_with_its_line():
    with pytest.raises(yamlload.DuplicateKeyError, match=r"line 3: key 'a' written twice"):
        yamlload.safe_load_unique_keys("a: 1\nb: {c: 2}\na: 3\n")
    with pytest.raises(yamlload.DuplicateKeyError, match="'c'"):
        yamlload.safe_load_unique_keys("b:\n  c: 1\n  c: 2\n")


def test_unique_key_loader_uses_the_project_loader_and_stays_safe():
    assert issubclass(yamlload._UniqueKeyLoader, yamlload.LOADER)
    with pytest.raises(yaml.YAMLError):
        yamlload.safe_load_unique_keys("!!python/object/apply:os.system ['true']")


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "reference" / "lexicons").glob("*.yaml")),
    ids=lambda p: p.name,
)
def test_every_lexicon_loads_with_unique_keys_as_with_the_pure_python_loader(path):
    text = path.read_text(encoding="utf-8")
    assert yamlload.safe_load_unique_keys(text) == yaml.load(text, Loader=yaml.SafeLoader)
