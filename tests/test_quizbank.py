"""The quiz bank schema: good banks load, and every kind of bad bank fails with a precise message."""

from __future__ import annotations

import pytest

from ailead import quizbank
from ailead.quizbank import QuizBankError, load_bank

from .helpers import GOOD_BANK, write_bank


def test_good_bank_loads_every_type(tmp_path):
    bank = load_bank(write_bank(tmp_path))
    assert [q.type for q in bank.questions] == ["single", "multiple", "buckets", "branching"]
    assert bank.question("branch").step("next").options[0].correct is True


def test_every_course_bank_is_valid():
    banks = quizbank.all_banks()
    assert banks, "assets/quizzes/ should hold at least one bank"
    for bank in banks:
        assert bank.questions


def _bad(tmp_path, old: str, new: str) -> str:
    text = GOOD_BANK.format(lesson="99-test")
    assert old in text, f"test setup: {old!r} not in the good bank"
    path = write_bank(tmp_path, text=text.replace(old, new, 1))
    with pytest.raises(QuizBankError) as info:
        load_bank(path)
    return str(info.value)


def test_missing_field_names_file_question_and_field(tmp_path):
    msg = _bad(tmp_path, " why: It is a choice about value and priorities.", "")
    assert "99-test.yml" in msg and "question 'pick-one'" in msg and "options[1].why" in msg


def test_unknown_type(tmp_path):
    msg = _bad(tmp_path, "type: multiple", "type: multi")
    assert "question 'pick-many'" in msg and "field 'type'" in msg and "'multi'" in msg
    assert "single, multiple, buckets, branching" in msg


def test_no_correct_option(tmp_path):
    msg = _bad(tmp_path, "The product leader, correct: true", "The product leader, correct: false")
    assert "question 'pick-one'" in msg and "field 'options'" in msg and "no option is marked correct" in msg


def test_two_correct_options_in_single_choice(tmp_path):
    msg = _bad(tmp_path, "The engineering leader, correct: false", "The engineering leader, correct: true")
    assert "question 'pick-one'" in msg and "2 options are marked correct" in msg


def test_duplicate_id(tmp_path):
    msg = _bad(tmp_path, "id: pick-many", "id: pick-one")
    assert "question 'pick-one'" in msg and "field 'id'" in msg and "unique" in msg


def test_bad_yaml_reports_line(tmp_path):
    msg = _bad(tmp_path, "    prompt: Sort these into the lens that owns them.",
               "    prompt: [Sort these into the lens")
    assert "99-test.yml" in msg and "not valid YAML" in msg and "line" in msg


def test_misspelt_field_is_rejected(tmp_path):
    msg = _bad(tmp_path, "{text: p95 latency, correct: true,", "{text: p95 latency, corect: true, correct: true,")
    assert "question 'pick-many'" in msg and "field 'corect'" in msg


def test_item_in_unknown_bucket(tmp_path):
    msg = _bad(tmp_path, "bucket: Engineering, why: A technical", "bucket: Engineer, why: A technical")
    assert "question 'sort-them'" in msg and "items[2].bucket" in msg and "Product, Engineering" in msg


def test_branching_next_must_exist(tmp_path):
    msg = _bad(tmp_path, "where the time goes., next: next", "where the time goes., next: nowhere")
    assert "question 'branch'" in msg and "steps[1].options[1].next" in msg and "'nowhere'" in msg


def test_branching_loop_is_rejected(tmp_path):
    msg = _bad(tmp_path, "Agents stop using it.}", "Agents stop using it., next: start}")
    assert "question 'branch'" in msg and "loop" in msg and "start -> next -> start" in msg


def test_branching_unreachable_step(tmp_path):
    text = GOOD_BANK.format(lesson="99-test").replace("make quality worse., next: next", "make quality worse.")
    text = text.replace("where the time goes., next: next", "where the time goes.")
    path = write_bank(tmp_path, text=text)
    with pytest.raises(QuizBankError, match="step 'next' cannot be reached"):
        load_bank(path)


def test_lesson_must_match_file_name(tmp_path):
    path = write_bank(tmp_path, lesson="99-test", text=GOOD_BANK.format(lesson="98-other"))
    with pytest.raises(QuizBankError, match="field 'lesson'.*must match the file name"):
        load_bank(path)


def test_missing_bank_for_lesson(monkeypatch, tmp_path):
    monkeypatch.setenv("AILEAD_ASSETS", str(tmp_path))
    with pytest.raises(QuizBankError, match="no quiz bank for lesson '42-nothing'"):
        quizbank.load_lesson("42-nothing")


def test_unknown_question_lists_known_ids(tmp_path):
    bank = load_bank(write_bank(tmp_path))
    with pytest.raises(KeyError, match="pick-one, pick-many"):
        bank.question("nope")


def _texts(node):
    """Every string in a bank (prompts, options, reasons, steps), wherever it is nested."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


def test_code_fences_open_on_a_line_of_their_own():
    """A folded YAML string (`>-`) joins a fence with the code's first line, and the quiz then hides that line."""
    import re

    import yaml

    for path in sorted(quizbank.assets_dir().joinpath("quizzes").glob("*.yml")):
        for text in _texts(yaml.safe_load(path.read_text(encoding="utf-8"))):
            lines = text.split("\n")
            fences = [line for line in lines if "```" in line]
            assert all(re.fullmatch(r"\s*```[\w+-]*\s*", line) for line in fences), \
                f"{path.name}: a code fence shares its line with text (use `prompt: |`): {text[:60]!r}"
