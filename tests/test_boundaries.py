"""Every boundary rule of the course holds exactly at its boundary for decimal inputs.

The course teaches crisp rules ("a lift of exactly min_lift launches", "a drop of exactly 0.05 does not
count", "a sprint that is exactly full is fine"). Decimals such as 0.68, 2.4 or 1.1 are stored in binary a
hair off, so a raw comparison of a computed difference or sum breaks the rule at the boundary. This module
sweeps grids of decimal boundary pairs through every such rule: in the model answers of the exercises (run
from solutions/, as a learner's correct answer would run) and in the package's own code.

The expected verdicts are computed in whole numbers (hundredths, tenths), never from the floats.
"""

from __future__ import annotations

import contextlib
import io
import re
from functools import cache

import nbformat
import pytest

from ailead.instructor import grading

SOLUTION_MARKERS = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$", re.M)


@cache
def solution(assignment: str) -> dict:
    """The names a correct learner's notebook defines: set-up and model answers run in order, no tests."""
    (path,) = (grading.SOLUTIONS / assignment).glob("*.ipynb")
    nb = nbformat.read(path, as_version=4)
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if cell.cell_type != "code" or (meta.get("grade") and not meta.get("solution")):
                continue
            if "figures." in cell.source and not meta.get("solution"):
                continue  # drawing a figure is not part of any rule
            exec(compile(SOLUTION_MARKERS.sub("", cell.source), f"{assignment}:{meta.get('grade_id')}", "exec"),
                 namespace)  # noqa: S102
    return namespace


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


# --------------------------------------------------------------------------- percentiles (lesson 03)

def test_nearest_rank_percentile_is_exact_for_whole_and_one_decimal_percents():
    percentile = solution("03-goals")["percentile"]
    from ailead.instructor.drawing.goals import _rank_value

    for n in (1, 5, 7, 20, 25, 50, 100, 199, 250):
        values = list(range(1, n + 1))  # the k-th smallest value is k, so the value is the rank
        for p in range(1, 101):
            rank = _ceil_div(p * n, 100)
            assert percentile(values, p) == rank, f"percentile(1..{n}, {p}) should be value {rank}"
            assert _rank_value(values, p) == rank
        for tenths in range(1, 1001, 7):  # p = 0.1, 0.8, 1.5, ... 99.4
            rank = _ceil_div(tenths * n, 1000)
            assert percentile(values, tenths / 10) == rank, f"percentile(1..{n}, {tenths / 10}) should be {rank}"
            assert _rank_value(values, tenths / 10) == rank


def test_error_budget_left_is_exactly_zero_when_the_budget_is_used_up():
    left = solution("03-goals")["budget_left_minutes"]
    assert left(0.9995, 30, [21.6]) == 0
    assert left(0.999, 30, [6, 4, 17, 11, 5.2]) == 0
    for minutes in range(1, 432):  # 0.1 ... 43.1 minutes of outage, in tenths
        assert left(0.999, 30, [minutes / 10, (432 - minutes) / 10]) == 0


# --------------------------------------------------------------------------- the launch rule (lesson 05)

def _experiment(control: dict, treatment: dict) -> dict:
    return {"name": "sweep", "control": control, "treatment": treatment}


RULE = {"primary": "acceptance_rate", "min_lift": 0.02, "guardrails": {"p95_latency_s": 0.3, "complaints_per_1k": 0.5}}


def test_launch_rule_at_the_minimum_lift_and_at_each_guardrail_tolerance():
    decide = solution("05-success")["launch_decision"]
    base = {"acceptance_rate": 0.5, "p95_latency_s": 2.0, "complaints_per_1k": 2.0}
    for c in range(40, 96):
        exact = _experiment({**base, "acceptance_rate": c / 100}, {**base, "acceptance_rate": (c + 2) / 100})
        short = _experiment({**base, "acceptance_rate": c / 100}, {**base, "acceptance_rate": (c + 1) / 100})
        assert decide(exact, RULE) == "launch", f"{c / 100} -> {(c + 2) / 100} is exactly the minimum lift"
        assert decide(short, RULE) == "hold"
    lift = {"acceptance_rate": 0.75}
    for a in range(5, 60):  # p95 0.5 s ... 5.9 s, tolerance 0.3 s
        at = _experiment({**base, "p95_latency_s": a / 10}, {**base, **lift, "p95_latency_s": (a + 3) / 10})
        over = _experiment({**base, "p95_latency_s": a / 10}, {**base, **lift, "p95_latency_s": (a + 4) / 10})
        assert decide(at, RULE) == "launch", f"p95 {a / 10} -> {(a + 3) / 10} s rises by exactly the tolerance"
        assert decide(over, RULE) == "rollback"
    for a in range(5, 60):  # complaints per 1,000, tolerance 0.5
        at = _experiment({**base, "complaints_per_1k": a / 10},
                         {**base, **lift, "complaints_per_1k": (a + 5) / 10})
        assert decide(at, RULE) == "launch", f"complaints {a / 10} -> {(a + 5) / 10} rise by exactly 0.5"


def test_cheapest_threshold_ties_go_to_the_higher_threshold():
    best = solution("05-success")["best_threshold"]
    drafts = [{"score": s, "good": g} for s, g in
              [(0.5, False), (0.2, True), (0.2, True), (0.2, True), (0.6, True)]]
    # threshold 0.2 costs 1 false positive x 0.3 = 0.3; threshold 0.6 costs 3 false negatives x 0.1 = 0.3
    assert best(drafts, 0.3, 0.1) == 0.6


# --------------------------------------------------------------------------- regression and fairness (lesson 09)

def test_a_drop_of_exactly_the_tolerance_is_not_a_regression():
    regressed = solution("09-challenges")["regressed_slices"]
    from matplotlib.figure import Figure  # noqa: F401  (the chart below draws)

    from ailead.instructor.drawing.challenges import eval_slices_chart

    for b in range(55, 100):
        baseline = {"refunds": b / 100, "billing": b / 100}
        rates = {"refunds": (b - 5) / 100, "billing": (b - 6) / 100}
        assert regressed(rates, baseline, 0.05) == ["billing"], f"{b / 100} -> {(b - 5) / 100} is exactly 0.05"
    assert regressed({"refunds": 17 / 20}, {"refunds": 0.90}, 0.05) == []
    cases = [{"id": f"c{i}", "slice": "refunds", "passed": i < 17} for i in range(20)]
    fig = eval_slices_chart(cases, {"refunds": 0.90}, 0.05)
    labels = " ".join(t.get_text() for ax in fig.axes for t in ax.texts)
    assert "regressed" not in labels, "the chart flags a drop of exactly the tolerance"


# --------------------------------------------------------------------------- full sprints and releases (06, 10, 14)

def _item(item_id: str, effort: float, depends_on: tuple = ()) -> dict:
    return {"id": item_id, "title": item_id, "effort": effort, "weeks": effort, "reach": 10, "impact": 1,
            "confidence": 0.5, "depends_on": list(depends_on)}


@pytest.mark.parametrize("assignment", ["06-discovery-vs-delivery", "14-capstone"])
def test_a_sprint_that_is_exactly_full_takes_every_item(assignment):
    plan = solution(assignment)["plan_sprint"]
    for capacity in range(2, 60):  # tenths of a person-week
        for first in range(1, capacity):
            items = [_item("A", first / 10), _item("B", (capacity - first) / 10)]
            if assignment == "14-capstone":
                got = plan(items, capacity / 10, ["A", "B"], [])
            else:
                got = plan(items, capacity / 10)
            assert got == ["A", "B"], f"{first / 10} + {(capacity - first) / 10} fill {capacity / 10} exactly"


def test_a_release_that_is_exactly_full_is_one_release():
    releases = solution("10-alignment-and-the-future")["plan_small_releases"]
    for limit in range(2, 60):
        for first in range(1, limit):
            items = [_item("A", first / 10), _item("B", (limit - first) / 10), _item("C", 0.1)]
            assert releases(items, limit / 10) == [["A", "B"], ["C"]]


# --------------------------------------------------------------------------- equal scores are ties (04, 14)

def test_equal_rice_scores_are_ties_broken_by_effort():
    a = _item("A", 5)
    a.update(reach=5, impact=3, confidence=0.8)       # 5 x 3 x 0.8 / 5 = 2.4
    b = _item("B", 8)
    b.update(reach=12, impact=2, confidence=0.8)      # 12 x 2 x 0.8 / 8 = 2.4000000000000004 in floats
    assert solution("04-decisions")["rank_by_rice"]([b, a]) == ["A", "B"]
    assert solution("14-capstone")["priority_order"]([b, a]) == ["A", "B"]


def test_equal_weighted_totals_are_ties_broken_alphabetically():
    best = solution("04-decisions")["best_option"]
    weights = {"quality": 0.35, "cost": 0.15, "time": 0.20, "control": 0.15, "risk": 0.15}
    options = {"Beta": {"quality": 1, "cost": 1, "time": 1, "control": 2, "risk": 2},     # 1.3
               "Alpha": {"quality": 1, "cost": 3, "time": 1, "control": 1, "risk": 1}}    # 1.2999999999999998
    assert best(options, weights, {}) == "Alpha"
