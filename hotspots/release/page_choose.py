"""Which rows a long table of the release page shows (choose_rows): at most MAX_ROWS per table,
chosen for a reader (WHICH says how), in an order that only depends on the data, computed in
Arrow; the claims the page quotes are loaded into the look-up, and the note above each table
shown in part says which rows it shows (cut_note)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from hotspots.release import page_rows
from hotspots.release.page_arrow import (
    EMPTY,
    arrow,
    bincount,
    column,
    is_in,
    only_columns,
    positions,
    split_links,
    strings,
    top,
)
from hotspots.release.page_render import macro, split_ids
from hotspots.release.page_rows import Lookup

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


def _claim_counts(table: pa.Table, links: pa.Table | None = None) -> pa.Array:
    """The number of claim ids (split_ids) of each row of `table`."""
    links = split_links(table) if links is None else links
    return pa.array(bincount(links.column("row"), table.num_rows))


def choose_rows(
    tables: Mapping[str, pa.Table | Iterable[dict]], claims: pa.Table | None, look: Lookup
) -> Chosen:
    """At most MAX_ROWS rows per table, chosen for a reader (see WHICH), in an order that only
    depends on the data. Fills `look.claims` with the claims the page quotes, `look.shown`
    with the rows of the tables shown in part, so that no link points to a row left out, and
    the look-ups of the rows shown."""
    chosen = Chosen({}, {})
    t = {name: arrow(rows) for name, rows in tables.items()}

    def keep(name: str, rows: list[dict], total: int, prefix: str = "", key: str = "") -> list:
        chosen.rows[name] = rows
        if total > len(rows):
            chosen.notes[name] = cut_note(name, len(rows), total, WHICH[name])
            if prefix:
                look.shown[prefix] = {r[key] for r in rows}
        return rows

    rankings_table = t.get("cluster_rankings", EMPTY)
    rankings = keep(
        "cluster_rankings",
        top(
            rankings_table,
            [
                pc.negate(column(rankings_table, "edition", pa.int64())),
                column(rankings_table, "rank", pa.int64()),
                column(rankings_table, "cluster_id"),
            ],
            page_rows.MAX_ROWS,
        ),
        rankings_table.num_rows,
    )
    facts_table = t.get("facts", EMPTY)
    fact_ids = column(facts_table, "fact_id")
    conflicts_of_row = pa.array(bincount(look.fact_of_conflict, facts_table.num_rows))
    facts = keep(
        "facts",
        top(
            facts_table,
            [
                pc.invert(is_in(fact_ids, strings(r["fact_id"] for r in rankings))),
                pc.negate(_claim_counts(facts_table, look.fact_claims)),
                pc.negate(conflicts_of_row),
                fact_ids,
            ],
            page_rows.MAX_ROWS,
        ),
        facts_table.num_rows,
        "f-",
        "fact_id",
    )
    shown_facts = strings(f["fact_id"] for f in facts)
    conflicts_table = t.get("conflicts", EMPTY)
    conflict_fact = pc.take(fact_ids, look.fact_of_conflict)
    conflicts = keep(
        "conflicts",
        top(
            conflicts_table,
            [
                pc.fill_null(pc.equal(column(conflicts_table, "kind"), "value"), False),
                pc.invert(is_in(conflict_fact, shown_facts)),
                pc.negate(_claim_counts(conflicts_table)),
                column(conflicts_table, "conflict_id"),
            ],
            page_rows.MAX_ROWS,
        ),
        conflicts_table.num_rows,
        "x-",
        "conflict_id",
    )
    _choose_claims(claims, facts, conflicts, look, chosen)
    entities_table = t.get("entities", EMPTY)
    entity_ids = column(entities_table, "entity_id")
    located = pc.and_(
        pc.is_valid(column(entities_table, "lat", pa.float64())),
        pc.is_valid(column(entities_table, "lon", pa.float64())),
    )
    counts = look.entity_fact_counts
    n_facts = pc.fill_null(
        pc.take(counts.field("counts"), positions(entity_ids, counts.field("values"))), 0
    )
    entities = keep(
        "entities",
        top(
            entities_table,
            [pc.invert(located), pc.negate(n_facts)],
            page_rows.MAX_ROWS,
            tail=lambda e: (e["name"].casefold(), e["entity_id"]),
        ),
        entities_table.num_rows,
        "e-",
        "entity_id",
    )
    documents_table = t.get("documents", EMPTY)
    per_document = look.claims_per_document(claims)
    documents = keep(
        "documents",
        top(
            documents_table,
            [
                pc.negate(pa.array(per_document)),
                column(documents_table, "title"),
                column(documents_table, "document_id"),
            ],
            page_rows.MAX_ROWS,
        ),
        documents_table.num_rows,
        "d-",
        "document_id",
    )
    shown_documents = {d["document_id"] for d in documents}
    mine = is_in(column(documents_table, "document_id"), strings(shown_documents))
    look._claims_per_document = dict(
        zip(
            column(documents_table, "document_id").filter(mine).to_pylist(),
            per_document[mine.to_numpy(zero_copy_only=False)].tolist(),
            strict=True,
        )
    )
    # The look-ups of the rows shown.
    look.fill(facts, conflicts, [c["claim_id"] for c in chosen.rows["claims"]])
    look.load_aliases(e["entity_id"] for e in entities)
    quoted = list(look.claims.values()) if isinstance(look.claims, dict) else []
    look.documents.load([c["document_id"] for c in quoted] + list(shown_documents))
    shown_claims = chosen.rows["claims"]
    look.entities.load(
        [r.get(k) for r in [*facts, *conflicts, *shown_claims] for k in ("subject_id", "object_id")]
        + [e.get("parent_id") for e in entities]
        + [r.get("cluster_id") for r in rankings]
    )
    return chosen


def _choose_claims(
    claims: pa.Table | None,
    facts: list[dict],
    conflicts: list[dict],
    look: Lookup,
    chosen: Chosen,
) -> None:
    if claims is None or claims.num_rows <= page_rows.MAX_ROWS:
        rows = claims.to_pylist() if claims is not None else []
        look.claims = {c["claim_id"]: c for c in rows}
        chosen.rows["claims"] = rows
        return
    # The claims each shown fact and conflict lists on the page, in the order they are chosen.
    lists = [split_ids(f["claim_ids"])[: page_rows.MAX_CELL_ITEMS] for f in facts]
    lists += [split_ids(c["claim_ids"])[: page_rows.MAX_CELL_ITEMS] for c in conflicts]
    listed = sorted({i for ids in lists for i in ids})
    ids = claims.column("claim_id")
    present = set(ids.filter(pc.is_in(ids, value_set=pa.array(listed, pa.string()))).to_pylist())
    picked: dict[str, None] = {}
    for depth in range(max((len(x) for x in lists), default=0)):
        for x in lists:
            if depth < len(x) and x[depth] in present and len(picked) < page_rows.MAX_ROWS:
                picked.setdefault(x[depth])
    if (
        len(picked) < page_rows.MAX_ROWS
    ):  # then the claims in the table's own order (document, position)
        documents = look.tables.get("documents", EMPTY)
        titles = column(documents, "document_id").take(
            pc.sort_indices(
                pa.table({"t": column(documents, "title")}), sort_keys=[("t", "ascending")]
            )
        )
        doc_rank = pc.fill_null(
            pc.index_in(column(claims, "document_id"), value_set=titles), len(titles)
        )
        order = pc.sort_indices(
            pa.table(
                {"d": doc_rank, "s": claims.column("char_start"), "c": claims.column("claim_id")}
            ),
            sort_keys=[("d", "ascending"), ("s", "ascending"), ("c", "ascending")],
        )
        first = pc.take(claims.column("claim_id"), order.slice(0, page_rows.MAX_ROWS + len(picked)))
        for claim_id in first.to_pylist():
            if len(picked) < page_rows.MAX_ROWS:
                picked.setdefault(claim_id)
    # The claims shown, whole, and the others the facts' evidence quotes: what a quote shows.
    rows = {c["claim_id"]: c for c in claims.filter(is_in(ids, strings(picked))).to_pylist()}
    quoted = {i for x in lists[: len(facts)] for i in x if i in present} - rows.keys()
    evidence = only_columns(claims, "claim_id", "document_id", "quote", "char_start", "char_end")
    look.claims = {
        **{c["claim_id"]: c for c in evidence.filter(is_in(ids, strings(quoted))).to_pylist()},
        **rows,
    }
    chosen.rows["claims"] = [rows[i] for i in picked]
    look.shown["c-"] = set(picked)
    chosen.notes["claims"] = cut_note("claims", len(picked), claims.num_rows, WHICH["claims"])


# The page's skeleton is a Jinja2 template (autoescape on); the section bodies are still built
# in Python (the functions above, which escape every text from the data) and passed as Markup.


def cut_note(table: str, shown: int, total: int, which: str) -> str:
    """What a table shown in part says above it: how many rows, which, and where the rest is."""
    if shown >= total:
        return ""
    return str(macro("cut_note")(table, shown, total, which))
