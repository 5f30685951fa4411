"""The learner's working copy: my-work/, a git-ignored copy of the lessons and exercises.

Learners work in their copy, never in the committed course files, so `git pull` never conflicts
with their work. Running :func:`sync` again (``make lab`` does it every time) adds lessons and
exercises that are new in the course and refreshes copies the learner has not changed; a copy the
learner has changed is never overwritten: they are told a newer version exists instead.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ailead.instructor.course import REPO  # noqa: E402

DEFAULT_DEST = REPO / "my-work"
# solutions/ comes along so self-paced learners can compare with the model answers inside Lab.
COURSE_FOLDERS = ("notebooks", "exercises", "solutions")
MANIFEST = ".ailead-manifest.json"


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
