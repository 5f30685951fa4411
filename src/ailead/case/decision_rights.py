"""Lesson 07 (decision rights): who is accountable for twenty recurring ReplyDraft decisions.

A RACI matrix names, for each decision, the one role **accountable** for it (A: decides and answers for
the result), the roles **responsible** for doing the work (R), those **consulted** before it is made (C)
and those **informed** after (I). RACI has no single author: it grew out of project-management practice
and appears as the "responsibility assignment matrix" in PMI's *PMBOK Guide*. DACI (driver, approver,
contributors, informed) is a variant for decisions, described in Atlassian's Team Playbook, which credits
Intuit with it.

Each decision also has the case's **lens** (product or engineering: whose question it is, lessons 02 and 04)
and **horizon** (strategic: judged over quarters; tactical: within the quarter, lesson 07's 13-week line).
The accountable role must share the decision's lens, and for product decisions its horizon too: the
product leader and the product manager are strategic, the product owner tactical. Every row agrees with
what the other lessons already say; the ``reason`` names the lesson.

The matrix is the course's teaching position for Kettle & Co. as it would run with a product owner (today
Priya holds that role too, so she carries two columns).
"""

from __future__ import annotations

import copy

__all__ = ["DECISION_ROLES", "ROLE_LENS", "decision_rights"]

# The four roles, in the order the matrix shows them (the keys of ailead.case.ROLES).
DECISION_ROLES: tuple[str, ...] = ("AI product leader", "AI product manager", "AI product owner",
                                   "AI engineering leader")

# Each role's lens and horizon (lesson 01's role map: the product owner is the only tactical role).
ROLE_LENS: dict[str, dict[str, str]] = {
    "AI product leader": {"lens": "product", "horizon": "strategic"},
    "AI product manager": {"lens": "product", "horizon": "strategic"},
    "AI product owner": {"lens": "product", "horizon": "tactical"},
    "AI engineering leader": {"lens": "engineering", "horizon": "strategic"},
}

_PL, _PM, _PO, _EL = DECISION_ROLES


def _row(rid: str, decision: str, lens: str, horizon: str, letters: str, reason: str) -> dict:
    """letters: one character per role in DECISION_ROLES order (R, A, C, I or '-' for no part)."""
    rights = {role: ("" if ch == "-" else ch) for role, ch in zip(DECISION_ROLES, letters)}
    return {"id": rid, "decision": decision, "lens": lens, "horizon": horizon, "rights": rights,
            "reason": reason}


#                                                                  leader, PM, PO, eng. leader
_DECISIONS: list[dict] = [
    _row("product-vision", "ReplyDraft's vision and the problems it solves this year", "product", "strategic",
         "ARIC", "What to build and why is the product leader's call (lesson 01); the PM drafts it from discovery."),
    _row("roadmap-themes", "Which themes go on the roadmap, and in what order", "product", "strategic",
         "CAIC", "Feature priority is the PM's, within the leader's direction (lesson 04); the PO is told, not asked."),
    _row("discovery-tests", "Which risky assumption to test next, and how", "product", "strategic",
         "IAIC", "Discovery belongs to the PM (lesson 06); engineering is consulted on feasibility tests."),
    _row("rollout-order", "Which support sites get ReplyDraft next", "product", "strategic",
         "CAIC", "Go-to-market order is outward and spans quarters: PM work (lesson 07)."),
    _row("pricing", "The price of ReplyDraft for partner retailers", "product", "strategic",
         "CAIC", "Viability is the PM's risk (Cagan, lesson 02); engineering supplies the cost per draft."),
    _row("slo-target", "Availability and latency targets (the SLOs)", "product", "strategic",
         "ARIC", "How reliable is enough is a product decision (lesson 03); engineering prices each level."),
    _row("quality-bar", "The pass rate every slice of the evaluation set must reach", "product", "strategic",
         "ACIC", "The decision rule belongs to the product leader, the measurement to engineering (lesson 11)."),
    _row("launch-gate", "Launch, hold or roll back after an experiment", "product",
         "strategic", "ARIC", "The leader owns the rule and the risk it accepts (lessons 05 and 11)."),
    _row("fairness-hold", "Hold the ready mark on German drafts until the gap closes", "product",
         "strategic", "ACIR", "Amara holds the gate; Jonas's team measures the gap and builds the fix (lesson 09)."),
    _row("agent-permissions", "What the refund agent may do alone, and up to what limit", "product",
         "strategic", "ACIR", "Product decides what the agent may do; engineering enforces it (lessons 10 and 12)."),
    _row("data-retention", "How long prompts and drafts are kept", "product", "strategic",
         "ACIR", "The leader sets the period with legal; engineering makes the system delete on time (lesson 12)."),
    _row("backlog-order", "The order of the backlog within this quarter's themes", "product", "tactical",
         "-CAC", "The PO orders the backlog inside the quarter the PM chose (lesson 04; Scrum Guide 2020)."),
    _row("sprint-scope", "The Sprint Goal and which stories enter the sprint", "product", "tactical",
         "-IAC", "The PO brings the goal and the order; the developers' capacity is consulted (lesson 06)."),
    _row("acceptance-criteria", "A story's acceptance criteria and evaluation threshold",
         "product", "tactical", "-CAC", "Stories and their criteria are the PO's (lesson 06); the bar they use "
         "comes from the leader."),
    _row("release-plan", "Which sprint refund drafts ship in", "product", "tactical",
         "IIAC", "Release planning is tactical and inward: the PO's (lesson 07)."),
    _row("model-choice", "Which model meets the quality, latency and cost limits", "engineering", "strategic",
         "CCIA", "Tools and technical approach are engineering's; product sets the limits (lessons 03 and 04)."),
    _row("architecture", "Live order lookup or a nightly copy", "engineering", "strategic",
         "-CIA", "Architecture is the engineering leader's; product says how fresh is fresh enough (lesson 04)."),
    _row("prompt-change", "Ship a new prompt wording to production", "engineering", "tactical",
         "-ICA", "New wording passes the evaluation set but needs no new trust review "
         "(lessons 09 and 12)."),
    _row("incident-rollback", "Roll back a misbehaving model version during an incident", "engineering",
         "tactical", "IIIA", "Both agree the trigger in advance; in the moment, engineering acts (lessons 03 and 10)."),
    _row("eval-set-budget", "Evaluation set size: cases per slice, labelling effort",
         "engineering", "strategic", "CCIA", "Sample sizes are part of the measurement, which engineering owns "
         "(lesson 11)."),
]


def decision_rights() -> list[dict]:
    """The twenty ReplyDraft decisions with their lens, horizon, RACI letters per role and reason (a copy)."""
    return copy.deepcopy(_DECISIONS)
