"""The folder of a system install's weekly summaries: the administrators read it, no one else."""

from __future__ import annotations

import grp
import stat
import sys
from pathlib import Path

import pytest

from guardian.paths import DataPaths, standalone_paths, system_paths
from guardian.platform import locations


def test_members_of_the_administrators_group_read_it(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "summaries"
    locations.share_with_administrators(folder, group=4242)
    info = folder.stat()
    assert stat.S_IMODE(info.st_mode) == 0o2750 and info.st_gid == 4242
    (folder / "week.json").write_text("{}", encoding="utf-8")
    assert (folder / "week.json").stat().st_gid == 4242  # new files take the folder's group


def test_without_an_administrators_group_only_root_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(locations, "ADMIN_GROUPS", ("no-such-group-for-guardian",))
    assert locations.administrators_group() is None
    folder = tmp_path / "summaries"
    folder.mkdir(mode=0o755)
    locations.share_with_administrators(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_first_administrators_group_that_exists_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root_group = grp.getgrgid(0).gr_name
    monkeypatch.setattr(locations, "ADMIN_GROUPS", ("no-such-group-for-guardian", root_group))
    assert locations.administrators_group() == 0


def test_a_system_install_keeps_summaries_beside_its_state_a_standalone_one_inside(
    tmp_path: Path,
) -> None:
    system = system_paths()
    assert system.summaries is not None and system.reports == system.summaries
    assert not system.reports.is_relative_to(system.state)
    if sys.platform.startswith("linux"):
        assert system.reports == Path("/var/lib/guardian-summaries")
    mine = standalone_paths(tmp_path)
    assert mine.summaries is None and mine.reports == tmp_path / "state" / "reports"
    assert DataPaths(tmp_path, tmp_path).reports == tmp_path / "reports"
