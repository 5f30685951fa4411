"""A real cohort on loopback: PostgreSQL, JupyterHub and nbgrader's exchange, as deploy/jupyterhub/ sets them up.

The set-up (tests/hubkit.py, shared with benchmarks/hub_load.py) installs the course with
deploy/jupyterhub/install.sh into a throwaway prefix, starts its own PostgreSQL cluster and the hub on
127.0.0.1, creates an instructor, eight learners and one attacker with add-users.sh, and seeds the cohort.

First a grading round with two students, through the hub's REST API and nbgrader's endpoints in each
student's own server: fetch, submit (the solution, the untouched copy), collect, autograde in the sandbox,
feedback, each student fetching only their own page; grades read back from PostgreSQL; isolation over HTTP;
a hostile submission against the sandbox.

Then load, attacks and faults (issue 22), each checking that no hand-in, grade or progress record is lost:
all eight learners log in, start, fetch, check, save and submit at once while the attacker tries to reach
their work (every attempt counted, every one must fail; forged hand-ins in their names are not collected)
and each hand-in is graded exactly once; the hub is killed and restarted while they submit; a server is
killed mid-save; the grading run is killed, and PostgreSQL restarted under a regrade; the exchange's disk
fills during a hand-in; two hand-ins in one second; and the per-learner memory and CPU limits hold.

Everything started here is stopped at the end (the teardown checks that no process is left, and fails
the module if one is). It needs root (it creates machine accounts; CI runs as root) and skips elsewhere
with that reason.
"""

from __future__ import annotations

import datetime
import json
import os
import pwd
import shutil
import signal
import stat
import subprocess
import threading
import time
from pathlib import Path

import nbformat
import pytest
import requests
from nbgrader.utils import parse_utc

from ailead.instructor import grading

from . import hubkit
from .hubkit import A

LEARNERS = tuple(f"ailt-s{i}" for i in range(1, 9))  # the load wave: at least 8 (issue 22)
ATTACKER = "ailt-x"  # a learner who tries to reach other learners' work while the wave runs
STUDENTS = LEARNERS[:2]  # the end-to-end round: one submits the solution, one the untouched copy
INSTRUCTOR = "ailt-instr"
GRADER = "ailt-grader"

pytestmark = [pytest.mark.skipif(hubkit.missing() is not None, reason=hubkit.missing() or "")]


@pytest.fixture(scope="module")
def hub():
    """Install, start and seed the cohort; stop and remove all of it afterwards."""
    with hubkit.cohort([*LEARNERS, ATTACKER], instructor=INSTRUCTOR, grader=GRADER) as running:
        yield running


def _release_and_answers() -> tuple[str, nbformat.NotebookNode, dict[str, str]]:
    """The released notebook's file name and contents, and the solution's answer for each answer cell."""
    name, release = grading.release_notebook(grading.REPO, A)
    (source,) = (grading.SOLUTIONS / A).glob("*.ipynb")
    return name, release, grading.solution_answers(nbformat.read(source, as_version=4))


def test_students_log_in_and_see_the_released_exercise(hub):
    for student in STUDENTS:
        hub.start_server(student)
        r = hub.request(student, "GET", f"/user/{student}/assignments", params={"course_id": "ailead"})
        listed = r.json()["value"]
        assert [(a["assignment_id"], a["status"]) for a in listed] == [(A, "released")], listed
    # The hub runs each server as its own user, not as root.
    table = subprocess.run(["ps", "-eww", "-o", "user:32=,args="], capture_output=True, text=True).stdout.splitlines()
    servers = [line.split(None, 1) for line in table if "jupyterhub-singleuser" in line]
    assert sorted({user for user, _ in servers}) == sorted([GRADER, *STUDENTS]), table


def test_a_student_reaches_neither_another_students_server_nor_the_formgrader(hub):
    s1, s2 = STUDENTS
    hub.start_server(s2)
    assert hub.request(s1, "GET", f"/user/{s2}/api/contents").status_code == 403
    assert hub.request(s1, "POST", f"/user/{s2}/assignments/submit",
                       data={"course_id": "ailead", "assignment_id": A}).status_code == 403
    assert hub.request(s1, "GET", "/services/ailead/api/status").status_code == 403
    assert hub.request(s1, "GET", "/services/ailead/formgrader/api/assignments").status_code == 403
    # The instructor does reach the formgrader, which runs as the grader account in the course folder.
    r = hub.request(INSTRUCTOR, "GET", "/services/ailead/formgrader/api/assignments")
    assert r.status_code == 200, r.text[:300]
    assert A in [a["name"] for a in r.json()]
    assert hub.request(INSTRUCTOR, "GET", f"/user/{s1}/api/contents").status_code == 403
    # Nor, as a logged-in user, the shared course copy's answers (hidden tests, model answers, the final's key).
    for secret in ("solutions/01-two-roles-one-product/01-two-roles-one-product.ipynb",
                   "instructors/final-assessment/pool.yml"):
        read = subprocess.run(["runuser", "-u", s1, "--", "cat", str(hub.prefix / "course" / secret)],
                              capture_output=True, text=True)
        assert read.returncode != 0 and "Permission denied" in read.stderr, f"{s1} could read {secret}"
    grader = subprocess.run(["runuser", "-u", GRADER, "--", "test", "-r",
                             str(hub.prefix / "course" / "instructors" / "final-assessment" / "pool.yml")])
    assert grader.returncode == 0, "the grader must still read the course's answers"


def test_fetch_submit_grade_and_feedback_end_to_end(hub):
    s1, s2 = STUDENTS
    name, release, answers = _release_and_answers()
    solved = grading.fill_answers(release, answers)
    for student in STUDENTS:
        hub.start_server(student)
        hub.nbgrader(student, "fetch")
        assert hub.contents(student, f"{A}/{name}")["type"] == "notebook"
    # Student 1 writes the solution into their fetched copy (as JupyterLab's save does); student 2 leaves it.
    r = hub.request(s1, "PUT", f"/user/{s1}/api/contents/{A}/{name}",
                    json={"type": "notebook", "format": "json", "content": json.loads(nbformat.writes(solved))})
    assert r.status_code == 200, r.text[:300]
    for student in STUDENTS:
        hub.nbgrader(student, "submit")

    hub.grader("nbgrader", "collect", "--update", A)
    graded = hub.grader("ailead", "grade", A, "--from", str(hub.course / "grading" / "submitted"))
    assert "--no-sandbox" not in graded.stderr
    hub.grader("ailead", "feedback", A)
    hub.grader("nbgrader", "release_feedback", A)

    pages = {}
    for student in STUDENTS:
        hub.nbgrader(student, "fetch_feedback")
        folders = hub.contents(student, f"{A}/feedback")["content"]
        assert len(folders) == 1, f"{student} should have exactly one feedback folder: {folders}"
        files = hub.contents(student, folders[0]["path"])["content"]
        assert [f["name"] for f in files] == [name.replace(".ipynb", ".html")]
        pages[student] = hub.contents(student, files[0]["path"])["content"]
    # Each student got their own page and nobody else's; no test code travels with it.
    assert s1 in pages[s1] and s2 not in pages[s1]
    assert s2 in pages[s2] and s1 not in pages[s2]
    for page in pages.values():
        assert "BEGIN HIDDEN TESTS" not in page and "assert " not in page

    # The grades, read back from PostgreSQL.
    release = nbformat.read(grading.EXERCISES / A / name, as_version=4)
    auto_max = sum(c.metadata["nbgrader"]["points"] for c in release.cells
                   if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution"))
    assert hub.db_url.startswith("postgresql+psycopg2://")
    with grading.open_gradebook(hub.db_url) as gb:
        auto = {s: sum(g.auto_score or 0 for nb in gb.find_submission(A, s).notebooks for g in nb.grades)
                for s in STUDENTS}
        students = {s.id: (s.first_name, s.email) for s in gb.students}
    assert auto == {s1: auto_max, s2: 0}
    assert students[s1] == ("Ada", "ada@example.org")


def test_a_hostile_submission_reaches_neither_the_course_nor_the_gradebook(hub):
    """The grader is not root here, so the sandbox runs in an unprivileged user namespace: attack it."""
    mark = "ATTACK-SUCCEEDED"
    pg_port = int(hub.db_url.rsplit(":", 1)[1].split("/")[0])
    secrets = [str(hub.course / "nbgrader_config.py"), str(hub.course / "solutions" / A / f"{A}.ipynb")]
    attack = (
        "import pathlib, socket\n"
        f"for p in {secrets!r}:\n"
        "    try:\n"
        f"        print({mark!r}, 'read', p, len(open(p).read()))\n"
        "    except OSError as exc:\n"
        "        print('blocked read', p, exc)\n"
        f"for p in [{str(hub.course / 'HACKED')!r}, {str(hub.srv / 'exchange' / 'HACKED')!r}]:\n"
        "    try:\n"
        f"        pathlib.Path(p).write_text('x'); print({mark!r}, 'wrote', p)\n"
        "    except OSError as exc:\n"
        "        print('blocked write', p, exc)\n"
        "try:\n"
        f"    socket.create_connection(('127.0.0.1', {pg_port}), timeout=3)\n"
        f"    print({mark!r}, 'connected to PostgreSQL')\n"
        "except OSError as exc:\n"
        "    print('blocked socket', exc)\n"
    )
    name, release, answers = _release_and_answers()
    hostile = grading.fill_answers(release, {**answers, "positions": answers["positions"] + "\n" + attack})
    inbox = hub.base / "hostile"
    inbox.mkdir(mode=0o755)
    nbformat.write(hostile, inbox / f"mallory_{name}")
    (inbox / f"mallory_{name}").chmod(0o644)
    hub.grader("ailead", "grade", A, "--from", str(inbox))
    graded = nbformat.read(hub.course / "grading" / "autograded" / "mallory" / A / name, as_version=4)
    out = "\n".join(o.get("text", "") for c in graded.cells for o in c.get("outputs", []))
    assert mark not in out, out
    assert out.count("blocked read") == 2 and out.count("blocked write") == 2 and "blocked socket" in out, out
    assert not (hub.course / "HACKED").exists() and not (hub.srv / "exchange" / "HACKED").exists()


def test_the_sandbox_kept_student_code_away_from_the_course(hub):
    # The grader graded in bubblewrap: the kernels' processes are gone and no stray file appeared in the
    # course folder outside grading/.
    assert not [line for line in hubkit.user_processes([GRADER])
                if "ipykernel" in line or "ailead.instructor.sandbox" in line]
    top = sorted(p.name for p in hub.course.iterdir())
    assert top == ["exercises", "grading", "nbgrader_config.py", "solutions"], top
    assert oct(os.stat(hub.course / "nbgrader_config.py").st_mode & 0o777) == "0o600"


# --------------------------------------------------------------------------- load, attacks and faults (issue 22)

ATTACK_SCRIPT = r'''
import json, os, sys, time
inbound, outbound, feedback, course, solutions, name, assignment, stop = sys.argv[1:9]
victims = sys.argv[9:]
attempts, got, forged = 0, [], 0


def attempt(label, fn):
    global attempts
    attempts += 1
    try:
        out = fn()
    except OSError:
        return
    if out:
        got.append(label)


def forge(victim):
    # A folder named as the victim's submission, dated in the future so that it would be the newest.
    global forged
    with open(os.path.join(outbound, name)) as fh:
        nb = json.load(fh)
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            cell["source"] = "".join(cell["source"]) + "\n# FORGED-BY-ATTACKER"
            break
    folder = os.path.join(inbound, f"{victim}+{assignment}+2099-01-01 00:00:00.000000 UTC+forged")
    try:
        os.makedirs(folder)
        with open(os.path.join(folder, name), "w") as fh:
            json.dump(nb, fh)
        with open(os.path.join(folder, "timestamp.txt"), "w") as fh:
            fh.write("2099-01-01 00:00:00.000000 UTC")
        forged += 1
    except OSError:
        pass


for v in victims:
    forge(v)
while True:
    attempt("list the inbound folder", lambda: os.listdir(inbound))
    attempt("list the feedback folder", lambda: os.listdir(feedback))
    attempt("list the course folder", lambda: os.listdir(course))
    attempt("read the solutions", lambda: open(solutions).read())
    attempt("plant a file in the release", lambda: open(os.path.join(outbound, "planted.txt"), "w").write("x"))
    attempt("change the released notebook", lambda: open(os.path.join(outbound, name), "a").write(" "))
    for v in victims:
        home = os.path.expanduser("~" + v)
        attempt(f"list {v}'s home", lambda: os.listdir(home))
        attempt(f"read {v}'s notebook", lambda: open(os.path.join(home, assignment, name)).read())
        attempt(f"list {v}'s submissions cache",
                lambda: os.listdir(os.path.join(home, ".local", "share", "jupyter", "nbgrader_cache")))
    if os.path.exists(stop):
        break
    time.sleep(0.2)
print(json.dumps({"attempts": attempts, "got": sorted(set(got)), "forged": forged}))
'''


class Attack:
    """A learner who keeps trying to reach the other learners' work, on disk and over HTTP, and counts."""

    def __init__(self, hub, victims):
        self.hub, self.victims = hub, list(victims)
        self.stop_file = hub.base / "attack.stop"
        self.http_attempts, self.http_got, self.codes = 0, [], set()
        self._stop = threading.Event()

    def __enter__(self):
        name, _, _ = _release_and_answers()
        script = self.hub.base / "attack.py"
        script.write_text(ATTACK_SCRIPT)
        script.chmod(0o644)
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": pwd.getpwnam(ATTACKER).pw_dir}
        ex = self.hub.exchange
        self.fs = subprocess.Popen(
            [hubkit.RUNUSER, "-u", ATTACKER, "--", "env", "-i", *[f"{k}={v}" for k, v in env.items()],
             str(hubkit.SYSTEM_PYTHON), str(script), str(ex / "inbound"), str(ex / "outbound" / A),
             str(ex / "feedback"), str(self.hub.course), str(self.hub.prefix / "course" / "solutions" / A / name),
             name, A, str(self.stop_file), *self.victims], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.http = threading.Thread(target=self._http, daemon=True)
        self.http.start()
        return self

    def _http(self) -> None:
        name, _, _ = _release_and_answers()
        while not self._stop.is_set():
            targets = [("GET", "/services/ailead/formgrader/api/assignments"), ("GET", "/services/ailead/api/status"),
                       ("GET", "/hub/api/users")]
            for v in self.victims:
                targets += [("GET", f"/user/{v}/api/contents/{A}/{name}"),
                            ("PUT", f"/user/{v}/api/contents/{A}/{name}"),
                            ("POST", f"/user/{v}/assignments/submit")]
            for method, path in targets:
                if self._stop.is_set():
                    return
                self.http_attempts += 1
                try:
                    # Redirects are followed: a server that is not running yet sends the caller to the hub.
                    r = self.hub.request(ATTACKER, method, path, timeout=30, allow_redirects=True,
                                         **({"json": {"type": "file", "format": "text", "content": "x"}}
                                            if method == "PUT" else {}))
                except Exception:  # a refused connection under load is a failed attempt too
                    continue
                self.codes.add(r.status_code)
                if r.status_code < 400:
                    self.http_got.append(f"{method} {path}: {r.status_code} {r.url}")
            time.sleep(0.2)

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self.stop_file.write_text("stop")
        out, err = self.fs.communicate(timeout=120)
        self.http.join(60)
        assert self.fs.returncode == 0, err[-2000:]
        self.on_disk = json.loads(out.strip().splitlines()[-1])


def _own_submissions(hub, student: str) -> list[tuple[datetime.datetime, Path]]:
    """The student's own folders in the exchange's inbound (owned by them), oldest first."""
    uid = pwd.getpwnam(student).pw_uid
    found = []
    for folder in hub.inbound(student):
        if folder.stat().st_uid == uid:
            found.append((parse_utc(folder.name.split("+")[2]), folder))
    return sorted(found)


def _home(user: str) -> Path:
    return Path(pwd.getpwnam(user).pw_dir)


def _report(title: str, timings: dict[str, dict[str, float]]) -> str:
    lines = [title]
    for step in hubkit.STEPS:
        values = [t[step] for t in timings.values()]
        p50, p95 = hubkit.percentile(values, 50), hubkit.percentile(values, 95)
        lines.append(f"  {step:<7} p50 {p50:6.2f} s   p95 {p95:6.2f} s   max {max(values):6.2f} s")
    return "\n".join(lines)


def test_a_wave_of_learners_hands_in_at_once_while_one_attacks(hub, capsys):
    """Eight learners log in, start, fetch, check, save and submit together; every hand-in is graded once."""
    name, release, answers = _release_and_answers()
    solved = grading.fill_answers(release, answers)
    for student in STUDENTS:  # the end-to-end round fetched already: they start again from a fresh copy
        shutil.rmtree(_home(student) / A, ignore_errors=True)
    notebooks = {u: hubkit.marked(solved if i % 2 == 0 else release, f"wave {u}") for i, u in enumerate(LEARNERS)}
    hub.start_server(ATTACKER)
    with hubkit.MemorySampler(list(LEARNERS)) as memory, Attack(hub, LEARNERS) as attack:
        timings, failures = hubkit.wave(hub, name, notebooks)
    assert failures == {}, failures
    # Eight at once is well within this machine: nobody had to press a button twice.
    assert hub.failed_presses == [], hub.failed_presses
    with capsys.disabled():
        print("\n" + _report(f"{len(LEARNERS)} learners at once (nearest-rank percentiles):", timings))
        print(f"  machine memory in use: {memory.baseline / 2**30:.2f} GiB before, peak {memory.peak / 2**30:.2f} GiB;"
              f" the largest learner peaked at {max(memory.per_user.values()) / 2**20:.0f} MiB")
        print(f"  attacker: {attack.on_disk['attempts']} attempts on disk, {attack.http_attempts} over HTTP "
              f"(answers {sorted(attack.codes)}), {attack.on_disk['forged']} forged hand-ins")
    # Every attempt to reach another learner's work failed.
    assert attack.on_disk["got"] == [] and attack.http_got == []
    assert attack.on_disk["attempts"] >= 10 * len(LEARNERS) and attack.http_attempts >= 3 * len(LEARNERS)
    assert attack.on_disk["forged"] == len(LEARNERS), "the inbound folder is writable by design; collect must cope"

    collected = hub.grader("nbgrader", "collect", "--update", A)
    assert (collected.stdout + collected.stderr).count("claims to be") == len(LEARNERS), collected.stderr[-2000:]
    submitted = hub.course / "grading" / "submitted"
    for u in LEARNERS:  # each learner's own newest hand-in was collected, never the forged one
        collected = nbformat.read(submitted / u / A / name, as_version=4)
        text = "\n".join(c.source for c in collected.cells)
        assert f"wave {u}" in text and "FORGED" not in text, u
    graded = hub.grader("ailead", "grade", A, "--from", str(submitted))
    assert f"Autograding {len(LEARNERS)} submission(s)" in graded.stderr, graded.stderr[-2000:]
    again = hub.grader("ailead", "grade", A, "--from", str(submitted))
    assert "Nothing to autograde" in again.stderr and "Autograding" not in again.stderr, again.stderr[-2000:]

    # The grades in PostgreSQL: one submission per learner, the newest they handed in, scored as expected.
    auto_max = _auto_max(name)
    with grading.open_gradebook(hub.db_url) as gb:
        for i, u in enumerate(LEARNERS):
            sub = gb.find_submission(A, u)
            newest, _ = _own_submissions(hub, u)[-1]
            assert sub.timestamp == newest.replace(tzinfo=None), u
            auto = sum(g.auto_score or 0 for nb in sub.notebooks for g in nb.grades)
            assert auto == (auto_max if i % 2 == 0 else 0), u


def _auto_max(name: str) -> float:
    release = nbformat.read(grading.EXERCISES / A / name, as_version=4)
    return sum(c.metadata["nbgrader"]["points"] for c in release.cells
               if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution"))


def test_the_hub_killed_while_learners_submit_loses_nothing(hub, capsys):
    """Learners keep saving and handing in new versions while the hub dies and comes back."""
    name, release, answers = _release_and_answers()
    solved = grading.fill_answers(release, answers)
    path = f"{A}/{name}"
    servers = {u: hub.server_pid(u) for u in LEARNERS}
    assert all(servers.values()), servers
    last: dict[str, str | None] = {}
    rounds = {u: 0 for u in LEARNERS}
    failed = {u: 0 for u in LEARNERS}
    restarted = threading.Event()
    barrier = threading.Barrier(len(LEARNERS) + 1)

    def learner(u: str) -> None:
        barrier.wait()
        while True:  # save a new version, hand it in (pressing again until it goes through); repeat
            rounds[u] += 1
            version, saved, deadline = f"crash round {rounds[u]} {u}", False, time.monotonic() + 120
            while True:
                try:
                    if not saved:
                        hub.save(u, path, hubkit.marked(solved, version))
                        saved = True
                    if hub.nbgrader(u, "submit", check=False, timeout=30)["success"]:
                        break
                except (AssertionError, OSError, ValueError, requests.RequestException):
                    pass
                failed[u] += 1
                if time.monotonic() > deadline:
                    last[u] = None
                    return
                time.sleep(0.5)
            last[u] = version
            if restarted.is_set():
                return

    threads = [threading.Thread(target=learner, args=(u,), daemon=True) for u in LEARNERS]
    for t in threads:
        t.start()
    barrier.wait()
    time.sleep(0.5)
    hub.kill_hub()
    time.sleep(2)
    hub.start_hub()
    restarted.set()
    for t in threads:
        t.join(180)
    with capsys.disabled():
        print(f"\n  hub killed mid-hand-in: {sum(rounds.values())} hand-ins by {len(LEARNERS)} learners around the "
              f"crash, {sum(failed.values())} press(es) that failed and were repeated")
    assert all(last.get(u) for u in LEARNERS), f"a learner could not hand in after the restart: {last}"
    assert min(rounds.values()) >= 2, rounds  # each learner was handing in before, during and after
    # The learners' servers kept running through the crash.
    assert {u: hub.server_pid(u) for u in LEARNERS} == servers
    for u in LEARNERS:  # every hand-in in the exchange is whole; the newest is the learner's last one
        own = _own_submissions(hub, u)
        for _, folder in own:
            assert (folder / "timestamp.txt").is_file(), folder
            nbformat.read(folder / name, as_version=4)
        newest = nbformat.read(own[-1][1] / name, as_version=4)
        assert last[u] in "\n".join(c.source for c in newest.cells), u
    assert not list((hub.exchange / "inbound").glob(".partial-*"))
    # The restarted hub still serves everyone.
    hub.login(LEARNERS[0])
    assert hub.contents(LEARNERS[0], A)["type"] == "directory"


PROGRESS_WRITER = r'''
import sys
from ailead import progress
n = 0
while True:
    progress.record("01-two-roles-one-product", f"q{n}", n % 2 == 0, answer=n)
    n += 1
    print(n, flush=True)
'''


def test_a_server_killed_mid_save_keeps_the_last_saved_version(hub):
    name, release, answers = _release_and_answers()
    solved = grading.fill_answers(release, answers)
    u = LEARNERS[2]
    path, on_disk = f"{A}/{name}", _home(u) / A / name
    hub.save(u, path, hubkit.marked(solved, "version 1, saved"))
    big = hubkit.marked(solved, "version 2, never finished")
    big.cells.append(nbformat.v4.new_markdown_cell("x" * 60_000_000))  # long enough to be caught mid-write
    # A quiz in the same session keeps recording attempts while the server dies.
    writer = subprocess.Popen([hubkit.RUNUSER, "-u", u, "--", "env", "-i", f"HOME={_home(u)}", "PATH=/usr/bin:/bin",
                               str(hub.prefix / "venv" / "bin" / "python"), "-c", PROGRESS_WRITER],
                              stdout=subprocess.PIPE, text=True, cwd="/", start_new_session=True)
    time.sleep(1)
    saving = threading.Thread(target=lambda: _ignore(hub.save, u, path, big), daemon=True)
    saving.start()
    backup = on_disk.with_name(f".~{name}")
    hubkit.wait_for(backup.exists, 120, "the save never started writing")
    pid = hub.server_pid(u)
    os.kill(pid, signal.SIGKILL)
    os.killpg(writer.pid, signal.SIGKILL)  # runuser and the writer under it, mid-record
    recorded = int((writer.communicate()[0].split() or ["0"])[-1])
    saving.join(60)
    assert hub.server_pid(u) is None
    # The hub sees the server gone; the learner starts it again and opens the notebook.
    hub.request(u, "DELETE", f"/hub/api/users/{u}/server")
    hubkit.wait_for(lambda: not hub.request(u, "GET", f"/hub/api/users/{u}").json()["servers"], 60,
                    "the hub did not notice the dead server")
    hub.start_server(u)
    reopened = hub.contents(u, path)["content"]
    text = "\n".join("".join(c["source"]) for c in reopened["cells"])
    assert "version 1, saved" in text and "version 2" not in text
    # Nothing of the progress record was lost: every attempt that was recorded is there.
    loaded = hubkit.run([hub.prefix / "venv" / "bin" / "python", "-W", "ignore", "-c",
                         "from ailead import progress; print(len(progress.load()))"], user=u)
    assert recorded > 0 and int(loaded.stdout.split()[-1]) >= recorded
    hub.nbgrader(u, "submit")
    newest = nbformat.read(_own_submissions(hub, u)[-1][1] / name, as_version=4)
    assert "version 1, saved" in "\n".join(c.source for c in newest.cells)


def _ignore(fn, *args) -> None:
    try:
        fn(*args)
    except Exception:  # the server dies under this request: that is the point
        pass


def _ledger(hub) -> dict:
    path = grading.ledger_path(hub.course, A)
    try:
        return json.loads(path.read_text())["results"]
    except (OSError, ValueError, KeyError):
        return {}


def test_the_grader_interrupted_then_postgres_restarted_mid_grading(hub, capsys):
    """Both stop a grading run part-way; a rerun finishes it, and each hand-in is graded exactly once."""
    hub.grader("nbgrader", "collect", "--update", A)
    submitted = hub.course / "grading" / "submitted"
    before = {s: r["digest"] for s, r in _ledger(hub).items()}
    fresh = [u for u in LEARNERS if before.get(u) is not None]
    assert len(fresh) == len(LEARNERS)

    # 1. The grader's run is killed (the instructor's laptop lid closes): workers, kernels and all.
    run = hub.grader_popen("ailead", "grade", A, "--from", str(submitted))
    hubkit.wait_for(lambda: sum(_ledger(hub).get(u, {}).get("digest") != before[u] for u in LEARNERS) >= 2, 300,
                    "the grading run graded nothing")
    os.killpg(run.pid, signal.SIGKILL)
    run.wait(30)
    done = [u for u in LEARNERS if _ledger(hub)[u]["digest"] != before[u]]
    # Kernels run in sandboxes of their own; they go when the worker that started them is gone.
    hubkit.wait_for(lambda: not [line for line in hubkit.user_processes([GRADER])
                                 if "ipykernel" in line or "sandbox" in line], 30,
                    "the killed run left kernels behind")
    rerun = hub.grader("ailead", "grade", A, "--from", str(submitted))
    others = len([d for d in submitted.iterdir() if d.name not in LEARNERS])  # the hostile test's, say
    assert f"{len(done) + others} submission(s) unchanged" in rerun.stderr, rerun.stderr[-2000:]
    assert f"Autograding {len(LEARNERS) - len(done)} submission(s)" in rerun.stderr, rerun.stderr[-2000:]
    assert all(_ledger(hub)[u]["status"] == "ok" for u in LEARNERS)

    # 2. PostgreSQL restarts while a regrade runs.
    stamp = grading.ledger_path(hub.course, A).stat().st_mtime_ns
    run = hub.grader_popen("ailead", "grade", A, "--from", str(submitted), "--force")
    hubkit.wait_for(lambda: grading.ledger_path(hub.course, A).stat().st_mtime_ns != stamp, 300,
                    "the regrade graded nothing")
    hub.restart_postgres()
    out, err = run.communicate(timeout=600)
    statuses = {u: _ledger(hub)[u]["status"] for u in LEARNERS}
    with capsys.disabled():
        print(f"\n  PostgreSQL restarted mid-run: exit {run.returncode}; statuses {statuses}")
    if run.returncode != 0:  # it failed, and said so clearly
        assert "could not be graded because grading itself failed" in out + err or "cannot be reached" in out + err, \
            (out + err)[-2000:]
    finish = hub.grader("ailead", "grade", A, "--from", str(submitted))
    assert all(_ledger(hub)[u]["status"] == "ok" for u in LEARNERS), finish.stderr[-2000:]
    # The gradebook is whole: every learner has one submission with every automatic grade filled in.
    with grading.open_gradebook(hub.db_url) as gb:
        for u in LEARNERS:
            sub = gb.find_submission(A, u)
            assert all(g.auto_score is not None for nb in sub.notebooks for g in nb.grades
                       if not g.needs_manual_grade), u
            assert sub.score == _ledger(hub)[u]["score"], u


def test_a_full_disk_during_a_hand_in_is_a_clear_error_and_harms_no_one(hub):
    name, release, answers = _release_and_answers()
    solved = grading.fill_answers(release, answers)
    inbound = hub.exchange / "inbound"
    mode = stat.S_IMODE(inbound.stat().st_mode)
    ok, unlucky = LEARNERS[3], LEARNERS[4]
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size=4m,mode={mode:o}", "tmpfs", str(inbound)], check=True)
    try:
        hub.save(ok, f"{A}/{name}", hubkit.marked(solved, "fits"))
        hub.nbgrader(ok, "submit")
        (good,) = _own_submissions(hub, ok)
        kept = (good[1] / name).read_bytes()
        free = os.statvfs(inbound).f_bavail * os.statvfs(inbound).f_frsize
        filler = inbound / ".filler"
        with filler.open("wb") as fh:  # another hand-in's worth of space is all that is left
            fh.write(b"\0" * (free - 64 * 1024))
        big = hubkit.marked(solved, "too big")
        big.cells.append(nbformat.v4.new_markdown_cell("y" * 400_000))
        hub.save(unlucky, f"{A}/{name}", big)
        body = hub.nbgrader(unlucky, "submit", check=False)
        assert body["success"] is False
        message = body.get("value", "") + body.get("log", "")
        assert "full" in message and "safe" in message, message[-1500:]
        # Nothing half-written where collect looks; the earlier hand-in is untouched.
        assert _own_submissions(hub, unlucky) == []
        assert not [p for p in inbound.iterdir() if p.name.startswith(".partial")]
        assert (good[1] / name).read_bytes() == kept
        filler.unlink()
        hub.nbgrader(unlucky, "submit")
        assert len(_own_submissions(hub, unlucky)) == 1
    finally:
        subprocess.run(["umount", str(inbound)], check=True)


def test_two_hand_ins_in_the_same_second_the_later_one_wins(hub):
    name, release, answers = _release_and_answers()
    solved = grading.fill_answers(release, answers)
    u = LEARNERS[5]
    for attempt in range(5):
        hub.save(u, f"{A}/{name}", hubkit.marked(solved, f"first {attempt}"))
        hub.nbgrader(u, "submit")
        hub.save(u, f"{A}/{name}", hubkit.marked(solved, f"second {attempt}"))
        hub.nbgrader(u, "submit")
        (t1, _), (t2, _) = _own_submissions(hub, u)[-2:]
        if t1.replace(microsecond=0) == t2.replace(microsecond=0):
            break
    assert t1.replace(microsecond=0) == t2.replace(microsecond=0), "could not hand in twice within one second"
    assert t2 > t1
    hub.grader("nbgrader", "collect", "--update", A)
    collected = nbformat.read(hub.course / "grading" / "submitted" / u / A / name, as_version=4)
    assert f"second {attempt}" in "\n".join(c.source for c in collected.cells)


SPIN_TWO_CORES = """
import multiprocessing, os, time
def spin():
    t = time.time()
    while time.time() - t < 3:
        pass
workers = [multiprocessing.Process(target=spin) for _ in range(2)]
for w in workers:
    w.start()
for w in workers:
    w.join()
t = os.times()
print(t.children_user + t.children_system)
"""


def test_each_learner_is_held_to_the_configured_memory_and_cpu(hub):
    """A runaway cell is stopped at the learner's own limit; their server and everyone else carry on."""
    hog, neighbour = LEARNERS[6], LEARNERS[7]
    # The configuration's defaults (jupyterhub_config.py): 1 GiB and one core per learner.
    grabbed = hub.run_code(hog, "chunks = []\nfor i in range(200):\n    chunks.append(bytearray(10_000_000))\n"
                                "print('allocated 2 GB')", timeout=120)
    assert grabbed["died"] and "allocated 2 GB" not in grabbed["stdout"], grabbed
    assert hub.server_pid(hog) is not None and hub.contents(hog, A)["type"] == "directory"
    # Two processes that each want a whole core for 3 s: held to one core between them (6 s of CPU unheld).
    busy = hub.run_code(hog, SPIN_TWO_CORES)
    assert not busy["died"], busy
    assert float(busy["stdout"].split()[-1]) <= 3 * 1.0 * 1.25, busy  # one core, with room for accounting
    calm = hub.run_code(neighbour, "x = bytearray(300_000_000)\nprint(len(x))")
    assert calm["stdout"].strip() == "300000000", calm


def test_kernels_talk_to_their_server_over_unix_sockets(hub):
    """TCP ports on a shared machine collide when a cohort starts kernels at once, and anyone can reach them."""
    u = LEARNERS[0]
    out = hub.run_code(u, "import json\nfrom ipykernel import get_connection_file\n"
                          "info = json.load(open(get_connection_file()))\nprint(info['transport'], info['ip'])")
    transport, where = out["stdout"].split()
    assert transport == "ipc", out
    assert where.startswith(str(_home(u))), out  # in the learner's own runtime folder
