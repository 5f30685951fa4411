"""Lesson 05 (success): its case data is small, fixed and valid, and its figures draw what they claim."""

import matplotlib
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pytest

from ailead import case, figures

from .helpers import figure_colours

matplotlib.use("Agg")
SAFE = {mcolors.to_hex(c) for c in figures.OKABE_ITO.values()}


def _line_colours(ax):
    return {mcolors.to_hex(line.get_color()) for line in ax.get_lines()}


def _fill_colours(ax):
    return figure_colours(ax)


# --------------------------------------------------------------------------- case data

@pytest.mark.parametrize("getter", [case.quality_gate_sample, case.quality_gate_costs, case.launch_rule,
                                    case.pilot_experiments, case.pilot_engineering_metrics])
def test_success_data_is_deterministic_and_fresh(getter):
    first = getter()
    assert first == getter()
    first.clear()
    assert getter(), f"{getter.__name__} handed out its own storage"


def test_nested_success_data_is_copied():
    rule = case.launch_rule()
    rule["guardrails"]["p95_latency_s"] = 99
    assert case.launch_rule()["guardrails"]["p95_latency_s"] == 0.3
    experiments = case.pilot_experiments()
    experiments[0]["treatment"]["acceptance_rate"] = 0
    assert case.pilot_experiments()[0]["treatment"]["acceptance_rate"] == 0.73


def test_quality_gate_sample_is_valid():
    sample = case.quality_gate_sample()
    assert len(sample) == 40
    assert len({d["draft"] for d in sample}) == 40
    for d in sample:
        assert 0 <= d["score"] <= 1 and isinstance(d["good"], bool)
    scores = [d["score"] for d in sample]
    assert len(set(scores)) < len(scores), "some drafts share a score, so ties must be handled"
    assert 0.5 < sum(d["good"] for d in sample) / len(sample) < 0.9


def test_gate_costs_are_positive():
    costs = case.quality_gate_costs()
    assert set(costs) == {"false_positive", "false_negative"}
    assert costs["false_positive"] > costs["false_negative"] > 0


def test_experiments_carry_every_metric_the_rule_names():
    rule = case.launch_rule()
    needed = {rule["primary"], *rule["guardrails"]}
    assert rule["min_lift"] > 0 and all(t >= 0 for t in rule["guardrails"].values())
    names = [e["name"] for e in case.pilot_experiments()]
    assert len(names) == len(set(names)) >= 4
    for experiment in case.pilot_experiments():
        assert set(experiment["control"]) == set(experiment["treatment"]) == needed


def test_engineering_weeks_are_shares_with_a_week_3_dip():
    weeks = case.pilot_engineering_metrics()
    assert [w["week"] for w in weeks] == [1, 2, 3, 4]
    for w in weeks:
        assert all(0 <= w[k] <= 1 for k in ("within_3s", "offline_accuracy", "availability"))
    assert min(weeks, key=lambda w: w["within_3s"])["week"] == 3


# --------------------------------------------------------------------------- figures

def test_pilot_dashboard_has_two_labelled_panels_in_safe_colours():
    fig = figures.pilot_dashboard()
    left, right = fig.axes
    for ax in (left, right):
        assert ax.get_title() and ax.get_xlabel() == "Pilot week" and ax.get_ylabel()
        assert _line_colours(ax) <= SAFE
    assert "Product" in left.get_title() and "Engineering" in right.get_title()
    assert fig.get_suptitle()
    plt.close(fig)


def test_pilot_dashboard_draws_the_log_and_the_engineering_numbers():
    log = [
        {"day": 1, "agent": "a", "accepted": True, "seconds_saved": 60},
        {"day": 1, "agent": "b", "accepted": False, "seconds_saved": 0},
        {"day": 8, "agent": "a", "accepted": True, "seconds_saved": 60},
    ]
    engineering = [{"week": 1, "within_3s": 0.9, "offline_accuracy": 0.8, "availability": 0.99},
                   {"week": 2, "within_3s": 1.0, "offline_accuracy": 0.85, "availability": 1.0}]
    fig = figures.pilot_dashboard(log, engineering)
    left, right = fig.axes
    active, accepted = left.get_lines()[:2]
    team = case.COMPANY["support_agents"]
    assert list(active.get_ydata()) == pytest.approx([100 * 2 / (7 * team), 100 * 1 / (7 * team)])
    assert list(accepted.get_ydata()) == pytest.approx([50.0, 100.0])
    within = right.get_lines()[0]
    assert list(within.get_ydata()) == pytest.approx([90.0, 100.0])
    plt.close(fig)


def test_threshold_cost_curve_marks_the_cheapest_threshold():
    sample = [{"score": 0.9, "good": True}, {"score": 0.8, "good": False}, {"score": 0.7, "good": True},
              {"score": 0.4, "good": False}]
    fig = figures.threshold_cost_curve(sample, cost_fp=2, cost_fn=1)
    ax = fig.axes[0]
    assert ax.get_title() and "Threshold" in ax.get_xlabel() and "US$" in ax.get_ylabel()
    assert _line_colours(ax) <= SAFE and _fill_colours(ax) <= SAFE
    total = [line for line in ax.get_lines() if line.get_label() == "Total cost"][0]
    assert list(total.get_xdata()) == [0.4, 0.7, 0.8, 0.9]
    # 0.4: two bad drafts ready (4); 0.7: one bad ready (2); 0.8: one bad ready, one good hidden (3);
    # 0.9: one good hidden (1)
    assert list(total.get_ydata()) == [4, 2, 3, 1]
    star = ax.collections[0].get_offsets()[0]
    assert list(star) == [0.9, 1]
    plt.close(fig)


def test_threshold_cost_curve_breaks_ties_towards_the_higher_threshold():
    sample = [{"score": 0.9, "good": True}, {"score": 0.6, "good": False}, {"score": 0.3, "good": True}]
    # thresholds 0.3: one bad ready (1); 0.6: one bad ready, one good hidden (2); 0.9: one good hidden (1)
    fig = figures.threshold_cost_curve(sample, cost_fp=1, cost_fn=1)
    assert list(fig.axes[0].collections[0].get_offsets()[0]) == [0.9, 1]
    plt.close(fig)


def test_threshold_cost_curve_ties_with_decimal_costs():
    # Threshold 0.2 lets one bad draft through (0.3); 0.6 hides three good drafts (3 x 0.1, which a computer
    # stores as 0.30000000000000004). The two cost the same, so the higher threshold is the lowest point.
    sample = [{"score": 0.5, "good": False}] + [{"score": 0.2, "good": True}] * 3 + [{"score": 0.6, "good": True}]
    fig = figures.threshold_cost_curve(sample, cost_fp=0.3, cost_fn=0.1)
    assert list(fig.axes[0].collections[0].get_offsets()[0]) == pytest.approx([0.6, 0.3])
    plt.close(fig)


def test_threshold_cost_curve_uses_the_case_by_default():
    fig = figures.threshold_cost_curve()
    ax = fig.axes[0]
    assert "40 drafts" in ax.get_ylabel()
    assert "$3" in " ".join(t.get_text() for t in ax.get_legend().get_texts())
    plt.close(fig)
