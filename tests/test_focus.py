"""Lesson 02 (focus): the case data for decisions and ideas, and the risk-evidence matrix.

Evidence exists is not the same as risk resolved: a risk is resolved only by a strong finding, so the
data and the figure are checked on both.
"""

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


def _open(idea):
    strong = {e["risk"] for e in idea["evidence"] if e["strength"] == "strong"}
    return [r for r in case.PRODUCT_RISKS if r not in strong]


def test_ideas_are_deterministic_fresh_and_valid():
    ideas = case.idea_evidence()
    assert ideas == case.idea_evidence()
    backlog = {item["id"]: item["title"] for item in case.backlog()}
    for idea in ideas:
        assert backlog[idea["id"]] == idea["title"], "ideas reuse the backlog's ids and titles"
        for record in idea["evidence"]:
            assert set(record) == {"risk", "source", "finding", "strength"}
            assert record["risk"] in case.PRODUCT_RISKS
            assert record["strength"] in ("strong", "weak")
            assert record["source"] and record["finding"]
    ideas[0]["evidence"].clear()
    assert case.idea_evidence()[0]["evidence"], "each call returns a fresh copy"


def test_open_risks_follow_strong_evidence_only():
    ideas = {idea["id"]: idea for idea in case.idea_evidence()}
    assert {i: _open(idea) for i, idea in ideas.items()} == {
        "RD-1": [],
        "RD-2": ["usability", "feasibility", "viability"],  # the two-day spike is weak: feasibility stays open
        "RD-4": ["value"],
        "RD-5": ["usability", "feasibility"],
        "RD-7": ["value", "usability", "feasibility", "viability"],  # agents' wishes are not customers' acceptance
    }
    rd7 = {e["risk"]: e for e in ideas["RD-7"]["evidence"]}
    assert rd7["value"]["source"] == "agent interviews" and rd7["value"]["strength"] == "weak"
    # evidence exists on a risk that is still open
    assert any(e["strength"] == "weak" for e in ideas["RD-2"]["evidence"] if e["risk"] == "feasibility")


def test_pilot_latency_evidence_agrees_with_the_pilot_weeks():
    rd1 = case.idea_evidence()[0]
    latency = [e["finding"] for e in rd1["evidence"] if e["source"] == "pilot monitoring"]
    weekly = [w["within_3s"] for w in case.pilot_engineering_metrics()][:2]
    assert latency == ["96 % of drafts appeared within 3 seconds in the pilot's first two weeks"]
    assert min(weekly) == 0.96, "the quoted share is the lowest of the first two weeks lesson 05 shows"


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


def test_matrix_tells_resolved_weak_and_missing_apart_without_colour():
    ideas = case.idea_evidence()
    fig = figures.risk_evidence_matrix(ideas)
    ax = fig.axes[0]
    cells = _cells(ax)
    assert len(cells) == 4 * len(ideas)
    hatches = [p.get_hatch() for p in cells]
    weak_only = sum(1 for idea in ideas for r in case.PRODUCT_RISKS
                    if r in _open(idea) and r in {e["risk"] for e in idea["evidence"]})
    missing = sum(1 for idea in ideas for r in case.PRODUCT_RISKS if r not in {e["risk"] for e in idea["evidence"]})
    assert (hatches.count(None), hatches.count(".."), hatches.count("///")) == (10, weak_only, missing) == (10, 3, 7)
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("no evidence") == missing
    assert sum(t.startswith("weak only: open") for t in texts) == weak_only
    assert sum(t.startswith("✔ resolved") for t in texts) == 10
    assert ["0 open", "3 open", "1 open", "2 open", "4 open"] == [t for t in texts if t.endswith(" open")]
    assert "✔ resolved\n2 findings" in texts
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("strong" in t for t in labels) and any("weak" in t for t in labels)
    plt.close(fig)


def test_matrix_reads_risk_names_in_any_case_and_counts_unrated_findings_as_weak():
    ideas = [{"id": "X-1", "title": "An idea", "evidence": [
        {"risk": " Value", "source": "s", "finding": "f", "strength": "Strong "},
        {"risk": "USABILITY", "source": "s", "finding": "f"},  # no strength: nobody judged it, so weak
    ]}]
    fig = figures.risk_evidence_matrix(ideas, title="One idea")
    ax = fig.axes[0]
    assert ax.get_title() == "One idea"
    assert [p.get_hatch() for p in ax.patches] == [None, "..", "///", "///"]
    assert "3 open" in [t.get_text() for t in ax.texts]
    plt.close(fig)
