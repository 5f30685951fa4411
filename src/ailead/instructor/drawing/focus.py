"""Figures for lesson 02 (focus): which ReplyDraft risks strong evidence has resolved, and which are open."""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from ailead import case
from ailead.instructor.drawing.style import OKABE_ITO, new_figure

__all__ = ["risk_evidence_matrix"]

# Three kinds of cell, told apart by fill pattern and words as well as by colour.
_STRONG = OKABE_ITO["blue"]          # solid: at least one strong finding, the risk is resolved
_WEAK = OKABE_ITO["sky"]             # dotted: only weak findings, the risk is still open
_NONE = OKABE_ITO["yellow"]          # striped: no finding at all, the risk is open
_WEAK_HATCH = ".."
_NONE_HATCH = "///"
# The question each risk asks, shown under its name (after Cagan, 2017).
_QUESTION = {
    "value": "will they use it\nor buy it?",
    "usability": "can they work\nout how to use it?",
    "feasibility": "can we build it\nwith what we have?",
    "viability": "does it work for\nthe business?",
}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def risk_evidence_matrix(ideas: list[dict] | None = None,
                         title: str = "Which ReplyDraft risks strong evidence has resolved") -> Figure:
    """A grid of ideas (rows) against the four product risks (columns).

    ``ideas`` is a list like :func:`ailead.case.idea_evidence` returns (id, title, and evidence
    records with a "risk" and a "strength"); by default that list is drawn. A record without a
    strength counts as weak: nobody has judged it yet. Each cell is one of three kinds:

    - at least one strong finding: a solid square, "✔ resolved" and the number of findings;
    - weak findings only: a dotted square, "weak only: open" and the number of findings;
    - no finding: a striped square, "no evidence".

    The right-hand column counts the open risks in each row, so nothing depends on colour alone.
    """
    ideas = ideas if ideas is not None else case.idea_evidence()
    risks = list(case.PRODUCT_RISKS)
    n_rows = len(ideas)
    fig, ax = new_figure(figsize=(8.8, 2.0 + 0.75 * max(n_rows, 1)))
    for row, idea in enumerate(ideas):
        y = n_rows - 1 - row  # the first idea at the top
        strong = {risk: 0 for risk in risks}
        weak = {risk: 0 for risk in risks}
        for record in idea.get("evidence", []):
            risk = str(record.get("risk", "")).strip().lower()
            if risk not in strong:
                continue
            if str(record.get("strength", "weak")).strip().lower() == "strong":
                strong[risk] += 1
            else:
                weak[risk] += 1
        open_risks = 0
        for col, risk in enumerate(risks):
            cell = (col + 0.04, y + 0.06)
            found = strong[risk] + weak[risk]
            if strong[risk]:
                ax.add_patch(Rectangle(cell, 0.92, 0.88, facecolor=_STRONG, edgecolor="black", lw=0.8))
                ax.text(col + 0.5, y + 0.5, f"✔ resolved\n{_plural(found, 'finding')}", ha="center",
                        va="center", color="white", fontsize=9, fontweight="bold")
                continue
            open_risks += 1
            box = {"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"}
            if found:
                ax.add_patch(Rectangle(cell, 0.92, 0.88, facecolor=_WEAK, edgecolor="black",
                                       hatch=_WEAK_HATCH, lw=0.8))
                ax.text(col + 0.5, y + 0.5, f"weak only: open\n{_plural(found, 'finding')}", ha="center",
                        va="center", fontsize=9, bbox=box)
            else:
                ax.add_patch(Rectangle(cell, 0.92, 0.88, facecolor=_NONE, edgecolor="black",
                                       hatch=_NONE_HATCH, lw=0.8))
                ax.text(col + 0.5, y + 0.5, "no evidence", ha="center", va="center", fontsize=9, bbox=box)
        ax.text(len(risks) + 0.12, y + 0.5, f"{open_risks} open", va="center", fontsize=9,
                fontweight="bold" if open_risks else "normal")
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
    ax.legend(handles=[
        Patch(facecolor=_STRONG, edgecolor="black", label="✔ resolved: a strong finding"),
        Patch(facecolor=_WEAK, edgecolor="black", hatch=_WEAK_HATCH, label="open: weak findings only"),
        Patch(facecolor=_NONE, edgecolor="black", hatch=_NONE_HATCH, label="open: no evidence"),
    ], loc="upper center", bbox_to_anchor=(0.45, 0.0), ncol=3, frameon=False, fontsize=9)
    fig.tight_layout()
    return fig
