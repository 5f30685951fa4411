"""How long a lesson or an exercise takes, estimated from its content by one stated method.

The method (the README states it too; every time the course shows a learner comes from here):

- **Reading**: words of prose at 200 words per minute. Brysbaert (2019, "How many words do we read per
  minute?", *Journal of Memory and Language* 109, 104047) found 238 words per minute on average for
  adults reading English non-fiction silently, most adults between 175 and 300; lessons are read to
  learn, often in a second language, so the course uses a slower rate. A figure's alt text is not
  counted (the reader looks at the figure instead), nor is code.
- **Figures**: 1 minute each, to look at and read against the text.
- **Code cells**: half a minute each, to run and read the output.
- **Quizzes**: every word of the prompt, the options and their explanations at the reading rate (the
  feedback shows the explanations), plus half a minute per decision: one per single or multiple
  choice question, one per step of a branching scenario, one per four items to sort.
- **Exercises**: the instructions at the reading rate; 5 minutes per code answer (write it, run its
  test, fix it); the written answers at 10 words per minute (drafting, not typing), their length taken
  from the instructions ("4 to 6 sentences" counts 20 words a sentence, the upper bound).
- **A simulator game** (lesson 13): for each sprint, half a minute per decision (the fields of
  ``ailead.sim.DECISION_FIELDS``, the four capacity numbers counted as one split) and 1 minute to read the
  sprint's results, as for a figure.
- **The final assessment's paper** (exercise 15): its drawn questions read and answered as quiz questions
  are (words at the reading rate plus half a minute a decision), averaged over each stratum of the pool.

Totals are rounded to the nearest 5 minutes. ``python -m ailead.instructor.timing`` prints every
estimate; ``python -m ailead.instructor.timing --write`` puts them into the notebooks' headers and the
README's course map.
"""

from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

READING_WPM = 200
WRITING_WPM = 10
WORDS_PER_SENTENCE = 20
FIGURE_MIN = 1.0
CODE_CELL_MIN = 0.5
DECISION_MIN = 0.5
ITEMS_PER_DECISION = 4
CODE_ANSWER_MIN = 5.0
DEFAULT_WRITTEN_WORDS = 120

from ailead.instructor.course import REPO  # noqa: E402

_WORD = re.compile(r"[A-Za-z0-9€$£%][\w'’%.,€$£-]*")
_ALT = re.compile(r"^\*\*Figure \(alt text\):\*\*.*$", re.M)
_FENCE = re.compile(r"```.*?```", re.S)
_STATED = re.compile(r"\*\*(?:Estimated time|Time):\*\* about (\d+) minutes")


@dataclass(frozen=True)
class Estimate:
    """Minutes by kind of work; ``total`` is rounded to the nearest 5 minutes."""

    reading: float = 0.0
    quizzes: float = 0.0
    code: float = 0.0
    figures: float = 0.0
    writing: float = 0.0
    play: float = 0.0

    @property
    def exact(self) -> float:
        return self.reading + self.quizzes + self.code + self.figures + self.writing + self.play

    @property
    def total(self) -> int:
        return max(5, int(5 * math.floor(self.exact / 5 + 0.5)))

    def breakdown(self) -> str:
        """The parts in words, e.g. "reading 17, quizzes 21, code and figures 8"."""
        parts = [("reading", self.reading), ("quizzes", self.quizzes),
                 ("code and figures", self.code + self.figures), ("writing", self.writing),
                 ("playing", self.play)]
        return ", ".join(f"{name} {round(minutes)}" for name, minutes in parts if round(minutes))


def words(text: str) -> int:
    """Words a reader reads: code blocks, markup, links' addresses and HTML tags left out."""
    text = _FENCE.sub(" ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return len(_WORD.findall(text))


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def quiz_minutes(question) -> float:
    """Reading and deciding time for one quiz question (a :class:`ailead.quizbank.Question`)."""
    text = [question.prompt]
    decisions = 1.0
    if question.type in ("single", "multiple"):
        text += [o.text + " " + o.why for o in question.options]
    elif question.type == "buckets":
        text += [i.text + " " + i.why for i in question.items] + list(question.buckets)
        decisions = math.ceil(len(question.items) / ITEMS_PER_DECISION)
    else:
        decisions = len(question.steps)
        for step in question.steps:
            text += [step.prompt] + [o.text + " " + o.why for o in step.options]
    return sum(words(t) for t in text) / READING_WPM + decisions * DECISION_MIN


def lesson(path: Path) -> Estimate:
    """The estimate for a lesson notebook, its quizzes read from its own bank."""
    from ailead import quizbank

    reading = code = figures = play = 0.0
    for cell in _cells(path):
        src = _source(cell)
        if cell["cell_type"] == "markdown":
            reading += words(_ALT.sub(" ", src)) / READING_WPM
        elif cell["cell_type"] == "code":
            if "simgame.play(" in src:
                play += game_minutes()
            elif re.search(r"\bfigures\.\w+\(", src):
                figures += FIGURE_MIN
            elif "quiz.show(" not in src:
                code += CODE_CELL_MIN
    quizzes = 0.0
    bank_path = quizbank.assets_dir() / "quizzes" / f"{path.stem}.yml"
    if bank_path.exists():
        quizzes = sum(quiz_minutes(q) for q in quizbank.load_bank(bank_path).questions)
    return Estimate(reading=reading, quizzes=quizzes, code=code, figures=figures, play=play)


def game_minutes() -> float:
    """One simulator game: per sprint, half a minute per decision (capacity split counted once) and a minute
    to read the results."""
    from ailead import sim

    capacity = {"features", "evaluation", "reliability", "debt"}
    decisions = len(set(sim.DECISION_FIELDS) - capacity) + 1
    return sim.SPRINTS * (decisions * DECISION_MIN + FIGURE_MIN)


def written_words(instructions: str) -> int:
    """The length a written answer is asked for, from its instructions (upper bound)."""
    found = re.search(r"(\d+)\s*(?:to|-|–)\s*(\d+)\s*(words|sentences)", instructions)
    if not found:
        return DEFAULT_WRITTEN_WORDS
    upper = int(found.group(2))
    return upper if found.group(3) == "words" else upper * WORDS_PER_SENTENCE


def exercise(path: Path) -> Estimate:
    """The estimate for an exercise, from its student version (what the learner sees)."""
    reading = code = figures = writing = quizzes = 0.0
    instructions = ""
    for cell in _cells(path):
        src = _source(cell)
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and cell["cell_type"] == "markdown":
            writing += written_words(instructions) / WRITING_WPM
        elif meta.get("solution"):
            code += CODE_ANSWER_MIN
        elif cell["cell_type"] == "markdown":
            instructions = src
            reading += words(_ALT.sub(" ", src)) / READING_WPM
        elif "final.show(" in src:  # the final assessment: a paper of drawn questions
            quizzes += paper_minutes()
        elif re.search(r"\bfigures\.\w+\(", src):
            figures += FIGURE_MIN
    return Estimate(reading=reading, quizzes=quizzes, code=code, figures=figures, writing=writing)


def paper_minutes(pool: dict | None = None) -> float:
    """One paper of the final assessment: each drawn question's prompt and options at the reading rate plus one
    decision, averaged over its stratum of the pool (the key's explanations are not shown during the paper)."""
    from ailead.instructor.final_assessment import load_pool

    pool = pool or load_pool()
    total = 0.0
    for stratum in pool["strata"]:
        questions = [q for q in pool["questions"] if q["stratum"] == stratum["id"]]
        minutes = [words(q["prompt"] + " " + " ".join(o["text"] for o in q["options"])) / READING_WPM + DECISION_MIN
                   for q in questions]
        total += stratum["draw"] * sum(minutes) / len(minutes)
    return total


def stated(path: Path) -> int | None:
    """The minutes a notebook's first cell states ("**Estimated time:** about 40 minutes"), or None."""
    found = _STATED.search(_source(_cells(path)[0]))
    return int(found.group(1)) if found else None


def lessons(repo: Path = REPO) -> dict[str, Estimate]:
    """Every numbered lesson's estimate, by notebook name."""
    return {p.stem: lesson(p) for p in sorted((repo / "notebooks").glob("[0-9][0-9]-*.ipynb"))}


def exercises(repo: Path = REPO) -> dict[str, Estimate]:
    """Every exercise's estimate, by exercise name, from exercises/ (the student versions)."""
    return {p.parent.name: exercise(p) for p in sorted((repo / "exercises").glob("*/*.ipynb"))}


# --------------------------------------------------------------------------- writing the estimates in

def header_line(kind: str, estimate: Estimate) -> str:
    """The time line of a notebook's first cell."""
    label = "Estimated time" if kind == "lesson" else "Time"
    return f"**{label}:** about {estimate.total} minutes ({estimate.breakdown()})"


def _rewrite_first_cell(path: Path, kind: str, estimate: Estimate) -> bool:
    nb = json.loads(path.read_text(encoding="utf-8"))
    src = _source(nb["cells"][0])
    label = "Estimated time" if kind == "lesson" else "Time"
    pattern = re.compile(rf"\*\*{label}:\*\* about \d+ minutes( \([^)]*\))?")
    if not pattern.search(src):
        raise ValueError(f"{path}: the first cell has no '**{label}:** about N minutes' to update")
    new = pattern.sub(header_line(kind, estimate), src, count=1)
    if new == src:
        return False
    nb["cells"][0]["source"] = new.splitlines(keepends=True)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return True


def hours(minutes: float) -> str:
    """Minutes as hours to the nearest half hour, in words: "13.5" or "14"."""
    half_hours = int(math.floor(minutes / 30 + 0.5))
    return f"{half_hours / 2:g}"


def totals(repo: Path = REPO) -> dict[str, int]:
    """Minutes of all lessons, all exercises (the capstone and the final assessment included) and both."""
    lesson_min = sum(e.total for e in lessons(repo).values())
    exercise_min = sum(e.total for e in exercises(repo).values())
    return {"lessons": lesson_min, "exercises": exercise_min, "all": lesson_min + exercise_min}


def totals_sentence(repo: Path = REPO) -> str:
    """The README's total line."""
    t = totals(repo)
    return (f"**Total:** about {hours(t['lessons'])} hours of lessons ({t['lessons']} min) and "
            f"{hours(t['exercises'])} hours of exercises, the capstone and the final assessment included "
            f"({t['exercises']} min): about "
            f"{hours(t['all'])} hours in all.")


_ROW = re.compile(r"^\| (\d\d) \|(.*)$", re.M)


def update_readme(text: str, repo: Path = REPO) -> str:
    """The README with the course map's times and totals set from the estimates."""
    lesson_est, exercise_est = lessons(repo), exercises(repo)

    def row(m: re.Match) -> str:
        number = m.group(1)
        cells = m.group(0).split(" | ")
        lesson = next((name for name in lesson_est if name.startswith(number + "-")), None)
        exercise = next((name for name in exercise_est if name.startswith(number + "-")), None)
        if len(cells) < 5:
            return m.group(0)
        if lesson:
            cells[3] = f"{lesson_est[lesson].total} min"
        if exercise:
            link = re.match(r"(\[[^\]]*\]\([^)]*\))", cells[4])
            cells[4] = (link.group(1) + ", " if link else "") + f"{exercise_est[exercise].total} min |"
        return " | ".join(cells)

    text = _ROW.sub(row, text)
    text = re.sub(r"\*\*Total:\*\*.*?hours in all\.", totals_sentence(repo), text, flags=re.S)
    return re.sub(r"About [\d.]+ hours in all", f"About {hours(totals(repo)['all'])} hours in all", text)


def write(repo: Path = REPO) -> list[str]:
    """Put every estimate into the lessons' and exercise sources' headers; returns what changed.

    Exercises change in solutions/ (the source): regenerate exercises/ afterwards.
    """
    changed = []
    for name, est in lessons(repo).items():
        if _rewrite_first_cell(repo / "notebooks" / f"{name}.ipynb", "lesson", est):
            changed.append(f"notebooks/{name}.ipynb")
    for name, est in exercises(repo).items():
        for source in (repo / "solutions" / name).glob("*.ipynb"):
            if _rewrite_first_cell(source, "exercise", est):
                changed.append(f"solutions/{name}/{source.name}")
    start = repo / "notebooks" / "00-start-here.ipynb"
    nb = json.loads(start.read_text(encoding="utf-8"))
    total = f"lessons and exercises take about {hours(totals(repo)['all'])} hours"
    for cell in nb["cells"]:
        src = _source(cell)
        new_src = re.sub(r"lessons and exercises take about [\d.]+ hours", total, src)
        if new_src != src:
            cell["source"] = new_src.splitlines(keepends=True)
            start.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            changed.append("notebooks/00-start-here.ipynb")
    readme = repo / "README.md"
    text = readme.read_text(encoding="utf-8")
    new = update_readme(text, repo)
    if new != text:
        readme.write_text(new, encoding="utf-8")
        changed.append("README.md")
    return changed


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--write" in args:
        for line in write():
            print("updated", line)
        print("Regenerate exercises/ for any changed solution (ailead generate NAME).")
        return 0
    for name, est in lessons().items():
        print(f"lesson   {name:40} {est.total:4} min  ({est.breakdown()})")
    for name, est in exercises().items():
        print(f"exercise {name:40} {est.total:4} min  ({est.breakdown()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
