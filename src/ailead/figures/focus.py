"""Figures for lesson 02 (focus): where ReplyDraft ideas have evidence on the four product risks."""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from ailead import case
from ailead.figures.style import OKABE_ITO, new_figure

__all__ = ["risk_evidence_matrix"]

_HAS = OKABE_ITO["blue"]
_GAP = OKABE_ITO["yellow"]
_GAP_HATCH = "///"
# The question each risk asks, shown under its name (after Cagan, 2017).
_QUESTION = {
    "value": "will they use it\nor buy it?",
    "usability": "can they work\nout how to use it?",
    "feasibility": "can we build it\nwith what we have?",
    "viability": "does it work for\nthe business?",
}


def risk_evidence_matrix(ideas: list[dict] | None = None,
                         title: str = "Where ReplyDraft ideas have evidence on each product risk") -> Figure:
    """A grid of ideas (rows) against the four product risks (columns).

    ``ideas`` is a list like :func:`ailead.case.idea_evidence` returns (id, title, and evidence
    records with a "risk"); by default that list is drawn. A cell with evidence is a solid square
    with a tick and the number of findings; a cell without is hatched and says "no evidence". The
    right-hand column counts the gaps in each row, so nothing depends on colour alone.
    """
    ideas = ideas if ideas is not None else case.idea_evidence()
    risks = list(case.PRODUCT_RISKS)
    n_rows = len(ideas)
    fig, ax = new_figure(figsize=(8.6, 1.9 + 0.7 * max(n_rows, 1)))
    for row, idea in enumerate(ideas):
        y = n_rows - 1 - row  # the first idea at the top
        counts = {risk: 0 for risk in risks}
        for record in idea.get("evidence", []):
            risk = str(record.get("risk", "")).strip().lower()
            if risk in counts:
                counts[risk] += 1
        for col, risk in enumerate(risks):
            n = counts[risk]
            if n:
                ax.add_patch(Rectangle((col + 0.04, y + 0.06), 0.92, 0.88, facecolor=_HAS,
                                       edgecolor="black", lw=0.8))
                label = f"✔ {n} finding" + ("s" if n > 1 else "")
                ax.text(col + 0.5, y + 0.5, label, ha="center", va="center", color="white",
                        fontsize=9, fontweight="bold")
            else:
                ax.add_patch(Rectangle((col + 0.04, y + 0.06), 0.92, 0.88, facecolor=_GAP,
                                       edgecolor="black", hatch=_GAP_HATCH, lw=0.8))
                ax.text(col + 0.5, y + 0.5, "no evidence", ha="center", va="center", fontsize=9,
                        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"})
        gaps = sum(1 for risk in risks if counts[risk] == 0)
        ax.text(len(risks) + 0.12, y + 0.5, f"{gaps} gap" + ("" if gaps == 1 else "s"),
                va="center", fontsize=9, fontweight="bold" if gaps else "normal")
    ax.set_xlim(0, len(risks) + 0.75)
    ax.set_ylim(0, max(n_rows, 1))
    ax.set_xticks([c + 0.5 for c in range(len(risks))])
    ax.set_xticklabels([f"{r}\n{_QUESTION.get(r, '')}".strip() for r in risks], fontsize=9)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_yticks([n_rows - 1 - r + 0.5 for r in range(n_rows)])
    ax.set_yticklabels([textwrap.fill(f"{i['id']} {i['title']}", 30) for i in ideas], fontsize=9)
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("Product risk (Cagan, Inspired, 2017)")
    ax.set_ylabel("ReplyDraft idea")
    ax.set_title(title, pad=12)
    ax.legend(handles=[Patch(facecolor=_HAS, edgecolor="black", label="✔ evidence gathered"),
                       Patch(facecolor=_GAP, edgecolor="black", hatch=_GAP_HATCH, label="no evidence yet")],
              loc="upper center", bbox_to_anchor=(0.45, 0.0), ncol=2, frameon=False, fontsize=9)
    fig.tight_layout()
    return fig
