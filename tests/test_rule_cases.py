"""Cases per rule (tests/cases/<rule>.yaml): sentences that must give a rule's claims, near misses
that must give none, and a check that every registered rule has both (issue #17)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rule_cases import (
    CASES_DIR,
    CaseError,
    load_case_file,
    load_cases,
    matches,
    registered_rule_names,
    registered_rule_predicates,
    rule_names_in_source,
)

from hotspots.ingest import Document
from schemas.predicates import predicate_names

CASE_FILES = load_cases()
CASES = [case for f in CASE_FILES for case in f.cases]


def _param(case):
    marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.fixture(scope="module")
def extract(extractor):
    """The extraction of a text (claims, mentions), done once however many cases share it."""
    cache: dict[str, object] = {}

    def run(text: str):
        if text not in cache:
            doc = Document(document_id="0" * 16, name="case", text=text, sha256="0" * 64, meta={})
            cache[text] = extractor.extract(doc)
        return cache[text]

    return run


def _show(claims: list[dict]) -> str:
    keys = ("extractor", "subject_id", "predicate", "object_id", "value", "value_text", "as_of")
    return "\n".join("  " + str({k: c[k] for k in keys if c[k] is not None}) for c in claims)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_rule_case(case, extract):
    extraction = extract(case.text)
    claims = extraction.claims
    own = [c for c in claims if c["extractor"] == case.rule]
    if case.kind == "pos":
        missing = [e for e in case.claims if not any(matches(e, c) for c in own)]
        assert not missing, (
            f"{case.source} {case.id}: rule {case.rule} did not give {missing}\n"
            f"text: {case.text!r}\nclaims of every rule:\n{_show(claims)}"
        )
    else:
        # a near miss names something the gazetteer knows, else it would pass for no reason
        assert extraction.mentions, f"{case.source} {case.id}: the text names no known entity"
        unwanted = claims if case.any_rule else own
        assert not unwanted, (
            f"{case.source} {case.id}: near miss ({case.why}) gave claims\n"
            f"text: {case.text!r}\n{_show(unwanted)}"
        )


def test_expected_entities_are_in_the_gazetteer(gazetteer):
    unknown = sorted(
        f"{case.source} {case.id}: {claim[key]}"
        for case in CASES
        for claim in case.claims
        for key in ("subject", "object")
        if claim.get(key) and claim[key] not in gazetteer.entities
    )
    assert not unknown, f"expected claims name entities the gazetteer lacks: {unknown}"


def test_every_registered_rule_has_positive_and_negative_cases():
    registered = registered_rule_names()
    by_rule = {f.rule: f for f in CASE_FILES}
    no_file = sorted(registered - set(by_rule))
    assert not no_file, f"registered rules without tests/cases/<rule>.yaml: {no_file}"
    thin = sorted(r for r in registered if not by_rule[r].positive or not by_rule[r].negative)
    assert not thin, f"rules without a positive or without a negative case: {thin}"
    unknown = sorted(set(by_rule) - registered)
    assert not unknown, f"case files naming no registered rule: {unknown}"


def test_case_predicates_are_the_rules_predicates():
    vocabulary = set(predicate_names())
    for f in CASE_FILES:
        assert set(f.predicates) <= vocabulary, (
            f"{f.path.name}: not in schemas/predicates.yaml: {set(f.predicates) - vocabulary}"
        )
    registry = registered_rule_predicates()
    if registry is None:
        pytest.skip("no hotspots.extract.engine.registered_rules() here: predicates not compared")
    differ = {
        f.path.name: (sorted(f.predicates), sorted(registry[f.rule]))
        for f in CASE_FILES
        if f.rule in registry and set(f.predicates) != set(registry[f.rule])
    }
    assert not differ, f"file predicates vs the registry's: {differ}"


def test_source_scan_finds_the_rule_names_of_every_draft():
    """The fallback list (read from the source) holds known rule names of each kind: a literal
    `draft` name, one passed through `_located`, one through a nested helper, one from a table."""
    names = rule_names_in_source()
    assert {"ranked_list_item", "in_place", "part_of", "count_stem_graduates", "employees"} <= names
    assert "rule" not in names and "predicate" not in names


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
rule: area
predicates: [area_km2]
positive:
  - text: "Hefei covers 11,445 square kilometres."
    claims:
      - {subject: city/hefei, predicate: area_km2, value: 11445, as_of: null}
negative:
  - text: "Nothing here."
    why: "no area"
"""


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("area", GOOD.replace("predicates:", "predicate:"), "unknown key(s) ['predicate']"),
        ("area", GOOD.replace('    why: "no area"\n', ""), "missing key(s) ['why']"),
        ("other", GOOD, "differs from the file name"),
        (
            "area",
            GOOD.replace("Nothing here.", "Hefei covers 11,445 square kilometres."),
            "duplicate text",
        ),
        ("area", GOOD.replace("as_of: null", "as_of: 2023"), "as_of must be a string"),
        (
            "area",
            GOOD.replace("predicate: area_km2", "predicate: target"),
            "not among the file's predicates",
        ),
        ("area", GOOD.replace("value: 11445", "valeu: 11445"), "unknown key(s) ['valeu']"),
        (
            "area",
            GOOD.replace('why: "no area"', 'why: "x"\n    any_rule: true'),
            "explicit claims: []",
        ),
    ],
)
def test_loader_rejects_malformed_files(tmp_path, name, text, message):
    with pytest.raises(CaseError) as err:
        load_case_file(_write(tmp_path, name, text))
    assert message in str(err.value)
    assert f"{name}.yaml" in str(err.value)


def test_loader_reads_a_good_file(tmp_path):
    f = load_case_file(_write(tmp_path, "area", GOOD))
    assert [c.id for c in f.cases] == ["area-pos-0", "area-neg-0"]
    assert f.positive[0].claims[0]["value"] == 11445


def test_case_folder_has_a_readme():
    assert (CASES_DIR / "README.md").exists()


def test_the_engine_registry_is_used_when_it_exists(monkeypatch):
    """With `hotspots.extract.engine.registered_rules()` importable, its names and predicates
    are the ones checked (a stand-in registry here, the engine is written elsewhere)."""
    import sys
    import types
    from dataclasses import dataclass

    import rule_cases

    @dataclass
    class Spec:
        predicates: tuple[str, ...]

    engine = types.ModuleType("hotspots.extract.engine")
    engine.registered_rules = lambda: {"area": Spec(("area_km2",)), "role": Spec(("role",))}
    monkeypatch.setitem(sys.modules, "hotspots.extract.engine", engine)
    assert rule_cases.registered_rule_predicates() == {"area": ("area_km2",), "role": ("role",)}
    assert rule_cases.registered_rule_names() == {"area", "role"}
