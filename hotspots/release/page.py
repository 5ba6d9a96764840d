"""index.html: each release as a page a person can read, and `dist/index.html` listing them all.

The release page is one self-contained file: inline CSS and JS from `page_assets/`, no external
request (its Content-Security-Policy allows only its own style and script, by hash), readable
from file:// or any static server. It is generated from the files of the release directory
alone (the Parquet tables, datapackage.json, build.json, README.md, CHANGELOG.md), so the same
release always gives the same bytes; the only date it shows is the release date.

It holds, in this order: the title; how to cite the version; the downloads (the zip of the whole
release first, then the flat facts_simple table and the facts); "At a glance" (counts, the names
a reader could confuse, from the release's name conflicts and relations; the WIPO ranks of the
Chinese clusters by edition and a map of the entities with coordinates, inline SVG from
page_chart and page_map); sortable, filterable tables (facts, with their claims, quotes and source
URLs; conflicts; claims; entities; cluster rankings; documents); data quality (claims withheld,
unresolved references, entities awaiting review, coverage by predicate and by document); the
dataset card; the data dictionary (datapackage.json, generated from schemas/); the changelog
(card and changelog: markdown through markdown-it-py, page_render).

The HTML is in Jinja2 templates (templates/: page.html.j2 the skeleton, one template per section,
shared pieces in macros.html.j2; autoescaped); this module computes what they show, page_rows
reads the release, page_choose chooses the rows of long tables, page_glance and page_quality
compute their sections, page_index writes dist/index.html. The publisher writes the page before
SHA256SUMS, which lists it.

Safety: every text from the data is escaped by the templates (markupsafe); a URL becomes a link
only when it starts with http:// or https://; nothing from the data reaches the script, which
only sorts and filters rows rendered here.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from markupsafe import Markup

from hotspots.ops.memory import mark
from hotspots.release import archive, dataset, page_arrow, page_rows
from hotspots.release.page_chart import chart_data
from hotspots.release.page_choose import Chosen, choose_rows  # noqa: F401  (Chosen: the page's API)
from hotspots.release.page_glance import glance_html, naming_data
from hotspots.release.page_map import entity_map
from hotspots.release.page_quality import quality_html
from hotspots.release.page_render import (  # noqa: F401  (esc, link, md_inline, plural: the page's API)
    _JINJA,
    PAGE,
    TEMPLATES,
    card_html,
    esc,
    link,
    macro,
    markdown,
    md_inline,
    number,
    page_assets,
    plural,
    render,
    size_text,
    split_ids,
    table_count,
)
from hotspots.release.page_rows import WHOLE_TABLES, Lookup, read_claims, read_release
from hotspots.release.registry import (
    SUMS,
    sha256_file,
)

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


def _claims_order(look: Lookup, rows: list[dict]) -> Callable[[dict], tuple]:
    """Claims by document (in title order), then by position in it."""
    docs = look.document_order(r["document_id"] for r in rows)
    last = look.tables.get("documents", page_arrow.EMPTY).num_rows
    return lambda r: (docs.get(r["document_id"], last), r["char_start"], r["claim_id"])


def table_html(name: str, rows: list[dict], look: Lookup, note: str = "") -> Markup:
    """One of the page's sortable, filterable tables (templates/tables.html.j2); `note`, if
    any, goes above it (see cut_note)."""
    order = _claims_order(look, rows) if name == "claims" else ROW_ORDER[name](look)
    return render(
        "tables.html.j2",
        name=name,
        rows=sorted(rows, key=order),
        look=look,
        note=Markup(note),
        row_id=ROW_ID[name],
        cap=page_rows.MAX_CELL_ITEMS,
    )


# --- chart: WIPO ranks of the Chinese clusters by edition (page_chart) ------------------------


def rank_chart(rankings: list[dict], look: Lookup) -> tuple[str, str]:
    """(SVG, caption): one point per Chinese cluster and edition, lines across editions."""
    chart = chart_data(rankings, look)
    svg = render("rank_chart.svg.j2", c=chart)
    return svg, chart["caption"] if chart else ""


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


def _html(build: Callable[[], str]) -> Callable[[], Markup]:
    """A section body built when the template reaches it (one table at a time in memory)."""
    return lambda: Markup(build())


def release_page_parts(
    release_dir: Path, written: Mapping[str, pa.Table] | None = None
) -> Iterator[str]:
    """The release's index.html in pieces, from its files (everything but index.html and
    SHA256SUMS): the template is rendered as a stream, the page never held whole. `written`:
    the publisher's Arrow tables of the release's Parquet files, used instead of reading them
    back (the same rows; at 10,000 documents the claims alone are 75 MiB of Arrow)."""
    release_dir = Path(release_dir)
    rel = read_release(release_dir, WHOLE_TABLES, written)
    look = Lookup(rel.tables)
    t = rel.tables
    empty = page_arrow.EMPTY
    claims = read_claims(release_dir, rel.package, written)
    chosen = choose_rows(t, claims, look)
    shown, notes = chosen.rows, chosen.notes
    # The chart draws every Chinese cluster's ranks, the map every entity with coordinates.
    rankings = t.get("cluster_rankings", empty)
    chinese = (
        rankings.filter(pc.fill_null(pc.equal(rankings.column("country_code"), "CN"), False))
        if rankings.num_rows
        else empty
    ).to_pylist()
    look.entities.load(r["cluster_id"] for r in chinese)
    chart, chart_caption = rank_chart(chinese, look)
    entities = t.get("entities", empty)
    located = (
        entities.filter(
            pc.and_(pc.is_valid(entities.column("lat")), pc.is_valid(entities.column("lon")))
        )
        if entities.num_rows
        else empty
    ).to_pylist()
    world, map_caption = entity_map(located, look)
    readme = release_dir / "README.md"
    changelog = release_dir / "CHANGELOG.md"
    disputed = page_arrow.count_equal(t.get("facts", empty), "status", "disputed")
    css, js, csp = page_assets(script=True)

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
        "sections": SECTIONS,
        "citation": citation_html(release_dir),
        "downloads": files_html(release_dir, rel.version),
        "glance": glance_html(
            rel,
            t.get("facts", empty),
            naming_data(t.get("conflicts", empty), t.get("relations", empty), look),
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
            lambda: _marked(
                "page: card",
                card_html(readme.read_text(encoding="utf-8")) if readme.is_file() else "",
            )
        ),
        "quality": _html(
            lambda: _marked(
                "page: quality",
                quality_html(claims, t.get("facts", empty), t.get("entities", empty), look),
            )
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


def _marked(step: str, html: str) -> str:
    mark(step)  # the page's costly sections, each a step of publish's memory (ops.memory.mark)
    return html


def build_release_page(release_dir: Path, written: Mapping[str, pa.Table] | None = None) -> str:
    """The release's index.html, from its files (everything but index.html and SHA256SUMS)."""
    return "".join(release_page_parts(release_dir, written))


def write_release_page(release_dir: Path, written: Mapping[str, pa.Table] | None = None) -> Path:
    """Write `release_dir/index.html` (before SHA256SUMS is written, so that it is listed), piece
    by piece, and fsync it like every file of a release. `written`: see `release_page_parts`."""
    path = Path(release_dir) / PAGE
    with open(path, "wb") as fh:
        for part in release_page_parts(release_dir, written):
            fh.write(part.encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())
    return path
