"""Every lesson follows the course conventions (see ../shared/curriculum.md and the README)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from ailead import quizbank

REPO = Path(__file__).resolve().parents[1]
# Numbered lessons only: notebooks/progress.ipynb (the learner dashboard) is not a lesson.
LESSONS = sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
IDS = [p.stem for p in LESSONS]


def _nb(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _quiz_calls(nb) -> list[tuple[int, str, list[str]]]:
    """(cell index, lesson, question ids) of every quiz.show(...) call."""
    calls = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "show"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "quiz"):
                args = [a.value for a in node.args if isinstance(a, ast.Constant)]
                calls.append((i, args[0], args[1:]))
    return calls


def test_lessons_are_numbered_in_order():
    assert IDS[:2] == ["00-start-here", "01-two-roles-one-product"]
    for n, stem in enumerate(IDS):
        assert re.match(rf"^{n:02d}-[a-z0-9-]+$", stem), f"{stem}: lessons are NN-short-name, numbered without gaps"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_opening_cell(path):
    first = _nb(path).cells[0]
    assert first.cell_type == "markdown"
    number = path.stem[:2]
    assert first.source.startswith(f"# {number} · "), "the first line is the title: '# NN · Title'"
    for phrase in ("Estimated time", "Prerequisites"):
        assert phrase in first.source, f"the opening cell should state {phrase}"
    objectives = re.findall(r"^\d\. \*\*[A-Z][a-z]+\*\*", first.source, re.M)
    assert 3 <= len(objectives) <= 4, "3-4 numbered objectives, each starting with a bold measurable verb"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_committed_without_outputs(path):
    for cell in _nb(path).cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "clear outputs before committing"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_quizzes_use_the_lessons_own_bank_completely(path):
    nb = _nb(path)
    calls = _quiz_calls(nb)
    assert len(calls) >= 2, "at least two quiz moments per lesson"
    bank = quizbank.load_lesson(path.stem)
    used = []
    for _, lesson, ids in calls:
        assert lesson == path.stem, f"a quiz in {path.name} draws on another lesson's bank: {lesson}"
        for qid in ids:
            bank.question(qid)
        used += ids
    assert len(used) == len(set(used)), "a question is shown twice"
    assert sorted(used) == sorted(q.id for q in bank.questions), "every question in the bank is shown once"
    assert len({bank.question(q).type for q in used}) >= 2, "at least two question types"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_quiz_moments_are_spread_through_the_lesson(path):
    nb = _nb(path)
    positions = [i for i, _, _ in _quiz_calls(nb)]
    assert positions[0] < len(nb.cells) / 2, "the first quiz should come before the middle of the lesson"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_every_figure_has_alt_text(path):
    nb = _nb(path)
    figures = 0
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and re.search(r"\bfigures\.\w+\(|\bplt\.", cell.source):
            figures += 1
            before = nb.cells[i - 1]
            assert before.cell_type == "markdown" and "**Figure (alt text):**" in before.source, (
                f"cell {i} draws a figure: the markdown cell just before it needs a '**Figure (alt text):**' line")
    if path.stem != "00-start-here":
        assert figures >= 1, "every lesson after 00 has at least one figure"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_closing_key_points(path):
    nb = _nb(path)
    last = [c for c in nb.cells if c.cell_type == "markdown"][-1]
    assert "## Key points" in last.source
    section = last.source.split("## Key points", 1)[1]
    bullets = re.findall(r"^- ", section, re.M)
    assert 5 <= len(bullets) <= 7, f"{len(bullets)} key points; the course uses 5-7"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_relative_links_resolve(path):
    for cell in _nb(path).cells:
        if cell.cell_type != "markdown":
            continue
        for target in re.findall(r"\]\(([^)\s]+)\)", cell.source):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue
            assert (path.parent / target.split("#")[0]).resolve().exists(), f"broken link: {target}"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_lesson_links_to_its_exercise_and_the_next_lesson(path):
    text = "\n".join(c.source for c in _nb(path).cells if c.cell_type == "markdown")
    if (REPO / "solutions" / path.stem).exists():
        assert f"../exercises/{path.stem}/{path.stem}.ipynb" in text
    index = IDS.index(path.stem)
    if index + 1 < len(IDS):
        assert f"]({IDS[index + 1]}.ipynb)" in text, "link to the next lesson"
    else:  # the last lesson leads to the capstone and to the learner's progress dashboard
        assert "](../exercises/14-capstone/14-capstone.ipynb)" in text and "](progress.ipynb)" in text
