"""Lesson 04 (decisions): the decision data for the case, and the RICE-inputs and decision-matrix figures."""

import math

import matplotlib
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt

from ailead import case, figures
from ailead.instructor.drawing import decisions as decisions_drawing

matplotlib.use("Agg")
SAFE = {mcolors.to_hex(c) for c in figures.OKABE_ITO.values()}

# The Kano evaluation table (Berger et al., 1993), used here only to check the survey data's spread.
_KANO = {
    "like": ["questionable", "attractive", "attractive", "attractive", "one-dimensional"],
    "must-be": ["reverse", "indifferent", "indifferent", "indifferent", "must-be"],
    "neutral": ["reverse", "indifferent", "indifferent", "indifferent", "must-be"],
    "live-with": ["reverse", "indifferent", "indifferent", "indifferent", "must-be"],
    "dislike": ["reverse", "reverse", "reverse", "reverse", "questionable"],
}


def _kano(functional, dysfunctional):
    return _KANO[functional][case.KANO_ANSWERS.index(dysfunctional)]


# --------------------------------------------------------------------------- case data

def test_scales_are_the_published_ones():
    assert case.RICE_IMPACT_SCALE == {3: "massive", 2: "high", 1: "medium", 0.5: "low", 0.25: "minimal"}
    assert case.KANO_ANSWERS == ("like", "must-be", "neutral", "live-with", "dislike")


def test_backlog_rice_inputs_are_on_the_scales():
    for item in case.backlog():
        assert item["impact"] in case.RICE_IMPACT_SCALE
        assert 0 <= item["confidence"] <= 1 and item["effort"] > 0 and item["reach"] >= 0


def test_build_buy_matrix_is_complete_and_valid():
    options, weights = case.build_buy_options(), case.build_buy_weights()
    assert list(weights) == list(case.BUILD_BUY_CRITERIA)
    assert math.isclose(sum(weights.values()), 1.0) and all(w > 0 for w in weights.values())
    assert len(options) == 4 and set(options) == set(case.build_buy_descriptions())
    for scores in options.values():
        assert list(scores) == list(weights)
        assert all(isinstance(s, int) and 1 <= s <= 5 for s in scores.values())


def test_build_buy_totals_teach_what_the_lesson_says():
    options, weights = case.build_buy_options(), case.build_buy_weights()
    totals = {name: sum(weights[c] * s for c, s in scores.items()) for name, scores in options.items()}
    ranked = sorted(totals, key=totals.get, reverse=True)
    assert ranked[0].startswith("Buy") and ranked[1].startswith("Fine-tune"), "buy narrowly beats fine-tune"
    assert totals["No model: reply templates"] > totals["Build: self-hosted open model"], "the no-ML baseline"
    assert math.isclose(totals["No model: reply templates"], 3.6)
    legal = {"draft quality": 0.35, "cost per draft": 0.10, "time to launch": 0.10, "data control": 0.30,
             "ease of running": 0.15}
    with_legal = {name: sum(legal[c] * s for c, s in scores.items()) for name, scores in options.items()}
    assert max(with_legal, key=with_legal.get).startswith("Fine-tune"), "data-control weights favour fine-tuning"


def test_a_must_have_knocks_buy_out_before_any_weighting():
    """Lesson 04 and exercise 04: suppose legal rules that customer e-mails stay in Kettle & Co.'s own cloud.

    That is a must-have (data control 5), applied before the weighted sum: Buy leaves the comparison
    whatever its total, and the fine-tuned model leads the options that are left, with the agreed weights.
    """
    assert case.BUILD_BUY_CRITERIA["data control"].startswith("customer e-mails never leave")
    options, weights = case.build_buy_options(), case.build_buy_weights()
    allowed = sorted(name for name, scores in options.items() if scores["data control"] >= 5)
    assert allowed == ["Build: self-hosted open model", "Fine-tune: open model on our tickets",
                       "No model: reply templates"]
    totals = {name: round(sum(weights[c] * s for c, s in options[name].items()), 6) for name in allowed}
    assert totals == {"Build: self-hosted open model": 3.3, "Fine-tune: open model on our tickets": 3.8,
                      "No model: reply templates": 3.6}
    buy = round(sum(weights[c] * s for c, s in options["Buy: hosted model API"].items()), 6)
    assert buy == 3.9 and buy > max(totals.values()), "without the knock-out, the matrix recommends Buy"


def test_buy_is_the_model_the_pilot_runs_on():
    assert "large hosted model" in case.build_buy_descriptions()["Buy: hosted model API"]
    assert case.case_facts()["model_in_use"] == "Hosted large"


def test_decision_data_is_fresh_each_call():
    options = case.build_buy_options()
    options["Buy: hosted model API"]["draft quality"] = 1
    weights = case.build_buy_weights()
    weights.clear()
    survey = case.kano_survey()
    survey[0]["functional"] = "dislike"
    assert case.build_buy_options()["Buy: hosted model API"]["draft quality"] == 4
    assert case.build_buy_weights()
    assert case.kano_survey()[0]["functional"] == "must-be"


def test_kano_survey_is_deterministic_and_valid():
    survey = case.kano_survey()
    assert survey == case.kano_survey() and len(survey) == 40
    backlog_ids = {item["id"] for item in case.backlog()}
    for answer in survey:
        assert set(answer) == {"agent", "feature", "functional", "dysfunctional"}
        assert answer["feature"] in backlog_ids
        assert answer["functional"] in case.KANO_ANSWERS and answer["dysfunctional"] in case.KANO_ANSWERS
    features = [a["feature"] for a in survey]
    assert sorted(set(features)) == ["RD-3", "RD-4", "RD-5", "RD-7"]
    assert all(features.count(f) == 10 for f in set(features))


def test_kano_survey_has_the_spread_the_lesson_describes():
    counts: dict[str, dict[str, int]] = {}
    for a in case.kano_survey():
        category = _kano(a["functional"], a["dysfunctional"])
        counts.setdefault(a["feature"], {}).setdefault(category, 0)
        counts[a["feature"]][category] += 1
    assert counts["RD-3"] == {"must-be": 6, "one-dimensional": 2, "attractive": 1, "indifferent": 1}
    assert counts["RD-4"] == {"attractive": 4, "indifferent": 6}
    assert counts["RD-5"] == {"indifferent": 5, "one-dimensional": 2, "attractive": 3}
    assert counts["RD-7"] == {"attractive": 3, "reverse": 5, "questionable": 1, "indifferent": 1}


def test_package_holds_no_exercise_answers():
    for name in ("rice_score", "rank_by_rice", "rice", "weighted_score", "allowed_options", "best_option",
                 "kano_category"):
        assert not hasattr(case, name) and not hasattr(figures, name)


# --------------------------------------------------------------------------- figures

def _scatter_colours(ax):
    found = set()
    for coll in ax.collections:
        found |= {mcolors.to_hex(c) for c in coll.get_facecolors()}
    return found


def test_rice_inputs_labels_and_colours():
    fig = figures.rice_inputs()
    ax = fig.axes[0]
    assert ax.get_title() and "effort" in ax.get_xlabel().lower() and "reach" in ax.get_ylabel().lower()
    assert _scatter_colours(ax) <= SAFE
    labels = {t.get_text().split("\n")[0] for t in ax.texts}
    assert {item["id"] for item in case.backlog()} <= labels
    plt.close(fig)


def test_rice_inputs_draws_each_item_at_effort_and_reach_with_impact_as_size():
    items = [
        {"id": "A", "reach": 30, "impact": 2, "confidence": 0.9, "effort": 3},
        {"id": "B", "reach": 5, "impact": 0.5, "confidence": 0.3, "effort": 7},
    ]
    fig = figures.rice_inputs(items, title="Two items")
    ax = fig.axes[0]
    assert ax.get_title() == "Two items"
    a, b = ax.collections
    assert list(a.get_offsets()[0]) == [3, 30] and list(b.get_offsets()[0]) == [7, 5]
    assert a.get_sizes()[0] == 4 * b.get_sizes()[0], "marker area is proportional to impact"
    assert mcolors.to_hex(a.get_facecolors()[0]) != mcolors.to_hex(b.get_facecolors()[0])
    assert len(a.get_paths()[0].vertices) != len(b.get_paths()[0].vertices), "confidence shows as shape too"
    texts = [t.get_text() for t in ax.texts]
    assert "A\n90%" in texts and "B\n30%" in texts, "confidence is written next to each item"
    plt.close(fig)


def test_rice_inputs_shows_confidence_by_shape_as_well_as_colour():
    markers = [band[3] for band in decisions_drawing.CONFIDENCE_BANDS]
    colours = [band[2] for band in decisions_drawing.CONFIDENCE_BANDS]
    assert len(set(markers)) == len(markers) == 3
    assert {mcolors.to_hex(c) for c in colours} <= SAFE


def test_decision_matrix_draws_every_score_as_a_number():
    options, weights = case.build_buy_options(), case.build_buy_weights()
    fig = figures.decision_matrix()
    ax = fig.axes[0]
    assert ax.get_title() and "option" in ax.get_xlabel().lower() and "criterion" in ax.get_ylabel().lower()
    cells = ax.patches
    assert len(cells) == len(options) * len(weights)
    assert {mcolors.to_hex(p.get_facecolor()) for p in cells} <= SAFE
    expected = sorted(str(s) for scores in options.values() for s in scores.values())
    assert sorted(t.get_text() for t in ax.texts) == expected, "each cell shows its score and nothing else"
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows[0] == "draft quality\n(weight 0.35)"
    plt.close(fig)


def test_decision_matrix_draws_given_options():
    fig = figures.decision_matrix({"X": {"a": 1, "b": 5}, "Y": {"a": 3, "b": 2}}, {"a": 0.5, "b": 0.5},
                                  title="Tiny")
    ax = fig.axes[0]
    assert ax.get_title() == "Tiny" and len(ax.patches) == 4
    colours = {(p.get_x(), p.get_y()): mcolors.to_hex(p.get_facecolor()) for p in ax.patches}
    assert colours[(0, 0)] == mcolors.to_hex(decisions_drawing.SCORE_COLOURS[1])
    assert colours[(0, 1)] == mcolors.to_hex(decisions_drawing.SCORE_COLOURS[5])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["X", "Y"]
    plt.close(fig)
