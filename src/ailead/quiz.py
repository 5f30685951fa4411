"""Interactive scenario quizzes for the lessons, built with ipywidgets from the YAML quiz banks.

In a lesson::

    from ailead import quiz
    quiz.show("01-two-roles-one-product", "who-owns-latency", "sort-the-work")

Accessibility (checked in the browser by tests/browser/test_accessibility.py with axe-core and the
accessibility tree): every control is a native one that ipywidgets renders as a real form element, so a
screen reader gets its role, name and state without any front-end code of ours:

- single choice and the steps of a branching scenario: radio buttons (role radio, checked state, named by
  the option's text);
- multiple select: checkboxes (checked state);
- sorting into buckets: one drop-down per item, labelled by the item, whose value is the chosen bucket;
- actions: buttons. Feedback is an alert (a live region: announced when it appears), with the verdict in
  words and an icon as well as a colour; the score is plain text.

Keyboard: Tab and Shift+Tab move from control to control (each radio button is its own stop), Space ticks
a radio button or checkbox and opens a drop-down (then the arrow keys and Enter choose), Enter or Space
presses a button. The arrow keys alone are not used: in JupyterLab's command mode they move between
cells, and ipywidgets' radio buttons are not one named group in the page, so the arrows would not move
between them anyway. Focus stays on the button that was pressed; when a branching scenario ends or starts
again, focus moves to the button that carries on. ipywidgets cannot make a question one named group
(fieldset/legend or role=group), so each question starts with a heading ("Question 2 of 4"), followed by
its prompt, for navigation by heading.

Every part carries a stable CSS class (``ailead-*``) for browser tests. Each check is recorded in the
learner's progress record (see :mod:`ailead.progress`).
"""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Callable

import ipywidgets as widgets
from ipywidgets.widgets import widget_bool, widget_description, widget_string

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
_RADIO_STYLE = widget_description.DescriptionStyle()
_BUCKET_STYLE = widget_description.DescriptionStyle(description_width="initial")


def _html(value: str = "", layout: widgets.Layout | None = _FULL) -> widgets.HTML:
    return widgets.HTML(value=value, style=_HTML_STYLE, **({"layout": layout} if layout else {}))
# ipywidgets cuts a checkbox's or radio button's label to one line; quiz options are sentences, so let them
# wrap. Focus is always visible, and nothing in a quiz moves when the learner asks for reduced motion.
_STYLE = """<style>
.ailead-option { height: auto !important; }
.ailead-option label, .ailead-option .widget-label-basic span {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important; line-height: 1.35 !important; align-items: flex-start !important; }
.ailead-option input[type=checkbox] { margin-top: 0.2em; flex: none; }
.ailead-radio, .ailead-radio .widget-radio-box { width: 100% !important; height: auto !important;
  margin-bottom: 0 !important; }
.ailead-radio .widget-radio-box label { display: flex !important; flex-direction: row-reverse;
  justify-content: flex-end; align-items: flex-start; gap: 0.4em; height: auto !important;
  white-space: normal !important; overflow: visible !important; line-height: 1.35 !important;
  margin: 0 0 0.35em 0; }
.ailead-radio .widget-radio-box input { flex: none; margin: 0.2em 0 0 1px !important; height: auto !important; }
.ailead-bucket-select { flex-direction: column !important; align-items: flex-start !important;
  height: auto !important; max-width: 100%; }
.ailead-bucket-select label.widget-label { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; height: auto !important; line-height: 1.35 !important;
  text-align: left !important; max-width: 100%; margin: 0 0 0.2em 0; }
.ailead-bucket-select select { flex: none !important; max-width: 100%; width: auto !important; min-width: 12em;
  height: var(--jp-widgets-inline-height, 28px) !important; }
.ailead-quiz .widget-inline-hbox { margin-left: 0 !important; margin-right: 0 !important; max-width: 100%; }
.ailead-quiz .ailead-qhead { font-size: var(--jp-content-font-size1, 14px); margin: 0.8em 0 0.2em 0; }
.ailead-quiz :focus-visible, .ailead-option:focus-within, .ailead-radio label:focus-within {
  outline: 2px solid #0072B2 !important; outline-offset: 2px; }
.ailead-sr { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  clip-path: inset(50%); white-space: nowrap; }
@media (prefers-reduced-motion: reduce) {
  .ailead-quiz, .ailead-quiz * { transition: none !important; animation: none !important;
    scroll-behavior: auto !important; } }
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


def _mark(ok: bool) -> str:
    """The right/wrong icon, hidden from screen readers: the words next to it say the same."""
    return f"<span aria-hidden='true'>{_OK if ok else _NO}</span>"


def _verdict_html(v: Verdict, attempt: bool = True) -> str:
    """Feedback as an alert: announced by screen readers when it appears (the HTML widget replaces its
    content on every change, so a polite live region would be new each time and often not read out; an
    alert is read out on insertion). Right and wrong are told by a word, an icon and a colour."""
    if attempt:
        colour = "#0072B2" if v.correct else "#D55E00"  # Okabe-Ito blue / vermillion: safe for colour blindness
        word = "Right." if v.correct else "Not yet."
        summary = v.summary if v.summary.startswith(word[:-1]) else f"{word} {v.summary}"
        head = f"{_mark(v.correct)} {html.escape(summary)}"
    else:  # a reminder (nothing chosen yet): neither right nor wrong
        colour, head = "#595959", html.escape(v.summary)
    rows = "".join(
        f"<li><b>{_mark(ok)} <span class='ailead-tag'>{'Right answer' if ok else 'Not right'}:</span> "
        f"{html.escape(text)}</b><br>{html.escape(why)}</li>"
        for ok, text, why in v.lines
    )
    listing = f"<ul style='margin:0.3em 0'>{rows}</ul>" if rows else ""
    return (f"<div role='alert' style='border-left:4px solid {colour};padding-left:0.6em'>"
            f"<b>{head}</b>{listing}</div>")


class OptionList:
    """The options of a question: radio buttons when only one may be chosen, else a column of checkboxes."""

    def __init__(self, texts: list[str], exclusive: bool):
        self.exclusive = exclusive
        self.boxes: list[widgets.Checkbox] = []
        if exclusive:
            self.radio = widgets.RadioButtons(options=[(t, i) for i, t in enumerate(texts)], value=None,
                                              layout=_FULL, style=_RADIO_STYLE)
            self.radio.add_class("ailead-radio")
            self.widget = self.radio
        else:
            self.boxes = [widgets.Checkbox(value=False, description=t, indent=False, layout=_FULL,
                                           style=_CHECKBOX_STYLE) for t in texts]
            for box in self.boxes:
                box.add_class("ailead-option")
            self.widget = widgets.VBox(self.boxes, layout=_FULL)
        self.widget.add_class("ailead-options")

    def select(self, *indexes: int) -> None:
        if self.exclusive:
            self.radio.value = indexes[-1] if indexes else None
            return
        for i, box in enumerate(self.boxes):
            box.value = i in indexes

    @property
    def chosen(self) -> list[int]:
        if self.exclusive:
            return [] if self.radio.value is None else [self.radio.value]
        return [i for i, box in enumerate(self.boxes) if box.value]


class QuestionView:
    """One question on screen. Subclasses build the controls and turn them into an answer."""

    def __init__(self, lesson: str, question: Question, on_result: Callable[[str, bool, object], None],
                 heading: str = ""):
        self.lesson = lesson
        self.question = question
        self._on_result = on_result
        self.attempts = 0
        self.solved = False
        self.feedback = _html()
        self.feedback.add_class("ailead-feedback")
        head = f"<h4 class='ailead-qhead'>{html.escape(heading)}</h4>" if heading else ""
        self.prompt = _html(f"{head}<p>{_para(question.prompt)}</p>{self._hint()}")
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

    def _remind(self, verdict: Verdict) -> Verdict:
        """Say what is missing (not an attempt, neither right nor wrong)."""
        self.feedback.value = _verdict_html(verdict, attempt=False)
        return verdict

    def _finish(self, verdict: Verdict, answer: object) -> Verdict:
        self.feedback.value = _verdict_html(verdict)
        self.attempts += 1
        self.solved = self.solved or verdict.correct
        self._on_result(self.question.id, verdict.correct, answer)
        return verdict


class ChoiceView(QuestionView):
    """Single choice (one option at a time) and multiple select (any number of options)."""

    def __init__(self, lesson: str, question: Question, on_result: Callable, heading: str = ""):
        super().__init__(lesson, question, on_result, heading)
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
            return self._remind(verdict)  # nothing chosen is not an attempt
        self.reveal_button.layout.display = "none" if verdict.correct else _SHOWN
        return self._finish(verdict, answer)

    def reveal(self) -> None:
        """Show why every option is right or wrong (for a learner who wants the answer)."""
        lines = tuple((o.correct, o.text, o.why) for o in self.question.options)
        self.feedback.value = _verdict_html(Verdict(False, lines, "Every option explained:"), attempt=False)


class BucketsView(QuestionView):
    """Sort items into buckets: one drop-down per item, labelled by the item (its value is the chosen bucket,
    which a screen reader announces; keyboard friendly, unlike drag and drop)."""

    def __init__(self, lesson: str, question: Question, on_result: Callable, heading: str = ""):
        super().__init__(lesson, question, on_result, heading)
        self.selects = []
        for item in question.items:
            sel = widgets.Dropdown(options=list(question.buckets), value=None, description=item.text,
                                   layout=_ROW, style=_BUCKET_STYLE)
            sel.add_class("ailead-item")
            sel.add_class("ailead-bucket-select")
            self.selects.append(sel)
        self.check_button = self._button("Check answer", "ailead-check", self.check, "primary")
        self.widget.children = [self.prompt, *self.selects, self.check_button, self.feedback]

    def _hint(self) -> str:
        return "<p class='ailead-hint'><i>Choose a bucket for every item.</i></p>"

    def place(self, placement: dict[int, str]) -> None:
        """Put items (by index) into buckets (by name), as a learner would with the drop-downs."""
        for i, bucket in placement.items():
            self.selects[i].value = bucket

    def check(self) -> Verdict:
        """Judge the current sorting, show the feedback and record the attempt."""
        placed = {i: sel.value for i, sel in enumerate(self.selects)}
        verdict = judge_buckets(self.question, placed)
        if any(v is None for v in placed.values()):
            return self._remind(verdict)
        answer = {self.question.items[i].text: b for i, b in placed.items()}
        return self._finish(verdict, answer)


class BranchingView(QuestionView):
    """A scenario in steps: each choice shows its consequence and may lead to a follow-up decision."""

    def __init__(self, lesson: str, question: Question, on_result: Callable, heading: str = ""):
        super().__init__(lesson, question, on_result, heading)
        self.path_box = widgets.VBox(layout=_FULL)
        self.path_box.add_class("ailead-path")
        self.step_prompt = _html()
        self.step_prompt.add_class("ailead-step-prompt")
        self.options = OptionList([], exclusive=True)
        # Each step's radio buttons go into this holder, so the step's other parts (and the focused Choose
        # button) stay on the page while the options change.
        self.options_box = widgets.VBox(layout=_FULL)
        self.choose_button = self._button("Choose", "ailead-check", self.choose, "primary")
        self.restart_button = self._button("Start again", "ailead-restart", self.restart, hides=True)
        self.step_box = widgets.VBox([self.step_prompt, self.options_box, self.choose_button],
                                     layout=widgets.Layout(width="100%", align_items="flex-start"))
        self.step_box.add_class("ailead-step")
        self.widget.children = [self.prompt, self.path_box, self.step_box, self.feedback, self.restart_button]
        self._start()

    def _start(self) -> None:
        self.path: list[tuple[str, int]] = []
        self.path_box.children = ()
        self.feedback.value = ""
        self.restart_button.layout.display = "none"
        self._show_step(self.question.steps[0].id)

    def restart(self) -> None:
        """Go back to the first step with an empty path (focus moves to the Choose button)."""
        self._start()
        self.choose_button.focus()

    def _show_step(self, step_id: str) -> None:
        step = self.question.step(step_id)
        self.current = step
        self.step_prompt.value = f"<p><b>{_para(step.prompt)}</b></p>"
        self.options = OptionList([o.text for o in step.options], exclusive=True)
        self.options_box.children = (self.options.widget,)
        self.step_box.layout.display = _SHOWN

    def select(self, index: int) -> None:
        """Pick an option of the current step by index."""
        self.options.select(index)

    def choose(self) -> Verdict | None:
        """Commit the selected option: show its consequence, then the next step or the ending."""
        if not self.options.chosen:
            self._remind(Verdict(False, (), "Choose an option first."))
            return None
        step, i = self.current, self.options.chosen[0]
        opt = step.options[i]
        self.path.append((step.id, i))
        colour = "#0072B2" if opt.correct else "#D55E00"
        word = "Best choice" if opt.correct else "Not the best choice"
        done = _html(
            f"<div style='border-left:4px solid {colour};padding-left:0.6em;margin-bottom:0.4em'>"
            f"{_para(step.prompt)}<br><b>{_mark(opt.correct)} {word}. You chose:</b> {html.escape(opt.text)}<br>"
            f"<i>{_para(opt.why)}</i></div>")
        done.add_class("ailead-consequence")
        self.path_box.children = (*self.path_box.children, done)
        if opt.next:
            # The consequence is announced, then the next step's prompt is read from the page.
            self.feedback.value = (f"<div role='alert' class='ailead-sr'>{word}. {html.escape(opt.why)} "
                                   "Next decision below.</div>")
            self._show_step(opt.next)
            return None
        self.feedback.value = ""
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
        result = self._finish(verdict, answer)
        self.restart_button.focus()  # the Choose button is gone with the last step: focus the way on
        return result


_VIEWS = {"single": ChoiceView, "multiple": ChoiceView, "buckets": BucketsView, "branching": BranchingView}


class Quiz:
    """A block of questions with a running score, shown in a lesson."""

    def __init__(self, lesson: str, question_ids: tuple[str, ...] = (), title: str = "Check your understanding"):
        bank = load_lesson(lesson)
        questions = [bank.question(q) for q in question_ids] if question_ids else list(bank.questions)
        self.lesson = lesson
        self._record_warned = False
        n = len(questions)
        self.views = [_VIEWS[q.type](lesson, q, self._result, f"Question {i} of {n}" if n > 1 else "")
                      for i, q in enumerate(questions, 1)]
        # The quiz's heading is an h3 (the lessons' quizzes sit under an h2 or h3 section: no level skipped).
        self.heading = _html(f"{_STYLE}<h3 style='margin:0.3em 0'>{html.escape(title)}</h3>", None)
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
        # Plain text, not a live region: the feedback alert already says how the answer went.
        self.score.value = (f"<div>Score: <b>{self.solved} of {len(self.views)}</b> solved"
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
