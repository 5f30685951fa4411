"""``ailead guide``: the one-page role guide, printable, as PDF and PNG in A4 and US Letter.

The four roles side by side (focus, horizon, audience, decisions owned, metrics, typical artefacts,
questions to ask in a hiring interview), drawn from :func:`ailead.case.role_guide`, the data the lessons use.

Made for printing in black and white: black text on white or light grey only (every text's contrast with
what is behind it is at least 7:1 in greyscale), roles told apart by their names and by the product or
engineering lens written under each, never by colour. The PDF uses the standard PDF fonts (Helvetica), so
its text can be selected, searched, copied and read aloud, not only seen.
"""

from __future__ import annotations

import argparse
import textwrap
from dataclasses import dataclass
from pathlib import Path

from ailead.case.roles_guide import GUIDE_ROWS, role_guide

# Landscape pages, in inches.
PAGES = {"a4": (11.69, 8.27), "letter": (11.0, 8.5)}
PNG_DPI = 150
TITLE = "Four AI product roles, side by side"
SUBTITLE = ("AI product vs AI engineering leadership, and AI product manager vs AI product owner. "
            "From the course's case, Kettle & Co. and ReplyDraft.")
FOOTER = ("One person may hold two roles in a small team; each decision still has one owner. "
          "Source: the ailead course (lessons 01-12).")

# Greys only: meaning never rests on colour, and the page prints the same in black and white.
INK = "#000000"
HEADER_FILL = "#D9D9D9"   # role names
LABEL_FILL = "#EFEFEF"    # row labels
CELL_FILL = "#FFFFFF"
RULE = "#595959"

_MARGIN = 0.35            # inches around the table
_LABEL_WIDTH = 1.45       # inches for the row labels
_CHAR_WIDTH = 0.58        # average character width in ems (DejaVu Sans is a little wider than Helvetica)
_LINE = 1.22              # line height in ems


@dataclass
class Drawn:
    """A drawn guide: the figure, and every cell's text lines (for tests and for extraction checks)."""

    figure: object  # a matplotlib Figure
    fontsize: float
    lines: list[str]
    # Every text with the box it sits in (x0, y0, x1, y1 in figure fractions; None: on the white page).
    placed: list = None


def _cell_text(value, width: int) -> list[str]:
    if isinstance(value, str):
        return textwrap.wrap(value, width) or [""]
    lines: list[str] = []
    for item in value:
        wrapped = textwrap.wrap(item, width - 2) or [""]
        lines += ["- " + wrapped[0]] + ["  " + w for w in wrapped[1:]]
    return lines


def _layout(page: str, fontsize: float):
    width, height = PAGES[page]
    roles = role_guide()
    col_in = (width - 2 * _MARGIN - _LABEL_WIDTH) / len(roles)
    chars = int(col_in * 72 / (fontsize * _CHAR_WIDTH)) - 1
    label_chars = int(_LABEL_WIDTH * 72 / (fontsize * _CHAR_WIDTH)) - 1
    cells = [[_cell_text(role[key], chars) for role in roles] for key, _ in GUIDE_ROWS]
    labels = [textwrap.wrap(label, label_chars) for _, label in GUIDE_ROWS]
    rows = [max(max(len(c) for c in row), len(lab)) for row, lab in zip(cells, labels)]
    return width, height, roles, col_in, cells, labels, rows


def draw(page: str = "a4") -> Drawn:
    """The guide on one landscape page ("a4" or "letter"), at the largest font size that fits."""
    # matplotlib is imported here, not at the top: `ailead` loads this module for its --help.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    fontsize = 9.0
    while True:
        width, height, roles, col_in, cells, labels, rows = _layout(page, fontsize)
        line_in = fontsize * _LINE / 72
        pad = 0.5 * line_in
        header_in = 2 * line_in + 2 * pad
        top_in = 0.95  # title block
        bottom_in = 0.45  # footer
        table_in = header_in + sum(r * line_in + 2 * pad for r in rows)
        if table_in <= height - top_in - bottom_in or fontsize <= 5.5:
            break
        fontsize -= 0.25

    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    fig.patch.set_facecolor("white")
    drawn: list[str] = []
    placed: list = []
    current: list = [None]

    def fx(inches: float) -> float:
        return inches / width

    def fy(inches_from_top: float) -> float:
        return 1 - inches_from_top / height

    def text(x_in, y_in, s, **kw):
        drawn.append(s)
        artist = fig.text(fx(x_in), fy(y_in), s, color=INK, va="top", ha="left", fontfamily="sans-serif", **kw)
        placed.append((artist, current[0]))

    def box(x_in, y_in, w_in, h_in, fill):
        rect = Rectangle((fx(x_in), fy(y_in + h_in)), fx(w_in), h_in / height, facecolor=fill,
                         edgecolor=RULE, linewidth=0.6, transform=fig.transFigure, figure=fig)
        fig.patches.append(rect)
        current[0] = rect

    text(_MARGIN, 0.3, TITLE, fontsize=16, fontweight="bold")  # title and subtitle: on the white page
    text(_MARGIN, 0.62, SUBTITLE, fontsize=9)

    y = top_in
    x0 = _MARGIN + _LABEL_WIDTH
    box(_MARGIN, y, _LABEL_WIDTH, header_in, LABEL_FILL)
    text(_MARGIN + 0.06, y + pad, "Role", fontsize=fontsize + 1, fontweight="bold")
    for n, role in enumerate(roles):
        x = x0 + n * col_in
        box(x, y, col_in, header_in, HEADER_FILL)
        text(x + 0.06, y + pad, role["role"], fontsize=fontsize + 1, fontweight="bold")
        text(x + 0.06, y + pad + line_in, f"{role['lens']} lens", fontsize=fontsize, fontstyle="italic")
    y += header_in
    for row_lines, label_lines, n_lines in zip(cells, labels, rows):
        h = n_lines * line_in + 2 * pad
        box(_MARGIN, y, _LABEL_WIDTH, h, LABEL_FILL)
        for k, line in enumerate(label_lines):
            text(_MARGIN + 0.06, y + pad + k * line_in, line, fontsize=fontsize, fontweight="bold")
        for n, lines in enumerate(row_lines):
            x = x0 + n * col_in
            box(x, y, col_in, h, CELL_FILL)
            for k, line in enumerate(lines):
                text(x + 0.06, y + pad + k * line_in, line, fontsize=fontsize)
        y += h
    current[0] = None
    text(_MARGIN, y + 0.12, FOOTER, fontsize=7)
    return Drawn(figure=fig, fontsize=fontsize, lines=drawn, placed=placed)


def write(out: Path, pages=("a4", "letter")) -> list[Path]:
    """Write role-guide-<page>.pdf and .png for each page size into ``out``; the files written."""
    import logging

    import matplotlib

    # Helvetica has no file here for the PNG (DejaVu Sans draws it): say nothing about that on every run.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    # The 14 standard PDF fonts: text stays text (extractable, searchable), and nothing is embedded.
    with matplotlib.rc_context({"pdf.use14corefonts": True, "pdf.compression": 6,
                                "font.sans-serif": ["Helvetica", "DejaVu Sans"]}):
        for page in pages:
            drawn = draw(page)
            for fmt in ("pdf", "png"):
                path = out / f"role-guide-{page}.{fmt}"
                meta = {"Title": TITLE, "Subject": SUBTITLE} if fmt == "pdf" else {"Title": TITLE}
                drawn.figure.savefig(path, format=fmt, dpi=PNG_DPI, metadata=meta)
                written.append(path)
    return written


def add_parser(sub) -> None:
    """Register ``ailead guide`` on the cli's subparsers."""
    p = sub.add_parser("guide", help="write the one-page role guide (PDF and PNG, A4 and US Letter)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default="role-guide", help="folder to write into (default: ./role-guide)")
    p.add_argument("--page", choices=sorted(PAGES), action="append",
                   help="only this page size (repeatable; default: both)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    for path in write(Path(args.out), tuple(args.page or PAGES)):
        print(f"Wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ailead")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["guide", *(argv or [])])
    return args.func(args)


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
