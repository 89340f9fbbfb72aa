"""The Russian translation is complete: every string the code shows has a finished translation."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "ui" / "translations" / "guardian_ru.ts"
QM = TS.with_suffix(".qm")
SOURCES = sorted(
    [
        *ROOT.joinpath("ui").rglob("*.py"),
        ROOT / "guardian" / "notices.py",
        *ROOT.joinpath("guardian", "reports").glob("*.py"),
    ]
)


def lupdate() -> Path:
    tool = Path(sys.executable).with_name("pyside6-lupdate")
    return tool if tool.exists() else Path(shutil.which("pyside6-lupdate") or "pyside6-lupdate")


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    found = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


def test_every_string_in_the_code_is_translated(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [str(lupdate()), *map(str, SOURCES), "-locations", "none", "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    shipped = messages(TS)
    missing = []
    for key in messages(fresh):
        done = shipped.get(key)
        translation = None if done is None else done.find("translation")
        if translation is None or translation.get("type") in {"unfinished", "vanished", "obsolete"}:
            missing.append(key)
            continue
        # Plural forms are judged by the shipped entry: lupdate releases differ in which
        # translate() calls they recognise as counted.
        if done is not None and done.get("numerus") == "yes":
            forms = [f.text or "" for f in translation.iter("numerusform")]
            if len(forms) != 3 or not all(forms):
                missing.append(key)
        elif not (translation.text or "").strip():
            missing.append(key)
    assert not missing, f"untranslated in {TS.name}: {missing}"


def test_shipped_translation_has_no_unfinished_entries() -> None:
    text = TS.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text


@pytest.mark.skipif(not QM.exists(), reason="run `make translations` to build the .qm")
def test_compiled_translation_loads_with_russian_plurals(qapp: object) -> None:
    translator = QTranslator()
    assert translator.load(str(QM))
    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("Texts", "%n min", None, 5) == "5 мин"
        assert "минут" in QCoreApplication.translate(
            "Notices", "The screen locks in %n minute(s).", None, 5
        )
        assert "минуту" in QCoreApplication.translate(
            "Notices", "The screen locks in %n minute(s).", None, 1
        )
    finally:
        QCoreApplication.removeTranslator(translator)
