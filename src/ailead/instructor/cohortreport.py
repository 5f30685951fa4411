"""`ailead report`: one picture of the whole cohort across every assignment, and the same as a CSV.

It reads nbgrader's gradebook (and the statuses `ailead grade` recorded) with
:func:`ailead.instructor.export.read_course`, and shows:

1. **who handed in what, with which status**: a grid of learners by assignments, each cell a letter
   and a colour (G graded, W waiting for a person to grade the written answer, C check: tampered or
   stopped, X not gradable, a dash for nothing handed in);
2. **score distributions per assignment**: every learner's automatic score, as a share of the
   automatic points (written answers are a person's judgement and are graded at different times, so
   they are left out of the comparison), with the median marked;
3. **per-part miss rates across the course**: the automatically graded parts the most learners lost
   points on (the item analysis `ailead grade` draws per assignment, here for all of them at once);
4. **the learners who are behind**, marked in the grid and listed: a learner is behind when they have
   nothing gradable for an assignment that at least half the cohort has handed in, or scored below the
   pass mark (default 50 %) on an assignment's automatic parts. Exactly the pass mark is not behind.

Files: ``cohort-report.png`` (alt text in the PNG's Description and in ``cohort-report.txt``),
``cohort-report.csv`` (one row per learner and assignment) and ``item-analysis.csv`` (one row per part).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ailead.instructor import export
from ailead.instructor.export import GRADED, NEEDS_GRADING, NO_SUBMISSION, NOT_GRADABLE, ExportError

# How each status is drawn: a letter (so no meaning rests on colour alone), a colour and a legend label.
CELL = {
    GRADED: ("G", "blue", "graded"),
    NEEDS_GRADING: ("W", "sky", "waiting for a grader"),
    "check": ("C", "orange", "check: tampered or stopped"),
    "not-gradable": ("X", "vermillion", "not gradable"),
    NO_SUBMISSION: ("–", "white", "nothing handed in"),
}
TOP_PARTS = 12


def cell_kind(status: str) -> str:
    if status in (GRADED, NEEDS_GRADING, NO_SUBMISSION):
        return status
    return "not-gradable" if status in NOT_GRADABLE else "check"


@dataclass
class Row:
    student: str
    name: str
    assignment: str
    status: str
    score: float | None
    max_score: float
    auto_score: float | None
    auto_max: float
    behind: list[str] = field(default_factory=list)   # this assignment's reasons the learner is behind

    @property
    def auto_share(self) -> float | None:
        if self.auto_score is None or not self.auto_max:
            return None
        return round(self.auto_score / self.auto_max, 6)


@dataclass
class Report:
    assignments: list[str]
    students: list[str]
    names: dict[str, str]
    rows: dict[tuple[str, str], Row]
    miss_rates: list[tuple[str, str, float, int]]     # (assignment, part, share who lost points, graded)
    behind: dict[str, list[str]]                      # learner -> reasons
    handed_in: dict[str, int]                         # assignment -> learners with a gradable submission
    pass_mark: float


def build(course: export.Course, roster: list[export.RosterEntry] | None = None, pass_mark: float = 0.5) -> Report:
    """Everything the figure and the CSV show, from the course's grades."""
    from ailead.instructor import reports
    from ailead.instructor.results import Result

    names = {s: course.names.get(s, "") for s in course.students}
    if roster:
        by_norm = {export._norm_id(s): s for s in names}
        for entry in roster:
            sid = entry.id if entry.id in names else by_norm.get(export._norm_id(entry.id), export._norm_id(entry.id))
            names[sid] = entry.name or names.get(sid, "")
    students = sorted(names)
    A = course.assignments
    rows: dict[tuple[str, str], Row] = {}
    for a in A:
        auto_max = sum(p.points for p in course.parts[a] if p.kind == "auto")
        for s in students:
            m = course.mark(s, a)
            gradable = m.status not in NOT_GRADABLE and m.status != NO_SUBMISSION
            rows[(s, a)] = Row(s, names[s], a, m.status, m.score if gradable else None, course.max_scores[a],
                               m.auto_score if gradable else None, auto_max)

    handed = {a: sum(rows[(s, a)].auto_score is not None for s in students) for a in A}
    behind: dict[str, list[str]] = {}
    for a in A:
        due = handed[a] * 2 >= len(students) and handed[a] > 0
        for s in students:
            row = rows[(s, a)]
            if row.auto_score is None and due:
                what = "nothing handed in" if row.status == NO_SUBMISSION else f"{row.status}, not gradable"
                row.behind.append(f"{a}: {what} ({handed[a]} of {len(students)} handed in)")
            elif row.auto_share is not None and row.auto_share < round(pass_mark, 6):
                row.behind.append(f"{a}: {row.auto_share:.0%} of the automatic points (pass mark {pass_mark:.0%})")
            if row.behind:
                behind.setdefault(s, []).extend(row.behind)

    miss: list[tuple[str, str, float, int]] = []
    for a in A:
        parts = [{"id": p.id, "points": p.points, "kind": p.kind} for p in course.parts[a]]
        results = {s: Result(s, course.mark(s, a).status, parts=course.mark(s, a).parts) for s in students
                   if rows[(s, a)].auto_score is not None}
        graded = sum(1 for r in results.values() if r.parts)
        for part, share in reports.item_analysis(results, parts).items():
            miss.append((a, part, share, graded))
    miss.sort(key=lambda m: (-m[2], m[0], m[1]))
    return Report(A, students, names, rows, miss, behind, handed, pass_mark)


# --------------------------------------------------------------------------- the CSV and the text

CSV_COLUMNS = ["student", "name", "assignment", "status", "score", "max_score", "auto_score", "auto_max",
               "auto_percent", "behind", "why"]


def write_csv(report: Report, path: Path) -> Path:
    num = export.num
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_COLUMNS)
        for s in report.students:
            for a in report.assignments:
                r = report.rows[(s, a)]
                w.writerow([s, r.name, a, r.status, "" if r.score is None else num(r.score), num(r.max_score),
                            "" if r.auto_score is None else num(r.auto_score), num(r.auto_max),
                            "" if r.auto_share is None else num(round(r.auto_share * 100, 2)),
                            "yes" if s in report.behind else "no", "; ".join(r.behind)])
    return path


def write_item_analysis(report: Report, path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["assignment", "part", "graded", "lost_points", "miss_rate"])
        for a, part, share, graded in report.miss_rates:
            w.writerow([a, part, graded, round(share * graded), export.num(round(share, 4))])
    return path


def alt_text(report: Report) -> str:
    """What the figure shows, in words: for screen readers, the terminal and the report's .txt."""
    n = len(report.students)
    counts: dict[str, int] = {}
    for r in report.rows.values():
        label = CELL[cell_kind(r.status)][2]
        counts[label] = counts.get(label, 0) + 1
    status = ", ".join(f"{v} {k}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
    medians = []
    for a in report.assignments:
        shares = [r.auto_share for s in report.students if (r := report.rows[(s, a)]).auto_share is not None]
        medians.append(f"{a} {statistics.median(shares):.0%} (n={len(shares)})" if shares else f"{a} none handed in")
    hardest = "; ".join(f"{a} {p} {share:.0%}" for a, p, share, _ in report.miss_rates[:3]) or "no graded parts"
    behind = "; ".join(f"{s} ({', '.join(why)})" for s, why in sorted(report.behind.items())) or "nobody"
    return (f"Cohort report for {n} learners and {len(report.assignments)} assignments. Top left, a grid of "
            f"learners by assignments shows each status ({status}). Top right, the median automatic score per "
            f"assignment: {'; '.join(medians)}. Bottom, the parts most often missed across the course: {hardest}. "
            f"Learners behind: {behind}.")


# --------------------------------------------------------------------------- the figure

def figure(report: Report):
    """The report's one figure: status grid and score distributions on top, item analysis below."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle

    from ailead.instructor.drawing.style import OKABE_ITO, new_figure

    A, S = report.assignments, report.students
    colour = {k: ("#FFFFFF" if c == "white" else OKABE_ITO[c]) for k, (_, c, _) in CELL.items()}
    height = max(7.5, 0.32 * len(S) + 0.3 * min(TOP_PARTS, len(report.miss_rates)) + 4.5)
    ratios = [max(len(S), 4), max(min(TOP_PARTS, len(report.miss_rates)), 3)]
    fig, axes = new_figure(2, 2, figsize=(13, height),
                           gridspec_kw={"height_ratios": ratios, "width_ratios": [1.1, 1]})
    grid, dist = axes[0]
    gs = axes[1, 0].get_gridspec()
    for ax in axes[1]:
        ax.remove()
    parts_ax = fig.add_subplot(gs[1, :])

    # 1. who handed in what, with which status; learners who are behind in bold with a marker
    for y, s in enumerate(S):
        for x, a in enumerate(A):
            kind = cell_kind(report.rows[(s, a)].status)
            letter = CELL[kind][0]
            grid.add_patch(Rectangle((x - 0.45, y - 0.45), 0.9, 0.9, facecolor=colour[kind], edgecolor="black",
                                     linewidth=0.6, hatch="//" if kind in ("not-gradable", "check") else None))
            grid.text(x, y, letter, ha="center", va="center", fontsize=8,
                      color="white" if kind in (GRADED, "not-gradable") else "black", fontweight="bold")
    grid.set_xlim(-0.6, len(A) - 0.4)
    grid.set_ylim(len(S) - 0.4, -0.6)
    grid.set_xticks(range(len(A)), [a.split("-")[0] for a in A])
    labels = [("▶ " if s in report.behind else "") + s for s in S]
    grid.set_yticks(range(len(S)), labels)
    for tick, s in zip(grid.get_yticklabels(), S):
        if s in report.behind:
            tick.set_fontweight("bold")
            tick.set_color(OKABE_ITO["vermillion"])
    grid.set_xlabel("Assignment (number)")
    grid.set_ylabel("Learner (▶ behind)", labelpad=8)
    grid.set_title("Who handed in what, with which status")
    legend = [Patch(facecolor=colour[k], edgecolor="black", label=f"{CELL[k][0]} {CELL[k][2]}") for k in CELL]

    # 2. score distributions per assignment: each learner a dot, the median a bar
    for x, a in enumerate(A):
        shares = [report.rows[(s, a)].auto_share for s in S if report.rows[(s, a)].auto_share is not None]
        if not shares:
            continue
        # learners with the same score side by side, so every one of them can be seen and counted
        xs, ys = [], []
        for value in sorted(set(shares)):
            n = shares.count(value)
            step = min(0.08, 0.7 / n)
            xs += [x + (k - (n - 1) / 2) * step for k in range(n)]
            ys += [value * 100] * n
        dist.scatter(xs, ys, s=22, color=OKABE_ITO["blue"], edgecolor="black", linewidth=0.4, zorder=3)
        med = statistics.median(shares) * 100
        dist.plot([x - 0.3, x + 0.3], [med, med], color=OKABE_ITO["vermillion"], linewidth=2.5, zorder=4)
    dist.axhline(report.pass_mark * 100, color="black", linestyle="--", linewidth=1)
    dist.set_xlim(-0.6, len(A) - 0.4)
    dist.set_ylim(-5, 105)
    dist.set_xticks(range(len(A)), [a.split("-")[0] for a in A])
    dist.set_xlabel("Assignment (number)")
    dist.set_ylabel("Automatic score (% of automatic points)")
    dist.set_title("Score distribution per assignment")
    legend += [Line2D([], [], marker="o", linestyle="", color=OKABE_ITO["blue"], markeredgecolor="black",
                      label="one learner's score"),
               Line2D([], [], color=OKABE_ITO["vermillion"], linewidth=2.5, label="median score"),
               Line2D([], [], color="black", linestyle="--", label=f"pass mark {report.pass_mark:.0%}")]

    # 3. per-part miss rates across the course
    missed = [m for m in report.miss_rates if m[2] > 0]
    top = missed[:TOP_PARTS][::-1]
    names = [f"{a.split('-')[0]} · {p}" for a, p, _, _ in top]
    shares = [m[2] * 100 for m in top]
    parts_ax.barh(range(len(top)), shares, color=OKABE_ITO["orange"], edgecolor="black", hatch="..")
    for y, (share, (_, _, _, n)) in enumerate(zip(shares, top)):
        parts_ax.text(share + 1, y, f"{share:.0f}% of {n}", va="center", fontsize=8)
    parts_ax.set_yticks(range(len(top)), names)
    parts_ax.set_xlim(0, 115)
    parts_ax.set_xlabel("Learners who lost points on this part (%)")
    parts_ax.set_ylabel("Assignment · graded part")
    parts_ax.set_title(f"Parts most often missed across the course (top {len(top)} of the {len(missed)} parts "
                       f"anyone missed; {len(report.miss_rates)} graded automatically)")
    if not top:
        parts_ax.text(0.5, 0.5, "Nobody has lost points on an automatically graded part yet", ha="center",
                      va="center", transform=parts_ax.transAxes)
    fig.suptitle(f"Cohort report: {len(S)} learners, {len(A)} assignments, {len(report.behind)} behind", y=0.995)
    fig.legend(handles=legend, loc="upper center", ncol=4, fontsize=8, frameon=False,
               bbox_to_anchor=(0.5, 1 - 0.35 / height))
    fig.tight_layout(rect=(0, 0, 1, 1 - 1.0 / height))
    return fig


def write(report: Report, folder: Path) -> dict[str, Path]:
    """The figure (with its alt text), the CSVs and the text; return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    text = alt_text(report)
    fig = figure(report)
    png = folder / "cohort-report.png"
    fig.savefig(png, dpi=100, metadata={"Title": "Cohort report", "Description": text})
    (folder / "cohort-report.txt").write_text(text + "\n", encoding="utf-8")
    return {"figure": png, "csv": write_csv(report, folder / "cohort-report.csv"),
            "parts": write_item_analysis(report, folder / "item-analysis.csv"), "text": folder / "cohort-report.txt"}


# --------------------------------------------------------------------------- command line

def add_parser(sub) -> argparse.ArgumentParser:
    """`ailead report`: add the subcommand to the `ailead` command's subparsers."""
    p = sub.add_parser(
        "report", help="instructors: one figure and a CSV of the whole cohort across assignments",
        description="Draw the cohort across every assignment in the gradebook: who handed in what with which "
                    "status, score distributions per assignment, the parts most often missed across the "
                    "course, and the learners who are behind (nothing gradable for an assignment at least half "
                    "the cohort handed in, or below the pass mark on an assignment's automatic parts). Writes "
                    "cohort-report.png (with alt text), cohort-report.txt, cohort-report.csv and "
                    "item-analysis.csv.")
    p.add_argument("--course", help="the course folder (default: the current folder if it is one, else this "
                                    "repository)")
    p.add_argument("--db", help="gradebook SQLAlchemy URL (default: the course's nbgrader_config.py)")
    p.add_argument("--roster", help="roster CSV (as for `ailead export`): adds learners who handed in nothing")
    p.add_argument("--pass-mark", type=float, default=50.0,
                   help="percent of an assignment's automatic points below which a learner is behind (default 50)")
    p.add_argument("--out", help="where the files go (default: grading/reports/cohort/ in the course folder)")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    course = export._course_folder(args.course)
    has_config = (course / "nbgrader_config.py").exists()
    if not 0 <= args.pass_mark <= 100:
        print("ailead report: --pass-mark is a percentage between 0 and 100", file=sys.stderr)
        return 2
    try:
        db_url = args.db or (export.course_db_url(course) if has_config else None)
        if not db_url:
            raise ExportError(f"{course} is not a course folder (no nbgrader_config.py); pass --course or --db")
        roster = export.read_roster(Path(args.roster)) if args.roster else None
        data = export.read_course(db_url, course if has_config else None)
        if not data.assignments:
            raise ExportError("the gradebook has no assignments yet; generate or grade one first")
        report = build(data, roster, round(args.pass_mark / 100, 6))
    except ExportError as exc:
        print(f"ailead report: {exc}", file=sys.stderr)
        return 2
    paths = write(report, Path(args.out) if args.out else course / "grading" / "reports" / "cohort")
    print(f"Figure: {paths['figure']}")
    print(f"Table: {paths['csv']} (item analysis: {paths['parts']})")
    print(paths["text"].read_text().strip())
    return 0
