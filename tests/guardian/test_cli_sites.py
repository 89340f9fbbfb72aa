"""`guardian sites …` on a private data folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guardian.cli import main
from guardian.errors import ExitCode
from rules.model import policy_from_data
from rules.policy_file import dump_policy


def _policy(tmp_path: Path, **sites: object) -> None:
    policy = policy_from_data(
        {
            "timezone": "UTC",
            "default_profile": "kid",
            "profiles": [
                {"id": "kid", "name": "Kid", "preset": "12+", "sites": sites},
                {"id": "adult", "name": "Grown-up", "preset": "18+", "accounts": ["mum"]},
            ],
        }
    )
    (tmp_path / "config").mkdir(parents=True, exist_ok=True)
    (tmp_path / "config" / "policy.toml").write_text(dump_policy(policy, "toml"))


def test_sites_test_says_what_each_profile_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _policy(tmp_path, block=["example.com"])
    assert main(["sites", "test", "www.NordVPN.com", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Kid [kid]: www.nordvpn.com blocked (category:vpn)" in out
    assert "Grown-up [adult]: www.nordvpn.com allowed" in out
    assert "web filtering is off" in out
    code = main(
        [
            "sites",
            "test",
            "a.example.com",
            "--profile",
            "kid",
            "--json",
            "--data-dir",
            str(tmp_path),
        ]
    )
    assert code == 0
    [kid] = json.loads(capsys.readouterr().out)
    assert (kid["blocked"], kid["rule"]) == (True, "block:example.com")


def test_bad_input_gets_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _policy(tmp_path)
    assert main(["sites", "test", "not a name", "--data-dir", str(tmp_path)]) == ExitCode.USAGE
    assert "'not a name' is not a site address" in capsys.readouterr().err
    code = main(["sites", "test", "a.com", "--profile", "nobody", "--data-dir", str(tmp_path)])
    assert code == ExitCode.USAGE
    assert "no profile 'nobody'" in capsys.readouterr().err


def test_an_imported_list_is_counted_and_blocks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _policy(tmp_path, categories=["own"])
    listing = tmp_path / "hosts"
    listing.write_text("0.0.0.0 tracker.example\n0.0.0.0 ads.example\nnonsense line here\n")
    code = main(["sites", "import", str(listing), "--name", "own", "--data-dir", str(tmp_path)])
    assert code == 0
    assert "own: 2 names, 1 lines skipped" in capsys.readouterr().out
    main(["sites", "lists", "--json", "--data-dir", str(tmp_path)])
    lists = {entry["name"]: entry for entry in json.loads(capsys.readouterr().out)}
    assert lists["own"]["names"] == 2 and not lists["own"]["builtin"]
    assert lists["vpn"]["builtin"]
    main(["sites", "test", "x.tracker.example", "--profile", "kid", "--data-dir", str(tmp_path)])
    assert "blocked (category:own)" in capsys.readouterr().out


def test_an_unreadable_list_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _policy(tmp_path)
    picture = tmp_path / "photo.jpg"
    picture.write_bytes(bytes(range(256)) * 4)
    code = main(["sites", "import", str(picture), "--name", "own", "--data-dir", str(tmp_path)])
    assert code != 0
    assert str(picture) in capsys.readouterr().err
