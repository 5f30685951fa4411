"""Figures for lesson 09 (challenges): pass rates by slice against a baseline, and LLM cost at scale.

A slice counts as regressed when its pass rate is more than ``tolerance`` below the baseline; a drop of
exactly the tolerance does not count (the drop is rounded to 6 decimal places before the comparison, so
decimals stored a hair off, such as 0.90 - 0.85, land exactly on the boundary). Monthly cost is requests
per day x (input tokens x input price + output tokens x output price) / 1,000,000 x days.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from ailead import case
from ailead.instructor.drawing.style import OKABE_ITO, new_figure

__all__ = ["eval_slices_chart", "llm_cost_chart"]


def _slice_rates(cases: list[dict]) -> dict[str, float]:
    totals: dict[str, list[int]] = {}
    for c in cases:
        counts = totals.setdefault(c["slice"], [0, 0])
        counts[0] += bool(c["passed"])
        counts[1] += 1
    return {name: passed / total for name, (passed, total) in totals.items()}


def eval_slices_chart(cases: list[dict] | None = None, baseline: dict[str, float] | None = None,
                      tolerance: float = 0.05,
                      title: str = "Candidate release vs today's release, by slice of the evaluation set") -> Figure:
    """Pass rate per slice for the candidate release next to the baseline, with regressed slices marked.

    Baseline bars are hatched, candidate bars solid; a short dashed line on each slice marks the lowest
    pass rate the tolerance allows, and a regressed slice's bar is drawn in vermillion with a text label.
    Defaults: :func:`ailead.case.eval_cases` and :func:`ailead.case.eval_baseline`.
    """
    cases = cases if cases is not None else case.eval_cases()
    baseline = baseline if baseline is not None else case.eval_baseline()
    if not cases:
        raise ValueError("cases is empty: there is no evaluation run to draw")
    rates = _slice_rates(cases)
    names = [s for s in baseline if s in rates] + [s for s in rates if s not in baseline]
    fig, ax = new_figure(figsize=(9, 5))
    width = 0.38
    for i, name in enumerate(names):
        base = baseline.get(name)
        now = rates[name]
        # round the drop to 6 places: 0.90 - 0.85 comes out as 0.050000000000000044, which must not count
        # as more than a tolerance of 0.05
        regressed = base is not None and round(base - now, 6) > tolerance
        if base is not None:
            ax.bar(i - width / 2, base, width, color=OKABE_ITO["sky"], edgecolor="black", hatch="//",
                   linewidth=0.6, label="today's release (baseline)" if i == 0 else None)
            ax.text(i - width / 2, base + 0.015, f"{base:.0%}", ha="center", va="bottom", fontsize=9)
            floor = base - tolerance
            ax.plot([i - 0.45, i + 0.45], [floor, floor], color=OKABE_ITO["black"], linestyle="--",
                    linewidth=1, label=f"lowest allowed: baseline − {tolerance:.2f}" if i == 0 else None)
        ax.bar(i + width / 2, now, width, color=OKABE_ITO["vermillion"] if regressed else OKABE_ITO["blue"],
               edgecolor="black", linewidth=0.6,
               label="candidate release" if i == 0 else None)
        ax.text(i + width / 2, now + 0.015, f"{now:.0%}", ha="center", va="bottom", fontsize=9,
                fontweight="bold" if regressed else "normal")
        if regressed:
            ax.text(i + width / 2, now / 2, f"regressed\n−{(base - now) * 100:.0f} pts", ha="center",
                    va="center", fontsize=8.5, color="white", fontweight="bold")
    total = len(cases)
    overall = sum(bool(c["passed"]) for c in cases) / total
    ax.text(0.99, 0.97, f"All slices together: {overall:.1%} of {total} cases passed", transform=ax.transAxes,
            ha="right", va="top", fontsize=9, style="italic")
    ax.set_xticks(range(len(names)))
    ax.set_xticklabels([f"{n}\n({sum(c['slice'] == n for c in cases)} cases)" for n in names])
    ax.set_ylim(0, 1.3)
    ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.set_yticklabels(["0%", "20%", "40%", "60%", "80%", "100%"])
    ax.set_xlabel("Slice of the evaluation set (kind of customer e-mail)")
    ax.set_ylabel("Pass rate: share of cases a reviewer passed")
    ax.set_title(title)
    ax.legend(loc="upper left", frameon=False, fontsize=8.5, ncol=1)
    fig.tight_layout()
    return fig


# Line style and marker per option, so the lines differ by more than colour.
_OPTION_STYLE = [
    (OKABE_ITO["vermillion"], "-", "o"),
    (OKABE_ITO["blue"], "--", "s"),
    (OKABE_ITO["green"], ":", "^"),
    (OKABE_ITO["purple"], "-.", "D"),
]


def llm_cost_chart(prices: list[dict] | None = None, tokens: dict[str, int] | None = None,
                   budget: float = 5000.0, days: int = 30, max_requests: int = 60000,
                   marks: dict[str, int] | None = None,
                   title: str = "What ReplyDraft would cost each month as traffic grows") -> Figure:
    """Monthly cost in US dollars against requests per day, one line per priced model option.

    A dashed line marks the monthly budget and each option is labelled with the daily traffic at which it
    reaches it; dotted vertical lines mark named traffic levels (``marks``, label -> requests per day).
    Defaults: :func:`ailead.case.token_prices`, :func:`ailead.case.draft_tokens`, and marks for Kettle &
    Co.'s full volume (1,000 requests a day, 30,000 e-mails a month) and fifty retailers of its size
    (50,000 a day).
    """
    prices = prices if prices is not None else case.token_prices()
    tokens = tokens if tokens is not None else case.draft_tokens()
    marks = marks if marks is not None else {"full volume: 1,000 a day": 1000, "50 retailers: 50,000 a day": 50000}
    if not prices:
        raise ValueError("prices is empty: there is no model option to draw")
    if max_requests <= 0 or days <= 0:
        raise ValueError("max_requests and days must be more than 0")
    fig, ax = new_figure(figsize=(9, 5))
    xs = [max_requests * i / 60 for i in range(61)]
    y_top = budget * 1.6
    for n, option in enumerate(prices):
        colour, style, marker = _OPTION_STYLE[n % len(_OPTION_STYLE)]
        per_request = (tokens["input"] * option["input_per_m"] + tokens["output"] * option["output_per_m"]) / 1e6
        ys = [x * per_request * days for x in xs]
        ax.plot(xs, ys, color=colour, linestyle=style, marker=marker, markevery=10, linewidth=2,
                label=f"{option['name']}: ${per_request * 1000:.2f} per 1,000 requests")
        if per_request > 0:
            reach = budget / (per_request * days)
            if reach <= max_requests:
                ax.plot([reach], [budget], marker="o", markersize=7, markerfacecolor="white",
                        markeredgecolor=colour, color=colour, linestyle="none")
                ax.annotate(f"{option['name']} reaches the budget\nat {reach:,.0f} requests a day",
                            (reach, budget), textcoords="offset points", xytext=(8, -10 - 26 * n),
                            ha="left", va="top", fontsize=8.5)
    ax.axhline(budget, color=OKABE_ITO["black"], linestyle="--", linewidth=1.2)
    ax.text(max_requests * 0.99, budget, f"budget ${budget:,.0f} a month", ha="right", va="bottom", fontsize=9)
    for label, x in marks.items():
        ax.axvline(x, color=OKABE_ITO["black"], linestyle=":", linewidth=1)
        left_half = x < max_requests / 2
        ax.text(x, y_top * (0.98 if left_half else 0.55), f" {label} ", ha="left" if left_half else "right",
                va="top", fontsize=8.5)
    ax.set_xlim(0, max_requests)
    ax.set_ylim(0, y_top)
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:,.0f}")
    ax.yaxis.set_major_formatter(lambda v, _pos: f"${v:,.0f}")
    ax.set_xlabel(f"Requests per day (one draft each; {tokens['input']:,} tokens in, {tokens['output']:,} out)")
    ax.set_ylabel(f"Cost per month ({days} days), US dollars")
    ax.set_title(title)
    ax.legend(loc="upper right", bbox_to_anchor=(1.0, 0.85), frameon=True, framealpha=0.95, fontsize=8.5)
    fig.tight_layout()
    return fig
