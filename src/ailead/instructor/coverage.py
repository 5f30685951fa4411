"""The seed coverage map: for every idea the course promises, where it is taught and where assessed.

The map is ``assets/coverage.yml``. Each key is an ID from the curriculum's checklist, or an idea the
course adds beyond the seeds (prefix ``ADD-``, see :data:`ADDITION`)::

    P-DEF-PRODUCT:
      taught: [notebooks/01-two-roles-one-product.ipynb#two-lenses-on-one-product]
      assessed: [quiz:01-two-roles-one-product/who-owns-it, exercise:01-two-roles-one-product/owners-all-right]

``taught`` points at a ``##`` (or deeper) heading of a lesson, written as its slug (lower case, runs of
other characters turned into one dash). ``assessed`` points at a quiz question (``quiz:LESSON/ID``)
or a graded cell of an exercise's source notebook (``exercise:ASSIGNMENT/GRADE_ID``). An ID whose
lesson is not written yet has an empty entry (``{}``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from ailead.instructor.course import REPO  # noqa: E402
from ailead.quizbank import assets_dir, load_lesson

# Ideas the course adds beyond the seed articles (frameworks, and the lessons on evidence, trust, decision
# rights and hiring, the simulator, the finishing pieces) carry this prefix, e.g. ADD-WILSON-INTERVAL.
ADDITION = "ADD-"


def slug(heading: str) -> str:
    """The anchor of a heading: lower case, every run of other characters one dash."""
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")


def headings(notebook: Path) -> set[str]:
    """The slugs of every markdown heading in a notebook."""
    nb = nbformat.read(notebook, as_version=4)
    found = set()
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            m = re.match(r"^#{1,6}\s+(.*)$", line.strip())
            if m:
                found.add(slug(m.group(1)))
    return found


def expand_checklist(text: str) -> list[str]:
    """The seed IDs named in the curriculum's checklist, with ranges like P-RESP-1..8 expanded."""
    section = text.split("## Seed coverage checklist", 1)[-1].split("\nBeyond the sources", 1)[0]
    ids: list[str] = []
    for token in re.findall(r"\b([PM]-[A-Z0-9-]+?(?:-\d+\.\.\d+)?)(?=[:,.\s])", section):
        m = re.match(r"^(.*)-(\d+)\.\.(\d+)$", token)
        if m:
            ids.extend(f"{m.group(1)}-{n}" for n in range(int(m.group(2)), int(m.group(3)) + 1))
        else:
            ids.append(token)
    return list(dict.fromkeys(ids))


def load_map(path: Path | None = None) -> dict[str, dict]:
    """The coverage map as {seed id: {"taught": [...], "assessed": [...]}}."""
    path = path or assets_dir() / "coverage.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    result = {}
    for seed, entry in raw.items():
        entry = entry or {}
        unknown = set(entry) - {"taught", "assessed"}
        if unknown:
            raise ValueError(f"{path}: {seed}: unknown field(s) {sorted(unknown)}; use taught and assessed")
        result[seed] = {k: list(entry.get(k) or []) for k in ("taught", "assessed")}
    return result


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)       # references that point at nothing
    complete: list[str] = field(default_factory=list)     # taught and assessed
    untaught: list[str] = field(default_factory=list)     # empty entries: lessons still to write
    half_done: list[str] = field(default_factory=list)    # taught but not assessed, or the reverse


def _check_taught(ref: str, repo: Path) -> str | None:
    path, _, anchor = ref.partition("#")
    nb = repo / path
    if not path.startswith("notebooks/") or not nb.exists():
        return f"{ref}: no lesson notebook at {path}"
    if not anchor:
        return f"{ref}: add the section's heading anchor after '#'"
    if anchor not in headings(nb):
        return f"{ref}: {path} has no heading whose anchor is {anchor!r}"
    return None


def _graded_ids(source: Path) -> set[str]:
    nb = nbformat.read(source, as_version=4)
    ids = set()
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and meta.get("points", 0) > 0:
            ids.add(meta["grade_id"])
    return ids


def _check_assessed(ref: str, repo: Path) -> str | None:
    kind, _, rest = ref.partition(":")
    where, _, item = rest.partition("/")
    if kind == "quiz":
        try:
            load_lesson(where).question(item)
        except (KeyError, ValueError) as exc:
            return f"{ref}: {exc}"
        return None
    if kind == "exercise":
        sources = list((repo / "solutions" / where).glob("*.ipynb"))
        if not sources:
            return f"{ref}: no exercise source in solutions/{where}/"
        if not any(item in _graded_ids(s) for s in sources):
            return f"{ref}: solutions/{where} has no graded cell with grade id {item!r}"
        return None
    return f"{ref}: must start with 'quiz:' or 'exercise:'"


def check(coverage: dict[str, dict] | None = None, repo: Path = REPO) -> Report:
    """Check every reference in the map and sort the seed IDs by how far they are covered."""
    coverage = load_map() if coverage is None else coverage
    report = Report()
    for seed, entry in coverage.items():
        for ref in entry["taught"]:
            if (err := _check_taught(ref, repo)):
                report.errors.append(f"{seed}: {err}")
        for ref in entry["assessed"]:
            if (err := _check_assessed(ref, repo)):
                report.errors.append(f"{seed}: {err}")
        if entry["taught"] and entry["assessed"]:
            report.complete.append(seed)
        elif entry["taught"] or entry["assessed"]:
            report.half_done.append(seed)
        else:
            report.untaught.append(seed)
    return report
