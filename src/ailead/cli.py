"""The `ailead` command: the learner's working copy and progress, checking an exercise, and the
instructor's grading loop (generate, grade, feedback) on top of nbgrader."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ailead import __version__


def _workspace(args: argparse.Namespace) -> int:
    from ailead import workspace

    report = workspace.sync(Path(args.dest) if args.dest else workspace.DEFAULT_DEST)
    for line in report.lines():
        print(line)
    return 0


def _progress(args: argparse.Namespace) -> int:
    from ailead import progress

    summary = progress.summary()
    if not summary:
        print(f"No quiz attempts recorded yet (record: {progress.record_path()}).")
        return 0
    print(f"{'lesson':34} {'tried':>5} {'solved':>6} {'first try':>9} {'attempts':>8}")
    for lesson, s in summary.items():
        print(f"{lesson:34} {s['attempted']:5} {s['solved']:6} {s['first_try']:9} {s['attempts']:8}")
    return 0


def _coverage(args: argparse.Namespace) -> int:
    from ailead import coverage

    report = coverage.check()
    total = len(report.complete) + len(report.untaught) + len(report.half_done)
    print(f"{len(report.complete)} of {total} seed ideas are taught and assessed.")
    if report.half_done:
        print("Taught but not assessed, or assessed but not taught: " + ", ".join(report.half_done))
    if report.untaught:
        print("Not yet in any lesson: " + ", ".join(report.untaught))
    for error in report.errors:
        print("Broken reference: " + error)
    return 1 if report.errors or report.half_done else 0


def _course(args: argparse.Namespace) -> Path:
    from ailead import grading

    course = Path(args.course).resolve() if args.course else grading.REPO
    if not (course / "nbgrader_config.py").exists():
        raise SystemExit(f"{course} is not a course folder (no nbgrader_config.py); pass --course")
    return course


def _generate(args: argparse.Namespace) -> int:
    from ailead import grading

    course = _course(args)
    for name in args.assignment or grading.assignments():
        grading.generate(course, name)
        print(f"Generated exercises/{name}/ from solutions/{name}/.")
    return 0


def _grade(args: argparse.Namespace) -> int:
    from ailead import grading, reports, submissions

    course = _course(args)
    try:
        results = grading.grade_cohort(
            course, args.assignment, Path(args.source), workers=args.workers, budget=args.timeout,
            cell_timeout=args.cell_timeout, db_url=args.db, pattern=args.pattern, force=args.force,
            sandbox=not args.no_sandbox,
            echo=lambda *a, **k: print(*a, **k, file=sys.stderr))
    except (submissions.ImportProblem, grading.GradingError) as exc:
        print(f"ailead grade: {exc}", file=sys.stderr)
        return 2
    _, release = grading.release_notebook(course, args.assignment)
    parts = reports.graded_parts(release)
    out = Path(args.out) if args.out else course / "grading" / "reports" / args.assignment
    csv_path = reports.write_csv(results, parts, out / "grades.csv")
    fig_path = reports.summary_figure(results, parts, args.assignment, out / "summary.png")
    description = reports.alt_text(results, parts)
    (out / "summary.txt").write_text(description + "\n")
    print(f"Grades: {csv_path}")
    print(f"Summary figure: {fig_path} ({description})")
    bad = {s: r for s, r in results.items() if r.status != "ok"}
    for student, r in sorted(bad.items()):
        print(f"  {student}: {r.status}: {r.detail}")
    return 0


def _feedback(args: argparse.Namespace) -> int:
    from ailead import grading

    course = _course(args)
    try:
        written = grading.write_feedback(course, args.assignment)
    except grading.GradingError as exc:
        print(f"ailead feedback: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    print(f"{len(written)} feedback page(s) written; they show test messages, never test code.")
    return 0


def _check(args: argparse.Namespace) -> int:
    from ailead import check

    path = Path(args.notebook)
    if not path.exists():
        print(f"ailead check: {path} does not exist. Save your notebook first, then pass its path.")
        return 2
    return check.check(path, args.assignment, budget=args.timeout)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ailead",
        description="Tools for the course 'AI Product vs AI Engineering Leadership'.",
    )
    parser.add_argument("--version", action="version", version=f"ailead {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ws = sub.add_parser("workspace", help="create or update your working copy of the lessons (my-work/)",
                        description="Copy the lessons and exercises into your working copy. New course "
                                    "files are added; files you changed are never overwritten.")
    ws.add_argument("--dest", help="where the working copy lives (default: my-work/ in the course folder)")
    ws.set_defaults(func=_workspace)

    pr = sub.add_parser("progress", help="show your quiz progress per lesson",
                        description="Summarise the quiz attempts in your local progress record.")
    pr.set_defaults(func=_progress)

    cov = sub.add_parser("coverage", help="show which curriculum ideas are taught and assessed where (authors)",
                         description="Check assets/coverage.yml: every reference must exist; lists the "
                                     "ideas no lesson covers yet. Exits 1 on a broken or half-done entry.")
    cov.set_defaults(func=_coverage)

    ck = sub.add_parser("check", help="grade your own copy of an exercise with all its tests (self-paced)",
                        description="Grade a copy of your exercise notebook with every test, hidden ones "
                                    "included, and print each part's result. Your file is never changed.")
    ck.add_argument("notebook", help="your exercise notebook, e.g. my-work/exercises/01-.../01-....ipynb")
    ck.add_argument("--assignment", help="the exercise name (default: worked out from the notebook)")
    ck.add_argument("--timeout", type=float, default=300, help="seconds allowed for the whole notebook")
    ck.set_defaults(func=_check)

    gen = sub.add_parser("generate", help="instructors: regenerate exercises/ from solutions/ with nbgrader",
                         description="Run nbgrader generate_assignment for the named exercises (default all).")
    gen.add_argument("assignment", nargs="*")
    gen.add_argument("--course", help="the course folder (default: this repository)")
    gen.set_defaults(func=_generate)

    gr = sub.add_parser("grade", help="instructors: import and autograde a cohort's submissions in parallel",
                        description="Import submissions (a folder or zip: an LMS download where the file name "
                                    "starts with the student id, or nbgrader's STUDENT/ASSIGNMENT/ layout), "
                                    "check each against the released notebook, autograde them in parallel, "
                                    "and write grades.csv and a summary figure. Every submission gets a "
                                    "status: ok, unreadable, wrong-assignment, tampered, timeout, "
                                    "kernel-died or error. Re-running skips unchanged submissions.")
    gr.add_argument("assignment", help="the exercise name, e.g. 01-two-roles-one-product")
    gr.add_argument("--from", dest="source", required=True, help="folder or .zip of submissions")
    gr.add_argument("--course", help="the course folder (default: this repository)")
    gr.add_argument("--workers", type=int, help="parallel workers (default: one per core)")
    gr.add_argument("--timeout", type=float, default=300, help="seconds allowed per notebook (default 300)")
    gr.add_argument("--cell-timeout", type=int, help="seconds allowed per cell (default: nbgrader_config.py)")
    gr.add_argument("--db", help="gradebook SQLAlchemy URL (default: grading/gradebook.db)")
    gr.add_argument("--pattern", help="regex with a 'student' group, matched against file names")
    gr.add_argument("--force", action="store_true", help="regrade submissions that have not changed")
    gr.add_argument("--no-sandbox", action="store_true",
                    help="run student code WITHOUT the bubblewrap sandbox (it can then read solutions and the "
                         "gradebook); only where bubblewrap cannot run")
    gr.add_argument("--out", help="where grades.csv and summary.png go (default: grading/reports/ASSIGNMENT)")
    gr.set_defaults(func=_grade)

    fb = sub.add_parser("feedback", help="instructors: write each student's HTML feedback (no test code)",
                        description="Write one HTML page per graded student saying which part failed and "
                                    "why, using the tests' messages and your comments, never test code.")
    fb.add_argument("assignment")
    fb.add_argument("--course", help="the course folder (default: this repository)")
    fb.set_defaults(func=_feedback)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
