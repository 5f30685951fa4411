"""Per-user memory and CPU limits for a JupyterHub on one machine, enforced with Linux cgroups.

JupyterHub's default LocalProcessSpawner accepts ``mem_limit`` and ``cpu_limit`` but only exports them
(MEM_LIMIT, CPU_LIMIT); nothing stops one student's notebook from taking the whole machine. ``LimitedSpawner``
puts each user's single-user server, and so every kernel and process it starts, into a cgroup of its own
with those limits:

- the hub (root) creates the group and writes its limits before spawning;
- the forked child writes its own pid into the group's ``cgroup.procs`` while still root, then drops to the
  user (upstream's ``set_user_setuid``), then execs the server. The user cannot leave the group: moving a
  process needs write access to ``cgroup.procs`` files, which belong to root;
- after the server stops, the group is removed if it is empty (a lingering process keeps it, and its limits).

Both hierarchies are handled, detected at run time under ``cgroup_root`` (default ``/sys/fs/cgroup``):

cgroup v1 (separate ``memory`` and ``cpu`` mounts)
    ``memory/<parent>/<user>/memory.limit_in_bytes`` and, when swap accounting is on,
    ``memory.memsw.limit_in_bytes`` set to the same value, so swap is no way around the limit;
    ``cpu/<parent>/<user>/cpu.cfs_period_us`` = 100000 and ``cpu.cfs_quota_us`` = cpu_limit * 100000.
    The parent defaults to ``ailead``.
cgroup v2 (``<root>/cgroup.controllers`` exists)
    ``<root>/<parent>/<user>/`` with ``memory.max``, ``memory.swap.max`` = 0 (when the file exists) and
    ``cpu.max`` = "QUOTA 100000"; ``+memory +cpu`` is written to ``cgroup.subtree_control`` of every level from
    the root down to the parent. The parent defaults to ``ailead.slice``.

On a systemd machine with cgroup v2, systemd owns the tree: a group made by hand at the top works, but the
clean way is to let the hub's unit own a subtree. Add ``Delegate=yes`` to the hub's service (and, with
systemd 254 or later, ``DelegateSubgroup=hub``, which keeps the hub's own process in a leaf: cgroup v2 does
not let a group with processes in it hand controllers to its children), then set::

    c.LimitedSpawner.cgroup_parent = "system.slice/ailead-hub.service/users"

If no hierarchy is writable (the hub is not root, the mount is read-only, a container without cgroups), the
limits stay advisory as upstream: the spawner logs one warning per server start that says why, and starts
the server anyway. ``LimitedSpawner.why_not()`` (or ``CgroupLimits().why_not()``) gives that reason, or None.

The cgroup part (``CgroupLimits``, ``join_cgroups``) needs only the standard library; ``LimitedSpawner``
needs JupyterHub (the ``hub`` extra) and is built when first imported.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

DEFAULT_ROOT = "/sys/fs/cgroup"
DEFAULT_PARENT = {1: "ailead", 2: "ailead.slice"}
CONTROLLERS = ("memory", "cpu")
CPU_PERIOD_US = 100_000
MIN_CPU_QUOTA_US = 1_000  # the kernel refuses a quota below 1 ms


def safe_name(name: str) -> str:
    """The user's name as a cgroup folder name; ValueError if it could leave the parent folder."""
    if not name or name in (".", "..") or "/" in name or "\0" in name:
        raise ValueError(f"refusing to make a cgroup for the user name {name!r}")
    return name


def _parent_parts(parent: str) -> tuple[str, ...]:
    parts = PurePosixPath(parent).parts
    if not parts or PurePosixPath(parent).is_absolute() or any(p in (".", "..") for p in parts):
        raise ValueError(f"cgroup_parent must be a relative path below the cgroup root, not {parent!r}")
    return parts


def _write(path: Path, value: str) -> None:
    with open(path, "w") as f:
        f.write(value)


def _read(path: Path) -> str | None:
    try:
        return path.read_text().strip()
    except OSError:
        return None


def join_cgroups(procs_files: Iterable[str | os.PathLike]) -> None:
    """Move the calling process into each cgroup whose ``cgroup.procs`` file is given.

    Meant for a forked child before exec (a Popen preexec_fn): it uses only os calls, and a failure is
    written to stderr (the hub's log) rather than raised, so the server still starts, without that limit.
    """
    pid = str(os.getpid()).encode()
    for path in procs_files:
        try:
            fd = os.open(path, os.O_WRONLY)
            try:
                os.write(fd, pid)
            finally:
                os.close(fd)
        except OSError as e:
            os.write(2, f"ailead.hublimits: could not join {os.fspath(path)}: {e}; "
                        f"this server runs without that limit\n".encode())


class CgroupLimits:
    """Per-user cgroups with memory and CPU limits under ``root`` (cgroup v1 or v2, detected)."""

    def __init__(self, root: str | os.PathLike = DEFAULT_ROOT, parent: str = ""):
        self.root = Path(root)
        self.version = self._detect()
        self.parent = parent or DEFAULT_PARENT.get(self.version, DEFAULT_PARENT[2])
        self.parent_parts = _parent_parts(self.parent)

    def _detect(self) -> int | None:
        if (self.root / "cgroup.controllers").is_file():
            return 2
        if all((self.root / c).is_dir() for c in CONTROLLERS):
            return 1
        return None

    def _bases(self) -> list[Path]:
        """Where the per-user groups go: one folder per v1 controller, or the one v2 parent."""
        if self.version == 1:
            return [self.root / c / Path(*self.parent_parts) for c in CONTROLLERS]
        return [self.root / Path(*self.parent_parts)]

    def groups(self, name: str) -> list[Path]:
        """The user's group folders (v1: memory then cpu; v2: one)."""
        name = safe_name(name)
        return [base / name for base in self._bases()]

    def why_not(self) -> str | None:
        """None if limits can be enforced under root, else the reason they cannot."""
        if self.version is None:
            return (f"no cgroup hierarchy under {self.root}: neither cgroup v2 (cgroup.controllers) nor "
                    f"cgroup v1 memory/ and cpu/ mounts (not Linux, or a container without cgroups)")
        if self.version == 2:
            available = set((_read(self.root / "cgroup.controllers") or "").split())
            missing = [c for c in CONTROLLERS if c not in available]
            if missing:
                return f"the cgroup v2 root {self.root} does not offer the {' and '.join(missing)} controller(s)"
        for base in self._bases():
            target = base
            while not target.exists() and target != self.root:
                target = target.parent
            if not os.access(target, os.W_OK):
                return (f"{target} is not writable by this process (uid {os.geteuid()}): the hub must run as "
                        f"root and the cgroup mount must be read-write")
        return None

    def enforced(self) -> bool:
        return self.why_not() is None

    def prepare(self, name: str, mem_limit: int | None = None, cpu_limit: float | None = None) -> list[Path]:
        """Create the user's group(s) and write the limits; return the ``cgroup.procs`` files to join.

        Raises OSError when the kernel refuses (the caller decides whether to start without limits).
        """
        safe_name(name)
        mem = int(mem_limit) if mem_limit else None
        quota = max(MIN_CPU_QUOTA_US, int(cpu_limit * CPU_PERIOD_US)) if cpu_limit else None
        if mem is None and quota is None:
            return []
        if self.version == 1:
            return self._prepare_v1(name, mem, quota)
        if self.version == 2:
            return self._prepare_v2(name, mem, quota)
        raise OSError(errno.ENOENT, self.why_not() or "no cgroup hierarchy", str(self.root))

    def _prepare_v1(self, name: str, mem: int | None, quota: int | None) -> list[Path]:
        memory, cpu = self.groups(name)
        procs = []
        if mem is not None:
            memory.mkdir(parents=True, exist_ok=True)
            limit, memsw = memory / "memory.limit_in_bytes", memory / "memory.memsw.limit_in_bytes"
            # The kernel keeps memsw >= limit at every step: when lowering (a fresh group starts unlimited),
            # the memory limit goes first; when raising an existing group's limit, memsw goes first.
            current = _read(limit)
            order = [limit, memsw] if current is None or mem <= int(current) else [memsw, limit]
            for path in order:
                if path is limit or path.exists():
                    _write(path, str(mem))
            procs.append(memory / "cgroup.procs")
        if quota is not None:
            cpu.mkdir(parents=True, exist_ok=True)
            _write(cpu / "cpu.cfs_period_us", str(CPU_PERIOD_US))
            _write(cpu / "cpu.cfs_quota_us", str(quota))
            procs.append(cpu / "cgroup.procs")
        return procs

    def _prepare_v2(self, name: str, mem: int | None, quota: int | None) -> list[Path]:
        # Each level from the root down to the parent hands the controllers to its children.
        level = self.root
        for part in (*self.parent_parts, None):
            control = level / "cgroup.subtree_control"
            enabled = {c.lstrip("+") for c in (_read(control) or "").split()}
            missing = [c for c in CONTROLLERS if c not in enabled]
            if missing:
                _write(control, " ".join(f"+{c}" for c in missing))
            if part is not None:
                level = level / part
                level.mkdir(exist_ok=True)
        (group,) = self.groups(name)
        group.mkdir(exist_ok=True)
        _write(group / "memory.max", str(mem) if mem is not None else "max")
        if (group / "memory.swap.max").exists():
            _write(group / "memory.swap.max", "0" if mem is not None else "max")
        _write(group / "cpu.max", f"{quota if quota is not None else 'max'} {CPU_PERIOD_US}")
        return [group / "cgroup.procs"]

    def release(self, name: str) -> list[Path]:
        """Remove the user's groups that are empty; return those left (a process still in them, or absent)."""
        left = []
        for group in self.groups(name):
            try:
                group.rmdir()
            except FileNotFoundError:
                pass
            except OSError as e:
                if e.errno not in (errno.EBUSY, errno.ENOTEMPTY):
                    raise
                left.append(group)
        return left


def _build_spawner():
    from jupyterhub.spawner import LocalProcessSpawner
    from traitlets import Unicode

    class LimitedSpawner(LocalProcessSpawner):
        """LocalProcessSpawner that enforces mem_limit and cpu_limit with a cgroup per user.

        See the module's documentation (ailead.instructor.hublimits) for what it writes where, the systemd
        setting a cgroup v2 machine needs, and what happens where cgroups are not writable.
        """

        cgroup_root = Unicode(
            DEFAULT_ROOT,
            help="Where the cgroup hierarchy is mounted (v1: the folder holding memory/ and cpu/).",
        ).tag(config=True)

        cgroup_parent = Unicode(
            "",
            help="""Group, relative to cgroup_root, that holds one group per user.

            Empty: "ailead" on cgroup v1, "ailead.slice" on cgroup v2. With systemd and Delegate=yes on the
            hub's unit, e.g. "system.slice/ailead-hub.service/users".
            """,
        ).tag(config=True)

        _cgroup_procs: tuple[Path, ...] = ()

        def cgroups(self) -> CgroupLimits:
            return CgroupLimits(self.cgroup_root, self.cgroup_parent)

        def why_not(self) -> str | None:
            """None if this spawner's limits are enforced here, else why they are only advisory."""
            return self.cgroups().why_not()

        def enforced(self) -> bool:
            return self.why_not() is None

        def make_preexec_fn(self, name):
            demote = super().make_preexec_fn(name)
            procs = tuple(os.fspath(p) for p in self._cgroup_procs)

            def preexec():
                join_cgroups(procs)  # still root here
                demote()

            return preexec

        async def start(self):
            self._cgroup_procs = ()
            if self.mem_limit or self.cpu_limit:
                limits = self.cgroups()
                reason = limits.why_not()
                if reason is None:
                    try:
                        self._cgroup_procs = tuple(limits.prepare(self.user.name, self.mem_limit, self.cpu_limit))
                    except OSError as e:
                        reason = f"setting up the cgroup failed: {e}"
                if reason is not None:
                    self.log.warning(
                        "Memory and CPU limits for %s are advisory only on this machine (mem_limit=%s, "
                        "cpu_limit=%s are exported to the server, not enforced): %s",
                        self.user.name, self.mem_limit, self.cpu_limit, reason)
                else:
                    self.log.info("Limiting %s to mem_limit=%s bytes, cpu_limit=%s cores with cgroup v%s (%s)",
                                  self.user.name, self.mem_limit, self.cpu_limit, limits.version,
                                  ", ".join(str(p.parent) for p in self._cgroup_procs))
            return await super().start()

        async def stop(self, now=False):
            await super().stop(now=now)
            if self.mem_limit or self.cpu_limit:
                try:
                    left = self.cgroups().release(self.user.name)
                except (OSError, ValueError) as e:
                    self.log.warning("Could not remove the cgroup of %s: %s", self.user.name, e)
                else:
                    if left:
                        self.log.info("Leaving the cgroup(s) of %s in place (not empty): %s",
                                      self.user.name, ", ".join(map(str, left)))

    return LimitedSpawner


def __getattr__(name):
    # LimitedSpawner needs JupyterHub; build it on first use so the cgroup helpers import without it.
    if name == "LimitedSpawner":
        try:
            cls = _build_spawner()
        except ImportError as e:
            raise ImportError(f"ailead.instructor.hublimits.LimitedSpawner needs JupyterHub "
                              f"(pip install 'ailead[hub]'): {e}") from e
        cls.__qualname__ = name
        globals()[name] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
