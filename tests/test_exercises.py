"""The exercises: generated from solutions/ without drift, free of hidden tests, and graded honestly.

For every exercise, nbgrader really autogrades: the solution earns every automatic point, the
untouched student version earns zero, and each realistic wrong submission in tests/fixtures/ earns
exactly the partial score written next to it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
import yaml

from ailead.instructor import grading

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
ASSIGNMENTS = grading.assignments()
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", re.S)
SOLUTION = re.compile(r"### BEGIN SOLUTION.*?### END SOLUTION", re.S)


def _source_nb(assignment: str) -> tuple[str, nbformat.NotebookNode]:
    (path,) = (grading.SOLUTIONS / assignment).glob("*.ipynb")
    return path.name, nbformat.read(path, as_version=4)


def _release_nb(assignment: str, name: str) -> nbformat.NotebookNode:
    return nbformat.read(grading.EXERCISES / assignment / name, as_version=4)


def _auto_points(nb: nbformat.NotebookNode) -> dict[str, float]:
    return {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["points"] for c in nb.cells
            if c.get("metadata", {}).get("nbgrader", {}).get("grade")
            and not c.metadata["nbgrader"].get("solution")}


def _fixtures(assignment: str) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text()) for p in sorted((FIXTURES / assignment).glob("*.yml"))}


def test_every_exercise_has_source_release_and_fixtures():
    assert ASSIGNMENTS, "solutions/ has no exercises"
    assert sorted(p.name for p in grading.EXERCISES.iterdir() if p.is_dir()) == ASSIGNMENTS
    for a in ASSIGNMENTS:
        assert len(_fixtures(a)) >= 2, f"{a}: tests/fixtures/{a}/ needs at least two realistic wrong submissions"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A scratch course; each exercise is generated afresh from solutions/ the first time it is needed."""
    folder = grading.scratch_course(tmp_path_factory.mktemp("course"))
    generated: set[str] = set()

    def generated_course(assignment: str) -> Path:
        if assignment not in generated:
            grading.generate(folder, assignment)
            generated.add(assignment)
        return folder

    return generated_course


def _comparable(path: Path) -> object:
    return json.loads(path.read_text()) if path.suffix == ".ipynb" else path.read_bytes()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_exercises_are_exactly_what_nbgrader_generates(course, assignment):
    fresh, committed = course(assignment) / "exercises" / assignment, grading.EXERCISES / assignment
    fresh_files = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    committed_files = sorted(p.relative_to(committed) for p in committed.rglob("*") if p.is_file())
    assert fresh_files == committed_files
    for rel in fresh_files:
        assert _comparable(fresh / rel) == _comparable(committed / rel), (
            f"exercises/{assignment}/{rel} has drifted from solutions/. Regenerate it: "
            f"`nbgrader generate_assignment {assignment} --force` (see README), then commit.")


def _secret_lines(nb: nbformat.NotebookNode) -> set[str]:
    """Lines that only the source notebook may hold: hidden tests, solution regions, model answers.

    A line that the source also shows the student elsewhere (a scaffold in the instructions) is not
    a secret.
    """
    secret, public = set(), set()
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        regions = HIDDEN.findall(cell.source) + SOLUTION.findall(cell.source)
        rest = SOLUTION.sub("", HIDDEN.sub("", cell.source))
        if cell.cell_type == "markdown" and meta.get("solution"):
            regions, rest = [cell.source], ""
        for region in regions:
            secret |= {line.strip() for line in region.splitlines()}
        public |= {line.strip() for line in rest.splitlines()}
    return {line for line in secret - public if len(line) >= 12 and not line.startswith("###")}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_hidden_test_or_solution_text_in_exercises(assignment):
    _, source = _source_nb(assignment)
    secret = _secret_lines(source)
    assert len(secret) > 10, "test setup: expected to find the source notebook's hidden tests and solutions"
    for path in grading.EXERCISES.rglob("*"):
        if not path.is_file():
            continue
        text = path.read_text(errors="replace")
        for marker in ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN SOLUTION", "END SOLUTION"):
            assert marker not in text, f"{path.relative_to(REPO)} contains {marker!r}"
        if assignment not in path.parts:
            continue  # another exercise may show a common line such as `except ValueError:` on purpose
        leaked = sorted(line for line in secret if line in text)
        assert not leaked, f"{path.relative_to(REPO)} leaks source-only text: {leaked[:3]}"


@pytest.fixture(scope="module")
def graded(course):
    """Autograde, once per exercise: the solution, the untouched version and every fixture."""
    results: dict[str, dict] = {}

    def scores_of(a: str) -> dict:
        if a not in results:
            folder = course(a)
            name, source = _source_nb(a)
            release = _release_nb(a, name)
            solved = grading.fill_answers(release, grading.solution_answers(source))
            grading.submit(folder, "solution", a, {name: solved})
            grading.submit(folder, "untouched", a, {name: release})
            for fixture, spec in _fixtures(a).items():
                grading.submit(folder, fixture, a, {name: grading.fill_answers(release, spec["answers"])})
            grading.autograde(folder, a)
            results[a] = grading.scores(folder, a)
        return results[a]

    return scores_of


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_earns_every_automatic_point(graded, assignment):
    points = _auto_points(_source_nb(assignment)[1])
    result = graded(assignment)["solution"]
    assert result["auto_score"] == sum(points.values()) > 0
    for part, p in points.items():
        assert result["parts"][part] == p, f"the solution lost points on {part}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_student_version_earns_zero(graded, assignment):
    result = graded(assignment)["untouched"]
    assert result["score"] == 0, f"untouched version scored {result['parts']}"


def _fixture_cases():
    return [(a, f) for a in ASSIGNMENTS for f in _fixtures(a)]


@pytest.mark.parametrize(("assignment", "fixture"), _fixture_cases())
def test_wrong_submission_earns_expected_partial_score(graded, assignment, fixture):
    spec = _fixtures(assignment)[fixture]
    points = _auto_points(_source_nb(assignment)[1])
    unknown = set(spec["expected"]) - set(points)
    assert not unknown, f"fixture names parts that do not exist: {unknown}"
    expected = {part: float(spec["expected"].get(part, 0)) for part in points}
    actual = {part: graded(assignment)[fixture]["parts"][part] for part in points}
    assert actual == expected
    total = sum(expected.values())
    assert 0 < total < sum(points.values()), "a 'wrong submission' fixture should earn partial marks"


def test_ailead_check_recognises_every_exercise_without_its_file_name():
    """`ailead check` must not mistake one exercise for another: cells like `intro` exist in all of them."""
    from ailead.instructor import check

    for assignment in ASSIGNMENTS:
        name, _ = _source_nb(assignment)
        data = (grading.EXERCISES / assignment / name).read_bytes()
        assert check.guess_assignment(data) == assignment
        assert check.guess_assignment(data, "renamed.ipynb") == assignment
        assert check.guess_assignment(b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}',
                                      f"{assignment}.ipynb") == assignment
