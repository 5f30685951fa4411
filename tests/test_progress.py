"""The progress record: attempts survive, writes are atomic, and corruption never breaks a lesson."""

from __future__ import annotations

import json

import pytest

from ailead import progress


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("AILEAD_HOME", str(tmp_path))
    return tmp_path


def test_record_then_load(home):
    progress.record("01-x", "q1", False, "A", "single")
    progress.record("01-x", "q1", True, "B", "single")
    attempts = progress.load()
    assert [(a["question"], a["correct"], a["answer"]) for a in attempts] == [("q1", False, "A"), ("q1", True, "B")]
    assert json.loads((home / "progress.json").read_text())["version"] == 1


def test_writes_leave_no_temporary_files(home):
    for n in range(5):
        progress.record("01-x", f"q{n}", True)
    assert sorted(p.name for p in home.iterdir()) == ["progress.json"]


def test_failed_write_keeps_the_old_record(home, monkeypatch):
    progress.record("01-x", "q1", True)
    before = (home / "progress.json").read_text()

    def broken_dump(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(progress.json, "dump", broken_dump)
    with pytest.raises(OSError):
        progress.record("01-x", "q2", True)
    assert (home / "progress.json").read_text() == before
    assert sorted(p.name for p in home.iterdir()) == ["progress.json"]


@pytest.mark.parametrize("content", ["{not json", '{"attempts": 3}', "[]", '{"attempts": [1, 2]}'])
def test_corrupt_record_is_set_aside_with_a_warning(home, content):
    (home / "progress.json").write_text(content)
    with pytest.warns(RuntimeWarning, match="could not be read.*moved it to"):
        assert progress.load() == []
    aside = [p for p in home.iterdir() if p.name.startswith("progress.json.corrupt-")]
    assert len(aside) == 1 and aside[0].read_text() == content
    progress.record("01-x", "q1", True)  # and the next attempt starts a fresh record
    assert len(progress.load()) == 1


def test_summary_per_lesson(home):
    for lesson, question, correct in [("00-a", "q1", True), ("01-b", "q1", False), ("01-b", "q1", True),
                                      ("01-b", "q2", False), ("01-b", "q3", True)]:
        progress.record(lesson, question, correct)
    assert progress.summary() == {
        "00-a": {"attempted": 1, "solved": 1, "first_try": 1, "attempts": 1},
        "01-b": {"attempted": 3, "solved": 2, "first_try": 1, "attempts": 4},
    }


def test_default_home_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("AILEAD_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert progress.record_path() == tmp_path / "xdg" / "ailead" / "progress.json"
