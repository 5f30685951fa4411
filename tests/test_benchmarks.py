"""The benchmarks stay runnable (their numbers are read by people, not asserted here)."""

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_notebook_benchmark_reports_a_ratio_per_lesson(capsys):
    spec = importlib.util.spec_from_file_location("bench_notebooks", REPO / "benchmarks" / "notebooks.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--repeat", "1"]) == 0
    out = capsys.readouterr().out
    for lesson in sorted((REPO / "notebooks").glob("*.ipynb")):
        row = next(line for line in out.splitlines() if line.startswith(lesson.stem))
        assert float(row.split()[-1]) > 0
    assert "(empty notebook)" in out and "ratio" in out
