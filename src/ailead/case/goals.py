"""Reliability data for lesson 03 (goals): one pilot day of draft latencies and a month of outages.

ReplyDraft's pilot runs on the "Hosted large" model option. Most drafts appear in under two seconds,
but some e-mails come with a long ticket history (slower retrieval and a longer prompt), and a few
requests wait on a retry after a provider error: together they make the long tail that averages hide.
"""

from __future__ import annotations

import copy
import math
import random

__all__ = ["pilot_day_latencies", "pilot_month_outages"]

# Minutes during which ReplyDraft could not give agents drafts, over the pilot's 30-day SLO window.
_OUTAGES: list[dict] = [
    {"day": 3, "minutes": 6, "cause": "model provider returned errors after a change on their side"},
    {"day": 9, "minutes": 4, "cause": "a new prompt version was rolled back"},
    {"day": 14, "minutes": 17, "cause": "model provider outage in one region"},
    {"day": 19, "minutes": 11, "cause": "ticket-history database failover"},
]


def pilot_day_latencies(n: int = 1200, seed: int = 5) -> list[float]:
    """Seconds from opening an e-mail to the draft appearing, for ``n`` drafts on one pilot day.

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


def pilot_month_outages() -> list[dict]:
    """The outages in the pilot's 30-day window: day (1-30), minutes without drafts, and cause."""
    return copy.deepcopy(_OUTAGES)
