"""The browser version of the course against local JupyterLab, in the same run: time to the first quiz.

For each of the two, a fresh Chromium profile opens lesson 00 and the clock runs from navigation until the
first quiz of the lesson is interactive (its first option can be ticked after "Run All"): once cold (empty
browser cache and storage) and once warm (the same profile, reloaded). Also reported: the site's size on disk
and the bytes the page and its workers download on the first load.
Targets: first quiz interactive under 20 s cold and 10 s warm for the site on this machine.
Run with `make bench` or `.venv/bin/python benchmarks/site.py`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from ailead.instructor import browser, site

LESSON = "notebooks/00-start-here.ipynb"
FIRST_QUIZ = ".ailead-q-demo-missing-role input[type=radio], .ailead-q-demo-missing-role input[type=checkbox]"
RUN_ALL = "() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); return 1; }"
READY = ("() => window.jupyterapp && window.jupyterapp.shell.currentWidget && "
         "window.jupyterapp.shell.currentWidget.sessionContext && "
         "window.jupyterapp.shell.currentWidget.sessionContext.session && "
         "window.jupyterapp.shell.currentWidget.sessionContext.session.kernel")


def _time_to_quiz(page, url: str) -> float:
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(READY, timeout=180_000)
    page.evaluate("async () => { await window.jupyterapp.shell.currentWidget.sessionContext.ready; }")
    page.evaluate(RUN_ALL)
    page.locator(FIRST_QUIZ).first.wait_for(state="visible", timeout=300_000)
    return time.perf_counter() - start


def measure_site(folder: Path) -> dict:
    with browser.static_server(folder) as base, browser.local_only_chromium(base) as local:
        sizes: list[int] = []
        local.context.on("response", lambda r: sizes.append(int(r.headers.get("content-length", 0) or 0)))
        cold = _time_to_quiz(local.page, f"{base}/lab/index.html?path={LESSON}")
        first_load = sum(sizes)
        browser.close_site_notebooks(local.page)
        warm = _time_to_quiz(local.page, f"{base}/lab/index.html?path={LESSON}")
        return {"cold": cold, "warm": warm, "first_load_mb": first_load / 1e6, "off_site": len(local.blocked)}


def measure_lab(tmp: Path) -> dict:
    root = browser.course_copy(tmp / "course")
    with browser.lab_server(root, tmp / "home") as lab, browser.chromium() as page:
        url = lab.url(f"lab/tree/{LESSON}")
        cold = _time_to_quiz(page, url)
        lab.shutdown_kernels()
        warm = _time_to_quiz(page, url)
        return {"cold": cold, "warm": warm}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    if (why := browser.chromium_missing()):
        print(why, file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="ailead-bench-site-") as tmp:
        out = Path(tmp) / "site"
        facts = site.build(out, echo=lambda *a: None)
        lite = measure_site(out)
        lab = measure_lab(Path(tmp))
    print(f"site size on disk: {facts['bytes'] / 1e6:.1f} MB; first load downloads {lite['first_load_mb']:.1f} MB;"
          f" requests to other hosts: {lite['off_site']}")
    print(f"{'':22} {'cold (s)':>9} {'warm (s)':>9}")
    print(f"{'browser version':22} {lite['cold']:9.1f} {lite['warm']:9.1f}   (targets: 20 and 10)")
    print(f"{'local JupyterLab':22} {lab['cold']:9.1f} {lab['warm']:9.1f}")
    print(f"ratio site / Lab: cold {lite['cold'] / lab['cold']:.1f}x, warm {lite['warm'] / lab['warm']:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
