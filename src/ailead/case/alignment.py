"""Lesson 10 (alignment and the future): four organisation profiles, a workshop scorecard, a big release.

The eight alignment practices are the ones lesson 10 teaches. ``alignment_profiles()`` describes four
organisations by observable facts (how often the leaders meet, how long a release takes, ...); which
practices each one lacks is left for the learner (exercise 10). ``alignment_workshop_scores()`` holds
self-assessment scores from a workshop (0 = never true, 4 = always true) that the lesson's figure
draws; they are invented teaching data, not measurements. ``alignment_release_items()`` is the
"ReplyDraft 2.0" release that Kettle & Co. planned as one big drop.
"""

from __future__ import annotations

import copy

__all__ = ["ALIGNMENT_PRACTICES", "alignment_profiles", "alignment_workshop_scores", "alignment_release_items"]

# The eight practices, in the order the lesson teaches them.
ALIGNMENT_PRACTICES: tuple[str, ...] = (
    "Shared vision",
    "Early collaboration",
    "Shared success metrics",
    "Cross-functional teams",
    "Small steps",
    "Open, regular communication",
    "Creativity vs technical reality",
    "Basic AI literacy on both sides",
)

# Observable facts about four organisations building AI features. Keys:
#   shared_vision             a written vision both leaders use to say no to work (bool)
#   engineering_in_discovery  engineers join discovery before plans are fixed (bool)
#   shared_north_star         product and engineering review one shared success metric (bool)
#   cross_functional_team     product, engineering, data and design sit in one team (bool)
#   release_weeks             typical weeks between two releases that users see (number > 0)
#   meetings_per_month        joint product-engineering reviews a month (whole number >= 0)
#   spikes_before_commitments ambitious ideas get a time-boxed technical spike before they are promised (bool)
#   leaders_ai_trained        how many of the two leaders have basic AI literacy (0, 1 or 2)
_PROFILES: list[dict] = [
    {"name": "Kettle & Co.", "note": "ReplyDraft team: seven people, one AI feature in pilot",
     "shared_vision": True, "engineering_in_discovery": False, "shared_north_star": True,
     "cross_functional_team": True, "release_weeks": 6, "meetings_per_month": 1,
     "spikes_before_commitments": True, "leaders_ai_trained": 1},
    {"name": "Lumen Books", "note": "online bookshop start-up; the founder leads product and engineering",
     "shared_vision": True, "engineering_in_discovery": True, "shared_north_star": False,
     "cross_functional_team": True, "release_weeks": 1, "meetings_per_month": 8,
     "spikes_before_commitments": True, "leaders_ai_trained": 2},
    {"name": "Harbour Clinics", "note": "clinic network; an appointment assistant built by a central IT team",
     "shared_vision": True, "engineering_in_discovery": True, "shared_north_star": True,
     "cross_functional_team": False, "release_weeks": 4, "meetings_per_month": 4,
     "spikes_before_commitments": True, "leaders_ai_trained": 2},
    {"name": "Northwind Insurance", "note": "large insurer; product and IT are separate departments",
     "shared_vision": False, "engineering_in_discovery": False, "shared_north_star": False,
     "cross_functional_team": False, "release_weeks": 13, "meetings_per_month": 2,
     "spikes_before_commitments": False, "leaders_ai_trained": 2},
]

# Workshop self-assessment: product and engineering people rated one statement per practice, from 0
# (never true here) to 4 (always true here); the score is their rounded average.
_WORKSHOP: dict[str, dict[str, int]] = {
    "Kettle & Co.": dict(zip(ALIGNMENT_PRACTICES, (4, 1, 3, 3, 1, 1, 3, 2))),
    "Northwind Insurance": dict(zip(ALIGNMENT_PRACTICES, (1, 0, 1, 0, 0, 2, 1, 3))),
}

# "ReplyDraft 2.0", planned as one launch about four months away: items in priority order, each with its
# estimated effort in weeks of the whole team's work (eighteen weeks in all). The estimates are older and
# rougher than the backlog's person-weeks (the refund item was estimated before the refund spike).
_RELEASE_ITEMS: list[dict] = [
    {"title": "Refund-request drafts", "weeks": 4},
    {"title": "Show the history behind a draft", "weeks": 3},
    {"title": "One-click tone change", "weeks": 2},
    {"title": "Drafts in German", "weeks": 5},
    {"title": "Drafts in French", "weeks": 3},
    {"title": "Weekly quality report for team leads", "weeks": 1},
]


def alignment_profiles() -> list[dict]:
    """Four organisations described by observable alignment facts (see the module for each key)."""
    return copy.deepcopy(_PROFILES)


def alignment_workshop_scores() -> dict[str, dict[str, int]]:
    """Workshop scores (0-4) per alignment practice for Kettle & Co. and Northwind Insurance."""
    return copy.deepcopy(_WORKSHOP)


def alignment_release_items() -> list[dict]:
    """The items of the planned "ReplyDraft 2.0" big release, in priority order, with weeks of effort."""
    return copy.deepcopy(_RELEASE_ITEMS)
