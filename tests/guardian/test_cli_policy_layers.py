"""`guardian policy show --effective` and `guardian policy apply`, with managed layers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from guardian.cli import main
from guardian.errors import ExitCode
from rules.model import policy_from_data
from rules.policy_file import dump_policy
from tests.guardian.conftest import kid_policy

LAB = '[reports]\nfolder = "/srv/lab"\n\n[[profiles]]\nid = "kid"\ndaily_budget = { mon = 45 }\n'


def setup(tmp_path: Path) -> Path:
    """A data folder with the parent's settings and one managed file."""
    config = tmp_path / "config"
    (config / "policies" / "managed").mkdir(parents=True)
    (config / "policy.toml").write_text(dump_policy(kid_policy(), "toml"), encoding="utf-8")
    (config / "policies" / "managed" / "10-lab.toml").write_text(LAB, encoding="utf-8")
    return config


def test_show_effective_json_gives_each_managed_value_its_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup(tmp_path)
    args = ["policy", "show", "--effective", "--json", "--data-dir", str(tmp_path)]
    assert main(args) == ExitCode.OK
    shown = json.loads(capsys.readouterr().out)
    assert shown["policy"]["reports"]["folder"] == "/srv/lab"
    assert shown["sources"]["reports.folder"] == {"layer": "managed", "file": "10-lab.toml"}
    assert shown["sources"]["profiles.kid.daily_budget.tue"] == {"layer": "parent", "file": ""}
    assert not (tmp_path / "state").exists(), "showing writes nothing"


def test_show_effective_as_toml_with_sources_reads_back_as_the_same_policy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup(tmp_path)
    assert main(["policy", "show", "--effective", "--data-dir", str(tmp_path)]) == ExitCode.OK
    text = capsys.readouterr().out
    assert 'reports.folder = "/srv/lab"  # from managed file 10-lab.toml' in text
    assert "daily_budget.mon = 45  # from managed file 10-lab.toml" in text
    assert "daily_budget.tue = 120  # from the parent's settings" in text
    shown = policy_from_data(tomllib.loads(text))
    assert shown.reports.folder == "/srv/lab"
    assert shown.profile("kid").daily_budget["mon"] == 45


def test_show_effective_says_which_layer_is_not_in_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = setup(tmp_path)
    (config / "policies" / "managed" / "20-bad.json").write_text('{"colour": 1}', encoding="utf-8")
    args = ["policy", "show", "--effective", "--json", "--data-dir", str(tmp_path)]
    assert main(args) == ExitCode.INVALID_POLICY
    out, err = capsys.readouterr()
    assert json.loads(out)["policy"]["reports"]["folder"] == "/srv/lab"
    assert "20-bad.json:1: colour" in err


def test_apply_writes_once_then_says_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = setup(tmp_path)
    wanted = json.loads(dump_policy(kid_policy(), "json"))
    wanted["profiles"][0]["name"] = "Sasha"
    wanted["profiles"][0]["daily_budget"].pop("mon")  # the school's: left out
    source = tmp_path / "family.json"
    source.write_text(json.dumps(wanted), encoding="utf-8")
    target = config / "policy.toml"
    assert main(["policy", "apply", str(source), "--data-dir", str(tmp_path)]) == ExitCode.OK
    assert "written" in capsys.readouterr().out
    assert 'name = "Sasha"' in target.read_text(encoding="utf-8")
    before = target.stat()
    assert main(["policy", "apply", str(source), "--data-dir", str(tmp_path)]) == ExitCode.OK
    assert "unchanged" in capsys.readouterr().out
    after = target.stat()
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)


def test_apply_refuses_what_managed_layers_lock(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = setup(tmp_path)
    before = (config / "policy.toml").read_bytes()
    wanted = json.loads(dump_policy(kid_policy(), "json"))
    wanted["reports"] = {"folder": "/home/me"}
    source = tmp_path / "mine.json"
    source.write_text(json.dumps(wanted), encoding="utf-8")
    code = main(["policy", "apply", str(source), "--data-dir", str(tmp_path)])
    assert code == ExitCode.INVALID_POLICY
    err = capsys.readouterr().err
    assert "reports.folder (managed 10-lab.toml)" in err and "mine.json" in err
    assert "profiles.kid.daily_budget.mon (managed 10-lab.toml)" in err
    assert (config / "policy.toml").read_bytes() == before
    # Leaving the managed values out, or giving the school's own, is fine.
    wanted["reports"] = {"folder": "/srv/lab"}
    wanted["profiles"][0]["daily_budget"].pop("mon")
    source.write_text(json.dumps(wanted), encoding="utf-8")
    assert main(["policy", "apply", str(source), "--data-dir", str(tmp_path)]) == ExitCode.OK


def test_apply_refuses_an_invalid_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    setup(tmp_path)
    source = tmp_path / "bad.toml"
    source.write_text('timezone = "UTC"\n', encoding="utf-8")
    assert main(["policy", "apply", str(source), "--data-dir", str(tmp_path)]) == 3
    assert "bad.toml" in capsys.readouterr().err


def test_show_effective_in_a_subprocess(tmp_path: Path) -> None:
    setup(tmp_path)
    command = ["policy", "show", "--effective", "--json", "--data-dir", str(tmp_path)]
    done = subprocess.run(
        [sys.executable, "-m", "guardian", *command],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["sources"]["reports.folder"]["file"] == "10-lab.toml"
