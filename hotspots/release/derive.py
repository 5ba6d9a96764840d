"""Tables a release derives at publish from the pipeline's tables (issue 20).

- `predicates`: the predicate dictionary (schemas/predicates.yaml) as data, so that a release
  explains its own predicates: label, kind (actual, target, rank, ...), unit and caveats.
- `facts.first_seen` / `facts.last_changed`: the versions a fact first appeared and last changed
  in, carried over from the previous release (a release made before these columns existed gets
  them from the releases before it, oldest first).
- `facts_simple`: one flat row per fact with names instead of ids, the predicate's label, the
  value as a reader would write it and the first source: the table to open in a spreadsheet.

Plain functions on pandas frames and Arrow tables; `publish` calls them and validates the result
against schemas/tables.py like every other table.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from hotspots.release import contract, write
from hotspots.release.contract import ReleaseError
from hotspots.release.write import format_float
from schemas.predicates import Predicate, predicates

HISTORY = ("first_seen", "last_changed")
# The columns whose change makes a fact "changed": its value and its standing. claim_ids,
# rule and rationale move when a source is added or a rule reworded, the statement does not.
CONTENT = ("object_id", "value", "value_text", "unit", "comparator", "combined", "status")
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


# --- history of facts -----------------------------------------------------------------------


def _rows(table: pa.Table, columns: list[str]) -> list[tuple]:
    return list(zip(*(table[c].to_pylist() for c in columns), strict=True))


def add_history(facts: pa.Table, previous: pa.Table | None, version: str) -> pa.Table:
    """`facts` (without history columns) with `first_seen` and `last_changed` appended, given the
    previous release's facts with theirs (None: no previous release). A fact is matched by
    fact_id; it changed when one of CONTENT differs (columns present in both releases)."""
    ids = facts["fact_id"].to_pylist()
    if previous is None:
        stamp = pa.array([version] * len(ids), pa.string())
        return facts.append_column("first_seen", stamp).append_column("last_changed", stamp)
    content = [c for c in CONTENT if c in facts.column_names and c in previous.column_names]
    before = {
        fid: (row, first, last)
        for fid, row, first, last in zip(
            previous["fact_id"].to_pylist(),
            _rows(previous, content),
            previous["first_seen"].to_pylist(),
            previous["last_changed"].to_pylist(),
            strict=True,
        )
    }
    first_seen, last_changed = [], []
    for fid, row in zip(ids, _rows(facts, content), strict=True):
        old = before.get(fid)
        if old is None:
            first_seen.append(version)
            last_changed.append(version)
        else:
            first_seen.append(old[1])
            last_changed.append(old[2] if old[0] == row else version)
    return facts.append_column("first_seen", pa.array(first_seen, pa.string())).append_column(
        "last_changed", pa.array(last_changed, pa.string())
    )


def history_of_releases(releases: list[tuple[str, pa.Table]]) -> pa.Table | None:
    """The facts of the last of `releases` (version, facts table; oldest first) with their
    history columns: a release that carries them is taken as it is, one that does not gets them
    from the releases before it."""
    history = None
    for version, facts in releases:
        if set(HISTORY) <= set(facts.column_names):
            history = facts
        else:
            history = add_history(facts, history, version)
    return history


def previous_history(dist_dir: Path, versions: list[str]) -> pa.Table | None:
    """The history as of the newest of `versions` (registry order, oldest first), reading back
    only as far as the newest release that carries the history columns."""
    chain: list[tuple[str, pa.Table]] = []
    for version in reversed(versions):
        path = Path(dist_dir) / version / "data" / "facts.parquet"
        if not path.is_file():
            raise ReleaseError(f"{path} is missing: the history of facts cannot be carried over")
        wanted = ["fact_id", *CONTENT, *HISTORY]
        names = pq.read_schema(path).names
        facts = pq.read_table(path, columns=[c for c in wanted if c in names])
        chain.append((version, facts))
        if set(HISTORY) <= set(names):
            break
    return history_of_releases(list(reversed(chain)))


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


def _supports(claims: pd.DataFrame) -> pd.Series:
    """Whether each claim (joined to its fact's columns, suffixed `_fact`) states the fact's
    value: the same object, number or text."""
    same_object = claims["object_id"].notna() & (claims["object_id"] == claims["object_id_fact"])
    same_value = claims["value"].notna() & (claims["value"] == claims["value_fact"])
    same_text = (
        claims["value"].isna()
        & claims["object_id"].isna()
        & (claims["value_text"] == claims["value_text_fact"])
    )
    return (same_object | same_value | same_text).fillna(False).astype(bool)


def facts_simple(
    facts: pd.DataFrame,
    entities: pd.DataFrame,
    claims: pd.DataFrame,
    documents: pd.DataFrame,
    vocabulary: dict[str, Predicate] | None = None,
    quotes: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One readable row per fact (see schemas/tables.py FactsSimple), in fact_id order. The
    source's quote comes from `claims.quote`, or from `quotes` (claim_id -> quote) when the
    caller keeps the quotes out of `claims` (a release's claims are 100s of MB of them)."""
    from schemas.tables import FactsSimple

    columns = list(FactsSimple.to_schema().columns)
    vocab = predicates() if vocabulary is None else vocabulary
    if facts.empty:
        return pd.DataFrame(columns=columns)
    names = dict(zip(entities["entity_id"], entities["name"], strict=True))
    types = dict(zip(entities["entity_id"], entities["type"], strict=True))
    links = facts[["fact_id", "claim_ids"]].assign(claim_id=facts["claim_ids"].str.split(";"))
    links = links.explode("claim_id")[["fact_id", "claim_id"]]
    evidence = links.merge(
        claims[["claim_id", "document_id", "object_id", "value", "value_text", "char_start"]],
        on="claim_id",
        how="inner",
    ).merge(
        documents[["document_id", "title", "publisher", "url", "published"]],
        on="document_id",
        how="inner",
    )
    fact_values = facts[["fact_id", "object_id", "value", "value_text"]].rename(
        columns={c: f"{c}_fact" for c in ("object_id", "value", "value_text")}
    )
    evidence = evidence.merge(fact_values, on="fact_id", how="left")
    evidence["supports"] = _supports(evidence)
    evidence["undated"] = evidence["published"].isna()
    evidence = evidence.sort_values(
        ["fact_id", "supports", "undated", "published", "document_id", "char_start", "claim_id"],
        ascending=[True, False, True, True, True, True, True],
        kind="mergesort",
    )
    # plain dicts: one lookup per fact (.loc per row costs seconds at 100,000 facts)
    first = (
        evidence.drop_duplicates("fact_id", keep="first")
        .set_index("fact_id")[["title", "publisher", "url", "claim_id"]]
        .to_dict("index")
    )
    n_sources = evidence.groupby("fact_id")["document_id"].nunique().to_dict()
    missing = sorted(set(facts["fact_id"]) - set(first))
    if missing:
        raise ReleaseError(
            f"facts_simple: {len(missing)} fact(s) have no claim with a document, e.g. {missing[:3]}"
        )
    rows = []
    wanted = ["fact_id", "subject_id", "predicate", "object_id", "value", "value_text", "unit"]
    wanted += ["comparator", "as_of", "status"] + (["combined"] if "combined" in facts else [])
    for fact in facts.sort_values("fact_id")[wanted].to_dict("records"):
        fid = fact["fact_id"]
        source = first[fid]
        p = vocab[fact["predicate"]]
        rows.append(
            {
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
        )
    out = pd.DataFrame(rows, columns=columns)
    out["n_sources"] = out["n_sources"].astype("int64")
    if quotes is None:
        quotes = dict(zip(claims["claim_id"], claims["quote"], strict=True))
    out["source_quote"] = out["claim_id"].map(quotes)
    return out


# --- the whole release ----------------------------------------------------------------------


def release_tables(arrow: dict[str, pa.Table], facts: pa.Table) -> dict[str, pa.Table]:
    """Every table of a release as Arrow, in contract order, from the pipeline's (`arrow`) and
    the facts with their history columns (`add_history`): the derived tables computed here."""
    frames = {name: write.to_frame(arrow[name]) for name in ("facts", "entities", "documents")}
    light = ["claim_id", "document_id", "object_id", "value", "value_text", "char_start"]
    claims = write.to_frame(arrow["claims"].select(light))
    simple = facts_simple(
        frames["facts"], frames["entities"], claims, frames["documents"], quotes={}
    )
    # only the quotes of the claims chosen as first sources become Python strings
    chosen = arrow["claims"].filter(
        pc.is_in(arrow["claims"]["claim_id"], value_set=pa.array(simple["claim_id"], pa.string()))
    )
    quotes = dict(zip(chosen["claim_id"].to_pylist(), chosen["quote"].to_pylist(), strict=True))
    simple["source_quote"] = simple["claim_id"].map(quotes)
    derived = {"facts": facts, "predicates": predicates_table(), "facts_simple": simple}
    return {
        name: write.to_arrow(name, derived[name]) if name in derived else arrow[name]
        for name in contract.table_names()
    }
