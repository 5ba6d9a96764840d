"""The extractor's lexicons (reference/lexicons/*.yaml) load, and a malformed one fails loudly,
naming the file and the entry."""

from __future__ import annotations

import pytest

from hotspots.extract import lexicon
from hotspots.extract.lexicon import LexiconError


def test_every_lexicon_file_has_a_schema_and_loads():
    files = {p.stem for p in lexicon.LEXICON_DIR.glob("*.yaml")}
    assert files == set(lexicon.SCHEMAS)
    for name in lexicon.SCHEMAS:
        assert lexicon.lexicon(name)


def _read(tmp_path, text: str, name: str = "roles"):
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return lexicon.read(path, name)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("role_verbs: [serve]\n", "role_nouns: missing"),
        ("role_verbs: [serve]\nrole_nouns: [hub]\nrole_adverbs: [now]\n", "role_adverbs: unknown"),
        ("role_verbs: [serve, serve]\nrole_nouns: [hub]\n", "'serve' listed twice"),
        ("role_verbs: [Serve]\nrole_nouns: [hub]\n", "lowercase"),
        ("role_verbs: serve\nrole_nouns: [hub]\n", "role_verbs: must be a non-empty list"),
        ("role_verbs: [serve, 3]\nrole_nouns: [hub]\n", "3 is not a word"),
        ("role_verbs: [serve]\nrole_verbs: [act]\nrole_nouns: [hub]\n", "written twice"),
        ("- serve\n", "must be a mapping"),
        ("role_verbs: [serve\n", "not valid YAML"),
    ],
)
def test_a_malformed_lexicon_is_refused_naming_file_and_entry(tmp_path, text, message):
    with pytest.raises(LexiconError, match=r"roles\.yaml") as error:
        _read(tmp_path, text)
    assert message in str(error.value)


def test_mappings_and_entity_types_are_checked(tmp_path):
    with pytest.raises(LexiconError, match=r"calendar\.yaml: months: must be"):
        _read(tmp_path, "months: {a: 1}\n", "calendar")
    numbers = lexicon.LEXICON_DIR.joinpath("numbers.yaml").read_text(encoding="utf-8")
    with pytest.raises(LexiconError, match=r"units\.one: 'uno' is not a number"):
        _read(tmp_path, numbers.replace("one: 1", "one: uno"), "numbers")
    with pytest.raises(LexiconError, match=r"references\.the town: 'town' is neither"):
        _read(tmp_path, "references:\n  the town: town\n", "references")
    assert _read(
        tmp_path,
        "references:\n  the town: [city, sar]\ndescribed_adjectives: [coastal]\ndescribed_nouns: [town]\n",
        "references",
    )


def test_groups_in_a_lexicon_expand_to_entity_types():
    refs = lexicon.entity_types("references", "references")
    assert refs["the city"] == ("city", "sar")
    assert refs["the former"][-1] == "cluster" and "company" in refs["the former"]


def test_a_missing_lexicon_is_an_error(tmp_path):
    with pytest.raises(LexiconError, match=r"missing lexicon file"):
        lexicon.read(tmp_path / "roles.yaml", "roles")
    with pytest.raises(LexiconError, match="no lexicon called"):
        lexicon.lexicon("nope")


def test_count_nouns_are_keyed_by_known_predicates(tmp_path):
    counts = lexicon.LEXICON_DIR.joinpath("counts.yaml").read_text(encoding="utf-8")
    with pytest.raises(LexiconError, match=r"count_nouns\.count_unicornz: not a predicate"):
        _read(tmp_path, counts.replace("count_unicorns:", "count_unicornz:"), "counts")


def test_a_phrase_matches_across_any_whitespace_and_as_written():
    import re

    pattern = re.compile(lexicon.phrase_pattern(["high-tech firms", "firms"]) + r"\b")
    assert pattern.match("high-tech\n firms").group(0) == "high-tech\n firms"
    assert not pattern.match("high tech firms")
