"""The glossary (assets/glossary.yml): its schema, its references into the lessons, the links from the
lessons to it, the glossary page, and the linker (python -m ailead.instructor.glossary_links).

Nothing here names a lesson's content: every check reads the lessons as they are now, so rewriting a
lesson only fails a test when the glossary and that lesson really disagree (then the message says which
entry and what to change).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from ailead import glossary as gl
from ailead.instructor import glossary_links as links

REPO = Path(__file__).resolve().parents[1]
LESSONS = links.lesson_paths(REPO)
PAGE = REPO / "notebooks" / gl.PAGE
GLOSSARY = gl.load()
LINK = re.compile(r"\]\(([^)\s]+)\)")

# Terms the course promises to define (issue 21 and the curriculum's frameworks): when a lesson uses one,
# the glossary must have it, under this name or as another name of an entry.
CANON = [
    "AI product leader", "AI engineering leader", "AI product manager", "AI product owner",
    "service level indicator", "service level objective", "service level agreement", "error budget",
    "RICE", "Kano model", "HEART", "North Star metric", "Definition of Done", "Product Goal", "Sprint Goal",
    "value risk", "usability risk", "feasibility risk", "viability risk", "demographic parity", "equalised odds",
    "opportunity solution tree", "INVEST", "Given/When/Then", "user story", "acceptance criteria",
    "DORA metrics", "NIST AI RMF", "ML Test Score", "hidden technical debt", "Wilson score interval",
    "Cohen's kappa", "confidence interval", "OWASP Top 10 for LLM Applications", "EU AI Act", "GDPR",
    "permission matrix", "system card", "precision", "recall", "p95 latency", "A/B test", "North Star",
    "guardrail metric", "weighted decision matrix", "error budget policy", "prompt injection",
]


def _markdown(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(links.strip_links(c.source) for c in nb.cells if c.cell_type == "markdown")


LESSON_TEXT = {p.stem: _markdown(p) for p in LESSONS}
SECTIONS = {p.stem: links.section_texts(nbformat.read(p, as_version=4)) for p in LESSONS}


def _uses(text: str, phrase: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", text, re.I) is not None


def _anchors(path: Path) -> set[str]:
    return {gl.anchor(text) for _, text in links.headings(nbformat.read(path, as_version=4))}


# --------------------------------------------------------------------------- the data and its schema

def test_the_glossary_is_large_and_valid():
    assert len(GLOSSARY) >= 150
    assert GLOSSARY.path == REPO / "assets" / "glossary.yml"


def _write(tmp_path, body: str) -> Path:
    path = tmp_path / "glossary.yml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD = """terms:
  - term: Error budget
    definition: The share of a window in which a service may fail without breaking its objective.
    lesson: 03-goals
    section: slis-slos-and-error-budgets
    phrase: error budget
"""


@pytest.mark.parametrize("change, where", [
    (("phrase: error budget\n", ""), "entry 'Error budget', field 'phrase'"),
    (("lesson: 03-goals", "lesson: goals"), "entry 'Error budget', field 'lesson'"),
    (("section: slis-slos-and-error-budgets", "section: SLIs and SLOs"), "entry 'Error budget', field 'section'"),
    (("term: Error budget", "term: Error budget (SRE)"), "entry 'Error budget (SRE)', field 'term'"),
    (("phrase: error budget\n", "phrase: error budget\n    colour: red\n"), "entry 'Error budget', field 'colour'"),
    (("phrase: error budget\n", "phrase: error budget\n    see: [SLO]\n"), "entry 'Error budget', field 'see'"),
    (("phrase: error budget\n", "phrase: error budget\n    link: no please\n"),
     "entry 'Error budget', field 'link'"),
    (("definition: The share", "definition: Short.\n    x: The share"), "entry 'Error budget', field 'x'"),
])
def test_schema_errors_name_the_file_the_entry_and_the_field(tmp_path, change, where):
    path = _write(tmp_path, GOOD.replace(*change))
    with pytest.raises(gl.GlossaryError) as err:
        gl.load_file(path)
    assert str(err.value).startswith(f"{path}, {where}: ")


def test_schema_errors_for_duplicates_order_and_yaml(tmp_path):
    second = GOOD.split("terms:\n")[1].replace("Error budget", "Budget")
    second = second.replace("phrase: error budget", "phrase: budget\n    aka: [error budget]")
    with pytest.raises(gl.GlossaryError, match=r"entry 'Budget', field 'aka': 'error budget' already names"):
        gl.load_file(_write(tmp_path, GOOD + second))
    with pytest.raises(gl.GlossaryError, match="entry 'Budget', field 'term': comes after 'Error budget'"):
        gl.load_file(_write(tmp_path, GOOD + second.replace("\n    aka: [error budget]", "")))
    with pytest.raises(gl.GlossaryError, match="is not valid YAML at line"):
        gl.load_file(_write(tmp_path, GOOD + "  - term: [unclosed\n"))
    assert len(gl.load_file(_write(tmp_path, GOOD))) == 1


def test_lookup_by_any_name_in_any_case_with_suggestions():
    slo = gl.lookup("SLO")
    assert gl.lookup("  service LEVEL objective ") == slo
    with pytest.raises(KeyError, match="did you mean 'Error budget'"):
        gl.lookup("error budgt")


def test_define_shows_the_entry_with_where_it_is_taught(capsys, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_ipython(name, *args, **kwargs):
        if name.startswith("IPython"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ipython)
    gl.define("error budget")
    out = capsys.readouterr().out
    entry = gl.lookup("Error budget")
    assert out.startswith("**Error budget**: " + entry.definition)
    assert f"]({entry.lesson}.ipynb)" in out


# --------------------------------------------------------------------------- entries against the lessons

@pytest.mark.parametrize("entry", GLOSSARY.entries, ids=[e.term for e in GLOSSARY.entries])
def test_each_entry_points_at_a_section_that_teaches_it(entry):
    assert entry.lesson in SECTIONS, f"{entry.term}: lesson {entry.lesson!r} does not exist (notebooks/)"
    sections = SECTIONS[entry.lesson]
    assert entry.section in sections, (
        f"{entry.term}: {entry.lesson} has no section {entry.section!r}; its sections are: "
        + ", ".join(sections))
    text = links.strip_links(sections[entry.section])
    found = [s for s, t in sections.items() if _uses(links.strip_links(t), entry.phrase)]
    assert _uses(text, entry.phrase), (
        f"{entry.term}: section {entry.section!r} of {entry.lesson} never says {entry.phrase!r}; "
        f"it appears in: {', '.join(found) or 'no section'} (fix `section` or `phrase` in assets/glossary.yml)")


def test_every_entry_is_used_in_some_lesson():
    unused = [e.term for e in GLOSSARY.entries
              if not any(_uses(text, n) for text in LESSON_TEXT.values() for n in (*e.names, e.phrase))]
    assert unused == [], f"glossary entries no lesson uses (remove them, or teach them): {unused}"


def test_terms_the_lessons_define_have_an_entry():
    """A lesson that uses a term the course promises to define, or that introduces one in the course's
    defining form ("**long name (ABBR)**"), needs its glossary entry."""
    missing = []
    for name in CANON:
        users = [stem for stem, text in LESSON_TEXT.items() if _uses(text, name)]
        if users:
            try:
                GLOSSARY.lookup(name)
            except KeyError:
                missing.append(f"{name!r} (used in {', '.join(users)})")
    for stem, text in LESSON_TEXT.items():
        for m in re.finditer(r"\*\*([A-Za-z][^*()\n]{2,60}?) \(([A-Z][A-Za-z0-9/&-]{1,9})\)\*\*", text):
            if not any(_has(GLOSSARY, n) for n in m.groups()):
                missing.append(f"{m.group(0)!r} (defined in {stem})")
    assert missing == [], "terms without a glossary entry (add them to assets/glossary.yml): " + "; ".join(missing)


def _has(glossary, name: str) -> bool:
    try:
        glossary.lookup(name)
    except KeyError:
        return False
    return True


def test_the_canon_check_catches_a_missing_entry(tmp_path):
    """The test above really fails when an entry is missing: remove 'Error budget' and look it up."""
    text = GLOSSARY.path.read_text(encoding="utf-8")
    start = text.index("  - term: Error budget\n")
    end = text.index("  - term: Error budget policy\n")
    text = re.sub(r"(?<=[\[ ])Error budget(, |(?=\]))", "", text[:start] + text[end:])
    smaller = gl.load_file(_write(tmp_path, text))
    assert _has(GLOSSARY, "error budget") and not _has(smaller, "error budget")
    assert any(_uses(t, "error budget") for t in LESSON_TEXT.values())


# --------------------------------------------------------------------------- links, both ways

def test_every_glossary_link_in_a_lesson_resolves():
    anchors = _anchors(PAGE)
    broken = []
    for path in LESSONS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            for target in LINK.findall(cell.source):
                page, _, anchor = target.partition("#")
                if page == gl.PAGE and anchor and anchor not in anchors:  # a bare link opens the page itself
                    broken.append(f"{path.stem}: {target}")
    assert broken == [], f"links to glossary entries that do not exist (rerun the linker): {broken}"


def test_the_page_links_resolve_to_lesson_sections_and_entries():
    own = _anchors(PAGE)
    lesson_anchors = {p.name: _anchors(p) for p in LESSONS}
    broken = []
    for cell in nbformat.read(PAGE, as_version=4).cells:
        for target in LINK.findall(cell.source):
            page, _, anchor = target.partition("#")
            known = own if page == "" else lesson_anchors.get(page)
            if known is None or anchor not in known:
                broken.append(target)
    assert broken == [], f"broken links on the glossary page: {broken[:10]}"
    for entry in GLOSSARY.entries:
        assert entry.anchor in own, f"{entry.term}: no heading on the glossary page"


def test_the_page_is_rendered_from_the_current_glossary_and_lessons():
    page = nbformat.read(PAGE, as_version=4)
    fresh = links.page_notebook(GLOSSARY, REPO)
    assert [c.source for c in page.cells] == [c.source for c in fresh.cells], (
        "notebooks/glossary.ipynb is out of date: run `python -m ailead.instructor.glossary_links --write`")
    assert all(c.cell_type == "markdown" for c in page.cells), "the page is plain markdown (anchors work unrun)"


# --------------------------------------------------------------------------- the linker

@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_linking_is_idempotent_and_keeps_the_words(path):
    nb = nbformat.read(path, as_version=4)
    once, order = links.link_notebook(nb, GLOSSARY)
    twice, _ = links.link_notebook(once, GLOSSARY)
    assert [c.source for c in once.cells] == [c.source for c in twice.cells]
    assert len(order) == len(set(order)), "a term is linked once per lesson"
    for before, after in zip(nb.cells, once.cells):
        assert links.strip_links(before.source) == links.strip_links(after.source), "only links are added"
        if before.cell_type == "code":
            assert before.source == after.source
    assert once.cells[0].source == nb.cells[0].source, "the opening cell is left as written"


def test_link_text_first_use_longest_form_and_protected_spans():
    text = ("## Error budget\n\nThe error budget policy says more; the error budget is 43.2 minutes. "
            "`error budget` in code, [error budget](https://sre.google) linked already, and an error budget.\n"
            "**Figure (alt text):** an error budget chart.")
    linked: set[str] = set()
    out = links.link_text(text, GLOSSARY, linked)
    assert out.startswith("## Error budget\n\n"), "headings are not linked"
    assert "The [error budget policy](glossary.ipynb#Error-budget-policy) says" in out
    assert "the [error budget](glossary.ipynb#Error-budget) is 43.2" in out
    assert "`error budget` in code, [error budget](https://sre.google)" in out
    assert out.endswith("and an error budget.\n**Figure (alt text):** an error budget chart.")
    assert linked == {"Error budget policy", "Error budget"}
    assert links.strip_links(out) == text


def test_exact_match_forms_and_terms_never_linked():
    # Product Goal (Scrum) is linked only when written as the Scrum term, not for "the product goal".
    assert "Product Goal" in gl.lookup("Product Goal").match
    out = links.link_text("The product goal is value. The Product Goal is Scrum's.", GLOSSARY, set())
    assert out == "The product goal is value. The [Product Goal](glossary.ipynb#Product-Goal) is Scrum's."
    never = [e for e in GLOSSARY.entries if not e.link]
    assert never and all(links.link_text(e.term, GLOSSARY, set()) == e.term for e in never)


def test_the_command_reports_and_writes_only_the_chosen_lessons(tmp_path):
    (tmp_path / "notebooks").mkdir()
    for path in LESSONS[:3]:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            cell.source = links.strip_links(cell.source)
        nbformat.write(nb, tmp_path / "notebooks" / path.name)
    first, second, third = (tmp_path / "notebooks" / p.name for p in LESSONS[:3])
    before = third.read_text()
    changed = links.run(tmp_path, write=False, lessons="0-1")
    assert f"notebooks/{first.name}" in changed and "notebooks/glossary.ipynb" in changed
    assert not (tmp_path / "notebooks" / gl.PAGE).exists(), "without --write nothing is written"
    links.run(tmp_path, write=True, lessons="0-1")
    assert "](glossary.ipynb#" in second.read_text() and third.read_text() == before
    assert links.run(tmp_path, write=False, lessons="0-1") == []


def test_figure_alt_texts_hold_no_links():
    """The linker leaves a figure's whole alt-text paragraph alone: it becomes the picture's alt attribute."""
    import json

    index = json.loads((REPO / "assets" / "figures" / "index.json").read_text(encoding="utf-8"))
    linked = [key for key, entry in index.items() if "](" in entry.get("alt", "")]
    assert linked == [], f"stored figures whose alt text holds markdown links: {linked}"
