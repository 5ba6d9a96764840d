"""The release as the page reads it (read_release: its tables in Arrow; Lookup: rows by id and the
links between tables); which rows a long table shows is page_choose's (at most MAX_ROWS per
table, chosen for a reader, in an order that only depends on the data).

No table is made Python objects whole (issue #21: at 10,000 documents that was +270 MiB, the
publisher's peak): counts, links and the choice of rows are computed in Arrow, and only the rows
the page shows, and those they refer to, become Python dicts (Rows: loaded in bulk for the ids a
section shows, one at a time for any other)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from hotspots.release import write
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
)
from hotspots.release.page_render import split_ids

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


def _key(table: pa.Table, names: Iterable[str]) -> pa.Array:
    """One string per row standing for the tuple of `names` (None distinct from any text)."""
    parts = [
        pc.fill_null(pc.binary_join_element_wise("v", column(table, n), ""), "n") for n in names
    ]
    return pc.binary_join_element_wise(*parts, "\x1f")


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
    tables: dict[str, pa.Table]


def read_release(
    release_dir: Path,
    names: Iterable[str] | None = None,
    written: Mapping[str, pa.Table] | None = None,
) -> Release:
    """The release's metadata and its tables in Arrow: every table, or those `names`.
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
        r["name"]: _table(release_dir, r, written)
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


class Rows(Mapping):
    """The rows of an Arrow table by a key column, made Python dicts only when asked for: in
    bulk (`load`) for the ids a section shows, else one at a time. A key written twice gives
    its last row (as a dict built over the rows would)."""

    def __init__(self, table: pa.Table | Iterable[dict] | None, key: str) -> None:
        self.table = arrow(table)
        self.key = key
        self._rows: dict[str, dict] = {}
        self._absent: set = set()

    def load(self, ids: Iterable) -> None:
        wanted = [
            i
            for i in {i for i in ids if isinstance(i, str)}
            if i not in self._rows and i not in self._absent
        ]
        if not wanted:
            return
        if self.key in self.table.column_names:
            keys = column(self.table, self.key)
            for row in self.table.filter(is_in(keys, strings(wanted))).to_pylist():
                self._rows[row[self.key]] = row
        self._absent.update(i for i in wanted if i not in self._rows)

    def __getitem__(self, key):
        if key not in self._rows and key not in self._absent:
            if not isinstance(key, str):
                raise KeyError(key)
            self.load([key])
        if key in self._rows:
            return self._rows[key]
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:  # every key: not used by the page
        return iter(pc.unique(column(self.table, self.key)).drop_null().to_pylist())

    def __len__(self) -> int:
        return len(pc.unique(column(self.table, self.key)).drop_null())


class Lookup:
    """Rows by id, and the links between tables that the page follows. Built from the release's
    Arrow tables (or Python rows): what the page needs of every row is computed in Arrow
    (facts per entity, the fact a conflict is about, claims per document); the dicts hold only
    the rows shown and those they refer to (choose_rows fills them)."""

    def __init__(self, tables: Mapping[str, pa.Table | Iterable[dict]]) -> None:
        self.tables = {name: arrow(rows) for name, rows in tables.items()}
        t = self.tables
        facts = t.get("facts", EMPTY)
        # Entities and documents by id: the columns a reference to one shows (a name, a type;
        # a source's title, url and publisher); the rows of their own tables come from
        # choose_rows, whole.
        self.entities = Rows(
            only_columns(t.get("entities"), "entity_id", "name", "type"), "entity_id"
        )
        self.documents = Rows(
            only_columns(t.get("documents"), "document_id", "title", "url", "publisher"),
            "document_id",
        )
        # The claims the page quotes (choose_rows: those shown and those the facts' evidence
        # quotes).
        self.claims: Mapping[str, dict] = Rows(t["claims"], "claim_id") if "claims" in t else {}
        # (fact row, claim id) for every claim a fact lists.
        self.fact_claims = split_links(facts)
        # Facts per entity (as subject, or as object): small, one count per entity in a fact.
        entity_ids = pa.chunked_array(
            [
                column(facts, "subject_id"),
                column(facts, "object_id").filter(
                    pc.fill_null(pc.not_equal(column(facts, "object_id"), ""), False)
                ),
            ],
            pa.string(),
        )
        counts = pc.value_counts(entity_ids)
        self.entity_fact_counts = counts
        self.facts_of_entity: Counter = Counter(
            dict(
                zip(
                    counts.field("values").to_pylist(),
                    counts.field("counts").to_pylist(),
                    strict=True,
                )
            )
        )
        # A value conflict is about the fact with the same subject, predicate and as_of (the
        # last such fact, as a dict over the facts would give): the fact's row per conflict.
        conflicts = t.get("conflicts", EMPTY)
        key_names = ("subject_id", "predicate", "as_of")
        fact_keys = _key(facts, key_names)
        found = positions(_key(conflicts, key_names), fact_keys[::-1])
        self.fact_of_conflict = pc.subtract(pa.scalar(facts.num_rows - 1, pa.int64()), found)
        # Filled by choose_rows for the rows shown (their facts, conflicts and claims):
        self.fact_of_key: dict[tuple, str] = {}
        self.conflicts_of_fact: dict[str, list[str]] = {}
        self.facts_of_claim: dict[str, list[str]] = {}
        self.aliases: dict[str, list[dict]] = defaultdict(list)
        self._claims_per_document: dict[str, int] = {}
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

    def claims_per_document(self, claims: pa.Table | None) -> np.ndarray:
        """Claims per row of the documents table (by document_id)."""
        documents = self.tables.get("documents", EMPTY)
        if claims is None or not claims.num_rows:
            return np.zeros(documents.num_rows, np.int64)
        where = positions(column(claims, "document_id"), column(documents, "document_id"))
        return bincount(where, documents.num_rows)

    def document_order(self, document_ids: Iterable[str]) -> dict[str, int]:
        """Each of these documents' place among all documents in title order."""
        documents = self.tables.get("documents", EMPTY)
        by_title = column(documents, "document_id").take(
            pc.sort_indices(
                pa.table({"t": column(documents, "title")}), sort_keys=[("t", "ascending")]
            )
        )
        wanted = strings(document_ids)
        where = positions(wanted, by_title)
        return {
            d: i
            for d, i in zip(wanted.to_pylist(), where.to_pylist(), strict=True)
            if i is not None
        }

    def claims_of_document(self, document_id: str) -> int:
        return self._claims_per_document.get(document_id, 0)

    def fill(self, facts: list[dict], conflicts: list[dict], claim_ids: Iterable[str]) -> None:
        """The links of the rows shown: each shown fact's conflicts, each shown conflict's fact,
        each shown claim's facts."""
        t = self.tables
        facts_table, conflicts_table = t.get("facts", EMPTY), t.get("conflicts", EMPTY)
        fact_ids = column(facts_table, "fact_id")
        shown_facts = strings(f["fact_id"] for f in facts)
        conflict_fact = pc.take(fact_ids, self.fact_of_conflict)
        about = is_in(conflict_fact, shown_facts)
        pairs = pa.table({"f": conflict_fact, "c": column(conflicts_table, "conflict_id")}).filter(
            about
        )
        conflicts_of_fact: dict[str, list[str]] = defaultdict(list)
        for fact_id, conflict_id in zip(
            pairs.column("f").to_pylist(), pairs.column("c").to_pylist(), strict=True
        ):
            conflicts_of_fact[fact_id].append(conflict_id)
        self.conflicts_of_fact = conflicts_of_fact
        shown_conflicts = strings(c["conflict_id"] for c in conflicts)
        mine = is_in(column(conflicts_table, "conflict_id"), shown_conflicts)
        keyed = pa.table(
            {
                "s": column(conflicts_table, "subject_id"),
                "p": column(conflicts_table, "predicate"),
                "a": column(conflicts_table, "as_of"),
                "f": conflict_fact,
            }
        ).filter(pc.and_(mine, pc.is_valid(conflict_fact)))
        self.fact_of_key = {(r["s"], r["p"], r["a"]): r["f"] for r in keyed.to_pylist()}
        links = self.fact_claims
        wanted = links.filter(is_in(links.column("id"), strings(claim_ids)))
        facts_of_claim: dict[str, list[str]] = defaultdict(list)
        fact_of_row = pc.take(fact_ids, wanted.column("row")).to_pylist()
        for claim_id, fact_id in zip(wanted.column("id").to_pylist(), fact_of_row, strict=True):
            facts_of_claim[claim_id].append(fact_id)
        self.facts_of_claim = facts_of_claim

    def load_aliases(self, entity_ids: Iterable[str]) -> None:
        aliases = self.tables.get("aliases", EMPTY)
        if not aliases.num_rows:
            return
        mine = aliases.filter(is_in(column(aliases, "entity_id"), strings(entity_ids)))
        for a in mine.to_pylist():
            self.aliases[a["entity_id"]].append(a)


# --- which rows a long table shows ---------------------------------------------------------------

# The tables the page reads (as Arrow: only the rows it shows become Python rows); mentions are
# not on the page.
WHOLE_TABLES = (
    "facts",
    "conflicts",
    "entities",
    "aliases",
    "cluster_rankings",
    "documents",
    "relations",
)


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
