"""The learner dashboard: counts against the quiz banks, what to revisit, a corrupt or empty record,
the figure, and notebooks/progress.ipynb run headless."""

from __future__ import annotations

import ast
import os
import re
import warnings
from pathlib import Path

import matplotlib.colors as mcolors
import nbformat
import pytest

from ailead import dashboard, figures, progress, quizbank

from .helpers import safe_colours, write_bank

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "progress.ipynb"
FIXTURE_LESSONS = ["00-intro", "01-next", "02-later", "03-done", "04-shaky"]  # 4 questions each (helpers.GOOD_BANK)


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    monkeypatch.setenv("AILEAD_HOME", str(folder))
    return folder


@pytest.fixture
def banks(tmp_path, monkeypatch):
    """Five small lessons of four questions each (pick-one, pick-many, sort-them, branch)."""
    assets = tmp_path / "assets"
    for lesson in FIXTURE_LESSONS:
        write_bank(assets, lesson)
    monkeypatch.setenv("AILEAD_ASSETS", str(assets))
    return quizbank.all_banks()


def _record(*attempts: tuple[str, str, bool]) -> None:
    for lesson, question, correct in attempts:
        progress.record(lesson, question, correct)


# A partial record. By hand, per lesson (tried, solved, right first time):
#   00-intro  pick-one ✔; pick-many ✘✔; sort-them ✘✘; branch ✔  -> 4 tried, 3 solved, 2 first try (50%)
#   01-next   pick-one ✔; pick-many ✔                           -> 2 tried, 2 solved, 2 first try (100%)
#   02-later  nothing                                           -> not started
#   03-done   all four, only sort-them wrong first               -> 4 tried, 4 solved, 3 first try (75%)
#   04-shaky  all four, only branch right first                  -> 4 tried, 4 solved, 1 first try (25%)
PARTIAL = [
    ("00-intro", "pick-one", True), ("00-intro", "pick-many", False), ("00-intro", "pick-many", True),
    ("00-intro", "sort-them", False), ("00-intro", "sort-them", False), ("00-intro", "branch", True),
    ("01-next", "pick-one", True), ("01-next", "pick-many", True),
    ("03-done", "pick-one", True), ("03-done", "pick-many", True), ("03-done", "sort-them", False),
    ("03-done", "sort-them", True), ("03-done", "branch", True),
    ("04-shaky", "pick-one", False), ("04-shaky", "pick-one", True), ("04-shaky", "pick-many", False),
    ("04-shaky", "pick-many", True), ("04-shaky", "sort-them", False), ("04-shaky", "sort-them", True),
    ("04-shaky", "branch", True),
]


# --------------------------------------------------------------------------- the logic

def test_empty_record_is_a_friendly_start(banks):
    board = dashboard.build()
    assert board.is_empty and board.notice is None and board.ignored_attempts == 0
    assert [lp.lesson for lp in board.lessons] == FIXTURE_LESSONS
    assert all((lp.questions, lp.attempted, lp.solved, lp.first_try) == (4, 0, 0, 0) for lp in board.lessons)
    assert all(lp.first_try_score is None for lp in board.lessons), "not started is no score, not 0%"
    assert (board.questions, board.solved, board.completion) == (20, 0, 0.0)
    assert board.suggestions() == [
        "Nothing recorded yet: start with lesson 00, Intro (00-intro.ipynb) and try its quizzes; they show up here."]
    assert board.headline().startswith("Nothing yet")
    assert "| 00 | Intro | 4 | 0 | 0 | 0 | – |" in board._repr_markdown_()


def test_partial_record_counts_and_scores_by_hand(banks):
    _record(*PARTIAL)
    board = dashboard.build()
    got = {lp.lesson: (lp.questions, lp.attempted, lp.solved, lp.first_try) for lp in board.lessons}
    assert got == {"00-intro": (4, 4, 3, 2), "01-next": (4, 2, 2, 2), "02-later": (4, 0, 0, 0),
                   "03-done": (4, 4, 4, 3), "04-shaky": (4, 4, 4, 1)}
    scores = {lp.lesson: lp.first_try_score for lp in board.lessons}
    assert scores == {"00-intro": 0.5, "01-next": 1.0, "02-later": None, "03-done": 0.75, "04-shaky": 0.25}
    assert (board.questions, board.solved) == (20, 13) and board.completion == pytest.approx(0.65)
    assert not board.is_empty and board.ignored_attempts == 0


def test_what_to_revisit_is_worst_first_then_the_next_lesson(banks):
    _record(*PARTIAL)
    board = dashboard.build()
    # 04 (25%, finished) and 00 (50%, unfinished) are below the 70% target, 01 is unfinished at 100%,
    # 03 is finished at 75% and needs nothing; 02 is the first lesson not started.
    assert [lp.lesson for lp in board.revisit()] == ["04-shaky", "00-intro", "01-next"]
    assert board.next_lesson().lesson == "02-later"
    assert board.suggestions() == [
        "Revisit lesson 04, Shaky (04-shaky.ipynb): right first time on 1 of 4 questions tried (25%), below "
        "the 70% target; re-read the explanations of the ones you missed.",
        "Revisit lesson 00, Intro (00-intro.ipynb): right first time on 2 of 4 questions tried (50%), below "
        "the 70% target, and 1 of 4 questions still to solve.",
        "Finish lesson 01, Next (01-next.ipynb): 2 of 4 questions solved, 2 to go.",
        "Next: start lesson 02, Later (02-later.ipynb); none of its 4 questions tried yet.",
    ]


def test_target_is_a_parameter(banks):
    _record(*PARTIAL)
    board = dashboard.build(target=0.2)
    assert [lp.lesson for lp in board.revisit()] == ["00-intro", "01-next"], "unfinished only"
    assert "below" not in " ".join(board.suggestions())


def test_everything_done_says_so(banks):
    _record(*[(lesson, q.id, True) for lesson in FIXTURE_LESSONS for q in quizbank.load_lesson(lesson).questions])
    board = dashboard.build()
    assert board.completion == 1.0 and board.revisit() == [] and board.next_lesson() is None
    assert board.suggestions() == ["Every lesson is finished, each at or above the 70% first-try target. Well done."]


def test_attempts_for_questions_no_longer_in_a_bank_are_ignored_and_counted(banks, home):
    _record(("00-intro", "pick-one", False), ("00-intro", "retired-question", True),
            ("99-removed-lesson", "pick-one", True), ("00-intro", "retired-question", False))
    attempts = progress.load() + [{"time": "?", "correct": True}]  # no lesson or question at all
    board = dashboard.build(attempts=attempts)
    assert board.ignored_attempts == 4
    assert board.ignored_questions == ("00-intro/retired-question", "99-removed-lesson/pick-one", "None/None")
    intro = board.lesson("00-intro")
    assert (intro.attempted, intro.solved, intro.first_try) == (1, 0, 0)
    assert any("4 attempts are for questions no longer in the course" in n for n in board.notes())
    assert "> **Note:** 4 attempts" in board._repr_markdown_()


def test_corrupt_record_becomes_a_clear_message_and_nothing_is_deleted(banks, home):
    home.mkdir(parents=True)
    garbage = '{"attempts": [ this is not json'
    (home / "progress.json").write_text(garbage)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the RuntimeWarning is turned into the message, not passed on
        board = dashboard.build()
    (aside,) = [p for p in home.iterdir() if p.name.startswith("progress.json.corrupt-")]
    assert aside.read_text() == garbage, "the old record is moved aside, not deleted or changed"
    assert not (home / "progress.json").exists()
    notice = board.notice
    assert notice and "could not be read" in notice and str(aside) in notice
    assert "not deleted" in notice and "Nothing else was lost" in notice
    assert board.notes()[0] == notice and notice in board._repr_markdown_()
    # The dashboard still works: an empty state now, and new attempts count from a fresh record.
    assert board.is_empty and board.suggestions()[0].startswith("Nothing recorded yet")
    figures.progress_dashboard(board)
    progress.record("00-intro", "pick-one", True)
    after = dashboard.build()
    assert after.notice is None and after.lesson("00-intro").solved == 1
    assert aside.exists()


def test_corrupt_record_that_cannot_be_moved_says_where_it_still_is(banks, home, monkeypatch):
    home.mkdir(parents=True)
    (home / "progress.json").write_text("[]")

    def refuse(self, target):
        raise OSError("read-only folder")

    monkeypatch.setattr(Path, "replace", refuse)
    board = dashboard.build()
    assert f"still at {home / 'progress.json'}" in board.notice and "copy it somewhere safe" in board.notice
    assert (home / "progress.json").read_text() == "[]"


def test_a_broken_bank_is_reported_not_fatal(banks, tmp_path):
    write_bank(tmp_path / "assets", "05-broken", "lesson: 05-broken\nquestions: []\n")
    board = dashboard.build()
    assert [lp.lesson for lp in board.lessons] == FIXTURE_LESSONS
    assert any("05-broken.yml could not be read" in n for n in board.notes())


def test_contrast_labels(tmp_path, monkeypatch):
    assert dashboard.lesson_label("02-focus") == "Focus: what & why vs how"
    assert dashboard.lesson_title("02-focus") == "Focus", "read from the notebook's first line"
    for bank in quizbank.all_banks():  # every real lesson gets a readable label, not its file name
        label = dashboard.lesson_label(bank.lesson)
        assert label and label != bank.lesson and len(label) <= 60
    # A lesson not in the mapping is labelled by its notebook title, or else by its name.
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 11 · Extra time\n\nText.")])
    nbformat.write(notebook, tmp_path / "11-extra.ipynb")
    monkeypatch.setattr(dashboard, "NOTEBOOKS", tmp_path)
    assert dashboard.lesson_label("11-extra") == "Extra time"
    assert dashboard.lesson_label("12-no-notebook") == "No notebook"


# --------------------------------------------------------------------------- the figure

def _svg(fig):
    import xml.etree.ElementTree as ET

    root = ET.fromstring(fig._repr_svg_())
    ns = "{http://www.w3.org/2000/svg}"
    return root, ns


def _texts(fig) -> list[str]:
    root, ns = _svg(fig)
    return [t.text for t in root.iter(f"{ns}text")]


def _bars(fig, fill: str) -> list[tuple[float, float]]:
    """(y, width) of every bar drawn in one colour, top to bottom."""
    root, ns = _svg(fig)
    return [(float(r.get("y")), float(r.get("width"))) for r in root.iter(f"{ns}rect")
            if r.get("fill", "").lower() == fill.lower() and float(r.get("height")) == 20]


def test_figure_draws_the_partial_record(banks):
    from ailead.figures import progress as drawn

    _record(*PARTIAL)
    board = dashboard.build()
    fig = figures.progress_dashboard(board)
    root, ns = _svg(fig)
    # A picture a screen reader can announce: role, title and a description that says it all in words.
    assert root.get("role") == "img" and root.get("aria-labelledby")
    assert root.find(f"{ns}title").text == "Your progress through the course"
    desc = root.find(f"{ns}desc").text
    assert "Lesson 00: 3 of 4 solved, right first time on 2 of 4 tried (50%) (below the target)." in desc
    assert "Lesson 02: not started, 4 questions." in desc and repr(fig).startswith("Your progress")
    # Bar lengths match the data: solved and the rest of each bank on the left, first-try % on the right.
    scale = (drawn.LEFT_W - 70) / 4
    assert [w / scale for _, w in _bars(fig, drawn._SOLVED)] == pytest.approx([3, 2, 0, 4, 4], abs=0.01)
    assert [w / scale for _, w in _bars(fig, drawn._TO_DO)] == pytest.approx([1, 2, 4, 0, 0], abs=0.01)
    right = [w / (drawn.RIGHT_W / 135) for _, w in _bars(fig, drawn._MET) + _bars(fig, drawn._BELOW)]
    assert sorted(right) == pytest.approx([25, 50, 75, 100], abs=0.2)
    # Meaning not by colour alone: numbers on the bars, hatching and words for below target.
    texts = _texts(fig)
    assert {"3 of 4", "2 of 4", "0 of 4", "4 of 4"} <= set(texts)
    assert "50% (2 of 4): below target" in texts and "not started" in texts
    assert "100% (2 of 2)" in texts and "target 70%" in texts
    svg = fig._repr_svg_()
    assert svg.count('fill="url(#ailead-hatch)"') >= 3 and svg.count('fill="url(#ailead-cross)"') == 2 + 1
    colours = set(re.findall(r'(?:fill|stroke)="(#[0-9A-Fa-f]{6})"', svg))
    assert {c.lower() for c in colours} <= safe_colours() | {"#ffffff"}
    labels = [t for t in texts if t[:2].isdigit() and t[2] == " "]
    assert [label[:2] for label in labels] == ["00", "01", "02", "03", "04"], "the first lesson at the top"


def test_figure_draws_an_empty_record_with_a_note(banks):
    from ailead.figures import progress as drawn

    fig = figures.progress_dashboard(dashboard.build())
    assert [w for _, w in _bars(fig, drawn._SOLVED)] == [0] * 5
    assert _bars(fig, drawn._MET) == [] and _bars(fig, drawn._BELOW) == []
    texts = _texts(fig)
    assert "Nothing yet: no quiz attempts." in texts and any("00-intro.ipynb" in t for t in texts)
    assert "<svg" in fig._repr_html_()


def test_figure_uses_only_the_palette():
    assert {mcolors.to_hex(c) for c in figures.OKABE_ITO.values()} == safe_colours()
    assert "progress_dashboard" in dir(figures)


# --------------------------------------------------------------------------- the notebook

def _nb() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


def test_notebook_is_committed_without_outputs():
    for cell in _nb().cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "clear outputs before committing"


def test_notebook_has_alt_text_before_its_figure_and_ends_the_cell_with_it():
    nb = _nb()
    assert nb.cells[0].source.startswith("# Your progress\n")
    assert "never leaves" in nb.cells[0].source
    (index,) = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "figures." in c.source]
    before = nb.cells[index - 1]
    assert before.cell_type == "markdown" and "**Figure (alt text):**" in before.source
    source = nb.cells[index].source.rstrip()
    last = ast.parse(source).body[-1]
    assert isinstance(last, ast.Expr) and ast.unparse(last.value).startswith("figures.progress_dashboard(")
    assert not source.endswith(";"), "a semicolon would hide the figure"


def test_notebook_runs_headless_on_a_partial_record(home, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.delenv("AILEAD_ASSETS", raising=False)  # the course's real quiz banks
    bank = quizbank.load_lesson("00-start-here")
    first, second = bank.questions[0].id, bank.questions[1].id
    _record(("00-start-here", first, False), ("00-start-here", first, True), ("00-start-here", second, False))
    nb = _nb()
    env = dict(os.environ, AILEAD_HOME=str(home), MPLBACKEND="Agg")
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute(env=env)
    text = ""
    images = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error", out
            text += out.get("text", "") + "".join(str(v) for v in out.get("data", {}).values())
            images += "image/svg+xml" in out.get("data", {})
    assert f"Your record: {home}" in text
    label = dashboard.lesson_label("00-start-here")
    assert f"| 00 | {label} | {len(bank.questions)} | 2 | 1 | 0 | 0% |" in text, "the summary table"
    assert ("Revisit lesson 00, Start here: how the course works (00-start-here.ipynb): right first time on "
            "0 of 2 questions tried (0%)") in text
    assert "Next: start lesson 01" in text and "01-two-roles-one-product.ipynb" in text
    assert images == 1


def test_finished_simulator_games_show_on_the_dashboard(banks):
    from ailead import sim

    assert dashboard.build(banks=banks).games_line() is None
    for seed, policy in ((3, sim.POLICIES["balanced"]), (4, sim.product_only_policy)):
        progress.record_game(sim.game_record(sim.play(policy, seed), policy="test"))
    board = dashboard.build(banks=banks)
    scores = [g["final_score"] for g in progress.load_games()]
    assert len(board.games) == 2
    line = board.games_line()
    assert line.startswith("Launch simulator: 2 games finished")
    assert f"best score {max(scores):.1f}" in line and f"last {scores[-1]:.1f}" in line
    assert line in board._repr_markdown_() and line in str(board)


def test_every_lesson_with_a_bank_has_a_contrast_label():
    lessons = sorted(p.stem for p in (quizbank.assets_dir() / "quizzes").glob("*.yml"))
    assert [lesson for lesson in lessons if lesson not in dashboard.CONTRASTS] == []
