"""Interactive scenario quizzes for the lessons, built with ipywidgets from the YAML quiz banks.

In a lesson::

    from ailead import quiz
    quiz.show("01-two-roles-one-product", "who-owns-latency", "sort-the-work")

Every control is reached with Tab and used with Space or Enter: options are checkboxes (one at a
time for single-choice questions), buckets are toggle buttons, actions are buttons. Radio buttons and
drop-downs are avoided on purpose: in JupyterLab's command mode the arrow keys they need move
between cells instead. Feedback appears in a live region that screen readers announce. Every part
carries a stable CSS class (``ailead-*``) for browser tests.
Each check is recorded in the learner's progress record (see :mod:`ailead.progress`).
"""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Callable

import ipywidgets as widgets
from ipywidgets.widgets import widget_bool, widget_selection, widget_string

from ailead import progress
from ailead.quizbank import Question, Verdict, judge_buckets, judge_multiple, judge_single, load_lesson

# Shared, never-changed layout and style models: each widget would otherwise bring its own, and a
# lesson's quizzes would send the front end about twice as many models (slower to run and to render).
# Layouts that change (buttons that hide) stay per widget.
_FULL = widgets.Layout(width="100%")
_ROW = widgets.Layout(width="100%", margin="0 0 0.4em 0")
_QUESTION = widgets.Layout(width="100%", margin="0 0 1em 0")
_AUTO = widgets.Layout(width="auto")
_PLAIN = widgets.Layout()
_HTML_STYLE = widget_string.HTMLStyle()
_CHECKBOX_STYLE = widget_bool.CheckboxStyle()
_BUTTON_STYLE = widgets.ButtonStyle()
_BUCKETS_STYLE = widget_selection.ToggleButtonsStyle(button_width="auto")


def _html(value: str = "", layout: widgets.Layout | None = _FULL) -> widgets.HTML:
    return widgets.HTML(value=value, style=_HTML_STYLE, **({"layout": layout} if layout else {}))
# ipywidgets cuts a checkbox's description to one line; quiz options are sentences, so let them wrap.
_STYLE = """<style>
.ailead-option { height: auto !important; }
.ailead-option label, .ailead-option .widget-label-basic span {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important; line-height: 1.35 !important; align-items: flex-start !important; }
.ailead-option input[type=checkbox] { margin-top: 0.2em; flex: none; }
.ailead-option:focus-within { outline: 2px solid #0072B2; outline-offset: 1px; }
</style>"""
_OK, _NO = "✔", "✘"
# Shows a hidden control again. An empty string, not None: the browser version's kernel (Pyodide) drops None
# from widget updates, so a control set back to None would stay hidden there.
_SHOWN = ""


def _para(text: str) -> str:
    """Prompt text as HTML: ```fenced``` blocks keep their layout as code, `backticks` mark inline code."""
    parts = text.split("```")
    out = []
    for n, part in enumerate(parts):
        if n % 2:  # inside a fence; a language name on the opening line is dropped
            code = part.split("\n", 1)[1] if "\n" in part else part
            out.append("<pre style='margin:0.4em 0'><code>" + html.escape(code.strip("\n")) + "</code></pre>")
        else:
            escaped = html.escape(part.strip("\n") if len(parts) > 1 else part)
            escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
            out.append(escaped.replace("\n", "<br>"))
    return "".join(out)


def _verdict_html(v: Verdict) -> str:
    colour = "#0072B2" if v.correct else "#D55E00"  # Okabe-Ito blue / vermillion: safe for colour blindness
    mark = _OK if v.correct else _NO
    rows = "".join(
        f"<li><b>{_OK if ok else _NO} {html.escape(text)}</b><br>{html.escape(why)}</li>"
        for ok, text, why in v.lines
    )
    listing = f"<ul style='margin:0.3em 0'>{rows}</ul>" if rows else ""
    return (f"<div role='status' aria-live='polite' style='border-left:4px solid {colour};padding-left:0.6em'>"
            f"<b>{mark} {html.escape(v.summary)}</b>{listing}</div>")


class OptionList:
    """A column of checkboxes; with ``exclusive`` at most one stays ticked (a keyboard-safe radio group)."""

    def __init__(self, texts: list[str], exclusive: bool):
        self.exclusive = exclusive
        self.boxes = [widgets.Checkbox(value=False, description=t, indent=False, layout=_FULL,
                                        style=_CHECKBOX_STYLE) for t in texts]
        for box in self.boxes:
            box.add_class("ailead-option")
            if exclusive:
                box.observe(self._untick_others, names="value")
        self.widget = widgets.VBox(self.boxes, layout=_FULL)
        self.widget.add_class("ailead-options")

    def _untick_others(self, change) -> None:
        if change["new"]:
            for box in self.boxes:
                if box is not change["owner"] and box.value:
                    box.value = False

    def select(self, *indexes: int) -> None:
        for i, box in enumerate(self.boxes):
            box.value = i in indexes

    @property
    def chosen(self) -> list[int]:
        return [i for i, box in enumerate(self.boxes) if box.value]


class QuestionView:
    """One question on screen. Subclasses build the controls and turn them into an answer."""

    def __init__(self, lesson: str, question: Question, on_result: Callable[[str, bool, object], None]):
        self.lesson = lesson
        self.question = question
        self._on_result = on_result
        self.attempts = 0
        self.solved = False
        self.feedback = _html()
        self.feedback.add_class("ailead-feedback")
        self.prompt = _html(f"<p>{_para(question.prompt)}</p>{self._hint()}")
        self.prompt.add_class("ailead-prompt")
        self.widget = widgets.VBox(layout=_QUESTION)
        self.widget.add_class("ailead-question")
        self.widget.add_class(f"ailead-question-{question.type}")
        self.widget.add_class(f"ailead-q-{question.id}")

    def _hint(self) -> str:
        """A line under the prompt on how to answer (part of the prompt: one widget fewer)."""
        return ""

    def _button(self, label: str, css: str, handler: Callable[[], object], style: str = "",
                hides: bool = False) -> widgets.Button:
        # A button that is sometimes hidden changes its layout, so it needs one of its own.
        layout = widgets.Layout(width="auto") if hides else _AUTO
        b = widgets.Button(description=label, button_style=style, tooltip=label, style=_BUTTON_STYLE, layout=layout)
        b.add_class(css)
        b.on_click(lambda _b: handler())
        return b

    def _finish(self, verdict: Verdict, answer: object) -> Verdict:
        self.feedback.value = _verdict_html(verdict)
        self.attempts += 1
        self.solved = self.solved or verdict.correct
        self._on_result(self.question.id, verdict.correct, answer)
        return verdict


class ChoiceView(QuestionView):
    """Single choice (one option at a time) and multiple select (any number of options)."""

    def __init__(self, lesson: str, question: Question, on_result: Callable):
        super().__init__(lesson, question, on_result)
        q = question
        self.options = OptionList([o.text for o in q.options], exclusive=q.type == "single")
        self.check_button = self._button("Check answer", "ailead-check", self.check, "primary")
        self.reveal_button = self._button("Show every explanation", "ailead-reveal", self.reveal, hides=True)
        self.reveal_button.layout.display = "none"
        self.widget.children = [self.prompt, self.options.widget,
                                widgets.HBox([self.check_button, self.reveal_button], layout=_PLAIN), self.feedback]

    def _hint(self) -> str:
        hint = "Choose one." if self.question.type == "single" else "Select every option that applies."
        return f"<p class='ailead-hint'><i>{hint}</i></p>"

    def select(self, *indexes: int) -> None:
        """Choose options by index, as a learner would by clicking (used by tests and demos)."""
        self.options.select(*indexes)

    def answer(self) -> int | set[int] | None:
        chosen = self.options.chosen
        if self.question.type == "single":
            return chosen[0] if chosen else None
        return set(chosen)

    def check(self) -> Verdict:
        """Judge the current selection, show the feedback and record the attempt."""
        chosen = self.answer()
        if self.question.type == "single":
            verdict = judge_single(self.question, chosen)
            answer = None if chosen is None else self.question.options[chosen].text
        else:
            verdict = judge_multiple(self.question, chosen)
            answer = sorted(self.question.options[i].text for i in chosen)
        if chosen is None or chosen == set():
            self.feedback.value = _verdict_html(verdict)  # nothing chosen is not an attempt
            return verdict
        self.reveal_button.layout.display = "none" if verdict.correct else _SHOWN
        return self._finish(verdict, answer)

    def reveal(self) -> None:
        """Show why every option is right or wrong (for a learner who wants the answer)."""
        lines = tuple((o.correct, o.text, o.why) for o in self.question.options)
        self.feedback.value = _verdict_html(Verdict(False, lines, "Every option explained:")).replace(
            _NO + " Every", "Every")


class BucketsView(QuestionView):
    """Sort items into buckets: one row of toggle buttons per item (keyboard friendly, unlike drag and drop)."""

    def __init__(self, lesson: str, question: Question, on_result: Callable):
        super().__init__(lesson, question, on_result)
        self.selects = []
        rows = []
        for item in question.items:
            sel = widgets.ToggleButtons(options=list(question.buckets), value=None,
                                        tooltips=[f"Put it in: {b}" for b in question.buckets],
                                        style=_BUCKETS_STYLE)
            sel.add_class("ailead-bucket-select")
            label = _html(f"<span>{html.escape(item.text)}</span>")
            row = widgets.VBox([label, sel], layout=_ROW)
            row.add_class("ailead-item")
            self.selects.append(sel)
            rows.append(row)
        self.check_button = self._button("Check answer", "ailead-check", self.check, "primary")
        self.widget.children = [self.prompt, *rows, self.check_button, self.feedback]

    def place(self, placement: dict[int, str]) -> None:
        """Put items (by index) into buckets (by name), as a learner would with the drop-downs."""
        for i, bucket in placement.items():
            self.selects[i].value = bucket

    def check(self) -> Verdict:
        """Judge the current sorting, show the feedback and record the attempt."""
        placed = {i: sel.value for i, sel in enumerate(self.selects)}
        verdict = judge_buckets(self.question, placed)
        if any(v is None for v in placed.values()):
            self.feedback.value = _verdict_html(verdict)
            return verdict
        answer = {self.question.items[i].text: b for i, b in placed.items()}
        return self._finish(verdict, answer)


class BranchingView(QuestionView):
    """A scenario in steps: each choice shows its consequence and may lead to a follow-up decision."""

    def __init__(self, lesson: str, question: Question, on_result: Callable):
        super().__init__(lesson, question, on_result)
        self.path_box = widgets.VBox(layout=_FULL)
        self.path_box.add_class("ailead-path")
        self.step_prompt = _html()
        self.step_prompt.add_class("ailead-step-prompt")
        self.options = OptionList([], exclusive=True)
        self.choose_button = self._button("Choose", "ailead-check", self.choose, "primary")
        self.restart_button = self._button("Start again", "ailead-restart", self.restart, hides=True)
        self.step_box = widgets.VBox([self.step_prompt, self.options.widget, self.choose_button],
                                     layout=widgets.Layout(width="100%", align_items="flex-start"))
        self.step_box.add_class("ailead-step")
        self.widget.children = [self.prompt, self.path_box, self.step_box, self.feedback, self.restart_button]
        self.restart()

    def restart(self) -> None:
        """Go back to the first step with an empty path."""
        self.path: list[tuple[str, int]] = []
        self.path_box.children = ()
        self.feedback.value = ""
        self.restart_button.layout.display = "none"
        self._show_step(self.question.steps[0].id)

    def _show_step(self, step_id: str) -> None:
        step = self.question.step(step_id)
        self.current = step
        self.step_prompt.value = f"<p><b>{_para(step.prompt)}</b></p>"
        self.options = OptionList([o.text for o in step.options], exclusive=True)
        self.step_box.children = (self.step_prompt, self.options.widget, self.choose_button)
        self.step_box.layout.display = _SHOWN

    def select(self, index: int) -> None:
        """Pick an option of the current step by index."""
        self.options.select(index)

    def choose(self) -> Verdict | None:
        """Commit the selected option: show its consequence, then the next step or the ending."""
        if not self.options.chosen:
            self.feedback.value = _verdict_html(Verdict(False, (), "Choose an option first."))
            return None
        step, i = self.current, self.options.chosen[0]
        opt = step.options[i]
        self.path.append((step.id, i))
        colour = "#0072B2" if opt.correct else "#D55E00"
        mark = _OK if opt.correct else _NO
        done = _html(
            f"<div style='border-left:4px solid {colour};padding-left:0.6em;margin-bottom:0.4em'>"
            f"{_para(step.prompt)}<br><b>{mark} You chose:</b> {html.escape(opt.text)}<br>"
            f"<i>{_para(opt.why)}</i></div>")
        done.add_class("ailead-consequence")
        self.path_box.children = (*self.path_box.children, done)
        self.feedback.value = ""
        if opt.next:
            self._show_step(opt.next)
            return None
        self.step_box.layout.display = "none"
        self.restart_button.layout.display = _SHOWN
        misses = sum(not self.question.step(s).options[k].correct for s, k in self.path)
        if misses == 0:
            verdict = Verdict(True, (), f"You reached the end with the best choice at all {len(self.path)} "
                                        "decisions.")
        else:
            verdict = Verdict(False, (), f"The scenario ended, but {misses} of your {len(self.path)} decisions "
                                         "was not the best. Start again and try another path."
                              if misses == 1 else
                              f"The scenario ended, but {misses} of your {len(self.path)} decisions were "
                              "not the best. Start again and try another path.")
        answer = [self.question.step(s).options[k].text for s, k in self.path]
        return self._finish(verdict, answer)


_VIEWS = {"single": ChoiceView, "multiple": ChoiceView, "buckets": BucketsView, "branching": BranchingView}


class Quiz:
    """A block of questions with a running score, shown in a lesson."""

    def __init__(self, lesson: str, question_ids: tuple[str, ...] = (), title: str = "Check your understanding"):
        bank = load_lesson(lesson)
        questions = [bank.question(q) for q in question_ids] if question_ids else list(bank.questions)
        self.lesson = lesson
        self._record_warned = False
        self.views = [_VIEWS[q.type](lesson, q, self._result) for q in questions]
        self.heading = _html(f"{_STYLE}<h4 style='margin:0.3em 0'>{html.escape(title)}</h4>", None)
        self.score = _html(layout=None)
        self.score.add_class("ailead-score")
        self.widget = widgets.VBox([self.heading, self.score, *(v.widget for v in self.views)],
                                   layout=widgets.Layout(width="100%", border="1px solid #bbb",
                                                         padding="0.5em 1em"))
        self.widget.add_class("ailead-quiz")
        self._update_score()

    @property
    def solved(self) -> int:
        return sum(v.solved for v in self.views)

    def _update_score(self) -> None:
        tried = sum(v.attempts > 0 for v in self.views)
        self.score.value = (f"<div aria-live='polite'>Score: <b>{self.solved} of {len(self.views)}</b> solved"
                            f" · {tried} tried</div>")

    def _result(self, question_id: str, correct: bool, answer: object) -> None:
        try:
            view = next(v for v in self.views if v.question.id == question_id)
            progress.record(self.lesson, question_id, correct, answer, view.question.type)
        except Exception as exc:  # a broken record must never break a lesson
            if not self._record_warned:
                warnings.warn(f"Could not save this quiz attempt to your progress record: {exc}",
                              RuntimeWarning, stacklevel=2)
                self._record_warned = True
        self._update_score()

    def view(self, question_id: str) -> QuestionView:
        """The on-screen question with this id."""
        return next(v for v in self.views if v.question.id == question_id)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def show(lesson: str, *question_ids: str, title: str = "Check your understanding") -> Quiz:
    """A quiz of the given questions from a lesson's bank (all of them if none are named)."""
    return Quiz(lesson, question_ids, title=title)
