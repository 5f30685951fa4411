"""The `ailead` command line."""

from __future__ import annotations

import subprocess
import sys

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
