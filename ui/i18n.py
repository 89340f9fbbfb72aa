"""Which language the UI speaks, and loading its translations (Guardian's and Qt's own)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

log = logging.getLogger(__name__)

LANGUAGES = ("en", "ru")
"""Languages Guardian ships; the first is the language of the source strings."""
LANGUAGE_KEY = "language"
"""QSettings key where the user's choice of language is saved."""
TRANSLATIONS_DIR = Path(__file__).with_name("translations")


def choose_language(override: str | None = None, settings: QSettings | None = None) -> str:
    """The language to use: `override`, else the saved choice, else the system's, else English."""
    if override is not None and override in LANGUAGES:
        return override
    saved = (settings or QSettings()).value(LANGUAGE_KEY, "", str)
    if saved in LANGUAGES:
        return str(saved)
    for name in QLocale.system().uiLanguages():
        code = QLocale(name).name().split("_")[0]
        if code in LANGUAGES:
            return code
    return LANGUAGES[0]


def install_translations(
    app: QCoreApplication, override: str | None = None, settings: QSettings | None = None
) -> str:
    """Install Guardian's and Qt's translators for the chosen language; return the language.

    The translators are children of `app`. A missing file is not an error: the strings stay
    in English.
    """
    language = choose_language(override, settings)
    # Keep the system's own formats (en_GB, ru_RU...) unless another language was chosen.
    if QLocale.system().language() != QLocale(language).language():
        QLocale.setDefault(QLocale(language))
    sources = (
        (f"guardian_{language}", TRANSLATIONS_DIR),
        (f"qtbase_{language}", Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))),
    )
    for name, folder in sources:
        translator = QTranslator(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
        else:
            log.info("no translation %s in %s", name, folder)
            translator.deleteLater()
    return language
