"""The learner's progress record: every quiz attempt, kept locally, never uploaded.

The record lives in $AILEAD_HOME (default: ~/.local/share/ailead, or $XDG_DATA_HOME/ailead; in the
browser version of the course, the folder ailead-progress/ in the browser's own storage for the site).
It is append-only:

- ``attempts/*.jsonl``: one file per writer (a lesson's kernel, the progress notebook, a terminal),
  one JSON line per attempt. A writer only ever appends to its own file, so several open lessons can
  record at the same time without a lock and without losing an attempt, and recording costs one
  short append, not a rewrite of the whole record. That also holds where file locks do not exist
  (the browser's file system).
- ``progress.json``: the single file that earlier versions of the course wrote (``{"version": 1,
  "attempts": [...]}``). It is still read, never written again. If it cannot be read it is moved
  aside with a warning (never deleted) and a lesson carries on.

- ``games/*.jsonl``: finished games of the launch simulator (lesson 13), one JSON line per game, kept the same
  way (one file per writer, append only) and apart from the quiz attempts, so they never count as answers.

A line cut short by a crash is skipped when reading (with a warning); the rest of its file still counts.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import threading
import time
import warnings
from collections import defaultdict
from pathlib import Path

FILE_NAME = "progress.json"
LOG_FOLDER = "attempts"
GAMES_FOLDER = "games"
FORMAT_VERSION = 2

# Lessons that were renumbered when new lessons joined the course: attempts recorded under the old
# name count for the lesson under its new name.
RENAMED: dict[str, str] = {}

_lock = threading.Lock()
_writer: dict[str, object] = {}  # this process's own log file, chosen at its first attempt


# In the browser version (Pyodide), /drive is the browser's own storage for this site's files: a folder there
# survives reloads and browser restarts, and is kept per browser and per site address.
BROWSER_HOME = Path("/drive/ailead-progress")


def home() -> Path:
    """The folder that holds the progress record."""
    env = os.environ.get("AILEAD_HOME")
    if env:
        return Path(env)
    if sys.platform == "emscripten":
        return BROWSER_HOME
    data = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(data) / "ailead"


def record_path() -> Path:
    """The single-file record of earlier course versions (read, never written)."""
    return home() / FILE_NAME


def log_dir() -> Path:
    """The folder of append-only attempt logs, one file per writer."""
    return home() / LOG_FOLDER


def _load_legacy(path: Path) -> list[dict]:
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
            stacklevel=3,
        )
        return []


def _load_logs(folder: Path) -> list[tuple[float, str, int, dict]]:
    found: list[tuple[float, str, int, dict]] = []
    damaged: list[str] = []
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.jsonl")):
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            damaged.append(f"{path.name} (unreadable)")
            continue
        for n, line in enumerate(lines):
            if not line.strip():
                continue
            try:
                attempt = json.loads(line)
                if not isinstance(attempt, dict):
                    raise ValueError("not a record")
            except ValueError:
                damaged.append(f"{path.name} line {n + 1}")
                continue
            found.append((float(attempt.get("t", 0) or 0), path.name, n, attempt))
    if damaged:
        warnings.warn(f"Skipped {len(damaged)} unreadable line(s) of your progress record in {folder} "
                      f"({', '.join(damaged[:3])}): an attempt cut short by a crash. The files are left as "
                      "they are; every other attempt counts.", UserWarning, stacklevel=3)
    return found


def load() -> list[dict]:
    """All recorded attempts, oldest first, from the old single file and every writer's log."""
    attempts = _load_legacy(record_path())
    # Each writer's lines are in order; across writers the precise time orders them.
    logged = sorted(_load_logs(log_dir()), key=lambda x: (x[0], x[1], x[2]))
    attempts = attempts + [a for *_, a in logged]
    for a in attempts:
        if a.get("lesson") in RENAMED:
            a["lesson"] = RENAMED[a["lesson"]]
    return attempts


def _own_log() -> Path:
    """This process's log file (a new one after a fork, or when $AILEAD_HOME changes)."""
    folder = log_dir()
    if _writer.get("pid") != os.getpid() or _writer.get("folder") != folder:
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{secrets.token_hex(4)}.jsonl"
        _writer.update(pid=os.getpid(), folder=folder, path=folder / name)
    return _writer["path"]  # type: ignore[return-value]


def _append(path: Path, record: dict) -> None:
    line = json.dumps(record, ensure_ascii=False, default=str) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    # One write of one whole line, in append mode: a crash can cut only this line short.
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()
        try:
            os.fsync(fh.fileno())
        except OSError:  # some file systems (the browser's) have nothing to sync
            pass


def games_dir() -> Path:
    """The folder of finished simulator games, one append-only file per writer."""
    return home() / GAMES_FOLDER


def record_game(game: dict) -> dict:
    """Append one finished launch-simulator game (:func:`ailead.sim.game_record`) to this writer's games log."""
    entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "t": round(time.time(), 6), **game}
    with _lock:
        _append(games_dir() / _own_log().name, entry)
    return entry


def load_games() -> list[dict]:
    """Every finished simulator game in the record, oldest first."""
    return [g for *_, g in sorted(_load_logs(games_dir()), key=lambda x: (x[0], x[1], x[2]))]


def record(lesson: str, question: str, correct: bool, answer: object = None, kind: str = "") -> dict:
    """Append one quiz attempt to this writer's log and return it."""
    attempt = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "t": round(time.time(), 6),
        "lesson": lesson,
        "question": question,
        "type": kind,
        "correct": bool(correct),
        "answer": answer,
    }
    with _lock:
        _append(_own_log(), attempt)
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
