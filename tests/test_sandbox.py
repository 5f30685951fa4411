"""Hostile submissions, graded through `ailead grade` in the bubblewrap sandbox.

Each attack is appended to an otherwise perfect answer. For each: the attempt fails inside the kernel
(and leaves no trace outside) or the submission gets the right status; the run finishes; the
gradebook is intact; and the honest students' grades are exactly what they earn on their own.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import threading
from pathlib import Path

import nbformat
import pytest

from ailead.instructor import cli, grading
from ailead.instructor import sandbox as sb

A = "01-two-roles-one-product"
MARK = "ATTACK-SUCCEEDED"

pytestmark = pytest.mark.skipif(sb.unavailable() is not None, reason=sb.unavailable() or "")


@pytest.fixture(scope="module")
def listener():
    """A local server the hostile code tries to reach; it counts every connection it gets."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    state = {"connections": 0, "stop": False}

    def serve():
        while not state["stop"]:
            try:
                conn, _ = server.accept()
                state["connections"] += 1
                conn.close()
            except OSError:
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], state
    state["stop"] = True
    thread.join(timeout=2)
    server.close()


def _attacks(course: Path, port: int) -> dict[str, str]:
    solution = course / "solutions" / A / f"{A}.ipynb"
    gradebook = course / "grading" / "gradebook.db"
    return {
        "read-solution": f"print(open({str(solution)!r}).read()[:80])\nprint({MARK!r})",
        "read-gradebook": f"print(open({str(gradebook)!r}, 'rb').read()[:80])\nprint({MARK!r})",
        "write-gradebook": f"open({str(gradebook)!r}, 'wb').write(b'gone')\nprint({MARK!r})",
        "write-outside": (f"import pathlib\nfor p in [{str(course / 'HACKED')!r}, '/root/HACKED', "
                          f"{str(grading.REPO / 'HACKED')!r}, '/etc/HACKED']:\n"
                          "    try:\n        pathlib.Path(p).write_text('x')\n"
                          f"        print({MARK!r}, p)\n    except OSError as exc:\n        print('blocked', p, exc)"),
        "socket": (f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=3)\nprint({MARK!r})"),
        "loop": "while True:\n    pass",
        "stubborn-loop": ("while True:\n    try:\n        while True:\n            pass\n"
                          "    except KeyboardInterrupt:\n        pass"),
        "allocate": f"block = bytearray(100 * 2**30)\nprint({MARK!r})",
        "fork-bomb": ("import os, time\nfor _ in range(100000):\n    if os.fork() == 0:\n"
                      "        time.sleep(300)\n        os._exit(0)"),
        "print-50mb": "print('x' * 50_000_000)",
        "fill-tmp": ("for i in range(6):\n    with open(f'/tmp/fill{i}', 'wb') as fh:\n"
                     f"        fh.write(b'x' * 60_000_000)\nprint({MARK!r})"),
        "kill-kernel": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
        "whoami": f"import os\nassert os.getuid() != 0, {MARK!r}\nprint('uid', os.getuid())",
    }


# Status and automatic score of each student. The attack runs after `positions` is set, so an attack
# that fails inside the kernel costs nothing; one that stops the kernel costs what comes after it.
EXPECTED = {
    "honest-1": ("ok", 8), "honest-2": ("ok", 8),
    "read-solution": ("ok", 8), "read-gradebook": ("ok", 8), "write-gradebook": ("ok", 8),
    "write-outside": ("ok", 8), "socket": ("ok", 8), "allocate": ("ok", 8), "print-50mb": ("ok", 8),
    "fill-tmp": ("ok", 8),
    "whoami": ("ok", 8), "loop": ("timeout", 8), "stubborn-loop": ("timeout", 0),
    "kill-kernel": ("kernel-died", 0),
}
# A fork bomb is contained by the process limit. Whether the kernel itself then breaks depends on whether a
# later cell needs a new thread or process (drawing a figure does), so either outcome is honest: the kernel
# died (nothing earned) or it carried on and the tests it could still run were graded.
FORK_BOMB = {("kernel-died", 0), ("ok", 8)}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, listener):
    port, _ = listener
    course = grading.scratch_course(tmp_path_factory.mktemp("course"), [A])
    grading.generate(course, A)
    name, release = grading.release_notebook(course, A)
    source = nbformat.read(course / "solutions" / A / name, as_version=4)
    answers = grading.solution_answers(source)
    download = tmp_path_factory.mktemp("download")
    for student in ("honest-1", "honest-2"):
        nbformat.write(grading.fill_answers(release, answers), download / f"{student}_{name}")
    for student, attack in _attacks(course, port).items():
        nb = grading.fill_answers(release, {**answers, "positions": answers["positions"] + "\n" + attack})
        nbformat.write(nb, download / f"{student}_{name}")
    before = (course / "grading" / "gradebook.db").stat().st_size
    results = grading.grade_cohort(course, A, download, workers=2, budget=90, cell_timeout=4,
                                   echo=lambda *a, **k: None)
    return course, results, before


def _outputs(course: Path, student: str) -> str:
    path = course / "grading" / "autograded" / student / A / f"{A}.ipynb"
    if not path.exists():
        return ""
    nb = nbformat.read(path, as_version=4)
    return "\n".join(f"{o.get('text', '')}{o.get('ename', '')}: {o.get('evalue', '')}"
                     for c in nb.cells for o in c.get("outputs", []))


def test_every_hostile_submission_gets_the_right_status_and_score(hostile):
    _, results, _ = hostile
    actual = {s: (r.status, sum(v or 0 for k, v in r.parts.items() if k != "one-person-two-roles"))
              for s, r in results.items()}
    assert actual.pop("fork-bomb") in FORK_BOMB
    assert actual == EXPECTED


def test_no_attack_succeeds_inside_the_kernel(hostile):
    course, _, _ = hostile
    for student in [*EXPECTED, "fork-bomb"]:
        assert MARK not in _outputs(course, student), f"{student}: the attack got through"
    assert "No such file or directory" in _outputs(course, "read-solution")  # the solutions are not there
    assert "MemoryError" in _outputs(course, "allocate")
    assert "No space left on device" in _outputs(course, "fill-tmp")  # /tmp is in memory, and capped
    assert "uid 610" in _outputs(course, "whoami")  # an unprivileged id of the sandbox's own


def test_nothing_is_written_outside_the_submission(hostile):
    course, _, _ = hostile
    for path in (course / "HACKED", Path("/root/HACKED"), grading.REPO / "HACKED", Path("/etc/HACKED")):
        assert not path.exists(), f"{path} was written by a submission"
    assert "blocked" in _outputs(course, "write-outside")


def test_the_network_is_out_of_reach(hostile, listener):
    course, _, _ = hostile
    _, state = listener
    assert state["connections"] == 0
    assert "Connection refused" in _outputs(course, "socket") or "unreachable" in _outputs(course, "socket")


def test_the_gradebook_is_intact(hostile):
    course, results, _ = hostile
    db = course / "grading" / "gradebook.db"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    book = grading.scores(course, A)
    for student in ("honest-1", "honest-2", "write-gradebook"):
        assert book[student]["auto_score"] == 8


def test_no_sandboxed_process_outlives_the_run(hostile):
    import psutil

    course, _, _ = hostile
    stray = []
    for p in psutil.process_iter():
        try:
            if p.cwd().startswith(str(course)):
                stray.append(p)
        except (psutil.Error, OSError):
            pass
    assert not stray, f"processes from the sandbox are still running: {stray[:3]}"


def test_grading_refuses_to_run_unsandboxed_without_consent(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sb, "unavailable", lambda: sb.INSTALL_HINT)
    code = cli.main(["grade", A, "--from", str(tmp_path), "--course", str(grading.REPO)])
    err = capsys.readouterr().err
    assert code == 2 and "apt-get install bubblewrap" in err and "--no-sandbox" in err


def test_kernel_command_hides_the_course_and_cuts_the_network(tmp_path):
    conn = tmp_path / "ipc" / "kernel-1.json"
    conn.parent.mkdir()
    conn.write_text('{"transport": "ipc", "ip": "%s"}' % (tmp_path / "ipc" / "kernel"))
    work = tmp_path / "course" / "grading" / "autograded" / "s" / A
    work.mkdir(parents=True)
    uid = sb.UID_BASE if os.geteuid() == 0 else None
    settings = {"hide": [str(tmp_path / "course")], "limits": {}, "uid": uid}
    cmd = sb.bwrap_command(conn, work, settings, [])
    joined = " ".join(cmd)
    assert f"--tmpfs {tmp_path / 'course'}" in joined and "--tmpfs /root" in joined and "--tmpfs /home" in joined
    assert f"--bind {work} {work}" in joined and "--unshare-net" in joined and "--clearenv" in joined
    assert cmd.index(f"{tmp_path / 'course'}") < cmd.index(str(work))  # hidden first, then the one folder back
    assert "prlimit" in cmd and any(a.startswith("--cpu=") for a in cmd) and any(a.startswith("--as=") for a in cmd)
    if os.geteuid() == 0:
        assert "--cap-drop" in cmd and f"--reuid={sb.UID_BASE}" in cmd  # student code never runs as root
        with pytest.raises(SystemExit, match="refusing to run a kernel as root"):
            sb.bwrap_command(conn, work, {**settings, "uid": None}, [])
