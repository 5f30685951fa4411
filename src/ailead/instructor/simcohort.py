"""Cohort mode for the launch simulator: the group's saved games side by side, for a debrief discussion.

Learners' finished games are saved by the game (``ailead.progress.record_game``) as JSON lines in their progress
record's ``games/`` folder. An instructor collects them in one of two ways:

- **a folder**: each learner drops their ``games/*.jsonl`` files (or a ``*.json`` game record) into a shared folder,
  either as ``FOLDER/<name>.jsonl`` or inside ``FOLDER/<name>/``; the name is the learner;
- **nbgrader submissions**: files of the same kinds submitted with exercise 13, found under
  ``COURSE/submitted/<student>/13-launch-simulator/``; the student id is the learner.

``ailead sim-cohort FOLDER --out DIR`` (or ``--course COURSE``) writes ``sim-cohort.csv`` (one row per game: scores,
incidents, rollbacks, and the choices the lesson discusses) and ``sim-cohort.png`` (outcomes and choices side by
side), and prints a short summary. Names stay on the instructor's machine; the chart labels learners by the names
found, so anonymise the folder first if it will be projected.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from ailead import sim

ASSIGNMENT = "13-launch-simulator"
COLUMNS = ("who", "seed", "final_score", "product_score", "engineering_score", "incidents", "rollbacks", "slo_kept",
           "riskiest_first", "evaluation_funded", "guardrail_on", "features_share", "model")


def _games_in(path: Path) -> list[dict]:
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, list) else [data]
    games = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            game = json.loads(line)
        except ValueError:
            continue  # a line cut short by a crash
        if isinstance(game, dict):
            games.append(game)
    return games


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".jsonl", ".json") and p.is_file())


def collect(folder: Path | None = None, course: Path | None = None) -> list[dict]:
    """Every saved game found, each with "who" set to its learner (the file's name or folder, or the student id)."""
    found: list[dict] = []
    if folder is not None:
        for path in _files(Path(folder)):
            rel = path.relative_to(folder)
            who = rel.parts[0] if len(rel.parts) > 1 else path.stem
            found += [{**g, "who": who} for g in _games_in(path) if "decisions" in g]
    if course is not None:
        for student in sorted((Path(course) / "submitted").glob("*")):
            sub = student / ASSIGNMENT
            if sub.is_dir():
                for path in _files(sub):
                    found += [{**g, "who": student.name} for g in _games_in(path) if "decisions" in g]
    return found


def summarise(game: dict) -> dict:
    """One game as a row: its outcomes and the choices the lesson discusses (shares of the sprints played)."""
    decisions = game.get("decisions") or []
    n = max(len(decisions), 1)
    tests = [d for d in decisions if d.get("test_risk")]
    riskiest = sum(1 for d in tests if sim.BETS.get(d.get("bet"), {}).get("riskiest") == d["test_risk"])
    capacity = [sum(d.get(w, 0) for w in sim.WORK) or 1 for d in decisions]
    models = [d.get("model", "") for d in decisions]
    return {
        "who": game.get("who", ""), "seed": game.get("seed"), "final_score": game.get("final_score"),
        "product_score": game.get("product_score"), "engineering_score": game.get("engineering_score"),
        "incidents": game.get("incidents"), "rollbacks": game.get("rollbacks"), "slo_kept": game.get("slo_kept"),
        "riskiest_first": round(riskiest / len(tests), 3) if tests else 0.0,
        "evaluation_funded": round(sum(1 for d in decisions if d.get("evaluation", 0) > 0) / n, 3),
        "guardrail_on": round(sum(1 for d in decisions if d.get("guardrail")) / n, 3),
        "features_share": round(sum(d.get("features", 0) / c for d, c in zip(decisions, capacity)) / n, 3),
        "model": max(set(models), key=models.count) if models else "",
    }


def write_csv(rows: list[dict], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def draw(rows: list[dict]):
    """Left: each game's product and engineering scores. Right: each game's choices (share of its sprints)."""
    from ailead.instructor.drawing.style import OKABE_ITO, new_figure

    fig, (left, right) = new_figure(1, 2, figsize=(12, 5.2))
    fig.suptitle("The cohort's launch-simulator games: outcomes and choices")
    markers = "osD^v<>ph*"
    for i, row in enumerate(rows):
        left.scatter(row["product_score"], row["engineering_score"], marker=markers[i % len(markers)], s=70,
                     color=OKABE_ITO["blue"], edgecolor="black", zorder=3)
        left.annotate(f"{row['who']} ({row['final_score']:.0f})", (row["product_score"], row["engineering_score"]),
                      textcoords="offset points", xytext=(6, 4), fontsize=8)
    left.set_xlim(0, 100)
    left.set_ylim(0, 100)
    left.plot([0, 100], [0, 100], linestyle=":", color="grey")
    left.set_xlabel("Product score (mean over the sprints)")
    left.set_ylabel("Engineering score (mean over the sprints)")
    left.set_title("Outcomes: label = learner (game score)")
    choices = [("riskiest_first", "tested the riskiest risk", OKABE_ITO["green"], "//"),
               ("evaluation_funded", "funded evaluation", OKABE_ITO["orange"], ".."),
               ("guardrail_on", "guardrail on", OKABE_ITO["purple"], "xx"),
               ("features_share", "capacity on features", OKABE_ITO["vermillion"], "")]
    width = 0.8 / len(choices)
    for j, (key, label, colour, hatch) in enumerate(choices):
        xs = [i + (j - 1.5) * width for i in range(len(rows))]
        right.bar(xs, [100 * r[key] for r in rows], width, label=label, color=colour, hatch=hatch, edgecolor="black")
    right.set_xticks(range(len(rows)))
    right.set_xticklabels([r["who"] for r in rows], rotation=30, ha="right", fontsize=8)
    right.set_ylim(0, 100)
    right.set_ylabel("Share of the game's sprints (%)")
    right.set_xlabel("Learner")
    right.set_title("Choices")
    right.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


def alt_text(rows: list[dict]) -> str:
    """The chart in words, for the debrief slides."""
    if not rows:
        return "No games."
    best = max(rows, key=lambda r: r["final_score"])
    return (f"{len(rows)} games. Left: product score against engineering score per game; the best, {best['who']}, "
            f"scored {best['final_score']:.0f}. Right: for each learner, the share of sprints in which they tested the "
            "riskiest risk, funded evaluation, kept the guardrail on, and the share of capacity on features.")


def add_parser(sub) -> argparse.ArgumentParser:
    """`ailead sim-cohort`: the instructor's command, added to the CLI's subcommands."""
    parser = sub.add_parser("sim-cohort", help="instructors: the cohort's launch-simulator games side by side",
                            description="Collect saved launch-simulator games from a folder or from nbgrader "
                                        "submissions of exercise 13; write a CSV and a chart for the debrief.")
    parser.add_argument("folder", nargs="?", help="a folder of saved games (<name>.jsonl, or <name>/ with files)")
    parser.add_argument("--course", help="an nbgrader course folder: read COURSE/submitted/*/13-launch-simulator/")
    parser.add_argument("--out", default=".", help="where sim-cohort.csv and sim-cohort.png go (default: here)")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    if not args.folder and not args.course:
        print("Give a folder of saved games, or --course with an nbgrader course folder.")
        return 2
    games = collect(Path(args.folder) if args.folder else None, Path(args.course) if args.course else None)
    if not games:
        print("No saved games found. Learners' games are in their progress folder's games/ (see ailead.progress).")
        return 1
    rows = [summarise(g) for g in games]
    out = Path(args.out)
    write_csv(rows, out / "sim-cohort.csv")
    fig = draw(rows)
    fig.savefig(out / "sim-cohort.png", dpi=100)
    print(f"{len(rows)} games from {len({r['who'] for r in rows})} learners: {out / 'sim-cohort.csv'}, "
          f"{out / 'sim-cohort.png'}")
    print("Alt text:", alt_text(rows))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ailead.instructor.simcohort")
    sub = parser.add_subparsers(dest="command", required=True)
    add_parser(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
