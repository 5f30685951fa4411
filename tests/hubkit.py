"""A real cohort on loopback, for the cohort tests and the load benchmark: install, start, act, stop.

`cohort(students)` installs the course with deploy/jupyterhub/install.sh into a throwaway prefix under
/var/tmp, starts its own PostgreSQL cluster and the hub on free ports of 127.0.0.1, makes the accounts
with add-users.sh, seeds the cohort with `ailead cohort seed`, and yields a `Hub`: a client that acts as
each person in turn (log in through the PAM form, start a server, nbgrader's Assignments calls, the
contents API, code in a kernel) and can break things on purpose (kill the hub, a server, PostgreSQL).
Everything started is stopped on the way out, and a process left behind is an error.

It needs root: it creates machine accounts. `missing()` says what else is needed, and how to get it.
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
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy" / "jupyterhub"
A = "01-two-roles-one-product"
GROUPS = ("nbgrader-ailead", "formgrade-ailead")
PG_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
SYSTEM_PYTHON = Path("/usr/bin/python3")
RUNUSER = shutil.which("runuser", path="/usr/sbin:/sbin:/usr/bin:/bin") or "runuser"
LOCK = "/var/tmp/ailead-cohort-test.lock"


def missing() -> str | None:
    """Why a loopback cohort cannot run here, with how to fix it; None when it can."""
    if os.geteuid() != 0:
        return ("the cohort tests create machine accounts and run JupyterHub as root; run `make test` as root "
                "to include them (CI does)")
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, *, user: str | None = None, cwd: Path | str = "/", env: dict | None = None, timeout: float = 600,
        check: bool = True) -> subprocess.CompletedProcess:
    """Run a command, as another account if `user` is given (its own HOME, a plain PATH unless given)."""
    if user:
        user_env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", **(env or {}),
                    "HOME": pwd.getpwnam(user).pw_dir}
        cmd = [RUNUSER, "-u", user, "--", "env", "-i", *[f"{k}={v}" for k, v in user_env.items()], *cmd]
        env = None
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n"
                             f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def user_processes(users) -> list[str]:
    uids = set()
    for u in users:
        try:
            uids.add(pwd.getpwnam(u).pw_uid)
        except KeyError:
            pass
    out = subprocess.run(["ps", "-eww", "-o", "uid=,pid=,args="], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line.split() and int(line.split()[0]) in uids]


def group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
        return True
    except KeyError:
        return False


def wait_for(ready, seconds: float, message: str, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"{message} (it exited with {proc.returncode})")
        time.sleep(0.3)
    raise AssertionError(message)


class Hub:
    """The running cohort, and a client for it that acts as each user in turn."""

    def __init__(self, base: Path, env: dict, passwords: dict[str, str], db_url: str, ports: dict[str, int],
                 students: list[str], instructor: str, grader: str):
        self.base, self.env, self.passwords, self.db_url, self.ports = base, env, passwords, db_url, ports
        self.students, self.instructor, self.grader_account = students, instructor, grader
        self.url = f"http://127.0.0.1:{ports['hub']}"
        self.prefix, self.srv = Path(env["AILEAD_PREFIX"]), Path(env["AILEAD_SRV"])
        self.course = self.srv / "ailead"
        self.exchange = self.srv / "exchange" / "ailead"
        self.pg_data = base / "pg" / "data"
        self._tokens: dict[str, str] = {}
        self._lock = threading.Lock()
        self.hub_proc: subprocess.Popen | None = None
        self.hub_starts = 0
        self.failed_presses: list[tuple[str, str, str]] = []  # (user, step, why): a learner pressed again

    # --- the hub process
    def start_hub(self) -> None:
        """Start (or restart) the hub and wait until it says it is running."""
        self.hub_starts += 1
        log_path = self.base / f"hub-{self.hub_starts}.log"
        log = log_path.open("w")
        self.hub_proc = subprocess.Popen(
            [self.prefix / "venv" / "bin" / "jupyterhub", "-f", self.prefix / "etc" / "jupyterhub_config.py"],
            cwd=self.base / "state", env={**self.env, "PATH": f"{self.prefix / 'venv' / 'bin'}:{self.env['PATH']}"},
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(lambda: "JupyterHub is now running" in log_path.read_text(errors="replace"),
                 120, f"the hub did not start; see {log_path}", self.hub_proc)

    def kill_hub(self) -> None:
        """The hub process dies at once (as in a crash): its servers and proxy are not told."""
        assert self.hub_proc is not None
        os.kill(self.hub_proc.pid, signal.SIGKILL)
        self.hub_proc.wait(30)

    def stop_hub(self) -> None:
        if self.hub_proc is not None and self.hub_proc.poll() is None:
            os.killpg(self.hub_proc.pid, signal.SIGTERM)
            try:
                self.hub_proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.hub_proc.pid, signal.SIGKILL)
                self.hub_proc.wait(10)

    @property
    def log(self) -> Path:
        return self.base / f"hub-{self.hub_starts}.log"

    # --- PostgreSQL
    def restart_postgres(self) -> None:
        # With its log file named, the server does not inherit (and hold open) this command's output.
        run([PG_BIN[-1] / "pg_ctl", "-D", self.pg_data, "-l", self.base / "pg" / "log", "-m", "fast", "-w", "restart",
             "-o",
             f"-p {self.ports['pg']} -k {self.base / 'pg'} -c listen_addresses=127.0.0.1"], user="postgres")

    # --- as a person in a browser: log in with the machine password, then ask the hub for a token
    def token(self, user: str) -> str:
        with self._lock:
            known = self._tokens.get(user)
        return known or self.login(user)

    def login(self, user: str) -> str:
        """Log in through the PAM form, as a browser does, and keep a token for the API calls."""
        import requests

        s = requests.Session()
        s.get(f"{self.url}/hub/login", timeout=60).raise_for_status()
        r = s.post(f"{self.url}/hub/login", allow_redirects=False, timeout=120,
                   data={"username": user, "password": self.passwords[user], "_xsrf": s.cookies.get("_xsrf")})
        assert r.status_code == 302, f"PAM login of {user} failed: {r.status_code} {r.text[:300]}"
        r = s.post(f"{self.url}/hub/api/users/{user}/tokens", json={"note": "e2e test", "expires_in": 7200},
                   headers={"X-XSRFToken": s.cookies.get("_xsrf")}, timeout=60)
        assert r.status_code in (200, 201), f"token for {user}: {r.status_code} {r.text[:300]}"
        with self._lock:
            self._tokens[user] = r.json()["token"]
        return self._tokens[user]

    def request(self, user: str, method: str, path: str, **kw):
        import requests

        kw.setdefault("timeout", 120)
        kw.setdefault("allow_redirects", False)
        return requests.request(method, f"{self.url}{path}", headers={"Authorization": f"token {self.token(user)}"},
                                **kw)

    def start_server(self, user: str, seconds: float = 400) -> None:
        r = self.request(user, "POST", f"/hub/api/users/{user}/server")
        assert r.status_code in (201, 202, 400), f"starting {user}'s server: {r.status_code} {r.text[:300]}"
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            model = self.request(user, "GET", f"/hub/api/users/{user}").json()
            if model["servers"].get("", {}).get("ready"):
                return
            time.sleep(1)  # about as often as JupyterLab's spawn page asks
        raise AssertionError(f"{user}'s server did not become ready in {seconds} s; hub log: {self.log}")

    def server_pid(self, user: str) -> int | None:
        uid = pwd.getpwnam(user).pw_uid
        for line in user_processes([user]):
            fields = line.split(None, 2)
            if int(fields[0]) == uid and "jupyterhub-singleuser" in fields[2]:
                return int(fields[1])
        return None

    def nbgrader(self, user: str, action: str, check: bool = True, **kw) -> dict:
        """One of the Assignments panel's calls (fetch, submit, fetch_feedback) in the user's own server."""
        r = self.request(user, "POST", f"/user/{user}/assignments/{action}",
                         data={"course_id": "ailead", "assignment_id": A}, **kw)
        assert r.status_code == 200, f"{user} {action}: {r.status_code} {r.text[:500]}"
        body = r.json()
        if check:
            assert body["success"], f"{user} {action}: {body}"
        return body

    def validate(self, user: str, path: str) -> dict:
        """The Validate button: the notebook's visible tests, run in the user's own server."""
        r = self.request(user, "POST", f"/user/{user}/assignments/validate", data={"path": path}, timeout=300)
        assert r.status_code == 200, f"{user} validate: {r.status_code} {r.text[:500]}"
        return r.json()

    def contents(self, user: str, path: str) -> dict:
        r = self.request(user, "GET", f"/user/{user}/api/contents/{path}")
        assert r.status_code == 200, f"{user} reading {path}: {r.status_code}"
        return r.json()

    def save(self, user: str, path: str, notebook) -> None:
        """Save a notebook through the contents API, as JupyterLab's save does."""
        import nbformat

        r = self.request(user, "PUT", f"/user/{user}/api/contents/{path}",
                         json={"type": "notebook", "format": "json", "content": json.loads(nbformat.writes(notebook))})
        assert r.status_code in (200, 201), f"{user} saving {path}: {r.status_code} {r.text[:300]}"

    def run_code(self, user: str, code: str, timeout: float = 120) -> dict:
        """Run code in a fresh kernel of the user's server, as a learner's cell; the kernel is shut down after.

        Returns {"stdout": text, "error": ename or "", "died": True if the kernel died under it}.
        """
        import websocket

        r = self.request(user, "POST", f"/user/{user}/api/kernels", json={"name": "python3"})
        assert r.status_code == 201, f"{user} starting a kernel: {r.status_code} {r.text[:300]}"
        kid = r.json()["id"]
        ws = websocket.create_connection(
            f"ws://127.0.0.1:{self.ports['hub']}/user/{user}/api/kernels/{kid}/channels",
            header=[f"Authorization: token {self.token(user)}"], timeout=timeout)
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({"header": {"msg_id": msg_id, "username": user, "session": uuid.uuid4().hex,
                                       "msg_type": "execute_request", "version": "5.3"},
                            "parent_header": {}, "metadata": {}, "channel": "shell",
                            "content": {"code": code, "silent": False, "store_history": False,
                                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        out, error, died = [], "", False
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                try:
                    msg = json.loads(ws.recv())
                except (websocket.WebSocketException, OSError):
                    died = True
                    break
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    if msg.get("msg_type") == "status" and msg["content"].get("execution_state") in ("dead",
                                                                                                      "restarting"):
                        died = True
                        break
                    continue
                kind = msg["msg_type"]
                if kind == "stream":
                    out.append(msg["content"]["text"])
                elif kind == "error":
                    error = msg["content"]["ename"]
                elif kind == "status" and msg["content"]["execution_state"] in ("dead", "restarting"):
                    died = True
                    break
                elif kind == "execute_reply":
                    break
            else:
                raise AssertionError(f"{user}'s code did not finish in {timeout} s")
        finally:
            ws.close()
            self.request(user, "DELETE", f"/user/{user}/api/kernels/{kid}")
        return {"stdout": "".join(out), "error": error, "died": died}

    # --- the exchange, read as root
    def inbound(self, student: str | None = None) -> list[Path]:
        pattern = f"{student}+{A}+*" if student else f"*+{A}+*"
        return sorted((self.exchange / "inbound").glob(pattern))

    # --- as the grader account, in the course folder
    def grader(self, *cmd: str, timeout: float = 900, check: bool = True) -> subprocess.CompletedProcess:
        return run(cmd, user=self.grader_account, cwd=self.course, timeout=timeout, check=check,
                   env={"PATH": f"{self.prefix / 'venv' / 'bin'}:/usr/local/bin:/usr/bin:/bin"})

    def grader_popen(self, *cmd: str) -> subprocess.Popen:
        env = {"PATH": f"{self.prefix / 'venv' / 'bin'}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
               "HOME": pwd.getpwnam(self.grader_account).pw_dir}
        return subprocess.Popen([RUNUSER, "-u", self.grader_account, "--", "env", "-i",
                                 *[f"{k}={v}" for k, v in env.items()], *cmd], cwd=self.course,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _remove_accounts(accounts, created_groups: list[str]) -> None:
    for user in accounts:
        subprocess.run(["pkill", "-KILL", "-u", user], capture_output=True)
    time.sleep(0.5)
    for user in accounts:
        subprocess.run(["userdel", "-r", user], capture_output=True)
    for group in created_groups:
        subprocess.run(["groupdel", group], capture_output=True)


def _remove_cgroups(parent: str) -> None:
    # Groups are folders the kernel empties itself; rmdir works leaf-first once their processes are gone.
    for top in [Path("/sys/fs/cgroup") / parent, *(Path("/sys/fs/cgroup") / c / parent for c in ("memory", "cpu"))]:
        if top.is_dir():
            for folder in sorted((p for p in top.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
                try:
                    folder.rmdir()
                except OSError:
                    pass
            try:
                top.rmdir()
            except OSError:
                pass


@contextmanager
def cohort(students: list[str], *, instructor: str = "ailt-instr", grader: str = "ailt-grader",
           stale: tuple[str, ...] = ()) -> Iterator[Hub]:
    """Install, start and seed a cohort of `students`; stop and remove all of it afterwards.

    `stale` names more accounts of earlier runs to remove first (a run that was killed leaves them).
    """
    accounts = [*students, instructor, grader]
    lock = open(LOCK, "w")
    fcntl.flock(lock, fcntl.LOCK_EX)  # fixed account names: one run at a time on a machine
    created_groups = [g for g in GROUPS if not group_exists(g)]
    _remove_accounts([*accounts, *stale], [])  # leftovers of a run that was killed
    base = Path(tempfile.mkdtemp(prefix="ailead-hub-", dir="/var/tmp"))
    base.chmod(0o755)  # the students' servers run the shared environment from in here
    ports = {name: free_port() for name in ("hub", "hub_api", "proxy_api", "formgrader", "pg")}
    pg_data, hub = base / "pg" / "data", None
    try:
        # PostgreSQL: a private cluster on loopback with a password, like a real server's.
        (base / "pg").mkdir()
        shutil.chown(base / "pg", "postgres", "postgres")
        (base / "pg" / "pw").write_text("super-e2e\n")
        shutil.chown(base / "pg" / "pw", "postgres", "postgres")
        pg = PG_BIN[-1]
        run([pg / "initdb", "-D", pg_data, "-U", "postgres", "-A", "scram-sha-256", f"--pwfile={base / 'pg' / 'pw'}"],
            user="postgres")
        run([pg / "pg_ctl", "-D", pg_data, "-l", base / "pg" / "log", "-w", "start", "-o",
             f"-p {ports['pg']} -k {base / 'pg'} -c listen_addresses=127.0.0.1"], user="postgres")
        psql = ["psql", "-h", "127.0.0.1", "-p", str(ports["pg"]), "-U", "postgres", "-v", "ON_ERROR_STOP=1"]
        run([*psql, "-c", "CREATE ROLE ailead LOGIN PASSWORD 'gradebook-e2e'",
             "-c", "CREATE DATABASE ailead_gradebook OWNER ailead"], env={**os.environ, "PGPASSWORD": "super-e2e"})
        db_url = f"postgresql+psycopg2://ailead:gradebook-e2e@127.0.0.1:{ports['pg']}/ailead_gradebook"

        env = {**os.environ, "AILEAD_PREFIX": str(base / "opt"), "AILEAD_SRV": str(base / "srv"),
               "AILEAD_HUB_STATE": str(base / "state"), "AILEAD_GRADER": grader, "AILEAD_PYTHON": str(SYSTEM_PYTHON),
               "AILEAD_SKIP_APT": "1", "AILEAD_SKIP_SYSTEMD": "1", "AILEAD_DB_URL": db_url,
               "AILEAD_HUB_URL": f"http://127.0.0.1:{ports['hub']}", "AILEAD_HUB_API_PORT": str(ports["hub_api"]),
               "AILEAD_PROXY_API_PORT": str(ports["proxy_api"]), "AILEAD_FORMGRADER_PORT": str(ports["formgrader"]),
               # Each run's learners get cgroups under a parent of its own, removed at the end.
               "AILEAD_CGROUP_PARENT": f"ailead-test-{base.name}"}
        run(["bash", DEPLOY / "install.sh"], env=env, timeout=900)

        # Accounts from rosters, as an instructor would make them.
        roster, staff = base / "roster.csv", base / "instructors.csv"
        rows = [f"{s},Learner,{s.rsplit('-', 1)[-1].title()},{s}@example.org" for s in students]
        if students:  # one learner without an email, as real rosters have
            rows[min(1, len(rows) - 1)] = f"{students[min(1, len(rows) - 1)]},Ben,Two,"
        if students:
            rows[0] = f"{students[0]},Ada,One,ada@example.org"
        roster.write_text("id,first_name,last_name,email\n" + "\n".join(rows) + "\n")
        staff.write_text(f"id\n{instructor}\n")
        passwords = base / "passwords.csv"
        run(["bash", DEPLOY / "add-users.sh", roster, "--passwords", passwords], env=env)
        run(["bash", DEPLOY / "add-users.sh", staff, "--instructor", "--passwords", passwords], env=env)
        with passwords.open() as fh:
            pw = {row["id"]: row["password"] for row in csv.DictReader(fh)}
        roster.chmod(0o644)
        seed = run([base / "opt" / "venv" / "bin" / "ailead", "cohort", "seed", "--course", base / "srv" / "ailead",
                    "--roster", roster, "--release", A], user=grader,
                   env={"PATH": f"{base / 'opt' / 'venv' / 'bin'}:/usr/bin:/bin"})
        assert f"{len(students)} student(s) added" in seed.stdout and f"Released {A}" in seed.stdout, seed.stdout

        hub = Hub(base, env, pw, db_url, ports, list(students), instructor, grader)
        hub.start_hub()
        yield hub
    finally:
        if hub is not None:
            hub.stop_hub()
        if (pg_data / "postmaster.pid").exists():
            run([PG_BIN[-1] / "pg_ctl", "-D", pg_data, "-m", "fast", "-w", "stop"], user="postgres", check=False)
        _remove_accounts(accounts, created_groups)
        for mount in reversed([line.split()[1] for line in Path("/proc/mounts").read_text().splitlines()
                               if line.split()[1].startswith(str(base))]):
            subprocess.run(["umount", "-l", mount], capture_output=True)
        _remove_cgroups(f"ailead-test-{base.name}")
        shutil.rmtree(base, ignore_errors=True)
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()
    # Everything the cohort started has stopped (reported as an error at teardown otherwise).
    time.sleep(0.5)
    leftovers = [line for line in subprocess.run(["ps", "-eww", "-o", "pid=,args="], capture_output=True,
                                                 text=True).stdout.splitlines() if str(base) in line]
    assert leftovers == [], f"still running after the cohort: {leftovers}"


# --------------------------------------------------------------------------- a wave of learners

STEPS = ("login", "start", "fetch", "check", "save", "submit")


def marked(nb, note: str):
    """A learner's own copy: a comment in the first answer cell makes it theirs (and its digest unique)."""
    import copy

    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source += f"\n# {note}"
            return nb
    raise AssertionError("the exercise has no answer cell")


def learner_session(hub: Hub, user: str, name: str, notebook) -> dict[str, float]:
    """One learner's start of session and hand-in, each step timed in seconds.

    The self-check is nbgrader's Validate (the notebook's visible tests, run in the learner's own server):
    on the hub `ailead check` refuses to run, because the hidden tests are kept from learners there.
    """
    took: dict[str, float] = {}

    def timed(step: str, fn, *args):
        started = time.perf_counter()
        out = fn(*args)
        took[step] = time.perf_counter() - started
        return out

    timed("login", hub.login, user)
    timed("start", hub.start_server, user)
    timed("fetch", hub.nbgrader, user, "fetch")
    started = time.perf_counter()
    for _ in range(3):  # a learner whose Validate fails presses it again
        checked = hub.validate(user, f"{A}/{name}")
        if checked.get("success"):
            break
        hub.failed_presses.append((user, "check", str(checked.get("value", ""))[-300:]))
    else:
        raise AssertionError(f"{user}'s Validate failed three times: {str(checked.get('value'))[-1500:]}")
    took["check"] = time.perf_counter() - started
    timed("save", hub.save, user, f"{A}/{name}", notebook)
    timed("submit", hub.nbgrader, user, "submit")
    return took


def wave(hub: Hub, name: str, notebooks: dict) -> tuple[dict[str, dict[str, float]], dict[str, str]]:
    """All learners at once (they wait for each other at the start): their timings, and any failures."""
    barrier = threading.Barrier(len(notebooks))
    timings: dict[str, dict[str, float]] = {}
    failures: dict[str, str] = {}

    def one(user: str) -> None:
        barrier.wait()
        try:
            timings[user] = learner_session(hub, user, name, notebooks[user])
        except BaseException as exc:  # every learner's outcome is reported, not just the first failure
            failures[user] = f"{type(exc).__name__}: {str(exc)[:500]}"

    threads = [threading.Thread(target=one, args=(u,), daemon=True) for u in notebooks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(900)
    return timings, failures


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (the smallest value with at least p % of the values at or below it)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil without floats
    return ordered[int(rank) - 1]


class MemorySampler:
    """Peak memory in use on the machine, and per account, sampled every `every` seconds in a thread."""

    def __init__(self, users: list[str], every: float = 0.25):
        self.uids = {pwd.getpwnam(u).pw_uid: u for u in users}
        self.every, self.baseline, self.peak = every, self.in_use(), 0
        self.per_user: dict[str, int] = {u: 0 for u in users}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def in_use() -> int:
        info = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
        kib = int(info["MemTotal"].split()[0]) - int(info["MemAvailable"].split()[0])
        return kib * 1024

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            self.peak = max(self.peak, self.in_use())
            by_user: dict[str, int] = {}
            for proc in psutil.process_iter(["uids", "memory_info"]):
                try:
                    user = self.uids.get(proc.info["uids"].real)
                    if user:
                        by_user[user] = by_user.get(user, 0) + proc.info["memory_info"].rss
                except (psutil.Error, AttributeError, TypeError):
                    continue
            for user, rss in by_user.items():
                self.per_user[user] = max(self.per_user[user], rss)
            self._stop.wait(self.every)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(10)
