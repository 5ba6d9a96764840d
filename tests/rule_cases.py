"""Cases per rule (tests/cases/<rule>.yaml): loading with strict checks, and the rule names the
extraction code registers.

A case file names one rule (the value of the claims' `extractor` column), the predicates it
emits, sentences that must give the listed claims from that rule (`positive`) and near misses
that must give none (`negative`). See tests/cases/README.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = Path(__file__).resolve().parent / "cases"

FILE_KEYS = {"rule", "predicates", "positive", "negative", "note"}
POSITIVE_KEYS = {"text", "claims", "xfail", "note"}
NEGATIVE_KEYS = {"text", "why", "xfail", "claims", "any_rule"}
# expected-claim field -> claims-table column
CLAIM_FIELDS = {
    "subject": "subject_id",
    "predicate": "predicate",
    "object": "object_id",
    "value": "value",
    "value_text": "value_text",
    "unit": "unit",
    "comparator": "comparator",
    "as_of": "as_of",
    "combined": "combined",
}
COMPARATORS = {"eq", "gt", "gte", "lt", "lte", "approx"}


class CaseError(ValueError):
    """A case file that does not follow the format; the message names the file and the case."""


@dataclass(frozen=True)
class Case:
    rule: str
    kind: str  # "pos" or "neg"
    index: int
    text: str
    claims: tuple[dict, ...] = ()  # expected claims (positive): field -> value, fields as written
    why: str | None = None
    xfail: str | None = None
    any_rule: bool = False  # negative: no claim at all from any rule
    source: str = ""

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.kind}-{self.index}"


@dataclass
class CaseFile:
    path: Path
    rule: str
    predicates: tuple[str, ...]
    positive: list[Case] = field(default_factory=list)
    negative: list[Case] = field(default_factory=list)

    @property
    def cases(self) -> list[Case]:
        return [*self.positive, *self.negative]


def _fail(path: Path, where: str, message: str) -> CaseError:
    return CaseError(f"{path.name}: {where}: {message}")


def _check_keys(path: Path, where: str, data: object, allowed: set[str], required: set[str]):
    if not isinstance(data, dict):
        raise _fail(path, where, f"expected a mapping, got {type(data).__name__}")
    unknown = set(data) - allowed
    if unknown:
        raise _fail(path, where, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")
    missing = required - set(data)
    if missing:
        raise _fail(path, where, f"missing key(s) {sorted(missing)}")


def _check_claim(path: Path, where: str, claim: object, predicates: tuple[str, ...]) -> dict:
    _check_keys(path, where, claim, set(CLAIM_FIELDS), {"subject", "predicate"})
    for name in ("subject", "predicate", "object", "value_text", "unit", "as_of"):
        if name in claim and claim[name] is not None and not isinstance(claim[name], str):
            raise _fail(
                path,
                where,
                f'{name} must be a string (quote it: as_of: "2023"), got {claim[name]!r}',
            )
    if "value" in claim and (
        isinstance(claim["value"], bool) or not isinstance(claim["value"], (int, float, type(None)))
    ):
        raise _fail(path, where, f"value must be a number, got {claim['value']!r}")
    if claim.get("comparator") is not None and claim["comparator"] not in COMPARATORS:
        raise _fail(path, where, f"comparator {claim['comparator']!r} not in {sorted(COMPARATORS)}")
    if claim["predicate"] not in predicates:
        raise _fail(
            path,
            where,
            f"predicate {claim['predicate']!r} is not among the file's predicates {list(predicates)}",
        )
    return dict(claim)


def _check_text(path: Path, where: str, text: object, seen: dict[str, str]) -> str:
    if not isinstance(text, str) or not text.strip():
        raise _fail(path, where, "text must be a non-empty string")
    key = text.strip()
    if key in seen:
        raise _fail(path, where, f"duplicate text (also {seen[key]})")
    seen[key] = where
    return text


def _check_xfail(path: Path, where: str, value: object) -> str | None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise _fail(path, where, "xfail must be a reason (a non-empty string)")
    return value


def load_case_file(path: Path) -> CaseFile:
    """One case file, checked: unknown or missing keys, types, duplicate texts, a rule name that
    is not the file's stem, expected claims whose predicate the file does not declare."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CaseError(f"{path.name}: not valid YAML: {exc}") from exc
    _check_keys(path, "top level", data, FILE_KEYS, {"rule", "predicates", "positive", "negative"})
    rule = data["rule"]
    if rule != path.stem:
        raise _fail(path, "rule", f"{rule!r} differs from the file name {path.stem!r}")
    predicates = data["predicates"]
    if (
        not isinstance(predicates, list)
        or not predicates
        or not all(isinstance(p, str) for p in predicates)
        or len(set(predicates)) != len(predicates)
    ):
        raise _fail(path, "predicates", "must be a non-empty list of distinct names")
    out = CaseFile(path, rule, tuple(predicates))
    seen: dict[str, str] = {}
    for kind, key in (("pos", "positive"), ("neg", "negative")):
        items = data[key]
        if not isinstance(items, list):
            raise _fail(path, key, "must be a list of cases")
        for i, item in enumerate(items):
            where = f"{key}[{i}]"
            if kind == "pos":
                _check_keys(path, where, item, POSITIVE_KEYS, {"text", "claims"})
                claims = item["claims"]
                if not isinstance(claims, list) or not claims:
                    raise _fail(path, where, "claims must be a non-empty list")
                case = Case(
                    rule,
                    kind,
                    i,
                    _check_text(path, where, item["text"], seen),
                    claims=tuple(
                        _check_claim(path, f"{where}.claims[{j}]", c, out.predicates)
                        for j, c in enumerate(claims)
                    ),
                    xfail=_check_xfail(path, where, item.get("xfail")),
                    source=path.name,
                )
                out.positive.append(case)
            else:
                _check_keys(path, where, item, NEGATIVE_KEYS, {"text", "why"})
                if not isinstance(item["why"], str) or not item["why"].strip():
                    raise _fail(path, where, "why must say what makes it a near miss")
                any_rule = item.get("any_rule", False)
                if not isinstance(any_rule, bool):
                    raise _fail(path, where, "any_rule must be true or false")
                if any_rule and item.get("claims", None) != []:
                    raise _fail(path, where, "any_rule: true goes with an explicit claims: []")
                if "claims" in item and item["claims"] != []:
                    raise _fail(path, where, "a negative case lists no claims (only claims: [])")
                case = Case(
                    rule,
                    kind,
                    i,
                    _check_text(path, where, item["text"], seen),
                    why=item["why"],
                    xfail=_check_xfail(path, where, item.get("xfail")),
                    any_rule=any_rule,
                    source=path.name,
                )
                out.negative.append(case)
    return out


def load_cases(folder: Path = CASES_DIR) -> list[CaseFile]:
    return [load_case_file(p) for p in sorted(Path(folder).glob("*.yaml"))]


def matches(expected: dict, claim: dict) -> bool:
    """The claim has every field the expected claim lists (numbers compared as floats)."""
    for name, value in expected.items():
        got = claim[CLAIM_FIELDS[name]]
        if name == "value" and value is not None and got is not None:
            if abs(float(got) - float(value)) > 1e-9:
                return False
        elif got != value:
            return False
    return True


# --- registered rule names -------------------------------------------------------------------


def registered_rule_predicates() -> dict[str, tuple[str, ...]]:
    """name -> predicates from the engine's registry (`hotspots.extract.engine.registered_rules`)."""
    from hotspots.extract.engine import registered_rules

    return {name: tuple(spec.predicates) for name, spec in registered_rules().items()}


def registered_rule_names() -> set[str]:
    return set(registered_rule_predicates())
