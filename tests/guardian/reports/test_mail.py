"""Summaries by e-mail: the message, the outbox, and the sender process against a real SMTP
server on loopback (STARTTLS and implicit TLS with a certificate made here, AUTH LOGIN and
PLAIN, a server that is down, a wrong password, a refused recipient)."""

from __future__ import annotations

import email
import email.policy
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from guardian.reports.mail import CA_FILE_ENV, Outbox, build_message, build_test_message
from rules.reports import MailSecurity, MailSettings
from tests.guardian.reports.mail_server import MailServer, free_port, make_certificate, week_summary

NOW = datetime(2026, 12, 6, 15, 0, 5, tzinfo=UTC)
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"
HTML = "<!doctype html><html><body><h1>Неделя Кати</h1><p>3 ч 30 мин</p></body></html>\n"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("cert"))


@pytest.fixture
def trusted(certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The sender trusts the test server's certificate (and nothing else)."""
    monkeypatch.setenv(CA_FILE_ENV, str(certificate[0]))
    yield


def settings(
    port: int, security: str = "starttls", username: str = "parent@example.org"
) -> MailSettings:
    return MailSettings(
        host="127.0.0.1" if security != "none" else "localhost",
        port=port,
        security=MailSecurity(security),
        username=username,
        sender="guardian@example.org",
        recipients=("parent@example.org", "other@example.org"),
    )


def summary_message(mail: MailSettings, *, pdf: bytes | None = PDF) -> EmailMessage:
    summary = week_summary(name="Катя", language="ru")
    return build_message(
        summary, mail, html=HTML, pdf=pdf, pdf_name="2026-W49-den-pc-kid.pdf", now=NOW
    )


def send(
    outbox: Path, mail: MailSettings, password: str | None
) -> tuple[int, list[dict[str, object]]]:
    """Run the sender process as the service does; its exit code and JSON lines."""
    command = [
        sys.executable,
        "-m",
        "guardian.reports.mail",
        "--outbox",
        str(outbox),
        "--host",
        mail.host,
        "--port",
        str(mail.port),
        "--security",
        mail.security.value,
        "--timeout",
        "10",
    ]
    if mail.username:
        command += ["--username", mail.username]
    given = "" if password is None else password + "\n"
    done = subprocess.run(
        command, input=given.encode(), capture_output=True, timeout=60, check=False
    )
    assert done.stderr == b"", done.stderr.decode()
    lines = [json.loads(line) for line in done.stdout.decode().splitlines()]
    return done.returncode, lines


def parsed(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_the_message_has_text_html_and_the_pdf_in_the_summarys_language() -> None:
    message = summary_message(settings(587))
    assert message["Subject"].endswith(": Катя, 2026-W49")
    assert message["From"] == "guardian@example.org"
    assert message["To"] == "parent@example.org, other@example.org"
    assert message["Date"] == "Sun, 06 Dec 2026 15:00:05 +0000"
    assert message["Message-ID"].endswith("@example.org>")
    assert message.get_content_type() == "multipart/mixed"
    body = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert body is not None and html is not None
    assert html.get_content() == HTML
    assert "2026-11-30" in body.get_content() and "2026-12-06" in body.get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "2026-W49-den-pc-kid.pdf"
    assert attachment.get_content() == PDF


def test_a_message_in_russian_has_a_russian_subject() -> None:
    message = summary_message(settings(587))
    assert message["Subject"].startswith("Сводка за неделю")
    body = message.get_body(("plain",))
    assert body is not None and "Время за экраном" in body.get_content()
    # Durations read as in the summary itself.
    assert "за эту неделю: 7 ч." in body.get_content()
    assert "За предыдущую неделю: 1 ч 30 мин." in body.get_content()


def test_without_a_pdf_there_is_no_attachment() -> None:
    message = summary_message(settings(587), pdf=None)
    assert list(message.iter_attachments()) == []
    assert message.get_content_type() == "multipart/alternative"


def test_the_outbox_keeps_messages_whole_oldest_first(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox")
    assert outbox.messages() == [] and len(outbox) == 0
    first = outbox.put(summary_message(settings(587)), "2026-W49-den-pc-kid", NOW)
    second = outbox.put(summary_message(settings(587)), "2026-W49-den-pc-kid", NOW)
    assert outbox.messages() == [first, second]
    assert first.stat().st_mode & 0o777 == 0o600
    assert parsed(first.read_bytes())["Subject"].startswith("Сводка")
    assert [p.name for p in (tmp_path / "outbox").iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(("security", "mechanism"), [("starttls", "LOGIN"), ("tls", "PLAIN")])
def test_a_real_server_gets_the_message_with_its_html_and_pdf(
    tmp_path: Path,
    certificate: tuple[Path, Path],
    trusted: None,
    security: str,
    mechanism: str,
) -> None:
    users = {"parent@example.org": "mail-pässword"}
    other = "PLAIN" if mechanism == "LOGIN" else "LOGIN"
    server = MailServer(security, certificate, users, exclude=(other,))
    mail = settings(server.port, security)
    outbox = Outbox(tmp_path / "outbox")
    kept = outbox.put(summary_message(mail), "2026-W49-den-pc-kid", NOW)
    with server:
        code, lines = send(outbox.folder, mail, "mail-pässword")
    assert (code, lines) == (0, [{"id": kept.stem, "ok": True}]), lines
    assert outbox.messages() == []
    assert server.logins == [(mechanism, "parent@example.org")]
    [received] = server.inbox.messages
    assert received.sender == "guardian@example.org"
    assert received.recipients == ["parent@example.org", "other@example.org"]
    message = parsed(received.data)
    html = message.get_body(("html",))
    # SMTP carries lines ended by CRLF; the words are the same.
    assert html is not None and html.get_content().replace("\r\n", "\n") == HTML
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content() == PDF


def test_a_server_that_is_down_keeps_the_message(tmp_path: Path, trusted: None) -> None:
    mail = settings(free_port())
    outbox = Outbox(tmp_path / "outbox")
    kept = outbox.put(summary_message(mail), "week", NOW)
    code, lines = send(outbox.folder, mail, "pw")
    assert code == 1
    assert [(line["ok"], line["reason"]) for line in lines] == [(False, "connect")]
    assert outbox.messages() == [kept]


def test_a_wrong_password_is_auth_and_keeps_the_message(
    tmp_path: Path, certificate: tuple[Path, Path], trusted: None
) -> None:
    with MailServer("starttls", certificate, {"parent@example.org": "right"}) as server:
        mail = settings(server.port)
        outbox = Outbox(tmp_path / "outbox")
        kept = outbox.put(summary_message(mail), "week", NOW)
        code, lines = send(outbox.folder, mail, "wrong")
        assert server.inbox.messages == []
    assert code == 1
    assert [(line["ok"], line["reason"]) for line in lines] == [(False, "auth")]
    assert "wrong" not in json.dumps(lines)
    assert outbox.messages() == [kept]


def test_no_password_for_a_username_is_no_password(tmp_path: Path, trusted: None) -> None:
    mail = settings(free_port())
    outbox = Outbox(tmp_path / "outbox")
    outbox.put(summary_message(mail), "week", NOW)
    code, lines = send(outbox.folder, mail, None)
    assert code == 1
    assert lines[0]["reason"] == "no_password"


def test_an_untrusted_certificate_is_tls(tmp_path: Path, certificate: tuple[Path, Path]) -> None:
    with MailServer("starttls", certificate) as server:
        mail = settings(server.port, username="")
        outbox = Outbox(tmp_path / "outbox")
        outbox.put(summary_message(mail), "week", NOW)
        code, lines = send(outbox.folder, mail, None)
        assert server.inbox.messages == []
    assert code == 1
    assert lines[0]["reason"] == "tls"


def test_a_refused_recipient_keeps_that_message_and_sends_the_rest(
    tmp_path: Path, certificate: tuple[Path, Path], trusted: None
) -> None:
    with MailServer("tls", certificate) as server:
        server.inbox.refuse = {"nobody@example.org"}
        good = settings(server.port, "tls", username="")
        bad = MailSettings(
            host="127.0.0.1",
            port=server.port,
            security=MailSecurity.TLS,
            sender="guardian@example.org",
            recipients=("nobody@example.org",),
        )
        outbox = Outbox(tmp_path / "outbox")
        refused = outbox.put(
            build_test_message(bad, language="en", machine="pc", now=NOW), "a", NOW
        )
        sent = outbox.put(build_test_message(good, language="en", machine="pc", now=NOW), "b", NOW)
        code, lines = send(outbox.folder, good, None)
        assert len(server.inbox.messages) == 1
    assert code == 1
    assert [(line["id"], line["ok"], line.get("reason")) for line in lines] == [
        (refused.stem, False, "refused"),
        (sent.stem, True, None),
    ]
    assert outbox.messages() == [refused]


def test_an_empty_outbox_sends_nothing_and_succeeds(tmp_path: Path) -> None:
    code, lines = send(tmp_path / "none", settings(free_port()), "pw")
    assert (code, lines) == (0, [])
