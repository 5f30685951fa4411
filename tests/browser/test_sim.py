"""The launch simulator in a real JupyterLab and Chromium: every decision reachable by keyboard, a full game
played, replayed and debriefed with the keyboard alone."""

from __future__ import annotations

import pytest

from ailead import sim
from ailead.instructor import browser

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

LESSON = "notebooks/13-launch-simulator.ipynb"
WAIT = 30_000
CONTROLS = ["bet", "test", "gate", "guardrail", "launch", "promise", "model", *sim.WORK,
            "play", "replay", "debrief"]


@pytest.fixture
def game(page, lab):
    """The lesson opened and run afresh for each test (conftest shuts kernels down after every test)."""
    browser.open_notebook(page, lab, LESSON)
    browser.run_all(page)
    assert browser.cell_errors(page) == []
    box = page.locator(".ailead-sim").first
    expect(box).to_be_visible(timeout=WAIT)
    return box


def _focused_control(page) -> str | None:
    return page.evaluate("""() => {
        let el = document.activeElement;
        while (el && el !== document.body) {
            for (const c of el.classList || []) {
                if (c.startsWith('ailead-sim-') && c !== 'ailead-sim-control') return c.slice('ailead-sim-'.length);
            }
            el = el.parentElement;
        }
        return null;
    }""")


def _tab_to(page, name: str, limit: int = 120) -> None:
    for _ in range(limit):
        if _focused_control(page) == name:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"the {name} control cannot be reached with Tab")


def test_every_decision_is_reachable_by_keyboard(page, game):
    game.locator(".ailead-sim-bet button").first.focus()
    seen = set()
    for _ in range(120):
        seen.add(_focused_control(page))
        page.keyboard.press("Tab")
    missing = [c for c in CONTROLS if c not in seen and c not in ("replay", "debrief")]
    assert not missing, f"not reachable with Tab: {missing}"


def test_a_full_game_played_replayed_and_debriefed_with_the_keyboard(page, game):
    results = game.locator(".ailead-sim-results")
    for n in range(1, sim.SPRINTS + 1):
        game.locator(".ailead-sim-bet button").first.focus()
        _tab_to(page, "launch")
        if n == 3:
            page.keyboard.press("Space")  # the launch box: ticked from the third sprint on
        _tab_to(page, "play")
        page.keyboard.press("Enter")
        expect(results).to_contain_text(f"game sprint {n} of {sim.SPRINTS}", timeout=WAIT)
        if n == 4:  # replay the fourth sprint with another model, by keyboard
            _tab_to(page, "replay")
            page.keyboard.press("Enter")
            expect(game.locator(".ailead-sim-message")).to_contain_text("taken back", timeout=WAIT)
            game.locator(".ailead-sim-model button").last.focus()
            page.keyboard.press("Space")
            _tab_to(page, "play")
            page.keyboard.press("Enter")
            expect(results).to_contain_text("played twice", timeout=WAIT)
    _tab_to(page, "debrief")
    page.keyboard.press("Enter")
    view = game.locator(".ailead-sim-debrief-view")
    expect(view.locator("svg")).to_be_visible(timeout=WAIT)
    expect(view).to_contain_text("Sprint")
