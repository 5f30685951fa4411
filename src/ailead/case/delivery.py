"""Lesson 06 (discovery vs delivery): the assumptions behind auto-send with the evidence for each, example
user stories, acceptance criteria for an AI feature, ReplyDraft's Definition of Done, and Sprint 7, the
two-week sprint that closed the quarter just after the pilot.

Assumption mapping follows David J. Bland and Alexander Osterwalder, *Testing Business Ideas* (Wiley,
2019): each assumption is placed by how important it is (if it is wrong, does the idea fail?) and by how
strong the evidence for it is. Evidence strength uses lesson 02's two grades (:mod:`ailead.case.focus`):
a finding is ``"strong"`` (what real people did, or a measurement on the real thing, for this idea and its
users) or ``"weak"`` (opinions, intentions, a measurement of a neighbouring question); an assumption with
no finding at all has no evidence. Important assumptions without strong evidence are tested first.

All values are invented, fixed and small; every function returns a fresh copy.
"""

from __future__ import annotations

import copy

from ailead.case.evidence import QUALITY_BAR
from ailead.case.timeline import CASE_FACTS

__all__ = ["TEST_FIRST_IMPORTANCE", "MIN_SLICE_CASES", "delivery_assumptions", "delivery_stories",
           "delivery_ai_stories", "delivery_definition_of_done", "delivery_sprint", "delivery_opportunity_tree"]

# An assumption is "important" from this score up (1 = the idea survives if it is wrong, 5 = the idea is
# dead); important assumptions without strong evidence sit in the map's "test first" corner.
TEST_FIRST_IMPORTANCE = 4

# Cases a slice needs before its pass rate can back an acceptance criterion: enough to catch a 20-point drop
# from the 0.80 bar (one-sided 5 %, power 80 %; lesson 11 works it out: 29 cases).
MIN_SLICE_CASES = 29

# What has to be true for RD-7 (auto-send drafts for simple order-status e-mails) to be worth building,
# as the team mapped it in July. importance: 1 (the idea survives if it is wrong) to 5 (the idea is dead);
# evidence: the findings so far, each "strong" or "weak" as in lesson 02 (the two RD-7 findings are
# lesson 02's, in ailead.case.focus).
_ASSUMPTIONS: list[dict] = [
    {"id": "A1", "risk": "value", "importance": 5,
     "text": "Customers are as happy with an auto-sent reply as with one an agent checked",
     # Every reply so far was read by an agent first: nobody has measured a reply that no person read.
     "evidence": []},
    {"id": "A2", "risk": "feasibility", "importance": 5,
     "text": "The model can tell a simple order-status e-mail from a complaint that only mentions an order",
     "evidence": [
         {"source": "RD-1 offline evaluation", "strength": "weak",
          "finding": "86 of 100 order-status drafts needed light edits or none, with an agent checking each one"},
     ]},
    {"id": "A3", "risk": "value", "importance": 3,
     "text": "Order-status e-mails are still a large share of the queue",
     "evidence": [
         {"source": "ticket log", "strength": "strong",
          "finding": f"order-status e-mails are about {CASE_FACTS['order_status_share']} of the inbox"},
     ]},
    {"id": "A4", "risk": "usability", "importance": 2,
     "text": "Agents will trust the auto-sent replies they see in the log",
     "evidence": [
         {"source": "agent interviews", "strength": "weak",
          "finding": "seven of ten agents would gladly stop handling order-status e-mails"},
     ]},
    {"id": "A5", "risk": "viability", "importance": 4,
     "text": "Legal accepts replies that no person read before sending",
     # Nobody has asked yet; one meeting with legal can answer it.
     "evidence": []},
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

# The refund-drafts story (RD-2, planned for Sprint 8) in two versions: Priya's first draft, and the one
# the team accepted at backlog refinement. "serves" names the slices of the evaluation set whose e-mails
# the feature drafts for; each "quality" criterion is a measured threshold: a pass-rate bar on a named
# slice with at least so many cases. Before Sprint 8, Kofi grows the refunds slice from 15 to 30 cases
# (a fact of this module, not of the timeline).
_REFUND_TEXT = ("As a support agent, I want a draft for every refund request, "
                "so that I answer refunds as fast as order-status e-mails")
_AI_STORIES: list[dict] = [
    {"id": "RD-2 first draft",
     "text": _REFUND_TEXT,
     "serves": ["refunds"],
     "acceptance": [
         "Given a refund request arrives When the agent opens it Then a good draft appears",
     ],
     "quality": [{"slice": "refunds", "bar": QUALITY_BAR, "cases": 15}],
     "fallback": ""},
    {"id": "RD-2 refined",
     "text": _REFUND_TEXT,
     "serves": ["refunds"],
     "acceptance": [
         "Given the refunds slice of 30 past refund e-mails When the release candidate drafts a reply to each "
         "Then reviewers pass at least 24 of 30 (0.80)",
         "Given a refund request whose payment status is missing When the agent opens it Then no draft is "
         "shown and the agent sees why",
         f"Given peak-hour traffic When drafts are requested Then at least {CASE_FACTS['latency_slo'][0]:.0%} "
         f"appear within {CASE_FACTS['latency_slo'][1]:g} seconds",
     ],
     "quality": [{"slice": "refunds", "bar": QUALITY_BAR, "cases": 30}],
     "fallback": "When the payment status is missing or the model is unsure, no draft is shown and the agent "
                 "writes the reply as today"},
]

# ReplyDraft's Definition of Done (Scrum Guide 2020: the team's shared quality bar for every increment).
# kind: "any product" for the usual items, "AI feature" for the ones an AI feature adds.
_DEFINITION_OF_DONE: list[dict] = [
    {"item": "Acceptance criteria met, each quality threshold measured on its slice", "kind": "any product"},
    {"item": "Code reviewed; automated tests pass", "kind": "any product"},
    {"item": f"Offline evaluation run on the release candidate: every slice at or above the bar "
             f"({QUALITY_BAR:.2f}), no slice worse than today's release", "kind": "AI feature"},
    {"item": f"Latency checked at peak volume against the SLO (at least {CASE_FACTS['latency_slo'][0]:.0%} "
             f"of drafts within {CASE_FACTS['latency_slo'][1]:g} s)", "kind": "AI feature"},
    {"item": "Monitoring and alerts live for draft quality (acceptance, thumbs down), latency and errors",
     "kind": "AI feature"},
    {"item": "Rollback to the previous prompt and model version rehearsed, and timed", "kind": "AI feature"},
    {"item": "Prompt version, model version and evaluation-set version recorded with the release",
     "kind": "AI feature"},
    {"item": "Fallback works: when the model is unsure or down, the agent gets no draft and works as before",
     "kind": "AI feature"},
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
    "capacity": CASE_FACTS["sprint_capacity"][7],
    "planned": ["RD-6", "RD-1"],
    "days": 10,
    # effort still to do at the end of each day, day 0 = sprint planning
    "remaining": [5.0, 5.0, 4.9, 4.6, 4.0, 3.9, 3.2, 2.6, 2.0, 1.3, 0.0],
}


def delivery_assumptions() -> list[dict]:
    """The assumptions behind auto-send (RD-7): id, risk, text, importance (1-5) and evidence (findings)."""
    return copy.deepcopy(_ASSUMPTIONS)


def delivery_stories() -> list[dict]:
    """Four draft user stories ({"id", "text", "acceptance"}); S1 is sound, S2-S4 each have defects."""
    return copy.deepcopy(_STORIES)


def delivery_ai_stories() -> list[dict]:
    """The refund-drafts story (RD-2) as first drafted and as refined: text, serves, acceptance, quality, fallback."""
    return copy.deepcopy(_AI_STORIES)


def delivery_definition_of_done() -> list[dict]:
    """ReplyDraft's Definition of Done: each item with its kind ("any product" or "AI feature")."""
    return copy.deepcopy(_DEFINITION_OF_DONE)


def delivery_sprint() -> dict:
    """Sprint 7: its goal, capacity (person-weeks), planned item ids and remaining effort per day (ends at 0)."""
    return copy.deepcopy(_SPRINT)


def delivery_opportunity_tree() -> dict:
    """Priya's opportunity solution tree for ReplyDraft: outcome, opportunities, solutions, experiments."""
    return copy.deepcopy(_TREE)
