"""The `guardian` command: policy tools and a health check for admins and scripts.

Handlers return an exit code and print results; errors go to stderr in words that say what
and where. One handler in `main` turns whatever escapes into one line and an exit code, never a
traceback (unless asked for with --debug). Exit codes are in guardian.errors.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import time
import tomllib
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guardian.errors import CliError, ExitCode
from guardian.paths import DataPaths, standalone_paths, system_paths
from rules.model import Policy, Profile
from rules.policy_file import PolicyFileError, dump_policy, parse_policy, policy_json_schema
from rules.reports import ReportFormat

if TYPE_CHECKING:
    from guardian.api import Status
    from guardian.auth import ParentAuth
    from guardian.ipc.client import IpcClient
    from guardian.policy_layers import PolicyLayers
    from rules.layers import LayeredPolicy, Source


def _paths(args: argparse.Namespace) -> DataPaths:
    if args.data_dir:
        return standalone_paths(Path(args.data_dir))
    return standalone_paths() if args.standalone else system_paths()


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the policy's JSON Schema."""
    print(json.dumps(policy_json_schema(), indent=2, ensure_ascii=False))
    return ExitCode.OK


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate policy files; every problem of every file is printed."""
    worst = ExitCode.OK
    for name in args.files:
        path = Path(name)
        try:
            parse_policy(path.read_text(encoding="utf-8"), str(path))
        except OSError as exc:
            print(f"{path}: cannot be read: {exc.strerror or exc}", file=sys.stderr)
            worst = ExitCode.ERROR
        except UnicodeDecodeError as exc:
            print(f"{path}: not UTF-8 text: {exc}", file=sys.stderr)
            worst = ExitCode.INVALID_POLICY
        except PolicyFileError as exc:
            print(exc, file=sys.stderr)
            worst = ExitCode.INVALID_POLICY
        else:
            print(f"{path}: valid")
    return worst


def cmd_show(args: argparse.Namespace) -> int:
    """Print the parent's policy file after validation, in TOML or JSON; with --effective, the
    policy in force from all layers with each value's source."""
    if args.effective:
        return _show_effective(args)
    paths = _paths(args)
    path = paths.policy_file
    try:
        policy = parse_policy(_read_text(path), str(path))
    except FileNotFoundError:
        print(f"{path}: no policy saved yet; the built-in 12+ default applies", file=sys.stderr)
        return ExitCode.UNAVAILABLE
    except PolicyFileError as exc:
        print(exc, file=sys.stderr)
        return ExitCode.INVALID_POLICY
    print(dump_policy(policy, args.format), end="")
    return ExitCode.OK


def _policy_layers(paths: DataPaths) -> PolicyLayers:
    """The policy layers of a data folder as the service reads them, without writing anything."""
    from guardian.policy_layers import read_only_layers

    return read_only_layers(paths)


def _show_effective(args: argparse.Namespace) -> int:
    """`guardian policy show --effective`: the policy in force and where each value comes from;
    layers that could not be used are said on stderr (exit 3)."""
    from rules.model import policy_to_data

    layers = _policy_layers(_paths(args))
    effective = layers.effective
    if args.json or args.format == "json":
        document = {
            "policy": policy_to_data(effective.policy),
            "sources": {path: s.to_data() for path, s in sorted(effective.sources.items())},
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        print(effective_toml(effective), end="")
    refused = layers.refusals()
    for detail in refused:
        print(f"not in force: {detail}", file=sys.stderr)
    return ExitCode.INVALID_POLICY if refused else ExitCode.OK


def effective_toml(effective: LayeredPolicy) -> str:
    """The effective policy as TOML (dotted keys, one `[[profiles]]` each) with every value's
    source in a comment; it reads back as the same policy."""
    document = tomllib.loads(dump_policy(effective.policy, "toml"))
    lines = ["# The policy in force; values without a comment are Guardian's defaults.", ""]
    profiles = document.pop("profiles", [])
    lines += _toml_lines(document, "", effective)
    for profile in profiles:
        prefix = f"profiles.{profile['id']}."
        lines += ["", "[[profiles]]"]
        lines += _toml_lines(profile, prefix, effective, skip_source="id")
    return "\n".join(lines) + "\n"


def _toml_lines(
    table: dict[str, Any],
    prefix: str,
    effective: LayeredPolicy,
    key_prefix: str = "",
    skip_source: str = "",
) -> list[str]:
    from rules.layers import Layer

    lines = []
    for key, value in table.items():
        if isinstance(value, dict) and value:
            lines += _toml_lines(value, f"{prefix}{key}.", effective, f"{key_prefix}{_key(key)}.")
            continue
        line = f"{key_prefix}{_key(key)} = {_toml_value(value)}"
        source = effective.source_of(f"{prefix}{key}")
        if source.layer is not Layer.DEFAULT and key != skip_source:
            line += f"  # from {_source_words(source)}"
        lines.append(line)
    return lines


def _source_words(source: Source) -> str:
    words = {
        "os": "the OS-managed policy",
        "managed": "managed file",
        "parent": "the parent's settings",
        "recommended": "recommended file",
        "default": "the defaults",
    }[source.layer.value]
    return f"{words} {source.file}".strip()


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"{type(value).__name__} is not a TOML value")


def cmd_apply(args: argparse.Namespace) -> int:
    """`guardian policy apply FILE`: validate a policy and make it the parent's settings,
    written atomically; an unchanged policy leaves the file untouched. Values that managed
    layers set may not be changed by it."""
    from guardian.atomic import write_atomic
    from guardian.policy_layers import LockedValues
    from rules.layers import parse_layer
    from rules.model import InvalidData

    source = Path(args.file)
    text = _read_text(source)
    try:
        policy = parse_policy(text, str(source))
    except PolicyFileError as exc:
        raise CliError(str(exc), ExitCode.INVALID_POLICY) from None
    paths = _paths(args)
    layers = _policy_layers(paths)
    conflicts = layers.conflicts(policy, parse_layer(text, str(source)))
    if conflicts:
        raise CliError(f"{source}: {LockedValues(conflicts)}", ExitCode.INVALID_POLICY)
    try:
        layers.with_parent(policy)
    except InvalidData as exc:
        raise CliError(
            f"{source}: with the managed policy in force: {exc}", ExitCode.INVALID_POLICY
        ) from None
    data = dump_policy(policy, "toml").encode()
    try:
        unchanged = paths.policy_file.read_bytes() == data
    except FileNotFoundError:
        unchanged = False
    if unchanged:
        print(f"{paths.policy_file}: unchanged")
        return ExitCode.OK
    paths.policy_file.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(paths.policy_file, data, mode=0o600)
    print(f"{paths.policy_file}: written from {source}")
    return ExitCode.OK


def _read_text(path: Path) -> str:
    """A text file's content; a file that is not UTF-8 is an invalid policy, said with its path."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CliError(
            f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})", ExitCode.INVALID_POLICY
        ) from None


def cmd_doctor(args: argparse.Namespace) -> int:
    """Check that Guardian can do its work here; each check says what to fix."""
    from guardian.doctor import SiteFilterAddress, exit_ok, machine_probes, run_checks
    from guardian.features.base import FilterOptions

    paths = _paths(args)
    defaults = FilterOptions()
    probes = machine_probes(
        _socket_path(args), SiteFilterAddress(defaults.address, args.dns_port or defaults.port)
    )
    checks = run_checks(paths, probes)
    ok = exit_ok(checks)
    if args.json:
        print(
            json.dumps(
                {"ok": ok, "checks": [c.to_data() for c in checks]}, indent=2, ensure_ascii=False
            )
        )
    else:
        for check in checks:
            print(f"{check.verdict.value.upper():<4}  {check.name}: {check.summary}")
            if check.fix:
                print(f"      fix: {check.fix}")
    return ExitCode.OK if ok else ExitCode.CHECKS_FAILED


# --- talking to the running service --------------------------------------------------------


def _socket_path(args: argparse.Namespace) -> str | None:
    """The socket asked for: --socket, the user's own with --standalone, else the system's."""
    from guardian.platform.locations import standalone_socket_path

    socket: str | None = getattr(args, "socket", None)
    return socket or (standalone_socket_path() if getattr(args, "standalone", False) else None)


class _Service:
    """A connection to the running service for one command; ApiErrors become CliErrors with
    the exit code a script can act on."""

    def __init__(self, args: argparse.Namespace) -> None:
        from PySide6.QtCore import QCoreApplication

        from guardian.ipc.client import IpcClient
        from guardian.platform.locations import default_socket_path

        self.where = _socket_path(args) or default_socket_path()
        self._app = QCoreApplication.instance() or QCoreApplication([sys.argv[0]])
        self.client = IpcClient(self.where, role="cli", version=_version())

    def __enter__(self) -> _Service:
        if not self.client.connect_to_service():
            self.__exit__(None, None, None)
            raise CliError(f"the service is not running ({self.where})", ExitCode.UNAVAILABLE)
        return self

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        import shiboken6

        self.client.close()
        # Deleted here, on this thread: a Qt object must not be collected on another one.
        shiboken6.delete(self.client)
        if exc is not None and not isinstance(exc, CliError):
            _raise_as_cli_error(exc)


def _raise_as_cli_error(exc: BaseException) -> None:
    """An ApiError from the service as a CliError with its own exit code; others pass."""
    from guardian.api import (
        ApiError,
        AuthRequired,
        InvalidRequest,
        RateLimited,
        Throttled,
        WrongPassword,
    )
    from guardian.ipc.protocol import ServiceUnavailable

    if isinstance(exc, WrongPassword):
        raise CliError("wrong parent password", ExitCode.WRONG_PASSWORD) from None
    if isinstance(exc, Throttled | RateLimited):
        what = "wrong parent passwords" if isinstance(exc, Throttled) else "calls"
        wait = _duration(exc.retry_after, short=True)
        raise CliError(
            f"too many {what} from this account: try again in {wait}", ExitCode.THROTTLED
        ) from None
    if isinstance(exc, AuthRequired):
        raise CliError(f"not allowed: {exc}", ExitCode.NOT_ALLOWED) from None
    if isinstance(exc, InvalidRequest):
        raise CliError(str(exc), ExitCode.USAGE) from None
    if isinstance(exc, ServiceUnavailable):
        raise CliError(str(exc), ExitCode.UNAVAILABLE) from None
    if isinstance(exc, ApiError):
        raise CliError(f"the service refused: {exc}") from None


def _duration(seconds: float, *, short: bool = False) -> str:
    """Hours and minutes as people say them ("1 h 20 min", "45 min"), rounded down (time
    left); `short`: a wait, rounded up, under a minute in seconds ("30 s")."""
    if short and seconds < 60:
        return f"{max(1, math.ceil(seconds))} s"
    minutes = math.ceil(seconds / 60) if short else int(seconds // 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    return f"{hours} h" if hours else f"{minutes} min"


REASONS = {
    "outside_hours": "outside the allowed hours",
    "no_hours_today": "no allowed hours today",
    "daily_budget_spent": "today's time is used up",
    "weekly_budget_spent": "this week's time is used up",
    "grant_active": "bonus time given by a parent",
    "held": "a part of Guardian failed, so the computer is held at time-up",
}
"""Why a profile's computer is or is not allowed now (`rules.evaluate.Reason`), in words."""

PROBLEMS = {
    "policy_not_applied": "a policy file could not be applied; the last good policy stays",
    "managed_policy_invalid": "a managed policy was refused; its last good content stays",
    "state_recovered": "the state database was damaged and rebuilt from a snapshot",
    "state_lost": "the state database was lost; today counts as used up until time is given",
    "storage_failing": "state cannot be written to disk; counting goes on in memory",
    "admin_child": "a restricted account is an administrator of this computer",
    "account_added": "an account appeared after setup",
    "secrets_edited": "the secrets file was changed outside Guardian",
    "enforcement_failed": "an action on a session failed",
    "apps_unsupported": "the policy has app rules this system cannot enforce",
    "site_filter_down": "the site filter is not running; it is being started again",
    "site_system_dns": "the computer's DNS could not be pointed at the site filter",
    "site_attribution": "per-account DNS failed; sites follow the active session's profile",
    "site_browsers": "browser policies could not be written for some browsers",
    "site_lists_missing": "profiles block categories whose lists are not installed",
    "site_lists_failed": "the category lists could not be built; the last good ones stay",
    "report_folder": "weekly summaries cannot be written into their folder; retried",
    "report_failed": "weekly summaries could not be made; retried",
    "report_mail": "weekly summaries wait for the mail server; retried",
    "feature_failed": "a part of Guardian keeps failing; sessions are held at time-up",
}
"""A sentence for each `guardian.problems.ProblemCode` (the parent's windows have their own,
translated); the parent reads the details in the settings' Problems page."""


def cmd_status(args: argparse.Namespace) -> int:
    """The calling account's status from the running service: in words, or as JSON."""
    from dataclasses import asdict

    with _Service(args) as service:
        status = service.client.status()
    if args.json:
        print(json.dumps(asdict(status), indent=2, ensure_ascii=False))
        return ExitCode.OK
    print("\n".join(status_lines(status)))
    return ExitCode.OK


def status_lines(status: Status) -> list[str]:
    """A status as an admin reads it: hours and minutes, allowed hours, problems in words."""
    if not status.restricted:
        lines = [f"Account {status.account} is not restricted by Guardian."]
    else:
        lines = [
            f"Account {status.account} is restricted by the profile "
            f"{status.profile_name or status.profile_id} ({status.profile_id}).",
            f"Using the computer now: {'allowed' if status.allowed else 'not allowed'}"
            + (
                f" ({'; '.join(REASONS.get(r, r) for r in status.reasons)})"
                if status.reasons
                else ""
            ),
            "Time left today: "
            + ("no limit" if status.time_left_today is None else _duration(status.time_left_today)),
        ]
        if status.time_left_week is not None:
            lines.append(f"Time left this week: {_duration(status.time_left_week)}")
        lines.append(f"Used today: {_duration(status.used_today)}")
        hours = ", ".join(f"{start}–{end}" for start, end in status.hours_today)
        lines.append(f"Allowed hours today: {hours or 'none'}")
        if status.next_change:
            lines.append(f"Next change: {status.next_change[11:16]} ({status.next_change[:10]})")
    if status.problems:
        lines.append("Problems a parent must look at:")
        lines += [f"  {code}: {PROBLEMS.get(code, 'see the settings')}" for code in status.problems]
    else:
        lines.append("Problems: none")
    return lines


def _secret_from_stdin(what: str) -> str:
    """One line of stdin without its line end; a closed stdin is a usage error."""
    line = sys.stdin.readline()
    if not line:
        raise CliError(f"{what} was expected on stdin, which is empty", ExitCode.USAGE)
    return line.rstrip("\r\n")


def _ask_secret(prompt: str) -> str:
    """A secret typed at the terminal, not echoed; with no terminal, a usage error."""
    import getpass

    if not sys.stdin.isatty():
        raise CliError(
            f"no terminal to ask for the {prompt.lower()}: give it on stdin with the "
            "command's --stdin option",
            ExitCode.USAGE,
        )
    return getpass.getpass(f"{prompt}: ")


def _parent_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return _secret_from_stdin("the parent password")
    return _ask_secret("Parent password")


def cmd_grant(args: argparse.Namespace) -> int:
    """Give a profile more time today through the running service, with the parent password."""
    minutes = None if args.rest_of_day else args.minutes
    password = _parent_password(args)
    with _Service(args) as service:
        token = service.client.login(password)
        try:
            service.client.grant(token, args.profile, minutes, outside_hours=args.outside_hours)
        finally:
            service.client.logout(token)
    given = "the rest of the day" if minutes is None else _duration(minutes * 60)
    where = "also outside" if args.outside_hours else "within"
    _report(
        {
            "profile": args.profile,
            "minutes": minutes,
            "outside_hours": args.outside_hours,
            "granted": True,
        },
        f"granted {given} to profile {args.profile}, {where} the allowed hours",
        args,
    )
    return ExitCode.OK


def _new_secret(args: argparse.Namespace) -> tuple[str, str]:
    """("verifier", text) or ("password", text), from --verifier, --stdin or the terminal."""
    from guardian.api import InvalidRequest
    from guardian.auth import MIN_PASSWORD_LENGTH, check_verifier

    if args.verifier is not None:
        try:
            return "verifier", check_verifier(args.verifier)
        except InvalidRequest as exc:
            raise CliError(str(exc), ExitCode.USAGE) from None
    if args.stdin:
        password = _secret_from_stdin("the new parent password")
    else:
        password = _ask_secret("New parent password")
        if _ask_secret("Type it again") != password:
            raise CliError("the two passwords differ; nothing was changed", ExitCode.USAGE)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise CliError(
            f"the password needs at least {MIN_PASSWORD_LENGTH} characters", ExitCode.USAGE
        )
    return "password", password


SET_METHODS = {
    "password": ("auth.set_password", "new_password"),
    "verifier": ("auth.set_verifier", "verifier"),
}
"""The service method that sets each kind of secret, and the param that carries it."""


def cmd_password_set(args: argparse.Namespace) -> int:
    """Set or replace the parent password (or deploy its verifier): through the running
    service, or, when none runs, as an administrator straight into the secret store."""
    kind, secret = _new_secret(args)
    changed = [True]
    with _ServiceOrNone(args) as service:
        if service is not None:
            how = _set_through_service(service, args, kind, secret, changed)
        else:
            _offline(
                args, "set the password", lambda auth: _set_offline(auth, kind, secret, changed)
            )
            how = "written to the secret store while the service is stopped"
    if not changed[0]:
        how = "this verifier was in place already; nothing changed"
    text = f"parent {kind} set ({how})" if changed[0] else f"parent {kind}: {how}"
    _report({"set": True, "changed": changed[0], "kind": kind, "how": how}, text, args)
    return ExitCode.OK


def _set_through_service(
    service: _Service, args: argparse.Namespace, kind: str, secret: str, changed: list[bool]
) -> str:
    """The first password needs an administrator (the service checks); a replacement needs an
    administrator or the current password."""
    from guardian.api import AuthRequired

    method, param = SET_METHODS[kind]
    client = service.client
    if not client.has_password():
        _logout(client, client.call(method, {"token": None, param: secret}))
        return "the first parent password"
    try:
        done = client.call("auth.reset", {param: secret})
        changed[0] = not isinstance(done, dict) or bool(done.get("changed", True))
        return "replaced by an administrator"
    except AuthRequired:
        pass  # not an administrator of this computer: the current password decides
    if args.stdin or not sys.stdin.isatty():
        current = _secret_from_stdin("the current parent password")
    else:
        current = _ask_secret("Current parent password")
    token = client.login(current)
    fresh = client.call(method, {"token": token, param: secret})
    if isinstance(fresh, dict):
        changed[0] = bool(fresh.get("changed", True))
    _logout(client, fresh if isinstance(fresh, str) else token)
    return "replaced with the current password"


def _logout(client: IpcClient, token: object) -> None:
    """Give back a token the command does not need any more."""
    if isinstance(token, str):
        client.logout(token)


def cmd_password_reset(args: argparse.Namespace) -> int:
    """The forgotten-password way for an administrator of this computer: forget the password
    and every account's wrong tries, or put a new one in place at once."""
    wanted = None if not (args.set or args.stdin or args.verifier) else _new_secret(args)
    with _ServiceOrNone(args) as service:
        if service is not None:
            params = {} if wanted is None else {SET_METHODS[wanted[0]][1]: wanted[1]}
            service.client.call("auth.reset", params)
            how = "through the service"
        else:
            _offline(args, "reset the password", lambda auth: _reset_offline(auth, wanted))
            how = "in the secret store while the service is stopped"
    if wanted is None:
        text = (
            f"parent password removed {how}; the next adult to open Guardian as an "
            "administrator sets a new one"
        )
    else:
        text = f"parent {wanted[0]} replaced {how}"
    _report({"reset": True, "set": wanted is not None, "how": how}, text, args)
    return ExitCode.OK


def cmd_password_verifier(args: argparse.Namespace) -> int:
    """Print the Argon2id verifier of a password, as the service would store it."""
    from guardian.auth import hasher

    _, password = _new_secret(args)
    print(hasher().hash(password))
    return ExitCode.OK


def _report(data: dict[str, object], text: str, args: argparse.Namespace) -> None:
    """A command's result: `data` as one line of JSON with --json, else `text` in words."""
    print(json.dumps(data) if args.json else text)


class _ServiceOrNone:
    """The running service, or None when it does not run (other failures end the command)."""

    def __init__(self, args: argparse.Namespace) -> None:
        self._service = _Service(args)
        self._entered = False

    def __enter__(self) -> _Service | None:
        try:
            self._service.__enter__()
        except CliError as exc:
            if exc.code is ExitCode.UNAVAILABLE:
                return None
            raise
        self._entered = True
        return self._service

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        if self._entered:
            self._service.__exit__(kind, exc, tb)


def _offline(args: argparse.Namespace, what: str, change: Callable[[ParentAuth], None]) -> None:
    """Change the password in the service's own stores while it is stopped: only root (an
    elevated administrator on Windows) can, as only they can write those stores."""
    from datetime import UTC, datetime

    from guardian.auth import ParentAuth
    from guardian.ledger import UsageLedger
    from guardian.secrets import SecretStore
    from guardian.service import THROTTLE_KEY

    if not _is_os_administrator():
        raise CliError(
            f"the service is not running, and only an administrator (root) may {what} "
            "without it; run this as root, or start the service",
            ExitCode.NOT_ALLOWED,
        )
    paths = _paths(args)
    paths.create()
    ledger = UsageLedger(paths.database)
    try:
        auth = ParentAuth(
            SecretStore(paths.secrets_file),
            now=time.time,
            monotonic=time.monotonic,
            load=lambda: ledger.meta(THROTTLE_KEY),
            save=lambda text: ledger.set_meta(THROTTLE_KEY, text),
        )
        change(auth)
        ledger.record(datetime.now(UTC), "password_changed", None)
    finally:
        ledger.close()


def _set_offline(auth: ParentAuth, kind: str, secret: str, changed: list[bool]) -> None:
    """Replacing needs no old password here: whoever can write the stores is root already."""
    from guardian.api import InvalidRequest

    try:
        if kind == "verifier":
            changed[0] = auth.set_verifier(secret)
        else:
            auth.set_password(secret)
    except InvalidRequest as exc:
        raise CliError(str(exc), ExitCode.USAGE) from None
    if changed[0]:
        auth.forgive()


def _reset_offline(auth: ParentAuth, wanted: tuple[str, str] | None) -> None:
    if wanted is None:
        auth.reset()
    else:
        _set_offline(auth, *wanted, [True])
        auth.forgive()


def _is_os_administrator() -> bool:
    """Whether this process runs with an administrator's rights: root, or elevated on
    Windows."""
    if sys.platform == "win32":
        import ctypes

        return bool(ctypes.windll.shell32.IsUserAnAdmin())  # type: ignore[attr-defined]
    return os.geteuid() == 0


def cmd_catalogue(args: argparse.Namespace) -> int:
    """List the catalogue of well-known apps that rules can name by id."""
    from rules.catalogue import catalogue

    rows = [
        entry
        for entry in catalogue().entries
        if (args.category is None or entry.category.value == args.category)
        and (args.os is None or args.os in entry.platforms)
    ]
    width = max((len(e.id) for e in rows), default=2)
    for entry in rows:
        print(
            f"{entry.id:<{width}}  {entry.category.value:<10}  {','.join(entry.platforms):<19}  "
            f"{entry.name}"
        )
    return ExitCode.OK


def cmd_identify(args: argparse.Namespace) -> int:
    """Say which app running processes are under the saved policy, and why."""
    from guardian.apps.hashing import HashCache
    from guardian.apps.monitor import ProcessMonitor
    from guardian.platform import current
    from rules.appmatch import AppContext, AppMatcher, judge
    from rules.catalogue import catalogue
    from rules.presets import default_policy

    path = _paths(args).policy_file
    try:
        policy = parse_policy(_read_text(path), str(path))
    except FileNotFoundError:
        policy = default_policy("UTC")
    except PolicyFileError as exc:
        print(exc, file=sys.stderr)
        return ExitCode.INVALID_POLICY
    platform = current()
    monitor = ProcessMonitor(
        platform.os,
        time.monotonic,
        platform.apps.app_ids if platform.apps is not None else (lambda pid, exe: ()),
    )
    monitor.scan()
    hashes = HashCache()
    status = ExitCode.OK
    for pid in args.pids:
        tracked = monitor.get(pid)
        if tracked is None:
            print(f"{pid}: no such process, or not one Guardian can inspect", file=sys.stderr)
            status = ExitCode.ERROR
            continue
        account = tracked.username.rsplit("\\", 1)[-1]
        profile = (
            _profile(policy, args.profile) if args.profile else policy.profile_for_account(account)
        )
        if profile is None:
            shown = tracked.facts.exe or tracked.facts.name
            print(f"{pid}: {shown}: account '{account}' is not restricted")
            continue
        matcher = AppMatcher.for_rules(profile.apps, catalogue())
        found = matcher.identify(
            tracked.facts, hashes.for_process(tracked.facts.exe, tracked.image)
        )
        verdict = judge(
            found,
            AppContext(app_list=profile.app_list),
            allows_unmanaged=matcher.explicitly_allows_unmanaged(found),
        )
        print(
            f"{pid}: {tracked.facts.exe or tracked.facts.name}\n"
            f"  profile: {profile.id} (account {account})\n"
            f"  app: {found.app or '(not a known app)'}"
            f"{f' by {found.via.value}' if found.via else ''}; name: {found.name}; "
            f"category: {found.category.value if found.category else '-'}\n"
            f"  rule: {found.mode.value if found.mode else 'none'}"
            f"{'; essential' if found.essential else ''}"
            f"{'; never touched' if found.critical else ''}"
            f"{'; a browser policies do not reach' if found.unmanaged_browser else ''}\n"
            f"  now (apart from time budgets and downtime): "
            f"{'ended: ' + verdict.value if verdict else 'may run'}"
        )
    return status


def _profile(policy: Policy, profile_id: str) -> Profile:
    try:
        return policy.profile(profile_id)
    except KeyError:
        known = ", ".join(p.id for p in policy.profiles)
        raise CliError(
            f"there is no profile '{profile_id}' (the policy has: {known})", ExitCode.USAGE
        ) from None


def cmd_service(args: argparse.Namespace) -> int:
    """Run the headless service until stopped."""
    import logging
    import os

    from guardian.platform.locations import default_socket_path
    from guardian.service_main import LOG_FORMAT, run

    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    private = bool(args.data_dir)
    if not private and hasattr(os, "geteuid") and os.geteuid() != 0:
        print(
            "guardian service: the system service runs as root; for a private instance "
            "give --data-dir DIR and --socket PATH",
            file=sys.stderr,
        )
        return ExitCode.USAGE
    paths = standalone_paths(Path(args.data_dir)) if private else system_paths()
    try:
        paths.create()
    except OSError as exc:
        print(f"guardian service: cannot create {exc.filename}: {exc.strerror}", file=sys.stderr)
        return ExitCode.ERROR
    return run(paths, args.socket or default_socket_path())


def cmd_report_merge(args: argparse.Namespace) -> int:
    """Merge lab machines' weekly JSON summaries into one summary for a class."""
    from datetime import UTC, datetime

    from guardian.reports.merge import LabWriteError, MergeError, merge_files, write_lab

    try:
        summary = merge_files(
            [Path(p) for p in args.paths],
            language=args.language,
            now=datetime.now(UTC).astimezone(),
            week=args.week,
        )
    except MergeError as exc:
        skipped = [f"{path}: {why}" for path, why in exc.skipped]
        if args.json:
            print(json.dumps({"error": str(exc), "skipped": skipped}, ensure_ascii=False))
            return ExitCode.UNAVAILABLE
        for line in skipped:
            print(f"skipped {line}", file=sys.stderr)
        raise CliError(str(exc), ExitCode.UNAVAILABLE) from None
    try:
        written = write_lab(summary, args.format, Path(args.dest))
    except LabWriteError as exc:
        return _write_failed(args, str(exc), exc.path)
    if args.json:
        result = {
            "week": summary.week,
            "machines": len(summary.machines),
            "accounts": len(summary.accounts),
            "written": [str(p.resolve()) for p in written],
            "skipped": list(summary.skipped),
        }
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return ExitCode.OK
    for path in written:
        print(f"wrote {path}")
    for line in summary.skipped:
        print(f"skipped {line}")
    print(
        f"week {summary.week}: {len(summary.machines)} machines, {len(summary.accounts)} "
        f"accounts merged, {len(summary.skipped)} files skipped"
    )
    return ExitCode.OK


def cmd_report_export(args: argparse.Namespace) -> int:
    """Write a week's summary of each profile (or those named) from this machine's own data."""
    import socket
    from datetime import UTC, datetime, timedelta

    import msgspec

    from guardian.ledger import LedgerError
    from guardian.reports.collect import collect_week, current_week_start, open_readonly
    from guardian.reports.model import week_start
    from guardian.reports.write import WriteError, write_summaries

    paths = _paths(args)
    policy = _saved_policy(paths)
    ids = args.profile or [p.id for p in policy.profiles]
    unknown = [i for i in ids if i not in {p.id for p in policy.profiles}]
    if unknown:
        known = ", ".join(p.id for p in policy.profiles)
        raise CliError(f"the policy has no profile {unknown[0]!r} (it has {known})", ExitCode.USAGE)
    now = datetime.now(UTC)
    if args.week:
        start = week_start(args.week, policy.reports.week_starts.number)
    else:
        start = current_week_start(policy, now) - timedelta(days=7)
    try:
        db = open_readonly(paths.database)
    except LedgerError as exc:
        raise CliError(f"{exc} (on a system install, run as an administrator)") from None
    try:
        summaries = [
            collect_week(
                db, policy, i, start, now=now, machine=socket.gethostname(), version=_version()
            )
            for i in ids
        ]
    finally:
        db.close()
    if args.language:
        summaries = [msgspec.structs.replace(s, language=args.language) for s in summaries]
    try:
        written = write_summaries(summaries, args.format, Path(args.dest), mode=0o644)
    except WriteError as exc:
        return _write_failed(args, exc.message, exc.path)
    if args.json:
        result = {
            "week": summaries[0].week,
            "profiles": ids,
            "complete": all(s.complete for s in summaries),
            "written": [str(p.resolve()) for p in written],
        }
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return ExitCode.OK
    for path in written:
        print(f"wrote {path}")
    if not all(s.complete for s in summaries):
        print(f"week {summaries[0].week} has not ended yet: the summary covers it so far")
    return ExitCode.OK


def _write_failed(args: argparse.Namespace, message: str, path: Path | None) -> int:
    """A report that could not be written: as a JSON object on stdout with --json (scripts read
    the error and the path at fault there, null when none is known), else one line on stderr."""
    if not args.json:
        raise CliError(message) from None
    where = None if path is None else str(path)
    print(json.dumps({"error": message, "path": where}, ensure_ascii=False))
    return ExitCode.ERROR


def _saved_policy(paths: DataPaths) -> Policy:
    """The parent's saved policy; none saved or an invalid one ends the command."""
    path = paths.policy_file
    try:
        return parse_policy(_read_text(path), str(path))
    except FileNotFoundError:
        raise CliError(
            f"{path}: no policy saved yet, so nothing has been counted", ExitCode.UNAVAILABLE
        ) from None
    except PolicyFileError as exc:
        raise CliError(str(exc), ExitCode.INVALID_POLICY) from None


def _week_formats(text: str) -> tuple[ReportFormat, ...]:
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    known = [f.value for f in ReportFormat]
    bad = [n for n in names if n not in known]
    if bad or not names:
        raise argparse.ArgumentTypeError(
            f"{(bad or [text])[0]!r} is not a format; choose from {','.join(known)}"
        )
    return tuple(dict.fromkeys(ReportFormat(n) for n in names))


def _add_report_export(
    rsub: argparse._SubParsersAction[argparse.ArgumentParser], where: argparse.ArgumentParser
) -> None:
    export = rsub.add_parser(
        "export",
        parents=[where],
        help="write a week's summary of this machine's profiles now",
        description=(
            "Write the weekly summary of each profile (or those named with --profile) from "
            "this machine's data, as the service does on its schedule: <week>-<machine>-"
            "<profile>.html, .pdf, .json and -days/-hours/-apps/-sites/-events.csv. Reads the "
            "state database, so run it as an administrator on a system install. Exit codes: 0 "
            "written; 1 the data could not be read or a file not written; 2 a wrong command "
            "line or an unknown profile; 3 the saved policy is invalid; 4 no policy saved yet."
        ),
    )
    export.add_argument(
        "--week",
        type=_report_week,
        metavar="YYYY-Www",
        help="the week, e.g. 2026-W48 (default: last week)",
    )
    export.add_argument(
        "--format",
        type=_week_formats,
        default=tuple(ReportFormat),
        metavar="html,pdf,csv,json",
        help="which files to write (default: all four)",
    )
    export.add_argument("--dest", required=True, metavar="DIR", help="write the files here")
    export.add_argument(
        "--profile", action="append", metavar="ID", help="only this profile (repeatable)"
    )
    export.add_argument("--language", choices=["en", "ru"], help="language (default: the policy's)")
    export.add_argument("--json", action="store_true", help="print the outcome as one JSON object")
    export.set_defaults(func=cmd_report_export)


def _report_formats(text: str) -> tuple[str, ...]:
    from guardian.reports.merge import parse_formats
    from guardian.reports.model import SummaryError

    try:
        return parse_formats(text)
    except SummaryError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _report_week(text: str) -> str:
    from guardian.reports.model import SummaryError, parse_week

    try:
        parse_week(text)
    except SummaryError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text.strip()


def _add_report_merge(rsub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    merge = rsub.add_parser(
        "merge",
        help="merge lab machines' weekly JSON summaries into one for a class",
        description=(
            "Read weekly JSON summaries (files, or folders searched for *.json, such as a "
            "lab's share) and write one summary of the week for the class, with a row per "
            "machine and per account: <week>-lab.html, <week>-lab.json and "
            "<week>-lab-{machines,accounts,apps}.csv. Files of another week, older runs of "
            "the same machine and profile, and files that are not summaries are skipped and "
            "listed with why. Exit codes: 0 written; 1 a file could not be written; 2 a wrong "
            "command line; 4 no summary to merge."
        ),
    )
    merge.add_argument("paths", nargs="+", metavar="PATH", help="summary files or folders")
    merge.add_argument("--dest", required=True, metavar="DIR", help="write the files here")
    merge.add_argument(
        "--format",
        type=_report_formats,
        default=("html", "csv", "json"),
        metavar="html,csv,json",
        help="which files to write (default: all three)",
    )
    merge.add_argument(
        "--week",
        type=_report_week,
        metavar="YYYY-Www",
        help="merge this week, e.g. 2026-W48 (default: the week most files are of)",
    )
    merge.add_argument(
        "--language",
        choices=["en", "ru"],
        help="language of the HTML (default: the summaries' own)",
    )
    merge.add_argument("--json", action="store_true", help="print the outcome as one JSON object")
    merge.set_defaults(func=cmd_report_merge)


def _add_report_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], where: argparse.ArgumentParser
) -> None:
    """`guardian report …`: weekly activity summaries; each subcommand adds itself here."""
    report = sub.add_parser(
        "report",
        help="weekly activity summaries",
        description="Weekly activity summaries. Run a subcommand with --help for its options.",
    )
    report.set_defaults(func=lambda args: _print_help(report))
    rsub = report.add_subparsers(dest="report_command", metavar="COMMAND")
    _add_report_merge(rsub)
    _add_report_export(rsub, where)


def _add_admin_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], where: argparse.ArgumentParser
) -> None:
    """`status`, `grant`, `password` and `doctor`: what an admin runs on a machine."""
    socket = argparse.ArgumentParser(add_help=False)
    socket.add_argument("--socket", help="the service's socket, when not the system one")
    socket.add_argument("--json", action="store_true", help="print the outcome as JSON")
    service = argparse.ArgumentParser(add_help=False, parents=[socket])
    service.add_argument(
        "--standalone", action="store_true", help="ask the standalone tray running as you"
    )
    status = sub.add_parser(
        "status",
        parents=[service],
        help="your status, from the running service",
        description="Your account's status from the running service: the profile, time left, "
        "allowed hours and problems. --json prints the status object of docs/protocol.md. Exit "
        "codes: 0 shown; 4 the service is not running.",
    )
    status.set_defaults(func=cmd_status)

    grant = sub.add_parser(
        "grant",
        parents=[service],
        help="give a profile more time today (needs the parent password)",
        description="Give a profile bonus time today through the running service. The parent "
        "password is asked at the terminal, or read from the first line of stdin with "
        "--password-stdin. Exit codes: 0 given; 2 an unknown profile or minutes out of range; 4 "
        "the service is not running; 6 a wrong password; 7 too many wrong passwords, wait; 8 no "
        "parent password is set yet.",
    )
    grant.add_argument("--profile", required=True, metavar="ID", help="the profile's id")
    amount = grant.add_mutually_exclusive_group(required=True)
    amount.add_argument("--minutes", type=int, metavar="N", help="this many minutes (1-1440)")
    amount.add_argument("--rest-of-day", action="store_true", help="until midnight")
    grant.add_argument(
        "--outside-hours",
        action="store_true",
        help="also open the computer outside the allowed hours (bedtime) for this time from "
        "now; without it the bonus only adds to the day's budget within the allowed hours",
    )
    grant.add_argument(
        "--password-stdin", action="store_true", help="read the parent password from stdin"
    )
    grant.set_defaults(func=cmd_grant)

    password = sub.add_parser(
        "password",
        help="set or reset the parent password",
        description="The parent password. Run a subcommand with --help for its options.",
    )
    password.set_defaults(func=lambda args: _print_help(password))
    psub = password.add_subparsers(dest="password_command", metavar="COMMAND")
    new = argparse.ArgumentParser(add_help=False)
    given = new.add_mutually_exclusive_group()
    given.add_argument(
        "--stdin",
        action="store_true",
        help="read the new password from the first line of stdin (and, when it is needed, "
        "the current one from the second)",
    )
    given.add_argument(
        "--verifier",
        metavar="ARGON2ID",
        help="deploy an Argon2id verifier ($argon2id$v=19$m=…,t=…,p=…$salt$hash) "
        "instead of a password",
    )
    pset = psub.add_parser(
        "set",
        parents=[socket, where, new],
        help="set or replace the parent password",
        description="Set the parent password, typed twice at the terminal, from stdin, or as "
        "a deployed Argon2id verifier (never plaintext in deployment files). Through the "
        "running service: the first password needs an administrator of this computer, a new "
        "one an administrator or the current password. With the service stopped, root writes "
        "the secret store directly. Exit codes: 0 set; 2 too short, the two differ, or the "
        "verifier is refused; 6 a wrong current password; 7 wait, too many wrong passwords; 8 "
        "not an administrator.",
    )
    pset.set_defaults(func=cmd_password_set)
    reset = psub.add_parser(
        "reset",
        parents=[socket, where, new],
        help="forgotten password: clear it (administrators only)",
        description="For an administrator of this computer who lost the parent password: "
        "removes it and every account's wrong tries, so the next adult to open Guardian as an "
        "administrator sets a new one; with --set, --stdin or --verifier a new one is put in "
        "place at once. Works through the running service, or as root while it is stopped. "
        "Exit codes: 0 done; 2 a refused new password or verifier; 8 not an administrator.",
    )
    reset.add_argument("--set", action="store_true", help="type a new password at once (twice)")
    reset.set_defaults(func=cmd_password_reset)
    verifier = psub.add_parser(
        "verifier",
        help="print the Argon2id verifier of a password, for deployment",
        description="Read a password (typed twice, or from stdin with --stdin) and print its "
        "Argon2id verifier, for `guardian password set --verifier`, the MSI's "
        "PASSWORDVERIFIER or a managed policy. The password itself is never stored.",
    )
    verifier.add_argument(
        "--stdin", action="store_true", help="read the password from the first line of stdin"
    )
    verifier.set_defaults(func=cmd_password_verifier, verifier=None)

    doctor = sub.add_parser(
        "doctor",
        parents=[socket, where],
        help="check that Guardian can do its work here",
        description="Check the service, sessions, locking, ending programs, the secret store, "
        "the policy and, once site rules are on, the site filter and browser policies; each "
        "check says ok, warn or fail and what to fix. Exit codes: 0 nothing failed (warnings "
        "allowed); 5 a check failed.",
    )
    doctor.add_argument(
        "--dns-port", type=int, metavar="PORT", help="the site filter's port (default 53)"
    )
    doctor.set_defaults(func=cmd_doctor)


def _print_help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return ExitCode.OK


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(prog="guardian", description="Guardian parental guardian")
    parser.add_argument("--version", action="version", version=f"guardian {_version()}")
    parser.add_argument(
        "--debug", action="store_true", help="print the traceback of an internal error"
    )
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--standalone", action="store_true", help="use the user's own folders")
    where.add_argument("--data-dir", help="use DIR/config and DIR/state")
    sub = parser.add_subparsers(dest="command", required=True)

    policy = sub.add_parser("policy", help="policy documents")
    psub = policy.add_subparsers(dest="policy_command", required=True)
    psub.add_parser("schema", help="print the JSON Schema").set_defaults(func=cmd_schema)
    validate = psub.add_parser("validate", help="check policy files (TOML or JSON)")
    validate.add_argument("files", nargs="+")
    validate.set_defaults(func=cmd_validate)
    show = psub.add_parser("show", parents=[where], help="print the saved policy")
    show.add_argument("--format", choices=["toml", "json"], default="toml")
    show.add_argument(
        "--effective",
        action="store_true",
        help="the policy in force from every layer, with each value's source",
    )
    show.add_argument("--json", action="store_true", help="with --effective: JSON for scripts")
    show.set_defaults(func=cmd_show)
    apply = psub.add_parser(
        "apply", parents=[where], help="validate a policy file and make it the parent's settings"
    )
    apply.add_argument("file")
    apply.set_defaults(func=cmd_apply)

    _add_admin_commands(sub, where)

    apps = sub.add_parser("apps", help="app rules")
    asub = apps.add_subparsers(dest="apps_command", required=True)
    listing = asub.add_parser("catalogue", help="list the well-known apps rules can name")
    listing.add_argument(
        "--category",
        choices=["games", "browsers", "social", "video", "education", "creativity", "system"],
    )
    listing.add_argument("--os", choices=["linux", "windows", "macos"])
    listing.set_defaults(func=cmd_catalogue)
    identify = asub.add_parser(
        "identify", parents=[where], help="which app running processes are, under the policy"
    )
    identify.add_argument("pids", nargs="+", type=int, metavar="PID")
    identify.add_argument("--profile", help="judge under this profile, not the owner's")
    identify.set_defaults(func=cmd_identify)

    from guardian.sites.cli import add_commands as add_site_commands

    add_site_commands(sub, where, _paths)

    _add_report_commands(sub, where)

    service = sub.add_parser("service", help="run the service (as root, or privately)")
    service.add_argument("--data-dir", help="a private instance with DIR/config and DIR/state")
    service.add_argument("--socket", help="listen here instead of the system socket")
    service.set_defaults(func=cmd_service)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `guardian` console script: never ends in a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = args.debug or os.environ.get("GUARDIAN_DEBUG") == "1"
    try:
        result = int(args.func(args))
        sys.stdout.flush()  # a closed pipe shows here, inside the handler, not at exit
    except BrokenPipeError:
        # Python's recipe (docs of `signal`, "Note on SIGPIPE"): nothing more can be written,
        # and the interpreter's final flush must not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return ExitCode.BROKEN_PIPE
    except KeyboardInterrupt:
        print("guardian: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except CliError as exc:
        return _fail(str(exc), exc.code)
    except UnicodeDecodeError as exc:
        return _fail(f"a file is not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        if exc.filename is not None:
            return _fail(f"{exc.filename}: {exc.strerror or exc}")
        return _fail(str(exc) or type(exc).__name__)
    except Exception as exc:
        if debug:
            traceback.print_exc()
        return _fail(f"internal error: {type(exc).__name__}: {exc}")
    return result


def _fail(message: str, code: ExitCode = ExitCode.ERROR) -> int:
    print(f"guardian: {message}", file=sys.stderr)
    return code


def _version() -> str:
    from guardian.version import installed_version

    return installed_version()


if __name__ == "__main__":
    sys.exit(main())
