"""The service's weekly summaries on a fake clock: when runs fire (the policy's zone, a missed
run, a time-zone, DST and schedule change), the writer process failing and retried, an
unwritable folder, mail kept while the server is down, and who may read which week.

The writer here is a small stand-in process that keeps the writer's protocol (summaries as a
JSON array on stdin, one JSON line out, exit code 0 or 1) and writes real files."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest

from guardian.api import AuthRequired, Event, EventKind, InvalidRequest
from guardian.features import registry
from guardian.features.reports import WRITER_TIMEOUT, Reports
from guardian.problems import ProblemCode
from guardian.reports.mail import CA_FILE_ENV
from guardian.reports.model import WeekSummary
from guardian.service import GuardianService, LocalApi
from rules.model import Policy, Profile, from_data
from rules.reports import MailSecurity, MailSettings, ReportFormat
from rules.reports import Reports as ReportSettings
from rules.timeofday import Weekday
from tests.guardian.conftest import MAKE, kid_policy
from tests.guardian.reports.mail_server import MailServer, free_port, make_certificate, week_summary
from tests.helpers.fakes import FakeClock

WRITER_DOUBLE = r"""
import argparse, json, os, sys, time
parser = argparse.ArgumentParser()
for name in ("--log", "--fail-file", "--hang-file", "--dest", "--formats", "--keep", "--mode"):
    parser.add_argument(name)
args = parser.parse_args()
summaries = json.load(sys.stdin)
with open(args.log, "a") as log:
    log.write(json.dumps({
        "weeks": [s["week"] for s in summaries],
        "profiles": [s["profile"]["id"] for s in summaries],
        "dest": args.dest, "formats": args.formats, "keep": args.keep, "mode": args.mode,
    }) + "\n")
if os.path.exists(args.hang_file):
    time.sleep(3600)
if os.path.exists(args.fail_file):
    print(json.dumps({"error": "the PDF renderer crashed", "path": None}))
    sys.exit(1)
written = []
try:
    os.makedirs(args.dest, exist_ok=True)
    for s in summaries:
        stem = os.path.join(args.dest, "%s-%s-%s" % (s["week"], s["machine"], s["profile"]["id"]))
        for kind in args.formats.split(","):
            data = {
                "json": json.dumps(s).encode(),
                "html": ("<html><body><h1>%s</h1></body></html>\n" % s["profile"]["name"]).encode(),
                "pdf": b"%PDF-1.4\n" + bytes(range(256)) + b"\n%%EOF\n",
                "csv": b"\xef\xbb\xbfday,seconds\n",
            }[kind]
            path = stem + ("-days.csv" if kind == "csv" else "." + kind)
            with open(path, "wb") as out:
                out.write(data)
            written.append(os.path.abspath(path))
except OSError as exc:
    print(json.dumps({"error": "%s: %s" % (args.dest, exc), "path": args.dest}))
    sys.exit(1)
print(json.dumps({"written": written}))
"""

# Monday 2026-11-30 09:00 UTC (12:00 in Moscow); that week is 2026-W49.
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
# Sunday 18:00 in Moscow.
SUNDAY_RUN = datetime(2026, 12, 6, 15, 0, tzinfo=UTC)


@dataclass
class Collected:
    """The collect stand-in: summaries made from msgspec structs, every call remembered."""

    calls: list[tuple[str, date, datetime]] = field(default_factory=list)

    def __call__(
        self,
        db: Any,
        policy: Policy,
        profile_id: str,
        start: date,
        *,
        now: datetime,
        machine: str,
        version: str,
    ) -> WeekSummary:
        self.calls.append((profile_id, start, now))
        name = next(p.name for p in policy.profiles if p.id == profile_id)
        return week_summary(profile_id, start, name=name, machine="den-pc", generated=now)


@dataclass
class Writer:
    """Where the stand-in writer logs its runs and how it is told to fail."""

    folder: Path

    @property
    def log(self) -> Path:
        return self.folder / "runs.jsonl"

    @property
    def fail(self) -> Path:
        return self.folder / "fail"

    @property
    def hang(self) -> Path:
        return self.folder / "hang"

    def command(self) -> tuple[str, ...]:
        return (
            sys.executable,
            "-c",
            WRITER_DOUBLE,
            "--log",
            str(self.log),
            "--fail-file",
            str(self.fail),
            "--hang-file",
            str(self.hang),
        )

    def runs(self) -> list[dict[str, Any]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]


@pytest.fixture
def writer(tmp_path: Path) -> Writer:
    folder = tmp_path / "writer"
    folder.mkdir()
    return Writer(folder)


@pytest.fixture
def collected() -> Collected:
    return Collected()


@pytest.fixture(autouse=True)
def stand_ins(
    monkeypatch: pytest.MonkeyPatch, writer: Writer, collected: Collected
) -> Iterator[None]:
    """Services built here get the collect and writer stand-ins."""

    def build(context: Any, secrets: Any) -> Reports:
        return Reports(context, secrets, collect=collected, writer=writer.command())

    monkeypatch.setattr(registry, "Reports", build)
    yield


def policy(
    tmp_path: Path, *, zone: str = "Europe/Moscow", teen: bool = False, **reports: Any
) -> Policy:
    """The kid's policy (and a teen's) with weekly summaries into `tmp_path/out`."""
    base = kid_policy()
    profiles = base.profiles
    if teen:
        profiles += (from_data(Profile, {"id": "teen", "name": "Teen", "accounts": ["teen"]}),)
    settings = {
        "weekday": Weekday.SUN,
        "time": "18:00",
        "folder": str(tmp_path / "out"),
        "formats": (ReportFormat.HTML, ReportFormat.PDF, ReportFormat.JSON),
        **reports,
    }
    return msgspec.structs.replace(
        base, timezone=zone, profiles=profiles, reports=ReportSettings(**settings)
    )


def feature(service: GuardianService) -> Reports:
    return service.feature(Reports)


def at(service: GuardianService, clock: FakeClock, when: datetime) -> None:
    """Let time pass until `when` (every clock together) and tick once."""
    clock.advance((when - clock.now()).total_seconds())
    service.tick()


def settle(service: GuardianService) -> None:
    """Tick until the writer and sender processes ended (the fake clock stands still)."""
    deadline = time.monotonic() + 60
    while feature(service).busy:
        if time.monotonic() > deadline:
            pytest.fail("a report process did not end")
        time.sleep(0.02)
        service.tick()


def recorded(service: GuardianService) -> list[Event]:
    seen: list[Event] = []
    service.subscribe(seen.append)
    return seen


def codes(service: GuardianService) -> dict[ProblemCode, dict[str, str]]:
    return {p.code: p.args for p in service.problems() if p.code.value.startswith("report")}


def as_parent(service: GuardianService, name: str, **params: Any) -> Any:
    """Call a parent method with a fresh token (tokens expire while the clock travels)."""
    if not service.auth.is_set():
        service.set_password(None, "parent-pw")
    token = service.login("parent-pw", "parent")
    return service.call("parent", name, token=token, **params)


def start(make_service: MAKE, clock: FakeClock, chosen: Policy, when: datetime) -> GuardianService:
    clock.set_wall(when)
    service = make_service(chosen)
    service.tick()
    settle(service)  # the planner worked out the next run
    return service


# --- the schedule ----------------------------------------------------------------------------


def test_a_run_fires_at_the_chosen_time_in_the_policys_zone(
    make_service: MAKE, clock: FakeClock, tmp_path: Path, writer: Writer, collected: Collected
) -> None:
    service = start(make_service, clock, policy(tmp_path), MONDAY)
    seen = recorded(service)
    status = as_parent(service, "reports.status")
    assert status["next_run"] == "2026-12-06T18:00:00+03:00"
    assert status["last_run"] is None
    at(service, clock, SUNDAY_RUN - timedelta(seconds=1))
    assert not feature(service).busy and writer.runs() == []
    at(service, clock, SUNDAY_RUN)
    assert feature(service).busy
    settle(service)
    [run] = writer.runs()
    assert run["weeks"] == ["2026-W49"] and run["profiles"] == ["kid"]
    assert run["dest"] == str(tmp_path / "out") and run["formats"] == "html,pdf,json"
    assert run["keep"] == "12" and run["mode"] == "600"  # a standalone install's own files
    assert collected.calls == [("kid", date(2026, 11, 30), SUNDAY_RUN)]
    [ready] = [e for e in seen if e.kind is EventKind.REPORT_READY]
    files = sorted(str(p) for p in (tmp_path / "out").iterdir())
    assert ready.data == {
        "week": "2026-W49",
        "profiles": ["kid"],
        "names": {"kid": "Kid"},
        "folder": str(tmp_path / "out"),
        "files": [
            str(tmp_path / "out" / f"2026-W49-den-pc-kid.{k}") for k in ("html", "pdf", "json")
        ],
    }
    assert sorted(ready.data["files"]) == files
    [logged] = service.ledger.events(kind="report_written")
    assert logged.data["week"] == "2026-W49" and logged.data["files"] == 3
    status = as_parent(service, "reports.status")
    assert status["last_run"] == SUNDAY_RUN.isoformat()
    assert status["next_run"] == "2026-12-13T18:00:00+03:00"
    assert sorted(status["written"]) == files
    assert status["error"] is None and status["outbox"] == 0
    at(service, clock, SUNDAY_RUN + timedelta(hours=1))
    assert len(writer.runs()) == 1


def test_a_run_missed_while_the_machine_was_off_runs_once_at_the_next_start(
    make_service: MAKE, clock: FakeClock, tmp_path: Path, writer: Writer
) -> None:
    service = start(make_service, clock, policy(tmp_path), MONDAY)
    at(service, clock, SUNDAY_RUN - timedelta(hours=1))
    service.close()
    clock.reboot(seconds_down=19 * 3600)  # off from Sunday 17:00 to Monday 12:00 in Moscow
    again = make_service()
    seen = recorded(again)
    again.tick()
    settle(again)
    assert [r["weeks"] for r in writer.runs()] == [["2026-W49"]]
    assert [e.data["week"] for e in seen if e.kind is EventKind.REPORT_READY] == ["2026-W49"]
    at(again, clock, clock.now() + timedelta(hours=2))
    again.close()
    clock.reboot()
    third = make_service()
    third.tick()
    settle(third)
    assert len(writer.runs()) == 1
    status = as_parent(third, "reports.status")
    assert status["next_run"] == "2026-12-13T18:00:00+03:00"


def test_weeks_missed_in_a_row_are_one_run_of_the_newest_weeks_kept(
    make_service: MAKE, clock: FakeClock, tmp_path: Path, writer: Writer
) -> None:
    service = start(make_service, clock, policy(tmp_path, keep_weeks=2), MONDAY)
    service.close()
    clock.reboot(seconds_down=3 * 7 * 86400)  # back on Monday three weeks later
    again = make_service()
    seen = recorded(again)
    again.tick()
    settle(again)
    [run] = writer.runs()
    assert run["weeks"] == ["2026-W50", "2026-W51"] and run["keep"] == "2"
    assert [e.data["week"] for e in seen if e.kind is EventKind.REPORT_READY] == [
        "2026-W50",
        "2026-W51",
    ]


def test_a_time_zone_change_moves_the_next_run(
    make_service: MAKE, clock: FakeClock, tmp_path: Path, writer: Writer
) -> None:
    service = start(make_service, clock, policy(tmp_path), MONDAY)
    at(service, clock, MONDAY + timedelta(days=2))
    service.replace_policy(policy(tmp_path, zone="America/New_York"))
    service.tick()
    settle(service)
    assert as_parent(service, "reports.status")["next_run"] == ("2026-12-06T18:00:00-05:00")
    at(service, clock, SUNDAY_RUN)  # 18:00 in Moscow: not the parent's zone any more
    assert writer.runs() == []
    at(service, clock, datetime(2026, 12, 6, 23, 0, tzinfo=UTC) - timedelta(seconds=1))
    assert writer.runs() == [] and not feature(service).busy
    at(service, clock, datetime(2026, 12, 6, 23, 0, tzinfo=UTC))
    settle(service)
    assert [r["weeks"] for r in writer.runs()] == [["2026-W49"]]


def test_the_week_clocks_go_forward_runs_at_the_local_time(
    make_service: MAKE, clock: FakeClock, tmp_path: Path, writer: Writer, collected: Collected
) -> None:
    # Europe/Berlin moves to summer time on Sunday 2026-03-29: 18:00 is 16:00 UTC that day,
    # 17:00 UTC the Sunday before.
    monday = datetime(2026, 3, 23, 9, 0, tzinfo=UTC)
    service = start(make_service, clock, policy(tmp_path, zone="Europe/Berlin"), monday)
    at(service, clock, datetime(2026, 3, 29, 15, 59, 59, tzinfo=UTC))
    assert writer.runs() == [] and not feature(service).busy
    at(service, clock, datetime(2026, 3, 29, 16, 0, tzinfo=UTC))
    settle(service)
    assert [r["weeks"] for r in writer.runs()] == [["2026-W13"]]
    assert collected.calls[0][1] == date(2026, 3, 23)
    assert as_parent(service, "reports.status")["next_run"] == ("2026-04-05T18:00:00+02:00")


def test_a_schedule_change_moves_the_next_run_and_never_runs_at_once(
    make_service: MAKE, clock: FakeClock, tmp_path: Path, writer: Writer
) -> None:
    thursday = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)  # 12:00 in Moscow
    service = start(make_service, clock, policy(tmp_path), thursday)
    # Wednesday 10:00 has passed this week: the next is next week's.
    service.replace_policy(policy(tmp_path, weekday=Weekday.WED, time="10:00"))
    service.tick()
    settle(service)
    assert as_parent(service, "reports.status")["next_run"] == ("2026-12-09T10:00:00+03:00")
    assert writer.runs() == [] and not feature(service).busy
    # Thursday 13:00 is still ahead today; a Thursday run owes the week that ended Sunday.
    service.replace_policy(policy(tmp_path, weekday=Weekday.THU, time="13:00"))
    service.tick()
    settle(service)
    assert as_parent(service, "reports.status")["next_run"] == ("2026-12-03T13:00:00+03:00")
    at(service, clock, thursday + timedelta(hours=1))
    settle(service)
    assert [r["weeks"] for r in writer.runs()] == [["2026-W48"]]


def test_turned_off_nothing_is_written(
    make_service: MAKE, clock: FakeClock, tmp_path: Path, writer: Writer
) -> None:
    service = start(make_service, clock, policy(tmp_path, enabled=False), MONDAY)
    at(service, clock, SUNDAY_RUN + timedelta(minutes=5))
    assert writer.runs() == [] and not feature(service).busy
    assert as_parent(service, "reports.status")["next_run"] is None


# --- failures --------------------------------------------------------------------------------


def test_a_failing_writer_is_retried_with_backoff_and_the_week_is_not_lost(
    make_service: MAKE, clock: FakeClock, tmp_path: Path, writer: Writer
) -> None:
    writer.fail.touch()
    service = start(make_service, clock, policy(tmp_path), MONDAY)
    at(service, clock, SUNDAY_RUN)
    settle(service)
    assert codes(service) == {ProblemCode.REPORT_FAILED: {"week": "2026-W49"}}
    [failed] = service.ledger.events(kind="report_failed")
    assert failed.data["weeks"] == ["2026-W49"] and "PDF renderer" in failed.data["detail"]
    at(service, clock, clock.now() + timedelta(seconds=30))
    assert len(writer.runs()) == 1 and not feature(service).busy  # waiting out the backoff
    at(service, clock, clock.now() + timedelta(seconds=31))
    settle(service)
    assert len(writer.runs()) == 2
    # A restart keeps the week owed.
    service.close()
    clock.reboot()
    again = make_service()
    seen = recorded(again)
    writer.fail.unlink()
    again.tick()
    settle(again)
    assert [r["weeks"] for r in writer.runs()] == [["2026-W49"]] * 3
    assert [e.data["week"] for e in seen if e.kind is EventKind.REPORT_READY] == ["2026-W49"]
    assert codes(again) == {}
    assert len(again.ledger.events(kind="report_failed")) == 1  # logged once, not per try


def test_an_unwritable_folder_is_a_problem_until_it_can_be_written(
    make_service: MAKE, clock: FakeClock, tmp_path: Path, writer: Writer
) -> None:
    blocker = tmp_path / "share"
    blocker.write_text("a file where the share's folder should be")
    folder = blocker / "reports"
    service = start(make_service, clock, policy(tmp_path, folder=str(folder)), MONDAY)
    at(service, clock, SUNDAY_RUN)
    settle(service)
    [problem] = [p for p in service.problems() if p.code is ProblemCode.REPORT_FOLDER]
    assert problem.args == {"folder": str(folder), "reason": "not_folder"}
    assert "Not a directory" in problem.detail
    blocker.unlink()
    at(service, clock, clock.now() + timedelta(seconds=61))
    settle(service)
    assert codes(service) == {}
    assert sorted(p.name for p in folder.iterdir()) == [
        "2026-W49-den-pc-kid.html",
        "2026-W49-den-pc-kid.json",
        "2026-W49-den-pc-kid.pdf",
    ]


def test_a_writer_that_never_ends_is_killed_and_retried(
    make_service: MAKE, clock: FakeClock, tmp_path: Path, writer: Writer
) -> None:
    writer.hang.touch()
    service = start(make_service, clock, policy(tmp_path), MONDAY)
    at(service, clock, SUNDAY_RUN)
    deadline = time.monotonic() + 30
    while not writer.runs():  # planned, started; the stand-in read its input and hangs now
        assert time.monotonic() < deadline
        time.sleep(0.02)
        service.tick()
    assert feature(service).busy
    at(service, clock, clock.now() + timedelta(seconds=WRITER_TIMEOUT))
    settle(service)
    [problem] = [p for p in service.problems() if p.code is ProblemCode.REPORT_FAILED]
    assert "did not finish" in problem.detail
    writer.hang.unlink()
    at(service, clock, clock.now() + timedelta(seconds=61))
    settle(service)
    assert codes(service) == {}


# --- methods ---------------------------------------------------------------------------------


def test_a_child_reads_only_their_own_week(
    make_service: MAKE, clock: FakeClock, tmp_path: Path, collected: Collected
) -> None:
    service = start(make_service, clock, policy(tmp_path, teen=True), MONDAY)
    mine = service.call("kid", "reports.mine")
    assert (mine.profile.id, mine.week) == ("kid", "2026-W49")
    teen = LocalApi(service, "teen").call("reports.mine", {"week": "2026-W48"})
    assert (teen["profile"]["id"], teen["week"]) == ("teen", "2026-W48")
    assert collected.calls[-1][:2] == ("teen", date(2026, 11, 23))
    with pytest.raises(InvalidRequest, match="unknown param 'profile_id'"):
        service.call("kid", "reports.mine", profile_id="teen")
    with pytest.raises(InvalidRequest, match="missing param 'token'"):
        service.call("kid", "reports.week", profile_id="teen")
    with pytest.raises(AuthRequired):
        service.call("kid", "reports.week", token="guessed", profile_id="teen")
    with pytest.raises(InvalidRequest, match="not restricted"):
        service.call("parent", "reports.mine")
    with pytest.raises(InvalidRequest, match="2026-W99"):
        service.call("kid", "reports.mine", week="2026-W99")
    week = as_parent(service, "reports.week", profile_id="teen", week=None)
    assert (week.profile.id, week.week) == ("teen", "2026-W49")
    with pytest.raises(InvalidRequest, match="no profile 'nobody'"):
        as_parent(service, "reports.week", profile_id="nobody")


def test_a_parent_runs_a_week_now(
    make_service: MAKE, clock: FakeClock, tmp_path: Path, writer: Writer
) -> None:
    service = start(make_service, clock, policy(tmp_path, teen=True), MONDAY)
    with pytest.raises(AuthRequired):
        service.call("kid", "reports.run", token="guessed", week=None)
    with pytest.raises(InvalidRequest, match="is not a week"):
        as_parent(service, "reports.run", week="last week")
    assert as_parent(service, "reports.run", week="2026-W47") == {"started": True}
    service.tick()
    settle(service)
    [run] = writer.runs()
    assert run["weeks"] == ["2026-W47"] * 2 and run["profiles"] == ["kid", "teen"]


# --- mail ------------------------------------------------------------------------------------


@pytest.fixture
def certificate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    made = make_certificate(tmp_path)
    monkeypatch.setenv(CA_FILE_ENV, str(made[0]))
    return made


def mailing(tmp_path: Path, port: int) -> Policy:
    mail = MailSettings(
        host="127.0.0.1",
        port=port,
        security=MailSecurity.STARTTLS,
        username="parent@example.org",
        sender="guardian@example.org",
        recipients=("parent@example.org",),
    )
    return policy(tmp_path, mail=mail)


def test_a_summary_waits_in_the_outbox_while_the_server_is_down_and_goes_later(
    make_service: MAKE,
    clock: FakeClock,
    tmp_path: Path,
    certificate: tuple[Path, Path],
    caplog: pytest.LogCaptureFixture,
) -> None:
    port = free_port()
    service = start(make_service, clock, mailing(tmp_path, port), MONDAY)
    seen = recorded(service)
    as_parent(service, "reports.set_mail_password", password="smtp-secret")
    assert as_parent(service, "reports.status")["mail_password_set"] is True
    at(service, clock, SUNDAY_RUN)
    settle(service)  # written, then the sender finds no server
    assert codes(service)[ProblemCode.REPORT_MAIL] == {
        "host": "127.0.0.1",
        "reason": "connect",
        "waiting": "1",
    }
    assert as_parent(service, "reports.status")["outbox"] == 1
    mailed = [e.data for e in seen if e.kind is EventKind.REPORT_MAIL]
    assert [(m["ok"], m["reason"]) for m in mailed] == [(False, "connect")]
    with MailServer(
        "starttls", certificate, {"parent@example.org": "smtp-secret"}, port=port
    ) as up:
        at(service, clock, clock.now() + timedelta(seconds=61))
        settle(service)
        [received] = up.inbox.messages
    assert codes(service) == {}
    assert as_parent(service, "reports.status")["outbox"] == 0
    message = received.data.decode("ascii")
    assert "Weekly summary: Kid, 2026-W49" in message
    assert "application/pdf" in message and "text/html" in message
    assert [e.data["reason"] for e in seen if e.kind is EventKind.REPORT_MAIL][-1] is None
    assert len(service.ledger.events(kind="report_mailed")) == 1
    everything = json.dumps([e.data for e in service.ledger.events(limit=1000)])
    assert "smtp-secret" not in everything and "smtp-secret" not in caplog.text


def test_a_test_message_reports_its_outcome_as_an_event(
    make_service: MAKE, clock: FakeClock, tmp_path: Path, certificate: tuple[Path, Path]
) -> None:
    with MailServer("starttls", certificate, {"parent@example.org": "right"}) as server:
        service = start(make_service, clock, mailing(tmp_path, server.port), MONDAY)
        seen = recorded(service)
        no_password = as_parent(service, "reports.test_mail")["id"]
        as_parent(service, "reports.set_mail_password", password="wrong")
        wrong = as_parent(service, "reports.test_mail")["id"]
        with pytest.raises(InvalidRequest, match="being sent"):
            as_parent(service, "reports.test_mail")
        settle(service)
        as_parent(service, "reports.set_mail_password", password="right")
        right = as_parent(service, "reports.test_mail")["id"]
        settle(service)
        [received] = server.inbox.messages
    outcomes = {e.data["id"]: e.data for e in seen if e.kind is EventKind.REPORT_MAIL}
    assert outcomes == {
        no_password: {"id": no_password, "ok": False, "reason": "no_password"},
        wrong: {"id": wrong, "ok": False, "reason": "auth"},
        right: {"id": right, "ok": True, "reason": None},
    }
    assert b"Guardian: a test message" in received.data
    assert not (service.paths.state / "mail-test").exists() or not any(
        (service.paths.state / "mail-test").iterdir()
    )
    assert as_parent(service, "reports.status")["outbox"] == 0


def test_mail_methods_need_the_parent(make_service: MAKE, clock: FakeClock, tmp_path: Path) -> None:
    service = start(make_service, clock, mailing(tmp_path, free_port()), MONDAY)
    for name, params in (
        ("reports.set_mail_password", {"password": "x"}),
        ("reports.test_mail", {}),
        ("reports.status", {}),
    ):
        with pytest.raises(AuthRequired):
            service.call("kid", name, token="guessed", **params)
    assert service.secrets.get("report-mail-password") is None


def test_the_planner_finds_missed_runs_and_the_next_across_clock_changes() -> None:
    from zoneinfo import ZoneInfo

    from guardian.reports.schedule import fire_times, make_trigger

    berlin = ZoneInfo("Europe/Berlin")
    trigger = make_trigger("sun", "18:00", "Europe/Berlin")
    # From before the spring change to after the autumn one: every Sunday at 18:00 local.
    due, following = fire_times(
        trigger,
        datetime(2026, 3, 22, 17, 0, tzinfo=UTC),
        datetime(2026, 10, 25, 17, 0, tzinfo=UTC),
    )
    assert len(due) == 32
    assert all(d.astimezone(berlin).hour == 18 and d.weekday() == 6 for d in due)
    assert [d.astimezone(UTC).hour for d in due[:2]] == [17, 16]  # CET, then CEST
    assert due[-1] == datetime(2026, 10, 25, 17, 0, tzinfo=UTC)  # CET again, included
    assert following == datetime(2026, 11, 1, 17, 0, tzinfo=UTC)
    # Nothing due from a time after `now`: only the next run.
    now = datetime(2026, 11, 2, tzinfo=UTC)
    assert fire_times(trigger, now, now) == ([], datetime(2026, 11, 8, 17, 0, tzinfo=UTC))


SERVICE_MODULES = r"""
import sys, tempfile, time
from pathlib import Path
from guardian.features.reports import Reports
from guardian.paths import DataPaths
from guardian.service import GuardianService, ServiceOptions
from rules.presets import default_policy
from tests.helpers.fakes import FakeClock, fake_platform
root = Path(tempfile.mkdtemp())
service = GuardianService(
    DataPaths(root / "config", root / "state"), fake_platform(), FakeClock(),
    ServiceOptions(standalone=False),
)
service.replace_policy(default_policy("Europe/Moscow"))
service.tick()
deadline = time.monotonic() + 60
while service.feature(Reports).busy and time.monotonic() < deadline:
    time.sleep(0.02)
    service.tick()
loaded = [m for m in ("apscheduler", "asyncio", "ssl", "smtplib", "email") if m in sys.modules]
assert service.feature(Reports).report_status()["next_run"], "no run planned"
service.close()
print(loaded)
"""


def test_the_service_plans_runs_without_loading_apscheduler_or_mail() -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", SERVICE_MODULES],
        capture_output=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).parents[3],
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().strip() == "[]"
