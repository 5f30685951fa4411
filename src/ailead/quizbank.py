"""Quiz banks: the YAML files in assets/quizzes/, their schema, and how an answer is judged.

One bank per lesson, named after it (``assets/quizzes/01-two-roles-one-product.yml``)::

    lesson: 01-two-roles-one-product
    questions:
      - id: who-owns-latency            # unique in the bank; letters, digits and dashes
        type: single                    # single | multiple | buckets | branching
        prompt: A scenario, then the question.
        options:                        # single and multiple
          - {text: ..., correct: true, why: one line on why it is right}
          - {text: ..., correct: false, why: one line on what it gets wrong}
      - id: sort-the-work
        type: buckets
        prompt: ...
        buckets: [Product leadership, Engineering leadership]
        items:
          - {text: ..., bucket: Product leadership, why: ...}
      - id: pilot-or-launch
        type: branching                 # a choice shows its consequence and may lead on
        prompt: The opening situation.
        steps:                          # the first step is where the scenario starts
          - id: start
            prompt: What do you do?
            options:
              - {text: ..., correct: true, why: the consequence, next: follow-up}
              - {text: ..., correct: false, why: the consequence}
          - id: follow-up
            ...

Prompts are plain text with two kinds of markup: ```fenced``` blocks keep their layout as code (use
one for a small table) and `backticks` mark inline code. Other Markdown (bold, tables, links) shows
as typed.

Every mistake in a bank raises :class:`QuizBankError` naming the file, the question and the field.
The judging functions are pure so they can be tested without widgets.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

QUESTION_TYPES = ("single", "multiple", "buckets", "branching")
# libyaml's loader when PyYAML was built with it (several times faster); the same safe subset.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class QuizBankError(ValueError):
    """A quiz bank breaks the schema; the message says where and what to fix."""


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    why: str
    next: str | None = None


@dataclass(frozen=True)
class Item:
    text: str
    bucket: str
    why: str


@dataclass(frozen=True)
class Step:
    id: str
    prompt: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    prompt: str
    options: tuple[Option, ...] = ()
    buckets: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    steps: tuple[Step, ...] = ()

    def step(self, step_id: str) -> Step:
        """The branching step with this id."""
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)


@dataclass(frozen=True)
class Bank:
    lesson: str
    path: Path
    questions: tuple[Question, ...] = field(default_factory=tuple)

    def question(self, question_id: str) -> Question:
        """The question with this id, or a KeyError that lists the ids the bank has."""
        for q in self.questions:
            if q.id == question_id:
                return q
        known = ", ".join(q.id for q in self.questions)
        raise KeyError(f"{self.path.name} has no question {question_id!r}; it has: {known}")


# --------------------------------------------------------------------------- where banks live

def assets_dir() -> Path:
    """The course's assets folder: $AILEAD_ASSETS if set; else assets/ at the top of the repository (a
    checkout of the course); else the copy installed inside the package (``pip install`` of the runtime)."""
    env = os.environ.get("AILEAD_ASSETS")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    checkout = here.parents[1] / "assets"
    return checkout if (checkout / "quizzes").is_dir() else here / "assets"


def bank_path(lesson: str) -> Path:
    """The YAML file that holds a lesson's quiz bank."""
    return assets_dir() / "quizzes" / f"{lesson}.yml"


_loaded: dict[Path, tuple[tuple[int, int], Bank]] = {}


def load_lesson(lesson: str) -> Bank:
    """Load and validate the quiz bank of a lesson, by the lesson's name (e.g. "00-start-here").

    A lesson shows its quizzes in several cells; the bank is read once and read again only when the
    file changes (an author editing it while the lesson runs sees the edit).
    """
    path = bank_path(lesson)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise QuizBankError(f"{path}: no quiz bank for lesson {lesson!r} (expected this file to exist)") from None
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _loaded.get(path)
    if cached is None or cached[0] != stamp:
        _loaded[path] = (stamp, load_bank(path))
    return _loaded[path][1]


def all_banks() -> list[Bank]:
    """Every quiz bank in assets/quizzes/, validated, in lesson order."""
    return [load_bank(p) for p in sorted((assets_dir() / "quizzes").glob("*.yml"))]


# --------------------------------------------------------------------------- validation

class _Where:
    """Builds error messages that name the file, the item (a question here; the glossary's entries reuse it)
    and the field."""

    kind = "question"
    exception: type[ValueError] = QuizBankError

    def __init__(self, path: Path, question: str | None = None):
        self.path = path
        self.question = question

    def error(self, field_name: str | None, problem: str) -> ValueError:
        parts = [str(self.path)]
        if self.question is not None:
            parts.append(f"{self.kind} {self.question!r}")
        if field_name is not None:
            parts.append(f"field {field_name!r}")
        return self.exception(", ".join(parts) + ": " + problem)


def _text(where: _Where, data: dict, key: str, prefix: str = "") -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        hint = "; every option needs a one-line explanation" if key == "why" else ""
        raise where.error(f"{prefix}{key}", f"is missing or empty; it must be text{hint}")
    return value.strip()


def _only_keys(where: _Where, data: dict, allowed: set[str], context: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise where.error(
            unknown[0], f"is not a field of {context}; allowed fields are {', '.join(sorted(allowed))}"
        )


def _options(where: _Where, raw: object, field_name: str, branching: bool = False) -> tuple[Option, ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        raise where.error(field_name, "must be a list of at least two options")
    allowed = {"text", "correct", "why"} | ({"next"} if branching else set())
    options = []
    for n, opt in enumerate(raw, start=1):
        name = f"{field_name}[{n}]"
        if not isinstance(opt, dict):
            raise where.error(name, "must be a mapping with text, correct and why")
        _only_keys(where, opt, allowed, "an option")
        if not isinstance(opt.get("correct"), bool):
            raise where.error(f"{name}.correct", "is missing; write `correct: true` or `correct: false`")
        nxt = opt.get("next")
        if nxt is not None and not isinstance(nxt, str):
            raise where.error(f"{name}.next", "must be the id of another step")
        options.append(Option(text=_text(where, opt, "text", f"{name}."), correct=opt["correct"],
                              why=_text(where, opt, "why", f"{name}."), next=nxt))
    texts = [o.text for o in options]
    if len(set(texts)) != len(texts):
        raise where.error(field_name, "has two options with the same text")
    return tuple(options)


def _question(where: _Where, raw: dict) -> Question:
    qtype = raw.get("type")
    if qtype not in QUESTION_TYPES:
        raise where.error("type", f"is {qtype!r}; it must be one of {', '.join(QUESTION_TYPES)}")
    prompt = _text(where, raw, "prompt")
    common = {"id", "type", "prompt"}

    if qtype in ("single", "multiple"):
        _only_keys(where, raw, common | {"options"}, f"a {qtype} question")
        options = _options(where, raw.get("options"), "options")
        n_correct = sum(o.correct for o in options)
        if n_correct == 0:
            raise where.error("options", "no option is marked correct; mark the best answer `correct: true`")
        if qtype == "single" and n_correct > 1:
            raise where.error("options", f"{n_correct} options are marked correct; a single-choice "
                                         "question has exactly one (use type: multiple for more)")
        return Question(id=where.question, type=qtype, prompt=prompt, options=options)

    if qtype == "buckets":
        _only_keys(where, raw, common | {"buckets", "items"}, "a buckets question")
        buckets = raw.get("buckets")
        if (not isinstance(buckets, list) or len(buckets) < 2
                or not all(isinstance(b, str) and b.strip() for b in buckets)):
            raise where.error("buckets", "must be a list of at least two bucket names")
        if len(set(buckets)) != len(buckets):
            raise where.error("buckets", "has the same bucket twice")
        raw_items = raw.get("items")
        if not isinstance(raw_items, list) or len(raw_items) < 2:
            raise where.error("items", "must be a list of at least two items to sort")
        items = []
        for n, it in enumerate(raw_items, start=1):
            name = f"items[{n}]"
            if not isinstance(it, dict):
                raise where.error(name, "must be a mapping with text, bucket and why")
            _only_keys(where, it, {"text", "bucket", "why"}, "an item")
            if it.get("bucket") not in buckets:
                raise where.error(f"{name}.bucket", f"is {it.get('bucket')!r}, which is not one of the "
                                                    f"buckets ({', '.join(buckets)})")
            items.append(Item(text=_text(where, it, "text", f"{name}."), bucket=it["bucket"],
                              why=_text(where, it, "why", f"{name}.")))
        texts = [i.text for i in items]
        if len(set(texts)) != len(texts):
            raise where.error("items", "has two items with the same text")
        return Question(id=where.question, type=qtype, prompt=prompt, buckets=tuple(buckets),
                        items=tuple(items))

    # branching
    _only_keys(where, raw, common | {"steps"}, "a branching question")
    raw_steps = raw.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise where.error("steps", "must be a list of at least one step")
    steps = []
    for n, st in enumerate(raw_steps, start=1):
        name = f"steps[{n}]"
        if not isinstance(st, dict):
            raise where.error(name, "must be a mapping with id, prompt and options")
        _only_keys(where, st, {"id", "prompt", "options"}, "a step")
        sid = st.get("id")
        if not isinstance(sid, str) or not _ID.match(sid):
            raise where.error(f"{name}.id", "must be a short id of lower-case letters, digits and dashes")
        options = _options(where, st.get("options"), f"{name}.options", branching=True)
        if sum(o.correct for o in options) != 1:
            raise where.error(f"{name}.options", "must mark exactly one option `correct: true`")
        steps.append(Step(id=sid, prompt=_text(where, st, "prompt", f"{name}."), options=options))
    ids = [s.id for s in steps]
    if len(set(ids)) != len(ids):
        raise where.error("steps", "has two steps with the same id")
    for n, s in enumerate(steps, start=1):
        for m, o in enumerate(s.options, start=1):
            if o.next is not None and o.next not in ids:
                raise where.error(f"steps[{n}].options[{m}].next",
                                  f"is {o.next!r}, which is not a step id ({', '.join(ids)})")
    _check_branching_graph(where, steps)
    return Question(id=where.question, type=qtype, prompt=prompt, steps=tuple(steps))


def _check_branching_graph(where: _Where, steps: list[Step]) -> None:
    """No step may lead back to itself (the scenario must end), and every step must be reachable."""
    by_id = {s.id: s for s in steps}
    state: dict[str, str] = {}

    def visit(sid: str, trail: list[str]) -> None:
        if state.get(sid) == "active":
            raise where.error("steps", "loop: " + " -> ".join(trail + [sid]) + "; a scenario must end")
        if state.get(sid) == "done":
            return
        state[sid] = "active"
        for o in by_id[sid].options:
            if o.next:
                visit(o.next, trail + [sid])
        state[sid] = "done"

    visit(steps[0].id, [])
    unreachable = [s.id for s in steps if s.id not in state]
    if unreachable:
        raise where.error("steps", f"step {unreachable[0]!r} cannot be reached from the first step")


def load_bank(path: str | os.PathLike) -> Bank:
    """Read and validate one quiz bank file."""
    path = Path(path)
    where = _Where(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise QuizBankError(f"{path}: is not valid YAML{at}: {problem}") from exc
    if not isinstance(data, dict):
        raise where.error(None, "must be a mapping with `lesson` and `questions`")
    _only_keys(where, data, {"lesson", "questions"}, "a quiz bank")
    lesson = data.get("lesson")
    if lesson != path.stem:
        raise where.error("lesson", f"is {lesson!r}; it must match the file name, {path.stem!r}")
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise where.error("questions", "must be a non-empty list of questions")
    questions: list[Question] = []
    seen: set[str] = set()
    for n, raw in enumerate(raw_questions, start=1):
        if not isinstance(raw, dict):
            raise where.error(f"questions[{n}]", "must be a mapping with id, type and prompt")
        qid = raw.get("id")
        if not isinstance(qid, str) or not _ID.match(qid):
            raise where.error(f"questions[{n}].id",
                              f"is {qid!r}; it must be a short id of lower-case letters, digits and dashes")
        if qid in seen:
            raise _Where(path, qid).error("id", "is used by an earlier question; ids must be unique in a bank")
        seen.add(qid)
        questions.append(_question(_Where(path, qid), raw))
    return Bank(lesson=lesson, path=path, questions=tuple(questions))


# --------------------------------------------------------------------------- judging answers

@dataclass(frozen=True)
class Verdict:
    """The result of checking one answer: whether it is right, and a line of feedback per part."""

    correct: bool
    lines: tuple[tuple[bool, str, str], ...]  # (this part is right, the part's text, why)
    summary: str


def judge_single(q: Question, chosen: int | None) -> Verdict:
    """Judge a single-choice answer given as the index of the chosen option."""
    if chosen is None:
        return Verdict(False, (), "Choose an option first.")
    opt = q.options[chosen]
    if opt.correct:
        return Verdict(True, tuple((o.correct, o.text, o.why) for o in q.options), "Right.")
    return Verdict(False, ((False, opt.text, opt.why),), "Not the best answer. Read why, then try again.")


def judge_multiple(q: Question, chosen: set[int]) -> Verdict:
    """Judge a multiple-select answer given as the set of chosen option indexes."""
    if not chosen:
        return Verdict(False, (), "Select at least one option first.")
    right = {i for i, o in enumerate(q.options) if o.correct}
    if chosen == right:
        return Verdict(True, tuple((o.correct, o.text, o.why) for o in q.options), "Right: all of them.")
    wrong_picks = sorted(chosen - right)
    missed = len(right - chosen)
    lines = tuple((False, q.options[i].text, q.options[i].why) for i in wrong_picks)
    parts = []
    if wrong_picks:
        parts.append(f"{len(wrong_picks)} of your choices should not be selected")
    if missed:
        parts.append(f"{missed} right option{'s are' if missed > 1 else ' is'} still unselected")
    return Verdict(False, lines, "Not yet: " + " and ".join(parts) + ". Try again.")


def judge_buckets(q: Question, placed: dict[int, str | None]) -> Verdict:
    """Judge a sorting answer given as {item index: chosen bucket}."""
    missing = [i for i in range(len(q.items)) if not placed.get(i)]
    if missing:
        return Verdict(False, (), f"Put every item in a bucket first ({len(missing)} left).")
    wrong = [i for i, it in enumerate(q.items) if placed[i] != it.bucket]
    if not wrong:
        return Verdict(True, tuple((True, f"{it.text} → {it.bucket}", it.why) for it in q.items),
                       f"Right: all {len(q.items)} sorted.")
    lines = tuple((False, q.items[i].text, q.items[i].why) for i in wrong)
    return Verdict(False, lines, f"{len(q.items) - len(wrong)} of {len(q.items)} in the right bucket. "
                                 "Read the hints for the others, move them, and check again.")
