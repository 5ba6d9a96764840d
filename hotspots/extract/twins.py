"""Two rules may read the same statement from one sentence, one with its date and one without
("was approved as a national high-tech zone in November of the same year": one rule dates it
1992-11, another leaves it undated). The undated twin says less and, published beside the dated
one, would be a second fact about the same thing; it is left out."""

from __future__ import annotations

from hotspots.extract.rules.common import ClaimDraft


def _statement(d: ClaimDraft) -> tuple:
    text = (d.value_text or "").strip().lower() if d.value is None else None
    return (d.start, d.end, d.subject_id, d.predicate, d.object_id, d.value, text, d.combined)


def without_undated_twins(drafts: list[ClaimDraft]) -> list[ClaimDraft]:
    """`drafts` less every undated draft whose statement a dated draft of the same sentence makes."""
    dated = {_statement(d) for d in drafts if d.as_of is not None}
    if not dated:
        return drafts
    return [d for d in drafts if d.as_of is not None or _statement(d) not in dated]
