"""Weekly summaries: written on the parent's day and time, kept until written, mailed.

The schedule is APScheduler's `CronTrigger` for the policy's weekday and time in the policy's
zone, asked about the tick's trusted time (no scheduler thread: a wall clock moved by hand
gains nothing). APScheduler and what it loads (asyncio, ssl: about 7 MiB) would stay in the
service for good, so the trigger is read by a short planner process
(`python -m guardian.reports.schedule`) when a schedule is new or changed and when a run's
time came; the next run is kept in the ledger, so a restart knows it.

Each run at the scheduled time owes the summary of the week that ended on or before that day
(a week ending that very day counts, as the policy's `weekday` says). Runs missed while the
machine was off are coalesced into one run at the next start that writes every missed week,
at most `keep_weeks` of them, so the folder has no gaps; a changed schedule or time zone only
moves the next run, it never makes one due at once. Owed weeks are kept in the ledger until
the writer has written them; a failure is retried with backoff and told to the parent.

Writing happens in a child process, `python -m guardian.reports.write` (HTML, PDF, CSV,
JSON), and sending mail in another, `python -m guardian.reports.mail`; both are polled each
tick and never waited on, and killed after a timeout.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple, Protocol

import msgspec

from guardian.api import Event, EventKind, InvalidRequest
from guardian.compiled import CompiledPolicy
from guardian.features.base import Feature, ServiceContext, Tick
from guardian.frozen import module_command
from guardian.methods import Access, Caller, Method
from guardian.platform.locations import SUMMARY_FILE_MODE, share_with_administrators
from guardian.problems import Problem, ProblemCode
from guardian.reports.schedule import Plan
from guardian.secrets import SecretStore, SecretStoreError

if TYPE_CHECKING:
    from guardian.reports.mail import Outbox
    from guardian.reports.model import WeekSummary
    from rules.model import Policy
    from rules.reports import MailSettings
    from rules.reports import Reports as ReportSettings

log = logging.getLogger(__name__)

STATE_KEY = "reports"
"""Ledger meta: the schedule, the next run, the weeks owed and the last run."""
PASSWORD_SECRET = "report-mail-password"
RETRY_DELAYS = (60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 3600.0)
"""Seconds before each retry of a failed write or send: 1 min doubling to 1 h."""
WRITER_TIMEOUT = 900.0
SENDER_TIMEOUT = 600.0
PIPE_BYTES = 4096
"""Input up to this size goes through a pipe (it never fills); more through a file."""

WRITER = module_command("guardian.reports.write")
SENDER = module_command("guardian.reports.mail")
PLANNER = module_command("guardian.reports.schedule")
PLANNER_TIMEOUT = 120.0


class Collect(Protocol):
    """`guardian.reports.collect.collect_week`: one profile's week from the state database."""

    def __call__(
        self,
        db: sqlite3.Connection,
        policy: Policy,
        profile_id: str,
        start: date,
        *,
        now: datetime,
        machine: str,
        version: str,
    ) -> WeekSummary:
        """The summary of the week starting on `start`."""
        ...


class WeekParams(msgspec.Struct, forbid_unknown_fields=True):
    """`reports.week`: a profile's week (None: the current week)."""

    profile_id: str
    week: str | None = None


class OwnWeekParams(msgspec.Struct, forbid_unknown_fields=True):
    """`reports.mine`: the caller's own week (None: the current week)."""

    week: str | None = None


class RunParams(msgspec.Struct, forbid_unknown_fields=True):
    """`reports.run`: write a week's summaries now (None: the current week)."""

    week: str | None = None


class MailPasswordParams(msgspec.Struct, forbid_unknown_fields=True):
    """`reports.set_mail_password`: the mail server's password ("" forgets it)."""

    password: str


class Schedule(msgspec.Struct, kw_only=True):
    """What the ledger keeps between starts."""

    schedule: str | None = None
    """The weekday, time and zone the next run was worked out for."""
    next: datetime | None = None
    pending: list[str] = []
    """Weeks owed, oldest first."""
    last_run: datetime | None = None
    written: list[str] = []


@dataclass(frozen=True, slots=True)
class Planning:
    """A planner process at work: for which schedule, and whether it is new."""

    child: ChildProcess
    key: str
    fresh: bool
    """A new schedule: only the next run is wanted (a changed schedule never owes a run)."""


@dataclass(frozen=True, slots=True)
class Finished:
    """A child process that ended: its exit code, its JSON lines and the tail of its errors."""

    code: int
    lines: list[dict[str, Any]]
    errors: str
    timed_out: bool


class ChildProcess:
    """A child started with its input ready, polled each tick, never waited on; its output goes
    to an unnamed file read once it ends; killed (with its own children) after `timeout`."""

    def __init__(
        self,
        command: Sequence[str],
        given: bytes,
        *,
        timeout: float,
        monotonic: Callable[[], float],
    ) -> None:
        import subprocess  # loaded with the first child: a service that writes none never needs it

        self._monotonic = monotonic
        self._deadline = monotonic() + timeout
        self._timed_out = False
        # Both outlive this call: read and closed by `poll` once the child ended.
        self._out = tempfile.TemporaryFile()  # noqa: SIM115
        self._err = tempfile.TemporaryFile()  # noqa: SIM115
        options: dict[str, Any] = {}
        if sys.platform == "win32":
            options["creationflags"] = subprocess.CREATE_NO_WINDOW
        else:
            options["start_new_session"] = True  # its own group: a kill reaches its children
        small = len(given) <= PIPE_BYTES
        with contextlib.ExitStack() as stack:
            source: IO[bytes] | int = subprocess.PIPE
            if not small:
                source = stack.enter_context(tempfile.TemporaryFile())
                source.write(given)
                source.seek(0)
            try:
                self._process = subprocess.Popen(
                    list(command),
                    stdin=source,
                    stdout=self._out,
                    stderr=self._err,
                    close_fds=True,
                    **options,
                )
            except BaseException:
                self._out.close()
                self._err.close()
                raise
        if small and self._process.stdin is not None:
            # Smaller than any pipe's buffer: written at once, never waiting on the child.
            with contextlib.suppress(OSError):
                self._process.stdin.write(given)
            with contextlib.suppress(OSError):
                self._process.stdin.close()

    def poll(self) -> Finished | None:
        """None while it runs; once it ended, what it said (a child past its time is killed)."""
        code = self._process.poll()
        if code is None:
            if self._monotonic() >= self._deadline and not self._timed_out:
                self._timed_out = True
                self.kill()
            return None
        self._out.seek(0)
        self._err.seek(0)
        output, errors = self._out.read(), self._err.read()
        self._out.close()
        self._err.close()
        from guardian.reports.mail import lines_of

        tail = errors.decode("utf-8", "replace").strip()[-2000:]
        return Finished(code, list(lines_of(output)), tail, self._timed_out)

    def close(self) -> None:
        """End it now and let go of its files (when the service stops)."""
        import subprocess

        self.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(5)  # killed: it ends at once
        self._out.close()
        self._err.close()

    def kill(self) -> None:
        """End it and its children now; `poll` collects it."""
        with contextlib.suppress(OSError):
            if sys.platform == "win32":
                self._process.kill()
            else:
                os.killpg(self._process.pid, 9)


class Backoff:
    """When the next try of a failing step may run: 1 min, doubling to 1 h."""

    def __init__(self, monotonic: Callable[[], float]) -> None:
        self._monotonic = monotonic
        self._failures = 0
        self._at = 0.0

    def due(self) -> bool:
        """Whether a try may run now."""
        return self._monotonic() >= self._at

    def failed(self) -> None:
        """A try failed: wait longer before the next."""
        delay = RETRY_DELAYS[min(self._failures, len(RETRY_DELAYS) - 1)]
        self._failures += 1
        self._at = self._monotonic() + delay

    def reset(self) -> None:
        """It worked (or something changed): the next try may run at once."""
        self._failures = 0
        self._at = 0.0


class Writing(NamedTuple):
    """What the writer process was given: weeks of these profiles, into this folder."""

    weeks: tuple[str, ...]
    folder: Path
    profiles: tuple[str, ...]
    summaries: tuple[WeekSummary, ...] = ()


@dataclass(frozen=True, slots=True)
class WriteFailure:
    """Why the last write failed: in the folder (`reason` set) or elsewhere."""

    weeks: tuple[str, ...]
    detail: str
    folder: str | None = None
    reason: str | None = None


def schedule_key(reports: ReportSettings, zone: str) -> str:
    """The parts of a policy that decide when runs are."""
    return f"{reports.weekday.value} {reports.time} {zone}"


def week_owed(fire: datetime, policy: Policy) -> str:
    """The week a run at `fire` writes: the last one ending on or before that local day."""
    from guardian.reports.model import week_containing, week_name

    local = fire.astimezone(policy.zone).date()
    start = week_containing(local + timedelta(days=1), policy.reports.week_starts.number)
    return week_name(start - timedelta(days=7))


def _folder_reason(detail: str) -> str:
    """A code for why a folder cannot be written, from the system's words in `detail`."""
    words = detail.lower()
    for reason, marks in (
        ("full", ("no space left", "disk quota")),
        ("read_only", ("read-only file system",)),
        ("denied", ("permission denied", "operation not permitted", "access is denied")),
        ("not_folder", ("not a directory", "file exists")),
        ("missing", ("no such file",)),
    ):
        if any(mark in words for mark in marks):
            return reason
    return "other"


def _within(path: Path, folder: Path) -> bool:
    """Whether `path` is the folder, a file directly in it, or a folder on the way to it."""
    return path in (folder, folder.parent) or path.parent == folder or folder.is_relative_to(path)


def _version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version("guardian")
    except importlib.metadata.PackageNotFoundError:
        return "0"


def _machine() -> str:
    import socket

    return socket.gethostname() or "computer"


class Reports(Feature):
    """Writes each week's summaries on schedule and mails them; the Activity page's data."""

    name = "reports"

    def __init__(
        self,
        context: ServiceContext,
        secrets: SecretStore,
        *,
        collect: Collect | None = None,
        writer: Sequence[str] = WRITER,
        sender: Sequence[str] = SENDER,
        planner: Sequence[str] = PLANNER,
    ) -> None:
        self._ctx = context
        self._secrets = secrets
        self._collect_week = collect
        self._writer_command = tuple(writer)
        self._sender_command = tuple(sender)
        self._state = Schedule()
        self._planner_command = tuple(planner)
        self._planning: Planning | None = None
        self._plan_backoff = Backoff(context.clock.monotonic)
        self._plan_failure: str | None = None
        self._writer: ChildProcess | None = None
        self._writing = Writing((), Path(), ())
        self._write_backoff = Backoff(context.clock.monotonic)
        self._write_failure: WriteFailure | None = None
        self._sender: ChildProcess | None = None
        self._send_backoff = Backoff(context.clock.monotonic)
        self._mail_failure: tuple[str, str] | None = None
        """The reason code and detail of the last failed send, while messages wait."""
        self._test: tuple[str, ChildProcess, Path] | None = None
        self._waiting: int | None = None
        """Messages in the outbox, counted when something may have changed it."""
        self._machine = ""

    # --- life ----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Whether a planner, writer or sender process is running."""
        children = (self._planning, self._writer, self._sender, self._test)
        return any(child is not None for child in children)

    @property
    def outbox_folder(self) -> Path:
        """Messages waiting for the mail server."""
        return self._ctx.paths.outbox

    def start(self) -> None:
        """Read what the ledger kept: the next run and the weeks owed."""
        kept = self._ctx.ledger.meta(STATE_KEY)
        if kept:
            try:
                self._state = msgspec.json.decode(kept, type=Schedule)
            except msgspec.MsgspecError as exc:
                log.error("the reports schedule kept in the ledger is unreadable: %s", exc)

    def stop(self) -> None:
        """End children still running (their work is retried at the next start)."""
        planner = self._planning.child if self._planning else None
        for child in (planner, self._writer, self._sender, self._test[1] if self._test else None):
            if child is not None:
                child.close()
        self._planning = self._writer = self._sender = self._test = None

    def compile(self, policy: CompiledPolicy) -> None:
        """New mail settings may work where the old did not: try again at once."""
        self._send_backoff.reset()
        self._write_backoff.reset()

    def _reports(self, policy: CompiledPolicy) -> ReportSettings | None:
        reports = policy.policy.reports
        return reports if policy.configured and reports.enabled else None

    def _save(self) -> None:
        self._ctx.ledger.set_meta(STATE_KEY, msgspec.json.encode(self._state).decode())

    def folder(self, policy: CompiledPolicy | None = None) -> Path:
        """Where summaries are written: the policy's folder or the service's own."""
        chosen = (policy or self._ctx.policy()).policy.reports.folder
        return Path(chosen) if chosen else self._ctx.paths.reports

    # --- the tick ------------------------------------------------------------------------

    def act(self, tick: Tick) -> None:
        """Owe the weeks whose time came, write them, send what waits; hear the children."""
        self._hear_planner(tick.policy)
        self._hear_writer(tick.now)
        self._hear_sender(tick.now)
        self._hear_test()
        reports = self._reports(tick.policy)
        if reports is None:
            if self._state.pending or self._state.schedule is not None:
                self._state.pending, self._state.schedule, self._state.next = [], None, None
                self._write_failure = None
                self._save()
            return
        self._schedule(tick.now, tick.policy, reports)
        if self._state.pending and self._writer is None and self._write_backoff.due():
            self._write(tick.now, tick.policy, reports)
        if (
            self._sender is None
            and reports.mail is not None
            and self._send_backoff.due()
            and self._waiting_count()
        ):
            self._send(reports.mail)

    def _schedule(self, now: datetime, policy: CompiledPolicy, reports: ReportSettings) -> None:
        """Ask the planner for the next run when the schedule is new or changed, and for the
        runs missed when the next run's time came."""
        key = schedule_key(reports, policy.policy.timezone)
        state = self._state
        if self._planning is not None or not self._plan_backoff.due():
            return
        if state.schedule != key:
            self._plan(key, now, now, fresh=True)
        elif state.next is not None and state.next <= now:
            self._plan(key, state.next, now, fresh=False)

    def _plan(self, key: str, start: datetime, now: datetime, *, fresh: bool) -> None:
        weekday, time, zone = key.split(" ")
        command = [
            *self._planner_command,
            "--weekday",
            weekday,
            "--time",
            time,
            "--zone",
            zone,
            "--from",
            start.isoformat(),
            "--now",
            now.isoformat(),
        ]
        try:
            child = ChildProcess(
                command, b"", timeout=PLANNER_TIMEOUT, monotonic=self._ctx.clock.monotonic
            )
        except OSError as exc:
            self._plan_failed(f"the planner did not start: {exc}")
            return
        self._planning = Planning(child, key, fresh)

    def _hear_planner(self, policy: CompiledPolicy) -> None:
        """Owe the weeks of the runs the planner found due; keep the next run."""
        planning = self._planning
        if planning is None:
            return
        finished = planning.child.poll()
        if finished is None:
            return
        self._planning = None
        reports = self._reports(policy)
        if reports is None or schedule_key(reports, policy.policy.timezone) != planning.key:
            return  # the schedule changed meanwhile: the next tick plans anew
        try:
            if finished.code != 0 or not finished.lines:
                raise ValueError(finished.errors or f"exit code {finished.code}")
            answer = msgspec.convert(finished.lines[-1], Plan, strict=False)
        except (ValueError, msgspec.ValidationError) as exc:
            self._plan_failed(f"the planner failed: {exc}")
            return
        self._plan_failure = None
        self._plan_backoff.reset()
        state = self._state
        state.schedule, state.next = planning.key, answer.next
        if not planning.fresh:
            owed = list(state.pending)
            for fire in answer.due:
                week = week_owed(fire, policy.policy)
                if week not in owed:
                    owed.append(week)
            state.pending = sorted(owed)[-reports.keep_weeks :]
            log.info("weekly summaries owed: %s", ", ".join(state.pending))
            self._write_backoff.reset()
        self._save()

    def _plan_failed(self, detail: str) -> None:
        log.error("the next weekly summary could not be planned: %s", detail)
        self._plan_failure = detail
        self._plan_backoff.failed()

    # --- writing -------------------------------------------------------------------------

    def _collector(self) -> Collect:
        if self._collect_week is None:
            from guardian.reports.collect import collect_week

            self._collect_week = collect_week
        return self._collect_week

    @contextlib.contextmanager
    def _database(self) -> Any:
        """The state database, read-only, after the ledger wrote what it holds."""
        self._ctx.ledger.flush()
        path = self._ctx.paths.database
        db = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
        try:
            yield db
        finally:
            db.close()

    def summaries(self, weeks: Iterable[str], profiles: Iterable[str], now: datetime) -> list[Any]:
        """Each profile's summary of each week, collected from the state database."""
        from guardian.reports.model import week_start

        policy = self._ctx.policy().policy
        first = policy.reports.week_starts.number
        collect = self._collector()
        self._machine = self._machine or _machine()
        version = _version()
        found = []
        with self._database() as db:
            for week in weeks:
                start = week_start(week, first)
                for profile in profiles:
                    found.append(
                        collect(
                            db,
                            policy,
                            profile,
                            start,
                            now=now,
                            machine=self._machine,
                            version=version,
                        )
                    )
        return found

    def _write(self, now: datetime, policy: CompiledPolicy, reports: ReportSettings) -> None:
        """Collect the owed weeks and start the writer with them."""
        from guardian.reports.model import encode

        weeks = tuple(self._state.pending)
        folder = self.folder(policy)
        profiles = tuple(sorted(policy.profiles))
        shared = self._ctx.paths.summaries is not None
        try:
            if shared and folder == self._ctx.paths.summaries:
                share_with_administrators(folder)
        except OSError as exc:
            detail = f"{folder}: {exc.strerror or exc}"
            self._write_failed(
                now, WriteFailure(weeks, detail, str(folder), _folder_reason(detail))
            )
            return
        try:
            summaries = self.summaries(weeks, profiles, now)
            given = b"[" + b",".join(encode(s) for s in summaries) + b"]"
            command = [
                *self._writer_command,
                "--dest",
                str(folder),
                "--formats",
                ",".join(f.value for f in reports.formats),
                "--keep",
                str(reports.keep_weeks),
                # A system install's summaries are for the administrators (the parents).
                "--mode",
                f"{SUMMARY_FILE_MODE if shared else 0o600:o}",
            ]
            self._writer = ChildProcess(
                command, given, timeout=WRITER_TIMEOUT, monotonic=self._ctx.clock.monotonic
            )
        except Exception as exc:
            # Whatever goes wrong making a summary is told and retried; it must never count
            # as this feature failing, which would hold the children's sessions at time-up.
            log.exception("weekly summaries %s could not be made", ", ".join(weeks))
            self._write_failed(now, WriteFailure(weeks, f"{type(exc).__name__}: {exc}"))
            return
        self._writing = Writing(weeks, folder, profiles, tuple(summaries))

    def _hear_writer(self, now: datetime) -> None:
        if self._writer is None:
            return
        finished = self._writer.poll()
        if finished is None:
            return
        self._writer, (weeks, folder, _, _) = None, self._writing
        result = finished.lines[-1] if finished.lines else {}
        written = result.get("written")
        if finished.code == 0 and isinstance(written, list):
            self._written(now, self._writing, [str(p) for p in written])
            return
        if finished.timed_out:
            detail = f"the writer did not finish in {WRITER_TIMEOUT:.0f} s"
        else:
            detail = str(result.get("error") or finished.errors or f"exit code {finished.code}")
        where = result.get("path")
        failure = WriteFailure(weeks, detail)
        if isinstance(where, str) and _within(Path(where), folder):
            failure = WriteFailure(weeks, detail, str(folder), _folder_reason(detail))
        self._write_failed(now, failure)

    def _write_failed(self, now: datetime, failure: WriteFailure) -> None:
        log.error("weekly summaries %s were not written: %s", ", ".join(failure.weeks), failure)
        if self._write_failure is None or self._write_failure.detail != failure.detail:
            self._ctx.ledger.record(
                now,
                "report_failed",
                None,
                weeks=list(failure.weeks),
                folder=failure.folder,
                reason=failure.reason,
                detail=failure.detail[:500],
            )
        self._write_failure = failure
        self._write_backoff.failed()

    def _written(self, now: datetime, writing: Writing, files: list[str]) -> None:
        weeks, folder, profiles, summaries = writing
        state = self._state
        state.pending = [w for w in state.pending if w not in weeks]
        state.last_run, state.written = now, files
        self._save()
        self._write_failure = None
        self._write_backoff.reset()
        for week in weeks:
            mine = [f for f in files if Path(f).name.startswith(f"{week}-")]
            self._ctx.ledger.record(
                now, "report_written", None, week=week, folder=str(folder), files=len(mine)
            )
            policy = self._ctx.policy().policy
            names = {p.id: p.name for p in policy.profiles if p.id in profiles}
            data = {
                "week": week,
                "profiles": list(profiles),
                "names": names,
                "folder": str(folder),
                "files": mine,
            }
            self._ctx.publish(Event(EventKind.REPORT_READY, data))
        mail = self._ctx.policy().policy.reports.mail
        if mail is not None:
            self._post(now, mail, summaries, files)

    # --- mail ----------------------------------------------------------------------------

    def _outbox(self) -> Outbox:
        from guardian.reports.mail import Outbox

        return Outbox(self.outbox_folder)

    def _waiting_count(self) -> int:
        if self._waiting is None:
            self._waiting = len(self._outbox())
        return self._waiting

    def _post(
        self,
        now: datetime,
        mail: MailSettings,
        summaries: Sequence[WeekSummary],
        files: list[str],
    ) -> None:
        """Put one message per summary in the outbox, with its HTML and PDF files when they
        were written."""
        from guardian.reports.mail import build_message

        outbox = self._outbox()
        for summary in summaries:
            mine = _files_of(summary, summaries, files)
            try:
                html = _read(mine[".html"]) if ".html" in mine else None
                pdf = _read(mine[".pdf"]) if ".pdf" in mine else None
                message = build_message(
                    summary,
                    mail,
                    html=None if html is None else html.decode("utf-8"),
                    pdf=pdf,
                    pdf_name=mine[".pdf"].name if ".pdf" in mine else "summary.pdf",
                    now=now,
                )
                name = f"{summary.week}-{summary.profile.id}"
                outbox.put(message, name, now)
            except Exception as exc:
                # Told and logged; never this feature failing (which would hold sessions).
                log.exception(
                    "the message of %s, %s was not made", summary.profile.id, summary.week
                )
                self._ctx.ledger.record(
                    now,
                    "report_mail_failed",
                    summary.profile.id,
                    reason=None,
                    detail=f"{summary.week}: {type(exc).__name__}: {exc}"[:500],
                )
        self._waiting = None
        self._send_backoff.reset()

    def mail_password(self) -> str | None:
        """The mail server's password from the secret store (None: not set or unreadable)."""
        try:
            return self._secrets.get(PASSWORD_SECRET) or None
        except SecretStoreError as exc:
            log.error("the mail password cannot be read: %s", exc)
            return None

    def _sender_for(self, mail: MailSettings, outbox: Path) -> ChildProcess | None:
        password = self.mail_password() if mail.username else None
        if mail.username and password is None:
            return None
        command = [
            *self._sender_command,
            "--outbox",
            str(outbox),
            "--host",
            mail.host,
            "--port",
            str(mail.port),
            "--security",
            mail.security.value,
        ]
        if mail.username:
            command += ["--username", mail.username]
        given = b"" if password is None else f"{password}\n".encode()
        return ChildProcess(
            command, given, timeout=SENDER_TIMEOUT, monotonic=self._ctx.clock.monotonic
        )

    def _send(self, mail: MailSettings) -> None:
        try:
            self._sender = self._sender_for(mail, self.outbox_folder)
        except OSError as exc:
            self._mail_failed(self._ctx.trusted.now(), "connect", str(exc))
            return
        if self._sender is None:
            self._mail_failed(self._ctx.trusted.now(), "no_password", "no password is stored")

    def _hear_sender(self, now: datetime) -> None:
        if self._sender is None:
            return
        finished = self._sender.poll()
        if finished is None:
            return
        self._sender = None
        failure: tuple[str, str] | None = None
        for line in finished.lines:
            ok = line.get("ok") is True
            reason = None if ok else str(line.get("reason") or "connect")
            if ok:
                self._ctx.ledger.record(now, "report_mailed", None, id=line.get("id"))
            else:
                failure = (reason or "connect", str(line.get("detail") or ""))
            self._ctx.publish(
                Event(EventKind.REPORT_MAIL, {"id": line.get("id"), "ok": ok, "reason": reason})
            )
        if finished.code != 0 and failure is None:
            detail = "timeout" if finished.timed_out else (finished.errors or "no answer")
            failure = ("timeout" if finished.timed_out else "connect", detail)
        self._waiting = None
        if failure is None and not self._waiting_count():
            self._mail_failure = None
            self._send_backoff.reset()
            return
        reason, detail = failure or ("connect", "messages are still waiting")
        self._mail_failed(now, reason, detail)

    def _mail_failed(self, now: datetime, reason: str, detail: str) -> None:
        log.error("weekly summaries were not mailed (%s): %s", reason, detail)
        if self._mail_failure is None or self._mail_failure[0] != reason:
            self._ctx.ledger.record(
                now, "report_mail_failed", None, reason=reason, detail=detail[:500]
            )
        self._mail_failure = (reason, detail)
        self._send_backoff.failed()

    def test_mail(self) -> str:
        """Send a test message now; its outcome comes as a `report_mail` event."""
        from guardian.reports.mail import Outbox, build_test_message

        mail = self._ctx.policy().policy.reports.mail
        if mail is None:
            raise InvalidRequest("no mail server is set in the policy's reports.mail")
        if self._test is not None:
            raise InvalidRequest("a test message is being sent; wait for its outcome")
        ident = uuid.uuid4().hex
        now = self._ctx.trusted.now()
        folder = self._ctx.paths.state / "mail-test" / ident
        message = build_test_message(
            mail,
            language=self._ctx.policy().policy.reports.language.value,
            machine=self._machine or _machine(),
            now=now,
        )
        try:
            Outbox(folder).put(message, "test", now)
            child = self._sender_for(mail, folder)
        except OSError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise InvalidRequest(f"the test message could not be made in {folder}: {exc}") from None
        if child is None:
            shutil.rmtree(folder, ignore_errors=True)
            self._ctx.publish(
                Event(EventKind.REPORT_MAIL, {"id": ident, "ok": False, "reason": "no_password"})
            )
            return ident
        self._test = (ident, child, folder)
        return ident

    def _hear_test(self) -> None:
        if self._test is None:
            return
        ident, child, folder = self._test
        finished = child.poll()
        if finished is None:
            return
        self._test = None
        shutil.rmtree(folder, ignore_errors=True)  # a test is never retried
        failed = [line for line in finished.lines if line.get("ok") is not True]
        reason = None
        if failed or finished.code != 0:
            reason = str(failed[0].get("reason") or "connect") if failed else "connect"
            if finished.timed_out:
                reason = "timeout"
        self._ctx.publish(
            Event(EventKind.REPORT_MAIL, {"id": ident, "ok": reason is None, "reason": reason})
        )

    def set_mail_password(self, password: str) -> None:
        """Keep the mail server's password in the secret store ("" forgets it)."""
        try:
            self._secrets.set(PASSWORD_SECRET, password)
        except (OSError, SecretStoreError) as exc:
            raise InvalidRequest(f"the password could not be stored: {exc}") from None
        self._ctx.ledger.record(
            self._ctx.trusted.now(), "report_mail_password", None, set=bool(password)
        )
        self._send_backoff.reset()

    # --- what the parent and the child see -----------------------------------------------

    def problems(self) -> list[Problem]:
        """A folder that cannot be written, a writer that failed, mail that waits."""
        found = []
        failure = self._write_failure
        if failure is not None and self._state.pending:
            if failure.folder is not None:
                args = {"folder": failure.folder, "reason": failure.reason or "other"}
                found.append(Problem(ProblemCode.REPORT_FOLDER, args, failure.detail))
            else:
                week = failure.weeks[-1] if failure.weeks else ""
                found.append(Problem(ProblemCode.REPORT_FAILED, {"week": week}, failure.detail))
        mail = self._ctx.policy().policy.reports.mail
        if self._mail_failure is not None and mail is not None:
            reason, detail = self._mail_failure
            waiting = self._waiting_count()
            if waiting:
                args = {"host": mail.host, "reason": reason, "waiting": str(waiting)}
                found.append(Problem(ProblemCode.REPORT_MAIL, args, detail))
        return found

    def week(self, profile_id: str, week: str | None) -> WeekSummary:
        """A profile's summary of a week (None: the current one), collected now."""
        from guardian.reports.model import SummaryError, week_containing, week_name

        policy = self._ctx.policy()
        if profile_id not in policy.profiles:
            raise InvalidRequest(f"there is no profile '{profile_id}'")
        now = self._ctx.trusted.now()
        if week is None:
            first = policy.policy.reports.week_starts.number
            week = week_name(week_containing(policy.day(now), first))
        try:
            found: WeekSummary = self.summaries([week], [profile_id], now)[0]
        except SummaryError as exc:
            raise InvalidRequest(str(exc)) from None
        except sqlite3.Error as exc:
            raise InvalidRequest(f"the activity records cannot be read: {exc}") from None
        return found

    def own_week(self, caller: Caller, week: str | None) -> WeekSummary:
        """The caller's own profile's week; refused for an account no profile restricts."""
        profile = self._ctx.policy().for_account(caller.account)
        if profile is None:
            raise InvalidRequest(f"the account {caller.account} is not restricted by a profile")
        return own_part(self.week(profile.id, week), caller.account)

    def run(self, week: str | None) -> dict[str, bool]:
        """Owe a week (None: the current one) and write it at the next tick."""
        from guardian.reports.model import SummaryError, parse_week, week_containing, week_name

        policy = self._ctx.policy()
        if week is None:
            first = policy.policy.reports.week_starts.number
            week = week_name(week_containing(policy.day(self._ctx.trusted.now()), first))
        try:
            parse_week(week)
        except SummaryError as exc:
            raise InvalidRequest(str(exc)) from None
        if week not in self._state.pending:
            self._state.pending = sorted([*self._state.pending, week])
            self._save()
        self._write_backoff.reset()
        return {"started": True}

    def report_status(self) -> dict[str, Any]:
        """The schedule, the last run, the folder, the outbox and what failed, for the parent."""
        error = self._plan_failure
        if self._write_failure is not None:
            error = self._write_failure.detail
        elif self._mail_failure is not None:
            error = self._mail_failure[1]
        reports = self._reports(self._ctx.policy())
        return {
            "next_run": None
            if reports is None or self._state.next is None
            else self._state.next.isoformat(),
            "last_run": None if self._state.last_run is None else self._state.last_run.isoformat(),
            "folder": str(self.folder()),
            "written": list(self._state.written),
            "outbox": len(self._outbox()),
            "pending": list(self._state.pending),
            "error": error,
            "mail_password_set": self.mail_password() is not None,
        }

    def methods(self) -> Iterable[Method]:
        """reports.week, .status, .run, .test_mail and .set_mail_password for the parent;
        reports.mine for a child's own week."""
        parent = Access.PARENT

        def set_password(caller: Caller, params: MailPasswordParams) -> None:
            self.set_mail_password(params.password)

        return [
            Method(
                "reports.week", lambda c, p: self.week(p.profile_id, p.week), WeekParams, parent
            ),
            Method("reports.mine", lambda c, p: self.own_week(c, p.week), OwnWeekParams),
            Method("reports.status", lambda c, p: self.report_status(), access=parent),
            Method("reports.run", lambda c, p: self.run(p.week), RunParams, parent),
            Method("reports.test_mail", lambda c, p: {"id": self.test_mail()}, access=parent),
            Method("reports.set_mail_password", set_password, MailPasswordParams, parent),
        ]


def own_part(summary: WeekSummary, account: str) -> WeekSummary:
    """What a child may see of their profile's week: the profile's time (their limits are the
    profile's), their own account's row, events of their own account or of no account, and
    none of the parent's tamper and settings lists. Students sharing a lab's profile never
    learn each other's names or requests."""
    from guardian.reports.model import Events

    mine = account.casefold()

    def own(events: Events) -> Events:
        rows = tuple(e for e in events.rows if e.account is None or e.account.casefold() == mine)
        return Events(rows=rows, more=events.more if len(rows) == len(events.rows) else 0)

    return msgspec.structs.replace(
        summary,
        accounts=tuple(a for a in summary.accounts if a.account.casefold() == mine),
        blocked_apps=own(summary.blocked_apps),
        requests=own(summary.requests),
        grants=own(summary.grants),
        tamper=Events(rows=(), more=0),
        changes=Events(rows=(), more=0),
    )


def _files_of(
    summary: WeekSummary, summaries: Sequence[WeekSummary], files: Sequence[str]
) -> dict[str, Path]:
    """The written files of one summary by suffix: the writer names them
    "<week>-<machine>-<profile id>"; a file goes to the longest profile id its name ends with
    (so "big-kid" is not taken for "kid")."""
    ids = sorted({s.profile.id for s in summaries}, key=len, reverse=True)
    found: dict[str, Path] = {}
    for name in files:
        path = Path(name)
        if not path.stem.startswith(f"{summary.week}-"):
            continue
        owner = next((i for i in ids if path.stem.endswith(f"-{i}")), None)
        if owner == summary.profile.id:
            found[path.suffix] = path
    return found


def _read(path: Path) -> bytes | None:
    """A file's bytes, None when it is not there."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
