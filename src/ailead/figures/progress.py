"""The learner's progress dashboard as an SVG picture: how far through each lesson, how often right first time.

Drawn in plain Python (no drawing library), so it works wherever the lessons do, in the browser version
too. The picture carries its own title and description for screen readers, and nothing depends on colour
alone: unsolved questions are hatched, below-target scores cross-hatched and labelled in words.
"""

from __future__ import annotations

import html
import textwrap

from ailead.figures.palette import OKABE_ITO

__all__ = ["progress_dashboard", "ProgressFigure"]

_SOLVED, _TO_DO = OKABE_ITO["blue"], OKABE_ITO["sky"]
_MET, _BELOW = OKABE_ITO["green"], OKABE_ITO["orange"]
_INK = OKABE_ITO["black"]

ROW = 34            # height of one lesson's row
TOP = 86            # title and panel titles
LABEL_W = 270       # lesson labels on the left
LEFT_W = 300        # left panel (questions solved)
GAP = 40
RIGHT_W = 300       # right panel (first-try score, 0-135 %)
WIDTH = LABEL_W + LEFT_W + GAP + RIGHT_W + 30


def _text(x: float, y: float, text: str, size: int = 12, anchor: str = "start", weight: str = "normal",
          style: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
            f'font-style="{style}" fill="{_INK}">{html.escape(text)}</text>')


def _rect(x: float, y: float, w: float, h: float, fill: str, pattern: str = "") -> str:
    out = (f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{h:.1f}" fill="{fill}" '
           f'stroke="{_INK}" stroke-width="0.6"/>')
    if pattern and w > 0:
        out += (f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="url(#{pattern})" '
                f'stroke="none"/>')
    return out


_PATTERNS = (
    f'<pattern id="ailead-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    f'<line x1="0" y1="0" x2="0" y2="6" stroke="{_INK}" stroke-width="1"/></pattern>'
    f'<pattern id="ailead-cross" width="6" height="6" patternUnits="userSpaceOnUse">'
    f'<path d="M0,0 L6,6 M6,0 L0,6" stroke="{_INK}" stroke-width="0.8"/></pattern>'
)


class ProgressFigure:
    """An SVG picture with its title and long description; Jupyter shows it inline."""

    def __init__(self, svg: str, title: str, description: str):
        self.svg, self.title, self.description = svg, title, description

    def _repr_svg_(self) -> str:
        return self.svg

    def _repr_html_(self) -> str:
        return f'<figure class="ailead-figure" style="margin:0">{self.svg}</figure>'

    def __repr__(self) -> str:
        return f"{self.title}. {self.description}"


def describe(board) -> str:
    """The picture in words: what a screen reader announces, one sentence per lesson."""
    parts = [board.headline()]
    for lp in board.lessons:
        if lp.started:
            below = " (below the target)" if lp.first_try_score < board.target else ""
            parts.append(f"Lesson {lp.number}: {lp.solved} of {lp.questions} solved, right first time on "
                         f"{lp.first_try} of {lp.attempted} tried ({lp.first_try_score:.0%}){below}.")
        else:
            parts.append(f"Lesson {lp.number}: not started, {lp.questions} questions.")
    return " ".join(parts)


def progress_dashboard(board=None, title: str = "Your progress through the course") -> ProgressFigure:
    """Left: questions solved out of each lesson's bank. Right: first-try score per lesson against the target.

    ``board`` is a :class:`ailead.dashboard.Dashboard` (default: :func:`ailead.dashboard.build` on your record).
    """
    if board is None:
        from ailead import dashboard

        board = dashboard.build()
    rows = list(board.lessons)
    height = TOP + ROW * max(len(rows), 1) + 70
    left0, right0 = LABEL_W, LABEL_W + LEFT_W + GAP
    widest = max((lp.questions for lp in rows), default=1)
    scale_left = (LEFT_W - 70) / widest
    scale_right = RIGHT_W / 135
    target_x = right0 + board.target * 100 * scale_right
    desc = describe(board)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="ailead-progress-title ailead-progress-desc" '
           f'font-family="DejaVu Sans, Arial, sans-serif">',
           f'<title id="ailead-progress-title">{html.escape(title)}</title>',
           f'<desc id="ailead-progress-desc">{html.escape(desc)}</desc>',
           f"<defs>{_PATTERNS}</defs>",
           f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
           _text(WIDTH / 2, 24, title, 16, "middle", "bold"),
           _text(left0, 56, f"How far through each lesson: {board.solved} of {board.questions} solved "
                            f"({board.completion:.0%})", 12, "start", "bold"),
           _text(right0, 56, "How often right first time", 12, "start", "bold")]
    for i, lp in enumerate(rows):
        y = TOP + i * ROW
        label = textwrap.shorten(f"{lp.number} {lp.label}", 40, placeholder="…")
        out.append(_text(left0 - 8, y + 17, label, 11, "end"))
        solved_w, todo_w = lp.solved * scale_left, (lp.questions - lp.solved) * scale_left
        out.append(_rect(left0, y + 5, solved_w, 20, _SOLVED))
        out.append(_rect(left0 + solved_w, y + 5, todo_w, 20, _TO_DO, "ailead-hatch"))
        out.append(_text(left0 + solved_w + todo_w + 6, y + 19, f"{lp.solved} of {lp.questions}", 11,
                         weight="bold" if lp.finished else "normal"))
        if board.is_empty:
            continue
        if lp.started:
            below = lp.first_try_score < board.target
            score = lp.first_try_score * 100
            out.append(_rect(right0, y + 5, score * scale_right, 20, _BELOW if below else _MET,
                             "ailead-cross" if below else ""))
            note = f"{score:.0f}% ({lp.first_try} of {lp.attempted})" + (": below target" if below else "")
            out.append(_text(right0 + score * scale_right + 6, y + 19, note, 11))
        else:
            out.append(_text(right0 + 4, y + 19, "not started", 11, style="italic"))
    bottom = TOP + ROW * max(len(rows), 1)
    out.append(f'<line x1="{target_x:.1f}" y1="{TOP - 6}" x2="{target_x:.1f}" y2="{bottom}" stroke="{_INK}" '
               f'stroke-width="1.3" stroke-dasharray="6,4"/>')
    out.append(_text(target_x + 4, TOP - 10, f"target {board.target:.0%}", 11))
    if board.is_empty:
        first = rows[0].notebook if rows else "00-start-here.ipynb"
        out.append(_text(right0 + RIGHT_W / 2, TOP + 40, "Nothing yet: no quiz attempts.", 13, "middle", "bold"))
        out.append(_text(right0 + RIGHT_W / 2, TOP + 60, f"Start with {first}; your answers will show here.", 12,
                         "middle"))
    legend_y = bottom + 30
    out += [_rect(left0, legend_y - 11, 16, 12, _SOLVED), _text(left0 + 22, legend_y, "solved", 11),
            _rect(left0 + 90, legend_y - 11, 16, 12, _TO_DO, "ailead-hatch"),
            _text(left0 + 112, legend_y, "not solved yet", 11),
            _rect(right0, legend_y - 11, 16, 12, _MET), _text(right0 + 22, legend_y, "at or above target", 11),
            _rect(right0 + 150, legend_y - 11, 16, 12, _BELOW, "ailead-cross"),
            _text(right0 + 172, legend_y, "below target", 11),
            _text(left0, legend_y + 22, "Quiz questions solved, out of the lesson's bank", 11),
            _text(right0, legend_y + 22, "Right first time: % of the questions you tried", 11),
            "</svg>"]
    return ProgressFigure("".join(out), title, desc)
