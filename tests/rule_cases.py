"""Cases per rule (tests/cases/<rule>.yaml): loading with strict checks, and the rule names the
extraction code registers.

A case file names one rule (the value of the claims' `extractor` column), the predicates it
emits, sentences that must give the listed claims from that rule (`positive`) and near misses
that must give none (`negative`). See tests/cases/README.md.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = Path(__file__).resolve().parent / "cases"
EXTRACT_DIR = ROOT / "hotspots" / "extract"

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


def registered_rule_predicates() -> dict[str, tuple[str, ...]] | None:
    """name -> predicates from the engine's registry (`hotspots.extract.engine.registered_rules`),
    or None where this code has no engine yet."""
    try:
        from hotspots.extract.engine import registered_rules
    except ImportError:
        return None
    return {name: tuple(spec.predicates) for name, spec in registered_rules().items()}


def _positional_params(fn: ast.FunctionDef) -> list[str]:
    return [a.arg for a in [*fn.args.posonlyargs, *fn.args.args]]


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _argument(call: ast.Call, position: int, name: str | None) -> ast.expr | None:
    if position < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args):
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == name), None)


def rule_names_in_source(folder: Path = EXTRACT_DIR) -> set[str]:
    """The rule names the extraction code can write into the `extractor` column, read from its
    source: the `rule_name` argument of `draft(...)`, followed through the helpers that pass a
    parameter on to it (`_located(..., "in_place", ctx)`), and, for a name bound by a loop over a
    module-level table of tuples (`for pattern, predicate in COUNT_NOUNS`), that table's column."""
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in sorted(folder.rglob("*.py"))]
    functions = [n for t in trees for n in ast.walk(t) if isinstance(n, ast.FunctionDef)]
    signature = {fn.name: _positional_params(fn) for fn in functions}
    carriers: dict[str, set[int]] = {"draft": {1}}  # function -> positions carrying a rule name
    changed = True
    while changed:
        changed = False
        for fn in functions:
            params = _positional_params(fn)
            for call in (n for n in ast.walk(fn) if isinstance(n, ast.Call)):
                name = _callee(call)
                for pos in carriers.get(name, set()):
                    names = signature.get(name, [])
                    arg = _argument(call, pos, names[pos] if pos < len(names) else None)
                    if isinstance(arg, ast.Name) and arg.id in params:
                        new = params.index(arg.id)
                        if new not in carriers.setdefault(fn.name, set()):
                            carriers[fn.name].add(new)
                            changed = True
    tables: dict[str, list[ast.expr]] = {}
    for tree in trees:
        for node in tree.body:
            target = node.target if isinstance(node, ast.AnnAssign) else None
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
            if isinstance(target, ast.Name) and isinstance(node.value, (ast.List, ast.Tuple)):
                tables[target.id] = node.value.elts
    names: set[str] = set()
    for fn in functions:
        loops = {}  # loop variable -> (table, column)
        for loop in (n for n in ast.walk(fn) if isinstance(n, ast.For)):
            if isinstance(loop.target, ast.Tuple) and isinstance(loop.iter, ast.Name):
                for column, elt in enumerate(loop.target.elts):
                    if isinstance(elt, ast.Name):
                        loops[elt.id] = (loop.iter.id, column)
        for call in (n for n in ast.walk(fn) if isinstance(n, ast.Call)):
            name = _callee(call)
            for pos in carriers.get(name, set()):
                params = signature.get(name, [])
                arg = _argument(call, pos, params[pos] if pos < len(params) else None)
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    names.add(arg.value)
                elif isinstance(arg, ast.Name) and arg.id in loops:
                    table, column = loops[arg.id]
                    for row in tables.get(table, []):
                        if isinstance(row, ast.Tuple) and column < len(row.elts):
                            cell = row.elts[column]
                            if isinstance(cell, ast.Constant) and isinstance(cell.value, str):
                                names.add(cell.value)
    return names


def registered_rule_names() -> set[str]:
    registry = registered_rule_predicates()
    return set(registry) if registry is not None else rule_names_in_source()
