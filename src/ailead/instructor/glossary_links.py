"""Link every lesson's first use of each glossary term to the glossary, and write the glossary page.

    python -m ailead.instructor.glossary_links            # say what would change, change nothing
    python -m ailead.instructor.glossary_links --write    # write the lessons and notebooks/glossary.ipynb
    python -m ailead.instructor.glossary_links --write --lessons 01-05,09-12
    python -m ailead.instructor.glossary_links --check    # exit 1 when anything is out of date

In each lesson, the first use of a term (its ``term`` and ``aka`` in any case, a plural "s"
allowed; or, for a term that is also an everyday word, exactly its ``match`` forms; never a term marked
``link: false``) in a markdown cell becomes ``[text](glossary.ipynb#Anchor)``. The first cell
(title, time, objectives), headings, figure alt text, code, and existing links are left alone. Every link to
``glossary.ipynb#...`` in a lesson belongs to this tool: a run first removes them all, then adds them again,
so running it twice changes nothing and a term removed from the glossary loses its links.

The page ``notebooks/glossary.ipynb`` is plain markdown (no code to run, so its anchors work at once, in
JupyterLab and in the browser version), rendered by :func:`ailead.glossary.page_cells`.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from pathlib import Path

import nbformat

from ailead import glossary as gl
from ailead.instructor.course import REPO  # noqa: E402

GLOSSARY_LINK = re.compile(r"\[([^\]]*)\]\(" + re.escape(gl.PAGE) + r"#[^)\s]*\)")
# What the linker never touches: fenced and inline code, headings, figure alt text (the whole paragraph: the
# stored picture's alt attribute is taken from it), links and images, HTML
# tags, bare URLs, and text between two dollar signs on a line (JupyterLab may typeset it as maths).
_PROTECTED = re.compile(r"```.*?```|^[ \t]*#{1,6}[ \t][^\n]*$|^\*\*Figure \(alt text\):\*\*.*?(?=\n[ \t]*\n|\Z)"
                        r"|`[^`\n]*`|!?\[[^\]]*\]\([^)]*\)|<[^>\n]+>|https?://\S+"
                        r"|(?<!\\)\$[^$\n]+(?<!\\)\$", re.S | re.M)
_NBFORMAT = 4


def lesson_paths(repo: Path = REPO) -> list[Path]:
    """The numbered lessons, in order."""
    return sorted((repo / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=_NBFORMAT)


def headings(nb) -> list[tuple[int, str]]:
    """(cell index, heading text) of every markdown heading, in order."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        in_fence = False
        for line in cell.source.splitlines():
            if line.strip().startswith("```"):
                in_fence = not in_fence
            m = None if in_fence else re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line.strip())
            if m:
                found.append((i, m.group(1)))
    return found


def section_texts(nb) -> dict[str, str]:
    """The markdown of each section, keyed by its heading's slug (the heading line included)."""
    texts: dict[str, str] = {}
    current = None
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line.strip())
            if m:
                current = gl.slug(gl.heading_text(m.group(1)))
            if current is not None:
                texts[current] = texts.get(current, "") + line + "\n"
    return texts


def lesson_sections(repo: Path = REPO) -> dict[tuple[str, str], tuple[str, str]]:
    """(lesson, section slug) -> (the lesson's title, the section's heading) for every lesson."""
    found = {}
    for path in lesson_paths(repo):
        heads = headings(read(path))
        title = gl.heading_text(heads[0][1]) if heads else path.stem
        for _, text in heads[1:]:
            found.setdefault((path.stem, gl.slug(gl.heading_text(text))), (title, gl.heading_text(text)))
    return found


# --------------------------------------------------------------------------- linking

def strip_links(text: str) -> str:
    """The text without this tool's glossary links (their words stay)."""
    return GLOSSARY_LINK.sub(r"\1", text)


@functools.lru_cache(maxsize=4)
def _matcher(glossary: gl.Glossary) -> tuple[re.Pattern, dict[str, gl.Entry]]:
    """One pattern for every form, longest first; a form's entry is found by its lower case (any-case
    forms) or exactly (``match`` forms, marked with a leading NUL in the table)."""
    by_form: dict[str, gl.Entry] = {}
    alternatives: dict[str, int] = {}
    for entry in glossary.entries:
        for form in entry.forms:
            by_form.setdefault(form.lower(), entry)
            alternatives.setdefault(f"(?i:{re.escape(form)})(?:s|es)?", len(form))
        for form in entry.match:
            by_form.setdefault("\0" + form, entry)
            alternatives.setdefault(re.escape(form), len(form))
    ordered = sorted(alternatives, key=lambda a: -alternatives[a])
    return re.compile(r"(?<![\w/-])(" + "|".join(ordered) + r")(?![\w/-])"), by_form


def _entry_for(text: str, by_form: dict[str, gl.Entry]) -> gl.Entry:
    if "\0" + text in by_form:
        return by_form["\0" + text]
    low = text.lower()
    for cut in (0, 1, 2):
        if low[:len(low) - cut] in by_form:
            return by_form[low[:len(low) - cut]]
    raise KeyError(text)


def link_text(text: str, glossary: gl.Glossary, linked: set[str], page: str = gl.PAGE) -> str:
    """Link the first use in ``text`` of every term not yet in ``linked`` (which it updates)."""
    pattern, by_form = _matcher(glossary)

    def plain(segment: str) -> str:
        def repl(m: re.Match) -> str:
            entry = _entry_for(m.group(1), by_form)
            # "validation" after "Output validation" was linked most likely means the longer term.
            if entry.term in linked or any(t.lower().endswith(" " + entry.term.lower()) for t in linked):
                return m.group(0)
            linked.add(entry.term)
            return f"[{m.group(0)}]({page}#{entry.anchor})"

        return pattern.sub(repl, segment)

    result, pos = [], 0
    for m in _PROTECTED.finditer(text):
        result.append(plain(text[pos:m.start()]))
        result.append(m.group(0))
        pos = m.end()
    result.append(plain(text[pos:]))
    return "".join(result)


def link_notebook(nb, glossary: gl.Glossary) -> tuple[object, list[str]]:
    """A copy of a lesson with its glossary links redone; and the terms it links, in order."""
    nb = nbformat.from_dict(nb)
    linked: set[str] = set()
    order: list[str] = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        source = strip_links(cell.source)
        if index > 0:  # the opening cell (title, time, objectives) stays as written
            before = set(linked)
            source = link_text(source, glossary, linked)
            order += sorted(linked - before, key=lambda t: source.find(f"#{gl.anchor(t)})"))
        cell.source = source
    return nb, order


def page_notebook(glossary: gl.Glossary, repo: Path = REPO):
    """The glossary page as a notebook of markdown cells."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    nb.cells = [nbformat.v4.new_markdown_cell(src) for src in gl.page_cells(glossary, lesson_sections(repo))]
    for n, cell in enumerate(nb.cells):
        cell.id = f"glossary-{n:02d}"  # stable ids: a rerun gives the same file
    return nb


def _same(a, b) -> bool:
    return [(c.cell_type, c.source) for c in a.cells] == [(c.cell_type, c.source) for c in b.cells]


def _select(spec: str | None, paths: list[Path]) -> list[Path]:
    if not spec:
        return paths
    wanted: set[int] = set()
    for part in spec.split(","):
        lo, _, hi = part.strip().partition("-")
        wanted |= set(range(int(lo), int(hi or lo) + 1))
    return [p for p in paths if int(p.stem[:2]) in wanted]


def run(repo: Path = REPO, write: bool = False, lessons: str | None = None,
        glossary: gl.Glossary | None = None) -> list[str]:
    """Bring the chosen lessons' links and the glossary page up to date; the files that change (or would)."""
    glossary = glossary or gl.load()
    changed = []
    for path in _select(lessons, lesson_paths(repo)):
        nb = read(path)
        new, _ = link_notebook(nb, glossary)
        if not _same(nb, new):
            changed.append(str(path.relative_to(repo)))
            if write:
                nbformat.write(new, path)
    page = repo / "notebooks" / gl.PAGE
    new_page = page_notebook(glossary, repo)
    if not page.exists() or not _same(read(page), new_page):
        changed.append(str(page.relative_to(repo)))
        if write:
            nbformat.write(new_page, page)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ailead.instructor.glossary_links", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="write the changes (default: only list them)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a file is out of date")
    parser.add_argument("--lessons", help="only these lessons, by number: e.g. 01-05,09-12 (default: all)")
    args = parser.parse_args(argv)
    changed = run(write=args.write, lessons=args.lessons)
    verb = "Updated" if args.write else "Out of date"
    for rel in changed:
        print(f"{verb}: {rel}")
    if not changed:
        print("The glossary page and the lessons' glossary links are up to date.")
    return 1 if (args.check and changed and not args.write) else 0


if __name__ == "__main__":
    sys.exit(main())
