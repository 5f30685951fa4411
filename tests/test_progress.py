"""The progress record: attempts survive concurrent writers, recording is one append, old records still
count, and damage never breaks a lesson."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from ailead import progress


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("AILEAD_HOME", str(tmp_path))
    return tmp_path


def _logs(home):
    return sorted((home / "attempts").glob("*.jsonl"))


def test_record_then_load(home):
    progress.record("01-x", "q1", False, "A", "single")
    progress.record("01-x", "q1", True, "B", "single")
    attempts = progress.load()
    assert [(a["question"], a["correct"], a["answer"]) for a in attempts] == [("q1", False, "A"), ("q1", True, "B")]
    (log,) = _logs(home)  # one writer, one file
    assert len(log.read_text().splitlines()) == 2


def test_recording_appends_one_line_and_rewrites_nothing(home):
    progress.record("01-x", "q0", True)
    (log,) = _logs(home)
    before = log.read_bytes()
    attempt = progress.record("01-x", "q1", True, {"chosen": [1, 2]}, "multiple")
    after = log.read_bytes()
    assert after.startswith(before), "earlier attempts were rewritten"
    added = after[len(before):].decode()
    assert added.count("\n") == 1 and json.loads(added) == json.loads(json.dumps(attempt))
    assert not (home / "progress.json").exists(), "the old single-file record is never written"


def test_records_of_the_earlier_single_file_format_still_count(home):
    old = [{"time": "2026-11-20T10:00:00+0000", "lesson": "01-x", "question": "q1", "type": "single",
            "correct": False, "answer": "A"}]
    (home / "progress.json").write_text(json.dumps({"version": 1, "attempts": old}))
    progress.record("01-x", "q1", True, "B", "single")
    attempts = progress.load()
    assert [(a["question"], a["correct"]) for a in attempts] == [("q1", False), ("q1", True)]
    assert progress.summary()["01-x"] == {"attempted": 1, "solved": 1, "first_try": 0, "attempts": 2}
    assert json.loads((home / "progress.json").read_text())["attempts"] == old, "the old file is left as it was"


WRITER = textwrap.dedent("""
    import sys
    from ailead import progress
    who = sys.argv[1]
    for n in range(150):
        progress.record("01-x", f"{who}-q{n}", n % 2 == 0, {"n": n})
""")


def test_concurrent_writers_keep_every_attempt(home):
    """Three processes (two lessons and the progress notebook, say) each record 150 attempts at once."""
    env = dict(os.environ, AILEAD_HOME=str(home))
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, f"w{i}"], env=env) for i in range(3)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    attempts = progress.load()
    assert len(attempts) == 450
    assert {a["question"] for a in attempts} == {f"w{i}-q{n}" for i in range(3) for n in range(150)}
    for i in range(3):  # each writer's own order survives the merge
        mine = [a["answer"]["n"] for a in attempts if a["question"].startswith(f"w{i}-")]
        assert mine == list(range(150))


def test_threads_of_one_process_keep_every_attempt(home):
    import threading

    def write(who):
        for n in range(100):
            progress.record("01-x", f"{who}-{n}", True)

    threads = [threading.Thread(target=write, args=(f"t{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(progress.load()) == 400


def test_a_line_cut_short_by_a_crash_is_skipped_and_the_rest_counts(home):
    for n in range(3):
        progress.record("01-x", f"q{n}", True)
    (log,) = _logs(home)
    with log.open("a") as fh:
        fh.write('{"lesson": "01-x", "question": "q9", "corr')  # the process died mid-line
    with pytest.warns(UserWarning, match="Skipped 1 unreadable line"):
        attempts = progress.load()
    assert [a["question"] for a in attempts] == ["q0", "q1", "q2"]
    assert log.read_text().endswith('"corr'), "the damaged file is left as it is"


def test_a_failed_write_keeps_every_earlier_attempt(home, monkeypatch):
    progress.record("01-x", "q1", True)
    (log,) = _logs(home)
    before = log.read_text()

    def broken_dumps(*args, **kwargs):
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(progress.json, "dumps", broken_dumps)
        with pytest.raises(OSError):
            progress.record("01-x", "q2", True)
    assert log.read_text() == before
    assert [a["question"] for a in progress.load()] == ["q1"]


@pytest.mark.parametrize("content", ["{not json", '{"attempts": 3}', "[]", '{"attempts": [1, 2]}'])
def test_corrupt_old_record_is_set_aside_with_a_warning(home, content):
    (home / "progress.json").write_text(content)
    with pytest.warns(RuntimeWarning, match="could not be read.*moved it to"):
        assert progress.load() == []
    aside = [p for p in home.iterdir() if p.name.startswith("progress.json.corrupt-")]
    assert len(aside) == 1 and aside[0].read_text() == content
    progress.record("01-x", "q1", True)  # and the next attempt is kept
    assert len(progress.load()) == 1


def test_renamed_lessons_keep_their_attempts(home, monkeypatch):
    monkeypatch.setitem(progress.RENAMED, "06-old-name", "07-old-name")
    progress.record("06-old-name", "q1", True)
    assert progress.summary() == {"07-old-name": {"attempted": 1, "solved": 1, "first_try": 1, "attempts": 1}}


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
    assert progress.home() == tmp_path / "xdg" / "ailead"
    assert progress.record_path() == tmp_path / "xdg" / "ailead" / "progress.json"
