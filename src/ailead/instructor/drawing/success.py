"""Figures about measuring success (lesson 05): the pilot's two scoreboards, and what a quality
gate's mistakes cost at each threshold."""

from __future__ import annotations

from matplotlib.figure import Figure

from ailead import case
from ailead.instructor.drawing.style import OKABE_ITO, new_figure

__all__ = ["pilot_dashboard", "threshold_cost_curve"]


def _weekly_product_numbers(log: list[dict], team_size: int, weeks: int) -> tuple[list[float], list[float]]:
    """Per week: agents active on an average day (% of the team) and drafts accepted (%)."""
    daily_agents: dict[int, set[str]] = {}
    for entry in log:
        daily_agents.setdefault(entry["day"], set()).add(entry["agent"])
    active, accepted = [], []
    for week in range(1, weeks + 1):
        days = range(7 * (week - 1) + 1, 7 * week + 1)
        active.append(100 * sum(len(daily_agents.get(d, ())) for d in days) / (7 * team_size))
        shown = [e for e in log if e["day"] in days]
        accepted.append(100 * sum(e["accepted"] for e in shown) / len(shown) if shown else 0.0)
    return active, accepted


def _end_label(ax, x: float, y: float, text: str, colour: str) -> None:
    ax.annotate(text, (x, y), textcoords="offset points", xytext=(8, 0), va="center", fontsize=9,
                color=colour)


def pilot_dashboard(log: list[dict] | None = None, engineering: list[dict] | None = None) -> Figure:
    """Two panels over the pilot weeks: what the product lens watches and what engineering watches.

    Left, from the usage log: agents active on an average day (% of all agents) and drafts accepted
    (% of drafts shown). Right, from the weekly engineering numbers: drafts within 3 seconds (with
    its 95% target), offline accuracy and availability, all in %.
    """
    log = log if log is not None else case.usage_log()
    note_week_3 = engineering is None  # the case's week 3 had a slower model version
    engineering = engineering if engineering is not None else case.pilot_engineering_metrics()
    weeks = len(engineering)
    team_size = case.COMPANY["support_agents"]
    active, accepted = _weekly_product_numbers(log, team_size, weeks)
    x = list(range(1, weeks + 1))

    fig, (left, right) = new_figure(1, 2, figsize=(11, 4.4))
    left.plot(x, active, color=OKABE_ITO["orange"], marker="o", lw=2, label="Agents active on an average day")
    left.plot(x, accepted, color=OKABE_ITO["green"], marker="s", lw=2, ls="--",
              label="Drafts accepted (task success)")
    _end_label(left, x[-1], active[-1], "active agents", OKABE_ITO["black"])
    _end_label(left, x[-1], accepted[-1], "drafts accepted", OKABE_ITO["black"])
    left.set_ylim(0, 100)
    left.set_title("Product lens: adoption and task success")
    left.set_ylabel("Share (%)")

    series = [
        ("within_3s", "Drafts within 3 s (latency SLI)", "within 3 s", OKABE_ITO["blue"], "o", "-"),
        ("offline_accuracy", "Offline accuracy (evaluation set)", "accuracy", OKABE_ITO["vermillion"], "^", "--"),
        ("availability", "Availability", "availability", OKABE_ITO["purple"], "D", ":"),
    ]
    for key, label, short, colour, marker, style in series:
        values = [100 * week[key] for week in engineering]
        right.plot(x, values, color=colour, marker=marker, ls=style, lw=2, label=label)
        _end_label(right, x[-1], values[-1], short, OKABE_ITO["black"])
    if note_week_3:
        right.annotate("week 3: a slower\nmodel version", (3, 100 * engineering[2]["within_3s"]),
                       textcoords="offset points", xytext=(0, -14), ha="center", va="top", fontsize=8)
    right.axhline(95, color=OKABE_ITO["black"], lw=1, ls=(0, (1, 3)))
    right.text(x[0] + 0.05, 94.4, "latency target: 95% within 3 s", fontsize=8, va="top")
    right.set_ylim(70, 101)
    right.set_title("Engineering lens: performance, accuracy, reliability")
    right.set_ylabel("Share (%)")

    for ax in (left, right):
        ax.set_xlabel("Pilot week")
        ax.set_xticks(x)
        ax.set_xlim(0.7, weeks + 0.9)
        ax.legend(loc="lower left", fontsize=8, frameon=False)
    fig.suptitle("ReplyDraft pilot: the same four weeks on two scoreboards")
    fig.tight_layout()
    return fig


def _error_costs(scores: list[float], labels: list[bool], cost_fp: float, cost_fn: float
                 ) -> list[tuple[float, float, float]]:
    """(threshold, cost of false positives, cost of false negatives) for each distinct score."""
    rows = []
    for threshold in sorted(set(scores)):
        fp = sum(1 for s, good in zip(scores, labels) if s >= threshold and not good)
        fn = sum(1 for s, good in zip(scores, labels) if s < threshold and good)
        rows.append((threshold, fp * cost_fp, fn * cost_fn))
    return rows


def threshold_cost_curve(sample: list[dict] | None = None, cost_fp: float | None = None,
                         cost_fn: float | None = None) -> Figure:
    """The total cost of a quality gate's mistakes at each candidate threshold, lowest point marked.

    A draft counts as "ready" when its score is at least the threshold. ``sample`` is a list of
    dicts with "score" and "good" (by default the case's forty pilot drafts); the costs default to
    the case's dollars per false positive and per false negative. Among equal lowest totals the
    highest threshold is marked.
    """
    sample = sample if sample is not None else case.quality_gate_sample()
    costs = case.quality_gate_costs()
    cost_fp = costs["false_positive"] if cost_fp is None else cost_fp
    cost_fn = costs["false_negative"] if cost_fn is None else cost_fn
    rows = _error_costs([d["score"] for d in sample], [d["good"] for d in sample], cost_fp, cost_fn)
    thresholds = [r[0] for r in rows]
    fp_costs = [r[1] for r in rows]
    fn_costs = [r[2] for r in rows]
    # Totals are sums of decimals: round them to 6 places so that equal costs compare equal (0.3 and
    # 3 x 0.1 are both 0.3), and a tie goes to the highest threshold as the docstring says.
    totals = [round(r[1] + r[2], 6) for r in rows]
    lowest = min(totals)
    best = max(t for t, total in zip(thresholds, totals) if total == lowest)

    fig, ax = new_figure(figsize=(8, 4.6))
    ax.plot(thresholds, fp_costs, color=OKABE_ITO["vermillion"], ls="--", marker="^", ms=4, lw=1.5,
            label=f"Bad drafts marked ready (${cost_fp:g} each)")
    ax.plot(thresholds, fn_costs, color=OKABE_ITO["blue"], ls=":", marker="s", ms=4, lw=1.5,
            label=f"Good drafts hidden (${cost_fn:g} each)")
    ax.plot(thresholds, totals, color=OKABE_ITO["black"], marker="o", ms=4, lw=2, label="Total cost")
    ax.scatter([best], [lowest], s=220, marker="*", color=OKABE_ITO["orange"], edgecolor="black",
               zorder=4, label="Lowest total")
    ax.annotate(f"lowest total: ${lowest:g}\nat threshold {best:g}", (best, lowest),
                xytext=(thresholds[0] + 0.3 * (best - thresholds[0]), lowest), ha="center", va="center",
                fontsize=9, arrowprops={"arrowstyle": "->", "color": OKABE_ITO["black"]})
    ax.set_ylim(-0.04 * max(totals), 1.4 * max(totals))
    ax.set_title("What the quality gate's mistakes cost at each threshold")
    ax.set_xlabel("Threshold (a draft is marked ready when its score is at least this)")
    ax.set_ylabel(f"Cost of mistakes on {len(sample)} drafts (US$)")
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    fig.tight_layout()
    return fig
