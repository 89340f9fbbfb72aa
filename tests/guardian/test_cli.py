"""The `guardian` command: schema, validate and show, with stable exit codes (doctor and the
other admin commands: test_cli_admin.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from guardian import cli
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


def test_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "show", "--data-dir", str(tmp_path)]) == ExitCode.UNAVAILABLE
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "policy.toml").write_text(dump_policy(kid_policy(), "toml"))
    assert main(["policy", "show", "--data-dir", str(tmp_path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["default_profile"] == "kid"


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


# --- the real `guardian` entry point: one line and a documented code, never a traceback -----

GUARDIAN = Path(sys.executable).with_name("guardian")


def _guardian(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(GUARDIAN), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
        check=False,
    )


def _one_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def test_version_is_the_installed_one() -> None:
    done = _guardian("--version")
    assert (done.returncode, done.stdout) == (0, "guardian 0.1.0\n")


def test_an_unknown_profile_is_a_usage_error(tmp_path: Path) -> None:
    done = _guardian(
        "apps", "identify", str(os.getpid()), "--profile", "nope", "--data-dir", str(tmp_path)
    )
    assert done.returncode == ExitCode.USAGE
    assert _one_line(done.stderr).startswith("guardian: there is no profile 'nope'")


@pytest.mark.parametrize("problem", ["missing folder", "a directory", "not UTF-8"])
def test_a_policy_that_cannot_be_read_is_one_line_with_its_path(
    tmp_path: Path, problem: str
) -> None:
    # Root reads files whatever their mode bits, so unreadable means one of these.
    data = tmp_path / "data"
    policy = data / "config" / "policy.toml"
    if problem == "a directory":
        policy.mkdir(parents=True)
    elif problem == "not UTF-8":
        policy.parent.mkdir(parents=True)
        policy.write_bytes(b'timezone = "\xff\xfe"\n')
    else:
        data = tmp_path / "no-such-folder" / "data"
    done = _guardian("policy", "show", "--data-dir", str(data))
    line = _one_line(done.stderr)
    if problem == "missing folder":
        assert done.returncode == ExitCode.UNAVAILABLE
        assert "no policy saved yet" in line
    elif problem == "a directory":
        assert done.returncode == ExitCode.ERROR
        assert line == f"guardian: {data / 'config' / 'policy.toml'}: Is a directory"
    else:
        assert done.returncode == ExitCode.INVALID_POLICY
        assert line.startswith(f"guardian: {policy}: not UTF-8 text")


def test_validate_names_each_file_that_cannot_be_read(tmp_path: Path) -> None:
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    missing = tmp_path / "no-such-folder" / "policy.toml"
    done = _guardian("policy", "validate", str(binary), str(folder), str(missing))
    assert "Traceback" not in done.stderr
    assert done.returncode in (ExitCode.ERROR, ExitCode.INVALID_POLICY)
    assert f"{binary}: not UTF-8 text" in done.stderr
    assert f"{folder}: cannot be read: Is a directory" in done.stderr
    assert f"{missing}: cannot be read: No such file or directory" in done.stderr


def test_a_reader_that_goes_away_ends_the_command_quietly() -> None:
    process = subprocess.Popen(
        [str(GUARDIAN), "policy", "schema"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before Guardian writes anything
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == ExitCode.BROKEN_PIPE
    assert stderr == b""


def test_schema_into_head_prints_its_first_line_and_no_traceback() -> None:
    done = subprocess.run(
        ["sh", "-c", f"'{GUARDIAN}' policy schema | head -1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "{\n", "")


def test_an_internal_error_is_one_line_and_the_traceback_only_when_asked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(args: object) -> int:
        raise RuntimeError("the schema is gone")

    monkeypatch.setattr(cli, "cmd_schema", broken)
    monkeypatch.delenv("GUARDIAN_DEBUG", raising=False)
    assert main(["policy", "schema"]) == ExitCode.ERROR
    assert capsys.readouterr().err == "guardian: internal error: RuntimeError: the schema is gone\n"
    assert main(["--debug", "policy", "schema"]) == ExitCode.ERROR
    assert "Traceback" in capsys.readouterr().err
    monkeypatch.setenv("GUARDIAN_DEBUG", "1")
    assert main(["policy", "schema"]) == ExitCode.ERROR
    assert "Traceback" in capsys.readouterr().err
