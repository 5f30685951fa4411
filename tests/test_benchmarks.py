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


def test_hub_load_benchmark_loads_and_its_percentiles_are_nearest_rank(capsys):
    import numpy as np
    import pytest

    spec = importlib.util.spec_from_file_location("bench_hub_load", REPO / "benchmarks" / "hub_load.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    with pytest.raises(SystemExit) as done:
        bench.main(["--help"])
    assert done.value.code == 0 and "--max" in capsys.readouterr().out
    from tests.hubkit import percentile

    # Checked against NumPy's nearest-rank definition ("inverted_cdf"), including the small samples of make test.
    for values in ([3.0], [2.0, 1.0], [float(v) for v in range(1, 9)], [0.5, 0.1, 9.0, 0.2, 0.3, 7.0, 0.4],
                   [float(v) for v in range(1, 76)]):
        for p in (50, 95):
            assert percentile(values, p) == float(np.percentile(values, p, method="inverted_cdf")), (values, p)
