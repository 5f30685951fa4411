"""The final assessment: the pool, the seeded draw, the key kept out of learners' hands, and the marking.

The grading itself (solution full marks, untouched 0, fixtures' exact partial scores, through nbgrader) is in
tests/test_exercises.py like every exercise's; here the same hidden tests also run without nbgrader, fast.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest
import yaml

from ailead import final
from ailead.instructor import final_assessment as fa

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / fa.ASSIGNMENT
POOL = fa.load_pool()
BANK = fa.questions_document(POOL)
SEEDS = [fa.SOLUTION_SEED, "Grace Hopper", "Alan Turing", "student-042", "Łukasz Żółć", "李雷"]


def _paper(seed: str) -> final.Paper:
    return final.draw(seed, BANK)


# --------------------------------------------------------------------------- the pool

def test_the_pool_is_large_and_covers_every_lesson_and_contrast():
    assert len(POOL["questions"]) >= 60
    covered = {lesson for q in POOL["questions"] for lesson in q["lessons"]}
    assert {f"{n:02d}" for n in range(13)} <= covered, "every lesson 00 to 12 has a question"
    for s in POOL["strata"]:
        assert sum(q["stratum"] == s["id"] for q in POOL["questions"]) >= 2 * s["draw"]
    assert sum(s["draw"] for s in POOL["strata"]) == 30
    mixed = [q for q in POOL["questions"] if q["stratum"] == "mixed"]
    assert len(mixed) >= 6 and all(len(set(q["lessons"])) >= 2 for q in mixed), "mixed scenarios join two lessons"


def test_every_option_has_a_reason_and_every_question_a_key():
    for q in POOL["questions"]:
        assert all(str(o["why"]).strip() for o in q["options"]), q["id"]
        right = [o for o in q["options"] if o["correct"]]
        assert len(right) == 1 if q["type"] == "single" else len(right) >= 2, q["id"]


def _headings(lesson: str) -> set[str]:
    (path,) = (REPO / "notebooks").glob(f"{lesson}-*.ipynb")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return {line[3:].strip() for c in cells if c["cell_type"] == "markdown"
            for line in "".join(c["source"]).splitlines() if line.startswith("## ")}


def test_every_question_points_to_sections_that_exist():
    for q in POOL["questions"]:
        assert q.get("revisit"), f"{q['id']}: name the sections to revisit"
        for place in q["revisit"]:
            lesson, section = place.split(" · ", 1)
            assert lesson in q["lessons"], f"{q['id']}: revisits lesson {lesson}, not one of its lessons"
            assert section in _headings(lesson), f"{q['id']}: lesson {lesson} has no section {section!r}"


def test_the_pool_quotes_the_case_as_ailead_case_does_and_copies_no_source():
    from tests.test_case_facts import _strings, problems_in
    from tests.test_originality import SEEDS as SOURCES
    from tests.test_originality import _runs

    found, _ = problems_in([(q["id"], s) for q in POOL["questions"] for s in _strings(q)])
    assert not found, found
    sources = sorted(SOURCES.glob("*.txt")) if SOURCES.exists() else []
    if sources:
        seed_runs = set().union(*(_runs(p.read_text()) for p in sources))
        copied = {q["id"] for q in POOL["questions"] if _runs(json.dumps(q)) & seed_runs}
        assert not copied, f"runs of words copied from the source articles: {copied}"


def test_the_worked_numbers_in_the_pool_are_right():
    """A few keys recomputed independently (the rest were checked by hand when the pool was reviewed)."""
    import math

    def right(qid):
        q = next(q for q in POOL["questions"] if q["id"] == qid)
        return [o["text"] for o in q["options"] if o["correct"]]

    assert right("goals-budget-28-days") == ["40.32 minutes"] and round(28 * 24 * 60 * (1 - 0.999), 6) == 40.32
    assert right("goals-budget-left")[0].startswith("2.6 minutes") and round(30 * 1440 * 0.0005 - 19, 6) == 2.6
    assert right("goals-p999-rank")[0].startswith("9.8 s (rank 999)") and math.ceil(round(99.9 * 1000 / 100, 6)) == 999
    assert right("challenges-token-cost") == ["$1,575"] and round((4000 * 3 + 600 * 15) / 1e6 * 2500 * 30, 6) == 1575
    kappa = (0.8 - (0.72 * 0.68 + 0.28 * 0.32)) / (1 - (0.72 * 0.68 + 0.28 * 0.32))
    assert right("evidence-judge-kappa")[0].startswith("About 0.52") and round(kappa, 2) == 0.52
    assert right("evidence-cases-needed") == ["69"] and math.ceil((1.645 * 0.3 + 0.84 * 0.4) ** 2 / 0.01) == 69
    weights = [0.4, 0.2, 0.2, 0.2]
    assert round(sum(w * s for w, s in zip(weights, [4, 4, 2, 5])), 6) == 3.8
    assert right("decisions-knockout-matrix") == ["Fine-tuned open, with a weighted total of 3.8"]


# --------------------------------------------------------------------------- generated files

def test_the_question_file_and_the_source_notebook_are_generated_from_the_pool():
    assert fa.drifted() == [], "run `python -m ailead.instructor.final_assessment --write`, then " \
                               "`ailead generate 15-final-assessment`"


def test_the_question_file_holds_no_key():
    text = fa.QUESTIONS.read_text(encoding="utf-8")
    data = yaml.safe_load(text)

    def keys(value):
        if isinstance(value, dict):
            return set(value) | set().union(*(keys(v) for v in value.values()))
        if isinstance(value, list):
            return set().union(set(), *(keys(v) for v in value))
        return set()

    assert keys(data) <= {"pass_mark", "strata", "questions", "id", "title", "lessons", "draw", "stratum",
                          "revisit", "type", "prompt", "options"}
    for q in data["questions"]:
        assert q["options"] == sorted(q["options"], key=lambda t: (t.casefold(), t)), (
            f"{q['id']}: options are stored in alphabetical order, so their order tells nothing")
    for q in POOL["questions"]:
        for o in q["options"]:
            assert o["why"] not in text, f"{q['id']}: a reason is in the learner's question file"


def _learner_files() -> list[Path]:
    """What a learner has in a cohort: the released exercise, the learner runtime and every asset it ships."""
    files = list((REPO / "exercises" / fa.ASSIGNMENT).rglob("*"))
    package = REPO / "src" / "ailead"
    files += [p for p in package.rglob("*.py") if "instructor" not in p.relative_to(package).parts]
    files += list((REPO / "assets").rglob("*.yml")) + list((REPO / "assets").rglob("*.json"))
    return [p for p in files if p.is_file()]


@pytest.mark.parametrize("seed", SEEDS)
def test_no_key_is_recoverable_from_the_release_or_the_learner_package(seed):
    paper = _paper(seed)
    letters = fa.right_letters(POOL, paper)
    indices = {qid: idx for stratum in fa.key(POOL).values() for qid, idx in stratum.items()}
    texts = {p: p.read_text(encoding="utf-8", errors="replace") for p in _learner_files()}
    release = "\n".join(t for p, t in texts.items() if fa.ASSIGNMENT in p.parts)
    assert "BEGIN HIDDEN TESTS" not in release and "_key" not in release
    for q in paper.questions:
        assert q.id not in release, f"the released notebook names question {q.id}"
        answer = re.compile(rf"{re.escape(q.id)}[\"']?\s*[:=,]\s*(?:[\"']{letters[q.id]}[\"']|"
                            rf"\[{', *'.join(map(str, indices[q.id]))}\])")
        for path, text in texts.items():
            assert not answer.search(text), f"{path.relative_to(REPO)} holds the key of {q.id}"


def test_the_key_is_only_in_the_hidden_tests_of_the_source():
    nb = json.loads(fa.SOURCE.read_text(encoding="utf-8"))
    with_key = [c["id"] for c in nb["cells"] if "_key = {" in "".join(c["source"])]
    assert with_key == [s["id"] for s in POOL["strata"]]
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if "_key = {" in src:
            hidden = re.search(r"### BEGIN HIDDEN TESTS.*### END HIDDEN TESTS", src, re.S).group(0)
            assert "_key = {" in hidden and src.replace(hidden, "").count("\n") <= 1


# --------------------------------------------------------------------------- the draw

def test_the_same_name_draws_the_same_paper_everywhere():
    # Pinned: random.Random(str) hashes the string with SHA-512 and its sample/shuffle are stable, so this
    # paper is the same on every machine and in the browser. If this fails, every learner's paper changed.
    paper = _paper("Ada Lovelace")
    assert paper.ids()[:6] == ["roles-kettle-jonas-july", "roles-diagnose-engineers-direct", "roles-split-signal",
                               "roles-diagnose-low-budget", "focus-which-findings-resolve",
                               "focus-hospital-test-first"]
    assert paper.questions[0].order == (0, 2, 4, 3, 1)
    assert _paper("  ada   LOVELACE ").ids() == paper.ids()
    assert _paper("Grace Hopper").ids() != paper.ids()
    with pytest.raises(ValueError, match="Write your name"):
        _paper("   ")


@pytest.mark.parametrize("seed", SEEDS)
def test_a_paper_takes_its_share_of_every_stratum(seed):
    paper = _paper(seed)
    assert len(paper.questions) == 30 == len(set(paper.ids()))
    for s in POOL["strata"]:
        assert len(paper.in_stratum(s["id"])) == s["draw"]
    for q in paper.questions:
        stored = next(x for x in BANK["questions"] if x["id"] == q.id)["options"]
        assert sorted(q.order) == list(range(len(stored))) and list(q.options) == [stored[i] for i in q.order]


def test_every_question_of_the_pool_is_drawn_for_someone():
    seen = {qid for n in range(300) for qid in _paper(f"learner-{n}").ids()}
    assert seen == {q["id"] for q in POOL["questions"]}


def test_the_paper_shows_every_question_without_a_key():
    paper = _paper("Grace Hopper")
    text = final.render(paper)
    for q in paper.questions:
        assert f"{q.number}. [{q.id}]" in text and f'"{q.id}": "",' in text
    reasons = [o["why"] for q in POOL["questions"] if q["id"] in paper.ids() for o in q["options"]]
    assert not [r for r in reasons if r in text], "the paper shows no reason for any option"
    if "goals-p999-rank" in paper.ids():
        assert "    rank      996   997" in text, "tables in prompts are kept as written"


# --------------------------------------------------------------------------- answers and marking

def test_answer_form_problems_are_named():
    paper = _paper("Grace Hopper")
    single = next(q for q in paper.questions if q.type == "single")
    answers = {q.id: "a" for q in paper.questions}
    assert final.answer_problems(paper, answers) == []
    answers[single.id] = "a b"
    answers["not-a-question"] = "a"
    answers[paper.questions[-1].id] = ""
    problems = final.answer_problems(paper, answers)
    assert any("exactly one letter" in p for p in problems)
    assert any("not-a-question" in p for p in problems)
    assert any("no answer yet" in p for p in problems)
    assert final.answer_problems(paper, ["a"]) and final.read_letters("B, d") == {"b", "d"}
    with pytest.raises(ValueError):
        final.read_letters("b?")


def _run_hidden_tests(seed: str, answers: dict) -> tuple[dict[str, float], str]:
    """Run the source notebook's stratum cells as nbgrader would, without nbgrader: score per stratum, output."""
    nb = json.loads(fa.SOURCE.read_text(encoding="utf-8"))
    scores, out = {}, io.StringIO()
    for cell in nb["cells"]:
        if cell["id"] not in {s["id"] for s in POOL["strata"]}:
            continue
        lines = "".join(cell["source"]).splitlines()
        body, last = "\n".join(lines[:-2]), lines[-2]
        namespace = {"MY_NAME": seed, "answers": answers}
        with contextlib.redirect_stdout(out):
            exec(body, namespace)
            scores[cell["id"]] = eval(last, namespace)
    return scores, out.getvalue()


@pytest.mark.parametrize("seed", SEEDS)
def test_the_right_letters_earn_every_point_and_other_letters_do_not(seed):
    paper = _paper(seed)
    right = fa.right_letters(POOL, paper)
    scores, _ = _run_hidden_tests(seed, right)
    assert scores == {s["id"]: float(s["draw"]) for s in POOL["strata"]}
    shifted = {qid: final.LETTERS[(final.LETTERS.index(v[0]) + 1) % len(paper.question(qid).options)]
               for qid, v in right.items()}
    assert sum(_run_hidden_tests(seed, shifted)[0].values()) == 0
    assert sum(_run_hidden_tests(seed, {})[0].values()) == 0
    assert sum(_run_hidden_tests(seed, "not a dict")[0].values()) == 0  # type: ignore[arg-type]


def _fixtures() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text()) for p in sorted(FIXTURES.glob("*.yml"))}


@pytest.mark.parametrize("name", sorted(_fixtures()))
def test_the_hidden_tests_give_each_fixture_its_expected_sub_scores(name):
    spec = _fixtures()[name]
    namespace: dict = {}
    exec(spec["answers"]["my-name"] + spec["answers"]["answers"], namespace)
    scores, printed = _run_hidden_tests(namespace["MY_NAME"], namespace["answers"])
    assert scores == {s["id"]: float(spec["expected"].get(s["id"], 0)) for s in POOL["strata"]}
    wrong = 30 - sum(scores.values())
    assert printed.count("revisit lesson") == wrong, "every missed question names where to revisit"


def test_the_feedback_names_each_contrast_and_where_to_revisit():
    spec = _fixtures()["raw-float-boundaries"]
    namespace: dict = {}
    exec(spec["answers"]["my-name"] + spec["answers"]["answers"], namespace)
    _, printed = _run_hidden_tests(namespace["MY_NAME"], namespace["answers"])
    assert "Goals: value vs stable, fast, scalable systems; reliability targets: 1 of 3 right." in printed
    assert "revisit lesson 03, 'Fast enough: percentiles, not averages'" in printed
    assert "revisit lesson 00, 'A few more building blocks'; lesson 06, " in printed


# --------------------------------------------------------------------------- the pass mark

def test_the_pass_mark_and_its_justification_agree_with_the_computation():
    from scipy.stats import binom

    assert fa.pass_needs(POOL) == (30, 21)
    chances = fa.pass_chances(POOL)
    assert abs(chances["guessing"] - binom.sf(20, 30, 0.25)) < 1e-12
    assert abs(chances["knows 80%"] - binom.sf(20, 30, 0.8)) < 1e-12
    intro = "".join(json.loads(fa.SOURCE.read_text(encoding="utf-8"))["cells"][0]["source"])
    assert "**Pass mark: 70% (21 of 30).**" in intro
    assert "about\n**1 in 3,500,000**" in intro or "**1 in 3,500,000**" in intro
    assert f"{chances['knows 80%']:.0%} of the time" in intro and f"{chances['knows 60%']:.0%}" in intro
