"""Data for lesson 11 (evidence): how sure the team can be of the numbers behind its decisions.

The story: the numbers of the earlier lessons are estimates from samples. Lesson 09's evaluation run
(60 cases in four slices, 4 of them German) gave refunds 10 passes in 15; lesson 05's A/B experiments
ran for a week with half of the 40 agents in each arm. This module adds the counts behind those rates,
so that the lesson can ask how sure each number is and how many cases a decision needs:

- the slice counts of lesson 09's run (taken from :func:`ailead.case.eval_cases`), the German cases
  among them, and the quality bar a slice must reach;
- the drafts and accepted drafts behind each of lesson 05's experiments (invented, about 1,000 drafts
  per arm in a week, consistent with the pilot's usage log and with lesson 05's rates);
- traffic: drafts per arm per week in the pilot, and e-mails a day at full volume (CASE_FACTS);
- a small, seeded simulation of A/A tests that shows what looking every day does to false winners;
- two reviewers' labels on the same 20 drafts (they disagree on 7), and an LLM judge's labels next to
  human labels on a held-out set, before and after the judge was improved.

All values are invented, fixed and small; every function returns a fresh copy.
"""

from __future__ import annotations

import copy
import math
import random

from ailead.case.challenges import CHALLENGE_SLICES, eval_cases
from ailead.case.success import pilot_experiments
from ailead.case.timeline import CASE_FACTS

__all__ = ["QUALITY_BAR", "slice_counts", "german_counts", "experiment_counts", "experiment_traffic",
           "peeking_simulation", "reviewer_labels", "judge_calibration"]

# The lowest pass rate a slice must reach before its drafts go to every agent: the rate today's model reaches
# on refunds, its weakest slice. Amara will not accept a release that passes any kind of e-mail less often.
QUALITY_BAR = 0.80

# Of the evaluation set's 4 German cases (spread over the slices), the candidate passed 3.
_GERMAN = {"cases": CASE_FACTS["eval_german_cases"], "passed": 3}

# Drafts shown per arm in each of lesson 05's one-week experiments. The accepted counts reproduce lesson
# 05's acceptance rates exactly (0.68 in control, 0.73 for order history, ...).
_DRAFTS_PER_ARM = 1000

# Traffic. In the pilot's experiment weeks each arm saw about 1,000 drafts (the usage log's busiest week
# has about 2,000 drafts in all). At full volume ReplyDraft would draft every e-mail: about 1,000 a day,
# so a 50/50 test gets about 500 drafts per arm per day.
_TRAFFIC = {
    "pilot_drafts_per_arm_per_week": _DRAFTS_PER_ARM,
    "full_volume_emails_per_day": CASE_FACTS["tickets_per_day"],
    "full_volume_drafts_per_arm_per_day": CASE_FACTS["tickets_per_day"] // 2,
    "control_acceptance": 0.68,
}

# Two senior agents reviewed the same 20 drafts, pass or fail, without seeing each other's labels:
# both pass 8, A passes and B fails 4, A fails and B passes 3, both fail 5 (they disagree on 7).
_REVIEW_PATTERN = [
    ("pass", "pass"), ("pass", "fail"), ("fail", "fail"), ("pass", "pass"), ("fail", "pass"),
    ("pass", "pass"), ("fail", "fail"), ("pass", "fail"), ("pass", "pass"), ("fail", "pass"),
    ("fail", "fail"), ("pass", "pass"), ("pass", "fail"), ("pass", "pass"), ("fail", "fail"),
    ("fail", "pass"), ("pass", "pass"), ("pass", "fail"), ("fail", "fail"), ("pass", "pass"),
]

# The LLM judge: Jonas's team wrote its instructions and examples on 20 tuning cases (T-01 to T-20), then
# compared its labels with human labels on 40 held-out cases (H-01 to H-40) it had never seen.
# judge_v1: the first prompt; lenient, it passes 30 where humans pass 26 (agrees on 34 of 40).
# judge_v2: after adding the team's written pass guideline and judging each draft twice with the
# reference reply in both positions; it passes 27 (agrees on 37 of 40).
# Per case: (human, judge_v1, judge_v2).
_JUDGE_COUNTS = [
    # (human, v1, v2): count
    (("pass", "pass", "pass"), 24),
    (("pass", "pass", "fail"), 1),
    (("pass", "fail", "fail"), 0),
    (("pass", "fail", "pass"), 1),
    (("fail", "pass", "pass"), 1),
    (("fail", "pass", "fail"), 4),
    (("fail", "fail", "pass"), 1),
    (("fail", "fail", "fail"), 8),
]


def slice_counts() -> list[dict]:
    """The candidate's evaluation run by slice: slice, cases and passed, in the order of lesson 09."""
    counts = {name: {"slice": name, "cases": 0, "passed": 0} for name in CHALLENGE_SLICES}
    for c in eval_cases():
        counts[c["slice"]]["cases"] += 1
        counts[c["slice"]]["passed"] += int(c["passed"])
    return [counts[name] for name in CHALLENGE_SLICES]


def german_counts() -> dict:
    """The German cases of the evaluation set (spread over the slices): cases and passed."""
    return dict(_GERMAN)


def experiment_counts() -> list[dict]:
    """Lesson 05's experiments with the counts behind their acceptance rates.

    Each: name, control and treatment, each a dict of drafts (shown) and accepted (sent with light or
    no edits). accepted / drafts is lesson 05's acceptance_rate.
    """
    out = []
    for experiment in pilot_experiments():
        arms = {}
        for arm in ("control", "treatment"):
            rate = experiment[arm]["acceptance_rate"]
            arms[arm] = {"drafts": _DRAFTS_PER_ARM, "accepted": round(rate * _DRAFTS_PER_ARM)}
        out.append({"name": experiment["name"], **arms})
    return out


def experiment_traffic() -> dict:
    """Drafts per arm per week in the pilot, and e-mails (and drafts per arm) a day at full volume."""
    return dict(_TRAFFIC)


def peeking_simulation(experiments: int = 2000, days: int = 14, seed: int = 11) -> list[dict]:
    """How often an A/A test (no real difference) is declared a winner, by how often someone looks.

    Each simulated test gives both arms the same ReplyDraft (acceptance 0.68) and 500 drafts per arm a
    day for ``days`` days. After each look the two-proportion z test (pooled standard error) is run on
    everything so far; the test is "declared a winner" at the first look with |z| >= 1.96. Returns one row
    per schedule: looks (1: only on the last day; 2: at the end of each week; days: every day), the days
    looked at, and the share of tests wrongly declared a winner. Seeded, so every call gives the same table.
    """
    if days < 7 or days % 7:
        raise ValueError(f"days must be a whole number of weeks (7, 14, ...), got {days}")
    if experiments < 1:
        raise ValueError(f"experiments must be at least 1, got {experiments}")
    per_day = _TRAFFIC["full_volume_drafts_per_arm_per_day"]
    p = _TRAFFIC["control_acceptance"]
    sd = math.sqrt(per_day * p * (1 - p))
    schedules = {1: [days], days // 7: list(range(7, days + 1, 7)), days: list(range(1, days + 1))}
    wins = {looks: 0 for looks in schedules}
    rng = random.Random(seed)
    for _ in range(experiments):
        control = treatment = 0
        significant_days = set()
        for day in range(1, days + 1):
            control += round(rng.gauss(per_day * p, sd))
            treatment += round(rng.gauss(per_day * p, sd))
            n = per_day * day
            pooled = (control + treatment) / (2 * n)
            se = math.sqrt(pooled * (1 - pooled) * 2 / n)
            if abs(treatment - control) / n / se >= 1.96:
                significant_days.add(day)
        for looks, looked_at in schedules.items():
            if significant_days & set(looked_at):
                wins[looks] += 1
    return [{"looks": looks, "days_looked_at": looked_at, "false_winner_share": wins[looks] / experiments}
            for looks, looked_at in sorted(schedules.items())]


def reviewer_labels() -> list[dict]:
    """20 drafts, each labelled pass or fail by two reviewers independently: draft, reviewer_a, reviewer_b."""
    return [{"draft": f"R-{n:02d}", "reviewer_a": a, "reviewer_b": b}
            for n, (a, b) in enumerate(_REVIEW_PATTERN, start=1)]


def judge_calibration() -> dict:
    """The LLM judge's calibration: the tuning case ids, and 40 held-out cases with human and judge labels.

    ``held_out`` is a list of dicts: case, human, judge_v1, judge_v2 (each "pass" or "fail").
    """
    rows = []
    for labels, count in _JUDGE_COUNTS:
        rows += [labels] * count
    # Spread the kinds of case through the list, as a real run would report them.
    order = sorted(range(len(rows)), key=lambda i: (i * 17) % len(rows))
    held_out = [{"case": f"H-{k:02d}", "human": rows[i][0], "judge_v1": rows[i][1], "judge_v2": rows[i][2]}
                for k, i in enumerate(order, start=1)]
    return {"tuning_ids": [f"T-{n:02d}" for n in range(1, 21)], "held_out": copy.deepcopy(held_out)}
