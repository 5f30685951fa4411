"""The instructor's facilitation guide (``instructors/``) agrees with the course as it is.

- Every lesson and exercise time the guide states (its course table, each lesson page's "Times (README)" line,
  the minutes beside lessons and exercises in the schedules) is ``ailead.instructor.timing``'s estimate.
- The schedules add up: in the six-week cohort, each week's self-paced minutes are the sum of its lessons and
  exercises, every lesson and exercise appears once, and the total row is the course's total; each session's
  blocks fill its 90 minutes; in the two-day workshop, each row lasts what it says, the rows follow each other,
  a day's total row is their sum, a "read lesson" block lasts the lesson's estimate, and what is read in the room
  plus the self-paced work is the whole course. The slots a lesson page (or the role-play) names exist.
- The table of written answers lists exactly the graded markdown cells of ``solutions/`` with their points and
  the length the question asks, and its total is their sum.
- Every relative link in ``instructors/**/*.md`` resolves, headings included.
- Every quiz id, branching step and graded part a page names exists.

Each check is a function from text to a list of problems; the last tests break a copy of the guide on purpose
and require the check to notice, so that no check can pass vacuously.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from ailead import quizbank
from ailead.instructor import timing

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "instructors"
GUIDE_ROOT = GUIDE.resolve()
README = GUIDE / "README.md"
GRADING = GUIDE / "grading-written-answers.md"
ROLE_PLAY = GUIDE / "role-play-auto-send.md"
PAGES_DIR = GUIDE / "lessons"

LESSON_MIN = {name[:2]: est.total for name, est in timing.lessons().items()}
EXERCISE_MIN = {name[:2]: est.total for name, est in timing.exercises().items()}
ESTIMATE = {"lesson": LESSON_MIN, "exercise": EXERCISE_MIN}
TOTALS = timing.totals()
DASH = "[–-]"


# --------------------------------------------------------------------------- reading markdown

def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def pages() -> dict[str, str]:
    """The lesson pages, by file stem (``06-discovery-vs-delivery``)."""
    return {p.stem: read(p) for p in sorted(PAGES_DIR.glob("*.md"))}


def plain(cell: str) -> str:
    """A cell's visible text: links reduced to their text, no bold or code marks."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", cell)
    return re.sub(r"\*\*|`", "", text).strip()


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def table_after(text: str, marker: str) -> list[list[str]]:
    """The rows (cells) of the first table after the first line containing `marker`; [] if there is none."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if marker in line), None)
    if start is None:
        return []
    for i in range(start, len(lines) - 1):
        if lines[i].startswith("|") and re.match(r"^\|(\s*:?-+:?\s*\|)+\s*$", lines[i + 1]):
            rows = []
            for line in lines[i + 2:]:
                if not line.startswith("|"):
                    break
                rows.append(cells(line))
            return rows
    return []


def number(text: str) -> int | None:
    found = re.search(r"\d[\d,]*", plain(text))
    return int(found.group().replace(",", "")) if found else None


_ITEM = re.compile(r"\b(lessons?|exercises?)\b|\b(\d\d)\b(?: \((\d+)\))?")


def items(text: str) -> list[tuple[str, str, int | None]]:
    """(kind, number, minutes stated beside it) for each lesson or exercise a text names, such as
    "lessons 00 (50), 01 (40)" or "exercises 12 and 13; the capstone, exercise 14"."""
    kind, out = None, []
    for m in _ITEM.finditer(plain(text)):
        if m.group(1):
            kind = "lesson" if m.group(1).startswith("lesson") else "exercise"
        elif kind:
            out.append((kind, m.group(2), int(m.group(3)) if m.group(3) else None))
    return out


def stated_minutes_problems(where: str, text: str) -> list[str]:
    """Every "NN (MM)" beside a lesson or exercise is the estimate."""
    return [f"{where}: {kind} {nn} is given {stated} min, the estimate is {ESTIMATE[kind].get(nn)}"
            for kind, nn, stated in items(text) if stated is not None and stated != ESTIMATE[kind].get(nn)]


def section(text: str, heading: str) -> str:
    """The text of a `## heading` section, up to the next `## ` heading."""
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start:] if end < 0 else text[start:end]


def clock(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def split_problems(where: str, text: str, length: int) -> list[str]:
    """A split in brackets such as "(5 reading, 20 discussion, 10 decision, 15 debrief)" adds up to the block."""
    out = []
    for m in re.finditer(r"\(((?:\d+ [a-z]+, )+\d+ [a-z]+)\)", text):
        parts = sum(int(n) for n in re.findall(r"(\d+) [a-z]+", m.group(1)))
        if parts != length:
            out.append(f"{where}: the split ({m.group(1)}) adds up to {parts}, the block lasts {length}")
    return out


# --------------------------------------------------------------------------- (1) the times the guide states

def course_table_problems(text: str) -> list[str]:
    rows = table_after(text, "## The course at a glance")
    if not rows:
        return ["the guide has no course table after '## The course at a glance'"]
    problems, seen, total = [], set(), None
    for row in rows:
        if len(row) < 4:
            problems.append(f"course table: a short row {row}")
            continue
        if plain(row[1]).lower() == "total":
            total = row
            continue
        nn = row[0]
        seen.add(nn)
        for kind, cell in (("lesson", row[2]), ("exercise", row[3])):
            stated = None if plain(cell).lower() == "none" else number(cell)
            if stated != ESTIMATE[kind].get(nn):
                problems.append(f"course table, row {nn}: {kind} time {cell!r}, the estimate is "
                                f"{ESTIMATE[kind].get(nn) or 'none'} (python -m ailead.instructor.timing)")
    missing = (set(LESSON_MIN) | set(EXERCISE_MIN)) - seen
    if missing:
        problems.append(f"course table: no row for {sorted(missing)}")
    if total is None:
        problems.append("course table: no total row")
    else:
        for kind, cell in (("lessons", total[2]), ("exercises", total[3])):
            if number(cell) != TOTALS[kind]:
                problems.append(f"course table: the total of {kind} is {cell!r}, the rows and the course add up "
                                f"to {TOTALS[kind]} min")
    for kind in ("lessons", "exercises"):
        for found in re.findall(rf"([\d.]+) hours of {kind}", text):
            if found != timing.hours(TOTALS[kind]):
                problems.append(f"the guide says {found} hours of {kind}; the estimate is "
                                f"{timing.hours(TOTALS[kind])}")
        for found in re.findall(rf"hours of {kind}[^()]*\((\d+) min\)", text):
            if int(found) != TOTALS[kind]:
                problems.append(f"the guide says {found} min of {kind}; the estimate is {TOTALS[kind]}")
    for found in re.findall(r"about ([\d.]+) hours in all", text):
        if found != timing.hours(TOTALS["all"]):
            problems.append(f"the guide says about {found} hours in all; the estimate is {timing.hours(TOTALS['all'])}")
    return problems


def page_times_problems(texts: dict[str, str]) -> list[str]:
    """Each lesson page's "**Times (README):** lesson X min (or no lesson), exercise Y min (or no exercise)"."""
    problems = []
    for stem, text in texts.items():
        nn = stem[:2]
        line = re.search(r"\*\*Times \(README\):\*\*(.*?)(?:\*\*|\n\n)", text, re.S)
        if not line:
            problems.append(f"lessons/{stem}.md has no '**Times (README):**' line")
            continue
        said = " ".join(line.group(1).split())
        for kind in ("lesson", "exercise"):
            m = re.search(rf"\b{kind} (\d+) min", said)
            stated = int(m.group(1)) if m else None
            if stated is None and not re.search(rf"\bno {kind}\b", said):
                problems.append(f"lessons/{stem}.md: its Times line states no {kind} time ('{kind} N min' or "
                                f"'no {kind}')")
            elif stated != ESTIMATE[kind].get(nn):
                problems.append(f"lessons/{stem}.md: {kind} time {stated}, the estimate is {ESTIMATE[kind].get(nn)}")
    return problems


def test_the_course_table_states_the_estimated_times():
    problems = course_table_problems(read(README))
    assert not problems, "\n".join(problems)


def test_each_lesson_page_states_the_estimated_times():
    problems = page_times_problems(pages())
    assert not problems, "\n".join(problems)


def test_there_is_a_page_for_every_lesson_and_exercise():
    numbers = {stem[:2] for stem in pages()}
    assert numbers == set(LESSON_MIN) | set(EXERCISE_MIN), sorted((set(LESSON_MIN) | set(EXERCISE_MIN)) ^ numbers)


# --------------------------------------------------------------------------- (2) the schedules add up

def _load_table_problems(where: str, rows: list[list[str]]) -> tuple[list[str], list[tuple[str, str]], int]:
    """Rows (label, work, min) and a total row: each row is the sum of the estimates of what it names."""
    problems, named, total_stated, row_sum = [], [], None, 0
    for row in rows:
        if len(row) < 3:
            problems.append(f"{where}: a short row {row}")
            continue
        if plain(row[0]).lower() == "total":
            total_stated = number(row[2])
            continue
        work = [(kind, nn) for kind, nn, _ in items(row[1])]
        named += work
        expected = sum(ESTIMATE[kind].get(nn, 0) for kind, nn in work)
        missing = [f"{kind} {nn}" for kind, nn in work if nn not in ESTIMATE[kind]]
        if missing:
            problems.append(f"{where}, row {row[0]!r}: {missing} are not in the course")
        if number(row[2]) != expected:
            problems.append(f"{where}, row {row[0]!r}: states {row[2]} min, its lessons and exercises add up to "
                            f"{expected}")
        row_sum += number(row[2]) or 0
    if total_stated is None:
        problems.append(f"{where}: no total row")
    elif total_stated != row_sum:
        problems.append(f"{where}: the total row says {total_stated}, the rows add up to {row_sum}")
    return problems, named, row_sum


def _once_problems(where: str, named: list[tuple[str, str]]) -> list[str]:
    everything = [("lesson", nn) for nn in LESSON_MIN] + [("exercise", nn) for nn in EXERCISE_MIN]
    problems = [f"{where}: {kind} {nn} is missing" for kind, nn in everything if (kind, nn) not in named]
    problems += [f"{where}: {kind} {nn} appears {named.count((kind, nn))} times"
                 for kind, nn in sorted(set(named)) if named.count((kind, nn)) > 1]
    return problems


def _sessions(text: str) -> tuple[list[str], dict[str, list[tuple[int, int, str]]]]:
    """The cohort's sessions: for each, its blocks (start, end, text) from the minute-by-minute table."""
    problems, sessions = [], {}
    lines = text.splitlines()
    marker = next((i for i, line in enumerate(lines) if "minute by minute" in line), None)
    rows = table_after(text, "minute by minute")
    if marker is None or not rows:
        return ["schedule A: no minute-by-minute table of the sessions"], {}
    header = cells(next(line for line in lines[marker:] if line.startswith("|")))
    defaults = [re.search(rf"(\d+){DASH}(\d+)", h) for h in header]
    for row in rows:
        blocks = []
        for i, cell in enumerate(row[1:], start=1):
            parts = [p.strip() for p in cell.split(" · ")] if i == 2 else [cell]  # the middle column
            for part in parts:
                m = re.match(rf"^(\d+){DASH}(\d+)\b", part)
                if m:
                    blocks.append((int(m.group(1)), int(m.group(2)), part))
                elif defaults[i]:
                    blocks.append((int(defaults[i].group(1)), int(defaults[i].group(2)), part))
                else:
                    problems.append(f"session {row[0]}: the block {part[:40]!r} starts with no minutes")
        sessions[row[0]] = blocks
        at = 0
        for start, end, part in blocks:
            if start != at:
                problems.append(f"session {row[0]}: a block starts at minute {start}, the one before ends at {at}")
            problems += split_problems(f"session {row[0]}", part, end - start)
            at = end
        if at != 90:
            problems.append(f"session {row[0]}: the blocks end at minute {at}, the session at 90")
    return problems, sessions


def _days(text: str) -> tuple[list[str], dict[str, list[tuple[int, int, int, str]]]]:
    """The workshop's days: rows (start, end, minutes, text), checked against each other and the total row."""
    problems, days = [], {}
    for day in ("1", "2"):
        rows = table_after(text, f"**Day {day}:")
        if not rows:
            problems.append(f"schedule B: no table for day {day}")
            continue
        kept, total = [], None
        for row in rows:
            m = re.search(rf"(\d\d:\d\d){DASH}(\d\d:\d\d)", row[0])
            if not m or len(row) < 3:
                problems.append(f"day {day}: a row without a time range {row}")
                continue
            start, end, stated = clock(m.group(1)), clock(m.group(2)), number(row[1])
            if plain(row[2]).lower().endswith("in all"):
                total = (start, end, stated)
                continue
            kept.append((start, end, stated, row[2]))
            if stated != end - start:
                problems.append(f"day {day}, {row[0]}: says {stated} min, the slot lasts {end - start}")
            problems += split_problems(f"day {day}, {row[0]}", row[2], end - start)
            read_lesson = re.match(r"read lesson (\d\d)\b", plain(row[2]))
            if read_lesson and stated != LESSON_MIN.get(read_lesson.group(1)):
                problems.append(f"day {day}, {row[0]}: lesson {read_lesson.group(1)} is read in {stated} min, its "
                                f"estimate is {LESSON_MIN.get(read_lesson.group(1))}")
        for (_, end, _, _), (start, _, _, what) in zip(kept, kept[1:]):
            if start != end:
                problems.append(f"day {day}: {plain(what)[:40]!r} starts at {start // 60:02d}:{start % 60:02d}, "
                                f"the row before ends at {end // 60:02d}:{end % 60:02d}")
        if total is None:
            problems.append(f"day {day}: no total row ('... in all')")
        elif kept:
            row_sum = sum(stated or 0 for _, _, stated, _ in kept)
            if total[2] != row_sum or total[2] != total[1] - total[0]:
                problems.append(f"day {day}: the total row says {total[2]} min; the rows add up to {row_sum} and "
                                f"the day lasts {total[1] - total[0]}")
            if (kept[0][0], kept[-1][1]) != total[:2]:
                problems.append(f"day {day}: the rows run from {kept[0][0]} to {kept[-1][1]} minutes past midnight, "
                                f"the total row from {total[0]} to {total[1]}")
        days[day] = kept
    return problems, days


def _mentions(text: str, nn: str, page: str | None = None) -> bool:
    return bool(re.search(rf"lessons/{nn}-", text)) or ("lesson", nn) in [(k, n) for k, n, _ in items(text)] or \
        bool(page and page in text)


def slot_problems(guide: str, texts: dict[str, str], role_play: str) -> list[str]:
    """The slots the lesson pages and the role-play name exist in the schedules, for that lesson."""
    problems, sessions = _sessions(guide)
    day_problems, days = _days(guide)
    problems += day_problems
    wanted = []  # (who, nn or None, link text, text naming the slots)
    for stem, text in texts.items():
        live = re.search(r"\*\*Live:\*\*(.*?)(?:\*\*|\n\n)", text, re.S)
        if live:
            wanted.append((f"lessons/{stem}.md", stem[:2], f"lessons/{stem}.md", " ".join(live.group(1).split())))
    when = re.search(r"\*\*When to run it\.\*\*(.*?)\n\n", role_play, re.S)
    if when:
        wanted.append(("role-play-auto-send.md", None, "role-play-auto-send.md", " ".join(when.group(1).split())))
    else:
        problems.append("role-play-auto-send.md: no '**When to run it.**' paragraph")
    for who, nn, link, said in wanted:
        for session, start, end in re.findall(rf"session (\d),? \(?minutes (\d+){DASH}(\d+)", said):
            blocks = [text for s, e, text in sessions.get(session, []) if (s, e) == (int(start), int(end))]
            if not any(_mentions(b, nn, link) if nn else link in b for b in blocks):
                problems.append(f"{who}: cohort session {session}, minutes {start}–{end} is not a block of that "
                                f"session for it in the guide's schedule")
        workshop = said.split("workshop", 1)[1] if "workshop" in said else ""
        day = re.search(r"day (\d)", workshop)
        for start, end in re.findall(rf"(\d\d:\d\d){DASH}(\d\d:\d\d)", workshop):
            rows = [text for s, e, _, text in days.get(day.group(1) if day else "", [])
                    if (s, e) == (clock(start), clock(end))]
            if not day or not any(_mentions(r, nn, link) if nn else link in r for r in rows):
                problems.append(f"{who}: workshop {day and 'day ' + day.group(1)}, {start}–{end} is not a row "
                                f"for it in the guide's schedule")
    return problems


def role_play_timing_problems(role_play: str) -> list[str]:
    """The role-play's own timing table fills the slot the schedules give it."""
    rows = table_after(role_play, "## Timing")
    problems, at = [], 0
    for row in rows:
        m = re.match(rf"(\d+){DASH}(\d+)$", row[0])
        if not m or int(m.group(1)) != at:
            problems.append(f"role-play timing: the row {row[0]!r} does not start at minute {at}")
            continue
        at = int(m.group(2))
    for start, end in re.findall(rf"minutes (\d+){DASH}(\d+)", section(role_play, "**When to run it.**")):
        if int(end) - int(start) != at:
            problems.append(f"role-play: its slot lasts {int(end) - int(start)} min, its timing table {at}")
    return problems


def schedule_a_problems(guide: str) -> list[str]:
    text = section(guide, "## Schedule A")
    problems = []
    week_plan = table_after(text, "The week plan")
    if not week_plan:
        problems.append("schedule A: no week plan")
    for row in week_plan:
        for cell in (row[1], row[-1]):
            problems += stated_minutes_problems(f"schedule A, week {row[0]}", cell)
    load_problems, named, row_sum = _load_table_problems("schedule A's load table",
                                                         table_after(text, "**The self-paced load"))
    problems += load_problems + _once_problems("schedule A's load table", named)
    if row_sum != TOTALS["all"]:
        problems.append(f"schedule A's load table adds up to {row_sum} min, the course to {TOTALS['all']}")
    problems += _sessions(text)[0]
    return problems


def schedule_b_problems(guide: str) -> list[str]:
    text = section(guide, "## Schedule B")
    problems, days = _days(text)
    read_in_room = [("lesson", m.group(1)) for rows in days.values() for _, _, _, what in rows
                    if (m := re.match(r"read lesson (\d\d)\b", plain(what)))]
    room_minutes = sum(LESSON_MIN.get(nn, 0) for _, nn in read_in_room)
    table = table_after(text, "**After the workshop")
    load_problems, named, row_sum = _load_table_problems("schedule B's self-paced table", table)
    problems += load_problems + _once_problems("schedule B (read in the room, or self-paced)", named + read_in_room)
    if row_sum + room_minutes != TOTALS["all"]:
        problems.append(f"schedule B: {row_sum} self-paced + {room_minutes} read in the room is not the course's "
                        f"{TOTALS['all']} min")
    for label, row_label in (("Before day 1", "before day 1"), ("Evening", "the evening")):
        m = re.search(rf"\*\*{label} \((?:[a-z-]+, )?(\d+) min\):\*\*(.*?)\n\n", text, re.S)
        if not m:
            problems.append(f"schedule B: no '**{label} (N min):**' paragraph")
            continue
        problems += stated_minutes_problems(f"schedule B, {label}", m.group(2))
        said = [(k, n) for k, n, _ in items(m.group(2))]
        if sum(ESTIMATE[k].get(n, 0) for k, n in said) != int(m.group(1)):
            problems.append(f"schedule B, {label}: says {m.group(1)} min for {said}")
        row = next((r for r in table if plain(r[0]).lower().startswith(row_label)), None)
        if row is None or [(k, n) for k, n, _ in items(row[1])] != said:
            problems.append(f"schedule B, {label}: the paragraph and the self-paced table name different work")
    found = re.search(r"read in the room \([^)]*: (\d+) min\)", text)
    if not found or int(found.group(1)) != room_minutes:
        problems.append(f"schedule B: the lessons read in the room take {room_minutes} min; the text says "
                        f"{found and found.group(1)}")
    return problems


def course_total_sentences_problems(guide: str) -> list[str]:
    problems = []
    for found in re.findall(r"the course's ([\d,]+) minutes", guide):
        if int(found.replace(",", "")) != TOTALS["all"]:
            problems.append(f"the guide says the course's {found} minutes; the estimate is {TOTALS['all']}")
    for lessons, exercises in re.findall(r"the course's (\d+) \+ (\d+) minutes", guide):
        if (int(lessons), int(exercises)) != (TOTALS["lessons"], TOTALS["exercises"]):
            problems.append(f"the guide says {lessons} + {exercises} minutes; the estimate is "
                            f"{TOTALS['lessons']} + {TOTALS['exercises']}")
    return problems


def test_schedule_a_adds_up():
    problems = schedule_a_problems(read(README)) + course_total_sentences_problems(read(README))
    assert not problems, "\n".join(problems)


def test_schedule_b_adds_up():
    problems = schedule_b_problems(read(README))
    assert not problems, "\n".join(problems)


def test_the_slots_the_pages_name_are_in_the_schedules():
    problems = slot_problems(read(README), pages(), read(ROLE_PLAY)) + role_play_timing_problems(read(ROLE_PLAY))
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- (3) the written answers

def written_answers() -> list[tuple[str, str, int, str]]:
    """(exercise number, grade_id, points, length asked) for every graded markdown cell in solutions/."""
    found = []
    for path in sorted(REPO.glob("solutions/*/*.ipynb")):
        nb_cells = json.loads(read(path))["cells"]
        for i, cell in enumerate(nb_cells):
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if cell["cell_type"] == "markdown" and meta.get("solution") and meta.get("grade"):
                question = "".join(nb_cells[i - 1]["source"])
                length = re.search(r"(\d+)\s*(?:to|-|–)\s*(\d+)\**\s*(sentences|words)", question)
                asked = f"{length.group(1)}–{length.group(2)} {length.group(3)}" if length else "?"
                found.append((path.parent.name[:2], meta["grade_id"], meta["points"], asked))
    return found


def grading_table_problems(text: str, answers: list[tuple[str, str, int, str]]) -> list[str]:
    rows = table_after(text, "## The written answers")
    if not rows:
        return ["grading-written-answers.md: no table after '## The written answers'"]
    problems, listed, total = [], [], None
    for row in rows:
        if len(row) < 4:
            problems.append(f"written answers: a short row {row}")
            continue
        if plain(row[1]).lower() == "total":
            total = number(row[2])
            continue
        link = re.search(r"\((\.\./solutions/([^/]+)/[^)]*)\)", row[0])
        nn = plain(row[0])
        if not link or not link.group(2).startswith(nn):
            problems.append(f"written answers, row {nn}: the link should go to solutions/{nn}-.../")
        listed.append((nn, plain(row[1]), number(row[2]), plain(row[3])))
    for answer in answers:
        if answer not in listed:
            problems.append(f"written answers: exercise {answer[0]}'s `{answer[1]}` ({answer[2]} points, "
                            f"{answer[3]}) is not listed as such")
    for row in listed:
        if row not in answers:
            problems.append(f"written answers: the row {row} matches no graded written answer in solutions/")
    expected = sum(points for _, _, points, _ in answers)
    if total != expected:
        problems.append(f"written answers: the total row says {total}, the written answers are worth {expected}")
    for said in re.findall(r"(\d+) points in all", text):
        if int(said) != expected:
            problems.append(f"grading page: says {said} points in all, the written answers are worth {expected}")
    return problems


def test_the_written_answers_table_matches_the_solutions():
    answers = written_answers()
    assert len({a[0] for a in answers}) == len(EXERCISE_MIN), "every exercise has a written answer"
    problems = grading_table_problems(read(GRADING), answers)
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- (4) links

def md_anchors(text: str) -> set[str]:
    """GitHub's anchors for a markdown file's headings."""
    out = set()
    for heading in re.findall(r"^#{1,6}\s+(.*?)\s*#*$", re.sub(r"```.*?```", "", text, flags=re.S), re.M):
        out.add(re.sub(r"[^\w\- ]", "", plain(heading).lower()).replace(" ", "-"))
    return out


def notebook_anchors(path: Path) -> set[str]:
    """A notebook's heading anchors, both as JupyterLab makes them and in the course's lower-case form."""
    out = set()
    for cell in json.loads(read(path))["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for heading in re.findall(r"^#{1,6}\s+(.*)$", "".join(cell["source"]), re.M):
            text = plain(heading)
            out |= {text.replace(" ", "-"), re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")}
    return out


_LINK = re.compile(r"\]\(([^)\s]+)\)")


def link_problems(files: dict[Path, str]) -> list[str]:
    problems = []
    for path, text in files.items():
        for target in _LINK.findall(re.sub(r"```.*?```|`[^`\n]*`", "", text, flags=re.S)):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue  # http:, https:, mailto:
            where, _, anchor = target.partition("#")
            dest = (path.parent / where).resolve() if where else path
            name = path.relative_to(GUIDE_ROOT) if path.is_relative_to(GUIDE_ROOT) else path
            if not dest.exists():
                problems.append(f"{name}: the link {target} goes nowhere")
            elif anchor and dest.suffix == ".md":
                if anchor not in md_anchors(files.get(dest, read(dest))):
                    problems.append(f"{name}: {target}: no heading with that anchor")
            elif anchor and dest.suffix == ".ipynb" and anchor not in notebook_anchors(dest):
                problems.append(f"{name}: {target}: no heading with that anchor in the notebook")
    return problems


def test_every_relative_link_in_the_guide_resolves():
    problems = link_problems({p.resolve(): read(p) for p in sorted(GUIDE.rglob("*.md"))})
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- (5) quiz ids and graded parts

BANKS = {bank.lesson[:2]: bank for bank in quizbank.all_banks()}
TYPES = {"multiple choice": "multiple", "branching": "branching", "buckets": "buckets"}


def graded_parts() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for path in REPO.glob("solutions/*/*.ipynb"):
        for cell in json.loads(read(path))["cells"]:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("grade"):
                out.setdefault(path.parent.name[:2], set()).add(meta["grade_id"])
    return out


def _known_ids() -> set[str]:
    known = {q.id for bank in BANKS.values() for q in bank.questions}
    known |= {s.id for bank in BANKS.values() for q in bank.questions for s in q.steps}
    known |= set().union(*graded_parts().values())
    known |= {p.stem for p in REPO.glob("tests/fixtures/*/*.yml")}
    pool = yaml.safe_load(read(GUIDE / "final-assessment" / "pool.yml"))
    return known | {q["id"] for q in pool["questions"]}


def quiz_problems(texts: dict[str, str], others: dict[str, str]) -> list[str]:
    problems, parts, known = [], graded_parts(), _known_ids()
    for stem, text in texts.items():
        nn = stem[:2]
        for line in re.findall(r"^- \*\*Quiz:\*\*(.*)$", text, re.M):
            other = re.search(r"lesson (\d\d)(?:'s| bank)", line)
            bank = BANKS.get(other.group(1) if other else nn)
            ids = re.findall(r"`([^`]+)`", line)
            if bank is None or not ids:
                problems.append(f"lessons/{stem}.md: a Quiz line names no bank or no question: {line.strip()}")
                continue
            first = next((q for q in bank.questions if q.id == ids[0]), None)
            if first is None:
                problems.append(f"lessons/{stem}.md: quiz `{ids[0]}` is not in {bank.lesson}'s bank")
                continue
            for label, kind in TYPES.items():
                if f"({label}" in line and first.type != kind:
                    problems.append(f"lessons/{stem}.md: `{first.id}` is a {first.type} question, not {label}")
            for later in ids[1:]:
                if later not in {s.id for s in first.steps} | {q.id for q in bank.questions}:
                    problems.append(f"lessons/{stem}.md: `{later}` is neither a step of `{first.id}` nor a "
                                    f"question of {bank.lesson}'s bank")
        for block in re.findall(r"\*\*Watch in item analysis:\*\*(.*?)(?=\n- \*\*|\n\n|\n#)", text, re.S):
            own = parts.get(nn, set()) | ({q.id for q in BANKS[nn].questions} if nn in BANKS else set())
            for name in re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`", block):
                if name not in own:
                    problems.append(f"lessons/{stem}.md: `{name}` under 'Watch in item analysis' is not a graded "
                                    f"part of exercise {nn} (nor a question of its quiz bank)")
    for name, text in {**{f"lessons/{s}.md": t for s, t in texts.items()}, **others}.items():
        for token in re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`", re.sub(r"```.*?```", "", text, flags=re.S)):
            if token not in known:
                problems.append(f"{name}: `{token}` names no quiz question, branching step, graded part or "
                                f"test fixture of the course")
    return problems


def test_every_quiz_id_and_graded_part_the_pages_name_exists():
    others = {p.name: read(p) for p in (README, GRADING, ROLE_PLAY)}
    problems = quiz_problems(pages(), others)
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- each check can fail

def _bump(text: str, pattern: str, by: int = 5) -> str:
    """`text` with the number in the first match of `pattern` (group "n") changed by `by`."""
    m = re.search(pattern, text, re.M)
    assert m, f"the example to break is gone from the guide: {pattern}"
    return text[:m.start("n")] + str(int(m.group("n")) + by) + text[m.end("n"):]


def _with_page(stem: str, change) -> dict[str, str]:
    texts = pages()
    texts[stem] = change(texts[stem])
    return texts


BROKEN = {
    "a lesson time in the course table": lambda: course_table_problems(
        _bump(read(README), r"^\| 06 \|[^\n]*?\| (?P<n>\d+) min \|")),
    "the course table's total": lambda: course_table_problems(_bump(read(README), r"\| \*\*(?P<n>\d+) min\*\* \|")),
    "the hours in the introduction": lambda: course_table_problems(
        read(README).replace(f"{timing.hours(TOTALS['lessons'])} hours of lessons", "9 hours of lessons", 1)),
    "a page's Times line": lambda: page_times_problems(
        _with_page("13-launch-simulator", lambda t: _bump(t, r"\blesson (?P<n>\d+) min"))),
    "a lesson's minutes in the week plan": lambda: schedule_a_problems(
        _bump(read(README), r"\]\(\.\./notebooks/06-[^)]*\) \((?P<n>\d+)\)")),
    "a week of the cohort's load table": lambda: schedule_a_problems(
        _bump(read(README), r"^\| 3 \| [^|\n]*\| (?P<n>\d+) \|$")),
    "the cohort's total": lambda: schedule_a_problems(
        _bump(read(README), r"^\| \*\*total\*\* \|[^|\n]*\| \*\*(?P<n>\d),")),
    "a session's block": lambda: schedule_a_problems(_bump(read(README), r"(?P<n>\d+)–\d+ lesson 06")),
    "a workshop reading block": lambda: schedule_b_problems(
        _bump(read(README), r"^\| \d\d:\d\d–\d\d:\d\d \| (?P<n>\d+) \| read lesson")),
    "a workshop day's total": lambda: schedule_b_problems(
        _bump(read(README), r"^\| \*\*09:00–16:00\*\* \| \*\*(?P<n>\d+)\*\*")),
    "the workshop's self-paced week": lambda: schedule_b_problems(
        _bump(read(README), r"^\| week 2 \| [^|\n]*\| (?P<n>\d+) \|$")),
    "a page's cohort slot": lambda: slot_problems(read(README), _with_page(
        "05-success", lambda t: _bump(t, r"cohort session \d, minutes (?P<n>\d+)")), read(ROLE_PLAY)),
    "a page's workshop slot": lambda: slot_problems(read(README), _with_page(
        "05-success", lambda t: _bump(t, r"day 1, (?P<n>\d\d):")), read(ROLE_PLAY)),
    "the role-play's timing": lambda: role_play_timing_problems(_bump(read(ROLE_PLAY), r"^\| 25–(?P<n>\d+) \|")),
    "a written answer's points": lambda: grading_table_problems(
        _bump(read(GRADING), r"\| `two-ads` \| (?P<n>\d+) \|", by=-1), written_answers()),
    "the written answers' total": lambda: grading_table_problems(
        _bump(read(GRADING), r"^\| \| \*\*total\*\* \| \*\*(?P<n>\d+)\*\*"), written_answers()),
    "a link": lambda: link_problems({README.resolve(): read(README) + "\n[gone](lessons/99-nowhere.md)\n"}),
    "a heading anchor": lambda: link_problems(
        {GRADING.resolve(): read(GRADING) + "\n[gone](README.md#no-such-heading)\n"}),
    "a quiz id": lambda: quiz_problems(_with_page(
        "06-discovery-vs-delivery", lambda t: t.replace("`riskiest-assumption`", "`riskiest-assumptions`", 1)), {}),
    "a graded part": lambda: quiz_problems({}, {"grading": read(GRADING).replace("`two-ads`", "`kettle-advice`")}),
}


@pytest.mark.parametrize("what", sorted(BROKEN))
def test_each_check_notices_a_broken_copy(what):
    assert BROKEN[what](), f"breaking {what} went unnoticed"
