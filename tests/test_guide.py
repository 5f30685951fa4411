"""The one-page role guide (`ailead guide`): its data agree with the lessons' data, it fits one page in
A4 and US Letter, it reads in black and white, and the PDF's text is text."""

from __future__ import annotations

import argparse
import re
import zlib

import pytest
from matplotlib.colors import to_rgb
from PIL import Image

from ailead.case import ROLES, decision_rights
from ailead.case.decision_rights import DECISION_ROLES, ROLE_LENS
from ailead.case.roles_guide import GUIDE_ROWS, role_guide
from ailead.instructor import guide

POINTS = {"a4": (841.68, 595.44), "letter": (792.0, 612.0)}  # landscape, 72 points per inch


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("guide")
    parser = argparse.ArgumentParser()
    guide.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["guide", "--out", str(out)])
    assert args.func(args) == 0
    return out


# --------------------------------------------------------------------------- the data

def test_the_guide_has_the_four_roles_and_every_row():
    rows = role_guide()
    assert [r["role"] for r in rows] == list(DECISION_ROLES) and set(DECISION_ROLES) == set(ROLES)
    for r in rows:
        for key, _ in GUIDE_ROWS:
            assert r[key], f"{r['role']}: the {key} row is empty"
        assert len(r["questions"]) >= 3, f"{r['role']}: at least three interview questions"


def test_the_guide_agrees_with_the_lessons_data():
    by_role = {r["role"]: r for r in role_guide()}
    accountable = {role: 0 for role in DECISION_ROLES}
    for decision in decision_rights():
        owners = [role for role, letter in decision["rights"].items() if letter == "A"]
        assert len(owners) == 1, f"{decision['id']}: one accountable role"
        accountable[owners[0]] += 1
    for role, r in by_role.items():
        assert r["focus"] == ROLES[role]["owns"]
        assert r["horizon"].startswith(ROLE_LENS[role]["horizon"])
        assert r["lens"] == ROLE_LENS[role]["lens"]
        assert r["audience"].startswith("outward" if ROLES[role]["audience"] >= 5 else "inward")
        assert len(r["decisions"]) == accountable[role], f"{role}: every decision it is accountable for"
    # Lesson 01's role map: the product owner is the only tactical role; the PO and the engineering leader
    # face inward.
    assert [role for role, r in by_role.items() if r["horizon"].startswith("tactical")] == ["AI product owner"]
    assert {role for role, r in by_role.items() if r["audience"].startswith("inward")} == {
        "AI product owner", "AI engineering leader"}


# --------------------------------------------------------------------------- the page

@pytest.mark.parametrize("page", sorted(guide.PAGES))
def test_every_text_fits_its_cell_and_the_page(page):
    drawn = guide.draw(page)
    fig = drawn.figure
    renderer = fig.canvas.get_renderer()
    to_fig = fig.transFigure.inverted()
    tol = 0.002
    for artist, box in drawn.placed:
        (x0, y0), (x1, y1) = to_fig.transform(artist.get_window_extent(renderer).get_points())
        assert 0 <= x0 and x1 <= 1 and 0 <= y0 and y1 <= 1, f"off the page: {artist.get_text()!r}"
        if box is not None:
            bx0, by0 = box.get_xy()
            bx1, by1 = bx0 + box.get_width(), by0 + box.get_height()
            assert bx0 - tol <= x0 and x1 <= bx1 + tol and by0 - tol <= y0 and y1 <= by1 + tol, (
                f"{page}: {artist.get_text()!r} sticks out of its cell")
    assert drawn.fontsize >= 7, "readable when printed: at least 7 pt"


def _grey(colour) -> float:
    """Relative luminance (WCAG 2.1) of a colour: what a black-and-white print keeps of it."""
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(c) for c in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b) -> float:
    la, lb = sorted((_grey(a), _grey(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("page", sorted(guide.PAGES))
def test_readable_in_black_and_white(page):
    drawn = guide.draw(page)
    for artist, box in drawn.placed:
        behind = box.get_facecolor() if box is not None else drawn.figure.get_facecolor()
        ratio = _contrast(artist.get_color(), behind)
        assert ratio >= 7, f"{artist.get_text()!r}: greyscale contrast {ratio:.1f}:1, below 7:1 (WCAG AAA)"
    # No meaning by colour alone: every fill is a grey, and every filled box holds a text that names it.
    for patch in drawn.figure.patches:
        r, g, b = to_rgb(patch.get_facecolor())
        assert abs(r - g) < 1e-6 and abs(g - b) < 1e-6, "fills are greys, so colour carries no meaning"
        assert any(box is patch for _, box in drawn.placed), "every box holds text"


def test_four_files_one_page_each_at_the_right_size(written):
    for page, (w_pt, h_pt) in POINTS.items():
        pdf = (written / f"role-guide-{page}.pdf").read_bytes()
        assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1, "exactly one page"
        box = [float(v) for v in re.search(rb"/MediaBox\s*\[\s*([\d.\s]+)\]", pdf).group(1).split()]
        assert box[2] == pytest.approx(w_pt, abs=1) and box[3] == pytest.approx(h_pt, abs=1)
        with Image.open(written / f"role-guide-{page}.png") as png:
            expected = (w_pt / 72 * guide.PNG_DPI, h_pt / 72 * guide.PNG_DPI)
            assert all(abs(got - want) <= 1 for got, want in zip(png.size, expected)), png.size
            grey = png.convert("L")
            assert grey.getextrema() == (0, 255), "black ink on white paper"


# --------------------------------------------------------------------------- the PDF's text is text

def _pdf_strings(pdf: bytes) -> list[str]:
    """The strings a PDF shows (Tj and TJ operators), from every content stream: an independent reader."""
    texts = []
    for m in re.finditer(rb"<<(.*?)>>\s*stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        data = m.group(2)
        if b"/FlateDecode" in m.group(1):
            try:
                data = zlib.decompress(data)
            except zlib.error:
                continue
        for op in re.finditer(rb"\[((?:\\.|[^\]\\])*)\]\s*TJ|\(((?:\\.|[^)\\])*)\)\s*Tj", data, re.S):
            if op.group(2) is not None:
                parts = [op.group(2)]
            else:
                parts = re.findall(rb"\(((?:\\.|[^)\\])*)\)", op.group(1))
            texts.append("".join(_unescape(p) for p in parts))
    return texts


def _unescape(raw: bytes) -> str:
    out = bytearray()
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == 0x5C and i + 1 < len(raw):  # backslash
            nxt = raw[i + 1]
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1:i + 4])
            if octal:
                out.append(int(octal.group(0), 8))
                i += 1 + len(octal.group(0))
                continue
            out.append({ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}.get(nxt, nxt))
            i += 2
            continue
        out.append(c)
        i += 1
    return out.decode("cp1252")


@pytest.mark.parametrize("page", sorted(guide.PAGES))
def test_the_pdf_text_is_extractable(written, page):
    strings = _pdf_strings((written / f"role-guide-{page}.pdf").read_bytes())
    drawn = guide.draw(page)
    missing = [line for line in drawn.lines if line.strip() and line not in strings]
    assert missing == [], f"lines not found as text in the PDF: {missing[:5]}"
    extracted = " ".join(" ".join(strings).split())
    for row in role_guide():
        assert row["role"] in extracted
        for question in row["questions"]:
            for word in re.findall(r"[A-Za-z']{4,}", question):
                assert word in extracted
