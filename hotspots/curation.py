"""Curated decisions applied on every run: judgements and corrections (reviewed YAML in reference/).

`reference/judgements.yaml`
    names:  a reviewer's decision on a name (usually one the fuzzy matcher proposed):
            positive → the name becomes an alias (kind variant) of `entity_id`, so extraction finds
            it too; negative → never proposed again (`entity_id`, optional, records what it was
            proposed as); unsure → still proposed, marked as such.
            For a discovered entity (dist/reports/<run-id>.discovered.csv): accept → kept, with
            `source = curated` (a person confirmed it; it stays out of the gazetteer until someone
            writes an entry there); reject → the name is never discovered again (no entity, no
            mention, no claims); merge → a positive judgement naming the gazetteer entity: the
            name becomes its alias, so extraction finds the gazetteer entity instead.
    values: which value is right when sources disagree on one fact (reconcile rule `judgement`).
`reference/corrections.yaml`
    an override of what the extractor read from one document, guarded by `expect`: it applies
    only while the extracted claim still says what it corrects; otherwise the run warns.

Stale entries (a correction whose claim changed, a value judgement no claim supports) are never
dropped silently: they come back as warnings for the run report.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from hotspots.text import normalize_name
from hotspots.yamlload import load_file

JUDGEMENTS_FILE = "judgements.yaml"
CORRECTIONS_FILE = "corrections.yaml"
DECISIONS = ("positive", "negative", "unsure", "accept", "reject")
# Decisions about a *discovered* entity (a name the gazetteer lacks, found from typed cues); its
# `entity_id`, when given, is the discovered id, not a gazetteer entity.
DISCOVERY_DECISIONS = ("accept", "reject")
ENTITY_ID = re.compile(r"^[a-z_]+/[a-z0-9]+(?:-[a-z0-9]+)*$")
# Claim fields a correction may test (`expect`) or override (`set`).
CORRECTABLE = ("subject_id", "object_id", "value", "value_text", "unit", "comparator", "as_of")


class CurationError(ValueError):
    """A judgements or corrections entry does not have the shape it must have."""


class StageOutput(dict):
    """The tables a stage produced (merge with `tables |= out`) plus what the run report needs:
    `warnings` (entries like the report's: {"name", "warning"}) and `report` (counts, paths)."""

    def __init__(
        self,
        tables: dict[str, pd.DataFrame],
        warnings: list[dict] | None = None,
        report: dict | None = None,
    ) -> None:
        super().__init__(tables)
        self.warnings: list[dict] = list(warnings or [])
        self.report: dict = dict(report or {})


@dataclass(frozen=True)
class NameJudgement:
    name: str
    entity_id: str | None
    decision: str
    reason: str

    @property
    def key(self) -> str:
        return normalize_name(self.name)


@dataclass(frozen=True)
class ValueJudgement:
    subject_id: str
    predicate: str
    object_id: str | None
    as_of: str | None
    value: float | None
    value_text: str | None
    reason: str


@dataclass
class Judgements:
    names: list[NameJudgement] = field(default_factory=list)
    values: list[ValueJudgement] = field(default_factory=list)

    def positive(self) -> list[NameJudgement]:
        return [j for j in self.names if j.decision == "positive"]

    def about_name(self, name: str) -> list[NameJudgement]:
        key = normalize_name(name)
        return [j for j in self.names if j.key == key]

    def value_for(
        self, subject_id: str, predicate: str, object_id: str | None, as_of: str | None
    ) -> ValueJudgement | None:
        for j in self.values:
            if (j.subject_id, j.predicate, j.object_id or None, j.as_of or None) == (
                subject_id,
                predicate,
                object_id or None,
                as_of or None,
            ):
                return j
        return None


@dataclass(frozen=True)
class Correction:
    document: str  # file stem in raw/ or document_id
    subject_id: str
    predicate: str
    expect: dict
    set: dict
    reason: str

    def describe(self) -> str:
        return f"{self.document}: {self.subject_id} {self.predicate} {_fields(self.expect)} → {_fields(self.set)}"


def _fields(values: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(values.items()))


def _read(reference_dir: Path, name: str) -> object:
    path = Path(reference_dir) / name
    return load_file(path) if path.exists() else None


def _fail(source: str, entry: object, message: str) -> CurationError:
    return CurationError(f"reference/{source}: {message} (entry: {entry!r:.200})")


def _as_of(value: object) -> str | None:
    # YAML reads 2024 as an int; as_of is a string everywhere else
    return None if value is None else str(value)


def _require(source: str, entry: object, keys: set[str], optional: set[str]) -> dict:
    if not isinstance(entry, dict):
        raise _fail(source, entry, "each entry must be a mapping")
    missing = sorted(k for k in keys if entry.get(k) in (None, ""))
    unknown = sorted(set(entry) - keys - optional)
    if missing or unknown:
        raise _fail(source, entry, f"missing {missing}" if missing else f"unknown keys {unknown}")
    return entry


def load_judgements(reference_dir: Path) -> Judgements:
    data = _read(reference_dir, JUDGEMENTS_FILE) or {}
    if not isinstance(data, dict) or set(data) - {"names", "values"}:
        raise CurationError(
            f"reference/{JUDGEMENTS_FILE}: top level must be a mapping with `names` and/or `values`"
        )
    out = Judgements()
    for entry in data.get("names") or []:
        _require(JUDGEMENTS_FILE, entry, {"name", "decision", "reason"}, {"entity_id"})
        if entry["decision"] not in DECISIONS:
            raise _fail(JUDGEMENTS_FILE, entry, f"decision must be one of {DECISIONS}")
        entity_id = entry.get("entity_id")
        if entity_id is not None and not ENTITY_ID.match(str(entity_id)):
            raise _fail(JUDGEMENTS_FILE, entry, "entity_id must look like <prefix>/<slug>")
        if entry["decision"] == "positive" and entity_id is None:
            raise _fail(
                JUDGEMENTS_FILE,
                entry,
                "a positive judgement names the entity the name is an alias of",
            )
        out.names.append(
            NameJudgement(str(entry["name"]), entity_id, entry["decision"], str(entry["reason"]))
        )
    for entry in data.get("values") or []:
        _require(
            JUDGEMENTS_FILE,
            entry,
            {"subject_id", "predicate", "reason"},
            {"object_id", "as_of", "value", "value_text"},
        )
        if (
            entry.get("value") is None
            and entry.get("value_text") is None
            and entry.get("object_id") is None
        ):
            raise _fail(
                JUDGEMENTS_FILE,
                entry,
                "a value judgement names the right value (value or value_text)",
            )
        out.values.append(
            ValueJudgement(
                entry["subject_id"],
                entry["predicate"],
                entry.get("object_id"),
                _as_of(entry.get("as_of")),
                None if entry.get("value") is None else float(entry["value"]),
                entry.get("value_text"),
                str(entry["reason"]),
            )
        )
    return out


def load_corrections(reference_dir: Path) -> list[Correction]:
    out = []
    for entry in _read(reference_dir, CORRECTIONS_FILE) or []:
        _require(
            CORRECTIONS_FILE,
            entry,
            {"document", "subject_id", "predicate", "expect", "set", "reason"},
            set(),
        )
        for part in ("expect", "set"):
            if (
                not isinstance(entry[part], dict)
                or not entry[part]
                or set(entry[part]) - set(CORRECTABLE)
            ):
                raise _fail(
                    CORRECTIONS_FILE, entry, f"`{part}` must map some of {CORRECTABLE} to values"
                )
        fix = {k: (_as_of(v) if k == "as_of" else v) for k, v in entry["set"].items()}
        expect = {k: (_as_of(v) if k == "as_of" else v) for k, v in entry["expect"].items()}
        out.append(
            Correction(
                str(entry["document"]),
                entry["subject_id"],
                entry["predicate"],
                expect,
                fix,
                str(entry["reason"]),
            )
        )
    return out


def check_entities(
    judgements: Judgements, corrections: list[Correction], entity_ids: set[str]
) -> None:
    """Every entity a curated entry names must exist: a typo fails loudly with the entry named."""
    for j in judgements.names:
        if j.decision in DISCOVERY_DECISIONS:
            continue  # a discovered id: no gazetteer entity by definition
        if j.entity_id is not None and j.entity_id not in entity_ids:
            raise _fail(JUDGEMENTS_FILE, j, f"unknown entity {j.entity_id}")
    for v in judgements.values:
        for ref in (v.subject_id, v.object_id):
            if ref is not None and ref not in entity_ids:
                raise _fail(JUDGEMENTS_FILE, v, f"unknown entity {ref}")
    for c in corrections:
        for ref in (
            c.subject_id,
            c.expect.get("subject_id"),
            c.set.get("subject_id"),
            c.expect.get("object_id"),
            c.set.get("object_id"),
        ):
            if ref is not None and ref not in entity_ids:
                raise _fail(CORRECTIONS_FILE, c, f"unknown entity {ref}")


def same(a: object, b: object) -> bool:
    """Equality of claim cells as a reviewer means it: nulls equal, numbers within rounding."""
    a_null = a is None or (isinstance(a, float) and math.isnan(a))
    b_null = b is None or (isinstance(b, float) and math.isnan(b))
    if a_null or b_null:
        return a_null and b_null
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return str(a) == str(b)


def apply_corrections(
    claims: pd.DataFrame, documents: pd.DataFrame, corrections: list[Correction]
) -> tuple[pd.DataFrame, list[dict]]:
    """A copy of `claims` with the corrections applied, and a warning for every correction that
    no longer applies. Column `_correction` holds, per claim, the words saying what was changed."""
    out = claims.copy()
    out["_correction"] = ""
    names = (
        dict(zip(documents["name"], documents["document_id"], strict=True))
        if "name" in documents
        else {}
    )
    warnings = []
    for c in corrections:
        document_id = names.get(c.document, c.document)
        selected = out[
            (out["document_id"] == document_id)
            & (out["subject_id"] == c.subject_id)
            & (out["predicate"] == c.predicate)
        ]
        if selected.empty:
            warnings.append(
                {
                    "name": f"reference/{CORRECTIONS_FILE}",
                    "warning": f"correction no longer applies, no such claim any more ({c.describe()}): review or remove it",
                }
            )
            continue
        hits = [
            idx
            for idx, row in selected.iterrows()
            if all(same(row[k], v) for k, v in c.expect.items())
        ]
        if not hits:
            now = "; ".join(
                _fields({k: selected.iloc[i][k] for k in c.expect}) for i in range(len(selected))
            )
            warnings.append(
                {
                    "name": f"reference/{CORRECTIONS_FILE}",
                    "warning": f"correction no longer applies, the extracted claim now says {now} ({c.describe()}): review or remove it",
                }
            )
            continue
        for idx in hits:
            before = _fields({k: out.at[idx, k] for k in c.set})
            for k, v in c.set.items():
                out.at[idx, k] = float(v) if k == "value" and v is not None else v
            out.at[idx, "_correction"] = (
                f"Claim {out.at[idx, 'claim_id']} corrected ({before} → {_fields(c.set)}) by reference/{CORRECTIONS_FILE}: {c.reason}"
            )
    return out, warnings


def corrected_entities(corrections: list[Correction]) -> set[str]:
    """Entities a correction makes a claim refer to: they must be published too."""
    return {c.set[k] for c in corrections for k in ("subject_id", "object_id") if c.set.get(k)}
