"""Seeding a cohort's course on a shared server: the course folder, the roster, and a first release.

An instructor (or the grader account of a JupyterHub, see deploy/jupyterhub/) runs::

    ailead cohort seed --course /srv/nbgrader/ailead --roster roster.csv --release 01-two-roles-one-product

which makes the course folder (the exercise sources and the released versions, and an
``nbgrader_config.py`` that points at the gradebook), imports the roster into the gradebook, and
releases the exercise to nbgrader's exchange, where students fetch it. Every step can run again:
an existing course config is kept, known students are updated, a released exercise is re-released.

The roster is nbgrader's CSV format: an ``id`` column (the login name) and optional ``first_name``,
``last_name`` and ``email``.
"""

from __future__ import annotations

import csv
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ailead.instructor import grading

ROSTER_COLUMNS = ("id", "first_name", "last_name", "email")
# Login names on the machines we support: what useradd accepts by default, and what nbgrader can
# use as a folder name.
LOGIN = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")

# Appended to the course's own nbgrader_config.py (same folder layout, stubs and timeouts): what is
# particular to one cohort's server.
COHORT_SETTINGS = '''
# This cohort's settings, written by `ailead cohort seed`.
c.CourseDirectory.course_id = {course_id!r}
# The gradebook. For PostgreSQL name the driver: postgresql+psycopg2://USER:PASSWORD@HOST/DB
c.CourseDirectory.db_url = {db_url!r}
{exchange}'''


class CohortError(ValueError):
    """A cohort cannot be seeded as asked; the message says what to fix."""


@dataclass(frozen=True)
class Student:
    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""


def read_roster(path: Path) -> list[Student]:
    """The students of a roster CSV, validated; errors name the file, the line and the column."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CohortError(f"{path}: no such roster file") from None
    except UnicodeDecodeError:
        raise CohortError(f"{path}: not a text CSV file (save it as UTF-8 CSV)") from None
    reader = csv.DictReader(text.splitlines())
    columns = [c.strip() for c in reader.fieldnames or []]
    if "id" not in columns:
        raise CohortError(f"{path}: the first line must name the columns, with at least `id` "
                          f"(found: {', '.join(columns) or 'nothing'}); optional: first_name, last_name, email")
    unknown = [c for c in columns if c not in ROSTER_COLUMNS]
    if unknown:
        raise CohortError(f"{path}: unknown column(s) {', '.join(unknown)}; allowed: {', '.join(ROSTER_COLUMNS)}")
    students: list[Student] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        if not any(row.values()):
            continue
        sid = row.get("id", "")
        if not LOGIN.match(sid):
            raise CohortError(f"{path}, line {line}, column id: {sid!r} is not a login name "
                              "(lower-case letters, digits, - and _, starting with a letter, at most 32)")
        if sid in seen:
            raise CohortError(f"{path}, line {line}, column id: {sid!r} already appears on line {seen[sid]}")
        seen[sid] = line
        students.append(Student(**{k: row.get(k, "") for k in ROSTER_COLUMNS}))
    if not students:
        raise CohortError(f"{path}: the roster lists no students")
    return students


def create_course(course: Path, db_url: str, *, course_id: str = "ailead", exchange_root: str | None = None) -> Path:
    """Make (or refresh) a course folder: exercise sources, released versions, and its nbgrader config.

    The sources are copied from this course's solutions/ every time, so a new term picks up fixes;
    an existing nbgrader_config.py is kept (the instructor may have edited it).
    """
    course = Path(course)
    course.mkdir(parents=True, exist_ok=True)
    for name in grading.assignments():
        for folder in (grading.SOLUTIONS, grading.EXERCISES):
            target = course / folder.name / name
            shutil.copytree(folder / name, target, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    (course / "grading").mkdir(exist_ok=True)
    config = course / "nbgrader_config.py"
    if not config.exists():
        exchange = f"c.Exchange.root = {exchange_root!r}\n" if exchange_root else ""
        config.write_text(grading.CONFIG.read_text()
                          + COHORT_SETTINGS.format(course_id=course_id, db_url=db_url, exchange=exchange))
        # The gradebook URL may hold a password.
        config.chmod(0o600)
    return course


def import_roster(db_url: str, students: list[Student]) -> tuple[int, int]:
    """Add or update each student in the gradebook; return (added, updated)."""
    from nbgrader.api import MissingEntry

    added = updated = 0
    with grading.open_gradebook(db_url) as gb:
        for s in students:
            try:
                gb.find_student(s.id)
                updated += 1
            except MissingEntry:
                added += 1
            gb.update_or_create_student(s.id, first_name=s.first_name or None, last_name=s.last_name or None,
                                        email=s.email or None)
    return added, updated


def release(course: Path, assignment: str) -> None:
    """Register an exercise in the gradebook and release it to the exchange for students to fetch."""
    if assignment not in grading.assignments():
        raise CohortError(f"no exercise named {assignment!r}; known: {', '.join(grading.assignments())}")
    grading.ensure_in_gradebook(course, assignment)
    grading.run_nbgrader(course, "release_assignment", assignment, "--force")


def seed(course: Path, roster: Path, db_url: str | None, assignments: list[str], *,
         course_id: str = "ailead", exchange_root: str | None = None, echo=print) -> None:
    """Create the course, import the roster and release the given exercises."""
    students = read_roster(roster)
    unknown = [a for a in assignments if a not in grading.assignments()]
    if unknown:
        raise CohortError(f"no exercise named {', '.join(unknown)}; known: {', '.join(grading.assignments())}")
    course = Path(course)
    if db_url is None:
        if not (course / "nbgrader_config.py").exists():
            raise CohortError("pass --db with the gradebook URL (for example "
                              "postgresql+psycopg2://ailead:PASSWORD@127.0.0.1/ailead_gradebook)")
    create_course(course, db_url or "", course_id=course_id, exchange_root=exchange_root)
    url = grading._db_url(course)
    if db_url and url != db_url:
        raise CohortError(f"{course / 'nbgrader_config.py'} already names another gradebook; edit its "
                          "CourseDirectory.db_url there, or leave out --db to use it")
    echo(f"Course folder: {course}")
    added, updated = import_roster(url, students)
    echo(f"Roster: {added} student(s) added, {updated} updated ({len(students)} on the roster).")
    for name in assignments:
        release(course, name)
        echo(f"Released {name}: students can fetch it now.")
