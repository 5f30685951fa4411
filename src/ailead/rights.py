"""Decision rights (lesson 07): write down your team's RACI matrix and see its conflicts flagged.

A matrix is a plain dict, one row per decision, each row a dict from role to letter::

    {"launch-gate": {"AI product leader": "A", "AI product manager": "R",
                     "AI product owner": "I", "AI engineering leader": "C"}, ...}

Letters: ``"A"`` accountable (decides and answers for it; may also do the work), ``"R"`` responsible (does
the work), ``"C"`` consulted before, ``"I"`` informed after, ``""`` no part. :func:`conflicts` flags four
problems: no accountable role, more than one, an accountable role of the wrong lens (an engineering leader
accountable for a product decision, or the reverse), and, for product decisions, one of the wrong horizon
(a product owner accountable for a strategic decision, or a product leader or manager for a tactical one).
The lens and horizon of each decision come from the case (:func:`ailead.case.decision_rights`) unless you
pass your own. :func:`review` shows a matrix as a table with its problems. Pure Python, no widgets.

Import it as ``from ailead import rights``.
"""

from __future__ import annotations

import html

from ailead.case.decision_rights import DECISION_ROLES, ROLE_LENS, decision_rights

__all__ = ["ROLES", "LETTERS", "PROBLEMS", "blank_matrix", "case_matrix", "conflicts", "review", "Review"]

ROLES = DECISION_ROLES
LETTERS = ("R", "A", "C", "I", "")
PROBLEMS = ("no accountable", "two accountable", "wrong lens", "wrong horizon")
_SHORT = {"AI product leader": "product leader", "AI product manager": "product manager",
          "AI product owner": "product owner", "AI engineering leader": "engineering leader"}


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _decisions(decisions: list[dict] | None) -> list[dict]:
    return decision_rights() if decisions is None else decisions


def blank_matrix(decisions: list[dict] | None = None) -> dict[str, dict[str, str]]:
    """An empty matrix over the case's twenty decisions (or yours): every letter "" to fill in."""
    return {d["id"]: {role: "" for role in ROLES} for d in _decisions(decisions)}


def case_matrix() -> dict[str, dict[str, str]]:
    """Kettle & Co.'s matrix as lesson 07 teaches it (a fresh copy)."""
    return {d["id"]: dict(d["rights"]) for d in decision_rights()}


def _check(matrix: dict) -> None:
    if not isinstance(matrix, dict):
        raise ValueError(f"a matrix is a dict of decision -> {{role: letter}}, not {type(matrix).__name__}")
    for decision, row in matrix.items():
        if not isinstance(row, dict):
            raise ValueError(f"row {decision!r}: a dict of role -> letter, not {type(row).__name__}")
        for role, letter in row.items():
            if role not in ROLES:
                raise ValueError(f"row {decision!r}: unknown role {role!r}; the roles are {', '.join(ROLES)}")
            if letter not in LETTERS:
                raise ValueError(f"row {decision!r}, {role}: the letter must be R, A, C, I or '', not {letter!r}")


def conflicts(matrix: dict, decisions: list[dict] | None = None) -> list[dict]:
    """The matrix's problems, one dict each: {"decision", "problem" (one of PROBLEMS), "detail"}.

    ``decisions`` gives each decision's "id", "lens" ("product" or "engineering") and "horizon"
    ("strategic" or "tactical"); by default the case's. A row whose decision is not listed there is checked
    for its accountable count only. Raises ValueError for an unknown role or letter.
    """
    _check(matrix)
    known = {d["id"]: d for d in _decisions(decisions)}
    found = []
    for decision, row in matrix.items():
        accountable = [role for role in ROLES if row.get(role) == "A"]
        if not accountable:
            found.append({"decision": decision, "problem": "no accountable",
                          "detail": "nobody is accountable, so the decision stalls or is made twice"})
            continue
        if len(accountable) > 1:
            names = " and ".join(_SHORT[r] for r in accountable)
            found.append({"decision": decision, "problem": "two accountable",
                          "detail": f"{names} are both accountable; exactly one role answers for a decision"})
            continue
        if decision not in known:
            continue
        owner, spec = accountable[0], known[decision]
        if ROLE_LENS[owner]["lens"] != spec["lens"]:
            kind = f"{_article(spec['lens'])} {spec['lens']} decision"
            found.append({"decision": decision, "problem": "wrong lens",
                          "detail": f"{kind} with the {_SHORT[owner]} accountable"})
        elif spec["lens"] == "product" and ROLE_LENS[owner]["horizon"] != spec["horizon"]:
            found.append({"decision": decision, "problem": "wrong horizon",
                          "detail": f"a {spec['horizon']} decision with the {_SHORT[owner]} accountable"})
    return found


class Review:
    """A matrix with its problems; shows itself as a table in a notebook."""

    def __init__(self, matrix: dict, decisions: list[dict] | None = None):
        self.matrix = matrix
        self.decisions = _decisions(decisions)
        self.problems = conflicts(matrix, decisions)

    def __repr__(self) -> str:
        if not self.problems:
            return f"No conflicts in {len(self.matrix)} decisions."
        lines = [f"{len(self.problems)} conflict(s) in {len(self.matrix)} decisions:"]
        lines += [f"- {p['decision']}: {p['problem']} ({p['detail']})" for p in self.problems]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        names = {d["id"]: d.get("decision", d["id"]) for d in self.decisions}
        flags = {}
        for p in self.problems:
            flags.setdefault(p["decision"], []).append(f"{p['problem']}: {p['detail']}")
        head = "".join(f"<th>{html.escape(_SHORT[r])}</th>" for r in ROLES)
        rows = []
        for decision, row in self.matrix.items():
            cells = "".join(f"<td style='text-align:center'>{html.escape(row.get(r, '') or '·')}</td>" for r in ROLES)
            flag = "; ".join(flags.get(decision, [])) or "ok"
            mark = "⚠ " if decision in flags else ""
            rows.append(f"<tr><td>{html.escape(names.get(decision, decision))}</td>{cells}"
                        f"<td>{mark}{html.escape(flag)}</td></tr>")
        summary = html.escape(repr(self).splitlines()[0])
        return (f"<p><b>{summary}</b></p><table class='ailead-rights'><thead><tr><th>decision</th>{head}"
                f"<th>check</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def review(matrix: dict, decisions: list[dict] | None = None) -> Review:
    """Show a matrix as a table with each row's conflicts (see :func:`conflicts`)."""
    return Review(matrix, decisions)
