"""The Windows service: Guardian's host under the Service Control Manager, and its installer.

`python -m guardian.platform.windows_service install` registers the service "Guardian" to run
as LocalSystem at boot, restarting 2 s after every failure, with a DACL that lets standard
users query it but not stop, reconfigure or delete it, lets it start in Safe Mode too, and
locks the data folder (%ProgramData%\\Guardian) to SYSTEM and Administrators. `remove`,
`start` and `stop` do what they say. Without a command the module hosts the service: that is
the command line the SCM runs, `"<python.exe>" -m guardian.platform.windows_service` or a
frozen `guardian-service.exe`.

The interpreter must be a real `python.exe` (an installed or embedded Python, or a frozen
executable), not a virtual environment's redirector: that one starts the real interpreter as a
child, and the SCM only talks to the process it started.

pywin32 is imported inside the functions, so this module imports on any OS; the tests fake
`win32service`, `win32serviceutil`, `win32security`, `servicemanager` and `pywintypes`.

The service host comes from `HOST_ENTRY_POINT`: a callable `run_service(stop) -> int` that runs
the system-install service until the `threading.Event` `stop` is set (from another thread,
possibly before its event loop has started), flushes usage, and returns an exit code.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guardian.frozen import module_command

SERVICE_NAME = "Guardian"
DISPLAY_NAME = "Guardian parental control"
DESCRIPTION = (
    "Enforces screen-time limits and app and site rules for the children's accounts on this "
    "computer. Stopping it stops enforcement; only administrators can."
)
HOST_ENTRY_POINT = "guardian.service_main:run_service"
"""`module:function` of the service host that SvcDoRun runs (see the module docstring)."""

RESET_PERIOD_SECONDS = 86400
"""The SCM forgets earlier failures after a day without one."""
RESTART_DELAY_MS = 2000
RESTART_ACTIONS = 3
"""Restart 2 s after the first, second and third failure; Windows repeats the last action for
every later failure, so the service is never left stopped."""

SERVICE_SDDL = (
    "D:"
    "(A;;CCLCSWRPWPDTLOCRRC;;;SY)"  # LocalSystem: query, start, stop, pause, control
    "(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;BA)"  # Administrators: everything
    "(A;;CCLCSWLORC;;;IU)"  # interactive users: query config and status only
    "(A;;CCLCSWLORC;;;SU)"  # service logons: the same
)
"""The service's DACL: as Windows' default, but without user-defined controls for users."""

DATA_SDDL = "D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)"
"""The data folder's DACL: SYSTEM and Administrators only, not inherited from ProgramData
(whose default lets every user read, so the child could copy the state and secrets)."""

SAFE_BOOT_KEYS = (
    rf"SYSTEM\CurrentControlSet\Control\SafeBoot\Minimal\{SERVICE_NAME}",
    rf"SYSTEM\CurrentControlSet\Control\SafeBoot\Network\{SERVICE_NAME}",
)
"""Services listed here (default value "Service") also start in Safe Mode, which any user can
reach from the sign-in screen; without them Safe Mode would be a session with no limits."""

ERROR_SERVICE_EXISTS = 1073
ERROR_SERVICE_DOES_NOT_EXIST = 1060
ERROR_SERVICE_NOT_ACTIVE = 1062
ERROR_SERVICE_ALREADY_RUNNING = 1056
STOP_TIMEOUT_SECONDS = 30.0

HostRunner = Callable[[threading.Event], int]


class ServiceSetupError(Exception):
    """Installing, removing, starting or stopping the service failed; the message says why."""


class HostExitedError(Exception):
    """The host returned without being asked to stop; raising it makes the SCM restart us."""


@dataclass(frozen=True, slots=True)
class ServiceCommand:
    """The command line the SCM runs: `executable` and its arguments, quoted for CreateService."""

    executable: str
    arguments: tuple[str, ...] = ()

    def binary_path(self) -> str:
        """`"C:\\Path\\python.exe" -m ...`: the executable always quoted (paths with spaces)."""
        parts = [f'"{self.executable}"', *(_quote(a) for a in self.arguments)]
        return " ".join(parts)


def default_command() -> ServiceCommand:
    """This interpreter running this module (`python -m`, or the frozen `guardian.exe`'s own
    way of running it)."""
    # By name: run with `-m`, this module's __name__ is "__main__".
    executable, *arguments = module_command("guardian.platform.windows_service")
    return ServiceCommand(executable, tuple(arguments))


def _quote(argument: str) -> str:
    if argument and not any(c in argument for c in ' \t"'):
        return argument
    return '"' + argument.replace('"', '\\"') + '"'


def load_host(entry_point: str = HOST_ENTRY_POINT) -> HostRunner:
    """The service host named by `module:function`; a clear error when it is missing."""
    module_name, _, function_name = entry_point.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ServiceSetupError(f"Cannot import the service host {module_name}: {exc}") from exc
    function = getattr(module, function_name, None)
    if not callable(function):
        raise ServiceSetupError(f"{module_name} has no callable {function_name}()")
    runner: HostRunner = function
    return runner


class ServiceRunner:
    """What the service does between SCM start and stop, apart from pywin32 itself.

    `run` blocks in the host until `stop` is called (from the SCM's control thread). A host
    that returns or raises on its own is a failure: `run` raises, pywin32 then reports the
    service stopped with an error code, and the failure actions restart it.
    """

    def __init__(self, host: Callable[[], HostRunner], log: Callable[[str], None]) -> None:
        self._host = host
        self._log = log
        self.stop_requested = threading.Event()

    def run(self) -> None:
        """Run the host until asked to stop; raise HostExitedError when it ends by itself."""
        code = self._host()(self.stop_requested)
        if not self.stop_requested.is_set():
            raise HostExitedError(f"the Guardian service host exited on its own with code {code}")
        if code != 0:
            self._log(f"The Guardian service host stopped with exit code {code}.")

    def stop(self) -> None:
        """Ask the host to stop; safe from any thread, before or while it runs."""
        self.stop_requested.set()


@functools.cache
def service_class() -> type[Any]:
    """The `win32serviceutil.ServiceFramework` subclass the SCM runs (needs pywin32).

    Built on first use so that this module imports where pywin32 does not exist.
    """
    import servicemanager
    import win32service
    import win32serviceutil

    def init(self: Any, args: Any) -> None:
        win32serviceutil.ServiceFramework.__init__(self, args)
        self.runner = ServiceRunner(load_host, servicemanager.LogInfoMsg)

    def svc_stop(self: Any) -> None:
        self.ReportServiceStatus(win32service.SERVICE_STOP_PENDING)
        self.runner.stop()

    def svc_do_run(self: Any) -> None:
        servicemanager.LogInfoMsg(f"{DISPLAY_NAME} is starting.")
        try:
            self.runner.run()
        except Exception as exc:
            servicemanager.LogErrorMsg(f"{DISPLAY_NAME} failed and will be restarted: {exc}")
            raise
        servicemanager.LogInfoMsg(f"{DISPLAY_NAME} stopped.")

    namespace = {
        "__doc__": "Guardian under the SCM: runs the service host until stop or shutdown.",
        "__module__": __name__,
        "_svc_name_": SERVICE_NAME,
        "_svc_display_name_": DISPLAY_NAME,
        "_svc_description_": DESCRIPTION,
        "__init__": init,
        "SvcStop": svc_stop,
        # At shutdown the host gets the same request, so usage is flushed before power-off.
        "SvcShutdown": svc_stop,
        "SvcDoRun": svc_do_run,
    }
    return type("GuardianService", (win32serviceutil.ServiceFramework,), namespace)


def failure_actions() -> dict[str, Any]:
    """The SERVICE_FAILURE_ACTIONS that ChangeServiceConfig2 takes, in pywin32's dict form."""
    import win32service

    return {
        "ResetPeriod": RESET_PERIOD_SECONDS,
        "RebootMsg": None,
        "Command": None,
        "Actions": [(win32service.SC_ACTION_RESTART, RESTART_DELAY_MS)] * RESTART_ACTIONS,
    }


def install(
    command: ServiceCommand | None = None, *, data_folder: Path | None = None, start: bool = True
) -> None:
    """Register (or update) the service, its recovery, DACL and data folder; then start it.

    Running it again updates the command line and settings in place, so deployment tools
    may run it on every push.
    """
    import pywintypes
    import win32service

    command = command or default_command()
    manager = _open_manager()
    try:
        try:
            handle = win32service.CreateService(
                manager,
                SERVICE_NAME,
                DISPLAY_NAME,
                win32service.SERVICE_ALL_ACCESS,
                win32service.SERVICE_WIN32_OWN_PROCESS,
                win32service.SERVICE_AUTO_START,
                win32service.SERVICE_ERROR_NORMAL,
                command.binary_path(),
                None,  # no load-order group
                0,  # no tag
                None,  # no dependencies
                None,  # LocalSystem
                None,  # no password
            )
        except pywintypes.error as exc:
            if exc.winerror != ERROR_SERVICE_EXISTS:
                raise ServiceSetupError(f"Cannot create the {SERVICE_NAME} service: {exc}") from exc
            handle = win32service.OpenService(
                manager, SERVICE_NAME, win32service.SERVICE_ALL_ACCESS
            )
            win32service.ChangeServiceConfig(
                handle,
                win32service.SERVICE_WIN32_OWN_PROCESS,
                win32service.SERVICE_AUTO_START,
                win32service.SERVICE_ERROR_NORMAL,
                command.binary_path(),
                None,
                0,
                None,
                None,
                None,
                DISPLAY_NAME,
            )
        try:
            configure(handle)
            register_for_safe_mode()
            secure_data_folder(data_folder or default_data_folder())
            if start:
                _start(handle)
        finally:
            win32service.CloseServiceHandle(handle)
    finally:
        win32service.CloseServiceHandle(manager)


def configure(handle: Any) -> None:
    """Description, restart on every failure (crashes and error exits), and the DACL."""
    import win32security
    import win32service

    win32service.ChangeServiceConfig2(handle, win32service.SERVICE_CONFIG_DESCRIPTION, DESCRIPTION)
    win32service.ChangeServiceConfig2(
        handle, win32service.SERVICE_CONFIG_FAILURE_ACTIONS, failure_actions()
    )
    # Also act when the service stops with a non-zero exit code, not only when it crashes.
    win32service.ChangeServiceConfig2(
        handle, win32service.SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, True
    )
    descriptor = win32security.ConvertStringSecurityDescriptorToSecurityDescriptor(
        SERVICE_SDDL, win32security.SDDL_REVISION_1
    )
    win32service.SetServiceObjectSecurity(
        handle, win32security.DACL_SECURITY_INFORMATION, descriptor
    )


def register_for_safe_mode() -> None:
    """Let the service start in Safe Mode (minimal and with networking) as well."""
    winreg = _winreg()

    for key in SAFE_BOOT_KEYS:
        with winreg.CreateKeyEx(winreg.HKEY_LOCAL_MACHINE, key, 0, winreg.KEY_SET_VALUE) as opened:
            winreg.SetValueEx(opened, "", 0, winreg.REG_SZ, "Service")


def _winreg() -> Any:
    # Imported by name: its stubs exist only for Windows, and the tests fake it on Linux.
    return importlib.import_module("winreg")


def unregister_for_safe_mode() -> None:
    """Undo `register_for_safe_mode`; keys already gone are fine."""
    winreg = _winreg()

    for key in SAFE_BOOT_KEYS:
        try:
            winreg.DeleteKey(winreg.HKEY_LOCAL_MACHINE, key)
        except FileNotFoundError:
            continue


def default_data_folder() -> Path:
    """%ProgramData%\\Guardian, holding the config and state folders (docs/architecture.md)."""
    return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "Guardian"


def secure_data_folder(folder: Path) -> None:
    """Create `folder` and give it DATA_SDDL, replacing what it inherited and had."""
    import win32security

    folder.mkdir(parents=True, exist_ok=True)
    descriptor = win32security.ConvertStringSecurityDescriptorToSecurityDescriptor(
        DATA_SDDL, win32security.SDDL_REVISION_1
    )
    dacl = descriptor.GetSecurityDescriptorDacl()
    win32security.SetNamedSecurityInfo(
        str(folder),
        win32security.SE_FILE_OBJECT,
        win32security.DACL_SECURITY_INFORMATION | win32security.PROTECTED_DACL_SECURITY_INFORMATION,
        None,
        None,
        dacl,
        None,
    )


def remove() -> None:
    """Stop the service if it runs, then delete it; the data folder stays."""
    import win32service

    manager = _open_manager()
    try:
        handle = _open_service(manager)
        try:
            _stop(handle)
            win32service.DeleteService(handle)
            unregister_for_safe_mode()
        finally:
            win32service.CloseServiceHandle(handle)
    finally:
        win32service.CloseServiceHandle(manager)


def start() -> None:
    """Start the installed service (no error when it already runs)."""
    _with_service(_start)


def stop() -> None:
    """Stop the installed service and wait until it has stopped."""
    _with_service(_stop)


def _with_service(action: Callable[[Any], None]) -> None:
    import win32service

    manager = _open_manager()
    try:
        handle = _open_service(manager)
        try:
            action(handle)
        finally:
            win32service.CloseServiceHandle(handle)
    finally:
        win32service.CloseServiceHandle(manager)


def _open_manager() -> Any:
    import pywintypes
    import win32service

    try:
        return win32service.OpenSCManager(None, None, win32service.SC_MANAGER_ALL_ACCESS)
    except pywintypes.error as exc:
        raise ServiceSetupError(
            f"Cannot open the Service Control Manager ({exc}); run this as an administrator."
        ) from exc


def _open_service(manager: Any) -> Any:
    import pywintypes
    import win32service

    try:
        return win32service.OpenService(manager, SERVICE_NAME, win32service.SERVICE_ALL_ACCESS)
    except pywintypes.error as exc:
        if exc.winerror == ERROR_SERVICE_DOES_NOT_EXIST:
            raise ServiceSetupError(f"The {SERVICE_NAME} service is not installed.") from exc
        raise ServiceSetupError(f"Cannot open the {SERVICE_NAME} service: {exc}") from exc


def _start(handle: Any) -> None:
    import pywintypes
    import win32service

    try:
        win32service.StartService(handle, None)
    except pywintypes.error as exc:
        if exc.winerror != ERROR_SERVICE_ALREADY_RUNNING:
            raise ServiceSetupError(f"Cannot start the {SERVICE_NAME} service: {exc}") from exc


def _stop(handle: Any, timeout: float = STOP_TIMEOUT_SECONDS) -> None:
    import pywintypes
    import win32service

    try:
        win32service.ControlService(handle, win32service.SERVICE_CONTROL_STOP)
    except pywintypes.error as exc:
        if exc.winerror == ERROR_SERVICE_NOT_ACTIVE:
            return
        raise ServiceSetupError(f"Cannot stop the {SERVICE_NAME} service: {exc}") from exc
    deadline = time.monotonic() + timeout
    while win32service.QueryServiceStatus(handle)[1] != win32service.SERVICE_STOPPED:
        if time.monotonic() > deadline:
            raise ServiceSetupError(f"The {SERVICE_NAME} service did not stop in {timeout:.0f} s.")
        time.sleep(0.25)


def host_under_scm() -> None:
    """Hand this process to the SCM as the Guardian service (what the service command runs)."""
    import servicemanager

    servicemanager.Initialize()
    servicemanager.PrepareToHostSingle(service_class())
    servicemanager.StartServiceCtrlDispatcher()


def main(argv: Sequence[str] | None = None) -> int:
    """`install [--no-start] [--data-folder DIR]`, `remove`, `start`, `stop`; none: host."""
    parser = argparse.ArgumentParser(
        prog="python -m guardian.platform.windows_service",
        description="Install, remove, start or stop Guardian's Windows service (as an admin).",
    )
    commands = parser.add_subparsers(dest="command")
    install_parser = commands.add_parser("install", help="register the service and start it")
    install_parser.add_argument("--no-start", action="store_true", help="do not start it now")
    install_parser.add_argument(
        "--data-folder",
        type=Path,
        help="the data folder to lock (default %%ProgramData%%\\Guardian)",
    )
    commands.add_parser("remove", help="stop and delete the service")
    commands.add_parser("start", help="start the service")
    commands.add_parser("stop", help="stop the service")
    args = parser.parse_args(argv)
    try:
        if args.command == "install":
            install(data_folder=args.data_folder, start=not args.no_start)
        elif args.command == "remove":
            remove()
        elif args.command == "start":
            start()
        elif args.command == "stop":
            stop()
        else:
            host_under_scm()
    except ImportError as exc:
        print(f"pywin32 is needed, and this runs on Windows only ({exc}).", file=sys.stderr)
        return 2
    except ServiceSetupError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
