"""FROZEN REFERENCE for tests/test_page_arrow.py only, not shipped: hotspots/release/page.py
as it was at commit 927b2fc (stop 26), before the page's data path moved to Arrow (every table
made Python rows whole). The equivalence test renders pages with it and with
hotspots.release.page and wants the same bytes. Delete both with that test once settled.

index.html: each release as a page a person can read, and `dist/index.html` listing them all.

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
reads the release and chooses the rows of long tables. The publisher writes the page before
SHA256SUMS, which lists it.

Safety: every text from the data is escaped by the templates (markupsafe); a URL becomes a link
only when it starts with http:// or https://; nothing from the data reaches the script, which
only sorts and filters rows rendered here.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import page_v1_rows as page_rows
import pyarrow as pa
import pyarrow.compute as pc
from markupsafe import Markup
from page_v1_rows import (  # noqa: F401  (read_release, Chosen: the page's API)
    WHOLE_TABLES,
    Chosen,
    Lookup,
    Release,
    choose_rows,
    read_claims,
    read_release,
)

from hotspots.release import archive, dataset, write
from hotspots.release.page_chart import chart_data
from hotspots.release.page_map import entity_map
from hotspots.release.page_render import (  # noqa: F401  (esc, link, md_inline, plural: the page's API)
    _JINJA,
    TEMPLATES,
    card_html,
    esc,
    link,
    macro,
    markdown,
    md_inline,
    number,
    plural,
    render,
    size_text,
    split_ids,
    table_count,
)
from hotspots.release.registry import (
    SUMS,
    fsync_dir,
    is_withdrawn,
    sha256_file,
    withdrawn_note,
)

PAGE = "index.html"
ASSETS = TEMPLATES.with_name("page_assets")  # the shipped assets
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
    naming_case = macro("naming_case")
    return [str(naming_case(look, case)) for case in naming_data(conflicts, relations, look)]


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
            {"phrase": p, "entity_id": e, "ids": sorted(c)}
            for (p, e), c in ranked[: page_rows.MAX_CELL_ITEMS]
        ],
        "more_references": max(0, len(ranked) - page_rows.MAX_CELL_ITEMS),
        "about_discovered": len({c for cs in about.values() for c in cs}),
        "discovered_claims": [
            {"entity_id": e, "ids": sorted(about[e])}
            for e in sorted(about)[: page_rows.MAX_CELL_ITEMS]
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
    return render("quality.html.j2", q=q, look=look, cap=page_rows.MAX_CELL_ITEMS)


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
    claims = read_claims(release_dir, rel.package, written)
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


def write_dist_index(dist_dir: Path) -> Path:
    """Replace dist/index.html atomically (temp file + rename, like versions.json)."""
    dist_dir = Path(dist_dir)
    path = dist_dir / PAGE
    tmp = dist_dir / f".tmp-{PAGE}-{secrets.token_hex(4)}"
    write.write_file(tmp, build_dist_index(dist_dir).encode("utf-8"))
    os.replace(tmp, path)
    fsync_dir(dist_dir)
    return path
