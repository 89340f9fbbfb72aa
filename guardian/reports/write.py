"""Writing weekly summaries into a folder: HTML, CSV and JSON rendered here, the PDF by
`python -m ui.report_pdf` in a child process with Qt's offscreen platform (never inside the
service), each file written under a temporary name and renamed over the old one, and the
folder kept to the newest weeks.

As a process (the Activity page's exports, the service's scheduled run):

    python -m guardian.reports.write --dest DIR --formats html,pdf,csv,json [--keep N]

reads a JSON array of week summaries on stdin and prints one JSON line:
`{"written": [paths]}` (exit 0) or `{"error": "what and where", "path": path or null}` (exit 1).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import NoReturn

import msgspec

from guardian.atomic import write_atomic
from guardian.frozen import module_command
from guardian.reports.csv_tables import TABLES, render_csv
from guardian.reports.html import render_html
from guardian.reports.model import SummaryError, WeekSummary, encode
from rules.reports import ReportFormat

FILE_MODE = 0o600
"""Summaries hold a child's activity: only their owner reads them unless told otherwise."""
PDF_TIMEOUT = 120.0
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|\s]+")
_SUFFIXES = (".html", ".pdf", ".json", *(f"-{t}.csv" for t in TABLES))


class WriteError(Exception):
    """Summaries that could not be written; `path` is the folder or file at fault (or None)."""

    def __init__(self, message: str, path: Path | None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def safe_name(text: str) -> str:
    """`text` usable in a file name on every system: separators, reserved characters, control
    characters and spaces become "_", no leading dot, at most 80 characters."""
    cleaned = _UNSAFE.sub("_", text).strip("._") or "_"
    return cleaned[:80]


def file_stem(summary: WeekSummary) -> str:
    """The files' common name: "2026-W48-<machine>-<profile id>", safe on every system."""
    return f"{summary.week}-{safe_name(summary.machine)}-{safe_name(summary.profile.id)}"


def write_summaries(
    summaries: Sequence[WeekSummary],
    formats: Collection[ReportFormat | str],
    dest: Path,
    *,
    keep_weeks: int | None = None,
    pdf_timeout: float = PDF_TIMEOUT,
    mode: int = FILE_MODE,
) -> list[Path]:
    """Write each summary in each format into `dest` (created if missing); return the files.

    Each file is written to a temporary name and renamed, so a reader never sees half of
    one. With `keep_weeks`, files of the same machine and profile for weeks older than the
    newest `keep_weeks` are removed afterwards. Raises WriteError naming the folder or file.
    """
    wanted = _formats(formats)
    if keep_weeks is not None and keep_weeks < 1:
        raise WriteError(f"keep_weeks must be at least 1, not {keep_weeks}", None)
    stems = [file_stem(s) for s in summaries]
    twice = sorted({stem for stem in stems if stems.count(stem) > 1})
    if twice:
        raise WriteError(f"two summaries would be written to the same files {twice[0]}.*", None)
    folder = _folder(dest)
    written: list[Path] = []
    for summary in summaries:
        stem = file_stem(summary)
        files: list[tuple[Path, bytes]] = []
        if ReportFormat.HTML in wanted:
            files.append((folder / f"{stem}.html", render_html(summary).encode("utf-8")))
        if ReportFormat.CSV in wanted:
            tables = render_csv(summary)
            files += [(folder / f"{stem}-{name}.csv", tables[name]) for name in TABLES]
        if ReportFormat.JSON in wanted:
            files.append((folder / f"{stem}.json", encode(summary)))
        for path, data in files:
            _write(path, data, mode)
            written.append(path)
        if ReportFormat.PDF in wanted:
            pdf = folder / f"{stem}.pdf"
            _write_pdf(summary, pdf, pdf_timeout, mode)
            written.append(pdf)
    if keep_weeks is not None:
        # One pass over the folder per machine and profile, however many weeks were written.
        owners = {(s.machine, s.profile.id): s for s in summaries}
        for summary in owners.values():
            _prune(folder, summary, keep_weeks, set(written))
    return written


def _formats(formats: Collection[ReportFormat | str]) -> set[ReportFormat]:
    try:
        return {ReportFormat(f) for f in formats}
    except ValueError:
        known = ", ".join(f.value for f in ReportFormat)
        raise WriteError(
            f"unknown format in {sorted(map(str, formats))}; use {known}", None
        ) from None


def _folder(dest: Path) -> Path:
    folder = dest.expanduser().absolute()
    if folder.exists() and not folder.is_dir():
        raise WriteError(f"{folder} is not a folder", folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(
            f"cannot create the folder {folder}: {exc.strerror or exc}", folder
        ) from exc
    try:  # a real file, not os.access: root, read-only mounts and shares answer differently
        with tempfile.TemporaryFile(prefix=".guardian-probe-", dir=folder):
            pass
    except OSError as exc:
        raise WriteError(
            f"cannot write into the folder {folder}: {exc.strerror or exc}", folder
        ) from exc
    return folder


def _write(path: Path, data: bytes, mode: int) -> None:
    try:
        write_atomic(path, data, mode)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}", path) from exc


def pdf_command(source: Path, target: Path) -> list[str]:
    """The child process that renders a summary file to PDF."""
    return [*module_command("ui.report_pdf"), str(source), str(target)]


def _write_pdf(summary: WeekSummary, pdf: Path, timeout: float, mode: int) -> None:
    """Render in a child process into a temporary file beside `pdf`, then rename it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory(prefix="guardian-report-") as scratch:
        source = Path(scratch) / "summary.json"
        source.write_bytes(encode(summary))
        tmp: Path | None = None
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=f".{pdf.name}.", suffix=".tmp", dir=pdf.parent)
            os.close(fd)
            tmp = Path(tmp_name)
            _run_pdf(pdf_command(source, tmp), env, timeout, pdf)
            if tmp.stat().st_size == 0:
                raise WriteError(f"the PDF renderer wrote nothing for {pdf}", pdf)
            if hasattr(os, "chmod"):
                os.chmod(tmp, mode)
            with open(tmp, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(tmp, pdf)
        except OSError as exc:
            raise WriteError(f"cannot write {pdf}: {exc.strerror or exc}", pdf) from exc
        finally:
            if tmp is not None and tmp.exists():
                tmp.unlink()


def _run_pdf(command: list[str], env: dict[str, str], timeout: float, pdf: Path) -> None:
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,  # its own group: a hung renderer is killed with its children
    )
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise WriteError(
            f"the PDF renderer did not finish {pdf} within {timeout:g} s and was stopped", pdf
        ) from None
    if process.returncode != 0:
        lines = err.decode("utf-8", "replace").strip().splitlines()
        why = lines[-1] if lines else f"exit status {process.returncode}"
        raise WriteError(f"the PDF renderer failed on {pdf}: {why}", pdf)


def _kill(process: subprocess.Popen[bytes]) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except ProcessLookupError:
        pass
    process.communicate()


def _prune(folder: Path, summary: WeekSummary, keep: int, written: set[Path]) -> None:
    """Remove files of this machine and profile for weeks older than the newest `keep`."""
    tail = re.escape(f"-{safe_name(summary.machine)}-{safe_name(summary.profile.id)}")
    suffixes = "|".join(map(re.escape, _SUFFIXES))
    pattern = re.compile(rf"^(\d{{4}}-W\d{{2}}){tail}(?:{suffixes})$")
    found: dict[str, list[Path]] = {}
    for entry in folder.iterdir():
        match = pattern.match(entry.name)
        if match and entry.is_file():
            found.setdefault(match[1], []).append(entry)
    for week in sorted(found, reverse=True)[keep:]:
        for path in found[week]:
            if path in written:
                continue
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise WriteError(
                    f"cannot remove the old summary {path}: {exc.strerror or exc}", path
                ) from exc


# --- the process -----------------------------------------------------------------------------


class _Usage(Exception):
    """Arguments the process cannot run with."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _Usage(message)


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = _Parser(
        prog="python -m guardian.reports.write",
        description="Write weekly summaries (a JSON array on stdin) into a folder.",
    )
    parser.add_argument("--dest", required=True, type=Path, help="the folder to write into")
    parser.add_argument(
        "--formats", default="html,pdf,csv,json", help="comma-separated: html,pdf,csv,json"
    )
    parser.add_argument("--keep", type=int, default=None, help="weeks to keep in the folder")
    parser.add_argument(
        "--mode",
        type=_octal_mode,
        default=FILE_MODE,
        help="permissions of the files, in octal (default 600: their owner only)",
    )
    parser.add_argument(
        "--pdf-timeout", type=float, default=PDF_TIMEOUT, help="seconds the PDF may take"
    )
    return parser.parse_args(argv)


def _octal_mode(text: str) -> int:
    try:
        mode = int(text, 8)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an octal mode such as 640") from None
    if mode & ~0o666:
        raise argparse.ArgumentTypeError(f"{text!r}: summaries are never executable or special")
    return mode


def _read_stdin() -> list[WeekSummary]:
    data = sys.stdin.buffer.read()
    try:
        return msgspec.json.decode(data, type=list[WeekSummary])
    except msgspec.ValidationError as exc:
        raise SummaryError(f"stdin: {exc}") from None
    except msgspec.DecodeError as exc:
        raise SummaryError(f"stdin: not a JSON array of week summaries: {exc}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the writer process; its one line of output says what was written or what failed."""
    try:
        args = _arguments(argv)
        formats = [f.strip() for f in args.formats.split(",") if f.strip()]
        summaries = _read_stdin()
        written = write_summaries(
            summaries,
            formats,
            args.dest,
            keep_weeks=args.keep,
            pdf_timeout=args.pdf_timeout,
            mode=args.mode,
        )
    except WriteError as exc:
        _say({"error": exc.message, "path": None if exc.path is None else str(exc.path)})
        return 1
    except (SummaryError, _Usage) as exc:
        _say({"error": str(exc), "path": None})
        return 1
    _say({"written": [str(p) for p in written]})
    return 0


def _say(message: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
