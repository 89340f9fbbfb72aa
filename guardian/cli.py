"""The `guardian` command: policy tools and a health check for admins and scripts.

Handlers return an exit code and print results; errors go to stderr in words that say what
and where. One handler in `main` turns whatever escapes into one line and an exit code, never a
traceback (unless asked for with --debug). Exit codes are in guardian.errors.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import re
import sys
import time
import tomllib
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guardian.errors import CliError, ExitCode
from guardian.paths import DataPaths, standalone_paths, system_paths
from rules.model import Policy, Profile
from rules.policy_file import PolicyFileError, dump_policy, parse_policy, policy_json_schema
from rules.reports import ReportFormat

if TYPE_CHECKING:
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
    from guardian.platform import managed_policy
    from guardian.platform.locations import local_zone
    from guardian.policy_layers import PolicyLayers
    from guardian.policy_store import PolicyStore
    from rules.presets import default_policy

    def default() -> Policy:
        return default_policy(local_zone())

    store = PolicyStore(
        paths.policy_file, paths.state / "last-good-policy.toml", default, keep=False
    )
    return PolicyLayers(store, paths.config, paths.state, default, managed_policy(), keep=False)


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
    refused = [p.detail for p in layers.problems()]
    if layers.parent_problem or layers.store.problem:
        refused.append(layers.parent_problem or layers.store.problem or "")
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
    """Report what Guardian can use on this machine: platform, keystore, folders, policy."""
    from guardian.platform import current
    from guardian.platform.base import PlatformError
    from guardian.secrets import SecretStore

    paths = _paths(args)
    platform = current()
    lines = [f"platform: {platform.name}"]
    try:
        sessions = platform.sessions.sessions()
        lines.append(f"sessions: {len(sessions)} ({', '.join(s.user for s in sessions) or 'none'})")
    except PlatformError as exc:
        lines.append(f"sessions: unavailable: {exc}")
    lines.append(f"config: {paths.config}")
    lines.append(f"state: {paths.state}")
    lines.append(f"secrets: {SecretStore(paths.secrets_file).where}")
    status = ExitCode.OK
    if paths.policy_file.exists():
        try:
            parse_policy(paths.policy_file.read_text(encoding="utf-8"), str(paths.policy_file))
            lines.append(f"policy: {paths.policy_file}: valid")
        except (OSError, UnicodeDecodeError, PolicyFileError) as exc:
            lines.append(f"policy: {exc}")
            status = ExitCode.INVALID_POLICY
    else:
        lines.append(f"policy: {paths.policy_file}: none yet (built-in default)")
    print("\n".join(lines))
    return status


def cmd_status(args: argparse.Namespace) -> int:
    """Ask the running service for the calling account's status, as JSON."""
    from dataclasses import asdict

    from PySide6.QtCore import QCoreApplication

    from guardian.api import ApiError
    from guardian.ipc.client import IpcClient
    from guardian.platform.locations import standalone_socket_path

    app = QCoreApplication.instance() or QCoreApplication([sys.argv[0]])
    socket_path = args.socket or (standalone_socket_path() if args.standalone else None)
    client = IpcClient(socket_path, role="cli")
    try:
        if not client.connect_to_service():
            print(
                f"guardian: the service is not running ({socket_path or 'system socket'})",
                file=sys.stderr,
            )
            return ExitCode.UNAVAILABLE
        status = client.status()
    except ApiError as exc:
        print(f"guardian: the service refused: {exc}", file=sys.stderr)
        return ExitCode.ERROR
    finally:
        client.close()
        del app
    print(json.dumps(asdict(status), indent=2, ensure_ascii=False))
    return ExitCode.OK


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

    paths = _paths(args)
    try:
        policy = parse_policy(paths.policy_file.read_text(encoding="utf-8"), str(paths.policy_file))
    except FileNotFoundError:
        policy = default_policy("UTC")
    except (OSError, UnicodeDecodeError, PolicyFileError) as exc:
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
        if args.json:
            print(json.dumps({"error": str(exc), "path": str(exc.path)}, ensure_ascii=False))
            return ExitCode.ERROR
        raise CliError(str(exc)) from None
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
        if args.json:
            print(json.dumps({"error": exc.message, "path": str(exc.path)}, ensure_ascii=False))
            return ExitCode.ERROR
        raise CliError(exc.message) from None
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

    sub.add_parser("doctor", parents=[where], help="check this machine").set_defaults(
        func=cmd_doctor
    )
    status = sub.add_parser("status", help="your status, from the running service")
    status.add_argument("--socket", help="the service's socket, when not the system one")
    status.add_argument(
        "--standalone", action="store_true", help="ask the standalone tray running as you"
    )
    status.set_defaults(func=cmd_status)

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
    try:
        return importlib.metadata.version("guardian")
    except importlib.metadata.PackageNotFoundError:
        return "(not installed)"


if __name__ == "__main__":
    sys.exit(main())
