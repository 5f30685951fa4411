"""Lesson 07 (horizons and audiences): ReplyDraft's roadmap, Sprint 4's plan, activities and stakeholders.

The roadmap uses the Now / Next / Later format (Janna Bastow, ProdPad, 2012); the sprint plan follows the
Scrum Guide 2020 (Schwaber and Sutherland, https://scrumguides.org): one Sprint Goal, a two-week Sprint.
The stakeholder positions (influence and interest, 0-10) follow the power/interest grid that goes back to
A. Mendelow, "Environmental Scanning: The Impact of the Stakeholder Concept", Proceedings of the Second
International Conference on Information Systems, Cambridge, MA, 1981 (often cited as 1991); its four
quadrants with their advice come from G. Johnson and K. Scholes, Exploring Corporate Strategy (lesson 07
uses the project-management names: manage closely, keep satisfied, keep informed, monitor). The positions
are teaching positions, not measurements. Which role each activity belongs to,
and which sprint items serve no roadmap theme, are left for the learner (exercise 07).
"""

from __future__ import annotations

import copy

__all__ = ["HORIZON_AUDIENCES", "HORIZON_PRODUCT_GOAL", "replydraft_roadmap", "replydraft_sprint",
           "horizon_activities", "replydraft_stakeholders"]

# Who a piece of work is mainly done with. Outward: people outside the delivery team (the product
# manager's side); inward: the people who build ReplyDraft (the product owner's side). At Kettle & Co.
# the "users" are the 40 support agents, who use ReplyDraft but do not build it.
HORIZON_AUDIENCES: dict[str, tuple[str, ...]] = {
    "outward": ("users", "customers", "market", "executives"),
    "inward": ("engineers", "designers", "data scientists"),
}

HORIZON_PRODUCT_GOAL = "Routine customer e-mails start from a draft an agent can send with light edits"

# Now = this quarter (weeks 0-13), Next = the quarter after, Later = the rest of the year and beyond.
_ROADMAP: dict[str, list[str]] = {
    "Now": ["Order-status drafts for every agent", "Agent feedback on every draft"],
    "Next": ["Refund-request drafts", "Show the history behind a draft"],
    "Later": ["Drafts in German and French", "Auto-send simple order-status replies"],
}

# Sprint 4 of the quarter (May, while the pilot was still small): two weeks, one Sprint Goal, items still
# sized in story points (16 in all; from Sprint 7 the team plans in person-weeks, the backlog's unit).
# Lesson 07 looks back at it. "theme" names the roadmap theme an item serves, or None for work the team
# took on without one.
_SPRINT: dict = {
    "sprint": 4,
    "weeks": 2,
    "goal": "Agents in the pilot group can rate every order-status draft with one click",
    "items": [
        {"title": "Thumbs-up / thumbs-down buttons under each draft", "theme": "Agent feedback on every draft",
         "points": 3},
        {"title": "Store each rating with the draft's model version", "theme": "Agent feedback on every draft",
         "points": 2},
        {"title": "Order-status drafts for the Lisbon team", "theme": "Order-status drafts for every agent",
         "points": 3},
        {"title": "One-click tone change (formal, friendly)", "theme": "Tone options", "points": 5},
        {"title": "Upgrade the logging library", "theme": None, "points": 1},
        {"title": "Spike: can refund policy text be retrieved reliably?", "theme": "Refund-request drafts",
         "points": 2},
    ],
}

# Ten pieces of ReplyDraft work: how far ahead each looks (weeks) and who it is mainly done with.
_ACTIVITIES: list[dict] = [
    {"activity": "Decide which markets to offer ReplyDraft in next year", "horizon_weeks": 52,
     "audience": "market"},
    {"activity": "Present the two-quarter roadmap to the leadership team", "horizon_weeks": 26,
     "audience": "executives"},
    {"activity": "Interview six agents about refund e-mails", "horizon_weeks": 13, "audience": "users"},
    {"activity": "Compare ReplyDraft with a competitor's drafting tool", "horizon_weeks": 26,
     "audience": "market"},
    {"activity": "Write acceptance criteria for the feedback buttons", "horizon_weeks": 2,
     "audience": "engineers"},
    {"activity": "Split the refund story so it fits in one sprint", "horizon_weeks": 4,
     "audience": "engineers"},
    {"activity": "Walk through the draft-rating screen with the designer", "horizon_weeks": 2,
     "audience": "designers"},
    {"activity": "Map which stories wait on the evaluation pipeline", "horizon_weeks": 6,
     "audience": "data scientists"},
    {"activity": "Plan which sprint the refund drafts can ship in", "horizon_weeks": 8,
     "audience": "engineers"},
    {"activity": "Agree next year's evaluation strategy with the data scientists", "horizon_weeks": 40,
     "audience": "data scientists"},
]

# Who the ReplyDraft product people talk to. group is one of HORIZON_AUDIENCES; influence and
# interest run from 0 to 10 (the power/interest grid).
_STAKEHOLDERS: list[dict] = [
    {"name": "Amara Okafor", "title": "Head of Customer Experience", "group": "executives",
     "influence": 9, "interest": 8},
    {"name": "Dana Whitfield", "title": "Finance Director", "group": "executives", "influence": 8,
     "interest": 3},
    {"name": "Support agents", "title": "the 40 agents who use ReplyDraft", "group": "users", "influence": 4,
     "interest": 9},
    {"name": "Customers", "title": "people who write in to Kettle & Co.", "group": "customers",
     "influence": 2, "interest": 6},
    {"name": "Partner retailers", "title": "shops that might buy ReplyDraft", "group": "market",
     "influence": 3, "interest": 2},
    {"name": "Jonas Weber", "title": "Engineering Manager, ML Platform", "group": "engineers",
     "influence": 7, "interest": 7},
    {"name": "Tomás Herrera", "title": "Senior ML Engineer", "group": "engineers", "influence": 6,
     "interest": 9},
    {"name": "Lena Fischer", "title": "Backend Engineer", "group": "engineers", "influence": 4,
     "interest": 7},
    {"name": "Kofi Mensah", "title": "Data Scientist", "group": "data scientists", "influence": 6,
     "interest": 6},
    {"name": "Yuki Sato", "title": "Product Designer", "group": "designers", "influence": 3,
     "interest": 7},
]


def replydraft_roadmap() -> dict[str, list[str]]:
    """ReplyDraft's Now / Next / Later roadmap: column name -> list of themes (a fresh copy)."""
    return copy.deepcopy(_ROADMAP)


def replydraft_sprint() -> dict:
    """Sprint 4's plan (May, a look back): sprint number, weeks, Sprint Goal and items with their themes and
    story points (a fresh copy)."""
    return copy.deepcopy(_SPRINT)


def horizon_activities() -> list[dict]:
    """Ten ReplyDraft activities with horizon_weeks and audience (a fresh copy)."""
    return copy.deepcopy(_ACTIVITIES)


def replydraft_stakeholders() -> list[dict]:
    """The people ReplyDraft's product roles talk to, with group, influence and interest (a fresh copy)."""
    return copy.deepcopy(_STAKEHOLDERS)
