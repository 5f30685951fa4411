"""Lesson 12 (trust, security and regulation): threats, controls, the refund agent's rules, and the grid figure."""

import matplotlib
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pytest

from ailead import case, figures

from .helpers import figure_colours, safe_colours

matplotlib.use("Agg")

OWASP_2025 = [
    ("LLM01:2025", "Prompt Injection"),
    ("LLM02:2025", "Sensitive Information Disclosure"),
    ("LLM03:2025", "Supply Chain"),
    ("LLM04:2025", "Data and Model Poisoning"),
    ("LLM05:2025", "Improper Output Handling"),
    ("LLM06:2025", "Excessive Agency"),
    ("LLM07:2025", "System Prompt Leakage"),
    ("LLM08:2025", "Vector and Embedding Weaknesses"),
    ("LLM09:2025", "Misinformation"),
    ("LLM10:2025", "Unbounded Consumption"),
]


# --------------------------------------------------------------------------- case data

@pytest.mark.parametrize("getter", [case.llm_threats, case.trust_controls, case.threat_controls,
                                    case.controls_in_pilot_plan, case.refund_agent_policy,
                                    case.proposed_permissions, case.planned_changes, case.refund_agent_facts])
def test_trust_data_is_deterministic_and_fresh(getter):
    first = getter()
    assert first == getter()
    first.clear()
    assert getter(), f"{getter.__name__} handed out its own storage"


def test_nested_trust_data_is_copied():
    policy = case.refund_agent_policy()
    policy["with_approval"]["refund above the limit"] = "anyone"
    policy["alone"].append("change address")
    assert case.refund_agent_policy()["with_approval"]["refund above the limit"] == "support lead"
    assert "change address" not in case.refund_agent_policy()["alone"]
    covers = case.threat_controls()
    covers["LLM01:2025"].clear()
    assert case.threat_controls()["LLM01:2025"]


def test_threats_are_the_owasp_2025_list_in_order():
    threats = case.llm_threats()
    assert [(t["id"], t["name"]) for t in threats] == OWASP_2025
    for t in threats:
        assert t["replydraft"] and t["refund_agent"], t["id"]


def test_every_threat_has_a_preventive_control_and_every_control_exists():
    controls = {c["name"]: c for c in case.trust_controls()}
    assert len(controls) == len(case.trust_controls()), "control names are unique"
    for c in controls.values():
        assert c["decides"] in ("product", "engineering") and c["enforces"] == "engineering"
        assert isinstance(c["prevents"], bool)
    assert sorted(n for n, c in controls.items() if not c["prevents"]) == ["logging and monitoring", "red-team tests"]
    covers = case.threat_controls()
    assert list(covers) == [t["id"] for t in case.llm_threats()]
    for threat, listed in covers.items():
        assert listed and set(listed) <= set(controls), threat
        assert len(listed) == len(set(listed)), threat
        assert any(controls[c]["prevents"] for c in listed), f"{threat} has no control that prevents it"
    assert set(case.controls_in_pilot_plan()) <= set(controls)


def test_the_pilot_plan_leaves_exactly_llm07_and_llm10_open():
    # The lesson's figure and exercise 12 (Part 3) say so; change them together.
    controls = {c["name"]: c["prevents"] for c in case.trust_controls()}
    in_place = set(case.controls_in_pilot_plan())
    assert "rate and spend limits" not in in_place
    open_threats = [t for t, listed in case.threat_controls().items()
                    if not any(controls[c] and c in in_place for c in listed)]
    assert open_threats == ["LLM07:2025", "LLM10:2025"]


def test_policy_and_proposal_match_what_the_lesson_and_exercise_say():
    policy = case.refund_agent_policy()
    assert policy["refund_limit"] == 30.00
    assert policy["with_approval"] == {"refund above the limit": "support lead", "close ticket": "support agent"}
    assert set(policy["alone"]) == {"look up order", "draft reply", "refund up to the limit", "send reply"}
    rows = {r["action"]: r for r in case.proposed_permissions()}
    assert len(rows) == len(case.proposed_permissions()), "one row per action"
    for r in rows.values():
        assert set(r) == {"action", "agent", "approver", "up_to"}
        assert r["agent"] in ("alone", "with approval", "never")
    # the three rows that break the policy (lesson 12 and exercise 12, Part 2)
    assert rows["refund up to the limit"]["up_to"] == 50.00
    assert rows["refund above the limit"]["approver"] == "support agent"
    assert rows["change address"]["agent"] == "alone"


def test_planned_changes_are_complete_and_use_us_dollars():
    keys = {"name", "new_tools", "new_data", "new_markets", "provider_before", "provider_after", "limit_before",
            "limit_after"}
    changes = case.planned_changes()
    assert len({c["name"] for c in changes}) == len(changes) == 7
    for c in changes:
        assert set(c) == keys, c["name"]
        assert all(isinstance(c[k], list) for k in ("new_tools", "new_data", "new_markets"))
        assert c["limit_before"] > 0 and c["limit_after"] > 0


def test_facts_agree_with_the_shared_case_facts():
    facts = case.refund_agent_facts()
    shared = case.case_facts()
    assert facts["refund_emails_per_month"] == round(shared["tickets_per_month"] * shared["refund_share"])
    assert 0 < facts["small_refund_share"] < 1 and facts["eval_right"] == 0.97 and facts["eval_cases"] == 500
    assert facts["median_small_refund"] <= case.refund_agent_policy()["refund_limit"]


def test_system_card_template_has_every_part_the_lesson_names():
    text = case.system_card_template()
    for part in ("Intended use", "Out of scope", "Known limits", "Evaluation results by slice", "Data",
                 "Human oversight", "Contacts", "Version", "Next review", "not legal advice"):
        assert part in text, part


# --------------------------------------------------------------------------- figure

def test_threat_control_grid_is_labelled_and_draws_in_safe_colours():
    fig = figures.threat_control_grid()
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() and "OWASP" in ax.get_ylabel()
    assert figure_colours(ax) <= safe_colours()
    edges = {mcolors.to_hex(c) for coll in ax.collections for c in coll.get_edgecolors()}
    assert edges <= safe_colours()
    labels = [t.get_text() for t in ax.texts]
    assert labels.count("OPEN") == 2 and labels.count("covered") == 8
    assert len(ax.get_yticklabels()) == 10 and len(ax.get_xticklabels()) == len(case.trust_controls())
    plt.close(fig)


def test_threat_control_grid_marks_each_covering_control_and_follows_its_inputs():
    covers = {"LLM01:2025": ["tool allow-list", "logging and monitoring"], "LLM10:2025": ["rate and spend limits"]}
    fig = figures.threat_control_grid(covers, ["tool allow-list", "logging and monitoring", "rate and spend limits"])
    ax = fig.axes[0]
    marks = [coll for coll in ax.collections if len(coll.get_offsets())]
    assert len(marks) == 3
    assert [t.get_text() for t in ax.texts if t.get_text() in ("covered", "OPEN")] == ["covered", "covered"]
    plt.close(fig)
    fig = figures.threat_control_grid(covers, ["logging and monitoring"])
    assert [t.get_text() for t in fig.axes[0].texts if t.get_text() in ("covered", "OPEN")] == ["OPEN", "OPEN"]
    plt.close(fig)


def test_threat_control_grid_refuses_unknown_controls():
    with pytest.raises(ValueError, match="unknown control"):
        figures.threat_control_grid({"LLM01:2025": ["a firewall"]})
    with pytest.raises(ValueError, match="unknown control"):
        figures.threat_control_grid(None, ["a firewall"])
    with pytest.raises(ValueError, match="empty"):
        figures.threat_control_grid({})
