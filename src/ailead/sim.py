"""The launch simulator: eight sprints of ReplyDraft, led with both hats (lesson 13).

A small, documented model, pure Python and standard library only, so the same game runs in JupyterLab, in the
browser version of the course and in tests. The widgets (:mod:`ailead.simgame`) and the exercise only call it.

How it fits together:

- :func:`new_game` makes the starting :class:`State` for a seed: ReplyDraft as it stands before Sprint 8 in the
  case (order-status drafts live for all 40 agents on Hosted large, an evaluation set of 60 cases).
- Each sprint the leader makes the decisions of a :data:`DECISION_FIELDS` dict (the product hat: which bet,
  which risk to test, the launch gate and its guardrail, whether to launch, what to promise; the engineering
  hat: how to split capacity, which model) and :func:`advance` plays the sprint: ``advance(state, decisions)``
  returns the next state. The old state is never changed.
- :func:`observe` is what the leader sees: measured numbers only (quality is measured on the evaluation set
  the team paid for, so it is noisy); the true qualities stay hidden.
- :func:`play` plays a whole game with a *policy*, a function from the observed state to the decisions, so
  games can be played by code; :func:`debrief` replays each decision with the same seed to find the three that
  mattered most, each linked to the lesson that teaches why.

Every equation reads its constants from :data:`C`, one place, where each constant has a sentence on the real
effect it stands for and where it comes from. The numbers about the case come from :mod:`ailead.case`; the
effect sizes are the course's teaching assumptions, not measurements, and the lesson says so.

Randomness: every random draw comes from a ``random.Random`` seeded by the game's seed, the sprint and the
kind of draw (never from shared state), so a game is the same on every machine, and replaying one sprint with
another decision leaves every other draw (events, bets, noise) as it was.
"""

from __future__ import annotations

import copy
import math
import random
from dataclasses import asdict, dataclass, field

from ailead.case.challenges import eval_cases
from ailead.case.company import COMPANY, backlog, model_options
from ailead.case.delivery import MIN_SLICE_CASES
from ailead.case.evidence import QUALITY_BAR
from ailead.case.focus import PRODUCT_RISKS
from ailead.case.launch import sim_facts
from ailead.case.timeline import CASE_FACTS

__all__ = [
    "C", "SLICES", "BETS", "riskiest_of", "MODELS", "DECISION_FIELDS", "LESSON_LINKS", "State", "new_game", "advance",
    "observe", "check_decisions", "scores", "final_score", "play", "replay", "debrief", "game_record",
    "POLICIES", "balanced_policy", "product_only_policy", "engineering_only_policy", "cheapest_model_policy",
    "biggest_model_policy", "never_launch_policy", "always_launch_policy", "default_decisions",
]

SPRINTS = 8
FIRST_SPRINT = 8  # the game starts at the case's Sprint 8 (mid-July) and replays eight sprints from there

_MODELS = {m["name"]: m for m in model_options()}
MODELS: tuple[str, ...] = tuple(_MODELS)
_EVAL = eval_cases()

# The three slices of the evaluation set the game tracks. order-status and refunds are kinds of e-mail in the
# case's evaluation set; German is the language slice spread over them (lessons 09 and 11).
SLICES: tuple[str, ...] = ("order-status", "refunds", "German")

C: dict[str, dict] = {
    # ------------------------------------------------------------------ the case (ailead.case)
    "agents": {"value": COMPANY["support_agents"],
               "why": "Support agents who could use ReplyDraft (ailead.case.COMPANY)."},
    "emails_per_month": {"value": COMPANY["tickets_per_month"],
                         "why": "Customer e-mails a month at Kettle & Co. (ailead.case.COMPANY)."},
    "capacity": {"value": {1: CASE_FACTS["sprint_capacity"][8], "later": CASE_FACTS["sprint_capacity"][7]},
                 "why": "Person-weeks a sprint: 8 in Sprint 8, when Jonas lends an engineer for refunds, then "
                        "the team's own 5, as in Sprint 7 (ailead.case.CASE_FACTS)."},
    "quality_bar": {"value": QUALITY_BAR,
                    "why": "The pass rate every live slice must reach: Amara's bar (lesson 11, case.QUALITY_BAR)."},
    "latency_slo_s": {"value": CASE_FACTS["latency_slo"][1],
                      "why": "95 % of drafts within 3 seconds: the latency SLO (lesson 03, CASE_FACTS)."},
    "availability_slo": {"value": CASE_FACTS["availability_slo"],
                         "why": "99.9 % availability (lesson 03, CASE_FACTS)."},
    "budget_minutes": {"value": round((1 - CASE_FACTS["availability_slo"]) * CASE_FACTS["sprint_weeks"] * 7 * 24 * 60,
                                      2),
                       "why": "The error budget of one two-week sprint: 0.1 % of 20,160 minutes, 20.16 minutes "
                              "(lesson 03's 43.2 minutes per 30 days, scaled to 14)."},
    "eval_cases_start": {"value": {"order-status": sum(c["slice"] == "order-status" for c in _EVAL),
                                   "refunds": sum(c["slice"] == "refunds" for c in _EVAL),
                                   "German": CASE_FACTS["eval_german_cases"]},
                         "why": "Cases per slice in the 60-case evaluation set: 20 order-status, 15 refunds and "
                                "4 German (lessons 09 and 11)."},
    "email_share": {"value": {"order-status": 0.20, "refunds": CASE_FACTS["refund_share"],
                              "German": sim_facts()["german_share"]},
                    "why": "Share of the inbox each slice drafts: order-status about a fifth, refunds 18 % "
                           "(CASE_FACTS); German 8 % is the game's assumption (case.sim_facts)."},
    "seconds_saved": {"value": 95,
                      "why": "Agent seconds saved by a draft sent with light or no edits: the mean of the usage "
                             "log's 40 to 150 seconds (lesson 05, case.usage_log)."},
    # ------------------------------------------------------------------ quality
    "slice_offset": {"value": {"order-status": 0.0, "refunds": -0.06, "German": -0.10},
                     "why": "A slice's pass rate relative to the model's overall offline quality: refunds are "
                            "harder (today's model passes 0.80 of them, lesson 09's baseline) and German drafts "
                            "weaker (3 of 4 German cases passed, lesson 11)."},
    "bet_quality": {"value": {"RD-2": {"refunds": 0.04},
                              "RD-3": {"order-status": 0.03, "refunds": 0.03, "German": 0.03},
                              "RD-5": {"German": 0.06}, "RD-7": {"order-status": 0.02}, "RD-4": {}},
                    "why": "What building a bet adds to slice quality: grounding refund drafts in the policy, the "
                           "ticket history in the prompt (lesson 05's experiment added 5 points of acceptance), "
                           "German prompts and examples, the auto-send classifier."},
    "provider_drop": {"value": 0.08,
                      "why": "How much a provider's silent model update lowers one slice on a hosted model: "
                             "lesson 09's candidate lost 10 points on refunds while the overall rate barely moved."},
    "fairness_gap": {"value": 0.06,
                     "why": "A German pass rate this far below order-status's is a fairness gap customers notice "
                            "(lesson 09: gaps between groups)."},
    # ------------------------------------------------------------------ evaluation
    "cases_per_eval_week": {"value": 20,
                            "why": "Labelled evaluation cases a person-week buys: two reviewers, a written "
                                   "guideline, about 20 cases a week with agreement checked (lesson 11)."},
    "min_cases": {"value": MIN_SLICE_CASES,
                  "why": "Cases a slice needs before its pass rate can back a launch: enough to catch a 20-point "
                         "drop from the 0.80 bar (lesson 11 works it out: 29; case.MIN_SLICE_CASES)."},
    "complaints_reveal": {"value": 2,
                          "why": "Sprints before customer complaints lead a team with no regression runs to a "
                                 "model change (lesson 09: judge every release slice by slice)."},
    # ------------------------------------------------------------------ incidents
    "incident_rate": {"value": 250,
                      "why": "Customer-visible incidents a sprint per point of quality below the bar on a live "
                             "slice, times the slice's share of the inbox: wrong drafts agents miss."},
    "autosend_bar": {"value": 0.90,
                     "why": "Auto-sent drafts have no agent to catch errors, so the bar for RD-7 is higher (lesson "
                            "06's assumptions A1 and A2)."},
    # ------------------------------------------------------------------ reliability, latency and cost
    "load_factor": {"value": (0.55, 0.45),
                    "why": "p95 latency = the model's load-test p95 x (0.55 + 0.45 x adoption): the live pilot's "
                           "p95 on Hosted large was about 2.4 s against 4.8 s in the peak load test (case)."},
    "reliability_cut": {"value": 0.05,
                        "why": "Each person-week of reliability work (caching, streaming, a fallback model) cuts "
                               "p95 latency and outage minutes by 5 %, up to the limit below (lesson 03)."},
    "reliability_cap": {"value": 0.45,
                        "why": "The most reliability work can cut: some latency is the model's own."},
    "outage_minutes": {"value": (8, 30),
                       "why": "A provider outage costs 8 to 30 minutes without drafts (lesson 03's pilot month "
                              "had outages of 4 to 17 minutes)."},
    "self_hosted_outage": {"value": 6,
                           "why": "Extra minutes a sprint down on a self-hosted model, before reliability work: "
                                  "Kettle & Co. now runs the servers (lesson 04)."},
    "switch_cost": {"value": 1,
                    "why": "Person-weeks lost to switching model: prompts re-tuned, evaluation re-run (lesson 04)."},
    # ------------------------------------------------------------------ debt and trust
    "debt_start": {"value": 20, "why": "Debt left by the pilot's shortcuts, 0 to 100 (lesson 09, Sculley et al.)."},
    "debt_per_feature_week": {"value": 2.0,
                              "why": "Debt each feature person-week adds: glue code, untested prompts, pipeline "
                                     "jungles (Sculley et al., 2015, lesson 09)."},
    "debt_ok": {"value": 35,
                "why": "Debt up to this level is the normal cost of shipping; the engineering score counts only what "
                       "lies above it."},
    "debt_paid_per_week": {"value": 6.0, "why": "Debt a person-week of clean-up removes."},
    "debt_drag": {"value": 0.008,
                  "why": "Share of capacity lost per point of debt above 15: at 65 the team delivers 40 % less."},
    "debt_outage": {"value": 0.25, "why": "Extra outage minutes a sprint per point of debt above 30."},
    "debt_cost": {"value": 0.004, "why": "Share added to cost per 1,000 drafts per point of debt (retries, waste)."},
    "trust_start": {"value": 70, "why": "Team trust, 0 to 100, after a pilot that went well."},
    "crunch_share": {"value": 0.8,
                     "why": "Above this share of capacity on features, the sprint is a crunch: trust falls "
                            "(lesson 10: small steps, one team)."},
    "low_trust": {"value": 50, "why": "Below this trust, people leave and capacity falls (lesson 10)."},
    # ------------------------------------------------------------------ adoption and satisfaction
    "adoption_start": {"value": 0.70, "why": "Share of the 40 agents using drafts each week after Sprint 7."},
    "adoption_base": {"value": 0.58,
                      "why": "Where adoption settles with nothing new: the novelty of order-status drafts wears off."},
    "adoption_pull": {"value": 0.5, "why": "Share of the way adoption moves to its target each sprint."},
    "satisfaction_start": {"value": 65, "why": "Agent satisfaction, 0 to 100, from the pilot's survey (lesson 05)."},
    "stale_roadmap": {"value": 1.5,
                      "why": "Satisfaction agents lose each sprint after three sprints with nothing new, twice as "
                             "much once a competitor has launched (lesson 07: the roadmap is a promise to people)."},
    "competitor_drag": {"value": 0.06,
                        "why": "Adoption target lost while a competitor's launch makes agents and customers expect "
                               "more and no new bet has gone live since."},
    # ------------------------------------------------------------------ scores
    "hours_full_marks": {"value": 250,
                         "why": "Agent hours saved a month that earn full marks for business impact."},
    "cost_limit": {"value": 10.0,
                   "why": "Cost per 1,000 drafts the finance director accepts (lesson 03's model choice)."},
}

# The bets (backlog items the game offers, from ailead.case.backlog) with what launching them makes live, and
# each one's risks as lesson 06 maps assumptions (Bland and Osterwalder, 2019): how important the assumption is
# (1 = the idea survives if it is wrong, 5 = it is dead) and how strong the evidence for it is so far ("none",
# "weak" or "strong", lesson 02's grades). The evidence follows lesson 02's risk map (ailead.case.idea_evidence)
# and, for RD-7, lesson 06's assumptions (ailead.case.delivery_assumptions).
_BACKLOG = {b["id"]: b for b in backlog()}
_RISKS = {
    "RD-2": {"feasibility": (5, "weak"), "value": (4, "strong"), "viability": (4, "none"), "usability": (2, "none")},
    "RD-3": {"usability": (4, "none"), "value": (3, "weak"), "feasibility": (2, "strong")},
    "RD-4": {"value": (3, "none"), "usability": (2, "strong"), "feasibility": (2, "strong")},
    "RD-5": {"feasibility": (5, "none"), "usability": (3, "none"), "value": (4, "strong"), "viability": (4, "strong")},
    "RD-7": {"value": (5, "none"), "feasibility": (5, "weak"), "viability": (4, "none"), "usability": (2, "weak")},
}
_SLICE_OF = {"RD-2": "refunds", "RD-3": None, "RD-4": None, "RD-5": "German", "RD-7": "order-status"}
_EVIDENCE_RANK = {"none": 0, "weak": 1, "strong": 2}


def riskiest_of(risks: dict) -> str:
    """Lesson 06's rule: the most important assumption without strong evidence (ties: less evidence, then the
    course's order of the four risks)."""
    open_ = {r: v for r, v in risks.items() if v[1] != "strong"} or risks
    return min(open_, key=lambda r: (-open_[r][0], _EVIDENCE_RANK[open_[r][1]], PRODUCT_RISKS.index(r)))


BETS: dict[str, dict] = {}
for _id, _risks in _RISKS.items():
    BETS[_id] = {"title": _BACKLOG[_id]["title"], "effort": _BACKLOG[_id]["effort"], "slice": _SLICE_OF[_id],
                 "confidence": _BACKLOG[_id]["confidence"], "risks": _risks, "riskiest": riskiest_of(_risks),
                 # The chance that the riskiest assumption holds: the backlog's confidence, lifted, since the
                 # team only keeps bets it half-believes in.
                 "holds": round(0.5 + 0.5 * _BACKLOG[_id]["confidence"], 6)}
# What a live bet is worth to agents: added to the adoption target, and to the seconds an accepted draft saves.
_BET_VALUE = {"RD-2": 0.12, "RD-3": 0.08, "RD-4": 0.03, "RD-5": 0.08, "RD-7": 0.10}

GATES = (0.70, 0.75, 0.80, 0.85, 0.90)
PROMISES = ("nothing", "a date")
WORK = ("features", "evaluation", "reliability", "debt")
DECISION_FIELDS: dict[str, str] = {
    "bet": "product: the backlog bet the feature work goes to (" + ", ".join(BETS) + ")",
    "test_risk": "product: the risk of that bet to test first this sprint (value, usability, feasibility, "
                 "viability), or None; a test costs one feature person-week",
    "gate": "product: the pass rate a slice must measure on the evaluation set to launch",
    "guardrail": "product: True to launch only when latency and the error budget are also within the SLO",
    "launch": "product: True to launch the bet this sprint if it is built and clears the gate",
    "promise": "product: what to promise the support leads: 'nothing' or 'a date' (the bet is live next sprint)",
    "features": "engineering: person-weeks on the bet", "evaluation": "engineering: person-weeks on the evaluation set",
    "reliability": "engineering: person-weeks on latency and outages", "debt": "engineering: person-weeks on debt",
    "model": "engineering: the model option (" + ", ".join(MODELS) + ")",
}

# For the debrief: which lesson and section teaches why each kind of decision matters.
LESSON_LINKS: dict[str, tuple[str, str, str]] = {
    "test_risk": ("06-discovery-vs-delivery", "Discovery: rank the assumptions, then test the riskiest",
                  "testing the riskiest assumption first"),
    "bet": ("04-decisions", "Prioritising features with RICE", "which bet to pursue"),
    "gate": ("11-evidence", "A pass rate is an estimate", "where the launch gate sits, on how many cases"),
    "guardrail": ("05-success", "Launch, hold or roll back", "guardrails before the primary metric"),
    "launch": ("05-success", "Launch, hold or roll back", "when to launch"),
    "promise": ("07-horizons-and-audiences", "A stakeholder map", "what to promise whom"),
    "features": ("09-challenges", "Hidden technical debt in an AI feature", "how much capacity goes to features"),
    "evaluation": ("09-challenges", "Unpredictable models: judge every release slice by slice",
                   "funding the evaluation set"),
    "reliability": ("03-goals", "Spending the error budget", "reliability work"),
    "debt": ("09-challenges", "Hidden technical debt in an AI feature", "paying down debt"),
    "model": ("03-goals", "Quality, speed and cost: choosing a model", "which model"),
}

EVENTS = ("provider update", "outage", "fairness gap", "legal question", "competitor launch")


def _v(name: str):
    return C[name]["value"]


@dataclass
class State:
    """Everything about a game after some sprints. ``true_quality`` and ``holds`` are hidden from the leader."""

    seed: int
    sprint: int = 0  # sprints played so far (0 to 8)
    model: str = "Hosted large"
    live: list = field(default_factory=lambda: ["RD-1"])
    progress: dict = field(default_factory=lambda: {b: 0.0 for b in BETS})
    status: dict = field(default_factory=lambda: {b: "open" for b in BETS})  # open | validated | dropped
    holds: dict = field(default_factory=dict)  # bet -> does its riskiest assumption hold (hidden)
    tested: dict = field(default_factory=lambda: {b: [] for b in BETS})
    schedule: dict = field(default_factory=dict)  # event -> sprint it arrives (hidden until then)
    cases: dict = field(default_factory=lambda: dict(_v("eval_cases_start")))
    measured: dict = field(default_factory=dict)  # slice -> measured pass rate on the cases
    drift: dict = field(default_factory=dict)  # slice -> unnoticed provider degradation
    drift_since: int = 0
    reliability_work: float = 0.0
    debt: float = 20.0
    trust: float = 70.0
    adoption: float = 0.70
    satisfaction: float = 65.0
    promise_due: str | None = None
    competitor_pressure: bool = False
    paused: list = field(default_factory=list)  # live bets paused by legal until their viability is tested
    history: list = field(default_factory=list)  # one dict per sprint played: decisions, results, events

    def copy(self) -> State:
        """A copy to change: containers copied, history entries shared (they are never changed once written)."""
        new = copy.copy(self)
        for name in ("live", "paused", "history"):
            setattr(new, name, list(getattr(self, name)))
        for name in ("progress", "status", "holds", "schedule", "cases", "measured", "drift"):
            setattr(new, name, dict(getattr(self, name)))
        new.tested = {b: list(v) for b, v in self.tested.items()}
        return new

    @property
    def finished(self) -> bool:
        return self.sprint >= SPRINTS


def _rng(seed: int, sprint: int, what: str) -> random.Random:
    return random.Random(f"ailead-sim:{seed}:{sprint}:{what}")


def new_game(seed: int = 1) -> State:
    """The starting state for a seed: before the case's Sprint 8, order-status drafts live on Hosted large."""
    rng = _rng(seed, 0, "setup")
    state = State(seed=seed, debt=float(_v("debt_start")), trust=float(_v("trust_start")),
                  adoption=_v("adoption_start"), satisfaction=float(_v("satisfaction_start")))
    state.holds = {b: rng.random() < BETS[b]["holds"] for b in BETS}
    # Each event arrives once, in a sprint drawn for this seed (the provider update never in the first).
    state.schedule = {"provider update": rng.randint(2, 6), "outage": rng.randint(1, 8),
                      "fairness gap": rng.randint(3, 8), "legal question": rng.randint(2, 7),
                      "competitor launch": rng.randint(2, 6)}
    _measure(state, _rng(seed, 0, "measure"))
    return state


# ---------------------------------------------------------------------------------------------- the model

def _true_quality(state: State) -> dict[str, float]:
    base = _MODELS[state.model]["quality"]
    q = {}
    for s in SLICES:
        value = base + _v("slice_offset")[s] - state.drift.get(s, 0.0)
        for bet, add in _v("bet_quality").items():
            if state.progress[bet] >= BETS[bet]["effort"] and state.status[bet] != "dropped":
                value += add.get(s, 0.0)
        q[s] = round(min(0.99, max(0.0, value)), 6)
    return q


def _measure(state: State, rng: random.Random) -> None:
    q = _true_quality(state)
    state.measured = {s: round(sum(rng.random() < q[s] for _ in range(state.cases[s])) / state.cases[s], 6)
                      for s in SLICES}


def _live_slices(state: State) -> list[str]:
    slices = ["order-status"]
    for bet in state.live:
        if bet in BETS and BETS[bet]["slice"] and bet not in state.paused and BETS[bet]["slice"] not in slices:
            slices.append(BETS[bet]["slice"])
    return slices


def _capacity(state: State) -> int:
    return _v("capacity")[1] if state.sprint == 0 else _v("capacity")["later"]


def _reliability_cut(state: State) -> float:
    return min(_v("reliability_cap"), _v("reliability_cut") * state.reliability_work)


def _p95(state: State, adoption: float | None = None) -> float:
    low, high = _v("load_factor")
    adoption = state.adoption if adoption is None else adoption
    return round(_MODELS[state.model]["p95_latency_s"] * (low + high * adoption) * (1 - _reliability_cut(state))
                 * (1 + max(0.0, state.debt - 30) / 200), 6)


def _cost(state: State) -> float:
    return round(_MODELS[state.model]["cost_per_1k_drafts"] * (1 + _v("debt_cost") * state.debt), 6)


def _poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth's method; fine for the small rates here)."""
    if lam <= 0:
        return 0
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def default_decisions(state: State | None = None) -> dict:
    """A plain starting point: the next open bet, no test, gate at the bar with its guardrail, an even split."""
    cap = _capacity(state) if state else _v("capacity")["later"]
    bet = next((b for b in BETS if state is None or state.status[b] != "dropped" and b not in state.live), "RD-2")
    split = {"features": cap - 3, "evaluation": 1, "reliability": 1, "debt": 1}
    return {"bet": bet, "test_risk": None, "gate": QUALITY_BAR, "guardrail": True, "launch": False,
            "promise": "nothing", "model": state.model if state else "Hosted large", **split}


def check_decisions(state: State, decisions: dict) -> dict:
    """The decisions completed with defaults and checked; raises ValueError naming what is wrong and how to fix it."""
    full = default_decisions(state)
    unknown = set(decisions) - set(DECISION_FIELDS)
    if unknown:
        raise ValueError(f"unknown decision(s) {sorted(unknown)}; the decisions are: {', '.join(DECISION_FIELDS)}")
    full.update(decisions)
    if full["bet"] not in BETS:
        raise ValueError(f"bet must be one of {', '.join(BETS)}, got {full['bet']!r}")
    if full["test_risk"] is not None and full["test_risk"] not in PRODUCT_RISKS:
        raise ValueError(f"test_risk must be None or one of {', '.join(PRODUCT_RISKS)}, got {full['test_risk']!r}")
    if full["model"] not in _MODELS:
        raise ValueError(f"model must be one of {', '.join(MODELS)}, got {full['model']!r}")
    if full["promise"] not in PROMISES:
        raise ValueError(f"promise must be 'nothing' or 'a date', got {full['promise']!r}")
    if not 0 <= full["gate"] <= 1:
        raise ValueError(f"gate is a pass rate between 0 and 1, got {full['gate']!r}")
    for w in WORK:
        if not isinstance(full[w], (int, float)) or full[w] < 0:
            raise ValueError(f"{w} must be a number of person-weeks, 0 or more, got {full[w]!r}")
    total = round(sum(full[w] for w in WORK), 6)
    if total > _capacity(state):
        raise ValueError(f"the split uses {total:g} person-weeks but this sprint has {_capacity(state)}: "
                         "lower features, evaluation, reliability or debt")
    full["guardrail"], full["launch"] = bool(full["guardrail"]), bool(full["launch"])
    return full


def advance(state: State, decisions: dict, seed: int | None = None) -> State:
    """Play one sprint: the state after it. ``state`` is not changed; ``seed`` defaults to the game's own."""
    if state.finished:
        raise ValueError(f"the game is over: all {SPRINTS} sprints are played")
    d = check_decisions(state, decisions)
    s = state.copy()
    seed = s.seed if seed is None else seed
    n = s.sprint + 1  # the sprint being played, 1..8
    events = [e for e, when in s.schedule.items() if when == n]
    notes: list[str] = []
    rng_inc = _rng(seed, n, "incidents")

    # -- capacity: debt drag, low trust and a model switch eat into the person-weeks planned
    efficiency = max(0.3, 1 - _v("debt_drag") * max(0.0, s.debt - 15)) * (1 - max(0.0, _v("low_trust") - s.trust) / 100)
    switched = d["model"] != s.model
    lost = _v("switch_cost") if switched else 0
    if "legal question" in events and d["test_risk"] != "viability" and not any(
            "viability" in s.tested[b] for b in ("RD-2", "RD-7")):
        lost += 2
        notes.append("Legal asks whether drafts may promise refunds; nobody has tested the viability of the refund "
                     "bets, so two person-weeks go to a review.")
        if "RD-7" in s.live:
            s.paused.append("RD-7")
    elif "legal question" in events:
        notes.append("Legal asks whether drafts may promise refunds; the viability test already answered it.")
    feature_weeks = max(0.0, d["features"] - lost) * efficiency
    s.model = d["model"]

    # -- discovery: a test costs one feature person-week; testing the riskiest risk reveals the truth
    bet = d["bet"]
    if d["test_risk"] and s.status[bet] == "open":
        feature_weeks = max(0.0, feature_weeks - 1)
        s.tested[bet].append(d["test_risk"])
        if d["test_risk"] == BETS[bet]["riskiest"]:
            s.status[bet] = "validated" if s.holds[bet] else "dropped"
            notes.append(f"The {d['test_risk']} test on {bet} " + (
                "holds up: build it." if s.holds[bet] else "fails: the bet is dropped before more is built."))
        else:
            notes.append(f"The {d['test_risk']} test on {bet} passes, but it was not the bet's riskiest risk.")
    delivered = 0.0
    if s.status[bet] != "dropped" and bet not in s.live:
        delivered = min(BETS[bet]["effort"] - s.progress[bet], feature_weeks)
        s.progress[bet] = round(s.progress[bet] + delivered, 6)

    # -- engineering work
    s.reliability_work += d["reliability"] * efficiency
    s.debt = min(100.0, max(0.0, s.debt + _v("debt_per_feature_week") * d["features"]
                            - _v("debt_paid_per_week") * d["debt"] * efficiency
                            + (3 if s.model.startswith("Open") else 0) * switched))
    added = int(round(d["evaluation"] * efficiency * _v("cases_per_eval_week")))
    # New cases go to the slice of the bet being built, or else to the slice with the fewest.
    grow = BETS[bet]["slice"] or min(SLICES, key=lambda x: (s.cases[x], SLICES.index(x)))
    s.cases[grow] += added
    eval_funded = d["evaluation"] > 0

    # -- events of this sprint
    if "provider update" in events:
        hit = _rng(seed, n, "which").choice(_live_slices(s))
        s.drift[hit] = _v("provider_drop")
        s.drift_since = n
        notes.append(("The provider updates the hosted model" if not s.model.startswith("Open") else
                      "The open model's publisher ships a new version and the weekly update pulls it in")
                     + f"; {hit} drafts get worse.")
    if s.drift and (eval_funded or n - s.drift_since >= _v("complaints_reveal")):
        notes.append("The regression run on the evaluation set catches the model change; the team pins the old "
                     "version." if eval_funded else "Complaints finally lead the team to the model change; they "
                     "pin the old version.")
        s.drift = {}
    downtime = 0.0
    if "outage" in events:
        lo, hi = _v("outage_minutes")
        downtime += _rng(seed, n, "outage").uniform(lo, hi)
        notes.append("The model provider has an outage.")
    if s.model.startswith("Open"):
        downtime += _v("self_hosted_outage")
    downtime += max(0.0, s.debt - 30) * _v("debt_outage")
    downtime = round(downtime * (1 - _reliability_cut(s)), 6)
    s_budget_left = round(_v("budget_minutes") - downtime, 6)
    if "competitor launch" in events:
        s.competitor_pressure = True
        notes.append("A competitor launches AI replies; leadership asks what is next.")

    # -- measure, then launch through the gate (and the guardrail)
    _measure(s, _rng(seed, n, "measure"))
    launched, rolled_back = None, []
    ready = s.progress[bet] >= BETS[bet]["effort"] and s.status[bet] != "dropped" and bet not in s.live
    if d["launch"] and ready:
        target = BETS[bet]["slice"]
        passes = target is None or round(s.measured[target], 6) >= round(d["gate"], 6)
        guard_ok = _p95(s, min(1.0, s.adoption + 0.1)) <= _v("latency_slo_s") and s_budget_left > 0
        if passes and (guard_ok or not d["guardrail"]):
            if not s.holds[bet] and s.status[bet] == "open":
                s.status[bet] = "dropped"  # the riskiest assumption fails in front of users
                rolled_back.append(bet)
                notes.append(f"{bet} launches, and its {BETS[bet]['riskiest']} assumption fails in front of agents: "
                             "rolled back, the work wasted.")
            else:
                s.live.append(bet)
                launched = bet
                notes.append(f"{bet} launches.")
        elif not passes:
            notes.append(f"{bet} is held at the gate: {target} measures {s.measured[target]:.0%} on "
                         f"{s.cases[target]} cases, below {d['gate']:.0%}.")
        else:
            notes.append(f"{bet} is held by the guardrail: latency or the error budget would break the SLO.")

    # -- consequences: incidents on live slices, SLO breaches and rollbacks
    q = _true_quality(s)
    live = _live_slices(s)
    incidents = 0
    for sl in live:
        bar = _v("quality_bar")
        share = _v("email_share")[sl]
        if sl == "order-status" and "RD-7" in s.live and "RD-7" not in s.paused:
            bar, share = _v("autosend_bar"), share * 3
        incidents += _poisson(rng_inc, _v("incident_rate") * share * max(0.0, bar - q[sl]))
    if "fairness gap" in events and "German" in live and q["order-status"] - q["German"] > _v("fairness_gap"):
        incidents += 3
        rolled_back.append("RD-5")
        notes.append("Customers writing in German complain their replies are worse: a fairness gap. German drafts "
                     "are rolled back.")
    elif "fairness gap" in events:
        notes.append("A fairness review compares languages; nothing live shows a gap.")
    p95 = _p95(s)
    slo_kept = p95 <= _v("latency_slo_s") and s_budget_left >= 0
    if not slo_kept and launched and not d["guardrail"]:
        rolled_back.append(launched)
        notes.append(f"{launched} breaks the SLO; operations roll it back.")
    for b in rolled_back:
        if b in s.live:
            s.live.remove(b)
    for b in rolled_back:  # a bet rolled back needs rework before it can launch again
        if s.status[b] != "dropped":
            s.progress[b] = round(max(0.0, BETS[b]["effort"] - (2 if b == "RD-5" else 1)), 6)
    wasted_tests = int(bool(d["test_risk"]) and d["test_risk"] != BETS[bet]["riskiest"]
                       and state.status[bet] == "open")

    # -- people: trust, adoption, satisfaction, promises
    cap = _capacity(state)
    trust = s.trust + 1
    if d["features"] > _v("crunch_share") * cap:
        trust -= 6
    trust += 1.5 * d["debt"]
    trust -= 2 * incidents + 6 * len(rolled_back)
    promise_note = None
    if s.promise_due:
        if s.promise_due in s.live:
            trust += 3
            promise_note = "kept"
        else:
            trust -= 8
            promise_note = "broken"
            notes.append(f"The date promised for {s.promise_due} is missed.")
    s.promise_due = bet if d["promise"] == "a date" and bet not in s.live else None
    s.trust = round(min(100.0, max(0.0, trust)), 6)

    value = sum(_BET_VALUE.get(b, 0) for b in s.live if b not in s.paused)
    quality_live = sum(q[sl] * _v("email_share")[sl] for sl in live) / sum(_v("email_share")[sl] for sl in live)
    target = _v("adoption_base") + value + 1.2 * (quality_live - 0.80)
    if p95 > _v("latency_slo_s"):
        target -= 0.15
    if s.competitor_pressure and not launched and not any(b in s.live for b in ("RD-2", "RD-5", "RD-7")):
        target -= _v("competitor_drag")
    s.adoption = round(min(1.0, max(0.05, s.adoption + _v("adoption_pull") * (target - s.adoption))), 6)
    recent = [h["launched"] for h in s.history[-2:]] + [launched]
    stale = len(s.history) >= 2 and not any(recent)
    sat = (s.satisfaction + (6 if launched else 0) - 2.5 * incidents - 8 * len(rolled_back)
           - (_v("stale_roadmap") * (2 if s.competitor_pressure else 1) if stale else 0))
    sat -= 5 if p95 > _v("latency_slo_s") else 0
    sat -= 3 if s_budget_left < 0 else 0
    sat += {"kept": 4, "broken": -6, None: 0}[promise_note]
    sat += 1 if incidents == 0 else 0
    s.satisfaction = round(min(100.0, max(0.0, sat)), 6)

    hours = 0.0
    for sl in live:
        secs = _v("seconds_saved") * (2 if sl == "order-status" and "RD-7" in s.live and "RD-7" not in s.paused else 1)
        hours += _v("emails_per_month") * _v("email_share")[sl] * s.adoption * q[sl] * secs / 3600
    hours *= 1 + (0.15 if "RD-3" in s.live else 0) + (0.05 if "RD-4" in s.live else 0)

    s.sprint = n
    s.history.append({
        "sprint": n, "case_sprint": FIRST_SPRINT + n - 1, "decisions": d, "events": events, "notes": notes,
        "delivered": round(delivered, 6), "wasted": round(sum(s.progress[b] for b in BETS if s.status[b] == "dropped")
                        + wasted_tests + (state.history[-1]["wasted_tests"] if state.history else 0), 6),
        "wasted_tests": wasted_tests + (state.history[-1]["wasted_tests"] if state.history else 0),
        "launched": launched, "rolled_back": rolled_back, "incidents": incidents,
        "adoption": s.adoption, "satisfaction": s.satisfaction, "hours_saved": round(hours, 6),
        "measured": dict(s.measured), "cases": dict(s.cases), "true_quality": q,
        "p95_s": p95, "cost_per_1k": _cost(s), "budget_left": s_budget_left, "slo_kept": slo_kept,
        "debt": round(s.debt, 6), "trust": s.trust, "live": list(s.live),
    })
    s.history[-1].update(scores(s.history[-1]))
    return s


# ---------------------------------------------------------------------------------------------- scores

def scores(row: dict) -> dict:
    """The two scoreboards of one sprint turned into scores from 0 to 100, and the combined score.

    Product: adoption 40 %, agent satisfaction 30 %, business impact (agent hours saved, full marks at
    ``hours_full_marks``) 30 %. Engineering: live quality at the bar 25 % (true quality, what customers get), the
    SLO kept 20 %, no incidents 20 %, debt no higher than debt_ok 15 %, team trust 10 %, cost within the limit 10 %.
    Combined: the
    geometric mean of the two, so a collapse on either scoreboard cannot be bought back by the other.
    """
    live_q = [row["true_quality"][sl] for sl in SLICES if sl in _slices_of(row["live"])]
    quality_ok = sum(min(1.0, q / _v("quality_bar")) ** 4 for q in live_q) / len(live_q)
    product = 100 * (0.4 * row["adoption"] + 0.3 * row["satisfaction"] / 100
                     + 0.3 * min(1.0, row["hours_saved"] / _v("hours_full_marks")))
    engineering = 100 * (0.25 * quality_ok + 0.2 * (1.0 if row["slo_kept"] else 0.0)
                         + 0.2 * max(0.0, 1 - row["incidents"] / 6)
                         + 0.15 * min(1.0, (100 - row["debt"]) / (100 - _v("debt_ok")))
                         + 0.1 * row["trust"] / 100 + 0.1 * min(1.0, _v("cost_limit") / max(row["cost_per_1k"], 0.01)))
    return {"product_score": round(product, 2), "engineering_score": round(engineering, 2),
            "combined_score": round(math.sqrt(product * engineering), 2)}


def _slices_of(live: list) -> list[str]:
    out = ["order-status"]
    for b in live:
        if b in BETS and BETS[b]["slice"] and BETS[b]["slice"] not in out:
            out.append(BETS[b]["slice"])
    return out


def final_score(state: State) -> float:
    """A game's score: the combined score of every sprint played, averaged with weights 1, 2, ... 8.

    Every sprint counts, so a late rescue cannot undo a bad start, but later sprints count more, because most
    decisions show their effects a few sprints after they are made.
    """
    if not state.history:
        return 0.0
    weights = range(1, len(state.history) + 1)
    total = sum(w * h["combined_score"] for w, h in zip(weights, state.history))
    return round(total / sum(weights), 2)


# ---------------------------------------------------------------------------------------------- what the leader sees

def observe(state: State) -> dict:
    """What the leader sees before deciding: measured numbers, never the true qualities or the hidden truths."""
    last = state.history[-1] if state.history else None
    bets = {}
    for b, info in BETS.items():
        bets[b] = {"title": info["title"], "effort": info["effort"], "progress": state.progress[b],
                   "built": state.progress[b] >= info["effort"], "status": state.status[b], "live": b in state.live,
                   "slice": info["slice"], "tested": list(state.tested[b]),
                   "risks": {r: {"importance": i, "evidence": e} for r, (i, e) in info["risks"].items()}}
    return {
        "sprint": state.sprint + 1, "case_sprint": FIRST_SPRINT + state.sprint, "sprints": SPRINTS,
        "capacity": _capacity(state), "model": state.model, "models": copy.deepcopy(list(_MODELS.values())),
        "bar": _v("quality_bar"), "latency_slo_s": _v("latency_slo_s"), "bets": bets,
        "measured": dict(state.measured), "cases": dict(state.cases),
        "p95_s": last["p95_s"] if last else _p95(state), "cost_per_1k": _cost(state),
        "budget_left": last["budget_left"] if last else _v("budget_minutes"),
        "slo_kept": last["slo_kept"] if last else True, "debt": round(state.debt, 6), "trust": state.trust,
        "adoption": state.adoption, "satisfaction": state.satisfaction, "live": list(state.live),
        "incidents": last["incidents"] if last else 0, "events": list(last["events"]) if last else [],
        "notes": list(last["notes"]) if last else [],
    }


# ---------------------------------------------------------------------------------------------- playing by code

def play(policy, seed: int = 1, sprints: int = SPRINTS) -> State:
    """Play a game with ``policy`` (a function from :func:`observe`'s dict to a decisions dict)."""
    state = new_game(seed)
    for _ in range(sprints):
        state = advance(state, policy(observe(state)))
    return state


def replay(seed: int, decisions: list[dict], change: dict | None = None, at: int | None = None) -> State:
    """Replay recorded decisions with the same seed; optionally ``change`` some fields at sprint ``at`` (1-8).

    Later sprints keep their recorded decisions, except that a split the shorter capacity cannot hold is
    scaled down to fit.
    """
    state = new_game(seed)
    for n, dec in enumerate(decisions, start=1):
        dec = dict(dec)
        if change and n == at:
            dec.update(change)
        cap = _capacity(state)
        total = sum(dec.get(w, 0) for w in WORK)
        if total > cap:
            dec["features"] = max(0, dec.get("features", 0) - (total - cap))
        state = advance(state, dec)
    return state


def _alternatives(dec: dict, obs: dict) -> dict[str, dict]:
    """For each kind of decision, the recommended alternative (what the balanced policy would have done)."""
    rec = balanced_policy(obs)
    alt = {}
    for key in ("test_risk", "bet", "gate", "guardrail", "launch", "promise", "model"):
        if rec[key] != dec.get(key):
            alt[key] = {key: rec[key]}
    if any(rec[w] != dec.get(w) for w in WORK):
        alt["features"] = {w: rec[w] for w in WORK}
    return alt


def debrief(state: State, top: int = 3) -> list[dict]:
    """The decisions that mattered most: each sprint's decisions replayed, one kind at a time, with the balanced
    policy's choice and the same seed; the biggest gains in final score, with the lesson that teaches why."""
    decisions = [h["decisions"] for h in state.history]
    base = final_score(state)
    found = []
    replayed = new_game(state.seed)
    for n, dec in enumerate(decisions, start=1):
        obs = observe(replayed)
        for key, change in _alternatives(dec, obs).items():
            other = replay(state.seed, decisions, change, n)
            gain = round(final_score(other) - base, 2)
            if gain > 0:
                lesson, section, topic = LESSON_LINKS[key]
                found.append({"sprint": n, "case_sprint": FIRST_SPRINT + n - 1, "kind": key, "topic": topic,
                              "chosen": {k: dec.get(k) for k in change}, "instead": change, "gain": gain,
                              "lesson": lesson, "section": section})
        replayed = advance(replayed, dec)
    found.sort(key=lambda f: (-f["gain"], f["sprint"], f["kind"]))
    picked, kinds = [], set()
    for f in found:  # at most one per kind of decision, so the three teach three things
        if f["kind"] not in kinds:
            picked.append(f)
            kinds.add(f["kind"])
        if len(picked) == top:
            break
    return picked


def game_record(state: State, who: str = "", policy: str = "") -> dict:
    """A finished game as plain data, for the progress record and the cohort debrief."""
    last = state.history[-1] if state.history else {}
    return {
        "seed": state.seed, "who": who, "policy": policy, "sprints": state.sprint, "final_score": final_score(state),
        "product_score": round(sum(h["product_score"] for h in state.history) / max(1, len(state.history)), 2),
        "engineering_score": round(sum(h["engineering_score"] for h in state.history) / max(1, len(state.history)), 2),
        "incidents": sum(h["incidents"] for h in state.history),
        "rollbacks": sum(len(h["rolled_back"]) for h in state.history),
        "slo_kept": sum(h["slo_kept"] for h in state.history), "live": list(state.live),
        "adoption": last.get("adoption"), "debt": last.get("debt"), "trust": last.get("trust"),
        "decisions": [h["decisions"] for h in state.history],
        "per_sprint": [{k: h[k] for k in ("sprint", "product_score", "engineering_score", "combined_score")}
                       for h in state.history],
    }


def state_dict(state: State) -> dict:
    """The state as plain data (JSON-ready)."""
    return asdict(state)


# ---------------------------------------------------------------------------------------------- policies

def _split(cap: int, features: int, evaluation: int, reliability: int) -> dict:
    rest = max(0, cap - features - evaluation - reliability)
    return {"features": features, "evaluation": evaluation, "reliability": reliability, "debt": rest}


def _next_bet(obs: dict, order: tuple[str, ...]) -> str:
    for b in order:
        info = obs["bets"][b]
        if info["status"] != "dropped" and not info["live"]:
            return b
    return order[0]


def _riskiest(info: dict) -> str:
    return riskiest_of({r: (v["importance"], v["evidence"]) for r, v in info["risks"].items()})


def _cheapest_fit(obs: dict) -> str:
    """Lesson 03's rule on measured numbers: the cheapest model meeting quality, latency and cost limits."""
    fits = [m for m in obs["models"] if m["quality"] >= 0.84 and m["p95_latency_s"] <= obs["latency_slo_s"]
            and m["cost_per_1k_drafts"] <= _v("cost_limit")]
    return min(fits, key=lambda m: m["cost_per_1k_drafts"])["name"] if fits else obs["model"]


def balanced_policy(obs: dict) -> dict:
    """The course's recommendation, both hats on: test the riskiest assumption first, gate at the bar on enough
    cases with the guardrail on, a steady split (evaluation, reliability and debt every sprint), the cheapest model
    that meets the limits, and no date promised before the bet is built."""
    cap = obs["capacity"]
    bet = _next_bet(obs, ("RD-2", "RD-3", "RD-5", "RD-7", "RD-4"))
    info = obs["bets"][bet]
    test = None if info["status"] != "open" else _riskiest(info)
    target = info["slice"]
    enough = target is None or obs["cases"][target] >= _v("min_cases")
    evaluation = 1 if (target is None or enough) else 2
    upkeep = 1 if cap <= 5 else 2  # reliability or debt, whichever needs it more
    split = _split(cap, cap - evaluation - upkeep, evaluation, 0)
    if obs["debt"] >= 30 or obs["p95_s"] <= 2.5 and obs["budget_left"] > 5:
        split["debt"] = upkeep
    else:
        split["reliability"] = upkeep
        split["debt"] = 0
    return {"bet": bet, "test_risk": test, "gate": obs["bar"], "guardrail": True, "launch": info["built"] and enough,
            "promise": "a date" if info["built"] and enough else "nothing", "model": _cheapest_fit(obs), **split}


def product_only_policy(obs: dict) -> dict:
    """Product hat only: everything on features, the biggest bets first, launch the moment it is built, a date
    promised every sprint, the best-quality model, no guardrail."""
    bet = _next_bet(obs, ("RD-7", "RD-5", "RD-2", "RD-3", "RD-4"))
    return {"bet": bet, "test_risk": "value" if obs["bets"][bet]["status"] == "open" else None, "gate": 0.75,
            "guardrail": False, "launch": True, "promise": "a date", "model": "Hosted large",
            **_split(obs["capacity"], obs["capacity"], 0, 0)}


def engineering_only_policy(obs: dict) -> dict:
    """Engineering hat only: evaluation, reliability and debt first, one person-week of features, a gate far above
    the bar, the cheapest model that meets the limits, nothing promised."""
    bet = _next_bet(obs, ("RD-3", "RD-2", "RD-5", "RD-4", "RD-7"))
    cap = obs["capacity"]
    return {"bet": bet, "test_risk": None, "gate": 0.90, "guardrail": True, "launch": True, "promise": "nothing",
            "model": _cheapest_fit(obs), **_split(cap, 1, 2, 1)}


def _fixed(model: str, launch: bool) -> dict:
    return {"bet": "RD-2", "test_risk": None, "gate": QUALITY_BAR, "guardrail": False, "launch": launch,
            "promise": "nothing", "model": model}


def cheapest_model_policy(obs: dict) -> dict:
    """Always the cheapest model (Hosted small), otherwise a plain even plan."""
    bet = _next_bet(obs, ("RD-2", "RD-3", "RD-5", "RD-7", "RD-4"))
    return {**_fixed("Hosted small", True), "bet": bet, **_split(obs["capacity"], obs["capacity"] - 3, 1, 1)}


def biggest_model_policy(obs: dict) -> dict:
    """Always the biggest model (Hosted large), otherwise a plain even plan."""
    bet = _next_bet(obs, ("RD-2", "RD-3", "RD-5", "RD-7", "RD-4"))
    return {**_fixed("Hosted large", True), "bet": bet, **_split(obs["capacity"], obs["capacity"] - 3, 1, 1)}


def never_launch_policy(obs: dict) -> dict:
    """Never launch anything new; the work is spread evenly."""
    return {**_fixed(obs["model"], False), **_split(obs["capacity"], obs["capacity"] - 3, 1, 1)}


def always_launch_policy(obs: dict) -> dict:
    """Launch whatever is built, with no gate to speak of and no guardrail."""
    bet = _next_bet(obs, ("RD-2", "RD-3", "RD-5", "RD-7", "RD-4"))
    return {**_fixed(obs["model"], True), "bet": bet, "gate": 0.0, **_split(obs["capacity"], obs["capacity"] - 3, 1, 1)}


POLICIES = {
    "balanced": balanced_policy, "product only": product_only_policy, "engineering only": engineering_only_policy,
    "cheapest model": cheapest_model_policy, "biggest model": biggest_model_policy, "never launch": never_launch_policy,
    "always launch": always_launch_policy,
}
