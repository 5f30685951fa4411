"""How long each lesson takes to execute, as a ratio to an empty notebook measured in the same run.

Kernel start-up is the floor every notebook pays, so the ratio shows what a lesson's own cells cost,
whatever the machine. Run with `make bench` or `.venv/bin/python benchmarks/notebooks.py [--repeat N]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]


def run_once(nb: nbformat.NotebookNode, cwd: Path) -> float:
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per notebook; the median is reported")
    args = parser.parse_args(argv)
    # Quiz attempts made while benchmarking must not land in the learner's record.
    os.environ["AILEAD_HOME"] = tempfile.mkdtemp(prefix="ailead-bench-")
    os.environ.setdefault("MPLBACKEND", "Agg")

    empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
    empty.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    lessons = sorted((REPO / "notebooks").glob("*.ipynb"))
    targets = [("(empty notebook)", empty, REPO / "notebooks")]
    targets += [(p.stem, nbformat.read(p, as_version=4), p.parent) for p in lessons]

    times: dict[str, list[float]] = {}
    for round_no in range(1, args.repeat + 1):
        # Interleave the notebooks in every round so a noisy moment hits them all alike.
        for name, nb, cwd in targets:
            print(f"\rround {round_no}/{args.repeat}: {name:40}", end="", file=sys.stderr, flush=True)
            times.setdefault(name, [])
            times[name].append(run_once(nbformat.from_dict(nb), cwd))
    print(file=sys.stderr)

    floor = statistics.median(times["(empty notebook)"])
    print(f"{'notebook':34} {'median s':>9} {'ratio':>7}")
    for name, _, _ in targets:
        median = statistics.median(times[name])
        print(f"{name:34} {median:9.2f} {median / floor:7.2f}")
    print(f"(ratio = median execution time / empty notebook's {floor:.2f} s; {args.repeat} runs each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
