"""Lesson 11 (evidence): its case data agrees with the rest of the case, its figures draw what they claim, and
every number the lesson quotes agrees with an independent implementation (scipy and statsmodels)."""

import math
import re
from pathlib import Path

import matplotlib
import matplotlib.colors as mcolors
import pytest

from ailead import case, figures
from ailead.instructor.drawing import evidence as evidence_figures

from .helpers import figure_colours, safe_colours

matplotlib.use("Agg")
REPO = Path(__file__).resolve().parents[1]
SAFE = safe_colours()


def _line_colours(ax):
    return {mcolors.to_hex(line.get_color()) for line in ax.get_lines()}


def _kappa(a, b):
    """Cohen's kappa from the confusion table (rows: A's label, columns: B's), a second formulation."""
    labels = sorted(set(a) | set(b))
    table = {(x, y): 0 for x in labels for y in labels}
    for x, y in zip(a, b):
        table[(x, y)] += 1
    n = len(a)
    observed = sum(table[(x, x)] for x in labels) / n
    rows = {x: sum(table[(x, y)] for y in labels) for x in labels}
    cols = {y: sum(table[(x, y)] for x in labels) for y in labels}
    expected = sum(rows[x] * cols[x] for x in labels) / (n * n)
    return (observed - expected) / (1 - expected)


# --------------------------------------------------------------------------- case data

@pytest.mark.parametrize("getter", [case.slice_counts, case.german_counts, case.experiment_counts,
                                    case.experiment_traffic, case.reviewer_labels, case.judge_calibration])
def test_evidence_data_is_deterministic_and_fresh(getter):
    first = getter()
    assert first == getter()
    first.clear()
    assert getter(), f"{getter.__name__} handed out its own storage"


def test_slice_counts_agree_with_lesson_09s_run():
    counts = case.slice_counts()
    assert [s["slice"] for s in counts] == list(case.CHALLENGE_SLICES)
    assert sum(s["cases"] for s in counts) == case.CASE_FACTS["eval_cases"] == 60
    refunds = next(s for s in counts if s["slice"] == "refunds")
    assert (refunds["passed"], refunds["cases"]) == (10, 15)
    assert case.eval_baseline()["refunds"] == case.QUALITY_BAR == 0.80


def test_german_cases_are_the_case_facts():
    german = case.german_counts()
    assert german["cases"] == case.CASE_FACTS["eval_german_cases"] == 4
    assert 0 <= german["passed"] <= german["cases"]


def test_experiment_counts_reproduce_lesson_05s_rates():
    rates = {e["name"]: e for e in case.pilot_experiments()}
    counts = case.experiment_counts()
    assert [e["name"] for e in counts] == list(rates)
    for e in counts:
        for arm in ("control", "treatment"):
            assert e[arm]["accepted"] / e[arm]["drafts"] == pytest.approx(rates[e["name"]][arm]["acceptance_rate"])
    nested = case.experiment_counts()
    nested[0]["control"]["accepted"] = 0
    assert case.experiment_counts()[0]["control"]["accepted"] == 680


def test_traffic_follows_the_case_facts():
    traffic = case.experiment_traffic()
    assert traffic["full_volume_emails_per_day"] == case.CASE_FACTS["tickets_per_day"]
    assert traffic["full_volume_drafts_per_arm_per_day"] * 2 == traffic["full_volume_emails_per_day"]
    # The pilot's busiest week in the usage log has about 2,000 drafts, about 1,000 per arm.
    busiest = max(sum(1 for e in case.usage_log() if (e["day"] - 1) // 7 == w) for w in range(4))
    assert abs(busiest / 2 - traffic["pilot_drafts_per_arm_per_week"]) < 100


def test_reviewers_disagree_on_7_of_20_with_the_lessons_counts():
    rows = case.reviewer_labels()
    assert len(rows) == 20 and len({r["draft"] for r in rows}) == 20
    pairs = {}
    for r in rows:
        pairs[(r["reviewer_a"], r["reviewer_b"])] = pairs.get((r["reviewer_a"], r["reviewer_b"]), 0) + 1
    assert pairs == {("pass", "pass"): 8, ("pass", "fail"): 4, ("fail", "pass"): 3, ("fail", "fail"): 5}


def test_judge_calibration_is_held_out_and_matches_the_lesson():
    data = case.judge_calibration()
    held = data["held_out"]
    assert len(held) == 40 and len({r["case"] for r in held}) == 40
    assert not {r["case"] for r in held} & set(data["tuning_ids"])
    human = [r["human"] for r in held]
    assert human.count("pass") == 26
    for key, agree, passes in [("judge_v1", 34, 30), ("judge_v2", 37, 27)]:
        judge = [r[key] for r in held]
        assert sum(h == j for h, j in zip(human, judge)) == agree
        assert judge.count("pass") == passes


def test_peeking_simulation_inflates_false_winners_as_the_literature_says():
    rows = case.peeking_simulation()
    assert rows == case.peeking_simulation(), "seeded: the same table every time"
    share = {r["looks"]: r["false_winner_share"] for r in rows}
    assert set(share) == {1, 2, 14}
    # Armitage, McPherson and Rowe (1969): about 5 % for one look, 8 % for two, and about 20-25 % for 10-20 looks.
    assert abs(share[1] - 0.05) < 0.015
    assert abs(share[2] - 0.083) < 0.02
    assert 0.18 < share[14] < 0.25
    assert share[1] < share[2] < share[14]
    # The lesson quotes these, rounded.
    assert (round(100 * share[1]), round(100 * share[2]), round(100 * share[14])) == (5, 9, 21)
    with pytest.raises(ValueError):
        case.peeking_simulation(days=10)


# --------------------------------------------------------------------------- the lesson's numbers

def test_wilson_numbers_in_the_lesson_agree_with_statsmodels():
    proportion = pytest.importorskip("statsmodels.stats.proportion")
    for x, n, low, high in [(10, 15, 0.42, 0.85), (14, 15, 0.70, 0.99), (4, 4, 0.51, 1.00), (0, 4, 0.00, 0.49),
                            (18, 20, 0.70, 0.97), (13, 15, 0.62, 0.96), (8, 10, 0.49, 0.94), (3, 4, 0.30, 0.95),
                            (40, 60, 0.54, 0.77)]:
        got = proportion.proportion_confint(x, n, alpha=0.05, method="wilson")
        assert (round(got[0], 2), round(got[1], 2)) == (low, high), (x, n, got)
        ours = evidence_figures._wilson(x, n, 1.96)
        assert ours == pytest.approx(got, abs=5e-5)
    # The normal interval of the lesson's table, unclipped (statsmodels' method="normal" clips it to 0..1,
    # which hides exactly the flaw the table shows): the same values inside 0..1.
    for x, n, low, high in [(10, 15, 0.43, 0.91), (14, 15, 0.81, 1.06), (4, 4, 1.0, 1.0), (0, 4, 0.0, 0.0)]:
        p, margin = x / n, 1.96 * math.sqrt(x / n * (1 - x / n) / n)
        assert (round(p - margin, 2), round(p + margin, 2)) == (low, high)
        clipped = proportion.proportion_confint(x, n, alpha=0.05, method="normal")
        assert clipped[0] == pytest.approx(max(0, p - margin), abs=1e-4)


def test_coverage_and_one_in_six_claims():
    stats = pytest.importorskip("scipy.stats")
    # If refunds truly passed 0.80, 10 or fewer of 15 happens about one time in six.
    assert stats.binom.cdf(10, 15, 0.8) == pytest.approx(0.164, abs=0.001)

    def coverage(interval, n, p):
        return sum(stats.binom.pmf(x, n, p) for x in range(n + 1) if interval(x, n)[0] <= p <= interval(x, n)[1])

    def normal(x, n):
        p, m = x / n, 1.96 * math.sqrt(x / n * (1 - x / n) / n)
        return p - m, p + m

    assert round(100 * coverage(normal, 15, 0.8)) == 81
    assert round(100 * coverage(lambda x, n: evidence_figures._wilson(x, n, 1.96), 15, 0.8)) == 98


def _cases_needed(bar, drop, za=1.645, zb=0.84):
    q = bar - drop
    return (za * math.sqrt(bar * (1 - bar)) + zb * math.sqrt(q * (1 - q))) ** 2 / drop ** 2


def test_sample_sizes_in_the_lesson():
    power = pytest.importorskip("statsmodels.stats.power")
    stats = pytest.importorskip("scipy.stats")
    table = {0.30: 13, 0.20: 29, 0.13: 66, 0.10: 109, 0.05: 418}
    for drop, cases in table.items():
        assert math.ceil(round(_cases_needed(0.80, drop), 6)) == cases
        exact = power.normal_sample_size_one_tail(drop, 0.8, 0.05, std_null=math.sqrt(0.16),
                                                  std_alternative=math.sqrt((0.8 - drop) * (0.2 + drop)))
        assert exact == pytest.approx(_cases_needed(0.80, drop, stats.norm.ppf(0.95), stats.norm.ppf(0.8)))
        assert abs(math.ceil(exact) - cases) <= 1  # rounded z values move the answer by at most one case
    # Power computed a second way: the probability that a one-sided test at the bar flags a slice whose true
    # rate is bar - drop. With 109 cases a 10-point drop is caught at least 80 % of the time; with 108, not.
    def caught(n, bar=0.8, drop=0.1):
        q = bar - drop
        critical = bar - 1.645 * math.sqrt(bar * (1 - bar) / n)
        return stats.norm.cdf((critical - q) / math.sqrt(q * (1 - q) / n))

    assert caught(109) >= 0.80 > caught(108) - 0.0005
    # What the slice sizes can catch: 15 cases about 28 points, 60 cases about 14, 4 cases more than 50.
    for n, drop in [(15, 0.28), (60, 0.14)]:
        assert _cases_needed(0.80, drop) == pytest.approx(n, rel=0.06)
    assert _cases_needed(0.80, 0.50) > 4


def test_ab_numbers_in_the_lesson():
    proportion = pytest.importorskip("statsmodels.stats.proportion")
    stats = pytest.importorskip("scipy.stats")

    def per_arm(p1, d, za=1.96, zb=0.84):
        p2, pbar = p1 + d, p1 + d / 2
        return (za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / d ** 2

    assert math.ceil(per_arm(0.68, 0.02)) == 8384
    exact = proportion.samplesize_proportions_2indep_onetail(0.02, 0.68, 0.8, alpha=0.05)
    assert exact == pytest.approx(per_arm(0.68, 0.02, stats.norm.ppf(0.975), stats.norm.ppf(0.8)))
    assert round(exact) == 8393
    assert 16 * 0.68 * 0.32 / 0.02 ** 2 == pytest.approx(8704)
    assert math.ceil(8384 / 500) == 17 and 8384 / 1000 > 8
    # The lesson's table of the five experiments: lift, interval (points, one decimal) and z for order history.
    expected = {"Order history in the prompt": (5, 1.0, 9.0), "Larger hosted model": (6, 2.0, 10.0),
                "Friendlier tone instructions": (1, -3.1, 5.1), "Shorter prompt to cut cost": (-2, -6.1, 2.1),
                "Quote the refund policy word for word": (4, -0.0, 8.0)}
    for e in case.experiment_counts():
        c, t = e["control"], e["treatment"]
        low, high = proportion.confint_proportions_2indep(t["accepted"], t["drafts"], c["accepted"], c["drafts"],
                                                          method="wald", compare="diff")
        lift, lo, hi = expected[e["name"]]
        assert (round(100 * low, 1), round(100 * high, 1)) == (lo, hi)
        assert round(100 * (t["accepted"] / t["drafts"] - c["accepted"] / c["drafts"])) == lift
    z, p = proportion.proportions_ztest([730, 680], [1000, 1000])
    assert round(z, 2) == 2.45 and round(p, 3) == 0.014
    # The detectable lifts the figure marks.
    assert 100 * evidence_figures._detectable(1000, 0.68, 1.96, 0.84) == pytest.approx(5.7, abs=0.05)
    assert 100 * evidence_figures._detectable(3500, 0.68, 1.96, 0.84) == pytest.approx(3.1, abs=0.05)


def test_kappa_numbers_in_the_lesson():
    inter_rater = pytest.importorskip("statsmodels.stats.inter_rater")
    rows = case.reviewer_labels()
    a, b = [r["reviewer_a"] for r in rows], [r["reviewer_b"] for r in rows]
    table = [[sum(x == i and y == j for x, y in zip(a, b)) for j in ("pass", "fail")] for i in ("pass", "fail")]
    assert inter_rater.cohens_kappa(table).kappa == pytest.approx(_kappa(a, b)) == pytest.approx(0.14 / 0.49)
    # the quiz's 10 drafts: both pass 6, both fail 2, one split each way
    assert _kappa(["p"] * 6 + ["f"] * 2 + ["p", "f"], ["p"] * 6 + ["f"] * 2 + ["f", "p"]) == pytest.approx(0.22 / 0.42)
    held = case.judge_calibration()["held_out"]
    human = [r["human"] for r in held]
    for key, kappa in [("judge_v1", 0.65), ("judge_v2", 0.83)]:
        judge = [r[key] for r in held]
        table = [[sum(x == i and y == j for x, y in zip(human, judge)) for j in ("pass", "fail")]
                 for i in ("pass", "fail")]
        assert round(inter_rater.cohens_kappa(table).kappa, 2) == round(_kappa(human, judge), 2) == kappa


def test_the_lesson_quotes_these_numbers():
    text = (REPO / "notebooks" / "11-evidence.ipynb").read_text()
    for quoted in ("0.417 to 0.848", "109 cases", "8,384 drafts per arm", "**17 days**", "**0.29**", "about 21 %",
                   "+1.0 to +9.0 points", "**2.45**", "about **81 %**"):
        assert quoted in text, quoted


# --------------------------------------------------------------------------- figures

def test_slice_intervals_chart_draws_each_slice_with_its_verdict():
    fig = figures.slice_intervals_chart()
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert _line_colours(ax) <= SAFE and figure_colours(ax) <= SAFE
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 6 and labels[-1].startswith("order-status")
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "10/15 = 67%, interval 42% to 85%: collect more" in texts
    assert "40/60 = 67%, interval 54% to 77%: below the bar" in texts
    assert texts.count("collect more") == 5
    assert any(line.get_xdata()[0] == 0.8 and line.get_linestyle() == "--" for line in ax.get_lines())


def test_slice_intervals_chart_verdicts_use_the_rounded_ends():
    rows = [{"label": "all six", "cases": 6, "passed": 6}, {"label": "none", "cases": 5, "passed": 0}]
    fig = figures.slice_intervals_chart(rows, bar=1.0)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "6/6 = 100%, interval 61% to 100%: collect more" in texts  # upper end exactly 1 is not below 1.0
    fig = figures.slice_intervals_chart(rows, bar=0.0)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "0/5 = 0%, interval 0% to 43%: meets the bar" in texts
    with pytest.raises(ValueError):
        figures.slice_intervals_chart([])


def test_detectable_lift_chart_marks_the_pilot_week_full_volume_and_min_lift():
    fig = figures.detectable_lift_chart()
    ax = fig.axes[0]
    assert ax.get_title() and "per arm" in ax.get_xlabel() and "points" in ax.get_ylabel()
    assert _line_colours(ax) <= SAFE
    curve = ax.get_lines()[0]
    ys = list(curve.get_ydata())
    assert all(a > b for a, b in zip(ys, ys[1:])), "more drafts detect smaller lifts"
    notes = " ".join(t.get_text() for t in ax.texts)
    assert "1,000 per arm" in notes and "5.7 points" in notes
    assert "3,500 per arm" in notes and "3.1 points" in notes
    assert "8,384 per arm" in notes and "17 days" in notes
    assert re.search(r"minimum lift: 2 points", " ".join(t.get_text() for t in ax.get_legend().get_texts()))
    with pytest.raises(ValueError):
        figures.detectable_lift_chart(p_control=1.2)
