"""What an instructor and a student read after grading: grades.csv, a summary figure, and feedback.

Feedback says which part failed and why, using the message the test's author wrote, and never shows
test code: the autograded notebook holds the hidden tests, so only error names and messages leave it.
"""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import nbformat

from ailead.instructor.results import Result

AUTO, MANUAL = "auto", "manual"


def graded_parts(release: nbformat.NotebookNode) -> list[dict]:
    """The graded parts of an exercise in notebook order: grade id, points, and auto or manual."""
    parts = []
    for cell in release.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade"):
            parts.append({"id": meta["grade_id"], "points": float(meta.get("points", 0)),
                          "kind": MANUAL if meta.get("solution") else AUTO})
    return parts


def write_csv(results: dict[str, Result], parts: list[dict], path: Path) -> Path:
    """grades.csv: one row per student with score, max score, status, detail and each graded part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    max_total = sum(p["points"] for p in parts)
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student", "score", "max_score", "status", "detail"] + [p["id"] for p in parts])
        for student in sorted(results):
            r = results[student]
            row = [student, f"{r.score:g}", f"{r.max_score or max_total:g}", r.status, r.detail]
            row += ["" if r.parts.get(p["id"]) is None else f"{r.parts[p['id']]:g}" for p in parts]
            writer.writerow(row)
    return path


def item_analysis(results: dict[str, Result], parts: list[dict]) -> dict[str, float]:
    """Per automatically graded part: the share of graded students who lost points on it."""
    graded = [r for r in results.values() if r.parts]
    shares = {}
    for p in parts:
        if p["kind"] != AUTO or not graded:
            continue
        lost = sum((r.parts.get(p["id"]) or 0) < p["points"] for r in graded)
        shares[p["id"]] = lost / len(graded)
    return shares


def summary_figure(results: dict[str, Result], parts: list[dict], assignment: str, path: Path) -> Path:
    """Two panels: the score distribution, and which parts the cohort lost points on."""
    from ailead.instructor.drawing.style import OKABE_ITO, new_figure

    graded = [r for r in results.values() if r.parts]
    shares = item_analysis(results, parts)
    max_auto = sum(p["points"] for p in parts if p["kind"] == AUTO)
    fig, (left, right) = new_figure(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [1, 1.3]})
    scores = [sum(v or 0 for k, v in r.parts.items() if any(p["id"] == k and p["kind"] == AUTO for p in parts))
              for r in graded]
    bins = [x - 0.5 for x in range(int(max_auto) + 2)]
    left.hist(scores, bins=bins, color=OKABE_ITO["blue"], edgecolor="black")
    from matplotlib.ticker import MaxNLocator

    left.yaxis.set_major_locator(MaxNLocator(integer=True))
    left.set_xlabel(f"Automatic score (out of {max_auto:g})")
    left.set_ylabel("Number of students")
    left.set_title(f"Score distribution ({len(graded)} graded)")
    names = list(shares)[::-1]
    right.barh(names, [shares[n] * 100 for n in names], color=OKABE_ITO["vermillion"], edgecolor="black",
               hatch="//")
    for y, n in enumerate(names):
        right.text(shares[n] * 100 + 1, y, f"{shares[n]:.0%}", va="center", fontsize=9)
    right.set_xlim(0, 110)
    right.set_xlabel("Students who lost points on this part (%)")
    right.set_ylabel("Graded part")
    right.set_title("Item analysis: where the cohort lost points")
    fig.suptitle(f"{assignment}: autograding summary")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    return path


def alt_text(results: dict[str, Result], parts: list[dict]) -> str:
    """A text description of the summary figure, for screen readers and for the terminal."""
    shares = item_analysis(results, parts)
    worst = sorted(shares.items(), key=lambda kv: -kv[1])[:3]
    counts: dict[str, int] = {}
    for r in results.values():
        counts[r.status] = counts.get(r.status, 0) + 1
    statuses = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    hardest = "; ".join(f"{k}: {v:.0%} lost points" for k, v in worst) or "no graded parts"
    return f"{len(results)} submissions ({statuses}). Parts most often missed: {hardest}."


# --------------------------------------------------------------------------- feedback for students

def _failures(autograded: nbformat.NotebookNode) -> dict[str, str]:
    """For each graded test cell that failed: the error's name and its author-written message."""
    out = {}
    for cell in autograded.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("grade"):
            continue
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error" and o.get("ename") in ("KeyboardInterrupt", "CellTimeoutError"):
                out[meta["grade_id"]] = ("stopped: the code ran past the time limit (an endless loop, or work "
                                         "that never finishes?)")
                break
            if o.get("output_type") == "error":
                message = o.get("evalue", "").strip()
                out[meta["grade_id"]] = f"{o.get('ename', 'Error')}: {message}" if message else o.get("ename", "Error")
                break
        outputs = cell.get("outputs", [])
        if meta["grade_id"] not in out and any(o.get("output_type") == "execute_result" for o in outputs):
            # A partial-credit test (its value is its score) explains itself in what it prints.
            printed = "".join("".join(o.get("text", "")) for o in outputs
                              if o.get("output_type") == "stream" and o.get("name") == "stdout")
            if printed.strip():
                out[meta["grade_id"]] = " ".join(printed.split())
    return out


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _error_line(output: dict) -> int | None:
    """The line of the learner's cell an error points at, from its message or traceback."""
    found = re.search(r"\bline (\d+)\)?$", output.get("evalue", ""))
    if output.get("ename") in ("SyntaxError", "IndentationError", "TabError") and found:
        return int(found.group(1))
    lines = [_ANSI.sub("", frame) for frame in output.get("traceback", [])]
    cell_lines = [int(m.group(1)) for frame in lines for m in [re.search(r"(?:Cell In\[\d*\]|<module>|"
                  r"Input In \[\d*\]), line (\d+)", frame)] if m]
    if cell_lines:
        return cell_lines[0]
    for frame in lines:  # IPython's arrow marks the failing line: "----> 3     return x"
        m = re.search(r"^-+>\s*(\d+)", frame, re.M)
        if m:
            return int(m.group(1))
    return found and int(found.group(1)) or None


def answer_errors(autograded: nbformat.NotebookNode) -> list[dict]:
    """The learner's own answer cells that stopped with an error, in notebook order.

    Each is {"id": grade id, "part": "Part 2" or "", "error": name, "message": text, "line": n or None}:
    a broken answer makes every test that uses it fail too, so it is what to fix first.
    """
    found, part = [], ""
    for cell in autograded.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "markdown":
            heading = re.match(r"^#+\s*(Part \d+)", cell.source)
            part = heading.group(1) if heading else part
            continue
        if not meta.get("solution"):
            continue
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error" and o.get("ename") not in ("KeyboardInterrupt", "CellTimeoutError"):
                message = _ANSI.sub("", o.get("evalue", "")).strip()
                message = re.sub(r"\s*\([^()]*\.py, line \d+\)$", "", message)  # the temp file name helps nobody
                found.append({"id": meta.get("grade_id", ""), "part": part, "error": o.get("ename", "Error"),
                              "message": message, "line": _error_line(o)})
                break
    return found


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def describe_answer_error(err: dict) -> str:
    """One sentence naming the learner's failing answer, e.g. "your answer to Part 1 ('owners') has a
    SyntaxError on line 1: expected ':'"."""
    where = f"Part {err['part'][5:]} ({err['id']!r})" if err["part"] else repr(err["id"])
    line = f" on line {err['line']}" if err["line"] else ""
    message = f": {err['message']}" if err["message"] else ""
    return f"your answer to {where} has a {err['error']}{line}{message}"


def feedback_html(student: str, assignment: str, result: Result, parts: list[dict],
                  autograded: nbformat.NotebookNode | None, comments: dict[str, str] | None = None) -> str:
    """One student's feedback page: a row per graded part with points and, on failure, why."""
    failures = _failures(autograded) if autograded is not None else {}
    comments = comments or {}
    rows = []
    for p in parts:
        got = result.parts.get(p["id"])
        if p["kind"] == MANUAL:
            verdict = "graded by a person" if got is not None else "waiting for a person to grade it"
            why = comments.get(p["id"], "")
        elif got is None:
            verdict, why = "not graded", ""
        elif got >= p["points"]:
            verdict, why = "passed", ""
        else:
            verdict, why = "failed", failures.get(p["id"], "this part did not earn its points")
        shown = "–" if got is None else f"{got:g}"
        rows.append(f"<tr class='{verdict.split()[0]}'><td>{html.escape(p['id'])}</td><td>{shown} / {p['points']:g}"
                    f"</td><td>{html.escape(verdict)}</td><td>{html.escape(why)}</td></tr>")
    status = "" if result.status == "ok" else (
        f"<p class='status'><b>Status: {html.escape(result.status)}.</b> {html.escape(result.detail)}</p>")
    own = answer_errors(autograded) if autograded is not None else []
    if own:
        items = "".join(f"<li>{html.escape(_sentence(describe_answer_error(e)))}.</li>" for e in own)
        status += (f"<div class='own-errors'><p><b>Fix this first.</b> Your own code stopped with an error, so "
                   f"the tests that use it fail too:</p><ul>{items}</ul></div>")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Feedback: {html.escape(assignment)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;line-height:1.4}}
table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #999;padding:.4em;text-align:left}}
tr.failed td:nth-child(3){{color:#D55E00;font-weight:bold}}tr.passed td:nth-child(3){{color:#0072B2}}</style>
</head><body>
<h1>Feedback on {html.escape(assignment)}</h1>
<p>Student: <b>{html.escape(student)}</b> · Score: <b>{result.score:g} / {result.max_score:g}</b></p>
{status}
<table><thead><tr><th>Part</th><th>Points</th><th>Result</th><th>Why</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
<p>Hidden tests check cases beyond the visible ones; their messages above say what was expected.</p>
</body></html>
"""
