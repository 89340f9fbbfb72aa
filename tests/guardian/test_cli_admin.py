"""The admin commands: `guardian status`, `grant`, `password set|reset|verifier` and `doctor`.

In-process `main([...])` against a real service behind a real IpcServer on a temp socket, the
caller's account named by a fixed identity; one real `guardian` process per command group.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dns.message
import dns.rcode
import pytest
from argon2 import PasswordHasher

from guardian import cli, doctor
from guardian.api import InvalidRequest, WrongPassword
from guardian.auth import FREE_TRIES, VERIFIER, check_verifier
from guardian.doctor import (
    Check,
    Probes,
    ServiceAnswer,
    ServiceDown,
    SiteFilterAddress,
    Verdict,
    exit_ok,
    run_checks,
)
from guardian.errors import ExitCode
from guardian.paths import DataPaths
from guardian.platform.base import Platform, PlatformError, SessionInfo
from guardian.platform.browsers import LocationState
from guardian.secrets import SecretStore
from guardian.service import GuardianService
from rules.policy_file import dump_policy
from tests.guardian.conftest import MAKE, kid_policy
from tests.guardian.ipc.conftest import ServerThread
from tests.helpers.fakes import fake_platform

PASSWORD = "parent-secret"
OWASP = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


class FixedIdentity:
    """Every connection is the same OS account, as the kernel would say."""

    def __init__(self, account: str) -> None:
        self.account_name = account

    def account(self, descriptor: int) -> str | None:
        return self.account_name


@pytest.fixture
def sock() -> Iterator[str]:
    """A short socket path (Unix sockets have a small limit) in a folder made for the test."""
    folder = Path(tempfile.mkdtemp(prefix="gcli-"))
    yield str(folder / "run" / "guardian.sock")
    shutil.rmtree(folder, ignore_errors=True)


RUN = Callable[..., ServerThread]


@pytest.fixture
def serve(sock: str, qapp: Any) -> Iterator[RUN]:
    """Serve a service on `sock`, every caller seen as `account` (None: the real peer)."""
    started: list[ServerThread] = []

    def start(service: GuardianService, account: str | None = "root") -> ServerThread:
        identity = FixedIdentity(account) if account is not None else None
        thread = ServerThread(service, sock, identity)
        thread.start()
        assert thread.ready.wait(10) and thread.listening
        started.append(thread)
        return thread

    yield start
    for thread in started:
        thread.stop()


@pytest.fixture
def service(make_service: MAKE) -> GuardianService:
    return make_service(kid_policy())


def run(*argv: str, stdin: str | None = None, monkeypatch: pytest.MonkeyPatch) -> int:
    """`guardian ARGV` in this process, with `stdin` as its standard input when given."""
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return cli.main(list(argv))


def stdin_is_terminal(monkeypatch: pytest.MonkeyPatch, *typed: str) -> list[str]:
    """A terminal where the user types `typed` at each getpass prompt; returns the prompts."""
    prompts: list[str] = []
    answers = list(typed)

    def getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return answers.pop(0)

    terminal = io.StringIO()
    monkeypatch.setattr(terminal, "isatty", lambda: True)
    monkeypatch.setattr(sys, "stdin", terminal)
    monkeypatch.setattr("getpass.getpass", getpass)
    return prompts


# --- status ----------------------------------------------------------------------------------


def test_status_in_words_has_hours_and_minutes_never_seconds(
    service: GuardianService, serve: RUN, sock: str, capsys: pytest.CaptureFixture[str]
) -> None:
    serve(service, "kid")
    assert cli.main(["status", "--socket", sock]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "Account kid is restricted by the profile Kid (kid)." in out
    assert "Time left today: 2 h\n" in out
    assert "Allowed hours today: 07:00–21:30" in out
    assert "Using the computer now: allowed" in out
    assert "Problems: none" in out
    assert "7200" not in out


def test_status_json_stays_the_status_object(
    service: GuardianService, serve: RUN, sock: str, capsys: pytest.CaptureFixture[str]
) -> None:
    serve(service, "kid")
    assert cli.main(["status", "--socket", sock, "--json"]) == ExitCode.OK
    data = json.loads(capsys.readouterr().out)
    assert data["account"] == "kid" and data["profile_id"] == "kid"
    assert data["time_left_today"] == 7200.0
    assert data["hours_today"] == [["07:00", "21:30"]]


def test_status_of_an_unrestricted_account_and_problems_in_words(
    service: GuardianService, serve: RUN, sock: str, capsys: pytest.CaptureFixture[str]
) -> None:
    service.paths.policy_file.write_text("not = [valid", encoding="utf-8")
    service.store.reload()
    serve(service, "parent")
    assert cli.main(["status", "--socket", sock]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "Account parent is not restricted by Guardian." in out
    assert "policy_not_applied: a policy file could not be applied" in out


def test_every_problem_code_has_a_sentence() -> None:
    from guardian.problems import ProblemCode
    from rules.evaluate import Reason

    assert set(cli.PROBLEMS) == {c.value for c in ProblemCode}
    assert set(cli.REASONS) == {r.value for r in Reason}


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(4800, "1 h 20 min"), (3600, "1 h"), (59, "0 min"), (2700, "45 min"), (86399, "23 h 59 min")],
)
def test_durations_read_as_hours_and_minutes(seconds: float, text: str) -> None:
    assert cli._duration(seconds) == text


def test_status_without_a_service_is_unavailable(
    sock: str, qapp: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["status", "--socket", sock]) == ExitCode.UNAVAILABLE
    assert f"the service is not running ({sock})" in capsys.readouterr().err


# --- grant -----------------------------------------------------------------------------------


def test_grant_with_the_password_from_stdin_gives_time(
    service: GuardianService,
    serve: RUN,
    sock: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    service.auth.set_password(PASSWORD)
    serve(service, "parent")
    argv = ["grant", "--socket", sock, "--profile", "kid", "--minutes", "30", "--password-stdin"]
    assert run(*argv, stdin=PASSWORD + "\n", monkeypatch=monkeypatch) == ExitCode.OK
    assert capsys.readouterr().out == ("granted 30 min to profile kid, within the allowed hours\n")
    assert service.status("kid").time_left_today == 150 * 60
    argv = ["grant", "--socket", sock, "--profile", "kid", "--rest-of-day", "--json"]
    stdin_is_terminal(monkeypatch, PASSWORD)
    assert cli.main([*argv, "--outside-hours"]) == ExitCode.OK
    assert json.loads(capsys.readouterr().out) == {
        "profile": "kid",
        "minutes": None,
        "outside_hours": True,
        "granted": True,
    }
    assert [
        g.outside_hours for g in service.ledger.grants("kid", service.trusted.now().date())
    ] == [
        False,
        True,
    ]


def test_grant_refusals_have_their_own_exit_codes(
    service: GuardianService,
    serve: RUN,
    sock: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    serve(service, "kid")
    grant = ["grant", "--socket", sock, "--profile", "kid", "--minutes", "30", "--password-stdin"]
    assert run(*grant, stdin="anything\n", monkeypatch=monkeypatch) == ExitCode.NOT_ALLOWED
    assert "no parent password is set yet" in capsys.readouterr().err
    service.auth.set_password(PASSWORD)
    unknown = ["grant", "--socket", sock, "--profile", "nobody", "--minutes", "5"]
    assert run(*unknown, "--password-stdin", stdin=PASSWORD, monkeypatch=monkeypatch) == 2
    assert "there is no profile 'nobody'" in capsys.readouterr().err
    for _ in range(FREE_TRIES - 1):
        assert run(*grant, stdin="guess\n", monkeypatch=monkeypatch) == ExitCode.WRONG_PASSWORD
    assert capsys.readouterr().err.endswith("guardian: wrong parent password\n")
    assert run(*grant, stdin="guess\n", monkeypatch=monkeypatch) == ExitCode.WRONG_PASSWORD
    assert run(*grant, stdin=PASSWORD, monkeypatch=monkeypatch) == ExitCode.THROTTLED
    err = capsys.readouterr().err.splitlines()[-1]
    assert err == "guardian: too many wrong parent passwords from this account: try again in 30 s"
    assert service.status("kid").time_left_today == 120 * 60


def test_grant_without_a_terminal_or_stdin_says_how(
    service: GuardianService, serve: RUN, sock: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    argv = ["grant", "--socket", sock, "--profile", "kid", "--minutes", "5"]
    assert cli.main(argv) == ExitCode.USAGE
    assert run(*argv, "--password-stdin", stdin="", monkeypatch=monkeypatch) == ExitCode.USAGE


def test_grant_with_the_service_down_is_unavailable(
    sock: str, qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ["grant", "--socket", sock, "--profile", "kid", "--minutes", "5", "--password-stdin"]
    assert run(*argv, stdin=PASSWORD, monkeypatch=monkeypatch) == ExitCode.UNAVAILABLE


# --- password set ----------------------------------------------------------------------------


def test_the_first_password_needs_an_administrator(
    service: GuardianService,
    serve: RUN,
    sock: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    serve(service, "kid")
    argv = ["password", "set", "--socket", sock, "--stdin"]
    assert run(*argv, stdin="kid-wants-in\n", monkeypatch=monkeypatch) == ExitCode.NOT_ALLOWED
    assert "must be set by an administrator" in capsys.readouterr().err
    verifier = ["password", "set", "--socket", sock, "--verifier", OWASP.hash("kid-wants-in")]
    assert cli.main(verifier) == ExitCode.NOT_ALLOWED
    assert not service.auth.is_set()


def test_an_administrator_sets_the_first_password_typed_twice(
    service: GuardianService,
    serve: RUN,
    sock: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    serve(service, "parent")  # an administrator in the fake platform
    prompts = stdin_is_terminal(monkeypatch, PASSWORD, PASSWORD)
    assert cli.main(["password", "set", "--socket", sock, "--json"]) == ExitCode.OK
    assert prompts == ["New parent password: ", "Type it again: "]
    assert json.loads(capsys.readouterr().out) == {
        "set": True,
        "changed": True,
        "kind": "password",
        "how": "the first parent password",
    }
    assert service.auth.login(PASSWORD, "parent")
    stdin_is_terminal(monkeypatch, "one-password", "another-one")
    assert cli.main(["password", "set", "--socket", sock]) == ExitCode.USAGE
    assert "the two passwords differ" in capsys.readouterr().err


def test_replacing_needs_the_current_password_unless_an_administrator(
    service: GuardianService,
    serve: RUN,
    sock: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    service.auth.set_password(PASSWORD)
    serve(service, "kid")
    argv = ["password", "set", "--socket", sock, "--stdin"]
    assert run(*argv, stdin="new-password\nwrong-guess\n", monkeypatch=monkeypatch) == 6
    with pytest.raises(WrongPassword):
        service.auth.login("new-password", "kid")
    assert run(*argv, stdin=f"new-password\n{PASSWORD}\n", monkeypatch=monkeypatch) == 0
    assert "replaced with the current password" in capsys.readouterr().out
    assert service.auth.login("new-password", "parent")


def test_an_administrator_replaces_it_without_the_old_one(
    service: GuardianService,
    serve: RUN,
    sock: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    service.auth.set_password(PASSWORD)
    serve(service, "parent")
    argv = ["password", "set", "--socket", sock, "--stdin"]
    assert run(*argv, stdin="brand-new-one\n", monkeypatch=monkeypatch) == ExitCode.OK
    assert "replaced by an administrator" in capsys.readouterr().out
    assert service.auth.login("brand-new-one", "parent")


def test_a_deployed_verifier_is_stored_as_given_and_logs_in(
    service: GuardianService,
    serve: RUN,
    sock: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    serve(service, "root")
    verifier = OWASP.hash("deployed-pw")
    argv = ["password", "set", "--socket", sock, "--verifier", verifier, "--json"]
    assert cli.main(argv) == ExitCode.OK
    said = json.loads(capsys.readouterr().out)
    assert (said["kind"], said["changed"]) == ("verifier", True)
    assert service.secrets.get(VERIFIER) == verifier
    token = service.auth.login("deployed-pw", "root")
    # Deployed again (Ansible's second run): nothing changes, no login is cut short.
    assert cli.main(argv) == ExitCode.OK
    assert json.loads(capsys.readouterr().out)["changed"] is False
    assert service.auth.is_live(token)
    assert [e.kind for e in service.ledger.events(kind="password_changed")] == ["password_changed"]


def test_plaintext_and_weak_verifiers_are_refused_before_anything_changes(
    service: GuardianService, serve: RUN, sock: str, capsys: pytest.CaptureFixture[str]
) -> None:
    service.auth.set_password(PASSWORD)
    serve(service, "root")
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash("pw")
    for refused in ("hunter22-plaintext", weak):
        argv = ["password", "set", "--socket", sock, "--verifier", refused]
        assert cli.main(argv) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "this is not an Argon2id verifier" in err
    assert "memory m=1024 KiB is outside" in err
    assert service.auth.login(PASSWORD, "root")


def test_verifier_checks() -> None:
    good = OWASP.hash("pw")
    assert check_verifier(good) == good
    assert check_verifier(PasswordHasher().hash("pw"))  # argon2-cffi's own default (64 MiB)
    refusals = {
        "hunter2": "not an Argon2id verifier",
        good.replace("$argon2id$", "$argon2i$"): "not an Argon2id verifier",
        good + "\n": "not an Argon2id verifier",
        good.replace("v=19", "v=16"): "version v=16 is not 19",
        good.replace("m=19456,t=2", "m=8192,t=1"): "weaker than OWASP's minimum",
        good.replace("p=1$", "p=16$"): "lanes p=16 is outside 1-8",
        good.replace("m=19456", "m=524288"): "memory m=524288 KiB is outside",
        good.replace("t=2", "t=50"): "passes t=50 is outside 1-10",
        PasswordHasher(2, 19 * 1024, 1, salt_len=8).hash("pw"): "the salt is not base64",
        PasswordHasher(2, 19 * 1024, 1, hash_len=8).hash("pw"): "the hash is not base64",
    }
    for verifier, said in refusals.items():
        with pytest.raises(InvalidRequest, match=said):
            check_verifier(verifier)


def test_password_verifier_prints_one_the_service_accepts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run("password", "verifier", "--stdin", stdin="for-the-lab\n", monkeypatch=monkeypatch) == 0
    )
    verifier = capsys.readouterr().out.strip()
    assert check_verifier(verifier) and OWASP.verify(verifier, "for-the-lab")
    assert run("password", "verifier", "--stdin", stdin="short\n", monkeypatch=monkeypatch) == 2


# --- password reset --------------------------------------------------------------------------


def test_reset_is_refused_to_an_account_that_is_no_administrator(
    service: GuardianService,
    serve: RUN,
    sock: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    service.auth.set_password(PASSWORD)
    serve(service, "kid")
    assert cli.main(["password", "reset", "--socket", sock]) == ExitCode.NOT_ALLOWED
    err = capsys.readouterr().err
    assert "only an administrator of this computer may reset the password" in err
    assert service.auth.is_set()


def test_reset_by_an_administrator_forgets_password_and_throttle(
    service: GuardianService, serve: RUN, sock: str, capsys: pytest.CaptureFixture[str]
) -> None:
    service.auth.set_password(PASSWORD)
    for _ in range(FREE_TRIES):
        with pytest.raises(WrongPassword):
            service.auth.login("guess", "kid")
    assert service.auth.retry_after("kid") > 0
    serve(service, "parent")
    assert cli.main(["password", "reset", "--socket", sock, "--json"]) == ExitCode.OK
    assert json.loads(capsys.readouterr().out) == {
        "reset": True,
        "set": False,
        "how": "through the service",
    }
    assert not service.auth.is_set() and service.secrets.get(VERIFIER) is None
    assert service.auth.retry_after("kid") == 0
    assert not service.setup_state().password


def test_reset_with_a_new_password_at_once(
    service: GuardianService,
    serve: RUN,
    sock: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service.auth.set_password(PASSWORD)
    serve(service, "root")
    argv = ["password", "reset", "--socket", sock, "--stdin"]
    assert run(*argv, stdin="after-reset\n", monkeypatch=monkeypatch) == ExitCode.OK
    assert service.auth.login("after-reset", "root")


@pytest.fixture
def stopped(
    paths: DataPaths, sock: str, qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> Callable[[bool], list[str]]:
    """No service runs: the options that name its socket and data folder, for a command run
    by an administrator of this computer or not."""

    def where(administrator: bool) -> list[str]:
        monkeypatch.setattr(cli, "_is_os_administrator", lambda: administrator)
        return ["--socket", sock, "--data-dir", str(paths.config.parent)]

    return where


def set_offline(where: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    return run("password", "set", *where, "--stdin", stdin="offline-pw\n", monkeypatch=monkeypatch)


def test_with_the_service_stopped_root_writes_the_store_the_service_reads(
    make_service: MAKE,
    paths: DataPaths,
    stopped: Callable[[bool], list[str]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    where = stopped(True)
    assert set_offline(where, monkeypatch) == 0
    assert "written to the secret store while the service is stopped" in capsys.readouterr().out
    service = make_service()
    assert service.auth.login("offline-pw", "root")
    for _ in range(FREE_TRIES):
        with pytest.raises(WrongPassword):
            service.auth.login("guess", "kid")
    service.close()
    assert cli.main(["password", "reset", *where]) == ExitCode.OK
    restarted = make_service()
    assert not restarted.auth.is_set() and restarted.auth.retry_after("kid") == 0
    assert SecretStore(paths.secrets_file).get(VERIFIER) is None
    restarted.close()
    verifier = OWASP.hash("lab-password")
    assert cli.main(["password", "reset", *where, "--verifier", verifier]) == ExitCode.OK
    assert make_service().auth.login("lab-password", "root")


def test_with_the_service_stopped_others_are_refused(
    paths: DataPaths,
    stopped: Callable[[bool], list[str]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    where = stopped(False)
    assert set_offline(where, monkeypatch) == 8
    assert "only an administrator (root) may set the password" in capsys.readouterr().err
    assert cli.main(["password", "reset", *where]) == ExitCode.NOT_ALLOWED
    assert not paths.secrets_file.exists()


# --- apps identify -------------------------------------------------------------------------


def test_identify_names_a_policy_file_that_is_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "config" / "policy.toml"
    policy.parent.mkdir()
    policy.write_bytes(b"version = 1\n\xff\n")
    argv = ["apps", "identify", str(os.getpid()), "--data-dir", str(tmp_path)]
    assert cli.main(argv) == ExitCode.INVALID_POLICY
    assert f"{policy}: not UTF-8 text" in capsys.readouterr().err


def test_a_report_not_written_is_json_for_scripts_or_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    as_json = argparse.Namespace(json=True)
    assert cli._write_failed(as_json, "disk full", tmp_path) == ExitCode.ERROR
    assert json.loads(capsys.readouterr().out) == {"error": "disk full", "path": str(tmp_path)}
    assert cli._write_failed(as_json, "no folder known", None) == ExitCode.ERROR
    assert json.loads(capsys.readouterr().out) == {"error": "no folder known", "path": None}
    with pytest.raises(cli.CliError, match="disk full") as raised:
        cli._write_failed(argparse.Namespace(json=False), "disk full", tmp_path)
    assert raised.value.code is ExitCode.ERROR


# --- doctor ----------------------------------------------------------------------------------


class DnsResponder(threading.Thread):
    """A UDP DNS server on loopback answering every query with one response code."""

    def __init__(self, rcode: dns.rcode.Rcode) -> None:
        super().__init__(daemon=True)
        self.rcode = rcode
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.asked: list[str] = []

    def run(self) -> None:
        while True:
            try:
                data, peer = self.sock.recvfrom(4096)
            except OSError:
                return
            query = dns.message.from_wire(data)
            self.asked.append(query.question[0].name.to_text())
            reply = dns.message.make_response(query)
            reply.set_rcode(self.rcode)
            self.sock.sendto(reply.to_wire(), peer)

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def dns_server() -> Iterator[Callable[[dns.rcode.Rcode], DnsResponder]]:
    made: list[DnsResponder] = []

    def start(rcode: dns.rcode.Rcode) -> DnsResponder:
        server = DnsResponder(rcode)
        server.start()
        made.append(server)
        return server

    yield start
    for server in made:
        server.close()


def fake_probes(**parts: Any) -> Probes:
    """Probes that all succeed (a healthy machine), with some parts replaced."""
    healthy: dict[str, Any] = {
        "ask_service": lambda: ServiceAnswer("0.1.0", "root", True),
        "platform": fake_platform,
        "lock_way": lambda platform: "logind Session.Lock",
        "end_test_process": lambda: 1,
        "query_dns": lambda where, name: "NXDOMAIN",
        "browser_states": lambda state: (
            LocationState("Chrome", "/etc/opt/chrome/policies/managed/zz-guardian.json", True, ""),
        ),
    }
    return Probes(**{**healthy, **parts})


def verdicts(checks: list[Check]) -> dict[str, Verdict]:
    return {c.name: c.verdict for c in checks}


def save_policy(paths: DataPaths, **fields: object) -> None:
    paths.create()
    paths.policy_file.write_text(dump_policy(kid_policy(**fields), "toml"), encoding="utf-8")


def test_doctor_on_a_healthy_machine_with_site_rules(paths: DataPaths) -> None:
    save_policy(paths, sites={"categories": ["gambling"]})
    checks = run_checks(paths, fake_probes())
    assert verdicts(checks) == {
        "service": Verdict.OK,
        "sessions": Verdict.OK,
        "lock": Verdict.OK,
        "processes": Verdict.WARN,  # the fake platform cannot enforce app rules
        "secrets": Verdict.OK,
        "policy": Verdict.OK,
        "site_filter": Verdict.OK,
        "browsers": Verdict.OK,
    }
    assert exit_ok(checks)
    assert all(c.fix for c in checks if c.verdict is not Verdict.OK)


def test_doctor_failures_each_say_what_to_fix(paths: DataPaths) -> None:
    save_policy(paths, sites={"categories": ["gambling"]})

    def down() -> ServiceAnswer:
        raise ServiceDown("the service does not answer at /run/guardian/guardian.sock")

    def no_sessions() -> list[SessionInfo]:
        raise PlatformError("logind refused")

    def broken_platform() -> Platform:
        platform = fake_platform()
        platform.sessions.sessions = no_sessions  # type: ignore[method-assign]
        return platform

    def nothing_answers(where: SiteFilterAddress, name: str) -> str:
        raise TimeoutError("no answer within 2 s")

    probes = fake_probes(
        ask_service=down,
        platform=broken_platform,
        lock_way=lambda platform: None,
        end_test_process=lambda: 0,
        query_dns=nothing_answers,
        browser_states=lambda state: (
            LocationState("Firefox", "/etc/firefox/policies/policies.json", False, "changed"),
        ),
    )
    checks = run_checks(paths, probes)
    assert verdicts(checks) == {
        "service": Verdict.FAIL,
        "sessions": Verdict.FAIL,
        "lock": Verdict.WARN,
        "processes": Verdict.FAIL,
        "secrets": Verdict.OK,
        "policy": Verdict.OK,
        "site_filter": Verdict.FAIL,
        "browsers": Verdict.FAIL,
    }
    assert not exit_ok(checks)
    by_name = {c.name: c for c in checks}
    assert "unknown" in by_name["lock"].summary and by_name["lock"].data == {"way": "unknown"}
    assert "nothing answers DNS at 127.0.0.1:53" in by_name["site_filter"].summary
    assert "Firefox at /etc/firefox/policies/policies.json: changed" in by_name["browsers"].summary
    assert all(c.fix for c in checks if c.verdict is not Verdict.OK)


def test_doctor_reads_a_bad_policy_and_missing_password(paths: DataPaths) -> None:
    paths.create()
    paths.policy_file.write_text("timezone = 5\n", encoding="utf-8")
    checks = run_checks(paths, fake_probes(ask_service=lambda: ServiceAnswer("0.1.0", "a", False)))
    found = verdicts(checks)
    assert found["policy"] is Verdict.FAIL and found["service"] is Verdict.WARN
    assert found["site_filter"] is Verdict.WARN and found["browsers"] is Verdict.WARN
    paths.policy_file.unlink()
    found = verdicts(run_checks(paths, fake_probes()))
    assert found["policy"] is Verdict.WARN  # none saved: the default, which filters nothing
    assert found["site_filter"] is Verdict.OK and found["browsers"] is Verdict.OK


def test_doctor_takes_a_schools_managed_policy_as_the_policy_in_force(paths: DataPaths) -> None:
    paths.create()
    managed = paths.config / "policies" / "managed"
    managed.mkdir(parents=True)
    lab = dump_policy(kid_policy(sites={"categories": ["gambling"]}), "toml")
    (managed / "50-lab.toml").write_text(lab, encoding="utf-8")
    by_name = {c.name: c for c in run_checks(paths, fake_probes())}
    assert by_name["policy"].verdict is Verdict.OK
    assert "managed policy is in force" in by_name["policy"].summary
    # Its site rules count: the filter and browser policies are checked.
    assert by_name["site_filter"].verdict is Verdict.OK and "NXDOMAIN" in str(
        by_name["site_filter"].summary + str(by_name["site_filter"].data)
    )
    (managed / "60-broken.toml").write_text("reports = 5\n", encoding="utf-8")
    by_name = {c.name: c for c in run_checks(paths, fake_probes())}
    assert (
        by_name["policy"].verdict is Verdict.FAIL and "60-broken.toml" in by_name["policy"].summary
    )


def test_doctor_merges_a_schools_managed_policy_over_the_parents(paths: DataPaths) -> None:
    save_policy(paths)  # the parent's own settings filter no sites
    managed = paths.config / "policies" / "managed"
    managed.mkdir(parents=True)
    lab = dump_policy(kid_policy(sites={"categories": ["gambling"]}), "toml")
    (managed / "50-lab.toml").write_text(lab, encoding="utf-8")
    by_name = {c.name: c for c in run_checks(paths, fake_probes())}
    assert by_name["policy"].verdict is Verdict.OK
    assert f"{paths.policy_file} is valid" in by_name["policy"].summary
    assert "managed policy is in force" in by_name["policy"].summary
    # The school's site rules are in force, so the filter is checked.
    assert "NXDOMAIN" in by_name["site_filter"].summary + str(by_name["site_filter"].data)
    (managed / "60-broken.toml").write_text("reports = 5\n", encoding="utf-8")
    by_name = {c.name: c for c in run_checks(paths, fake_probes())}
    assert by_name["policy"].verdict is Verdict.FAIL
    assert "60-broken.toml" in by_name["policy"].summary


def test_doctor_tells_an_unreadable_store_from_a_broken_one(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("guardian.secrets.usable_keyring", lambda: None)  # the file store
    paths.create()
    paths.secrets_file.write_text('["not an object"]', encoding="utf-8")
    check = next(c for c in run_checks(paths, fake_probes()) if c.name == "secrets")
    assert check.verdict is Verdict.FAIL and "is not a JSON object" in check.summary

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    check = next(c for c in run_checks(paths, fake_probes()) if c.name == "secrets")
    assert check.verdict is Verdict.WARN and "cannot be read by this account" in check.summary


def test_doctor_asks_the_filter_for_the_canary(
    paths: DataPaths, dns_server: Callable[[dns.rcode.Rcode], DnsResponder]
) -> None:
    save_policy(paths, sites={"categories": ["gambling"]})
    nxdomain = dns_server(dns.rcode.NXDOMAIN)
    probes = fake_probes(
        query_dns=doctor.query_dns, filter_address=SiteFilterAddress("127.0.0.1", nxdomain.port)
    )
    check = next(c for c in run_checks(paths, probes) if c.name == "site_filter")
    assert check.verdict is Verdict.OK and check.data["canary"] == "NXDOMAIN"
    assert nxdomain.asked == ["use-application-dns.net."]
    other = dns_server(dns.rcode.NOERROR)
    probes.filter_address = SiteFilterAddress("127.0.0.1", other.port)
    check = next(c for c in run_checks(paths, probes) if c.name == "site_filter")
    assert check.verdict is Verdict.FAIL and "not Guardian's filter" in check.summary


def test_doctor_ends_a_real_test_process() -> None:
    assert doctor.end_test_process() == 1


def test_doctor_reads_browser_policies_the_service_wrote(tmp_path: Path) -> None:
    from guardian.platform.browsers import BrowserRules, ManagedBrowsers
    from guardian.platform.browsers_files import linux_locations

    browsers = ManagedBrowsers(linux_locations(tmp_path / "root"), tmp_path / "ledger.json")
    assert not any(s.holds_current for s in browsers.installed_state())
    browsers.apply(BrowserRules())
    assert all(s.holds_current for s in browsers.installed_state())


def test_doctor_command_against_a_real_service(
    service: GuardianService,
    serve: RUN,
    sock: str,
    paths: DataPaths,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("guardian.platform.current", fake_platform)
    # The saved kid policy filters sites: the filter and browsers are asked of fakes here (the
    # real ones are tested above), never of this host's port 53 and /etc.
    monkeypatch.setattr(doctor, "query_dns", lambda where, name: "NXDOMAIN")
    written = LocationState("Chrome", "/etc/opt/chrome/policies/managed/zz-guardian.json", True, "")
    monkeypatch.setattr(doctor, "browser_states", lambda state: (written,))
    service.auth.set_password(PASSWORD)
    serve(service, "root")
    argv = ["doctor", "--socket", sock, "--data-dir", str(paths.config.parent), "--json"]
    assert cli.main(argv) == ExitCode.OK
    result = json.loads(capsys.readouterr().out)
    checks = {c["name"]: c for c in result["checks"]}
    assert result["ok"] is True
    assert checks["service"]["status"] == "ok"
    assert checks["service"]["data"]["account"] == "root"
    assert checks["lock"]["status"] == "warn"  # the fake platform says nothing about locking
    assert checks["processes"]["status"] == "warn"
    assert checks["secrets"]["data"]["password"] is True
    assert checks["policy"]["status"] == "ok"
    assert checks["site_filter"]["data"]["listen"] == "127.0.0.1:53"
    assert checks["browsers"]["status"] == "ok"
    service_down = ["doctor", "--socket", sock + ".gone", "--data-dir", str(paths.config.parent)]
    assert cli.main(service_down) == ExitCode.CHECKS_FAILED
    assert "FAIL  service: the service does not answer at" in capsys.readouterr().out


# --- the real `guardian` command, one run per group ------------------------------------------

GUARDIAN = Path(sys.executable).with_name("guardian")


def guardian(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(GUARDIAN), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )


def test_the_installed_command_for_each_group(
    service: GuardianService, serve: RUN, sock: str, tmp_path: Path
) -> None:
    service.auth.set_password(PASSWORD)
    serve(service, None)  # the real peer: this test runs as the account the kernel names
    status = guardian("status", "--socket", sock, "--json")
    assert status.returncode == 0, status.stderr
    assert "account" in json.loads(status.stdout)
    grant = guardian(
        "grant",
        "--socket",
        sock,
        "--profile",
        "kid",
        "--minutes",
        "5",
        "--password-stdin",
        stdin="wrong\n",
    )
    assert grant.returncode == ExitCode.WRONG_PASSWORD
    assert grant.stderr == "guardian: wrong parent password\n"
    password = guardian("password", "set", "--socket", sock, "--verifier", "plain-text")
    assert password.returncode == ExitCode.USAGE and "Traceback" not in password.stderr
    doctor_run = guardian(
        "doctor", "--json", "--socket", sock + ".gone", "--data-dir", str(tmp_path / "fresh")
    )
    assert doctor_run.returncode == ExitCode.CHECKS_FAILED
    checks = {c["name"]: c["status"] for c in json.loads(doctor_run.stdout)["checks"]}
    assert checks["service"] == "fail" and checks["secrets"] == "ok"
