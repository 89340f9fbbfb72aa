"""`guardian report …`: merging a lab's weekly summaries from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from guardian.cli import main
from guardian.errors import ExitCode
from tests.guardian.reports.lab_samples import lab_week, save

ROOT = Path(__file__).resolve().parents[2]


def _guardian(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m guardian …` in a fresh interpreter, as an admin's script runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("GUARDIAN_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "guardian", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.fixture
def share(tmp_path: Path) -> Path:
    """A lab's share: two machines of week 48 (Russian names), one of week 47, one damaged."""
    folder = tmp_path / "share"
    save(folder, "lab-1/w48.json", lab_week("lab-1", accounts={"Иван": [600] * 7}, language="ru"))
    save(folder, "lab-2/w48.json", lab_week("lab-2", accounts={"Мария": [1200] * 7}, language="ru"))
    save(folder, "lab-2/w47.json", lab_week("lab-2", week="2026-W47", accounts={"x": [1] * 7}))
    (folder / "lab-3.json").write_bytes(b'{"kind": "week", "machine": "lab-3"')
    return folder


def test_merge_end_to_end_writes_the_files_and_says_what_it_skipped(
    share: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "out"
    done = _guardian("report", "merge", str(share), "--dest", str(dest), "--json")
    assert done.returncode == ExitCode.OK, done.stderr
    assert done.stderr == ""
    result = json.loads(done.stdout)
    assert result["week"] == "2026-W48"
    assert (result["machines"], result["accounts"]) == (2, 2)
    assert [Path(p).name for p in result["written"]] == [
        "2026-W48-lab.html",
        "2026-W48-lab-machines.csv",
        "2026-W48-lab-accounts.csv",
        "2026-W48-lab-apps.csv",
        "2026-W48-lab.json",
    ]
    assert all(Path(p).is_absolute() and Path(p).is_file() for p in result["written"])
    assert result["skipped"] == [
        f"{share / 'lab-2' / 'w47.json'}: other week: 2026-W47 (the most common week here is "
        "2026-W48)",
        f"{share / 'lab-3.json'}: not JSON, or damaged: Input data was truncated",
    ]
    accounts = (dest / "2026-W48-lab-accounts.csv").read_bytes()
    assert accounts.startswith(b"\xef\xbb\xbf") and "Иван".encode() in accounts
    page = (dest / "2026-W48-lab.html").read_text(encoding="utf-8")
    assert "Сводка по классу, неделя 2026-W48" in page  # the summaries' language


def test_merge_prints_what_was_written_and_skipped(
    share: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "out"
    code = main(
        ["report", "merge", str(share), "--dest", str(dest), "--format", "csv", "--language", "en"]
    )
    out = capsys.readouterr().out.splitlines()
    assert code == ExitCode.OK
    assert out == [
        f"wrote {dest / '2026-W48-lab-machines.csv'}",
        f"wrote {dest / '2026-W48-lab-accounts.csv'}",
        f"wrote {dest / '2026-W48-lab-apps.csv'}",
        f"skipped {share / 'lab-2' / 'w47.json'}: other week: 2026-W47 (the most common week "
        "here is 2026-W48)",
        f"skipped {share / 'lab-3.json'}: not JSON, or damaged: Input data was truncated",
        "week 2026-W48: 2 machines, 2 accounts merged, 2 files skipped",
    ]


def test_merge_of_a_chosen_week(
    share: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "out"
    code = main(
        ["report", "merge", str(share), "--dest", str(dest), "--week", "2026-W47", "--json"]
    )
    result = json.loads(capsys.readouterr().out)
    assert code == ExitCode.OK and result["machines"] == 1
    assert (dest / "2026-W47-lab.json").is_file()


def test_an_empty_folder_is_a_one_line_error_with_its_exit_code(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    done = _guardian("report", "merge", str(empty), "--dest", str(tmp_path / "out"))
    assert done.returncode == ExitCode.UNAVAILABLE == 4
    assert done.stdout == ""
    assert done.stderr == (f"guardian: nothing to merge: no weekly summary found in {empty}\n")
    assert not (tmp_path / "out").exists()


def test_nothing_to_merge_lists_the_files_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.json").write_bytes(b"\xff\xfe")
    code = main(["report", "merge", str(tmp_path), "--dest", str(tmp_path / "out")])
    err = capsys.readouterr().err.splitlines()
    assert code == ExitCode.UNAVAILABLE
    assert err == [
        f"skipped {tmp_path / 'bad.json'}: not JSON, or damaged: JSON is malformed: invalid "
        "character (byte 0)",
        f"guardian: nothing to merge: no weekly summary found in {tmp_path}",
    ]
    code = main(["report", "merge", str(tmp_path), "--dest", str(tmp_path / "out"), "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code == ExitCode.UNAVAILABLE
    assert result["error"].startswith("nothing to merge")
    assert result["skipped"] == [f"{tmp_path / 'bad.json'}: " + err[0].split(": ", 1)[1]]


def test_a_folder_that_cannot_be_written_is_named(
    share: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not a folder"
    blocker.write_text("", encoding="utf-8")
    code = main(["report", "merge", str(share), "--dest", str(blocker)])
    err = capsys.readouterr().err
    assert code == ExitCode.ERROR
    assert err == f"guardian: {blocker}: cannot create the folder: File exists\n"


@pytest.mark.parametrize(
    ("option", "said"),
    [
        (["--week", "48"], "'48' is not a week; write it as 2026-W48"),
        (["--week", "2026-W54"], "2026 has no week 54"),
        (["--format", "html,pdf"], "format pdf: choose from html, csv, json"),
        (["--language", "de"], "invalid choice: 'de'"),
    ],
)
def test_a_wrong_command_line_is_a_usage_error(
    share: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], option: list[str], said: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["report", "merge", str(share), "--dest", str(tmp_path / "out"), *option])
    assert exited.value.code == ExitCode.USAGE
    assert said in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_report_alone_prints_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert out.startswith("usage: guardian report") and "merge" in out


def test_the_merge_help_documents_formats_and_exit_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["report", "merge", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--dest DIR" in out and "--week YYYY-Www" in out and "--json" in out
    assert "<week>-lab-{machines,accounts,apps}.csv" in out
    assert "4 no summary to merge" in out
