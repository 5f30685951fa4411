"""The quiz widgets, headless: every question type answered right and wrong, feedback and score."""

from __future__ import annotations

import warnings

import pytest

from ailead import progress, quiz

from .helpers import write_bank


@pytest.fixture
def bank(tmp_path, monkeypatch):
    write_bank(tmp_path / "assets")
    monkeypatch.setenv("AILEAD_ASSETS", str(tmp_path / "assets"))
    monkeypatch.setenv("AILEAD_HOME", str(tmp_path / "home"))
    return "99-test"


def _classes(widget) -> set[str]:
    found = set(widget._dom_classes)
    for child in getattr(widget, "children", ()):
        found |= _classes(child)
    return found


def test_quiz_shows_all_questions_with_stable_css_classes(bank):
    q = quiz.show(bank)
    assert [v.question.id for v in q.views] == ["pick-one", "pick-many", "sort-them", "branch"]
    classes = _classes(q.widget)
    for css in ("ailead-quiz", "ailead-score", "ailead-question", "ailead-question-single",
                "ailead-question-multiple", "ailead-question-buckets", "ailead-question-branching",
                "ailead-check", "ailead-feedback", "ailead-options", "ailead-option",
                "ailead-bucket-select", "ailead-step", "ailead-restart", "ailead-q-pick-one"):
        assert css in classes, css
    assert "0 of 4" in q.score.value


def test_quiz_displays_as_a_widget(bank):
    bundle = quiz.show(bank, "pick-one")._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_single_choice_wrong_then_right(bank):
    q = quiz.show(bank, "pick-one")
    v = q.view("pick-one")
    v.select(1)
    verdict = v.check()
    assert not verdict.correct
    assert "They say what is feasible" in v.feedback.value
    assert "It is a choice about value" not in v.feedback.value  # a retry is still worth something
    assert "0 of 1" in q.score.value and "1 tried" in q.score.value
    assert v.reveal_button.layout.display == ""  # shown: the learner may ask for every explanation
    v.reveal()
    assert "It is a choice about value" in v.feedback.value and "The data scientist" in v.feedback.value
    v.select(0)
    assert v.check().correct
    assert "1 of 1" in q.score.value
    for why in ("It is a choice about value", "They say what is feasible", "They inform the choice"):
        assert why in v.feedback.value  # every option explained once answered right


def test_checking_with_nothing_chosen_is_not_an_attempt(bank):
    q = quiz.show(bank, "pick-one", "pick-many")
    assert not q.view("pick-one").check().correct
    assert not q.view("pick-many").check().correct
    assert "Choose an option first" in q.view("pick-one").feedback.value
    assert q.view("pick-one").attempts == 0 and "0 tried" in q.score.value
    assert progress.load() == []


def test_multiple_select_partial_then_complete(bank):
    q = quiz.show(bank, "pick-many")
    v = q.view("pick-many")
    v.select(0, 2)
    verdict = v.check()
    assert not verdict.correct
    assert "1 of your choices should not be selected" in verdict.summary
    assert "1 right option is still unselected" in verdict.summary
    assert "Adoption is a product measure" in v.feedback.value
    v.select(0, 1)
    assert v.check().correct and q.solved == 1


def test_buckets_need_every_item_then_judge_each(bank):
    q = quiz.show(bank, "sort-them")
    v = q.view("sort-them")
    v.place({0: "Product"})
    assert "2 left" in v.check().summary and v.attempts == 0
    v.place({1: "Product", 2: "Engineering"})
    verdict = v.check()
    assert not verdict.correct and "2 of 3" in verdict.summary
    assert "A technical approach" in v.feedback.value  # the hint for the misplaced item
    assert "Direction is a product call" not in v.feedback.value
    v.place({1: "Engineering"})
    assert v.check().correct and "1 of 1" in q.score.value


def test_branching_best_path(bank):
    q = quiz.show(bank, "branch")
    v = q.view("branch")
    v.select(0)
    assert v.choose() is None  # leads on to the follow-up step
    assert "You learn where the time goes" in v.path_box.children[0].value
    assert "Latency is 6 s" in v.step_prompt.value
    v.select(0)
    verdict = v.choose()
    assert verdict.correct and "all 2" in verdict.summary and q.solved == 1
    assert v.restart_button.layout.display == ""


def test_branching_wrong_turn_then_restart(bank):
    q = quiz.show(bank, "branch")
    v = q.view("branch")
    v.select(1)
    v.choose()
    assert "A guess that may make quality worse" in v.path_box.children[0].value
    v.select(1)
    verdict = v.choose()
    assert not verdict.correct and "2 of your 2 decisions were not the best" in verdict.summary
    v.restart()
    assert v.path_box.children == () and "Agents complain" in v.step_prompt.value
    v.select(0)
    v.choose()
    v.select(0)
    assert v.choose().correct and q.solved == 1


def test_branching_choose_without_selection(bank):
    v = quiz.show(bank, "branch").view("branch")
    assert v.choose() is None and "Choose an option first" in v.feedback.value and v.path == []


def test_attempts_are_recorded(bank):
    q = quiz.show(bank, "pick-one")
    v = q.view("pick-one")
    v.select(2)
    v.check()
    v.select(0)
    v.check()
    attempts = progress.load()
    assert [(a["lesson"], a["question"], a["correct"], a["type"]) for a in attempts] == [
        ("99-test", "pick-one", False, "single"), ("99-test", "pick-one", True, "single")]
    assert attempts[0]["answer"] == "The data scientist"


def test_a_broken_record_never_breaks_the_quiz(bank, monkeypatch):
    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(progress, "record", boom)
    q = quiz.show(bank, "pick-one")
    v = q.view("pick-one")
    v.select(0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert v.check().correct
        v.check()
    assert "1 of 1" in q.score.value
    assert sum("disk full" in str(w.message) for w in caught) == 1  # warned once, not every click


def test_buttons_are_wired_to_their_actions(bank):
    q = quiz.show(bank, "pick-one", "branch")
    single = q.view("pick-one")
    single.select(0)
    single.check_button.click()
    assert single.solved
    branch = q.view("branch")
    branch.select(0)
    branch.choose_button.click()
    branch.select(0)
    branch.choose_button.click()
    assert branch.solved and q.solved == 2
    branch.restart_button.click()
    assert branch.path == []


def test_prompts_show_code_as_code():
    html = quiz._para("What does this print?\n```python\nfor x in [1, 2]:\n    print(x * 2)\n```\nUse `print`.")
    assert "<pre" in html and "    print(x * 2)" in html and "<code>print</code>" in html
    assert "python" not in html and "&lt;" not in quiz._para("a < b").replace("&lt;", "", 1)


def _walk(w):
    yield w
    for child in getattr(w, "children", ()):
        yield from _walk(child)


def test_each_question_type_uses_the_native_control_with_its_semantics(bank):
    """Radio buttons for one choice, checkboxes for several, a drop-down labelled by its item per sorted
    item: ipywidgets renders each as a real form element, so screen readers get role, name and state.
    The arrow keys are not needed (JupyterLab's command mode takes them): Tab, Space and Enter do it all."""
    import ipywidgets as widgets

    q = quiz.show(bank)
    single, many, sort, branch = q.views
    assert isinstance(single.options.widget, widgets.RadioButtons)
    assert [label for label, _ in single.options.widget.options][0] == single.question.options[0].text
    assert all(isinstance(b, widgets.Checkbox) for b in many.options.boxes) and len(many.options.boxes) == 3
    assert [s.description for s in sort.selects] == [it.text for it in sort.question.items]
    assert all(isinstance(s, widgets.Dropdown) and s.options == tuple(sort.question.buckets) for s in sort.selects)
    assert isinstance(branch.options.widget, widgets.RadioButtons)
    assert not {type(w) for w in _walk(q.widget)} & {widgets.ToggleButtons, widgets.ToggleButton, widgets.Select}


def test_single_choice_keeps_one_option_chosen(bank):
    v = quiz.show(bank, "pick-one").view("pick-one")
    v.options.widget.value = 0
    v.options.widget.value = 2  # as a learner ticking another radio button with Space
    assert v.options.chosen == [2] and v.answer() == 2
    m = quiz.show(bank, "pick-many").view("pick-many")
    m.options.boxes[0].value = True
    m.options.boxes[1].value = True
    assert m.answer() == {0, 1}


def test_feedback_is_an_alert_with_words_and_icons_not_colour_alone(bank):
    q = quiz.show(bank, "pick-one", "sort-them")
    v = q.view("pick-one")
    v.check()  # nothing chosen: a reminder, neither right nor wrong
    assert "role='alert'" in v.feedback.value and "Choose an option first" in v.feedback.value
    assert "✘" not in v.feedback.value and "Not yet" not in v.feedback.value
    v.select(1)
    v.check()
    assert "role='alert'" in v.feedback.value and "Not yet." in v.feedback.value
    assert "<span aria-hidden='true'>✘</span>" in v.feedback.value and "Not right:" in v.feedback.value
    v.select(0)
    v.check()
    assert "Right." in v.feedback.value and "<span aria-hidden='true'>✔</span>" in v.feedback.value
    assert "Right answer:" in v.feedback.value
    sort = q.view("sort-them")
    sort.place({0: "Product", 1: "Product", 2: "Engineering"})
    sort.check()
    assert "Not yet. 2 of 3 in the right bucket" in sort.feedback.value
    assert "aria-live" not in q.score.value  # the alert speaks; the score does not repeat it


def test_questions_have_headings_for_navigation(bank):
    q = quiz.show(bank)
    assert "<h3" in q.heading.value
    assert "<h4 class='ailead-qhead'>Question 2 of 4</h4>" in q.view("pick-many").prompt.value
    one = quiz.show(bank, "pick-one")
    assert "<h4" not in one.view("pick-one").prompt.value  # a one-question quiz needs no numbering


def test_focus_moves_to_the_control_that_carries_on(bank, monkeypatch):
    """When a branching scenario ends, its Choose button disappears: focus goes to Start again; after a
    restart, Start again disappears: focus goes to Choose. Nothing else moves the learner's focus."""
    import ipywidgets as widgets

    focused = []
    monkeypatch.setattr(widgets.Button, "focus", lambda self: focused.append(self.description))
    q = quiz.show(bank, "pick-one", "branch")
    q.view("pick-one").select(1)
    q.view("pick-one").check()
    b = q.view("branch")
    b.select(0)
    b.choose()
    assert focused == []  # the next step replaces the options only: the Choose button keeps focus
    assert "role='alert'" in b.feedback.value and "You learn where the time goes" in b.feedback.value
    b.select(0)
    b.choose()
    assert focused == ["Start again"]
    b.restart()
    assert focused == ["Start again", "Choose"]
