"""`hotspots explain ID`: every claim behind an entity, fact, claim or conflict of a release.

For each claim it prints the exact quote and its source document (title, url), and for each fact
or conflict the status, the rule that decided and the rationale in words — so a reader can check
any published number against the text it came from. It reads a published release only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hotspots.release.registry import latest_version
from hotspots.text import normalize_name

if TYPE_CHECKING:  # pandas loads when a release is read, not when the `hotspots` command starts
    import pandas as pd

explain_app = typer.Typer(help="Explain published records.")

TABLES_READ = ("documents", "entities", "aliases", "relations", "claims", "facts", "conflicts")


ID_COLUMNS = (
    ("entities", "entity_id"),
    ("facts", "fact_id"),
    ("claims", "claim_id"),
    ("conflicts", "conflict_id"),
)


class NotFound(LookupError):
    """The id names nothing in the release (or a name fits several entities)."""


def find_release(dist: Path, release: Path | None = None) -> Path:
    """`release` as given, else the latest version under `dist` (LATEST, then versions.json)."""
    if release is not None:
        if not (Path(release) / "data").is_dir():
            raise NotFound(f"{release} is not a release directory (no data/ folder)")
        return Path(release)
    version = latest_version(Path(dist))
    if version is None or not (Path(dist) / version / "data").is_dir():
        raise NotFound(
            f"no release in {dist} (no LATEST or versions.json); build one, or pass --release DIR"
        )
    return Path(dist) / version


def load_release(release_dir: Path) -> dict[str, pd.DataFrame]:
    """The tables explain needs, from the release's Parquet files (a missing table reads as empty)."""
    import pandas as pd

    out = {}
    for name in TABLES_READ:
        path = Path(release_dir) / "data" / f"{name}.parquet"
        df = pd.read_parquet(path) if path.exists() else pd.DataFrame()
        out[name] = df.astype(object).where(df.notna(), None) if len(df) else df
    return out


def _rows(df: pd.DataFrame, column: str, value: str) -> list[dict]:
    if df.empty or column not in df:
        return []
    return df[df[column] == value].to_dict("records")


def _ids(cell: str | None) -> list[str]:
    return [i for i in (cell or "").split(";") if i]


def _value(row: dict) -> str:
    # the release's own words for a comparator (facts_simple's); pandas is loaded by now
    from hotspots.release.derive import COMPARATOR_WORDS

    if row.get("object_id"):
        return str(row["object_id"])
    value = row.get("value")
    if value is None:
        return str(row.get("value_text"))
    number = f"{float(value):,.10g}"
    unit = f" {row['unit']}" if row.get("unit") and row["unit"] not in ("count", "rank") else ""
    shown = COMPARATOR_WORDS.get(row.get("comparator") or "", "") + number + unit
    text = row.get("value_text")
    return f"{shown} (“{text}”)" if text and text != number else shown


def _statement(row: dict) -> str:
    as_of = f" as of {row['as_of']}" if row.get("as_of") else ""
    return f"{row['subject_id']} {row['predicate']} {_value(row)}{as_of}"


def _page(claim: dict) -> str:
    """', page N' for a claim from a PDF (claims.page; absent in releases before it existed)."""
    page = claim.get("page")
    return f", page {int(page)}" if page is not None else ""


def claim_lines(tables: dict[str, pd.DataFrame], claim: dict, indent: str = "") -> list[str]:
    doc = next(iter(_rows(tables["documents"], "document_id", claim["document_id"])), {})
    published = f", published {doc['published']}" if doc.get("published") else ""
    return [
        f"{indent}claim {claim['claim_id']}: {_statement(claim)}",
        f"{indent}  quote: “{claim['quote']}”",
        f"{indent}  source: {doc.get('title', '?')} — {doc.get('url', '?')} ({doc.get('publisher', '?')}{published})",
        f"{indent}  where: document {claim['document_id']}{_page(claim)}, characters {claim['char_start']}–{claim['char_end']}; "
        f"read by {claim['extractor']} ({claim['extractor_version']})",
    ]


def _claims_of(tables: dict[str, pd.DataFrame], ids: list[str], indent: str) -> list[str]:
    lines = []
    for claim_id in ids:
        claim = next(iter(_rows(tables["claims"], "claim_id", claim_id)), None)
        lines += (
            claim_lines(tables, claim, indent)
            if claim
            else [f"{indent}claim {claim_id}: not in this release"]
        )
    return lines


def conflict_lines(
    tables: dict[str, pd.DataFrame], conflict: dict, indent: str = "", with_claims: bool = True
) -> list[str]:
    about = f" {conflict['predicate']}" if conflict.get("predicate") else ""
    as_of = f" as of {conflict['as_of']}" if conflict.get("as_of") else ""
    lines = [
        f"{indent}conflict {conflict['conflict_id']} ({conflict['kind']}): {conflict['subject_id']}{about}{as_of}",
        f"{indent}  values: {conflict['values']}  →  {conflict['resolution']}",
        f"{indent}  rule: {conflict['rule']}",
        f"{indent}  rationale: {conflict['rationale']}",
    ]
    if with_claims:
        lines += _claims_of(tables, _ids(conflict["claim_ids"]), indent + "  ")
    return lines


def fact_lines(tables: dict[str, pd.DataFrame], fact: dict, indent: str = "") -> list[str]:
    ids = _ids(fact["claim_ids"])
    lines = [
        f"{indent}fact {fact['fact_id']}: {_statement(fact)}",
        f"{indent}  status: {fact['status']} — rule: {fact['rule']}",
        f"{indent}  rationale: {fact['rationale']}",
        f"{indent}  claims ({len(ids)}):",
        *_claims_of(tables, ids, indent + "    "),
    ]
    conflicts = tables["conflicts"]
    if not conflicts.empty:
        for conflict in conflicts.to_dict("records"):
            if conflict["kind"] == "value" and set(_ids(conflict["claim_ids"])) & set(ids):
                lines += conflict_lines(tables, conflict, indent + "  ", with_claims=False)
    return lines


def entity_lines(tables: dict[str, pd.DataFrame], entity: dict) -> list[str]:
    entity_id = entity["entity_id"]
    where = ", ".join(
        p
        for p in (
            entity.get("country_code"),
            entity.get("parent_id") and f"in {entity['parent_id']}",
        )
        if p
    )
    lines = [
        f"entity {entity_id}: {entity['name']} ({entity['type']}{', ' + where if where else ''}) — from {entity['source']}"
    ]
    for alias in _rows(tables["aliases"], "entity_id", entity_id):
        lines.append(f"  alias “{alias['alias']}” ({alias['kind']}): {alias['evidence']}")
    relations = tables["relations"]
    for rel in _rows(relations, "subject_id", entity_id):
        lines.append(f"  {rel['relation']} {rel['object_id']} (from {rel['source']})")
    members = _rows(relations, "object_id", entity_id)
    if members:
        lines.append(
            f"  members: {', '.join(sorted(r['subject_id'] for r in members))} (from {members[0]['source']})"
        )
    facts = tables["facts"]
    about = (
        facts[(facts["subject_id"] == entity_id) | (facts["object_id"] == entity_id)].to_dict(
            "records"
        )
        if not facts.empty
        else []
    )
    lines.append(f"  facts ({len(about)}):")
    for fact in sorted(about, key=lambda f: (f["predicate"], f.get("as_of") or "", f["fact_id"])):
        lines += fact_lines(tables, fact, "    ")
    for conflict in _rows(tables["conflicts"], "subject_id", entity_id):
        if conflict["kind"] == "name":
            lines += conflict_lines(tables, conflict, "  ")
    return lines


def explain_lines(tables: dict[str, pd.DataFrame], item: str) -> list[str]:
    """What `hotspots explain` prints for an entity id, fact id, claim id, conflict id or a name."""
    for table, column in ID_COLUMNS:
        rows = _rows(tables[table], column, item)
        if not rows:
            continue
        row = rows[0]
        if table == "entities":
            return entity_lines(tables, row)
        if table == "facts":
            return fact_lines(tables, row)
        if table == "conflicts":
            return conflict_lines(tables, row)
        lines = claim_lines(tables, row)
        facts = tables["facts"]
        for fact in facts.to_dict("records") if not facts.empty else []:
            if item in _ids(fact["claim_ids"]):
                lines += [
                    f"  in fact {fact['fact_id']}: {_statement(fact)}",
                    f"    status: {fact['status']} — rule: {fact['rule']}",
                    f"    rationale: {fact['rationale']}",
                ]
        for conflict in (
            tables["conflicts"].to_dict("records") if not tables["conflicts"].empty else []
        ):
            if item in _ids(conflict["claim_ids"]):
                lines += conflict_lines(tables, conflict, "  ", with_claims=False)
        return lines
    # not an id: perhaps a name ("Greater Bay Area"), matched like the resolver matches names
    aliases = tables["aliases"]
    key = normalize_name(item)
    named = (
        sorted(
            {
                a["entity_id"]
                for a in aliases.to_dict("records")
                if normalize_name(a["alias"]) == key
            }
        )
        if not aliases.empty
        else []
    )
    if len(named) == 1:
        return explain_lines(tables, named[0])
    if named:
        raise NotFound(
            f"{item!r} names several entities: {', '.join(named)}; give one of these ids"
        )
    ids = all_ids(tables)
    starting = [i for i in ids if i.startswith(item)] if item else []
    if len(starting) == 1:  # a unique prefix: "city/beij", the first hex digits of a fact id
        return explain_lines(tables, starting[0])
    if starting:
        shown = ", ".join(starting[:10]) + (", ..." if len(starting) > 10 else "")
        raise NotFound(
            f"{item!r} is the start of {len(starting)} ids: {shown}; give more of the one you mean"
        )
    message = (
        f"{item!r} is no entity, fact, claim or conflict id (nor a known name) in this release"
    )
    near = nearest(tables, item, ids)
    raise NotFound(message + (f"; did you mean: {', '.join(near)}?" if near else ""))


def all_ids(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Every entity, fact, claim and conflict id of the release, sorted."""
    ids: set[str] = set()
    for table, column in ID_COLUMNS:
        frame = tables[table]
        if not frame.empty and column in frame:
            ids.update(frame[column].dropna().astype(str))
    return sorted(ids)


def nearest(tables: dict[str, pd.DataFrame], item: str, ids: list[str], n: int = 5) -> list[str]:
    """Up to `n` ids or names close to `item` (a typo: city/beijng -> city/beijing); a name is
    suggested as its entity's id."""
    import difflib

    aliases = tables["aliases"]
    by_name: dict[str, list[str]] = {}
    for alias in aliases.to_dict("records") if not aliases.empty else []:
        by_name.setdefault(normalize_name(alias["alias"]), []).append(alias["entity_id"])
    close_ids = difflib.get_close_matches(item, ids, n=n, cutoff=0.75)
    close_names = difflib.get_close_matches(normalize_name(item), list(by_name), n=n, cutoff=0.75)
    named = [i for name in close_names for i in sorted(set(by_name[name]))]
    return list(dict.fromkeys([*close_ids, *named]))[:n]


@explain_app.command()
def explain(
    item: Annotated[
        str, typer.Argument(help="Entity id (city/hefei), fact, claim or conflict id, or a name.")
    ],
    dist: Annotated[
        Path,
        typer.Option(
            "--dist",
            help="Folder holding the releases; the latest version is read.",
            file_okay=False,
        ),
    ] = Path("dist"),
    release: Annotated[
        Path | None,
        typer.Option("--release", help="Read this release directory instead.", file_okay=False),
    ] = None,
) -> None:
    """Print every claim behind an entity, fact or claim: quote, source (title, url), rule and rationale."""
    try:
        path = find_release(dist, release)
        lines = explain_lines(load_release(path), item)
    except NotFound as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"# release {path}")
    typer.echo("\n".join(lines))
