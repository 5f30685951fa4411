"""A JupyterLab server and a Chromium page shared by the browser tests, on a throwaway course copy."""

from __future__ import annotations

import pytest

from ailead.instructor import browser, grading


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    missing = browser.chromium_missing()
    if missing:
        pytest.skip(missing)
    root = browser.course_copy(tmp_path_factory.mktemp("lab-course"))
    for name in grading.assignments():  # the formgrader lists what the gradebook holds
        grading.run_nbgrader(root, "generate_assignment", name, "--force")
    with browser.lab_server(root, tmp_path_factory.mktemp("lab-home")) as server:
        yield server


@pytest.fixture(scope="session")
def page(lab):
    with browser.chromium() as p:
        yield p


@pytest.fixture(autouse=True)
def _fresh_kernels(request):
    """Every test ends with no kernel running, so the next one starts from a quiet server."""
    yield
    if "lab" in request.fixturenames and "lesson00" not in request.fixturenames:
        request.getfixturevalue("lab").shutdown_kernels()
