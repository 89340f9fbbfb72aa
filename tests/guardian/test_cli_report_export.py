"""`guardian report export`: a week's summaries written from this machine's own data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from guardian.cli import main
from guardian.errors import ExitCode
from guardian.paths import standalone_paths
from guardian.reports.collect import current_week_start
from guardian.reports.model import WeekSummary, decode_week, week_name
from rules.policy_file import dump_policy
from tests.guardian.reports import seed

ROOT = Path(__file__).resolve().parents[2]
W49 = seed.WEEK_OF_NOV_30


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A standalone data folder: a saved policy with two profiles, and a week of use."""
    root = tmp_path / "data"
    paths = standalone_paths(root)
    paths.create()
    policy = seed.policy(
        others=[{"id": "masha", "name": "Маша", "accounts": ["masha"], "preset": "6+"}]
    )
    paths.policy_file.write_text(dump_policy(policy, "toml"), encoding="utf-8")
    ledger = seed.open_ledger(paths.state)
    seeder = seed.WeekSeeder(ledger)
    seeder.use(seeder.local(W49, 17), 90, apps=["minecraft"], categories=["games"])
    seeder.use(seeder.local(W49 + timedelta(days=2), 10), 30, profile="masha", account="masha")
    seeder.block_app(seeder.local(W49, 19), "minecraft", "Minecraft")
    ledger.flush()
    ledger.close()
    return root


def _written(out: str) -> dict[str, object]:
    result: dict[str, object] = json.loads(out)
    return result


def test_export_writes_every_profile_in_the_formats_asked(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "out"
    code = main(
        ["report", "export", "--data-dir", str(data_dir), "--week", "2026-W49",
         "--format", "json,csv,html", "--dest", str(dest), "--json"]
    )  # fmt: skip
    assert code == ExitCode.OK
    result = _written(capsys.readouterr().out)
    assert result["week"] == "2026-W49" and result["profiles"] == ["kid", "masha"]
    names = sorted(Path(str(p)).name for p in result["written"])  # type: ignore[attr-defined]
    assert len(names) == 2 * (1 + 1 + 5)
    kid_file = next(dest.glob("2026-W49-*-kid.json"))
    kid: WeekSummary = decode_week(kid_file.read_bytes(), str(kid_file))
    assert kid.days[0].seconds == 90 * 60
    assert [a.app for a in kid.apps] == ["minecraft"]
    assert kid.blocked_apps.rows[0].kind == "app_blocked"
    masha = decode_week(next(dest.glob("2026-W49-*-masha.json")).read_bytes())
    assert masha.profile.name == "Маша" and masha.days[2].seconds == 30 * 60
    html = next(dest.glob("2026-W49-*-masha.html")).read_text(encoding="utf-8")
    assert "Маша" in html
    # Files an admin's script collects from a share are readable by others.
    assert kid_file.stat().st_mode & 0o644 == 0o644


def test_one_profile_in_russian(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "out"
    code = main(
        ["report", "export", "--data-dir", str(data_dir), "--week", "2026-W49",
         "--format", "json", "--profile", "masha", "--language", "ru", "--dest", str(dest)]
    )  # fmt: skip
    assert code == ExitCode.OK
    files = list(dest.iterdir())
    assert len(files) == 1
    assert decode_week(files[0].read_bytes()).language == "ru"
    assert "wrote" in capsys.readouterr().out


def test_without_a_week_last_week_is_written(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = seed.policy()
    expected = week_name(current_week_start(policy, datetime.now(UTC)) - timedelta(days=7))
    code = main(
        ["report", "export", "--data-dir", str(data_dir), "--format", "json",
         "--dest", str(tmp_path / "out"), "--json"]
    )  # fmt: skip
    assert code == ExitCode.OK
    assert _written(capsys.readouterr().out)["week"] == expected


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["--profile", "nobody"], ExitCode.USAGE, "no profile 'nobody'"),
        (["--week", "2026-W60"], ExitCode.USAGE, "has no week 60"),
        (["--format", "docx"], ExitCode.USAGE, "'docx' is not a format"),
    ],
)
def test_a_wrong_command_line_is_told(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    code: int,
    said: str,
) -> None:
    base = ["report", "export", "--data-dir", str(data_dir), "--dest", str(tmp_path / "o")]
    try:
        got = main([*base, *args])
    except SystemExit as exc:  # argparse refuses a bad value itself
        got = int(exc.code or 0)
    assert got == code
    assert said in capsys.readouterr().err


def test_no_policy_or_no_data_is_told_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "empty"
    standalone_paths(root).create()
    args = ["report", "export", "--data-dir", str(root), "--dest", str(tmp_path / "o")]
    assert main(args) == ExitCode.UNAVAILABLE
    assert "no policy saved yet" in capsys.readouterr().err
    paths = standalone_paths(root)
    paths.policy_file.write_text(dump_policy(seed.policy(), "toml"), encoding="utf-8")
    assert main(args) == ExitCode.ERROR
    err = capsys.readouterr().err
    assert err.startswith("guardian: ") and "no state database there" in err
    assert err.count("\n") == 1


def test_a_folder_that_cannot_be_written_is_told(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    args = ["report", "export", "--data-dir", str(data_dir), "--week", "2026-W49"]
    assert main([*args, "--format", "json", "--dest", str(blocker / "sub")]) == ExitCode.ERROR
    assert str(blocker) in capsys.readouterr().err


@pytest.mark.slow
def test_export_with_a_pdf_from_a_fresh_interpreter(data_dir: Path, tmp_path: Path) -> None:
    dest = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "guardian", "report", "export", "--data-dir", str(data_dir),
         "--week", "2026-W49", "--format", "pdf", "--profile", "kid", "--dest", str(dest)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == ExitCode.OK, done.stderr
    pdf = next(dest.glob("*.pdf"))
    assert pdf.read_bytes().startswith(b"%PDF")
