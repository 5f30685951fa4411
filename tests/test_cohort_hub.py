"""A real cohort on loopback: PostgreSQL, JupyterHub and nbgrader's exchange, as deploy/jupyterhub/ sets them up.

The module installs the course with deploy/jupyterhub/install.sh into a throwaway prefix, starts its
own PostgreSQL cluster and the hub on 127.0.0.1, creates an instructor and two students with
add-users.sh, and seeds the cohort with `ailead cohort seed`. Then, through the hub's REST API and
nbgrader's endpoints in each student's own server: both fetch the exercise, one submits the solution
and the other the untouched copy; the grader account collects, autogrades in the sandbox and releases
feedback; each student fetches feedback. The grades are read back from PostgreSQL. Isolation is
checked over HTTP: a student cannot reach another student's server or the formgrader.

Everything started here is stopped at the end (the fixture's teardown checks that no process is
left, and fails the module if one is). It
needs root (it creates machine accounts; CI runs as root) and skips elsewhere with that reason.
"""

from __future__ import annotations

import csv
import fcntl
import grp
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from ailead.instructor import grading

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy" / "jupyterhub"
A = "01-two-roles-one-product"
STUDENTS = ("ailt-s1", "ailt-s2")
INSTRUCTOR = "ailt-instr"
GRADER = "ailt-grader"
ACCOUNTS = (*STUDENTS, INSTRUCTOR, GRADER)
GROUPS = ("nbgrader-ailead", "formgrade-ailead")
PG_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
SYSTEM_PYTHON = Path("/usr/bin/python3")
RUNUSER = shutil.which("runuser", path="/usr/sbin:/sbin:/usr/bin:/bin") or "runuser"


def _missing() -> str | None:
    if os.geteuid() != 0:
        return ("the cohort test creates machine accounts and runs JupyterHub as root; run `make test` as root "
                "to include it (CI does)")
    needs = []
    if not PG_BIN:
        needs.append("postgresql")
    if shutil.which("npm") is None:
        needs.append("npm")
    if shutil.which("bwrap") is None:
        needs.append("bubblewrap")
    if not SYSTEM_PYTHON.exists() or subprocess.run([SYSTEM_PYTHON, "-c", "import venv, ensurepip"],
                                                    capture_output=True).returncode:
        needs.append("python3-venv")
    if needs:
        return f"missing system packages: `sudo apt-get install {' '.join(needs)}` (or `make system-deps`)"
    return None


pytestmark = [pytest.mark.skipif(_missing() is not None, reason=_missing() or "")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(cmd, *, user: str | None = None, cwd: Path | str = "/", env: dict | None = None, timeout: float = 600,
         check: bool = True) -> subprocess.CompletedProcess:
    if user:
        # As another account: its own HOME, the given variables, and a plain PATH unless one is given.
        user_env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", **(env or {}),
                    "HOME": pwd.getpwnam(user).pw_dir}
        cmd = [RUNUSER, "-u", user, "--", "env", "-i", *[f"{k}={v}" for k, v in user_env.items()], *cmd]
        env = None
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n"
                             f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def _user_processes(users) -> list[str]:
    uids = set()
    for u in users:
        try:
            uids.add(pwd.getpwnam(u).pw_uid)
        except KeyError:
            pass
    out = subprocess.run(["ps", "-eww", "-o", "uid=,pid=,args="], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line.split() and int(line.split()[0]) in uids]


def _remove_accounts(created_groups: list[str]) -> None:
    for user in ACCOUNTS:
        subprocess.run(["pkill", "-KILL", "-u", user], capture_output=True)
    time.sleep(0.5)
    for user in ACCOUNTS:
        subprocess.run(["userdel", "-r", user], capture_output=True)
    for group in created_groups:
        subprocess.run(["groupdel", group], capture_output=True)


class Hub:
    """The running cohort, and a client for it that acts as each user in turn."""

    def __init__(self, base: Path, url: str, env: dict, passwords: dict[str, str], db_url: str):
        self.base, self.url, self.env, self.passwords, self.db_url = base, url, env, passwords, db_url
        self.prefix, self.srv = Path(env["AILEAD_PREFIX"]), Path(env["AILEAD_SRV"])
        self.course = self.srv / "ailead"
        self._tokens: dict[str, str] = {}

    # --- as a person in a browser: log in with the machine password, then ask the hub for a token
    def token(self, user: str) -> str:
        import requests

        if user not in self._tokens:
            s = requests.Session()
            s.get(f"{self.url}/hub/login", timeout=30).raise_for_status()
            r = s.post(f"{self.url}/hub/login", allow_redirects=False, timeout=60,
                       data={"username": user, "password": self.passwords[user], "_xsrf": s.cookies.get("_xsrf")})
            assert r.status_code == 302, f"PAM login of {user} failed: {r.status_code} {r.text[:300]}"
            r = s.post(f"{self.url}/hub/api/users/{user}/tokens", json={"note": "e2e test", "expires_in": 3600},
                       headers={"X-XSRFToken": s.cookies.get("_xsrf")}, timeout=30)
            assert r.status_code in (200, 201), f"token for {user}: {r.status_code} {r.text[:300]}"
            self._tokens[user] = r.json()["token"]
        return self._tokens[user]

    def request(self, user: str, method: str, path: str, **kw):
        import requests

        kw.setdefault("timeout", 120)
        kw.setdefault("allow_redirects", False)
        return requests.request(method, f"{self.url}{path}", headers={"Authorization": f"token {self.token(user)}"},
                                **kw)

    def start_server(self, user: str) -> None:
        r = self.request(user, "POST", f"/hub/api/users/{user}/server")
        assert r.status_code in (201, 202, 400), f"starting {user}'s server: {r.status_code} {r.text[:300]}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            model = self.request(user, "GET", f"/hub/api/users/{user}").json()
            if model["servers"].get("", {}).get("ready"):
                return
            time.sleep(0.5)
        raise AssertionError(f"{user}'s server did not become ready in 120 s; hub log: {self.base / 'hub.log'}")

    def nbgrader(self, user: str, action: str) -> dict:
        """One of the Assignments panel's calls (fetch, submit, fetch_feedback) in the user's own server."""
        r = self.request(user, "POST", f"/user/{user}/assignments/{action}",
                         data={"course_id": "ailead", "assignment_id": A})
        assert r.status_code == 200, f"{user} {action}: {r.status_code} {r.text[:500]}"
        body = r.json()
        assert body["success"], f"{user} {action}: {body}"
        return body

    def contents(self, user: str, path: str) -> dict:
        r = self.request(user, "GET", f"/user/{user}/api/contents/{path}")
        assert r.status_code == 200, f"{user} reading {path}: {r.status_code}"
        return r.json()

    # --- as the grader account, in the course folder
    def grader(self, *cmd: str, timeout: float = 600) -> subprocess.CompletedProcess:
        return _run(cmd, user=GRADER, cwd=self.course, timeout=timeout,
                    env={"PATH": f"{self.prefix / 'venv' / 'bin'}:/usr/local/bin:/usr/bin:/bin"})


@pytest.fixture(scope="module")
def hub():
    """Install, start and seed the cohort; stop and remove all of it afterwards."""
    lock = open("/var/tmp/ailead-cohort-test.lock", "w")
    fcntl.flock(lock, fcntl.LOCK_EX)  # fixed account names: one run at a time on a machine
    created_groups = [g for g in GROUPS if not _group_exists(g)]
    _remove_accounts([])  # leftovers of a run that was killed
    base = Path(tempfile.mkdtemp(prefix="ailead-hub-", dir="/var/tmp"))
    base.chmod(0o755)  # the students' servers run the shared environment from in here
    ports = {name: _free_port() for name in ("hub", "hub_api", "proxy_api", "formgrader", "pg")}
    pg_data, hub_proc = base / "pg" / "data", None
    try:
        # PostgreSQL: a private cluster on loopback with a password, like a real server's.
        (base / "pg").mkdir()
        shutil.chown(base / "pg", "postgres", "postgres")
        (base / "pg" / "pw").write_text("super-e2e\n")
        shutil.chown(base / "pg" / "pw", "postgres", "postgres")
        pg = PG_BIN[-1]
        _run([pg / "initdb", "-D", pg_data, "-U", "postgres", "-A", "scram-sha-256", f"--pwfile={base / 'pg' / 'pw'}"],
             user="postgres")
        _run([pg / "pg_ctl", "-D", pg_data, "-l", base / "pg" / "log", "-w", "start", "-o",
              f"-p {ports['pg']} -k {base / 'pg'} -c listen_addresses=127.0.0.1"], user="postgres")
        psql = ["psql", "-h", "127.0.0.1", "-p", str(ports["pg"]), "-U", "postgres", "-v", "ON_ERROR_STOP=1"]
        _run([*psql, "-c", "CREATE ROLE ailead LOGIN PASSWORD 'gradebook-e2e'",
              "-c", "CREATE DATABASE ailead_gradebook OWNER ailead"], env={**os.environ, "PGPASSWORD": "super-e2e"})
        db_url = f"postgresql+psycopg2://ailead:gradebook-e2e@127.0.0.1:{ports['pg']}/ailead_gradebook"

        env = {**os.environ, "AILEAD_PREFIX": str(base / "opt"), "AILEAD_SRV": str(base / "srv"),
               "AILEAD_HUB_STATE": str(base / "state"), "AILEAD_GRADER": GRADER, "AILEAD_PYTHON": str(SYSTEM_PYTHON),
               "AILEAD_SKIP_APT": "1", "AILEAD_SKIP_SYSTEMD": "1", "AILEAD_DB_URL": db_url,
               "AILEAD_HUB_URL": f"http://127.0.0.1:{ports['hub']}", "AILEAD_HUB_API_PORT": str(ports["hub_api"]),
               "AILEAD_PROXY_API_PORT": str(ports["proxy_api"]), "AILEAD_FORMGRADER_PORT": str(ports["formgrader"])}
        _run(["bash", DEPLOY / "install.sh"], env=env, timeout=900)

        # Accounts from rosters, as an instructor would make them.
        roster, staff = base / "roster.csv", base / "instructors.csv"
        roster.write_text("id,first_name,last_name,email\nailt-s1,Ada,One,ada@example.org\nailt-s2,Ben,Two,\n")
        staff.write_text(f"id\n{INSTRUCTOR}\n")
        passwords = base / "passwords.csv"
        _run(["bash", DEPLOY / "add-users.sh", roster, "--passwords", passwords], env=env)
        _run(["bash", DEPLOY / "add-users.sh", staff, "--instructor", "--passwords", passwords], env=env)
        with passwords.open() as fh:
            pw = {row["id"]: row["password"] for row in csv.DictReader(fh)}
        roster.chmod(0o644)
        seed = _run([base / "opt" / "venv" / "bin" / "ailead", "cohort", "seed", "--course", base / "srv" / "ailead",
                     "--roster", roster, "--release", A], user=GRADER,
                    env={"PATH": f"{base / 'opt' / 'venv' / 'bin'}:/usr/bin:/bin"})
        assert "2 student(s) added" in seed.stdout and f"Released {A}" in seed.stdout, seed.stdout

        log = (base / "hub.log").open("w")
        hub_proc = subprocess.Popen([base / "opt" / "venv" / "bin" / "jupyterhub", "-f",
                                     base / "opt" / "etc" / "jupyterhub_config.py"],
                                    cwd=base / "state", env={**env, "PATH": f"{base / 'opt' / 'venv' / 'bin'}:"
                                                             f"{env['PATH']}"},
                                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        url = f"http://127.0.0.1:{ports['hub']}"
        _wait_for(lambda: "JupyterHub is now running" in (base / "hub.log").read_text(errors="replace"),
                  120, f"the hub did not start; see {base / 'hub.log'}", hub_proc)
        yield Hub(base, url, env, pw, db_url)
    finally:
        if hub_proc is not None:
            os.killpg(hub_proc.pid, signal.SIGTERM)
            try:
                hub_proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(hub_proc.pid, signal.SIGKILL)
                hub_proc.wait(10)
        if (pg_data / "postmaster.pid").exists():
            _run([PG_BIN[-1] / "pg_ctl", "-D", pg_data, "-m", "fast", "-w", "stop"], user="postgres", check=False)
        _remove_accounts(created_groups)
        shutil.rmtree(base, ignore_errors=True)
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()
    # Everything the module started has stopped (reported as an error at teardown otherwise).
    leftovers = [line for line in subprocess.run(["ps", "-eww", "-o", "pid=,args="], capture_output=True,
                                                 text=True).stdout.splitlines() if str(base) in line]
    assert leftovers == [], f"still running after the cohort test: {leftovers}"


def _group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
        return True
    except KeyError:
        return False


def _wait_for(ready, seconds: float, message: str, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"{message} (it exited with {proc.returncode})")
        time.sleep(0.5)
    raise AssertionError(message)


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

    hub.grader("nbgrader", "collect", A)
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
    assert not [line for line in _user_processes([GRADER])
                if "ipykernel" in line or "ailead.instructor.sandbox" in line]
    top = sorted(p.name for p in hub.course.iterdir())
    assert top == ["exercises", "grading", "nbgrader_config.py", "solutions"], top
    assert oct(os.stat(hub.course / "nbgrader_config.py").st_mode & 0o777) == "0o600"
