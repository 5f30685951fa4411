"""Lesson 02 (focus): decisions to sort by lens, and ReplyDraft ideas with the evidence gathered so far.

The four product risks follow Marty Cagan, *Inspired* (2nd ed., Wiley, 2017) and the SVPG article
"The Four Big Risks" (2017, https://www.svpg.com/four-big-risks/). Each idea below carries the
evidence the ReplyDraft team has collected, one record per finding, each naming the risk it speaks
to and how strong it is:

- ``"strong"``: observed behaviour or a measurement on the real thing, for this idea and its users
  (pilot logs, an offline evaluation on real e-mails, a review of the actual contract or guide, a
  prototype tried by real agents);
- ``"weak"``: opinions, stated intentions, interviews about what people would do, a spike that shows
  only part of what is needed, or a measurement that answers a neighbouring question.

Evidence can exist while its risk stays open: only a strong finding resolves a risk, and it may
resolve it either way (bad news is evidence too). Which risks an idea still has open is left for the
learner to work out (exercise 02).
"""

from __future__ import annotations

import copy

__all__ = ["PRODUCT_RISKS", "lens_decisions", "idea_evidence"]

# Cagan's four risks, in the order the course always lists them.
PRODUCT_RISKS: tuple[str, ...] = ("value", "usability", "feasibility", "viability")

# Twelve ReplyDraft decisions. Exercise 02 asks which lens (product: what and why; engineering:
# how) each belongs to; the answer key lives with the exercise, not here.
_LENS_DECISIONS: list[str] = [
    "Start ReplyDraft with order-status e-mails rather than complaints",
    "Fetch order details live from the shop database instead of copying them every night",
    "Split long e-mail threads so that they fit the model's context window",
    "Keep a person reviewing every draft before it reaches a customer",
    "Offer ReplyDraft to the support team only, not to the sales team, this year",
    "Test every change to the prompt against the evaluation set before it goes live",
    "Choose the embedding model that finds similar past replies",
    "Judge ReplyDraft by minutes saved per ticket, not by the number of drafts produced",
    "Queue incoming e-mails so that a sudden burst produces drafts in order instead of timeouts",
    "Drop the tone button from this quarter because few agents asked for it",
    "Give partner shops ReplyDraft free for the first year to win their business",
    "Retry a failed model call once, then fall back to the smaller model",
]

# ReplyDraft ideas (ids and titles from the backlog in company.py) with the evidence so far, as it
# stands in lesson 02 (mid-April, the second week of the eight-agent pilot).
_IDEAS: list[dict] = [
    {"id": "RD-1", "title": "Draft replies for order-status e-mails", "evidence": [
        {"risk": "value", "source": "pilot usage log", "strength": "strong",
         "finding": "the eight pilot agents saved about 70 seconds per order-status e-mail"},
        {"risk": "usability", "source": "prototype test", "strength": "strong",
         "finding": "five of five agents found, edited and sent a draft without help"},
        {"risk": "feasibility", "source": "offline evaluation", "strength": "strong",
         "finding": "86 of 100 past order-status e-mails got a draft needing light edits or none"},
        {"risk": "feasibility", "source": "pilot monitoring", "strength": "strong",
         "finding": "96 % of drafts appeared within 3 seconds in the pilot's first two weeks"},
        {"risk": "viability", "source": "legal review", "strength": "strong",
         "finding": "the model provider's contract allows sending order data for drafting"},
    ]},
    {"id": "RD-2", "title": "Draft replies for refund requests", "evidence": [
        {"risk": "value", "source": "agent time log", "strength": "strong",
         "finding": "refunds are 18 % of e-mails and take agents the longest to answer"},
        # Real bad news, yet only part of the question: the data exists but arrives late; whether
        # refund drafts can be right with day-old status has not been tried.
        {"risk": "feasibility", "source": "two-day spike", "strength": "weak",
         "finding": "the payments system reports refund status, but only a day late"},
    ]},
    {"id": "RD-4", "title": "One-click tone change (formal, friendly)", "evidence": [
        {"risk": "usability", "source": "prototype test", "strength": "strong",
         "finding": "six of six agents found the tone button at once"},
        {"risk": "feasibility", "source": "prompt test", "strength": "strong",
         "finding": "50 real drafts were rewritten in a friendlier tone in under 2 seconds each, "
                    "and agents judged 47 of them ready to use"},
        {"risk": "viability", "source": "marketing review", "strength": "strong",
         "finding": "the friendly tone matches the brand's voice guide"},
    ]},
    {"id": "RD-5", "title": "Drafts in German and French", "evidence": [
        {"risk": "value", "source": "agent time log", "strength": "strong",
         "finding": "German and French e-mails take agents 40 % longer than English ones"},
        {"risk": "viability", "source": "legal review", "strength": "strong",
         "finding": "German replies must carry a cancellation notice, and the approved text exists"},
    ]},
    {"id": "RD-7", "title": "Auto-send drafts for simple order-status e-mails", "evidence": [
        # A wish of the agents, not what customers do with a reply nobody read.
        {"risk": "value", "source": "agent interviews", "strength": "weak",
         "finding": "seven of ten agents would gladly stop handling order-status e-mails"},
        # Measured with an agent checking every draft: a neighbouring question, not "safe to send unread".
        {"risk": "feasibility", "source": "RD-1 offline evaluation", "strength": "weak",
         "finding": "86 of 100 order-status drafts needed light edits or none, with an agent checking each one"},
    ]},
]


def lens_decisions() -> list[str]:
    """Twelve ReplyDraft decisions, in a fixed order, to sort into what-and-why or how."""
    return list(_LENS_DECISIONS)


def idea_evidence() -> list[dict]:
    """ReplyDraft ideas, each a dict with id, title and evidence (a list of records).

    Every evidence record is a dict with risk (one of :data:`PRODUCT_RISKS`), source, finding and
    strength (``"strong"`` or ``"weak"``, see the module's docstring).
    """
    return copy.deepcopy(_IDEAS)
