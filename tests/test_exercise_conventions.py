"""Every exercise follows the same conventions, so grades measure a leader's judgement, not Python hygiene.

- **Python lesson 00 teaches.** The model answers use only the constructs lesson 00's "Python just
  enough" teaches (walked on their syntax trees), and every allowed builtin and method appears in lesson
  00's own code, so the list below cannot drift from the lesson.
- **Points for decisions.** Every automatically graded test cell says on its first line what kind of
  thing it checks: ``[decision]`` (the leader's choice or the number it rests on), ``[input check]``
  (refusing bad input) or ``[convention]`` (tie-breaks, ordering, empty input). A cell that mentions
  ``ValueError`` is an input check. Input checks earn at most a quarter of an exercise's automatic
  points, and so do conventions.
- **Rubrics with examples.** Every rubric point of a written answer has an example that earns it and one
  that does not, and the rubric's points add up to the cell's points.
- **One closing template**, with the self-check, for every exercise.
- **Not solvable by importing the course package**: no answer function shares a name with one in ``ailead``.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import textwrap
from pathlib import Path

import nbformat
import pytest

import ailead
from ailead.instructor import grading

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENTS = grading.assignments()
LESSON_00 = REPO / "notebooks" / "00-start-here.ipynb"
SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)

# What lesson 00 teaches (its sections "Python just enough" to "Sorting with a key").
ALLOWED_NODES = (
    ast.Module, ast.Expr, ast.Assign, ast.AugAssign, ast.Return, ast.If, ast.For, ast.FunctionDef,
    ast.arguments, ast.arg, ast.Raise, ast.Pass, ast.Call, ast.keyword, ast.Name, ast.Load, ast.Store,
    ast.Constant, ast.Attribute, ast.Subscript, ast.List, ast.Dict, ast.BinOp, ast.UnaryOp, ast.BoolOp,
    ast.Compare, ast.JoinedStr, ast.FormattedValue, ast.Import, ast.alias,
    ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub, ast.Not, ast.And, ast.Or,
    ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn, ast.Is, ast.IsNot,
)
ALLOWED_BUILTINS = {"len", "sum", "max", "min", "sorted", "round", "abs", "print", "set", "ValueError"}
ALLOWED_METHODS = {"append", "items", "add", "get", "strip", "lower"}
ALLOWED_MODULES = {"math": {"ceil", "sqrt"}}


def _source_nb(assignment: str) -> nbformat.NotebookNode:
    (path,) = (grading.SOLUTIONS / assignment).glob("*.ipynb")
    return nbformat.read(path, as_version=4)


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _model_answers(nb) -> list[tuple[str, str]]:
    out = []
    for cell in nb.cells:
        if cell.cell_type == "code" and _meta(cell).get("solution"):
            for region in SOLUTION.findall(cell.source):
                out.append((_meta(cell)["grade_id"], region))
    return out


def untaught(code: str, known: frozenset[str] = frozenset()) -> list[str]:
    """Constructs in a piece of code that lesson 00 does not teach, one short description each.

    ``known`` names functions the exercise defines elsewhere, which the code may call.
    """
    tree = ast.parse(textwrap.dedent(code))
    defined = known | {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    loop_targets = {id(n.target) for n in ast.walk(tree) if isinstance(n, ast.For)}
    found = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", "?")
        if isinstance(node, ast.Tuple) and id(node) in loop_targets:
            continue  # for key, value in d.items(): lesson 00 teaches this form
        if not isinstance(node, ALLOWED_NODES):
            found.append(f"line {line}: {type(node).__name__}")
        elif isinstance(node, ast.Compare) and len(node.ops) > 1:
            found.append(f"line {line}: a chained comparison (write two comparisons joined by `and`)")
        elif isinstance(node, ast.FormattedValue) and (node.format_spec is not None or node.conversion != -1):
            found.append(f"line {line}: an f-string format spec or !r")
        elif isinstance(node, ast.Raise) and not (
                isinstance(node.exc, ast.Call) and getattr(node.exc.func, "id", "") == "ValueError"):
            found.append(f"line {line}: raise of something other than ValueError")
        elif isinstance(node, ast.Import) and any(a.name not in ALLOWED_MODULES for a in node.names):
            found.append(f"line {line}: import of {[a.name for a in node.names]}")
        elif isinstance(node, ast.AugAssign) and not isinstance(node.op, (ast.Add, ast.Sub)):
            found.append(f"line {line}: augmented assignment other than += and -=")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id not in ALLOWED_BUILTINS and func.id not in defined:
                found.append(f"line {line}: the builtin {func.id}()")
            elif isinstance(func, ast.Attribute):
                owner = func.value.id if isinstance(func.value, ast.Name) else None
                if owner in ALLOWED_MODULES:
                    if func.attr not in ALLOWED_MODULES[owner]:
                        found.append(f"line {line}: {owner}.{func.attr}()")
                elif func.attr not in ALLOWED_METHODS:
                    found.append(f"line {line}: the method .{func.attr}()")
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            found.append(f"line {line}: a slice")
    return found


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_model_answers_use_only_python_that_lesson_00_teaches(assignment):
    nb = _source_nb(assignment)
    # Functions the exercise defines in any cell (answers and set-up) may be called from another answer.
    known = frozenset(name for cell in nb.cells if cell.cell_type == "code"
                      for name in re.findall(r"^def (\w+)\(", cell.source, re.M))
    problems = [f"{gid}: {p}" for gid, code in _model_answers(nb) for p in untaught(code, known)]
    assert not problems, ("model answers use Python that lesson 00 does not teach; teach it there or write the "
                          "answer without it:\n" + "\n".join(problems))


def test_every_allowed_builtin_and_method_appears_in_lesson_00():
    code = "\n".join(c.source for c in nbformat.read(LESSON_00, as_version=4).cells if c.cell_type == "code")
    for name in ALLOWED_BUILTINS - {"ValueError"}:
        assert re.search(rf"\b{name}\(", code), f"lesson 00's code never shows {name}()"
    for name in ALLOWED_METHODS:
        assert f".{name}(" in code, f"lesson 00's code never shows .{name}()"
    for module, names in ALLOWED_MODULES.items():
        for name in names:
            assert f"{module}.{name}(" in code, f"lesson 00's code never shows {module}.{name}()"
    for construct in (" and ", " or ", "not ", "elif ", "+=", " in ", "is None", "round("):
        assert construct in code, f"lesson 00's code never shows {construct.strip()!r}"


def test_the_walker_catches_untaught_python():
    assert untaught("x = [a for a in b]") and untaught("x = a if b else c") and untaught("while x:\n    pass")
    assert untaught("if 0 < x <= 1:\n    pass") and untaught("x = isinstance(a, int)") and untaught("y = x[1:]")
    assert untaught("y = f'{x:.2f}'") and untaught("x = s.split()") and untaught("import os")
    assert not untaught("def f(a, b=2):\n    if a is None or len(a) == 0:\n        raise ValueError(f'{a}')\n"
                        "    total = 0\n    for k, v in a.items():\n        total += v * b\n    return round(total, 6)")


# --------------------------------------------------------------------------- points for decisions

LABEL = re.compile(r"^#.*?\[(decision|input check|convention)\]")


def _auto_cells(nb) -> list:
    return [c for c in nb.cells if _meta(c).get("grade") and not _meta(c).get("solution")]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_graded_test_cell_says_what_it_checks(assignment):
    for cell in _auto_cells(_source_nb(assignment)):
        first = cell.source.splitlines()[0] if cell.source else ""
        m = LABEL.match(first)
        assert m, (f"{_meta(cell)['grade_id']}: the first line names what the test checks, e.g. "
                   f"'# Hidden test [decision]: ...' (or [input check], [convention]); it is {first!r}")
        if "ValueError" in cell.source:
            assert m.group(1) == "input check", (
                f"{_meta(cell)['grade_id']} tests a ValueError, so it is an [input check]: keep the decision "
                "tests in a cell of their own")


def point_split(assignment: str) -> dict[str, float]:
    """Automatic points of an exercise by what they check."""
    split = {"decision": 0.0, "input check": 0.0, "convention": 0.0}
    for cell in _auto_cells(_source_nb(assignment)):
        m = LABEL.match(cell.source.splitlines()[0])
        split[m.group(1) if m else "decision"] += float(_meta(cell)["points"])
    return split


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_input_checks_and_conventions_earn_at_most_a_quarter(assignment):
    split = point_split(assignment)
    total = sum(split.values())
    report = ", ".join(f"{k} {v:g} ({v / total:.0%})" for k, v in split.items())
    assert split["input check"] <= total / 4, f"{assignment}: input checks earn more than a quarter: {report}"
    assert split["convention"] <= total / 4, f"{assignment}: conventions earn more than a quarter: {report}"


# --------------------------------------------------------------------------- rubrics

RUBRIC_POINT = re.compile(r"^- \*\*(\d+(?:\.\d+)?) points?:", re.M)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_rubric_point_has_an_example_that_earns_it_and_one_that_does_not(assignment):
    for cell in _source_nb(assignment).cells:
        meta = _meta(cell)
        if not (meta.get("grade") and meta.get("solution") and cell.cell_type == "markdown"):
            continue
        rubric = cell.source.split("**Rubric", 1)
        assert len(rubric) == 2, f"{meta['grade_id']}: a written answer needs a '**Rubric (N points).**' section"
        bullets = re.split(r"(?m)^(?=- \*\*\d)", rubric[1])[1:]
        points = [float(RUBRIC_POINT.match(b).group(1)) for b in bullets]
        assert sum(points) == meta["points"], (
            f"{meta['grade_id']}: the rubric's points add up to {sum(points):g}, the cell is worth {meta['points']}")
        for bullet in bullets:
            title = bullet.splitlines()[0][:60]
            assert "*Earns it:*" in bullet and "*Does not:*" in bullet, (
                f"{meta['grade_id']}, rubric point {title!r}: add an example answer that earns it "
                "('*Earns it:* \"...\"') and one that does not ('*Does not:* \"...\"')")


# --------------------------------------------------------------------------- one closing template

def closing_cell(assignment: str, written: str, next_step: str) -> str:
    """The last cell every exercise ends with."""
    return (
        "## When you are done\n\n"
        "- Run every cell from the top (**Run → Run All Cells**) and check that each visible test prints its\n"
        "  message.\n"
        "- **Check every test, hidden ones included.** Save the notebook (**Ctrl+S**), then run\n"
        f"  `!ailead check {assignment}.ipynb` in a new cell (or `ailead check` with the notebook's path in a\n"
        "  terminal). It grades a copy exactly as your instructor would, names the first error in your own\n"
        "  code, and never changes your file.\n"
        f"- **Written {written}.** On your own, compare {'it' if written == 'answer' else 'them'} with the model "
        f"{written} and rubric in\n"
        f"  `my-work/solutions/{assignment}/`. In a cohort, your instructor grades "
        f"{'it' if written == 'answer' else 'them'} with the same rubric.\n"
        "- In a cohort: save the notebook and submit it the way your instructor asked.\n\n"
        f"Next: {next_step}"
    )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_exercise_ends_with_the_same_closing_cell(assignment):
    nb = _source_nb(assignment)
    last = nb.cells[-1]
    manual = [c for c in nb.cells if _meta(c).get("grade") and _meta(c).get("solution")]
    written = "answer" if len(manual) == 1 else "answers"
    assert last.cell_type == "markdown" and _meta(last).get("locked")
    found = re.match(r"(?s)^(.*)\nNext: (.+)$", last.source.strip())
    assert found, "the last cell ends with a 'Next: ...' line"
    assert last.source.strip() == closing_cell(assignment, written, found.group(2)).strip(), (
        "the closing cell differs from the course's template (tests/test_exercise_conventions.py: closing_cell)")


# --------------------------------------------------------------------------- the package cannot answer

def _package_names() -> set[str]:
    names = set()
    for info in pkgutil.walk_packages(ailead.__path__, "ailead."):
        try:
            module = importlib.import_module(info.name)
        except Exception:  # a module that needs an optional dependency is not a way to cheat here
            continue
        names |= {n for n in dir(module) if not n.startswith("_") and callable(getattr(module, n))}
    return names


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_answer_can_be_imported_from_the_course_package(assignment):
    defined = {name for cell in _source_nb(assignment).cells if cell.cell_type == "code" and _meta(cell).get("solution")
               for name in re.findall(r"^\s*def (\w+)\(", cell.source, re.M)}
    shared = sorted(defined & _package_names())
    assert not shared, (f"{assignment}: the course package has functions of the same name as answers ({shared}); "
                        "a learner could import them instead of writing them")
