"""`ailead grade`, `ailead feedback` and `ailead check`: parallel, honest, explainable autograding.

One cohort holds every kind of bad input next to ordinary submissions. Each bad one must get its
own status, the run must finish, and every ordinary student's grade must be exactly what that
submission earns on its own (the numbers below are the exercise's own fixture expectations).
"""

from __future__ import annotations

import copy
import csv
import json
import re
import socket
import zipfile
from pathlib import Path

import nbformat
import psutil
import pytest
import yaml

from ailead.instructor import autograder, check, cli, grading, submissions
from ailead.instructor import sandbox as sb

A = "01-two-roles-one-product"
# Graded in the sandbox wherever it can run (always in CI); tests/test_sandbox.py covers it on its own.
SANDBOXED = sb.unavailable() is None
NO_SANDBOX = [] if SANDBOXED else ["--no-sandbox"]
FIXTURES = Path(__file__).parent / "fixtures" / A
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS", re.S)


@pytest.fixture(scope="module")
def exercise():
    name, release = grading.release_notebook(grading.REPO, A)
    source = nbformat.read(grading.SOLUTIONS / A / name, as_version=4)
    return name, release, grading.solution_answers(source), source


def _with(release, answers):
    return grading.fill_answers(release, answers)


def _drop(nb, grade_id):
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != grade_id]
    return nb


def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _copy_cell(nb, grade_id, change=None):
    """JupyterLab's copy and paste: the copy keeps the cell's nbgrader settings (and its grade id)."""
    nb = copy.deepcopy(nb)
    original = _cell(nb, grade_id)
    twin = copy.deepcopy(original)
    twin["id"] = original["id"] + "-copy"
    if change:
        twin.source, original.source = change(original.source), original.source
    nb.cells.insert(nb.cells.index(original) + 1, twin)
    return nb


def _settings(nb, grade_id, **changes):
    nb = copy.deepcopy(nb)
    _cell(nb, grade_id).metadata["nbgrader"].update(changes)
    return nb


def _edit(nb, grade_id, change):
    nb = copy.deepcopy(nb)
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            c.source = change(c.source)
    return nb


@pytest.fixture(scope="module")
def cohort(tmp_path_factory, exercise):
    """Write a cohort of submissions as an LMS download (student id first in each file name)."""
    name, release, solution, _ = exercise
    folder = tmp_path_factory.mktemp("download")
    fixture = yaml.safe_load((FIXTURES / "swapped-pm-po.yml").read_text())
    solved = _with(release, solution)
    ids = [c.metadata["nbgrader"]["grade_id"] for c in solved.cells if "nbgrader" in c.metadata]
    other = copy.deepcopy(solved)
    for c in other.cells:
        if "nbgrader" in c.metadata:
            c.metadata["nbgrader"]["grade_id"] = "other-" + c.metadata["nbgrader"]["grade_id"]
    moved = copy.deepcopy(solved)
    i, j = ids.index("owners-shape"), ids.index("count-visible")
    cells = [c for c in moved.cells if "nbgrader" in c.metadata]
    a, b = moved.cells.index(cells[i]), moved.cells.index(cells[j])
    moved.cells[a], moved.cells[b] = moved.cells[b], moved.cells[a]
    stub = _cell(release, "owners").source
    claims = copy.deepcopy(solved)
    bonus = nbformat.v4.new_code_cell("assert True", metadata={"nbgrader": {
        "grade": True, "grade_id": "bonus", "locked": False, "points": 5, "schema_version": 3, "solution": False}})
    claims.cells.append(bonus)
    focus_name, focus_release = grading.release_notebook(grading.REPO, "02-focus")
    focus_solved = _with(focus_release, grading.solution_answers(
        nbformat.read(grading.SOLUTIONS / "02-focus" / focus_name, as_version=4)))
    notebooks = {
        # ordinary things learners do: no points lost, a note for the instructor
        "copied-answer": _copy_cell(_with(release, {**solution, "owners": stub}), "owners",
                                    lambda _: solution["owners"]),
        "copied-test": _copy_cell(solved, "owners-shape"),
        "syntax": _with(release, {**solution, "count-by-owner": "def count_by_owner(owners)\n    return {}"}),
        # changes to what is graded: tampered, graded on the released tests
        "claims-points": claims,
        "test-to-answer": _settings(solved, "owners-shape", solution=True),
        # exercise 02 handed in under exercise 01's file name
        "focus": focus_solved,
        "good": solved,
        "partial": _with(release, fixture["answers"]),
        "untouched": release,
        "missing": _with(release, {"owners": solution["owners"]}),
        "chatty": _with(release, {**solution, "owners": solution["owners"] + "\nprint('x' * 3_000_000)"}),
        "other": other,
        "deleted": _drop(solved, "owners-shape"),
        "edited": _edit(solved, "count-visible", lambda s: "pass"),
        "lockedit": _edit(solved, "setup", lambda s: s + "\nRESPONSIBILITIES = RESPONSIBILITIES[:3]"),
        "moved": moved,
        "loop": _with(release, {**solution, "count-by-owner": "def count_by_owner(owners):\n    while True:\n"
                                                              "        pass"}),
        "sysexit": _with(release, {**solution, "positions": "import sys\nsys.exit()"}),
        "osexit": _with(release, {**solution, "positions": "import os\nos._exit(1)"}),
        "crash": _with(release, {**solution, "positions": "import ctypes\nctypes.string_at(0)"}),
    }
    for student, nb in notebooks.items():
        nbformat.write(nb, folder / f"{student}_1001_2002_{name}")
    (folder / f"corrupt_1001_2002_{name}").write_text('{"cells": [{"cell_type": ')
    (folder / "pdf_1001_2002_essay.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    return folder


@pytest.fixture(scope="module")
def graded(tmp_path_factory, cohort):
    course = grading.scratch_course(tmp_path_factory.mktemp("course"), [A])
    grading.generate(course, A)
    lines: list[str] = []
    # The loop student needs a short cell timeout; 10 s leaves honest cells room on a busy 2-core machine.
    results = grading.grade_cohort(course, A, cohort, workers=2, budget=120, cell_timeout=10, sandbox=SANDBOXED,
                                   echo=lambda *a, **k: lines.append(" ".join(map(str, a))))
    return course, results, lines


EXPECTED = {  # student: (status, automatic score)
    "copied-answer": ("ok", 8), "copied-test": ("ok", 8), "syntax": ("ok", 6), "claims-points": ("tampered", 8),
    "test-to-answer": ("tampered", 8), "focus": ("wrong-assignment", 0),
    "good": ("ok", 8), "partial": ("ok", 6), "untouched": ("ok", 0), "missing": ("ok", 3), "chatty": ("ok", 8),
    "sysexit": ("ok", 5), "loop": ("timeout", 6), "deleted": ("tampered", 8), "edited": ("tampered", 8),
    "lockedit": ("tampered", 8), "moved": ("tampered", 7),  # count-visible now runs before its function
    "osexit": ("kernel-died", 0),
    "crash": ("kernel-died", 0), "other": ("wrong-assignment", 0), "corrupt": ("unreadable", 0),
    "pdf": ("unreadable", 0),
}


def test_every_submission_gets_the_right_status_and_score(graded):
    _, results, _ = graded
    assert sorted(results) == sorted(EXPECTED)
    actual = {s: (r.status, sum(v or 0 for k, v in r.parts.items() if k != "one-person-two-roles"))
              for s, r in results.items()}
    assert actual == EXPECTED


def test_problems_are_explained(graded):
    _, results, _ = graded
    assert "test cell 'owners-shape' was deleted; the released cell was put back" in results["deleted"].detail
    assert "cell 'owners' appears 2 times (copied)" in results["copied-answer"].detail
    assert "cell 'owners-shape' appears 2 times (copied)" in results["copied-test"].detail
    assert "claims 5 point(s) under the grade id 'bonus'" in results["claims-points"].detail
    assert "test cell 'owners-shape' had its grading settings changed (solution)" in results["test-to-answer"].detail
    assert "this notebook is exercise 02-focus, not 01-two-roles-one-product" in results["focus"].detail
    assert "test cell 'count-visible' was edited" in results["edited"].detail
    assert "locked cell 'setup' was edited" in results["lockedit"].detail
    assert "moved out of order" in results["moved"].detail
    assert "belong to another exercise" in results["other"].detail
    assert "not valid JSON" in results["corrupt"].detail
    assert "not a text file" in results["pdf"].detail
    assert "time limit" in results["loop"].detail
    assert results["untouched"].detail == ""


def test_grades_are_stored_once_in_nbgrader_gradebook(graded):
    course, results, _ = graded
    book = grading.scores(course, A)
    gradable = {s for s, r in results.items() if r.status in ("ok", "tampered", "timeout")}
    assert gradable <= set(book)
    for student in gradable:
        assert book[student]["auto_score"] == sum(v or 0 for v in results[student].parts.values())


def test_progress_is_shown(graded):
    _, _, lines = graded
    assert any("Autograding 18 submission(s)" in line for line in lines), lines[:3]
    assert any("18/18" in line for line in lines)


def test_rerun_is_idempotent(graded, cohort):
    course, results, _ = graded
    lines: list[str] = []
    again = grading.grade_cohort(course, A, cohort, workers=2, sandbox=SANDBOXED,
                                 echo=lambda *a, **k: lines.append(str(a[0])))
    assert {s: (r.status, r.score) for s, r in again.items()} == {s: (r.status, r.score) for s, r in results.items()}
    assert any("22 submission(s) unchanged" in line for line in lines) and "Nothing to autograde." in lines


def test_csv_and_summary_figure(graded, cohort, tmp_path, capsys):
    course, _, _ = graded
    assert cli.main(["grade", A, "--from", str(tmp_path / "missing"), "--course", str(course), *NO_SANDBOX]) == 2
    assert "does not exist" in capsys.readouterr().err
    out = tmp_path / "report"
    assert cli.main(["grade", A, "--from", str(cohort), "--course", str(course), "--out", str(out), *NO_SANDBOX]) == 0
    rows = list(csv.DictReader((out / "grades.csv").open()))
    assert len(rows) == 22
    good = next(r for r in rows if r["student"] == "good")
    assert good["status"] == "ok" and good["score"] == "8" and good["max_score"] == "10"
    assert good["count-edge-cases"] == "1" and good["one-person-two-roles"] == ""  # written part not graded yet
    assert {"student", "score", "max_score", "status", "detail", "owners-shape"} <= set(rows[0])
    assert (out / "summary.png").stat().st_size > 10_000
    assert "Parts most often missed" in (out / "summary.txt").read_text()


def test_feedback_explains_failures_without_test_code(graded, exercise):
    course, _, _ = graded
    _, _, _, source = exercise
    assert cli.main(["feedback", A, "--course", str(course)]) == 0
    page = (course / "grading" / "feedback" / "partial" / A / f"{A}.html").read_text()
    assert "count-edge-cases" in page and "failed" in page
    assert "should raise ValueError" in page  # the hidden test's own message
    hidden_lines = {line.strip() for cell in source.cells for region in HIDDEN.findall(cell.source)
                    for line in region.splitlines() if len(line.strip()) > 15 and not line.strip().startswith("#")}
    assert hidden_lines
    for student_page in (course / "grading" / "feedback").rglob("*.html"):
        text = student_page.read_text()
        leaked = [line for line in hidden_lines if line in text]
        assert not leaked, f"{student_page} shows hidden test code: {leaked[:2]}"
    syntax = (course / "grading" / "feedback" / "syntax" / A / f"{A}.html").read_text()
    assert "Fix this first" in syntax and "Your answer to Part 2 (&#x27;count-by-owner&#x27;) has a SyntaxError on " \
        "line 1: expected &#x27;:&#x27;" in syntax
    waiting = (course / "grading" / "feedback" / "good" / A / f"{A}.html").read_text()
    assert "waiting for a person to grade it" in waiting


def test_notebook_time_budget_kills_the_worker_and_its_kernel(tmp_path, exercise):
    name, release, solution, _ = exercise
    course = grading.scratch_course(tmp_path / "course", [A])
    grading.generate(course, A)
    slow = _with(release, {**solution, "owners": "import time\ntime.sleep(60)\n" + solution["owners"]})
    data = nbformat.writes(slow).encode()
    submissions.write_submitted(course, "slow", A, name, submissions.Submission("slow", "x", data))
    got: list[autograder.Result] = []
    autograder.run_pool(course, A, ["slow"], 1, 6, {}, got.append)
    assert [(r.student, r.status) for r in got] == [("slow", "timeout")]
    assert "6 s time budget" in got[0].detail

    def in_course(p: psutil.Process) -> bool:  # the slow kernel ran in the course's folders
        try:
            return p.cwd().startswith(str(course))
        except (psutil.Error, OSError):
            return False

    leftover = [p for p in psutil.process_iter() if in_course(p)]
    assert not leftover, "the kernel of a stopped notebook must not keep running"


def test_interrupted_run_resumes_without_losing_or_duplicating(tmp_path, exercise):
    name, release, solution, _ = exercise
    course = grading.scratch_course(tmp_path / "course", [A])
    download = tmp_path / "download"
    download.mkdir()
    for student in ("ann", "ben", "cat"):
        nbformat.write(_with(release, solution), download / f"{student}_{name}")

    class Stop(Exception):
        pass

    def stop_after_first(*args, **kwargs):
        if "1/3" in str(args[0]):
            raise Stop

    with pytest.raises(Stop):
        grading.grade_cohort(course, A, download, workers=1, sandbox=SANDBOXED, echo=stop_after_first)
    first = json.loads(grading.ledger_path(course, A).read_text())["results"]
    assert len(first) == 1
    lines: list[str] = []
    results = grading.grade_cohort(course, A, download, workers=2, sandbox=SANDBOXED,
                                   echo=lambda *a, **k: lines.append(str(a[0])))
    assert sorted(results) == ["ann", "ben", "cat"] and all(r.score == 8 for r in results.values())
    assert any("1 submission(s) unchanged" in line for line in lines)
    assert any("Autograding 2 submission(s)" in line for line in lines)
    assert sorted(grading.scores(course, A)) == ["ann", "ben", "cat"]


def test_a_run_that_failed_on_our_side_is_retried_not_kept(tmp_path, exercise):
    """An "error" (the gradebook unreachable, say) is the grading system's failure: a rerun grades it."""
    name, release, solution, _ = exercise
    course = grading.scratch_course(tmp_path / "course", [A])
    download = tmp_path / "download"
    download.mkdir()
    for student in ("ann", "ben"):
        nbformat.write(_with(release, solution), download / f"{student}_{name}")
    grading.grade_cohort(course, A, download, workers=1, sandbox=SANDBOXED, echo=lambda *a, **k: None)
    ledger = grading.ledger_path(course, A)
    kept = json.loads(ledger.read_text())
    kept["results"]["ben"].update(status="error", score=None, detail="nbgrader could not grade it: connection lost")
    ledger.write_text(json.dumps(kept))
    lines: list[str] = []
    results = grading.grade_cohort(course, A, download, workers=1, sandbox=SANDBOXED,
                                   echo=lambda *a, **k: lines.append(str(a[0])))
    assert results["ben"].status == "ok" and results["ben"].score == 8
    assert any("1 submission(s) unchanged" in line for line in lines)
    assert any("1 submission(s) that could not be graded last time are tried again" in line for line in lines)


def test_an_unreachable_gradebook_is_a_clear_error_without_the_password(tmp_path, exercise):
    name, release, solution, _ = exercise
    course = grading.scratch_course(tmp_path / "course", [A])
    download = tmp_path / "download"
    download.mkdir()
    nbformat.write(_with(release, solution), download / f"ann_{name}")
    with socket.socket() as s:  # a port with nobody listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql+psycopg2://ailead:secret-pw@127.0.0.1:{port}/gradebook"
    with pytest.raises(grading.GradingError) as caught:
        grading.grade_cohort(course, A, download, workers=1, db_url=url, sandbox=SANDBOXED, echo=lambda *a, **k: None)
    message = str(caught.value)
    assert "cannot be reached" in message and "run the same command again" in message
    assert "secret-pw" not in message and f"127.0.0.1:{port}" in message


def test_gradebook_url_is_configurable(tmp_path, exercise):
    name, release, solution, _ = exercise
    course = grading.scratch_course(tmp_path / "course", [A])
    download = tmp_path / "download"
    (download / "zoe" / A).mkdir(parents=True)  # nbgrader's own submitted layout
    nbformat.write(_with(release, solution), download / "zoe" / A / name)
    url = "sqlite:///" + str(tmp_path / "elsewhere.db")
    results = grading.grade_cohort(course, A, download, workers=1, db_url=url, sandbox=SANDBOXED,
                                   echo=lambda *a, **k: None)
    assert results["zoe"].score == 8
    from nbgrader.api import Gradebook

    with Gradebook(url) as gb:
        assert gb.find_submission(A, "zoe").score == 8


# --------------------------------------------------------------------------- importing submissions

def test_import_from_zip_with_lms_names(tmp_path, exercise):
    name, release, _, _ = exercise
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(f"Doe Jane_123_456_{name}", nbformat.writes(release))
        zf.writestr("__MACOSX/._junk", "x")
        zf.writestr(f"smithj_124_457_{name}", nbformat.writes(release))
    subs = submissions.load_submissions(archive, A)
    assert sorted(s.student for s in subs) == ["doe-jane", "smithj"]


def test_import_with_custom_pattern_and_duplicates(tmp_path, exercise):
    name, release, _, _ = exercise
    (tmp_path / f"{A}-s001.ipynb").write_text(nbformat.writes(release))
    (tmp_path / f"{A}-s002.ipynb").write_text(nbformat.writes(release))
    subs = submissions.load_submissions(tmp_path, A, pattern=r"-(?P<student>s\d+)\.ipynb$")
    assert sorted(s.student for s in subs) == ["s001", "s002"]
    with pytest.raises(submissions.ImportProblem, match="two submissions for student"):
        submissions.load_submissions(tmp_path, A, pattern=r"(?P<student>\d)")


def test_import_rejects_unsafe_zip_names(tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../../escape.ipynb", "{}")
    with pytest.raises(submissions.ImportProblem, match="unsafe member name"):
        submissions.load_submissions(archive, A)


# --------------------------------------------------------------------------- the learner's check

def test_check_passes_the_solution_and_leaves_the_file_alone(tmp_path, exercise, capsys):
    name, release, solution, _ = exercise
    mine = tmp_path / name
    nbformat.write(_with(release, solution), mine)
    before = mine.read_bytes()
    assert cli.main(["check", str(mine)]) == 0
    out = capsys.readouterr().out
    assert "✔ owners-all-right: 1/1" in out and "Every test passes" in out and "written answer" in out
    assert mine.read_bytes() == before


def test_check_explains_hidden_failures(tmp_path, exercise, capsys):
    name, release, _, _ = exercise
    fixture = yaml.safe_load((FIXTURES / "swapped-pm-po.yml").read_text())
    mine = tmp_path / "attempt.ipynb"
    nbformat.write(_with(release, fixture["answers"]), mine)
    assert check.check(mine) == 1
    out = capsys.readouterr().out
    assert "✘ positions-pm-po: 0/1" in out and "plans over quarters and years" in out
    assert "Automatic score: 6 of 8" in out


def test_check_refuses_what_it_cannot_grade(tmp_path, capsys):
    junk = tmp_path / "junk.ipynb"
    junk.write_text("not json")
    assert cli.main(["check", str(junk)]) == 2
    assert "not valid JSON" in capsys.readouterr().out
    assert cli.main(["check", str(tmp_path / "nothing.ipynb")]) == 2


def test_check_names_the_learners_own_broken_cell_first(tmp_path, exercise, capsys):
    name, release, solution, _ = exercise
    mine = tmp_path / name
    nbformat.write(_with(release, {**solution, "count-by-owner": "def count_by_owner(owners)\n    return {}"}), mine)
    assert check.check(mine) == 1
    out = capsys.readouterr().out
    assert ("Fix this first: your answer to Part 2 ('count-by-owner') has a SyntaxError on line 1: expected ':'"
            in out)
    assert out.index("Fix this first") < out.index("✘ count-visible")


def test_check_gives_the_graders_verdict_on_ordinary_changes(tmp_path, exercise, capsys):
    name, release, solution, _ = exercise
    solved = _with(release, solution)
    copied = tmp_path / name
    nbformat.write(_copy_cell(solved, "owners-shape"), copied)
    assert check.check(copied) == 0
    out = capsys.readouterr().out
    assert "Note: cell 'owners-shape' appears 2 times (copied)" in out and "Every test passes" in out
    focus_name, focus_release = grading.release_notebook(grading.REPO, "02-focus")
    renamed = tmp_path / "renamed" / name  # exercise 02 saved under exercise 01's file name
    renamed.parent.mkdir()
    nbformat.write(focus_release, renamed)
    assert check.guess_assignment(renamed.read_bytes(), renamed.name) == "02-focus"
    assert check.check(renamed, assignment=A) == 2
    assert "this notebook is exercise 02-focus" in capsys.readouterr().out
