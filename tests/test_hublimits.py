"""Per-user memory and CPU limits for the hub (ailead.instructor.hublimits).

Fake cgroup v1 and v2 trees in tmp_path check what is written where; the spawner's own start/stop/preexec
run against JupyterHub's real LocalProcessSpawner when JupyterHub is installed (without demoting anyone);
on a machine where this process may create cgroups (root, read-write cgroup mount), a real group shows
that a memory hog is killed and a busy loop is throttled.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import errno
import logging
import os
import resource
import secrets
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from ailead.instructor import hublimits
from ailead.instructor.hublimits import CgroupLimits, join_cgroups

MB = 1024 * 1024
UNLIMITED = "9223372036854771712"  # what a fresh v1 memory group reports


def _run_async(coro):
    """Run a coroutine to the end in a thread of its own: another test may have left this thread's loop running."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _v1_tree(root: Path, user: str = "alice", parent: str = "ailead", memsw: bool = True) -> Path:
    """A cgroup v1 layout with the files the kernel would put in the user's fresh groups."""
    memory, cpu = root / "memory" / parent / user, root / "cpu" / parent / user
    for group in (memory, cpu):
        group.mkdir(parents=True)
        (group / "cgroup.procs").write_text("")
    (memory / "memory.limit_in_bytes").write_text(UNLIMITED)
    if memsw:
        (memory / "memory.memsw.limit_in_bytes").write_text(UNLIMITED)
    (cpu / "cpu.cfs_period_us").write_text("100000")
    (cpu / "cpu.cfs_quota_us").write_text("-1")
    return root


def _v2_tree(root: Path, user: str = "alice", parent: str = "ailead.slice", swap: bool = True) -> Path:
    root.mkdir(exist_ok=True)
    (root / "cgroup.controllers").write_text("cpu memory\n")
    (root / "cgroup.subtree_control").write_text("")
    group = root / parent / user
    group.mkdir(parents=True)
    (group / "cgroup.procs").write_text("")
    if swap:
        (group / "memory.swap.max").write_text("max")
    return root


def _in_child(fn) -> int:
    """Run fn in a forked child (so the test process itself joins nothing); return the child's pid."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            fn()
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return pid


def _read(path: Path) -> str:
    return path.read_text().strip()


# --- cgroup v1 ---------------------------------------------------------------------------------------------


def test_v1_limits_written_and_child_joins(tmp_path):
    root = _v1_tree(tmp_path)
    limits = CgroupLimits(root)
    assert (limits.version, limits.parent, limits.why_not()) == (1, "ailead", None)

    procs = limits.prepare("alice", 512 * MB, 0.5)

    memory, cpu = root / "memory" / "ailead" / "alice", root / "cpu" / "ailead" / "alice"
    assert _read(memory / "memory.limit_in_bytes") == str(512 * MB) == "536870912"
    assert _read(memory / "memory.memsw.limit_in_bytes") == "536870912"
    assert _read(cpu / "cpu.cfs_period_us") == "100000"
    assert _read(cpu / "cpu.cfs_quota_us") == "50000"
    assert procs == [memory / "cgroup.procs", cpu / "cgroup.procs"]

    pid = _in_child(lambda: join_cgroups(procs))
    assert _read(memory / "cgroup.procs") == _read(cpu / "cgroup.procs") == str(pid)


def test_v1_without_swap_accounting_writes_no_memsw(tmp_path):
    root = _v1_tree(tmp_path, memsw=False)
    CgroupLimits(root).prepare("alice", 512 * MB, None)
    memory = root / "memory" / "ailead" / "alice"
    assert _read(memory / "memory.limit_in_bytes") == "536870912"
    assert not (memory / "memory.memsw.limit_in_bytes").exists()
    assert _read(root / "cpu" / "ailead" / "alice" / "cpu.cfs_quota_us") == "-1"  # no cpu_limit: untouched


def test_v1_memsw_order_keeps_memsw_above_limit(tmp_path, monkeypatch):
    """The kernel refuses memsw < limit: lower the limit first, raise memsw first."""
    root = _v1_tree(tmp_path)
    writes = []
    real_write = hublimits._write
    monkeypatch.setattr(hublimits, "_write", lambda path, value: (writes.append(path.name), real_write(path, value)))
    limits = CgroupLimits(root)

    limits.prepare("alice", 512 * MB, None)  # fresh group, unlimited: lowering
    assert writes == ["memory.limit_in_bytes", "memory.memsw.limit_in_bytes"]
    writes.clear()
    limits.prepare("alice", 1024 * MB, None)  # reused group: raising
    assert writes == ["memory.memsw.limit_in_bytes", "memory.limit_in_bytes"]
    memory = root / "memory" / "ailead" / "alice"
    assert _read(memory / "memory.limit_in_bytes") == _read(memory / "memory.memsw.limit_in_bytes") == str(1024 * MB)


def test_v1_creates_groups_in_a_bare_tree_and_small_quota_is_clamped(tmp_path):
    (tmp_path / "memory").mkdir()
    (tmp_path / "cpu").mkdir()
    limits = CgroupLimits(tmp_path, parent="course/x")
    procs = limits.prepare("bob", 100 * MB, 0.001)
    assert _read(tmp_path / "memory" / "course" / "x" / "bob" / "memory.limit_in_bytes") == str(100 * MB)
    assert _read(tmp_path / "cpu" / "course" / "x" / "bob" / "cpu.cfs_quota_us") == "1000"
    assert [p.parent.name for p in procs] == ["bob", "bob"]
    assert limits.prepare("bob", None, None) == []


def test_release_removes_empty_groups_and_keeps_busy_ones(tmp_path):
    (tmp_path / "memory").mkdir()
    (tmp_path / "cpu").mkdir()
    limits = CgroupLimits(tmp_path)
    memory, cpu = limits.groups("carol")
    memory.mkdir(parents=True)
    cpu.mkdir(parents=True)
    (cpu / "cgroup.procs").write_text("123")  # stands in for a group the kernel still has a process in
    assert limits.release("carol") == [cpu]
    assert not memory.exists() and cpu.exists()
    assert limits.release("nobody") == []


# --- cgroup v2 ---------------------------------------------------------------------------------------------


def test_v2_limits_written_and_child_joins(tmp_path):
    root = _v2_tree(tmp_path / "cg")
    limits = CgroupLimits(root)
    assert (limits.version, limits.parent, limits.why_not()) == (2, "ailead.slice", None)

    procs = limits.prepare("alice", 512 * MB, 0.5)

    parent = root / "ailead.slice"
    group = parent / "alice"
    assert _read(root / "cgroup.subtree_control") == "+memory +cpu"
    assert _read(parent / "cgroup.subtree_control") == "+memory +cpu"
    assert _read(group / "memory.max") == "536870912"
    assert _read(group / "memory.swap.max") == "0"
    assert _read(group / "cpu.max") == "50000 100000"
    assert procs == [group / "cgroup.procs"]

    pid = _in_child(lambda: join_cgroups(procs))
    assert _read(group / "cgroup.procs") == str(pid)


def test_v2_without_swap_file_nested_parent_and_enabled_controllers(tmp_path):
    root = _v2_tree(tmp_path / "cg", parent="system.slice/ailead-hub.service/users", swap=False)
    (root / "cgroup.subtree_control").write_text("cpu io memory pids\n")  # systemd enabled them already
    limits = CgroupLimits(root, parent="system.slice/ailead-hub.service/users")
    limits.prepare("alice", None, 1.5)

    assert _read(root / "cgroup.subtree_control") == "cpu io memory pids"  # left alone
    for level in ("system.slice", "system.slice/ailead-hub.service", "system.slice/ailead-hub.service/users"):
        assert _read(root / level / "cgroup.subtree_control") == "+memory +cpu"
    group = root / "system.slice/ailead-hub.service/users/alice"
    assert _read(group / "memory.max") == "max"
    assert _read(group / "cpu.max") == "150000 100000"
    assert not (group / "memory.swap.max").exists()


# --- names, and where limits cannot be enforced -----------------------------------------------------------


@pytest.mark.parametrize("name", ["", ".", "..", "a/b", "../etc", "x\0y"])
def test_unsafe_user_names_are_refused(tmp_path, name):
    limits = CgroupLimits(_v2_tree(tmp_path / "cg"))
    with pytest.raises(ValueError, match="refusing"):
        limits.prepare(name, 512 * MB, 0.5)
    assert sorted(p.name for p in (tmp_path / "cg" / "ailead.slice").iterdir()) == ["alice"]


@pytest.mark.parametrize("parent", ["/abs", "../up", "a/../b"])
def test_parent_must_stay_below_the_root(tmp_path, parent):
    with pytest.raises(ValueError, match="relative path"):
        CgroupLimits(tmp_path, parent=parent)


def test_why_not_names_the_reason(tmp_path, monkeypatch):
    none = CgroupLimits(tmp_path / "missing")
    assert none.version is None and not none.enforced()
    assert "no cgroup hierarchy" in none.why_not()

    (tmp_path / "v2").mkdir()
    (tmp_path / "v2" / "cgroup.controllers").write_text("io pids\n")
    assert "memory and cpu controller" in CgroupLimits(tmp_path / "v2").why_not()

    root = _v1_tree(tmp_path / "v1")
    monkeypatch.setattr(hublimits.os, "access", lambda path, mode: False)  # as for a non-root hub or a ro mount
    reason = CgroupLimits(root).why_not()
    assert "is not writable" in reason and "root" in reason and "read-write" in reason


def test_join_failure_is_reported_not_raised(tmp_path, capfd):
    join_cgroups([tmp_path / "gone" / "cgroup.procs"])
    assert "could not join" in capfd.readouterr().err


# --- the spawner, against JupyterHub's own LocalProcessSpawner -------------------------------------------


@pytest.fixture
def spawner_env(tmp_path, monkeypatch):
    """LimitedSpawner with upstream's Popen and setuid replaced: start() only builds the preexec function."""
    spawner_mod = pytest.importorskip(
        "jupyterhub.spawner",
        reason="JupyterHub is not installed here; `pip install -e '.[hub]'` (the cohort server's extra) to run it")
    marker = tmp_path / "demoted"

    def fake_setuid(self, name):
        def demote():  # records whether the pid was already in the group when upstream's demotion ran
            procs = [p for p in self._cgroup_procs if p.exists()]
            marker.write_text(f"{name} {all(_read(p) == str(os.getpid()) for p in procs)}")
        return demote

    async def fake_start(self):
        self.test_preexec = self.make_preexec_fn(self.user.name)
        return ("127.0.0.1", 12345)

    async def fake_stop(self, now=False):
        self.test_stopped = True

    monkeypatch.setattr(spawner_mod.LocalProcessSpawner, "make_preexec_fn", fake_setuid)
    monkeypatch.setattr(spawner_mod.LocalProcessSpawner, "start", fake_start)
    monkeypatch.setattr(spawner_mod.LocalProcessSpawner, "stop", fake_stop)
    log = logging.getLogger("test_hublimits.spawner")

    def make(root, **kw):
        return hublimits.LimitedSpawner(user=SimpleNamespace(name="alice"), cgroup_root=str(root), log=log, **kw)

    return SimpleNamespace(make=make, marker=marker, log=log)


def test_spawner_enforces_limits_on_v1(tmp_path, spawner_env):
    root = _v1_tree(tmp_path / "cg")
    spawner = spawner_env.make(root, mem_limit="512M", cpu_limit=0.5)
    assert spawner.mem_limit == 512 * MB and spawner.enforced() and spawner.why_not() is None
    assert _run_async(spawner.start()) == ("127.0.0.1", 12345)

    memory, cpu = root / "memory" / "ailead" / "alice", root / "cpu" / "ailead" / "alice"
    assert _read(memory / "memory.limit_in_bytes") == _read(memory / "memory.memsw.limit_in_bytes") == "536870912"
    assert (_read(cpu / "cpu.cfs_period_us"), _read(cpu / "cpu.cfs_quota_us")) == ("100000", "50000")

    pid = _in_child(spawner.test_preexec)
    assert _read(memory / "cgroup.procs") == _read(cpu / "cgroup.procs") == str(pid)
    assert spawner_env.marker.read_text() == "alice True"  # joined first, then demoted

    _run_async(spawner.stop())
    assert spawner.test_stopped and memory.exists()  # the fake groups hold files, as a busy group holds a pid


def test_spawner_enforces_limits_on_v2_and_removes_empty_group(tmp_path, spawner_env):
    root = _v2_tree(tmp_path / "cg")
    spawner = spawner_env.make(root, mem_limit="512M", cpu_limit=0.5)
    _run_async(spawner.start())
    group = root / "ailead.slice" / "alice"
    assert (_read(group / "memory.max"), _read(group / "memory.swap.max"), _read(group / "cpu.max")) == (
        "536870912", "0", "50000 100000")
    pid = _in_child(spawner.test_preexec)
    assert _read(group / "cgroup.procs") == str(pid)

    for f in group.iterdir():  # the kernel empties a group's folder by itself once its processes are gone
        f.unlink()
    _run_async(spawner.stop())
    assert not group.exists() and (root / "ailead.slice").is_dir()


def test_spawner_without_cgroups_warns_once_and_starts(tmp_path, spawner_env, caplog):
    spawner = spawner_env.make(tmp_path / "no-cgroups", mem_limit="1G", cpu_limit=1.0)
    assert "no cgroup hierarchy" in spawner.why_not()
    with caplog.at_level(logging.INFO, logger=spawner_env.log.name):
        assert _run_async(spawner.start()) == ("127.0.0.1", 12345)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "advisory only" in warnings[0].getMessage() and "no cgroup hierarchy" in warnings[0].getMessage()
    _in_child(spawner.test_preexec)
    assert spawner_env.marker.read_text() == "alice True"  # demoted; joined nothing
    _run_async(spawner.stop())


def test_spawner_setup_failure_warns_and_starts(tmp_path, spawner_env, caplog, monkeypatch):
    root = _v2_tree(tmp_path / "cg")

    def busy(path, value):
        raise OSError(errno.EBUSY, "Device or resource busy", str(path))

    monkeypatch.setattr(hublimits, "_write", busy)  # e.g. v2's rule: no controllers below a group with processes
    spawner = spawner_env.make(root, mem_limit="1G")
    with caplog.at_level(logging.WARNING, logger=spawner_env.log.name):
        _run_async(spawner.start())
    (warning,) = caplog.records
    assert "advisory only" in warning.getMessage() and "busy" in warning.getMessage()
    assert spawner._cgroup_procs == ()


def test_spawner_without_limits_touches_nothing(tmp_path, spawner_env, caplog):
    root = _v2_tree(tmp_path / "cg")
    spawner = spawner_env.make(root)
    with caplog.at_level(logging.INFO, logger=spawner_env.log.name):
        _run_async(spawner.start())
    assert caplog.records == [] and _read(root / "cgroup.subtree_control") == ""


# --- real enforcement, where this process may create cgroups --------------------------------------------

HOG = "x = [bytearray(10_000_000) for _ in range(30)]"  # about 300 MB, touched
BUSY = "import time\nend = time.monotonic() + 2\nwhile time.monotonic() < end:\n    pass\n"
HOW = ("run the tests as root on a Linux machine whose cgroup hierarchy at /sys/fs/cgroup is mounted read-write "
       "with the memory and cpu controllers (e.g. `sudo .venv/bin/python -m pytest tests/test_hublimits.py`)")


@pytest.fixture
def real_limits():
    """A real per-user group (100M, half a core) under a throwaway parent; removed afterwards."""
    if os.geteuid() != 0:
        pytest.skip(f"creating cgroups needs root; {HOW}")
    limits = CgroupLimits(hublimits.DEFAULT_ROOT, parent=f"ailead-test-{secrets.token_hex(4)}")
    reason = limits.why_not()
    if reason is not None:
        pytest.skip(f"cgroups cannot be created here ({reason}); {HOW}")
    name = f"ailead-limit-test-{secrets.token_hex(4)}"
    try:
        try:
            procs = limits.prepare(name, 100 * MB, 0.5)
        except OSError as e:
            pytest.skip(f"the kernel refused a test cgroup ({e}); {HOW}")
        yield SimpleNamespace(limits=limits, name=name, procs=procs)
    finally:
        limits.release(name)
        for base in limits._bases():
            try:
                base.rmdir()
            except OSError:
                pass
        assert not any(g.exists() for g in limits.groups(name)), "a test cgroup was left behind"


def _cpu_seconds_of(cmd, **kw):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(cmd, timeout=60, **kw)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return result, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def test_real_cgroup_kills_memory_hog_and_throttles_cpu(real_limits):
    def join():  # the cgroup part of the spawner's preexec, without the demotion
        join_cgroups(real_limits.procs)

    inside = subprocess.run([sys.executable, "-c", HOG], preexec_fn=join, timeout=60, capture_output=True)
    assert inside.returncode in (-9, 137), (inside.returncode, inside.stderr[-500:])
    outside = subprocess.run([sys.executable, "-c", HOG], timeout=60, capture_output=True)
    assert outside.returncode == 0, outside.stderr[-500:]

    result, cpu = _cpu_seconds_of([sys.executable, "-c", BUSY], preexec_fn=join)
    assert result.returncode == 0
    assert 0.3 < cpu <= 0.5 * 2 * 1.3, f"a 2 s busy loop limited to half a core used {cpu:.2f} s of CPU"
