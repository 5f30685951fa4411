"""``make site``: the course as a static JupyterLite site that runs in a browser tab with nothing installed.

The site holds the lessons, the exercises' student versions and the progress notebook, the learner's runtime
as a wheel (its quiz banks and stored figures inside), and a Python for the browser (Pyodide) with every
package the lessons need, all served by the site itself: nothing is fetched from a CDN or from PyPI at run
time, so any static web host, or a laptop with no network, can serve it.

Everything is pinned: Pyodide's core is the npm package ``pyodide`` at the exact version the Pyodide kernel
expects; the kernel's own packages are the versions Pyodide's lock names, downloaded as pure wheels from
PyPI; ipywidgets, comm and the widgets front end match the course's own; PyYAML, which publishes no pure
wheel, is built as one from its source. The lock file the browser reads is written here, trimmed to exactly
the packages served, so an import of anything else fails plainly instead of reaching out to a CDN.

The build always starts from a clean output folder (an incremental JupyterLite rebuild once lost the Pyodide
address), and fails unless the built configuration points Pyodide at the site itself with the PyPI fallback
off, no file names a CDN, and the site stays under its size budget.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from ailead.instructor.course import REPO

SITE = REPO / "site"
CACHE = REPO / ".cache" / "site"
# The site is assembled by JupyterLite in an environment of its own: its Pyodide kernel extension must never
# be installed next to the course's JupyterLab, which would try to load it.
TOOLS_VENV = REPO / ".venv-site"
TOOLS = ["jupyterlite-core==0.8.6", "jupyterlite-pyodide-kernel==0.8.6", "jupyter-server>=2,<3",
         "jupyterlab-widgets==3.0.17"]
MAX_MB = 50
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
# Served beside the kernel's own packages; versions match the course's (pyproject.toml ranges).
EXTRA_WHEELS = {"ipywidgets": "8.1.9", "comm": "0.2.3", "jupyterlab-widgets": "3.0.17"}
PYYAML = "6.0.3"
# What the kernel loads at start and the lessons import: their closure in Pyodide's lock is served.
KERNEL_ROOTS = ("micropip", "ipython", "jedi", "packaging")
BROWSER_NOTE = """> **You are using the browser version of the course.** Everything on this page runs in your browser:
> write your answers and run the visible tests under them as usual. Two things need more than a browser tab:
> the **hidden tests** (your full grade) and the written answers' **rubrics** come with the full course
> (`make lab`, see the course README) or from your instructor. To hand this notebook in, save it
> (Ctrl+S), then right-click it in the file browser on the left and choose **Download**. The `!ailead check`
> line in the last cell works only in the full course.
"""


class SiteError(RuntimeError):
    """The site cannot be built as promised; the message says what failed."""


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        raise SiteError(f"`{' '.join(cmd)}` failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return proc


def tools_python() -> Path:
    """The Python of the site-building environment, made (or remade after a change of pins) on first use."""
    python = TOOLS_VENV / ("Scripts" if os.name == "nt" else "bin") / "python"
    stamp = TOOLS_VENV / ".installed"
    wanted = "\n".join(TOOLS)
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    if TOOLS_VENV.exists():
        shutil.rmtree(TOOLS_VENV)
    import venv

    venv.EnvBuilder(with_pip=True).create(TOOLS_VENV)
    _run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *TOOLS])
    stamp.write_text(wanted)
    return python


def pyodide_version() -> str:
    """The Pyodide version the pinned kernel expects."""
    return _run([str(tools_python()), "-c", "from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION;"
                 "print(PYODIDE_VERSION)"]).stdout.strip()


def fetch_pyodide(cache: Path = CACHE) -> Path:
    """Pyodide's core from npm (the exact version the kernel expects), unpacked once into the cache."""
    version = pyodide_version()
    folder = cache / f"pyodide-{version}"
    if (folder / "package" / "pyodide-lock.json").exists():
        return folder / "package"
    folder.mkdir(parents=True, exist_ok=True)
    _run(["npm", "pack", f"pyodide@{version}", "--pack-destination", str(folder), "--silent"])
    (archive,) = folder.glob("pyodide-*.tgz")
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    return folder / "package"


def _download(spec: str, dest: Path) -> Path:
    name, version = spec.split("==")
    normal = name.lower().replace("-", "_")
    found = [p for p in dest.glob("*.whl") if p.name.lower().startswith(f"{normal}-{version}-")]
    if found:
        return found[0]
    _run([sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
          "--only-binary=:all:", "--platform", "any", "--python-version", "3.14", "--implementation", "py",
          "--abi", "none", "-d", str(dest), spec])
    found = [p for p in dest.glob("*.whl") if p.name.lower().startswith(f"{normal}-{version}-")]
    if not found:
        raise SiteError(f"pip downloaded no pure wheel for {spec}")
    return found[0]


def pure_pyyaml(dest: Path) -> Path:
    """PyYAML as a pure-Python wheel, built from its source (PyPI has no pure or WebAssembly wheel of it)."""
    found = list(dest.glob(f"pyyaml-{PYYAML}-py3-none-any.whl"))
    if found:
        return found[0]
    env = dict(os.environ, PYYAML_FORCE_LIBYAML="0")
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "--no-deps",
          "--no-binary", "pyyaml", "-w", str(dest), f"pyyaml=={PYYAML}"], env=env)
    found = list(dest.glob(f"pyyaml-{PYYAML}-py3-none-any.whl"))
    if not found:
        raise SiteError("PyYAML did not build as a pure wheel (py3-none-any); is libyaml's C library forced on?")
    return found[0]


def clean_source(dest: Path, repo: Path = REPO) -> Path:
    """A copy of what the package is built from, without build output: pip builds in the source tree, and
    setuptools' ``build/`` keeps modules that were deleted or renamed since, which would land in the wheel."""
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(repo / name, dest / name)
    for name in ("src", "assets"):
        shutil.copytree(repo / name, dest / name, ignore=skip)
    return dest


def runtime_wheel(dest: Path) -> Path:
    """The course package as a wheel: the learner's runtime, its quiz banks and stored figures inside."""
    for old in dest.glob("ailead-*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="ailead-wheel-") as tmp:
        source = clean_source(Path(tmp) / "source")
        _run([sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "--no-deps", "-w",
              str(dest), str(source)])
    (wheel,) = dest.glob("ailead-*.whl")
    return wheel


def _closure(lock: dict, roots) -> list[str]:
    packages = lock["packages"]
    seen: list[str] = []
    stack = [r.lower().replace("_", "-") for r in roots]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        if name not in packages:
            raise SiteError(f"{name} is not in Pyodide's lock")
        seen.append(name)
        stack += [d.lower().replace("_", "-") for d in packages[name]["depends"]]
    return sorted(seen)


def _entry(wheel: Path, name: str, version: str, depends: list[str], imports: list[str]) -> dict:
    return {"name": name, "version": version, "file_name": wheel.name, "install_dir": "site",
            "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(), "package_type": "package",
            "imports": imports, "depends": depends, "unvendored_tests": False, "shared_library": False}


def pyodide_folder(static: Path, cache: Path = CACHE) -> list[str]:
    """Fill the site's static/pyodide/ with Pyodide's core, every wheel and the lock; return the packages."""
    core = fetch_pyodide(cache)
    static.mkdir(parents=True, exist_ok=True)
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "package.json"):
        shutil.copy(core / name, static / name)
    upstream = json.loads((core / "pyodide-lock.json").read_text())
    wheels = cache / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    served: dict[str, dict] = {}
    for name in _closure(upstream, KERNEL_ROOTS):
        entry = upstream["packages"][name]
        if name == "pyyaml":
            continue
        wheel = _download(f"{entry['name']}=={entry['version']}", wheels)
        shutil.copy(wheel, static / wheel.name)
        served[name] = _entry(static / wheel.name, name, entry["version"], [d.lower() for d in entry["depends"]],
                              entry["imports"])

    def add(wheel: Path, name: str, version: str, depends: list[str], imports: list[str]) -> None:
        shutil.copy(wheel, static / wheel.name)
        served[name] = _entry(static / wheel.name, name, version, depends, imports)

    add(pure_pyyaml(wheels), "pyyaml", PYYAML, [], ["yaml"])
    add(_download(f"comm=={EXTRA_WHEELS['comm']}", wheels), "comm", EXTRA_WHEELS["comm"], ["traitlets"], ["comm"])
    add(_download(f"jupyterlab-widgets=={EXTRA_WHEELS['jupyterlab-widgets']}", wheels), "jupyterlab-widgets",
        EXTRA_WHEELS["jupyterlab-widgets"], [], ["jupyterlab_widgets"])
    stub = _kernel_extension() / "static" / "pypi"
    (widgets_stub,) = stub.glob("widgetsnbextension-4.*-py3-none-any.whl")
    add(widgets_stub, "widgetsnbextension", widgets_stub.name.split("-")[1], [], ["widgetsnbextension"])
    add(_download(f"ipywidgets=={EXTRA_WHEELS['ipywidgets']}", wheels), "ipywidgets", EXTRA_WHEELS["ipywidgets"],
        ["comm", "ipython", "jupyterlab-widgets", "traitlets", "widgetsnbextension"], ["ipywidgets"])
    runtime = runtime_wheel(cache / "runtime")
    add(runtime, "ailead", runtime.name.split("-")[1], ["ipywidgets", "pyyaml"], ["ailead"])
    lock = {"info": upstream["info"], "packages": dict(sorted(served.items()))}
    (static / "pyodide-lock.json").write_text(json.dumps(lock, indent=1))
    return sorted(served)


def _kernel_extension() -> Path:
    return TOOLS_VENV / "share" / "jupyter" / "labextensions" / "@jupyterlite" / "pyodide-kernel-extension"


def _widgets_extension() -> Path:
    return TOOLS_VENV / "share" / "jupyter" / "labextensions" / "@jupyter-widgets" / "jupyterlab-manager"


def _clean_notebook(source: Path, dest: Path, note: str | None = None) -> None:
    nb = json.loads(source.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    if note:
        nb["cells"].insert(1, {"cell_type": "markdown", "id": "ailead-browser-note", "metadata": {},
                               "source": note.splitlines(keepends=True)})
    # The browser's Python kernel, so a notebook opens without asking which kernel to use.
    nb.setdefault("metadata", {})["kernelspec"] = {"name": "python", "display_name": "Python (Pyodide)",
                                                   "language": "python"}
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def contents(files: Path, repo: Path = REPO) -> list[str]:
    """The course files the site serves: lessons, the progress notebook, and the exercises' student versions."""
    written = []
    for path in sorted((repo / "notebooks").glob("*.ipynb")):
        _clean_notebook(path, files / "notebooks" / path.name)
        written.append(f"notebooks/{path.name}")
    for path in sorted((repo / "exercises").glob("*/*.ipynb")):
        rel = path.relative_to(repo)
        _clean_notebook(path, files / rel, BROWSER_NOTE)
        written.append(rel.as_posix())
    (files / "README.md").write_text(
        "# AI Product vs AI Engineering Leadership\n\nStart with [notebooks/00-start-here.ipynb]"
        "(notebooks/00-start-here.ipynb). Your answers and quiz progress are kept in this browser only.\n")
    return written


def config() -> dict:
    """The site's jupyter-lite.json: Pyodide from the site itself, no PyPI fallback, a quiet start."""
    return {"jupyter-lite-schema-version": 0, "jupyter-config-data": {
        "appName": "AI Product vs AI Engineering Leadership",
        # window.jupyterapp, for the browser tests (it exposes nothing the page does not already hold)
        "exposeAppInBrowser": True,
        "litePluginSettings": {KERNEL_PLUGIN: {
            "pyodideUrl": "./static/pyodide/pyodide.mjs",
            "disablePyPIFallback": True,
            "loadPyodideOptions": {"lockFileURL": "./static/pyodide/pyodide-lock.json"},
        }},
    }}


def overrides() -> dict:
    """JupyterLab settings for the site: no news pop-up, no update checks (nothing may call out), no kernel dialog."""
    return {"@jupyterlab/apputils-extension:notification": {"checkForUpdates": False, "fetchNews": "false"},
            # a lesson opens straight into the browser's Python, without a kernel dialog first
            "@jupyterlab/notebook-extension:tracker": {"autoStartDefaultKernel": True,
                                                      # every cell stays in the page: find-in-page works
                                                      "windowingMode": "none"}}


def verify(site: Path) -> dict:
    """Fail unless the built site serves Pyodide itself with no PyPI fallback and stays within budget."""
    cfg = json.loads((site / "jupyter-lite.json").read_text())
    settings = cfg["jupyter-config-data"].get("litePluginSettings", {}).get(KERNEL_PLUGIN, {})
    problems = []
    if not str(settings.get("pyodideUrl", "")).startswith("./"):
        problems.append(f"pyodideUrl is {settings.get('pyodideUrl')!r}, not an address on the site itself")
    if settings.get("disablePyPIFallback") is not True:
        problems.append("the PyPI fallback is not disabled")
    lock_url = settings.get("loadPyodideOptions", {}).get("lockFileURL", "")
    if not lock_url.startswith("./"):
        problems.append(f"the lock file is read from {lock_url!r}, not from the site")
    for path in list(site.glob("*.json")) + list((site / "static" / "pyodide").glob("*.json")):
        if "cdn.jsdelivr" in path.read_text(errors="replace"):
            problems.append(f"{path.relative_to(site)} names a CDN")
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    if size > MAX_MB * 1024 * 1024:
        problems.append(f"the site is {size / 1e6:.1f} MB, over the {MAX_MB} MB budget")
    if problems:
        raise SiteError("the built site breaks its promises: " + "; ".join(problems))
    return {"bytes": size, "files": sum(1 for p in site.rglob("*") if p.is_file())}


def build(output: Path = SITE, cache: Path = CACHE, echo=print, repo: Path = REPO) -> dict:
    """Build the site from a clean state into ``output``; return its size and what it serves.

    ``repo`` is where the notebooks come from (a copy of the course, in tests that publish a new version).
    """
    output = Path(output)
    if output.exists():
        shutil.rmtree(output)
    with tempfile.TemporaryDirectory(prefix="ailead-site-") as tmp:
        lite = Path(tmp) / "lite"
        echo("Fetching Pyodide and the wheels (cached after the first build)…")
        packages = pyodide_folder(lite / "static" / "pyodide", cache)
        served = contents(lite / "files", repo)
        (lite / "jupyter-lite.json").write_text(json.dumps(config(), indent=1))
        (lite / "overrides.json").write_text(json.dumps(overrides(), indent=1))
        echo(f"Building the site: {len(served)} notebooks, {len(packages)} packages…")
        _run([str(tools_python()), "-m", "jupyterlite_core", "build", "--lite-dir", str(lite),
              "--output-dir", str(output), "--no-sourcemaps", "--apps", "lab", "--ignore-sys-prefix",
              f"--LiteBuildConfig.federated_extensions={_kernel_extension()}",
              f"--LiteBuildConfig.federated_extensions={_widgets_extension()}"], cwd=tmp)
    facts = verify(output)
    facts.update(notebooks=served, packages=packages)
    echo(f"Built {output}: {facts['files']} files, {facts['bytes'] / 1e6:.1f} MB.")
    return facts


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        build(Path(args[0]) if args else SITE)
    except SiteError as exc:
        print(f"make site: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
