"""A quiet start: the course's JupyterLab asks nothing about news and checks for no updates, from the
course's own settings (an overrides file in the course environment), not from the learner's ~/.jupyter."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from jupyterlab.commands import get_app_dir
from jupyterlab.labapp import LabApp
from jupyterlab_server.settings_utils import get_settings

from ailead.instructor import browser, workspace

PLUGIN = "@jupyterlab/apputils-extension:notification"


def _defaults(app_settings_dir: Path, user_dir: Path) -> dict:
    result, warnings = get_settings(str(app_settings_dir), str(Path(get_app_dir()) / "schemas"), str(user_dir),
                                    schema_name=PLUGIN)
    assert warnings == [] or all(w is None for w in warnings), warnings
    return {k: v.get("default") for k, v in result["schema"]["properties"].items()}


def test_the_overrides_go_where_jupyterlab_reads_them():
    assert workspace.lab_settings_dir() == Path(LabApp().app_settings_dir)
    assert Path(sys.prefix) in workspace.lab_settings_dir().parents, "inside the course's environment"


def test_the_overrides_turn_news_and_update_checks_off(tmp_path):
    (tmp_path / "user").mkdir()
    before = _defaults(tmp_path / "app", tmp_path / "user")
    assert before["fetchNews"] == "none", "JupyterLab's own default asks the learner about news"
    path = workspace.quiet_lab(tmp_path / "app")
    assert path == tmp_path / "app" / "overrides.d" / "ailead.json"
    after = _defaults(tmp_path / "app", tmp_path / "user")
    assert after["fetchNews"] == "false" and after["checkForUpdates"] is False
    stamp = path.stat().st_mtime_ns
    workspace.quiet_lab(tmp_path / "app")
    assert path.stat().st_mtime_ns == stamp, "unchanged content is not rewritten"


def test_a_running_lab_serves_the_quiet_settings(tmp_path):
    """A real JupyterLab with the course's overrides and an empty user profile serves fetchNews 'false'."""
    app_settings = tmp_path / "app-settings"
    workspace.quiet_lab(app_settings)
    port, token = browser._free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_DATA_DIR=str(tmp_path / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "user"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"))
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp_path}", "--ServerApp.port_retries=0",
           f"--LabApp.app_settings_dir={app_settings}"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/lab/api/settings/{PLUGIN}?token={token}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, (tmp_path / "lab.log").read_text()[-2000:]
            try:
                with urllib.request.urlopen(url, timeout=10) as resp:
                    served = json.loads(resp.read())
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                assert time.monotonic() < deadline, (tmp_path / "lab.log").read_text()[-2000:]
                time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
    props = served["schema"]["properties"]
    assert props["fetchNews"]["default"] == "false" and props["checkForUpdates"]["default"] is False
    assert served["settings"] == {} or "fetchNews" not in served["settings"], "from the course, not the user"
