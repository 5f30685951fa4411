"""Figures for lesson 07 (decision rights): the RACI matrix of twenty ReplyDraft decisions.

RACI has no single author (project-management practice; PMI's PMBOK Guide calls it a responsibility
assignment matrix). Each cell shows its letter as text, so the colours only repeat what the letters say.
"""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ailead import case
from ailead.instructor.drawing.style import OKABE_ITO, new_figure

__all__ = ["LETTER_STYLE", "decision_rights_matrix"]

# Fill and hatch per letter: accountable stands out most; the letter is always written in the cell too.
LETTER_STYLE = {
    "A": (OKABE_ITO["vermillion"], ""),
    "R": (OKABE_ITO["orange"], "//"),
    "C": (OKABE_ITO["sky"], ""),
    "I": (OKABE_ITO["yellow"], ""),
    "": ("none", ""),
}
_ROLE_LABELS = {"AI product leader": "product\nleader", "AI product manager": "product\nmanager",
                "AI product owner": "product\nowner", "AI engineering leader": "engineering\nleader"}


def decision_rights_matrix(matrix: dict | None = None,
                           title: str = "Who is accountable? ReplyDraft's decisions × the four roles") -> Figure:
    """Rows are decisions (grouped: strategic product, tactical product, engineering), columns the four roles.

    Each cell shows R, A, C or I. By default the case's matrix (:func:`ailead.case.decision_rights`);
    pass ``{decision id: {role: letter}}`` for the case's decisions to draw your own.
    """
    decisions = case.decision_rights()
    if matrix is not None:
        unknown = set(matrix) - {d["id"] for d in decisions}
        if unknown:
            raise ValueError(f"unknown decisions: {sorted(unknown)}; use the ids of case.decision_rights()")
    roles = list(case.DECISION_ROLES)
    fig, ax = new_figure(figsize=(9.5, 10.5))
    n = len(decisions)
    for r, d in enumerate(decisions):
        row = matrix.get(d["id"], {}) if matrix is not None else d["rights"]
        y = n - 1 - r
        for c, role in enumerate(roles):
            letter = row.get(role, "")
            colour, hatch = LETTER_STYLE[letter]
            ax.add_patch(Rectangle((c, y), 1, 1, facecolor=colour, hatch=hatch, edgecolor="black",
                                   linewidth=0.6, alpha=0.9 if letter == "A" else 0.6))
            if letter:
                ax.text(c + 0.5, y + 0.5, letter, ha="center", va="center", fontsize=11,
                        fontweight="bold" if letter == "A" else "normal",
                        color="white" if letter == "A" else "black")
    # Separators between the three groups of decisions.
    groups = [(d["lens"], d["horizon"] if d["lens"] == "product" else "") for d in decisions]
    for r in range(1, n):
        if groups[r] != groups[r - 1]:
            ax.axhline(n - r, color="black", linewidth=2.2)
    ax.set_xlim(0, len(roles))
    ax.set_ylim(0, n)
    ax.set_xticks([c + 0.5 for c in range(len(roles))], [_ROLE_LABELS[r] for r in roles])
    ax.xaxis.tick_top()
    ax.set_yticks([n - 0.5 - r for r in range(n)], [textwrap.shorten(d["decision"], 58) for d in decisions],
                  fontsize=8.5)
    ax.set_xlabel("Role (A accountable, R responsible, C consulted, I informed)")
    ax.set_ylabel("Decision (strategic product · tactical product · engineering)")
    ax.tick_params(length=0)
    ax.set_title(title, pad=38)
    fig.tight_layout()
    return fig
