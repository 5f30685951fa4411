"""The learner's runtime installs alone, with only what it needs, and runs every lesson.

A wheel of the course package is installed into a fresh virtual environment without extras (plus
ipykernel and nbclient, which only run the notebooks here); none of the instructor's packages (nbgrader,
matplotlib, JupyterLab) may arrive with it. Every lesson and the progress
notebook then run from a folder outside the repository, so quiz banks and figures come from the installed
package, not from the checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest

from ailead.instructor import site

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))

RUN = textwrap.dedent("""
    import json, os, sys
    from pathlib import Path
    import nbformat
    from nbclient import NotebookClient

    results = {}
    for path in sorted(Path(sys.argv[1]).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        errors = [o.get("ename", "") + ": " + o.get("evalue", "") for c in nb.cells
                  for o in c.get("outputs", []) if o.get("output_type") == "error"]
        figures = sum("image/png" in o.get("data", {}) or "image/svg+xml" in o.get("data", {})
                      for c in nb.cells for o in c.get("outputs", []))
        results[path.name] = {"errors": errors, "figures": figures}
    print(json.dumps(results))
""")

PROBE = textwrap.dedent("""
    import importlib.util, json, ailead, ailead.quizbank
    print(json.dumps({"missing": [m for m in ("nbgrader", "matplotlib", "jupyterlab")
                                  if importlib.util.find_spec(m) is not None],
                      "package": ailead.__file__, "assets": str(ailead.quizbank.assets_dir())}))
""")


def _bin(env_dir: Path, name: str) -> Path:
    return env_dir / ("Scripts" if os.name == "nt" else "bin") / name


@pytest.fixture(scope="module")
def learner_env(tmp_path_factory):
    work = tmp_path_factory.mktemp("learner")
    wheels = work / "wheels"
    source = site.clean_source(work / "source")  # never a stale build/ of the checkout
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = wheels.glob("ailead-*.whl")
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    # Without PYTHONPATH: a source tree on it (with its egg-info) would make pip think ailead is installed.
    pip = subprocess.run([str(_bin(env_dir, "python")), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                          str(wheel), "ipykernel", "nbclient"], capture_output=True, text=True, timeout=900,
                         env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    assert pip.returncode == 0, pip.stderr[-2000:]
    return work, env_dir


def test_the_runtime_brings_none_of_the_instructors_packages(learner_env):
    work, env_dir = learner_env
    probe = subprocess.run([str(_bin(env_dir, "python")), "-c", PROBE], capture_output=True, text=True, cwd=work,
                           env={k: v for k, v in os.environ.items() if k not in ("AILEAD_ASSETS", "PYTHONPATH")})
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout)
    assert found["missing"] == [], f"installed with the learner's runtime: {found['missing']}"
    assert str(REPO) not in found["package"] and str(REPO) not in found["assets"], found


def test_every_lesson_runs_with_the_runtime_alone(learner_env):
    work, env_dir = learner_env
    lessons = work / "lessons"
    lessons.mkdir()
    for path in NOTEBOOKS:
        (lessons / path.name).write_bytes(path.read_bytes())
    env = {k: v for k, v in os.environ.items() if k not in ("AILEAD_ASSETS", "PYTHONPATH")}
    env.update(AILEAD_FIGURE_CACHE="1", AILEAD_HOME=str(work / "home"), MPLBACKEND="Agg")
    ran = subprocess.run([str(_bin(env_dir, "python")), "-c", RUN, str(lessons)], capture_output=True, text=True,
                         cwd=work, env=env, timeout=1800)
    assert ran.returncode == 0, ran.stderr[-3000:]
    results = json.loads(ran.stdout.strip().splitlines()[-1])
    assert sorted(results) == sorted(p.name for p in NOTEBOOKS)
    for name, result in results.items():
        assert result["errors"] == [], f"{name}: {result['errors'][:2]}"
        if name[:2].isdigit() and name[:2] != "00":
            assert result["figures"] >= 1, f"{name} showed no figure"
