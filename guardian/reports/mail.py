"""Weekly summaries by e-mail: the message, the outbox that keeps it, and the sender process.

The service builds one message per summary (a short text part and the HTML summary as
alternatives, the PDF attached when there is one) in the summary's language and puts it in an
outbox folder, one `.eml` file per message written atomically, so a message is never lost to a
server that is down or a password that is wrong. The sender runs as a child of the service,

    python -m guardian.reports.mail --outbox DIR --host H --port P
        --security starttls|tls|none [--username U] [--timeout S]

reads the password from its stdin (one line; none when no username is given), sends every
message of the outbox over one connection and deletes each file only after the server took it.
It prints one JSON line per message, `{"id": <file stem>, "ok": true}`, and on failure
`{"id": <file stem or null>, "ok": false, "reason": <code>, "detail": <text>}` with a code of
REASONS, and exits 0 when the outbox is empty, 1 when something was not sent, 2 for bad
arguments. The certificate of the server is checked with the system's trusted authorities;
the variable CA_FILE_ENV names a file of authorities to trust instead (Guardian's tests use it
for their own server's certificate).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from guardian.atomic import write_atomic

if TYPE_CHECKING:
    import argparse
    import smtplib
    from email.message import EmailMessage

    from guardian.reports.model import WeekSummary
    from rules.reports import MailSettings

SUFFIX = ".eml"
REASONS = ("connect", "tls", "auth", "refused", "timeout", "no_password")
"""Why a message was not sent (the parent's windows translate each)."""
CA_FILE_ENV = "GUARDIAN_MAIL_CA_FILE"
DEFAULT_TIMEOUT = 60.0
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


# --- the message ---------------------------------------------------------------------------


def _words() -> dict[str, str]:
    """The message's words in the language being spoken (see `texts.speaking`)."""
    from guardian.reports.texts import translate

    return {
        "subject": translate("Mail", "Weekly summary: %1, %2"),
        "intro": translate("Mail", "The weekly summary of %1 for %2 to %3."),
        "total": translate("Mail", "Screen time this week: %1."),
        "previous": translate("Mail", "The week before: %1."),
        "attached": translate("Mail", "The summary is also attached as a PDF."),
        "footer": translate("Mail", "Sent by Guardian on %1."),
        "test_subject": translate("Mail", "Guardian: a test message"),
        "test_body": translate(
            "Mail",
            "Guardian on %1 can send weekly summaries to this address.",
        ),
    }


def _headers(message: EmailMessage, settings: MailSettings, subject: str, now: datetime) -> None:
    from email.utils import format_datetime, make_msgid

    sender = settings.from_address
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(settings.recipients)
    message["Date"] = format_datetime(now)
    # The sender's own domain: make_msgid would otherwise ask DNS for this machine's name.
    message["Message-ID"] = make_msgid("guardian", domain=sender.rpartition("@")[2])


def build_message(
    summary: WeekSummary,
    settings: MailSettings,
    *,
    html: str | None,
    pdf: bytes | None,
    pdf_name: str,
    now: datetime,
) -> EmailMessage:
    """One summary as a message: a short text and the HTML summary as alternatives, the PDF
    attached when there is one; subject and text in the summary's language."""
    from email.message import EmailMessage

    from guardian.placeholders import fill
    from guardian.reports.texts import duration, speaking

    with speaking(summary.language):
        words = _words()
        lines = [
            fill(
                words["intro"],
                summary.profile.name,
                summary.first_day.isoformat(),
                summary.last_day.isoformat(),
            ),
            fill(words["total"], duration(summary.total)),
        ]
        if summary.previous is not None:
            lines.append(fill(words["previous"], duration(summary.previous.seconds)))
    if pdf is not None:
        lines.append(words["attached"])
    lines += ["", fill(words["footer"], summary.machine)]
    message = EmailMessage()
    _headers(message, settings, fill(words["subject"], summary.profile.name, summary.week), now)
    message.set_content("\n".join(lines) + "\n", cte="quoted-printable")
    if html is not None:
        message.add_alternative(html, subtype="html", cte="quoted-printable")
    if pdf is not None:
        message.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_name)
    return message


def build_test_message(
    settings: MailSettings, *, language: str, machine: str, now: datetime
) -> EmailMessage:
    """A short message that shows the parent that the mail settings work."""
    from email.message import EmailMessage

    from guardian.placeholders import fill
    from guardian.reports.texts import speaking

    with speaking(language):
        words = _words()
    message = EmailMessage()
    _headers(message, settings, words["test_subject"], now)
    message.set_content(fill(words["test_body"], machine) + "\n", cte="quoted-printable")
    return message


# --- the outbox ----------------------------------------------------------------------------


class Outbox:
    """A folder of messages waiting for the mail server, one `.eml` file each, oldest first."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def put(self, message: EmailMessage, name: str, now: datetime) -> Path:
        """Keep a message (written whole or not at all); its file stem is its id."""
        from email.policy import SMTP

        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        moment, safe = now.astimezone().strftime("%Y%m%dT%H%M%S"), _UNSAFE.sub("_", name)
        path = self.folder / f"{moment}-{safe}{SUFFIX}"
        count = 1
        while path.exists():  # "." sorts after "-": a later message of the same second
            count += 1
            path = self.folder / f"{moment}.{count:03d}-{safe}{SUFFIX}"
        write_atomic(path, message.as_bytes(policy=SMTP), mode=0o600)
        return path

    def messages(self) -> list[Path]:
        """Messages waiting, oldest first (none when the folder is missing)."""
        try:
            return sorted(p for p in self.folder.iterdir() if p.suffix == SUFFIX)
        except OSError:
            return []

    def __len__(self) -> int:
        return len(self.messages())


# --- the sender ----------------------------------------------------------------------------


class SendFailure(Exception):
    """A message or the connection failed; `reason` is one of REASONS."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def _reason(exc: BaseException) -> str:
    """The REASONS code of an error of smtplib, ssl or the network."""
    import smtplib
    import socket
    import ssl

    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return "auth"
    if isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPSenderRefused):
        return "refused"
    if isinstance(exc, smtplib.SMTPDataError):
        return "refused"
    if isinstance(exc, ssl.SSLError | ssl.CertificateError):
        return "tls"
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timeout"
    return "connect"


def _open(
    host: str,
    port: int,
    security: str,
    username: str | None,
    password: str | None,
    timeout: float,
) -> smtplib.SMTP:
    """A connection, protected as asked and logged in; SendFailure when it cannot be had."""
    import smtplib
    import ssl

    if username and not password:
        raise SendFailure("no_password", f"no password is stored for {username}")
    context = ssl.create_default_context(cafile=os.environ.get(CA_FILE_ENV) or None)
    step = "connect"
    try:
        server: smtplib.SMTP
        if security == "tls":
            server = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            server = smtplib.SMTP(host, port, timeout=timeout)
        try:
            server.ehlo()
            if security == "starttls":
                step = "tls"
                if not server.has_extn("starttls"):
                    raise SendFailure("tls", f"{host}:{port} does not offer STARTTLS")
                server.starttls(context=context)
                server.ehlo()
            if username:
                step = "auth"
                _login(server, username, password or "")
        except BaseException:
            server.close()
            raise
    except SendFailure:
        raise
    except smtplib.SMTPNotSupportedError as exc:
        raise SendFailure(step, f"{host}:{port}: {exc}") from None
    except (OSError, smtplib.SMTPException) as exc:
        reason = _reason(exc)
        if step == "auth" and reason == "connect":
            reason = "auth"
        raise SendFailure(reason, f"{host}:{port}: {exc}") from None
    return server


def _login(server: smtplib.SMTP, username: str, password: str) -> None:
    """Log in; smtplib's own login sends only ASCII, so a password in another script goes
    as UTF-8 with PLAIN (RFC 4616) or LOGIN."""
    import base64
    import smtplib

    if username.isascii() and password.isascii():
        server.login(username, password)
        return

    def b64(text: str) -> str:
        return base64.b64encode(text.encode("utf-8")).decode("ascii")

    offered = server.esmtp_features.get("auth", "").upper().split()
    if "PLAIN" in offered:
        code, answer = server.docmd("AUTH", "PLAIN " + b64(f"\0{username}\0{password}"))
    elif "LOGIN" in offered:
        code, answer = server.docmd("AUTH", "LOGIN " + b64(username))
        if code == 334:
            code, answer = server.docmd(b64(password))
    else:
        raise smtplib.SMTPNotSupportedError("the server offers neither AUTH PLAIN nor LOGIN")
    if code not in (235, 503):
        raise smtplib.SMTPAuthenticationError(code, answer)


def _envelope(raw: bytes) -> tuple[str, list[str]]:
    from email.parser import BytesParser
    from email.policy import default
    from email.utils import getaddresses

    headers = BytesParser(policy=default).parsebytes(raw, headersonly=True)
    sender = getaddresses([str(headers.get("From", ""))])
    recipients = getaddresses([str(v) for v in headers.get_all("To", [])])
    return (sender[0][1] if sender else ""), [address for _, address in recipients if address]


def send_outbox(
    outbox: Outbox,
    *,
    host: str,
    port: int,
    security: str,
    username: str | None,
    password: str | None,
    timeout: float,
    out: TextIO,
) -> bool:
    """Send every waiting message over one connection, deleting each once the server took
    it; one JSON line per message to `out`. False when anything stays in the outbox."""
    import smtplib

    def say(**line: object) -> None:
        out.write(json.dumps(line) + "\n")
        out.flush()

    waiting = outbox.messages()
    if not waiting:
        return True
    try:
        server = _open(host, port, security, username, password, timeout)
    except SendFailure as failure:
        say(id=None, ok=False, reason=failure.reason, detail=str(failure))
        return False
    done = True
    try:
        for path in waiting:
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                continue
            sender, recipients = _envelope(raw)
            try:
                server.sendmail(sender, recipients, raw)
            except (OSError, smtplib.SMTPException) as exc:
                reason = _reason(exc)
                say(id=path.stem, ok=False, reason=reason, detail=f"{host}:{port}: {exc}")
                done = False
                if reason != "refused":
                    break  # the connection is gone: the rest waits for the next try
                continue
            path.unlink()
            say(id=path.stem, ok=True)
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            server.close()
    return done


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    import argparse  # only the sender process parses arguments

    parser = argparse.ArgumentParser(
        prog="python -m guardian.reports.mail",
        description="Send the messages of an outbox folder; the password comes on stdin.",
    )
    parser.add_argument("--outbox", type=Path, required=True)
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--security", choices=("starttls", "tls", "none"), required=True)
    parser.add_argument("--username", default=None)
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT)
    return parser.parse_args(argv)


def _password(stream: TextIO) -> str | None:
    line = stream.readline()
    password = line[:-1] if line.endswith("\n") else line
    return password or None


def main(argv: list[str] | None = None) -> int:
    """The sender process: 0 when the outbox is empty, 1 when something stays in it."""
    args = _arguments(argv)
    password = _password(sys.stdin) if args.username else None
    sent = send_outbox(
        Outbox(args.outbox),
        host=args.host,
        port=args.port,
        security=args.security,
        username=args.username,
        password=password,
        timeout=args.timeout,
        out=sys.stdout,
    )
    return 0 if sent else 1


def lines_of(output: bytes) -> Iterator[dict[str, object]]:
    """The JSON lines a sender printed (anything else skipped)."""
    for line in output.decode("utf-8", "replace").splitlines():
        try:
            found = json.loads(line)
        except ValueError:
            continue
        if isinstance(found, dict):
            yield found


if __name__ == "__main__":
    sys.exit(main())
