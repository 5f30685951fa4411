"""The company, its team, the roles, and the data shared by several lessons."""

from __future__ import annotations

import copy
import random

__all__ = ["COMPANY", "ROLES", "team", "responsibilities", "roles", "backlog", "model_options", "usage_log"]

COMPANY: dict = {
    "name": "Kettle & Co.",
    "business": "online retailer of small kitchen appliances",
    "feature": "ReplyDraft",
    "feature_summary": (
        "drafts a reply to each customer e-mail with a large language model; "
        "a support agent reviews, edits and sends it"
    ),
    "support_agents": 40,
    "tickets_per_month": 30_000,
}

# The four roles the course compares. Horizon runs from 0 (tactical: days and sprints) to 10
# (strategic: quarters and years); audience from 0 (inward: the delivery team) to 10 (outward:
# customers, market, business). The numbers are teaching positions, not measurements.
ROLES: dict[str, dict] = {
    "AI product leader": {
        "short": "product leader",
        "owns": "what to build and why: vision, direction, value for users and the business",
        "horizon": 9,
        "audience": 8,
    },
    "AI engineering leader": {
        "short": "engineering leader",
        "owns": "how to build it: models, systems, architecture, reliability and scale",
        "horizon": 8,
        "audience": 2,
    },
    "AI product manager": {
        "short": "product manager",
        "owns": "product strategy and discovery: what to build, for whom, and why",
        "horizon": 7,
        "audience": 9,
    },
    "AI product owner": {
        "short": "product owner",
        "owns": "delivery: the backlog, user stories, acceptance criteria and sprint planning",
        "horizon": 2,
        "audience": 3,
    },
}

# The team at Kettle & Co. working on ReplyDraft.
_TEAM: list[dict] = [
    {"name": "Amara Okafor", "title": "Head of Customer Experience", "role": "AI product leader",
     "hours_per_week": 10},
    {"name": "Jonas Weber", "title": "Engineering Manager, ML Platform", "role": "AI engineering leader",
     "hours_per_week": 25},
    {"name": "Priya Raman", "title": "Product Manager", "role": "AI product manager",
     "hours_per_week": 40},
    {"name": "Tomás Herrera", "title": "Senior ML Engineer", "role": "engineer", "hours_per_week": 40},
    {"name": "Lena Fischer", "title": "Backend Engineer", "role": "engineer", "hours_per_week": 40},
    {"name": "Kofi Mensah", "title": "Data Scientist", "role": "data scientist", "hours_per_week": 30},
    {"name": "Yuki Sato", "title": "Product Designer", "role": "designer", "hours_per_week": 20},
]

# Twenty things someone on the ReplyDraft team has to do, in no particular order. Exercise 01 asks
# which leadership lens (product or engineering) owns each; its answer key lives with the exercise.
_RESPONSIBILITIES: list[str] = [
    "Write the one-page vision for ReplyDraft",
    "Choose between a hosted model API and a self-hosted open model",
    "Interview support agents about which e-mails take longest to answer",
    "Design how ticket history is retrieved and passed to the model",
    "Set up monitoring and alerts for draft latency and error rates",
    "Decide which customer e-mail types ReplyDraft handles first",
    "Size the market for selling ReplyDraft to other retailers",
    "Build the offline evaluation set and the pipeline that scores each model version",
    "Plan capacity so drafting keeps up with the Monday-morning peak",
    "Set the target for the share of drafts agents send with few edits",
    "Explain the business case for ReplyDraft to the finance director",
    "Encrypt stored prompts and redact card numbers before logging",
    "Decide whether ReplyDraft launches to all agents or a pilot group",
    "Run the bias test that compares draft quality across customer languages",
    "Cut the cost per draft by caching and choosing a smaller model",
    "Track weekly active agents and customer satisfaction after launch",
    "Write the runbook for rolling back a bad model version",
    "Agree with legal which customer data ReplyDraft may show to the model",
    "Review the data pipeline that cleans old tickets for evaluation",
    "Rank the feature requests that agents sent in this quarter",
]

# The backlog of candidate ReplyDraft work, with the inputs a RICE score needs.
# reach: agents affected per quarter; impact: 0.25, 0.5, 1, 2 or 3; confidence: 0-1;
# effort: person-weeks. depends_on names other items that must ship first.
_BACKLOG: list[dict] = [
    {"id": "RD-1", "title": "Draft replies for order-status e-mails", "reach": 40, "impact": 2,
     "confidence": 0.9, "effort": 4, "depends_on": []},
    {"id": "RD-2", "title": "Draft replies for refund requests", "reach": 35, "impact": 2,
     "confidence": 0.7, "effort": 6, "depends_on": ["RD-1"]},
    {"id": "RD-3", "title": "Show the ticket history the draft was based on", "reach": 40, "impact": 1,
     "confidence": 0.8, "effort": 3, "depends_on": ["RD-1"]},
    {"id": "RD-4", "title": "One-click tone change (formal, friendly)", "reach": 25, "impact": 0.5,
     "confidence": 0.6, "effort": 2, "depends_on": ["RD-1"]},
    {"id": "RD-5", "title": "Drafts in German and French", "reach": 12, "impact": 3,
     "confidence": 0.5, "effort": 8, "depends_on": ["RD-1"]},
    {"id": "RD-6", "title": "Agent feedback button on every draft", "reach": 40, "impact": 1,
     "confidence": 1.0, "effort": 1, "depends_on": []},
    {"id": "RD-7", "title": "Auto-send drafts for simple order-status e-mails", "reach": 40,
     "impact": 3, "confidence": 0.3, "effort": 10, "depends_on": ["RD-1", "RD-6"]},
]

# Model options the engineering leader shortlisted. quality: share of drafts sent with light or no
# edits in an offline evaluation (0-1); p95_latency_s: seconds, in a load test at Monday-peak volume (the
# live pilot's p95 on Hosted large was about 2.4 s); cost_per_1k_drafts: US dollars.
_MODEL_OPTIONS: list[dict] = [
    {"name": "Hosted large", "quality": 0.86, "p95_latency_s": 4.8, "cost_per_1k_drafts": 21.0},
    {"name": "Hosted medium", "quality": 0.81, "p95_latency_s": 2.1, "cost_per_1k_drafts": 6.5},
    {"name": "Hosted small", "quality": 0.71, "p95_latency_s": 0.9, "cost_per_1k_drafts": 1.2},
    {"name": "Open model, self-hosted", "quality": 0.78, "p95_latency_s": 2.6,
     "cost_per_1k_drafts": 4.0},
    {"name": "Open model, fine-tuned", "quality": 0.84, "p95_latency_s": 2.7,
     "cost_per_1k_drafts": 4.4},
]


def team() -> list[dict]:
    """The people working on ReplyDraft, one dict each (name, title, role, hours_per_week)."""
    return copy.deepcopy(_TEAM)


def responsibilities() -> list[str]:
    """The twenty ReplyDraft responsibilities, in a fixed order."""
    return list(_RESPONSIBILITIES)


def roles() -> dict[str, dict]:
    """The four roles with what each owns and its teaching position on the horizon/audience axes."""
    return copy.deepcopy(ROLES)


def backlog() -> list[dict]:
    """Candidate ReplyDraft work items with RICE inputs and dependencies."""
    return copy.deepcopy(_BACKLOG)


def model_options() -> list[dict]:
    """The shortlisted model options with offline quality, p95 latency and cost per 1,000 drafts."""
    return copy.deepcopy(_MODEL_OPTIONS)


def usage_log(days: int = 28, seed: int = 7) -> list[dict]:
    """A deterministic log of ReplyDraft use by the 40 agents, one dict per draft shown.

    Each entry has day (1..days), agent (e.g. "agent-07"), accepted (the agent sent the draft with
    light or no edits) and seconds_saved (estimated handling time saved; 0 when not accepted).
    Adoption grows over the weeks, as it did in the pilot.
    """
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}")
    rng = random.Random(seed)
    log: list[dict] = []
    agents = [f"agent-{n:02d}" for n in range(1, COMPANY["support_agents"] + 1)]
    for day in range(1, days + 1):
        share_using = min(0.9, 0.2 + 0.03 * day)
        for agent in agents:
            if rng.random() >= share_using:
                continue
            for _ in range(rng.randint(3, 12)):
                accepted = rng.random() < 0.62 + 0.005 * day
                log.append({
                    "day": day,
                    "agent": agent,
                    "accepted": accepted,
                    "seconds_saved": rng.randint(40, 150) if accepted else 0,
                })
    return log
