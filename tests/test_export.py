"""`ailead export`: the gradebook's grades as Canvas and Moodle imports and a plain CSV.

A small cohort is graded with nbgrader once for the module (two exercises, ordinary and bad
submissions); every exported value is then checked against the gradebook itself, and every student
missing on one side or the other must be reported.
"""

from __future__ import annotations

import csv
import io
import json

import nbformat
import pytest
import yaml

from ailead.instructor import export, grading
from ailead.instructor import sandbox as sb

A, B = "01-two-roles-one-product", "02-focus"
SANDBOXED = sb.unavailable() is None
ROSTER = """\
id,name,section,canvas_id,sis_user_id,sis_login_id,email
ada,"Lovelace, Ada",Cohort 1,1001,S-001,ada.l,ada@example.org
Bob,"Babbage, Bob",Cohort 1,1002,S-002,bob.b,bob@example.org
cyd,"Cooper, Cyd",Cohort 2,,S-003,,
dan,"Dunn, Dan",Cohort 2,1004,S-004,dan.d,dan@example.org
eve,"Evans, Eve",Cohort 2,,,,eve@example.org
"""


def _solved(name: str) -> tuple[str, nbformat.NotebookNode, dict]:
    file, release = grading.release_notebook(grading.REPO, name)
    source = nbformat.read(grading.SOLUTIONS / name / file, as_version=4)
    return file, release, grading.solution_answers(source)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """A course graded by `ailead grade`: ada solves both, bob is partly right on 01 and solves 02, cyd hands
    in 01 untouched, eve's 01 is not a notebook, zed (not on the roster) solves 01, dan hands in nothing."""
    root = tmp_path_factory.mktemp("export")
    course = grading.scratch_course(root / "course", [A, B])
    for name in (A, B):
        grading.generate(course, name)
    file_a, release_a, solution_a = _solved(A)
    file_b, release_b, solution_b = _solved(B)
    partial = yaml.safe_load((grading.REPO / "tests" / "fixtures" / A / "swapped-pm-po.yml").read_text())["answers"]
    down_a, down_b = root / "download-a", root / "download-b"
    down_a.mkdir()
    down_b.mkdir()
    for student, nb in {"ada": grading.fill_answers(release_a, solution_a),
                        "bob": grading.fill_answers(release_a, partial),
                        "cyd": release_a, "zed": grading.fill_answers(release_a, solution_a)}.items():
        nbformat.write(nb, down_a / f"{student}_1_2_{file_a}")
    (down_a / f"eve_1_2_{file_a}").write_text('{"cells": [')
    for student in ("ada", "bob"):
        nbformat.write(grading.fill_answers(release_b, solution_b), down_b / f"{student}_1_2_{file_b}")
    quiet = {"echo": lambda *a, **k: None, "workers": 2, "sandbox": SANDBOXED}
    grading.grade_cohort(course, A, down_a, **quiet)
    grading.grade_cohort(course, B, down_b, **quiet)
    roster = root / "roster.csv"
    roster.write_text(ROSTER)
    return course, roster


def _db(course):
    return "sqlite:///" + str(course / "grading" / "gradebook.db")


def _export(course, roster, tmp_path, *extra):
    args = ["--course", str(course), "--roster", str(roster), "--out", str(tmp_path), *extra]
    parser = _parser()
    return export.run(parser.parse_args(["export", *args]))


def _parser():
    import argparse

    parser = argparse.ArgumentParser(prog="ailead")
    export.add_parser(parser.add_subparsers(dest="command"))
    return parser


def _rows(path):
    return list(csv.reader(io.StringIO(path.read_text())))


def _gradebook(course):
    """(student, assignment) -> (score, needs manual grade), and each assignment's maximum, from nbgrader."""
    found, maxima = {}, {}
    with grading.open_gradebook(_db(course)) as gb:
        for a in gb.assignments:
            maxima[a.name] = a.max_score
            for sub in gb.assignment_submissions(a.name):
                found[(sub.student_id, a.name)] = (sub.score, sub.needs_manual_grade)
    return found, maxima


def test_canvas_file_has_canvas_columns_points_and_the_gradebook_scores(cohort, tmp_path, capsys):
    course, roster = cohort
    assert _export(course, roster, tmp_path, "--moodle-id", "email") == 0
    rows = _rows(tmp_path / "canvas-grades.csv")
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", A, B]
    book, maxima = _gradebook(course)
    assert rows[1] == ["Points Possible", "", "", "", "", f"{maxima[A]:g}", f"{maxima[B]:g}"]
    assert [r[:5] for r in rows[2:]] == [
        ["Lovelace, Ada", "1001", "S-001", "ada.l", "Cohort 1"], ["Babbage, Bob", "1002", "S-002", "bob.b", "Cohort 1"],
        ["Cooper, Cyd", "", "S-003", "", "Cohort 2"], ["Dunn, Dan", "1004", "S-004", "dan.d", "Cohort 2"],
        ["Evans, Eve", "", "", "", "Cohort 2"]]
    # No person has graded yet: a written answer that was written waits for its grader (cell empty); one
    # left as released scores 0 in nbgrader without a grader, so bob's and cyd's 01 are complete.
    assert {k for k, (_, waiting) in book.items() if waiting} == {("ada", A), ("zed", A), ("ada", B), ("bob", B)}
    assert [r[5:] for r in rows[2:]] == [["", ""], ["6", ""], ["0", ""], ["", ""], ["", ""]]
    assert (book[("bob", A)][0], book[("cyd", A)][0]) == (6, 0)
    report = capsys.readouterr().err
    assert f"waiting for a grader on {A}: ada, zed" in report
    assert "Canvas: eve has no canvas_id, sis_user_id or sis_login_id" in report


def test_every_value_matches_the_gradebook_when_ungraded_scores_are_posted(cohort, tmp_path):
    course, roster = cohort
    assert _export(course, roster, tmp_path, "--moodle-id", "email", "--include-ungraded") == 0
    book, _ = _gradebook(course)
    sids = {"Lovelace, Ada": "ada", "Babbage, Bob": "bob", "Cooper, Cyd": "cyd", "Dunn, Dan": "dan",
            "Evans, Eve": "eve"}
    canvas = _rows(tmp_path / "canvas-grades.csv")
    for row in canvas[2:]:
        for a, cell in zip((A, B), row[5:]):
            key = (sids[row[0]], a)
            assert cell == (f"{book[key][0]:g}" if key in book else ""), (key, cell)
    assert [r[5] for r in canvas[2:]] == ["8", "6", "0", "", ""]  # the fixtures' automatic scores
    moodle = _rows(tmp_path / "moodle-grades.csv")
    assert moodle[0] == ["email", A, B]
    by_email = {"ada@example.org": "ada", "bob@example.org": "bob", "dan@example.org": "dan", "eve@example.org": "eve"}
    assert [r[0] for r in moodle[1:]] == list(by_email)  # cyd has no e-mail: left out, and reported
    for row in moodle[1:]:
        for a, cell in zip((A, B), row[1:]):
            key = (by_email[row[0]], a)
            assert cell == (f"{book[key][0]:g}" if key in book else "")
    plain = list(csv.DictReader((tmp_path / "grades.csv").open()))
    assert {r["student"] for r in plain} == {"ada", "bob", "cyd", "dan", "eve", "zed"}  # zed kept here
    for r in plain:
        key = (r["student"], r["assignment"])
        assert r["score"] == (f"{book[key][0]:g}" if key in book else "")
    status = {(r["student"], r["assignment"]): r["status"] for r in plain}
    assert status[("eve", A)] == "unreadable" and status[("dan", A)] == "no-submission"
    assert status[("ada", A)] == "needs-grading" and status[("zed", A)] == "needs-grading"
    assert {r["on_roster"] for r in plain if r["student"] == "zed"} == {"no"}
    report = (tmp_path / "export-report.txt").read_text()
    assert "Moodle: cyd (roster line 4) has no email" in report


def test_missing_students_are_reported_never_dropped(cohort, tmp_path, capsys):
    course, roster = cohort
    assert _export(course, roster, tmp_path, "--strict") == 1  # something to report
    err = capsys.readouterr().err
    assert f"not on the roster: zed has work for {A}" in err
    assert "no submissions at all: dan (roster line 5)" in err
    assert f"no submission for {B}: cyd, eve" in err
    assert f"not gradable: eve on {A} is unreadable" in err
    assert not (tmp_path / "moodle-grades.csv").exists()


def test_reexport_after_regrading_changes_exactly_the_regraded_cells(cohort, tmp_path):
    course, roster = cohort
    first, second, third = tmp_path / "1", tmp_path / "2", tmp_path / "3"
    for out in (first, second):
        assert _export(course, roster, out, "--moodle-id", "email") == 0
    for name in export.FILES.values():
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    # A grader scores ada's written answer on 01 in nbgrader: her 01 is complete and is posted.
    with grading.open_gradebook(_db(course)) as gb:
        grade = gb.find_grade("one-person-two-roles", A, A, "ada")
        grade.manual_score, grade.needs_manual_grade = 1.5, False  # what nbgrader's formgrader stores
        gb.db.commit()
        expected = gb.find_submission(A, "ada").score
    try:
        assert _export(course, roster, third, "--moodle-id", "email") == 0
        before, after = _rows(first / "canvas-grades.csv"), _rows(third / "canvas-grades.csv")
        changed = [(i, j) for i, (r, s) in enumerate(zip(before, after))
                   for j, (x, y) in enumerate(zip(r, s)) if x != y]
        assert changed == [(2, 5)] and after[2][5] == f"{expected:g}" == "9.5"
        moodle = _rows(third / "moodle-grades.csv")
        assert moodle[1] == ["ada@example.org", "9.5", ""]
    finally:
        with grading.open_gradebook(_db(course)) as gb:
            grade = gb.find_grade("one-person-two-roles", A, A, "ada")
            grade.manual_score, grade.needs_manual_grade = None, True
            gb.db.commit()


def test_one_assignment_and_plain_only_without_a_roster(cohort, tmp_path):
    course, _ = cohort
    args = _parser().parse_args(["export", "--db", _db(course), "--format", "plain", "--assignment", B,
                                 "--out", str(tmp_path)])
    assert export.run(args) == 0
    plain = list(csv.DictReader((tmp_path / "grades.csv").open()))
    assert {r["assignment"] for r in plain} == {B}
    assert {r["student"] for r in plain if r["status"] != "no-submission"} == {"ada", "bob"}
    assert not (tmp_path / "canvas-grades.csv").exists()


def test_refusals_say_what_to_fix(cohort, tmp_path, capsys):
    course, roster = cohort
    cases = [
        (["--db", f"sqlite:///{tmp_path / 'nothing.db'}", "--format", "plain"], "no gradebook at"),
        (["--course", str(course)], "need a roster"),
        (["--course", str(course), "--roster", str(roster), "--format", "moodle"], "--moodle-id"),
        (["--course", str(course), "--roster", str(roster), "--moodle-id", "username"], "no column 'username'"),
        (["--course", str(course), "--roster", str(tmp_path / "none.csv")], "no such roster file"),
        (["--course", str(course), "--format", "plain", "--assignment", "99-nope"], "no assignment 99-nope"),
    ]
    for args, message in cases:
        assert export.run(_parser().parse_args(["export", *args, "--out", str(tmp_path)])) == 2, args
        assert message in capsys.readouterr().err
    assert not (tmp_path / "nothing.db").exists()  # never creates an empty gradebook


@pytest.mark.parametrize("text, message", [
    ("name\nAda\n", "with at least `id`"),
    ("id,email\nada,a@x\nada,b@x\n", "line 3, column id: 'ada' already appears on line 2"),
    ("id,sis_user_id\nada,S1\nbob,S1\n", "line 3, column sis_user_id: 'S1' already appears on line 2"),
    ("id,email\n,a@x\n", "line 2, column id: empty"),
    ("id\n\n", "lists no students"),
    ("id,name\nada,Lovelace, Ada\n", "line 2: 3 values but only 2 columns"),
])
def test_a_bad_roster_names_the_line_and_column(tmp_path, text, message):
    path = tmp_path / "roster.csv"
    path.write_text(text)
    with pytest.raises(export.ExportError) as err:
        export.read_roster(path)
    assert message in str(err.value) and str(path) in str(err.value)


def test_roster_matches_ids_as_grading_makes_them_and_names_from_columns(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("\ufeffID,First_Name,Last_Name,Username\nDoe Jane,Jane,Doe,jdoe\n")
    (entry,) = export.read_roster(path)
    assert entry.name == "Doe, Jane" and entry.get("username") == "jdoe"
    course = export.Course([A], {A: 10.0}, {A: []}, {"doe-jane": ""},
                           {("doe-jane", A): export.Mark("graded", 7.25, 10.0)})
    out = export.build(course, [entry], ("canvas", "moodle"), moodle_id="username")
    assert out.files["moodle"].splitlines() == ["username," + A, "jdoe,7.25"]
    assert out.files["canvas"].splitlines()[2] == '"Doe, Jane",,,,,7.25'


def test_numbers_are_written_the_same_way_every_time():
    assert [export.num(x) for x in (8.0, 7.5, 0.0, -0.0, 1 / 3, 100.0, 12.0000001)] == [
        "8", "7.5", "0", "0", "0.333333", "100", "12"]


def test_ledger_status_explains_a_missing_grade(tmp_path):
    ledger = grading.ledger_path(tmp_path, A)
    ledger.parent.mkdir(parents=True)
    ledger.write_text(json.dumps({"results": {"kim": {"status": "wrong-assignment", "detail": "exercise 02"}}}))
    assert export._ledger_statuses(tmp_path, A) == {"kim": ("wrong-assignment", "exercise 02")}
