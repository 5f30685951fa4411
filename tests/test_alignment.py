"""Lesson 10 (alignment and the future): the organisation profiles, workshop scores, release items and scorecard."""

import matplotlib
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pytest

from ailead import case, figures

from .helpers import figure_colours, safe_colours

matplotlib.use("Agg")

PROFILE_KEYS = {"name", "note", "shared_vision", "engineering_in_discovery", "shared_north_star",
                "cross_functional_team", "release_weeks", "meetings_per_month", "spikes_before_commitments",
                "leaders_ai_trained"}
BOOL_KEYS = ("shared_vision", "engineering_in_discovery", "shared_north_star", "cross_functional_team",
             "spikes_before_commitments")


# --------------------------------------------------------------------------- case data

def test_eight_practices_in_teaching_order():
    assert len(case.ALIGNMENT_PRACTICES) == 8 == len(set(case.ALIGNMENT_PRACTICES))
    assert case.ALIGNMENT_PRACTICES[0] == "Shared vision"
    assert case.ALIGNMENT_PRACTICES[-1] == "Basic AI literacy on both sides"


def test_profiles_are_valid_deterministic_and_fresh():
    profiles = case.alignment_profiles()
    assert profiles == case.alignment_profiles()
    assert [p["name"] for p in profiles] == ["Kettle & Co.", "Lumen Books", "Harbour Clinics", "Northwind Insurance"]
    for p in profiles:
        assert set(p) == PROFILE_KEYS, p["name"]
        assert all(isinstance(p[k], bool) for k in BOOL_KEYS), p["name"]
        assert p["release_weeks"] > 0 and not isinstance(p["release_weeks"], bool)
        assert isinstance(p["meetings_per_month"], int) and p["meetings_per_month"] >= 0
        assert p["leaders_ai_trained"] in (0, 1, 2)
    profiles[0]["meetings_per_month"] = 99
    profiles.clear()
    assert case.alignment_profiles()[0]["meetings_per_month"] == 1


def test_kettle_profile_matches_what_the_lesson_and_exercise_say():
    # Lesson 10 and exercise 10 describe these facts; change them together.
    kettle = case.alignment_profiles()[0]
    assert kettle["shared_north_star"] and kettle["shared_vision"] and kettle["cross_functional_team"]
    assert not kettle["engineering_in_discovery"]
    assert (kettle["release_weeks"], kettle["meetings_per_month"], kettle["leaders_ai_trained"]) == (6, 1, 1)
    boundary = {p["name"]: p for p in case.alignment_profiles()}
    assert boundary["Harbour Clinics"]["release_weeks"] == 4, "exercise 10 uses it as the on-the-limit case"
    assert boundary["Northwind Insurance"]["meetings_per_month"] == 2, "exercise 10 uses it as the on-the-limit case"


def test_workshop_scores_are_valid_and_fresh():
    scores = case.alignment_workshop_scores()
    assert list(scores) == ["Kettle & Co.", "Northwind Insurance"]
    for org, row in scores.items():
        assert list(row) == list(case.ALIGNMENT_PRACTICES), org
        assert all(isinstance(v, int) and 0 <= v <= 4 for v in row.values()), org
    scores["Kettle & Co."]["Shared vision"] = 0
    assert case.alignment_workshop_scores()["Kettle & Co."]["Shared vision"] == 4


def test_release_items_are_valid_and_fresh():
    items = case.alignment_release_items()
    assert items == case.alignment_release_items()
    assert len(items) == 6 and sum(i["weeks"] for i in items) == 18
    assert all(i["title"] and isinstance(i["weeks"], int) and i["weeks"] > 0 for i in items)
    assert max(i["weeks"] for i in items) == 5, "exercise 10: one item is larger than a 4-week step"
    items[0]["weeks"] = 40
    assert case.alignment_release_items()[0]["weeks"] == 4


# --------------------------------------------------------------------------- scorecard figure

def _points(ax):
    """{label: [(x, y), ...]} of every scatter series."""
    return {coll.get_label(): [tuple(map(float, xy)) for xy in coll.get_offsets()] for coll in ax.collections}


def test_scorecard_draws_every_score_with_shape_and_number():
    fig = figures.alignment_scorecard()
    ax = fig.axes[0]
    assert ax.get_title() and "score" in ax.get_xlabel().lower() and "practice" in ax.get_ylabel().lower()
    assert [t.get_text() for t in ax.get_yticklabels()][::-1] == list(case.ALIGNMENT_PRACTICES)
    points = _points(ax)
    assert set(points) == {"Kettle & Co.", "Northwind Insurance"}
    scores = case.alignment_workshop_scores()
    for org, xy in points.items():
        assert [x for x, _ in xy] == list(scores[org].values())
    markers = {coll.get_label(): coll.get_paths()[0].vertices.shape[0] for coll in ax.collections}
    assert markers["Kettle & Co."] != markers["Northwind Insurance"], "a different shape for each organisation"
    numbers = [t.get_text() for t in ax.texts if t.get_text().isdigit()]
    assert len(numbers) == 16, "every score is printed beside its marker"
    assert any("weak" in t.get_text() for t in ax.texts)
    assert figure_colours(ax, lines=True) <= safe_colours()
    plt.close(fig)


def test_scorecard_takes_other_scores_in_the_given_order():
    fig = figures.alignment_scorecard({"A": {"x": 1, "y": 3.5}, "B": {"x": 0, "y": 4}, "C": {"y": 2, "x": 2}},
                                      title="Three teams")
    ax = fig.axes[0]
    assert ax.get_title() == "Three teams"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["y", "x"]  # first practice at the top
    points = _points(ax)
    assert [x for x, _ in points["C"]] == [2, 2]
    assert {mcolors.to_hex(c.get_facecolors()[0]) for c in ax.collections} <= safe_colours()
    plt.close(fig)


@pytest.mark.parametrize(("scores", "message"), [
    ({}, "empty"),
    ({"A": {"x": 5}}, "from 0 to 4"),
    ({"A": {"x": -1}}, "from 0 to 4"),
    ({"A": {"x": True}}, "from 0 to 4"),
    ({"A": {"x": 1}, "B": {"y": 1}}, "different practices"),
    ({"A": {}}, "no practice"),
    ({k: {"x": 1} for k in "ABCD"}, "at most 3"),
])
def test_scorecard_rejects_bad_scores(scores, message):
    with pytest.raises(ValueError, match=message):
        figures.alignment_scorecard(scores)
