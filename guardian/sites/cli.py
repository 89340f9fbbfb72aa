"""`guardian sites …`: site rules from the command line, for admins and scripts.

`test` answers from the saved policy and the category index on this machine, without the
service; `import` takes in lists (the running service puts them in force within seconds);
`restore-system` puts the machine's DNS and browsers back as they were before Guardian (for
uninstalling).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from guardian.errors import CliError, ExitCode
from guardian.paths import DataPaths

PathsOf = Callable[[argparse.Namespace], DataPaths]


def cmd_test(args: argparse.Namespace, paths: DataPaths) -> int:
    """Print what each profile does with an address."""
    from guardian.compiled import compile_policy
    from guardian.sites.check import check_address
    from guardian.sites.index import BadIndex, SiteIndex
    from guardian.sites.store import ListStore
    from rules.policy_file import PolicyFileError, parse_policy
    from rules.presets import default_policy

    try:
        policy = parse_policy(paths.policy_file.read_text(encoding="utf-8"), str(paths.policy_file))
    except FileNotFoundError:
        policy = default_policy("UTC")
    except PolicyFileError as exc:
        raise CliError(str(exc), ExitCode.INVALID_POLICY) from None
    store = ListStore(paths.state / "sites")
    current = store.current()
    if current is None and store.rebuild().ok:  # the built-in lists, as the service does
        current = store.current()
    index = None
    if current is not None:
        try:
            index = SiteIndex.open(current)
        except BadIndex as exc:
            print(f"guardian: {current}: {exc}; testing without category lists", file=sys.stderr)
    try:
        found = check_address(
            compile_policy(policy), index, args.name, datetime.now(UTC), args.profile
        )
    except ValueError as exc:
        raise CliError(str(exc), ExitCode.USAGE) from None
    if args.json:
        print(json.dumps(msgspec.to_builtins(found), ensure_ascii=False, indent=2))
        return ExitCode.OK
    for result in found:
        said = "blocked" if result.blocked else "allowed"
        rule = f" ({result.rule})" if result.rule else ""
        lists = f"; listed in {', '.join(result.categories)}" if result.categories else ""
        off = "" if result.filtered else " — web filtering is off for this profile"
        print(f"{result.profile_name} [{result.profile}]: {result.name} {said}{rule}{lists}{off}")
    return ExitCode.OK


def cmd_import(args: argparse.Namespace, paths: DataPaths) -> int:
    """Take in a UT1 folder or tarball, or one list file under a name, and rebuild the index."""
    from guardian.sites.lists import ListError
    from guardian.sites.store import ListStore

    store = ListStore(paths.state / "sites")
    source = Path(args.path)
    try:
        if args.name is None:
            results = store.import_ut1(source)
        else:
            results = [store.import_file(source, args.name)]
    except (ListError, ValueError) as exc:
        raise CliError(f"{source}: {exc}", ExitCode.INVALID_POLICY) from None
    built = store.rebuild()
    rows = [{"name": r.name, "names": r.names, "skipped": r.skipped} for r in results]
    if args.json:
        print(json.dumps({"imported": rows, "index": built.ok, "reason": built.reason}))
    else:
        for row in rows:
            print(f"{row['name']}: {row['names']} names, {row['skipped']} lines skipped")
        if built.ok:
            print(f"index rebuilt: {built.keys} names in {built.seconds:.1f} s")
    if not built.ok:
        print(
            f"guardian: the index was not rebuilt ({built.reason}); the old one stays",
            file=sys.stderr,
        )
        return ExitCode.ERROR
    return ExitCode.OK


def cmd_lists(args: argparse.Namespace, paths: DataPaths) -> int:
    """Print the category lists on this machine."""
    from guardian.sites.store import ListStore

    found = ListStore(paths.state / "sites").categories()
    if args.json:
        print(json.dumps([msgspec.to_builtins(c) for c in found]))
        return ExitCode.OK
    for info in found:
        kind = "allow" if info.white else "block"
        origin = "built in" if info.builtin else "imported"
        print(f"{info.name}\t{info.names}\t{kind}\t{origin}")
    return ExitCode.OK


def cmd_restore_system(args: argparse.Namespace, paths: DataPaths) -> int:
    """Put the machine's DNS settings and browsers' policies back, and remove redirection."""
    from guardian.platform import current
    from guardian.platform.base import PlatformError
    from guardian.platform.sites import system_sites

    sites = system_sites(current().os, paths.state)
    failed = False
    try:
        sites.system_dns.restore()
        print("system DNS: restored")
    except PlatformError as exc:
        print(f"system DNS: not restored: {exc}", file=sys.stderr)
        failed = True
    removed = sites.browsers.remove()
    for item in removed.failed:
        print(f"browser policies: {item.browser} ({item.location}): {item.error}", file=sys.stderr)
    print(f"browser policies: removed from {len(removed.done)} places")
    if sites.attribution is not None:
        outcome = sites.attribution.remove()
        print("DNS redirection: removed" if outcome.ok else f"DNS redirection: {outcome.error}")
        failed = failed or not outcome.ok
    return ExitCode.ERROR if failed or removed.failed else ExitCode.OK


def add_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    where: argparse.ArgumentParser,
    paths_of: PathsOf,
) -> None:
    """Add `guardian sites …` to the command line."""
    sites = sub.add_parser("sites", help="site rules")
    ssub = sites.add_subparsers(dest="sites_command", required=True)

    def bind(handler: Callable[[argparse.Namespace, DataPaths], int]) -> Callable[..., int]:
        return lambda args: handler(args, paths_of(args))

    test = ssub.add_parser("test", parents=[where], help="what each profile does with an address")
    test.add_argument("name", help="an address such as www.example.com")
    test.add_argument("--profile", help="only this profile")
    test.add_argument("--json", action="store_true")
    test.set_defaults(func=bind(cmd_test))
    take = ssub.add_parser(
        "import", parents=[where], help="take in a UT1 folder or tarball, or a list file"
    )
    take.add_argument("path")
    take.add_argument("--name", help="take one file (hosts, ||domain^ or names) as this list")
    take.add_argument("--json", action="store_true")
    take.set_defaults(func=bind(cmd_import))
    lists = ssub.add_parser("lists", parents=[where], help="the category lists on this machine")
    lists.add_argument("--json", action="store_true")
    lists.set_defaults(func=bind(cmd_lists))
    ssub.add_parser(
        "restore-system",
        parents=[where],
        help="put the machine's DNS and browser settings back (when uninstalling)",
    ).set_defaults(func=bind(cmd_restore_system))
