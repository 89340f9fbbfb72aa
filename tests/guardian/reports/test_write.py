"""Writing summaries into a folder: names, atomic files, clear failures, the newest weeks kept,
and the writer process's one line of JSON."""

from __future__ import annotations

import errno
import json
import os
import shlex
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import msgspec
import pytest

from guardian.reports import write
from guardian.reports.model import ProfileRef, WeekSummary, encode
from guardian.reports.write import WriteError, file_stem, write_summaries
from rules.reports import ReportFormat
from tests.guardian.reports import summaries

ROOT = Path(__file__).resolve().parents[3]
ALL = [ReportFormat.HTML, ReportFormat.PDF, ReportFormat.CSV, ReportFormat.JSON]
NO_PDF = [ReportFormat.HTML, ReportFormat.CSV, ReportFormat.JSON]
SUFFIXES = [".html", "-days.csv", "-hours.csv", "-apps.csv", "-sites.csv", "-events.csv", ".json"]


def in_week(summary: WeekSummary, week: str, machine: str | None = None) -> WeekSummary:
    return msgspec.structs.replace(summary, week=week, machine=machine or summary.machine)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_file_stems_name_the_week_machine_and_profile_safely() -> None:
    light = summaries.light()
    assert file_stem(light) == "2026-W48-kitchen-pc-alice"
    assert file_stem(summaries.russian()) == "2026-W48-Компьютер-Маши-masha"
    odd = msgspec.structs.replace(light, machine="../a/b:c d*?<>|\x01")
    assert file_stem(odd) == "2026-W48-a_b_c_d-alice"
    assert file_stem(msgspec.structs.replace(light, machine="x" * 300)) == (
        "2026-W48-" + "x" * 80 + "-alice"
    )


def test_every_format_is_written_and_nothing_else(tmp_path: Path) -> None:
    dest = tmp_path / "new" / "reports"
    written = write_summaries([summaries.light()], NO_PDF, dest)
    stem = "2026-W48-kitchen-pc-alice"
    assert written == [dest / f"{stem}{s}" for s in SUFFIXES]
    assert sorted(p.name for p in dest.iterdir()) == sorted(f"{stem}{s}" for s in SUFFIXES)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600  # a child's activity stays private
    assert (dest / f"{stem}.json").read_bytes() == encode(summaries.light())
    assert (dest / f"{stem}-days.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_only_the_formats_asked_for(tmp_path: Path) -> None:
    written = write_summaries([summaries.russian()], ["json", "csv"], tmp_path, mode=0o644)
    assert len(written) == 6 and all(p.suffix in {".csv", ".json"} for p in written)
    assert stat.S_IMODE(written[0].stat().st_mode) == 0o644


@pytest.mark.slow
def test_the_pdf_comes_from_its_own_process(tmp_path: Path) -> None:
    written = write_summaries([summaries.light(), summaries.russian()], ALL, tmp_path)
    pdfs = [p for p in written if p.suffix == ".pdf"]
    assert [p.name for p in pdfs] == [
        "2026-W48-kitchen-pc-alice.pdf",
        "2026-W48-Компьютер-Маши-masha.pdf",
    ]
    assert all(p.read_bytes().startswith(b"%PDF-") for p in pdfs)
    assert len(written) == 16
    assert leftovers(tmp_path) == []


def test_a_folder_that_is_a_file_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "reports"
    blocker.write_text("not a folder")
    with pytest.raises(WriteError, match="is not a folder") as caught:
        write_summaries([summaries.light()], NO_PDF, blocker)
    assert caught.value.path == blocker
    with pytest.raises(WriteError, match="cannot create the folder") as caught:
        write_summaries([summaries.light()], NO_PDF, blocker / "inside")
    assert caught.value.path == blocker / "inside"
    assert blocker.read_text() == "not a folder"


def test_a_read_only_folder_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    if os.geteuid() == 0:
        # Root writes through file modes: mount a read-only file system there instead, in a
        # mount namespace of the writer process's own.
        if shutil.which("unshare") is None:
            pytest.skip("unshare (util-linux) is missing")
        command = (
            f"mount -t tmpfs -o ro,size=1m none {shlex.quote(str(folder))} && "
            f"exec {shlex.quote(sys.executable)} -m guardian.reports.write "
            f"--dest {shlex.quote(str(folder))} --formats html"
        )
        out = subprocess.run(
            ["unshare", "-m", "sh", "-c", command],
            check=False,
            input=array(summaries.light()),
            capture_output=True,
            timeout=120,
            cwd=ROOT,
        )
        if b"mount:" in out.stderr:
            pytest.skip(f"cannot mount here: {out.stderr.decode().strip()}")
        assert out.returncode == 1
        assert json.loads(out.stdout) == {
            "error": f"cannot write into the folder {folder}: Read-only file system",
            "path": str(folder),
        }
    else:
        folder.chmod(0o500)
        try:
            with pytest.raises(WriteError, match="cannot write into the folder") as caught:
                write_summaries([summaries.light()], NO_PDF, folder)
            assert caught.value.path == folder
        finally:
            folder.chmod(0o700)
    assert list(folder.iterdir()) == []


def test_a_failed_write_leaves_no_partial_file_and_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = summaries.empty()
    write_summaries([old], NO_PDF, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real_fsync = os.fsync

    def disk_full_on_the_hours_table(fd: int) -> None:
        if "-hours.csv." in os.readlink(f"/proc/self/fd/{fd}"):  # its temporary file
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", disk_full_on_the_hours_table)
    with pytest.raises(WriteError, match="No space left on device") as caught:
        write_summaries([summaries.light()], NO_PDF, tmp_path)
    assert caught.value.path == tmp_path / "2026-W48-kitchen-pc-alice-hours.csv"
    assert str(caught.value.path) in str(caught.value)
    monkeypatch.undo()
    assert leftovers(tmp_path) == []
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after.keys() == before.keys()
    # The two files written before the failure are whole new ones; the rest are untouched.
    changed = sorted(n for n in after if after[n] != before[n])
    assert changed == ["2026-W48-kitchen-pc-alice-days.csv", "2026-W48-kitchen-pc-alice.html"]


def test_a_failing_pdf_renderer_is_reported_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = "import sys; sys.stderr.write('font cache broken\\n'); sys.exit(3)"
    monkeypatch.setattr(write, "pdf_command", lambda source, target: [sys.executable, "-c", script])
    with pytest.raises(WriteError, match=r"PDF renderer failed on .*: font cache broken") as caught:
        write_summaries([summaries.light()], [ReportFormat.PDF], tmp_path)
    assert caught.value.path == tmp_path / "2026-W48-kitchen-pc-alice.pdf"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_a_hanging_pdf_renderer_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "child.pid"
    # The renderer starts a child of its own and both hang: the whole group must go.
    script = (
        "import subprocess, sys, time; "
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)']); "
        f"open({str(marker)!r}, 'w').write(str(child.pid)); time.sleep(600)"
    )
    monkeypatch.setattr(write, "pdf_command", lambda source, target: [sys.executable, "-c", script])
    dest = tmp_path / "out"
    with pytest.raises(WriteError, match=r"did not finish .* and was stopped"):
        write_summaries([summaries.light()], [ReportFormat.PDF], dest, pdf_timeout=3)
    assert list(dest.iterdir()) == []
    if marker.exists():
        pid = int(marker.read_text())
        for _ in range(200):  # up to 10 s for the kill to land
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            # A killed child of a finished parent is reaped by init; it may be a zombie briefly.
            if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
                break
            time.sleep(0.05)
        else:
            pytest.fail(f"the renderer's child {pid} still runs")


def test_two_summaries_for_the_same_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="same files 2026-W48-kitchen-pc-alice"):
        write_summaries([summaries.light(), summaries.empty()], NO_PDF, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_unknown_formats_and_keep_are_refused(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="unknown format"):
        write_summaries([summaries.light()], ["html", "docx"], tmp_path)
    with pytest.raises(WriteError, match="keep_weeks must be at least 1"):
        write_summaries([summaries.light()], ["html"], tmp_path, keep_weeks=0)


def test_keep_weeks_removes_only_this_machine_and_profiles_older_weeks(tmp_path: Path) -> None:
    light = summaries.light()
    for week in ("2026-W44", "2026-W45", "2026-W46", "2026-W47"):
        write_summaries([in_week(light, week)], ["json", "csv"], tmp_path)
    other_machine = in_week(light, "2026-W40", machine="lab-pc")
    write_summaries([other_machine], ["json"], tmp_path)
    other_profile = msgspec.structs.replace(
        in_week(light, "2026-W40"), profile=ProfileRef(id="alice2", name="A", preset="6+")
    )
    write_summaries([other_profile], ["json"], tmp_path)
    strangers = [
        "2026-W40-kitchen-pc-alice-notes.txt",
        "2026-W40-kitchen-pc-alice.json.bak",
        "holiday.pdf",
    ]
    for name in strangers:
        (tmp_path / name).write_text("mine")

    written = write_summaries([light], ["json", "html"], tmp_path, keep_weeks=3)

    names = {p.name for p in tmp_path.iterdir()}
    weeks = {n[:8] for n in names if n.endswith(("-kitchen-pc-alice.json", "-alice-days.csv"))}
    assert weeks == {"2026-W46", "2026-W47", "2026-W48"}
    assert not [
        n
        for n in names
        if n.startswith(("2026-W44-kitchen-pc-alice", "2026-W45-kitchen-pc-alice-"))
    ]
    assert "2026-W40-lab-pc-alice.json" in names
    assert "2026-W40-kitchen-pc-alice2.json" in names
    assert set(strangers) <= names
    assert all(p.exists() for p in written)


def test_keep_weeks_never_removes_a_week_just_written(tmp_path: Path) -> None:
    light = summaries.light()
    write_summaries([in_week(light, "2026-W49")], ["json"], tmp_path)
    write_summaries([in_week(light, "2026-W50")], ["json"], tmp_path)
    written = write_summaries([in_week(light, "2026-W30")], ["json"], tmp_path, keep_weeks=1)
    assert written[0].exists()
    assert sorted(p.name[:8] for p in tmp_path.iterdir()) == ["2026-W30", "2026-W50"]


# --- the process -----------------------------------------------------------------------------


def run(stdin: bytes, *args: str) -> tuple[int, dict[str, object], str]:
    out = subprocess.run(
        [sys.executable, "-m", "guardian.reports.write", *args],
        check=False,
        input=stdin,
        capture_output=True,
        timeout=180,
        cwd=ROOT,
    )
    lines = out.stdout.decode("utf-8").splitlines()
    assert len(lines) == 1, out
    return out.returncode, json.loads(lines[0]), out.stderr.decode()


def array(*items: WeekSummary) -> bytes:
    return b"[" + b",".join(encode(s) for s in items) + b"]"


def test_the_process_prints_the_files_it_wrote(tmp_path: Path) -> None:
    code, message, _ = run(
        array(summaries.light(), summaries.russian()),
        "--dest",
        str(tmp_path),
        "--formats",
        "html,csv,json",
        "--keep",
        "4",
    )
    assert code == 0
    written = message["written"]
    assert isinstance(written, list) and len(written) == 14
    assert all(Path(p).is_absolute() and Path(p).is_file() for p in written)
    assert f"{tmp_path}/2026-W48-Компьютер-Маши-masha.html" in written
    # Translated in a process with no Qt application: the translator is read directly.
    russian = (tmp_path / "2026-W48-Компьютер-Маши-masha.html").read_text(encoding="utf-8")
    assert "Итоги недели: Маша Иванова" in russian


@pytest.mark.slow
def test_the_process_writes_pdfs_too(tmp_path: Path) -> None:
    code, message, _ = run(
        array(summaries.year_boundary()), "--dest", str(tmp_path), "--formats", "pdf"
    )
    assert code == 0
    assert message == {"written": [f"{tmp_path}/2026-W53-kitchen-pc-alice.pdf"]}


@pytest.mark.parametrize(
    ("stdin", "args", "error", "path"),
    [
        (b"[{", [], "stdin: not a JSON array of week summaries", None),
        (b'[{"kind": "week"}]', [], "stdin: Object missing required field", None),
        (None, ["--formats", "html,docx"], "unknown format", None),
        (None, ["--keep", "x"], "argument --keep: invalid int value", None),
        (None, ["--dest-is-a-file"], "is not a folder", "file"),
    ],
)
def test_the_process_reports_a_failure_in_one_line(
    tmp_path: Path, stdin: bytes | None, args: list[str], error: str, path: str | None
) -> None:
    dest = tmp_path / "out"
    if args == ["--dest-is-a-file"]:
        dest.write_text("x")
        args = []
    code, message, _ = run(
        array(summaries.light()) if stdin is None else stdin, "--dest", str(dest), *args
    )
    assert code == 1
    assert error in str(message["error"])
    assert message["path"] == (str(dest) if path else None)
