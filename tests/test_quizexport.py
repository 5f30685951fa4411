"""`ailead quiz export`: every quiz bank as a Canvas QTI 1.2 zip and as Moodle XML.

No XML schema for either format can be had from the package registries (PyPI has no package that
ships IMS's QTI 1.2 ASI XSD or a Moodle question XSD), so the output is parsed back and checked for the
structure each importer reads, and then *scored*: a small interpreter runs the QTI response processing
and Moodle's grade fractions for every answer a learner could give, and the result must agree with the
course's own judging functions (ailead.quizbank). Text and feedback must come back exactly.
"""

from __future__ import annotations

import html
import io
import itertools
import re
import zipfile
from xml.etree import ElementTree as ET

import pytest

from ailead import quizbank
from ailead.instructor import quizexport as qe
from tests.helpers import write_bank

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
CANVAS = "{http://canvas.instructure.com/xsd/cccv1p0}"
BANKS = quizbank.all_banks()


def _strip(markup: str) -> str:
    """HTML back to the bank's text: tags out, entities decoded, the lessons' markup undone."""
    markup = re.sub(r"<pre><code>(.*?)</code></pre>", lambda m: "```\n" + m.group(1) + "\n```", markup, flags=re.S)
    markup = re.sub(r"</?code>", "`", markup).replace("<br/>", "\n")
    return html.unescape(re.sub(r"</?p>", "", markup))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("`", "")).strip()


# --------------------------------------------------------------------------- QTI: structure and scoring

def _package(bank):
    data = qe.export_bank(bank).files["canvas"]
    zf = zipfile.ZipFile(io.BytesIO(data))
    manifest = ET.fromstring(zf.read("imsmanifest.xml"))
    assert manifest.tag == f"{CP}manifest"
    files = [f.get("href") for f in manifest.iter(f"{CP}file")]
    assert sorted(files) == sorted(n for n in zf.namelist() if n != "imsmanifest.xml"), "manifest lists every file"
    (res,) = [r for r in manifest.iter(f"{CP}resource") if r.get("type") == "imsqti_xmlv1p2"]
    dep = res.find(f"{CP}dependency").get("identifierref")
    assert any(r.get("identifier") == dep for r in manifest.iter(f"{CP}resource"))
    qti = ET.fromstring(zf.read(res.find(f"{CP}file").get("href")))
    meta = ET.fromstring(zf.read(next(n for n in files if n.endswith("assessment_meta.xml"))))
    return qti, meta


def _fields(item) -> dict[str, str]:
    return {f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry")
            for f in item.find(f"{QTI}itemmetadata").iter(f"{QTI}qtimetadatafield")}


def _condition(cond, response: dict[str, set[str]]) -> bool:
    """QTI 1.2 conditionvar semantics for the operators used: varequal, and, or, not, other."""
    def holds(el) -> bool:
        tag = el.tag.replace(QTI, "")
        if tag == "varequal":
            return el.text in response.get(el.get("respident"), set())
        if tag == "not":
            return not all(holds(c) for c in el)
        if tag == "and":
            return all(holds(c) for c in el)
        if tag == "or":
            return any(holds(c) for c in el)
        if tag == "other":
            return True
        raise AssertionError(f"unexpected QTI condition {tag}")
    return all(holds(c) for c in cond)


def _qti_score(item, response: dict[str, set[str]]) -> tuple[float, list[str]]:
    """Run an item's resprocessing: the SCORE and the feedback shown, in order."""
    score, shown = 0.0, []
    for cond in item.find(f"{QTI}resprocessing").findall(f"{QTI}respcondition"):
        if not _condition(cond.find(f"{QTI}conditionvar"), response):
            continue
        for setvar in cond.findall(f"{QTI}setvar"):
            value = float(setvar.text)
            score = value if setvar.get("action") == "Set" else score + value
        shown += [d.get("linkrefid") for d in cond.findall(f"{QTI}displayfeedback")]
        if cond.get("continue", "No") == "No":
            break
    return score, shown


def _check_qti_item(item, q: quizbank.Question) -> None:
    assert item.get("title") == q.id
    fields = _fields(item)
    assert fields["question_type"] == qe.CANVAS_TYPES[q.type] and fields["points_possible"] == "1"
    pres = item.find(f"{QTI}presentation")
    assert _strip(pres.find(f"{QTI}material/{QTI}mattext").text) == q.prompt.strip("\n") or \
        _norm(_strip(pres.find(f"{QTI}material/{QTI}mattext").text)) == _norm(q.prompt)
    decvar = item.find(f"{QTI}resprocessing/{QTI}outcomes/{QTI}decvar")
    assert (decvar.get("varname"), decvar.get("maxvalue"), decvar.get("minvalue")) == ("SCORE", "100", "0")
    feedback = {f.get("ident"): f.find(f".//{QTI}mattext").text for f in item.findall(f"{QTI}itemfeedback")}
    lids = pres.findall(f"{QTI}response_lid")
    idents = [lab.get("ident") for lid in lids for lab in lid.iter(f"{QTI}response_label")]
    for var in item.iter(f"{QTI}varequal"):  # every condition names a real response and a real choice
        assert var.get("respident") in {lid.get("ident") for lid in lids} and var.text in idents

    if q.type in ("single", "multiple"):
        (lid,) = lids
        assert lid.get("rcardinality") == ("Single" if q.type == "single" else "Multiple")
        labels = lid.findall(f"{QTI}render_choice/{QTI}response_label")
        assert [_strip(lab.find(f".//{QTI}mattext").text) for lab in labels] == [o.text for o in q.options]
        ids = [lab.get("ident") for lab in labels]
        assert fields["original_answer_ids"] == ",".join(ids) and len(set(ids)) == len(ids)
        choices = [{i} for i in range(len(ids))] if q.type == "single" else [
            set(c) for n in range(1, len(ids) + 1) for c in itertools.combinations(range(len(ids)), n)]
        for chosen in choices:
            score, shown = _qti_score(item, {"response1": {ids[i] for i in chosen}})
            judged = (quizbank.judge_single(q, next(iter(chosen))) if q.type == "single"
                      else quizbank.judge_multiple(q, chosen))
            assert score == (100 if judged.correct else 0), (q.id, chosen)
            # each chosen option's own reason is shown
            assert [_strip(feedback[f]) for f in shown] == [q.options[i].why for i in sorted(chosen)]
        return

    assert q.type == "buckets"
    assert [_strip(lid.find(f"{QTI}material/{QTI}mattext").text) for lid in lids] == [it.text for it in q.items]
    names = {lab.get("ident"): lab.find(f".//{QTI}mattext").text for lab in lids[0].iter(f"{QTI}response_label")}
    assert list(names.values()) == list(q.buckets)
    by_name = {v: k for k, v in names.items()}
    right = {lid.get("ident"): {by_name[it.bucket]} for lid, it in zip(lids, q.items)}
    score, shown = _qti_score(item, right)
    assert abs(score - 100) < 0.1 * len(q.items) and shown == ["general_fb"]
    assert _qti_score(item, {})[0] == 0
    one_wrong = dict(right)
    first = lids[0].get("ident")
    one_wrong[first] = {by_name[next(b for b in q.buckets if b != q.items[0].bucket)]}
    assert _qti_score(item, one_wrong)[0] < score
    general = _strip(feedback["general_fb"])
    assert all(it.why in general and it.text in general for it in q.items)


@pytest.mark.parametrize("bank", BANKS, ids=[b.lesson for b in BANKS])
def test_canvas_package_round_trips_every_question(bank):
    qti, meta = _package(bank)
    assert qti.tag == f"{QTI}questestinterop"
    assessment = qti.find(f"{QTI}assessment")
    items = assessment.findall(f"{QTI}section/{QTI}item")
    kept = [q for q in bank.questions if q.type != "branching"]
    assert [i.get("title") for i in items] == [q.id for q in kept]
    assert len({i.get("ident") for i in items}) == len(items)
    for item, q in zip(items, kept):
        _check_qti_item(item, q)
    assert meta.tag == f"{CANVAS}quiz" and meta.findtext(f"{CANVAS}quiz_type") == "practice_quiz"
    assert meta.findtext(f"{CANVAS}points_possible") == str(len(kept))
    assert meta.get("identifier") == assessment.get("ident")


# --------------------------------------------------------------------------- Moodle XML

def _moodle_score(question, chosen: set[int]) -> float:
    """Moodle's multichoice grade: the chosen answers' fractions added, kept between 0 and 100."""
    answers = question.findall("answer")
    return max(0.0, min(100.0, sum(float(answers[i].get("fraction")) for i in chosen)))


@pytest.mark.parametrize("bank", BANKS, ids=[b.lesson for b in BANKS])
def test_moodle_xml_round_trips_every_question(bank):
    root = ET.fromstring(qe.export_bank(bank).files["moodle"])
    assert root.tag == "quiz"
    category, *questions = root.findall("question")
    assert category.get("type") == "category"
    assert category.findtext("category/text") == f"$course$/top/ailead/{bank.lesson}"
    kept = [q for q in bank.questions if q.type != "branching"]
    assert [q.findtext("idnumber") for q in questions] == [f"{bank.lesson}/{q.id}" for q in kept]
    allowed = {round(f, 5) for f in qe.MOODLE_FRACTIONS} | {0.0}
    for el, q in zip(questions, kept):
        assert el.get("type") == qe.MOODLE_TYPES[q.type]
        assert el.findtext("name/text") == f"{bank.lesson}: {q.id}"
        assert el.find("questiontext").get("format") == "html"
        assert _norm(_strip(el.findtext("questiontext/text"))) == _norm(q.prompt)
        assert el.findtext("defaultgrade") == "1"
        if q.type == "buckets":
            subs = el.findall("subquestion")
            assert [(_strip(s.findtext("text")), s.findtext("answer/text")) for s in subs] == \
                [(it.text, it.bucket) for it in q.items]
            general = _strip(el.findtext("generalfeedback/text"))
            assert all(it.why in general for it in q.items)
            continue
        assert el.findtext("single") == ("true" if q.type == "single" else "false")
        answers = el.findall("answer")
        assert [_strip(a.findtext("text")) for a in answers] == [o.text for o in q.options]
        assert [_strip(a.findtext("feedback/text")) for a in answers] == [o.why for o in q.options]
        fractions = [float(a.get("fraction")) for a in answers]
        assert all(round(abs(f), 5) in allowed for f in fractions), fractions  # Moodle refuses other grades
        assert abs(sum(f for f in fractions if f > 0) - 100) < 1e-3
        n = len(answers)
        choices = [{i} for i in range(n)] if q.type == "single" else [
            set(c) for k in range(1, n + 1) for c in itertools.combinations(range(n), k)]
        for chosen in choices:
            judged = (quizbank.judge_single(q, next(iter(chosen))) if q.type == "single"
                      else quizbank.judge_multiple(q, chosen))
            score = _moodle_score(el, chosen)
            if judged.correct:
                assert abs(score - 100) < 1e-3, (q.id, chosen)
            else:
                assert score < 100 - 1e-3, (q.id, chosen)
        if q.type == "multiple":  # ticking everything earns nothing
            assert _moodle_score(el, set(range(n))) < 1e-3


# --------------------------------------------------------------------------- what is left out, and the command

def test_branching_questions_are_left_out_and_named(tmp_path):
    bank = quizbank.load_bank(write_bank(tmp_path))
    result = qe.export_bank(bank)
    assert result.exported == ["pick-one", "pick-many", "sort-them"] and result.left_out == [("branch", "branching")]
    message = qe.left_out_message([result])
    assert "Left out 1 question(s)" in message and "99-test/branch" in message and "branching:" in message


def test_a_bank_of_only_branching_writes_no_files(tmp_path):
    text = quizbank.load_bank(write_bank(tmp_path)).path.read_text()
    only = text[:text.index("  - id: pick-one")] + text[text.index("  - id: branch"):]
    bank = quizbank.load_bank(write_bank(tmp_path, "98-only", only.replace("99-test", "98-only")))
    result = qe.export_bank(bank)
    assert result.files == {} and result.left_out == [("branch", "branching")]


def test_markup_and_special_characters_survive(tmp_path):
    bank = quizbank.load_bank(write_bank(tmp_path, "97-markup", """\
        lesson: 97-markup
        questions:
          - id: code-and-amp
            type: single
            prompt: |
              Kettle & Co. logs `p95 < 3 s`:
              ```
              day  p95
              Mon  2.9
              ```
              Is it met?
            options:
              - {text: "Yes, <3 s", correct: true, why: "2.9 < 3 & met"}
              - {text: "No", correct: false, why: "It is below the target."}
        """))
    qti, _ = _package(bank)
    (item,) = qti.iter(f"{QTI}item")
    prompt = item.find(f".//{QTI}presentation/{QTI}material/{QTI}mattext").text
    assert "<pre><code>day  p95\nMon  2.9</code></pre>" in prompt and "<code>p95 &lt; 3 s</code>" in prompt
    assert "Kettle &amp; Co." in prompt
    moodle = ET.fromstring(qe.export_bank(bank).files["moodle"])
    assert _strip(moodle.find("question[@type='multichoice']/answer/feedback/text").text) == "2.9 < 3 & met"


def test_export_is_byte_for_byte_repeatable():
    bank = BANKS[1]
    assert qe.export_bank(bank).files == qe.export_bank(bank).files


def test_moodle_cannot_split_marks_in_ways_it_has_no_grade_for():
    assert [qe.moodle_share(n) for n in (1, 2, 3, 6, 7)] == ["100", "50", "33.33333", "16.66667", "14.28571"]
    with pytest.raises(qe.QuizExportError, match="7 ways|11 ways"):
        qe.moodle_share(11)


def test_command_writes_both_formats_and_names_what_it_left_out(tmp_path, capsys):
    import argparse

    parser = argparse.ArgumentParser(prog="ailead")
    qe.add_parser(parser.add_subparsers(dest="command"))
    lesson = BANKS[1].lesson
    args = parser.parse_args(["quiz", "export", lesson, "--out", str(tmp_path)])
    assert args.func(args) == 0
    assert (tmp_path / "canvas" / f"{lesson}.zip").is_file() and (tmp_path / "moodle" / f"{lesson}.xml").is_file()
    captured = capsys.readouterr()
    assert f"{lesson}: " in captured.out and "Left out" in captured.err
    bad = parser.parse_args(["quiz", "export", "99-nope", "--out", str(tmp_path)])
    assert bad.func(bad) == 2 and "no quiz bank for 99-nope" in capsys.readouterr().err
