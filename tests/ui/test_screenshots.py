"""The screenshot tool writes a picture of every window (English only here, to stay quick)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tools import screenshots


def test_writes_every_window(qtbot: QtBot, tmp_path: Path) -> None:
    assert screenshots.main([str(tmp_path), "--language", "en"]) == 0
    names = {p.name for p in tmp_path.glob("*.png")}
    for expected in (
        "wizard-1-welcome-en.png",
        "wizard-6-summary-en.png",
        "settings-1-profiles-en.png",
        "settings-2-time-en.png",
        "settings-3-apps-en.png",
        "settings-4-sites-en.png",
        "settings-7-reports-en.png",
        "settings-managed-en.png",
        "settings-9-language-en.png",
        "activity-en.png",
        "my-week-en.png",
        "my-day-en.png",
        "ask-time-en.png",
        "ask-time-sent-en.png",
        "ask-time-code-en.png",
        "event-log-en.png",
        "apps-catalogue-en.png",
        "apps-running-en.png",
        "week-grid-en.png",
        "wizard-kept-rules-en.png",
        "tray-service-down-en.png",
        "settings-problems-en.png",
        "settings-requests-en.png",
        "answer-time-en.png",
        "grant-en.png",
        "grant-bedtime-en.png",
        "ask-access-en.png",
        "report-site-en.png",
    ):
        assert expected in names
    assert not any(name.endswith("-ru.png") for name in names)
    assert all(p.stat().st_size > 0 for p in tmp_path.glob("*.png"))


def test_writes_only_the_windows_asked_for(qtbot: QtBot, tmp_path: Path) -> None:
    assert screenshots.main([str(tmp_path), "--only", "tray_service_down"]) == 0
    assert {p.name for p in tmp_path.glob("*.png")} == {
        "tray-service-down-en.png",
        "tray-service-down-ru.png",
    }


def test_writes_my_day_and_the_ask_dialog_in_both_languages(qtbot: QtBot, tmp_path: Path) -> None:
    assert screenshots.main([str(tmp_path), "--only", "my_day", "--only", "ask_time"]) == 0
    assert {p.name for p in tmp_path.glob("*.png")} == {
        f"{name}-{language}.png"
        for name in ("my-day", "ask-time", "ask-time-sent", "ask-time-code")
        for language in ("en", "ru")
    }


def test_writes_the_requests_windows_in_both_languages(qtbot: QtBot, tmp_path: Path) -> None:
    assert screenshots.main([str(tmp_path), "--only", "grant", "--only", "requests"]) == 0
    assert {p.name for p in tmp_path.glob("*.png")} == {
        f"{name}-{language}.png"
        for name in ("settings-requests", "answer-time", "grant", "grant-bedtime")
        for language in ("en", "ru")
    }
    assert all(p.stat().st_size > 0 for p in tmp_path.glob("*.png"))


def test_writes_the_requests_for_access_and_site_reports(qtbot: QtBot, tmp_path: Path) -> None:
    only = ["--only", "ask_access", "--only", "report_site"]
    assert screenshots.main([str(tmp_path), *only]) == 0
    assert {p.name for p in tmp_path.glob("*.png")} == {
        f"{name}-{language}.png"
        for name in ("ask-access", "ask-access-sent", "report-site", "report-site-sent")
        for language in ("en", "ru")
    }
