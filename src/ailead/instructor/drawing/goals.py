"""Figures for lesson 03 (goals): a latency distribution with its percentiles, and the model trade-off.

Percentiles here use the nearest-rank method, the one the lesson teaches: the value at rank
ceil(p * n / 100) of the sorted data, counting from 1. The product is rounded to 6 decimal places before
rounding up, so that a decimal p such as 64.4 (with n = 250: 161.00000000000003) gives rank 161, not 162.
"""

from __future__ import annotations

import math

from matplotlib.figure import Figure

from ailead import case
from ailead.instructor.drawing.style import OKABE_ITO, new_figure

__all__ = ["draft_latency_chart", "model_tradeoff_chart"]

# (label, colour, line style) of each marker line on the latency chart: style and label, not only
# colour, tell them apart.
_LATENCY_LINES = [
    ("mean", OKABE_ITO["black"], ":"),
    ("p50", OKABE_ITO["blue"], "-"),
    ("p95", OKABE_ITO["orange"], "--"),
    ("p99", OKABE_ITO["vermillion"], "-."),
]


def _rank_value(sorted_values: list[float], p: float) -> float:
    rank = math.ceil(round(p * len(sorted_values) / 100, 6))
    return sorted_values[max(1, rank) - 1]


def draft_latency_chart(latencies: list[float],
                        title: str = "A full-day load test: how long agents wait for a draft") -> Figure:
    """A histogram of draft latencies (seconds) with vertical lines at the mean, p50, p95 and p99."""
    if not latencies:
        raise ValueError("latencies is empty: there is nothing to draw")
    ordered = sorted(latencies)
    marks = {
        "mean": sum(ordered) / len(ordered),
        "p50": _rank_value(ordered, 50),
        "p95": _rank_value(ordered, 95),
        "p99": _rank_value(ordered, 99),
    }
    fig, ax = new_figure(figsize=(8, 4.5))
    width = 0.25
    top = math.ceil(ordered[-1] / width) * width + width
    bins = [i * width for i in range(int(round(top / width)) + 1)]
    counts, _, _ = ax.hist(ordered, bins=bins, color=OKABE_ITO["sky"], edgecolor="white", linewidth=0.5)
    y_max = max(counts) * 1.25
    ax.set_ylim(0, y_max)
    for label, colour, style in _LATENCY_LINES:
        x = marks[label]
        ax.axvline(x, color=colour, linestyle=style, linewidth=2, label=f"{label} = {x:.2f} s")
        left = label == "p50"  # p50 and the mean sit close together: label them on opposite sides
        ax.text(x - 0.12 if left else x + 0.12, y_max * 0.98, f"{label} {x:.2f} s", fontsize=9,
                va="top", ha="right" if left else "left")
    slower = sum(1 for v in ordered if v > marks["p95"])
    ax.text(marks["p95"] + 0.3, y_max * 0.55,
            f"{slower} of {len(ordered):,} drafts\n({slower / len(ordered):.0%}) are slower\nthan p95",
            ha="left", va="center", fontsize=9, style="italic")
    ax.set_xlim(0, top)
    ax.set_xlabel("Seconds from opening the e-mail to the draft appearing")
    ax.set_ylabel("Number of drafts")
    ax.set_title(title)
    ax.legend(loc="center right", frameon=False, fontsize=9, title="Percentiles: nearest rank",
              title_fontsize=9)
    fig.tight_layout()
    return fig


# Where each option's label goes (offset in points, horizontal and vertical alignment). The course's
# options whose label would cross a limit line sit on the left; any other option is labelled to the right.
_LABEL_PLACE = {
    "Hosted medium": ((-10, 2), "right", "bottom"),
    "Open model, self-hosted": ((-10, -4), "right", "top"),
}
_LABEL_DEFAULT = ((9, -4), "left", "top")


def _misses(option: dict, min_quality: float | None, max_p95_s: float | None,
            max_cost: float | None) -> list[str]:
    missed = []
    if min_quality is not None and option["quality"] < min_quality:
        missed.append("quality")
    if max_p95_s is not None and option["p95_latency_s"] > max_p95_s:
        missed.append("latency")
    if max_cost is not None and option["cost_per_1k_drafts"] > max_cost:
        missed.append("cost")
    return missed


def model_tradeoff_chart(options: list[dict] | None = None, min_quality: float | None = None,
                         max_p95_s: float | None = None, max_cost: float | None = None,
                         title: str = "ReplyDraft model options: quality, speed and cost") -> Figure:
    """Quality against p95 latency for each model option, labelled with its cost per 1,000 drafts.

    Options that meet every given limit are drawn as filled circles, the others as crosses labelled
    with the limits they miss; the region allowed by the quality and latency limits is shaded.
    A limit left as None is not applied. By default the options are :func:`ailead.case.model_options`.
    """
    options = options if options is not None else case.model_options()
    if not options:
        raise ValueError("options is empty: there is no model option to draw")
    fig, ax = new_figure(figsize=(8, 5))
    xs = [o["p95_latency_s"] for o in options]
    ys = [o["quality"] for o in options]
    x_hi = max(xs + ([max_p95_s] if max_p95_s is not None else [])) * 1.15 + 0.3
    y_lo = min(ys + ([min_quality] if min_quality is not None else [])) - 0.04
    y_hi = max(ys) + 0.04
    if min_quality is not None or max_p95_s is not None:
        ax.fill_between([0, max_p95_s if max_p95_s is not None else x_hi],
                        min_quality if min_quality is not None else y_lo, y_hi,
                        color=OKABE_ITO["green"], alpha=0.12, linewidth=0, zorder=0)
    if min_quality is not None:
        ax.axhline(min_quality, color=OKABE_ITO["green"], linestyle="--", linewidth=1.2)
        ax.text(x_hi * 0.99, min_quality, f"minimum quality {min_quality:.2f}", ha="right", va="bottom",
                fontsize=8)
    if max_p95_s is not None:
        ax.axvline(max_p95_s, color=OKABE_ITO["green"], linestyle="--", linewidth=1.2)
        ax.text(max_p95_s, y_hi, f" maximum p95 {max_p95_s:g} s", ha="left", va="top", fontsize=8)
    limited = any(limit is not None for limit in (min_quality, max_p95_s, max_cost))
    shown = set()
    for o in options:
        missed = _misses(o, min_quality, max_p95_s, max_cost)
        ok = not missed
        label = "meets every limit" if ok else "misses a limit"
        ax.scatter(o["p95_latency_s"], o["quality"], s=150,
                   color=OKABE_ITO["blue"] if ok else OKABE_ITO["vermillion"],
                   marker="o" if ok else "X", edgecolor="black", linewidth=0.8, zorder=3,
                   label=None if label in shown or not limited else label)
        shown.add(label)
        note = f"{o['name']}\n${o['cost_per_1k_drafts']:.2f} per 1,000 drafts"
        if missed:
            note += "\nmisses: " + ", ".join(missed)
        offset, ha, va = _LABEL_PLACE.get(o["name"], _LABEL_DEFAULT)
        ax.annotate(note, (o["p95_latency_s"], o["quality"]), textcoords="offset points", xytext=offset,
                    ha=ha, va=va, fontsize=8)
    if max_cost is not None:
        ax.text(0.01, 0.02, f"cost limit: ${max_cost:g} per 1,000 drafts (shown in each label)",
                transform=ax.transAxes, fontsize=8, style="italic")
    ax.set_xlim(0, x_hi)
    ax.set_ylim(y_lo, y_hi)
    ax.set_xlabel("p95 latency of a draft (seconds; lower is faster)")
    ax.set_ylabel("Quality: share of drafts sent with light or no edits")
    ax.set_title(title)
    if limited:
        ax.legend(loc="lower right", frameon=False, fontsize=9)
    fig.tight_layout()
    return fig
