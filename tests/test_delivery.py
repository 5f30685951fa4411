"""Lesson 06 (discovery vs delivery): the delivery case data and the sprint burndown figure."""

import matplotlib.colors as mcolors
import pytest

from ailead import case, figures

SAFE = {mcolors.to_hex(c) for c in figures.OKABE_ITO.values()}


def test_assumptions_are_valid_and_fresh():
    first = case.delivery_assumptions()
    assert first == case.delivery_assumptions()
    first[0]["impact"] = 99
    assert case.delivery_assumptions()[0]["impact"] != 99
    assert len({a["id"] for a in first}) == len(first) == 5
    for a in case.delivery_assumptions():
        assert a["risk"] in case.PRODUCT_RISKS
        assert 1 <= a["impact"] <= 5 and 1 <= a["uncertainty"] <= 5


def test_riskiest_assumption_is_the_one_the_lesson_names():
    scores = {a["id"]: a["impact"] * a["uncertainty"] for a in case.delivery_assumptions()}
    assert max(scores, key=scores.get) == "A1" and scores["A1"] == 20
    assert sorted(scores.values(), reverse=True) == [20, 15, 8, 8, 6]


def test_stories_are_fresh_and_shaped():
    stories = case.delivery_stories()
    stories[0]["acceptance"].clear()
    assert case.delivery_stories()[0]["acceptance"], "each call returns a fresh copy"
    for s in case.delivery_stories():
        assert set(s) == {"id", "text", "acceptance"} and isinstance(s["acceptance"], list)


def test_sprint_fits_capacity_and_backlog():
    sprint = case.delivery_sprint()
    efforts = {item["id"]: item["effort"] for item in case.backlog()}
    assert sum(efforts[i] for i in sprint["planned"]) <= sprint["capacity"]
    assert len(sprint["remaining"]) == sprint["days"] + 1
    assert sprint["remaining"][0] == sprint["capacity"]
    assert all(a >= b for a, b in zip(sprint["remaining"], sprint["remaining"][1:])), "never goes up"
    # Sprint 7 met its goal: RD-6 and RD-1 are done (the capstone and the timeline count them as shipped).
    assert sprint["name"] == "Sprint 7" and sprint["planned"] == ["RD-6", "RD-1"]
    assert sprint["remaining"][-1] == 0
    sprint["planned"].append("RD-9")
    assert "RD-9" not in case.delivery_sprint()["planned"]


def _colours(ax):
    found = {mcolors.to_hex(line.get_color()) for line in ax.get_lines()}
    found |= {mcolors.to_hex(t.get_color()) for t in ax.texts}
    return found


def test_burndown_chart_draws_ideal_and_actual():
    fig = figures.sprint_burndown_chart()
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() and "person-weeks" in ax.get_ylabel()
    lines = ax.get_lines()
    ideal, actual = lines[0], lines[1]
    assert list(actual.get_ydata()) == case.delivery_sprint()["remaining"]
    assert ideal.get_ydata()[0] == 5.0 and ideal.get_ydata()[-1] == 0
    assert ideal.get_linestyle() != actual.get_linestyle(), "not by colour alone"
    assert _colours(ax) <= SAFE
    assert not any("not done" in t.get_text() for t in ax.texts), "Sprint 7 finished: no unfinished-work note"


def test_burndown_chart_on_custom_data_and_bad_input():
    fig = figures.sprint_burndown_chart({"remaining": [3, 2, 1, 0], "name": "S", "goal": ""})
    ax = fig.axes[0]
    assert not any("not done" in t.get_text() for t in ax.texts), "a finished sprint has no warning"
    unfinished = figures.sprint_burndown_chart({"remaining": [3, 2, 1, 0.5], "name": "S", "goal": ""})
    assert any("not done" in t.get_text() for t in unfinished.axes[0].texts), "unfinished work is labelled"
    with pytest.raises(ValueError):
        figures.sprint_burndown_chart({"remaining": [3]})
    with pytest.raises(ValueError):
        figures.sprint_burndown_chart({"remaining": [3, -1]})


def test_opportunity_tree_data_is_fresh_and_complete():
    tree = case.delivery_opportunity_tree()
    tree["opportunities"].clear()
    tree = case.delivery_opportunity_tree()
    assert tree["outcome"] and len(tree["opportunities"]) == 3
    for opp in tree["opportunities"]:
        assert opp["text"] and opp["solutions"]
        assert all(sol["text"] and sol["experiment"] for sol in opp["solutions"])
    # The auto-send test must not let agents pick which drafts go out: that would screen out the bad ones
    # and leave the riskiest assumption (A1) untested.
    (auto_send,) = [sol for opp in tree["opportunities"] for sol in opp["solutions"] if "RD-7" in sol["text"]]
    assert "random" in auto_send["experiment"] and "chosen" not in auto_send["experiment"]


def test_opportunity_tree_chart_draws_every_box_and_arrow():
    fig = figures.opportunity_tree_chart()
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() and "Torres" in ax.get_ylabel()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Outcome", "Opportunities", "Solutions", "Experiments"]
    boxed = [t for t in ax.texts if t.get_bbox_patch() is not None]
    assert len(boxed) == 1 + 3 + 4 + 4, "one box per outcome, opportunity, solution and experiment"
    arrows = [c for c in ax.texts if c not in boxed and not c.get_text()]
    assert len(arrows) == 3 + 4 + 4, "an arrow from every parent to each child"
    faces = {mcolors.to_hex(t.get_bbox_patch().get_facecolor()[:3]) for t in boxed}
    assert faces <= SAFE
    assert _colours(ax) <= SAFE
    assert sum("riskiest" in t.get_text() for t in ax.texts) == 1
    with pytest.raises(ValueError):
        figures.opportunity_tree_chart({"outcome": "x", "opportunities": []})
