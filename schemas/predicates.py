"""The predicate vocabulary, loaded from the reviewed file `predicates.yaml` beside this module."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

PREDICATES_FILE = Path(__file__).with_name("predicates.yaml")


@dataclass(frozen=True)
class Predicate:
    name: str
    description: str
    value_type: str  # number | entity | text
    unit: str | None
    subject_types: tuple[str, ...]
    object_types: tuple[str, ...] = ()


@cache
def predicates() -> dict[str, Predicate]:
    return load_predicates(PREDICATES_FILE)


def load_predicates(path: Path) -> dict[str, Predicate]:
    """The predicates of a file in the format of `predicates.yaml`."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: dict[str, Predicate] = {}
    for name, spec in raw.items():
        if spec["value_type"] not in {"number", "entity", "text"}:
            raise ValueError(f"predicate {name}: unknown value_type {spec['value_type']!r}")
        out[name] = Predicate(
            name=name,
            description=spec["description"],
            value_type=spec["value_type"],
            unit=spec.get("unit"),
            subject_types=tuple(spec["subject_types"]),
            object_types=tuple(spec.get("object_types") or ()),
        )
    return out


def predicate_names() -> list[str]:
    return sorted(predicates())
