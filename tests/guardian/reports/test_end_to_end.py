"""Weekly summaries end to end, with nothing standing in: the service on a fake clock plans
the run (APScheduler in its child process), collects the week from its own ledger, the real
writer writes HTML, PDF (offscreen Qt), CSV and JSON into a system install's summaries folder
shared with the administrators, and the real mail sender delivers it to an SMTP server on
loopback over STARTTLS."""

from __future__ import annotations

import email
import stat
import subprocess
import time
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

import msgspec
import pytest

from guardian.api import Event, EventKind
from guardian.features.reports import Reports
from guardian.paths import DataPaths
from guardian.platform import locations
from guardian.reports.mail import CA_FILE_ENV
from guardian.reports.model import decode_week
from guardian.service import GuardianService
from rules.reports import MailSecurity, MailSettings
from rules.reports import Reports as ReportSettings
from tests.guardian.conftest import MAKE, kid_policy
from tests.guardian.reports.mail_server import MailServer, free_port, make_certificate
from tests.helpers.fakes import FakeClock

pytestmark = pytest.mark.slow

MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
"""12:00 in Moscow, the first day of 2026-W49."""
RUN = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)
"""08:00 in Moscow on the Monday after: the default time of the weekly run."""
ADMINS = 4242
"""The administrators' group id in these tests (a group need not exist for chown)."""


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    """A system install's folders: summaries beside the state, not inside it."""
    return DataPaths(tmp_path / "config", tmp_path / "state", tmp_path / "summaries")


def settle(service: GuardianService) -> None:
    deadline = time.monotonic() + 120
    while service.feature(Reports).busy:
        if time.monotonic() > deadline:
            pytest.fail("a summary process did not end")
        time.sleep(0.05)
        service.tick()


def test_a_week_is_written_in_every_format_shared_with_parents_and_mailed(
    make_service: MAKE,
    clock: FakeClock,
    paths: DataPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(locations, "administrators_group", lambda: ADMINS)
    certificate = make_certificate(tmp_path)
    monkeypatch.setenv(CA_FILE_ENV, str(certificate[0]))
    port = free_port()
    mail = MailSettings(
        host="127.0.0.1",
        port=port,
        security=MailSecurity.STARTTLS,
        username="mum@example.org",
        recipients=("mum@example.org", "dad@example.org"),
    )
    policy = msgspec.structs.replace(kid_policy(), reports=ReportSettings(mail=mail))
    clock.set_wall(MONDAY)
    service = make_service(policy)
    service.tick()
    settle(service)
    seen: list[Event] = []
    service.subscribe(seen.append)
    token = service.login("parent-pw", "parent") if service.auth.is_set() else None
    if token is None:
        token = service.set_password(None, "parent-pw")
    service.call("parent", "reports.set_mail_password", token=token, password="smtp-пароль")
    # The week as the ledger keeps it: 1 h on Monday, 30 min on Tuesday, a blocked game.
    service.ledger.credit("kid", date(2026, 11, 30), 3600)
    service.ledger.credit("kid", date(2026, 12, 1), 1800)
    service.ledger.record(
        MONDAY, "app_blocked", "kid", account="kid", app="minecraft", name="Minecraft",
        reason="blocked",
    )  # fmt: skip

    with MailServer("starttls", certificate, {"mum@example.org": "smtp-пароль"}, port=port) as up:
        clock.advance((RUN - clock.now()).total_seconds())
        service.tick()
        settle(service)
        [received] = up.inbox.messages

    folder = paths.summaries
    assert folder is not None
    names = sorted(p.name for p in folder.iterdir())
    stem = names[0].removesuffix("-apps.csv")
    assert stem.startswith("2026-W49-") and stem.endswith("-kid")
    assert names == sorted(
        [f"{stem}.html", f"{stem}.pdf", f"{stem}.json"]
        + [f"{stem}-{t}.csv" for t in ("days", "hours", "apps", "sites", "events")]
    )
    # Parents (the administrators' group) read them; nobody else does.
    assert stat.S_IMODE(folder.stat().st_mode) == 0o2750 and folder.stat().st_gid == ADMINS
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o640 and path.stat().st_gid == ADMINS

    summary = decode_week((folder / f"{stem}.json").read_bytes())
    assert summary.complete and summary.profile.name == "Kid"
    assert [d.seconds for d in summary.days[:3]] == [3600, 1800, 0]
    assert summary.blocked_apps.rows[0].detail["name"] == "Minecraft"
    text = subprocess.run(
        ["pdftotext", str(folder / f"{stem}.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Kid" in text and "1 h 30 min" in text.replace("\xa0", " ")
    days_csv = (folder / f"{stem}-days.csv").read_bytes()
    assert days_csv.startswith(b"\xef\xbb\xbf") and days_csv.count(b"\n") == 8

    [ready] = [e.data for e in seen if e.kind is EventKind.REPORT_READY]
    assert (ready["week"], ready["profiles"], ready["names"]) == (
        "2026-W49",
        ["kid"],
        {"kid": "Kid"},
    )
    assert ready["folder"] == str(folder)
    assert sorted(Path(f).name for f in ready["files"]) == names

    message = email.message_from_bytes(received.data, policy=default_policy)
    assert isinstance(message, EmailMessage)
    assert sorted(received.recipients) == ["dad@example.org", "mum@example.org"]
    html = message.get_body(("html",))
    assert html is not None and "Kid" in html.get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == (folder / f"{stem}.pdf").read_bytes()
    assert not paths.outbox.exists() or not any(paths.outbox.iterdir())
