"""Reliability data for lesson 03 (goals): a full-day load test of draft latencies and a month of outages.

ReplyDraft's pilot runs on the "Hosted large" model option. Before the pilot grew from eight agents to
all forty, Jonas's team replayed one busy weekday's 1,200 customer e-mails through the pilot set-up, in
the order they had arrived: a full-day load test. Most drafts appeared in under two seconds, but some
e-mails come with a long ticket history (slower retrieval and a longer prompt), and a few requests
waited on a retry after a provider error: together they make the long tail that averages hide.
"""

from __future__ import annotations

import copy
import math
import random

__all__ = ["load_test_latencies", "pilot_day_latencies", "pilot_month_outages"]

# Minutes during which ReplyDraft could not give agents drafts, over the pilot's 30-day SLO window.
_OUTAGES: list[dict] = [
    {"day": 3, "minutes": 6, "cause": "model provider returned errors after a change on their side"},
    {"day": 9, "minutes": 4, "cause": "a new prompt version was rolled back"},
    {"day": 14, "minutes": 17, "cause": "model provider outage in one region"},
    {"day": 19, "minutes": 11, "cause": "ticket-history database failover"},
]


def load_test_latencies(n: int = 1200, seed: int = 5) -> list[float]:
    """Seconds from opening an e-mail to the draft appearing, for ``n`` drafts of the full-day load test.

    The test replayed one busy weekday's e-mails through the pilot set-up before the pilot grew to all
    40 agents. The live pilot's own weekly latency is in :func:`ailead.case.pilot_engineering_metrics`
    (lesson 05).

    Deterministic for a given seed, rounded to 0.01 s, in the order the drafts were made (not sorted).
    About 88% of drafts follow the fast path, about 10% wait 2.8-6.5 s (long ticket histories) and
    about 1.5% wait 7.5-14 s (a retry after a provider error).
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    rng = random.Random(seed)
    latencies: list[float] = []
    for _ in range(n):
        u = rng.random()
        if u < 0.88:
            seconds = rng.lognormvariate(math.log(1.7), 0.3)
        elif u < 0.985:
            seconds = rng.uniform(2.8, 6.5)
        else:
            seconds = rng.uniform(7.5, 14.0)
        latencies.append(round(seconds, 2))
    return latencies


# The name the course used before the data was called a load test; old copies of exercise 03 still call it.
pilot_day_latencies = load_test_latencies


def pilot_month_outages() -> list[dict]:
    """The outages in the pilot's 30-day window: day (1-30), minutes without drafts, and cause."""
    return copy.deepcopy(_OUTAGES)
