"""Lesson 06 (discovery vs delivery): the case data (assumption map, AI stories, Definition of Done, Sprint 7)
and the lesson's figures, with the numbers the lesson quotes checked independently."""

import math

import matplotlib.colors as mcolors
import pytest

from ailead import case, figures

SAFE = {mcolors.to_hex(c) for c in figures.OKABE_ITO.values()}


def _strength(assumption):
    grades = {f["strength"] for f in assumption["evidence"]}
    return "strong" if "strong" in grades else ("weak" if grades else "none")


def test_assumptions_are_valid_and_fresh():
    first = case.delivery_assumptions()
    assert first == case.delivery_assumptions()
    first[0]["importance"] = 99
    first[1]["evidence"].clear()
    assert case.delivery_assumptions()[0]["importance"] != 99 and case.delivery_assumptions()[1]["evidence"]
    assert len({a["id"] for a in first}) == len(first) == 5
    for a in case.delivery_assumptions():
        assert a["risk"] in case.PRODUCT_RISKS
        assert 1 <= a["importance"] <= 5
        assert all(f["strength"] in ("strong", "weak") and f["source"] and f["finding"] for f in a["evidence"])


def test_the_test_first_corner_is_the_one_the_lesson_names():
    """Important (4 or more) without strong evidence; most important first, then no evidence before weak."""
    corner = [a for a in case.delivery_assumptions()
              if a["importance"] >= case.TEST_FIRST_IMPORTANCE and _strength(a) != "strong"]
    ordered = sorted(corner, key=lambda a: (-a["importance"], _strength(a) != "none"))
    assert [a["id"] for a in ordered] == ["A1", "A2", "A5"]
    by_id = {a["id"]: a for a in case.delivery_assumptions()}
    assert _strength(by_id["A3"]) == "strong" and by_id["A4"]["importance"] < case.TEST_FIRST_IMPORTANCE
    assert by_id["A1"]["risk"] == "value" and _strength(by_id["A1"]) == "none"


def test_assumption_evidence_agrees_with_lesson_02():
    """The RD-7 findings on the map are lesson 02's, with the same strength: evidence exists, risk open."""
    (rd7,) = [idea for idea in case.idea_evidence() if idea["id"] == "RD-7"]
    lesson02 = {(f["source"], f["finding"], f["strength"]) for f in rd7["evidence"]}
    on_map = {(f["source"], f["finding"], f["strength"]) for a in case.delivery_assumptions() for f in a["evidence"]
              if f["source"] != "ticket log"}
    assert on_map == lesson02


def test_min_slice_cases_is_lesson_11s_sample_size_for_a_20_point_drop():
    bar, drop, z_alpha, z_beta = case.QUALITY_BAR, 0.20, 1.645, 0.84
    low = bar - drop
    top = z_alpha * math.sqrt(bar * (1 - bar)) + z_beta * math.sqrt(low * (1 - low))
    assert math.ceil(round(top ** 2 / drop ** 2, 6)) == case.MIN_SLICE_CASES == 29


def _at_least(n, k, p):
    return sum(math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in range(k, n + 1))


def test_the_lessons_odds_for_a_release_twenty_points_worse():
    # "On 15 cases ... 12 passes about one time in eleven"; "On 30 cases ... about one time in sixty".
    assert round(1 / _at_least(15, 12, 0.60)) == 11
    assert 55 <= 1 / _at_least(30, 24, 0.60) <= 65
    assert 24 / 30 == case.QUALITY_BAR


def test_refund_stories_first_draft_and_refined():
    first, refined = case.delivery_ai_stories()
    refunds = {s["slice"]: s["cases"] for s in case.slice_counts()}["refunds"]
    assert first["quality"] == [{"slice": "refunds", "bar": case.QUALITY_BAR, "cases": refunds}] and refunds == 15
    assert refunds < case.MIN_SLICE_CASES and not first["fallback"].strip()
    assert refined["serves"] == ["refunds"] and refined["fallback"].strip()
    for criterion in refined["quality"]:
        assert criterion["bar"] >= case.QUALITY_BAR and criterion["cases"] >= case.MIN_SLICE_CASES
    assert any("24 of 30" in c for c in refined["acceptance"])
    stories = case.delivery_ai_stories()
    stories[0]["quality"].clear()
    assert case.delivery_ai_stories()[0]["quality"], "each call returns a fresh copy"


def test_definition_of_done_has_the_ai_lines():
    dod = case.delivery_definition_of_done()
    assert {d["kind"] for d in dod} == {"any product", "AI feature"}
    ai = " ".join(d["item"] for d in dod if d["kind"] == "AI feature").lower()
    for needed in ("evaluation", "latency", "monitoring", "rollback", "version", "fallback"):
        assert needed in ai, needed
    share, seconds = case.CASE_FACTS["latency_slo"]
    assert f"{share:.0%}" in ai and f"{seconds:g} s" in ai


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


def test_assumption_map_places_every_assumption_and_shades_the_corner():
    fig = figures.assumption_map_chart()
    ax = fig.axes[0]
    assert ax.get_title() and "evidence" in ax.get_xlabel().lower() and "importance" in ax.get_ylabel().lower()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["strong evidence", "weak evidence only", "no evidence"]
    markers = [line for line in ax.get_lines() if line.get_marker() not in (None, "None", "")]
    assert len(markers) == 5
    positions = {(round(m.get_xdata()[0]), m.get_ydata()[0]) for m in markers}
    assert positions == {(2, 5), (1, 5), (0, 3), (1, 2), (2, 4)}  # A1, A2, A3, A4, A5
    assert len({m.get_marker() for m in markers}) == 4, "the risk is told by shape, not only by colour"
    assert any("TEST FIRST" in t.get_text() for t in ax.texts)
    assert _colours(ax) <= SAFE


def test_assumption_map_rejects_bad_input():
    with pytest.raises(ValueError):
        figures.assumption_map_chart([])
    with pytest.raises(ValueError):
        figures.assumption_map_chart([{"id": "X", "risk": "value", "text": "x", "importance": 7, "evidence": []}])
    with pytest.raises(ValueError):
        figures.assumption_map_chart([{"id": "X", "risk": "value", "text": "x", "importance": 3,
                                       "evidence": [{"strength": "medium"}]}])
