"""The release page's "At a glance" section: the release's size in words, and the names a reader
could confuse (each name conflict with the entities of another type that share its members: a
policy region over the same cities as a cluster). page.py puts it in the page."""

from __future__ import annotations

from collections import defaultdict

import pyarrow as pa
import pyarrow.compute as pc
from markupsafe import Markup

from hotspots.release import page_arrow
from hotspots.release.page_render import macro, render, split_ids, table_count
from hotspots.release.page_rows import Lookup, Release


def _members(relations: pa.Table | list[dict]) -> dict[str, set[str]]:
    """Entity -> the entities that are `member_of` it (relations)."""
    table = page_arrow.arrow(relations)
    members: dict[str, set[str]] = defaultdict(set)
    if not table.num_rows:
        return members
    member_of = table.filter(pc.fill_null(pc.equal(table.column("relation"), "member_of"), False))
    for r in member_of.select(["subject_id", "object_id"]).to_pylist():
        members[r["object_id"]].add(r["subject_id"])
    return members


def naming_data(
    conflicts: pa.Table | list[dict], relations: pa.Table | list[dict], look: Lookup
) -> list[dict]:
    """One case per name conflict: the wrong name a source used, the entity it stands for, and
    the entities of another type that share members with that entity (a policy region over
    the same cities): different things that a reader could take for one. None when the
    release has no name conflict."""
    members = _members(relations)
    table = page_arrow.arrow(conflicts)
    names = (
        table.filter(pc.fill_null(pc.equal(table.column("kind"), "name"), False)).to_pylist()
        if table.num_rows
        else []
    )
    look.entities.load([*members, *(c["subject_id"] for c in names)])

    def kind(entity_id: str) -> str:
        return (look.entities.get(entity_id) or {}).get("type", "entity").replace("_", " ")

    out = []
    for c in sorted(
        names,
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


def naming_cases(
    conflicts: pa.Table | list[dict], relations: pa.Table | list[dict], look: Lookup
) -> list[str]:
    """naming_data in words, one paragraph each (the macro naming_case)."""
    naming_case = macro("naming_case")
    return [str(naming_case(look, case)) for case in naming_data(conflicts, relations, look)]


GLANCE_LINKED = ("facts", "claims", "conflicts", "entities", "documents", "cluster_rankings")


def glance_html(
    rel: Release, facts: pa.Table | list[dict], naming: list[dict], look: Lookup
) -> Markup:
    """The release's size in words, each count with its noun in the right number, and the names
    a reader could confuse (templates/glance.html.j2)."""
    n = rel.rows
    disputed = page_arrow.count_equal(facts, "status", "disputed")
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
