"""One submission's grading result, as every part of grading reports it (the ledger, grades.csv, feedback)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Result:
    student: str
    status: str
    score: float = 0.0
    max_score: float = 0.0
    parts: dict[str, float | None] = field(default_factory=dict)
    detail: str = ""
    digest: str = ""
    seconds: float = 0.0
