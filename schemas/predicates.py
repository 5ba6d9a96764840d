"""The predicate vocabulary, loaded from the reviewed file `predicates.yaml` beside this module."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hotspots.yamlload import load_file

PREDICATES_FILE = Path(__file__).with_name("predicates.yaml")
# What sort of figure or statement a predicate gives (the file's header says what each means).
PREDICATE_KINDS = ("actual", "target", "rank", "change", "relation", "description", "date")
_FIELDS = {
    "label",
    "description",
    "kind",
    "caveats",
    "value_type",
    "unit",
    "subject_types",
    "object_types",
}


@dataclass(frozen=True)
class Predicate:
    name: str
    description: str
    value_type: str  # number | entity | text
    unit: str | None
    subject_types: tuple[str, ...]
    object_types: tuple[str, ...] = ()
    label: str | None = None  # required in the published vocabulary (see `predicates`)
    kind: str | None = None  # one of PREDICATE_KINDS
    caveats: str | None = None


@cache
def predicates() -> dict[str, Predicate]:
    return load_predicates(PREDICATES_FILE, meanings=True)


def load_predicates(path: Path, *, meanings: bool = False) -> dict[str, Predicate]:
    """The predicates of a file in the format of `predicates.yaml`. With `meanings=True` (the
    published vocabulary, shipped in every release) each predicate must also have its label and
    kind; planned predicates (tests/gold) may go without until they are published."""
    raw = load_file(path)
    out: dict[str, Predicate] = {}
    for name, spec in raw.items():
        unknown = sorted(set(spec) - _FIELDS)
        if unknown:
            raise ValueError(f"{path.name}: predicate {name}: unknown field(s) {unknown}")
        if spec["value_type"] not in {"number", "entity", "text"}:
            raise ValueError(f"predicate {name}: unknown value_type {spec['value_type']!r}")
        kind = spec.get("kind")
        if kind is not None and kind not in PREDICATE_KINDS:
            raise ValueError(
                f"{path.name}: predicate {name}: kind {kind!r} is not one of {PREDICATE_KINDS}"
            )
        if meanings:
            missing = [f for f in ("label", "kind") if not spec.get(f)]
            if missing:
                raise ValueError(
                    f"{path.name}: predicate {name} has no {' and no '.join(missing)}: every "
                    "published predicate says what it means (see the file's header)"
                )
        out[name] = Predicate(
            name=name,
            description=spec["description"],
            value_type=spec["value_type"],
            unit=spec.get("unit"),
            subject_types=tuple(spec["subject_types"]),
            object_types=tuple(spec.get("object_types") or ()),
            label=spec.get("label"),
            kind=kind,
            caveats=spec.get("caveats"),
        )
    return out


def predicate_names() -> list[str]:
    return sorted(predicates())
