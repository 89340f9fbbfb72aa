"""The `guardian` command: schema, validate, show and doctor, with stable exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guardian.cli import main
from guardian.errors import ExitCode
from rules.policy_file import dump_policy
from tests.guardian.conftest import kid_policy

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def test_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "schema"]) == ExitCode.OK
    schema = json.loads(capsys.readouterr().out)
    assert "profiles" in schema["properties"]


def test_validate_reports_every_problem_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'timezone = "Europe/Moscow"\ndefault_profile = "kid"\n\n[[profiles]]\nid = "kid"\n'
        'name = "Kid"\nactoin = "lock"\n\n[profiles.daily_budget]\nmon = -5\n',
        encoding="utf-8",
    )
    good = tmp_path / "good.json"
    good.write_text(dump_policy(kid_policy(), "json"), encoding="utf-8")
    assert main(["policy", "validate", str(good), str(bad)]) == ExitCode.INVALID_POLICY
    out = capsys.readouterr()
    assert f"{good}: valid" in out.out
    assert f"{bad}:7:" in out.err and "actoin" in out.err and "action" in out.err
    assert f"{bad}:10:" in out.err and "mon" in out.err


def test_validate_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "validate", str(tmp_path / "nope.toml")]) == ExitCode.ERROR
    assert "cannot be read" in capsys.readouterr().err


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.name)
def test_shipped_examples_are_valid(example: Path) -> None:
    assert main(["policy", "validate", str(example)]) == ExitCode.OK


def test_show_and_doctor(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "show", "--data-dir", str(tmp_path)]) == ExitCode.UNAVAILABLE
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "policy.toml").write_text(dump_policy(kid_policy(), "toml"))
    assert main(["policy", "show", "--data-dir", str(tmp_path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["default_profile"] == "kid"
    assert main(["doctor", "--data-dir", str(tmp_path)]) == ExitCode.OK
    report = capsys.readouterr().out
    assert "policy:" in report and "valid" in report and "secrets:" in report


def test_apps_catalogue_lists_by_category_and_os(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["apps", "catalogue", "--category", "browsers", "--os", "windows"]) == 0
    lines = capsys.readouterr().out.splitlines()
    ids = [line.split()[0] for line in lines]
    assert {"tor-browser", "firefox", "yandex-browser"} <= set(ids)
    assert all(" browsers " in line and "windows" in line for line in lines)


def test_apps_identify_a_running_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil
    import subprocess

    game = tmp_path / "minigame"
    shutil.copy2(shutil.which("sleep") or "/bin/sleep", game)
    config = tmp_path / "config"
    config.mkdir()
    (config / "policy.toml").write_text(
        'timezone = "UTC"\ndefault_profile = "kid"\n[[profiles]]\nid = "kid"\nname = "Kid"\n'
        '[[profiles.apps]]\napp = "minigame"\nmode = "blocked"\n'
        'match = { names = ["minigame"] }\n'
    )
    process = subprocess.Popen([str(game), "30"])
    try:
        code = main(["apps", "identify", str(process.pid), "--data-dir", str(tmp_path)])
    finally:
        process.kill()
        process.wait()
    out = capsys.readouterr().out
    assert code == 0
    assert "app: minigame by name" in out and "rule: blocked" in out
    assert "ended: blocked" in out
    assert main(["apps", "identify", "999999999", "--data-dir", str(tmp_path)]) == 1
