"""`guardian-tray`: the per-session tray process; with --standalone it hosts the service too."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from guardian.api import ApiError, GuardianApi
from ui.i18n import LANGUAGES, install_translations
from ui.tray import TrayAgent

if TYPE_CHECKING:
    from guardian.standalone import ServiceHost

log = logging.getLogger(__name__)

EXIT_FAILED = 1
EXIT_SETUP_CANCELLED = 3
SIGNAL_POLL_MS = 500
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


REPORT_STARTUP_ENV = "GUARDIAN_REPORT_STARTUP"
"""Set to print "shown tray" or "shown window" on stdout when the agent first appears."""


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line; Qt's own options go through QT_* environment variables instead."""
    parser = argparse.ArgumentParser(
        prog="guardian-tray", description="Guardian's tray agent for the logged-in user."
    )
    parser.add_argument(
        "--standalone",
        action="store_true",
        help="run the Guardian service inside this process, with data in your own folders",
    )
    parser.add_argument("--language", choices=LANGUAGES, help="the language of the windows")
    parser.add_argument(
        "--data-dir", type=Path, metavar="PATH", help="where standalone mode keeps its data"
    )
    parser.add_argument(
        "--socket", metavar="PATH", help="the service's socket, when not the system one"
    )
    return parser.parse_args(argv)


def build_agent(api: GuardianApi, app: QCoreApplication, *, standalone: bool = False) -> TrayAgent:
    """The whole tray agent for `api`, started; Quit with the parent password ends `app`.
    In standalone mode the user runs Guardian and gets the parent's notices."""
    agent = TrayAgent(api, app, parent_seat=standalone)
    # exit(), not quit(): Qt 6's quit() first asks every window to close, and ours refuse.
    agent.quit_allowed.connect(lambda: app.exit(0))
    agent.start()
    if os.environ.get(REPORT_STARTUP_ENV):
        # For benchmarks and tests: say on stdout once the first frame is on screen.
        QTimer.singleShot(0, lambda: _report_shown(agent))
    return agent


def _report_shown(agent: TrayAgent) -> None:
    where = "tray" if agent.tray.isVisible() else "window"
    print(f"shown {where}", flush=True)


def main(
    argv: list[str] | None = None,
    *,
    api: GuardianApi | None = None,
    on_ready: Callable[[TrayAgent], None] | None = None,
) -> int:
    """Run the tray agent until it is quit; the exit code.

    `api` replaces the service connection and `on_ready` is called once the event loop runs
    (both for tests).
    """
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)
    app.setApplicationName("Guardian")
    app.setOrganizationName("Guardian")
    language = install_translations(app, args.language)
    log.info("guardian-tray starting in %s", language)

    host: ServiceHost | None = None
    if api is None and not args.standalone:
        api = _connect(args.socket)
    if api is None:
        from guardian.standalone import open_standalone

        try:
            host = open_standalone(args.data_dir)
        except OSError as error:
            sys.stderr.write(f"guardian-tray: cannot open the standalone data: {error}\n")
            return EXIT_FAILED
        host.start()
        api = host.api
    try:
        with _quit_on_signals(app), _log_uncaught():
            return _run(app, api, on_ready, standalone=host is not None)
    finally:
        if host is not None:
            host.stop()


def _connect(socket_path: str | None) -> GuardianApi:
    """A client of the system service; it keeps reconnecting while the service is away."""
    from guardian.ipc.client import IpcClient

    client = IpcClient(socket_path, role="tray")
    if not client.connect_to_service():
        log.warning("the Guardian service is not reachable yet; retrying in the background")
    return client


def _needs_first_run(api: GuardianApi) -> bool:
    try:
        return not api.has_password()
    except ApiError as error:
        # The system service is not up yet: the tray starts and shows that; setup waits.
        log.warning("cannot ask the service about the password: %s", error)
        return False


def _run(
    app: QApplication,
    api: GuardianApi,
    on_ready: Callable[[TrayAgent], None] | None,
    *,
    standalone: bool = False,
) -> int:
    adult_needed = False
    if _needs_first_run(api):
        if standalone or _may_set_up():
            if not _first_run(api):
                log.info("first-run setup was cancelled; nothing to guard yet")
                return EXIT_SETUP_CANCELLED
        else:
            # The service would refuse this account's password: the first one to open the
            # tray on a new machine may be a child.
            log.info("not set up, and this account is not an administrator: setup not offered")
            adult_needed = True
    agent = build_agent(api, app, standalone=standalone)
    if adult_needed:
        agent.ask_for_an_adult()
    if on_ready is not None:
        QTimer.singleShot(0, lambda: on_ready(agent))
    code = app.exec()
    agent.close()
    agent.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return code


def _may_set_up() -> bool:
    """Whether this account may set Guardian up (an OS administrator); False when unknown."""
    from guardian.platform import current_account_is_admin

    return current_account_is_admin()


def _first_run(api: GuardianApi) -> bool:
    """The parent sets the password and policy before the child sees anything; False: cancelled."""
    from ui.wizard import FirstRunWizard

    wizard = FirstRunWizard(api)
    try:
        return bool(wizard.exec() == QDialog.DialogCode.Accepted)
    finally:
        wizard.deleteLater()


@contextlib.contextmanager
def _quit_on_signals(app: QCoreApplication) -> Iterator[None]:
    """SIGINT and SIGTERM end the event loop cleanly, with exit code 128 + the signal number."""

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        log.info("%s received; quitting", signal.Signals(signum).name)
        app.exit(128 + signum)

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    # Python runs signal handlers only when it gets control back from Qt: a timer gives it that.
    wakeup = QTimer(app)
    wakeup.setObjectName("signal-wakeup")
    wakeup.setInterval(SIGNAL_POLL_MS)
    wakeup.timeout.connect(lambda: None)
    wakeup.start()
    try:
        yield
    finally:
        wakeup.stop()
        wakeup.deleteLater()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def _log_uncaught() -> Iterator[None]:
    """Log exceptions that escape a slot, so the tray never dies or errs without a trace."""
    previous = sys.excepthook

    def hook(
        kind: type[BaseException], error: BaseException, traceback: TracebackType | None
    ) -> None:
        log.critical("uncaught exception", exc_info=(kind, error, traceback))

    sys.excepthook = hook
    try:
        yield
    finally:
        sys.excepthook = previous


if __name__ == "__main__":
    sys.exit(main())
