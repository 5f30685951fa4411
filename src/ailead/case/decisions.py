"""Decision data for lesson 04: the build/buy/fine-tune matrix and a Kano survey of the agents.

The RICE inputs for the backlog live in :func:`ailead.case.backlog`; this module adds the scales the
lesson's frameworks use and the data for the two other decision tools. Everything is invented, small
and fixed, and every function returns a fresh copy.

The package deliberately holds no RICE, knock-out, weighted-matrix or Kano *calculation*: exercise
04 asks learners to write those.
"""

from __future__ import annotations

import copy

__all__ = [
    "RICE_IMPACT_SCALE",
    "KANO_ANSWERS",
    "BUILD_BUY_CRITERIA",
    "build_buy_options",
    "build_buy_weights",
    "build_buy_descriptions",
    "kano_survey",
]

# Intercom's impact scale for RICE (Sean McBride, "RICE: Simple prioritization for product
# managers", Intercom blog, 2016): the only values impact may take.
RICE_IMPACT_SCALE: dict[float, str] = {3: "massive", 2: "high", 1: "medium", 0.5: "low", 0.25: "minimal"}

# The five answers of a Kano questionnaire, in the order of the Kano evaluation table.
KANO_ANSWERS: tuple[str, ...] = ("like", "must-be", "neutral", "live-with", "dislike")

# The criteria of the build/buy/fine-tune decision, with what a score of 5 (the best) means.
BUILD_BUY_CRITERIA: dict[str, str] = {
    "draft quality": "most drafts sent with light or no edits in the offline evaluation",
    "cost per draft": "cheapest to run per 1,000 drafts, including hosting",
    "time to launch": "ready for the pilot within weeks, not months",
    "data control": "customer e-mails never leave Kettle & Co.'s own cloud account",
    "ease of running": "the current team can run, monitor and update it without new hires",
}

# Jonas's team scored each option from 1 (poor) to 5 (best) on each criterion, in the first quarter,
# when the pilot's set-up was chosen. The three model options match case.model_options(): Buy is
# "Hosted large" (the model the pilot runs on), Build is "Open model, self-hosted", Fine-tune is
# "Open model, fine-tuned". The templates option is the no-ML baseline.
_OPTIONS: dict[str, dict[str, int]] = {
    "Buy: hosted model API": {
        "draft quality": 4, "cost per draft": 3, "time to launch": 5, "data control": 2, "ease of running": 5},
    "Build: self-hosted open model": {
        "draft quality": 3, "cost per draft": 4, "time to launch": 3, "data control": 5, "ease of running": 2},
    "Fine-tune: open model on our tickets": {
        "draft quality": 5, "cost per draft": 4, "time to launch": 2, "data control": 5, "ease of running": 2},
    "No model: reply templates": {
        "draft quality": 1, "cost per draft": 5, "time to launch": 5, "data control": 5, "ease of running": 5},
}

_DESCRIPTIONS: dict[str, str] = {
    "Buy: hosted model API": "call a provider's large hosted model over an API, with our own prompts",
    "Build: self-hosted open model": "run an open-weights model on our own servers, with our own prompts",
    "Fine-tune: open model on our tickets": "train an open-weights model further on 20,000 past replies, "
                                            "then host it ourselves",
    "No model: reply templates": "suggest the best-matching saved reply (macro) by keyword rules, no ML",
}

# The weights Amara (product) and Jonas (engineering) agreed for the pilot. They sum to 1.
_WEIGHTS: dict[str, float] = {
    "draft quality": 0.35,
    "cost per draft": 0.15,
    "time to launch": 0.20,
    "data control": 0.15,
    "ease of running": 0.15,
}

# Ten pilot agents answered a Kano questionnaire about four backlog items: "How would you feel if
# ReplyDraft had this?" (functional) and "... if it did not have this?" (dysfunctional).
_KANO_PAIRS: dict[str, list[tuple[str, str]]] = {
    "RD-3": [("must-be", "dislike"), ("neutral", "dislike"), ("must-be", "dislike"), ("like", "dislike"),
             ("live-with", "dislike"), ("must-be", "dislike"), ("like", "neutral"), ("neutral", "dislike"),
             ("like", "dislike"), ("neutral", "neutral")],
    "RD-4": [("like", "neutral"), ("neutral", "neutral"), ("like", "live-with"), ("neutral", "neutral"),
             ("live-with", "neutral"), ("like", "neutral"), ("neutral", "neutral"), ("neutral", "live-with"),
             ("like", "neutral"), ("neutral", "neutral")],
    "RD-5": [("neutral", "neutral"), ("like", "dislike"), ("neutral", "neutral"), ("like", "neutral"),
             ("neutral", "neutral"), ("like", "live-with"), ("neutral", "neutral"), ("like", "dislike"),
             ("neutral", "neutral"), ("like", "neutral")],
    "RD-7": [("like", "neutral"), ("dislike", "like"), ("like", "neutral"), ("dislike", "neutral"),
             ("live-with", "like"), ("like", "like"), ("dislike", "like"), ("neutral", "neutral"),
             ("dislike", "neutral"), ("like", "neutral")],
}

_KANO_AGENTS = ["agent-03", "agent-07", "agent-11", "agent-12", "agent-18", "agent-21", "agent-25",
                "agent-30", "agent-34", "agent-39"]


def build_buy_options() -> dict[str, dict[str, int]]:
    """The four technical options for ReplyDraft, each scored 1 (poor) to 5 (best) per criterion."""
    return copy.deepcopy(_OPTIONS)


def build_buy_weights() -> dict[str, float]:
    """The weight of each criterion, as agreed by product and engineering for the pilot (sum 1)."""
    return dict(_WEIGHTS)


def build_buy_descriptions() -> dict[str, str]:
    """One line per option saying what it would mean in practice."""
    return dict(_DESCRIPTIONS)


def kano_survey() -> list[dict]:
    """The pilot agents' Kano answers, one dict per agent and feature.

    Keys: agent, feature (a backlog id), functional and dysfunctional (each one of KANO_ANSWERS).
    Features are in backlog order and agents in the same order for every feature.
    """
    return [
        {"agent": agent, "feature": feature, "functional": functional, "dysfunctional": dysfunctional}
        for feature, pairs in _KANO_PAIRS.items()
        for agent, (functional, dysfunctional) in zip(_KANO_AGENTS, pairs)
    ]
