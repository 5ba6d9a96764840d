"""Tables a release derives at publish from the pipeline's tables (issue 20).

- `predicates`: the predicate dictionary (schemas/predicates.yaml) as data, so that a release
  explains its own predicates: label, kind (actual, target, rank, ...), unit and caveats.
- `facts.first_seen` / `facts.last_changed`: the versions a fact first appeared and last changed
  in, carried over from the previous release (a release made before these columns existed gets
  them from the releases before it, oldest first): derive_history.py.
- `facts_simple`: one flat row per fact with names instead of ids, the predicate's label, the
  value as a reader would write it and the first source (chosen in derive_sources.py): the table
  to open in a spreadsheet.

Plain functions on pandas frames and Arrow tables; `publish` calls them and validates the result
against schemas/tables.py like every other table.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from hotspots.release import contract, write
from hotspots.release.contract import ReleaseError
from hotspots.release.derive_history import (  # noqa: F401 - re-exported: tests call derive.<name>
    HISTORY,
    add_history,
    previous_history,
)
from hotspots.release.derive_sources import first_sources
from hotspots.release.write import format_float
from schemas.predicates import Predicate, predicates

COMPARATOR_WORDS = {
    "eq": "",
    "gt": "more than ",
    "gte": "at least ",
    "lt": "less than ",
    "lte": "at most ",
    "approx": "about ",
}
UNIT_FORMS = {
    "percent": "{}%",
    "percent_of_gdp": "{}% of GDP",
    "rank": "rank {}",
    "count": "{}",
    "count_per_year": "{} per year",
    "km2": "{} km²",
}
NO_VALUE = "(not stated)"


# --- the predicate dictionary ---------------------------------------------------------------


def predicates_table(vocabulary: dict[str, Predicate] | None = None) -> pd.DataFrame:
    """The published vocabulary, one row per predicate in name order."""
    vocab = predicates() if vocabulary is None else vocabulary
    rows = []
    for name in sorted(vocab):
        p = vocab[name]
        rows.append(
            {
                "predicate": name,
                "label": p.label,
                "kind": p.kind,
                "description": p.description,
                "value_type": p.value_type,
                "unit": p.unit,
                "subject_types": ";".join(p.subject_types),
                "object_types": ";".join(p.object_types) or None,
                "caveats": p.caveats,
            }
        )
    return pd.DataFrame(rows, columns=list(_predicate_columns()))


def _predicate_columns() -> list[str]:
    from schemas.tables import PredicateMeanings

    return list(PredicateMeanings.to_schema().columns)


# --- facts_simple ---------------------------------------------------------------------------


def number_words(value: float) -> str:
    """A number as a reader writes it: 60000000000 -> '60 billion', 1500000 -> '1.5 million'."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{format_float(round(value / size, 6))} {word}"
    return format_float(value)


def value_phrase(value, unit: str | None, comparator: str | None) -> str:
    """'more than 90', 'about 20%', 'rank 2', '60 billion USD'."""
    number = number_words(float(value))
    form = UNIT_FORMS.get(unit or "count")
    text = form.format(number) if form else f"{number} {unit}"
    return COMPARATOR_WORDS.get(comparator or "eq", "") + text


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value))


def object_or_value(row: dict, vocab: dict[str, Predicate], names: dict[str, str]) -> str:
    """The fact's object (its name) or value (with comparator and unit), in words."""
    p = vocab.get(row["predicate"])
    text = row.get("value_text")
    obj = names.get(row["object_id"], row["object_id"]) if _present(row.get("object_id")) else None
    if _present(row.get("value")):
        phrase = value_phrase(row["value"], row.get("unit"), row.get("comparator"))
        # A target's value alone ("7") does not say what is targeted: value_text does.
        if p is not None and p.kind == "target" and _present(text) and text != phrase:
            phrase += f" ({text})"
        return f"{phrase}, {obj}" if obj else phrase
    if obj:
        return obj
    return text if _present(text) and text else NO_VALUE


def facts_simple(
    facts: pd.DataFrame,
    entities: pd.DataFrame,
    claims: pd.DataFrame | pa.Table,
    documents: pd.DataFrame | pa.Table,
    vocabulary: dict[str, Predicate] | None = None,
    quotes: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One readable row per fact (see schemas/tables.py FactsSimple), in fact_id order. The
    source's quote comes from `claims.quote`, or from `quotes` (claim_id -> quote) when the
    caller keeps the quotes out of `claims` (a release's claims are 100s of MB of them).
    `claims` and `documents` may be Arrow tables (a release's, not made pandas objects)."""
    from schemas.tables import FactsSimple

    columns = list(FactsSimple.to_schema().columns)
    vocab = predicates() if vocabulary is None else vocabulary
    if facts.empty:
        return pd.DataFrame(columns=columns)
    names = dict(zip(entities["entity_id"], entities["name"], strict=True))
    types = dict(zip(entities["entity_id"], entities["type"], strict=True))
    first, n_sources = first_sources(facts, claims, documents)
    missing = sorted(set(facts["fact_id"]) - set(first))
    if missing:
        raise ReleaseError(
            f"facts_simple: {len(missing)} fact(s) have no claim with a document, e.g. {missing[:3]}"
        )
    data: dict[str, list] = {c: [] for c in columns}
    wanted = ["fact_id", "subject_id", "predicate", "object_id", "value", "value_text", "unit"]
    wanted += ["comparator", "as_of", "status"] + (["combined"] if "combined" in facts else [])
    ordered = facts.sort_values("fact_id")[wanted]
    # a batch of facts as Python rows at a time, and the output kept as columns: every fact as
    # a dict in and as a dict out were ~120 MiB at 20,000 documents, much of it kept by the heap
    for start in range(0, len(ordered), write.ROW_BATCH):
        for fact in ordered.iloc[start : start + write.ROW_BATCH].to_dict("records"):
            fid = fact["fact_id"]
            source = first[fid]
            p = vocab[fact["predicate"]]
            row = {
                "fact_id": fid,
                "subject_id": fact["subject_id"],
                "subject_name": names[fact["subject_id"]],
                "subject_type": types[fact["subject_id"]],
                "predicate": fact["predicate"],
                "predicate_label": p.label,
                "kind": "combined" if bool(fact.get("combined")) else p.kind,
                "object_or_value": object_or_value(fact, vocab, names),
                "value": fact["value"],
                "unit": fact["unit"],
                "as_of": fact["as_of"],
                "status": fact["status"],
                "n_sources": int(n_sources[fid]),
                "source_title": source["title"],
                "source_publisher": source["publisher"],
                "source_url": source["url"],
                "source_quote": None,  # filled below for the chosen claims only
                "claim_id": source["claim_id"],
            }
            for column in columns:
                data[column].append(row[column])
    out = pd.DataFrame(data, columns=columns)
    out["n_sources"] = out["n_sources"].astype("int64")
    if quotes is None:
        quotes = _quotes(claims, out["claim_id"])
    out["source_quote"] = out["claim_id"].map(quotes)
    return out


def _quotes(claims: pd.DataFrame | pa.Table, claim_ids: pd.Series) -> dict[str, str]:
    """claim_id -> quote of the claims `claim_ids` (only these become Python strings)."""
    if isinstance(claims, pd.DataFrame):
        claims = claims[claims["claim_id"].isin(claim_ids)]
        return dict(zip(claims["claim_id"], claims["quote"], strict=True))
    chosen = claims.filter(pc.is_in(claims["claim_id"], value_set=pa.array(claim_ids, pa.string())))
    return dict(zip(chosen["claim_id"].to_pylist(), chosen["quote"].to_pylist(), strict=True))


# --- the whole release ----------------------------------------------------------------------


def release_tables(arrow: dict[str, pa.Table], facts: pa.Table) -> dict[str, pa.Table]:
    """Every table of a release as Arrow, in contract order, from the pipeline's (`arrow`) and
    the facts with their history columns (`add_history`): the derived tables computed here."""
    frames = {name: write.to_frame(arrow[name]) for name in ("facts", "entities")}
    # the claims and documents stay Arrow: only each fact's first source becomes Python objects
    simple = facts_simple(frames["facts"], frames["entities"], arrow["claims"], arrow["documents"])
    derived = {"facts": facts, "predicates": predicates_table(), "facts_simple": simple}
    return {
        name: write.to_arrow(name, derived[name]) if name in derived else arrow[name]
        for name in contract.table_names()
    }
