"""The quiz latency benchmark stays runnable (its numbers are read by people, not asserted here)."""

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_quiz_latency_benchmark_reports_percentiles(lab, capsys):  # lab: skips without Chromium
    spec = importlib.util.spec_from_file_location("bench_latency", REPO / "benchmarks" / "quiz_latency.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--answers", "20"]) == 0
    out = capsys.readouterr().out
    assert "p50" in out and "p95" in out and "answers timed" in out
