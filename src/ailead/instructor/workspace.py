"""The learner's working copy: my-work/, a git-ignored copy of the lessons and exercises.

Learners work in their copy, never in the committed course files, so `git pull` never conflicts
with their work. Running :func:`sync` again (``make lab`` does it every time) adds lessons and
exercises that are new in the course and refreshes copies the learner has not changed; a copy the
learner has changed is never overwritten: they are told a newer version exists instead.

A quiet start: :func:`quiet_lab` gives the course's JupyterLab its own default settings, so that ``make
lab`` opens the first lesson with nothing competing for attention (no pop-up asking about Jupyter news,
no update check). They go into the course environment's JupyterLab, as the file
``<venv>/share/jupyter/lab/settings/overrides.d/ailead.json`` (JupyterLab merges every file in
``overrides.d`` into its defaults), never into the learner's own ``~/.jupyter``; a learner who changes
these settings in Lab keeps their choice.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ailead.instructor.course import REPO  # noqa: E402

DEFAULT_DEST = REPO / "my-work"
# solutions/ comes along so self-paced learners can compare with the model answers inside Lab.
COURSE_FOLDERS = ("notebooks", "exercises", "solutions")
MANIFEST = ".ailead-manifest.json"

# The course's JupyterLab defaults (plugin id -> settings), for a quiet start.
LAB_OVERRIDES: dict[str, dict] = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}
OVERRIDES_FILE = "overrides.d/ailead.json"


@dataclass
class SyncReport:
    dest: Path
    created: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # the learner's edited copy, while the course changed

    def lines(self) -> list[str]:
        """What happened, for the learner to read."""
        out = []
        if self.created:
            out.append(f"Copied {len(self.created)} new course file(s) into {self.dest}.")
        if self.refreshed:
            out.append(f"Updated {len(self.refreshed)} file(s) you had not changed: "
                       + ", ".join(self.refreshed))
        for rel in self.kept:
            out.append(f"Kept your edited {rel}; the course has a newer version. To get it, rename "
                       f"your copy (e.g. add '-old' to the name) and run `make lab` again.")
        if not out:
            out.append(f"Your working copy {self.dest} is up to date; your edits are untouched.")
        return out


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def course_files(repo: Path = REPO) -> list[Path]:
    """The course files a learner gets a copy of, relative to the repository."""
    files = []
    for folder in COURSE_FOLDERS:
        for path in sorted((repo / folder).rglob("*")):
            if path.is_file() and ".ipynb_checkpoints" not in path.parts:
                files.append(path.relative_to(repo))
    return files


def sync(dest: Path = DEFAULT_DEST, repo: Path = REPO) -> SyncReport:
    """Create or update the working copy without ever overwriting a file the learner changed."""
    dest = Path(dest)
    report = SyncReport(dest=dest)
    manifest_path = dest / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    except (OSError, ValueError):
        manifest = {}  # an unreadable manifest only costs us the ability to refresh; never an overwrite
    for rel in course_files(repo):
        source, target = repo / rel, dest / rel
        key = rel.as_posix()
        course_digest = _digest(source)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            report.created.append(key)
        elif course_digest != manifest.get(key, course_digest):
            if _digest(target) == manifest[key]:
                shutil.copy2(source, target)
                report.refreshed.append(key)
            else:
                report.kept.append(key)
                continue  # remember the version they copied, so the notice stays accurate
        else:
            manifest.setdefault(key, course_digest)
            continue
        manifest[key] = course_digest
    dest.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return report


def lab_settings_dir() -> Path:
    """The folder whose overrides JupyterLab reads: ``<app dir>/settings`` (LabApp.app_settings_dir)."""
    try:
        from jupyterlab.commands import get_app_dir
    except ImportError:  # JupyterLab not installed: where it would be
        return Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    return Path(get_app_dir()) / "settings"


def quiet_lab(settings_dir: Path | None = None) -> Path:
    """Write the course's JupyterLab defaults (:data:`LAB_OVERRIDES`) where Lab reads them; the file.

    Rewritten only when its content differs, so running it at every ``make lab`` costs nothing.
    """
    path = Path(settings_dir or lab_settings_dir()) / OVERRIDES_FILE
    text = json.dumps(LAB_OVERRIDES, indent=2, sort_keys=True) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """``python -m ailead.instructor.workspace [--quiet-lab-only]``: the working copy and the quiet start."""
    argv = list(sys.argv[1:] if argv is None else argv)
    print(f"JupyterLab's course settings: {quiet_lab()}")
    if "--quiet-lab-only" not in argv:
        for line in sync().lines():
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
