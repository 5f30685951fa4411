"""Lesson 12 (trust, security and regulation): threats, controls and the refund agent's rules.

Kettle & Co. is weighing a **refund agent** (lesson 10's idea): ReplyDraft would look up the order, issue
a small refund through the payments system and send the reply on its own. This module holds what
lesson 12 and exercise 12 reason about:

- :func:`llm_threats`: the ten entries of the OWASP Top 10 for LLM Applications, 2025 edition (OWASP
  GenAI Security Project, genai.owasp.org), each with a short line on how it shows up in ReplyDraft and
  in the refund agent. The descriptions are the course's own words.
- :func:`trust_controls`: the controls the team can put in place, who decides and who enforces each,
  and whether it prevents or limits harm or only detects it.
- :func:`threat_controls`: which controls cover which threat (the lesson's figure draws it).
- :func:`controls_in_pilot_plan`: the controls the first refund-agent pilot plan has in place.
- :func:`refund_agent_policy` and :func:`proposed_permissions`: the policy Amara agreed with finance
  and legal, and the first permission matrix the engineers proposed (exercise 12 checks it).
- :func:`planned_changes`: changes the team has in mind, for exercise 12's review rule.
- :func:`refund_agent_facts`: the few numbers the risk acceptance note rests on.
- :func:`system_card_template`: the one-page system card template (assets/templates/), as text, so a
  learner's working copy, which holds no assets, can still show it.

All values are invented, fixed and small; money is in US dollars; every function returns a fresh copy.
"""

from __future__ import annotations

import copy

__all__ = [
    "llm_threats",
    "trust_controls",
    "threat_controls",
    "controls_in_pilot_plan",
    "refund_agent_policy",
    "proposed_permissions",
    "planned_changes",
    "refund_agent_facts",
    "system_card_template",
]

# The OWASP Top 10 for LLM Applications, 2025 edition: identifier and name as OWASP gives them; the two
# "looks like" lines are the course's own words about the running case.
_THREATS: list[dict] = [
    {"id": "LLM01:2025", "name": "Prompt Injection",
     "replydraft": "a customer's e-mail tells the model to promise a full refund, and the draft does",
     "refund_agent": "the same e-mail makes the agent issue the refund"},
    {"id": "LLM02:2025", "name": "Sensitive Information Disclosure",
     "replydraft": "a draft quotes another customer's order or address",
     "refund_agent": "the agent reveals order details to someone who is not the buyer"},
    {"id": "LLM03:2025", "name": "Supply Chain",
     "replydraft": "the hosted model or a library changes or is compromised upstream",
     "refund_agent": "the same, plus the payments plug-in the agent calls"},
    {"id": "LLM04:2025", "name": "Data and Model Poisoning",
     "replydraft": "planted text in past tickets used as examples skews the drafts",
     "refund_agent": "poisoned examples teach it that large refunds are normal"},
    {"id": "LLM05:2025", "name": "Improper Output Handling",
     "replydraft": "the draft's text goes into the e-mail tool unchecked, links and all",
     "refund_agent": "the model's output is passed to the payments system as an amount"},
    {"id": "LLM06:2025", "name": "Excessive Agency",
     "replydraft": "little: ReplyDraft has no tools",
     "refund_agent": "it can change addresses or refund any amount because its access is broad"},
    {"id": "LLM07:2025", "name": "System Prompt Leakage",
     "replydraft": "a customer gets a draft to reveal the internal rules in the prompt",
     "refund_agent": "knowing the rules helps an attacker stay just under them"},
    {"id": "LLM08:2025", "name": "Vector and Embedding Weaknesses",
     "replydraft": "the policy search returns another customer's ticket or an old policy",
     "refund_agent": "the same, feeding refund decisions"},
    {"id": "LLM09:2025", "name": "Misinformation",
     "replydraft": "a draft states a wrong return policy with confidence",
     "refund_agent": "the agent acts on its wrong reading of the policy"},
    {"id": "LLM10:2025", "name": "Unbounded Consumption",
     "replydraft": "a flood of very long e-mails runs up the model bill",
     "refund_agent": "a loop of tool calls or refunds runs up cost and money"},
]

# The controls, with who decides (sets the rule) and who enforces (builds and runs it). "prevents":
# True for controls that stop or limit harm; False for controls that only detect it (they find a
# problem, they do not stop one).
_CONTROLS: list[dict] = [
    {"name": "tool allow-list", "decides": "product", "enforces": "engineering", "prevents": True},
    {"name": "least privilege", "decides": "product", "enforces": "engineering", "prevents": True},
    {"name": "human approval", "decides": "product", "enforces": "engineering", "prevents": True},
    {"name": "rate and spend limits", "decides": "product", "enforces": "engineering", "prevents": True},
    {"name": "untrusted text kept apart", "decides": "engineering", "enforces": "engineering", "prevents": True},
    {"name": "output validation", "decides": "engineering", "enforces": "engineering", "prevents": True},
    {"name": "data minimisation", "decides": "product", "enforces": "engineering", "prevents": True},
    {"name": "grounding in current policy", "decides": "product", "enforces": "engineering", "prevents": True},
    {"name": "vetted provider, pinned versions", "decides": "engineering", "enforces": "engineering",
     "prevents": True},
    {"name": "red-team tests", "decides": "engineering", "enforces": "engineering", "prevents": False},
    {"name": "logging and monitoring", "decides": "engineering", "enforces": "engineering", "prevents": False},
]

# Which controls cover which threat (threat id -> control names, in the order of _CONTROLS).
_COVERS: dict[str, list[str]] = {
    "LLM01:2025": ["tool allow-list", "least privilege", "human approval", "rate and spend limits",
                   "untrusted text kept apart", "output validation", "red-team tests", "logging and monitoring"],
    "LLM02:2025": ["least privilege", "output validation", "data minimisation", "logging and monitoring"],
    "LLM03:2025": ["vetted provider, pinned versions", "red-team tests"],
    "LLM04:2025": ["grounding in current policy", "vetted provider, pinned versions", "red-team tests"],
    "LLM05:2025": ["output validation"],
    "LLM06:2025": ["tool allow-list", "least privilege", "human approval", "rate and spend limits"],
    "LLM07:2025": ["rate and spend limits", "red-team tests", "logging and monitoring"],
    "LLM08:2025": ["least privilege", "grounding in current policy", "logging and monitoring"],
    "LLM09:2025": ["human approval", "grounding in current policy", "red-team tests"],
    "LLM10:2025": ["rate and spend limits", "logging and monitoring"],
}

# The first pilot plan for the refund agent: everything but the rate and spend limits, which the
# engineers had scheduled for "a later sprint".
_PILOT_PLAN: list[str] = [c["name"] for c in _CONTROLS if c["name"] != "rate and spend limits"]

# The policy Amara (product) agreed with finance and legal. refund_limit: the most, in US dollars, the
# agent may refund to one customer in one day on its own (that day's earlier refunds included; exactly
# the limit is allowed). alone: what the agent may do without a person. with_approval: what it may do
# only after the named person approves. Anything else the agent may never do.
_POLICY: dict = {
    "refund_limit": 30.00,
    "alone": ["look up order", "draft reply", "refund up to the limit", "send reply"],
    "with_approval": {"refund above the limit": "support lead", "close ticket": "support agent"},
}

# The permission matrix the engineers first proposed: one row per action. agent: "alone", "with
# approval" or "never"; approver: who approves (None when nobody does); up_to: the most the agent may
# refund alone in a day (only for the refund row), in US dollars.
_PROPOSED: list[dict] = [
    {"action": "look up order", "agent": "alone", "approver": None, "up_to": None},
    {"action": "draft reply", "agent": "alone", "approver": None, "up_to": None},
    {"action": "refund up to the limit", "agent": "alone", "approver": None, "up_to": 50.00},
    {"action": "refund above the limit", "agent": "with approval", "approver": "support agent", "up_to": None},
    {"action": "send reply", "agent": "alone", "approver": None, "up_to": None},
    {"action": "change address", "agent": "alone", "approver": None, "up_to": None},
    {"action": "close ticket", "agent": "with approval", "approver": "support agent", "up_to": None},
    {"action": "issue voucher", "agent": "never", "approver": None, "up_to": None},
]

# Changes the team has in mind for the next months. new_tools: tools or permissions the agent would
# gain; new_data: kinds of personal data that would newly reach the model; new_markets: countries or
# languages newly served; provider_before/after: the company that hosts the model; limit_before/after:
# the agent's refund limit in US dollars.
_CHANGES: list[dict] = [
    {"name": "Cheaper model version from the same provider", "new_tools": [], "new_data": [],
     "new_markets": [], "provider_before": "Hosted AI Ltd", "provider_after": "Hosted AI Ltd",
     "limit_before": 30.00, "limit_after": 30.00},
    {"name": "Refund agent may also issue vouchers", "new_tools": ["issue voucher"], "new_data": [],
     "new_markets": [], "provider_before": "Hosted AI Ltd", "provider_after": "Hosted AI Ltd",
     "limit_before": 30.00, "limit_after": 30.00},
    {"name": "German and French drafts", "new_tools": [], "new_data": [], "new_markets": ["German", "French"],
     "provider_before": "Hosted AI Ltd", "provider_after": "Hosted AI Ltd",
     "limit_before": 30.00, "limit_after": 30.00},
    {"name": "Send the customer's full order history to the model", "new_tools": [],
     "new_data": ["order history"], "new_markets": [], "provider_before": "Hosted AI Ltd",
     "provider_after": "Hosted AI Ltd", "limit_before": 30.00, "limit_after": 30.00},
    {"name": "Move to a self-hosted open model", "new_tools": [], "new_data": [], "new_markets": [],
     "provider_before": "Hosted AI Ltd", "provider_after": "Kettle & Co. (self-hosted)",
     "limit_before": 30.00, "limit_after": 30.00},
    {"name": "Lower the refund limit to $25.00", "new_tools": [], "new_data": [], "new_markets": [],
     "provider_before": "Hosted AI Ltd", "provider_after": "Hosted AI Ltd",
     "limit_before": 30.00, "limit_after": 25.00},
    {"name": "Raise the refund limit to $40.00", "new_tools": [], "new_data": [], "new_markets": [],
     "provider_before": "Hosted AI Ltd", "provider_after": "Hosted AI Ltd",
     "limit_before": 30.00, "limit_after": 40.00},
]

# What the refund agent's risk acceptance note rests on. refund_emails_per_month: 18 % of the 30,000
# e-mails a month; small_refund_share: share of refund requests for $30.00 or less; eval_right: share of
# 500 past refund e-mails where the agent chose the right action (lesson 10); pilot_weeks: length of the
# first pilot.
_FACTS: dict = {
    "refund_emails_per_month": 5_400,
    "small_refund_share": 0.62,
    "median_small_refund": 14.90,
    "eval_cases": 500,
    "eval_right": 0.97,
    "pilot_weeks": 4,
}


def llm_threats() -> list[dict]:
    """The OWASP Top 10 for LLM Applications (2025): id, name, and how each looks in the two systems."""
    return copy.deepcopy(_THREATS)


def trust_controls() -> list[dict]:
    """The controls: name, who decides, who enforces, and whether it prevents (True) or only detects."""
    return copy.deepcopy(_CONTROLS)


def threat_controls() -> dict[str, list[str]]:
    """Which controls cover each threat: {threat id: [control names]}."""
    return copy.deepcopy(_COVERS)


def controls_in_pilot_plan() -> list[str]:
    """The controls the first refund-agent pilot plan has in place."""
    return list(_PILOT_PLAN)


def refund_agent_policy() -> dict:
    """The refund agent's policy: refund limit (US$ per customer per day), actions alone, actions with approval."""
    return copy.deepcopy(_POLICY)


def proposed_permissions() -> list[dict]:
    """The engineers' first permission matrix for the refund agent, one row per action."""
    return copy.deepcopy(_PROPOSED)


def planned_changes() -> list[dict]:
    """Changes the team has in mind, each described by what it adds or changes."""
    return copy.deepcopy(_CHANGES)


def refund_agent_facts() -> dict:
    """The numbers the refund agent's risk acceptance note rests on."""
    return copy.deepcopy(_FACTS)


def system_card_template() -> str:
    """The one-page system card template for ReplyDraft (assets/templates/replydraft-system-card.md), as text."""
    from ailead.quizbank import assets_dir

    return (assets_dir() / "templates" / "replydraft-system-card.md").read_text(encoding="utf-8")
