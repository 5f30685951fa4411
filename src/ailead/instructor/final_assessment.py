"""The final assessment, author's side: the question pool with its key, and everything generated from it.

The pool (``instructors/final-assessment/pool.yml``) holds every question with its right options and a reason
for every option. It never ships to learners: it is not in the package, the workspace or the browser site.
From it this module writes two files, and a test fails when either has drifted from the pool:

- ``assets/final/questions.yml``: the questions without any key (no ``correct``, no ``why``, options in
  alphabetical order), which the learner's :mod:`ailead.final` draws from and shows;
- ``solutions/15-final-assessment/15-final-assessment.ipynb``: the exercise's source notebook. Its key is
  split by stratum into hidden tests (one test cell per stratum, one point per question drawn from it), which
  nbgrader strips from the student version; its model answer is the right letters for one learner's draw.

Run ``python -m ailead.instructor.final_assessment --write`` after editing the pool, then regenerate the
exercise (``ailead generate 15-final-assessment``).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import yaml

from ailead import final
from ailead.instructor.course import REPO

ASSIGNMENT = "15-final-assessment"
POOL = REPO / "instructors" / "final-assessment" / "pool.yml"
QUESTIONS = REPO / "assets" / "final" / "questions.yml"
SOURCE = REPO / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
SOLUTION_SEED = "Ada Lovelace"
WRITTEN_POINTS = 3
MIN_POOL = 60


class PoolError(ValueError):
    """The pool breaks one of its rules; the message names the question."""


# --------------------------------------------------------------------------- the pool

def load_pool(path: Path = POOL) -> dict:
    """The pool, checked: unique ids, known strata, enough questions, one right option for 'single', reasons."""
    pool = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    strata = {s["id"]: s for s in pool["strata"]}
    seen = set()
    for q in pool["questions"]:
        where = f"{path}: question {q.get('id')!r}"
        if q["id"] in seen:
            raise PoolError(f"{where}: the id is used twice")
        seen.add(q["id"])
        if q["stratum"] not in strata:
            raise PoolError(f"{where}: unknown stratum {q['stratum']!r}")
        if q["type"] not in ("single", "multiple"):
            raise PoolError(f"{where}: type must be single or multiple")
        right = [o for o in q["options"] if o["correct"]]
        if q["type"] == "single" and len(right) != 1:
            raise PoolError(f"{where}: a single-choice question needs exactly one right option")
        if q["type"] == "multiple" and not (2 <= len(right) < len(q["options"])):
            raise PoolError(f"{where}: a multiple-select question needs at least two right options and a wrong one")
        if not 3 <= len(q["options"]) <= len(final.LETTERS):
            raise PoolError(f"{where}: needs 3 to {len(final.LETTERS)} options")
        texts = [o["text"] for o in q["options"]]
        if len(set(texts)) != len(texts):
            raise PoolError(f"{where}: two options have the same text")
        for o in q["options"]:
            if not str(o.get("why", "")).strip():
                raise PoolError(f"{where}: the option {o['text']!r} has no reason")
        for r in q.get("revisit", []):
            if r.split(" · ")[0] not in q["lessons"]:
                raise PoolError(f"{where}: revisits lesson {r.split(' · ')[0]}, which is not in its lessons")
    for s in pool["strata"]:
        have = sum(q["stratum"] == s["id"] for q in pool["questions"])
        if have < 2 * s["draw"]:
            raise PoolError(f"{path}: stratum {s['id']!r} has {have} questions for a draw of {s['draw']}; "
                            "keep at least twice as many, so that two learners' papers differ")
    if len(pool["questions"]) < MIN_POOL:
        raise PoolError(f"{path}: {len(pool['questions'])} questions; the pool needs at least {MIN_POOL}")
    return pool


def stored_options(q: dict) -> list[dict]:
    """A question's options in the order the question file stores them: alphabetical, so order tells nothing."""
    return sorted(q["options"], key=lambda o: (o["text"].casefold(), o["text"]))


def questions_document(pool: dict) -> dict:
    """The key-free question file's contents."""
    return {
        "pass_mark": pool["pass_mark"],
        "strata": [{k: s[k] for k in ("id", "title", "lessons", "draw")} for s in pool["strata"]],
        "questions": [{"id": q["id"], "stratum": q["stratum"], "lessons": q["lessons"],
                       "revisit": q.get("revisit", []), "type": q["type"], "prompt": q["prompt"],
                       "options": [o["text"] for o in stored_options(q)]}
                      for q in sorted(pool["questions"], key=lambda q: q["id"])],
    }


def questions_text(pool: dict) -> str:
    head = ("# GENERATED from instructors/final-assessment/pool.yml by\n"
            "# `python -m ailead.instructor.final_assessment --write`; do not edit by hand.\n"
            "# The final assessment's questions WITHOUT their key: options are stored in alphabetical order and\n"
            "# nothing here says which is right. The key lives only in the hidden tests of the exercise's source.\n")
    return head + yaml.safe_dump(questions_document(pool), sort_keys=False, allow_unicode=True, width=110)


def key(pool: dict) -> dict[str, dict[str, list[int]]]:
    """By stratum, each question's right options as indices into its stored (alphabetical) options."""
    out: dict[str, dict[str, list[int]]] = {s["id"]: {} for s in pool["strata"]}
    for q in sorted(pool["questions"], key=lambda q: q["id"]):
        out[q["stratum"]][q["id"]] = [i for i, o in enumerate(stored_options(q)) if o["correct"]]
    return out


def right_letters(pool: dict, paper: final.Paper) -> dict[str, str]:
    """The right letters for every question of a learner's paper."""
    flat = {qid: idx for stratum in key(pool).values() for qid, idx in stratum.items()}
    return {q.id: "".join(final.LETTERS[q.order.index(i)] for i in sorted(flat[q.id], key=q.order.index))
            for q in paper.questions}


# --------------------------------------------------------------------------- the pass mark

def binomial_tail(n: int, at_least: int, p: float) -> float:
    """P(X >= at_least) for X ~ Binomial(n, p)."""
    return sum(math.comb(n, k) * p ** k * (1 - p) ** (n - k) for k in range(at_least, n + 1))


def pass_needs(pool: dict) -> tuple[int, int]:
    """Questions on a paper, and how many must be right to pass (the pass mark, compared in whole questions)."""
    n = sum(s["draw"] for s in pool["strata"])
    return n, math.ceil(round(pool["pass_mark"] * n, 6))


def pass_chances(pool: dict) -> dict[str, float]:
    """The chance of passing by guessing every question (four options), and for learners who know a share."""
    n, need = pass_needs(pool)
    return {"guessing": binomial_tail(n, need, 0.25), **{f"knows {p:.0%}": binomial_tail(n, need, p)
                                                         for p in (0.5, 0.6, 0.7, 0.8, 0.9)}}


# --------------------------------------------------------------------------- the source notebook

def _cell(kind: str, gid: str, source: str, *, grade: bool = False, solution: bool = False,
          points: float | None = None, locked: bool = True) -> dict:
    meta = {"grade": grade, "grade_id": gid, "locked": locked, "schema_version": 3, "solution": solution,
            "task": False}
    if points is not None:
        meta["points"] = points
    cell = {"cell_type": kind, "id": gid, "metadata": {"nbgrader": meta}, "source": source}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _one_in(p: float) -> str:
    return f"1 in {round(1 / p, -5):,.0f}" if p < 1e-5 else f"{p:.2%}"


def intro_text(pool: dict) -> str:
    n, need = pass_needs(pool)
    chances = pass_chances(pool)
    strata = "\n".join(f"| {s['title']} | {', '.join(s['lessons'])} | {s['draw']} |" for s in pool["strata"])
    return f"""# Exercise 15 · Final assessment

**Time:** about 30 minutes · **Goes with:** every lesson, 00 to 12, and the capstone ·
**Points:** {n} checked automatically, {WRITTEN_POINTS} for a written answer.

This is the course's summative check: **{n} scenario questions** drawn for you from a pool of
{len(pool['questions'])}, covering every contrast of the course, with a few scenarios that join two lessons.
You will:

1. **classify** decisions, metrics and activities by the role that owns them;
2. **compute** the numbers a leader's decision rests on (error budgets, percentiles, scores, intervals);
3. **choose** the decision a course rule gives, at its boundaries too;
4. **justify**, in a few sentences, the answer to one question you found hard.

**Your own paper.** Your name (or the learner id your instructor gave you) chooses your questions: the same
name gives the same paper on every computer, and a classmate's paper is a different one. Each part of the
course is a *stratum*; every paper takes the same number of questions from each:

| stratum | lessons | questions |
|---|---|---:|
{strata}

**How it is marked.** One point per question. A "choose all that apply" question earns its point only with
exactly the right letters. Each stratum has its own hidden test, so your feedback gives a sub-score per
contrast and names the lesson and section to revisit for every question you missed. The hidden tests also
hold the answer key, which is why there are no visible tests here: the cell after your answers only checks
that every answer has the right form.

**Pass mark: {pool['pass_mark']:.0%} ({need} of {n}).** Why this mark:

- It is the first-try target the progress dashboard sets for every lesson, so the assessment asks for the
  level the lessons aim at.
- Guessing cannot pass. A guess among four options is right one time in four (7.5 of {n} on average); the
  chance of {need} or more right out of {n} by guessing is the binomial tail, about
  **{_one_in(chances['guessing'])}** ("choose all that apply" questions are harder still to guess).
- It separates knowing from half-knowing without asking for perfection. Treating each question as a fair
  coin weighted by what you know, a learner who gets 80 % of such questions right passes
  {chances['knows 80%']:.0%} of the time, one at 70 % about {chances['knows 70%']:.0%}, and one at 60 %
  only {chances['knows 60%']:.0%}. Up to {n - need} slips are allowed.
- It is a mark for a self-check and a completion record, not a professional certification.

**Self-paced?** `ailead check` marks your paper with the hidden tests and records the score for your
completion record (`ailead progress --certificate "Your Name"`). The key is in the course's source files,
so a self-paced score is on your honour; the record says so. **In a cohort**, the released notebook holds no
key, and your instructor's grade is the one that counts.
"""


def _strata_cells(pool: dict) -> list[dict]:
    cells = []
    full = key(pool)
    for s in pool["strata"]:
        lines = [f"# Hidden test [decision]: your {s['draw']} questions on {s['title'][0].lower()}"
                 f"{s['title'][1:].split(':')[0]}, one point each ({s['draw']} points).",
                 "### BEGIN HIDDEN TESTS",
                 "from ailead import final as _final",
                 "",
                 "_key = {"]
        lines += [f"    {json.dumps(qid)}: {json.dumps(idx)}," for qid, idx in full[s["id"]].items()]
        lines += ["}", f"_final.mark(MY_NAME, answers, {json.dumps(s['id'])}, _key)", "### END HIDDEN TESTS"]
        cells.append(_cell("code", s["id"], "\n".join(lines), grade=True, points=s["draw"]))
    return cells


REFLECTION_INTRO = """## Part 3 · One question, explained ({points} points, graded by a person)

Choose **one question from your paper** that you found hard (or, after `ailead check` or your feedback, one
you got wrong). In **3 to 5 sentences**:

1. give its number and id, the contrast it tests, and which role owns the decision in it;
2. say which option you now think is right and why, in your own words, using the course's rule or number;
3. name the most tempting wrong option and what it gets wrong.
"""

REFLECTION_MODEL = """**Model answer.** Question {number} ({qid}) tests focus: the four product risks, and who owns the
evidence on each. At St Brennan's, value and feasibility already rest on strong evidence, while viability (may
patient records go to that model provider?) and usability are still open. The right option is to test
viability first, with an hour with legal on the provider's contract and the rules for patient data: the
product manager owns the evidence on viability, a no would stop the idea outright, and the answer is cheap and
strong. The most tempting wrong option is the prototype test with five doctors: usability still needs testing,
but if the data may not go to that provider, the screen would be designed for a product that cannot ship.

**Rubric ({points} points).**

- **1 point: the question, its contrast and the owner.** Names a question of the learner's own paper, the
  contrast (or lesson) it tests, and the role that owns its decision or evidence as the course assigns it.
  - *Earns it:* "Question {number} is about the four product risks (lesson 02); the product manager owns the
    evidence on viability, with legal's help."
  - *Does not:* "A question about a hospital; the doctors decide because it is their letters."
- **1 point: why the right option is right.** Gives the reason with the course's rule, number or definition,
  in the learner's own words, not by copying the option.
  - *Earns it:* "Test first the open risk that could stop the idea and is cheap to settle: a no from legal
    makes every other test pointless."
  - *Does not:* "Viability, because that is what the lesson says."
- **1 point: the tempting wrong option.** Names a specific wrong option and says what it gets wrong.
  - *Earns it:* "Usability was tempting because no doctor has tried the screen, but designing it is wasted
    work if the records may not go to that provider."
  - *Does not:* "The other options were wrong."
"""


def closing_text() -> str:
    """The course's closing cell for this exercise (the template of tests/test_exercise_conventions.py)."""
    return (
        "## When you are done\n\n"
        "- Run every cell from the top (**Run → Run All Cells**) and check that each visible test prints its\n"
        "  message.\n"
        "- **Check every test, hidden ones included.** Save the notebook (**Ctrl+S**), then run\n"
        f"  `!ailead check {ASSIGNMENT}.ipynb` in a new cell (or `ailead check` with the notebook's path in a\n"
        "  terminal). It grades a copy exactly as your instructor would, names the first error in your own\n"
        "  code, and never changes your file.\n"
        "- **Written answer.** On your own, compare it with the model answer and rubric in\n"
        f"  `my-work/solutions/{ASSIGNMENT}/`. In a cohort, your instructor grades it with the same rubric.\n"
        "- In a cohort: save the notebook and submit it the way your instructor asked.\n\n"
        "Next: your completion record. In a terminal, run `ailead progress --certificate \"Your Name\"`: it writes "
        "a one-page PDF of the lessons you completed and your exercise and final-assessment scores."
    )


def model_question(pool: dict) -> final.Question:
    """The question of the solution's paper that the model written answer discusses."""
    return final.draw(SOLUTION_SEED, questions_document(pool)).question("focus-hospital-test-first")


def notebook(pool: dict) -> dict:
    """The source notebook of the final assessment, as JSON."""
    bank = questions_document(pool)
    paper = final.draw(SOLUTION_SEED, bank)
    letters = right_letters(pool, paper)
    n, _ = pass_needs(pool)
    answer_lines = ["answers = {"] + [f"    {json.dumps(q.id)}: {json.dumps(letters[q.id])},"
                                      for q in paper.questions] + ["}"]
    mq = model_question(pool)
    cells = [
        _cell("markdown", "intro", intro_text(pool)),
        _cell("code", "setup", "from ailead import final"),
        _cell("markdown", "part1-intro", """## Part 1 · Your name chooses your questions

Replace `# YOUR CODE HERE` and `raise NotImplementedError()` below with one line: your name, or the learner id
your instructor gave you, in quotes, for example `MY_NAME = "Ada Lovelace"`. Then run the cell after it: it
prints your paper, and at its end an empty answer sheet to copy into Part 2. Keep the same name to the end:
a different name draws a different paper, and your answers are marked against the paper of the name you hand in."""),
        _cell("code", "my-name", f"### BEGIN SOLUTION\nMY_NAME = {json.dumps(SOLUTION_SEED)}\n### END SOLUTION",
              solution=True, locked=False),
        _cell("code", "paper", "paper = final.show(MY_NAME)"),
        _cell("markdown", "part2-intro", f"""## Part 2 · Your answers ({n} points)

Paste the answer sheet printed above into the cell below, replacing `# YOUR CODE HERE` and
`raise NotImplementedError()`, and write your letters between the quotes: `"b"` for "choose one", every right
letter for "choose all that apply", such as `"a c e"`. Case, spaces and commas do not matter. The answer must
stay a plain dictionary named `answers`, from question id to letters.

Then run the cell after it. It tells you whether every question has an answer of the right form; it does not
say which are right."""),
        _cell("code", "answers", "### BEGIN SOLUTION\n" + "\n".join(answer_lines) + "\n### END SOLUTION",
              solution=True, locked=False),
        _cell("code", "answers-check", "problems = final.check(MY_NAME, answers)"),
        _cell("markdown", "marking-intro", """## How your answers are marked

The cells below hold the hidden tests: one per stratum, one point per question drawn from it. They are empty
in your copy; `ailead check` (self-paced) or your instructor's grader (cohort) runs them, and each prints your
sub-score for its contrast and, for every question you missed, the lesson and section to revisit."""),
        *_strata_cells(pool),
        _cell("markdown", "part3-intro", REFLECTION_INTRO.format(points=WRITTEN_POINTS)),
        _cell("markdown", "reflection", REFLECTION_MODEL.format(number=mq.number, qid=mq.id, points=WRITTEN_POINTS),
              grade=True, solution=True, points=WRITTEN_POINTS, locked=False),
        _cell("markdown", "outro", closing_text()),
    ]
    return {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                        "name": "python3"}, "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def _split_source(nb: dict) -> dict:
    """The notebook with each cell's source as a list of lines, as Jupyter saves it."""
    out = json.loads(json.dumps(nb))
    for cell in out["cells"]:
        cell["source"] = cell["source"].splitlines(keepends=True)
    return out


def notebook_text(pool: dict, stated_minutes: int | None = None) -> str:
    nb = notebook(pool)
    if stated_minutes is not None:
        nb["cells"][0]["source"] = nb["cells"][0]["source"].replace(
            "**Time:** about 30 minutes", f"**Time:** about {stated_minutes} minutes", 1)
    return json.dumps(_split_source(nb), indent=1, ensure_ascii=False) + "\n"


def _stated_header(path: Path) -> str | None:
    """The time line the committed source states (kept: `ailead.instructor.timing --write` owns it)."""
    if not path.exists():
        return None
    first = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
    line = next((ln for ln in first.splitlines() if ln.startswith("**Time:**")), None)
    return line.split(" · ")[0] if line else None


def generated(pool: dict | None = None) -> dict[Path, str]:
    """Every generated file and its contents (the source notebook keeps its committed time line)."""
    pool = pool or load_pool()
    text = notebook_text(pool)
    stated = _stated_header(SOURCE)
    if stated:
        text = text.replace("**Time:** about 30 minutes", stated, 1)
    return {QUESTIONS: questions_text(pool), SOURCE: text}


def drifted() -> list[Path]:
    """The generated files that differ from what the pool generates now."""
    return [p for p, text in generated().items() if not p.exists() or p.read_text(encoding="utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ailead.instructor.final_assessment",
                                     description="Check the final assessment's pool; write its question file "
                                                 "and source notebook (--write).")
    parser.add_argument("--write", action="store_true", help="write the generated files")
    args = parser.parse_args(argv)
    pool = load_pool()
    n, need = pass_needs(pool)
    print(f"{len(pool['questions'])} questions in {len(pool['strata'])} strata; a paper has {n}, "
          f"{need} right to pass.")
    for name, p in pass_chances(pool).items():
        print(f"  chance of passing, {name}: {p:.3g}")
    if args.write:
        for path, text in generated(pool).items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(REPO)}")
        print(f"Now regenerate the exercise: ailead generate {ASSIGNMENT}")
        return 0
    stale = drifted()
    for path in stale:
        print(f"{path.relative_to(REPO)} is out of date: run with --write")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
