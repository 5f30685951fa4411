"""A sandboxed Python kernel for autograding, built on bubblewrap and resource limits.

Student code runs with the grader's rights unless something stops it. This kernel stops it:

- a read-only view of the system; the submission's own folder is the only writable place, and
  ``/tmp`` is private (in memory, capped at 256 MB);
- the course folder (solutions, the gradebook, other students' work), home folders and Jupyter's
  runtime files (tokens) are hidden; only the Python installation and the ``ailead`` package show;
- no network: the kernel has its own empty network namespace and talks to the grader over IPC
  sockets in a private folder;
- limits on CPU time, memory (address space), file size, open files and processes; the per-cell
  timeout stays below the CPU limit, so a loop is interrupted and graded and the CPU limit is the
  backstop;
- never root: a grader running as root drops the kernel to an unprivileged user id of its own
  (one per worker, so one student's fork bomb cannot starve another's kernel).

Not covered: memory is limited per process (address space), not by cgroup accounting, and CPU per
process, not for the whole process tree.

Jupyter starts this kernel as ``python -m ailead.instructor.sandbox -f CONNECTION_FILE``: this module builds
the bubblewrap command and replaces itself with it; inside, ``prlimit`` applies the limits and
``setpriv`` drops root before ipykernel starts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

KERNEL_NAME = "ailead-sandbox"
BWRAP = "bwrap"
UID_BASE = 61000  # unprivileged user ids for kernels when the grader is root: one per worker
INSTALL_HINT = ("bubblewrap is not installed or cannot create namespaces here. On Debian or Ubuntu: "
                "`sudo apt-get install bubblewrap` (`make system-deps` does it; `.ci/run` installs it in "
                "CI). To grade without a sandbox anyway, pass --no-sandbox: student code then runs with "
                "your rights and can read the solutions and the gradebook.")


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int = 90            # whole kernel; above the per-cell timeout so loops are graded first
    memory_bytes: int = 4 * 2**30    # address space
    file_bytes: int = 64 * 2**20     # largest file the kernel may write
    open_files: int = 256
    processes: int = 256             # per sandbox user id (threads count too)
    tmp_bytes: int = 256 * 2**20     # the private /tmp lives in memory: cap it


def unavailable() -> str | None:
    """Why the sandbox cannot run on this machine, or None when it can."""
    if shutil.which(BWRAP) is None:
        return INSTALL_HINT
    probe = [BWRAP, "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "--unshare-net",
             "--unshare-pid", "--die-with-parent"]
    if os.geteuid() != 0:
        probe.append("--unshare-user")
    try:
        proc = subprocess.run(probe + ["true"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{INSTALL_HINT} (trying it failed: {exc})"
    if proc.returncode != 0:
        return f"{INSTALL_HINT} (bwrap said: {proc.stderr.strip()[:200]})"
    return None


def install_kernelspec(folder: Path) -> Path:
    """Write the sandbox kernel's spec under folder/kernels/ (add folder to JUPYTER_PATH to use it)."""
    spec = folder / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ailead.instructor.sandbox", "-f", "{connection_file}"],
        "display_name": "Python 3 (ailead sandbox)",
        "language": "python",
        # Interrupts travel as messages: a signal to the launcher would not reach the kernel inside.
        "interrupt_mode": "message",
        "metadata": {"debugger": False},
    }, indent=1))
    return spec


def worker_setup(runtime: Path, hide: list[Path], limits: Limits, uid: int | None) -> dict:
    """Prepare a grading worker to run every kernel in the sandbox; returns nbgrader config overrides.

    `runtime` is the worker's private folder (kernel spec and IPC sockets); `hide` lists folders the
    kernel must not see (the course, the gradebook's folder); `uid` is the user id kernels drop to
    when the grader is root.
    """
    runtime.mkdir(parents=True, exist_ok=True)
    install_kernelspec(runtime / "jupyter")
    os.environ["JUPYTER_PATH"] = str(runtime / "jupyter") + os.pathsep + os.environ.get("JUPYTER_PATH", "")
    os.environ["AILEAD_SANDBOX"] = json.dumps({
        "hide": [str(p) for p in hide], "limits": asdict(limits), "uid": uid, "font_cache": _font_cache()})
    ipc = runtime / "ipc"
    ipc.mkdir(exist_ok=True)
    return {"Execute.kernel_name": KERNEL_NAME, "KernelManager.transport": "ipc",
            "KernelManager.ip": str(ipc / "kernel")}


# --------------------------------------------------------------------------- the launcher

def _visible_python() -> list[Path]:
    """What the kernel needs to see: the Python installation(s), the ailead package and the course's assets.

    The assets (quiz banks, stored figures, the final assessment's key-free questions) are what every learner
    gets anyway; in a development checkout they sit at the repository's top, outside the package."""
    import ailead
    from ailead.quizbank import assets_dir

    paths = {Path(sys.prefix), Path(sys.base_prefix), Path(ailead.__file__).resolve().parents[1]}
    if assets_dir().is_dir():
        paths.add(assets_dir())
    return sorted(p.resolve() for p in paths)


def _font_cache() -> str | None:
    """Matplotlib's cache folder, found once per worker (importing matplotlib per kernel would be slow)."""
    try:
        import matplotlib

        return matplotlib.get_cachedir()
    except Exception:  # no matplotlib: nothing to copy
        return None


def _copy_font_cache(source: str | None, dest: Path) -> None:
    """Matplotlib rebuilds its font list when its cache is unreadable (a second or more per kernel)."""
    dest.mkdir(parents=True, exist_ok=True)
    if source:
        for f in Path(source).glob("fontlist-*.json"):
            shutil.copy(f, dest / f.name)


def bwrap_command(connection_file: Path, cwd: Path, settings: dict, extra: list[str]) -> list[str]:
    """The bubblewrap command that runs the inner kernel for this connection file."""
    conn = json.loads(connection_file.read_text())
    if conn.get("transport") != "ipc":
        raise SystemExit("ailead sandbox: the kernel must use IPC transport (KernelManager.transport = 'ipc')")
    private = Path(conn["ip"]).parent
    inner_conn = private / connection_file.name
    if connection_file.resolve() != inner_conn.resolve():
        shutil.copy(connection_file, inner_conn)
    _copy_font_cache(settings.get("font_cache"), private / "mpl")
    uid = settings.get("uid")
    if os.geteuid() == 0 and uid is not None:
        for path in [private, *private.iterdir(), cwd, *cwd.rglob("*")]:
            os.chown(path, uid, uid)
    limits = Limits(**settings.get("limits", {}))
    # /tmp is world-writable with the sticky bit, as usual, so the kernel can use it whatever its user id.
    cmd = [BWRAP, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
           "--perms", "1777", "--size", str(limits.tmp_bytes), "--tmpfs", "/tmp"]
    hidden = [Path("/tmp")]
    # A folder inside another hidden one is hidden already; mounting it too would be undone (or, with
    # the parent mounted second, leave a stale mount) so only the outermost ones are mounted.
    wanted = {Path(p).resolve() for p in ["/root", "/home", *settings.get("hide", [])] if Path(p).exists()}
    for path in sorted(wanted, key=lambda p: len(p.parts)):
        if not any(h in path.parents for h in wanted):
            cmd += ["--tmpfs", str(path)]
            hidden.append(path)
    made: set[Path] = set()

    def parents_of(target: Path) -> list[str]:
        # bubblewrap creates missing parent folders inside a hidden (empty) folder as 0700, which the
        # unprivileged kernel could not pass through: make them 0755 first.
        out = []
        for parent in reversed(target.parents):
            if parent not in made and any(h in parent.parents for h in hidden):
                out += ["--perms", "0755", "--dir", str(parent)]
                made.add(parent)
        return out

    for path in _visible_python():
        cmd += parents_of(path) + ["--ro-bind", str(path), str(path)]
    for path in (cwd.resolve(), private.resolve()):
        cmd += parents_of(path) + ["--bind", str(path), str(path)]
    # Hidden folders are empty in-memory mounts; read-only, so that (in a user namespace, where the
    # kernel owns them) nothing can be written there, and they cannot be used to fill memory.
    for path in hidden[1:]:
        cmd += ["--remount-ro", str(path)]
    cmd += ["--chdir", str(cwd),
            "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session", "--clearenv"]
    if os.geteuid() == 0:
        # Root keeps only what it needs to become the sandbox user; the inner step drops even that.
        cmd += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        cmd += ["--unshare-user"]
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": os.environ.get("LANG", "C.UTF-8"),
           "MPLCONFIGDIR": str(private / "mpl"), "MPLBACKEND": "module://matplotlib_inline.backend_inline",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1",
           "AILEAD_HOME": "/tmp/ailead", "IPYTHONDIR": "/tmp/.ipython",
           "AILEAD_SANDBOX": json.dumps(settings)}
    for key, value in env.items():
        cmd += ["--setenv", key, value]
    # Inside: util-linux's prlimit sets the limits and setpriv drops root, then ipykernel starts.
    cmd += ["--", "prlimit", f"--cpu={limits.cpu_seconds}", f"--as={limits.memory_bytes}",
            f"--fsize={limits.file_bytes}", f"--nofile={limits.open_files}"]
    if uid is not None:
        # Process limits count every process of a user id: only meaningful for the sandbox's own id,
        # not for an instructor's account that also runs a desktop.
        cmd += [f"--nproc={limits.processes}"]
    if os.geteuid() == 0:
        if uid is None:
            raise SystemExit("ailead sandbox: refusing to run a kernel as root without a user id to drop to")
        # From root to an ordinary id: every capability goes with it.
        cmd += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all"]
    cmd += [sys.executable, "-m", "ipykernel_launcher", "-f", str(inner_conn), *extra]
    return cmd


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2 or args[0] != "-f":
        raise SystemExit("usage: python -m ailead.instructor.sandbox -f CONNECTION_FILE [kernel arguments]")
    settings = json.loads(os.environ.get("AILEAD_SANDBOX", "{}"))
    cmd = bwrap_command(Path(args[1]), Path.cwd(), settings, args[2:])
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    main()
