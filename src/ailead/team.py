"""Which product role a team needs (lesson 08): the decision rules, the staffing choice, a diagnostic.

The rules follow the "which role does your team need" logic of lesson 08:

- nobody sets product direction -> a product manager first (a product owner would have nothing to
  execute against);
- direction comes from founders, senior engineers or a product manager, but nobody owns the backlog
  and delivery -> a product owner;
- both gaps -> one person who can do both (or a fractional PM covering both when the budget is low),
  or, for a larger team, a product manager first and a product owner once delivery is established.

Import it as ``from ailead import team``; it is not re-exported at the package's top level. Lesson 08
calls :func:`diagnose` and :func:`staffing_advice`; exercise 08 asks learners to write the rules
themselves, so no function here carries the name of an answer (``team_needs``, ``staffing_choice``).
"""

from __future__ import annotations

import html

import ipywidgets as widgets

__all__ = ["DIRECTIONS", "BUDGETS", "RECOMMENDATIONS", "SPLIT_TEAM_SIZE", "DEFAULT_THRESHOLD_HOURS",
           "diagnose", "staffing_advice", "diagnostic"]

DIRECTIONS = ("none", "founders", "engineers", "product manager")
BUDGETS = ("low", "ok")
RECOMMENDATIONS = (
    "hire a product manager",
    "hire a product owner",
    "one person for both roles",
    "hire a PM, then a PO",
    "fractional PM covering both",
    "no gap",
)
# From this many people building the product, the course treats a team as large enough to split the
# two roles. A teaching rule of thumb, not a research finding.
SPLIT_TEAM_SIZE = 10
# Below this many hours of product work a week, a part-time (fractional) person is enough. The number
# is practitioner opinion, not research: change it to fit your own team.
DEFAULT_THRESHOLD_HOURS = 20


def _check_profile(profile: dict) -> None:
    if not isinstance(profile, dict):
        raise ValueError(f"profile must be a dict, not {type(profile).__name__}")
    for key in ("direction", "backlog_owner", "budget"):
        if key not in profile:
            raise ValueError(f"profile is missing the field {key!r}")
    if profile["direction"] not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {profile['direction']!r}")
    if not isinstance(profile["backlog_owner"], bool):
        raise ValueError(f"backlog_owner must be True or False, not {profile['backlog_owner']!r}")
    if profile["budget"] not in BUDGETS:
        raise ValueError(f"budget must be one of {BUDGETS}, not {profile['budget']!r}")
    size = profile.get("team_size")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 1):
        raise ValueError(f"team_size must be a whole number of people, at least 1, not {size!r}")


def diagnose(profile: dict) -> dict:
    """The product role a team should add, with the reasons, from a short profile of the team.

    ``profile`` has "direction" (who sets product direction: one of :data:`DIRECTIONS`),
    "backlog_owner" (True when someone owns the backlog and delivery), "budget" ("low" or "ok") and
    optionally "team_size" (people building the product). Returns ``{"recommendation": one of
    RECOMMENDATIONS, "reasons": [sentences]}``. Raises ValueError naming the field that is wrong.
    """
    _check_profile(profile)
    direction, owned, budget = profile["direction"], profile["backlog_owner"], profile["budget"]
    size = profile.get("team_size")
    if direction == "none" and owned:
        return {"recommendation": "hire a product manager", "reasons": [
            "Nobody sets product direction, so the backlog has no strategy behind it.",
            "A product manager decides what to build and why; the backlog owner can then execute against it.",
        ]}
    if direction == "none":
        if budget == "low":
            return {"recommendation": "fractional PM covering both", "reasons": [
                "Both gaps are open: nobody sets direction and nobody owns the backlog.",
                "With a low budget, a part-time product manager can cover strategy and delivery for now.",
                "Plan for the limits: few hours a week, knowledge that leaves with the contractor, "
                "and little time for discovery.",
            ]}
        if size is not None and size >= SPLIT_TEAM_SIZE:
            return {"recommendation": "hire a PM, then a PO", "reasons": [
                "Both gaps are open: nobody sets direction and nobody owns the backlog.",
                f"A team of {size} is large enough to need two people in time.",
                "Hire the product manager first, then hire or promote a product owner once delivery is established.",
            ]}
        return {"recommendation": "one person for both roles", "reasons": [
            "Both gaps are open: nobody sets direction and nobody owns the backlog.",
            "A small team is best served by one person who can set strategy and run delivery.",
        ]}
    who = {"founders": "the founders", "engineers": "senior engineers",
           "product manager": "a product manager"}[direction]
    if not owned:
        reasons = [f"Product direction already comes from {who}.",
                   "Nobody owns the backlog and delivery, so a product owner is the missing role."]
        if direction == "product manager":
            reasons.append("In a small team the product manager may hold the backlog for a while, "
                           "with time set aside for it.")
        return {"recommendation": "hire a product owner", "reasons": reasons}
    return {"recommendation": "no gap", "reasons": [
        f"Product direction comes from {who}, and someone owns the backlog and delivery.",
        "Keep an eye on both as the team grows: one person covering both roles stretches thin.",
    ]}


def staffing_advice(hours_needed_per_week: float, threshold_hours: float = DEFAULT_THRESHOLD_HOURS) -> str:
    """"fractional" when the product work needs fewer than threshold_hours a week, else "full-time".

    The default threshold (20 hours) is practitioner opinion, not a research result: pass your own.
    Raises ValueError when either number is not more than 0.
    """
    for name, value in (("hours_needed_per_week", hours_needed_per_week), ("threshold_hours", threshold_hours)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ValueError(f"{name} must be a number of hours greater than 0, not {value!r}")
    return "fractional" if hours_needed_per_week < threshold_hours else "full-time"


def _result_html(profile: dict) -> str:
    try:
        answer = diagnose(profile)
    except ValueError as err:
        return f"<p><b>Check your answers:</b> {html.escape(str(err))}</p>"
    reasons = "".join(f"<li>{html.escape(r)}</li>" for r in answer["reasons"])
    return (f"<p><b>Recommendation: {html.escape(answer['recommendation'])}</b></p>"
            f"<ul>{reasons}</ul>")


def diagnostic() -> widgets.VBox:
    """A form where learners describe their own team and get a recommendation with reasons.

    Children, in order: heading, direction (ToggleButtons), backlog owner (Checkbox), budget
    (ToggleButtons), team size (IntText, 0 = not sure), the button and the result (HTML).
    """
    heading = widgets.HTML("<b>Team diagnostic:</b> describe your team, then press the button.")
    direction = widgets.ToggleButtons(options=list(DIRECTIONS), value="none",
                                      description="Direction set by:",
                                      style={"description_width": "initial", "button_width": "auto"})
    backlog = widgets.Checkbox(value=False, description="Someone owns the backlog and delivery", indent=False)
    budget = widgets.ToggleButtons(options=list(BUDGETS), value="ok", description="Budget:",
                                   style={"description_width": "initial", "button_width": "auto"})
    size = widgets.IntText(value=0, description="Team size (0 = not sure):", style={"description_width": "initial"})
    run = widgets.Button(description="What do we need?", button_style="primary")
    run.add_class("ailead-diagnostic-run")
    result = widgets.HTML("")
    result.add_class("ailead-diagnostic-result")

    def on_run(_button=None) -> None:
        profile = {"direction": direction.value, "backlog_owner": backlog.value, "budget": budget.value}
        if size.value != 0:
            profile["team_size"] = size.value
        result.value = _result_html(profile)

    run.on_click(on_run)
    form = widgets.VBox([heading, direction, backlog, budget, size, run, result])
    form.add_class("ailead-diagnostic")
    return form
