"""`guardian-tray`: options, building the agent on an injected service, clean exits."""

from __future__ import annotations

import logging
import signal
import sys
import threading
import types
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from tests.helpers.fake_api import FakeApi
from tests.helpers.modal import enter_password, when_modal
from ui.app import EXIT_SETUP_CANCELLED, main
from ui.password import PasswordDialog
from ui.tray import TrayAgent


def test_quit_with_the_password_ends_main_cleanly(qtbot: QtBot, api: FakeApi) -> None:
    agents: list[TrayAgent] = []

    def ready(agent: TrayAgent) -> None:
        agents.append(agent)
        when_modal(PasswordDialog, lambda dialog: enter_password(dialog, "secret"))
        agent.request_quit()

    previous_hook = sys.excepthook
    previous_term = signal.getsignal(signal.SIGTERM)
    assert main(["--language", "en"], api=api, on_ready=ready) == 0
    assert agents and agents[0].status is not None
    assert not shiboken6.isValid(agents[0].status_window), "windows are deleted on the way out"
    assert api._subscribers == [], "the bridge unsubscribed"
    assert sys.excepthook is previous_hook
    assert signal.getsignal(signal.SIGTERM) is previous_term
    app = QApplication.instance()
    assert isinstance(app, QApplication) and not app.quitOnLastWindowClosed()
    assert app.applicationName() == "Guardian" and app.organizationName() == "Guardian"


def test_sigterm_inside_the_event_loop_quits(qtbot: QtBot, api: FakeApi) -> None:
    def ready(agent: TrayAgent) -> None:
        # From another thread, so that only the wakeup timer lets Python see the signal.
        threading.Timer(0.05, signal.raise_signal, (signal.SIGTERM,)).start()

    assert main([], api=api, on_ready=ready) == 128 + signal.SIGTERM


def test_exceptions_in_slots_are_logged(
    qtbot: QtBot, api: FakeApi, caplog: pytest.LogCaptureFixture
) -> None:
    def ready(agent: TrayAgent) -> None:
        QApplication.exit(0)
        raise RuntimeError("a bug in a slot")

    with caplog.at_level(logging.CRITICAL, logger="ui.app"):
        assert main([], api=api, on_ready=ready) == 0
    assert "uncaught exception" in caplog.text and "a bug in a slot" in caplog.text


def test_without_standalone_the_tray_is_a_client_that_waits_for_the_service(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """No service on the socket yet: the tray still starts, and keeps trying to connect."""
    from guardian.ipc.client import IpcClient

    seen: list[TrayAgent] = []

    def ready(agent: TrayAgent) -> None:
        seen.append(agent)
        QApplication.exit(0)

    with caplog.at_level(logging.WARNING, logger="ui.app"):
        assert main(["--socket", str(tmp_path / "none.sock")], on_ready=ready) == 0
    assert seen and isinstance(seen[0]._api, IpcClient)
    assert "not reachable" in caplog.text


def _fake_wizard(monkeypatch: pytest.MonkeyPatch, accept: bool) -> None:
    class FirstRunWizard:
        def __init__(self, api: FakeApi) -> None:
            self.api = api

        def exec(self) -> int:
            if not accept:
                return QDialog.DialogCode.Rejected
            self.api.set_password(None, "secret")
            return QDialog.DialogCode.Accepted

        def deleteLater(self) -> None:
            """Nothing to delete."""

    monkeypatch.setitem(
        sys.modules, "ui.wizard", types.SimpleNamespace(FirstRunWizard=FirstRunWizard)
    )


def test_first_run_shows_the_wizard_before_the_tray(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_wizard(monkeypatch, accept=True)
    api = FakeApi(password=None)
    assert main([], api=api, on_ready=lambda agent: QApplication.exit(0)) == 0
    assert api.has_password()


def test_cancelled_first_run_exits(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_wizard(monkeypatch, accept=False)
    assert main([], api=FakeApi(password=None)) == EXIT_SETUP_CANCELLED


def test_standalone_hosts_the_service_in_process(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[str] = []

    class ServiceHost:
        api = FakeApi()

        def start(self) -> None:
            calls.append("start")

        def stop(self) -> None:
            calls.append("stop")

    def open_standalone(data_dir: Path | None = None) -> ServiceHost:
        calls.append(f"open {data_dir}")
        return ServiceHost()

    monkeypatch.setitem(
        sys.modules, "guardian.standalone", types.SimpleNamespace(open_standalone=open_standalone)
    )
    argv = ["--standalone", "--data-dir", str(tmp_path)]
    assert main(argv, on_ready=lambda agent: QApplication.exit(0)) == 0
    assert calls == [f"open {tmp_path}", "start", "stop"]
