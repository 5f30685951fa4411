"""`ailead quiz export`: the lessons' quiz banks as quizzes a learning platform imports.

Two formats, one file per lesson:

``canvas/NN-lesson.zip``
    An IMS QTI 1.2 package as Canvas imports it ("Import course content", type "QTI .zip file"):
    ``imsmanifest.xml`` (IMS Content Packaging 1.1) names the assessment ``<id>/<id>.xml`` (a
    ``questestinterop`` in the QTI 1.2 ASI namespace, with Canvas's ``question_type`` and
    ``points_possible`` item metadata) and Canvas's quiz settings ``<id>/assessment_meta.xml`` (a practice
    quiz with unlimited attempts: the course's quizzes are practice, never graded).
``moodle/NN-lesson.xml``
    Moodle XML ("Question bank > Import", format "Moodle XML"), the questions in a category named after
    the lesson.

How the bank's question types map:

========== ========================================= =========================================
bank       Canvas (QTI 1.2)                          Moodle XML
========== ========================================= =========================================
single     multiple_choice_question                  multichoice, one answer
multiple   multiple_answers_question (all-or-none)   multichoice, several answers: each right
                                                     option earns an equal share, each wrong
                                                     one takes back an equal share of the whole
buckets    matching_question (item -> bucket)        matching (item -> bucket)
branching  left out: no LMS equivalent (later steps depend on earlier choices)
========== ========================================= =========================================

Every option's one-line reason travels as that option's feedback; for a buckets question, where
neither platform has feedback per item, the reasons are listed in the question's general feedback.
Identifiers are derived from the lesson and question ids, so exporting again gives the same files and
a platform's "overwrite matching items" replaces rather than duplicates.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from ailead.quizbank import Bank, Question, QuizBankError, all_banks, load_bank

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
QTI_XSD = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
FORMATS = ("canvas", "moodle")
CANVAS_TYPES = {"single": "multiple_choice_question", "multiple": "multiple_answers_question",
                "buckets": "matching_question"}
MOODLE_TYPES = {"single": "multichoice", "multiple": "multichoice", "buckets": "matching"}
UNSUPPORTED = {"branching": "a scenario whose later steps depend on earlier choices; neither platform has one"}
# The grade fractions Moodle accepts (question/format.php's grade options); a share must be one of them.
MOODLE_FRACTIONS = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
                    14.28571, 12.5, 11.11111, 10, 5)
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # zip entries' time stamp, so the same bank gives the same bytes


class QuizExportError(ValueError):
    """The banks cannot be exported as asked; the message says what to fix."""


def text_html(text: str) -> str:
    """Bank text as HTML, as the lessons show it: ```fenced``` blocks as code, `backticks` as inline code."""
    parts = text.split("```")
    out = []
    for n, part in enumerate(parts):
        if n % 2:  # inside a fence; a language name alone on the opening line is dropped
            first, _, rest = part.partition("\n")
            code = rest if re.fullmatch(r"\s*[\w+-]*\s*", first) else part
            out.append("<pre><code>" + html.escape(code.strip("\n"), quote=False) + "</code></pre>")
        else:
            escaped = html.escape(part.strip("\n") if len(parts) > 1 else part, quote=False)
            escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
            out.append(escaped.replace("\n", "<br/>"))
    return "<p>" + "".join(out) + "</p>"


def ident(*parts: str) -> str:
    """A stable identifier (XML NCName: starts with a letter) from the lesson and question ids."""
    return "g" + hashlib.sha1("/".join(parts).encode()).hexdigest()[:24]


def moodle_share(n: int) -> str:
    """100 / n as Moodle writes a grade fraction (33.33333), if Moodle accepts it."""
    value = round(100 / n, 5)
    if not any(abs(value - f) < 1e-6 for f in MOODLE_FRACTIONS):
        raise QuizExportError(f"Moodle cannot split a question's marks {n} ways (no grade option {value}%)")
    return f"{value:.5f}".rstrip("0").rstrip(".")


def bucket_feedback(q: Question) -> str:
    """A buckets question's reasons, one per item, as the general feedback."""
    items = "".join(f"<li><b>{html.escape(it.text, quote=False)} → {html.escape(it.bucket, quote=False)}</b>: "
                    f"{html.escape(it.why, quote=False)}</li>" for it in q.items)
    return f"<ul>{items}</ul>"


@dataclass
class Result:
    """What one bank became: the files' bytes, and the questions left out (with why)."""

    lesson: str
    files: dict[str, bytes] = field(default_factory=dict)  # format -> bytes
    exported: list[str] = field(default_factory=list)
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (question id, type)


def _xml(root: ET.Element, default_namespace: str | None = None) -> bytes:
    """The document as UTF-8 bytes; elements are built without a namespace and the root declares the
    default one (ElementTree's own default_namespace refuses attributes without a namespace)."""
    if default_namespace:
        root.set("xmlns", default_namespace)
    ET.register_namespace("xsi", XSI)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


# --------------------------------------------------------------------------- QTI 1.2 for Canvas

def _q(tag: str) -> str:
    return tag  # in the QTI namespace, which the document's root declares as its default


def _mattext(parent: ET.Element, text: str, texttype: str = "text/html") -> None:
    material = _sub(parent, _q("material"))
    _sub(material, _q("mattext"), text, texttype=texttype)


def _metadata(item: ET.Element, fields: list[tuple[str, str]]) -> None:
    meta = _sub(_sub(item, _q("itemmetadata")), _q("qtimetadata"))
    for label, entry in fields:
        f = _sub(meta, _q("qtimetadatafield"))
        _sub(f, _q("fieldlabel"), label)
        _sub(f, _q("fieldentry"), entry)


def _feedback(item: ET.Element, fid: str, text: str) -> None:
    fb = _sub(item, _q("itemfeedback"), ident=fid)
    _mattext(_sub(fb, _q("flow_mat")), text)


def _qti_item(lesson: str, q: Question, points: float) -> ET.Element:
    qid = ident(lesson, q.id)
    item = ET.Element(_q("item"), {"ident": qid, "title": q.id})
    options = q.options if q.type in ("single", "multiple") else ()
    answer_ids = [ident(lesson, q.id, str(n)) for n in range(len(options))]
    _metadata(item, [("question_type", CANVAS_TYPES[q.type]), ("points_possible", f"{points:g}"),
                     ("original_answer_ids", ",".join(answer_ids)),
                     ("assessment_question_identifierref", ident(lesson, q.id, "ref"))])
    pres = _sub(item, _q("presentation"))
    _mattext(pres, text_html(q.prompt))
    proc = _sub(item, _q("resprocessing"))
    _sub(_sub(proc, _q("outcomes")), _q("decvar"), maxvalue="100", minvalue="0", varname="SCORE",
         vartype="Decimal")

    if q.type in ("single", "multiple"):
        lid = _sub(pres, _q("response_lid"), ident="response1",
                   rcardinality="Single" if q.type == "single" else "Multiple")
        choice = _sub(lid, _q("render_choice"))
        for aid, opt in zip(answer_ids, options):
            _mattext(_sub(choice, _q("response_label"), ident=aid), text_html(opt.text))
        for aid in answer_ids:  # each option's reason shows when it is chosen
            cond = _sub(proc, _q("respcondition"), continue_="Yes")
            _sub(_sub(cond, _q("conditionvar")), _q("varequal"), aid, respident="response1")
            _sub(cond, _q("displayfeedback"), feedbacktype="Response", linkrefid=f"{aid}_fb")
        cond = _sub(proc, _q("respcondition"), continue_="No")
        var = _sub(cond, _q("conditionvar"))
        if q.type == "single":
            right = next(aid for aid, o in zip(answer_ids, options) if o.correct)
            _sub(var, _q("varequal"), right, respident="response1")
        else:  # all the right options and none of the others
            both = _sub(var, _q("and"))
            for aid, opt in zip(answer_ids, options):
                target = both if opt.correct else _sub(both, _q("not"))
                _sub(target, _q("varequal"), aid, respident="response1")
        _sub(cond, _q("setvar"), "100", action="Set", varname="SCORE")
        for aid, opt in zip(answer_ids, options):
            _feedback(item, f"{aid}_fb", text_html(opt.why))
        return item

    # buckets: one drop-down per item, the same bucket names in each
    bucket_ids = {b: ident(lesson, q.id, "bucket", b) for b in q.buckets}
    share = f"{100 / len(q.items):.2f}"
    for n, it in enumerate(q.items):
        lid = _sub(pres, _q("response_lid"), ident=f"response_{ident(lesson, q.id, 'item', str(n))}")
        _mattext(lid, html.escape(it.text, quote=False), "text/plain")
        choice = _sub(lid, _q("render_choice"))
        for bucket, bid in bucket_ids.items():
            _mattext(_sub(choice, _q("response_label"), ident=bid), html.escape(bucket, quote=False), "text/plain")
        cond = _sub(proc, _q("respcondition"), continue_="Yes")  # QTI's default, No, would stop at the first
        _sub(_sub(cond, _q("conditionvar")), _q("varequal"), bucket_ids[it.bucket], respident=lid.get("ident"))
        _sub(cond, _q("setvar"), share, varname="SCORE", action="Add")
    cond = _sub(proc, _q("respcondition"), continue_="Yes")
    _sub(_sub(cond, _q("conditionvar")), _q("other"))
    _sub(cond, _q("displayfeedback"), feedbacktype="Response", linkrefid="general_fb")
    _feedback(item, "general_fb", bucket_feedback(q))
    return item


def _manifest(aid: str) -> bytes:
    root = ET.Element("manifest", {"identifier": f"{aid}_manifest"})
    meta = _sub(root, "metadata")
    _sub(meta, "schema", "IMS Content")
    _sub(meta, "schemaversion", "1.1.3")
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    res = _sub(resources, "resource", identifier=aid, type="imsqti_xmlv1p2")
    _sub(res, "file", href=f"{aid}/{aid}.xml")
    _sub(res, "dependency", identifierref=f"{aid}_meta")
    meta_res = _sub(resources, "resource", identifier=f"{aid}_meta",
                    type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
                    href=f"{aid}/assessment_meta.xml")
    _sub(meta_res, "file", href=f"{aid}/assessment_meta.xml")
    return _xml(root, CP_NS)


def _assessment_meta(aid: str, title: str, description: str, points: float) -> bytes:
    root = ET.Element("quiz", {"identifier": aid})
    for tag, value in (("title", title), ("description", description), ("shuffle_answers", "true"),
                       ("scoring_policy", "keep_highest"), ("quiz_type", "practice_quiz"),
                       ("points_possible", f"{points:g}"), ("show_correct_answers", "true"),
                       ("allowed_attempts", "-1"), ("one_question_at_a_time", "false"),
                       ("cant_go_back", "false"), ("available", "false")):
        _sub(root, tag, value)
    return _xml(root, CANVAS_NS)


def canvas_zip(bank: Bank, questions: list[Question], points: float = 1.0, title: str | None = None) -> bytes:
    """The QTI 1.2 package Canvas imports: manifest, assessment and Canvas's quiz settings, in one zip."""
    aid = ident(bank.lesson)
    title = title or f"{bank.lesson}: check your understanding"
    root = ET.Element(_q("questestinterop"), {f"{{{XSI}}}schemaLocation": f"{QTI_NS} {QTI_XSD}"})
    assessment = _sub(root, _q("assessment"), ident=aid, title=title)
    meta = _sub(assessment, _q("qtimetadata"))
    f = _sub(meta, _q("qtimetadatafield"))
    _sub(f, _q("fieldlabel"), "cc_maxattempts")
    _sub(f, _q("fieldentry"), "unlimited")
    section = _sub(assessment, _q("section"), ident="root_section")
    for q in questions:
        section.append(_qti_item(bank.lesson, q, points))
    files = {"imsmanifest.xml": _manifest(aid), f"{aid}/{aid}.xml": _xml(root, QTI_NS),
             f"{aid}/assessment_meta.xml": _assessment_meta(
                 aid, title, f"Practice quiz for lesson {bank.lesson} of the ailead course.", points * len(questions))}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buffer.getvalue()


# --------------------------------------------------------------------------- Moodle XML

def _text(parent: ET.Element, tag: str, text: str, fmt: str | None = "html") -> ET.Element:
    el = _sub(parent, tag, **({"format": fmt} if fmt else {}))
    _sub(el, "text", text)
    return el


def _moodle_question(lesson: str, q: Question, points: float) -> ET.Element:
    el = ET.Element("question", {"type": MOODLE_TYPES[q.type]})
    _text(el, "name", f"{lesson}: {q.id}", None)
    _text(el, "questiontext", text_html(q.prompt))
    _text(el, "generalfeedback", bucket_feedback(q) if q.type == "buckets" else "")
    _sub(el, "defaultgrade", f"{points:g}")
    _sub(el, "penalty", "0")  # practice: trying again costs nothing
    _sub(el, "hidden", "0")
    _sub(el, "idnumber", f"{lesson}/{q.id}")
    if q.type == "buckets":
        _sub(el, "shuffleanswers", "true")
        for it in q.items:
            sq = _text(el, "subquestion", html.escape(it.text, quote=False))
            _text(sq, "answer", it.bucket, None)
        return el
    right = [o for o in q.options if o.correct]
    wrong = [o for o in q.options if not o.correct]
    _sub(el, "single", "true" if q.type == "single" else "false")
    _sub(el, "shuffleanswers", "true")
    _sub(el, "answernumbering", "abc")
    _text(el, "correctfeedback", "Right.")
    _text(el, "partiallycorrectfeedback", "Partly right: read the reasons, then try again.")
    _text(el, "incorrectfeedback", "Not the best answer: read the reason, then try again.")
    for opt in q.options:
        if q.type == "single":
            fraction = "100" if opt.correct else "0"
        else:  # shares of 100 for the right ones; a wrong choice takes back its share of the whole
            fraction = moodle_share(len(right)) if opt.correct else "-" + moodle_share(len(wrong))
        answer = _text(el, "answer", text_html(opt.text))
        answer.set("fraction", fraction)
        _text(answer, "feedback", text_html(opt.why))
    return el


def moodle_xml(bank: Bank, questions: list[Question], points: float = 1.0, category: str = "ailead") -> bytes:
    """A Moodle XML file: a category for the lesson, then its questions."""
    root = ET.Element("quiz")
    cat = _sub(root, "question", type="category")
    _text(cat, "category", f"$course$/top/{category}/{bank.lesson}", None)
    _text(cat, "info", f"Practice questions of lesson {bank.lesson} (exported by ailead quiz export).")
    for q in questions:
        root.append(_moodle_question(bank.lesson, q, points))
    return _xml(root)


# --------------------------------------------------------------------------- exporting banks

def export_bank(bank: Bank, formats: tuple[str, ...] = FORMATS, points: float = 1.0) -> Result:
    """One bank's files, and the questions left out because no platform has their type."""
    result = Result(bank.lesson)
    kept = []
    for q in bank.questions:
        if q.type in UNSUPPORTED:
            result.left_out.append((q.id, q.type))
        else:
            kept.append(q)
            result.exported.append(q.id)
    if not kept:
        return result
    if "canvas" in formats:
        result.files["canvas"] = canvas_zip(bank, kept, points)
    if "moodle" in formats:
        result.files["moodle"] = moodle_xml(bank, kept, points)
    return result


def left_out_message(results: list[Result]) -> str | None:
    """One message naming every question left out, by lesson, and why."""
    dropped = [(r.lesson, qid, qtype) for r in results for qid, qtype in r.left_out]
    if not dropped:
        return None
    kinds = sorted({t for _, _, t in dropped})
    why = "; ".join(f"{k}: {UNSUPPORTED[k]}" for k in kinds)
    names = ", ".join(f"{lesson}/{qid}" for lesson, qid, _ in dropped)
    return (f"Left out {len(dropped)} question(s) with no equivalent in Canvas or Moodle ({why}): {names}. "
            "Run them in the lesson notebooks or in the room.")


def add_parser(sub) -> argparse.ArgumentParser:
    """`ailead quiz export`: add `quiz` (with its `export` step) to the `ailead` command's subparsers."""
    quiz = sub.add_parser("quiz", help="instructors: the quiz banks in formats learning platforms import",
                          description="Work with the lessons' quiz banks (assets/quizzes/).")
    steps = quiz.add_subparsers(dest="quiz_command", metavar="STEP", required=True)
    p = steps.add_parser(
        "export", help="write each lesson's quiz as a Canvas QTI 1.2 zip and a Moodle XML file",
        description="Write each lesson's quiz bank as a QTI 1.2 zip that Canvas imports (Settings > Import "
                    "course content > QTI .zip file) and as Moodle XML (Question bank > Import > Moodle XML), "
                    "keeping every option's reason as its feedback. Branching scenarios have no equivalent "
                    "in either platform and are left out, each named.")
    p.add_argument("lesson", nargs="*", help="lessons to export, e.g. 01-two-roles-one-product (default: all)")
    p.add_argument("--out", default="quiz-export", help="output folder (default: ./quiz-export)")
    p.add_argument("--format", action="append", choices=FORMATS, help="canvas or moodle (repeatable; default both)")
    p.add_argument("--points", type=float, default=1.0, help="points per question (default 1)")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    formats = tuple(args.format or FORMATS)
    if args.points <= 0:
        print("ailead quiz export: --points must be more than 0", file=sys.stderr)
        return 2
    try:
        banks = all_banks()
        if args.lesson:
            by_name = {b.lesson: b for b in banks}
            unknown = [name for name in args.lesson if name not in by_name and not Path(name).is_file()]
            if unknown:
                raise QuizExportError(f"no quiz bank for {', '.join(unknown)}; known: {', '.join(by_name)}")
            banks = [by_name[n] if n in by_name else load_bank(n) for n in args.lesson]
        results = [export_bank(b, formats, args.points) for b in banks]
    except (QuizBankError, QuizExportError) as exc:
        print(f"ailead quiz export: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
    suffix = {"canvas": ".zip", "moodle": ".xml"}
    for r in results:
        for fmt, data in r.files.items():
            path = out / fmt / f"{r.lesson}{suffix[fmt]}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        print(f"{r.lesson}: {len(r.exported)} question(s)" + (f", {len(r.left_out)} left out" if r.left_out else ""))
    print("Written to " + " and ".join(f"{out / f}/" for f in formats))
    message = left_out_message(results)
    if message:
        print(message, file=sys.stderr)
    return 0
