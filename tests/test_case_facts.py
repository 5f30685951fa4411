"""One case, one set of facts: a lesson, quiz bank or exercise that quotes a case fact differently fails.

Every sentence of the course (lessons, quiz banks, exercise sources with their tests and model answers,
README) is read, and each quoted fact below is compared with ``ailead.case``. Each check must find at
least one quote (so it cannot pass by finding nothing), and a planted wrong quote must be caught.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from ailead import case

REPO = Path(__file__).resolve().parents[1]
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "twenty": 20, "twenty-five": 25, "thirty": 30, "forty": 40}
FACTS = case.case_facts()
TEAM_HOURS = {p["name"].split()[0]: p["hours_per_week"] for p in case.team()}
BACKLOG_CONFIDENCE = {item["id"]: round(item["confidence"] * 100) for item in case.backlog()}


def _number(text: str) -> float | None:
    text = text.lower().replace(",", "")
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    try:
        return float(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class Check:
    """A kind of quote: where a sentence quotes the fact (pattern), and which values are right."""

    name: str
    pattern: str
    allowed: object  # a set of values, or a callable (match) -> set of values
    within: str = ""  # only sentences that also match this

    def problems(self, where: str, sentence: str) -> list[str]:
        if self.within and not re.search(self.within, sentence, re.I):
            return []
        found = []
        for m in re.finditer(self.pattern, sentence, re.I):
            value = _number(m.group("value"))
            allowed = self.allowed(m) if callable(self.allowed) else self.allowed
            if value is not None and value not in allowed:
                found.append(f"{where}: {self.name} quoted as {m.group('value')!r}, the case says "
                             f"{sorted(allowed)}: …{sentence.strip()[:160]}…")
        return found


CHECKS = [
    Check("refund share (%)", r"(?P<value>\d+)\s*%\s+of\s+(?:all\s+)?(?:the\s+)?(?:e-mails|tickets|the inbox)",
          {round(FACTS["refund_share"] * 100)}, within=r"refund"),
    Check("e-mails a month",
          r"(?P<value>\d{1,3}(?:,\d{3})+|\d+)\s+(?:customer\s+)?(?:e-mails|tickets|drafts)\s+a\s+month",
          {FACTS["tickets_per_month"]}, within=r"Kettle|ReplyDraft|inbox|at (?:full|today)|agents"),
    Check("support agents", r"\ball\s+(?P<value>\w+)\s+(?:support\s+)?agents\b", {FACTS["support_agents"]}),
    Check("pilot size", r"\b(?P<value>\w+)[- ]agent pilot\b|\bthe\s+(?P<v2>\w+)\s+pilot agents\b",
          {FACTS["pilot_first_agents"], FACTS["support_agents"]}),
    Check("hours a week", r"\b(?P<name>Amara|Jonas|Priya|Tomás|Lena|Kofi|Yuki)\b[^.;]{0,50}?\b(?P<value>\d+|ten|twenty|"
          r"twenty-five|thirty|forty)\s+hours", lambda m: {TEAM_HOURS[m.group("name")]}),
    Check("RICE confidence (%)", r"\b(?P<item>RD-\d+)\b[^.;]{0,60}?confidence\s+(?:of\s+|is\s+)?(?P<value>\d+)\s*%",
          lambda m: {BACKLOG_CONFIDENCE.get(m.group("item"), -1)}),
    Check("Sprint 7 capacity", r"capacity\s+(?:is\s+|of\s+)?(?P<value>\d+)\s+person-weeks",
          {FACTS["sprint_capacity"][7]}, within=r"Sprint 7"),
    Check("Sprint 8 capacity", r"capacity\s+(?:is\s+|of\s+)?(?P<value>\d+)\s+person-weeks",
          {FACTS["sprint_capacity"][8]}, within=r"Sprint 8"),
    Check("Sprint 4 points", r"\b(?P<value>\d+)\s+(?:story\s+)?points\b", None, within=r"Sprint 4|the sprint's"),
    Check("German evaluation cases", r"\b(?P<value>\d+|four|no)\s+(?:of the \d+ cases are\s+)?German\s+"
          r"(?:cases|e-mails)", {FACTS["eval_german_cases"]}, within=r"evaluation|eval set|cases"),
    Check("evaluation cases", r"\b(?P<value>\d+)\s+(?:evaluation\s+)?cases\b", {FACTS["eval_cases"]},
          within=r"evaluation set"),
    Check("model in use", r"(?:pilot|agents use today|today's model)[^.;]{0,40}?\bruns?\s+on\s+Hosted\s+(?P<value>\w+)",
          None),
    Check("alignment gaps", r"\b(?P<value>three|four|3|4)\s+(?:alignment\s+)?gaps\b", {FACTS["alignment_gaps"]},
          within=r"Kettle"),
]
# "Sprint 4 points" allows the sprint's total and each item's points; "model in use" compares a name.
SPRINT4_POINTS = {FACTS["sprint4_points"]} | {item["points"] for item in case.replydraft_sprint()["items"]}
CHECKS = [Check(c.name, c.pattern, SPRINT4_POINTS, c.within) if c.name == "Sprint 4 points" else c for c in CHECKS]


def _model_problems(where: str, sentence: str) -> list[str]:
    m = re.search(CHECKS[-2].pattern, sentence, re.I)
    if m and f"Hosted {m.group('value')}" != FACTS["model_in_use"]:
        return [f"{where}: the model in use quoted as Hosted {m.group('value')}, the case says "
                f"{FACTS['model_in_use']}: …{sentence.strip()[:160]}…"]
    return []


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def course_texts(repo: Path = REPO) -> list[tuple[str, str]]:
    """(where, text) for every cell of every lesson and exercise source, every quiz bank string, the README."""
    texts = []
    for path in sorted((repo / "notebooks").glob("*.ipynb")) + sorted((repo / "solutions").glob("*/*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text())["cells"]):
            texts.append((f"{path.relative_to(repo)} cell {i}", "".join(cell["source"])))
    for path in sorted((repo / "assets" / "quizzes").glob("*.yml")):
        bank = yaml.safe_load(path.read_text())
        for q in bank["questions"]:
            texts += [(f"{path.name}:{q['id']}", s) for s in _strings(q)]
    texts.append(("README.md", (repo / "README.md").read_text()))
    return texts


def sentences(text: str) -> list[str]:
    text = re.sub(r"\s+", " ", text.replace("\\n", " "))
    return re.split(r"(?<=[.!?])\s+(?=[A-Z\"'(*])", text)


def problems_in(texts: list[tuple[str, str]]) -> tuple[list[str], dict[str, int]]:
    found, hits = [], {c.name: 0 for c in CHECKS}
    for where, text in texts:
        for sentence in sentences(text):
            for check in CHECKS:
                if check.within and not re.search(check.within, sentence, re.I):
                    continue
                if re.search(check.pattern, sentence, re.I):
                    hits[check.name] += 1
                    if check.name == "model in use":
                        found += _model_problems(where, sentence)
                    else:
                        found += check.problems(where, sentence)
    return found, hits


@pytest.fixture(scope="module")
def scan():
    return problems_in(course_texts())


def test_every_quoted_case_fact_agrees_with_ailead_case(scan):
    found, _ = scan
    assert not found, "case facts quoted differently from ailead.case:\n" + "\n".join(found)


@pytest.mark.parametrize("check", [c.name for c in CHECKS])
def test_each_check_finds_quotes_to_compare(scan, check):
    _, hits = scan
    assert hits[check] > 0, f"the check {check!r} found no quote in the course: it would pass whatever the text says"


@pytest.mark.parametrize("planted", [
    "Refund e-mails turn out to be 30% of all tickets and the slowest to answer.",
    "Kettle & Co. answers about 25,000 customer e-mails a month.",
    "The pilot now runs for all 34 agents.",
    "For a ten-agent pilot that can work.",
    "Amara gives ReplyDraft only twenty hours a week.",
    "RD-2 has a confidence of 80 % in the backlog.",
    "In Sprint 7 the capacity is 6 person-weeks.",
    "Sprint 8 has a capacity of 5 person-weeks.",
    "Sprint 4 holds 18 story points in all.",
    "The evaluation set has only 6 German cases.",
    "The evaluation set has 100 cases in four slices.",
    "The pilot runs on Hosted medium.",
    "Kettle & Co. has three alignment gaps.",
])
def test_a_planted_wrong_quote_is_caught(planted):
    found, _ = problems_in([("planted", planted)])
    assert found, f"not caught: {planted}"
