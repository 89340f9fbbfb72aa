"""Pointing the computer's resolver at Guardian's DNS filter, and putting the old one back.

`SystemDns` is the concern; this module holds its shared pieces and the Linux implementation,
`system_dns_windows.py` and `system_dns_macos.py` the others. Every implementation saves what
it replaces in a state file before it changes anything, so `restore()` puts the machine back
even from a new process after a crash. Resolver settings name servers, never ports: only a
filter listening on port 53 can be pointed at (standalone mode, on a high port, is not).

On Linux, the first that applies of:

- systemd-resolved, when /etc/resolv.conf leads to it: a drop-in
  `/etc/systemd/resolved.conf.d/guardian.conf` (`DNS=` the filter, `Domains=~.` so every name
  goes there first), then resolved reloads;
- NetworkManager without resolved: `/etc/NetworkManager/conf.d/guardian.conf` says `dns=none`
  (NetworkManager stops writing /etc/resolv.conf), then Guardian's own /etc/resolv.conf;
- /etc/resolv.conf alone, replaced atomically; a symlink is remembered and put back as a link.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol, TypeVar

import msgspec

from guardian.atomic import write_atomic
from guardian.platform.base import PlatformError
from guardian.platform.commands import CommandError, Commands

DNS_PORT = 53
MAX_LINKS = 8
"""Links followed from one path, as a guard against loops."""
STATE_FILE = "system-dns.json"
RESOLVED = "systemd-resolved"
NETWORK_MANAGER = "NetworkManager"
RESOLV_CONF = "resolv.conf"

RESOLV_CONF_PATH = "etc/resolv.conf"
RESOLVED_DROP_IN = "etc/systemd/resolved.conf.d/guardian.conf"
RESOLVED_RUN = "run/systemd/resolve"
RESOLVED_UPSTREAMS = "run/systemd/resolve/resolv.conf"
RESOLVED_STUBS = frozenset({"127.0.0.53", "127.0.0.54"})
NM_DROP_IN = "etc/NetworkManager/conf.d/guardian.conf"
NM_RUN = "run/NetworkManager"
RESOLVED_RELOAD = ("systemctl", "try-reload-or-restart", "systemd-resolved.service")
RESOLVED_FLUSH = ("resolvectl", "flush-caches")
RESOLVED_SERVERS = ("resolvectl", "dns")
NM_RELOAD = ("nmcli", "general", "reload")
NM_SERVERS = ("nmcli", "-t", "-f", "IP4.DNS,IP6.DNS", "device", "show")
KEPT_RESOLV_OPTIONS = ("search", "domain", "options")
"""resolv.conf lines carried into Guardian's own file, so short local names still resolve."""
OWN_NOTE = (
    "# Written by Guardian, which filters this computer's names. What was here before is kept\n"
    "# in Guardian's state folder and comes back when Guardian stops filtering.\n"
)


@dataclass(frozen=True, slots=True)
class PointResult:
    """What pointing the system did: `ok`, how (`method`), what failed (`error`, for the parent)
    and the resolvers in use before (the filter's upstreams)."""

    ok: bool
    method: str
    error: str = ""
    upstreams: tuple[str, ...] = ()


class SystemDns(Protocol):
    """The machine's resolver settings, which Guardian points at its filter and restores."""

    def current_upstreams(self) -> tuple[str, ...]:
        """The resolvers (IP addresses, port 53) the machine uses now, Guardian's own listener
        left out; while pointed, the ones the network offers or that were in use before."""
        ...

    def point_at(self, address: str, port: int = DNS_PORT) -> PointResult:
        """Make the machine ask `address` for every name, saving what was there first; pointing
        again keeps the first saved settings. Never raises: failures are in the result."""
        ...

    def restore(self) -> None:
        """Put back what `point_at` replaced (also after a restart); nothing to do when not
        pointed. Raises PlatformError saying what could not be put back (kept for a retry)."""
        ...

    def pointed(self) -> bool:
        """Whether Guardian's settings are saved and still in place (something may have
        overwritten them since, such as a DHCP client)."""
        ...


def target_error(address: str, port: int) -> str:
    """Why the system cannot be pointed at `address`:`port`, or "" when it can."""
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return f"{address!r} is not an IP address; the system resolver needs one."
    if port != DNS_PORT:
        return (
            f"The system resolver can only use port {DNS_PORT}, and Guardian's filter listens "
            f"on port {port}; the computer's DNS settings were left as they are."
        )
    return ""


def resolver_addresses(words: Iterable[str]) -> tuple[str, ...]:
    """The IP addresses among `words`, normalised, in order, without repeats."""
    found: dict[str, None] = {}
    for word in words:
        with contextlib.suppress(ValueError):
            found[str(ipaddress.ip_address(word.strip().strip("[]")))] = None
    return tuple(found)


def nameservers(text: str) -> tuple[str, ...]:
    """The `nameserver` addresses of a resolv.conf text."""
    words = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[0] == "nameserver":
            words.append(fields[1])
    return resolver_addresses(words)


def without(upstreams: Sequence[str], listener: str) -> tuple[str, ...]:
    """`upstreams` less Guardian's own listener (which would make the filter ask itself)."""
    return tuple(address for address in upstreams if address != listener)


S = TypeVar("S", bound=msgspec.Struct)


class StateFile:
    """One JSON state file, written atomically (mode 0600) and read back strictly."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self, kind: type[S]) -> S | None:
        """The saved state; None when there is none. Raises PlatformError for a damaged file,
        which is kept: it holds the only record of what to put back."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise PlatformError(f"Could not read {self.path}: {exc.strerror}") from None
        try:
            return msgspec.json.decode(data, type=kind)
        except msgspec.DecodeError as exc:
            raise PlatformError(f"{self.path} is damaged ({exc}); fix or delete it.") from None

    def save(self, state: msgspec.Struct) -> None:
        """Replace the saved state; raises OSError when it cannot be written."""
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(self.path, msgspec.json.encode(state))

    def clear(self) -> None:
        """Forget the saved state."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


class FileCopy(msgspec.Struct, forbid_unknown_fields=True):
    """What a path held before Guardian changed it, and what Guardian wrote there."""

    path: str
    """Relative to the root folder, e.g. "etc/resolv.conf"."""
    kind: Literal["file", "symlink", "absent"]
    data: bytes = b""
    target: str = ""
    mode: int = 0o644
    uid: int = 0
    gid: int = 0
    written: bytes = b""
    made_folder: str = ""
    """The highest of the file's folders that did not exist either (relative to the root),
    removed again when empty: resolved.conf.d is often missing."""


class LinuxSaved(msgspec.Struct, forbid_unknown_fields=True):
    """Everything `restore()` needs, saved before the first change."""

    method: str
    address: str
    files: list[FileCopy]
    upstreams: tuple[str, ...] = ()


class LinuxSystemDns:
    """systemd-resolved, NetworkManager or /etc/resolv.conf, under a root folder (tests use a
    temp folder standing in for /); commands go through `commands`, each with a time limit."""

    def __init__(self, root: Path, state_dir: Path, commands: Commands) -> None:
        self._root = root
        self._state = StateFile(state_dir / STATE_FILE)
        self._commands = commands

    def method(self) -> str:
        """How this machine's resolver is set: the saved method while pointed, else detected."""
        with contextlib.suppress(PlatformError):
            saved = self._state.load(LinuxSaved)
            if saved is not None:
                return saved.method
        return self._detect()

    def current_upstreams(self) -> tuple[str, ...]:
        """The resolvers in use, from resolved's or NetworkManager's own lists when they run,
        else /etc/resolv.conf (or, while Guardian's file is there, the one it replaced)."""
        try:
            saved = self._state.load(LinuxSaved)
        except PlatformError:
            saved = None
        method = saved.method if saved else self._detect()
        if method == RESOLVED:
            live = self._resolved_servers()
        elif method == NETWORK_MANAGER:
            live = self._network_manager_servers()
        else:
            live = nameservers(self._read_text(self._resolv_conf_source(saved)))
        if saved is None:
            return live
        return without(live, saved.address) or saved.upstreams

    def point_at(self, address: str, port: int = DNS_PORT) -> PointResult:
        """Point the machine at `address`; see the module's docstring for how."""
        try:
            saved = self._state.load(LinuxSaved)
        except PlatformError as exc:
            return PointResult(False, "", str(exc))
        method = saved.method if saved else self._detect()
        problem = target_error(address, port)
        if problem:
            return PointResult(False, method, problem, saved.upstreams if saved else ())
        upstreams = saved.upstreams if saved else without(self.current_upstreams(), address)
        wanted = self._files_for(method, address)
        previous = {copy.path: copy for copy in (saved.files if saved else [])}
        copies = [self._copy_before(path, data, previous.get(path)) for path, data in wanted]
        state = LinuxSaved(method, address, copies, upstreams)
        try:
            self._state.save(state)  # before any change: a crash from here on can be undone
        except OSError as exc:
            error = f"Could not save the DNS settings to {self._state.path}: {exc.strerror}"
            return PointResult(False, method, error, upstreams)
        errors: list[str] = []
        for path, data in wanted:
            if method == NETWORK_MANAGER and path == RESOLV_CONF_PATH:
                # NetworkManager must stop managing resolv.conf before Guardian's file goes in.
                errors += self._run(NM_RELOAD)
            errors += self._write(path, data)
        if method == RESOLVED:
            errors += self._reload_resolved()
        return PointResult(not errors, method, "; ".join(errors), upstreams)

    def restore(self) -> None:
        """Put every saved file back as it was (content, mode, owner, or link), then reload."""
        saved = self._state.load(LinuxSaved)
        if saved is None:
            return
        errors: list[str] = []
        for copy in reversed(saved.files):
            errors += self._put_back(copy)
        if errors:
            raise PlatformError("Could not restore the DNS settings: " + "; ".join(errors))
        self._state.clear()
        if saved.method == RESOLVED:
            errors += self._reload_resolved()
        elif saved.method == NETWORK_MANAGER:
            errors += self._run(NM_RELOAD)
        if errors:
            raise PlatformError(
                "The DNS settings are back on disk, but the resolver did not reload: "
                + "; ".join(errors)
            )

    def pointed(self) -> bool:
        """Whether every file Guardian wrote still holds what it wrote."""
        try:
            saved = self._state.load(LinuxSaved)
        except PlatformError:
            return False
        if saved is None:
            return False
        return all(self._holds(copy.path, copy.written) for copy in saved.files)

    def _detect(self) -> str:
        resolv = self._root / RESOLV_CONF_PATH
        if (self._root / RESOLVED_RUN).is_dir():
            link = _link_target(resolv)
            if link is not None and "run/systemd/resolve/" in link:
                return RESOLVED
            if RESOLVED_STUBS & set(nameservers(self._read_text(RESOLV_CONF_PATH))):
                return RESOLVED
        if (self._root / NM_RUN).is_dir():
            return NETWORK_MANAGER
        return RESOLV_CONF

    def _files_for(self, method: str, address: str) -> list[tuple[str, bytes]]:
        if method == RESOLVED:
            drop_in = f"{OWN_NOTE}[Resolve]\nDNS={address}\nDomains=~.\n"
            return [(RESOLVED_DROP_IN, drop_in.encode())]
        own = self._own_resolv_conf(address)
        if method == NETWORK_MANAGER:
            return [(NM_DROP_IN, f"{OWN_NOTE}[main]\ndns=none\n".encode()), (RESOLV_CONF_PATH, own)]
        return [(RESOLV_CONF_PATH, own)]

    def _own_resolv_conf(self, address: str) -> bytes:
        try:
            saved = self._state.load(LinuxSaved)
        except PlatformError:
            saved = None
        kept = [
            line
            for line in self._read_text(self._resolv_conf_source(saved)).splitlines()
            if line.split()[:1] and line.split()[0] in KEPT_RESOLV_OPTIONS
        ]
        lines = [OWN_NOTE.rstrip(), f"nameserver {address}", *kept]
        return "".join(line + "\n" for line in lines).encode()

    def _resolv_conf_source(self, saved: LinuxSaved | None) -> str:
        """Where the machine's own resolv.conf text is now: a link's target keeps being updated
        by its owner (resolvconf, DHCP) while Guardian's file stands in the link's place."""
        if saved is None:
            return RESOLV_CONF_PATH
        for copy in saved.files:
            if copy.path == RESOLV_CONF_PATH and copy.kind == "symlink":
                return str(self._linked(copy.target, RESOLV_CONF_PATH))
        return RESOLV_CONF_PATH

    def _linked(self, target: str, link: str) -> Path:
        """The file a link at `link` (relative to the root) with `target` leads to, inside root."""
        if target.startswith("/"):
            return Path(target.lstrip("/"))
        return Path(link).parent / target

    def _copy_before(self, path: str, written: bytes, previous: FileCopy | None) -> FileCopy:
        """The saved original of `path`: kept from an earlier point while Guardian's file is
        still there, else what is there now (something else replaced Guardian's file)."""
        if previous is not None and self._holds(path, previous.written):
            return msgspec.structs.replace(previous, written=written)
        full = self._root / path
        try:
            info = full.lstat()
        except FileNotFoundError:
            return FileCopy(path, "absent", written=written, made_folder=self._missing_folder(path))
        if stat.S_ISLNK(info.st_mode):
            return FileCopy(path, "symlink", target=os.readlink(full), written=written)
        data = full.read_bytes()
        mode = stat.S_IMODE(info.st_mode)
        return FileCopy(path, "file", data, "", mode, info.st_uid, info.st_gid, written)

    def _missing_folder(self, path: str) -> str:
        missing = ""
        for folder in Path(path).parents:
            if str(folder) == "." or (self._root / folder).is_dir():
                break
            missing = str(folder)
        return missing

    def _remove_made_folders(self, copy: FileCopy) -> None:
        if not copy.made_folder:
            return
        for folder in Path(copy.path).parents:
            try:
                (self._root / folder).rmdir()
            except OSError:  # not empty: something else put a file there since
                return
            if str(folder) == copy.made_folder:
                return

    def _holds(self, path: str, data: bytes) -> bool:
        full = self._root / path
        if full.is_symlink():
            return False
        try:
            return full.read_bytes() == data
        except OSError:
            return False

    def _write(self, path: str, data: bytes) -> list[str]:
        full = self._root / path
        try:
            full.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
            write_atomic(full, data, 0o644)
        except OSError as exc:
            return [f"could not write /{path}: {exc.strerror}"]
        return []

    def _put_back(self, copy: FileCopy) -> list[str]:
        full = self._root / copy.path
        try:
            if copy.kind == "absent":
                with contextlib.suppress(FileNotFoundError):
                    full.unlink()
                self._remove_made_folders(copy)
            elif copy.kind == "symlink":
                temporary = full.with_name(f".{full.name}.guardian-link")
                with contextlib.suppress(FileNotFoundError):
                    temporary.unlink()
                os.symlink(copy.target, temporary)
                os.replace(temporary, full)
            else:
                write_atomic(full, copy.data, copy.mode)
                with contextlib.suppress(OSError):  # owner: best effort, as a non-root test
                    os.chown(full, copy.uid, copy.gid)
        except OSError as exc:
            return [f"could not put back /{copy.path}: {exc.strerror}"]
        return []

    def _read_text(self, path: str) -> str:
        """A text file under the root; links are followed inside the root, never outside."""
        for _ in range(MAX_LINKS):
            target = _link_target(self._root / path)
            if target is None:
                break
            path = str(self._linked(target, path))
        try:
            return (self._root / path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def _run(self, argv: Sequence[str]) -> list[str]:
        try:
            self._commands.run(argv)
        except CommandError as exc:
            return [f"{' '.join(argv)}: {exc}"]
        return []

    def _reload_resolved(self) -> list[str]:
        """resolved reads its drop-ins again (restarting where it cannot reload) and forgets
        answers it cached from the old servers."""
        return self._run(RESOLVED_RELOAD) or self._run(RESOLVED_FLUSH)

    def _resolved_servers(self) -> tuple[str, ...]:
        listed = nameservers(self._read_text(RESOLVED_UPSTREAMS))
        if listed:
            return listed
        try:
            result = self._commands.run(RESOLVED_SERVERS)
        except CommandError:
            return ()
        # "Global: 1.1.1.1" and "Link 2 (eth0): 192.168.1.1 fe80::1%eth0"
        words = (line.split(":", 1)[1] for line in result.stdout.splitlines() if ":" in line)
        return resolver_addresses(word for line in words for word in line.split())

    def _network_manager_servers(self) -> tuple[str, ...]:
        try:
            result = self._commands.run(NM_SERVERS)
        except CommandError:
            return ()
        # Terse lines "IP4.DNS[1]:192.168.1.1", "IP6.DNS[1]:fe80\:\:1" (colons escaped).
        values = (
            line.split(":", 1)[1].replace("\\:", ":")
            for line in result.stdout.splitlines()
            if line.startswith(("IP4.DNS", "IP6.DNS")) and ":" in line
        )
        return resolver_addresses(values)


def _link_target(path: Path) -> str | None:
    try:
        return os.readlink(path)
    except OSError:
        return None


def system_dns_for(os_name: str, root: Path, state_dir: Path, commands: Commands) -> SystemDns:
    """The system DNS settings of `os_name` ("linux", "windows", "macos"); `root` stands for /
    on Linux (tests pass a temp folder). Raises PlatformError for another OS."""
    if os_name == "linux":
        return LinuxSystemDns(root, state_dir, commands)
    if os_name == "macos":
        from guardian.platform.system_dns_macos import MacSystemDns

        return MacSystemDns(state_dir, commands)
    if os_name == "windows":
        from guardian.platform.system_dns_windows import WindowsSystemDns

        return WindowsSystemDns(state_dir, commands)
    raise PlatformError(f"Guardian cannot set the system DNS on {os_name!r}.")
