"""Figure for lesson 12 (trust, security and regulation): which controls cover which LLM threat."""

from __future__ import annotations

from matplotlib.figure import Figure

from ailead import case
from ailead.instructor.drawing.style import OKABE_ITO, new_figure

__all__ = ["threat_control_grid"]

_PREVENTS = OKABE_ITO["blue"]
_DETECTS = OKABE_ITO["orange"]
_OPEN = OKABE_ITO["vermillion"]


def threat_control_grid(covers: dict[str, list[str]] | None = None, in_place: list[str] | None = None,
                        title: str = "Refund agent pilot plan: which controls cover which threat") -> Figure:
    """A grid of threats (rows) against controls (columns), with a mark where a control covers a threat.

    A circle marks a control that prevents or limits harm, a triangle one that only detects it; the mark
    is filled when the control is in place and hollow when it is only planned. A threat counts as
    covered when at least one control that prevents or limits it is in place; the right-hand label says
    "covered" or "OPEN". ``covers`` maps a threat id to control names (default
    :func:`ailead.case.threat_controls`); ``in_place`` lists the controls in place (default
    :func:`ailead.case.controls_in_pilot_plan`). Columns follow :func:`ailead.case.trust_controls`.
    """
    covers = covers if covers is not None else case.threat_controls()
    in_place = in_place if in_place is not None else case.controls_in_pilot_plan()
    controls = case.trust_controls()
    names = [c["name"] for c in controls]
    prevents = {c["name"]: c["prevents"] for c in controls}
    threats = {t["id"]: t["name"] for t in case.llm_threats()}
    if not covers:
        raise ValueError("covers is empty: there is no threat to draw")
    for threat, listed in covers.items():
        unknown = [c for c in listed if c not in prevents]
        if unknown:
            raise ValueError(f"{threat}: unknown control(s) {unknown}; the controls are {names}")
    unknown = [c for c in in_place if c not in prevents]
    if unknown:
        raise ValueError(f"in_place names unknown control(s) {unknown}; the controls are {names}")

    rows = list(covers)
    n_rows, n_cols = len(rows), len(names)
    fig, ax = new_figure(figsize=(12, 0.5 * n_rows + 4.2))
    done = set(in_place)
    for i, threat in enumerate(rows):
        y = n_rows - 1 - i
        ax.axhline(y, color=OKABE_ITO["black"], alpha=0.08, linewidth=0.8, zorder=0)
        for control in covers[threat]:
            x = names.index(control)
            colour = _PREVENTS if prevents[control] else _DETECTS
            marker = "o" if prevents[control] else "^"
            face = colour if control in done else "none"
            ax.scatter([x], [y], s=150, marker=marker, facecolors=face, edgecolors=colour, linewidths=2,
                       zorder=3)
        covered = any(prevents[c] and c in done for c in covers[threat])
        ax.text(n_cols - 0.3, y, "covered" if covered else "OPEN",
                ha="left", va="center", fontsize=9, fontweight="normal" if covered else "bold",
                color=OKABE_ITO["black"] if covered else _OPEN)
    ax.set_yticks(range(n_rows))
    ax.set_yticklabels([f"{t[:5]} {threats.get(t, t)}" for t in reversed(rows)], fontsize=9)
    ax.set_xticks(range(n_cols))
    for x in range(n_cols):
        ax.axvline(x, color=OKABE_ITO["black"], alpha=0.06, linewidth=0.8, zorder=0)
    ax.set_xticklabels([name if name in done else f"{name}\n(planned, not in place)" for name in names],
                       rotation=40, ha="right", fontsize=8.5)
    ax.set_xlim(-0.6, n_cols + 0.6)
    ax.set_ylim(-0.7, n_rows - 0.1)
    ax.set_xlabel("Control (circle: prevents or limits harm; triangle: only detects; filled: in place; "
                  "hollow: planned)")
    ax.text(n_cols - 0.3, n_rows - 0.5, "covered?", ha="left", va="bottom", fontsize=9, style="italic")
    ax.set_ylabel("Threat (OWASP Top 10 for LLM Applications, 2025)")
    ax.set_title(title)
    legend = [
        ax.scatter([], [], s=110, marker="o", facecolors=_PREVENTS, edgecolors=_PREVENTS, linewidths=2,
                   label="prevents or limits, in place"),
        ax.scatter([], [], s=110, marker="o", facecolors="none", edgecolors=_PREVENTS, linewidths=2,
                   label="prevents or limits, planned"),
        ax.scatter([], [], s=110, marker="^", facecolors=_DETECTS, edgecolors=_DETECTS, linewidths=2,
                   label="only detects, in place"),
    ]
    ax.legend(handles=legend, loc="upper right", fontsize=8, frameon=False, bbox_to_anchor=(1.0, -0.32),
              ncol=3)
    fig.tight_layout()
    return fig
