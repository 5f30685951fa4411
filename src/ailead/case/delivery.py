"""Lesson 06 (discovery vs delivery): the assumptions behind auto-send, example user stories, and
Sprint 7, the two-week sprint that closed the quarter just after the pilot.

All values are invented, fixed and small; every function returns a fresh copy.
"""

from __future__ import annotations

import copy

__all__ = ["delivery_assumptions", "delivery_stories", "delivery_sprint", "delivery_opportunity_tree"]

# What has to be true for RD-7 (auto-send drafts for simple order-status e-mails) to be worth building.
# impact: how badly the idea fails if the assumption is wrong, 1 (barely) to 5 (it is dead);
# uncertainty: how little evidence the team has, 1 (well known) to 5 (pure guess).
_ASSUMPTIONS: list[dict] = [
    {"id": "A1", "risk": "value", "impact": 5, "uncertainty": 4,
     "text": "Customers are as happy with an auto-sent reply as with one an agent checked"},
    {"id": "A2", "risk": "feasibility", "impact": 5, "uncertainty": 3,
     "text": "The model can tell a simple order-status e-mail from a complaint that only mentions an order"},
    {"id": "A3", "risk": "value", "impact": 3, "uncertainty": 2,
     "text": "Order-status e-mails are still a large share of the queue"},
    {"id": "A4", "risk": "usability", "impact": 2, "uncertainty": 4,
     "text": "Agents will trust the auto-sent replies they see in the log"},
    {"id": "A5", "risk": "viability", "impact": 4, "uncertainty": 2,
     "text": "Legal accepts replies that no person read before sending"},
]

# User stories Priya drafted for ReplyDraft in her product-owner hat (Kettle & Co. has no product owner);
# some have defects on purpose.
_STORIES: list[dict] = [
    {"id": "S1",
     "text": "As a support agent, I want to rate each draft with a thumbs up or down, "
             "so that the team learns which drafts need work",
     "acceptance": [
         "Given a draft is shown When the agent clicks thumbs down Then the rating is saved with the ticket id",
         "Given the agent rated a draft When she opens the ticket again Then her rating is still shown",
     ]},
    {"id": "S2",
     "text": "As a support agent, I want a draft for every order-status e-mail",
     "acceptance": [
         "Given an order-status e-mail arrives When the agent opens it Then a draft appears within 3 seconds",
     ]},
    {"id": "S3",
     "text": "Show the ticket history next to the draft, so that agents can check its sources",
     "acceptance": []},
    {"id": "S4",
     "text": "As a team lead, I want a weekly count of drafts sent unchanged, so that I can see adoption",
     "acceptance": [
         "When the week ends Given drafts were sent Then the lead receives the count",
     ]},
]

# Priya's opportunity solution tree (Torres, 2021): one outcome, the agents' opportunities under it, the
# candidate solutions under each opportunity, and one experiment under each solution.
_TREE: dict = {
    "outcome": "Raise the share of drafts sent with light or no edits",
    "opportunities": [
        {"text": "Agents retype the same order-status answer many times a day",
         "solutions": [
             {"text": "Auto-send simple status replies (RD-7)",
              # a random sample nobody picks or reads first: choosing which drafts go out would screen
              # out the bad ones and leave A1 untested
              "experiment": "One week: random status e-mails sent unread, stop rule agreed"},
             {"text": "One-click send for status drafts",
              "experiment": "Clickable prototype with five agents"},
         ]},
        {"text": "Agents distrust a draft when they cannot see its source",
         "solutions": [
             {"text": "Show the ticket history (RD-3)",
              "experiment": "Eight agents rate drafts with and without history"},
         ]},
        {"text": "Drafts miss the tone the customer used",
         "solutions": [
             {"text": "One-click tone change (RD-4)",
              "experiment": "Count pilot edits that only change tone"},
         ]},
    ],
}

# Sprint 7 (ten working days), the last sprint of the quarter and the first planned in person-weeks, the
# backlog's unit. RD-1 here is order-status drafts for every e-mail and every agent, finished to the
# Definition of Done (the pilot ran a first version). The sprint met its goal: both items are done.
_SPRINT: dict = {
    "name": "Sprint 7",
    "goal": "Agents get a draft for every order-status e-mail and can rate each draft",
    "capacity": 5,
    "planned": ["RD-6", "RD-1"],
    "days": 10,
    # effort still to do at the end of each day, day 0 = sprint planning
    "remaining": [5.0, 5.0, 4.9, 4.6, 4.0, 3.9, 3.2, 2.6, 2.0, 1.3, 0.0],
}


def delivery_assumptions() -> list[dict]:
    """The assumptions behind auto-send (RD-7), each with its product risk, impact and uncertainty (1-5)."""
    return copy.deepcopy(_ASSUMPTIONS)


def delivery_stories() -> list[dict]:
    """Four draft user stories ({"id", "text", "acceptance"}); S1 is sound, S2-S4 each have defects."""
    return copy.deepcopy(_STORIES)


def delivery_sprint() -> dict:
    """Sprint 7: its goal, capacity (person-weeks), planned item ids and remaining effort per day (ends at 0)."""
    return copy.deepcopy(_SPRINT)


def delivery_opportunity_tree() -> dict:
    """Priya's opportunity solution tree for ReplyDraft: outcome, opportunities, solutions, experiments."""
    return copy.deepcopy(_TREE)
