"""Lesson 05 (success): the quality gate's scored drafts, the pilot's A/B experiments and weekly
engineering metrics, the costs of a gate's mistakes, and the launch rule the two leaders agreed.

All values are invented, fixed and small; every function returns a fresh copy.
"""

from __future__ import annotations

import copy

__all__ = [
    "quality_gate_sample",
    "quality_gate_costs",
    "launch_rule",
    "pilot_experiments",
    "pilot_engineering_metrics",
]

# Forty drafts from the pilot, in the order they were written. score: the quality gate's estimate
# (0-1) that the draft is good enough to send with light or no edits; good: what the agent actually
# did (True = sent it with light or no edits). Several drafts share a score, as real scores do.
_GATE_SAMPLE: list[tuple[float, bool]] = [
    (0.57, False), (0.44, False), (0.71, True), (0.47, False), (0.69, True), (0.30, False),
    (0.98, True), (0.47, True), (0.93, True), (0.69, True), (0.79, True), (0.50, False),
    (0.59, False), (0.83, True), (0.57, True), (0.74, False), (0.78, True), (0.71, True),
    (0.60, False), (0.27, False), (0.50, False), (0.75, False), (0.67, True), (0.74, True),
    (0.58, True), (0.46, True), (0.94, True), (0.74, True), (0.68, True), (0.67, True),
    (0.57, True), (0.87, True), (0.78, True), (0.66, True), (0.52, True), (0.84, True),
    (0.86, True), (0.79, True), (0.74, True), (0.48, False),
]

# What each kind of gate mistake costs Kettle & Co., in US dollars per draft. Product sets these
# with support and finance; they are estimates, and the lesson says so.
_GATE_COSTS: dict[str, float] = {
    # a bad draft marked "ready": the agent trusts it, then has to spot the error and rewrite,
    # and now and then a wrong answer reaches a customer and comes back as a second ticket
    "false_positive": 3.0,
    # a good draft hidden: the agent writes the reply from scratch, about two minutes of work
    "false_negative": 1.0,
}

# The rule Amara (product) and Jonas (engineering) agreed before the pilot's experiments started.
# primary: the metric that must improve; min_lift: by at least this much (absolute, so 0.02 is two
# percentage points); guardrails: metrics where higher is worse, each with the largest increase
# that is still tolerated.
_LAUNCH_RULE: dict = {
    "primary": "acceptance_rate",
    "min_lift": 0.02,
    "guardrails": {"p95_latency_s": 0.3, "complaints_per_1k": 0.5},
}

# A/B experiments run during the pilot: half the agents got the change (treatment), half did not
# (control). acceptance_rate: share of drafts sent with light or no edits; p95_latency_s: seconds;
# complaints_per_1k: customer complaints per 1,000 replies sent with a draft. Control is always the
# ReplyDraft of the pilot, on Hosted large; "Larger hosted model" tries the provider's new, larger model
# (exercise 05's hidden tests use the names).
_EXPERIMENTS: list[dict] = [
    {"name": "Order history in the prompt",
     "control": {"acceptance_rate": 0.68, "p95_latency_s": 2.4, "complaints_per_1k": 2.1},
     "treatment": {"acceptance_rate": 0.73, "p95_latency_s": 2.6, "complaints_per_1k": 1.8}},
    {"name": "Larger hosted model",
     "control": {"acceptance_rate": 0.68, "p95_latency_s": 2.4, "complaints_per_1k": 2.1},
     "treatment": {"acceptance_rate": 0.74, "p95_latency_s": 4.1, "complaints_per_1k": 2.0}},
    {"name": "Friendlier tone instructions",
     "control": {"acceptance_rate": 0.68, "p95_latency_s": 2.4, "complaints_per_1k": 2.1},
     "treatment": {"acceptance_rate": 0.69, "p95_latency_s": 2.4, "complaints_per_1k": 2.2}},
    {"name": "Shorter prompt to cut cost",
     "control": {"acceptance_rate": 0.68, "p95_latency_s": 2.4, "complaints_per_1k": 2.1},
     "treatment": {"acceptance_rate": 0.66, "p95_latency_s": 1.9, "complaints_per_1k": 2.3}},
    {"name": "Quote the refund policy word for word",
     "control": {"acceptance_rate": 0.68, "p95_latency_s": 2.4, "complaints_per_1k": 2.1},
     "treatment": {"acceptance_rate": 0.72, "p95_latency_s": 2.5, "complaints_per_1k": 3.0}},
]

# What the engineering lens watched in each pilot week. within_3s: share of drafts that appeared
# within 3 seconds (the latency SLI; the target is 95%); offline_accuracy: share of the fixed
# evaluation set judged correct; availability: share of minutes the drafting service was up.
# In week 3 a new model version slowed drafting down; it was rolled back at the start of week 4.
_ENGINEERING_WEEKS: list[dict] = [
    {"week": 1, "within_3s": 0.97, "offline_accuracy": 0.80, "availability": 0.998},
    {"week": 2, "within_3s": 0.96, "offline_accuracy": 0.81, "availability": 0.999},
    {"week": 3, "within_3s": 0.88, "offline_accuracy": 0.83, "availability": 0.996},
    {"week": 4, "within_3s": 0.97, "offline_accuracy": 0.82, "availability": 0.999},
]


def quality_gate_sample() -> list[dict]:
    """Forty scored pilot drafts: draft id ("D-01"...), score (0-1) and good (the agent's verdict)."""
    return [{"draft": f"D-{n:02d}", "score": score, "good": good}
            for n, (score, good) in enumerate(_GATE_SAMPLE, start=1)]


def quality_gate_costs() -> dict[str, float]:
    """Dollars per mistake of the quality gate: "false_positive" and "false_negative"."""
    return dict(_GATE_COSTS)


def launch_rule() -> dict:
    """The agreed launch rule: primary metric, minimum lift, and guardrail tolerances."""
    return copy.deepcopy(_LAUNCH_RULE)


def pilot_experiments() -> list[dict]:
    """The pilot's A/B experiments, each with a name and control and treatment metrics."""
    return copy.deepcopy(_EXPERIMENTS)


def pilot_engineering_metrics() -> list[dict]:
    """The engineering lens's weekly pilot numbers: latency SLI, offline accuracy, availability."""
    return copy.deepcopy(_ENGINEERING_WEEKS)
