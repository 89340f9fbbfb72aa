"""The Windows service on Linux: pywin32's modules are faked in sys.modules and record every
call, so the install arguments, recovery actions, DACLs and the SCM life cycle are checked."""

from __future__ import annotations

import contextlib
import importlib.util
import sys
import threading
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from guardian.platform import windows_service
from guardian.platform.windows_service import (
    DATA_SDDL,
    ERROR_SERVICE_ALREADY_RUNNING,
    ERROR_SERVICE_DOES_NOT_EXIST,
    ERROR_SERVICE_EXISTS,
    ERROR_SERVICE_NOT_ACTIVE,
    SERVICE_NAME,
    SERVICE_SDDL,
    HostExitedError,
    ServiceCommand,
    ServiceRunner,
    ServiceSetupError,
)

SCM = "scm-handle"
SERVICE = "service-handle"
STOPPED = 1
RUNNING = 4


class FakeWinError(Exception):
    """pywintypes.error: carries the Win32 error code as `winerror`."""

    def __init__(self, winerror: int, function: str = "", message: str = "") -> None:
        super().__init__(winerror, function, message)
        self.winerror = winerror


class FakeDescriptor:
    """A PySECURITY_DESCRIPTOR made from SDDL."""

    def __init__(self, sddl: str) -> None:
        self.sddl = sddl

    def GetSecurityDescriptorDacl(self) -> str:
        return f"dacl of {self.sddl}"


class FakeFramework:
    """win32serviceutil.ServiceFramework: records the statuses reported to the SCM."""

    def __init__(self, args: Any) -> None:
        self.args = args
        self.statuses: list[int] = []

    def ReportServiceStatus(self, status: int) -> None:
        self.statuses.append(status)


class FakePywin32:
    """The pywin32 modules Guardian uses, recording calls in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.create_error: int | None = None
        self.open_error: int | None = None
        self.start_error: int | None = None
        self.stop_error: int | None = None
        self.states = [RUNNING, STOPPED]
        self.events: list[str] = []

        self.pywintypes = types.ModuleType("pywintypes")
        self.pywintypes.error = FakeWinError  # type: ignore[attr-defined]

        service = types.ModuleType("win32service")
        constants = {
            "SC_MANAGER_ALL_ACCESS": 0xF003F,
            "SERVICE_ALL_ACCESS": 0xF01FF,
            "SERVICE_WIN32_OWN_PROCESS": 0x10,
            "SERVICE_AUTO_START": 2,
            "SERVICE_ERROR_NORMAL": 1,
            "SERVICE_CONFIG_DESCRIPTION": 1,
            "SERVICE_CONFIG_FAILURE_ACTIONS": 2,
            "SERVICE_CONFIG_FAILURE_ACTIONS_FLAG": 4,
            "SC_ACTION_RESTART": 1,
            "SERVICE_CONTROL_STOP": 1,
            "SERVICE_STOPPED": STOPPED,
            "SERVICE_STOP_PENDING": 3,
            "SERVICE_RUNNING": RUNNING,
        }
        for name, value in constants.items():
            setattr(service, name, value)
        for name in (
            "OpenSCManager",
            "CreateService",
            "OpenService",
            "ChangeServiceConfig",
            "ChangeServiceConfig2",
            "SetServiceObjectSecurity",
            "StartService",
            "ControlService",
            "QueryServiceStatus",
            "DeleteService",
            "CloseServiceHandle",
        ):
            setattr(service, name, self._recorder(name))
        self.win32service = service

        security = types.ModuleType("win32security")
        security.SDDL_REVISION_1 = 1  # type: ignore[attr-defined]
        security.DACL_SECURITY_INFORMATION = 4  # type: ignore[attr-defined]
        security.PROTECTED_DACL_SECURITY_INFORMATION = 0x80000000  # type: ignore[attr-defined]
        security.SE_FILE_OBJECT = 1  # type: ignore[attr-defined]
        security.ConvertStringSecurityDescriptorToSecurityDescriptor = (  # type: ignore[attr-defined]
            lambda sddl, revision: FakeDescriptor(sddl)
        )
        security.SetNamedSecurityInfo = self._recorder("SetNamedSecurityInfo")  # type: ignore[attr-defined]
        self.win32security = security

        util = types.ModuleType("win32serviceutil")
        util.ServiceFramework = FakeFramework  # type: ignore[attr-defined]
        self.win32serviceutil = util

        manager = types.ModuleType("servicemanager")
        manager.LogInfoMsg = self.events.append  # type: ignore[attr-defined]
        manager.LogErrorMsg = lambda text: self.events.append("ERROR " + text)  # type: ignore[attr-defined]
        for name in ("Initialize", "PrepareToHostSingle", "StartServiceCtrlDispatcher"):
            setattr(manager, name, self._recorder(name))
        self.servicemanager = manager

        registry = types.ModuleType("winreg")
        registry.HKEY_LOCAL_MACHINE = "HKLM"  # type: ignore[attr-defined]
        registry.KEY_SET_VALUE = 2  # type: ignore[attr-defined]
        registry.REG_SZ = 1  # type: ignore[attr-defined]
        registry.CreateKeyEx = self._open_key  # type: ignore[attr-defined]
        registry.SetValueEx = self._recorder("SetValueEx")  # type: ignore[attr-defined]
        registry.DeleteKey = self._delete_key  # type: ignore[attr-defined]
        self.registry: dict[str, Any] = {}
        self.winreg = registry

    @contextlib.contextmanager
    def _open_key(self, root: str, key: str, reserved: int, access: int) -> Iterator[str]:
        self.calls.append(("CreateKeyEx", (root, key, reserved, access)))
        self.registry.setdefault(key, None)
        yield key

    def _delete_key(self, root: str, key: str) -> None:
        self.calls.append(("DeleteKey", (root, key)))
        if key not in self.registry:
            raise FileNotFoundError(key)
        del self.registry[key]

    def _recorder(self, name: str) -> Any:
        def record(*args: Any) -> Any:
            self.calls.append((name, args))
            return self._answer(name, args)

        return record

    def _answer(self, name: str, args: tuple[Any, ...]) -> Any:
        errors = {
            "CreateService": self.create_error,
            "OpenService": self.open_error,
            "StartService": self.start_error,
            "ControlService": self.stop_error,
        }
        if errors.get(name) is not None:
            raise FakeWinError(errors[name] or 0, name, "failed")
        if name == "OpenSCManager":
            return SCM
        if name in {"CreateService", "OpenService"}:
            return SERVICE
        if name == "QueryServiceStatus":
            state = self.states.pop(0) if len(self.states) > 1 else self.states[0]
            return (0x10, state, 0, 0, 0, 0, 0)
        return None

    def named(self, name: str) -> list[tuple[Any, ...]]:
        """The arguments of every call to `name`."""
        return [args for called, args in self.calls if called == name]


@pytest.fixture
def win32(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakePywin32]:
    """Fake pywin32 modules importable for the duration of one test."""
    fake = FakePywin32()
    for name in ("pywintypes", "win32service", "win32security", "win32serviceutil", "winreg"):
        monkeypatch.setitem(sys.modules, name, getattr(fake, name))
    monkeypatch.setitem(sys.modules, "servicemanager", fake.servicemanager)
    windows_service.service_class.cache_clear()
    yield fake
    windows_service.service_class.cache_clear()


COMMAND = ServiceCommand(r"C:\Program Files\Guardian\python\python.exe", ("-m", "guardian.x"))


@pytest.mark.skipif(
    importlib.util.find_spec("win32service") is not None, reason="pywin32 is installed here"
)
def test_the_module_imports_without_pywin32() -> None:
    assert windows_service.main(["stop"]) == 2


def test_the_command_line_quotes_the_executable() -> None:
    assert COMMAND.binary_path() == (r'"C:\Program Files\Guardian\python\python.exe" -m guardian.x')
    assert ServiceCommand(r"C:\g.exe", ("a b",)).binary_path() == r'"C:\g.exe" "a b"'


def test_install_creates_an_automatic_localsystem_service(
    win32: FakePywin32, tmp_path: Path
) -> None:
    windows_service.install(COMMAND, data_folder=tmp_path / "Guardian")

    (create,) = win32.named("CreateService")
    service = win32.win32service
    assert create == (
        SCM,
        SERVICE_NAME,
        windows_service.DISPLAY_NAME,
        service.SERVICE_ALL_ACCESS,
        service.SERVICE_WIN32_OWN_PROCESS,
        service.SERVICE_AUTO_START,
        service.SERVICE_ERROR_NORMAL,
        COMMAND.binary_path(),
        None,
        0,
        None,
        None,  # no account name: LocalSystem
        None,
    )
    assert win32.named("StartService") == [(SERVICE, None)]
    # Every handle opened is closed, the service's before the manager's.
    assert win32.named("CloseServiceHandle") == [(SERVICE,), (SCM,)]


def test_install_restarts_after_every_failure(win32: FakePywin32, tmp_path: Path) -> None:
    windows_service.install(COMMAND, data_folder=tmp_path / "Guardian", start=False)

    configs = {args[1]: args[2] for args in win32.named("ChangeServiceConfig2")}
    assert configs[1] == windows_service.DESCRIPTION
    assert configs[2] == {
        "ResetPeriod": 86400,
        "RebootMsg": None,
        "Command": None,
        "Actions": [(1, 2000), (1, 2000), (1, 2000)],  # SC_ACTION_RESTART after 2 s
    }
    assert configs[4] is True  # also after a stop with an error code
    assert win32.named("StartService") == []


def test_install_locks_the_service_and_the_data_folder(win32: FakePywin32, tmp_path: Path) -> None:
    folder = tmp_path / "ProgramData" / "Guardian"
    windows_service.install(COMMAND, data_folder=folder)

    ((handle, information, descriptor),) = win32.named("SetServiceObjectSecurity")
    assert (handle, information, descriptor.sddl) == (SERVICE, 4, SERVICE_SDDL)
    # Interactive users may query the service but not start (RP), stop (WP) or change it.
    users = next(ace for ace in SERVICE_SDDL.split("(") if ace.endswith(";;;IU)"))
    assert not {"RP", "WP", "DT", "DC", "SD", "WD", "WO"} & set(_rights(users))

    assert folder.is_dir()
    ((path, kind, information, owner, group, dacl, sacl),) = win32.named("SetNamedSecurityInfo")
    assert (path, kind, owner, group, sacl) == (str(folder), 1, None, None, None)
    assert information == 4 | 0x80000000  # the DACL, protected from ProgramData's inheritance
    assert dacl == f"dacl of {DATA_SDDL}"
    assert "PAI" in DATA_SDDL and ";;;BU)" not in DATA_SDDL and ";;;WD)" not in DATA_SDDL


def _rights(ace: str) -> list[str]:
    rights = ace.split(";")[2]
    return [rights[i : i + 2] for i in range(0, len(rights), 2)]


def test_install_lets_the_service_run_in_safe_mode(win32: FakePywin32, tmp_path: Path) -> None:
    windows_service.install(COMMAND, data_folder=tmp_path / "Guardian")
    base = "SYSTEM\\CurrentControlSet\\Control\\SafeBoot"
    assert win32.named("SetValueEx") == [
        (f"{base}\\Minimal\\Guardian", "", 0, 1, "Service"),
        (f"{base}\\Network\\Guardian", "", 0, 1, "Service"),
    ]
    assert all(args[0] == "HKLM" for args in win32.named("CreateKeyEx"))

    del win32.registry[f"{base}\\Network\\Guardian"]  # removed by hand: remove still works
    win32.stop_error = ERROR_SERVICE_NOT_ACTIVE
    windows_service.remove()
    assert win32.registry == {}


def test_install_again_updates_the_existing_service(win32: FakePywin32, tmp_path: Path) -> None:
    win32.create_error = ERROR_SERVICE_EXISTS
    win32.start_error = ERROR_SERVICE_ALREADY_RUNNING
    windows_service.install(COMMAND, data_folder=tmp_path / "Guardian")

    (change,) = win32.named("ChangeServiceConfig")
    assert change[0] == SERVICE and change[4] == COMMAND.binary_path()
    assert change[2] == 2  # automatic start
    assert len(win32.named("ChangeServiceConfig2")) == 3


def test_install_reports_other_failures(win32: FakePywin32, tmp_path: Path) -> None:
    win32.create_error = 5  # access denied
    with pytest.raises(ServiceSetupError, match="Cannot create"):
        windows_service.install(COMMAND, data_folder=tmp_path / "Guardian")
    assert win32.named("CloseServiceHandle") == [(SCM,)]


def test_remove_stops_waits_and_deletes(
    win32: FakePywin32, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("guardian.platform.windows_service.time.sleep", lambda seconds: None)
    win32.states = [RUNNING, RUNNING, STOPPED]
    windows_service.remove()

    assert win32.named("ControlService") == [(SERVICE, 1)]
    assert len(win32.named("QueryServiceStatus")) == 3
    assert win32.named("DeleteService") == [(SERVICE,)]


def test_remove_of_a_stopped_service_just_deletes(win32: FakePywin32) -> None:
    win32.stop_error = ERROR_SERVICE_NOT_ACTIVE
    windows_service.remove()
    assert win32.named("DeleteService") == [(SERVICE,)]


def test_commands_say_when_the_service_is_missing(
    win32: FakePywin32, capsys: pytest.CaptureFixture[str]
) -> None:
    win32.open_error = ERROR_SERVICE_DOES_NOT_EXIST
    assert windows_service.main(["start"]) == 1
    assert "not installed" in capsys.readouterr().err


def test_without_a_command_the_process_hosts_the_service(win32: FakePywin32) -> None:
    assert windows_service.main([]) == 0
    names = [name for name, _ in win32.calls]
    assert names == ["Initialize", "PrepareToHostSingle", "StartServiceCtrlDispatcher"]
    (hosted,) = win32.named("PrepareToHostSingle")[0]
    assert hosted is windows_service.service_class()


def test_the_service_class_runs_the_host_until_the_scm_stops_it(
    win32: FakePywin32, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = threading.Event()
    seen: list[threading.Event] = []

    def host(stop: threading.Event) -> int:
        seen.append(stop)
        started.set()
        assert stop.wait(10)
        return 0

    monkeypatch.setattr(windows_service, "load_host", lambda: host)
    cls: Any = windows_service.service_class()
    assert issubclass(cls, FakeFramework)
    service: Any = cls(["Guardian"])
    assert (cls._svc_name_, cls._svc_display_name_) == (SERVICE_NAME, windows_service.DISPLAY_NAME)
    assert cls.SvcShutdown is cls.SvcStop  # shutdown flushes usage the same way
    runner = threading.Thread(target=service.SvcDoRun)
    runner.start()
    assert started.wait(10)
    service.SvcStop()
    runner.join(10)

    assert not runner.is_alive()
    assert service.statuses == [3]  # STOP_PENDING, then pywin32 reports STOPPED
    assert seen[0].is_set()
    assert win32.events[-1].endswith("stopped.")


def test_a_host_that_ends_by_itself_is_a_failure_the_scm_restarts(win32: FakePywin32) -> None:
    runner = ServiceRunner(lambda: lambda stop: 3, win32.events.append)
    with pytest.raises(HostExitedError, match="code 3"):
        runner.run()


def test_a_stop_before_the_host_starts_is_not_lost() -> None:
    logged: list[str] = []
    runner = ServiceRunner(lambda: lambda stop: 0 if stop.is_set() else 1, logged.append)
    runner.stop()
    runner.run()
    assert logged == []


def test_a_missing_host_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ServiceSetupError, match="Cannot import the service host"):
        windows_service.load_host("guardian.no_such_module:run_service")
    with pytest.raises(ServiceSetupError, match="no callable nope"):
        windows_service.load_host("guardian.paths:nope")
