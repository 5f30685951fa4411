"""Click-to-feedback latency of the quizzes in a real JupyterLab and Chromium: p50 and p95.

Starts JupyterLab on a throwaway copy of the course, runs lesson 00, then answers its single- and
multiple-choice questions over and over. Each answer is timed inside the page, from the click on
"Check answer" to the moment the feedback changes (the round trip through the kernel).
Target: p95 under 100 ms. Run with `make bench` or `.venv/bin/python benchmarks/quiz_latency.py`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from ailead import quizbank
from ailead.instructor import browser

LESSON = "00-start-here"
MEASURE = """async (selector) => {
    const q = document.querySelector(selector);
    const feedback = q.querySelector('.ailead-feedback');
    const before = feedback.innerHTML;
    const start = performance.now();
    const changed = new Promise(resolve => {
        const watch = new MutationObserver(() => {
            if (feedback.innerHTML !== before) { watch.disconnect(); resolve(performance.now() - start); }
        });
        watch.observe(feedback, {subtree: true, childList: true, characterData: true});
        setTimeout(() => { watch.disconnect(); resolve(null); }, 10000);
    });
    q.querySelector('.ailead-check').click();
    return await changed;
}"""


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(1, -(-len(ordered) * p // 100)) - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=40, help="how many answers to time (at least 20)")
    args = parser.parse_args(argv)
    missing = browser.chromium_missing()
    if missing:
        print(missing, file=sys.stderr)
        return 2
    bank = quizbank.load_lesson(LESSON)
    choice = [q for q in bank.questions if q.type in ("single", "multiple")]
    with tempfile.TemporaryDirectory(prefix="ailead-latency-") as tmp:
        root = browser.course_copy(Path(tmp) / "course")
        with browser.lab_server(root, Path(tmp) / "home") as lab, browser.chromium() as page:
            browser.open_notebook(page, lab, f"notebooks/{LESSON}.ipynb")
            browser.run_all(page)
            page.wait_for_selector(f".ailead-q-{choice[-1].id}")
            times, lost = [], 0
            for n in range(max(20, args.answers)):
                q = choice[n % len(choice)]
                box = page.locator(f".ailead-q-{q.id}")
                boxes = box.locator("input[type=checkbox], input[type=radio]")
                pick = (n // len(choice)) % len(q.options)  # a different option each round: new feedback
                for i in range(len(q.options)):
                    if q.type == "single":  # radio buttons: ticking one unticks the others
                        if i == pick:
                            boxes.nth(i).check()
                    else:
                        boxes.nth(i).set_checked(i == pick)
                elapsed = page.evaluate(MEASURE, f".ailead-q-{q.id}")
                if elapsed is None:
                    lost += 1
                else:
                    times.append(elapsed)
                print(f"\r{n + 1} answers timed", end="", file=sys.stderr, flush=True)
            print(file=sys.stderr)
    print(f"quiz click-to-feedback latency in JupyterLab + Chromium, {len(times)} answers timed"
          f" ({lost} skipped: their feedback was the same as before, so no change to time):")
    print(f"  p50 {percentile(times, 50):6.1f} ms")
    print(f"  p95 {percentile(times, 95):6.1f} ms   (target: under 100 ms)")
    print(f"  max {max(times):6.1f} ms   mean {statistics.mean(times):6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
