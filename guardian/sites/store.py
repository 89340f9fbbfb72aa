"""The category lists on this machine and the index built from them.

Guardian ships a few lists (`guardian/sites/data/`, UT1 layout); the parent adds more by
importing a UT1 folder or tarball, a hosts file or a `||domain^` list. Imported lists are kept
normalized in `<folder>/lists/<name>/domains` (with UT1's `usage` file) and override a built-in
list of the same name. `rebuild` compiles them all into `<folder>/index.bin`, swapping the file
only once the new one is complete and reads back: a failed rebuild leaves the old index in force.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from guardian.atomic import replacing_text, sync_folder
from guardian.sites.index import SiteIndex, compile_index
from guardian.sites.lists import (
    FORMATS,
    MAX_MEMBER_BYTES,
    ListError,
    Parsed,
    check_list_name,
    detect,
    iter_ut1,
    open_text,
    scan,
    usage_is_white,
)

BUILTIN = Path(__file__).with_name("data")
DETECT_LINES = 200
"""Lines read to tell a list's format."""


@dataclass(frozen=True)
class ImportResult:
    """One list taken in by an import."""

    name: str
    names: int
    """Distinct names kept."""
    skipped: int
    bad: tuple[tuple[int, str], ...]
    """The first skipped lines: (line number, text)."""


@dataclass(frozen=True)
class ListBuild:
    """One list as the last rebuild read it."""

    name: str
    names: int
    skipped: int
    white: bool
    builtin: bool


@dataclass(frozen=True)
class BuildResult:
    """What `rebuild` did; when `ok` is False the previous index is still in force."""

    ok: bool
    reason: str
    """Why it failed, for the parent ("" when ok)."""
    lists: tuple[ListBuild, ...]
    keys: int
    """Distinct names in the new index."""
    seconds: float


@dataclass(frozen=True)
class CategoryInfo:
    """A list the parent can choose to block or allow."""

    name: str
    names: int
    white: bool
    """UT1 marks it a white list (sites to allow, such as `child`)."""
    builtin: bool
    """Shipped with Guardian (not imported, or no import of the same name)."""


def _write_names(path: Path, names: Iterable[str]) -> int:
    """Write distinct `names` one a line to `path` atomically; how many were written."""
    seen: set[str] = set()
    with replacing_text(path, 0o644) as handle:
        for name in names:
            if name not in seen:
                seen.add(name)
                handle.write(name + "\n")
    return len(seen)


def _write_usage(path: Path, text: str) -> None:
    with replacing_text(path, 0o644) as handle:
        handle.write(text)


def _count_lines(path: Path) -> int:
    """Names in a normalized `domains` file (one a line)."""
    count, last = 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def _is_white(folder: Path) -> bool:
    usage = folder / "usage"
    return usage.is_file() and usage_is_white(usage.read_text(encoding="utf-8", errors="replace"))


def _reason(error: BaseException) -> str:
    """A one-line reason for the parent."""
    if isinstance(error, OSError) and error.strerror:
        where = f": {error.filename}" if error.filename else ""
        return f"{error.strerror}{where}"
    return str(error) or type(error).__name__


class ListStore:
    """The lists in `folder` (imported) and in `builtin` (shipped), and their index."""

    def __init__(self, folder: Path, builtin: Path = BUILTIN) -> None:
        self.folder = Path(folder)
        self.builtin = Path(builtin)
        self.index_path = self.folder / "index.bin"
        self.lists_path = self.folder / "lists"
        self._lock = threading.Lock()

    def current(self) -> Path | None:
        """The index in force, None before the first successful rebuild."""
        return self.index_path if self.index_path.is_file() else None

    def _lists(self) -> dict[str, tuple[Path, bool]]:
        """Name → (folder, built-in?) of every list in force; imports override built-ins."""
        found: dict[str, tuple[Path, bool]] = {}
        for root, builtin in ((self.builtin, True), (self.lists_path, False)):
            if not root.is_dir():
                continue
            for folder in sorted(root.iterdir()):
                name = folder.name
                if name.startswith(".") or not (folder / "domains").is_file():
                    continue
                with contextlib.suppress(ListError):  # a stray folder someone made by hand
                    found[check_list_name(name, str(folder))] = (folder, builtin)
        return dict(sorted(found.items()))

    def categories(self) -> list[CategoryInfo]:
        """Every list in force, by name."""
        return [
            CategoryInfo(name, _count_lines(folder / "domains"), _is_white(folder), builtin)
            for name, (folder, builtin) in self._lists().items()
        ]

    def _staging(self) -> Path:
        self.lists_path.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".import-", dir=self.lists_path))

    def _install(self, staging: Path, names: Iterable[str]) -> None:
        """Move staged lists into place, each file by one rename."""
        for name in names:
            target = self.lists_path / name
            target.mkdir(exist_ok=True)
            for kind in ("usage", "domains"):
                os.replace(staging / name / kind, target / kind)
            sync_folder(target)

    def import_ut1(self, path: Path) -> list[ImportResult]:
        """Import every category of a UT1 folder or tarball; nothing changes if the source
        turns out to be unreadable partway. Raises `ListError` for a source that is not UT1."""
        try:
            return self._import_ut1(Path(path))
        except OSError as error:
            raise ListError(f"{path}: {_reason(error)}") from error

    def _import_ut1(self, path: Path) -> list[ImportResult]:
        staging = self._staging()
        try:
            results: dict[str, ImportResult] = {}
            usage: dict[str, str] = {}
            for part in iter_ut1(path):
                folder = staging / part.category
                folder.mkdir(exist_ok=True)
                if part.kind == "usage":
                    usage[part.category] = "".join(itertools.islice(part.lines, 100))
                    continue
                tally = Parsed()
                count = _write_names(folder / "domains", scan(part.lines, "domains", tally))
                results[part.category] = ImportResult(
                    part.category, count, tally.skipped, tuple(tally.bad)
                )
            for name in results:
                _write_usage(staging / name / "usage", usage.get(name, "black\n"))
            self._install(staging, results)
            return list(results.values())
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def import_file(
        self, path: Path, name: str, fmt: str | None = None, *, white: bool = False
    ) -> ImportResult:
        """Import one list file as list `name` (format detected when `fmt` is None); `white`
        marks it a list of sites to allow. A file with no usable name is refused."""
        path = Path(path)
        check_list_name(name, str(path))
        if fmt is not None and fmt not in FORMATS:
            raise ListError(f"{path}: unknown list format {fmt!r}; known: {', '.join(FORMATS)}")
        try:
            size = path.stat().st_size
        except OSError as error:
            raise ListError(f"{path}: {_reason(error)}") from error
        if size > MAX_MEMBER_BYTES:
            raise ListError(f"{path}: {size} bytes, more than a list can hold")
        lines = open_text(path)
        try:
            head = list(itertools.islice(lines, DETECT_LINES))
            chosen = fmt or detect(head)
            staging = self._staging()
            try:
                (staging / name).mkdir()
                tally = Parsed()
                names = scan(itertools.chain(head, lines), chosen, tally)
                count = _write_names(staging / name / "domains", names)
                if count == 0 and tally.skipped:
                    first = tally.bad[0]
                    raise ListError(
                        f"{path}: no usable name in {tally.skipped} lines read as {chosen} "
                        f"(line {first[0]}: {first[1]!r})"
                    )
                _write_usage(staging / name / "usage", "white\n" if white else "black\n")
                self._install(staging, [name])
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        except OSError as error:
            raise ListError(f"{path}: {_reason(error)}") from error
        return ImportResult(name, count, tally.skipped, tuple(tally.bad))

    def remove(self, name: str) -> bool:
        """Remove an imported list (a built-in one of the same name comes back); whether
        there was one. The index changes at the next `rebuild`."""
        check_list_name(name, "remove")
        target = self.lists_path / name
        if not target.is_dir():
            return False
        trash = Path(tempfile.mkdtemp(prefix=".remove-", dir=self.lists_path))
        os.replace(target, trash / name)
        shutil.rmtree(trash, ignore_errors=True)
        return True

    def rebuild(self) -> BuildResult:
        """Build a new index from every list in force and swap it in; on any failure the
        index in force stays and the result says why."""
        with self._lock:
            start = time.monotonic()
            new = self.folder / "index.new"
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                sources: dict[str, list[str]] = {}
                read: dict[str, tuple[int, bool, bool]] = {}
                for name, (folder, builtin) in self._lists().items():
                    tally = Parsed()
                    sources[name] = list(scan(open_text(folder / "domains"), "domains", tally))
                    read[name] = (tally.skipped, _is_white(folder), builtin)
                white = {name for name, (_, is_white, _) in read.items() if is_white}
                info = compile_index(sources, new, white=white)
                del sources
                SiteIndex.open(new).close()  # it reads back before it replaces the old one
                os.replace(new, self.index_path)
                sync_folder(self.folder)
            except Exception as error:  # the old index stays whatever went wrong
                with contextlib.suppress(OSError):
                    new.unlink()
                return BuildResult(False, _reason(error), (), 0, time.monotonic() - start)
            built = tuple(
                ListBuild(name, info.counts[name], skipped, is_white, builtin)
                for name, (skipped, is_white, builtin) in read.items()
            )
            return BuildResult(True, "", built, info.keys, time.monotonic() - start)
