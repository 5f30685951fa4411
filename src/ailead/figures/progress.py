"""The learner's progress dashboard figure: how far through each lesson, and how often right first time."""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from ailead import dashboard as _dashboard
from ailead.figures.style import OKABE_ITO, new_figure

__all__ = ["progress_dashboard"]

_SOLVED = OKABE_ITO["blue"]
_TO_DO = OKABE_ITO["sky"]
_TO_DO_HATCH = "///"
_MET = OKABE_ITO["green"]
_BELOW = OKABE_ITO["orange"]
_BELOW_HATCH = "xx"


def progress_dashboard(board: _dashboard.Dashboard | None = None,
                       title: str = "Your progress through the course") -> Figure:
    """Left: questions solved out of each lesson's bank. Right: first-try score per lesson, with the target.

    ``board`` is a :class:`ailead.dashboard.Dashboard` (default: :func:`ailead.dashboard.build` on your
    record). Solved questions are solid bars, the rest of the bank hatched, with "solved of total" written
    on each row; first-try scores below the target are hatched and marked "below target", and a lesson
    not started says so. With no attempts at all the bars are empty and a note says where to start.
    """
    board = board if board is not None else _dashboard.build()
    rows = list(board.lessons)
    n = max(len(rows), 1)
    fig, (left, right) = new_figure(1, 2, figsize=(12, 2.4 + 0.55 * n), sharey=True,
                                    gridspec_kw={"width_ratios": [1.25, 1]})
    ys = list(range(len(rows)))[::-1]  # the first lesson at the top

    # Left: how far through each lesson.
    solved = [lp.solved for lp in rows]
    to_do = [lp.questions - lp.solved for lp in rows]
    left.barh(ys, solved, height=0.62, color=_SOLVED, edgecolor="black", linewidth=0.6, label="solved")
    left.barh(ys, to_do, left=solved, height=0.62, color=_TO_DO, edgecolor="black", linewidth=0.6,
              hatch=_TO_DO_HATCH, alpha=0.55, label="not solved yet")
    widest = max((lp.questions for lp in rows), default=1)
    for y, lp in zip(ys, rows):
        left.text(lp.questions + widest * 0.02, y, f"{lp.solved} of {lp.questions}", va="center", fontsize=9,
                  fontweight="bold" if lp.finished else "normal")
    left.set_xlim(0, widest * 1.22)
    left.xaxis.set_major_locator(MaxNLocator(integer=True))
    left.set_yticks(ys)
    left.set_yticklabels([textwrap.fill(f"{lp.number} {lp.label}", 34) for lp in rows], fontsize=9)
    left.set_xlabel("Quiz questions solved, out of the lesson's bank")
    left.set_ylabel("Lesson and its contrast")
    left.set_title(f"How far through each lesson: {board.solved} of {board.questions} solved "
                   f"({board.completion:.0%})", fontsize=10)
    left.legend(handles=[Patch(facecolor=_SOLVED, edgecolor="black", label="solved"),
                         Patch(facecolor=_TO_DO, edgecolor="black", hatch=_TO_DO_HATCH, alpha=0.55,
                               label="not solved yet")],
                loc="upper center", bbox_to_anchor=(0.5, -0.07 - 0.35 / n), ncol=2, frameon=False, fontsize=9)

    # Right: first-try score per lesson, against the target.
    target = board.target * 100
    scores = [0.0 if lp.first_try_score is None else lp.first_try_score * 100 for lp in rows]
    below = [lp.started and lp.first_try_score < board.target for lp in rows]
    bars = right.barh(ys, scores, height=0.62, color=[_BELOW if b else _MET for b in below],
                      edgecolor="black", linewidth=0.6, label="first-try score")
    for bar, b in zip(bars, below):
        if b:
            bar.set_hatch(_BELOW_HATCH)
    for y, lp, score, b in zip(ys, rows, scores, below):
        if board.is_empty:
            break  # one note for the whole panel instead (below)
        if not lp.started:
            note = "not started"
        else:
            note = f"{score:.0f}% ({lp.first_try} of {lp.attempted})" + (": below target" if b else "")
        right.text(score + 1.5, y, note, va="center", fontsize=9, style="normal" if lp.started else "italic",
                   zorder=4, bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"})
    right.axvline(target, color=OKABE_ITO["black"], linestyle="--", linewidth=1.3, zorder=3)
    right.text(target + 1.5, len(rows) - 0.45, f"target {target:.0f}%", ha="left", va="bottom", fontsize=9)
    right.set_xlim(0, 135)
    right.set_xticks([0, 20, 40, 60, 80, 100])
    right.set_ylim(-0.6, len(rows) - 0.1)
    right.tick_params(axis="y", labelleft=False)
    right.set_xlabel("Right first time: % of the questions you tried")
    right.set_title("How often right first time", fontsize=10)
    right.legend(handles=[Patch(facecolor=_MET, edgecolor="black", label="at or above target"),
                          Patch(facecolor=_BELOW, edgecolor="black", hatch=_BELOW_HATCH, label="below target")],
                 loc="upper center", bbox_to_anchor=(0.5, -0.07 - 0.35 / n), ncol=2, frameon=False, fontsize=9)

    for ax in (left, right):
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    if board.is_empty:
        first = rows[0].notebook if rows else "00-start-here.ipynb"
        right.text(0.5, 0.5, f"Nothing yet: no quiz attempts.\nStart with {first};\nyour answers will show here.",
                   transform=right.transAxes, ha="center", va="center", fontsize=11, zorder=5,
                   bbox={"boxstyle": "round,pad=0.5", "facecolor": "white", "edgecolor": OKABE_ITO["black"]})
    fig.suptitle(title, fontsize=13, fontweight="bold")
    fig.tight_layout()
    return fig
