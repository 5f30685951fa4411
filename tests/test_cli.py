"""The `ailead` command line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ailead import progress
from ailead.instructor import cli


def test_help_lists_commands(capsys):
    assert cli.main([]) == 2
    out = capsys.readouterr().out
    assert "workspace" in out and "progress" in out


def test_installed_console_script_runs():
    bin_dir = __import__("pathlib").Path(sys.executable).parent
    proc = subprocess.run([str(bin_dir / "ailead"), "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("ailead ")


def test_workspace_command(tmp_path, capsys):
    dest = tmp_path / "mine"
    assert cli.main(["workspace", "--dest", str(dest)]) == 0
    assert "Copied" in capsys.readouterr().out
    assert (dest / "notebooks" / "00-start-here.ipynb").exists()
    assert cli.main(["workspace", "--dest", str(dest)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_progress_command(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("AILEAD_HOME", str(tmp_path))
    assert cli.main(["progress"]) == 0
    assert "No quiz attempts recorded yet" in capsys.readouterr().out
    progress.record("01-two-roles-one-product", "q", True)
    assert cli.main(["progress"]) == 0
    assert "01-two-roles-one-product" in capsys.readouterr().out


def test_check_on_a_cohort_server_says_why_it_cannot_run(tmp_path, monkeypatch):
    """Where the solutions are kept from learners (the cohort hub), `ailead check` explains itself, no traceback."""
    from ailead.instructor import check, grading

    monkeypatch.setattr(grading, "SOLUTIONS", tmp_path / "hidden")
    said = []
    notebook = tmp_path / "01.ipynb"
    notebook.write_text("{}")
    assert check.check(notebook, echo=said.append) == 2
    assert "Validate" in said[0] and "kept from learners" in said[0]


def test_certificate_and_instructor_commands_have_help():
    for command in (["progress", "--help"], ["certificates", "--help"], ["export", "--help"],
                    ["quiz", "export", "--help"], ["report", "--help"], ["sim-cohort", "--help"], ["guide", "--help"]):
        with pytest.raises(SystemExit) as done:
            cli.main(command)
        assert done.value.code == 0, command
