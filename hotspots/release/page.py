"""index.html: each release as a page a person can read, and `dist/index.html` listing them all.

The release page is one self-contained file: inline CSS and JS from `page_assets/`, no external
request (its Content-Security-Policy allows only its own style and script, by hash), readable
from file:// or any static server. It is generated from the files of the release directory
alone (the Parquet tables, datapackage.json, build.json, README.md, CHANGELOG.md), so the same
release always gives the same bytes; the only date it shows is the release date.

It holds, in this order: the title; how to cite the version; the downloads (sizes, the flat
facts_simple table and the facts first); "At a glance" (counts, the names a reader could confuse,
from the release's name conflicts and relations; the WIPO ranks of the Chinese clusters by edition
and a map of the entities with coordinates, both inline SVG drawn here); sortable, filterable
tables (facts, with their claims, quotes and source URLs; conflicts; claims; entities; cluster
rankings; documents); data quality (claims withheld, unresolved references, entities awaiting review, coverage by
predicate and by document); the dataset card; the data dictionary (datapackage.json, generated
from schemas/); the changelog (card and changelog: markdown through markdown-it-py). The skeleton is a Jinja2 template
(templates/page.html.j2, autoescaped); the section bodies are built here. The publisher writes the
page before SHA256SUMS, which lists it.

Safety: every text from the data goes through `html.escape`; a URL becomes a link only when it
starts with http:// or https://; nothing from the data reaches the script, which only sorts and
filters rows rendered here.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

from hotspots.release import archive, dataset, write
from hotspots.release.page_chart import chart_data
from hotspots.release.page_map import entity_map
from hotspots.release.registry import (
    SUMS,
    fsync_dir,
    is_withdrawn,
    sha256_file,
    withdrawn_note,
)

PAGE = "index.html"
ASSETS = Path(__file__).with_name("page_assets")
_HTTP_URL = re.compile(r"^https?://[^\s\x00-\x1f\x7f]+$", re.IGNORECASE)
COMPARATORS = {"eq": "", "gt": "> ", "gte": "≥ ", "lt": "< ", "lte": "≤ ", "approx": "≈ "}
# The page is for reading, not the data's only copy: each table shows at most MAX_ROWS rows, and
# when it holds more, the page says which rows it shows and links the full CSV and Parquet files.
# 500 rows are more than anyone reads on a page, yet sort and filter at once in a browser; they
# bound the tables' share of the page whatever the size of the release (at 10,000 synthetic
# documents the page is 10 MB, 6.6 MB of it tables, against 365 MB unbounded). Every table of
# the sample release (raw/) and of the test fixtures is well under the cap, so their pages show
# every row and are byte for byte what they were before the cap.
MAX_ROWS = 500
# Likewise for the claims listed in one cell (a fact's evidence, a conflict's claims): the most
# attested facts come first, and some have hundreds of claims.
MAX_CELL_ITEMS = 20


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


# --- the release, read back from its files ---------------------------------------------------


@dataclass
class Release:
    path: Path
    version: str
    date: str
    previous: str | None
    bump: str | None
    rows: dict[str, int]
    package: dict
    tables: dict[str, list[dict]]


def read_release(release_dir: Path, names: Iterable[str] | None = None) -> Release:
    """The release's metadata and its tables as lists of rows: every table, or those `names`.

    Version, date and bump come from build.json and row counts from the Parquet footers, not
    from diff.json: a first release's diff lists every row added (40 MB of JSON at 10,000
    documents, ~250 MiB parsed) and the page needs none of it."""
    release_dir = Path(release_dir)
    release = json.loads((release_dir / "build.json").read_text(encoding="utf-8"))["release"]
    package = json.loads((release_dir / "datapackage.json").read_text(encoding="utf-8"))
    parquet = [r for r in package["resources"] if r.get("format") == "parquet"]
    wanted = None if names is None else set(names)
    tables = {
        r["name"]: write.read_parquet(release_dir / r["path"]).to_pylist()
        for r in parquet
        if wanted is None or r["name"] in wanted
    }
    return Release(
        path=release_dir,
        version=release["version"],
        date=release["date"],
        previous=release.get("previous"),
        bump=release.get("bump"),
        rows={r["name"]: pq.read_metadata(release_dir / r["path"]).num_rows for r in parquet},
        package=package,
        tables=tables,
    )


class Lookup:
    """Rows by id, and the links between tables that the page follows."""

    def __init__(self, tables: dict[str, list[dict]]) -> None:
        self.entities = {e["entity_id"]: e for e in tables.get("entities", [])}
        self.documents = {d["document_id"]: d for d in tables.get("documents", [])}
        self.claims = {c["claim_id"]: c for c in tables.get("claims", [])}
        self.facts_of_claim: dict[str, list[str]] = defaultdict(list)
        self.facts_of_entity: Counter = Counter()
        for f in tables.get("facts", []):
            for claim_id in split_ids(f["claim_ids"]):
                self.facts_of_claim[claim_id].append(f["fact_id"])
            self.facts_of_entity[f["subject_id"]] += 1
            if f.get("object_id"):
                self.facts_of_entity[f["object_id"]] += 1
        self.aliases: dict[str, list[dict]] = defaultdict(list)
        for a in tables.get("aliases", []):
            self.aliases[a["entity_id"]].append(a)
        # A value conflict is about the fact with the same subject, predicate and as_of.
        self.fact_of_key = {
            (f["subject_id"], f["predicate"], f["as_of"]): f["fact_id"]
            for f in tables.get("facts", [])
        }
        self.conflicts_of_fact: dict[str, list[str]] = defaultdict(list)
        for c in tables.get("conflicts", []):
            fact_id = self.fact_of_key.get((c["subject_id"], c["predicate"], c["as_of"]))
            if fact_id:
                self.conflicts_of_fact[fact_id].append(c["conflict_id"])
        # Claims per document, when the claims are not all in `self.claims` (a long release).
        self.claims_per_document: Counter | None = None
        # Row-id prefix ("f-", "c-", ...) -> the ids of the rows rendered, for the tables the page
        # shows only in part; a link to a row of such a table that is not rendered is not made.
        self.shown: dict[str, set[str]] = {}

    def linked(self, prefix: str, row_id: str) -> bool:
        """Whether the row `prefix + row_id` is on the page (as far as links are concerned)."""
        shown = self.shown.get(prefix)
        return shown is None or row_id in shown

    def name(self, entity_id: str) -> str:
        entity = self.entities.get(entity_id)
        return entity["name"] if entity else entity_id

    def evidence_data(self, claim_ids: str) -> dict:
        """A fact's evidence: its claim ids, those shown (at most MAX_CELL_ITEMS), how many more,
        and the publishers of the shown claims' documents in order."""
        ids = split_ids(claim_ids)
        shown = ids[:MAX_CELL_ITEMS]
        publishers: list[str] = []
        for claim_id in shown:
            claim = self.claims.get(claim_id)
            doc = self.documents.get(claim["document_id"]) if claim else None
            if doc and doc["publisher"] not in publishers:
                publishers.append(doc["publisher"])
        return {
            "ids": ids,
            "shown": shown,
            "more": max(0, len(ids) - MAX_CELL_ITEMS),
            "publishers": publishers,
        }

    def claims_of_document(self, document_id: str) -> int:
        if self.claims_per_document is None:
            self.claims_per_document = Counter(c["document_id"] for c in self.claims.values())
        return self.claims_per_document[document_id]


def split_ids(value: str | None) -> list[str]:
    return [part for part in (value or "").split(";") if part]


# --- tables -------------------------------------------------------------------------------------

# Each table's rows in the order the page shows them (before any sort by the reader).
ROW_ORDER: dict[str, Callable[[Lookup], Callable[[dict], tuple]]] = {
    "facts": lambda look: (
        lambda r: (
            look.name(r["subject_id"]),
            r["predicate"],
            r["as_of"] or "",
            r["fact_id"],
        )
    ),
    "conflicts": lambda look: lambda r: (look.name(r["subject_id"]), r["conflict_id"]),
    "entities": lambda look: lambda r: (r["name"].casefold(), r["entity_id"]),
    "cluster_rankings": lambda look: lambda r: (-r["edition"], r["rank"], r["cluster_id"]),
    "documents": lambda look: lambda r: (r["title"], r["document_id"]),
}
ROW_ID: dict[str, Callable[[dict], str]] = {
    "facts": lambda r: "f-" + r["fact_id"],
    "claims": lambda r: "c-" + r["claim_id"],
    "conflicts": lambda r: "x-" + r["conflict_id"],
    "entities": lambda r: "e-" + r["entity_id"],
    "cluster_rankings": lambda r: f"r-{r['cluster_id']}-{r['edition']}",
    "documents": lambda r: "d-" + r["document_id"],
}


def _claims_order(look: Lookup) -> Callable[[dict], tuple]:
    """Claims by document (in title order), then by position in it."""
    titles = sorted(look.documents, key=lambda d: look.documents[d]["title"])
    docs = {d: i for i, d in enumerate(titles)}
    return lambda r: (docs.get(r["document_id"], len(docs)), r["char_start"], r["claim_id"])


def table_html(name: str, rows: list[dict], look: Lookup, note: str = "") -> Markup:
    """One of the page's sortable, filterable tables (templates/tables.html.j2); `note`, if
    any, goes above it (see cut_note)."""
    order = _claims_order(look) if name == "claims" else ROW_ORDER[name](look)
    return render(
        "tables.html.j2",
        name=name,
        rows=sorted(rows, key=order),
        look=look,
        note=Markup(note),
        row_id=ROW_ID[name],
    )


def cut_note(table: str, shown: int, total: int, which: str) -> str:
    """What a table shown in part says above it: how many rows, which, and where the rest is."""
    if shown >= total:
        return ""
    macro = _JINJA.get_template("macros.html.j2").module.cut_note  # type: ignore[attr-defined]
    return str(macro(table, shown, total, which))


# --- chart: WIPO ranks of the Chinese clusters by edition (page_chart) ------------------------


def rank_chart(rankings: list[dict], look: Lookup) -> tuple[str, str]:
    """(SVG, caption): one point per Chinese cluster and edition, lines across editions."""
    chart = chart_data(rankings, look)
    svg = render("rank_chart.svg.j2", c=chart)
    return svg, chart["caption"] if chart else ""


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
    """HTML for markdown (the card, the changelog): every text escaped, see above."""
    return _MD.renderer.render(_md_tokens(_MD.parse(text), shift), _MD.options, {})


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
    return markdown("\n".join(kept), shift=1).replace(
        "<p>See the data dictionary below.</p>",
        '<p>See the <a href="#dictionary">data dictionary</a> below.</p>',
    )


# --- data dictionary, from the release's datapackage.json ---------------------------------


def dictionary_html(package: dict) -> Markup:
    """Every column of every table (templates/dictionary.html.j2)."""
    resources = [r for r in package["resources"] if r.get("format") == "parquet"]
    return render("dictionary.html.j2", resources=resources)


# Downloads, the most useful first: the flat table a person opens in a spreadsheet, the facts,
# then every other file in name order.
DOWNLOAD_FIRST = (
    "data/facts_simple.csv",
    "data/facts_simple.parquet",
    "data/facts.csv",
    "data/facts.parquet",
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


def download_order(files: Iterable[str]) -> list[str]:
    """The release's files in the order the Downloads section lists them (DOWNLOAD_FIRST, then
    the rest in name order)."""
    first = {f: i for i, f in enumerate(DOWNLOAD_FIRST)}
    return sorted(files, key=lambda f: (first.get(f, len(first)), f))


def files_html(release_dir: Path, version: str) -> Markup:
    """The downloads (templates/downloads.html.j2): the zip first, then every file of the
    release but the page and SHA256SUMS, with sizes and sha256."""
    unlisted = {PAGE, SUMS, *archive.archive_names(release_dir)}
    names = download_order(
        p.relative_to(release_dir).as_posix()
        for p in release_dir.rglob("*")
        if p.is_file() and p.relative_to(release_dir).as_posix() not in unlisted
    )
    files = [
        {
            "name": f,
            "size": (release_dir / f).stat().st_size,
            "sha256": sha256_file(release_dir / f),
        }
        for f in names
    ]
    zipped = {"zip": archive.zip_name(version), "sidecar": archive.sidecar_name(version)}
    return render("downloads.html.j2", files=files, **zipped)


# --- "At a glance": counts, and the names a reader could confuse, from the release's data -------


def _members(relations: list[dict]) -> dict[str, set[str]]:
    """Entity -> the entities that are `member_of` it (relations)."""
    members: dict[str, set[str]] = defaultdict(set)
    for r in relations:
        if r["relation"] == "member_of":
            members[r["object_id"]].add(r["subject_id"])
    return members


def naming_data(conflicts: list[dict], relations: list[dict], look: Lookup) -> list[dict]:
    """One case per name conflict: the wrong name a source used, the entity it stands for, and
    the entities of another type that share members with that entity (a policy region over
    the same cities): different things that a reader could take for one. None when the
    release has no name conflict."""
    members = _members(relations)

    def kind(entity_id: str) -> str:
        return (look.entities.get(entity_id) or {}).get("type", "entity").replace("_", " ")

    out = []
    for c in sorted(
        (c for c in conflicts if c["kind"] == "name"),
        key=lambda c: (c["subject_id"], c["values"], c["conflict_id"]),
    ):
        subject = c["subject_id"]
        mine = members.get(subject, set())
        others = sorted(
            (e for e in members if e != subject and len(members[e] & mine) >= 2),
            key=lambda e: (look.name(e).casefold(), e),
        )
        out.append(
            {
                "wrong": [
                    v.strip() for v in c["values"].split(" | ") if v.strip() != c["resolution"]
                ],
                "claims": len(split_ids(c["claim_ids"])),
                "kind": kind(subject),
                "subject": subject,
                "conflict_id": c["conflict_id"],
                "others": [(kind(e), e) for e in others if kind(e) != kind(subject)],
            }
        )
    return out


def naming_cases(conflicts: list[dict], relations: list[dict], look: Lookup) -> list[str]:
    """naming_data in words, one paragraph each (the macro naming_case)."""
    macro = _JINJA.get_template("macros.html.j2").module.naming_case  # type: ignore[attr-defined]
    return [str(macro(look, case)) for case in naming_data(conflicts, relations, look)]


GLANCE_LINKED = ("facts", "claims", "conflicts", "entities", "documents", "cluster_rankings")


def glance_html(rel: Release, facts: list[dict], naming: list[dict], look: Lookup) -> Markup:
    """The release's size in words, each count with its noun in the right number, and the names
    a reader could confuse (templates/glance.html.j2)."""
    n = rel.rows
    disputed = sum(1 for f in facts if f["status"] == "disputed")
    summary = (
        f"{table_count('facts', n.get('facts', 0))} from "
        f"{table_count('claims', n.get('claims', 0))} in "
        f"{table_count('documents', n.get('documents', 0))}, about "
        f"{table_count('entities', n.get('entities', 0))}; "
        f"{table_count('conflicts', n.get('conflicts', 0))}, "
        + (f"{disputed} of the facts disputed." if disputed else "no fact disputed.")
    )
    return render(
        "glance.html.j2",
        summary=summary,
        counts=list(n.items()),
        linked=GLANCE_LINKED,
        naming=naming,
        look=look,
    )


# --- data quality: what the release holds back, what awaits review, what it covers --------------


# A claim's antecedent names each reference it resolved as "'the city' -> city/x (named at a-b)"
# and a date taken from context as "as_of <date>: <where>" (hotspots.extract), joined by "; ".
_REFERENCE = re.compile(r"""('[^']*'|"[^"]*") -> (\S+) \(named at \d+-\d+\)""")


def _column(table: pa.Table, name: str) -> list:
    return table.column(name).to_pylist() if name in table.schema.names else [None] * len(table)


def _counts(table: pa.Table, column: str) -> dict:
    counts = pc.value_counts(table.column(column))
    return dict(
        zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist(), strict=True)
    )


def _unresolved(claims: pa.Table, discovered: set[str]) -> dict:
    """Claims whose subject or object came by a reference (grouped by phrase and entity), whose
    date came from context, and that are about an entity not in the gazetteer."""
    ids, antecedents = _column(claims, "claim_id"), _column(claims, "antecedent")
    subjects, objects = _column(claims, "subject_id"), _column(claims, "object_id")
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    about: dict[str, list[str]] = defaultdict(list)
    by_reference = dated = 0
    for claim_id, text, subject, obj in zip(ids, antecedents, subjects, objects, strict=True):
        refs = _REFERENCE.findall(text or "")
        by_reference += bool(refs)
        dated += any(part.startswith("as_of ") for part in (text or "").split("; "))
        for phrase, entity_id in refs:
            groups[(phrase[1:-1], entity_id)].append(claim_id)
        for entity_id in {subject, obj} & discovered:
            about[entity_id].append(claim_id)
    ranked = sorted(groups.items(), key=lambda g: (-len(g[1]), g[0]))
    return {
        "by_reference": by_reference,
        "dated": dated,
        "references": [
            {"phrase": p, "entity_id": e, "ids": sorted(c)} for (p, e), c in ranked[:MAX_CELL_ITEMS]
        ],
        "more_references": max(0, len(ranked) - MAX_CELL_ITEMS),
        "about_discovered": len({c for cs in about.values() for c in cs}),
        "discovered_claims": [
            {"entity_id": e, "ids": sorted(about[e])} for e in sorted(about)[:MAX_CELL_ITEMS]
        ],
    }


def quality_data(
    claims: pa.Table | None, facts: list[dict], entities: list[dict], look: Lookup
) -> dict:
    """The numbers and lists of the data-quality section, from the release's own tables: claims
    that reached no fact (the build withholds a claim the claim model scores below its threshold;
    the release does not record the threshold or the run's report, so this counts the scored
    claims in no fact), unresolved references (_unresolved), entities found in documents and not
    yet reviewed (source = discovered), and facts and claims by predicate and by document."""
    in_facts = {i for f in facts for i in split_ids(f["claim_ids"])}
    discovered = sorted(
        (e for e in entities if e["source"] == "discovered"),
        key=lambda e: (e["name"].casefold(), e["entity_id"]),
    )
    q: dict = {"claims_total": 0, "discovered": discovered, **_unresolved(pa.table({}), set())}
    claims_per_pred: dict = {}
    claims_per_doc: dict = {}
    doc_of: dict[str, str] = {}
    if claims is not None and claims.num_rows:
        used = pc.is_in(
            claims.column("claim_id"), value_set=pa.array(sorted(in_facts), pa.string())
        )
        unused = pc.invert(used)
        scored = (
            pc.and_(unused, pc.is_valid(claims.column("confidence")))
            if "confidence" in claims.schema.names
            else None
        )
        q["claims_total"] = claims.num_rows
        q["unused"] = pc.sum(pc.cast(unused, pa.int64())).as_py() or 0
        q["scored"] = 0 if scored is None else pc.sum(pc.cast(scored, pa.int64())).as_py() or 0
        if q["scored"]:
            conf = claims.filter(scored).column("confidence")
            q["low"] = number(round(pc.min(conf).as_py(), 4))
            q["high"] = number(round(pc.max(conf).as_py(), 4))
        q.update(_unresolved(claims, {e["entity_id"] for e in discovered}))
        claims_per_pred = _counts(claims, "predicate")
        claims_per_doc = _counts(claims, "document_id")
        # documents per claim from the whole claims table (look.claims holds only the claims
        # the page quotes when the release is long)
        kept = claims.filter(used)
        doc_of = dict(zip(_column(kept, "claim_id"), _column(kept, "document_id"), strict=True))
    facts_per_pred = Counter(f["predicate"] for f in facts)
    q["by_predicate"] = [
        (p, facts_per_pred[p], claims_per_pred.get(p, 0))
        for p in sorted(set(facts_per_pred) | set(claims_per_pred))
    ]
    facts_per_doc: Counter = Counter()
    for f in facts:
        facts_per_doc.update({doc_of[i] for i in split_ids(f["claim_ids"]) if i in doc_of})
    docs = sorted(
        look.documents.values(),
        key=lambda d: (-claims_per_doc.get(d["document_id"], 0), d["title"], d["document_id"]),
    )
    q["by_document"] = [
        (d, claims_per_doc.get(d["document_id"], 0), facts_per_doc[d["document_id"]]) for d in docs
    ]
    return q


def quality_html(
    claims: pa.Table | None, facts: list[dict], entities: list[dict], look: Lookup
) -> str:
    """The data-quality section's body (templates/quality.html.j2)."""
    q = quality_data(claims, facts, entities, look)
    return render("quality.html.j2", q=q, look=look, cap=MAX_CELL_ITEMS)


# --- citation and dataset-search metadata (issue 20), from the release's croissant.json --------


def croissant_jsonld(release_dir: Path) -> str:
    """The release's Croissant metadata as schema.org JSON-LD in the page's head, for dataset
    search engines. A data block, never run (the CSP governs scripts that run); every '<' is
    written \\u003c so that no text in it can close the element."""
    path = Path(release_dir) / "croissant.json"
    if not path.is_file():
        return ""
    doc = json.loads(path.read_text(encoding="utf-8"))
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f'<script type="application/ld+json">{text}</script>\n'


def citation_html(release_dir: Path) -> Markup | str:
    """How to cite this version: the plain citation (creditText) and BibTeX (citeAs) of its
    croissant.json, and its CITATION.cff (templates/citation.html.j2)."""
    path = Path(release_dir) / "croissant.json"
    if not path.is_file():
        return ""
    doc = json.loads(path.read_text(encoding="utf-8"))
    plain, bib = doc.get("creditText"), doc.get("citeAs")
    if not plain and not bib:
        return ""
    cff = (Path(release_dir) / "CITATION.cff").is_file()
    return render("citation.html.j2", plain=plain, bib=(bib or "").rstrip(), cff=cff)


# --- the pages ----------------------------------------------------------------------------------


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _assets(*, script: bool) -> tuple[str, str, str]:
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


SECTIONS = (
    ("downloads", "Downloads"),
    ("glance", "At a glance"),
    ("facts", "Facts"),
    ("conflicts", "Conflicts"),
    ("claims", "Claims"),
    ("entities", "Entities"),
    ("rankings", "Cluster rankings"),
    ("documents", "Documents"),
    ("quality", "Data quality"),
    ("card", "Dataset card"),
    ("dictionary", "Data dictionary"),
    ("changelog", "Changelog"),
)


# --- which rows a long table shows ---------------------------------------------------------------

# The tables the page reads whole (small, or needed whole for the chart, the map, the links and
# the choice of rows; relations, from the gazetteer, for the names a reader could confuse).
# Claims, the longest, are read by column and filtered in Arrow; mentions are not on the page.
WHOLE_TABLES = (
    "facts",
    "conflicts",
    "entities",
    "aliases",
    "cluster_rankings",
    "documents",
    "relations",
)
WHICH = {
    "facts": "the facts the cluster rankings come from, then those with the most claims "
    "(then the most conflicts)",
    "conflicts": "conflicts over names first, then those about the facts shown above, then "
    "those between the most claims",
    "claims": "the claims behind the facts and the conflicts shown above, the first claim of "
    "each before the second of any, then others in document order",
    "entities": "the entities on the map first, then those in the most facts",
    "cluster_rankings": "the latest editions first, best ranks first",
    "documents": "the sources of the most claims",
}


@dataclass
class Chosen:
    """The rows each table renders, and the note above each table shown in part."""

    rows: dict[str, list[dict]]
    notes: dict[str, str]


def _read_claims(release_dir: Path, package: dict) -> pa.Table | None:
    for r in package["resources"]:
        if r.get("format") == "parquet" and r["name"] == "claims":
            return write.read_parquet(release_dir / r["path"])
    return None


def choose_rows(tables: dict[str, list[dict]], claims: pa.Table | None, look: Lookup) -> Chosen:
    """At most MAX_ROWS rows per table, chosen for a reader (see WHICH), in an order that only
    depends on the data. Fills `look.claims` with the claims the page quotes, and `look.shown`
    with the rows of the tables shown in part, so that no link points to a row left out."""
    chosen = Chosen({}, {})

    def keep(name: str, ranked: list[dict], prefix: str = "", key: str = "") -> list[dict]:
        rows = ranked[:MAX_ROWS]
        chosen.rows[name] = rows
        if len(ranked) > len(rows):
            chosen.notes[name] = cut_note(name, len(rows), len(ranked), WHICH[name])
            if prefix:
                look.shown[prefix] = {r[key] for r in rows}
        return rows

    rankings = keep(
        "cluster_rankings",
        sorted(
            tables.get("cluster_rankings", []),
            key=lambda r: (-r["edition"], r["rank"], r["cluster_id"]),
        ),
    )
    ranked = {r["fact_id"] for r in rankings}
    facts = keep(
        "facts",
        sorted(
            tables.get("facts", []),
            key=lambda f: (
                f["fact_id"] not in ranked,
                -len(split_ids(f["claim_ids"])),
                -len(look.conflicts_of_fact.get(f["fact_id"], [])),
                f["fact_id"],
            ),
        ),
        "f-",
        "fact_id",
    )
    shown_facts = {f["fact_id"] for f in facts}
    conflicts = keep(
        "conflicts",
        sorted(
            tables.get("conflicts", []),
            key=lambda c: (
                c["kind"] == "value",
                look.fact_of_key.get((c["subject_id"], c["predicate"], c["as_of"]))
                not in shown_facts,
                -len(split_ids(c["claim_ids"])),
                c["conflict_id"],
            ),
        ),
        "x-",
        "conflict_id",
    )
    _choose_claims(claims, facts, conflicts, look, chosen)
    per_document = look.claims_per_document
    if per_document is None:
        per_document = Counter(c["document_id"] for c in look.claims.values())
    keep(
        "entities",
        sorted(
            tables.get("entities", []),
            key=lambda e: (
                e["lat"] is None or e["lon"] is None,
                -look.facts_of_entity[e["entity_id"]],
                e["name"].casefold(),
                e["entity_id"],
            ),
        ),
        "e-",
        "entity_id",
    )
    keep(
        "documents",
        sorted(
            tables.get("documents", []),
            key=lambda d: (-per_document[d["document_id"]], d["title"], d["document_id"]),
        ),
        "d-",
        "document_id",
    )
    return chosen


def _choose_claims(
    claims: pa.Table | None,
    facts: list[dict],
    conflicts: list[dict],
    look: Lookup,
    chosen: Chosen,
) -> None:
    if claims is None or claims.num_rows <= MAX_ROWS:
        rows = claims.to_pylist() if claims is not None else []
        look.claims = {c["claim_id"]: c for c in rows}
        chosen.rows["claims"] = rows
        return
    # The claims each shown fact and conflict lists on the page, in the order they are chosen.
    lists = [split_ids(f["claim_ids"])[:MAX_CELL_ITEMS] for f in facts]
    lists += [split_ids(c["claim_ids"])[:MAX_CELL_ITEMS] for c in conflicts]
    listed = sorted({i for ids in lists for i in ids})
    ids = claims.column("claim_id")
    present = set(ids.filter(pc.is_in(ids, value_set=pa.array(listed, pa.string()))).to_pylist())
    picked: dict[str, None] = {}
    for depth in range(max((len(x) for x in lists), default=0)):
        for x in lists:
            if depth < len(x) and x[depth] in present and len(picked) < MAX_ROWS:
                picked.setdefault(x[depth])
    if len(picked) < MAX_ROWS:  # then the claims in the table's own order (document, position)
        titles = sorted(look.documents, key=lambda d: look.documents[d]["title"])
        doc_rank = pc.fill_null(
            pc.index_in(claims.column("document_id"), value_set=pa.array(titles, pa.string())),
            len(titles),
        )
        order = pa.table(
            {"d": doc_rank, "s": claims.column("char_start"), "c": claims.column("claim_id")}
        ).sort_by([("d", "ascending"), ("s", "ascending"), ("c", "ascending")])
        for claim_id in order.column("c").slice(0, MAX_ROWS + len(picked)).to_pylist():
            if len(picked) < MAX_ROWS:
                picked.setdefault(claim_id)
    quoted = [i for x in lists[: len(facts)] for i in x if i in present]  # the facts' evidence
    wanted = pa.array(sorted({*picked, *quoted}), pa.string())
    rows = claims.filter(pc.is_in(ids, value_set=wanted)).to_pylist()
    look.claims = {c["claim_id"]: c for c in rows}
    chosen.rows["claims"] = [look.claims[i] for i in picked]
    look.shown["c-"] = set(picked)
    counts = pc.value_counts(claims.column("document_id"))
    look.claims_per_document = Counter(
        dict(
            zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist(), strict=True)
        )
    )
    chosen.notes["claims"] = cut_note("claims", len(picked), claims.num_rows, WHICH["claims"])


# The page's skeleton is a Jinja2 template (autoescape on); the section bodies are still built
# in Python (the functions above, which escape every text from the data) and passed as Markup.
TEMPLATES = Path(__file__).with_name("templates")
_JINJA = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    keep_trailing_newline=True,
    finalize=lambda value: "" if value is None else value,  # a missing value shows as nothing
)
_JINJA.globals.update(comparators=COMPARATORS, cap=MAX_CELL_ITEMS)
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


def _html(build: Callable[[], str]) -> Callable[[], Markup]:
    """A section body built when the template reaches it (one table at a time in memory)."""
    return lambda: Markup(build())


def release_page_parts(release_dir: Path) -> Iterator[str]:
    """The release's index.html in pieces, from its files (everything but index.html and
    SHA256SUMS): the template is rendered as a stream, the page never held whole."""
    release_dir = Path(release_dir)
    rel = read_release(release_dir, WHOLE_TABLES)
    look = Lookup(rel.tables)
    t = rel.tables
    claims = _read_claims(release_dir, rel.package)
    chosen = choose_rows(t, claims, look)
    shown, notes = chosen.rows, chosen.notes
    chart, chart_caption = rank_chart(t.get("cluster_rankings", []), look)
    world, map_caption = entity_map(t.get("entities", []), look)
    readme = release_dir / "README.md"
    changelog = release_dir / "CHANGELOG.md"
    disputed = sum(1 for f in t.get("facts", []) if f["status"] == "disputed")
    css, js, csp = _assets(script=True)

    def table(name: str) -> Callable[[], Markup]:
        return lambda: table_html(name, shown[name], look, notes.get(name, ""))

    context = {
        "csp": Markup(csp),  # our constant, no data; quotes kept as written
        "css": Markup(css),
        "js": Markup(js),
        "jsonld": Markup(croissant_jsonld(release_dir)),
        "title": rel.package.get("title") or dataset.DATASET["title"],
        "version": rel.version,
        "description": rel.package.get("description"),
        "date": rel.date,
        "previous": rel.previous,
        "bump": rel.bump,
        "withdrawn": Markup(withdrawn_placeholder(rel.version)),
        "sections": SECTIONS,
        "citation": citation_html(release_dir),
        "downloads": files_html(release_dir, rel.version),
        "glance": glance_html(
            rel,
            t.get("facts", []),
            naming_data(t.get("conflicts", []), t.get("relations", []), look),
            look,
        ),
        "chart": Markup(chart),
        "chart_caption": chart_caption,
        "world": Markup(world),
        "map_caption": Markup(map_caption),
        "disputed_text": (
            f"{disputed} of them {'is' if disputed == 1 else 'are'} disputed (see Conflicts)."
            if disputed
            else "None is disputed."
        ),
        "facts": table("facts"),
        "conflicts": table("conflicts"),
        "claims": table("claims"),
        "entities": table("entities"),
        "rankings": table("cluster_rankings"),
        "documents": table("documents"),
        "card": _html(
            lambda: card_html(readme.read_text(encoding="utf-8")) if readme.is_file() else ""
        ),
        "quality": _html(
            lambda: quality_html(claims, t.get("facts", []), t.get("entities", []), look)
        ),
        "dictionary": _html(lambda: dictionary_html(rel.package)),
        "changelog": _html(
            lambda: (
                markdown(changelog.read_text(encoding="utf-8").removeprefix("# Changelog"), shift=1)
                if changelog.is_file()
                else ""
            )
        ),
    }
    yield from _JINJA.get_template("page.html.j2").generate(context)


def build_release_page(release_dir: Path) -> str:
    """The release's index.html, from its files (everything but index.html and SHA256SUMS)."""
    return "".join(release_page_parts(release_dir))


def write_release_page(release_dir: Path) -> Path:
    """Write `release_dir/index.html` (before SHA256SUMS is written, so that it is listed), piece
    by piece, and fsync it like every file of a release."""
    path = Path(release_dir) / PAGE
    with open(path, "wb") as fh:
        for part in release_page_parts(release_dir):
            fh.write(part.encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())
    return path


def _zip_info(release_dir: Path) -> dict | None:
    """The release's zip: name, size and sha256 (from its .sha256), None without one."""
    version = release_dir.name
    path = release_dir / archive.zip_name(version)
    sidecar = release_dir / archive.sidecar_name(version)
    if not path.is_file() or not sidecar.is_file():
        return None
    digest = sidecar.read_text(encoding="utf-8").split()[0]
    return {"name": path.name, "size": path.stat().st_size, "sha256": digest}


def build_dist_index(dist_dir: Path) -> str:
    """dist/index.html: every version in versions.json, newest first, each with its zip's size
    and sha256 (this page is in no zip, so it can state them): templates/dist_index.html.j2."""
    dist_dir = Path(dist_dir)
    registry = dist_dir / "versions.json"
    entries = json.loads(registry.read_text(encoding="utf-8")) if registry.is_file() else []
    latest_file = dist_dir / "LATEST"
    latest = latest_file.read_text(encoding="utf-8").strip() if latest_file.is_file() else None
    meta = dict(dataset.DATASET)
    if latest and (dist_dir / latest / "datapackage.json").is_file():
        package = json.loads((dist_dir / latest / "datapackage.json").read_text(encoding="utf-8"))
        meta.update({k: package[k] for k in ("title", "description") if package.get(k)})
    versions = []
    for e in reversed(entries):
        version, rows = e["version"], e.get("rows") or {}
        has_page = (dist_dir / version / PAGE).is_file()
        versions.append(
            {
                "version": version,
                "page": f"{version}/{PAGE}" if has_page else f"{version}/README.md",
                "latest": version == latest,
                "withdrawn": withdrawn_note(e),
                "date": e.get("date"),
                "change": f"{e.get('bump')} since {e['previous']}"
                if e.get("previous")
                else "first release",
                "rows": sum(rows.values()),
                "facts": rows.get("facts", ""),
                "status": e.get("status"),
                "sha256": e.get("sha256"),
                "zip": _zip_info(dist_dir / version),
            }
        )
    withdrawn = [
        {"version": e["version"], "note": withdrawn_note(e)}
        for e in reversed(entries)
        if is_withdrawn(e)
    ]
    css, _, csp = _assets(script=False)
    return _JINJA.get_template("dist_index.html.j2").render(
        page_title=f"{meta['title']}: releases",
        css=Markup(css),
        csp=Markup(csp),
        js="",
        title=meta["title"],
        description=meta["description"],
        latest=latest,
        versions=versions,
        withdrawn=withdrawn,
    )


# --- withdrawn versions (`hotspots withdraw`) ----------------------------------------------------
# A release page never changes (SHA256SUMS lists it), so it cannot be rewritten when its version
# is withdrawn: it carries an empty banner that page.js fills from ../versions.json when the page
# is served over http(s) (browsers refuse fetch() on file://), and dist/index.html, rewritten by
# the withdraw, says it on every reading.


def withdrawn_placeholder(version: str) -> str:
    return (
        f'<div class="withdrawn" id="withdrawn" role="alert" hidden '
        f'data-version="{esc(version)}"></div>'
    )


def write_dist_index(dist_dir: Path) -> Path:
    """Replace dist/index.html atomically (temp file + rename, like versions.json)."""
    dist_dir = Path(dist_dir)
    path = dist_dir / PAGE
    tmp = dist_dir / f".tmp-{PAGE}-{secrets.token_hex(4)}"
    write.write_file(tmp, build_dist_index(dist_dir).encode("utf-8"))
    os.replace(tmp, path)
    fsync_dir(dist_dir)
    return path
