"""The capstone (exercise 11): a metric catalogue, the pilot's latest numbers, three new backlog items,
the next sprint of the ReplyDraft team, and who in the team sets product direction.

The catalogue lists the metrics a learner may choose for the one-page plan, each with its lens, the
framework it comes from, the direction that counts as better and a sensible range for a target. The
ranges are teaching judgements for Kettle & Co. (40 agents, about 7,000 customer e-mails a week), not
industry standards; the exercise grades that a chosen target lies inside them.

All values are invented, fixed and small; every function returns a fresh copy. The package holds no
calculation the capstone asks learners to write (RICE, ordering, sprint planning, metric review).
"""

from __future__ import annotations

import copy

from ailead.case.company import backlog, team

__all__ = [
    "CAPSTONE_LENSES",
    "capstone_metric_catalogue",
    "capstone_week_actuals",
    "capstone_backlog",
    "capstone_sprint",
    "capstone_team",
]

CAPSTONE_LENSES: tuple[str, ...] = ("product", "engineering")

# name -> lens ("product" or "engineering"), framework, what it measures, unit, direction ("up": higher
# is better, "down": lower is better), low/high (a sensible range for a target, both ends included),
# slo (True for a service level objective: a share of good events), north_star (True for a metric
# that can serve as the North Star).
_CATALOGUE: dict[str, dict] = {
    "accepted_drafts_per_week": {
        "lens": "product", "framework": "value delivered", "unit": "drafts a week",
        "what": "drafts sent with light or no edits in a week, across all agents",
        "direction": "up", "low": 1000, "high": 7000, "slo": False, "north_star": True},
    "agent_hours_saved_per_week": {
        "lens": "product", "framework": "value delivered", "unit": "hours a week",
        "what": "agent handling time saved by accepted drafts in a week",
        "direction": "up", "low": 40, "high": 200, "slo": False, "north_star": True},
    "weekly_adoption": {
        "lens": "product", "framework": "HEART: adoption", "unit": "share of the 40 agents",
        "what": "share of agents who used ReplyDraft at least once in the week",
        "direction": "up", "low": 0.5, "high": 1.0, "slo": False, "north_star": False},
    "retention_4w": {
        "lens": "product", "framework": "HEART: retention", "unit": "share of a cohort",
        "what": "share of the agents active in one week who are still active four weeks later",
        "direction": "up", "low": 0.6, "high": 1.0, "slo": False, "north_star": False},
    "task_success": {
        "lens": "product", "framework": "HEART: task success", "unit": "share of drafts shown",
        "what": "share of drafts shown that agents sent with light or no edits",
        "direction": "up", "low": 0.6, "high": 0.95, "slo": False, "north_star": False},
    "csat": {
        "lens": "product", "framework": "HEART: happiness", "unit": "share of rated replies",
        "what": "share of customers who rate a reply written with a draft as good",
        "direction": "up", "low": 0.8, "high": 0.99, "slo": False, "north_star": False},
    "complaints_per_1k": {
        "lens": "product", "framework": "guardrail", "unit": "complaints per 1,000 replies",
        "what": "customer complaints per 1,000 replies written with a draft",
        "direction": "down", "low": 0.5, "high": 3.0, "slo": False, "north_star": False},
    "availability_slo": {
        "lens": "engineering", "framework": "Google SRE", "unit": "share of minutes",
        "what": "share of minutes in a 30-day window in which agents could get drafts",
        "direction": "up", "low": 0.9, "high": 0.99999, "slo": True, "north_star": False},
    "latency_slo": {
        "lens": "engineering", "framework": "Google SRE", "unit": "share of drafts",
        "what": "share of drafts that appear within 3 seconds, over a 30-day window",
        "direction": "up", "low": 0.9, "high": 0.99999, "slo": True, "north_star": False},
    "offline_accuracy": {
        "lens": "engineering", "framework": "evaluation set", "unit": "share of the evaluation set",
        "what": "share of the fixed offline evaluation set judged correct for a model version",
        "direction": "up", "low": 0.75, "high": 0.95, "slo": False, "north_star": False},
    "cost_per_1k_drafts": {
        "lens": "engineering", "framework": "unit cost", "unit": "US dollars",
        "what": "model and hosting cost per 1,000 drafts",
        "direction": "down", "low": 1.0, "high": 25.0, "slo": False, "north_star": False},
    "change_failure_rate": {
        "lens": "engineering", "framework": "DORA", "unit": "share of deployments",
        "what": "share of deployments (code, prompt or model) that had to be fixed or rolled back",
        "direction": "down", "low": 0.05, "high": 0.3, "slo": False, "north_star": False},
}

# The same metrics as measured in week 4 of the pilot (the latest full week). Product numbers come
# from the usage log (1,513 accepted of 2,027 drafts shown, 40 of 40 agents active); engineering
# numbers from lesson 05's weekly metrics and the "Hosted large" model option. csat, complaints and
# change failure rate are invented for the capstone.
_WEEK_ACTUALS: dict[str, float] = {
    "accepted_drafts_per_week": 1513,
    "agent_hours_saved_per_week": 39.8,
    "weekly_adoption": 1.0,
    "retention_4w": 1.0,
    "task_success": 0.75,
    "csat": 0.91,
    "complaints_per_1k": 1.8,
    "availability_slo": 0.999,
    "latency_slo": 0.97,
    "offline_accuracy": 0.82,
    "cost_per_1k_drafts": 21.0,
    "change_failure_rate": 0.25,
}

# Work the team added to the backlog after the pilot, with the same fields as case.backlog().
_NEW_ITEMS: list[dict] = [
    {"id": "RD-8", "title": "Redact card numbers before a prompt reaches the model", "reach": 40,
     "impact": 2, "confidence": 1.0, "effort": 2, "depends_on": []},
    {"id": "RD-9", "title": "Latency and availability dashboard with SLO alerts", "reach": 40,
     "impact": 1, "confidence": 0.9, "effort": 1, "depends_on": []},
    {"id": "RD-10", "title": "Quote the current refund policy in refund drafts", "reach": 35,
     "impact": 2, "confidence": 0.8, "effort": 2, "depends_on": ["RD-2"]},
]

# The next sprint. capacity: person-weeks for the two weeks (Sprint 7's 5 plus 3 from an engineer Jonas
# lends from the ML platform team for the refund work); done: items shipped in Sprint 7 (lesson 06);
# goal_items: what the Sprint Goal needs shipped.
_SPRINT: dict = {
    "name": "Sprint 8",
    "goal": "Agents get a draft for every refund request",
    "goal_items": ["RD-2"],
    "capacity": 8,
    "done": ["RD-1", "RD-6"],
}


# Who sets product direction in the ReplyDraft team: a fact about how the team works, recorded per person,
# not read from titles. Amara (the outcome) and Priya (discovery and the roadmap) set it; Jonas leads the
# engineering and sets technical direction, which is not product direction.
_SETS_PRODUCT_DIRECTION = {"Amara Okafor": True, "Priya Raman": True}


def capstone_metric_catalogue() -> dict[str, dict]:
    """The metrics a capstone plan may use: lens, framework, unit, direction and a sensible target range."""
    return copy.deepcopy(_CATALOGUE)


def capstone_week_actuals() -> dict[str, float]:
    """Each catalogue metric's value in week 4 of the pilot."""
    return dict(_WEEK_ACTUALS)


def capstone_backlog() -> list[dict]:
    """The ReplyDraft backlog (RD-1 to RD-7) plus the three items added after the pilot (RD-8 to RD-10)."""
    return backlog() + copy.deepcopy(_NEW_ITEMS)


def capstone_sprint() -> dict:
    """Sprint 8: its goal, the items the goal needs, capacity in person-weeks and the items already done."""
    return copy.deepcopy(_SPRINT)


def capstone_team() -> list[dict]:
    """The ReplyDraft team (as :func:`ailead.case.team`), each person with "sets_product_direction" (True/False)."""
    people = team()
    for person in people:
        person["sets_product_direction"] = _SETS_PRODUCT_DIRECTION.get(person["name"], False)
    return people
