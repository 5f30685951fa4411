"""The case study data: small, deterministic, and safe to change in a lesson."""

from ailead import case


def test_calls_return_fresh_copies():
    team = case.team()
    team[0]["name"] = "changed"
    assert case.team()[0]["name"] != "changed"
    backlog = case.backlog()
    backlog.clear()
    assert case.backlog()


def test_twenty_distinct_responsibilities():
    items = case.responsibilities()
    assert len(items) == 20 and len(set(items)) == 20


def test_four_roles_with_positions_in_range():
    roles = case.roles()
    assert list(roles) == ["AI product leader", "AI engineering leader", "AI product manager", "AI product owner"]
    for info in roles.values():
        assert 0 <= info["horizon"] <= 10 and 0 <= info["audience"] <= 10


def test_backlog_dependencies_point_at_items():
    ids = {item["id"] for item in case.backlog()}
    for item in case.backlog():
        assert set(item["depends_on"]) <= ids - {item["id"]}


def test_usage_log_is_deterministic_and_grows():
    log = case.usage_log()
    assert log == case.usage_log()
    assert log != case.usage_log(seed=8)
    first_week = {e["agent"] for e in log if e["day"] <= 7}
    last_week = {e["agent"] for e in log if e["day"] > 21}
    assert len(last_week) > len(first_week)
    assert all(e["seconds_saved"] == 0 for e in log if not e["accepted"])


def test_usage_log_rejects_no_days():
    import pytest

    with pytest.raises(ValueError, match="days must be at least 1"):
        case.usage_log(days=0)
