"""Figure for lesson 10 (alignment and the future): an alignment scorecard across the eight practices."""

from __future__ import annotations

from matplotlib.figure import Figure

from ailead import case
from ailead.instructor.drawing.style import OKABE_ITO, new_figure

__all__ = ["alignment_scorecard"]

# (colour, marker) per organisation, in the order given: shape and a printed score, not colour
# alone, tell the organisations apart.
_STYLES = [(OKABE_ITO["orange"], "o"), (OKABE_ITO["blue"], "s"), (OKABE_ITO["green"], "D")]
_MAX_SCORE = 4


def alignment_scorecard(scores: dict[str, dict[str, float]] | None = None, weak_below: float = 2,
                        title: str = "Alignment scorecard: where each organisation is weak") -> Figure:
    """A dot plot of workshop scores (0-4) per alignment practice, one marker shape per organisation.

    ``scores`` maps an organisation to {practice: score}; every organisation must score the same
    practices. Practices run top to bottom in the order of the first organisation. Scores below
    ``weak_below`` fall in a shaded band labelled as weak. By default the scores are
    :func:`ailead.case.alignment_workshop_scores`. At most three organisations.
    """
    scores = scores if scores is not None else case.alignment_workshop_scores()
    if not scores:
        raise ValueError("scores is empty: there is no organisation to draw")
    if len(scores) > len(_STYLES):
        raise ValueError(f"at most {len(_STYLES)} organisations fit on one scorecard, got {len(scores)}")
    orgs = list(scores)
    practices = list(scores[orgs[0]])
    if not practices:
        raise ValueError(f"{orgs[0]} has no practice scores")
    for org in orgs:
        if set(scores[org]) != set(practices):
            raise ValueError(f"{org} scores different practices from {orgs[0]}; every organisation needs the same")
        for practice, value in scores[org].items():
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= _MAX_SCORE:
                raise ValueError(f"{org}, {practice}: score {value!r} is not a number from 0 to {_MAX_SCORE}")

    fig, ax = new_figure(figsize=(9, 0.55 * len(practices) + 2.2))
    n = len(practices)
    rows = {p: n - 1 - i for i, p in enumerate(practices)}  # first practice at the top
    ax.axvspan(-0.3, weak_below, color=OKABE_ITO["vermillion"], alpha=0.08, linewidth=0, zorder=0)
    ax.axvline(weak_below, color=OKABE_ITO["vermillion"], linestyle="--", linewidth=1)
    ax.text(weak_below - 0.05, -0.55, f"weak: below {weak_below:g}", ha="right", va="bottom", fontsize=9,
            style="italic")
    for y in range(n):
        ax.axhline(y, color=OKABE_ITO["black"], alpha=0.08, linewidth=0.8, zorder=0)
    spread = 0.32 / max(1, len(orgs) - 1) if len(orgs) > 1 else 0
    for k, org in enumerate(orgs):
        colour, marker = _STYLES[k]
        offset = (len(orgs) - 1) / 2 * spread - k * spread
        xs = [scores[org][p] for p in practices]
        ys = [rows[p] + offset for p in practices]
        ax.scatter(xs, ys, s=110, color=colour, marker=marker, edgecolor="black", linewidth=0.8, zorder=3,
                   label=org)
        for x, y in zip(xs, ys):
            ax.text(x + 0.12, y, f"{x:g}", ha="left", va="center", fontsize=8)
    ax.set_yticks(range(n))
    ax.set_yticklabels([practices[n - 1 - y] for y in range(n)])
    ax.set_xticks(range(_MAX_SCORE + 1))
    ax.set_xticklabels(["0\nnever", "1", "2", "3", "4\nalways"])
    ax.set_xlim(-0.3, _MAX_SCORE + 0.5)
    ax.set_ylim(-0.65, n - 0.4)
    ax.set_xlabel("Workshop score: how often the practice is true here (0 = never, 4 = always)")
    ax.set_ylabel("Alignment practice")
    ax.set_title(title, pad=30)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(orgs), frameon=False, fontsize=9)
    fig.tight_layout()
    return fig
