"""The seed coverage map: complete list of ideas, every reference real, and the gaps reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ailead.instructor import cli, coverage

REPO = Path(__file__).resolve().parents[1]
CURRICULUM = Path(os.environ.get("AILEAD_SHARED", REPO.parent / "shared")) / "curriculum.md"


@pytest.fixture(scope="module")
def report():
    return coverage.check()


def test_map_lists_exactly_the_curriculum_checklist():
    if not CURRICULUM.exists():
        pytest.skip(f"the course spec is not beside the repository ({CURRICULUM}); "
                    "set AILEAD_SHARED to the folder that holds curriculum.md")
    expected = coverage.expand_checklist(CURRICULUM.read_text())
    assert len(expected) > 60
    seeds = [seed for seed in coverage.load_map() if not seed.startswith(coverage.ADDITION)]
    assert seeds == expected


def test_the_courses_own_additions_are_marked_and_covered(report):
    """Ideas beyond the seeds carry the ADD- prefix; the strict checks below cover them like seed ideas."""
    additions = [seed for seed in coverage.load_map() if seed.startswith(coverage.ADDITION)]
    assert additions, "the course's additions (frameworks and lessons beyond the seeds) are in the map"
    for seed in additions:
        assert seed in report.complete, f"{seed} is not both taught and assessed"


def test_every_reference_points_at_something_that_exists(report):
    assert report.errors == []


def test_no_idea_is_half_covered(report):
    assert report.half_done == [], "each of these needs both a lesson section and a quiz or exercise"


def test_lessons_00_and_01_cover_their_ideas(report):
    for seed in ("P-DEF-PRODUCT", "P-DEF-ENGINEERING", "P-JOURNEY", "P-RESP-1", "P-RESP-8", "M-PM-STRATEGY",
                 "M-PO-DELIVERY", "M-TEAM-SIZE", "P-FAQ-ONE-PERSON", "M-OVERLAP-4"):
        assert seed in report.complete


def test_every_product_manager_vs_owner_idea_is_covered(report):
    ids = [seed for seed in coverage.load_map() if seed.startswith("M-")]
    assert len(ids) == 15  # the second source's checklist
    assert [seed for seed in ids if seed not in report.complete] == []


def test_every_idea_is_taught_and_assessed(report):
    """Strict: the course promises the whole checklist, so any gap fails."""
    assert report.untaught == [], "no lesson teaches these yet"
    assert report.complete == list(coverage.load_map())


def test_the_command_reports_gaps_and_fails_on_them(capsys, monkeypatch):
    assert cli.main(["coverage"]) == 0
    out = capsys.readouterr().out
    total = len(coverage.load_map())
    assert f"{total} of {total} seed ideas are taught and assessed." in out
    with_gap = dict(coverage.load_map(), **{"P-WHY-7": {"taught": [], "assessed": []}})
    monkeypatch.setattr(coverage, "load_map", lambda *a, **k: with_gap)
    assert cli.main(["coverage"]) == 1
    assert "Not yet in any lesson: P-WHY-7" in capsys.readouterr().out


def test_bad_references_are_caught(tmp_path):
    broken = {
        "X-1": {"taught": ["notebooks/01-two-roles-one-product.ipynb#no-such-heading"], "assessed": []},
        "X-2": {"taught": ["notebooks/99-missing.ipynb#x"], "assessed": ["quiz:01-two-roles-one-product/nope"]},
        "X-3": {"taught": [], "assessed": ["exercise:01-two-roles-one-product/owners", "essay:x/y"]},
    }
    report = coverage.check(broken)
    text = "\n".join(report.errors)
    assert "no heading whose anchor is 'no-such-heading'" in text
    assert "no lesson notebook at notebooks/99-missing.ipynb" in text
    assert "has no question 'nope'" in text
    assert "no graded cell with grade id 'owners'" in text  # an answer cell is not an assessment
    assert "must start with 'quiz:' or 'exercise:'" in text
    assert report.half_done == ["X-1", "X-3"] and report.complete == ["X-2"]


def test_slug():
    assert coverage.slug("The other pair: product manager and product owner") == \
        "the-other-pair-product-manager-and-product-owner"
