"""The learner's progress dashboard: the progress record read against the quiz banks.

For every lesson: how many questions its bank has, how many you tried, solved, and got right first
time; overall completion; and a short list of what to revisit next, each item a plain sentence that
names the lesson's notebook. :func:`build` does the work; ``notebooks/progress.ipynb`` shows it and
:func:`ailead.figures.progress_dashboard` draws it.

Definitions used throughout:

- **solved**: at least one attempt at the question was right.
- **first-try score**: of the questions you tried, the share whose first attempt was right. A lesson
  not started has no score (None), not 0%.
- Attempts for a lesson or question that is no longer in any quiz bank are left out of every count,
  and counted in :attr:`Dashboard.ignored_attempts` so the notebook can say so.

A progress record that cannot be read is moved aside by :func:`ailead.progress.load` (never deleted);
:func:`build` turns that warning into :attr:`Dashboard.notice`, a message that says where the old file
went and that nothing else was lost.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from ailead import progress, quizbank

__all__ = ["TARGET", "CONTRASTS", "LessonProgress", "Dashboard", "build", "lesson_label", "lesson_title"]

# The first-try score below which a started lesson is suggested for revisiting.
TARGET = 0.7

# Each lesson is one contrast of the course. The notebook titles are short topic names ("02 · Focus"),
# not contrasts, so the labels live here; they follow the table in 00-start-here. A lesson missing from
# this mapping is labelled with its notebook's title (see lesson_label).
CONTRASTS = {
    "00-start-here": "Start here: how the course works",
    "01-two-roles-one-product": "Two roles: product vs engineering lens",
    "02-focus": "Focus: what & why vs how",
    "03-goals": "Goals: user & business value vs sound systems",
    "04-decisions": "Decisions: features & priorities vs tools & architecture",
    "05-success": "Success: growth & satisfaction vs accuracy & reliability",
    "06-discovery-vs-delivery": "Discovery vs delivery: the right thing vs the thing right",
    "07-horizons-and-audiences": "Horizons: quarters & customers vs sprints & team",
    "08-which-role-does-your-team-need": "Your team: which role to hire",
    "09-challenges": "Challenges: models, data, cost & fairness",
    "10-alignment-and-the-future": "Alignment: making the roles work together",
    "11-evidence": "Evidence: the rule vs the measurement",
    "12-trust-security-and-regulation": "Trust: what it may do vs how it is enforced",
    "13-launch-simulator": "Simulator: both hats at once, eight sprints",
}

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
_TITLE = re.compile(r"^#\s*\d\d\s*·\s*(.+?)\s*$")


def lesson_title(lesson: str) -> str | None:
    """The title in the first line of the lesson's notebook ("# 02 · Focus" gives "Focus"), or None."""
    try:
        nb = json.loads((NOTEBOOKS / f"{lesson}.ipynb").read_text(encoding="utf-8"))
        source = nb["cells"][0]["source"]
        first = ("".join(source) if isinstance(source, list) else source).splitlines()[0]
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return None
    match = _TITLE.match(first)
    return match.group(1) if match else None


def lesson_label(lesson: str) -> str:
    """A short label for the lesson's contrast: the mapping above, else the notebook title, else the name."""
    if lesson in CONTRASTS:
        return CONTRASTS[lesson]
    return lesson_title(lesson) or lesson[3:].replace("-", " ").capitalize() or lesson


@dataclass(frozen=True)
class LessonProgress:
    """One lesson's row of the dashboard."""

    lesson: str
    label: str
    questions: int
    attempted: int = 0
    solved: int = 0
    first_try: int = 0
    attempts: int = 0

    @property
    def number(self) -> str:
        """The lesson's two-digit number, "02"."""
        return self.lesson[:2]

    @property
    def notebook(self) -> str:
        """The lesson's notebook file name, "02-focus.ipynb"."""
        return f"{self.lesson}.ipynb"

    @property
    def started(self) -> bool:
        return self.attempted > 0

    @property
    def finished(self) -> bool:
        return self.solved >= self.questions

    @property
    def completion(self) -> float:
        """Questions solved out of the bank, 0 to 1."""
        return self.solved / self.questions if self.questions else 0.0

    @property
    def first_try_score(self) -> float | None:
        """Questions right first time out of those tried, 0 to 1; None if none was tried."""
        return self.first_try / self.attempted if self.attempted else None

    @property
    def name(self) -> str:
        """How a sentence names the lesson: "lesson 02, Focus: what & why vs how (02-focus.ipynb)"."""
        return f"lesson {self.number}, {self.label} ({self.notebook})"


@dataclass(frozen=True)
class Dashboard:
    """Per-lesson progress, overall completion, and what to revisit. Shows as a table in Jupyter."""

    lessons: tuple[LessonProgress, ...]
    target: float = TARGET
    ignored_attempts: int = 0
    ignored_questions: tuple[str, ...] = ()  # "lesson/question" of each attempt left out
    notice: str | None = None  # set when the record could not be read and was moved aside
    problems: tuple[str, ...] = field(default_factory=tuple)  # quiz banks that could not be read
    record_path: Path | None = None
    games: tuple[dict, ...] = ()  # finished launch-simulator games, oldest first

    @property
    def questions(self) -> int:
        return sum(lp.questions for lp in self.lessons)

    @property
    def solved(self) -> int:
        return sum(lp.solved for lp in self.lessons)

    @property
    def completion(self) -> float:
        """Questions solved out of every question in the course, 0 to 1."""
        return self.solved / self.questions if self.questions else 0.0

    @property
    def is_empty(self) -> bool:
        """No attempt at any question still in the course."""
        return not any(lp.started for lp in self.lessons)

    def lesson(self, lesson: str) -> LessonProgress:
        """The row of one lesson, by name."""
        for lp in self.lessons:
            if lp.lesson == lesson:
                return lp
        raise KeyError(f"no lesson {lesson!r}; the lessons are: {', '.join(lp.lesson for lp in self.lessons)}")

    def revisit(self) -> list[LessonProgress]:
        """Started lessons that are unfinished or below the first-try target, worst first.

        Worst means the lowest first-try score, then the lowest completion, then lesson order.
        """
        due = [lp for lp in self.lessons if lp.started and (not lp.finished or lp.first_try_score < self.target)]
        return sorted(due, key=lambda lp: (lp.first_try_score, lp.completion, lp.lesson))

    def next_lesson(self) -> LessonProgress | None:
        """The first lesson, in course order, with no attempt yet."""
        return next((lp for lp in self.lessons if not lp.started), None)

    def suggestions(self) -> list[str]:
        """What to do next, one plain sentence each: lessons to revisit (worst first), then the next one."""
        if self.is_empty:
            first = self.lessons[0] if self.lessons else None
            where = f"{first.name}" if first else "lesson 00 (00-start-here.ipynb)"
            return [f"Nothing recorded yet: start with {where} and try its quizzes; they show up here."]
        lines = []
        pct = f"{self.target:.0%}"
        for lp in self.revisit():
            low = lp.first_try_score < self.target
            left = lp.questions - lp.solved
            score = f"right first time on {lp.first_try} of {lp.attempted} questions tried ({lp.first_try_score:.0%})"
            if low and left:
                lines.append(f"Revisit {lp.name}: {score}, below the {pct} target, and {left} of "
                             f"{lp.questions} questions still to solve.")
            elif low:
                lines.append(f"Revisit {lp.name}: {score}, below the {pct} target; re-read the explanations "
                             "of the ones you missed.")
            else:
                lines.append(f"Finish {lp.name}: {lp.solved} of {lp.questions} questions solved, {left} to go.")
        nxt = self.next_lesson()
        if nxt is not None:
            lines.append(f"Next: start {nxt.name}; none of its {nxt.questions} questions tried yet.")
        if not lines:
            lines.append(f"Every lesson is finished, each at or above the {pct} first-try target. Well done.")
        return lines

    def headline(self) -> str:
        """One sentence of overall progress."""
        if self.is_empty:
            return (f"Nothing yet: no quiz attempts recorded. The course has {self.questions} questions in "
                    f"{len(self.lessons)} lessons; start with 00.")
        started = sum(lp.started for lp in self.lessons)
        return (f"{self.solved} of {self.questions} questions solved ({self.completion:.0%}) in "
                f"{started} of {len(self.lessons)} lessons started.")

    def notes(self) -> list[str]:
        """Everything the learner should know about the record itself: corruption, ignored attempts."""
        notes = []
        if self.notice:
            notes.append(self.notice)
        if self.ignored_attempts:
            shown = ", ".join(self.ignored_questions[:3]) + (", ..." if len(self.ignored_questions) > 3 else "")
            plural = "s are" if self.ignored_attempts > 1 else " is"
            notes.append(f"{self.ignored_attempts} attempt{plural} for questions no longer in the course "
                         f"({shown}); not counted here.")
        notes += list(self.problems)
        return notes

    def games_line(self) -> str | None:
        """One sentence on the simulator games played, or None when there are none."""
        scored = [g for g in self.games if isinstance(g.get("final_score"), (int, float))]
        if not scored:
            return None
        best = max(scored, key=lambda g: g["final_score"])
        last = scored[-1]
        plural = "s" if len(scored) > 1 else ""
        return (f"Launch simulator: {len(scored)} game{plural} finished; best score {best['final_score']:.1f} "
                f"(seed {best.get('seed', '?')}), last {last['final_score']:.1f}.")

    def rows(self) -> list[dict]:
        """The summary table, one dict per lesson."""
        return [{
            "lesson": lp.number,
            "contrast": lp.label,
            "notebook": lp.notebook,
            "questions": lp.questions,
            "tried": lp.attempted,
            "solved": lp.solved,
            "first try": lp.first_try,
            "first-try score": "–" if lp.first_try_score is None else f"{lp.first_try_score:.0%}",
        } for lp in self.lessons]

    def _repr_markdown_(self) -> str:
        parts = [f"> **Note:** {note}\n" for note in self.notes()]
        parts.append(f"**{self.headline()}**\n")
        rows = self.rows()
        heads = ["lesson", "contrast", "questions", "tried", "solved", "first try", "first-try score"]
        parts.append("| " + " | ".join(heads) + " |")
        parts.append("|" + "|".join("---:" if h not in ("contrast",) else "---" for h in heads) + "|")
        for row in rows:
            parts.append("| " + " | ".join(str(row[h]) for h in heads) + " |")
        if self.games_line():
            parts.append(f"\n{self.games_line()}")
        return "\n".join(parts)

    def __str__(self) -> str:
        lines = [*self.notes(), self.headline()]
        for row in self.rows():
            lines.append(f"{row['lesson']} {row['contrast'][:40]:40} {row['solved']:3}/{row['questions']:<3} "
                         f"solved, first try {row['first-try score']}")
        if self.games_line():
            lines.append(self.games_line())
        return "\n".join(lines)


def _corrupt_notice(caught: list[warnings.WarningMessage], path: Path) -> str | None:
    messages = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    if not messages:
        return None
    text = messages[-1]
    reason = re.search(r"could not be read \((.*)\); ", text)
    why = f" ({reason.group(1)})" if reason else ""
    moved = re.search(r"moved it to (.+?) and started a fresh one", text)
    if moved:
        where = (f"It was moved, not deleted, to {moved.group(1)}; its contents are still in that "
                 "file.")
    else:
        where = (f"It could not be moved aside, so it is still at {path}, unchanged: copy it somewhere safe "
                 "before your next quiz attempt, which starts a fresh record in its place.")
    return (f"Your progress record {path} could not be read{why}. {where} Nothing else was lost: your "
            "notebooks, exercises and quizzes are unchanged, and new quiz attempts go into a fresh record. "
            "The dashboard below counts from that fresh start.")


def _load_banks() -> tuple[list[quizbank.Bank], list[str]]:
    banks, problems = [], []
    for path in sorted((quizbank.assets_dir() / "quizzes").glob("*.yml")):
        try:
            banks.append(quizbank.load_bank(path))
        except quizbank.QuizBankError as exc:
            problems.append(f"The quiz bank {path.name} could not be read, so its lesson is left out: {exc}")
    return banks, problems


def build(attempts: list[dict] | None = None, banks: list[quizbank.Bank] | None = None,
          target: float = TARGET, games: list[dict] | None = None) -> Dashboard:
    """The dashboard for these attempts (default: the learner's record) against these banks (default: all).

    A record that cannot be read is moved aside by the progress module; its warning becomes
    :attr:`Dashboard.notice` instead of a traceback.
    """
    notice = None
    if attempts is None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            attempts = progress.load()
        notice = _corrupt_notice(caught, progress.record_path())
        for w in caught:  # pass on anything that is not about the record
            if not issubclass(w.category, RuntimeWarning):
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if games is None:
        try:
            games = progress.load_games()
        except (OSError, ValueError):  # the games log is a bonus: never let it break the dashboard
            games = []
    problems: list[str] = []
    if banks is None:
        banks, problems = _load_banks()
    known = {b.lesson: {q.id for q in b.questions} for b in banks}

    kept, ignored = [], []
    for a in attempts:
        lesson, question = a.get("lesson"), a.get("question")
        if isinstance(lesson, str) and isinstance(question, str) and question in known.get(lesson, ()):
            kept.append(a)
        else:
            ignored.append(f"{lesson}/{question}")
    counts = progress.summary(kept)
    lessons = tuple(
        LessonProgress(lesson=b.lesson, label=lesson_label(b.lesson), questions=len(b.questions),
                       **counts.get(b.lesson, {}))
        for b in sorted(banks, key=lambda b: b.lesson)
    )
    return Dashboard(lessons=lessons, target=target, ignored_attempts=len(ignored),
                     ignored_questions=tuple(dict.fromkeys(ignored)), notice=notice,
                     problems=tuple(problems), record_path=progress.home(), games=tuple(games))
