"""Lesson 02 (focus): the case data for decisions and ideas, and the risk-evidence matrix."""

import matplotlib
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt

from ailead import case, figures

matplotlib.use("Agg")
SAFE = {mcolors.to_hex(c) for c in figures.OKABE_ITO.values()}


def test_product_risks_in_canonical_order():
    assert case.PRODUCT_RISKS == ("value", "usability", "feasibility", "viability")


def test_lens_decisions_are_twelve_distinct_and_fresh():
    items = case.lens_decisions()
    assert len(items) == 12 and len(set(items)) == 12
    items.clear()
    assert len(case.lens_decisions()) == 12


def test_ideas_are_deterministic_fresh_and_valid():
    ideas = case.idea_evidence()
    assert ideas == case.idea_evidence()
    backlog = {item["id"]: item["title"] for item in case.backlog()}
    for idea in ideas:
        assert backlog[idea["id"]] == idea["title"], "ideas reuse the backlog's ids and titles"
        for record in idea["evidence"]:
            assert set(record) == {"risk", "source", "finding"}
            assert record["risk"] in case.PRODUCT_RISKS
            assert record["source"] and record["finding"]
    ideas[0]["evidence"].clear()
    assert case.idea_evidence()[0]["evidence"], "each call returns a fresh copy"


def test_ideas_cover_the_range_of_gaps():
    gaps = {idea["id"]: {r for r in case.PRODUCT_RISKS if r not in {e["risk"] for e in idea["evidence"]}}
            for idea in case.idea_evidence()}
    assert gaps["RD-1"] == set(), "one idea has evidence on all four risks"
    assert gaps["RD-7"] == {"usability", "feasibility", "viability"}, "auto-send has only value evidence"
    assert {len(g) for g in gaps.values()} == {0, 1, 2, 3}


def _cells(ax):
    return [p for p in ax.patches]


def test_matrix_labels_and_colours():
    fig = figures.risk_evidence_matrix()
    ax = fig.axes[0]
    assert ax.get_title() and "risk" in ax.get_xlabel().lower() and "idea" in ax.get_ylabel().lower()
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert [t.split("\n")[0] for t in ticks] == list(case.PRODUCT_RISKS)
    assert {mcolors.to_hex(p.get_facecolor()) for p in _cells(ax)} <= SAFE
    plt.close(fig)


def test_matrix_draws_one_cell_per_idea_and_risk_and_marks_gaps_without_colour():
    ideas = case.idea_evidence()
    fig = figures.risk_evidence_matrix(ideas)
    ax = fig.axes[0]
    cells = _cells(ax)
    assert len(cells) == 4 * len(ideas)
    hatched = [p for p in cells if p.get_hatch()]
    expected_gaps = sum(1 for idea in ideas for r in case.PRODUCT_RISKS
                        if r not in {e["risk"] for e in idea["evidence"]})
    assert len(hatched) == expected_gaps == 8
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("no evidence") == expected_gaps
    assert "3 gaps" in texts and "0 gaps" in texts and "1 gap" in texts
    assert "✔ 2 findings" in texts
    plt.close(fig)


def test_matrix_reads_risk_names_in_any_case_and_draws_given_ideas():
    ideas = [{"id": "X-1", "title": "An idea", "evidence": [{"risk": " Value", "source": "s", "finding": "f"}]}]
    fig = figures.risk_evidence_matrix(ideas, title="One idea")
    ax = fig.axes[0]
    assert ax.get_title() == "One idea"
    assert [p.get_hatch() is None for p in ax.patches] == [True, False, False, False]
    assert "3 gaps" in [t.get_text() for t in ax.texts]
    plt.close(fig)
