"""Accessibility in the real browser: a screen-reader walk through one quiz of each type (names, roles and
states in the accessibility tree, before and after answering), the keyboard and focus, 200 % zoom and
reduced motion. The axe-core audit of every lesson runs in test_lab.py on the lesson runs it already does
(see tests/browser/a11y.py); here lesson 00, which has every question type, is run once.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ailead import quizbank
from ailead.instructor import browser

from . import a11y

LESSON = "00-start-here"
WAIT = a11y.WAIT


@pytest.fixture(scope="module")
def lesson00(page, lab):
    """Lesson 00 open and run once for this module (the name keeps its kernel alive between tests)."""
    missing = browser.axe_missing()
    if missing:
        pytest.skip(missing)
    browser.open_notebook(page, lab, f"notebooks/{LESSON}.ipynb")
    browser.run_all(page)
    expect(page.locator(".ailead-q-check-failing-test")).to_be_visible(timeout=WAIT)
    yield quizbank.load_lesson(LESSON)
    lab.shutdown_kernels()


def _alert(box):
    return box.locator(".ailead-feedback [role=alert]")


def test_screen_reader_walk_single_choice(page, lesson00):
    q = lesson00.question("demo-missing-role")
    box = page.locator(".ailead-q-demo-missing-role")
    radios = box.get_by_role("radio")
    expect(radios).to_have_count(len(q.options))
    for o in q.options:  # each option is a radio button named by its text, none chosen yet
        expect(box.get_by_role("radio", name=o.text, exact=True)).not_to_be_checked()
    expect(box.get_by_role("heading", level=4)).to_have_count(1 if len(_ids(LESSON, q.id)) > 1 else 0)
    wrong, right = (next(o for o in q.options if o.correct == c) for c in (False, True))
    a11y.answer(box, q, right=False)
    expect(box.get_by_role("radio", name=wrong.text, exact=True)).to_be_checked()
    expect(box.get_by_role("radio", checked=True)).to_have_count(1)
    expect(_alert(box)).to_contain_text("Not yet.", timeout=WAIT)
    expect(box.get_by_role("alert")).to_contain_text("Not right:")
    a11y.answer(box, q, right=True)
    expect(box.get_by_role("radio", name=right.text, exact=True)).to_be_checked()
    expect(box.get_by_role("radio", checked=True)).to_have_count(1)  # one choice at a time, by construction
    expect(_alert(box)).to_contain_text("Right", timeout=WAIT)
    snapshot = box.aria_snapshot()
    assert f'radio "{right.text}" [checked]' in snapshot and "- alert:" in snapshot, snapshot


def test_screen_reader_walk_multiple_select(page, lesson00):
    q = lesson00.question("py-list-true")
    box = page.locator(".ailead-q-py-list-true")
    for o in q.options:
        expect(box.get_by_role("checkbox", name=o.text, exact=True)).not_to_be_checked()
    a11y.answer(box, q, right=False)
    expect(_alert(box)).to_contain_text("Not yet", timeout=WAIT)
    a11y.answer(box, q, right=True)
    for o in q.options:
        checkbox = box.get_by_role("checkbox", name=o.text, exact=True)
        (expect(checkbox).to_be_checked if o.correct else expect(checkbox).not_to_be_checked)()
    expect(_alert(box)).to_contain_text("Right", timeout=WAIT)


def test_screen_reader_walk_buckets(page, lesson00):
    q = lesson00.question("diag-roles-buckets")
    box = page.locator(".ailead-q-diag-roles-buckets")
    for item in q.items:  # each item is a drop-down named by the item; its value is the chosen bucket
        expect(box.get_by_role("combobox", name=item.text, exact=True)).to_have_value("")
    a11y.answer(box, q, right=False)
    expect(_alert(box)).to_contain_text("Not yet", timeout=WAIT)
    a11y.answer(box, q, right=True)
    for item in q.items:
        expect(box.get_by_role("combobox", name=item.text, exact=True)).to_have_value(item.bucket)
    snapshot = box.aria_snapshot()
    first = q.items[0]
    assert f'combobox "{first.text}"' in snapshot and f'option "{first.bucket}" [selected]' in snapshot, snapshot
    expect(_alert(box)).to_contain_text("Right", timeout=WAIT)


def test_screen_reader_walk_branching_and_focus(page, lesson00):
    q = lesson00.question("check-failing-test")
    box = page.locator(".ailead-q-check-failing-test")
    step = q.steps[0]
    for o in step.options:
        expect(box.get_by_role("radio", name=o.text, exact=True)).not_to_be_checked()
    while True:  # the best path, pressing Choose with the keyboard: focus stays on it between steps
        best = next(o for o in step.options if o.correct)
        box.get_by_role("radio", name=best.text, exact=True).check()
        choose = box.get_by_role("button", name="Choose", exact=True)
        choose.focus()
        page.keyboard.press("Enter")
        expect(box.locator(".ailead-path")).to_contain_text(best.why[:40], timeout=WAIT)
        if not best.next:
            break
        step = q.step(best.next)
        expect(box.locator(".ailead-step-prompt")).to_contain_text(step.prompt[:40], timeout=WAIT)
        expect(box.get_by_role("alert")).to_contain_text("Best choice")
        assert page.evaluate("document.activeElement.classList.contains('ailead-check')"), "focus lost"
    restart = box.get_by_role("button", name="Start again", exact=True)
    expect(restart).to_be_focused(timeout=WAIT)  # the Choose button went with the last step
    expect(_alert(box)).to_contain_text("Right", timeout=WAIT)
    page.keyboard.press("Enter")
    expect(box.get_by_role("button", name="Choose", exact=True)).to_be_focused(timeout=WAIT)


def test_keyboard_only_with_visible_focus(page, lesson00):
    """Tab reaches every option (each radio button is a stop), Space ticks, Enter checks; focus is drawn
    and stays on the Check button after the answer and after a retry."""
    q = lesson00.question("diag-role-po")
    right = next(i for i, o in enumerate(q.options) if o.correct)
    wrong = next(i for i, o in enumerate(q.options) if not o.correct)
    box = page.locator(".ailead-q-diag-role-po")
    check = box.locator(".ailead-check")
    for pick, word in ((wrong, "Not yet"), (right, "Right")):
        box.get_by_role("radio").first.focus()
        for _ in range(pick):
            page.keyboard.press("Tab")
        page.keyboard.press("Space")
        expect(box.get_by_role("radio", name=q.options[pick].text, exact=True)).to_be_checked(timeout=WAIT)
        outline = page.evaluate("getComputedStyle(document.activeElement.closest('label')).outlineStyle")
        assert outline != "none", "the focused option shows no focus ring"
        for _ in range(len(q.options) + 3):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('ailead-check')"):
                break
        page.keyboard.press("Enter")
        expect(_alert(box)).to_contain_text(word, timeout=WAIT)
        expect(check).to_be_focused()
        style = check.evaluate("b => getComputedStyle(b).outlineStyle + ' ' + getComputedStyle(b).outlineWidth")
        assert not style.startswith("none"), f"the focused Check button shows no focus ring ({style})"


def test_zoom_200_percent_keeps_quizzes_inside_the_page(page, lesson00):
    """200 % zoom of a 1280 px window is a 640 px wide page: no quiz may need horizontal scrolling."""
    size = page.viewport_size
    page.set_viewport_size({"width": 640, "height": 800})
    try:
        page.wait_for_timeout(500)
        overflow = page.evaluate("""() => {
            const bad = [];
            for (const quiz of document.querySelectorAll('.ailead-quiz')) {
                const area = quiz.closest('.jp-OutputArea-output').getBoundingClientRect();
                for (const el of [quiz, ...quiz.querySelectorAll('*')]) {
                    const r = el.getBoundingClientRect();
                    if (!r.width) continue;
                    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible'
                        || r.right > area.right + 1) {
                        bad.push(`${el.tagName}.${el.className}: ${Math.round(r.right)} > ${Math.round(area.right)}`);
                    }
                }
            }
            return bad;
        }""")
        assert overflow == [], f"quiz parts wider than the page at 200 %: {overflow[:5]}"
        page.locator(".ailead-q-diag-roles-buckets").scroll_into_view_if_needed()
        a11y.ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(a11y.ARTIFACTS / "zoom-200-buckets.png"))
    finally:
        page.set_viewport_size(size)


def test_nothing_moves_with_reduced_motion(page, lesson00):
    page.emulate_media(reduced_motion="reduce")
    try:
        moving = page.evaluate("""() => {
            const els = document.querySelectorAll(
                '.jp-OutputArea-output, .jp-OutputArea-output *, .jp-RenderedMarkdown, .jp-RenderedMarkdown *');
            const secs = s => s.split(',').map(x => parseFloat(x) || 0);
            const bad = [];
            for (const el of els) {
                const cs = getComputedStyle(el);
                const anim = cs.animationName !== 'none' && Math.max(...secs(cs.animationDuration)) > 0;
                const trans = Math.max(...secs(cs.transitionDuration)) > 0;
                if (anim || trans) {
                    bad.push(`${el.tagName}.${el.className} ${cs.animationName} ${cs.transitionDuration}`);
                }
            }
            for (const img of document.querySelectorAll('.jp-OutputArea-output img, .jp-RenderedMarkdown img')) {
                if (/\\.gif|image\\/gif|\\.apng|image\\/webp/i.test(img.src)) {
                    bad.push('animated image ' + img.src.slice(0, 40));
                }
            }
            return bad;
        }""")
        assert moving == [], f"things that still move with reduced motion: {moving[:5]}"
    finally:
        page.emulate_media(reduced_motion="no-preference")


def test_lesson00_audit_after_answers(page, lesson00):
    """Every question type answered right and wrong above: the course's part of the page has no violation."""
    course = a11y.audit(page, f"{LESSON}-answered")
    assert course == [], "accessibility violations in the course's own content:\n" + a11y.describe(course)
    # The audit can fail: a nameless control and an image without alt text in an output are caught.
    page.evaluate("""() => {
        const out = document.querySelector('.jp-OutputArea-output');
        const bad = document.createElement('div');
        bad.id = 'ailead-a11y-probe';
        bad.innerHTML = '<img src="data:image/png;base64,iVBORw0KGgo=" class="probe"><input type="checkbox">';
        out.appendChild(bad);
    }""")
    try:
        probe = {v["rule"] for v in browser.axe_audit(page)["course"]}
    finally:
        page.evaluate("() => document.getElementById('ailead-a11y-probe').remove()")
    assert {"image-alt", "label", "figure-alt-text"} <= probe, probe


def _ids(lesson: str, qid: str) -> list[str]:
    """The question ids of the quiz (show call) that holds ``qid``."""
    return next(ids for ids in a11y.quiz_calls(lesson) if qid in ids)
