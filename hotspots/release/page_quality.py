"""The release page's data-quality section: what the release holds back (claims in no fact),
what it could not settle (references and dates taken from context), what awaits review
(discovered entities), and what it covers (facts and claims by predicate and by document), from
the release's own tables in Arrow; only the rows shown become Python rows."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hotspots.release import page_arrow, page_rows
from hotspots.release.page_render import number, render
from hotspots.release.page_rows import Lookup

# A claim's antecedent names each reference it resolved as "'the city' -> city/x (named at a-b)"
# and a date taken from context as "as_of <date>: <where>" (hotspots.extract), joined by "; ".
_REFERENCE = re.compile(r"""('[^']*'|"[^"]*") -> (\S+) \(named at \d+-\d+\)""")


def _column(table: pa.Table, name: str) -> list:
    return table.column(name).to_pylist() if name in table.schema.names else [None] * len(table)


def _counts(table: pa.Table, column: str) -> dict:
    counts = pc.value_counts(page_arrow.column(table, column))
    return dict(
        zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist(), strict=True)
    )


def _unresolved(claims: pa.Table, discovered: pa.Array) -> dict:
    """Claims whose subject or object came by a reference (grouped by phrase and entity), whose
    date came from context, and that are about an entity not in the gazetteer. Only the claims
    that can be any of these (an antecedent naming a reference or a date, an entity among
    `discovered`) are made Python rows."""
    if claims.num_rows:
        text = page_arrow.column(claims, "antecedent")
        maybe = pc.or_(
            pc.or_(
                pc.fill_null(pc.match_substring(text, " -> "), False),
                pc.fill_null(pc.match_substring(text, "as_of "), False),
            ),
            pc.or_(
                page_arrow.is_in(page_arrow.column(claims, "subject_id"), discovered),
                page_arrow.is_in(page_arrow.column(claims, "object_id"), discovered),
            ),
        )
        claims = claims.filter(maybe)
    found = set(discovered.to_pylist())
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
        for entity_id in {subject, obj} & found:
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


# The documents of the coverage table made Python rows this many at a time.
DOCUMENT_BATCH = 1000


def quality_data(
    claims: pa.Table | None,
    facts: pa.Table | list[dict],
    entities: pa.Table | list[dict],
    look: Lookup,
) -> dict:
    """The numbers and lists of the data-quality section, from the release's own tables: claims
    that reached no fact (the build withholds a claim the claim model scores below its threshold;
    the release does not record the threshold or the run's report, so this counts the scored
    claims in no fact), unresolved references (_unresolved), entities found in documents and not
    yet reviewed (source = discovered), and facts and claims by predicate and by document (every
    document: its rows are made Python rows batch by batch as the page is written)."""
    facts, entities = page_arrow.arrow(facts), page_arrow.arrow(entities)
    # (fact row, claim id) of every claim a fact lists: the look-up's, when it holds these facts
    same = facts is look.tables.get("facts")
    links = look.fact_claims if same else page_arrow.split_links(facts)
    found = entities.filter(
        pc.fill_null(pc.equal(page_arrow.column(entities, "source"), "discovered"), False)
    )
    discovered = sorted(
        found.select([c for c in ("entity_id", "name") if c in found.column_names]).to_pylist(),
        key=lambda e: (e["name"].casefold(), e["entity_id"]),
    )
    discovered_ids = page_arrow.column(found, "entity_id")
    q: dict = {
        "claims_total": 0,
        "discovered": discovered,
        **_unresolved(pa.table({}), pa.array([], pa.string())),
    }
    claims_per_pred: dict = {}
    documents = look.tables.get("documents", page_arrow.EMPTY)
    claims_per_doc = np.zeros(documents.num_rows, np.int64)
    facts_per_doc = np.zeros(documents.num_rows, np.int64)
    if claims is not None and claims.num_rows:
        # the claims row of each link (one hash table, of the claim ids; claim_id is the key)
        row = page_arrow.positions(links.column("id"), page_arrow.column(claims, "claim_id"))
        in_facts = np.zeros(claims.num_rows, bool)
        in_facts[pc.drop_null(row).to_numpy(zero_copy_only=False)] = True
        used = pa.array(in_facts)
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
            conf = claims.column("confidence").filter(scored)
            q["low"] = number(round(pc.min(conf).as_py(), 4))
            q["high"] = number(round(pc.max(conf).as_py(), 4))
        q.update(_unresolved(claims, discovered_ids))
        claims_per_pred = _counts(claims, "predicate")
        # each claim's document (its row in the documents table), in numbers from here on
        doc_of_claim = page_arrow.positions(
            page_arrow.column(claims, "document_id"), page_arrow.column(documents, "document_id")
        )
        claims_per_doc = page_arrow.bincount(doc_of_claim, documents.num_rows)
        # the documents of each fact's claims, each counted once per fact
        link_doc = pc.take(doc_of_claim, row)
        found = pc.is_valid(link_doc)
        fact = links.column("row").filter(found).to_numpy().astype(np.int64)
        doc = link_doc.filter(found).to_numpy().astype(np.int64)
        pairs = np.unique(fact * max(1, documents.num_rows) + doc)
        facts_per_doc = np.bincount(
            pairs % max(1, documents.num_rows), minlength=documents.num_rows
        )
    facts_per_pred = _counts(facts, "predicate") if facts.num_rows else {}
    q["by_predicate"] = [
        (p, facts_per_pred.get(p, 0), claims_per_pred.get(p, 0))
        for p in sorted(set(facts_per_pred) | set(claims_per_pred))
    ]
    order = pc.sort_indices(
        pa.table(
            {
                "c": pc.negate(pa.array(claims_per_doc, pa.int64())),
                "t": page_arrow.column(documents, "title"),
                "i": page_arrow.column(documents, "document_id"),
            }
        ),
        sort_keys=[("c", "ascending"), ("t", "ascending"), ("i", "ascending")],
    )
    shown = documents.select(
        [c for c in ("document_id", "title", "url") if c in documents.column_names]
    )

    def by_document() -> Iterator[tuple[dict, int, int]]:
        for start in range(0, len(order), DOCUMENT_BATCH):
            batch = order.slice(start, DOCUMENT_BATCH)
            at = batch.to_numpy()
            rows = shown.take(batch).to_pylist()
            yield from zip(
                rows, claims_per_doc[at].tolist(), facts_per_doc[at].tolist(), strict=True
            )

    q["by_document"] = by_document()
    look.entities.load(
        [r["entity_id"] for r in q["references"]]
        + [r["entity_id"] for r in q["discovered_claims"]]
        + [e["entity_id"] for e in discovered[: page_rows.MAX_CELL_ITEMS]]
    )
    return q


def quality_html(
    claims: pa.Table | None,
    facts: pa.Table | list[dict],
    entities: pa.Table | list[dict],
    look: Lookup,
) -> str:
    """The data-quality section's body (templates/quality.html.j2)."""
    q = quality_data(claims, facts, entities, look)
    return render("quality.html.j2", q=q, look=look, cap=page_rows.MAX_CELL_ITEMS)
