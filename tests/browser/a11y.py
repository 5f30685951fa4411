"""Accessibility helpers for the browser tests: answer a lesson's quizzes and audit the page with axe-core.

The audit of every lesson runs inside tests/browser/test_lab.py's lesson test, on the lesson run that
test already does (no second run of any lesson). The course's own violations must be none, at every
impact; JupyterLab's are written to artifacts/accessibility/ for an upstream report and not counted.
"""

from __future__ import annotations

import ast
import json
import time
from pathlib import Path

from playwright.sync_api import expect

from ailead import quizbank
from ailead.instructor import browser

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts" / "accessibility"
WAIT = 20_000  # ms: a kernel round trip on a busy 2-core machine


def quiz_calls(lesson: str) -> list[list[str]]:
    """The question ids of every ``quiz.show(...)`` call of a lesson, in order."""
    import nbformat

    nb = nbformat.read(REPO / "notebooks" / f"{lesson}.ipynb", as_version=4)
    calls = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "show":
                    calls.append([a.value for a in node.args[1:] if isinstance(a, ast.Constant)])
    return calls


def answer(box, q, right: bool) -> None:
    """Set up an answer to question ``q`` in its on-screen ``box`` (right or wrong) and press its button."""
    if q.type == "single":
        opt = next(o for o in q.options if o.correct == right)
        box.get_by_role("radio", name=opt.text, exact=True).check()
    elif q.type == "multiple":
        picks = [o.correct for o in q.options] if right else [not o.correct for o in q.options]
        if not any(picks):  # every option is right: a wrong answer leaves all but the first out
            picks = [i == 0 for i in range(len(q.options))]
        boxes = box.get_by_role("checkbox")
        for i, pick in enumerate(picks):
            boxes.nth(i).set_checked(pick)
    elif q.type == "buckets":
        for i, item in enumerate(q.items):
            bucket = item.bucket if right or i else next(b for b in q.buckets if b != item.bucket)
            box.get_by_role("combobox", name=item.text, exact=True).select_option(bucket)
    else:  # branching: one decision at the first step
        opt = next(o for o in q.steps[0].options if o.correct == right)
        box.locator(".ailead-step").get_by_role("radio", name=opt.text, exact=True).check()
    box.locator(".ailead-check").click()


def answered(box, q):
    """A locator that shows up once the answer to ``q`` has come back from the kernel."""
    if q.type == "branching":
        return box.locator(".ailead-consequence").first
    return box.locator(".ailead-feedback [role=alert]")


def answer_each_quiz(page, lesson: str, calls: list[list[str]]) -> None:
    """Answer every quiz of the open lesson once: its first question wrong and, when it has more than one,
    its last question right, so that both kinds of feedback are on the page for the audit."""
    if not calls:  # a notebook without quizzes (the glossary, the progress page) has no bank either
        return
    bank = quizbank.load_lesson(lesson)
    pending = []
    for ids in calls:
        firsts = [(ids[0], False)] + ([(ids[-1], True)] if len(ids) > 1 else [])
        for qid, right in firsts:
            q = bank.question(qid)
            box = page.locator(f".ailead-q-{qid}").first
            answer(box, q, right)
            pending.append(answered(box, q))
    for loc in pending:
        expect(loc).to_be_visible(timeout=WAIT)


def audit(page, name: str) -> list[dict]:
    """axe-core on the page; JupyterLab's own violations go to artifacts/, the course's are returned."""
    start = time.monotonic()
    found = browser.axe_audit(page)
    found["seconds"] = round(time.monotonic() - start, 1)  # what the audit adds to the lesson's test
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.json").write_text(json.dumps(found, indent=1))
    summarise()
    return found["course"]


def summarise() -> Path:
    """One list of JupyterLab's own violations over every audited page (for an upstream report)."""
    rules: dict[tuple[str, str, str], set[str]] = {}
    for path in sorted(ARTIFACTS.glob("*.json")):
        for v in json.loads(path.read_text()).get("jupyterlab", []):
            rules.setdefault((v["rule"], v["impact"] or "", v["help"]), set()).add(v["target"])
    lines = ["# JupyterLab's own accessibility violations (axe-core "
             f"{browser.AXE_VERSION}, WCAG 2.0/2.1/2.2 A and AA)", "",
             "Seen in the browser tests on the course's pages; not the course's content, not counted.", ""]
    for (rule, impact, help_), targets in sorted(rules.items()):
        lines.append(f"- **{rule}** ({impact}): {help_}. Elements: "
                     + ", ".join(f"`{t}`" for t in sorted(targets)[:6]) + (" …" if len(targets) > 6 else ""))
    out = ARTIFACTS / "jupyterlab-violations.md"
    out.write_text("\n".join(lines) + "\n")
    return out


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['rule']} ({v['impact']}): {v['help']} at {v['target']}: {v['html'][:120]}"
                     for v in violations)
