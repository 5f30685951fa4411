"""`ailead cohort seed`: roster checks, the course folder, the gradebook and a release to the exchange.

These run anywhere with SQLite; tests/test_cohort_hub.py does the same against PostgreSQL and a real
JupyterHub.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ailead.instructor import cli, cohort, grading, submissions

A = "01-two-roles-one-product"


def _roster(tmp_path: Path, text: str, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_good_roster_is_read_with_optional_columns(tmp_path):
    path = _roster(tmp_path, "\ufeffid,first_name,last_name,email\nada,Ada,Lovelace,ada@example.org\n\n bob ,,,\n")
    assert cohort.read_roster(path) == [
        cohort.Student("ada", "Ada", "Lovelace", "ada@example.org"), cohort.Student("bob")]


@pytest.mark.parametrize("text, message", [
    ("name,email\nada,a@x\n", "the first line must name the columns, with at least `id` (found: name, email)"),
    ("id,phone\nada,1\n", "unknown column(s) phone"),
    ("id\nAda Lovelace\n", "line 2, column id: 'Ada Lovelace' is not a login name"),
    ("id\nada\nbob\nada\n", "line 4, column id: 'ada' already appears on line 2"),
    ("id\n\n", "the roster lists no students"),
])
def test_a_bad_roster_names_the_file_line_and_column(tmp_path, text, message):
    path = _roster(tmp_path, text)
    with pytest.raises(cohort.CohortError) as err:
        cohort.read_roster(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_a_missing_or_binary_roster_says_so(tmp_path):
    with pytest.raises(cohort.CohortError, match="no such roster file"):
        cohort.read_roster(tmp_path / "nope.csv")
    (tmp_path / "r.xlsx").write_bytes(b"PK\x03\x04\xff\xfe\x00")
    with pytest.raises(cohort.CohortError, match="save it as UTF-8 CSV"):
        cohort.read_roster(tmp_path / "r.xlsx")


def test_seed_creates_the_course_imports_the_roster_and_releases(tmp_path, capsys):
    course, exchange = tmp_path / "course", tmp_path / "exchange"
    db = f"sqlite:///{tmp_path / 'gradebook.db'}"
    roster = _roster(tmp_path, "id,first_name\nada,Ada\nbob,Bob\n")
    args = ["cohort", "seed", "--course", str(course), "--roster", str(roster), "--db", db,
            "--release", A, "--exchange", str(exchange)]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "2 student(s) added, 0 updated" in out and f"Released {A}" in out
    assert sorted(p.name for p in (course / "solutions").iterdir()) == grading.assignments()
    assert (course / "nbgrader_config.py").stat().st_mode & 0o777 == 0o600  # it may hold a password
    released = exchange / "ailead" / "outbound" / A
    assert sorted(p.name for p in released.iterdir()) == [f"{A}.ipynb"]
    assert "BEGIN HIDDEN TESTS" not in (released / f"{A}.ipynb").read_text()
    with grading.open_gradebook(db) as gb:
        assert sorted(s.id for s in gb.students) == ["ada", "bob"]
        assert gb.find_assignment(A).notebooks

    # Again, with one more student and a corrected name: updates, nothing duplicated, the config kept.
    roster.write_text("id,first_name\nada,Ada L.\nbob,Bob\ncyd,Cyd\n")
    assert cli.main(args) == 0
    assert "1 student(s) added, 2 updated" in capsys.readouterr().out
    with grading.open_gradebook(db) as gb:
        assert {s.id: s.first_name for s in gb.students} == {"ada": "Ada L.", "bob": "Bob", "cyd": "Cyd"}


def test_seed_refuses_what_it_cannot_do_and_says_what_to_fix(tmp_path, capsys):
    roster = _roster(tmp_path, "id\nada\n")
    course = tmp_path / "course"
    assert cli.main(["cohort", "seed", "--course", str(course), "--roster", str(roster)]) == 2
    assert "pass --db with the gradebook URL" in capsys.readouterr().err
    assert cli.main(["cohort", "seed", "--course", str(course), "--roster", str(roster),
                     "--db", "sqlite:///x.db", "--release", "99-nope"]) == 2
    assert f"no exercise named 99-nope; known: {A}, " in capsys.readouterr().err
    assert not course.exists()  # nothing made before the checks passed

    db = f"sqlite:///{tmp_path / 'a.db'}"
    assert cli.main(["cohort", "seed", "--course", str(course), "--roster", str(roster), "--db", db]) == 0
    capsys.readouterr()
    assert cli.main(["cohort", "seed", "--course", str(course), "--roster", str(roster),
                     "--db", f"sqlite:///{tmp_path / 'b.db'}"]) == 2
    assert "already names another gradebook" in capsys.readouterr().err


def test_grade_and_feedback_use_the_course_folder_they_run_in(tmp_path, monkeypatch):
    course = tmp_path / "course"
    cohort.create_course(course, f"sqlite:///{tmp_path / 'g.db'}")
    monkeypatch.chdir(course)
    args = cli.build_parser().parse_args(["feedback", A])
    assert cli._course(args) == course
    monkeypatch.chdir(tmp_path)
    assert cli._course(args) == grading.REPO


def test_nbgrader_exchange_files_travel_with_a_submission_to_the_feedback(tmp_path):
    """release_feedback names each feedback file after the submission's secret: it must survive import."""
    layout = tmp_path / "grading" / "submitted" / "ada" / A
    layout.mkdir(parents=True)
    (layout / f"{A}.ipynb").write_text('{"cells": []}')
    (layout / "timestamp.txt").write_text("2026-11-25 10:00:00.000000 UTC")
    (layout / "submission_secret.txt").write_text("s3cret")
    (sub,) = submissions.load_submissions(tmp_path / "grading" / "submitted", A)
    assert sub.extras == {"timestamp.txt": b"2026-11-25 10:00:00.000000 UTC", "submission_secret.txt": b"s3cret"}
    # Importing from the course's own submitted/ folder rewrites it in place without losing them.
    dest = submissions.write_submitted(tmp_path, "ada", A, f"{A}.ipynb", sub)
    assert dest == layout
    assert sorted(p.name for p in dest.iterdir()) == sorted([f"{A}.ipynb", "timestamp.txt", "submission_secret.txt"])
    # A resubmission of the same notebook is a new submission (new secret), so it is graded again.
    again = submissions.Submission("ada", sub.source, sub.data, {**sub.extras, "submission_secret.txt": b"other"})
    assert again.digest != sub.digest
