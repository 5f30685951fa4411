"""`ailead export`: the course's grades, from nbgrader's gradebook, as files a learning platform imports.

One run writes every assignment at once, in up to three files:

``canvas-grades.csv``
    Canvas's gradebook import: the columns ``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID`` and
    ``Section``, one column per assignment, and a ``Points Possible`` row under the header. Canvas finds
    each student by ``ID`` (its user id), else ``SIS User ID``, else ``SIS Login ID``, else the name, and
    each assignment by its column title (a new title makes a new assignment). This is the layout of
    Canvas's own gradebook export, which its importer reads (``app/models/gradebook_importer.rb`` in
    instructure/canvas-lms).
``moodle-grades.csv``
    Moodle's "Import grades: CSV file": one identifier column, named after the roster column the
    instructor chooses (``--moodle-id email``; on the import page map it to "Email address", or to
    "Username", "ID number" or "User ID" for other columns), then one column per assignment. Moodle
    stops the whole import at the first row whose user it cannot find, so only students with that
    identifier are written; the others are reported.
``grades.csv``
    Plain CSV for everything else: one row per student and assignment, with the status and the reason
    for an empty score.

Students are matched to the learning platform by a roster CSV: an ``id`` column (the student id in the
gradebook) and the platform's identifiers (see :func:`read_roster`). A student in the gradebook but not
on the roster, and a roster student without a submission, are reported and never dropped without a
word. A cell is left empty when there is nothing to post: no submission, a submission that could not be
graded, or (unless ``--include-ungraded``) a written answer still waiting for its grader. Files are
written in a fixed order with fixed number formatting, so exporting again after a regrade changes
exactly the cells whose grades changed.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

FORMATS = ("canvas", "moodle", "plain")
FILES = {"canvas": "canvas-grades.csv", "moodle": "moodle-grades.csv", "plain": "grades.csv"}
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
# Roster columns with a meaning here; any other column is kept and can name Moodle's identifier.
ROSTER_KNOWN = ("id", "name", "first_name", "last_name", "email", "section", "canvas_id", "sis_user_id",
                "sis_login_id")
LMS_IDS = ("canvas_id", "sis_user_id", "sis_login_id")

# Statuses of one student's work on one assignment (the ledger of `ailead grade` adds its own, such as
# unreadable or wrong-assignment, for submissions that never reached the gradebook).
GRADED, NEEDS_GRADING, NO_SUBMISSION = "graded", "needs-grading", "no-submission"
NOT_GRADABLE = ("unreadable", "wrong-assignment", "kernel-died", "error")


class ExportError(ValueError):
    """Grades cannot be exported as asked; the message says what to fix."""


# --------------------------------------------------------------------------- the roster

@dataclass(frozen=True)
class RosterEntry:
    id: str                        # the student's id in the gradebook
    line: int                      # where it is in the roster file, for messages
    columns: dict = field(default_factory=dict, hash=False, compare=False)  # every column, by lower-case name

    def get(self, column: str) -> str:
        return self.columns.get(column, "")

    @property
    def name(self) -> str:
        """The name as Canvas shows it ("Last, First"), from `name` or the first and last names."""
        if self.get("name"):
            return self.get("name")
        first, last = self.get("first_name"), self.get("last_name")
        return ", ".join(p for p in (last, first) if p)


def _norm_id(raw: str) -> str:
    """Student ids as `ailead grade` makes them: lower case, other characters as dashes."""
    from ailead.instructor.submissions import ImportProblem, student_id

    try:
        return student_id(raw)
    except ImportProblem:
        return raw.strip().lower()


def read_roster(path: Path) -> list[RosterEntry]:
    """The roster's students, validated; errors name the file, the line and the column.

    Columns (a header line first; names are not case-sensitive):

    - ``id`` (required): the student's id in the gradebook (their login, or what ``ailead grade`` made
      of the submission's file name);
    - ``name`` or ``first_name`` and ``last_name``: the name, for Canvas's ``Student`` column;
    - ``canvas_id``, ``sis_user_id``, ``sis_login_id``, ``section``: Canvas's identifiers and section
      (one of the three identifiers is enough; without any, Canvas can match the student only by name);
    - any other column, such as ``email``, ``username`` or ``idnumber``: available as Moodle's
      identifier with ``--moodle-id COLUMN``.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ExportError(f"{path}: no such roster file") from None
    except UnicodeDecodeError:
        raise ExportError(f"{path}: not a text CSV file (save it as UTF-8 CSV)") from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    columns = [c.strip().lower() for c in header or []]
    if "id" not in columns:
        raise ExportError(f"{path}: the first line must name the columns, with at least `id` "
                          f"(found: {', '.join(columns) or 'nothing'}); see `ailead export --help`")
    twice = sorted({c for c in columns if c and columns.count(c) > 1})
    if twice:
        raise ExportError(f"{path}: the column(s) {', '.join(twice)} appear more than once")
    entries: list[RosterEntry] = []
    seen: dict[tuple[str, str], int] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(columns):
            raise ExportError(f"{path}, line {line}: {len(row)} values but only {len(columns)} columns "
                              "(a name with a comma needs quotes)")
        values = {c: (row[i].strip() if i < len(row) else "") for i, c in enumerate(columns) if c}
        if not values["id"]:
            raise ExportError(f"{path}, line {line}, column id: empty; every student needs the id the "
                              "gradebook knows them by")
        for column in ("id",) + LMS_IDS:
            value = _norm_id(values[column]) if column == "id" else values.get(column, "")
            if not value:
                continue
            if (column, value) in seen:
                raise ExportError(f"{path}, line {line}, column {column}: {values[column]!r} already appears "
                                  f"on line {seen[(column, value)]}")
            seen[(column, value)] = line
        entries.append(RosterEntry(values["id"], line, values))
    if not entries:
        raise ExportError(f"{path}: the roster lists no students")
    return entries


# --------------------------------------------------------------------------- the gradebook

@dataclass
class Mark:
    """One student's work on one assignment, as the gradebook (and the grading ledger) knows it."""

    status: str                       # graded, needs-grading, no-submission, or a ledger status
    score: float | None = None        # the gradebook's score (written answers not yet graded count 0)
    max_score: float = 0.0
    auto_score: float | None = None   # the automatically graded parts only
    parts: dict[str, float | None] = field(default_factory=dict)  # grade id -> score, None if not graded yet
    detail: str = ""                  # why, for a status that needs one


@dataclass
class Part:
    id: str
    points: float
    kind: str            # "auto" or "manual"


@dataclass
class Course:
    """The whole course's grades: every assignment, every student, every mark."""

    assignments: list[str]
    max_scores: dict[str, float]
    parts: dict[str, list[Part]]                   # assignment -> graded parts in notebook order
    names: dict[str, str]                          # student id -> "Last, First" from the gradebook
    marks: dict[tuple[str, str], Mark]             # (student, assignment) -> mark

    @property
    def students(self) -> list[str]:
        return sorted(self.names)

    def mark(self, student: str, assignment: str) -> Mark:
        return self.marks.get((student, assignment)) or Mark(NO_SUBMISSION, max_score=self.max_scores[assignment])


def course_db_url(course: Path) -> str:
    from ailead.instructor import grading

    try:
        return grading._db_url(course)
    except Exception as exc:  # a missing or broken nbgrader_config.py
        raise ExportError(f"cannot read the gradebook URL from {course / 'nbgrader_config.py'}: {exc}; "
                          "pass --db") from None


def _check_url(db_url: str) -> None:
    if db_url.startswith("sqlite:///"):
        path = Path(db_url.split("///", 1)[1])
        if not path.is_file():  # nbgrader would make a new, empty gradebook there
            raise ExportError(f"no gradebook at {path}; grade first (`ailead grade`), or pass --db with the "
                              "gradebook's URL")


def _ledger_statuses(course: Path | None, assignment: str) -> dict[str, tuple[str, str]]:
    """What `ailead grade` recorded per student: (status, detail)."""
    if course is None:
        return {}
    from ailead.instructor import grading

    path = grading.ledger_path(course, assignment)
    try:
        raw = json.loads(path.read_text())["results"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {s: (r.get("status", ""), r.get("detail", "")) for s, r in raw.items() if isinstance(r, dict)}


def _notebook_order(course: Path | None, assignment: str) -> dict[str, int]:
    """Grade id -> position in the released notebook (the gradebook keeps no order); empty if unknown."""
    from ailead.instructor import grading

    for root in ([course] if course else []) + [grading.REPO]:
        try:
            _, release = grading.release_notebook(root, assignment)
        except (grading.GradingError, OSError, ValueError):
            continue
        ids = [c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in release.cells]
        return {gid: i for i, gid in enumerate(ids) if gid}
    return {}


def read_course(db_url: str, course: Path | None = None, only: list[str] | None = None) -> Course:
    """Read every assignment's grades from nbgrader's gradebook (any SQLAlchemy URL).

    ``course`` (a course folder) adds the statuses `ailead grade` recorded, such as unreadable
    submissions, which never reach the gradebook.
    """
    from ailead.instructor.course import open_gradebook

    _check_url(db_url)
    names: dict[str, str] = {}
    marks: dict[tuple[str, str], Mark] = {}
    max_scores: dict[str, float] = {}
    parts: dict[str, list[Part]] = {}
    try:
        gb_context = open_gradebook(db_url)
    except Exception as exc:  # SQLAlchemy raises many kinds for a bad URL or an unreachable server
        raise ExportError(f"cannot open the gradebook {db_url}: {str(exc).splitlines()[0]}") from None
    with gb_context as gb:
        for s in gb.students:
            names[s.id] = ", ".join(p for p in (s.last_name, s.first_name) if p)
        known = [a.name for a in gb.assignments]
        unknown = [a for a in only or [] if a not in known]
        if unknown:
            raise ExportError(f"the gradebook has no assignment {', '.join(unknown)}; it has: "
                              f"{', '.join(sorted(known)) or 'none (generate or grade one first)'}")
        chosen = sorted(only or known)
        for name in chosen:
            assignment = gb.find_assignment(name)
            max_scores[name] = float(assignment.max_score or 0)
            cells = []
            order = _notebook_order(course, name)
            for nb in sorted(assignment.notebooks, key=lambda nb: nb.name):
                manual = {c.name for c in nb.solution_cells}
                for c in sorted(nb.grade_cells, key=lambda c: (order.get(c.name, len(order)), c.name)):
                    cells.append(Part(c.name, float(c.max_score or 0), "manual" if c.name in manual else "auto"))
            parts[name] = cells
            kinds = {p.id: p.kind for p in cells}
            for sub in gb.assignment_submissions(name):
                grades = [g for nb in sub.notebooks for g in nb.grades]
                found = {g.name: (None if g.needs_manual_grade else float(g.score)) for g in grades}
                # a grader's override of an automatic part counts (nbgrader's score: manual, else auto)
                auto = sum(float(g.score or 0) for g in grades if kinds.get(g.name) == "auto")
                status = NEEDS_GRADING if sub.needs_manual_grade else GRADED
                marks[(sub.student_id, name)] = Mark(status, float(sub.score), float(sub.max_score or 0), auto, found)
                names.setdefault(sub.student_id, "")
    for name in chosen:
        for student, (status, detail) in _ledger_statuses(course, name).items():
            mark = marks.get((student, name))
            if mark is None:  # handed in, but nothing reached the gradebook
                if status not in NOT_GRADABLE:
                    status, detail = "error", (f"recorded as {status or 'graded'} by `ailead grade` but not in this "
                                               f"gradebook (graded into another --db?) {detail}".strip())
                marks[(student, name)] = Mark(status, max_score=max_scores[name], detail=detail)
                names.setdefault(student, "")
            elif status in NOT_GRADABLE:
                mark.status, mark.detail = status, detail
            elif status and status != "ok":
                # Graded on the released tests (tampered), or stopped part-way (timeout): the gradebook's
                # score stands, with the reason to look at it.
                if mark.status == NEEDS_GRADING:
                    mark.detail = f"{status}: {detail}"
                else:
                    mark.status, mark.detail = status, detail
    return Course(chosen, max_scores, parts, names, marks)


# --------------------------------------------------------------------------- building the files

def num(value: float) -> str:
    """A score as the files show it: up to six decimals, no trailing zeros (7.5, 8, 0.333333)."""
    text = f"{round(value, 6):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def postable(mark: Mark, include_ungraded: bool = False) -> str:
    """What goes into a learning platform's cell: the score, or empty when there is none to post."""
    if mark.score is None or mark.status == NO_SUBMISSION or mark.status in NOT_GRADABLE:
        return ""
    if mark.status == NEEDS_GRADING and not include_ungraded:
        return ""
    return num(mark.score)


@dataclass
class Export:
    """The files' contents and what the instructor must be told."""

    files: dict[str, str] = field(default_factory=dict)         # format -> CSV text
    notes: list[str] = field(default_factory=list)              # one line each, for the terminal and report

    @property
    def problems(self) -> bool:
        return bool(self.notes)


def _match(roster: list[RosterEntry], course: Course) -> tuple[dict[str, str], list[RosterEntry]]:
    """Roster entry id -> gradebook student id, and the roster entries the gradebook has never seen."""
    by_norm = {_norm_id(s): s for s in course.students}
    matched, unseen = {}, []
    for entry in roster:
        sid = entry.id if entry.id in course.names else by_norm.get(_norm_id(entry.id))
        if sid is None:
            unseen.append(entry)
            sid = _norm_id(entry.id)
        matched[entry.id] = sid
    return matched, unseen


def build(course: Course, roster: list[RosterEntry] | None, formats: tuple[str, ...] = FORMATS,
          moodle_id: str | None = None, include_ungraded: bool = False) -> Export:
    """Every requested file's text, and notes on every student or cell that needs the instructor's eye."""
    out = Export()
    A = course.assignments
    roster = roster or []
    if not A:
        raise ExportError("the gradebook has no assignments yet; generate or grade one first")
    if ("canvas" in formats or "moodle" in formats) and not roster:
        raise ExportError("the Canvas and Moodle files need a roster with the students' identifiers "
                          "(--roster); for the plain CSV alone pass --format plain")
    if "moodle" in formats:
        if not moodle_id:
            raise ExportError("name the roster column that identifies students in Moodle with --moodle-id "
                              "(for example email, username or idnumber)")
        if not any(moodle_id.lower() in e.columns for e in roster[:1]):
            have = ", ".join(c for c in roster[0].columns if c)
            raise ExportError(f"the roster has no column {moodle_id!r} for Moodle's identifier (it has: {have})")

    matched, unseen = _match(roster, course)
    on_roster = set(matched.values())
    entry_of = {matched[e.id]: e for e in roster}

    # Who is where: gradebook students with work but no roster line, and roster students without work.
    with_work = sorted({s for (s, _a) in course.marks})
    if roster:
        for student in with_work:
            if student not in on_roster:
                handed = [a for a in A if (student, a) in course.marks]
                out.notes.append(f"not on the roster: {student} has work for {', '.join(handed)}; it is in "
                                 "grades.csv but not in the learning-platform files (add them to the roster)")
        for student in sorted(set(course.names) - set(with_work) - on_roster):
            out.notes.append(f"in the gradebook only: {student} has no work and is not on the roster; left out")
        for entry in roster:
            if all(course.mark(matched[entry.id], a).status == NO_SUBMISSION for a in A):
                out.notes.append(f"no submissions at all: {entry.id} (roster line {entry.line}); their cells are "
                                 "empty")
    idle = {e.id for e in roster if all(course.mark(matched[e.id], a).status == NO_SUBMISSION for a in A)}
    for a in A:
        missing = [e.id for e in roster if e.id not in idle and course.mark(matched[e.id], a).status == NO_SUBMISSION]
        if missing:
            out.notes.append(f"no submission for {a}: {', '.join(missing)} (cells empty)")
        waiting = sorted(s for (s, b), m in course.marks.items() if b == a and m.status == NEEDS_GRADING)
        if waiting:
            where = ("posted with the automatic parts only" if include_ungraded else
                     "cells empty until graded; --include-ungraded posts the automatic parts")
            out.notes.append(f"waiting for a grader on {a}: {', '.join(waiting)} ({where})")
    for (student, a), m in sorted(course.marks.items()):
        if m.status in NOT_GRADABLE:
            out.notes.append(f"not gradable: {student} on {a} is {m.status} ({m.detail or 'no detail'}); cell "
                             "empty, see the grading report")
        elif m.status not in (GRADED, NEEDS_GRADING):
            out.notes.append(f"check: {student} on {a} is {m.status} ({m.detail}); the gradebook's score is posted")
        elif m.detail:
            out.notes.append(f"check: {student} on {a}: {m.detail}")

    if "canvas" in formats:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow([*CANVAS_COLUMNS, *A])
        w.writerow(["Points Possible", "", "", "", "", *(num(course.max_scores[a]) for a in A)])
        for entry in roster:
            sid = matched[entry.id]
            if not any(entry.get(c) for c in LMS_IDS):
                out.notes.append(f"Canvas: {entry.id} has no canvas_id, sis_user_id or sis_login_id; Canvas will "
                                 f"match them by name only ({entry.name or course.names.get(sid) or entry.id!r})")
            w.writerow([entry.name or course.names.get(sid) or entry.id, entry.get("canvas_id"),
                        entry.get("sis_user_id"), entry.get("sis_login_id"), entry.get("section"),
                        *(postable(course.mark(sid, a), include_ungraded) for a in A)])
        out.files["canvas"] = buf.getvalue()

    if "moodle" in formats:
        column = moodle_id.lower()
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow([column, *A])
        for entry in roster:
            sid = matched[entry.id]
            if not entry.get(column):
                out.notes.append(f"Moodle: {entry.id} (roster line {entry.line}) has no {column}; left out of the "
                                 "Moodle file (Moodle stops the whole import at a user it cannot find)")
                continue
            w.writerow([entry.get(column), *(postable(course.mark(sid, a), include_ungraded) for a in A)])
        out.files["moodle"] = buf.getvalue()

    if "plain" in formats:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["student", "name", "section", "on_roster", "assignment", "status", "score", "max_score",
                    "posted", "detail"])
        everyone = sorted(set(with_work) | on_roster | (set() if roster else set(course.names)))
        for student in everyone:
            entry = entry_of.get(student)
            name = (entry.name if entry else "") or course.names.get(student, "")
            for a in A:
                m = course.mark(student, a)
                w.writerow([student, name, entry.get("section") if entry else "", "yes" if entry else "no", a,
                            m.status, "" if m.score is None else num(m.score), num(course.max_scores[a]),
                            postable(m, include_ungraded), m.detail])
        out.files["plain"] = buf.getvalue()
    return out


def write(export: Export, folder: Path) -> dict[str, Path]:
    """Write the files (atomically, so a reader never sees half a file) and the report; return the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    contents = {FILES[f]: text for f, text in export.files.items()}
    contents["export-report.txt"] = "".join(f"{n}\n" for n in export.notes) or "Nothing to report.\n"
    for name, text in contents.items():
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, folder / name)
        written[name] = folder / name
    return written


# --------------------------------------------------------------------------- command line

def _course_folder(arg: str | None) -> Path:
    from ailead.instructor import grading

    here = Path.cwd()
    if arg:
        return Path(arg).resolve()
    return here if (here / "nbgrader_config.py").exists() else grading.REPO


def add_parser(sub) -> argparse.ArgumentParser:
    """`ailead export`: add the subcommand to the `ailead` command's subparsers."""
    p = sub.add_parser(
        "export", help="instructors: write the grades of every assignment for Canvas, Moodle or as plain CSV",
        description="Read every assignment's grades from nbgrader's gradebook and write a Canvas gradebook "
                    "import (canvas-grades.csv), a Moodle grade import (moodle-grades.csv) and a plain CSV "
                    "(grades.csv), plus export-report.txt listing every student or cell that needs a look. "
                    "Students are matched by a roster CSV with the columns id (the gradebook's student id) and "
                    "any of name, first_name, last_name, section, canvas_id, sis_user_id, sis_login_id and "
                    "other identifiers such as email or username (for --moodle-id). Empty cells mean: nothing "
                    "to post yet (no submission, not gradable, or a written answer waiting for its grader).")
    p.add_argument("--roster", help="roster CSV with the students' learning-platform identifiers")
    p.add_argument("--course", help="the course folder (default: the current folder if it is one, else this "
                                    "repository); gives the gradebook URL and the grading statuses")
    p.add_argument("--db", help="gradebook SQLAlchemy URL (default: the course's nbgrader_config.py)")
    p.add_argument("--out", help="where the files go (default: grading/exports/ in the course folder)")
    p.add_argument("--format", action="append", choices=FORMATS,
                   help="which file to write (repeatable; default: all three, Moodle's if --moodle-id is given)")
    p.add_argument("--moodle-id", metavar="COLUMN",
                   help="the roster column that identifies students in Moodle, e.g. email, username, idnumber")
    p.add_argument("--assignment", action="append", metavar="NAME",
                   help="export only this assignment (repeatable; default: every assignment in the gradebook)")
    p.add_argument("--include-ungraded", action="store_true",
                   help="post scores of submissions whose written answer is not graded yet (automatic parts only)")
    p.add_argument("--strict", action="store_true", help="exit 1 when anything is reported")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    course = _course_folder(args.course)
    has_config = (course / "nbgrader_config.py").exists()
    formats = tuple(args.format or [f for f in FORMATS if f != "moodle" or args.moodle_id])
    try:
        db_url = args.db or (course_db_url(course) if has_config else None)
        if not db_url:
            raise ExportError(f"{course} is not a course folder (no nbgrader_config.py); pass --course or --db")
        roster = read_roster(Path(args.roster)) if args.roster else None
        data = read_course(db_url, course if has_config else None, args.assignment)
        export = build(data, roster, formats, args.moodle_id, args.include_ungraded)
    except ExportError as exc:
        print(f"ailead export: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else course / "grading" / "exports"
    paths = write(export, out)
    for fmt in formats:
        print(f"{fmt:>6}: {paths[FILES[fmt]]}")
    if not args.format and not args.moodle_id:
        print("        (no Moodle file: pass --moodle-id COLUMN to write one)")
    print(f"{len(data.assignments)} assignment(s), {len(data.students)} student(s) in the gradebook.")
    if export.notes:
        print(f"{len(export.notes)} thing(s) to check (also in {paths['export-report.txt']}):", file=sys.stderr)
        for note in export.notes:
            print(f"  {note}", file=sys.stderr)
    return 1 if args.strict and export.problems else 0
