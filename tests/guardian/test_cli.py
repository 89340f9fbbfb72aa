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
