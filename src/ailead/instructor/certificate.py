"""Completion records: a one-page PDF of what a learner completed, from their own record or from a gradebook.

- **Self-paced** (``ailead progress --certificate NAME``): lessons completed come from the learner's local
  progress record (every quiz question of a lesson solved, as the progress dashboard counts it), exercise and
  final-assessment scores from the results ``ailead check`` recorded beside it (``checks/*.jsonl`` in the same
  folder; see :func:`record_check`). The page says plainly that it is self-reported.
- **Cohorts** (``ailead certificates --gradebook URL --out DIR``): the instructor issues the same page from
  nbgrader's gradebook for every student whose final-assessment score meets the pass mark. The page says it was
  issued from the course's gradebook.

The PDF is drawn with matplotlib's PDF backend with its text as real text (fonts embedded, with a Unicode
map), so it can be searched, copied and read aloud. The progress record is only read here.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ailead import dashboard, progress

FINAL = "15-final-assessment"
PASS_MARK = 0.7  # the final assessment's pass mark (assets/final/questions.yml; checked by tests/test_certificate.py)
CHECKS_FOLDER = "checks"
PAGE_SIZES = {"a4": (8.27, 11.69), "letter": (8.5, 11.0)}
SELF_REPORTED = ("Self-reported: this record was made on the learner's own computer from their quiz attempts and "
                 "their own runs of `ailead check`. No instructor has verified it. It is not a grade, unless "
                 "issued by an instructor.")
ISSUED = ("Issued by the instructor from the course's gradebook: scores are those the instructor's grader "
          "recorded for the submitted notebooks; written answers count once a person has graded them.")


@dataclass
class Score:
    """One exercise's score: points earned of points possible, and when."""

    score: float
    max_score: float
    when: str = ""

    @property
    def share(self) -> float:
        return round(self.score / self.max_score, 6) if self.max_score else 0.0


@dataclass
class Record:
    """What a completion page shows."""

    name: str
    date: str
    lessons: list[tuple[str, str, bool]] = field(default_factory=list)  # (lesson, label, completed)
    exercises: dict[str, Score] = field(default_factory=dict)
    final: Score | None = None  # the final assessment's automatically marked questions
    final_written: Score | None = None  # its written answer, once graded (gradebook only)
    issued_by_instructor: bool = False
    course: str = "AI Product vs AI Engineering Leadership"

    @property
    def passed(self) -> bool | None:
        return None if self.final is None else self.final.share >= PASS_MARK

    @property
    def lessons_completed(self) -> list[tuple[str, str]]:
        return [(lesson, label) for lesson, label, done in self.lessons if done]


# --------------------------------------------------------------------------- the learner's own record

def checks_dir(home: Path | None = None) -> Path:
    return (home or progress.home()) / CHECKS_FOLDER


def record_check(assignment: str, score: float, max_score: float, home: Path | None = None) -> dict:
    """Append one `ailead check` result (automatic points) to the learner's record, in a log of this process's own."""
    entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "t": round(time.time(), 6), "assignment": assignment,
             "score": float(score), "max_score": float(max_score)}
    folder = checks_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.jsonl"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry) + "\n")
    return entry


def load_checks(home: Path | None = None) -> list[dict]:
    """Every recorded check, oldest first; unreadable lines are skipped."""
    found = []
    folder = checks_dir(home)
    for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else ():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                entry = json.loads(line)
                found.append(entry if isinstance(entry, dict) and "assignment" in entry else None)
            except ValueError:
                continue
    return sorted((e for e in found if e), key=lambda e: float(e.get("t", 0) or 0))


def local_record(name: str, attempts: list[dict] | None = None, checks: list[dict] | None = None,
                 today: str | None = None) -> Record:
    """A learner's record from their progress record and checks (defaults: their own, read from disk)."""
    board = dashboard.build(attempts=attempts)
    lessons = [(lp.lesson, lp.label, lp.finished) for lp in board.lessons]
    latest: dict[str, Score] = {}
    for entry in load_checks() if checks is None else checks:
        latest[entry["assignment"]] = Score(float(entry["score"]), float(entry["max_score"]),
                                            str(entry.get("time", ""))[:10])
    final = latest.pop(FINAL, None)
    return Record(name=name, date=today or time.strftime("%Y-%m-%d"), lessons=lessons, exercises=latest,
                  final=final)


# --------------------------------------------------------------------------- a cohort's gradebook

def gradebook_records(db_url: str, today: str | None = None) -> list[Record]:
    """A record for every student in the gradebook who submitted the final assessment (passed or not)."""
    from ailead.instructor.course import open_gradebook

    records = []
    with open_gradebook(db_url) as gb:
        names = {a.name for a in gb.assignments}
        for student in gb.students:
            full = " ".join(p for p in (student.first_name, student.last_name) if p) or student.id
            record = Record(name=full, date=today or time.strftime("%Y-%m-%d"), issued_by_instructor=True)
            for assignment in sorted(names):
                try:
                    sub = gb.find_submission(assignment, student.id)
                except Exception:  # nbgrader's MissingEntry: not submitted
                    continue
                grades = [g for nb in sub.notebooks for g in nb.grades]
                when = str(sub.timestamp or "")[:10]
                if assignment == FINAL:
                    auto = [g for g in grades if g.cell.cell_type == "code"]
                    written = [g for g in grades if g.cell.cell_type != "code"]
                    record.final = Score(sum(g.score or 0 for g in auto), sum(g.max_score for g in auto), when)
                    if written and not any(g.needs_manual_grade for g in written):
                        record.final_written = Score(sum(g.score or 0 for g in written),
                                                     sum(g.max_score for g in written), when)
                else:
                    record.exercises[assignment] = Score(sub.score or 0, sub.max_score, when)
            if record.final is not None:
                records.append(record)
    return records


# --------------------------------------------------------------------------- the page

def _lines(record: Record) -> list[tuple[str, str]]:
    """The page's text, top to bottom, as (style, text)."""
    out = [("title", "Record of completion"), ("subtitle", record.course), ("gap", ""),
           ("big", record.name), ("text", f"Date: {record.date}"), ("gap", "")]
    done = record.lessons_completed
    if record.lessons:
        out.append(("head", f"Lessons completed: {len(done)} of {len(record.lessons)}"))
        out += [("text", f"{lesson[:2]}  {label}") for lesson, label in done] or [("text", "none recorded yet")]
    else:
        out.append(("head", "Lessons: not recorded by the gradebook (see the exercises below)"))
    out.append(("gap", ""))
    out.append(("head", f"Exercises: {len(record.exercises)} with a score"))
    out += [("text", f"{name}  {s.score:g} of {s.max_score:g} points ({s.share:.0%})"
                     + (f", {s.when}" if s.when else "")) for name, s in sorted(record.exercises.items())]
    if not record.exercises:
        out.append(("text", "none recorded yet"))
    out.append(("gap", ""))
    out.append(("head", "Final assessment"))
    if record.final is None:
        out.append(("text", "not taken yet"))
    else:
        verdict = "passed" if record.passed else "not yet passed"
        out.append(("text", f"{record.final.score:g} of {record.final.max_score:g} questions right "
                            f"({record.final.share:.0%}); pass mark {PASS_MARK:.0%}: {verdict}"))
        if record.final_written is not None:
            out.append(("text", f"Written answer: {record.final_written.score:g} of "
                                f"{record.final_written.max_score:g} points"))
    out += [("gap", ""), ("note", ISSUED if record.issued_by_instructor else SELF_REPORTED)]
    return out


STYLE = {"title": (20, "bold"), "subtitle": (12, "normal"), "big": (16, "bold"), "head": (11, "bold"),
         "text": (9.5, "normal"), "note": (9, "normal"), "gap": (6, "normal")}


def write_pdf(record: Record, path: Path, paper: str = "a4") -> Path:
    """Write the one-page record as a PDF with real (extractable) text, black on white."""
    import textwrap

    from matplotlib.backends.backend_pdf import FigureCanvasPdf
    from matplotlib.figure import Figure

    width, height = PAGE_SIZES[paper]
    fig = Figure(figsize=(width, height))
    FigureCanvasPdf(fig)
    y = 1 - 0.8 / height
    left = 0.8 / width
    for style, text in _lines(record):
        size, weight = STYLE[style]
        wrap = 95 if style == "note" else 85
        for line in textwrap.wrap(text, wrap) or [""]:
            if style != "gap":
                fig.text(left, y, line, fontsize=size, fontweight=weight, color="black", va="top")
            y -= size * 1.45 / 72 / height
    fig.text(left, 0.5 / height, f"Generated by ailead on {record.date}.", fontsize=7, color="#444444")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="pdf", metadata={"Title": f"Record of completion: {record.name}",
                                              "Creator": "ailead"})
    return path


def slug(name: str) -> str:
    """A file-name-safe form of a name: "Ada Lovelace" gives "ada-lovelace"."""
    return re.sub(r"[^\w]+", "-", name.casefold()).strip("-") or "learner"


# --------------------------------------------------------------------------- commands

def add_progress_options(parser: argparse.ArgumentParser) -> None:
    """Options of `ailead progress` for the self-paced record."""
    parser.add_argument("--certificate", metavar="NAME",
                        help="write your one-page record of completion (a PDF) under this name")
    parser.add_argument("--out", help="where the PDF goes (default: ./record-of-completion-NAME.pdf)")
    parser.add_argument("--paper", choices=sorted(PAGE_SIZES), default="a4", help="page size (default: a4)")


def run_progress(args: argparse.Namespace) -> int:
    """`ailead progress --certificate NAME`: write the learner's self-reported record."""
    record = local_record(args.certificate)
    out = Path(args.out) if args.out else Path.cwd() / f"record-of-completion-{slug(record.name)}.pdf"
    write_pdf(record, out, args.paper)
    final = "not taken" if record.final is None else f"{record.final.score:g}/{record.final.max_score:g}"
    print(f"Wrote {out}: {len(record.lessons_completed)} lessons completed, {len(record.exercises)} exercises "
          f"with a score, final assessment {final}. It says it is self-reported.")
    return 0


def add_parser(sub) -> argparse.ArgumentParser:
    """`ailead certificates`: the instructor's command, added to the CLI's subcommands."""
    parser = sub.add_parser("certificates", help="instructors: a record of completion for each student who passed",
                            description="Write a one-page PDF record for every student in the gradebook whose "
                                        f"final-assessment score meets the pass mark ({PASS_MARK:.0%}).")
    parser.add_argument("--gradebook", required=True, help="gradebook URL, e.g. sqlite:///grading/gradebook.db")
    parser.add_argument("--out", required=True, help="folder for the PDFs")
    parser.add_argument("--paper", choices=sorted(PAGE_SIZES), default="a4", help="page size (default: a4)")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    records = gradebook_records(args.gradebook)
    out = Path(args.out)
    written = 0
    for record in records:
        if record.passed:
            path = write_pdf(record, out / f"record-of-completion-{slug(record.name)}.pdf", args.paper)
            print(path)
            written += 1
    print(f"{written} record(s) written for {len(records)} student(s) who took the final assessment; "
          f"{len(records) - written} below the pass mark get none.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ailead.instructor.certificate")
    sub = parser.add_subparsers(dest="command", required=True)
    add_parser(sub)
    local = sub.add_parser("progress")
    add_progress_options(local)
    local.set_defaults(func=run_progress)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
