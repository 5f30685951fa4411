"""Speed of the launch simulator: engine time per sprint, and the time its statistical tests add.

Targets (issue 18): a sprint advances in under 50 ms of engine time; tests/test_sim.py adds under 60 s to
`make test`. Timings on a shared machine vary, so each is also given as a ratio to a baseline measured in the same
run: one pass over the 60 cases of lesson 09's evaluation set, the kind of work a sprint does (counting passes per
slice), repeated 1,000 times. Run with `.venv/bin/python benchmarks/sim.py` (add `--suite` to time the test file).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from ailead import case, sim

REPO = Path(__file__).resolve().parents[1]


def baseline_ms() -> float:
    """The baseline: count passes per slice over the 60-case evaluation set, 1,000 times."""
    cases = case.eval_cases()
    start = time.perf_counter()
    for _ in range(1000):
        passed: dict[str, int] = {}
        for c in cases:
            passed[c["slice"]] = passed.get(c["slice"], 0) + c["passed"]
    return (time.perf_counter() - start) * 1000


def sprint_times_ms(games: int = 200) -> list[float]:
    """Engine time of every sprint of ``games`` games played by the balanced policy (the policy's time excluded)."""
    times = []
    for seed in range(games):
        state = sim.new_game(seed)
        while not state.finished:
            decisions = sim.balanced_policy(sim.observe(state))
            start = time.perf_counter()
            state = sim.advance(state, decisions)
            times.append((time.perf_counter() - start) * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=200)
    parser.add_argument("--suite", action="store_true", help="also time tests/test_sim.py")
    args = parser.parse_args(argv)
    base = baseline_ms()
    times = sorted(sprint_times_ms(args.games))
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    print(f"launch simulator, {len(times)} sprints: median {statistics.median(times):.3f} ms, p95 {p95:.3f} ms, "
          f"max {times[-1]:.3f} ms per sprint (target: under 50 ms)")
    print(f"  baseline (60 cases counted 1,000 times) {base:.1f} ms; a sprint's p95 is {p95 / base:.3f} baselines")
    if args.suite:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_sim.py"],
                              cwd=REPO, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        print(f"  tests/test_sim.py: {seconds:.1f} s (target: under 60 s), {seconds * 1000 / base:.0f} baselines; "
              f"{done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.returncode}")
    return 0 if p95 < 50 else 1


if __name__ == "__main__":
    sys.exit(main())
