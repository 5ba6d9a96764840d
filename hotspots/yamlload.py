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
