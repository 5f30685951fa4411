"""The `ailead` command: the learner's working copy, progress and record of completion, checking an exercise,
and the instructor's tools: the grading loop (generate, grade, feedback) on top of nbgrader, cohort set-up,
exports to learning platforms, the cohort report, records of completion, simulator debriefs and the role guide."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ailead import __version__


def _workspace(args: argparse.Namespace) -> int:
    from ailead.instructor import workspace

    report = workspace.sync(Path(args.dest) if args.dest else workspace.DEFAULT_DEST)
    for line in report.lines():
        print(line)
    return 0


def _progress(args: argparse.Namespace) -> int:
    if getattr(args, "certificate", None):
        from ailead.instructor import certificate

        return certificate.run_progress(args)
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
    from ailead.instructor import coverage

    report = coverage.check()
    total = len(report.complete) + len(report.untaught) + len(report.half_done)
    print(f"{len(report.complete)} of {total} seed ideas are taught and assessed.")
    if report.half_done:
        print("Taught but not assessed, or assessed but not taught: " + ", ".join(report.half_done))
    if report.untaught:
        print("Not yet in any lesson: " + ", ".join(report.untaught))
    for error in report.errors:
        print("Broken reference: " + error)
    # The course promises every idea of the checklist: a gap of any kind is a failure.
    return 1 if report.errors or report.half_done or report.untaught else 0


def _course(args: argparse.Namespace) -> Path:
    from ailead.instructor import grading

    # A course folder made by `ailead cohort seed` is used from inside it, like nbgrader itself.
    here = Path.cwd()
    default = here if (here / "nbgrader_config.py").exists() else grading.REPO
    course = Path(args.course).resolve() if args.course else default
    if not (course / "nbgrader_config.py").exists():
        raise SystemExit(f"{course} is not a course folder (no nbgrader_config.py); pass --course")
    return course


def _generate(args: argparse.Namespace) -> int:
    from ailead.instructor import grading

    course = _course(args)
    for name in args.assignment or grading.assignments():
        grading.generate(course, name)
        print(f"Generated exercises/{name}/ from solutions/{name}/.")
    return 0


def _grade(args: argparse.Namespace) -> int:
    from ailead.instructor import grading, reports, submissions

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
    failed = sorted(s for s, r in results.items() if r.status in grading.RETRIED)
    if failed:
        print(f"ailead grade: {len(failed)} submission(s) could not be graded because grading itself failed "
              f"({', '.join(failed[:5])}{'…' if len(failed) > 5 else ''}), not because of the learners' work. "
              "Fix the cause shown above (a database that restarted, say) and run the same command again: "
              "grades already made are kept and only these are retried.", file=sys.stderr)
        return 1
    return 0


def _feedback(args: argparse.Namespace) -> int:
    from ailead.instructor import grading

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


def _cohort_seed(args: argparse.Namespace) -> int:
    from ailead.instructor import cohort, grading

    try:
        cohort.seed(Path(args.course), Path(args.roster), args.db, args.release or [],
                    course_id=args.course_id, exchange_root=args.exchange)
    except (cohort.CohortError, grading.GradingError) as exc:
        print(f"ailead cohort seed: {exc}", file=sys.stderr)
        return 2
    return 0


def _check(args: argparse.Namespace) -> int:
    from ailead.instructor import check

    path = Path(args.notebook)
    if not path.exists():
        print(f"ailead check: {path} does not exist. Save your notebook first, then pass its path.")
        return 2
    return check.check(path, args.assignment, budget=args.timeout)


COURSE_HELP = "the course folder (default: the current folder if it is one, else this repository)"


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
                        description="Summarise the quiz attempts in your local progress record; with "
                                    "--certificate, write your one-page record of completion (self-reported).")
    # Each tool module adds its own subcommand; they import their heavy libraries only when run.
    from ailead.instructor import certificate, cohortreport, export, guide, quizexport, simcohort

    certificate.add_progress_options(pr)
    pr.set_defaults(func=_progress)

    cov = sub.add_parser("coverage", help="show which curriculum ideas are taught and assessed where (authors)",
                         description="Check assets/coverage.yml: every reference must exist; lists the "
                                     "ideas no lesson covers yet. Exits 1 on any gap: a broken, half-done or "
                                     "empty entry.")
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
    gen.add_argument("--course", help=COURSE_HELP)
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
    gr.add_argument("--course", help=COURSE_HELP)
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
    fb.add_argument("--course", help=COURSE_HELP)
    fb.set_defaults(func=_feedback)

    co = sub.add_parser("cohort", help="instructors: set up a cohort's course on a shared server",
                        description="Cohort set-up for a shared server such as the JupyterHub in "
                                    "deploy/jupyterhub/.")
    co_sub = co.add_subparsers(dest="cohort_command", metavar="STEP", required=True)
    seed = co_sub.add_parser("seed", help="create the course folder, import the roster, release exercises",
                             description="Create (or refresh) the course folder, import a roster CSV "
                                         "(columns: id, first_name, last_name, email) into the gradebook "
                                         "and release the named exercises to nbgrader's exchange. Safe to "
                                         "run again.")
    seed.add_argument("--course", required=True, help="the course folder to create, e.g. /srv/nbgrader/ailead")
    seed.add_argument("--roster", required=True, help="roster CSV with at least an `id` column")
    seed.add_argument("--db", help="gradebook URL, e.g. postgresql+psycopg2://ailead:PASSWORD@127.0.0.1/"
                                   "ailead_gradebook (needed the first time)")
    seed.add_argument("--release", action="append", metavar="EXERCISE",
                      help="an exercise to release, e.g. 01-two-roles-one-product (repeatable)")
    seed.add_argument("--course-id", default="ailead", help="nbgrader course id (default: ailead)")
    seed.add_argument("--exchange", help="nbgrader exchange root (default: from the global nbgrader config)")
    seed.set_defaults(func=_cohort_seed)

    export.add_parser(sub)        # ailead export: grades to Canvas, Moodle and a plain CSV
    quizexport.add_parser(sub)    # ailead quiz export: quiz banks as QTI 1.2 and Moodle XML
    cohortreport.add_parser(sub)  # ailead report: the whole cohort in one figure and a CSV
    certificate.add_parser(sub)   # ailead certificates: records of completion from the gradebook
    simcohort.add_parser(sub)     # ailead sim-cohort: the cohort's simulator games side by side
    guide.add_parser(sub)         # ailead guide: the one-page role guide (PDF and PNG)
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
