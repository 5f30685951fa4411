"""Lesson 03 (goals): the full-day load test, the pilot's outages, and the two figures that draw them."""

import math

import matplotlib
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pytest

from ailead import case, figures

from .helpers import figure_colours

matplotlib.use("Agg")
SAFE = {mcolors.to_hex(c) for c in figures.OKABE_ITO.values()}


def _nearest_rank(values, p):
    ordered = sorted(values)
    return ordered[math.ceil(round(p * len(ordered) / 100, 6)) - 1]


def _colours(ax):
    return figure_colours(ax, lines=True)


# --------------------------------------------------------------------------- case data

def test_load_test_latencies_are_deterministic_fresh_and_positive():
    day = case.load_test_latencies()
    assert len(day) == 1200 and day == case.load_test_latencies()
    assert day != case.load_test_latencies(seed=6)
    assert all(isinstance(v, float) and v > 0 for v in day)
    assert day != sorted(day), "the day is in the order drafts were made, so a learner must sort it"
    day.clear()
    assert case.load_test_latencies(), "each call returns a fresh list"
    assert len(case.load_test_latencies(n=10)) == 10
    assert case.pilot_day_latencies() == case.load_test_latencies(), "the older name still works"


def test_load_test_has_the_long_tail_the_lesson_describes():
    day = case.load_test_latencies()
    # The lesson quotes these numbers; if the data changes, update the lesson's prose too.
    assert round(sum(day) / len(day), 2) == 2.21
    assert (_nearest_rank(day, 50), _nearest_rank(day, 95), _nearest_rank(day, 99)) == (1.79, 5.07, 9.04)
    assert sum(v > _nearest_rank(day, 95) for v in day) == 60


def test_load_test_rejects_no_drafts():
    with pytest.raises(ValueError, match="n must be at least 1"):
        case.load_test_latencies(n=0)


def test_pilot_month_outages_are_fresh_and_valid():
    outages = case.pilot_month_outages()
    assert outages == case.pilot_month_outages()
    assert all(1 <= o["day"] <= 30 and o["minutes"] > 0 and o["cause"] for o in outages)
    assert [o["day"] for o in outages] == sorted(o["day"] for o in outages)
    assert sum(o["minutes"] for o in outages) == 38  # the lesson: 38 of 43.2 minutes used by day 19
    outages[0]["minutes"] = 999
    assert case.pilot_month_outages()[0]["minutes"] == 6


# --------------------------------------------------------------------------- latency chart

def test_latency_chart_marks_mean_and_nearest_rank_percentiles():
    values = [0.5, 1.0, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 6.0, 12.0]
    fig = figures.draft_latency_chart(values)
    ax = fig.axes[0]
    assert ax.get_title() and "Seconds" in ax.get_xlabel() and "drafts" in ax.get_ylabel()
    marks = {line.get_label().split(" = ")[0]: line.get_xdata()[0] for line in ax.lines}
    assert marks == {"mean": pytest.approx(3.35), "p50": 2.0, "p95": 12.0, "p99": 12.0}
    styles = {line.get_linestyle() for line in ax.lines}
    assert len(styles) == 4, "each marker line has its own style, so colour is not the only cue"
    assert sum(p.get_height() for p in ax.patches) == len(values)
    assert _colours(ax) <= SAFE
    plt.close(fig)


def test_latency_chart_on_the_load_test():
    fig = figures.draft_latency_chart(case.load_test_latencies())
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "p95 5.07 s" in texts and "60 of 1,200 drafts" in texts
    assert "load test" in fig.axes[0].get_title()
    plt.close(fig)


@pytest.mark.parametrize(("p", "n", "rank"), [
    (14, 50, 7),       # 14 * 50 / 100 = 7.0, but 14 / 100 * 50 = 7.000000000000001
    (64.4, 250, 161),  # 64.4 * 250 / 100 = 161.00000000000003
    (28, 25, 7),       # 28 / 100 * 25 = 7.000000000000001
    (95, 10, 10),      # 9.5 rounds up
    (0.1, 5, 1),
])
def test_nearest_rank_is_exact_at_decimal_boundaries(p, n, rank):
    """The chart's percentiles use the lesson's rule, rank = ceil(round(p * n / 100, 6)), exactly."""
    from ailead.instructor.drawing.goals import _rank_value

    values = [float(v) for v in range(1, n + 1)]
    assert _rank_value(values, p) == rank == _nearest_rank(values, p)


def test_latency_chart_rejects_empty_input():
    with pytest.raises(ValueError, match="empty"):
        figures.draft_latency_chart([])


# --------------------------------------------------------------------------- model trade-off chart

def _points(ax):
    """(x, y, hex colour) of every scatter point."""
    found = []
    for coll in ax.collections:
        offsets, faces = coll.get_offsets(), coll.get_facecolors()
        if len(offsets) == 1 and len(faces) == 1:
            found.append((float(offsets[0][0]), float(offsets[0][1]), mcolors.to_hex(faces[0])))
    return found


def test_tradeoff_chart_marks_which_options_meet_the_limits():
    fig = figures.model_tradeoff_chart(min_quality=0.8, max_p95_s=3.0, max_cost=8.0)
    ax = fig.axes[0]
    assert ax.get_title() and "p95" in ax.get_xlabel() and "Quality" in ax.get_ylabel()
    meets = {(x, y) for x, y, c in _points(ax) if c == figures.OKABE_ITO["blue"].lower()}
    assert meets == {(2.1, 0.81), (2.7, 0.84)}, "Hosted medium and the fine-tuned open model meet every limit"
    labels = {t.get_text().split("\n")[0]: t.get_text() for t in ax.texts if "per 1,000 drafts" in t.get_text()}
    assert "misses: latency, cost" in labels["Hosted large"]
    assert "misses: quality" in labels["Hosted small"]
    assert "misses" not in labels["Open model, fine-tuned"]
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {"meets every limit", "misses a limit"}
    assert _colours(ax) <= SAFE
    plt.close(fig)


def test_tradeoff_chart_without_limits_draws_every_option_plainly():
    fig = figures.model_tradeoff_chart()
    ax = fig.axes[0]
    assert len(_points(ax)) == len(case.model_options())
    assert ax.get_legend() is None
    assert not any("misses" in t.get_text() for t in ax.texts)
    plt.close(fig)


def test_tradeoff_chart_takes_its_own_options():
    options = [{"name": "A", "quality": 0.9, "p95_latency_s": 1.0, "cost_per_1k_drafts": 3.0}]
    fig = figures.model_tradeoff_chart(options, max_cost=2.0)
    ax = fig.axes[0]
    assert _points(ax) == [(1.0, 0.9, figures.OKABE_ITO["vermillion"].lower())]
    plt.close(fig)
    with pytest.raises(ValueError, match="empty"):
        figures.model_tradeoff_chart([])
