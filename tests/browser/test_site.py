"""The browser version of the course (``make site``), built here and driven in Chromium over 127.0.0.1.

Every lesson runs top to bottom with no error; one quiz of each type is answered wrong then right and
recorded; the progress record lives in the browser's storage and survives a reload; an exercise explains
what needs the full course; a learner's saved edits survive a reload and a newer version of the course; and
no request of the page or its workers goes anywhere but the site's own address (every other host is
aborted and listed, and the list must stay empty).
"""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from playwright.sync_api import expect

from ailead import quizbank
from ailead.instructor import browser, site
from ailead.instructor.course import REPO

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
LESSONS = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
PANEL = "window.jupyterapp.shell.currentWidget"
WAIT = 20_000


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    missing = browser.chromium_missing() or (None if shutil.which("npm") else
                                             "npm is missing (it fetches Pyodide): `sudo apt-get install npm`; "
                                             "`make system-deps` installs it")
    if missing:
        pytest.skip(missing)
    out = tmp_path_factory.mktemp("site") / "site"
    facts = site.build(out, echo=lambda *a: None)
    return out, facts


@pytest.fixture(scope="module")
def served(built):
    out, _ = built
    with browser.static_server(out) as base:
        yield out, base


@pytest.fixture(scope="module")
def tab(served):
    """One browser for the whole module (its storage is the learner's), only allowed to reach the site."""
    _, base = served
    with browser.local_only_chromium(base) as local:
        local.page.set_default_timeout(60_000)
        yield local
        assert local.blocked == [], f"requests to other hosts: {local.blocked[:5]}"


@pytest.fixture
def page(tab):
    """A page of its own for each test: closing it stops the Python workers it started."""
    fresh = tab.context.new_page()
    fresh.set_default_timeout(120_000)
    yield fresh
    shots = REPO / "artifacts" / "site"
    shots.mkdir(parents=True, exist_ok=True)
    try:
        fresh.screenshot(path=str(shots / "last-page.png"))
        browser.close_site_notebooks(fresh)
    except Exception:  # a screenshot is a help for a person; the page is closed either way
        pass
    fresh.close()


def _run_all(page, timeout: float = 240) -> None:
    page.evaluate("async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_function(
        f"() => {PANEL}.content.widgets.every(c => c.model.type !== 'code' || c.model.executionCount)"
        f" && {PANEL}.sessionContext.session.kernel.status === 'idle'", timeout=timeout * 1000)


def _source_of_first_cell(page) -> str:
    return page.evaluate(f"() => {PANEL}.content.widgets[0].model.sharedModel.getSource()")


# --------------------------------------------------------------------------- the build's promises

def test_the_site_serves_everything_itself_within_budget(built):
    out, facts = built
    assert facts["bytes"] <= site.MAX_MB * 1024 * 1024
    cfg = json.loads((out / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = cfg["litePluginSettings"][site.KERNEL_PLUGIN]
    assert kernel["pyodideUrl"].startswith("./") and kernel["disablePyPIFallback"] is True
    lock = json.loads((out / "static" / "pyodide" / "pyodide-lock.json").read_text())
    for name, entry in lock["packages"].items():
        wheel = out / "static" / "pyodide" / entry["file_name"]
        assert hashlib.sha256(wheel.read_bytes()).hexdigest() == entry["sha256"], name
    assert {"ailead", "ipywidgets", "pyyaml", "ipython", "micropip"} <= set(lock["packages"])
    assert not {"matplotlib", "nbgrader", "numpy"} & set(lock["packages"]), "only the learner's runtime is served"
    served = {p.relative_to(out / "files").as_posix() for p in (out / "files").rglob("*.ipynb")}
    assert {f"notebooks/{n}" for n in LESSONS} <= served
    assert "exercises/01-two-roles-one-product/01-two-roles-one-product.ipynb" in served
    assert not [p for p in served if p.startswith("solutions/")], "model answers stay out of the browser version"


def test_a_build_that_would_reach_a_cdn_fails(built, tmp_path):
    out, _ = built
    copy = tmp_path / "copy"
    shutil.copytree(out / "static" / "pyodide", copy / "static" / "pyodide")
    cfg = json.loads((out / "jupyter-lite.json").read_text())
    cfg["jupyter-config-data"]["litePluginSettings"][site.KERNEL_PLUGIN]["pyodideUrl"] = \
        "https://cdn.jsdelivr.net/pyodide/v0/full/pyodide.mjs"
    (copy / "jupyter-lite.json").write_text(json.dumps(cfg))
    with pytest.raises(site.SiteError, match="not an address on the site itself"):
        site.verify(copy)


# --------------------------------------------------------------------------- lessons and quizzes

# Runs every lesson's code cells, in order, each lesson in a fresh namespace, in the browser's own Python; the
# last line of a figure cell is evaluated, so the test sees what the lesson would show.
RUN_EVERY_LESSON = """
import ailead, ipywidgets, yaml  # imports in the cell itself make the page load the course's runtime
import ast, json
from pathlib import Path
results = {}
for path in sorted(Path("/drive/notebooks").glob("*.ipynb")):
    cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    namespace, errors, shown = {}, [], []
    for cell in cells:
        source = "".join(cell["source"])
        try:
            tree = ast.parse(source)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, path.name, "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), path.name, "eval"), namespace)
                if "figures." in source:
                    shown.append(type(value).__name__)
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
            break
    results[path.name] = {"errors": errors, "figures": shown}
print("RESULTS " + json.dumps(results))
"""


def test_every_lesson_runs_in_the_browser(tab, served):
    """Every lesson and the progress notebook, top to bottom, in Python running in the page."""
    _, base = served
    page = tab.context.new_page()
    page.set_default_timeout(300_000)
    try:
        page.goto(f"{base}/lab/index.html")
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.serviceManager.contents")
        page.evaluate("""async (code) => {
            await window.jupyterapp.serviceManager.contents.save('run-every-lesson.ipynb', {type: 'notebook',
              format: 'json', content: {nbformat: 4, nbformat_minor: 5, metadata: {kernelspec: {name: 'python',
              display_name: 'Python (Pyodide)', language: 'python'}}, cells: [{cell_type: 'code', id: 'run',
              metadata: {}, outputs: [], execution_count: null, source: code}]}});
        }""", RUN_EVERY_LESSON)
        browser.open_site_notebook(page, base, "run-every-lesson.ipynb")
        _run_all(page, timeout=600)
        text = page.evaluate(f"() => {PANEL}.content.widgets[0].model.outputs.toJSON()"
                             ".map(o => o.text || '').join('')")
        results = json.loads(text.split("RESULTS ", 1)[1])
    finally:
        browser.close_site_notebooks(page)
        page.close()
    assert sorted(results) == sorted(LESSONS)
    for lesson, result in results.items():
        assert result["errors"] == [], f"{lesson}: {result['errors']}"
        if lesson.startswith("13-"):  # the simulator's debrief is drawn in the page from the game played
            assert set(result["figures"]) == {"SimFigure"}, f"{lesson} shows {result['figures']}"
        elif lesson[:2].isdigit() and lesson[:2] != "00":
            assert result["figures"] and set(result["figures"]) == {"StoredFigure"}, (
                f"{lesson} shows {result['figures']}: every lesson figure comes from the stored pictures")
    assert results["progress.ipynb"]["figures"] == ["ProgressFigure"], "the dashboard is drawn in the page"


def test_a_lesson_with_figures_renders_in_the_page(tab, served):
    _, base = served
    page = tab.context.new_page()
    page.set_default_timeout(180_000)
    try:
        browser.open_site_notebook(page, base, "notebooks/03-goals.ipynb")
        _run_all(page)
        assert browser.cell_errors(page) == []
        images = page.locator("img.ailead-figure")
        assert images.count() >= 2 and all(len(images.nth(i).get_attribute("alt")) > 50 for i in range(2))
        assert page.locator(".ailead-quiz").count() >= 3
    finally:
        browser.close_site_notebooks(page)
        page.close()


def _score(box) -> int:
    return int(box.locator("xpath=ancestor::*[contains(@class,'ailead-quiz')]").locator(".ailead-score")
               .inner_text().split(" of ")[0].split()[-1])


def test_one_quiz_of_each_type_wrong_then_right_and_recorded(page, served):
    _, base = served
    bank = quizbank.load_lesson("00-start-here")
    browser.open_site_notebook(page, base, "notebooks/00-start-here.ipynb")
    _run_all(page)

    single = bank.question("demo-missing-role")
    box = page.locator(".ailead-q-demo-missing-role")
    box.get_by_label(next(o for o in single.options if not o.correct).text, exact=True).check()
    box.locator(".ailead-check").click()
    expect(box.locator(".ailead-feedback")).to_contain_text("Not the best answer", timeout=WAIT)
    box.get_by_label(next(o for o in single.options if o.correct).text, exact=True).check()
    box.locator(".ailead-check").click()
    expect(box.locator(".ailead-feedback")).to_contain_text(next(o for o in single.options if o.correct).why,
                                                            timeout=WAIT)

    multiple = bank.question("py-list-true")
    box = page.locator(".ailead-q-py-list-true")
    boxes = box.locator("input[type=checkbox]")
    boxes.nth(next(i for i, o in enumerate(multiple.options) if not o.correct)).check()
    box.locator(".ailead-check").click()
    expect(box.locator(".ailead-feedback")).to_contain_text("✘", timeout=WAIT)
    for i, o in enumerate(multiple.options):
        boxes.nth(i).set_checked(o.correct)
    box.locator(".ailead-check").click()
    expect(box.locator(".ailead-feedback")).to_contain_text("✔", timeout=WAIT)

    buckets = bank.question("diag-roles-buckets")
    box = page.locator(".ailead-q-diag-roles-buckets")
    rows = box.locator(".ailead-item")
    other = {b: next(x for x in buckets.buckets if x != b) for b in buckets.buckets}
    for i, item in enumerate(buckets.items):
        rows.nth(i).locator("select").select_option(other[item.bucket] if i == 0 else item.bucket)
    box.locator(".ailead-check").click()
    expect(box.locator(".ailead-feedback")).to_contain_text("✘", timeout=WAIT)
    rows.nth(0).locator("select").select_option(buckets.items[0].bucket)
    box.locator(".ailead-check").click()
    expect(box.locator(".ailead-feedback")).to_contain_text("✔", timeout=WAIT)

    branching = bank.question("check-failing-test")
    box = page.locator(".ailead-q-check-failing-test")
    first = branching.steps[0]
    wrong = next(o for o in first.options if not o.correct)
    box.locator(".ailead-step").get_by_label(wrong.text, exact=True).check()
    box.locator(".ailead-check").click()
    expect(box.locator(".ailead-path")).to_contain_text(wrong.why[:40], timeout=WAIT)
    taken = wrong
    while taken.next:  # the wrong path may go on: follow it to its end
        step = branching.step(taken.next)
        expect(box.locator(".ailead-step-prompt")).to_contain_text(step.prompt[:40], timeout=WAIT)
        taken = step.options[0]
        box.locator(".ailead-step").get_by_label(taken.text, exact=True).check()
        box.locator(".ailead-check").click()
    expect(box.locator(".ailead-restart")).to_be_visible(timeout=WAIT)
    box.locator(".ailead-restart").click()
    step = first
    while True:
        expect(box.locator(".ailead-step-prompt")).to_contain_text(step.prompt[:40], timeout=WAIT)
        best = next(o for o in step.options if o.correct)
        box.locator(".ailead-step").get_by_label(best.text, exact=True).check()
        box.locator(".ailead-check").click()
        if not best.next:
            break
        step = branching.step(best.next)
    expect(box.locator(".ailead-feedback")).to_contain_text("best choice", timeout=WAIT)


def test_progress_lives_in_the_browser_and_survives_a_reload(page, served):
    _, base = served
    browser.open_site_notebook(page, base, "notebooks/progress.ipynb")
    _run_all(page)
    text = page.evaluate(f"() => {PANEL}.content.node.innerText")
    assert "/drive/ailead-progress" in text, "the record lives in the browser's storage for this site"
    assert "Nothing yet" not in text and "Start here: how the course works" in text
    listing = page.evaluate("async () => { const r = await window.jupyterapp.serviceManager.contents.get("
                            "'ailead-progress/attempts', {content: true}); return r.content.map(f => f.name); }")
    assert listing and all(name.endswith(".jsonl") for name in listing)


# --------------------------------------------------------------------------- exercises and the learner's edits

def test_an_exercise_explains_what_needs_the_full_course(page, served):
    _, base = served
    browser.open_site_notebook(page, base, "exercises/01-two-roles-one-product/01-two-roles-one-product.ipynb")
    note = page.locator(".jp-MarkdownCell", has_text="browser version of the course")
    expect(note).to_contain_text("hidden tests", timeout=WAIT)
    expect(note).to_contain_text("Download", timeout=WAIT)
    page.evaluate(f"""async () => {{
        const nb = {PANEL}.content;
        nb.activeCellIndex = nb.widgets.findIndex(c => c.model.type === 'code');
        await window.jupyterapp.commands.execute('notebook:run-cell');
    }}""")
    page.wait_for_function(f"() => {PANEL}.content.activeCell && {PANEL}.sessionContext.session.kernel.status"
                           " === 'idle'")
    assert browser.cell_errors(page) == [], "the exercise's set-up runs in the browser"


def test_saved_edits_survive_a_reload_and_a_newer_version_of_the_course(tab, page, served, tmp_path):
    out, base = served
    browser.open_site_notebook(page, base, "notebooks/02-focus.ipynb")
    page.evaluate(f"""async () => {{
        const cell = {PANEL}.content.widgets[0].model.sharedModel;
        cell.setSource(cell.getSource() + '\\n\\nMY OWN NOTE');
        await window.jupyterapp.commands.execute('docmanager:save');
    }}""")
    # A newer version of the course is published at the same address: lessons 01 and 02 change.
    newer = tmp_path / "course"
    for folder in ("notebooks", "exercises"):
        shutil.copytree(REPO / folder, newer / folder)
    for name in ("01-two-roles-one-product", "02-focus"):
        path = newer / "notebooks" / f"{name}.ipynb"
        nb = json.loads(path.read_text())
        nb["cells"][0]["source"].append("\n\nNEWER VERSION OF THE COURSE")
        path.write_text(json.dumps(nb))
    browser.close_site_notebooks(page)
    site.build(out, echo=lambda *a: None, repo=newer)
    for path, expected, absent in (("notebooks/02-focus.ipynb", "MY OWN NOTE", "NEWER VERSION"),
                                   ("notebooks/01-two-roles-one-product.ipynb", "NEWER VERSION OF THE COURSE", None)):
        later = tab.context.new_page()  # a later visit, after the course was updated
        try:
            browser.open_site_notebook(later, base, path)
            first = _source_of_first_cell(later)
            browser.close_site_notebooks(later)
        finally:
            later.close()
        assert expected in first, f"{path}: {expected!r} missing (the learner's saved copy is never overwritten, "
        "and a lesson they never saved gets the newer version)"
        assert absent is None or absent not in first


def test_no_request_left_the_machine(tab):
    assert tab.requests, "the tests made requests"
    assert tab.blocked == [], f"requests to other hosts: {tab.blocked[:5]}"
    assert all(url.startswith(("http://127.0.0.1:", "data:", "blob:")) for url in tab.requests)
