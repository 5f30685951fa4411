"""The course in a real JupyterLab driven by a real Chromium: for the browser tests and the quiz
latency benchmark.

JupyterLab runs on a free loopback port with a random token, on a throwaway copy of the course (Lab
autosaves, so the committed files are never opened), and with settings that keep every cell in the
page (no windowed rendering) so that tests can find each quiz. The browser is Debian's ``chromium``,
driven by Playwright's Python package; no browser is ever downloaded.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ailead.instructor.course import REPO  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
# Without the networking switches Chromium keeps calling home, and this machine refuses every call.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
INSTALL_HINT = ("Chromium is not installed at /usr/bin/chromium. On Debian or Ubuntu: "
                "`sudo apt-get install chromium`; `.ci/run` installs it in CI. Playwright comes with "
                "`make test`; never run `playwright install`: these tests use the system Chromium.")

# User settings for the test Lab: every cell stays in the page, and no pop-ups about news or updates.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                         "checkForUpdates": False},
}


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not Path(CHROMIUM).exists():
        return INSTALL_HINT
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright's Python package is missing: run `make test` (it installs the test extras)."
    return None


def course_copy(dest: Path) -> Path:
    """A throwaway copy of the course's learner-facing folders and nbgrader config."""
    for folder in ("notebooks", "exercises", "solutions"):
        shutil.copytree(REPO / folder, dest / folder, dirs_exist_ok=True)
    shutil.copy(REPO / "nbgrader_config.py", dest / "nbgrader_config.py")
    return dest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LabServer:
    base: str
    token: str
    root: Path
    home: Path
    process: subprocess.Popen
    log: Path

    def url(self, path: str = "lab") -> str:
        """A URL on the server, with the token so the browser is let in."""
        sep = "&" if "?" in path else "?"
        return f"{self.base}/{path.lstrip('/')}{sep}token={self.token}"

    def api(self, method: str, path: str) -> object:
        """Call Jupyter Server's REST API and return the decoded JSON (or None)."""
        req = urllib.request.Request(self.url(path), method=method)
        with urllib.request.urlopen(req, timeout=30) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Stop every session and kernel, so each test starts from a quiet server."""
        for session in self.api("GET", "api/sessions") or []:
            self.api("DELETE", f"api/sessions/{session['id']}")
        for kernel in self.api("GET", "api/kernels") or []:
            self.api("DELETE", f"api/kernels/{kernel['id']}")


@contextmanager
def lab_server(root: Path, home: Path, timeout: float = 90) -> Iterator[LabServer]:
    """Start JupyterLab on `root` (the throwaway course) and stop it, with its kernels, afterwards."""
    port, token = _free_port(), secrets.token_hex(16)
    settings, workspaces = home / "lab-settings", home / "lab-workspaces"
    for name, values in LAB_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    workspaces.mkdir(parents=True, exist_ok=True)
    # The stored figures, with their alt text, as a learner sees them (the unit tests turn the store off).
    env = dict(os.environ, AILEAD_HOME=str(home), JUPYTER_PLATFORM_DIRS="1", AILEAD_FIGURE_CACHE="1")
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           "--LabApp.expose_app_in_browser=True", f"--LabApp.user_settings_dir={settings}",
           f"--LabApp.workspaces_dir={workspaces}", "--LabApp.news_url=", "--ServerApp.port_retries=0"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = home / "lab.log"
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = LabServer(f"http://127.0.0.1:{port}", token, root, home, proc, log)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {proc.returncode}:\n{log.read_text()[-3000:]}")
            try:
                server.api("GET", "api/status")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start in {timeout:.0f} s:\n"
                                       f"{log.read_text()[-3000:]}") from None
                time.sleep(0.3)
        yield server
    finally:
        try:
            server.shutdown_kernels()
        except Exception:  # the server may already be gone; it is stopped below either way
            pass
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


_PLAYWRIGHT: dict = {"driver": None, "users": 0}


@contextmanager
def _playwright() -> Iterator[object]:
    """One Playwright driver per process, shared: its sync API refuses to start a second one while the first
    runs (JupyterLab's tests and the browser version's tests each want a browser in the same session)."""
    from playwright.sync_api import sync_playwright

    if _PLAYWRIGHT["driver"] is None:
        _PLAYWRIGHT["driver"] = sync_playwright().start()
    _PLAYWRIGHT["users"] += 1
    try:
        yield _PLAYWRIGHT["driver"]
    finally:
        _PLAYWRIGHT["users"] -= 1
        if _PLAYWRIGHT["users"] == 0:
            _PLAYWRIGHT["driver"].stop()
            _PLAYWRIGHT["driver"] = None


@contextmanager
def chromium(viewport: tuple[int, int] = (1280, 1600)) -> Iterator[object]:
    """A fresh headless Chromium page (Debian's browser, a new empty profile)."""
    with _playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
            yield context.new_page()
        finally:
            browser.close()


# --------------------------------------------------------------------------- inside the page

_PANEL = "window.jupyterapp.shell.currentWidget"


def open_notebook(page, server: LabServer, path: str, timeout: float = 60) -> None:
    """Open a notebook in Lab (closing whatever was open, unsaved) and wait until its kernel is ready."""
    if page.url.startswith(server.base) and page.evaluate("() => !!window.jupyterapp"):
        page.evaluate("""() => {
            for (const w of Array.from(window.jupyterapp.shell.widgets('main'))) {
                if (w.context) { w.context.model.dirty = false; }
                w.dispose();
            }
        }""")
    page.goto(server.url(f"lab/tree/{path}"))
    page.wait_for_function(
        f"() => window.jupyterapp && {_PANEL} && {_PANEL}.context && {_PANEL}.context.isReady"
        f" && {_PANEL}.context.path === {json.dumps(path)}", timeout=timeout * 1000)
    page.evaluate(f"async () => {{ await {_PANEL}.sessionContext.ready; }}")


def run_all(page, timeout: float = 120) -> None:
    """Run every cell and wait for the last one to finish."""
    page.set_default_timeout(timeout * 1000)
    page.evaluate("async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_function(
        f"() => {_PANEL}.content.widgets.every(c => c.model.type !== 'code' || c.model.executionCount)"
        f" && {_PANEL}.sessionContext.session.kernel.status === 'idle'", timeout=timeout * 1000)


def cell_errors(page) -> list[str]:
    """The error outputs of the open notebook, one line each ("cell N: Name: message")."""
    return page.evaluate(f"""() => {{
        const found = [];
        {_PANEL}.content.widgets.forEach((cell, i) => {{
            if (cell.model.type !== 'code') return;
            for (const out of cell.model.outputs.toJSON()) {{
                if (out.output_type === 'error') found.push(`cell ${{i}}: ${{out.ename}}: ${{out.evalue}}`);
            }}
        }});
        return found;
    }}""")


def scroll_to_top(page) -> None:
    """Scroll the open notebook back to its first cell (for screenshots)."""
    page.evaluate(f"""() => {{
        {_PANEL}.content.activeCellIndex = 0;
        for (const el of {_PANEL}.node.querySelectorAll('.jp-WindowedPanel-outer')) el.scrollTop = 0;
    }}""")
    page.wait_for_timeout(300)


def save(page) -> None:
    """Save the open notebook (nbgrader's Validate reads the file on disk)."""
    page.evaluate("async () => { await window.jupyterapp.commands.execute('docmanager:save'); }")


# --------------------------------------------------------------------------- the browser version (site/)

@contextmanager
def static_server(folder: Path, port: int | None = None) -> Iterator[str]:
    """Serve a folder over HTTP on 127.0.0.1 (Python's server knows the .wasm and .mjs types); yields its base."""
    port = port or _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory",
                             str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the static server for {folder} did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@dataclass
class LocalOnly:
    """A Chromium context whose page and workers may only reach one base address; every request is listed."""

    page: object
    context: object
    requests: list
    blocked: list


@contextmanager
def local_only_chromium(base: str, viewport: tuple[int, int] = (1280, 1600)) -> Iterator[LocalOnly]:
    """A fresh Chromium context that aborts any request (page or worker) to a host other than ``base``."""
    requests: list[str] = []
    blocked: list[str] = []

    def route(r) -> None:
        url = r.request.url
        if url.startswith(base + "/") or url == base or url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    with _playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
            context.route("**/*", route)
            context.on("request", lambda r: requests.append(r.url))
            yield LocalOnly(context.new_page(), context, requests, blocked)
        finally:
            browser.close()


def close_site_notebooks(page) -> None:
    """Close every open notebook of the browser version and stop its kernel (each kernel is a worker)."""
    if page.url.startswith("http") and page.evaluate("() => !!window.jupyterapp"):
        page.evaluate("""async () => {
            const app = window.jupyterapp;
            for (const w of Array.from(app.shell.widgets('main'))) {
                if (w.context) { w.context.model.dirty = false; }
                w.dispose();
            }
            await app.serviceManager.sessions.refreshRunning();
            for (const s of Array.from(app.serviceManager.sessions.running())) {
                await app.serviceManager.sessions.shutdown(s.id);
            }
        }""")


def open_site_notebook(page, base: str, path: str, timeout: float = 240) -> None:
    """Open a notebook of the browser version (alone) and wait until its kernel (Python in the page) is ready."""
    close_site_notebooks(page)
    page.goto(f"{base}/lab/index.html?path={path}")
    page.wait_for_function(
        f"() => window.jupyterapp && {_PANEL} && {_PANEL}.context && {_PANEL}.context.isReady"
        f" && {_PANEL}.context.path === {json.dumps(path)} && {_PANEL}.sessionContext.session"
        f" && {_PANEL}.sessionContext.session.kernel", timeout=timeout * 1000)
    page.evaluate(f"async () => {{ await {_PANEL}.sessionContext.ready; }}")


# --------------------------------------------------------------------------- accessibility audit (axe-core)

AXE_VERSION = "4.11.1"  # pinned: a new axe release may add rules; move the pin on purpose, not by accident
AXE_CACHE = REPO / ".cache" / "axe"
# WCAG 2.0, 2.1 and 2.2, levels A and AA: the rules institutions are held to (axe's tags for them).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# The course's own content in a notebook page: rendered markdown and cell outputs (quizzes, figures,
# printed text). Everything else (menus, toolbars, the file browser, the cell editors) is JupyterLab's.
COURSE_CONTENT = ".jp-MarkdownCell .jp-RenderedMarkdown, .jp-OutputArea-output"


def fetch_axe(cache: Path = AXE_CACHE) -> Path:
    """axe-core's browser script from npm, at the pinned version, unpacked once into ``.cache/axe``.

    ``npm pack`` checks the package's integrity against the registry; nothing is installed globally.
    """
    folder = cache / f"axe-core-{AXE_VERSION}"
    script = folder / "package" / "axe.min.js"
    if script.exists():
        return script
    folder.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["npm", "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", str(folder), "--silent"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"`npm pack axe-core@{AXE_VERSION}` failed (npm comes with `make system-deps`):\n"
                           f"{proc.stdout[-1500:]}\n{proc.stderr[-1500:]}")
    import tarfile

    (archive,) = folder.glob("axe-core-*.tgz")
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    return script


def axe_missing() -> str | None:
    """Why axe-core cannot be had here, or None when it can."""
    if (AXE_CACHE / f"axe-core-{AXE_VERSION}" / "package" / "axe.min.js").exists():
        return None
    if shutil.which("npm") is None:
        return "npm is missing (needed once to fetch axe-core): run `make system-deps`."
    return None


def axe_audit(page, content: str = COURSE_CONTENT) -> dict[str, list[dict]]:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA) on the whole page and sort every violation by where it is.

    Returns ``{"course": [...], "jupyterlab": [...]}``; each entry is one element with its rule, impact,
    help text, CSS target and the start of its HTML. An element inside ``content`` (the course's
    markdown and outputs) belongs to the course, anything else to JupyterLab's own interface.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(fetch_axe()))
    return page.evaluate("""async ([tags, content]) => {
        const result = await window.axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                        resultTypes: ['violations']});
        const found = {course: [], jupyterlab: []};
        for (const v of result.violations) {
            for (const node of v.nodes) {
                let el = null;
                try { el = document.querySelector(node.target[node.target.length - 1]); } catch (e) { el = null; }
                const mine = !!(el && el.closest(content));
                found[mine ? 'course' : 'jupyterlab'].push({rule: v.id, impact: node.impact || v.impact,
                    help: v.help, target: node.target.join(' '), html: node.html.slice(0, 200),
                    summary: (node.failureSummary || '').slice(0, 300)});
            }
        }
        // A figure's alt text must be on the image itself: axe accepts alt="" (decorative), the course does not.
        for (const img of document.querySelectorAll('.jp-OutputArea-output img, .jp-RenderedMarkdown img')) {
            if (!(img.getAttribute('alt') || '').trim()) {
                found.course.push({rule: 'figure-alt-text', impact: 'serious',
                    help: 'Every figure carries its alt text on the image', target: img.className || 'img',
                    html: img.outerHTML.slice(0, 120), summary: 'the image has no alt text'});
            }
        }
        return found;
    }""", [WCAG_TAGS, content])
