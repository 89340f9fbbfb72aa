"""Managed and recommended policy layers in the service: picked up on a tick, bad files kept at
their last good content, sources per value, OS-managed policy, locked values."""

from __future__ import annotations

import dataclasses
import plistlib
from pathlib import Path
from typing import Any

import pytest

from guardian.api import EventKind, InvalidRequest
from guardian.features.base import FILE_CHECK_SECONDS
from guardian.paths import DataPaths
from guardian.platform.base import ManagedPolicyError
from guardian.platform.managed_macos import MacManagedPolicy
from guardian.platform.managed_windows import (
    KEY,
    REG_DWORD,
    REG_MULTI_SZ,
    REG_SZ,
    WindowsManagedPolicy,
)
from guardian.problems import ProblemCode
from guardian.service import GuardianService, LocalApi
from rules.layers import Layer, Source
from rules.model import policy_from_data, policy_to_data
from tests.guardian.conftest import MAKE, kid_policy
from tests.helpers.fakes import FakeClock, fake_platform

LAB = """\
[reports]
folder = "/srv/lab-summaries"

[[profiles]]
id = "kid"
daily_budget = { mon = 45 }
"""


def managed(paths: DataPaths, name: str, text: str) -> Path:
    folder = paths.config / "policies" / "managed"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def recommended(paths: DataPaths, name: str, text: str) -> Path:
    folder = paths.config / "policies" / "recommended"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def next_check(service: GuardianService, clock: FakeClock) -> None:
    clock.advance(FILE_CHECK_SECONDS + 1)
    service.tick()


def login(service: GuardianService) -> tuple[LocalApi, str]:
    api = LocalApi(service, "parent")
    return api, api.set_password(None, "correct horse")


def test_a_managed_file_takes_effect_on_a_tick_without_a_restart(
    make_service: MAKE, paths: DataPaths, clock: FakeClock
) -> None:
    service = make_service(kid_policy())
    seen: list[Any] = []
    service.subscribe(seen.append)
    managed(paths, "10-lab.toml", LAB)
    next_check(service, clock)
    policy = service.layers.policy
    assert policy.reports.folder == "/srv/lab-summaries"
    assert policy.profile("kid").daily_budget["mon"] == 45
    assert policy.profile("kid").daily_budget["tue"] == 120  # the parent's, merged by id
    assert any(e.kind is EventKind.POLICY for e in seen)
    assert service.layers.effective.sources["reports.folder"] == Source(
        Layer.MANAGED, "10-lab.toml"
    )
    assert service.setup_state().managed
    # A later file wins; removing it brings the earlier one back.
    later = managed(paths, "20-late.json", '{"reports": {"folder": "/srv/late"}}')
    next_check(service, clock)
    assert service.layers.policy.reports.folder == "/srv/late"
    later.unlink()
    next_check(service, clock)
    assert service.layers.policy.reports.folder == "/srv/lab-summaries"


def test_a_bad_managed_file_keeps_the_last_good_and_raises_a_problem_until_fixed(
    make_service: MAKE, paths: DataPaths, clock: FakeClock
) -> None:
    service = make_service(kid_policy())
    path = managed(paths, "10-lab.toml", LAB)
    next_check(service, clock)
    path.write_text(LAB.replace("mon = 45", 'mon = "lots"'), encoding="utf-8")
    next_check(service, clock)
    assert service.layers.policy.profile("kid").daily_budget["mon"] == 45
    (problem,) = [p for p in service.problems() if p.code is ProblemCode.MANAGED_POLICY_INVALID]
    assert problem.args == {"file": "10-lab.toml", "layer": "managed", "line": "6"}
    assert "10-lab.toml:6" in problem.detail and "daily_budget.mon" in problem.detail
    # A restart keeps the last good content of the bad file.
    service.close()
    again = make_service()
    assert again.layers.policy.profile("kid").daily_budget["mon"] == 45
    assert any(p.code is ProblemCode.MANAGED_POLICY_INVALID for p in again.problems())
    path.write_text(LAB.replace("mon = 45", "mon = 30"), encoding="utf-8")
    next_check(again, clock)
    assert again.layers.policy.profile("kid").daily_budget["mon"] == 30
    assert not any(p.code is ProblemCode.MANAGED_POLICY_INVALID for p in again.problems())


def test_a_managed_file_that_breaks_the_whole_policy_is_refused(
    make_service: MAKE, paths: DataPaths, clock: FakeClock
) -> None:
    service = make_service(kid_policy())
    managed(paths, "10-lab.toml", 'default_profile = "nobody"\n')
    next_check(service, clock)
    assert service.layers.policy.default_profile == "kid"
    (problem,) = [p for p in service.problems() if p.code is ProblemCode.MANAGED_POLICY_INVALID]
    assert "nobody" in problem.detail and "10-lab.toml" in problem.detail


def test_a_managed_profile_fragment_waits_for_the_profile_it_changes(
    make_service: MAKE, paths: DataPaths, clock: FakeClock
) -> None:
    managed(paths, "10-lab.toml", LAB)
    service = make_service()  # the built-in defaults have no profile "kid"
    assert any(p.code is ProblemCode.MANAGED_POLICY_INVALID for p in service.problems())
    service.replace_policy(kid_policy())
    assert service.layers.policy.profile("kid").daily_budget["mon"] == 45
    assert not any(p.code is ProblemCode.MANAGED_POLICY_INVALID for p in service.problems())


def test_recommended_files_sit_below_the_parent_and_managed_above(
    make_service: MAKE, paths: DataPaths, clock: FakeClock
) -> None:
    recommended(paths, "city.toml", '[reports]\nfolder = "/srv/city"\nlanguage = "ru"\n')
    managed(paths, "10-lab.toml", '[reports]\nlanguage = "en"\n')
    service = make_service()  # no parent's settings yet: defaults at the bottom
    assert service.layers.policy.reports.folder == "/srv/city"
    assert service.layers.policy.reports.language.value == "en"
    assert service.layers.configured and not service.store.configured
    sources = service.policy_sources()
    assert sources["reports.folder"] == {"layer": "recommended", "file": "city.toml"}
    assert sources["reports.language"] == {"layer": "managed", "file": "10-lab.toml"}
    assert sources["default_profile"] == {"layer": "default", "file": ""}


def test_the_parent_cannot_save_over_a_managed_value(
    make_service: MAKE, paths: DataPaths, clock: FakeClock
) -> None:
    service = make_service(kid_policy())
    managed(paths, "10-lab.toml", LAB)
    next_check(service, clock)
    api, token = login(service)
    data = policy_to_data(api.get_policy(token))
    data["reports"]["folder"] = "/home/parent/mine"
    data["profiles"][0]["daily_budget"]["mon"] = 300
    with pytest.raises(InvalidRequest) as refused:
        api.set_policy(token, policy_from_data(data))
    assert "profiles.kid.daily_budget.mon" in str(refused.value)
    assert "reports.folder" in str(refused.value)
    assert "10-lab.toml" in str(refused.value)
    assert service.layers.policy.reports.folder == "/srv/lab-summaries"
    # Changing what is not managed is fine, and managed values stay out of the parent's file.
    data = policy_to_data(api.get_policy(token))
    data["profiles"][0]["name"] = "Sasha"
    api.set_policy(token, policy_from_data(data))
    assert service.layers.policy.profile("kid").name == "Sasha"
    saved = paths.policy_file.read_text(encoding="utf-8")
    assert "lab-summaries" not in saved and "mon = 120" in saved
    sources = api.call("policy.sources", {"token": token})
    assert sources["profiles.kid.name"] == {"layer": "parent", "file": ""}
    assert sources["profiles.kid.daily_budget.mon"] == {"layer": "managed", "file": "10-lab.toml"}


def test_a_profile_added_by_a_managed_file_stays_out_of_the_parents_file(
    make_service: MAKE, paths: DataPaths, clock: FakeClock
) -> None:
    service = make_service(kid_policy())
    managed(paths, "10-lab.toml", '[[profiles]]\nid = "lab"\nname = "Lab"\naccounts = ["pupil"]\n')
    next_check(service, clock)
    assert service.layers.policy.profile_for_account("pupil").id == "lab"  # type: ignore[union-attr]
    api, token = login(service)
    data = policy_to_data(api.get_policy(token))
    data["unrestricted_accounts"] = ["parent", "teacher"]
    api.set_policy(token, policy_from_data(data))
    saved = paths.policy_file.read_text(encoding="utf-8")
    assert "teacher" in saved and "pupil" not in saved
    data["profiles"] = [p for p in data["profiles"] if p["id"] != "lab"]
    with pytest.raises(InvalidRequest, match=r"profiles\.lab"):
        api.set_policy(token, policy_from_data(data))


class FakeRegistry:
    """HKEY_LOCAL_MACHINE as a dict of keys to their values."""

    def __init__(self, values: dict[str, tuple[int, object]] | None) -> None:
        self.keys = {} if values is None else {KEY: values}

    def values(self, key: str) -> dict[str, tuple[int, object]] | None:
        return self.keys.get(key)

    def subkeys(self, key: str) -> list[str] | None:
        return []

    def create_key(self, key: str) -> None:
        raise AssertionError("managed policy is only read")

    set_value = delete_value = delete_key = create_key  # type: ignore[assignment]


def test_windows_values_are_named_by_dotted_path_over_a_json_fragment() -> None:
    fragment = ['{"profiles": [{"id": "lab", "name": "Lab",', '"accounts": ["pupil"]}]}']
    registry = FakeRegistry(
        {
            "Policy": (REG_MULTI_SZ, fragment),
            "default_profile": (REG_SZ, "lab"),
            "reports.folder": (REG_SZ, r"\\school\summaries"),
            "reports.enabled": (REG_DWORD, 1),
            "reports.formats": (REG_MULTI_SZ, ["html", "pdf"]),
        }
    )
    data = WindowsManagedPolicy(registry).read()
    assert data == {
        "profiles": [{"id": "lab", "name": "Lab", "accounts": ["pupil"]}],
        "default_profile": "lab",
        "reports": {"folder": r"\\school\summaries", "enabled": True, "formats": ["html", "pdf"]},
    }
    assert WindowsManagedPolicy(FakeRegistry(None)).read() is None
    assert WindowsManagedPolicy(FakeRegistry({})).read() is None


@pytest.mark.parametrize(
    ("values", "wanted"),
    [
        ({"Policy": (REG_SZ, "{not json")}, r"Guardian\Policy: not valid JSON"),
        ({"Policy": (REG_DWORD, 1)}, "REG_SZ or REG_MULTI_SZ"),
        ({"reports.folder": (3, b"\x00")}, r"Guardian\reports.folder: a registry value of type 3"),
        ({"reports..folder": (REG_SZ, "x")}, "dotted path"),
        ({"timezone": (REG_SZ, "UTC"), "timezone.x": (REG_SZ, "y")}, "single value"),
    ],
)
def test_windows_values_that_cannot_be_read_are_named(
    values: dict[str, tuple[int, object]], wanted: str
) -> None:
    with pytest.raises(ManagedPolicyError, match=wanted.replace("\\", "\\\\").replace(".", r"\.")):
        WindowsManagedPolicy(FakeRegistry(values)).read()


def test_macos_managed_preferences_keep_the_policys_own_keys(tmp_path: Path) -> None:
    path = tmp_path / "org.guardian.plist"
    source = MacManagedPolicy(path)
    assert source.read() is None
    wanted = {"reports": {"folder": "/Volumes/share", "enabled": True}, "default_profile": "kid"}
    path.write_bytes(plistlib.dumps(wanted))
    assert source.read() == wanted
    path.write_bytes(b"not a plist")
    with pytest.raises(ManagedPolicyError, match="not a property list"):
        source.read()
    path.write_bytes(plistlib.dumps(["a"]))
    with pytest.raises(ManagedPolicyError, match="dictionary"):
        source.read()


def test_macos_managed_preferences_are_parsed_again_only_when_the_file_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from guardian.platform import managed_macos

    path = tmp_path / "org.guardian.plist"
    path.write_bytes(plistlib.dumps({"default_profile": "kid"}))
    parsed: list[bytes] = []
    loads = plistlib.loads

    def counting(raw: bytes) -> Any:
        parsed.append(raw)
        return loads(raw)

    monkeypatch.setattr(managed_macos.plistlib, "loads", counting)
    source = MacManagedPolicy(path)
    first = source.read()
    assert first == {"default_profile": "kid"}
    assert first is not None
    first["default_profile"] = "changed by a caller"
    assert source.read() == {"default_profile": "kid"}
    assert len(parsed) == 1
    path.write_bytes(plistlib.dumps({"default_profile": "teen"}))
    assert source.read() == {"default_profile": "teen"}
    assert len(parsed) == 2
    path.unlink()
    assert source.read() is None


def test_the_os_managed_policy_wins_and_a_bad_value_keeps_the_last_good(
    make_service: MAKE, paths: DataPaths, clock: FakeClock
) -> None:
    registry = FakeRegistry(None)
    platform = dataclasses.replace(fake_platform(), managed_policy=WindowsManagedPolicy(registry))
    managed(paths, "10-lab.toml", LAB)
    service = make_service(kid_policy(), platform=platform)
    registry.keys[KEY] = {"reports.folder": (REG_SZ, r"\\school\os")}
    next_check(service, clock)
    assert service.layers.policy.reports.folder == r"\\school\os"
    where = r"HKLM\SOFTWARE\Policies\Guardian"
    assert service.policy_sources()["reports.folder"] == {"layer": "os", "file": where}
    registry.keys[KEY]["reports.enabled"] = (REG_SZ, "perhaps")
    next_check(service, clock)
    assert service.layers.policy.reports.folder == r"\\school\os"
    (problem,) = [p for p in service.problems() if p.code is ProblemCode.MANAGED_POLICY_INVALID]
    assert problem.args["layer"] == "os" and "reports.enabled" in problem.detail
    del registry.keys[KEY]["reports.enabled"]
    registry.keys[KEY]["reports.folder"] = (REG_SZ, r"\\school\new")
    next_check(service, clock)
    assert service.layers.policy.reports.folder == r"\\school\new"
    assert not any(p.code is ProblemCode.MANAGED_POLICY_INVALID for p in service.problems())
    registry.keys.clear()
    next_check(service, clock)
    assert service.layers.policy.reports.folder == "/srv/lab-summaries"


@pytest.mark.parametrize(("me", "admin"), [("parent", True), ("kid", False)])
def test_the_tray_asks_whether_its_account_may_set_guardian_up(
    monkeypatch: pytest.MonkeyPatch, me: str, admin: bool
) -> None:
    import guardian.platform

    platform = fake_platform()
    platform.accounts.me = me  # type: ignore[attr-defined]
    monkeypatch.setattr(guardian.platform, "current", lambda: platform)
    assert guardian.platform.current_account_is_admin() is admin


def test_a_damaged_record_of_last_good_layers_is_ignored(
    make_service: MAKE, paths: DataPaths
) -> None:
    paths.state.mkdir(parents=True, exist_ok=True)
    (paths.state / "last-good-layers.json").write_text('{"os": 5, "managed": []}', "utf-8")
    managed(paths, "10-lab.toml", LAB)
    service = make_service(kid_policy())
    assert service.layers.policy.reports.folder == "/srv/lab-summaries"


def test_the_sources_are_for_the_parent_only(make_service: MAKE) -> None:
    from guardian.api import AuthRequired

    service = make_service(kid_policy())
    api, token = login(service)
    with pytest.raises(AuthRequired):
        LocalApi(service, "kid").call("policy.sources", {"token": "guess"})
    assert api.call("policy.sources", {"token": token})["timezone"]["layer"] == "parent"


def test_refusals_name_every_layer_not_in_force(paths: DataPaths) -> None:
    from guardian.policy_layers import read_only_layers

    paths.create()
    assert read_only_layers(paths).refusals() == []
    broken = managed(paths, "20-broken.toml", "reports = 5\n")
    paths.policy_file.write_text("version = \n", encoding="utf-8")
    refusals = read_only_layers(paths).refusals()
    assert len(refusals) == 2
    assert refusals[0].startswith(f"{broken}:1: reports")
    assert refusals[1].startswith(f"{paths.policy_file}:1: ")
