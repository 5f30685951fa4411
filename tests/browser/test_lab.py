"""Every lesson and every kind of quiz, exercised in JupyterLab in a real Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ailead import quizbank
from ailead.instructor import browser

from . import a11y
from .a11y import quiz_calls as _quiz_calls

REPO = Path(__file__).resolve().parents[2]
LESSONS = sorted(p.stem for p in (REPO / "notebooks").glob("*.ipynb"))
SCREENSHOTS = REPO / "artifacts" / "screenshots"
FEEDBACK_WAIT = 15_000  # ms: a kernel round trip, generous for a busy 2-core machine


def _open_and_run(page, lab, lesson: str) -> None:
    browser.open_notebook(page, lab, f"notebooks/{lesson}.ipynb")
    browser.run_all(page)


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_runs_without_errors_and_every_quiz_renders(page, lab, lesson):
    _open_and_run(page, lab, lesson)
    assert browser.cell_errors(page) == []
    calls = _quiz_calls(lesson)
    questions = sum(len(ids) for ids in calls)
    expect(page.locator(".ailead-quiz")).to_have_count(len(calls), timeout=FEEDBACK_WAIT)
    expect(page.locator(".ailead-question")).to_have_count(questions, timeout=FEEDBACK_WAIT)
    for ids in calls:
        for qid in ids:
            expect(page.locator(f".ailead-q-{qid}")).to_be_visible()
    clipped = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.ailead-option span, .ailead-radio label, .ailead-bucket-select label'))
        .filter(s => s.scrollWidth > s.clientWidth + 1).map(s => s.textContent)""")
    assert clipped == [], f"option texts cut off on screen: {clipped[:2]}"
    # Stored pictures are <img>; the progress dashboard and the simulator's debrief are drawn as SVG.
    figures = page.locator(".jp-OutputArea-output img, .jp-OutputArea-output svg[role='img']")
    if lesson not in ("00-start-here", "glossary"):
        assert figures.count() >= 1, "the lesson's figures should be shown as images"
    browser.scroll_to_top(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{lesson}.png"))
    # Accessibility, on this same run: every quiz answered (wrong, and right where it has a second
    # question), then axe-core over the page. The course's own part must have no violation at all.
    a11y.answer_each_quiz(page, lesson, calls)
    course = a11y.audit(page, lesson)
    assert course == [], "accessibility violations in the course's own content:\n" + a11y.describe(course)


# --------------------------------------------------------------------------- one quiz of each type

@pytest.fixture(scope="module")
def lesson00(page, lab):
    """Lesson 00 open and run once; its kernel lives until the quiz tests are done."""
    _open_and_run(page, lab, "00-start-here")
    expect(page.locator(".ailead-quiz")).to_have_count(len(_quiz_calls("00-start-here")), timeout=FEEDBACK_WAIT)
    yield quizbank.load_lesson("00-start-here")
    lab.shutdown_kernels()


def _quiz_of(question):
    return question.locator("xpath=ancestor::*[contains(@class,'ailead-quiz')][1]")


def _score(question) -> tuple[int, int]:
    text = _quiz_of(question).locator(".ailead-score").inner_text()
    solved, total = re.search(r"(\d+) of (\d+)", text).groups()
    return int(solved), int(total)


def _attempts(lab, qid: str) -> list[dict]:
    """Every attempt at a question this session, oldest first (test_accessibility.py answers some too)."""
    lines = [line for log in sorted((lab.home / "attempts").glob("*.jsonl")) for line in log.read_text().splitlines()]
    return sorted((a for a in map(json.loads, lines) if a["question"] == qid), key=lambda a: a["t"])


def _wait_score(question, solved: int) -> None:
    expect(_quiz_of(question).locator(".ailead-score")).to_contain_text(f"{solved} of", timeout=FEEDBACK_WAIT)


def test_single_choice(page, lab, lesson00):
    q = lesson00.question("demo-missing-role")
    box = page.locator(".ailead-q-demo-missing-role")
    wrong = next(o for o in q.options if not o.correct)
    right = next(o for o in q.options if o.correct)
    before = _score(box)[0]
    box.get_by_label(wrong.text, exact=True).check()
    box.locator(".ailead-check").click()
    expect(box.locator(".ailead-feedback")).to_contain_text(wrong.why, timeout=FEEDBACK_WAIT)
    assert _score(box)[0] == before
    box.get_by_label(right.text, exact=True).check()
    box.locator(".ailead-check").click()
    expect(box.locator(".ailead-feedback")).to_contain_text(right.why, timeout=FEEDBACK_WAIT)
    _wait_score(box, before + 1)
    assert [a["correct"] for a in _attempts(lab, "demo-missing-role")][-2:] == [False, True]


def test_multiple_select(page, lab, lesson00):
    q = lesson00.question("py-list-true")
    box = page.locator(".ailead-q-py-list-true")
    boxes = box.locator("input[type=checkbox]")
    wrong_pick = next(i for i, o in enumerate(q.options) if not o.correct)
    boxes.nth(wrong_pick).check()
    box.locator(".ailead-check").click()
    expect(box.locator(".ailead-feedback")).to_contain_text(q.options[wrong_pick].why, timeout=FEEDBACK_WAIT)
    before = _score(box)[0]
    for i, o in enumerate(q.options):
        boxes.nth(i).set_checked(o.correct)
    box.locator(".ailead-check").click()
    _wait_score(box, before + 1)
    assert [a["correct"] for a in _attempts(lab, "py-list-true")][-2:] == [False, True]


def test_sort_into_buckets(page, lab, lesson00):
    q = lesson00.question("diag-roles-buckets")
    box = page.locator(".ailead-q-diag-roles-buckets")
    rows = box.locator(".ailead-item")
    other = {b: next(x for x in q.buckets if x != b) for b in q.buckets}

    def put(i: int, bucket: str) -> None:
        rows.nth(i).locator("select").select_option(bucket)

    for i, item in enumerate(q.items):
        put(i, other[item.bucket] if i == 0 else item.bucket)
    box.locator(".ailead-check").click()
    expect(box.locator(".ailead-feedback")).to_contain_text(q.items[0].why, timeout=FEEDBACK_WAIT)
    before = _score(box)[0]
    put(0, q.items[0].bucket)
    box.locator(".ailead-check").click()
    _wait_score(box, before + 1)
    assert [a["correct"] for a in _attempts(lab, "diag-roles-buckets")][-2:] == [False, True]


def test_branching_scenario(page, lab, lesson00):
    q = lesson00.question("check-failing-test")
    box = page.locator(".ailead-q-check-failing-test")
    first = q.steps[0]
    wrong = next(o for o in first.options if not o.correct)
    box.locator(".ailead-step").get_by_label(wrong.text, exact=True).check()
    box.locator(".ailead-check").click()
    expect(box.locator(".ailead-path")).to_contain_text(wrong.why, timeout=FEEDBACK_WAIT)
    box.locator(".ailead-restart").click()
    before = _score(box)[0]
    step = first
    while True:
        best = next(o for o in step.options if o.correct)
        expect(box.locator(".ailead-step-prompt")).to_contain_text(step.prompt, timeout=FEEDBACK_WAIT)
        box.locator(".ailead-step").get_by_label(best.text, exact=True).check()
        box.locator(".ailead-check").click()
        expect(box.locator(".ailead-path")).to_contain_text(best.why, timeout=FEEDBACK_WAIT)
        if not best.next:
            break
        step = q.step(best.next)
    _wait_score(box, before + 1)
    assert [a["correct"] for a in _attempts(lab, "check-failing-test")][-1] is True


def test_quiz_works_with_the_keyboard(page, lab, lesson00):
    q = lesson00.question("diag-role-po")
    right = next(i for i, o in enumerate(q.options) if o.correct)
    box = page.locator(".ailead-q-diag-role-po")
    box.locator("input[type=radio]").first.focus()
    for _ in range(right):  # Tab moves from option to option
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(box.locator("input[type=radio]").nth(right)).to_be_checked(timeout=FEEDBACK_WAIT)
    for _ in range(10):  # then on to the Check button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('ailead-check')"):
            break
    page.keyboard.press("Enter")
    expect(box.locator(".ailead-feedback")).to_contain_text(q.options[right].why, timeout=FEEDBACK_WAIT)


# --------------------------------------------------------------------------- nbgrader in Lab

def _validate(page, lab, path: str):
    browser.open_notebook(page, lab, path)
    page.locator(".validate-button:visible").click()
    dialog = page.locator(".jp-Dialog")
    expect(dialog).to_be_visible(timeout=120_000)
    expect(dialog.locator(".validation-success, .validation-failed")).to_have_count(1, timeout=120_000)
    return dialog


def test_validate_passes_the_solution(page, lab):
    name = "01-two-roles-one-product"
    dialog = _validate(page, lab, f"solutions/{name}/{name}.ipynb")
    expect(dialog.locator(".validation-success")).to_contain_text("passes all the tests")


def test_validate_reports_failing_tests_of_the_untouched_exercise(page, lab):
    name = "01-two-roles-one-product"
    dialog = _validate(page, lab, f"exercises/{name}/{name}.ipynb")
    expect(dialog.locator(".validation-failed")).to_contain_text("NotImplementedError")


def test_formgrader_opens_for_the_course(page, lab):
    page.goto(lab.url("formgrader"))
    expect(page.get_by_text("Manage Assignments").first).to_be_visible(timeout=60_000)
    expect(page.get_by_text("01-two-roles-one-product").first).to_be_visible(timeout=60_000)


def test_team_diagnostic_answers_in_lab(page, lab):
    from ailead import team

    lesson = "08-which-role-does-your-team-need"
    _open_and_run(page, lab, lesson)
    form = page.locator(".ailead-diagnostic")
    expect(form).to_be_visible(timeout=FEEDBACK_WAIT)
    form.get_by_role("button", name="founders", exact=True).click()  # direction set, nobody owns the backlog
    form.locator(".ailead-diagnostic-run").click()
    expected = team.diagnose({"direction": "founders", "backlog_owner": False, "budget": "ok"})
    expect(form.locator(".ailead-diagnostic-result")).to_contain_text(expected["recommendation"],
                                                                      timeout=FEEDBACK_WAIT)
