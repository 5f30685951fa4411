"""AtomicExchangeSubmit against real nbgrader: a tiny exchange in tmp_path, submitted to and collected from."""

from __future__ import annotations

import datetime
import errno
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_markdown_cell, new_notebook
from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange import ExchangeError, ExchangeFactory
from nbgrader.exchange.abc import exchange as abc_exchange
from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.submit import ExchangeSubmit
from nbgrader.utils import get_username, parse_utc
from traitlets.config import Config

from ailead.instructor import exchange
from ailead.instructor.exchange import (
    AtomicExchangeSubmit,
    SafeExchangeCollect,
    submission_failed_message,
)

UPSTREAM = pytest.param(ExchangeSubmit, id="upstream")
OURS = pytest.param(AtomicExchangeSubmit, id="atomic")


@pytest.fixture(autouse=True)
def alembic_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """nbgrader's Gradebook (which collect opens) runs the `alembic` command it finds on PATH."""
    monkeypatch.setenv("PATH", os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))


def write_notebook(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(cells=[new_markdown_cell(text)]), str(path))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class Course:
    """Exchange root, learner folder, cache and instructor course folder, all in tmp_path."""

    def __init__(self, tmp_path: Path) -> None:
        self.root = tmp_path / "exchange"
        self.inbound = self.root / "c" / "inbound"
        self.inbound.mkdir(parents=True)
        write_notebook(self.root / "c" / "outbound" / "a1" / "a1.ipynb", "released")
        self.home = tmp_path / "learner"
        self.source = self.home / "a1"
        write_notebook(self.source / "a1.ipynb", "answer 1")
        self.cache = tmp_path / "cache"
        self.course_dir = tmp_path / "course"
        self.course_dir.mkdir()

    def config(self) -> Config:
        config = Config()
        config.Exchange.root = str(self.root)
        config.Exchange.cache = str(self.cache)
        config.Exchange.assignment_dir = str(self.home)
        config.CourseDirectory.course_id = "c"
        config.CourseDirectory.assignment_id = "a1"
        config.CourseDirectory.root = str(self.course_dir)
        return config

    def submit(self, cls: type[ExchangeSubmit] = AtomicExchangeSubmit) -> None:
        config = self.config()
        cls(coursedir=CourseDirectory(config=config), authenticator=Authenticator(config=config), config=config).start()

    def entries(self) -> list[str]:
        return sorted(os.listdir(self.inbound))

    def collect(self, cls: type[ExchangeCollect] = ExchangeCollect) -> str:
        """Run nbgrader's own collect (or ours) as the instructor; the collected notebook's text."""
        config = self.config()
        collect = cls(
            coursedir=CourseDirectory(config=config), authenticator=Authenticator(config=config), config=config
        )
        collect.start()
        notebook = self.course_dir / "submitted" / get_username() / "a1" / "a1.ipynb"
        return nbformat.read(str(notebook), as_version=4).cells[0].source


def test_normal_submission_lands_under_its_final_name(tmp_path: Path) -> None:
    course = Course(tmp_path)
    course.submit()
    (name,) = course.entries()
    student, assignment, timestamp, _random = name.split("+")
    assert (student, assignment) == (get_username(), "a1")
    folder = course.inbound / name
    assert (folder / "timestamp.txt").read_text() == timestamp
    assert len((folder / "submission_secret.txt").read_text()) == 128
    assert (folder / "a1.ipynb").read_bytes() == (course.source / "a1.ipynb").read_bytes()
    # the same permissions as upstream: a 0777 folder with 0644 files
    assert folder.stat().st_mode & 0o777 == 0o777
    assert (folder / "a1.ipynb").stat().st_mode & 0o777 == 0o644
    assert not list(course.inbound.glob(".partial-*"))
    assert (course.cache / "c" / name.rsplit("+", 1)[0] / "timestamp.txt").read_text() == timestamp
    assert course.collect() == "answer 1"


def test_the_exchange_factory_trait_loads_the_class(tmp_path: Path) -> None:
    config = Course(tmp_path).config()
    config.ExchangeFactory.submit = "ailead.instructor.exchange.AtomicExchangeSubmit"
    submit = ExchangeFactory(config=config).Submit(
        coursedir=CourseDirectory(config=config), authenticator=Authenticator(config=config), config=config
    )
    assert type(submit) is AtomicExchangeSubmit


@pytest.mark.parametrize("cls", [UPSTREAM, OURS])
def test_disk_full_mid_copy_leaves_only_the_earlier_submission(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cls: type[ExchangeSubmit]
) -> None:
    course = Course(tmp_path)
    course.submit()
    (good,) = course.entries()
    write_notebook(course.source / "a1.ipynb", "answer 2")
    before = snapshot(course.source)

    def copy_until_full(self: ExchangeSubmit, src: str, dest: str, log: object = None) -> None:
        os.makedirs(dest)
        with open(os.path.join(dest, "a1.ipynb"), "wb") as fh:
            fh.write((Path(src) / "a1.ipynb").read_bytes()[:20])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as fault:
        fault.setattr(ExchangeSubmit, "do_copy", copy_until_full)
        if cls is ExchangeSubmit:
            # Expected upstream behaviour, the reason for this module: the half-written folder keeps its final
            # name, and collect takes it over the earlier good submission.
            with pytest.raises(OSError):
                course.submit(cls)
        else:
            with pytest.raises(ExchangeError) as failure:
                course.submit(cls)

    if cls is ExchangeSubmit:
        assert len(course.entries()) == 2
        with pytest.raises(nbformat.reader.NotJSONError):
            course.collect()
        return
    message = str(failure.value)
    assert "did NOT go through" in message
    assert "the course's submission space is full" in message
    assert "still safe in your own a1 folder" in message
    assert "tell your instructor, and submit again later" in message
    assert course.entries() == [good]
    assert snapshot(course.source) == before
    assert course.collect() == "answer 1"


def test_failure_messages_say_why_in_plain_words() -> None:
    quota = submission_failed_message("a1", OSError(errno.EDQUOT, os.strerror(errno.EDQUOT)))
    assert "the course's submission space is full" in quota
    broken = submission_failed_message("a1", OSError(errno.EIO, os.strerror(errno.EIO)))
    assert "could not be written to (Input/output error)" in broken
    assert "space is full" not in broken


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="mounting a tmpfs needs root")
def test_a_really_full_disk(tmp_path: Path) -> None:
    course = Course(tmp_path)
    write_notebook(course.source / "a1.ipynb", "x" * 2_000_000)  # twice the space of the 1 MB file system
    before = snapshot(course.source)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(course.inbound)], check=False)
    if mounted.returncode != 0:
        pytest.skip("this root cannot mount a tmpfs (no CAP_SYS_ADMIN in this container)")
    try:
        with pytest.raises(ExchangeError, match="the course's submission space is full"):
            course.submit()
        assert course.entries() == []
    finally:
        subprocess.run(["umount", str(course.inbound)], check=True)
    assert snapshot(course.source) == before


@pytest.mark.parametrize("cls", [UPSTREAM, OURS])
def test_a_failed_cache_copy_does_not_fail_the_submission(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, cls: type[ExchangeSubmit]
) -> None:
    course = Course(tmp_path)
    real_copy = ExchangeSubmit.do_copy

    def cache_disk_full(self: ExchangeSubmit, src: str, dest: str, log: object = None) -> None:
        if dest.startswith(str(course.cache)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_copy(self, src, dest)

    with monkeypatch.context() as fault, caplog.at_level(logging.WARNING):
        fault.setattr(ExchangeSubmit, "do_copy", cache_disk_full)
        if cls is ExchangeSubmit:
            # Expected upstream behaviour: the learner is told it failed although the submission is in.
            with pytest.raises(OSError):
                course.submit(cls)
        else:
            course.submit(cls)

    (name,) = course.entries()
    assert (course.inbound / name / "submission_secret.txt").is_file()
    if cls is ExchangeSubmit:
        return
    assert "Your submission went through" in caplog.text
    assert course.collect() == "answer 1"


class FrozenDatetime(datetime.datetime):
    """A clock that gives the same instant every time."""

    @classmethod
    def now(cls, tz: datetime.tzinfo | None = None) -> FrozenDatetime:
        return cls(2025, 3, 4, 10, 11, 12, 345678, tzinfo=datetime.timezone.utc).astimezone(tz)


@pytest.mark.parametrize("cls", [UPSTREAM, OURS])
def test_two_submissions_in_the_same_instant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cls: type[ExchangeSubmit]
) -> None:
    course = Course(tmp_path)
    # set_timestamp reads the clock through the module `datetime` of nbgrader's abstract exchange.
    monkeypatch.setattr(abc_exchange, "datetime", type("FrozenModule", (), {"datetime": FrozenDatetime}))
    course.submit(cls)
    write_notebook(course.source / "a1.ipynb", "answer 2")
    if cls is ExchangeSubmit:
        # Expected upstream behaviour: the second is written into inbound, then fails on the learner's cache
        # copy, whose name (without the random string) is already taken by the first.
        with pytest.raises(FileExistsError):
            course.submit(cls)
    else:
        course.submit(cls)

    stamps = {}
    for name in course.entries():
        folder = course.inbound / name
        text = nbformat.read(str(folder / "a1.ipynb"), as_version=4).cells[0].source
        stamps[text] = parse_utc(name.rsplit("+", 3)[2])
        assert (folder / "timestamp.txt").read_text() == name.rsplit("+", 3)[2]
    if cls is ExchangeSubmit:
        # Expected upstream behaviour: a tie, which collect breaks by the arbitrary order of the directory listing.
        assert stamps["answer 1"] == stamps["answer 2"]
        return

    assert stamps["answer 2"] == stamps["answer 1"] + datetime.timedelta(microseconds=1)
    assert course.collect() == "answer 2"


def _forge(course: Course, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Another account's folder in inbound, named as this learner's submission and dated in the future."""
    forged = course.inbound / f"{get_username()}+a1+2099-01-01 00:00:00.000000 UTC+forged"
    write_notebook(forged / "a1.ipynb", "forged")
    (forged / "timestamp.txt").write_text("2099-01-01 00:00:00.000000 UTC")
    if os.geteuid() == 0:
        for path in (forged, forged / "a1.ipynb", forged / "timestamp.txt"):
            os.chown(path, 65534, 65534)  # nobody
    else:  # a learner's laptop cannot give files away: the owner lookup says what chown would have made
        real = exchange.owner_name
        monkeypatch.setattr(exchange, "owner_name", lambda path: "nobody" if "forged" in path else real(path))
    return forged


def test_upstream_collect_takes_a_forged_hand_in_ours_skips_it(tmp_path: Path, monkeypatch, caplog) -> None:
    course = Course(tmp_path)
    course.submit()
    _forge(course, monkeypatch)
    with caplog.at_level(logging.WARNING):
        assert course.collect(SafeExchangeCollect) == "answer 1"
    assert "claims to be" in caplog.text and "belongs to nobody" in caplog.text
    if os.geteuid() == 0:  # upstream only warns, and collects the newest: the forged one
        shutil.rmtree(course.course_dir / "submitted")
        assert course.collect(ExchangeCollect) == "forged"


def test_one_unreadable_name_does_not_stop_collect_for_everyone(tmp_path: Path, caplog) -> None:
    course = Course(tmp_path)
    course.submit()
    write_notebook(course.inbound / f"{get_username()}+a1+not-a-date" / "a1.ipynb", "junk")
    with pytest.raises(ValueError):
        course.collect(ExchangeCollect)
    with caplog.at_level(logging.WARNING):
        assert course.collect(SafeExchangeCollect) == "answer 1"
    assert "not a submission nbgrader made" in caplog.text
