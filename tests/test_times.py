"""Times shown to learners are estimated from the content by the one method ailead.timing states.

Every lesson's "Estimated time", every exercise's "Time", the README's course map and totals, and
lesson 00's total agree with the estimate; ``python -m ailead.timing --write`` puts them there.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ailead import quizbank
from ailead.instructor import timing

REPO = Path(__file__).resolve().parents[1]
LESSONS = timing.lessons()
EXERCISES = timing.exercises()
FIX = "run `python -m ailead.timing --write` (then regenerate the exercises) and commit"


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_each_lesson_states_its_estimated_time(lesson):
    stated = timing.stated(REPO / "notebooks" / f"{lesson}.ipynb")
    assert stated == LESSONS[lesson].total, f"{lesson} states {stated} min, the estimate is " \
                                            f"{LESSONS[lesson].total} min ({LESSONS[lesson].breakdown()}): {FIX}"


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_each_exercise_states_its_estimated_time(exercise):
    for folder in ("exercises", "solutions"):
        (path,) = (REPO / folder / exercise).glob("*.ipynb")
        stated = timing.stated(path)
        assert stated == EXERCISES[exercise].total, f"{folder}/{exercise} states {stated} min, the estimate is " \
                                                    f"{EXERCISES[exercise].total} min: {FIX}"


def test_readme_course_map_and_totals_follow_the_estimates():
    text = (REPO / "README.md").read_text()
    assert timing.update_readme(text) == text, f"the README's course map times or totals are out of date: {FIX}"
    assert timing.totals_sentence() in text
    assert "How the times are estimated" in text, "the README states the method"


def test_lesson_00_states_the_course_total():
    first_cells = "".join("".join(c["source"]) for c in json.loads(
        (REPO / "notebooks" / "00-start-here.ipynb").read_text())["cells"][:4])
    found = re.search(r"about ([\d.]+) hours", first_cells)
    assert found and found.group(1) == timing.hours(timing.totals()["all"]), (
        f"lesson 00 says the course takes about {found and found.group(1)} hours; the estimate is "
        f"{timing.hours(timing.totals()['all'])}")


def test_the_method_counts_what_it_says():
    assert timing.words("Read **this** [link](http://x.y/z) and `code`.\n```python\nx = 1\n```") == 5
    assert timing.written_words("In **4 to 6 sentences**: who decides?") == 6 * timing.WORDS_PER_SENTENCE
    assert timing.written_words("Write the plan: **250 to 400 words**") == 400
    bank = quizbank.load_lesson("00-start-here")
    single = next(q for q in bank.questions if q.type == "single")
    text = [single.prompt] + [o.text + " " + o.why for o in single.options]
    assert timing.quiz_minutes(single) == pytest.approx(
        sum(timing.words(t) for t in text) / timing.READING_WPM + timing.DECISION_MIN)
    assert timing.Estimate(reading=12.4).total == 10 and timing.Estimate(reading=12.6).total == 15
    assert timing.hours(810) == "13.5" and timing.hours(830) == "14"
