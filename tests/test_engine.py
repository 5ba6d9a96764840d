"""The extraction engine: the pre-check never changes the claims, every rule name a claim can
carry is registered with its predicates, cue words come from the patterns, and the extractor's
version follows the files that decide what it yields."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from hotspots.extract import EXTRACTOR_NAME, EXTRACTOR_VERSION, Extractor, engine, gazetteer_hash
from hotspots.extract.cues import required_literals
from hotspots.ingest import Document, ingest
from schemas.predicates import predicate_names

ROOT = Path(__file__).resolve().parent.parent


def _corpus() -> list[Document]:
    """Every document in raw/ and in tests/gold/*/docs, and every case sentence of tests/cases."""
    docs = list(ingest(ROOT / "raw").documents)
    for folder in sorted((ROOT / "tests" / "gold").glob("*/docs")):
        docs += ingest(folder).documents
    for path in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for kind in ("positive", "negative"):
            for i, item in enumerate(case.get(kind) or []):
                if isinstance(item, dict) and isinstance(item.get("text"), str):
                    name = f"{path.stem}-{kind}-{i}"
                    docs.append(Document(f"{i:016x}", name, item["text"], "0" * 64, {}))
    return docs


@pytest.fixture(scope="module")
def both_ways(gazetteer):
    """(document, claims with the pre-check, claims without) for the whole corpus."""
    fast, full = Extractor(gazetteer), Extractor(gazetteer, precheck=False)
    return [(doc, fast.extract(doc), full.extract(doc)) for doc in _corpus()]


def test_precheck_never_changes_the_output(both_ways):
    assert len(both_ways) > 40
    for doc, fast, full in both_ways:
        assert fast.claims == full.claims, doc.name
        assert fast.mentions == full.mentions, doc.name


def test_every_emitted_rule_is_registered_with_its_predicate(both_ways):
    rules = engine.registered_rules()
    seen = set()
    for _doc, _fast, full in both_ways:
        for claim in full.claims:
            spec = rules.get(claim["extractor"])
            assert spec is not None, claim["extractor"]
            assert claim["predicate"] in spec.predicates, (claim["extractor"], claim["predicate"])
            seen.add(claim["extractor"])
    assert len(seen) >= 55  # the corpus exercises nearly every rule


def test_registered_rules_name_known_predicates_and_families():
    known = set(predicate_names())
    rules = engine.registered_rules()
    assert len(rules) >= 59
    for name, spec in rules.items():
        assert spec.name == name
        assert spec.family in engine.FAMILIES
        assert spec.predicates and set(spec.predicates) <= known, name


def test_precedence_does_not_depend_on_import_order():
    functions = engine.rule_functions()
    shuffled = dict(reversed(list(engine._REGISTRY.items())))
    key = [(engine.FAMILIES.index(f.family), f.line) for f in functions]
    assert key == sorted(key)
    assert sorted(shuffled.values(), key=lambda f: (engine.FAMILIES.index(f.family), f.line)) == (
        list(functions)
    )


@pytest.mark.parametrize(
    ("pattern", "cues"),
    [
        (r"\b(?:serves|served)\s+as\b", ("served", "serves")),
        (r"\b(?:headquartered|based)\s+in\b", ("headquartered", "based")),
        (r"\btop[- ]100\b", ("top 100", "top-100")),
        (r"(?:a|b)?\d+", None),  # can match digits alone: no cue
        (r"\bclusters?\b", ("cluster",)),
        (r"(?:x+|y)z", ("z",)),
    ],
)
def test_cues_are_derived_from_patterns(pattern, cues):
    assert required_literals(re.compile(pattern, re.IGNORECASE)) == cues


def test_each_cue_is_necessary_for_its_patterns():
    """A rule's cue words are those of its patterns: a sentence missing all of them matches none."""
    for function in engine.rule_functions():
        for cue in function.cues or ():
            assert cue == cue.lower()
    role = next(f for f in engine.rule_functions() if f.fn.__name__ == "role")
    assert "serve" in role.cues and "act" in role.cues


def test_version_is_a_content_hash_of_the_extractor():
    assert re.fullmatch(r"[0-9a-f]{12}", EXTRACTOR_VERSION)
    assert EXTRACTOR_NAME == "hotspots-rules"
    files = {p.relative_to(ROOT).as_posix() for p in engine.version_files()}
    assert "hotspots/extract/engine.py" in files
    assert "hotspots/text.py" in files
    assert any(f.startswith("hotspots/extract/rules/") for f in files)
    assert not any(f.startswith("reference/gazetteer") for f in files)
    assert re.fullmatch(r"[0-9a-f]{12}", gazetteer_hash())


def test_gazetteer_hash_ignores_lexicons(tmp_path):
    import shutil

    ref = tmp_path / "reference"
    shutil.copytree(ROOT / "reference", ref)
    before = gazetteer_hash(ref)
    (ref / "lexicons").mkdir(exist_ok=True)
    (ref / "lexicons" / "extra.yaml").write_text("words: [a]\n")
    assert gazetteer_hash(ref) == before
    some = sorted((ref / "gazetteer").glob("*.yaml"))[0]
    some.write_text(some.read_text() + "\n# reviewed again\n")
    assert gazetteer_hash(ref) != before


def test_every_type_named_in_a_rule_is_an_entity_type_of_the_schema():
    """A tuple of entity types written in a rule or the context may hold nothing but types of
    schemas/tables.py (a typo would otherwise make a rule silently find nothing)."""
    import ast

    from hotspots.extract import types
    from schemas.tables import ENTITY_TYPES

    known = set(ENTITY_TYPES)
    files = sorted((ROOT / "hotspots" / "extract" / "rules").glob("*.py"))
    files += [ROOT / "hotspots" / "extract" / "context.py"]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Tuple) and node.elts:
                items = [e.value for e in node.elts if isinstance(e, ast.Constant)]
                if len(items) == len(node.elts) and known & set(items):
                    assert set(items) <= known, (path.name, node.lineno, items)
    for name, group in types.ENTITY_GROUPS.items():
        assert set(group) <= known, name
    assert set(types.LEVEL) == set(types.PLACES) | set(types.ORGANISATIONS)


def test_no_rule_keeps_cue_words_by_hand():
    """Cue words come from patterns (engine `cues_from`, rules.common.cued), not from literals
    written beside them: a word added to a pattern is a cue at once. The only literal tests left
    are for punctuation a pattern needs (quotes) and for windows wider than the sentence."""
    import ast

    allowed = {("descriptions", ('"', "'"))}
    for path in sorted((ROOT / "hotspots" / "extract" / "rules").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "has"
            ):
                literals = tuple(a.value for a in node.args if isinstance(a, ast.Constant))
                assert not literals or (path.stem, literals) in allowed, (path.name, node.lineno)


def test_a_pattern_that_needs_two_words_gives_two_cue_sets():
    from hotspots.extract.cues import required_literal_sets

    pattern = re.compile(r"\b(?:unites|links)\s+the\s+(?:cities|markets)\s+of\b", re.IGNORECASE)
    assert set(required_literal_sets(pattern)) == {("markets", "cities"), ("unites", "links")}
    assert required_literal_sets(re.compile(r"\d+")) == ()
