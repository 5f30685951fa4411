"""The one-page role guide's data: the four roles side by side, from what the lessons already say.

Each row is built from the data the lessons use, where such data exists:

- **focus** is ``ROLES[role]["owns"]`` (lesson 01);
- **horizon** and **audience** come from the role map's positions in ``ROLES`` (lesson 01) and the
  strategic/tactical split of ``ROLE_LENS`` (lesson 07's 13-week line), in lesson 07's words;
- **decisions owned** are the decisions the role is accountable for (A) in ``decision_rights()``
  (lesson 07's RACI matrix), each in a short form for the page;
- **metrics**, **artefacts** and **interview questions** are written here, from lessons 03, 05, 06, 07, 08,
  11 and 12 (and, for the product manager and owner, the interview plans in assets/templates/hiring/).

The roles' order is ``DECISION_ROLES``. ``role_guide()`` returns a fresh copy; ``python -m
ailead.instructor.guide`` (``ailead guide``) draws it as a printable page.
"""

from __future__ import annotations

import copy

from ailead.case.company import ROLES
from ailead.case.decision_rights import DECISION_ROLES, ROLE_LENS, decision_rights

__all__ = ["GUIDE_ROWS", "role_guide"]

# The rows of the guide, in order: (key, the label printed on the page).
GUIDE_ROWS: tuple[tuple[str, str], ...] = (
    ("focus", "Focus"),
    ("horizon", "Horizon"),
    ("audience", "Audience"),
    ("decisions", "Decisions owned (A in the RACI matrix)"),
    ("metrics", "Judged by (metrics)"),
    ("artefacts", "Typical artefacts"),
    ("questions", "Ask in a hiring interview"),
)

# Short forms of the RACI matrix's decisions (ailead.case.decision_rights), for a one-page table. A
# decision missing here is printed in full.
_SHORT = {
    "product-vision": "the vision and this year's problems",
    "roadmap-themes": "roadmap themes and their order",
    "discovery-tests": "which risky assumption to test next",
    "rollout-order": "rollout order (which sites next)",
    "pricing": "pricing for partner retailers",
    "slo-target": "the SLO targets (how reliable is enough)",
    "quality-bar": "the quality bar for every slice",
    "launch-gate": "launch, hold or roll back",
    "fairness-hold": "holding a gate for a fairness gap",
    "agent-permissions": "what the agent may do alone",
    "data-retention": "how long prompts and drafts are kept",
    "backlog-order": "backlog order within the quarter",
    "sprint-scope": "the Sprint Goal and sprint scope",
    "acceptance-criteria": "acceptance criteria and thresholds",
    "release-plan": "the release plan",
    "model-choice": "which model meets the limits",
    "architecture": "architecture (e.g. live lookup or nightly copy)",
    "prompt-change": "shipping a new prompt wording",
    "incident-rollback": "rolling back during an incident",
    "eval-set-budget": "evaluation set size and labelling effort",
}

_AUDIENCE = {
    "AI product leader": "the business, customers and the market; sets direction for product and engineering",
    "AI engineering leader": "the engineers, data scientists and platform teams who build and run it",
    "AI product manager": "users, customers, partners, the product leader and finance",
    "AI product owner": "the delivery team: engineers, the designer and the data scientist",
}

_METRICS = {
    "AI product leader": ["the North Star (tickets resolved with an accepted draft, per week)",
                          "user growth, satisfaction and business impact", "guardrails held at launch"],
    "AI engineering leader": ["performance: p95 latency, cost per draft", "accuracy: pass rate per slice",
                              "reliability: SLOs met, error budget left"],
    "AI product manager": ["whether the chosen themes moved the outcome metrics",
                           "HEART: adoption, retention, task success", "evidence gathered per risk"],
    "AI product owner": ["whether what was agreed shipped, worked and arrived when planned",
                         "Sprint Goals met", "acceptance criteria passed"],
}

_ARTEFACTS = {
    "AI product leader": ["vision", "decision rules: quality bar, launch rule", "risk acceptance note"],
    "AI engineering leader": ["weighted decision matrix", "SLOs and error budget policy",
                              "evaluation set and pipeline", "rollback runbook", "system card (technical parts)"],
    "AI product manager": ["roadmap (Now / Next / Later)", "assumption map", "opportunity solution tree",
                           "business case"],
    "AI product owner": ["ordered Product Backlog", "user stories with Given/When/Then criteria",
                         "Sprint Goal", "release plan"],
}

_QUESTIONS = {
    "AI product leader": ["How did you decide how reliable a product had to be, and who paid for it?",
                          "Tell us about a launch rule you set before the data came in.",
                          "Which risk did you accept in writing, and why?"],
    "AI engineering leader": ["How would you choose between a hosted and a self-hosted model?",
                              "What does your team do when the error budget runs out?",
                              "How do you know a new prompt made no slice worse?"],
    "AI product manager": ["Tell us about a time you chose between two product bets. What evidence did you have?",
                           "What is the riskiest assumption behind refund drafts, and how would you test "
                           "it in two weeks?",
                           "Tell us about a request from a senior person that you turned down."],
    "AI product owner": ["Order these six stories for this quarter's two themes, and explain the order.",
                         "Write acceptance criteria for a feature whose output varies.",
                         "Halfway through a sprint an urgent request arrives: what do you do?"],
}


def _horizon(role: str) -> str:
    if ROLE_LENS[role]["horizon"] == "tactical":
        return "tactical: sprints and weeks"
    return "strategic: quarters and years" + (" (furthest ahead)" if role == "AI product leader" else "")


def _side(role: str) -> str:
    return "outward" if ROLES[role]["audience"] >= 5 else "inward"


def role_guide() -> list[dict]:
    """The four roles, in ``DECISION_ROLES`` order: {"role", "short", "lens", and one entry per GUIDE_ROWS
    key}; focus, horizon and audience are text, the other rows lists of short texts."""
    owned: dict[str, list[str]] = {role: [] for role in DECISION_ROLES}
    for row in decision_rights():
        for role, letter in row["rights"].items():
            if letter == "A":
                owned[role].append(_SHORT.get(row["id"], row["decision"]))
    guide = []
    for role in DECISION_ROLES:
        guide.append({
            "role": role,
            "short": ROLES[role]["short"],
            "lens": ROLE_LENS[role]["lens"],
            "focus": ROLES[role]["owns"],
            "horizon": _horizon(role),
            "audience": f"{_side(role)}: {_AUDIENCE[role]}",
            "decisions": owned[role],
            "metrics": _METRICS[role],
            "artefacts": _ARTEFACTS[role],
            "questions": _QUESTIONS[role],
        })
    return copy.deepcopy(guide)
