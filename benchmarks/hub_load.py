"""A cohort at the start and end of a session: many learners at once on the loopback hub (issue 22).

Each simulated learner logs in through the PAM form, starts their server, fetches exercise 01, runs the
self-check (nbgrader's Validate: on the hub `ailead check` refuses, the hidden tests being kept from
learners), saves an answer through the contents API and submits, all learners starting together. Then the
grader collects and grades, and every hand-in must be graded exactly once (the run fails otherwise).

It reports p50/p95 per step (nearest rank), the machine's peak memory and each learner's peak, and ramps
the number of learners (30, then +15 each step) until the p95 of submit passes 10 s or the bound is reached.
Every figure is also given as a ratio to a baseline measured in the same run: one learner alone.

Root only (it makes machine accounts), like tests/test_cohort_hub.py, whose set-up it shares
(tests/hubkit.py). Run: `sudo .venv/bin/python benchmarks/hub_load.py [--start 30 --step 15 --max 75]`.
Takes about 15-40 minutes on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests import hubkit  # noqa: E402
from tests.hubkit import A  # noqa: E402

SUBMIT_P95_LIMIT = 10.0


def _answers():
    import nbformat

    from ailead.instructor import grading

    name, release = grading.release_notebook(grading.REPO, A)
    (source,) = (grading.SOLUTIONS / A).glob("*.ipynb")
    solved = grading.fill_answers(release, grading.solution_answers(nbformat.read(source, as_version=4)))
    return name, release, solved


def _reset(hub: hubkit.Hub, learners: list[str]) -> None:
    """Every learner logged out with no server and no fetched copy: the next wave starts from cold."""
    import pwd

    for u in learners:
        if hub.server_pid(u) is not None:
            hub.request(u, "DELETE", f"/hub/api/users/{u}/server", timeout=120)
    hubkit.wait_for(lambda: all(hub.server_pid(u) is None for u in learners), 180, "servers did not stop")
    for u in learners:
        shutil.rmtree(Path(pwd.getpwnam(u).pw_dir) / A, ignore_errors=True)
    hub._tokens.clear()


def _stats(timings: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    out = {}
    for step in hubkit.STEPS:
        values = [t[step] for t in timings.values()]
        out[step] = {"p50": hubkit.percentile(values, 50), "p95": hubkit.percentile(values, 95), "max": max(values)}
    return out


def one_wave(hub: hubkit.Hub, learners: list[str], tag: str, grade: bool) -> dict:
    name, release, solved = _answers()
    _reset(hub, learners)
    notebooks = {u: hubkit.marked(solved if i % 2 == 0 else release, f"{tag} {u}") for i, u in enumerate(learners)}
    print(f"\n== {len(learners)} learner(s) at once ({tag})", flush=True)
    started = time.monotonic()
    hub.failed_presses.clear()
    with hubkit.MemorySampler(learners) as memory:
        timings, failures = hubkit.wave(hub, name, notebooks)
    wall = time.monotonic() - started
    if failures:
        kept = REPO / "artifacts" / "hub-load"
        kept.mkdir(parents=True, exist_ok=True)
        for log in hub.base.glob("hub-*.log"):
            shutil.copy(log, kept / log.name)
        raise SystemExit(f"{len(failures)} learner(s) failed (hub logs kept in {kept}): "
                         f"{json.dumps(failures, indent=1)[:3000]}")
    stats = _stats(timings)
    for step, s in stats.items():
        print(f"  {step:<7} p50 {s['p50']:6.2f} s  p95 {s['p95']:6.2f} s  max {s['max']:6.2f} s", flush=True)
    per_user = sorted(memory.per_user.values())
    print(f"  wall {wall:.1f} s; machine memory in use {memory.baseline / 2**30:.2f} GiB before, "
          f"peak {memory.peak / 2**30:.2f} GiB (+{(memory.peak - memory.baseline) / 2**30:.2f}); per learner peak "
          f"median {per_user[len(per_user) // 2] / 2**20:.0f} MiB, largest {per_user[-1] / 2**20:.0f} MiB", flush=True)
    for user, step, why in hub.failed_presses:
        print(f"  {user}: {step} failed once and was pressed again: ...{why[-200:]!r}", flush=True)
    result = {"n": len(learners), "wall": wall, "steps": stats, "mem_before": memory.baseline,
              "pressed_again": len(hub.failed_presses),
              "mem_peak": memory.peak, "per_learner_peak_max": per_user[-1],
              "per_learner_peak_median": per_user[len(per_user) // 2]}
    if grade:
        started = time.monotonic()
        hub.grader("nbgrader", "collect", "--update", A, timeout=1800)
        graded = hub.grader("ailead", "grade", A, "--from", str(hub.course / "grading" / "submitted"), timeout=3600)
        result["grading_seconds"] = time.monotonic() - started
        again = hub.grader("ailead", "grade", A, "--from", str(hub.course / "grading" / "submitted"), timeout=600)
        once = (f"Autograding {len(learners)} submission(s)" in graded.stderr
                and "Nothing to autograde" in again.stderr)
        ledger = json.loads((hub.course / "grading" / "ailead" / f"{A}.ledger.json").read_text())["results"]
        ok = all(ledger.get(u, {}).get("status") == "ok" for u in learners)
        print(f"  collected and graded in {result['grading_seconds']:.1f} s; each hand-in graded exactly once: "
              f"{once and ok}", flush=True)
        if not (once and ok):
            raise SystemExit(f"grading was not exactly once:\n{graded.stderr[-2000:]}\n{again.stderr[-1000:]}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--start", type=int, default=30, help="learners in the first wave (default 30)")
    parser.add_argument("--step", type=int, default=15, help="learners added per ramp step (default 15)")
    # 75 learners' servers at their measured peak (~220 MiB each) fill about 17 of the machine's 24 GB.
    parser.add_argument("--max", type=int, default=75, help="the ramp's bound (default 75)")
    parser.add_argument("--no-grade", action="store_true", help="skip collecting and grading after each wave")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    if why := hubkit.missing():
        print(f"hub_load: cannot run: {why}", file=sys.stderr)
        return 2
    learners = [f"ailb-{i:03d}" for i in range(1, args.max + 1)]
    results = []
    with hubkit.cohort(learners, instructor="ailb-instr", grader="ailb-grader") as hub:
        baseline = one_wave(hub, learners[:1], "alone", grade=False)
        n = args.start
        while n <= args.max:
            result = one_wave(hub, learners[:n], f"wave of {n}", grade=not args.no_grade)
            results.append(result)
            if result["steps"]["submit"]["p95"] > SUBMIT_P95_LIMIT:
                break
            n += args.step
    print("\n== Summary (ratios to one learner alone, same run)")
    base = baseline["steps"]
    print("  alone: " + ", ".join(f"{s} {base[s]['p50']:.2f} s" for s in hubkit.STEPS))
    for r in results:
        ratios = ", ".join(f"{s} p95 {r['steps'][s]['p95']:.2f} s ({r['steps'][s]['p95'] / base[s]['p50']:.1f}x)"
                           for s in hubkit.STEPS)
        print(f"  {r['n']:>3} learners: {ratios}; peak memory {r['mem_peak'] / 2**30:.2f} GiB")
    held = [r["n"] for r in results if r["steps"]["submit"]["p95"] <= SUBMIT_P95_LIMIT]
    over = [r["n"] for r in results if r["steps"]["submit"]["p95"] > SUBMIT_P95_LIMIT]
    if over:
        print(f"  capacity: p95 submit stays within {SUBMIT_P95_LIMIT:.0f} s up to "
              f"{max(held) if held else 0} learners; passes it at {over[0]}")
    else:
        print(f"  capacity: p95 submit stayed within {SUBMIT_P95_LIMIT:.0f} s up to the bound, {max(held)} learners")
    if args.json:
        Path(args.json).write_text(json.dumps({"baseline": baseline, "waves": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
