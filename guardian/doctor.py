"""`guardian doctor`: whether Guardian can do its work on this machine, and what to fix.

Each check looks at one thing an admin can fix (the service, sessions, locking, ending
programs, the secret store, the policy, the site filter, browser policies) and ends ok, warn or
fail with a sentence and, unless ok, the fix. Nothing is changed on the way: no screen is
locked, no setting written; the one process ended is a `sleep` the doctor started itself. How
the checks reach the machine is in `Probes`, so tests fake what a test host cannot do.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guardian.paths import DataPaths
from guardian.platform.base import Platform, PlatformError

if TYPE_CHECKING:
    from guardian.platform.browsers import LocationState
    from rules.model import Policy

CANARY = "use-application-dns.net"
"""The name the site filter refuses to everyone (Firefox's DNS-over-HTTPS canary)."""
DNS_TIMEOUT = 2.0
CHILD_GRACE = 2.0
LOGIND = "org.freedesktop.login1"


class Verdict(StrEnum):
    """How a check ended."""

    OK = "ok"
    WARN = "warn"
    """Works in part, or cannot be told from here; nothing is known to be broken."""
    FAIL = "fail"


@dataclass(frozen=True, slots=True)
class Check:
    """One check: a stable name for scripts, the verdict, what was found and how to fix it."""

    name: str
    verdict: Verdict
    summary: str
    fix: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def to_data(self) -> dict[str, Any]:
        """The check as plain JSON data."""
        return {
            "name": self.name,
            "status": self.verdict.value,
            "summary": self.summary,
            "fix": self.fix,
            **({"data": self.data} if self.data else {}),
        }


@dataclass(frozen=True, slots=True)
class ServiceAnswer:
    """What the running service said about itself."""

    version: str
    account: str | None
    password_set: bool


class ServiceDown(Exception):
    """The service does not run or does not answer; the message says where it was asked."""


@dataclass(frozen=True, slots=True)
class SiteFilterAddress:
    """Where the site filter's shared listener answers."""

    host: str
    port: int


@dataclass
class Probes:
    """How the checks reach the machine; each part can be replaced (tests, other hosts)."""

    ask_service: Callable[[], ServiceAnswer]
    """Says hello to the service; raises ServiceDown."""
    platform: Callable[[], Platform]
    lock_way: Callable[[Platform], str | None]
    """How the service would lock a session here, found without locking; None: cannot tell."""
    end_test_process: Callable[[], int]
    """Starts a harmless child and ends it as the app guard ends programs; returns how many
    processes ended (1), raises OSError or PlatformError when it could not."""
    query_dns: Callable[[SiteFilterAddress, str], str]
    """The response code (dnspython's text, "NXDOMAIN") of a query; raises OSError or
    TimeoutError when nothing answers."""
    browser_states: Callable[[Path], tuple[LocationState, ...]]
    """Each browser policy location: whether it holds what Guardian last wrote."""
    filter_address: SiteFilterAddress = field(
        default_factory=lambda: SiteFilterAddress("127.0.0.1", 53)
    )


def run_checks(paths: DataPaths, probes: Probes) -> list[Check]:
    """Every check, in the order an admin would fix them."""
    checks = [_service(probes)]
    platform: Platform | None
    try:
        platform = probes.platform()
    except (PlatformError, OSError) as exc:
        platform = None
        checks.append(
            Check("platform", Verdict.FAIL, f"the OS adapter cannot start: {exc}", _REINSTALL)
        )
    if platform is not None:
        checks += [_sessions(platform), _lock(platform, probes), _processes(platform, probes)]
    checks.append(_secrets(paths))
    policy_check, policy, known = _policy(paths)
    checks.append(policy_check)
    checks += _sites(paths, policy, known, probes)
    return checks


def exit_ok(checks: list[Check]) -> bool:
    """Whether no check failed (warnings pass)."""
    return all(c.verdict is not Verdict.FAIL for c in checks)


_REINSTALL = "reinstall Guardian's package for this OS"
_START = (
    "start the service: `systemctl start guardian` (Linux), `sc.exe start Guardian` "
    "(Windows), `launchctl kickstart -k system/org.guardian.service` (macOS); its log says "
    "why it stopped"
)
_AS_ADMIN = "run `guardian doctor` as root or an administrator to check it"


def _service(probes: Probes) -> Check:
    try:
        answer = probes.ask_service()
    except ServiceDown as exc:
        return Check("service", Verdict.FAIL, str(exc), _START)
    data = {"version": answer.version, "account": answer.account}
    summary = f"the service answers (version {answer.version}; it sees you as {answer.account})"
    if not answer.password_set:
        return Check(
            "service",
            Verdict.WARN,
            summary + ", but no parent password is set",
            "set one: `guardian password set` as an administrator (or deploy a verifier)",
            data,
        )
    return Check("service", Verdict.OK, summary, data=data)


def _sessions(platform: Platform) -> Check:
    try:
        found = platform.sessions.sessions()
    except PlatformError as exc:
        return Check(
            "sessions",
            Verdict.FAIL,
            f"login sessions cannot be listed: {exc}",
            "Guardian counts time per session: see docs/platforms.md for what this OS needs",
        )
    users = sorted({s.user for s in found})
    return Check(
        "sessions",
        Verdict.OK,
        f"{len(found)} session(s) visible ({', '.join(users) or 'nobody logged in'})",
        data={"sessions": len(found), "users": users},
    )


def _lock(platform: Platform, probes: Probes) -> Check:
    way = probes.lock_way(platform)
    if way is None:
        return Check(
            "lock",
            Verdict.WARN,
            "unknown: how a session would be locked cannot be told here without locking one",
            "lock a test session by letting its time run out, and watch that it locks",
            {"way": "unknown"},
        )
    return Check("lock", Verdict.OK, f"sessions would be locked through {way}", data={"way": way})


def _processes(platform: Platform, probes: Probes) -> Check:
    try:
        ended = probes.end_test_process()
    except (OSError, PlatformError) as exc:
        return Check(
            "processes",
            Verdict.FAIL,
            f"a test process could not be ended: {exc}",
            "Guardian ends blocked apps by signalling them: run it as root (Linux, macOS) "
            "or LocalSystem (Windows)",
        )
    if ended != 1:
        return Check(
            "processes",
            Verdict.FAIL,
            "a test process did not end when told to",
            "something shields processes from being ended (a security tool): allow Guardian",
        )
    if platform.apps is None:
        return Check(
            "processes",
            Verdict.WARN,
            "a test process was ended, but app rules cannot be enforced on this OS",
            "see docs/apps.md for the systems app rules support",
        )
    return Check("processes", Verdict.OK, "a test process was started and ended")


def _secrets(paths: DataPaths) -> Check:
    from guardian.auth import VERIFIER
    from guardian.secrets import SecretStore, SecretStoreError

    store = SecretStore(paths.secrets_file)
    try:
        where = store.where
        present = store.get(VERIFIER) is not None
    except SecretStoreError as exc:
        if isinstance(exc.__cause__, PermissionError):
            return Check(
                "secrets",
                Verdict.WARN,
                f"{paths.secrets_file} cannot be read by this account",
                _AS_ADMIN,
            )
        return Check(
            "secrets",
            Verdict.FAIL,
            str(exc),
            f"move {paths.secrets_file} away (it holds Guardian's secrets, such as the parent "
            "password's verifier), then set the password again with `guardian password set`",
        )
    except Exception as exc:  # a keyring backend fails in its own ways
        return Check("secrets", Verdict.FAIL, f"the secret store fails: {exc}", _REINSTALL)
    state = "holds the parent password" if present else "holds no parent password yet"
    return Check(
        "secrets",
        Verdict.OK,
        f"the secret store works ({where}) and {state}",
        data={"where": where, "password": present},
    )


def _policy(paths: DataPaths) -> tuple[Check, Policy | None, bool]:
    """The policy check, the saved policy, and whether the policy in force is known (none
    saved: the built-in default, which has no site rules)."""
    from rules.policy_file import PolicyFileError, parse_policy

    path = paths.policy_file
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return _managed_only(paths)
    except PermissionError:
        unreadable = Check(
            "policy", Verdict.WARN, f"{path} cannot be read by this account", _AS_ADMIN
        )
        return unreadable, None, False
    except (OSError, UnicodeDecodeError) as exc:
        broken = Check("policy", Verdict.FAIL, f"{path} cannot be read: {exc}", _REINSTALL)
        return broken, None, False
    try:
        policy = parse_policy(text, str(path))
    except PolicyFileError as exc:
        return (
            Check(
                "policy",
                Verdict.FAIL,
                str(exc),
                "fix the file (`guardian policy validate` lists every error); the last good "
                "policy stays in force meanwhile",
            ),
            None,
            False,
        )
    return _with_managed(paths, Check("policy", Verdict.OK, f"{path} is valid"), policy)


def _managed_only(paths: DataPaths) -> tuple[Check, Policy | None, bool]:
    """No parent's settings: the managed layers (a school's) are in force, or the default."""
    none_saved = Check(
        "policy",
        Verdict.WARN,
        f"{paths.policy_file}: no policy saved yet; the built-in 12+ default applies",
        "write one with the settings window or `guardian policy apply FILE`",
    )
    return _with_managed(paths, none_saved, None)


def _with_managed(
    paths: DataPaths, parent_check: Check, parent: Policy | None
) -> tuple[Check, Policy | None, bool]:
    """The policy check and the policy in force once the managed layers (a school's) are
    merged over the parent's: their site rules count, and a managed file that is refused
    fails the check even when the parent's file is valid."""
    from guardian.policy_layers import read_only_layers

    try:
        layers = read_only_layers(paths)
        managed = layers.managed
    except OSError:
        managed = False
    if not managed:
        return parent_check, parent, True
    refused = layers.refusals()
    if refused:
        fix = "fix the managed policy (`guardian policy show --effective` says what is in force)"
        return Check("policy", Verdict.FAIL, "; ".join(refused), fix), layers.policy, True
    if parent is None:
        said = "a managed policy is in force (no parent's settings on this machine)"
    else:
        said = f"{parent_check.summary}; a managed policy is in force over it"
    return Check("policy", Verdict.OK, said), layers.policy, True


def _sites(paths: DataPaths, policy: Policy | None, known: bool, probes: Probes) -> list[Check]:
    """The site filter and browser policies, once a profile of the policy filters sites."""
    if not known:
        unknown = "unknown: without a valid, readable policy, whether site rules are on is unknown"
        return [
            Check("site_filter", Verdict.WARN, unknown, "fix the policy check first"),
            Check("browsers", Verdict.WARN, unknown, "fix the policy check first"),
        ]
    from guardian.compiled import compile_policy

    filtered = []
    if policy is not None:
        filtered = sorted(p.id for p in compile_policy(policy).profiles.values() if p.sites.filter)
    if not filtered:
        return [
            Check("site_filter", Verdict.OK, "site rules are off: no filter needed"),
            Check("browsers", Verdict.OK, "site rules are off: no browser policies needed"),
        ]
    return [_dns(probes, filtered), _browsers(paths, probes)]


def _dns(probes: Probes, filtered: list[str]) -> Check:
    where = probes.filter_address
    at = f"{where.host}:{where.port}"
    data: dict[str, Any] = {"listen": at, "profiles": filtered}
    try:
        rcode = probes.query_dns(where, CANARY)
    except (OSError, TimeoutError) as exc:
        return Check(
            "site_filter",
            Verdict.FAIL,
            f"site rules are on but nothing answers DNS at {at} ({exc or type(exc).__name__})",
            "the service starts the filter: check its log for `site filter`, and that no "
            "other DNS server holds port 53 on loopback",
            data,
        )
    data["canary"] = rcode
    if rcode != "NXDOMAIN":
        return Check(
            "site_filter",
            Verdict.FAIL,
            f"the DNS server at {at} answers {CANARY} with {rcode}, not NXDOMAIN: it is not "
            "Guardian's filter",
            "stop the other DNS server on loopback port 53 (dnsmasq, systemd-resolved's "
            "stub) and restart the service",
            data,
        )
    return Check("site_filter", Verdict.OK, f"the site filter answers at {at}", data=data)


def _browsers(paths: DataPaths, probes: Probes) -> Check:
    try:
        states = probes.browser_states(paths.state)
    except (OSError, ValueError) as exc:
        return Check("browsers", Verdict.FAIL, f"browser policies cannot be read: {exc}", _AS_ADMIN)
    missing = [s for s in states if not s.holds_current]
    data = {
        "locations": [
            {
                "browser": s.browser,
                "location": s.location,
                "ok": s.holds_current,
                "detail": s.detail,
            }
            for s in states
        ]
    }
    if not states or missing:
        listed = "; ".join(f"{s.browser} at {s.location}: {s.detail}" for s in missing)
        return Check(
            "browsers",
            Verdict.FAIL,
            f"browser policies are not all in place: {listed or 'no location known'}",
            "the service writes them at its next tick: check its log for browser policy "
            "errors, and remove other files that override Guardian's",
            data,
        )
    return Check(
        "browsers",
        Verdict.OK,
        f"browser policies are in place ({len(states)} locations)",
        data=data,
    )


# --- the real machine ---------------------------------------------------------------------------


def machine_probes(socket_path: str | None, filter_address: SiteFilterAddress) -> Probes:
    """Probes that ask this machine itself."""
    from guardian.platform import current

    return Probes(
        ask_service=lambda: ask_service(socket_path),
        platform=current,
        lock_way=lock_way,
        end_test_process=end_test_process,
        query_dns=query_dns,
        browser_states=browser_states,
        filter_address=filter_address,
    )


def ask_service(socket_path: str | None) -> ServiceAnswer:
    """Say hello to the service at `socket_path` (None: the system's) and ask whether a parent
    password is set."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication

    from guardian.api import ApiError
    from guardian.ipc.client import IpcClient
    from guardian.platform.locations import default_socket_path

    where = socket_path or default_socket_path()
    app = QCoreApplication.instance() or QCoreApplication([sys.argv[0]])
    client = IpcClient(where, role="cli")
    try:
        if not client.connect_to_service():
            raise ServiceDown(f"the service does not answer at {where}")
        hello = client.call("hello", {"role": "cli"})
        password = client.has_password()
        account = client.account
    except ApiError as exc:
        raise ServiceDown(f"the service at {where} failed to answer: {exc}") from None
    finally:
        client.close()
        # Deleted here, on this thread: a Qt object must not be collected on another one.
        shiboken6.delete(client)
        del app
    version = str(hello.get("version") or "unknown: too old to say")
    return ServiceAnswer(version, account, password)


def lock_way(platform: Platform) -> str | None:
    """Linux: logind's Session.Lock when logind runs (the first way the adapter tries); the
    other ways (the desktop's screen saver, loginctl, xdg-screensaver) and other systems'
    cannot be proven without locking."""
    if platform.name != "linux":
        return None
    from guardian.platform.dbus import BusError, JeepneyBus, method_call

    bus = JeepneyBus("SYSTEM", "system bus", timeout=DNS_TIMEOUT)
    try:
        (owned,) = bus.call(
            method_call(
                "org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus",
                "NameHasOwner",
                "s",
                (LOGIND,),
            )
        )
    except BusError:
        return None
    return "logind Session.Lock" if owned else None


def end_test_process() -> int:
    """Start `sleep` as this account and end it the way the app guard ends programs
    (terminate, then kill after the grace period, through psutil)."""
    import psutil

    from guardian.platform.processes import terminate_then_kill

    sleep = shutil.which("sleep")
    argv = [sleep, "60"] if sleep else [sys.executable, "-c", "import time; time.sleep(60)"]
    child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    try:
        ended = terminate_then_kill([psutil.Process(child.pid)], CHILD_GRACE)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
    return ended


def query_dns(where: SiteFilterAddress, name: str) -> str:
    """Ask the DNS server at `where` for `name`'s A record over UDP; its response code."""
    import dns.exception
    import dns.message
    import dns.query
    import dns.rcode

    query = dns.message.make_query(name, "A")
    try:
        reply = dns.query.udp(query, where.host, port=where.port, timeout=DNS_TIMEOUT)
    except dns.exception.Timeout:
        raise TimeoutError(f"no answer within {DNS_TIMEOUT:g} s") from None
    except dns.exception.DNSException as exc:
        raise OSError(str(exc)) from None
    return dns.rcode.to_text(reply.rcode())


def browser_states(state: Path) -> tuple[LocationState, ...]:
    """Where this OS's browsers read managed policies, and whether Guardian's are there."""
    from guardian.platform.browsers import ManagedBrowsers

    return ManagedBrowsers.for_this_machine(state).installed_state()
