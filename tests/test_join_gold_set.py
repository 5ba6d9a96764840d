"""scripts/join_gold_set.py on a small fake gold layout in a temporary folder (never the real sets)."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "join_gold_set", ROOT / "scripts" / "join_gold_set.py"
)
jg = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = jg  # dataclasses look their module up while the class is made
_spec.loader.exec_module(jg)

HEADER = ["document", "subject_id", "predicate", "object_id", "value", "comparator", "as_of",
          "evidence", "note"]  # fmt: skip
TEST_GOLD = """REAL_SETS = ("real_dev", "real_blind", "real_new7")  # real documents
REAL_MIN_DOCS = {"real_dev": 1, "real_blind": 15, "real_new7": 2}
"""
SET_README = """# Real documents — first-sight set of stop 7 (`rn7_*`)

Two invented pages for the test.

## Decisions

- A decision.

## Doubts for the reviewer

- rn7_01 a doubt about a row.
"""


def _csv(rows: list[list[str]], eol: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=eol).writerows(rows)
    return out.getvalue()


def _page(docs: Path, stem: str, url: str, title: str, published: str | None = "2020") -> None:
    docs.mkdir(parents=True, exist_ok=True)
    (docs / f"{stem}.txt").write_text(f"Text of {title}.\n", encoding="utf-8")
    meta = {"title": title, "publisher": "Example Daily", "url": url, "published": published,
            "language": "en", "retrieved": "2026-12-06", "license": "all rights reserved"}  # fmt: skip
    (docs / f"{stem}.meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")


def _row(doc: str, value: str, evidence: str) -> list[str]:
    return [doc, "city/a", "gdp", "", value, "", "2020", evidence, "a note, with a comma"]


@pytest.fixture
def layout(tmp_path) -> jg.Layout:
    gold = tmp_path / "tests" / "gold"
    dev, new = gold / "real_dev", gold / "real_new7"
    _page(dev / "docs", "rd01_old_page", "https://news.test/old", "Old page")
    (dev / "facts.csv").write_bytes(
        _csv([HEADER, _row("rd01_old_page", "1", "GDP was 1")], "\r\n").encode()
    )
    (dev / "SOURCES.md").write_text(
        "# Sources\n\n| stem | publisher | published | url | topic |\n|---|---|---|---|---|\n"
        "| rd01_old_page | Example Daily | 2020 | https://news.test/old | Old page |\n",
        encoding="utf-8",
    )
    (dev / "README.md").write_text("# Real documents — development part\n\nIntro.\n")
    _page(new / "docs", "rn7_01_first", "https://news.test/first", "First | page")
    _page(new / "docs", "rn7_02_second", "http://other.test/second/", "Second", published=None)
    rows = [
        HEADER,
        _row("rn7_01_first", "2", 'GDP "reached" 2'),
        _row("rn7_02_second", "3", "GDP was 3\nin 2020"),
    ]
    (new / "facts.csv").write_text(_csv(rows, "\n"), encoding="utf-8")
    (new / "SOURCES.md").write_text("# Sources of real_new7\n", encoding="utf-8")
    (new / "README.md").write_text(SET_README, encoding="utf-8")
    blind = gold / "real_blind" / "docs"  # the script must not open it: unreadable here
    blind.mkdir(parents=True)
    (blind / "secret.meta.json").write_text("{not json", encoding="utf-8")
    test_gold = tmp_path / "tests" / "test_gold.py"
    test_gold.write_text(TEST_GOLD, encoding="utf-8")
    reserved = tmp_path / "RESERVED_SOURCES.txt"
    reserved.write_text("# reserved\nhttps://reserved.test/page\n", encoding="utf-8")
    return jg.Layout(gold=gold, test_gold=test_gold, reserved=reserved)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _join(layout: jg.Layout) -> str:
    return jg.join("real_new7", "7", "Scored at first sight (0.5 / 0.2) and at the end.", layout)


def test_join_moves_pages_appends_rows_sources_readme_and_drops_the_set(layout):
    dev = layout.gold / "real_dev"
    before = (dev / "facts.csv").read_bytes()
    message = _join(layout)
    assert "2 pages, 2 rows" in message
    assert not (layout.gold / "real_new7").exists()
    assert sorted(p.name for p in (dev / "docs").iterdir()) == [
        "rd01_old_page.meta.json", "rd01_old_page.txt", "rn7_01_first.meta.json",
        "rn7_01_first.txt", "rn7_02_second.meta.json", "rn7_02_second.txt",
    ]  # fmt: skip
    facts = (dev / "facts.csv").read_bytes()
    assert facts.startswith(before), "rows are appended, the old bytes kept"
    with open(dev / "facts.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == HEADER and len(rows) == 4
    assert rows[2][7] == 'GDP "reached" 2' and rows[3][7] == "GDP was 3\nin 2020"
    assert facts.count(b"\r\n") == 4, "real_dev's line ending, a line break inside a quote kept"
    sources = (dev / "SOURCES.md").read_text(encoding="utf-8")
    assert (
        "\n\n## Joined from real_new7 (stop 7)\n\n| stem | publisher | published | url | topic |"
        in sources
    )
    assert (
        "| rn7_01_first | Example Daily | 2020 | https://news.test/first | First \\| page |"
        in sources
    )
    assert (
        "| rn7_02_second | Example Daily | null | http://other.test/second/ | Second |" in sources
    )
    readme = (dev / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Real documents — development part\n\nIntro.\n\n")
    assert (
        "\n## Pages rn7_* (stop 7's first-sight set, joined after its end-of-stop score)\n\n"
        "Scored at first sight (0.5 / 0.2) and at the end.\n" in readme
    )
    assert "\n### Real documents — first-sight set of stop 7 (`rn7_*`)\n" in readme
    assert "\n#### Doubts for the reviewer\n\n- rn7_01 a doubt about a row.\n" in readme
    test_gold = layout.test_gold.read_text(encoding="utf-8")
    assert 'REAL_SETS = ("real_dev", "real_blind")  # real documents' in test_gold
    assert 'REAL_MIN_DOCS = {"real_dev": 1, "real_blind": 15}' in test_gold


def test_a_second_run_changes_nothing(layout):
    _join(layout)
    after = _tree(layout.gold.parent)
    assert "joined already" in _join(layout)
    assert _tree(layout.gold.parent) == after


def _collide(layout):
    _page(layout.gold / "real_dev" / "docs", "rn7_01_first", "https://news.test/x", "X")


def _used_url(layout):
    _page(layout.gold / "real_dev" / "docs", "rd02_other", "https://other.test/second", "Y")


def _url_in_sources(layout):
    with open(layout.gold / "real_dev" / "SOURCES.md", "a", encoding="utf-8") as f:
        f.write("| rd03 | P | null | https://news.test/first/ | Z |\n")


def _reserved_url(layout):
    layout.reserved.write_text("http://news.test/first\n", encoding="utf-8")


def _same_url_twice(layout):
    _page(layout.gold / "real_new7" / "docs", "rn7_03_third", "https://news.test/first", "T")


def _header(layout):
    path = layout.gold / "real_new7" / "facts.csv"
    path.write_text(path.read_text().replace("evidence,note", "quote,note"))


def _duplicate_row(layout):
    with open(layout.gold / "real_new7" / "facts.csv", "a", encoding="utf-8") as f:
        f.write(_csv([_row("rn7_01_first", "2", 'GDP "reached" 2')], "\n"))


def _row_of_no_page(layout):
    with open(layout.gold / "real_new7" / "facts.csv", "a", encoding="utf-8") as f:
        f.write(_csv([_row("rn7_09_missing", "2", "GDP")], "\n"))


def _wrong_prefix(layout):
    _page(layout.gold / "real_new7" / "docs", "rn8_01_stray", "https://news.test/stray", "S")


def _no_sidecar(layout):
    (layout.gold / "real_new7" / "docs" / "rn7_02_second.meta.json").unlink()


def _set_missing(layout):
    import shutil

    shutil.rmtree(layout.gold / "real_new7")


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (_set_missing, "no such set"),
        (_collide, "stem collision"),
        (_used_url, "already used (real_dev/rd02_other)"),
        (_url_in_sources, "already used (real_dev/SOURCES.md)"),
        (_reserved_url, "already used (RESERVED_SOURCES.txt)"),
        (_same_url_twice, "in the set itself"),
        (_header, "header"),
        (_duplicate_row, "duplicate row"),
        (_row_of_no_page, "no page of the set"),
        (_wrong_prefix, "not starting with rn7_"),
        (_no_sidecar, "no sidecar"),
    ],
)
def test_refusals_change_nothing(layout, damage, says):
    damage(layout)
    before = _tree(layout.gold.parent)
    with pytest.raises(jg.JoinError, match=None) as err:
        _join(layout)
    assert says in str(err.value)
    assert _tree(layout.gold.parent) == before


def test_bad_arguments_are_refused(layout):
    for name, stop, note in [
        ("real_dev", "7", "n"),
        ("real_new7", " ", "n"),
        ("real_new7", "7", ""),
    ]:
        with pytest.raises(jg.JoinError):
            jg.join(name, stop, note, layout)


def test_command_line_exit_codes(layout, capsys):
    args = ["--gold", str(layout.gold), "--test-gold", str(layout.test_gold)]
    args += ["--reserved", str(layout.reserved)]
    assert jg.main(["real_new8", "--stop", "8", "--note", "n", *args]) == 1
    assert "refused, nothing changed" in capsys.readouterr().err
    assert jg.main(["real_new7", "--stop", "7", "--note", "joined", *args]) == 0
    assert "joined real_new7 into real_dev" in capsys.readouterr().out
