"""The learner's working copy: made on first run, updated safely, never overwriting their edits."""

from __future__ import annotations

import pytest

from ailead.instructor import workspace


@pytest.fixture
def course(tmp_path):
    repo = tmp_path / "repo"
    (repo / "notebooks").mkdir(parents=True)
    (repo / "exercises" / "01-x").mkdir(parents=True)
    (repo / "notebooks" / "00-a.ipynb").write_text("lesson 0 v1")
    (repo / "exercises" / "01-x" / "01-x.ipynb").write_text("exercise 1 v1")
    (repo / "solutions").mkdir()
    (repo / "solutions" / "model.ipynb").write_text("model answers")
    (repo / "src").mkdir()
    (repo / "src" / "code.py").write_text("not for the working copy")
    return repo


def test_first_run_copies_lessons_exercises_and_model_answers_only(course, tmp_path):
    dest = tmp_path / "my-work"
    report = workspace.sync(dest, repo=course)
    assert sorted(report.created) == ["exercises/01-x/01-x.ipynb", "notebooks/00-a.ipynb", "solutions/model.ipynb"]
    assert (dest / "notebooks" / "00-a.ipynb").read_text() == "lesson 0 v1"
    assert not (dest / "src").exists()
    assert "Copied 3 new course file(s)" in report.lines()[0]


def test_second_run_keeps_edits_and_adds_new_lessons(course, tmp_path):
    dest = tmp_path / "my-work"
    workspace.sync(dest, repo=course)
    (dest / "notebooks" / "00-a.ipynb").write_text("my notes")
    (course / "notebooks" / "01-b.ipynb").write_text("lesson 1 v1")
    report = workspace.sync(dest, repo=course)
    assert report.created == ["notebooks/01-b.ipynb"] and report.kept == [] and report.refreshed == []
    assert (dest / "notebooks" / "00-a.ipynb").read_text() == "my notes"


def test_course_update_refreshes_untouched_copies_and_keeps_edited_ones(course, tmp_path):
    dest = tmp_path / "my-work"
    workspace.sync(dest, repo=course)
    (dest / "notebooks" / "00-a.ipynb").write_text("my notes")
    (course / "notebooks" / "00-a.ipynb").write_text("lesson 0 v2")
    (course / "exercises" / "01-x" / "01-x.ipynb").write_text("exercise 1 v2")
    report = workspace.sync(dest, repo=course)
    assert report.refreshed == ["exercises/01-x/01-x.ipynb"]
    assert report.kept == ["notebooks/00-a.ipynb"]
    assert (dest / "notebooks" / "00-a.ipynb").read_text() == "my notes"
    assert (dest / "exercises" / "01-x" / "01-x.ipynb").read_text() == "exercise 1 v2"
    assert any("Kept your edited notebooks/00-a.ipynb" in line for line in report.lines())
    again = workspace.sync(dest, repo=course)  # the notice repeats until they act on it
    assert again.kept == ["notebooks/00-a.ipynb"]


def test_unchanged_run_says_up_to_date(course, tmp_path):
    dest = tmp_path / "my-work"
    workspace.sync(dest, repo=course)
    assert "up to date" in workspace.sync(dest, repo=course).lines()[0]


def test_unreadable_manifest_never_causes_an_overwrite(course, tmp_path):
    dest = tmp_path / "my-work"
    workspace.sync(dest, repo=course)
    (dest / "notebooks" / "00-a.ipynb").write_text("my notes")
    (dest / workspace.MANIFEST).write_text("{broken")
    (course / "notebooks" / "00-a.ipynb").write_text("lesson 0 v2")
    workspace.sync(dest, repo=course)
    assert (dest / "notebooks" / "00-a.ipynb").read_text() == "my notes"


def test_working_copy_is_git_ignored():
    ignore = (workspace.REPO / ".gitignore").read_text().split()
    assert "my-work/" in ignore and "grading/" in ignore
