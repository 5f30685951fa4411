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


# --------------------------------------------------------------------------- decision rights (RACI)


def test_case_matrix_has_twenty_decisions_each_with_one_accountable_role_on_its_lens_and_clock():
    from ailead import rights

    decisions = case.decision_rights()
    assert len(decisions) == 20 and len({d["id"] for d in decisions}) == 20
    for d in decisions:
        assert set(d["rights"]) == set(case.DECISION_ROLES)
        assert set(d["rights"].values()) <= {"R", "A", "C", "I", ""}
        assert d["lens"] in ("product", "engineering") and d["horizon"] in ("strategic", "tactical")
        assert d["reason"].endswith(".") and "lesson" in d["reason"]
    assert rights.conflicts(rights.case_matrix()) == []
    assert {d["id"] for d in decisions} >= {"roadmap-themes", "launch-gate", "slo-target", "model-choice",
                                             "sprint-scope", "acceptance-criteria", "prompt-change",
                                             "data-retention", "incident-rollback", "eval-set-budget",
                                             "fairness-hold", "pricing"}


def _owner(decision_id):
    row = next(d for d in case.decision_rights() if d["id"] == decision_id)["rights"]
    return [role for role, letter in row.items() if letter == "A"]


@pytest.mark.parametrize("decision,owner", [
    ("slo-target", "AI product leader"),        # lesson 03: reliability targets are a product decision
    ("fairness-hold", "AI product leader"),     # lesson 09 / issue 13: Amara holds the German gate
    ("agent-permissions", "AI product leader"),  # lesson 12: the permission matrix is agreed by Amara
    ("quality-bar", "AI product leader"),       # lesson 11: the rule is product's, the measurement engineering's
    ("eval-set-budget", "AI engineering leader"),
    ("model-choice", "AI engineering leader"),  # lesson 04
    ("roadmap-themes", "AI product manager"),   # lesson 04: feature priority is Priya's within Amara's direction
    ("backlog-order", "AI product owner"),
])
def test_matrix_agrees_with_the_other_lessons(decision, owner):
    assert _owner(decision) == [owner]


def test_conflicts_flags_two_none_wrong_lens_and_wrong_horizon():
    from ailead import rights

    m = rights.case_matrix()
    m["launch-gate"]["AI engineering leader"] = "A"
    m["pricing"]["AI product manager"] = "C"
    m["sprint-scope"] = {"AI product manager": "A"}
    m["model-choice"] = {"AI product leader": "A", "AI engineering leader": "C"}
    m["prompt-change"] = {"AI product owner": "A"}
    found = {p["decision"]: p["problem"] for p in rights.conflicts(m)}
    assert found == {"launch-gate": "two accountable", "pricing": "no accountable", "sprint-scope": "wrong horizon",
                     "model-choice": "wrong lens", "prompt-change": "wrong lens"}
    assert all(p["problem"] in rights.PROBLEMS for p in rights.conflicts(m))
    # Engineering decisions have no horizon check: the engineering leader holds both clocks.
    assert rights.conflicts({"incident-rollback": {"AI engineering leader": "A"}}) == []
    # A decision the case does not know is checked for its accountable count only.
    assert rights.conflicts({"my-own": {"AI product owner": "A"}}) == []
    assert rights.conflicts({"my-own": {"AI product owner": "C"}})[0]["problem"] == "no accountable"
    own = [{"id": "x", "lens": "product", "horizon": "strategic"}]
    assert rights.conflicts({"x": {"AI product owner": "A"}}, own)[0]["problem"] == "wrong horizon"


@pytest.mark.parametrize("bad,match", [
    ({"pricing": {"CEO": "A"}}, "unknown role"),
    ({"pricing": {"AI product manager": "a"}}, "letter"),
    ({"pricing": ["AI product manager", "A"]}, "row"),
    (["pricing"], "a matrix is a dict"),
])
def test_conflicts_rejects_unknown_roles_and_letters(bad, match):
    from ailead import rights

    with pytest.raises(ValueError, match=match):
        rights.conflicts(bad)


def test_review_shows_a_table_with_flags_and_blank_matrix_has_every_decision():
    from ailead import rights

    blank = rights.blank_matrix()
    assert len(blank) == 20 and all(set(row.values()) == {""} for row in blank.values())
    shown = rights.review(blank)
    assert len(shown.problems) == 20 and "20 conflict(s)" in repr(shown)
    page = shown._repr_html_()
    assert page.count("<tr>") == 21 and "no accountable" in page
    assert repr(rights.review(rights.case_matrix())) == "No conflicts in 20 decisions."


def test_decision_rights_matrix_figure():
    fig = figures.decision_rights_matrix()
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert len(ax.get_yticklabels()) == 20
    assert figure_colours(ax) <= safe_colours() | {"#000000"}
    letters = [t.get_text() for t in ax.texts]
    assert letters.count("A") == 20
    with pytest.raises(ValueError, match="unknown decisions"):
        figures.decision_rights_matrix({"nope": {}})
