"""The launch simulator as a game in a notebook: thin ipywidgets over :mod:`ailead.sim`.

``simgame.play(seed=...)`` shows the game. Each sprint you set the product hat's decisions and the engineering
hat's, press **Play the sprint**, and read what happened. **Replay this sprint** takes the last sprint back so you
can try another decision with the same seed; the two results are shown side by side. After the eighth sprint,
**Debrief** draws both scoreboards over time, names the three decisions that mattered most (by replaying each with
the same seed) and the lesson that teaches why, and saves the game to your progress record.

Every control is reachable with the keyboard: Tab moves between them, Space or Enter presses a button, and the
person-week boxes take typed numbers. Nothing depends on colour alone.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ailead import progress, sim
from ailead.case.focus import PRODUCT_RISKS
from ailead.figures.sim import debrief_chart

__all__ = ["SimGame", "play"]

_FULL = widgets.Layout(width="100%")


def _toggle(options, value, css: str, tooltips=None) -> widgets.ToggleButtons:
    labels = [(str(label), v) for label, v in options]
    t = widgets.ToggleButtons(options=labels, value=value, style={"button_width": "auto"},
                              tooltips=tooltips or [label for label, _ in labels])
    t.add_class(css)
    t.add_class("ailead-sim-control")
    return t


def _row(label: str, control) -> widgets.HBox:
    head = widgets.HTML(f"<b>{html.escape(label)}</b>", layout=widgets.Layout(width="190px"))
    return widgets.HBox([head, control], layout=_FULL)


def _pct(x) -> str:
    return "–" if x is None else f"{x:.0%}"


def result_table(row: dict) -> str:
    """One sprint's results as an HTML table: the product scoreboard beside the engineering scoreboard."""
    quality = ", ".join(f"{s} {row['measured'][s]:.0%} of {row['cases'][s]}" for s in sim.SLICES)
    product = [("adoption", _pct(row["adoption"])), ("agent satisfaction", f"{row['satisfaction']:.0f} / 100"),
               ("business impact", f"{row['hours_saved']:.0f} agent hours saved a month"),
               ("live", ", ".join(row["live"])), ("product score", f"{row['product_score']:.1f}")]
    eng = [("quality (measured on cases)", quality), ("p95 latency", f"{row['p95_s']:.2f} s (SLO 3 s)"),
           ("cost per 1,000 drafts", f"${row['cost_per_1k']:.2f}"),
           ("error budget left", f"{row['budget_left']:.1f} of {sim.C['budget_minutes']['value']} min"),
           ("debt", f"{row['debt']:.0f} / 100"), ("team trust", f"{row['trust']:.0f} / 100"),
           ("customer-visible incidents", str(row["incidents"])),
           ("engineering score", f"{row['engineering_score']:.1f}")]
    cells = []
    for i in range(max(len(product), len(eng))):
        p = product[i] if i < len(product) else ("", "")
        e = eng[i] if i < len(eng) else ("", "")
        cells.append(f"<tr><th scope='row'>{p[0]}</th><td>{html.escape(p[1])}</td>"
                     f"<th scope='row'>{e[0]}</th><td>{html.escape(e[1])}</td></tr>")
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in row["notes"]) or "<li>A quiet sprint.</li>"
    return (f"<h4>Sprint {row['case_sprint']} (game sprint {row['sprint']} of {sim.SPRINTS}): combined score "
            f"{row['combined_score']:.1f}</h4><ul>{notes}</ul>"
            "<table class='ailead-sim-table'><thead><tr><th colspan='2'>Product scoreboard</th>"
            "<th colspan='2'>Engineering scoreboard</th></tr></thead><tbody>" + "".join(cells) + "</tbody></table>")


def compare_table(first: dict, second: dict) -> str:
    """The same sprint played twice: what changed."""
    keys = [("combined score", "combined_score", "{:.1f}"), ("product score", "product_score", "{:.1f}"),
            ("engineering score", "engineering_score", "{:.1f}"), ("adoption", "adoption", "{:.0%}"),
            ("incidents", "incidents", "{}"), ("debt", "debt", "{:.0f}"), ("team trust", "trust", "{:.0f}"),
            ("error budget left", "budget_left", "{:.1f}"), ("launched", "launched", "{}")]
    changed = [k for k in first["decisions"] if first["decisions"][k] != second["decisions"][k]]
    rows = "".join(f"<tr><th scope='row'>{label}</th><td>{fmt.format(first[k])}</td>"
                   f"<td>{fmt.format(second[k])}</td></tr>"
                   for label, k, fmt in keys)
    what = ", ".join(f"{k}: {first['decisions'][k]} → {second['decisions'][k]}" for k in changed) or "nothing"
    return (f"<h4>Sprint {first['case_sprint']}, played twice (same seed)</h4><p>You changed {html.escape(what)}.</p>"
            "<table class='ailead-sim-compare'><thead><tr><th></th><th>first time</th><th>replay</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def debrief_html(state: sim.State, found: list[dict]) -> str:
    """The three decisions that mattered most, each with the lesson and section that teaches why."""
    if not found:
        return ("<p><b>No single decision stands out:</b> replaying each with the course's balanced choice, with the "
                "same seed, did not raise your score.</p>")
    items = []
    for f in found:
        chosen = ", ".join(f"{k} {v}" for k, v in f["chosen"].items())
        instead = ", ".join(f"{k} {v}" for k, v in f["instead"].items())
        link = f"{f['lesson']}.ipynb"
        items.append(f"<li><b>Sprint {f['case_sprint']}, {html.escape(f['topic'])}:</b> you chose "
                     f"{html.escape(chosen)}; {html.escape(instead)} would have raised your score by "
                     f"{f['gain']:.1f}. Why: <a href='{link}'>lesson {f['lesson'][:2]}</a>, "
                     f"section “{html.escape(f['section'])}”.</li>")
    return ("<p><b>The decisions that mattered most</b> (each replayed with the same seed):</p><ol>"
            + "".join(items) + "</ol>")


class SimGame:
    """One game in a notebook. ``game.widget`` is what the notebook shows."""

    def __init__(self, seed: int = 1, save: bool = True):
        self.seed, self.save = seed, save
        self.states = [sim.new_game(seed)]
        self.first_try: dict | None = None  # the sprint as first played, while it is being replayed
        self.saved = False
        d = sim.default_decisions(self.state)
        self.bet = _toggle([(b, b) for b in sim.BETS], d["bet"], "ailead-sim-bet",
                           [f"{b}: {v['title']}" for b, v in sim.BETS.items()])
        self.test = _toggle([("none", None)] + [(r, r) for r in PRODUCT_RISKS], None, "ailead-sim-test")
        self.gate = _toggle([(f"{g:.0%}", g) for g in sim.GATES], d["gate"], "ailead-sim-gate")
        self.guardrail = widgets.Checkbox(value=True, description="guardrail: latency and error budget too",
                                          indent=False)
        self.launch = widgets.Checkbox(value=False, description="launch the bet if it is built and clears the gate",
                                       indent=False)
        self.promise = _toggle([(p, p) for p in sim.PROMISES], "nothing", "ailead-sim-promise",
                               ["Promise the support leads nothing yet", "Promise the bet is live next sprint"])
        self.model = _toggle([(m, m) for m in sim.MODELS], d["model"], "ailead-sim-model",
                             [f"{m['name']}: quality {m['quality']}, p95 {m['p95_latency_s']} s, "
                              f"${m['cost_per_1k_drafts']} per 1,000" for m in self.state_models()])
        for box, css in ((self.guardrail, "ailead-sim-guardrail"), (self.launch, "ailead-sim-launch")):
            box.add_class(css)
            box.add_class("ailead-sim-control")
        self.work = {}
        for w in sim.WORK:
            # The description is the input's <label>: without it a screen reader hears an unnamed number box.
            box = widgets.BoundedIntText(value=d[w], min=0, max=8, description=w,
                                         style={"description_width": "initial"}, layout=widgets.Layout(width="170px"))
            box.add_class(f"ailead-sim-{w}")
            box.add_class("ailead-sim-control")
            self.work[w] = box
        self.play_button = self._button("Play the sprint", "primary", "ailead-sim-play", self._on_play)
        self.replay_button = self._button("Replay this sprint", "", "ailead-sim-replay", self._on_replay)
        self.debrief_button = self._button("Debrief", "success", "ailead-sim-debrief", self._on_debrief)
        self.situation = widgets.HTML(layout=_FULL)
        self.situation.add_class("ailead-sim-situation")
        self.message = widgets.HTML(layout=_FULL)
        self.message.add_class("ailead-sim-message")
        self.results = widgets.HTML(layout=_FULL)
        self.results.add_class("ailead-sim-results")
        self.debrief_box = widgets.HTML(layout=_FULL)
        self.debrief_box.add_class("ailead-sim-debrief-view")
        product = widgets.VBox([widgets.HTML("<h4>Product hat</h4>"), _row("bet to pursue", self.bet),
                                _row("risk to test first", self.test),
                                _row("launch gate (measured pass rate)", self.gate), _row("", self.guardrail),
                                _row("", self.launch), _row("promise to support leads", self.promise)])
        split = widgets.HBox(list(self.work.values()))
        engineering = widgets.VBox([widgets.HTML("<h4>Engineering hat</h4>"), _row("model", self.model),
                                    _row("person-weeks", split)])
        buttons = widgets.HBox([self.play_button, self.replay_button, self.debrief_button])
        self.widget = widgets.VBox([self.situation, product, engineering, buttons, self.message, self.results,
                                    self.debrief_box], layout=_FULL)
        self.widget.add_class("ailead-sim")
        self._refresh()

    # -- helpers
    @property
    def state(self) -> sim.State:
        return self.states[-1]

    def state_models(self) -> list[dict]:
        return sim.observe(self.state)["models"]

    def _button(self, label, style, css, handler) -> widgets.Button:
        b = widgets.Button(description=label, button_style=style, tooltip=label)
        b.add_class(css)
        b.add_class("ailead-sim-control")
        b.on_click(lambda _b: handler())
        return b

    def decisions(self) -> dict:
        """The decisions the controls show now."""
        return {"bet": self.bet.value, "test_risk": self.test.value, "gate": self.gate.value,
                "guardrail": self.guardrail.value, "launch": self.launch.value, "promise": self.promise.value,
                "model": self.model.value, **{w: box.value for w, box in self.work.items()}}

    def _refresh(self) -> None:
        obs = sim.observe(self.state)
        done = self.state.finished
        self.play_button.disabled = done
        self.replay_button.disabled = self.state.sprint == 0
        self.debrief_button.disabled = not done
        if done:
            self.situation.value = (f"<p><b>All {sim.SPRINTS} sprints played.</b> Game score "
                                    f"{sim.final_score(self.state):.1f}. Press <b>Debrief</b>, or replay the last "
                                    "sprint.</p>")
            return
        bets = "".join(
            f"<li>{b} {html.escape(v['title'])}: {v['progress']:g} of {v['effort']} person-weeks built, {v['status']}"
            f"{', live' if v['live'] else ''}; risks: "
            + ", ".join(f"{r} (importance {x['importance']}, evidence {x['evidence']})" for r, x in v["risks"].items())
            + "</li>" for b, v in obs["bets"].items())
        measured = ", ".join(f"{s} {obs['measured'][s]:.0%} on {obs['cases'][s]} cases" for s in sim.SLICES)
        self.situation.value = (
            f"<h3>Sprint {obs['case_sprint']} (game sprint {obs['sprint']} of {obs['sprints']}): "
            f"{obs['capacity']} person-weeks</h3>"
            f"<p>Live: {', '.join(obs['live'])} on {obs['model']}. Measured quality: {measured} (bar "
            f"{obs['bar']:.0%}). Debt {obs['debt']:.0f}, trust {obs['trust']:.0f}, adoption {obs['adoption']:.0%}.</p>"
            f"<details><summary>The bets</summary><ul>{bets}</ul></details>")
        for box in self.work.values():
            box.max = obs["capacity"]
        over = sum(box.value for box in self.work.values()) - obs["capacity"]
        if over > 0:  # the lent engineer went back: take the difference off features first
            for w in sim.WORK:
                cut = min(over, self.work[w].value)
                self.work[w].value -= cut
                over -= cut

    # -- actions
    def play_sprint(self, decisions: dict | None = None) -> dict:
        """Play the next sprint with these decisions (default: the controls); returns the sprint's results."""
        try:
            new = sim.advance(self.state, decisions or self.decisions())
        except ValueError as exc:
            self.message.value = f"<p><b>Not played:</b> {html.escape(str(exc))}</p>"
            raise
        self.states.append(new)
        row = new.history[-1]
        self.message.value = ""
        self.results.value = result_table(row)
        if self.first_try is not None:
            self.results.value = compare_table(self.first_try, row) + self.results.value
            self.first_try = None
        self._refresh()
        return row

    def replay_sprint(self) -> None:
        """Take the last sprint back, to play it again with other decisions and the same seed."""
        if len(self.states) < 2:
            return
        self.first_try = self.states.pop().history[-1]
        self.message.value = (f"<p>Sprint {self.first_try['case_sprint']} taken back: change a decision and play it "
                              "again; both results will be shown side by side.</p>")
        self._refresh()

    def debrief(self) -> list[dict]:
        """The debrief: both scoreboards over time and the decisions that mattered most; saves the game once."""
        found = sim.debrief(self.state)
        chart = debrief_chart(self.state.history, final=sim.final_score(self.state))
        self.debrief_box.value = (f"<figure class='ailead-figure' style='margin:0'>{chart.svg}"
                                  f"<figcaption>{html.escape(chart.description)}</figcaption></figure>"
                                  + debrief_html(self.state, found))
        if self.save and not self.saved:
            progress.record_game(sim.game_record(self.state, policy="played in the notebook"))
            self.saved = True
        return found

    def _on_play(self):
        try:
            self.play_sprint()
        except ValueError:
            pass

    def _on_replay(self):
        self.replay_sprint()

    def _on_debrief(self):
        self.debrief()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def play(seed: int = 1, save: bool = True) -> SimGame:
    """Show a new game for this seed in the notebook."""
    return SimGame(seed=seed, save=save)
