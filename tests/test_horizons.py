"""Lesson 07 (horizons and audiences): the case data and the two figures that draw it."""

import matplotlib.colors as mcolors
import pytest

from ailead import case, figures

from .helpers import figure_colours, safe_colours

# --------------------------------------------------------------------------- case data


def test_audiences_split_into_outward_and_inward_without_overlap():
    groups = case.HORIZON_AUDIENCES
    assert set(groups) == {"outward", "inward"}
    assert not set(groups["outward"]) & set(groups["inward"])
    assert {"customers", "market", "executives"} <= set(groups["outward"])
    assert {"engineers", "designers", "data scientists"} <= set(groups["inward"])


@pytest.mark.parametrize("make", [case.replydraft_roadmap, case.replydraft_sprint, case.horizon_activities,
                                  case.replydraft_stakeholders])
def test_case_data_is_deterministic_and_fresh(make):
    first = make()
    assert first == make()
    first.clear()
    assert make(), "each call returns a fresh copy"


def test_roadmap_has_now_next_later_with_distinct_themes():
    roadmap = case.replydraft_roadmap()
    assert list(roadmap) == ["Now", "Next", "Later"]
    themes = [t for column in roadmap.values() for t in column]
    assert len(themes) == len(set(themes)) and all(roadmap.values())


def test_sprint_plan_mixes_items_on_and_off_the_roadmap():
    sprint = case.replydraft_sprint()
    themes = {t for column in case.replydraft_roadmap().values() for t in column}
    assert sprint["weeks"] == 2 and sprint["goal"]
    items = sprint["items"]
    assert all(set(i) == {"title", "theme", "points"} and i["points"] > 0 for i in items)
    off = [i["title"] for i in items if i["theme"] not in themes]
    assert 0 < len(off) < len(items), "exercise 07 needs some items on the roadmap and some off it"
    assert any(i["theme"] is None for i in items)


def test_sprint_4_is_the_story_point_sprint_of_may():
    sprint = case.replydraft_sprint()
    assert sprint["sprint"] == 4
    assert sum(i["points"] for i in sprint["items"]) == case.case_facts()["sprint4_points"] == 16


def test_activities_and_stakeholders_use_known_audiences():
    known = {g for groups in case.HORIZON_AUDIENCES.values() for g in groups}
    activities = case.horizon_activities()
    assert len(activities) == 10
    assert all(a["audience"] in known and a["horizon_weeks"] >= 0 for a in activities)
    assert any(a["horizon_weeks"] == 13 for a in activities), "one activity sits on the 13-week boundary"
    people = case.replydraft_stakeholders()
    assert all(p["group"] in known and 0 <= p["influence"] <= 10 and 0 <= p["interest"] <= 10 for p in people)
    assert len({p["name"] for p in people}) == len(people)


# --------------------------------------------------------------------------- figures


def test_horizon_timeline_draws_three_columns_and_a_year_of_sprints():
    fig = figures.horizon_timeline()
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() == "Weeks from the start of the quarter" and ax.get_ylabel()
    texts = {t.get_text() for t in ax.texts}
    assert {"Now", "Next", "Later"} <= texts
    assert len(ax.patches) == 3 + 26, "three roadmap columns and 26 two-week sprints"
    assert figure_colours(ax, lines=True) <= safe_colours()
    assert ax.get_xlim() == (0, 52)
    # Sprint 4 (May) is the sprint lesson 07 looks back at, not "the next two weeks".
    assert any(t.get_text().startswith("Sprint 4 (weeks 6 to 8)") for t in ax.texts)
    assert not any("today" in t.get_text().lower() for t in ax.texts)


def test_horizon_timeline_checks_sprint_length():
    with pytest.raises(ValueError):
        figures.horizon_timeline(sprint_weeks=0)
    assert len(figures.horizon_timeline(sprint_weeks=4).axes[0].patches) == 3 + 13


def test_stakeholder_grid_marks_outward_and_inward_by_shape():
    fig = figures.stakeholder_grid()
    ax = fig.axes[0]
    assert ax.get_title() and "Interest" in ax.get_xlabel() and "Influence" in ax.get_ylabel()
    assert len(ax.collections) == len(case.replydraft_stakeholders())
    assert figure_colours(ax, lines=True) <= safe_colours()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(legend) == 2 and any("outward" in t for t in legend) and any("inward" in t for t in legend)
    colours = {mcolors.to_hex(c.get_facecolors()[0]) for c in ax.collections}
    assert len(colours) == 2


def test_stakeholder_grid_rejects_unknown_groups_and_empty_input():
    with pytest.raises(ValueError, match="unknown group"):
        figures.stakeholder_grid([{"name": "X", "group": "lawyers", "influence": 1, "interest": 1}])
    with pytest.raises(ValueError):
        figures.stakeholder_grid([])
