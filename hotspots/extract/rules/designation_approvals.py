"""Words around a designation that several designation rules read: a word of approval or founding
(or launch) in the sentence, whose date is the designation's, and a designation written at a
position, 'national-level new district' included (hotspots.extract.rules.designation_phrases)."""

from __future__ import annotations

import re

from hotspots.extract.context import DocContext
from hotspots.extract.rules.designation_terms import DESIGNATION

# a word of approval or founding in the sentence: its date is the designation's
APPROVAL = re.compile(
    r"\b(?:approved|approval|establishment|established|set\s+up|upgraded)\b", re.I
)

# a word of approval or launch in the sentence: its date is the designation's ("2001: X, a
# State-level hi-tech zone, was launched")
APPROVED_OR_LAUNCHED = re.compile(APPROVAL.pattern + r"|\blaunched\b", re.IGNORECASE)
# "state-level new district": the name some texts give a new area
LEVEL_NEW_DISTRICT = re.compile(r"(?:national|state)(?:-level)?\s+new\s+districts?\b", re.I)


def _designation_at(ctx: DocContext, start: int, end: int) -> re.Match | None:
    return DESIGNATION.match(ctx.folded, start, end) or LEVEL_NEW_DISTRICT.match(
        ctx.folded, start, end
    )
