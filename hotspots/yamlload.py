"""The project's one YAML loader: libyaml's safe loader (`CSafeLoader`) when PyYAML was built
with libyaml, the pure-Python `SafeLoader` otherwise. Both accept the same safe subset and build
the same Python objects from the project's files (tests/test_yamlload.py compares them on every
YAML file of reference/ and schemas/); libyaml is several times faster, which counts for the
gazetteer's thousands of aliases."""

from __future__ import annotations

from pathlib import Path

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str | bytes) -> object:
    """`yaml.safe_load`, with the project's loader."""
    return yaml.load(text, Loader=LOADER)


def load_file(path: Path) -> object:
    """A YAML file's content (UTF-8)."""
    return safe_load(Path(path).read_text(encoding="utf-8"))


class DuplicateKeyError(ValueError):
    """A key written twice in one mapping."""


class _UniqueKeyLoader(LOADER):
    """The project's loader, refusing a key written twice in one mapping (PyYAML keeps the last,
    so a reviewed word list would silently lose an entry)."""


def _mapping_without_duplicates(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise DuplicateKeyError(
                f"line {key_node.start_mark.line + 1}: key {key!r} written twice"
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)


def safe_load_unique_keys(text: str | bytes) -> object:
    """`safe_load`, raising DuplicateKeyError on a key written twice in one mapping."""
    return yaml.load(text, Loader=_UniqueKeyLoader)
