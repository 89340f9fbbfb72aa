"""Choosing the language and installing Guardian's and Qt's translators."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSettings
from pytestqt.qtbot import QtBot

from ui.i18n import LANGUAGE_KEY, LANGUAGES, choose_language, install_translations


def _settings(tmp_path: Path, language: str | None) -> QSettings:
    settings = QSettings(str(tmp_path / "guardian.ini"), QSettings.Format.IniFormat)
    if language is not None:
        settings.setValue(LANGUAGE_KEY, language)
    return settings


def test_the_option_wins_then_the_saved_choice_then_the_system(tmp_path: Path) -> None:
    assert choose_language("ru", _settings(tmp_path, "en")) == "ru"
    assert choose_language(None, _settings(tmp_path, "ru")) == "ru"
    assert choose_language(None, _settings(tmp_path, "xx")) in LANGUAGES


def test_russian_installs_qt_translations_and_the_locale(qtbot: QtBot, tmp_path: Path) -> None:
    app = QCoreApplication.instance()
    assert app is not None
    assert install_translations(app, "ru", _settings(tmp_path, None)) == "ru"
    assert QLocale().language() == QLocale.Language.Russian
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Отмена"
