"""Autograding speed: `ailead grade` against plain serial `nbgrader autograde` and the floor.

Makes 40 submissions of exercise 01 (the solution, the untouched version and the realistic wrong
answers of tests/fixtures/, repeated), then in the same run:

1. `ailead grade` (parallel workers, one per core, every check included, kernels in the sandbox);
2. the same with `--no-sandbox`, to price the sandbox;
3. plain `nbgrader autograde`, which grades one notebook after another;
4. the floor: executing the same notebooks with nbclient, one process per core, with no grading.

It prints notebooks per minute for each, and the ratios. Targets on a 2-core machine: at least
1.8x plain nbgrader and within 1.3x of the floor (both for the default, sandboxed run), and a
sandbox that costs under 10% of throughput. Run: `.venv/bin/python benchmarks/grading.py`.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import yaml

from ailead.instructor import autograder, grading

A = "01-two-roles-one-product"
REPO = Path(__file__).resolve().parents[1]


def submissions(n: int) -> list[nbformat.NotebookNode]:
    name, release = grading.release_notebook(grading.REPO, A)
    source = nbformat.read(grading.SOLUTIONS / A / name, as_version=4)
    kinds = [grading.fill_answers(release, grading.solution_answers(source)), release]
    for fixture in sorted((REPO / "tests" / "fixtures" / A).glob("*.yml")):
        kinds.append(grading.fill_answers(release, yaml.safe_load(fixture.read_text())["answers"]))
    return [kinds[i % len(kinds)] for i in range(n)]


def _execute(path: str) -> None:
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(Path(path).parent)}}).execute()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=40)
    args = parser.parse_args(argv)
    n, workers = args.submissions, autograder.default_workers()
    notebooks = submissions(n)
    name, _ = grading.release_notebook(grading.REPO, A)
    results = {}
    with tempfile.TemporaryDirectory(prefix="ailead-bench-") as tmp:
        tmp = Path(tmp)
        download = tmp / "download"
        download.mkdir()
        for i, nb in enumerate(notebooks):
            nbformat.write(nb, download / f"s{i:03d}_{name}")

        for label, sandboxed in (("ailead grade", True), ("ailead grade --no-sandbox", False)):
            course = grading.scratch_course(tmp / label.replace(" ", "_"))
            grading.generate(course, A)
            start = time.perf_counter()
            graded = grading.grade_cohort(course, A, download, workers=workers, sandbox=sandboxed,
                                          echo=lambda *a, **k: None)
            results[label] = time.perf_counter() - start
            assert len(graded) == n and all(r.status == "ok" for r in graded.values()), "grading failed"

        plain = grading.scratch_course(tmp / "plain")
        grading.generate(plain, A)
        for i, nb in enumerate(notebooks):
            grading.submit(plain, f"s{i:03d}", A, {name: nb})
        start = time.perf_counter()
        grading.autograde(plain, A)
        results["nbgrader autograde (serial)"] = time.perf_counter() - start

        floor_dir = tmp / "floor"
        floor_dir.mkdir()
        paths = []
        for i, nb in enumerate(notebooks):
            path = floor_dir / f"s{i:03d}.ipynb"
            nbformat.write(nb, path)
            paths.append(str(path))
        start = time.perf_counter()
        with mp.get_context("spawn").Pool(workers) as pool:
            pool.map(_execute, paths, chunksize=1)
        results["floor: nbclient only"] = time.perf_counter() - start

    print(f"{n} submissions of {A}, {workers} worker(s) where parallel:")
    for label, seconds in results.items():
        print(f"  {label:30} {seconds:7.1f} s   {n / seconds * 60:6.1f} notebooks/min")
    ours, plain_s, floor_s = results["ailead grade"], results["nbgrader autograde (serial)"], \
        results["floor: nbclient only"]
    print(f"  speed-up over plain nbgrader: {plain_s / ours:.2f}x   (target: at least 1.8x)")
    print(f"  time relative to the floor:   {ours / floor_s:.2f}x   (target: at most 1.3x)")
    bare = results["ailead grade --no-sandbox"]
    print(f"  throughput lost to the sandbox: {(1 - bare / ours) * 100:.1f}%   (target: under 10%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
