"""Tests for lesson 08: ailead.team (rules, staffing choice, diagnostic) and the staffing figure."""

import itertools

import pytest
from matplotlib.colors import to_hex

from ailead import figures, team
from ailead.figures.palette import OKABE_ITO

# Every combination of direction x backlog_owner x budget, with the expected recommendation.
EXPECTED = {
    ("none", False, "low"): "fractional PM covering both",
    ("none", False, "ok"): "one person for both roles",
    ("none", True, "low"): "hire a product manager",
    ("none", True, "ok"): "hire a product manager",
}
for _d in ("founders", "engineers", "product manager"):
    for _b in ("low", "ok"):
        EXPECTED[(_d, False, _b)] = "hire a product owner"
        EXPECTED[(_d, True, _b)] = "no gap"


def test_table_covers_every_combination():
    combos = set(itertools.product(team.DIRECTIONS, (False, True), team.BUDGETS))
    assert set(EXPECTED) == combos


@pytest.mark.parametrize("direction,owned,budget", sorted(EXPECTED))
def test_diagnose_every_combination(direction, owned, budget):
    answer = team.diagnose({"direction": direction, "backlog_owner": owned, "budget": budget})
    assert answer["recommendation"] == EXPECTED[(direction, owned, budget)]
    assert answer["recommendation"] in team.RECOMMENDATIONS
    assert answer["reasons"] and all(isinstance(r, str) and r.endswith(".") for r in answer["reasons"])


def test_team_size_splits_both_gaps():
    base = {"direction": "none", "backlog_owner": False, "budget": "ok"}

    def rec(**extra):
        return team.diagnose({**base, **extra})["recommendation"]

    assert rec(team_size=team.SPLIT_TEAM_SIZE - 1) == "one person for both roles"
    assert rec(team_size=team.SPLIT_TEAM_SIZE) == "hire a PM, then a PO"
    assert rec(budget="low", team_size=40) == "fractional PM covering both"


@pytest.mark.parametrize("profile,field", [
    ({"backlog_owner": True, "budget": "ok"}, "direction"),
    ({"direction": "ceo", "backlog_owner": True, "budget": "ok"}, "direction"),
    ({"direction": "none", "budget": "ok"}, "backlog_owner"),
    ({"direction": "none", "backlog_owner": "yes", "budget": "ok"}, "backlog_owner"),
    ({"direction": "none", "backlog_owner": True, "budget": "high"}, "budget"),
    ({"direction": "none", "backlog_owner": True, "budget": "ok", "team_size": 0}, "team_size"),
    ({"direction": "none", "backlog_owner": True, "budget": "ok", "team_size": 2.5}, "team_size"),
    (["none", True, "ok"], "profile"),
])
def test_invalid_profiles_name_the_field(profile, field):
    with pytest.raises(ValueError, match=field):
        team.diagnose(profile)


def test_staffing_advice_boundaries():
    assert team.staffing_advice(19.5) == "fractional"
    assert team.staffing_advice(team.DEFAULT_THRESHOLD_HOURS) == "full-time"
    assert team.staffing_advice(12, threshold_hours=12) == "full-time"
    assert team.staffing_advice(11, threshold_hours=12) == "fractional"
    for bad in (0, -3, "20", True):
        with pytest.raises(ValueError, match="hours_needed_per_week"):
            team.staffing_advice(bad)
    with pytest.raises(ValueError, match="threshold_hours"):
        team.staffing_advice(10, threshold_hours=0)
    assert "practitioner opinion" in team.staffing_advice.__doc__


def test_no_function_has_the_name_of_an_exercise_08_answer():
    """Exercise 08 asks for team_needs and staffing_choice: the package must not hand them over."""
    assert not hasattr(team, "team_needs") and not hasattr(team, "staffing_choice")


def test_diagnostic_headless():
    form = team.diagnostic()
    assert "ailead-diagnostic" in form._dom_classes
    heading, direction, backlog, budget, size, run, result = form.children
    assert "ailead-diagnostic-run" in run._dom_classes and "ailead-diagnostic-result" in result._dom_classes
    assert result.value == ""
    direction.value, backlog.value, budget.value = "founders", False, "ok"
    run.click()
    assert "hire a product owner" in result.value and "<li>" in result.value
    direction.value, budget.value, size.value = "none", "ok", 12
    run.click()
    assert "hire a PM, then a PO" in result.value
    size.value = -1
    run.click()
    assert "team_size" in result.value


def test_diagnostic_uses_no_arrow_key_widgets():
    import ipywidgets as widgets
    for child in team.diagnostic().children:
        assert not isinstance(child, (widgets.Dropdown, widgets.RadioButtons))


def test_role_gap_matrix():
    fig = figures.role_gap_matrix()
    assert fig._suptitle.get_text()
    allowed = {to_hex(c) for c in OKABE_ITO.values()} | {"#ffffff"}
    for ax, budget in zip(fig.axes, ("ok", "low")):
        assert ax.get_xlabel() and ax.get_ylabel() and budget in ax.get_title()
        assert len(ax.patches) == 8
        assert {to_hex(p.get_facecolor(), keep_alpha=False) for p in ax.patches} <= allowed
    texts = " ".join(t.get_text().replace("\n", " ") for t in fig.axes[1].texts)
    assert "fractional PM covering both" in texts
    texts_ok = " ".join(t.get_text().replace("\n", " ") for t in fig.axes[0].texts)
    assert "one person for both roles" in texts_ok and "fractional" not in texts_ok
    with pytest.raises(ValueError):
        figures.role_gap_matrix(budgets=())
