"""The `ailead` command: set up a learner's working copy and show their progress."""

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
