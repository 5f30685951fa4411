"""Small shared helpers for the tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

GOOD_BANK = """\
lesson: {lesson}
questions:
  - id: pick-one
    type: single
    prompt: Who decides which e-mail types ReplyDraft handles first?
    options:
      - {{text: The product leader, correct: true, why: It is a choice about value and priorities.}}
      - {{text: The engineering leader, correct: false, why: "They say what is feasible, not what matters most."}}
      - {{text: The data scientist, correct: false, why: They inform the choice but do not own it.}}
  - id: pick-many
    type: multiple
    prompt: Which of these are engineering success measures?
    options:
      - {{text: p95 latency, correct: true, why: A measure of how fast the system answers.}}
      - {{text: Error rate, correct: true, why: A measure of reliability.}}
      - {{text: Weekly active agents, correct: false, why: Adoption is a product measure.}}
  - id: sort-them
    type: buckets
    prompt: Sort these into the lens that owns them.
    buckets: [Product, Engineering]
    items:
      - {{text: Write the vision, bucket: Product, why: Direction is a product call.}}
      - {{text: Choose the model host, bucket: Engineering, why: A technical approach.}}
      - {{text: Plan peak capacity, bucket: Engineering, why: Scale is engineering's job.}}
  - id: branch
    type: branching
    prompt: The pilot starts on Monday.
    steps:
      - id: start
        prompt: Agents complain drafts are slow. What first?
        options:
          - {{text: Measure p95 latency, correct: true, why: You learn where the time goes., next: next}}
          - {{text: Switch models at once, correct: false, why: A guess that may make quality worse., next: next}}
      - id: next
        prompt: Latency is 6 s at p95. What now?
        options:
          - {{text: Agree a target with product, correct: true, why: The target is a product decision.}}
          - {{text: Tell agents to wait, correct: false, why: Agents stop using it.}}
"""


def write_bank(folder: Path, lesson: str = "99-test", text: str | None = None) -> Path:
    """Write a quiz bank into folder/quizzes/ and return its path."""
    path = folder / "quizzes" / f"{lesson}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text) if text is not None else GOOD_BANK.format(lesson=lesson))
    return path


def figure_colours(ax, lines: bool = False) -> set[str]:
    """Every fill colour an Axes draws (collections and patches), and its line colours if asked, as hex."""
    import matplotlib.colors as mcolors

    found = set()
    for coll in ax.collections:
        found |= {mcolors.to_hex(c) for c in coll.get_facecolors()}
    for patch in ax.patches:
        found.add(mcolors.to_hex(patch.get_facecolor()))
    if lines:
        found |= {mcolors.to_hex(line.get_color()) for line in ax.get_lines()}
    return found


def safe_colours() -> set[str]:
    """The Okabe-Ito palette as hex: every course figure draws only in these colours."""
    import matplotlib.colors as mcolors

    from ailead.figures.palette import OKABE_ITO

    return {mcolors.to_hex(c) for c in OKABE_ITO.values()}
