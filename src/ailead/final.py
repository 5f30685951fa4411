"""The final assessment, learner's side: your own seeded draw of questions, shown as plain text, and marking.

The questions live in ``assets/final/questions.yml``, generated from the instructors' pool by
``python -m ailead.instructor.final_assessment --write``. That file holds no answer key: no option is
marked right, no reason is given, and each question's options are stored in alphabetical order, so their
order says nothing either. The key lives only in the hidden tests of the exercise's source notebook.

**The draw.** ``draw("Ada Lovelace")`` takes a fixed number of questions from every stratum (one stratum per
contrast of the course, plus mixed scenarios) and shuffles each question's options. It uses
``random.Random(seed)`` over the sorted question ids; a string seed is hashed with SHA-512 by Python itself,
so the same seed gives the same paper on every machine and in the browser. The seed is your name or
learner id with case and extra spaces ignored ("ada  LOVELACE" draws the same paper as "Ada Lovelace").

**Answers** are a plain dictionary from question id to the letters you choose: ``{"roles-split-signal": "d",
"goals-slo-statements": "a c e"}``. Case, spaces and commas do not matter. A "choose one" question takes
one letter; a "choose all that apply" question earns its point only when exactly the right letters are given.
"""

from __future__ import annotations

import random
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ailead.quizbank import assets_dir

__all__ = ["LETTERS", "Question", "Paper", "questions_path", "load", "normalise_seed", "draw", "show",
           "read_letters", "answer_problems", "check", "mark", "revisit_line"]

LETTERS = "abcdefgh"
WIDTH = 100


def questions_path() -> Path:
    """The key-free question file that ships with the course."""
    return assets_dir() / "final" / "questions.yml"


@lru_cache(maxsize=4)
def _load(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load(path: Path | None = None) -> dict:
    """The question file as a dictionary: pass_mark, strata and questions (without any key)."""
    return _load(str(path or questions_path()))


@dataclass(frozen=True)
class Question:
    """One question as a learner sees it, with the options in this learner's order."""

    number: int
    id: str
    stratum: str
    type: str  # "single" or "multiple"
    prompt: str
    options: tuple[str, ...]  # in the order shown, labelled a, b, c, ...
    order: tuple[int, ...]  # order[i] is the stored (alphabetical) index of the option shown as LETTERS[i]
    lessons: tuple[str, ...]
    revisit: tuple[str, ...]

    def stored_index(self, letter: str) -> int:
        """The stored index of the option this learner sees under `letter`."""
        return self.order[LETTERS.index(letter)]


@dataclass(frozen=True)
class Paper:
    """A learner's draw: the seed it came from and the questions in order, stratum by stratum."""

    seed: str
    questions: tuple[Question, ...]
    strata: tuple[dict, ...]
    pass_mark: float

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def ids(self) -> list[str]:
        return [q.id for q in self.questions]

    def in_stratum(self, stratum: str) -> list[Question]:
        return [q for q in self.questions if q.stratum == stratum]

    def __str__(self) -> str:
        return render(self)


def normalise_seed(seed: object) -> str:
    """The seed as the draw uses it: case and extra spaces ignored. Raises ValueError if it is empty."""
    text = " ".join(str(seed if seed is not None else "").split()).casefold()
    if not text:
        raise ValueError("Write your name or learner id between the quotes, e.g. MY_NAME = \"Ada Lovelace\": "
                         "it chooses your questions.")
    return text


def draw(seed: object, bank: dict | None = None) -> Paper:
    """The paper for this seed: `draw` questions from each stratum, each question's options shuffled."""
    bank = bank or load()
    rng = random.Random(normalise_seed(seed))
    by_stratum: dict[str, list[dict]] = {}
    for q in bank["questions"]:
        by_stratum.setdefault(q["stratum"], []).append(q)
    chosen: list[tuple[dict, tuple[int, ...]]] = []
    for stratum in bank["strata"]:
        pool = sorted(by_stratum.get(stratum["id"], []), key=lambda q: q["id"])
        for q in rng.sample(pool, stratum["draw"]):
            order = list(range(len(q["options"])))
            rng.shuffle(order)
            chosen.append((q, tuple(order)))
    questions = tuple(
        Question(number=n, id=q["id"], stratum=q["stratum"], type=q["type"], prompt=q["prompt"],
                 options=tuple(q["options"][i] for i in order), order=order, lessons=tuple(q["lessons"]),
                 revisit=tuple(q.get("revisit", ())))
        for n, (q, order) in enumerate(chosen, start=1))
    return Paper(seed=normalise_seed(seed), questions=questions, strata=tuple(bank["strata"]),
                 pass_mark=float(bank["pass_mark"]))


# --------------------------------------------------------------------------- showing the paper

def _wrap(text: str, indent: str = "") -> list[str]:
    """Prose wrapped to the page; ``` blocks (tables) kept exactly as written."""
    lines: list[str] = []
    for i, part in enumerate(text.split("```")):
        if i % 2:  # a fenced block: keep its lines
            lines += [indent + "    " + line for line in part.strip("\n").splitlines()]
        else:
            for para in part.strip().split("\n\n"):
                if para.strip():
                    lines += textwrap.wrap(" ".join(para.split()), WIDTH, initial_indent=indent,
                                           subsequent_indent=indent)
    return lines


def render(paper: Paper) -> str:
    """The whole paper as plain text, then an answer sheet to copy into the answers cell."""
    out = [f"Final assessment for {paper.seed!r}: {len(paper.questions)} questions, "
           f"pass mark {paper.pass_mark:.0%}.",
           "Answer with letters: one letter for 'Choose one', every right letter for 'Choose all that apply'.", ""]
    for stratum in paper.strata:
        qs = paper.in_stratum(stratum["id"])
        out += ["=" * WIDTH, f"{stratum['title']} ({len(qs)} questions)", "=" * WIDTH, ""]
        for q in qs:
            how = "Choose one." if q.type == "single" else "Choose all that apply."
            out.append(f"{q.number}. [{q.id}] {how}")
            out += _wrap(q.prompt)
            for letter, option in zip(LETTERS, q.options):
                wrapped = textwrap.wrap(" ".join(option.split()), WIDTH - 6) or [""]
                out.append(f"  {letter})  {wrapped[0]}")
                out += ["      " + line for line in wrapped[1:]]
            out.append("")
    out += ["Copy this into the answers cell and fill in your letters:", "", answer_sheet(paper)]
    return "\n".join(out)


def answer_sheet(paper: Paper) -> str:
    """An empty answers dictionary for the paper, as Python code."""
    lines = ["answers = {"]
    for q in paper.questions:
        lines.append(f'    "{q.id}": "",  # question {q.number}')
    lines.append("}")
    return "\n".join(lines)


def show(seed: object) -> Paper:
    """Print the paper for this seed and return it."""
    paper = draw(seed)
    print(render(paper))
    return paper


# --------------------------------------------------------------------------- reading and marking answers

def read_letters(text: object) -> set[str]:
    """The letters of an answer: "B, d" gives {"b", "d"}. Raises ValueError for anything that is not letters."""
    if not isinstance(text, str):
        raise ValueError(f"write the letters as text in quotes, e.g. \"b\"; got {text!r}")
    letters = set()
    for ch in text.lower():
        if ch in " ,;/+&":
            continue
        if ch not in LETTERS:
            raise ValueError(f"{ch!r} is not an option letter")
        letters.add(ch)
    return letters


def answer_problems(paper: Paper, answers: object) -> list[str]:
    """What is wrong with the form of the answers (not whether they are right), one sentence each."""
    if not isinstance(answers, dict):
        return [f"answers must be a dictionary {{question id: letters}}; it is a {type(answers).__name__}"]
    problems = []
    for key in answers:
        if key not in paper.ids():
            problems.append(f"{key!r} is not one of your questions (check the id, and that MY_NAME is the "
                            "name you drew with); it is ignored")
    for q in paper.questions:
        given = answers.get(q.id)
        if given is None or (isinstance(given, str) and not given.strip()):
            problems.append(f"question {q.number} ({q.id}) has no answer yet")
            continue
        try:
            letters = read_letters(given)
        except ValueError as exc:
            problems.append(f"question {q.number} ({q.id}): {exc}")
            continue
        allowed = set(LETTERS[:len(q.options)])
        if letters - allowed:
            problems.append(f"question {q.number} ({q.id}) has options {', '.join(sorted(allowed))} only; "
                            f"you wrote {', '.join(sorted(letters - allowed))}")
        elif q.type == "single" and len(letters) != 1:
            problems.append(f"question {q.number} ({q.id}) takes exactly one letter; you wrote {len(letters)}")
    return problems


def check(seed: object, answers: object) -> list[str]:
    """Print whether every question of the paper has an answer of the right form; return the problems.

    It says nothing about which answers are right: that is what the hidden tests mark.
    """
    paper = draw(seed)
    problems = answer_problems(paper, answers)
    if problems:
        print(f"{len(problems)} thing(s) to fix before you hand in:")
        for p in problems:
            print("  - " + p)
    else:
        print(f"All {len(paper.questions)} questions have an answer of the right form. "
              "Which ones are right is marked by the hidden tests (run `ailead check`, or hand in).")
    return problems


def revisit_line(q: Question) -> str:
    """Where the course teaches a question's idea: "lesson 03, 'SLIs, SLOs and error budgets'"."""
    places = [f"lesson {r.split(' · ', 1)[0]}, '{r.split(' · ', 1)[1]}'" for r in q.revisit]
    return "; ".join(places) or ", ".join(f"lesson {n}" for n in q.lessons)


def mark(seed: object, answers: object, stratum: str, key: dict[str, list[int]]) -> float:
    """Points earned in one stratum of the paper (one per question right); prints a sub-score and what to revisit.

    `key` maps each question id of the stratum to the stored indices of its right options. The learner's
    letters are turned into stored indices through the paper's own shuffle, then compared as sets.
    """
    paper = draw(seed)
    if not isinstance(answers, dict):
        answers = {}
    qs = paper.in_stratum(stratum)
    title = next(s["title"] for s in paper.strata if s["id"] == stratum)
    wrong = []
    for q in qs:
        try:
            chosen = {q.stored_index(letter) for letter in read_letters(answers.get(q.id, ""))
                      if LETTERS.index(letter) < len(q.options)}
        except ValueError:
            chosen = set()
        if chosen != set(key[q.id]):
            wrong.append(q)
    right = len(qs) - len(wrong)
    print(f"{title}: {right} of {len(qs)} right.")
    for q in wrong:
        print(f"  Question {q.number} ({q.id}): revisit {revisit_line(q)}.")
    return float(right)
