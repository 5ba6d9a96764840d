"""How the release page turns data into HTML: escaping, numbers and plurals in words, markdown
(markdown-it-py: CommonMark and tables, raw HTML off, http(s) links only, no images), and the
Jinja2 environment of the templates in templates/ (autoescaped; StrictUndefined, so a missing
value is an error, not an empty cell). page.py computes what the templates show."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

from hotspots.release import write

_HTTP_URL = re.compile(r"^https?://[^\s\x00-\x1f\x7f]+$", re.IGNORECASE)
COMPARATORS = {"eq": "", "gt": "> ", "gte": "≥ ", "lt": "< ", "lte": "≤ ", "approx": "≈ "}

# --- escaping ---------------------------------------------------------------------------------


def esc(value: object) -> str:
    """Text for HTML element content or a double-quoted attribute; None is empty. The escaping
    of the templates (markupsafe), so that both write the same bytes."""
    if value is None:
        return ""
    return str(escape(value if isinstance(value, str) else str(value)))


def http_url(value: object) -> str | None:
    """The value if it is an http(s) URL (the only URLs that become links), else None."""
    return value if isinstance(value, str) and _HTTP_URL.match(value) else None


def link(url: object, text: object) -> str:
    href = http_url(url)
    if href is None:
        return esc(text)
    return f'<a href="{esc(href)}" rel="noopener noreferrer nofollow">{esc(text)}</a>'


def number(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return write.format_float(value)
    return str(value)


# Singular nouns of the tables' names, for counts ("1 conflict", "2 conflicts").
SINGULAR = {
    "facts": "fact",
    "facts_simple": "simple fact",
    "claims": "claim",
    "conflicts": "conflict",
    "entities": "entity",
    "aliases": "alias",
    "mentions": "mention",
    "relations": "relation",
    "documents": "document",
    "cluster_rankings": "cluster ranking",
    "predicates": "predicate",
}


def plural(n: int, word: str) -> str:
    """'1 conflict', '2 conflicts', '0 entities': the count and the noun in the right number
    (English regular plurals: -y after a consonant -> -ies; -s, -x, -ch, -sh -> -es)."""
    if n == 1:
        return f"{n} {word}"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return f"{n} {word[:-1]}ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return f"{n} {word}es"
    return f"{n} {word}s"


def table_count(name: str, n: int) -> str:
    """A table's row count in words: plural(n, its singular noun)."""
    return plural(n, SINGULAR.get(name, name.replace("_", " ")))


def split_ids(value: str | None) -> list[str]:
    return [part for part in (value or "").split(";") if part]


# --- markdown (the card and the changelog) through markdown-it-py ------------------------------
# CommonMark plus pipe tables, raw HTML off (any tag in the text shows as text), no images (the
# CSP allows none), links only to http(s) URLs (others stay text), and no inline style (the CSP
# blocks style attributes: a right-aligned column gets class="num" instead).


def _markdown_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")
    md.validateLink = lambda url: http_url(url) is not None  # type: ignore[method-assign]
    return md


_MD = _markdown_parser()


def _md_tokens(tokens: list[Token], shift: int) -> list[Token]:
    """Headings moved down `shift` levels (the page has its own h1), links marked as external,
    column alignment as a class, each table in a scroll box."""
    out: list[Token] = []
    for tok in tokens:
        if tok.type in ("heading_open", "heading_close"):
            tok.tag = f"h{min(6, int(tok.tag[1:]) + shift)}"
        elif tok.type in ("th_open", "td_open"):
            style = tok.attrs.pop("style", None)
            if style == "text-align:right":
                tok.attrSet("class", "num")
        if tok.children:
            for child in tok.children:
                if child.type == "link_open":
                    child.attrSet("rel", "noopener noreferrer nofollow")
        if tok.type == "table_open":
            box = Token("html_block", "", 0, content='<div class="tablebox">')
            out.append(box)
        out.append(tok)
        if tok.type == "table_close":
            out.append(Token("html_block", "", 0, content="</div>\n"))
    return out


def md_inline(text: str) -> str:
    """One line of markdown as inline HTML."""
    return _MD.renderer.render(
        _md_tokens(_MD.parseInline(text), 0)[0].children or [], _MD.options, {}
    )


def markdown(text: str, shift: int = 1) -> str:
    """HTML for markdown (the card, the changelog): every text escaped, see above. A long list
    of one-line items (the card's Sources, one per document) is parsed a piece at a time
    (`LIST_PIECE` items), the same HTML as the whole text parsed at once (`_render`)."""
    return markdown_lines(text.split("\n"), shift)


def markdown_lines(lines: list[str], shift: int = 1) -> str:
    """`markdown` of the text of `lines` (joined with "\\n"), never joined whole unless it has
    no long list."""
    runs = _long_lists(lines)
    if not runs:
        return _render("\n".join(lines), shift)
    parts, done = [], 0
    for start, end in runs:
        parts.append(_render("\n".join(lines[done:start]), shift))
        pieces = [
            _list_piece(lines[i : min(i + LIST_PIECE, end)], shift)
            for i in range(start, end, LIST_PIECE)
        ]
        if any(piece is None for piece in pieces):
            return _render("\n".join(lines), shift)  # not one tight list after all: at once
        parts.append("<ul>\n" + "".join(pieces) + "</ul>\n")
        done = end
    parts.append(_render("\n".join(lines[done:]), shift))
    return "".join(parts)


def _render(text: str, shift: int) -> str:
    return _MD.renderer.render(_md_tokens(_MD.parse(text), shift), _MD.options, {})


# Items of a long list parsed at a time. markdown-it holds ~10 token objects per item: the card's
# Sources list at 20,000 documents was ~100 MiB of them at once, the publish stage's peak.
LIST_PIECE = 1000
_LIST_ITEM = "- "
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]*\]:")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_HEADING = re.compile(r"^ {0,3}#{1,6}(\s|$)")


def _long_lists(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges of the runs of more than LIST_PIECE lines that each begin a "- "
    item, outside fenced code, which are one tight list by themselves: a blank line (or the text's
    edge) on either side, and beyond it no line that could join the list (`_apart`). None at all
    where the text defines link references, which reach across the text."""
    if any(_REFERENCE.match(line) for line in lines):
        return []
    runs, fenced, i = [], False, 0
    while i < len(lines):
        if _FENCE.match(lines[i]):
            fenced = not fenced
        if fenced or not lines[i].startswith(_LIST_ITEM):
            i += 1
            continue
        end = i
        while end < len(lines) and lines[end].startswith(_LIST_ITEM):
            end += 1
        if end - i > LIST_PIECE and _apart(lines, i - 1, -1) and _apart(lines, end, 1):
            runs.append((i, end))
        i = end
    return runs


def _apart(lines: list[str], at: int, step: int) -> bool:
    """Whether the line at `at` is blank (or the text's edge) and the next line that is not,
    going `step`, cannot join a list across it: before the list a heading (any other line may
    be a list item's lazy continuation), after it a line that is neither indented nor an item."""
    if 0 <= at < len(lines) and lines[at].strip():
        return False
    while 0 <= at < len(lines) and not lines[at].strip():
        at += step
    if not 0 <= at < len(lines):
        return True
    if step < 0:
        return bool(_HEADING.match(lines[at]))
    return not lines[at].startswith(("-", "+", "*", " ", "\t"))


def _list_piece(items: list[str], shift: int) -> str | None:
    """The `<li>`s of a piece of a tight list (without its `<ul>`), or None if the piece does
    not parse as one list of these items."""
    tokens = _MD.parse("\n".join(items))
    if (
        not tokens
        or tokens[0].type != "bullet_list_open"
        or tokens[-1].type != "bullet_list_close"
        or sum(1 for t in tokens if t.level == 0) != 2
        or sum(1 for t in tokens if t.type == "list_item_open" and t.level == 1) != len(items)
    ):
        return None
    html = _MD.renderer.render(_md_tokens(tokens, shift), _MD.options, {})
    if not (html.startswith("<ul>\n") and html.endswith("</ul>\n")):
        return None
    return html[len("<ul>\n") : -len("</ul>\n")]


def card_html(readme: str) -> str:
    """The dataset card without its title (the page has one) and with its column lists
    replaced by a pointer to the data dictionary section."""
    kept, skipping = [], False
    for line in readme.split("\n"):
        if line.startswith("# "):
            continue
        if line.startswith("## "):
            skipping = line.strip() == "## Columns"
            if skipping:
                kept += ["## Columns", "", "See the data dictionary below.", ""]
                continue
        if not skipping:
            kept.append(line)
    return markdown_lines(kept, shift=1).replace(
        "<p>See the data dictionary below.</p>",
        '<p>See the <a href="#dictionary">data dictionary</a> below.</p>',
    )


def size_text(n: int) -> str:
    """Bytes for a reader: '812 B', '12.3 kB', '4.1 MB' (powers of 1,000, like a file manager)."""
    if n < 1000:
        return f"{n} B"
    value = float(n)
    for unit in ("kB", "MB", "GB", "TB"):
        value /= 1000.0
        if round(value, 1) < 1000 or unit == "TB":
            return f"{value:.1f} {unit}"
    raise AssertionError("unreachable")


TEMPLATES = Path(__file__).with_name("templates")
_JINJA = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    keep_trailing_newline=True,
    finalize=lambda value: "" if value is None else value,  # a missing value shows as nothing
)
_JINJA.globals.update(comparators=COMPARATORS)
_JINJA.filters.update(
    split_ids=split_ids,
    plural=plural,
    http_url=http_url,
    number=number,
    size_text=size_text,
    table_count=table_count,
)


def render(template: str, **context) -> Markup:
    """A section's HTML from its template (autoescaped: every text from the data is escaped)."""
    return Markup(_JINJA.get_template(template).render(**context))


def macro(name: str):
    """A macro of templates/macros.html.j2, to call from Python (it returns Markup)."""
    return getattr(_JINJA.get_template("macros.html.j2").module, name)


# --- the inline assets and the Content-Security-Policy that allows only them --------------------

PAGE = "index.html"  # the page of a release, and of dist/
ASSETS = Path(__file__).with_name("page_assets")


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def page_assets(*, script: bool) -> tuple[str, str, str]:
    """(css, js, the CSP that allows them and nothing else): js is empty without a script."""
    css = (ASSETS / "page.css").read_text(encoding="utf-8")
    js = (ASSETS / "page.js").read_text(encoding="utf-8") if script else ""
    assert "</style" not in css.lower() and "</script" not in js.lower()
    scripts = _csp_hash(js) if script else "none"
    csp = (
        f"default-src 'none'; style-src '{_csp_hash(css)}'; script-src '{scripts}'; "
        "img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'"
    )
    return css, js, csp
