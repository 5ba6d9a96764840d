import importlib.util
import json
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location(
    "page_in_use", Path(__file__).resolve().parent.parent / "scripts" / "page_in_use.py"
)
page_in_use = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(page_in_use)


def test_normalise():
    n = page_in_use.normalise
    assert n("https://www.Example.com/a/b/?x=1#top") == "example.com/a/b"
    assert n("http://example.com/a/b") == "example.com/a/b"
    assert n("example.com/a/b/") == "example.com/a/b"
    assert n("https://example.com:443/") == "example.com"


def _checkout(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    docs = root / "tests" / "gold" / "audit" / "docs"
    docs.mkdir(parents=True)
    (docs / "a1.meta.json").write_text(json.dumps({"url": "https://www.news.cn/x/1.html"}))
    (docs / "a1.txt").write_text("A page about a science park in some city. " * 5)
    (root / "raw").mkdir()
    (root / "raw" / "001.meta.json").write_text(json.dumps({"url": "http://site.org/p/"}))
    return root


def test_in_use_by_sidecar_and_reserved(tmp_path):
    root = _checkout(tmp_path)
    reserved = tmp_path / "RESERVED.txt"
    reserved.write_text("# comment\nhttps://reserved.net/page\n")
    kw = {"root": root, "reserved": reserved}
    assert page_in_use.in_use("http://news.cn/x/1.html?utm=1", **kw)
    assert page_in_use.in_use("https://site.org/p", **kw)
    assert page_in_use.in_use("http://www.reserved.net/page/", **kw)
    assert page_in_use.in_use("https://news.cn/x/2.html", **kw) == []


def test_text_match_and_exit_codes(tmp_path, capsys):
    root = _checkout(tmp_path)
    reserved = tmp_path / "empty.txt"
    reserved.write_text("# nothing reserved\n")
    text = tmp_path / "t.txt"
    text.write_text("A page about a science park in some city.  " * 5)
    args = ["--root", str(root), "--reserved", str(reserved)]
    assert page_in_use.main(["https://new.org/q", "--text", str(text), *args]) == 1
    assert page_in_use.main(["https://new.org/q", *args]) == 0
    assert page_in_use.main(["https://news.cn/x/1.html", *args]) == 1
    assert "IN USE" in capsys.readouterr().out


def test_missing_reserved_list_is_an_error_not_an_empty_list(tmp_path, capsys):
    # A worktree outside the usual layout once read a missing list as "nothing reserved".
    root = _checkout(tmp_path)
    args = ["--root", str(root), "--reserved", str(tmp_path / "absent.txt")]
    assert page_in_use.main(["https://new.org/q", *args]) == 2
    assert "reserved-sources list not found" in capsys.readouterr().out
