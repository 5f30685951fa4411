"""Accessibility of the lessons' text and figures, checked without a browser.

Headings: one h1 per notebook, no level skipped (and a quiz, whose title is an h3 with h4 questions,
never follows an h1 directly). Links: the link text says where it goes (WCAG 2.4.4). Tables: a header row
naming every column (1.3.1; the corner cell above row headers may be empty). Images: alt text on the
image itself (1.1.1). Figures: every palette colour is either 3:1 against the white background or drawn
with an outline that is (1.4.11, non-text contrast). The browser checks (axe-core, screen-reader walk,
zoom, motion) are in tests/browser/."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from ailead.figures.palette import OKABE_ITO, SEQUENCE

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
VAGUE = {"here", "click here", "this", "this link", "link", "more", "read more", "page", "this page", "click",
         "go", "see", "there", "source"}


def _markdown(nb) -> list[tuple[int, str]]:
    """(cell index, text) of every markdown cell, without fenced code blocks or inline code."""
    out = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        text = re.sub(r"^(```|~~~).*?^\1[^\n]*$", "", cell.source, flags=re.S | re.M)
        out.append((i, re.sub(r"`[^`\n]*`", "", text)))
    return out


def _headings(nb) -> list[tuple[int, int, str]]:
    """(cell index, level, text) of every heading, markdown (#) or HTML (<h2>)."""
    found = []
    for i, text in _markdown(nb):
        for line in text.splitlines():
            m = re.match(r"^(#{1,6})\s+(.*)", line)
            if m:
                found.append((i, len(m.group(1)), m.group(2).strip()))
        for m in re.finditer(r"<h([1-6])[^>]*>(.*?)</h\1>", text, flags=re.S | re.I):
            found.append((i, int(m.group(1)), m.group(2)))
    return found


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda p: p.stem)
def notebook(request):
    return request.param.stem, nbformat.read(request.param, as_version=4)


def test_one_h1_and_no_skipped_heading_level(notebook):
    name, nb = notebook
    heads = _headings(nb)
    assert [h for h in heads if h[1] == 1].__len__() == 1, f"{name}: want exactly one h1, got " + str(
        [h[2] for h in heads if h[1] == 1])
    assert heads[0][1] == 1, f"{name}: the first heading should be the h1, not {heads[0]}"
    skips = [(b[2], a[1], b[1]) for a, b in zip(heads, heads[1:]) if b[1] > a[1] + 1]
    assert skips == [], f"{name}: heading levels skipped (heading, from, to): {skips}"


def test_quizzes_do_not_skip_a_heading_level(notebook):
    """A quiz's title is an h3: the section it sits in must be an h2 or deeper."""
    name, nb = notebook
    heads = _headings(nb)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "quiz.show(" in cell.source:
            before = [h for h in heads if h[0] < i]
            assert before and before[-1][1] >= 2, f"{name}: the quiz in cell {i} follows an h1 directly"


def test_link_text_says_where_it_goes(notebook):
    name, nb = notebook
    bad = []
    for i, text in _markdown(nb):
        links = re.findall(r"(?<!!)\[([^\]]*)\]\(([^)]*)\)", text)
        links += [(t, h) for h, t in re.findall(r"<a\s[^>]*href=[\"']([^\"']*)[\"'][^>]*>(.*?)</a>", text, re.S)]
        for label, target in links:
            plain = re.sub(r"[*_`]", "", re.sub(r"<[^>]+>", "", label)).strip().lower().rstrip(".:")
            if not plain or plain in VAGUE:
                bad.append((i, label, target))
    assert bad == [], f"{name}: links whose text does not say where they go (cell, text, target): {bad}"


def test_tables_have_a_header_row(notebook):
    name, nb = notebook
    bad = []
    for i, text in _markdown(nb):
        lines = text.splitlines()
        for n, line in enumerate(lines[1:], 1):
            if re.match(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$", line) and "|" in lines[n - 1]:
                header = [c.strip() for c in lines[n - 1].strip().strip("|").split("|")]
                if not all(header[1:]):  # the corner above a column of row headers may stay empty
                    bad.append((i, lines[n - 1]))
        for table in re.findall(r"<table.*?</table>", text, flags=re.S | re.I):
            if not re.search(r"<th[\s>]", table, flags=re.I):
                bad.append((i, table[:60]))
    assert bad == [], f"{name}: tables without a full header row (cell, header): {bad}"


def test_images_in_the_text_have_alt_text(notebook):
    name, nb = notebook
    bad = []
    for i, text in _markdown(nb):
        bad += [(i, src) for alt, src in re.findall(r"!\[([^\]]*)\]\(([^)]*)\)", text) if not alt.strip()]
        bad += [(i, tag[:60]) for tag in re.findall(r"<img[^>]*>", text, flags=re.I)
                if not re.search(r"alt=[\"'][^\"']+[\"']", tag)]
    assert bad == [], f"{name}: images without alt text: {bad}"


# --------------------------------------------------------------------------- figures

def test_stored_figures_carry_alt_text_on_the_image():
    """The alt text is an attribute of the <img> a lesson shows, not only nearby prose."""
    from ailead.figures import store

    fig = store.StoredFigure("demo", b"\x89PNG", 'Two bars: "before" 12, after 9 & falling')
    html = fig._repr_html_()
    assert re.match(r'<img src="data:image/png;base64,[^"]*" alt="Two bars: &quot;before&quot; 12, after 9 '
                    r'&amp; falling"', html)
    index = store.read_index()
    assert index, "assets/figures/index.json holds no figure"
    missing = [k for k, v in index.items() if len(v.get("alt", "").strip()) < 20]
    assert missing == [], f"stored figures without a real alt text: {missing}"


def _luminance(colour: str) -> float:
    """Relative luminance, WCAG 2.x definition (sRGB)."""
    h = colour.lstrip("#")
    channels = [int(h[k:k + 2], 16) / 255 for k in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula_matches_known_values():
    """Checked against WebAIM's contrast checker and the WCAG definition: black on white is 21:1, and
    #767676 on white is the lightest grey that reaches 4.5:1."""
    assert round(contrast("#000000", "#FFFFFF"), 2) == 21.0
    assert round(contrast("#767676", "#FFFFFF"), 2) == 4.54
    assert round(contrast("#777777", "#FFFFFF"), 2) == 4.48
    assert contrast("#FFFFFF", "#767676") == contrast("#767676", "#FFFFFF")


FIGURE_BACKGROUND = "#FFFFFF"
# Okabe-Ito colours below 3:1 on white. They stay in the palette (they are what keeps the series apart for
# colour-blind readers) but may only fill shapes that have a dark outline, never draw a line or a
# marker on their own: WCAG 1.4.11 asks 3:1 of the boundary that makes the shape visible.
OUTLINE_ONLY = {"orange", "sky", "yellow"}


def test_palette_contrast_against_the_figure_background():
    low = {name for name, colour in OKABE_ITO.items() if contrast(colour, FIGURE_BACKGROUND) < 3}
    assert low == OUTLINE_ONLY, {n: round(contrast(c, FIGURE_BACKGROUND), 2) for n, c in OKABE_ITO.items()}
    assert contrast("#000000", OKABE_ITO["yellow"]) >= 3  # the outline is black: 3:1 against every fill
    assert all(contrast("#000000", c) >= 3 for c in SEQUENCE if c != "#000000")
    # the quiz's right/wrong colours (a 4 px bar beside a word and an icon)
    assert contrast(OKABE_ITO["blue"], FIGURE_BACKGROUND) >= 3 and contrast(OKABE_ITO["vermillion"],
                                                                               FIGURE_BACKGROUND) >= 3


# --------------------------------------------------------------------------- text that renders wrongly

# A paragraph with two unescaped dollar amounts ("$21 ... $630") is typeset by JupyterLab as one TeX
# formula: the words between run together in italics and overflow sideways (axe: scrollable-region-focusable).
# JupyterLab 4.6 shows "\\$21" as a plain "$21"; a single "\$21" is still typeset (measured in Chromium).
_CURRENCY = re.compile(r"(?<!\\\\)\$(?=\d)")
# Pending (see the accessibility integration note): the figures' alt-text lines need build.py to unescape
# "\$" before they can be escaped; the glossary belongs to another helper.
_PENDING: set[str] = set()


@pytest.mark.parametrize("path", [pytest.param(p, marks=pytest.mark.xfail(
    p.stem in _PENDING, reason="alt-text lines wait for build.py to unescape \\$", strict=True), id=p.stem)
    for p in NOTEBOOKS])
def test_dollar_amounts_are_escaped_so_they_are_not_typeset_as_maths(path):
    nb = nbformat.read(path, as_version=4)
    bad = []
    for i, text in _markdown(nb):
        bad += [(i, text[max(0, m.start() - 30):m.start() + 20]) for m in _CURRENCY.finditer(text)]
    assert bad == [], f"{path.stem}: write \\\\$ for a dollar amount in markdown (cell, text): {bad[:5]}"


def test_low_contrast_colours_get_a_black_outline_when_a_figure_is_drawn():
    """Orange, sky and yellow stay in the palette but never stand alone: `make figures` refuses a figure where
    one would (drawing/build.py checks every stored figure with `without_outline`)."""
    from ailead.instructor.drawing import style

    fig, ax = style.new_figure()
    ax.plot([0, 1], [0, 1], color=OKABE_ITO["orange"], label="orange line")
    ax.bar([0], [1], color=OKABE_ITO["sky"], linewidth=0)
    ax.scatter([0.5], [0.5], color=OKABE_ITO["yellow"])
    ax.plot([0, 1], [1, 0], color=OKABE_ITO["blue"])  # 3:1 or more on its own: left alone
    assert len(style.without_outline(fig)) == 3
    fig._repr_png_()
    assert style.without_outline(fig) == []


def test_the_simulator_debrief_outlines_its_faint_lines():
    from ailead import sim
    from ailead.figures import sim as sim_figure

    svg = sim_figure.debrief_chart(sim.play(sim.POLICIES["balanced"], 3).history).svg
    for colour in (OKABE_ITO["orange"], OKABE_ITO["sky"]):
        lines = svg.count(f'stroke="{colour}"')
        assert lines, colour
        assert svg.count('stroke="#000000" stroke-width="') >= lines  # an outline under each faint line
