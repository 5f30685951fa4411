"""The record of completion: one PDF page with real text, from a learner's own record and from a gradebook.

No PDF library is installed, so the text is read back the way a PDF reader does it: the page's text operators
(Tj/TJ) decoded through each font's ToUnicode map. A page drawn as pixels, or text without a Unicode map, has
no text to find.
"""

from __future__ import annotations

import argparse
import re
import zlib
from pathlib import Path

import pytest
import yaml

from ailead.instructor import certificate

REPO = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- reading a PDF's text

def _objects(data: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", data, re.S)}


def _stream(obj: bytes) -> bytes | None:
    m = re.search(rb"stream\r?\n(.*?)\r?\nendstream", obj, re.S)
    if not m:
        return None
    return zlib.decompress(m.group(1)) if b"/FlateDecode" in obj[:m.start()] else m.group(1)


def _cmap(text: bytes) -> tuple[int, dict[int, str]]:
    # The width of a code is that of the codes the map lists (matplotlib's Type 3 fonts declare a 2-byte code
    # space but use 1-byte codes).
    first = re.search(rb"begin(?:bfrange|bfchar)\s*<([0-9a-fA-F]+)>", text)
    width = len(first.group(1)) // 2 if first else 1
    mapping: dict[int, str] = {}

    def uni(h: bytes) -> str:
        return bytes.fromhex(h.decode()).decode("utf-16-be")

    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, rest in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)", block):
            lo, hi = int(lo, 16), int(hi, 16)
            if rest.startswith(b"["):
                for i, h in enumerate(re.findall(rb"<([0-9a-fA-F]+)>", rest)):
                    mapping[lo + i] = uni(h)
            else:
                start = int(rest[1:-1], 16)
                for code in range(lo, hi + 1):
                    mapping[code] = chr(start + code - lo)
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for code, h in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(code, 16)] = uni(h)
    return width, mapping


def _literal(s: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(s):
        c = s[i]
        if c == 0x5C:  # backslash
            nxt = s[i + 1:i + 2]
            if nxt in b"()\\":
                out += nxt
                i += 2
            elif nxt.isdigit():
                m = re.match(rb"[0-7]{1,3}", s[i + 1:])
                out.append(int(m.group(0), 8))
                i += 1 + len(m.group(0))
            else:
                out += {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(nxt, nxt)
                i += 2
        else:
            out.append(c)
            i += 1
    return bytes(out)


def pdf_text(path: Path) -> str:
    """The text a reader extracts from a PDF page: each text operator decoded through its font's ToUnicode."""
    data = path.read_bytes()
    objs = _objects(data)
    fonts: dict[bytes, tuple[int, dict[int, str]]] = {}
    for obj in objs.values():
        m = re.search(rb"/Font\s*(<<.*?>>|(\d+) 0 R)", obj, re.S)
        if not m or b"/Type /Page" not in obj and b"/Resources" not in obj and b"/Font" not in obj[:20]:
            continue
        table = objs[int(m.group(2))] if m.group(2) else m.group(1)
        for name, ref in re.findall(rb"/(\w+)\s+(\d+) 0 R", table):
            font = objs.get(int(ref), b"")
            tu = re.search(rb"/ToUnicode (\d+) 0 R", font)
            if tu:
                fonts[name] = _cmap(_stream(objs[int(tu.group(1))]))
    lines = []
    token = re.compile(rb"/(\w+)\s+[\d.]+\s+Tf|\((?:\\.|[^\\)])*\)|<[0-9a-fA-F]*>|\bBT\b", re.S)
    for obj in objs.values():
        content = _stream(obj)
        if not content or b"BT" not in content or b"beginbfrange" in content:
            continue
        width, mapping, line = 1, {}, []
        for m in token.finditer(content):
            tok = m.group(0)
            if m.group(1):
                width, mapping = fonts.get(m.group(1), (1, {}))
            elif tok == b"BT":
                if line:
                    lines.append("".join(line))
                line = []
            else:
                raw = _literal(tok[1:-1]) if tok.startswith(b"(") else bytes.fromhex(tok[1:-1].decode())
                codes = [int.from_bytes(raw[i:i + width], "big") for i in range(0, len(raw), width)]
                line.append("".join(mapping.get(c, chr(c) if width == 1 else "?") for c in codes))
        if line:
            lines.append("".join(line))
    return "\n".join(lines)


def _joined(text: str) -> str:
    """Lines joined with spaces (the page wraps long sentences)."""
    return " ".join(text.split())


# --------------------------------------------------------------------------- the learner's record

def _bank_questions(lesson: str) -> list[str]:
    from ailead import quizbank

    return [q.id for q in quizbank.load_bank(quizbank.assets_dir() / "quizzes" / f"{lesson}.yml").questions]


@pytest.fixture
def record(tmp_path, monkeypatch):
    monkeypatch.setenv("AILEAD_HOME", str(tmp_path / "home"))
    attempts = [{"lesson": "02-focus", "question": q, "correct": True, "t": i, "type": "single"}
                for i, q in enumerate(_bank_questions("02-focus"))]
    attempts += [{"lesson": "03-goals", "question": _bank_questions("03-goals")[0], "correct": False, "t": 99}]
    certificate.record_check("11-evidence", 18, 22)
    certificate.record_check("11-evidence", 22, 22)  # the latest check counts
    certificate.record_check("15-final-assessment", 22, 30)
    return certificate.local_record("Ada Lovelace", attempts=attempts, today="2025-07-14")


def test_the_local_record_reads_lessons_and_checks(record):
    assert record.lessons_completed == [("02-focus", "Focus: what & why vs how")]
    assert record.exercises["11-evidence"].score == 22 and "15-final-assessment" not in record.exercises
    assert record.final.score == 22 and record.final.share == 0.733333 and record.passed


def test_the_pass_mark_is_the_final_assessments():
    questions = yaml.safe_load((REPO / "assets" / "final" / "questions.yml").read_text())
    assert certificate.PASS_MARK == questions["pass_mark"]
    assert certificate.Score(21, 30).share >= certificate.PASS_MARK > certificate.Score(20, 30).share, (
        "21 of 30 is exactly the pass mark (0.7, not 0.6999999999999998): compared after rounding")


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_page_is_one_pdf_page_with_its_text_as_text(record, tmp_path, paper):
    path = certificate.write_pdf(record, tmp_path / "record.pdf", paper)
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") == 1
    width, height = (round(v * 72, 2) for v in certificate.PAGE_SIZES[paper])
    assert re.search(rf"/MediaBox \[\s*0 0 {width:g} {height:g}\s*\]".encode(), data)
    text = _joined(pdf_text(path))
    for expected in ("Record of completion", "Ada Lovelace", "Date: 2025-07-14", "Lessons completed: 1 of",
                     "02 Focus: what & why vs how", "11-evidence 22 of 22 points (100%)",
                     "22 of 30 questions right (73%); pass mark 70%: passed", "Self-reported",
                     "No instructor has verified it"):
        assert expected in text, f"{expected!r} not found in the page's text: {text[:400]}"


def test_a_name_in_any_script_is_text_too(tmp_path):
    rec = certificate.Record(name="Łukasz Żółć", date="2025-07-14")
    text = pdf_text(certificate.write_pdf(rec, tmp_path / "r.pdf"))
    assert "Łukasz Żółć" in text and "Final assessment" in text and "not taken yet" in text


def test_ailead_progress_certificate_writes_the_page(record, tmp_path, capsys):
    out = tmp_path / "mine.pdf"
    args = argparse.Namespace(certificate="Ada Lovelace", out=str(out), paper="a4")
    assert certificate.run_progress(args) == 0
    assert "self-reported" in capsys.readouterr().out
    assert "Ada Lovelace" in pdf_text(out)


# --------------------------------------------------------------------------- a cohort's gradebook

@pytest.fixture
def gradebook(tmp_path):
    from ailead.instructor.course import open_gradebook

    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    final_cells = {"roles": 4, "goals": 3, "mixed": 23}  # 30 automatic points in three cells, for brevity
    with open_gradebook(url) as gb:
        for sid, first, last in [("s1", "Grace", "Hopper"), ("s2", "Alan", "Turing"), ("s3", "Edsger", "Dijkstra")]:
            gb.add_student(sid, first_name=first, last_name=last)
        gb.add_assignment("15-final-assessment")
        gb.add_notebook("15-final-assessment", "15-final-assessment")
        for cell, points in final_cells.items():
            gb.add_grade_cell(cell, "15-final-assessment", "15-final-assessment", max_score=points, cell_type="code")
        gb.add_grade_cell("reflection", "15-final-assessment", "15-final-assessment", max_score=3,
                          cell_type="markdown")
        gb.add_assignment("11-evidence")
        gb.add_notebook("11-evidence", "11-evidence")
        gb.add_grade_cell("wilson", "11-evidence", "11-evidence", max_score=22, cell_type="code")
        scores = {"s1": {"roles": 4, "goals": 3, "mixed": 14, "reflection": 3},  # 21 of 30: exactly the mark
                  "s2": {"roles": 4, "goals": 2, "mixed": 14, "reflection": 3}}  # 20 of 30: below it
        for sid, parts in scores.items():
            gb.add_submission("15-final-assessment", sid)
            for cell, got in parts.items():
                grade = gb.find_grade(cell, "15-final-assessment", "15-final-assessment", sid)
                if cell == "reflection":
                    grade.manual_score = got  # as the formgrader records a person's grade
                    grade.needs_manual_grade = False
                else:
                    grade.auto_score = got
        gb.add_submission("11-evidence", "s1")
        gb.find_grade("wilson", "11-evidence", "11-evidence", "s1").auto_score = 20
        gb.db.commit()
    return url


def test_records_from_a_gradebook_and_pages_only_for_those_who_passed(gradebook, tmp_path, capsys):
    records = {r.name: r for r in certificate.gradebook_records(gradebook, today="2025-09-30")}
    assert set(records) == {"Grace Hopper", "Alan Turing"}, "Edsger Dijkstra never took the final assessment"
    grace, alan = records["Grace Hopper"], records["Alan Turing"]
    assert (grace.final.score, grace.final.max_score, grace.passed) == (21, 30, True)
    assert (alan.final.score, alan.passed) == (20, False)
    assert grace.final_written.score == 3 and grace.exercises["11-evidence"].score == 20

    out = tmp_path / "pages"
    args = argparse.Namespace(gradebook=gradebook, out=str(out), paper="letter")
    assert certificate.run(args) == 0
    assert sorted(p.name for p in out.iterdir()) == ["record-of-completion-grace-hopper.pdf"]
    text = _joined(pdf_text(out / "record-of-completion-grace-hopper.pdf"))
    assert "Grace Hopper" in text and "21 of 30 questions right (70%); pass mark 70%: passed" in text
    assert "Issued by the instructor from the course's gradebook" in text and "Self-reported" not in text
    assert "Written answer: 3 of 3 points" in text and "11-evidence 20 of 22 points (91%)" in text
    assert "1 record(s) written for 2 student(s)" in capsys.readouterr().out


def test_the_text_reader_needs_the_unicode_map(tmp_path):
    """The checks above are not vacuous: without the fonts' ToUnicode maps the name cannot be read back."""
    path = certificate.write_pdf(certificate.Record(name="Łukasz Żółć", date="2025-07-14"), tmp_path / "r.pdf")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(path.read_bytes().replace(b"/ToUnicode", b"/NoUnicode"))
    assert "Łukasz" in pdf_text(path) and "Łukasz" not in pdf_text(broken)
