"""The course glossary: the terms the lessons define, kept as data in ``assets/glossary.yml``.

Look a term up from any notebook::

    from ailead import glossary
    glossary.define("SLO")            # shows the entry, with a link to the section that teaches it
    glossary.lookup("error budget")   # the Entry itself (term, definition, lesson, section, ...)

The file's schema is described at its top. Every mistake in it raises :class:`GlossaryError` naming the
file, the entry and the field. The glossary page (``notebooks/glossary.ipynb``) is rendered from the same
data by :func:`page_cells`; the instructor's ``python -m ailead.instructor.glossary_links --write`` writes
it and links each term's first use in every lesson to it.

Anchors follow JupyterLab's rule for headings: the heading's text with every space turned into a dash.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ailead.quizbank import _Where as _BankWhere
from ailead.quizbank import assets_dir

__all__ = ["GlossaryError", "Entry", "Glossary", "load", "lookup", "define", "anchor", "slug", "page_cells",
           "PAGE", "FIELDS"]

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PAGE = "glossary.ipynb"  # the glossary page, next to the lessons in notebooks/
FIELDS = ("term", "aka", "definition", "lesson", "section", "phrase", "match", "link", "see")
_LESSON = re.compile(r"^\d\d-[a-z0-9-]+$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A term is also a heading and an anchor: no brackets, no markup, nothing a link address would break on.
_TERM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 /.,+&'’-]*$")


class GlossaryError(ValueError):
    """The glossary breaks its schema; the message says where and what to fix."""


@dataclass(frozen=True)
class Entry:
    term: str
    definition: str
    lesson: str
    section: str
    phrase: str
    aka: tuple[str, ...] = ()
    match: tuple[str, ...] = ()
    see: tuple[str, ...] = ()
    link: bool = True

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the entry is looked up by: the term, then its other names."""
        return (self.term, *self.aka)

    @property
    def forms(self) -> tuple[str, ...]:
        """The texts the linker links in a lesson (any case, plural allowed): the term and its other names;
        none when ``match`` or ``link: false`` says otherwise."""
        if self.match or not self.link:
            return ()
        return tuple(dict.fromkeys((self.term, *self.aka)))

    @property
    def anchor(self) -> str:
        return anchor(self.term)

    @property
    def href(self) -> str:
        """The link to this entry on the glossary page, from a lesson."""
        return f"{PAGE}#{self.anchor}"


def slug(heading: str) -> str:
    """A section's id in the glossary file: lower case, every run of other characters one dash."""
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")


def heading_text(heading: str) -> str:
    """What a reader sees of a markdown heading (its text without inline markup)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    return re.sub(r"[`*_]", "", text).strip()


def anchor(heading: str) -> str:
    """JupyterLab's anchor for a heading: its visible text with every space a dash."""
    return heading_text(heading).replace(" ", "-")


@dataclass(frozen=True)
class Glossary:
    path: Path
    entries: tuple[Entry, ...]

    def lookup(self, name: str) -> Entry:
        """The entry for a term or one of its other names (any case), or a KeyError with suggestions."""
        key = " ".join(str(name).split()).lower()
        for entry in self.entries:
            if key in (n.lower() for n in entry.names):
                return entry
        names = [n for e in self.entries for n in e.names]
        close = difflib.get_close_matches(str(name), names, n=3, cutoff=0.6)
        close += [n for n in names if key and key in n.lower() and n not in close][:3]
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise KeyError(f"the glossary has no entry {name!r}{hint}")

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


# --------------------------------------------------------------------------- loading and validation

class _Where(_BankWhere):
    """The quiz banks' error messages (file, item, field), naming a glossary entry."""

    kind = "entry"
    exception = GlossaryError


def _text(where: _Where, raw: dict, key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise where.error(key, "is missing or empty; it must be text")
    return " ".join(value.split())


def _names(where: _Where, raw: dict, key: str) -> tuple[str, ...]:
    value = raw.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise where.error(key, "must be a list of texts, e.g. [SLO, service level objective]")
    return tuple(" ".join(v.split()) for v in value)


def _entry(where: _Where, raw: dict) -> Entry:
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise where.error(unknown[0], f"is not a field of an entry; allowed fields are {', '.join(FIELDS)}")
    term = _text(where, raw, "term")
    if not _TERM.match(term):
        raise where.error("term", f"is {term!r}; a term may hold letters, digits, spaces and - / . , + & ' "
                                  "only (it becomes a heading and a link anchor): put a qualifier in `aka`")
    definition = _text(where, raw, "definition")
    if len(definition.split()) < 6:
        raise where.error("definition", "is too short to explain anything; write one to three sentences")
    lesson = _text(where, raw, "lesson")
    if not _LESSON.match(lesson):
        raise where.error("lesson", f"is {lesson!r}; it must be a lesson's name such as '03-goals'")
    section = _text(where, raw, "section")
    if not _SLUG.match(section):
        raise where.error("section", f"is {section!r}; it must be a heading's slug such as "
                                     "'slis-slos-and-error-budgets' (lower case, words joined by dashes)")
    link = raw.get("link", True)
    if not isinstance(link, bool):
        raise where.error("link", "must be `link: false` (never link this term in the lessons) or left out")
    match = _names(where, raw, "match")
    if match and not link:
        raise where.error("match", "and `link: false` contradict each other; keep one")
    return Entry(term=term, definition=definition, lesson=lesson, section=section,
                 phrase=_text(where, raw, "phrase"), aka=_names(where, raw, "aka"),
                 match=match, see=_names(where, raw, "see"), link=link)


def load_file(path: str | os.PathLike) -> Glossary:
    """Read and validate a glossary file."""
    path = Path(path)
    where = _Where(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise GlossaryError(f"{path}: is not valid YAML{at}: {getattr(exc, 'problem', None) or exc}") from exc
    except FileNotFoundError:
        raise GlossaryError(f"{path}: no glossary file (expected this file to exist)") from None
    if not isinstance(data, dict) or set(data) != {"terms"}:
        raise where.error(None, "must be a mapping with one key, `terms`, holding the list of entries")
    raw_terms = data["terms"]
    if not isinstance(raw_terms, list) or not raw_terms:
        raise where.error("terms", "must be a non-empty list of entries")
    entries: list[Entry] = []
    owner: dict[str, str] = {}
    for n, raw in enumerate(raw_terms, start=1):
        label = raw.get("term") if isinstance(raw, dict) and isinstance(raw.get("term"), str) else f"terms[{n}]"
        entry_where = _Where(path, label)
        if not isinstance(raw, dict):
            raise entry_where.error(None, "must be a mapping with term, definition, lesson, section and phrase")
        entry = _entry(entry_where, raw)
        for name in entry.names:
            other = owner.get(name.lower())
            if other is not None:
                raise entry_where.error("aka" if name != entry.term else "term",
                                        f"{name!r} already names the entry {other!r}; a name belongs to one entry")
            owner[name.lower()] = entry.term
        if entries and entry.term.lower() < entries[-1].term.lower():
            raise entry_where.error("term", f"comes after {entries[-1].term!r}; keep entries in alphabetical order")
        entries.append(entry)
    for entry in entries:
        for other in entry.see:
            if other.lower() not in owner or owner[other.lower()] == entry.term:
                raise _Where(path, entry.term).error("see", f"names {other!r}, which is not another entry's term")
            if owner[other.lower()] != other:
                raise _Where(path, entry.term).error("see", f"names {other!r}; write the entry's term, "
                                                            f"{owner[other.lower()]!r}")
    return Glossary(path=path, entries=tuple(entries))


def glossary_path() -> Path:
    return assets_dir() / "glossary.yml"


_loaded: dict[Path, tuple[tuple[int, int], Glossary]] = {}


def load(path: str | os.PathLike | None = None) -> Glossary:
    """The course glossary, validated; read again only when the file changes."""
    path = Path(path) if path is not None else glossary_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise GlossaryError(f"{path}: no glossary file (expected this file to exist)") from None
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _loaded.get(path)
    if cached is None or cached[0] != stamp:
        _loaded[path] = (stamp, load_file(path))
    return _loaded[path][1]


def lookup(name: str) -> Entry:
    """The course glossary's entry for a term or one of its other names (any case)."""
    return load().lookup(name)


# --------------------------------------------------------------------------- rendering

def entry_markdown(entry: Entry, where: str | None = None, page: str = "") -> str:
    """One entry as markdown: its definition, where it is taught, other names and related terms.

    ``where`` is the markdown link to the section that teaches it (the page supplies it, with the lesson's
    title); ``page`` is prefixed to the related terms' anchors ("" on the glossary page itself).
    """
    # "$1 ... $3" in one paragraph would be typeset as maths by JupyterLab; it shows "\\$" as a plain dollar
    # (a single "\$" is still typeset: measured in JupyterLab 4.6).
    lines = [re.sub(r"(?<![\\$])\$(?=\d)", r"\\\\$", entry.definition), ""]
    if entry.aka:
        lines.append(f"*Also:* {', '.join(entry.aka)}.  ")
    lines.append(f"*Taught in:* {where or f'{entry.lesson}, section {entry.section}'}.")
    if entry.see:
        lines[-1] += "  "
        lines.append("*See also:* " + ", ".join(f"[{s}]({page}#{anchor(s)})" for s in entry.see) + ".")
    return "\n".join(lines)


def page_cells(glossary: Glossary, sections: dict[tuple[str, str], tuple[str, str]]) -> list[str]:
    """The glossary page as the sources of its markdown cells: an introduction, then one cell per letter.

    ``sections`` maps (lesson, section slug) to (the lesson's title, the section's heading text); the
    instructor's tools read it from the lessons. Each entry is a ``###`` heading, so it has an anchor.
    """
    groups: dict[str, list[Entry]] = {}
    for entry in glossary.entries:
        letter = entry.term[0].upper() if entry.term[0].isalpha() else "0-9"
        groups.setdefault(letter, []).append(entry)
    index = " · ".join(f"[{letter}](#{letter})" for letter in groups)
    intro = ("# Glossary\n\n"
             f"Every term the course defines, {len(glossary)} in all, in the course's own words. Each entry says "
             "which lesson and section teach it; in the lessons, the first use of a term links here.\n\n"
             "Look a term up from any notebook with `from ailead import glossary; glossary.define(\"SLO\")`.\n\n"
             f"{index}")
    cells = [intro]
    for letter, entries in groups.items():
        parts = [f"## {letter}"]
        for entry in entries:
            title, heading = sections.get((entry.lesson, entry.section), (entry.lesson, entry.section))
            where = f"[{title}, “{heading_text(heading)}”]({entry.lesson}.ipynb#{anchor(heading)})"
            parts.append(f"### {entry.term}\n\n{entry_markdown(entry, where)}")
        cells.append("\n\n".join(parts))
    return cells


def define(name: str) -> None:
    """Show a glossary entry in the notebook."""
    entry = lookup(name)
    text = f"**{entry.term}**: " + entry_markdown(entry, f"[{entry.lesson}]({entry.lesson}.ipynb)", PAGE)
    try:
        from IPython.display import Markdown, display
    except ImportError:  # outside a notebook
        print(text)
        return
    display(Markdown(text))
