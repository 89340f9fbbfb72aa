"""UI test fixtures: a fake service, a started tray agent, and a fixed English locale."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from pytestqt.qtbot import QtBot

from tests.helpers.fake_api import FakeApi
from ui.tray import TrayAgent


@pytest.fixture(autouse=True)
def british_english() -> Iterator[None]:
    """Times read "07:00" whatever the machine's locale; translators installed by a test go."""
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(previous)
    app = QCoreApplication.instance()
    if app is not None:
        for translator in app.findChildren(QTranslator):
            app.removeTranslator(translator)
            translator.deleteLater()


@pytest.fixture
def api() -> FakeApi:
    """A fake service whose parent password is "secret"."""
    return FakeApi()


@pytest.fixture
def agent(qtbot: QtBot, api: FakeApi) -> Iterator[TrayAgent]:
    """A started tray agent on the fake service (offscreen: no tray, so the status window)."""
    tray_agent = TrayAgent(api)
    tray_agent.start()
    yield tray_agent
    tray_agent.close()
    tray_agent.deleteLater()
