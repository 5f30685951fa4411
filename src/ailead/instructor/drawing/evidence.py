"""Figures for lesson 11 (evidence): pass rates with their uncertainty, and what a test can detect.

Wilson score interval (Wilson 1927) for x passes in n cases, with p = x / n and z = 1.96 for 95 %:
centre = (p + z²/(2n)) / (1 + z²/n), half-width = z / (1 + z²/n) × sqrt(p(1 − p)/n + z²/(4n²)).
A slice is "below the bar" when the interval's upper end is below the bar, "meets the bar" when its
lower end is at or above it, and "collect more" otherwise (ends rounded to 6 places before comparing).

Drafts per arm an A/B test needs to detect a lift d from a control rate p1 (two-sided test at z_alpha,
power from z_beta; Fleiss, Levin and Paik 2003): with p2 = p1 + d and pbar = (p1 + p2)/2,
n = (z_alpha × sqrt(2 pbar (1 − pbar)) + z_beta × sqrt(p1(1 − p1) + p2(1 − p2)))² / d².
"""

from __future__ import annotations

import math

from matplotlib.figure import Figure

from ailead import case
from ailead.instructor.drawing.style import OKABE_ITO, new_figure

__all__ = ["slice_intervals_chart", "detectable_lift_chart"]

# How each verdict is drawn: colour, marker and the words printed beside the interval.
_VERDICT_STYLE = {
    "below the bar": (OKABE_ITO["vermillion"], "v"),
    "meets the bar": (OKABE_ITO["green"], "o"),
    "collect more": (OKABE_ITO["orange"], "s"),
}


def _wilson(passed: int, cases: int, z: float) -> tuple[float, float]:
    p = passed / cases
    denominator = 1 + z * z / cases
    centre = (p + z * z / (2 * cases)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / cases + z * z / (4 * cases * cases))
    return round(centre - half, 6) + 0.0, round(centre + half, 6)  # + 0.0 turns -0.0 into 0.0


def _verdict(low: float, high: float, bar: float) -> str:
    if high < bar:
        return "below the bar"
    if low >= bar:
        return "meets the bar"
    return "collect more"


def _default_rows() -> list[dict]:
    rows = [{"label": f"{s['slice']} ({s['cases']} cases)", "cases": s["cases"], "passed": s["passed"]}
            for s in case.slice_counts()]
    german = case.german_counts()
    rows.append({"label": f"German e-mails ({german['cases']} cases, across slices)", **german})
    refunds = next(s for s in case.slice_counts() if s["slice"] == "refunds")
    rows.append({"label": "refunds, if 4 times the cases\n(40 of 60, the same 67%)",
                 "cases": 4 * refunds["cases"], "passed": 4 * refunds["passed"], "what_if": True})
    return rows


def slice_intervals_chart(rows: list[dict] | None = None, bar: float = case.QUALITY_BAR, z: float = 1.96,
                          title: str = "How sure are the pass rates? 95% Wilson intervals against the bar") -> Figure:
    """Each row's pass rate as a marker with its Wilson interval as a line, and the bar as a dashed line.

    ``rows``: dicts with label, cases and passed (and what_if=True for a hypothetical row, drawn hollow).
    Default: the candidate's four slices from lesson 09, the German cases, and refunds with four times
    the cases at the same rate. The marker's colour and shape and a text label give the verdict.
    """
    rows = rows if rows is not None else _default_rows()
    if not rows:
        raise ValueError("rows is empty: there are no pass rates to draw")
    fig, ax = new_figure(figsize=(9.5, 1.0 * len(rows) + 2.0))
    seen = set()
    for i, row in enumerate(rows):
        if row["cases"] < 1:
            raise ValueError(f"{row['label']}: a pass rate needs at least one case")
        y = len(rows) - 1 - i
        low, high = _wilson(row["passed"], row["cases"], z)
        rate = row["passed"] / row["cases"]
        verdict = _verdict(low, high, bar)
        colour, marker = _VERDICT_STYLE[verdict]
        hollow = row.get("what_if", False)
        ax.plot([low, high], [y, y], color=colour, linewidth=3, solid_capstyle="butt",
                linestyle=(0, (3, 1.5)) if hollow else "-")
        ax.plot([low, low], [y - 0.15, y + 0.15], color=colour, linewidth=2)
        ax.plot([high, high], [y - 0.15, y + 0.15], color=colour, linewidth=2)
        ax.plot([rate], [y], marker=marker, markersize=11, color=colour, markeredgecolor=OKABE_ITO["black"],
                markerfacecolor="white" if hollow else colour, linestyle="none",
                label=f"{verdict}{' (hollow: what if)' if hollow else ''}" if verdict not in seen else None)
        seen.add(verdict)
        ax.text(0.01, y - 0.38, f"{row['passed']}/{row['cases']} = {rate:.0%}, interval {low:.0%} to {high:.0%}: "
                                f"{verdict}", va="center", ha="left", fontsize=8.5,
                fontweight="bold" if verdict != "collect more" else "normal")
    ax.axvline(bar, color=OKABE_ITO["black"], linestyle="--", linewidth=1.2)
    ax.text(bar + 0.01, len(rows) - 0.45, f"the bar: {bar:.2f}", ha="left", va="center", fontsize=9)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([row["label"] for row in reversed(rows)], fontsize=9)
    ax.set_ylim(-0.7, len(rows) - 0.2)
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.set_xticklabels(["0%", "20%", "40%", "60%", "80%", "100%"])
    ax.set_xlabel("Pass rate: the marker is passes ÷ cases, the line its 95% Wilson interval")
    ax.set_ylabel("Slice of the evaluation set")
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False, fontsize=9)
    fig.tight_layout()
    return fig


def _per_arm(p_control: float, lift: float, z_alpha: float, z_beta: float) -> float:
    p_treatment = p_control + lift
    p_bar = (p_control + p_treatment) / 2
    top = (z_alpha * math.sqrt(2 * p_bar * (1 - p_bar))
           + z_beta * math.sqrt(p_control * (1 - p_control) + p_treatment * (1 - p_treatment)))
    return top * top / (lift * lift)


def _detectable(per_arm: float, p_control: float, z_alpha: float, z_beta: float) -> float:
    """The smallest lift whose required drafts per arm is at most ``per_arm`` (by bisection)."""
    low, high = 1e-6, 1 - p_control - 1e-6
    for _ in range(60):
        middle = (low + high) / 2
        if _per_arm(p_control, middle, z_alpha, z_beta) > per_arm:
            low = middle
        else:
            high = middle
    return high


def detectable_lift_chart(p_control: float | None = None, min_lift: float | None = None,
                          z_alpha: float = 1.96, z_beta: float = 0.84,
                          title: str = "The smallest lift an A/B test can reliably detect") -> Figure:
    """Detectable lift (percentage points) against drafts per arm, with the pilot week, a full-volume
    week and the drafts the launch rule's minimum lift needs marked on the curve.

    Defaults: the control acceptance rate and traffic of :func:`ailead.case.experiment_traffic`, and
    ``min_lift`` from :func:`ailead.case.launch_rule`.
    """
    traffic = case.experiment_traffic()
    p_control = traffic["control_acceptance"] if p_control is None else p_control
    min_lift = case.launch_rule()["min_lift"] if min_lift is None else min_lift
    if not 0 < p_control < 1 or min_lift <= 0:
        raise ValueError("p_control must be between 0 and 1 and min_lift above 0")
    sizes = [round(200 * 1.06 ** k) for k in range(0, 81)]
    lifts = [100 * _detectable(n, p_control, z_alpha, z_beta) for n in sizes]
    fig, ax = new_figure(figsize=(9, 5.2))
    ax.plot(sizes, lifts, color=OKABE_ITO["blue"], linewidth=2, label="detectable lift (5% two-sided, 80% power)")
    ax.axhline(100 * min_lift, color=OKABE_ITO["black"], linestyle="--", linewidth=1.2,
               label=f"launch rule's minimum lift: {100 * min_lift:g} points")
    pilot = traffic["pilot_drafts_per_arm_per_week"]
    week = 7 * traffic["full_volume_drafts_per_arm_per_day"]
    needed = math.ceil(round(_per_arm(p_control, min_lift, z_alpha, z_beta), 6))
    days = math.ceil(needed / traffic["full_volume_drafts_per_arm_per_day"])
    marks = [
        (pilot, 100 * _detectable(pilot, p_control, z_alpha, z_beta), "o", OKABE_ITO["vermillion"],
         "a pilot week: {n:,} per arm\ndetects {d:.1f} points"),
        (week, 100 * _detectable(week, p_control, z_alpha, z_beta), "s", OKABE_ITO["orange"],
         "a week at full volume: {n:,} per arm\ndetects {d:.1f} points"),
        (needed, 100 * min_lift, "D", OKABE_ITO["green"],
         "{n:,} per arm for {d:.0f} points:\n" + f"{days} days at full volume"),
    ]
    for n, lift, marker, colour, text in marks:
        ax.plot([n], [lift], marker=marker, markersize=10, color=colour, markeredgecolor=OKABE_ITO["black"],
                linestyle="none")
        ax.annotate(text.format(n=n, d=lift), (n, lift), xytext=(12, 10), textcoords="offset points",
                    fontsize=9, ha="left", va="bottom")
    ax.set_xscale("log")
    ax.set_xticks([200, 500, 1000, 2000, 5000, 10000, 20000])
    ax.set_xticklabels(["200", "500", "1,000", "2,000", "5,000", "10,000", "20,000"])
    ax.set_xlim(200, 20000)
    ax.set_ylim(0, max(lifts) * 1.05)
    ax.set_xlabel("Drafts per arm (log scale)")
    ax.set_ylabel("Detectable lift in acceptance (percentage points)")
    ax.set_title(title)
    ax.legend(loc="upper right", frameon=False, fontsize=9)
    fig.tight_layout()
    return fig
