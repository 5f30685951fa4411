"""Data for lesson 09 (challenges): an evaluation run by slice, a fairness sample and token prices.

The story: Jonas's team wants to move ReplyDraft from the "Hosted large" model to the cheaper
"Hosted medium" one. Before anything reaches agents, the candidate runs on the offline evaluation
set: 60 past customer e-mails in four slices (the kind of e-mail), each judged pass or fail by a
reviewer. The overall pass rate barely moves; one slice drops sharply. Lesson 09 works this out by
hand and exercise 09 asks learners to write the code.

The fairness sample is the "ready to send" gate from lesson 05 applied to drafts for customers
writing in three languages: ``label`` is 1 when a reviewer judged the draft good enough to send with
light edits, ``prediction`` is 1 when the gate marked it ready. The counts are chosen so that every
rate is a simple fraction the lesson can work out by hand.

Token prices are invented but of a realistic order of magnitude, and chosen so that a typical draft
(about 2,500 input tokens and 300 output tokens) costs what ``model_options()`` says per 1,000 drafts.
"""

from __future__ import annotations

import copy

__all__ = ["CHALLENGE_SLICES", "eval_cases", "eval_baseline", "fairness_sample", "token_prices",
           "draft_tokens"]

# The four slices of the evaluation set, in the order the lesson shows them.
CHALLENGE_SLICES: tuple[str, ...] = ("order-status", "billing", "refunds", "outage")

# (slice, number of cases, number that passed) for the candidate release on Hosted medium.
_EVAL_COUNTS: list[tuple[str, int, int]] = [
    ("order-status", 20, 18),
    ("billing", 15, 13),
    ("refunds", 15, 10),
    ("outage", 10, 8),
]

# Which cases fail in each slice (1-based position within the slice), so the failures are spread
# through the list rather than bunched at the end.
_FAILING: dict[str, set[int]] = {
    "order-status": {7, 16},
    "billing": {4, 11},
    "refunds": {2, 5, 9, 12, 14},
    "outage": {3, 8},
}

# Pass rates of the release agents use today (Hosted large), per slice, on the same evaluation set.
_BASELINE: dict[str, float] = {"order-status": 0.85, "billing": 0.87, "refunds": 0.80, "outage": 0.85}

# (language, good drafts marked ready, good drafts held back, bad drafts marked ready,
# bad drafts held back)
_FAIRNESS_COUNTS: list[tuple[str, int, int, int, int]] = [
    ("English", 5, 1, 1, 3),
    ("German", 2, 2, 1, 3),
    ("French", 2, 1, 1, 2),
]

# US dollars per 1 million tokens, for the hosted options (the open models run on Kettle & Co.'s own
# servers and are not priced per token).
_TOKEN_PRICES: list[dict] = [
    {"name": "Hosted large", "input_per_m": 6.00, "output_per_m": 20.00},
    {"name": "Hosted medium", "input_per_m": 2.00, "output_per_m": 5.00},
    {"name": "Hosted small", "input_per_m": 0.36, "output_per_m": 1.00},
]

# Tokens in a typical ReplyDraft request: instructions, the customer e-mail and ticket history in;
# one draft reply out.
_DRAFT_TOKENS: dict[str, int] = {"input": 2500, "output": 300}


def eval_cases() -> list[dict]:
    """The candidate release's offline evaluation: 60 cases with id, slice and passed (a bool)."""
    cases: list[dict] = []
    for slice_name, total, _passed in _EVAL_COUNTS:
        prefix = slice_name.split("-")[0][:3].upper()
        for n in range(1, total + 1):
            cases.append({"id": f"{prefix}-{n:02d}", "slice": slice_name, "passed": n not in _FAILING[slice_name]})
    # Interleave the slices the way a test runner would report them: in case-id order per round.
    by_slice = [[c for c in cases if c["slice"] == s] for s in CHALLENGE_SLICES]
    ordered: list[dict] = []
    for i in range(max(len(group) for group in by_slice)):
        ordered += [group[i] for group in by_slice if i < len(group)]
    return ordered


def eval_baseline() -> dict[str, float]:
    """Per-slice pass rates (0 to 1) of the release agents use today, on the same evaluation set."""
    return dict(_BASELINE)


def fairness_sample() -> list[dict]:
    """24 reviewed drafts: group (customer language), label (1 = good draft) and prediction (1 = marked ready)."""
    records: list[dict] = []
    for language, good_ready, good_held, bad_ready, bad_held in _FAIRNESS_COUNTS:
        records += [{"group": language, "label": 1, "prediction": 1}] * good_ready
        records += [{"group": language, "label": 1, "prediction": 0}] * good_held
        records += [{"group": language, "label": 0, "prediction": 1}] * bad_ready
        records += [{"group": language, "label": 0, "prediction": 0}] * bad_held
    return copy.deepcopy(records)


def token_prices() -> list[dict]:
    """Hosted model options with their prices in US dollars per 1 million input and output tokens."""
    return copy.deepcopy(_TOKEN_PRICES)


def draft_tokens() -> dict[str, int]:
    """Input and output tokens of a typical ReplyDraft request."""
    return dict(_DRAFT_TOKENS)
