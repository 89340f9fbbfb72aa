"""Reading category lists: one name a line (UT1 `domains`), hosts files and `||domain^` lists.

Every name is normalized the way the DNS filter compares them: lower-case ASCII (IDNA), no
trailing dot. A line that is not a usable name is skipped and counted, and the first few are
kept with their line numbers so the parent can see what was wrong with a file.

UT1 lists come as a folder `<root>/<category>/domains` (with a `usage` file saying `black` or
`white`), or as UT1's tarball `blacklists.tar.gz` (`blacklists/<category>/domains`), read member
by member straight from the archive: nothing is extracted to disk.
"""

from __future__ import annotations

import codecs
import ipaddress
import lzma
import re
import tarfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Literal, get_args

ListFormat = Literal["domains", "hosts", "adblock"]
FORMATS: tuple[str, ...] = get_args(ListFormat)

MAX_NAME = 253
MAX_LABEL = 63
BAD_KEPT = 20
"""How many bad lines a `Parsed` keeps (all are counted)."""
BAD_TEXT = 200
"""Characters of a bad line kept for the parent to read."""
MAX_MEMBER_BYTES = 512 * 2**20
"""Largest file read from a tarball (UT1's biggest list, `adult`, is about 100 MiB)."""
MAX_ARCHIVE_BYTES = 2 * 2**30
"""Most bytes read from one tarball, all members together."""
MAX_MEMBERS = 20_000

LIST_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
"""A list (category) name: a folder name in UT1 and the source name in the index."""

_NAME = re.compile(r"(?:[a-z0-9_-]{1,63}\.)*[a-z0-9_-]{1,63}")
_SPECIAL = frozenset(
    {"localhost", "localhost.localdomain", "localdomain", "local", "broadcasthost"}
)
"""Names of the machine itself and of its network, found at the top of hosts files."""
_ADBLOCK_RULE = re.compile(r"\|\|([^/^$|]+)\^(?:\$(.*))?")
_ADBLOCK_OPTIONS = frozenset(
    {"important", "all", "document", "doc", "third-party", "3p", "first-party", "1p"}
)
"""Options that do not narrow a rule to some requests of a site: DNS sees only the name, so a
rule limited to scripts, images or other sites' pages (`$script`, `$domain=…`) would block the
whole site and is skipped."""


class ListError(Exception):
    """A list source that cannot be read at all (not one bad line: a missing folder, an unsafe
    or oversized archive); the message says what and where."""


def normalize(name: str) -> str | None:
    """The name as the filter compares it (`Www.Example.COM.` → `www.example.com`,
    `bücher.de` → `xn--bcher-kva.de`), or None when it is not a host name a list can block
    (an IP address, `localhost`, junk)."""
    name = name.strip().lower()
    if name.endswith("."):
        name = name[:-1]
    if name.startswith("*."):
        name = name[2:]
    if not name.isascii():
        try:
            name = name.encode("idna").decode("ascii").lower()
        except UnicodeError:
            return None
    if len(name) > MAX_NAME or not _NAME.fullmatch(name):
        return None
    last = name.rpartition(".")[2]
    if last.isdigit():  # 10.0.0.1, and no top-level domain is all digits
        return None
    if name in _SPECIAL or name.endswith(".localhost") or _is_ip6_alias(name):
        return None
    return name


def _is_ip6_alias(name: str) -> bool:
    """`ip6-localhost`, `ip6-allnodes` and the like from Debian's hosts file."""
    return name.startswith("ip6-") and "." not in name


@dataclass
class Parsed:
    """The names read from one list, and what was skipped."""

    names: list[str] = field(default_factory=list)
    skipped: int = 0
    """Lines that held something other than a usable name (comments and blanks are not
    counted)."""
    bad: list[tuple[int, str]] = field(default_factory=list)
    """The first `BAD_KEPT` skipped lines: (line number from 1, text)."""

    def skip(self, number: int, line: str) -> None:
        """Count a skipped line and keep it if it is among the first few."""
        self.skipped += 1
        if len(self.bad) < BAD_KEPT:
            self.bad.append((number, line.strip()[:BAD_TEXT]))


def scan(lines: Iterable[str], fmt: str, tally: Parsed) -> Iterator[str]:
    """Yield the normalized names of `lines` in format `fmt`, counting skipped lines in
    `tally` (its `names` stay untouched); for lists too large to hold."""
    if fmt == "domains":
        return _scan_domains(lines, tally)
    if fmt == "hosts":
        return _scan_hosts(lines, tally)
    if fmt == "adblock":
        return _scan_adblock(lines, tally)
    raise ValueError(f"unknown list format {fmt!r}; known: {', '.join(FORMATS)}")


def parse(lines: Iterable[str], fmt: str) -> Parsed:
    """All names of `lines` in format `fmt` ("domains", "hosts" or "adblock")."""
    parsed = Parsed()
    parsed.names.extend(scan(lines, fmt, parsed))
    return parsed


def _scan_domains(lines: Iterable[str], tally: Parsed) -> Iterator[str]:
    for number, line in enumerate(lines, 1):
        text = line.partition("#")[0].strip()
        if not text:
            continue
        name = normalize(text)
        if name is None:
            tally.skip(number, line)
        else:
            yield name


def _is_address(token: str) -> bool:
    if not token[:1].isdigit() and ":" not in token:
        return False  # the common case, without the cost of an exception
    try:
        ipaddress.ip_address(token.partition("%")[0])  # fe80::1%lo0
    except ValueError:
        return False
    return True


def _scan_hosts(lines: Iterable[str], tally: Parsed) -> Iterator[str]:
    for number, line in enumerate(lines, 1):
        tokens = line.partition("#")[0].split()
        if not tokens:
            continue
        if len(tokens) < 2 or not _is_address(tokens[0]):
            tally.skip(number, line)
            continue
        for token in tokens[1:]:
            lowered = token.lower()
            if lowered in _SPECIAL or _is_ip6_alias(lowered) or _is_address(token):
                continue  # the machine's own names, listed in every hosts file
            name = normalize(token)
            if name is None:
                tally.skip(number, line)
                break
            yield name


def _scan_adblock(lines: Iterable[str], tally: Parsed) -> Iterator[str]:
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith(("!", "[", "# ")) or text == "#":
            continue  # comments and the `[Adblock Plus 2.0]` header; `##` rules are not
        match = _ADBLOCK_RULE.fullmatch(text)
        name = normalize(match.group(1)) if match else None
        if match and match.group(2) is not None:
            options = {o.strip().lower() for o in match.group(2).split(",")}
            if not options <= _ADBLOCK_OPTIONS:
                name = None
        if name is None:
            tally.skip(number, line)
        else:
            yield name


def detect(first_lines: Iterable[str]) -> ListFormat:
    """The format of a list from its first lines: an `[Adblock …]` header or `||name^` rules
    make it "adblock", lines starting with an address "hosts", anything else "domains"."""
    votes = {"domains": 0, "hosts": 0, "adblock": 0}
    for line in first_lines:
        text = line.strip()
        if text.lower().startswith("[adblock"):
            return "adblock"
        if not text or text.startswith(("#", "!")):
            continue
        if text.startswith(("||", "@@")):
            votes["adblock"] += 1
        elif _is_address(text.split()[0]):
            votes["hosts"] += 1
        else:
            votes["domains"] += 1
    if votes["adblock"] > max(votes["hosts"], votes["domains"]):
        return "adblock"
    if votes["hosts"] > votes["domains"]:
        return "hosts"
    return "domains"


def usage_is_white(text: str) -> bool:
    """Whether a UT1 `usage` file marks its category as a white list only (UT1 marks some
    categories both `black` and `white`: those block by default)."""
    words = set(text.lower().split())
    return "white" in words and "black" not in words


@dataclass(frozen=True)
class Ut1File:
    """One file of a UT1 source; `lines` must be read before the next file is taken."""

    category: str
    kind: Literal["domains", "usage"]
    lines: Iterator[str]
    where: str
    """Where it was read from, for messages: a path, or `archive:member`."""


def check_list_name(name: str, where: str) -> str:
    """`name` if it is a valid list name, else a `ListError` saying so."""
    if not LIST_NAME.fullmatch(name):
        raise ListError(
            f"{where}: list name {name!r} is not lower-case letters, digits, '-' and '_' "
            "(at most 64, starting with a letter or digit)"
        )
    return name


def open_text(path: Path) -> Iterator[str]:
    """The lines of a list file; bytes that are not UTF-8 become bad lines, not an error."""
    with path.open(encoding="utf-8-sig", errors="replace", newline=None) as handle:
        yield from handle


def iter_ut1(path: Path) -> Iterator[Ut1File]:
    """The `domains` and `usage` files of a UT1 folder or tarball, category by category;
    other files (UT1's `urls`, readme files) are ignored."""
    if path.is_dir():
        return _iter_ut1_folder(path)
    if path.is_file() and tarfile.is_tarfile(path):
        return _iter_ut1_tarball(path)
    raise ListError(f"{path}: neither a UT1 folder nor a UT1 tarball (.tar.gz)")


def _iter_ut1_folder(root: Path) -> Iterator[Ut1File]:
    found = False
    for folder in sorted(root.iterdir()):
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        usage, domains = folder / "usage", folder / "domains"
        if not domains.is_file():
            continue  # a category shipped without its list (UT1's copy without `adult`)
        found = True
        category = check_list_name(folder.name, str(folder))
        if usage.is_file():
            yield Ut1File(category, "usage", open_text(usage), str(usage))
        yield Ut1File(category, "domains", open_text(domains), str(domains))
    if not found:
        raise ListError(f"{root}: no <category>/domains files (not a UT1 folder)")


def _member_category(member: tarfile.TarInfo) -> tuple[str, Literal["domains", "usage"]] | None:
    """The category and file kind of a tarball member, None for any other file."""
    parts = PurePosixPath(member.name).parts
    if not member.isfile() or len(parts) not in (2, 3):
        return None
    kind = parts[-1]
    if kind == "domains":
        return parts[-2], "domains"
    if kind == "usage":
        return parts[-2], "usage"
    return None


def _archive_lines(raw: IO[bytes], where: str) -> Iterator[str]:
    """Lines of an archive member, decoded as `open_text` does; a damaged or cut archive is a
    `ListError`, whoever reads. (A text wrapper cannot sit on a streamed member: it asks
    whether the stream can seek, which tarfile's stream cannot answer.)"""
    try:
        for number, line in enumerate(raw):
            start = len(codecs.BOM_UTF8) if number == 0 and line.startswith(codecs.BOM_UTF8) else 0
            yield line[start:].decode("utf-8", errors="replace")
    except (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError) as error:
        raise ListError(f"{where}: damaged archive ({error})") from error


def _iter_ut1_tarball(path: Path) -> Iterator[Ut1File]:
    total = 0
    found = False
    try:
        # Stream mode reads members in order and never seeks: the archive is decompressed once.
        with tarfile.open(path, "r|*") as archive:
            for count, member in enumerate(archive, 1):
                if count > MAX_MEMBERS:
                    raise ListError(f"{path}: more than {MAX_MEMBERS} files (not a UT1 tarball)")
                where = f"{path}:{member.name}"
                if member.name.startswith("/") or ".." in PurePosixPath(member.name).parts:
                    raise ListError(f"{where}: unsafe path in the archive")
                found_kind = _member_category(member)
                if found_kind is None:
                    continue
                if member.size > MAX_MEMBER_BYTES:
                    raise ListError(
                        f"{where}: {member.size} bytes, more than a list can hold "
                        f"({MAX_MEMBER_BYTES // 2**20} MiB)"
                    )
                total += member.size
                if total > MAX_ARCHIVE_BYTES:
                    raise ListError(f"{path}: more than {MAX_ARCHIVE_BYTES // 2**30} GiB of lists")
                category, kind = found_kind
                check_list_name(category, where)
                raw = archive.extractfile(member)
                if raw is None:
                    continue
                found = found or kind == "domains"
                yield Ut1File(category, kind, _archive_lines(raw, where), where)
    except (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError) as error:
        raise ListError(f"{path}: damaged archive ({error})") from error
    if not found:
        raise ListError(f"{path}: no <category>/domains files (not a UT1 tarball)")
