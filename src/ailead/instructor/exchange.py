"""nbgrader's submit, made atomic and safe when the exchange's disk is full.

Upstream ``ExchangeSubmit.copy_files`` copies a learner's assignment straight into
``EXCHANGE/COURSE/inbound/STUDENT+ASSIGNMENT+TIMESTAMP+RANDOM`` and writes ``timestamp.txt`` and
``submission_secret.txt`` after it. If the disk fills up or the server dies part way, a half-written folder
stays in inbound under a final name, and ``nbgrader collect`` (which takes each learner's latest submission
by the timestamp in the name) collects it over an earlier good one.

``AtomicExchangeSubmit`` writes the submission into a hidden folder in the same inbound folder, and renames
it to its final name only once it is complete: collect sees a whole submission or none. A failed write is
cleaned up and reported to the learner in plain words.

``SafeExchangeCollect`` closes the other side. Everyone may write into inbound (that is how learners hand
in), so anyone can make a folder named after another learner, dated in the future so it is the newest:
upstream collect only logs a warning when the folder's owner is not the learner it names, and collects it
anyway; and one folder whose name does not parse stops collect for the whole class. This collect skips both,
and says so. Both are used on the hub through the global nbgrader config::

    c.ExchangeFactory.submit = "ailead.instructor.exchange.AtomicExchangeSubmit"
    c.ExchangeFactory.collect = "ailead.instructor.exchange.SafeExchangeCollect"
"""

from __future__ import annotations

import datetime
import errno
import glob
import os
import pwd
import re
import secrets
import shutil
from stat import (
    S_IRGRP,
    S_IROTH,
    S_IRUSR,
    S_IRWXG,
    S_IRWXO,
    S_IRWXU,
    S_IWUSR,
    S_IXGRP,
    S_IXOTH,
    S_IXUSR,
)

from dateutil.tz import gettz
from nbgrader.exchange.default.collect import ExchangeCollect, groupby
from nbgrader.exchange.default.submit import ExchangeSubmit
from nbgrader.utils import get_username, parse_utc

# A leading dot: collect's and list's glob ``STUDENT+ASSIGNMENT+*`` never matches it (a glob's ``*`` skips
# dot-files, and no student id starts with a dot), and no "+" so nothing parses it as a submission.
PARTIAL_PREFIX = ".partial-"

SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})

# shutil.copytree gathers the errors of single files into one shutil.Error whose errno is None; the
# original errors survive only as text such as "[Errno 28] No space left on device".
_ERRNO_IN_TEXT = re.compile(r"\[Errno (\d+)\]")


def error_numbers(exc: OSError) -> list[int]:
    """The errno values behind an OSError, including those a shutil.Error carries only as text."""
    if exc.errno is not None:
        return [exc.errno]
    return [int(number) for number in _ERRNO_IN_TEXT.findall(str(exc))]


def submission_failed_message(assignment_id: str, exc: OSError) -> str:
    """What a learner reads when their submission could not be written into the exchange."""
    numbers = error_numbers(exc)
    if SPACE_ERRNOS.intersection(numbers):
        reason = "the course's submission space is full"
    elif numbers:
        reason = f"the course's submission folder could not be written to ({os.strerror(numbers[0])})"
    else:
        reason = "the course's submission folder could not be written to"
    return (
        f"Your submission of {assignment_id} did NOT go through: {reason}. "
        f"Your work is still safe in your own {assignment_id} folder; nothing there was changed. "
        "Please tell your instructor, and submit again later."
    )


class AtomicExchangeSubmit(ExchangeSubmit):
    """``ExchangeSubmit`` that never leaves a half-written submission where ``nbgrader collect`` looks."""

    def init_dest(self) -> None:
        super().init_dest()
        # Upstream's timestamps have microseconds, but a clock can give one value twice (or step back):
        # make this submission sort strictly after every earlier one of this learner that this cache shows,
        # so collect's "latest wins" always picks the newest.
        student_id = self.coursedir.student_id if self.coursedir.student_id != "*" else get_username()
        latest = self._latest_cached_timestamp(student_id)
        if latest is None or parse_utc(self.timestamp) > latest:
            return
        self.timestamp = self._format_after(latest)
        # Let upstream build the file name (and its random string) again from the new timestamp.
        super().init_dest()

    def _latest_cached_timestamp(self, student_id: str) -> datetime.datetime | None:
        """The latest timestamp of this learner's cached submissions of this assignment, as collect reads it."""
        prefix = f"{student_id}+{self.coursedir.assignment_id}+"
        latest = None
        for path in glob.glob(os.path.join(glob.escape(self.cache_path), glob.escape(prefix) + "*")):
            try:
                stamp = parse_utc(os.path.basename(path)[len(prefix):])
            except (ValueError, OverflowError):
                continue  # not a name nbgrader wrote; collect would not sort by it either
            if latest is None or stamp > latest:
                latest = stamp
        return latest

    def _format_after(self, latest: datetime.datetime) -> str:
        """A timestamp in the configured zone and format that parse_utc reads as strictly after ``latest``."""
        zone = gettz(self.timezone)  # set_timestamp has already failed on an unknown zone
        step = datetime.timedelta(microseconds=1)
        # One microsecond, unless the configured format cannot show it (no %f): then the smallest step it can.
        while True:
            moment = (latest + step).replace(tzinfo=datetime.timezone.utc).astimezone(zone)
            text = moment.strftime(self.timestamp_format)
            if parse_utc(text) > latest or step >= datetime.timedelta(days=1):
                return text
            step *= 10

    def copy_files(self) -> None:
        self.init_release()
        submission_secret = secrets.token_hex(64)

        dest_path = os.path.join(self.inbound_path, self.assignment_filename)
        if self.add_random_string:
            cache_path = os.path.join(self.cache_path, self.assignment_filename.rsplit("+", 1)[0])
        else:
            cache_path = os.path.join(self.cache_path, self.assignment_filename)
        # Same folder as the final name, so the rename below stays on one file system and is atomic.
        partial_path = os.path.join(self.inbound_path, PARTIAL_PREFIX + secrets.token_hex(12))

        self.log.info(f"Source: {self.src_path}")
        self.log.info(f"Destination: {dest_path}")

        self.check_filename_diff()
        try:
            self._write_submission(partial_path, submission_secret)
            os.rename(partial_path, dest_path)
        except OSError as exc:
            self._remove_partial(partial_path)
            self.fail(submission_failed_message(self.coursedir.assignment_id, exc))
        except BaseException:
            self._remove_partial(partial_path)
            raise

        # Like upstream: 0777 so the instructor (another user) can delete the submission later; other learners
        # still cannot find it, as they cannot list inbound and the name holds a timestamp and a random string.
        try:
            os.chmod(dest_path, S_IRWXU | S_IRWXG | S_IRWXO)
        except OSError as exc:
            # The submission is complete and in place; only its later clean-up by the instructor is harder.
            self.log.warning(f"Submitted, but could not make {dest_path} deletable by the instructor: {exc}")

        # The learner's own copy, which `nbgrader list` and fetching feedback read. The submission is already in:
        # a failure here (e.g. the learner's home is full) must not be reported as a failed submission.
        try:
            os.makedirs(self.cache_path, exist_ok=True)
            self.do_copy(self.src_path, cache_path)
            with open(os.path.join(cache_path, "timestamp.txt"), "w") as fh:
                fh.write(self.timestamp)
            with open(os.path.join(cache_path, "submission_secret.txt"), "w") as fh:
                fh.write(submission_secret)
        except Exception as exc:
            self.log.warning(
                f"Your submission went through, but its local record in {cache_path} could not be written ({exc}); "
                "the assignment list may not show it and its feedback may not be fetched automatically. "
                "Tell your instructor if so."
            )

        self.log.info(f"Submitted as: {self.coursedir.course_id} {self.coursedir.assignment_id} {self.timestamp}")

    def _write_submission(self, path: str, submission_secret: str) -> None:
        """Write the whole submission into ``path``, with upstream's files and permissions."""
        self.do_copy(self.src_path, path)
        with open(os.path.join(path, "timestamp.txt"), "w") as fh:
            fh.write(self.timestamp)
        with open(os.path.join(path, "submission_secret.txt"), "w") as fh:
            fh.write(submission_secret)
        self.set_perms(
            path,
            fileperms=(S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH),
            dirperms=(S_IRUSR | S_IWUSR | S_IXUSR | S_IRGRP | S_IXGRP | S_IROTH | S_IXOTH),
        )

    def _remove_partial(self, path: str) -> None:
        """Best effort: never raise over the error that brought us here."""
        try:
            shutil.rmtree(path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            # Left behind, it is still hidden from collect by its name.
            self.log.warning(f"Could not remove the unfinished submission {path}: {exc}")


def owner_name(path: str) -> str | None:
    """The account that owns `path`, or None when it has no name here."""
    try:
        return pwd.getpwuid(os.stat(path).st_uid).pw_name
    except (KeyError, OSError):
        return None


class SafeExchangeCollect(ExchangeCollect):
    """``ExchangeCollect`` that collects only what each learner handed in themselves."""

    def init_src(self) -> None:
        # Upstream's set-up (paths, checks, due date), then its choice of records, made from names that
        # parse and folders their learner owns.
        from nbgrader.api import Gradebook, MissingEntry
        from nbgrader.utils import check_mode

        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.inbound_path = os.path.join(self.course_path, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail(f"Course not found: {self.inbound_path}")
        if not check_mode(self.inbound_path, read=True, execute=True):
            self.fail(f"You don't have read permissions for the directory: {self.inbound_path}")
        student_id = self.coursedir.student_id if self.coursedir.student_id else "*"
        pattern = os.path.join(glob.escape(self.inbound_path), f"{student_id}+{self.coursedir.assignment_id}+*")
        records = [r for r in (self._trusted_record(path) for path in glob.glob(pattern)) if r is not None]

        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                self.duedate = gb.find_assignment(self.coursedir.assignment_id).duedate
            except MissingEntry:
                self.duedate = None
        chosen = []
        for group in groupby(records, lambda item: item["username"]).values():
            ordered = self._sort_by_timestamp(group)
            if self.duedate is not None and self.before_duedate:
                on_time = [r for r in ordered if r["timestamp"] <= self.duedate]
                chosen.append((on_time or ordered)[0])
            else:
                chosen.append(ordered[0])
        self.src_records = chosen

    def _trusted_record(self, path: str) -> dict | None:
        """The submission a folder holds, or None (with a warning) if its name or its owner is not right."""
        name = os.path.basename(path)
        parts = name.rsplit("+", 3)
        try:
            if len(parts) < 3:
                raise ValueError("not STUDENT+ASSIGNMENT+TIMESTAMP")
            record = {"username": parts[0], "filename": name, "timestamp": parse_utc(parts[2])}
        except (ValueError, OverflowError) as exc:
            self.log.warning(f"Skipped {path}: not a submission nbgrader made ({exc}).")
            return None
        owner = owner_name(path)
        if owner != record["username"]:
            # Someone else's folder under this learner's name: it must never stand for their work.
            self.log.warning(f"Skipped {path}: it claims to be {record['username']}'s submission but belongs to "
                             f"{owner or 'an unknown account'}. Look into it.")
            return None
        return record
