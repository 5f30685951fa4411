"""Lesson 13 (the launch simulator): the few facts the game needs that the rest of the case does not state.

Everything else the simulator uses (agents, e-mails a month, sprint capacities, the evaluation set, the model
options, the quality bar, the SLOs) comes from the other case modules; see :mod:`ailead.sim`.
"""

from __future__ import annotations

__all__ = ["sim_facts"]

_FACTS: dict = {
    # German e-mails as a share of the inbox (an assumption of the game: the case says only that German and
    # French e-mails take agents 40 % longer, lesson 02)
    "german_share": 0.08,
}


def sim_facts() -> dict:
    """Facts only the launch simulator uses: german_share (German e-mails as a share of the inbox)."""
    return dict(_FACTS)
