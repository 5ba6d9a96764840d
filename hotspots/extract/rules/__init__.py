"""The claim rules, one module per predicate family (`engine.FAMILIES` gives their precedence).

Each rule reads one sentence (with its document context) and yields claim drafts; it matches on
shapes of language (ordinals near "place", numbers before "clusters", "X-based Y"), never on the
names or numbers of a particular document. Shared helpers are in `common`.
"""

from hotspots.extract.engine import FAMILIES
from hotspots.extract.rules import (  # noqa: F401  (importing a family registers its rules)
    areas,
    cluster_shares,
    clusters,
    count_phrases,
    counts,
    descriptions,
    designated_titles,
    designation_phrases,
    designations,
    fact_sheets,
    founding,
    founding_clauses,
    founding_dates,
    headquarters,
    index_leaders,
    indexes,
    location,
    measures,
    membership,
    money,
    opening_descriptions,
    rank_lists,
    rank_orders,
    ranks,
    residents,
    targets,
    title_lists,
)
from hotspots.extract.rules.common import ClaimDraft, draft

__all__ = ["FAMILIES", "ClaimDraft", "draft"]
