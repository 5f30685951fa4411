"""The course teaches the source articles' ideas in its own words: no sentence is copied from them."""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("AILEAD_SHARED", REPO.parent / "shared")) / "seeds"
RUN = 8  # this many words in a row, shared with a source, counts as copying


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


def _runs(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def _course_texts() -> dict[str, str]:
    texts = {}
    for folder in ("notebooks", "solutions"):
        for path in sorted((REPO / folder).rglob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            texts[str(path.relative_to(REPO))] = "\n".join(c.source for c in nb.cells)
    for path in sorted((REPO / "assets").rglob("*.yml")) + [REPO / "README.md"]:
        texts[str(path.relative_to(REPO))] = path.read_text()
    return texts


def test_no_run_of_words_is_copied_from_the_sources():
    sources = sorted(p for p in SEEDS.glob("*.txt")) if SEEDS.exists() else []
    if not sources:
        pytest.skip(f"the source articles are not beside the repository ({SEEDS}); set AILEAD_SHARED")
    seed_runs = set().union(*(_runs(p.read_text()) for p in sources))
    assert len(seed_runs) > 1000
    copied = {}
    for name, text in _course_texts().items():
        shared = _runs(text) & seed_runs
        if shared:
            copied[name] = sorted(" ".join(r) for r in shared)[:3]
    assert not copied, f"runs of {RUN}+ words copied from the sources: {copied}"


def test_the_check_catches_a_copied_sentence():
    sentence = "They take the strategic direction set by the PM and translate it into a backlog"
    assert _runs(sentence) & _runs("intro. " + sentence + " outro")
