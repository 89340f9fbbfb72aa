"""A real SMTP server on loopback for the mail tests (aiosmtpd): plain, STARTTLS or implicit TLS,
with AUTH LOGIN and PLAIN against one user, and a self-signed certificate made for it; and a
week's summary to write and mail."""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

if TYPE_CHECKING:
    from guardian.reports.model import WeekSummary


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost and 127.0.0.1, and its key, as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "server.pem", folder / "server.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Received:
    """One message the server took."""

    sender: str
    recipients: list[str]
    data: bytes


@dataclass
class Inbox:
    """aiosmtpd's handler: keeps every message; refuses recipients in `refuse`."""

    messages: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        self.messages.append(
            Received(str(envelope.mail_from), list(envelope.rcpt_tos), bytes(content))
        )
        return "250 Message accepted"


class MailServer:
    """An SMTP server on 127.0.0.1 speaking `security` (starttls, tls, none); with `users`, it
    wants AUTH (LOGIN or PLAIN) before mail."""

    def __init__(
        self,
        security: str,
        certificate: tuple[Path, Path],
        users: dict[str, str] | None = None,
        *,
        exclude: tuple[str, ...] = (),
        port: int | None = None,
    ) -> None:
        self.security = security
        self.users = users or {}
        self.inbox = Inbox()
        self.port = port or free_port()
        self.logins: list[tuple[str, str]] = []
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*map(str, certificate))
        options: dict[str, Any] = {"auth_require_tls": security == "starttls"}
        if self.users:
            options["auth_exclude_mechanism"] = list(exclude)
            options["authenticator"] = self._authenticate
            # aiosmtpd counts only STARTTLS as TLS and warns (an error in tests) about AUTH
            # required without it; with implicit TLS the client logs in unasked.
            options["auth_required"] = security == "starttls"
        if security == "starttls":
            options["tls_context"] = context
            options["require_starttls"] = True
        self._controller = Controller(
            self.inbox,
            hostname="127.0.0.1",
            port=self.port,
            ssl_context=context if security == "tls" else None,
            server_hostname="localhost",
            **options,
        )

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user, password = data.login.decode(), data.password.decode()
        self.logins.append((mechanism, user))
        return AuthResult(success=self.users.get(user) == password, handled=False)

    def __enter__(self) -> MailServer:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()


def week_summary(
    profile_id: str = "kid",
    start: datetime.date = datetime.date(2026, 11, 30),
    *,
    name: str = "Kid",
    language: str = "en",
    machine: str = "den-pc",
    seconds: float = 3600.0,
    generated: datetime.datetime | None = None,
) -> WeekSummary:
    """A profile's week with `seconds` of screen time on each day, as collect would make it."""
    from guardian.reports.model import (
        Comparison,
        DayRow,
        Events,
        ProfileRef,
        WeekSummary,
        week_name,
    )

    days = tuple(
        DayRow(
            day=start + datetime.timedelta(days=n),
            seconds=seconds,
            budget=7200.0,
            bonus=0.0,
            rest_of_day=False,
            hours=tuple([seconds / 4] * 4 + [0.0] * 20),
            counted=True,
        )
        for n in range(7)
    )
    none = Events(rows=(), more=0)
    at = generated or datetime.datetime(2026, 12, 6, 15, 0, tzinfo=datetime.UTC)
    return WeekSummary(
        machine=machine,
        guardian_version="0.1.0",
        generated_at=at.isoformat(),
        timezone="Europe/Moscow",
        language=language,  # type: ignore[arg-type]
        week=week_name(start),
        first_day=start,
        last_day=start + datetime.timedelta(days=6),
        complete=True,
        profile=ProfileRef(id=profile_id, name=name, preset="9+"),
        days=days,
        weekly_budget=None,
        accounts=(),
        apps=(),
        categories=(),
        sites=None,
        blocked_apps=none,
        requests=none,
        grants=none,
        tamper=none,
        changes=none,
        previous=Comparison(
            week="2026-W48", seconds=5400.0, blocked_apps=0, blocked_sites=0, bonus=0.0
        ),
    )
