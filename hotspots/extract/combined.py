"""A figure stated for a list of subjects together is the group's, not the last member's:
"Changsha, Zhuzhou and Xiangtan cover an area of 28,000 square kilometers", "Centrin Data and
Global Data Solutions will invest 5 billion yuan". A rule that reads such a sentence finds the
name nearest the verb as its subject; this step gives the figure to every member of the list the
sentence opens with, each claim marked combined (the gold's `combined:` rows), never the full
value to one member as its own."""

from __future__ import annotations

import re
from dataclasses import replace

from hotspots.extract.context import DocContext
from hotspots.extract.rules.common import ClaimDraft
from hotspots.extract.rules.common_lists import coordinated
from hotspots.extract.segment import Sentence

# figures a group can state together
GROUP_FIGURES = frozenset(
    {"area_km2", "population", "gdp", "employees", "investment", "rd_spending"}
)
# what may open the sentence before the list: nothing, an opening adverbial with a comma
LIST_OPENS = re.compile(
    r"\W*(?:(?:in|by|as\s+of|at\s+the\s+end\s+of)\s+[^,;]{1,30},\s*)?(?:both\s+)?$", re.IGNORECASE
)
# each member has the figure itself; the values pair off
EACH = re.compile(r"\b(?:each|apiece|every\s+one)\b", re.IGNORECASE)
RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)


def with_combined_subjects(ctx: DocContext, drafts: list[ClaimDraft]) -> list[ClaimDraft]:
    """`drafts`, each figure whose subject is a member of a list of names that opens its
    sentence replaced by one draft per member: combined, unless the sentence says each member
    has the figure itself ("Changsha and Zhuzhou each cover ...")."""
    out: list[ClaimDraft] = []
    sentences = {(s.start, s.end): s for s in ctx.sentences}
    for d in drafts:
        sentence = sentences.get((d.start, d.end))
        grouped = sentence is not None and d.predicate in GROUP_FIGURES and not d.combined
        found = _subject_list(ctx, sentence, d) if grouped else None
        if found is None:
            out.append(d)
            continue
        group, each = found
        out.extend(
            replace(
                d,
                subject_id=member.entity_id,
                combined=not each,
                focus=(min(group[0].start, d.focus[0]), max(d.focus[1], group[-1].end)),
            )
            for member in group
        )
    return out


def _subject_list(ctx: DocContext, sentence: Sentence, d: ClaimDraft) -> tuple[list, bool] | None:
    """The list of names that opens the draft's sentence and holds its subject, and whether the
    sentence gives the figure to each member ("each", "apiece"); None when there is no such
    list, or when the values pair off ("respectively")."""
    mentions = ctx.mentions_in(sentence)
    at = next(
        (
            k
            for k, m in enumerate(mentions)
            if m.start == d.focus[0] and d.subject_id in m.entity_ids
        ),
        None,
    )
    if at is None:
        return None
    kind = (ctx.type_of(d.subject_id),)
    members = [
        *coordinated(ctx, mentions, at, kind, backwards=True)[:-1],
        *coordinated(ctx, mentions, at, kind, backwards=False),
    ]
    if len(members) < 2 or not LIST_OPENS.match(ctx.folded, sentence.start, members[0].start):
        return None
    tail = ctx.folded[members[-1].end : max(d.focus[1], members[-1].end)]
    if RESPECTIVELY.search(ctx.folded, members[-1].end, sentence.end):
        return None
    return members, EACH.search(tail) is not None
