"""`ailead report`: the whole cohort across assignments, as one figure with alt text and a CSV.

The gradebook is built once for the module through nbgrader's own API (assignments, graded cells,
submissions and grades, as autograding and the formgrader store them), so every expected number below
is exact. tests/test_export.py reads a gradebook filled by real autograding with the same reader.
"""

from __future__ import annotations

import argparse
import csv
import json

import matplotlib.colors as mcolors
import pytest
from PIL import Image

from ailead.instructor import cohortreport, export, grading
from tests.helpers import safe_colours

# Three assignments, each: (auto cells with their points, a manual written answer worth 2)
CELLS = {"01-alpha": {"a1": 2, "a2": 2}, "02-beta": {"b1": 1, "b2": 1, "b3": 2}, "03-gamma": {"c1": 4}}
# student: {assignment: ({auto cell: score}, manual score or None while it waits for a grader)}
WORK = {
    "ada": {"01-alpha": ({"a1": 2, "a2": 2}, 2), "02-beta": ({"b1": 1, "b2": 1, "b3": 2}, 1.5),
            "03-gamma": ({"c1": 4}, None)},
    "bob": {"01-alpha": ({"a1": 2, "a2": 0}, 1), "02-beta": ({"b1": 1, "b2": 0, "b3": 0}, None)},  # 50 %, 25 %
    "cyd": {"01-alpha": ({"a1": 0, "a2": 1}, 0), "02-beta": ({"b1": 1, "b2": 1, "b3": 0}, 2),
            "03-gamma": ({"c1": 2}, 2)},                                                        # 25 %, 50 %, 50 %
    "dot": {"02-beta": ({"b1": 1, "b2": 1, "b3": 2}, 2)},
}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cohort")
    db = f"sqlite:///{folder / 'gradebook.db'}"
    with grading.open_gradebook(db) as gb:
        for name in ("ada", "bob", "cyd", "dot", "eli"):
            gb.add_student(name, first_name=name.title(), last_name="Test")
        for a, cells in CELLS.items():
            gb.add_assignment(a)
            gb.add_notebook(a, a)
            for cell, points in cells.items():
                gb.add_grade_cell(cell, a, a, max_score=points, cell_type="code")
            gb.add_grade_cell("written", a, a, max_score=2, cell_type="markdown")
            gb.add_solution_cell("written", a, a)
        for student, done in WORK.items():
            for a, (auto, manual) in done.items():
                gb.add_submission(a, student)
                for cell, score in auto.items():
                    g = gb.find_grade(cell, a, a, student)
                    g.auto_score, g.needs_manual_grade = score, False
                g = gb.find_grade("written", a, a, student)
                g.manual_score, g.needs_manual_grade = manual, manual is None
                gb.db.commit()
    # `ailead grade` recorded a submission of eli's that was not a notebook, and a tampered one of ada's
    for a, results in {"01-alpha": {"eli": {"status": "unreadable", "detail": "not valid JSON"}},
                       "03-gamma": {"ada": {"status": "tampered", "detail": "test cell 'c1' was edited"},
                                    # graded into another gradebook: handed in, but nothing here
                                    "dot": {"status": "ok", "detail": ""}}}.items():
        path = grading.ledger_path(folder, a)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"results": results}))
    return folder, db


@pytest.fixture(scope="module")
def report(course):
    folder, db = course
    return cohortreport.build(export.read_course(db, folder))


def test_every_learner_and_assignment_has_its_status(report):
    assert report.assignments == list(CELLS) and report.students == ["ada", "bob", "cyd", "dot", "eli"]
    status = {k: r.status for k, r in report.rows.items()}
    assert status[("ada", "01-alpha")] == "graded" and status[("ada", "03-gamma")] == "needs-grading"
    assert status[("bob", "02-beta")] == "needs-grading" and status[("bob", "03-gamma")] == "no-submission"
    assert status[("eli", "01-alpha")] == "unreadable" and status[("dot", "01-alpha")] == "no-submission"
    assert report.rows[("eli", "01-alpha")].score is None
    assert status[("dot", "03-gamma")] == "error"  # handed in, not in this gradebook: never a silent blank
    assert report.handed_in == {"01-alpha": 3, "02-beta": 4, "03-gamma": 2}


def test_scores_come_from_the_gradebook(report):
    r = report.rows[("cyd", "03-gamma")]
    assert (r.score, r.max_score, r.auto_score, r.auto_max, r.auto_share) == (4, 6, 2, 4, 0.5)
    r = report.rows[("ada", "02-beta")]
    assert (r.score, r.auto_score, r.auto_share) == (5.5, 4, 1.0)


def test_learners_behind_and_the_pass_mark_boundary(report):
    assert set(report.behind) == {"bob", "cyd", "dot", "eli"}
    # bob: exactly 50 % on 01 is not behind; 25 % on 02 is; 03 is not due (2 of 5 handed in)
    assert report.behind["bob"] == ["02-beta: 25% of the automatic points (pass mark 50%)"]
    assert report.behind["cyd"] == ["01-alpha: 25% of the automatic points (pass mark 50%)"]
    assert report.behind["dot"] == ["01-alpha: nothing handed in (3 of 5 handed in)"]
    assert report.behind["eli"] == ["01-alpha: unreadable, not gradable (3 of 5 handed in)",
                                    "02-beta: nothing handed in (4 of 5 handed in)"]
    stricter = report.pass_mark
    assert stricter == 0.5


def test_miss_rates_across_the_course(report):
    rates = {(a, p): (round(share, 6), n) for a, p, share, n in report.miss_rates}
    assert rates[("01-alpha", "a1")] == (round(1 / 3, 6), 3)  # cyd
    assert rates[("01-alpha", "a2")] == (round(2 / 3, 6), 3)  # bob, cyd
    assert rates[("02-beta", "b3")] == (0.5, 4) and rates[("02-beta", "b1")] == (0.0, 4)
    assert rates[("03-gamma", "c1")] == (0.5, 2)
    assert ("01-alpha", "written") not in rates  # written answers are not item-analysed
    assert report.miss_rates[0][:2] == ("01-alpha", "a2")


def test_roster_adds_learners_who_never_handed_in(course):
    folder, db = course
    roster = folder / "roster.csv"
    roster.write_text("id,name\nada,\"Test, Ada\"\nfay,\"Fox, Fay\"\n")
    rep = cohortreport.build(export.read_course(db, folder), export.read_roster(roster))
    assert "fay" in rep.students and rep.names["fay"] == "Fox, Fay"
    assert all(rep.rows[("fay", a)].status == "no-submission" for a in CELLS)


def test_command_writes_figure_alt_text_and_csv(course, tmp_path, capsys):
    folder, db = course
    parser = argparse.ArgumentParser(prog="ailead")
    cohortreport.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["report", "--course", str(folder), "--db", db, "--out", str(tmp_path)])
    assert cohortreport.run(args) == 0
    out = capsys.readouterr().out
    assert "Learners behind: bob (02-beta" in out
    rows = list(csv.DictReader((tmp_path / "cohort-report.csv").open()))
    assert list(rows[0]) == cohortreport.CSV_COLUMNS and len(rows) == 5 * 3
    cyd = next(r for r in rows if r["student"] == "cyd" and r["assignment"] == "03-gamma")
    assert cyd == {"student": "cyd", "name": "Test, Cyd", "assignment": "03-gamma", "status": "graded", "score": "4",
                   "max_score": "6", "auto_score": "2", "auto_max": "4", "auto_percent": "50", "behind": "yes",
                   "why": ""}
    ada3 = next(r for r in rows if r["student"] == "ada" and r["assignment"] == "03-gamma")
    assert ada3["status"] == "needs-grading"  # waiting for a grader; the tampering note is kept in the detail
    text = (tmp_path / "cohort-report.txt").read_text()
    png = Image.open(tmp_path / "cohort-report.png")
    assert png.info["Description"] == text.strip() and png.size[0] >= 1200
    assert "01-alpha a2 67%" in text and "5 learners and 3 assignments" in text
    items = list(csv.DictReader((tmp_path / "item-analysis.csv").open()))
    assert items[0] == {"assignment": "01-alpha", "part": "a2", "graded": "3", "lost_points": "2",
                        "miss_rate": "0.6667"}


def test_figure_has_titles_labels_and_safe_colours(report):
    fig = cohortreport.figure(report)
    axes = fig.axes
    assert len(axes) == 3
    for ax in axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    allowed = safe_colours() | {"#ffffff"}
    for ax in axes:
        used = {mcolors.to_hex(p.get_facecolor()) for p in ax.patches}
        used |= {mcolors.to_hex(c) for coll in ax.collections for c in coll.get_facecolors()}
        assert used <= allowed, used - allowed
    behind = [t.get_text() for t in axes[0].get_yticklabels() if t.get_text().startswith("▶")]
    assert behind == ["▶ bob", "▶ cyd", "▶ dot", "▶ eli"]


def test_refuses_an_empty_or_missing_gradebook(tmp_path, capsys):
    parser = argparse.ArgumentParser(prog="ailead")
    cohortreport.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["report", "--db", f"sqlite:///{tmp_path / 'none.db'}", "--course", str(tmp_path)])
    assert cohortreport.run(args) == 2 and "no gradebook at" in capsys.readouterr().err
    args = parser.parse_args(["report", "--db", "sqlite:///x.db", "--pass-mark", "150"])
    assert cohortreport.run(args) == 2 and "between 0 and 100" in capsys.readouterr().err
