"""The learner's progress record: every quiz attempt, kept locally in one JSON file.

The file lives in $AILEAD_HOME (default: ~/.local/share/ailead, or $XDG_DATA_HOME/ailead). Writes
are atomic (a temporary file, then a rename), so a crash mid-write never leaves half a record. A
record file that cannot be read is moved aside with a warning and a fresh one is started: a lesson
never fails because of it.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import warnings
from collections import defaultdict
from pathlib import Path

FILE_NAME = "progress.json"
FORMAT_VERSION = 1


def home() -> Path:
    """The folder that holds the progress record."""
    env = os.environ.get("AILEAD_HOME")
    if env:
        return Path(env)
    data = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(data) / "ailead"


def record_path() -> Path:
    """The progress record file."""
    return home() / FILE_NAME


def load() -> list[dict]:
    """All recorded attempts, oldest first. A corrupt file is set aside and an empty list returned."""
    path = record_path()
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        attempts = data["attempts"]
        if not isinstance(attempts, list) or not all(isinstance(a, dict) for a in attempts):
            raise ValueError("attempts is not a list of records")
        return attempts
    except (OSError, ValueError, KeyError, TypeError) as exc:
        aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}")
        try:
            path.replace(aside)
            where = f"moved it to {aside}"
        except OSError:
            where = "could not move it aside"
        warnings.warn(
            f"Your progress record {path} could not be read ({exc}); {where} and started a fresh one. "
            "Your quizzes keep working.",
            RuntimeWarning,
            stacklevel=2,
        )
        return []


def _write(attempts: list[dict]) -> None:
    path = record_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"version": FORMAT_VERSION, "attempts": attempts}, fh, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def record(lesson: str, question: str, correct: bool, answer: object = None, kind: str = "") -> dict:
    """Append one quiz attempt to the record and return it."""
    attempts = load()
    attempt = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "lesson": lesson,
        "question": question,
        "type": kind,
        "correct": bool(correct),
        "answer": answer,
    }
    attempts.append(attempt)
    _write(attempts)
    return attempt


def summary(attempts: list[dict] | None = None) -> dict[str, dict]:
    """Per lesson: questions tried, questions solved, questions right first time, and attempts.

    Returns {lesson: {"attempted": n, "solved": n, "first_try": n, "attempts": n}}.
    """
    if attempts is None:
        attempts = load()
    tried: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for a in attempts:
        tried[a["lesson"]][a["question"]].append(bool(a["correct"]))
    result = {}
    for lesson in sorted(tried):
        questions = tried[lesson]
        result[lesson] = {
            "attempted": len(questions),
            "solved": sum(any(r) for r in questions.values()),
            "first_try": sum(r[0] for r in questions.values()),
            "attempts": sum(len(r) for r in questions.values()),
        }
    return result
