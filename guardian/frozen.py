"""The command lines of Guardian's own child processes, installed from source or frozen.

The service starts the site filter (`guardian.dns`) and the summary writer, mailer and planner
(`guardian.reports.*`) as child processes, and the writer starts the PDF renderer
(`ui.report_pdf`). From a Python installation each is `python -m <module>`. The packages ship
Guardian frozen by PyInstaller: `sys.executable` is then `guardian` or `guardian-tray` itself
and there is no `-m`, so the same module runs as `<executable> __run-module <module> …`, which
the frozen programs' entry points hand to `dispatch()` before anything else.

Only the modules Guardian runs as children may be run that way: a frozen `guardian` is not a
general Python interpreter.
"""

from __future__ import annotations

import runpy
import sys
from collections.abc import Sequence

RUN_MODULE = "__run-module"
"""The hidden first argument of a frozen executable that runs one of `CHILD_MODULES`."""

CHILD_MODULES = frozenset(
    {
        "guardian.dns",
        "guardian.reports.write",
        "guardian.reports.mail",
        "guardian.reports.schedule",
        "guardian.platform.windows_service",
        "ui.report_pdf",
    }
)
"""Every module Guardian runs in a child process (the freeze bundles each of them)."""

EXIT_USAGE = 2


def is_frozen() -> bool:
    """Whether this process is a frozen Guardian executable (PyInstaller sets `sys.frozen`)."""
    return bool(getattr(sys, "frozen", False))


def module_command(module: str, *, frozen: bool | None = None) -> tuple[str, ...]:
    """The command that runs `module` as a program with this installation's Python.

    `(sys.executable, "-m", module)`, or `(sys.executable, "__run-module", module)` when frozen;
    arguments for the module follow. `frozen` overrides the detection (for tests).
    """
    if module not in CHILD_MODULES:
        raise ValueError(f"{module!r} is not one of Guardian's child modules")
    if is_frozen() if frozen is None else frozen:
        return (sys.executable, RUN_MODULE, module)
    return (sys.executable, "-m", module)


def dispatch(argv: Sequence[str] | None = None) -> int | None:
    """Run the child module that `argv` names after `__run-module`, as `python -m` would.

    Returns None when `argv` (default `sys.argv`) does not ask for a module, so the entry point
    goes on with the program itself; else the module's exit code. An unknown or missing module
    name is refused with exit code 2 and a message on stderr.
    """
    args = list(sys.argv if argv is None else argv)
    if len(args) < 2 or args[1] != RUN_MODULE:
        return None
    if len(args) < 3:
        sys.stderr.write(f"{RUN_MODULE}: a module name is missing\n")
        return EXIT_USAGE
    module = args[2]
    if module not in CHILD_MODULES:
        sys.stderr.write(f"{RUN_MODULE}: {module!r} is not one of Guardian's child modules\n")
        return EXIT_USAGE
    # As `python -m`: argv[0] names the module and its own arguments follow.
    sys.argv = [module, *args[3:]]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        return _exit_code(exc.code)
    return 0


def _exit_code(code: object) -> int:
    """The process exit status `sys.exit(code)` gives (a message goes to stderr, status 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1
