"""Figures for lesson 06 (discovery vs delivery): an assumption map, an opportunity solution tree, and a
sprint burndown."""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure

from ailead import case
from ailead.instructor.drawing.style import OKABE_ITO, new_figure

__all__ = ["assumption_map_chart", "sprint_burndown_chart", "opportunity_tree_chart"]


def sprint_burndown_chart(sprint: dict | None = None,
                          title: str = "Sprint burndown: remaining effort, ideal against actual") -> Figure:
    """Remaining effort at the end of each day of a sprint against the straight ideal line.

    ``sprint`` has "remaining" (person-weeks left after each day, day 0 first), "goal" and "name"; by
    default it is :func:`ailead.case.delivery_sprint`. Effort left on the last day is labelled.
    """
    sprint = sprint if sprint is not None else case.delivery_sprint()
    remaining = list(sprint["remaining"])
    if len(remaining) < 2:
        raise ValueError("remaining needs at least two days (day 0 and one more) to draw a burndown")
    if any(r < 0 for r in remaining):
        raise ValueError("remaining effort cannot be negative")
    days = list(range(len(remaining)))
    last = days[-1]
    start = remaining[0]
    ideal = [start * (1 - d / last) for d in days]
    fig, ax = new_figure(figsize=(8, 5))
    ax.plot(days, ideal, color=OKABE_ITO["black"], linestyle="--", linewidth=1.5,
            label="ideal: the same amount done every day")
    ax.plot(days, remaining, color=OKABE_ITO["blue"], marker="o", linewidth=2.2,
            label="actual: effort left at the end of the day")
    left = remaining[-1]
    if left > 0:
        ax.annotate(f"{left:g} person-weeks not done:\nthe item goes back to the\nbacklog, not into the release",
                    (last, left), xytext=(last - 0.2, start * 0.72), ha="right", va="center",
                    fontsize=9, arrowprops={"arrowstyle": "->", "color": OKABE_ITO["vermillion"]},
                    color=OKABE_ITO["vermillion"])
    ax.set_xticks(days)
    ax.set_xlim(-0.3, last + 0.3)
    ax.set_ylim(0, start * 1.15)
    ax.set_xlabel("Working day of the sprint (0 = sprint planning)")
    ax.set_ylabel("Effort remaining (person-weeks)")
    ax.set_title(title)
    goal = sprint.get("goal")
    if goal:
        ax.text(0.01, 0.02, f"{sprint.get('name', 'Sprint')} goal: {goal}", transform=ax.transAxes,
                fontsize=8, style="italic")
    ax.legend(loc="upper right", frameon=False, fontsize=9)
    fig.tight_layout()
    return fig


def _wrap(text: str, width: int = 24) -> str:
    return textwrap.fill(text, width, break_long_words=False)


# (y position, label, face colour, edge line style) of each layer: layer, position and line style,
# not only colour, tell the layers apart.
_LAYERS = {
    "outcome": (3, "Outcome", OKABE_ITO["yellow"], "solid"),
    "opportunity": (2, "Opportunities", OKABE_ITO["orange"], "solid"),
    "solution": (1, "Solutions", OKABE_ITO["sky"], "solid"),
    "experiment": (0, "Experiments", OKABE_ITO["green"], "dashed"),
}


def opportunity_tree_chart(tree: dict | None = None, highlight: str | None = "RD-7",
                           title: str = "ReplyDraft opportunity solution tree") -> Figure:
    """An opportunity solution tree (Torres, 2021) drawn as boxes joined by arrows, one layer per row.

    ``tree`` has "outcome" and "opportunities", each with "text" and "solutions" (each with "text" and
    "experiment"); by default :func:`ailead.case.delivery_opportunity_tree`. A solution whose text
    contains ``highlight`` gets a thick border and a note.
    """
    tree = tree if tree is not None else case.delivery_opportunity_tree()
    opportunities = tree["opportunities"]
    if not opportunities or any(not o["solutions"] for o in opportunities):
        raise ValueError("every tree needs at least one opportunity, and every opportunity a solution")
    fig, ax = new_figure(figsize=(11, 6.5))
    boxes = []  # (x, y, text, layer, bold)
    arrows = []  # ((x1, y1), (x2, y2)) from parent to child
    column = 0
    opp_x = []
    for opp in opportunities:
        xs = []
        for sol in opp["solutions"]:
            bold = bool(highlight) and highlight in sol["text"]
            boxes.append((column, 1, sol["text"], "solution", bold))
            boxes.append((column, 0, sol["experiment"], "experiment", False))
            arrows.append(((column, 1), (column, 0)))
            xs.append(column)
            column += 1
        x = sum(xs) / len(xs)
        opp_x.append(x)
        boxes.append((x, 2, opp["text"], "opportunity", False))
        arrows.extend(((x, 2), (sx, 1)) for sx in xs)
    top_x = sum(opp_x) / len(opp_x)
    boxes.append((top_x, 3, tree["outcome"], "outcome", False))
    arrows.extend(((top_x, 3), (ox, 2)) for ox in opp_x)
    for (x1, y1), (x2, y2) in arrows:
        ax.annotate("", xy=(x2, y2 + 0.24), xytext=(x1, y1 - 0.24),
                    arrowprops={"arrowstyle": "->", "color": OKABE_ITO["black"], "linewidth": 1})
    for x, y, text, layer, bold in boxes:
        _, _, face, style = _LAYERS[layer]
        ax.text(x, y, _wrap(text, 30 if layer == "outcome" else 22), ha="center", va="center", fontsize=8.5,
                bbox={"boxstyle": "round,pad=0.4", "facecolor": face, "alpha": 0.35 if not bold else 0.6,
                      "edgecolor": OKABE_ITO["black"], "linestyle": style, "linewidth": 2.5 if bold else 1})
        if bold:
            ax.text(x + 0.05, y - 0.32, "riskiest:\ntest before stories", ha="left", va="top", fontsize=8,
                    style="italic", color=OKABE_ITO["vermillion"])
    ax.set_xlim(-0.6, column - 0.4)
    ax.set_ylim(-0.5, 3.5)
    ax.set_yticks([v[0] for v in _LAYERS.values()], [v[1] for v in _LAYERS.values()])
    ax.set_xticks([])
    ax.set_ylabel("Layer of the tree (Torres, 2021)")
    ax.set_xlabel("Branches: each opportunity with its candidate solutions and the experiment that tests each")
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(title)
    fig.tight_layout()
    return fig


# Evidence strength, left to right: as in Bland and Osterwalder's map, the less evidence, the further right.
_STRENGTHS = ("strong", "weak", "none")
# One marker and colour per product risk (Cagan's four), so the risk is told by shape as well as colour.
_RISK_STYLE = {
    "value": ("o", OKABE_ITO["blue"]),
    "usability": ("s", OKABE_ITO["orange"]),
    "feasibility": ("D", OKABE_ITO["green"]),
    "viability": ("^", OKABE_ITO["purple"]),
}


def _strength(assumption: dict) -> str:
    strengths = {str(f["strength"]).strip().lower() for f in assumption.get("evidence", [])}
    if strengths - {"strong", "weak"}:
        raise ValueError(f"{assumption['id']}: a finding is strong or weak, not {sorted(strengths)}")
    if "strong" in strengths:
        return "strong"
    return "weak" if strengths else "none"


def assumption_map_chart(assumptions: list[dict] | None = None, important_from: float = case.TEST_FIRST_IMPORTANCE,
                         title: str = "Assumption map for auto-send (RD-7): importance against evidence") -> Figure:
    """Each assumption placed by the strength of its evidence (x) and its importance (y), after Bland and
    Osterwalder (*Testing Business Ideas*, 2019); the important, weakly evidenced corner is shaded "test first".

    ``assumptions``: dicts with id, risk, text, importance (1-5) and evidence (findings with a strength);
    by default :func:`ailead.case.delivery_assumptions`. Evidence strength is "strong" if any finding is
    strong, "weak" if there are findings but none strong, and "none" without findings.
    """
    assumptions = assumptions if assumptions is not None else case.delivery_assumptions()
    if not assumptions:
        raise ValueError("assumptions is empty: there is nothing to map")
    fig, ax = new_figure(figsize=(11, 6.4))
    right, top = 2.95, 5.7
    ax.fill_between([0.5, right], important_from - 0.5, top, color=OKABE_ITO["vermillion"], alpha=0.12,
                    hatch="//", linewidth=0)
    ax.text(1.72, 5.5, "TEST FIRST: important, without strong evidence", ha="center", va="center",
            fontsize=10, fontweight="bold", color=OKABE_ITO["vermillion"])
    ax.text(-0.45, 5.5, "important, known:\nbuild on it, keep measuring", ha="left", va="center", fontsize=8.5)
    ax.text(1.72, 0.6, "less important, unknown: park it, test when cheap", ha="center", va="center", fontsize=8.5)
    ax.text(-0.45, 0.6, "less important, known: no action", ha="left", va="center", fontsize=8.5)
    ax.axhline(important_from - 0.5, color=OKABE_ITO["black"], linestyle="--", linewidth=1)
    ax.axvline(0.5, color=OKABE_ITO["black"], linestyle="--", linewidth=1)
    seen = set()
    placed: dict[tuple[int, float], int] = {}
    for a in assumptions:
        strength = _strength(a)
        if not 1 <= a["importance"] <= 5:
            raise ValueError(f"{a['id']}: importance runs from 1 to 5, not {a['importance']}")
        x = _STRENGTHS.index(strength)
        spot = (x, a["importance"])
        offset = placed.get(spot, 0)
        placed[spot] = offset + 1
        x += 0.22 * offset
        marker, colour = _RISK_STYLE.get(a["risk"], ("X", OKABE_ITO["black"]))
        ax.plot([x], [a["importance"]], marker=marker, markersize=12, color=colour, markeredgecolor=OKABE_ITO["black"],
                linestyle="none", label=f"{a['risk']} risk" if a["risk"] not in seen else None)
        seen.add(a["risk"])
        ax.text(x + 0.12, a["importance"], f"{a['id']}: {_wrap(a['text'], 30)}", ha="left", va="center", fontsize=8)
    ax.set_xlim(-0.5, right)
    ax.set_ylim(0.35, top)
    ax.set_xticks(range(len(_STRENGTHS)), ["strong evidence", "weak evidence only", "no evidence"])
    ax.set_yticks([1, 2, 3, 4, 5], ["1 the idea survives", "2", "3", "4", "5 the idea is dead"])
    ax.set_xlabel("Strength of the evidence so far (lesson 02): less evidence to the right")
    ax.set_ylabel("Importance: what happens to the idea if the assumption is wrong")
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=4, frameon=False, fontsize=9)
    fig.tight_layout()
    return fig
