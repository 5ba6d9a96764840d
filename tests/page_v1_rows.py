"""FROZEN REFERENCE for tests/test_page_arrow.py only, not shipped: hotspots/release/page_rows.py
as it was at commit 927b2fc (stop 26), before the page's data path moved to Arrow (every table
made Python rows whole). The equivalence test renders pages with it and with
hotspots.release.page and wants the same bytes. Delete both with that test once settled.

The release as the page reads it (read_release, Lookup: rows by id and the links between
tables) and which rows a long table shows (choose_rows): at most MAX_ROWS per table, chosen for a
reader, in an order that only depends on the data."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from hotspots.release import write
from hotspots.release.page_render import macro, split_ids

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


def read_release(
    release_dir: Path,
    names: Iterable[str] | None = None,
    written: Mapping[str, pa.Table] | None = None,
) -> Release:
    """The release's metadata and its tables as lists of rows: every table, or those `names`.
    `written`: the Arrow tables the publisher has just written into the release's Parquet
    files, taken instead of decoding those files again (a second copy of every table).

    Version, date and bump come from build.json and row counts from the Parquet footers, not
    from diff.json: a first release's diff lists every row added (40 MB of JSON at 10,000
    documents, ~250 MiB parsed) and the page needs none of it."""
    release_dir = Path(release_dir)
    release = json.loads((release_dir / "build.json").read_text(encoding="utf-8"))["release"]
    package = json.loads((release_dir / "datapackage.json").read_text(encoding="utf-8"))
    parquet = [r for r in package["resources"] if r.get("format") == "parquet"]
    wanted = None if names is None else set(names)
    tables = {
        r["name"]: _table(release_dir, r, written).to_pylist()
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


def read_claims(
    release_dir: Path, package: dict, written: Mapping[str, pa.Table] | None = None
) -> pa.Table | None:
    for r in package["resources"]:
        if r.get("format") == "parquet" and r["name"] == "claims":
            return _table(release_dir, r, written)
    return None


def _table(release_dir: Path, resource: dict, written: Mapping[str, pa.Table] | None) -> pa.Table:
    if written is not None and resource["name"] in written:
        return written[resource["name"]]
    return write.read_parquet(release_dir / resource["path"])


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


def cut_note(table: str, shown: int, total: int, which: str) -> str:
    """What a table shown in part says above it: how many rows, which, and where the rest is."""
    if shown >= total:
        return ""
    return str(macro("cut_note")(table, shown, total, which))
