"""Settings for every pytest run: unit tests, and nbval over the lessons and solutions.

Kernels started by nbval inherit this environment, so lessons run during tests write their quiz
progress to a throwaway folder, never to the learner's real record.
"""

import os
import tempfile

import pytest

os.environ["AILEAD_HOME"] = tempfile.mkdtemp(prefix="ailead-test-home-")
os.environ.setdefault("MPLBACKEND", "Agg")
# Tests inspect real figures, and nbval runs the lessons' drawing code; tests/test_figure_store.py
# turns the stored pictures back on where it checks them.
os.environ["AILEAD_FIGURE_CACHE"] = "0"

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI nothing may be skipped: a skip there means a missing install step, so it fails."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"Skipped under CI=true, which counts as a failure: {reason}"
