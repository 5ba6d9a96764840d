"""The release page's chart: the WIPO ranks of the Chinese clusters by Global Innovation Index
edition, one point per cluster and edition, lines across consecutive editions. The geometry is
computed here; the SVG is templates/rank_chart.svg.j2 (autoescaped), like page_map's map."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Protocol

PALETTE = (
    "#b3261e",
    "#0b57d0",
    "#1e8e3e",
    "#e37400",
    "#8e24aa",
    "#00838f",
    "#6d4c41",
    "#c2185b",
    "#3949ab",
    "#7cb342",
)
LEFT, RIGHT, TOP, BOTTOM, PLOT_H = 44, 250, 22, 34, 300


class Names(Protocol):
    def name(self, entity_id: str) -> str: ...


def _f(value: float) -> str:
    return f"{value:.1f}"


def chart_data(rankings: list[dict], look: Names) -> dict | None:
    """What templates/rank_chart.svg.j2 draws, as numbers and text; None when no Chinese cluster
    is ranked."""
    rows = [r for r in rankings if r.get("country_code") == "CN"]
    if not rows:
        return None
    editions = sorted({r["edition"] for r in rows})
    series: dict[str, dict[int, int]] = defaultdict(dict)
    for r in rows:
        series[r["cluster_id"]][r["edition"]] = r["rank"]
    order = sorted(series, key=lambda c: (-max(series[c]), series[c][max(series[c])], c))
    max_rank = max(r["rank"] for r in rows)
    step = 5 if max_rank <= 50 else 10 if max_rank <= 100 else 50
    axis_max = max(10, -(-max_rank // step) * step)
    plot_w = 110 if len(editions) == 1 else max(300, 80 * (len(editions) - 1))

    def x(edition: int) -> float:
        if len(editions) == 1:
            return LEFT + plot_w / 2
        return LEFT + editions.index(edition) * plot_w / (len(editions) - 1)

    def y(rank: float) -> float:
        return TOP + (rank - 1) / (axis_max - 1) * PLOT_H

    colors = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(order)}
    drawn = []
    for cluster in order:
        points = sorted(series[cluster].items())
        # One line per run of consecutive editions: an edition without a rank is a gap.
        runs: list[list[tuple[int, int]]] = []
        for edition, rank in points:
            if runs and editions.index(edition) == editions.index(runs[-1][-1][0]) + 1:
                runs[-1].append((edition, rank))
            else:
                runs.append([(edition, rank)])
        drawn.append(
            {
                "cluster": cluster,
                "name": look.name(cluster),
                "color": colors[cluster],
                "lines": [
                    " ".join(f"{_f(x(e))},{_f(y(r))}" for e, r in run)
                    for run in runs
                    if len(run) > 1
                ],
                "points": [
                    {"x": _f(x(e)), "y": _f(y(r)), "edition": e, "rank": r} for e, r in points
                ],
            }
        )
    # Each cluster labelled at its latest edition, labels pushed down to stay 13 px apart.
    labels, bottom_label = [], TOP + PLOT_H
    for edition in editions:
        group = sorted(
            (c for c in order if max(series[c]) == edition), key=lambda c: (series[c][edition], c)
        )
        previous = -math.inf
        for cluster in group:
            at = max(y(series[cluster][edition]) + 4, previous + 13)
            previous = at
            px, py = x(edition), y(series[cluster][edition])
            labels.append(
                {
                    "name": look.name(cluster),
                    "rank": series[cluster][edition],
                    "color": colors[cluster],
                    "x": _f(px + 13),
                    "y": _f(at),
                    "leader": (_f(px + 5), _f(py), _f(px + 11), _f(at - 4))
                    if abs(at - 4 - py) > 1.5
                    else None,
                }
            )
            bottom_label = max(bottom_label, at)
    n = len(series)
    if len(editions) == 1:
        caption = (
            f"{n} Chinese cluster{'s' if n != 1 else ''} ranked in the only edition in this "
            f"release (GII {editions[0]}); once more editions are published, lines will join "
            "each cluster's ranks across them."
        )
    else:
        caption = (
            f"{n} Chinese clusters across GII editions {editions[0]}–{editions[-1]}; a line joins "
            "a cluster's ranks, a gap in a line is an edition without a rank for it."
        )
    return {
        "width": LEFT + plot_w + RIGHT,
        "height": f"{max(TOP + PLOT_H + BOTTOM, bottom_label + 10):.0f}",
        "left": LEFT,
        "right_edge": LEFT + plot_w,
        "top": TOP,
        "plot_w": plot_w,
        "band_y": _f(y(0.5)),
        "band_h": _f(y(10.5) - y(0.5)),
        "ticks": [
            (tick, _f(y(tick)), _f(y(tick) + 3.5)) for tick in [1, *range(step, axis_max + 1, step)]
        ],
        "axis_y": TOP + PLOT_H + 22,
        "editions": [(edition, _f(x(edition))) for edition in editions],
        "series": drawn,
        "labels": labels,
        "caption": caption + " Hover a point for its rank.",
    }
