"""The launch simulator's debrief picture: both scoreboards over the eight sprints, as SVG.

Drawn in plain Python like :mod:`ailead.figures.progress` (the learner's runtime has no drawing library), with a
title and a long description for screen readers. Every series has its own line style and marker shape as well as
its colour (Okabe and Ito's palette), so nothing depends on colour alone; events are written on the chart.
"""

from __future__ import annotations

import base64
import html

from ailead.figures.palette import OKABE_ITO
from ailead.figures.progress import ProgressFigure

__all__ = ["SimFigure", "debrief_chart", "describe_game", "series"]

_INK = OKABE_ITO["black"]
_LOW_CONTRAST = {OKABE_ITO[k] for k in ("orange", "sky", "yellow")}  # under 3:1 against white: outlined
W, H = 980, 440
PANEL_W, PANEL_H = 400, 250
TOP, LEFT = 70, 60
GAP = 110

# (key, label, colour, dash pattern, marker) for each panel's lines.
PRODUCT = [("product_score", "product score", OKABE_ITO["blue"], "", "circle"),
           ("adoption", "adoption (% of 40 agents)", OKABE_ITO["orange"], "6,3", "square"),
           ("satisfaction", "agent satisfaction", OKABE_ITO["green"], "2,3", "triangle"),
           ("impact", "business impact (% of full marks)", OKABE_ITO["purple"], "10,3,2,3", "diamond")]
ENGINEERING = [("engineering_score", "engineering score", OKABE_ITO["vermillion"], "", "circle"),
               ("budget", "error budget left (%)", OKABE_ITO["sky"], "6,3", "square"),
               ("debt", "debt", OKABE_ITO["black"], "2,3", "triangle"),
               ("trust", "team trust", OKABE_ITO["green"], "10,3,2,3", "diamond")]


def series(history: list[dict], full_hours: float = 250, budget: float = 20.16) -> dict[str, list[float]]:
    """The values the chart draws, 0 to 100, one per sprint."""
    return {
        "product_score": [h["product_score"] for h in history],
        "adoption": [100 * h["adoption"] for h in history],
        "satisfaction": [h["satisfaction"] for h in history],
        "impact": [min(100.0, 100 * h["hours_saved"] / full_hours) for h in history],
        "engineering_score": [h["engineering_score"] for h in history],
        "budget": [max(0.0, 100 * h["budget_left"] / budget) for h in history],
        "debt": [h["debt"] for h in history],
        "trust": [h["trust"] for h in history],
    }


def _text(x, y, text, size=12, anchor="start", weight="normal", rotate=None):
    turn = f' transform="rotate({rotate} {x:.1f} {y:.1f})"' if rotate is not None else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
            f'fill="{_INK}"{turn}>{html.escape(text)}</text>')


def _marker(kind, x, y, colour):
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}" stroke="{_INK}" stroke-width="0.6"/>'
    if kind == "square":
        return (f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}" stroke="{_INK}" '
                'stroke-width="0.6"/>')
    if kind == "triangle":
        return (f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y + 4:.1f} L{x - 5:.1f},{y + 4:.1f} Z" fill="{colour}" '
                f'stroke="{_INK}" stroke-width="0.6"/>')
    return (f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y:.1f} L{x:.1f},{y + 5:.1f} L{x - 5:.1f},{y:.1f} Z" '
            f'fill="{colour}" stroke="{_INK}" stroke-width="0.6"/>')


def _panel(x0, title, lines, data, history) -> list[str]:
    n = len(history)
    out = [_text(x0 + PANEL_W / 2, TOP - 12, title, 13, "middle", "bold"),
           f'<rect x="{x0}" y="{TOP}" width="{PANEL_W}" height="{PANEL_H}" fill="none" stroke="{_INK}" '
           'stroke-width="0.8"/>']
    xs = [x0 + PANEL_W * (i + 0.5) / max(n, 1) for i in range(n)]
    for v in (0, 25, 50, 75, 100):
        y = TOP + PANEL_H * (1 - v / 100)
        out.append(f'<line x1="{x0 - 4}" y1="{y:.1f}" x2="{x0 + PANEL_W}" y2="{y:.1f}" stroke="#bbbbbb" '
                   'stroke-width="0.5"/>')
        out.append(_text(x0 - 8, y + 4, str(v), 11, "end"))
    for i, h in enumerate(history):
        out.append(_text(xs[i], TOP + PANEL_H + 16, str(h.get("case_sprint", h["sprint"])), 11, "middle"))
        marks = []
        if h.get("launched"):
            marks.append(f"+{h['launched']}")
        marks += [f"−{b}" for b in h.get("rolled_back", [])]
        if h.get("incidents"):
            marks.append(f"{h['incidents']} inc.")
        if marks:
            out.append(_text(xs[i], TOP + 12 + 12 * (i % 2), " ".join(marks), 9, "middle"))
    out.append(_text(x0 + PANEL_W / 2, TOP + PANEL_H + 34, "Sprint (the case's sprint numbers)", 12, "middle"))
    out.append(_text(x0 - 40, TOP + PANEL_H / 2, "Score or value, 0 to 100", 12, "middle", rotate=-90))
    for key, _label, colour, dash, marker in lines:
        pts = [(xs[i], TOP + PANEL_H * (1 - max(0.0, min(100.0, v)) / 100)) for i, v in enumerate(data[key])]
        if len(pts) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
            width = 2.6 if key.endswith("score") else 1.6
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            if colour in _LOW_CONTRAST:  # under 3:1 on white: a black edge either side keeps the line visible
                out.append(f'<polyline points="{path}" fill="none" stroke="{_INK}" stroke-width="{width + 1.5}"'
                           f'{dashes}/>')
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{width}"{dashes}/>')
        out += [_marker(marker, x, y, colour) for x, y in pts]
    for j, (_key, label, colour, dash, marker) in enumerate(lines):
        ly = TOP + PANEL_H + 54 + 16 * (j // 2)
        lx = x0 + (PANEL_W / 2) * (j % 2)
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        if colour in _LOW_CONTRAST:
            out.append(f'<line x1="{lx:.1f}" y1="{ly - 4:.1f}" x2="{lx + 26:.1f}" y2="{ly - 4:.1f}" stroke="{_INK}" '
                       f'stroke-width="3.5"{dashes}/>')
        out.append(f'<line x1="{lx:.1f}" y1="{ly - 4:.1f}" x2="{lx + 26:.1f}" y2="{ly - 4:.1f}" stroke="{colour}" '
                   f'stroke-width="2"{dashes}/>')
        out.append(_marker(marker, lx + 13, ly - 4, colour))
        out.append(_text(lx + 32, ly, label, 11))
    return out


def describe_game(history: list[dict], final: float | None = None) -> str:
    """The picture in words: the scores at the start and the end, and what happened in each sprint."""
    if not history:
        return "No sprint played yet."
    first, last = history[0], history[-1]
    parts = [f"Over {len(history)} sprints the product score went from {first['product_score']:.0f} to "
             f"{last['product_score']:.0f} and the engineering score from {first['engineering_score']:.0f} to "
             f"{last['engineering_score']:.0f}" + (f"; the game's score is {final:.1f}." if final is not None else ".")]
    for h in history:
        bits = []
        if h.get("launched"):
            bits.append(f"{h['launched']} launched")
        if h.get("rolled_back"):
            bits.append("rolled back " + ", ".join(h["rolled_back"]))
        if h.get("incidents"):
            bits.append(f"{h['incidents']} customer-visible incidents")
        if h.get("events"):
            bits.append("events: " + ", ".join(h["events"]))
        parts.append(f"Sprint {h.get('case_sprint', h['sprint'])}: adoption {h['adoption']:.0%}, debt {h['debt']:.0f}, "
                     f"trust {h['trust']:.0f}" + (f"; {'; '.join(bits)}." if bits else "."))
    return " ".join(parts)


class SimFigure(ProgressFigure):
    """The debrief picture: an image with its alt text on the image itself, scaled to the page's width (the SVG
    alone would be shown by JupyterLab as an image without alt text, wider than the notebook)."""

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
        alt = html.escape(f"{self.title}. {self.description}", quote=True)
        return (f'<img class="ailead-figure" src="data:image/svg+xml;base64,{data}" alt="{alt}" '
                f'style="max-width:100%;height:auto">')


def debrief_chart(history: list[dict], title: str = "Your game: both scoreboards, sprint by sprint",
                  final: float | None = None) -> SimFigure:
    """Left: the product scoreboard over the sprints; right: the engineering scoreboard. Shows inline in Jupyter."""
    data = series(history)
    desc = describe_game(history, final)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" role="img" '
           f'aria-labelledby="ailead-sim-title ailead-sim-desc" font-family="DejaVu Sans, Arial, sans-serif">',
           f'<title id="ailead-sim-title">{html.escape(title)}</title>',
           f'<desc id="ailead-sim-desc">{html.escape(desc)}</desc>',
           f'<rect width="{W}" height="{H}" fill="#ffffff"/>', _text(W / 2, 24, title, 16, "middle", "bold"),
           _text(W / 2, 44, "Marks above the lines: +launch, −rollback, incidents", 11, "middle")]
    out += _panel(LEFT + 10, "Product scoreboard", PRODUCT, data, history)
    out += _panel(LEFT + 10 + PANEL_W + GAP, "Engineering scoreboard", ENGINEERING, data, history)
    out.append("</svg>")
    return SimFigure("".join(out), title, desc)
