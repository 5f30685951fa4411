"""One timeline and one set of facts for the running case, shown to the learner in lesson 00.

Every lesson, quiz and exercise happens somewhere on this timeline, and every number they quote about
Kettle & Co. is one of :data:`CASE_FACTS` (or comes from another function of :mod:`ailead.case`).
``tests/test_case_facts.py`` reads the whole course and fails on a quoted fact that disagrees.

The year is not named: the quarters are those of Kettle & Co.'s year, and the sprints are numbered
from the start of the second quarter, when the ReplyDraft team started working in sprints.
"""

from __future__ import annotations

import copy

from ailead.case.company import COMPANY

__all__ = ["CASE_FACTS", "case_facts", "case_timeline"]

# Facts several lessons quote. Each is either fixed here or repeats a value kept elsewhere in the case.
CASE_FACTS: dict = {
    "support_agents": COMPANY["support_agents"],
    "tickets_per_month": COMPANY["tickets_per_month"],
    # 30,000 a month is about 7,000 a week and about 1,000 a day at full volume
    "tickets_per_day": 1_000,
    "tickets_per_week": 7_000,
    "refund_share": 0.18,              # refunds are 18 % of e-mails, and the slowest to answer
    "order_status_share": "a fifth",   # order-status e-mails are about a fifth of the inbox
    "pilot_first_agents": 8,           # the pilot started with eight agents in April
    "pilot_full_weeks": 4,             # in June it ran four measured weeks with all 40 agents
    "model_in_use": "Hosted large",    # what the pilot ran on and agents use today
    "sprint_weeks": 2,
    "sprint_capacity": {7: 5, 8: 8},   # person-weeks; in Sprint 8 Jonas lends an engineer for refunds
    "effort_unit": "person-weeks",     # from Sprint 7 on; Sprint 4 was still sized in story points
    "sprint4_points": 16,
    "eval_cases": 60,                  # the evaluation set lesson 09 runs: 60 cases in four slices
    "eval_german_cases": 4,
    "eval_french_cases": 0,
    "availability_slo": 0.999,
    "latency_slo": (0.95, 3.0),        # at least 95 % of drafts within 3 seconds
    "alignment_gaps": 4,               # three about timing, and AI basics
    "team_size": 7,
}

# What happens when, and which lessons are set there.
_TIMELINE: list[dict] = [
    {"when": "Q1 (January to March)", "sprint": None,
     "what": "Discovery. The team weighs building, buying or fine-tuning and picks a hosted model (Hosted "
             "large) for the pilot; a prototype of order-status drafts (RD-1) is tested with agents.",
     "lessons": ["02", "04"]},
    {"when": "April", "sprint": 1,
     "what": "The team starts two-week sprints. The first version of order-status drafts is built.",
     "lessons": []},
    {"when": "mid-April", "sprint": 2,
     "what": "The pilot starts with 8 agents, on order-status e-mails only.",
     "lessons": ["01", "02"]},
    {"when": "May", "sprint": 4,
     "what": "Still sized in story points (16): rating buttons for the pilot group, the Lisbon team joins "
             "the pilot, a spike on refund policy text, and a tone button that serves no roadmap theme. Before the "
             "pilot grows, a full-day load test replays a busy weekday's 1,200 e-mails.",
     "lessons": ["03", "07"]},
    {"when": "June", "sprint": "5-6",
     "what": "The pilot grows to all 40 agents for four measured weeks (the usage log): A/B experiments, "
             "a slower model version in week 3 rolled back in week 4, a Kano survey of ten agents, and the "
             "30-day window of the availability SLO.",
     "lessons": ["03", "05"]},
    {"when": "end of June", "sprint": 7,
     "what": "The first sprint planned in person-weeks (capacity 5): order-status drafts for every agent "
             "(RD-1, finished to the Definition of Done) and a feedback button on every draft (RD-6).",
     "lessons": ["06"]},
    {"when": "July", "sprint": None,
     "what": "Where the course stands: the pilot is over, still no product owner (Priya holds the "
             "backlog), refunds are next, auto-send and other languages are later ideas.",
     "lessons": ["08", "09", "10", "11", "12"]},
    {"when": "mid-July", "sprint": 8,
     "what": "The next sprint (capacity 8: Jonas lends an engineer for refund work): refund drafts (RD-2).",
     "lessons": ["capstone"]},
    {"when": "later this year", "sprint": None,
     "what": "German and French drafts; auto-send for simple order-status e-mails, if the evidence allows.",
     "lessons": []},
]


def case_facts() -> dict:
    """The case's shared facts (support agents, pilot, model in use, sprint capacities, ...)."""
    return copy.deepcopy(CASE_FACTS)


class Timeline(list):
    """The timeline as a list of dicts that shows itself as a table in a notebook."""

    def _repr_markdown_(self) -> str:
        rows = ["| when | sprint | what happens | lessons set here |", "|---|---|---|---|"]
        for step in self:
            sprint = "" if step["sprint"] is None else str(step["sprint"])
            lessons = ", ".join(step["lessons"])
            rows.append(f"| {step['when']} | {sprint} | {step['what']} | {lessons} |")
        return "\n".join(rows)


def case_timeline() -> Timeline:
    """The case's one timeline: when, sprint number (or None), what happens, and the lessons set there."""
    return Timeline(copy.deepcopy(_TIMELINE))
