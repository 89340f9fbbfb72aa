"""The Weekly summary page of the settings (schedule, folder, formats, mail, the test message,
the service's status) and the tray's notice when summaries are ready."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings, Qt, QTime, QTranslator, QUrl
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from guardian.api import Event, EventKind, InvalidRequest
from rules.reports import MailSecurity, MailSettings, ReportFormat, ReportLanguage, Reports
from rules.timeofday import Weekday
from tests.helpers.fake_api import FakeApi, sample_status
from ui import tray as tray_module
from ui.i18n import TRANSLATIONS_DIR
from ui.policy_draft import PolicyDraft, new_reports_data
from ui.reports_page import ReportsPage, mail_outcome_text, status_lines
from ui.settings import SettingsDialog
from ui.tray import TrayAgent

REASONS = ("connect", "tls", "auth", "refused", "timeout", "no_password")
MAIL = MailSettings(
    host="smtp.example.com",
    port=587,
    security=MailSecurity.STARTTLS,
    username="parent@example.com",
    recipients=("parent@example.com",),
)


@pytest.fixture(params=["en", "ru"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    translator = QTranslator(QCoreApplication.instance())
    if not translator.load(f"guardian_{request.param}", str(TRANSLATIONS_DIR)):
        pytest.skip("run `make translations` to build the .qm")
    QCoreApplication.installTranslator(translator)
    if request.param == "ru":
        QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    yield request.param


@pytest.fixture
def store(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "guardian.ini"), QSettings.Format.IniFormat)


class Service:
    """The reports feature's methods, answered as the service would."""

    def __init__(self, api: FakeApi) -> None:
        self.passwords: list[str] = []
        self.tests = 0
        self.status: dict[str, Any] = {
            "next_run": "2026-12-06T18:00:00+03:00",
            "last_run": "2026-11-29T18:00:02+03:00",
            "folder": "/srv/reports",
            "written": ["/srv/reports/a.html", "/srv/reports/a.pdf"],
            "outbox": 2,
            "error": None,
            "mail_password_set": False,
        }
        api.handlers["reports.status"] = lambda _p: dict(self.status)
        api.handlers["reports.set_mail_password"] = self._password
        api.handlers["reports.test_mail"] = self._test

    def _password(self, params: dict[str, Any]) -> None:
        self.passwords.append(params["password"])
        self.status["mail_password_set"] = bool(params["password"])

    def _test(self, _params: dict[str, Any]) -> dict[str, str]:
        self.tests += 1
        return {"id": f"m{self.tests}"}


@pytest.fixture
def service(api: FakeApi) -> Service:
    return Service(api)


def open_page(qtbot: QtBot, api: FakeApi, store: QSettings) -> tuple[SettingsDialog, ReportsPage]:
    dialog = SettingsDialog(api, api.login("secret"), settings=store)
    qtbot.addWidget(dialog)
    dialog.show()
    titles = [dialog.pages.item(i).text() for i in range(dialog.pages.count())]
    row = titles.index(dialog.tr("Weekly summary"))
    assert titles[row + 1] == dialog.tr("Security")
    dialog.pages.setCurrentRow(row)
    assert dialog.stack.currentWidget().widget() is dialog.reports_page  # type: ignore[attr-defined]
    return dialog, dialog.reports_page


def with_reports(api: FakeApi, reports: Reports) -> None:
    api.policy = msgspec.structs.replace(api.policy, reports=reports)


def test_the_page_shows_the_saved_settings(
    qtbot: QtBot, api: FakeApi, service: Service, store: QSettings, language: str
) -> None:
    with_reports(
        api,
        Reports(
            weekday=Weekday.FRI,
            time="19:30",
            folder="/srv/reports",
            keep_weeks=30,
            formats=(ReportFormat.PDF, ReportFormat.CSV),
            language=ReportLanguage.RU,
            week_starts=Weekday.SUN,
            mail=MAIL,
        ),
    )
    _, page = open_page(qtbot, api, store)
    assert page.weekday_box.currentData() == Weekday.FRI
    assert page.time_edit.time() == QTime(19, 30)
    assert page.folder_edit.text() == "/srv/reports"
    assert page.keep_spin.value() == 30
    assert {c for c, box in page.format_checks.items() if box.isChecked()} == {
        ReportFormat.PDF,
        ReportFormat.CSV,
    }
    assert page.language_box.currentData() == ReportLanguage.RU
    assert page.week_starts_box.currentData() == Weekday.SUN
    assert page.mail_check.isChecked() and page.host_edit.isEnabled()
    assert page.recipients_edit.text() == "parent@example.com"
    assert page.weekday_box.currentText() == QLocale().standaloneDayName(5).capitalize()


def test_edits_round_trip_into_the_policy(
    qtbot: QtBot, api: FakeApi, service: Service, store: QSettings, tmp_path: Path
) -> None:
    dialog, page = open_page(qtbot, api, store)
    page.weekday_box.setCurrentIndex(page.weekday_box.findData(Weekday.SAT))
    page.time_edit.setTime(QTime(7, 5))
    page.keep_spin.setValue(4)
    page.format_checks[ReportFormat.PDF].setChecked(False)
    page.format_checks[ReportFormat.JSON].setChecked(False)
    page.language_box.setCurrentIndex(page.language_box.findData(ReportLanguage.RU))
    page.week_starts_box.setCurrentIndex(page.week_starts_box.findData(Weekday.SUN))
    original = QFileDialog.getExistingDirectory
    QFileDialog.getExistingDirectory = staticmethod(  # type: ignore[method-assign]
        lambda *_a, **_k: str(tmp_path)
    )
    try:
        page.browse_button.click()
    finally:
        QFileDialog.getExistingDirectory = original  # type: ignore[method-assign]
    page.mail_check.setChecked(True)
    page.host_edit.setText("mail.example.org")
    page.host_edit.textEdited.emit("mail.example.org")
    page.security_box.setCurrentIndex(page.security_box.findData(MailSecurity.TLS))
    assert page.port_spin.value() == 465
    page.username_edit.setText("mum")
    page.username_edit.textEdited.emit("mum")
    page.sender_edit.setText("mum@example.org")
    page.sender_edit.textEdited.emit("mum@example.org")
    page.recipients_edit.setText("mum@example.org; dad@example.org")
    page.recipients_edit.textEdited.emit("mum@example.org; dad@example.org")

    assert dialog.apply()
    assert api.policy.reports == Reports(
        enabled=True,
        weekday=Weekday.SAT,
        time="07:05",
        folder=str(tmp_path),
        keep_weeks=4,
        formats=(ReportFormat.HTML, ReportFormat.CSV),
        language=ReportLanguage.RU,
        week_starts=Weekday.SUN,
        mail=MailSettings(
            host="mail.example.org",
            port=465,
            security=MailSecurity.TLS,
            username="mum",
            sender="mum@example.org",
            recipients=("mum@example.org", "dad@example.org"),
        ),
    )
    page.mail_check.setChecked(False)
    page.enabled_check.setChecked(False)
    assert dialog.apply()
    assert api.policy.reports.mail is None and not api.policy.reports.enabled


def test_saving_untouched_settings_keeps_them(
    qtbot: QtBot, api: FakeApi, service: Service, store: QSettings
) -> None:
    with_reports(api, Reports(folder="/srv/r", mail=MAIL, week_starts=Weekday.SUN))
    before = api.policy
    assert PolicyDraft.of(before).build() == before
    dialog, _ = open_page(qtbot, api, store)
    assert dialog.apply()
    assert api.policy == before


def test_every_problem_is_shown_at_once(
    qtbot: QtBot, api: FakeApi, service: Service, store: QSettings, language: str
) -> None:
    dialog, page = open_page(qtbot, api, store)
    before = api.policy
    for box in page.format_checks.values():
        box.setChecked(False)
    page.mail_check.setChecked(True)
    page.host_edit.setText("smtp.example.com")
    page.recipients_edit.setText("not-an-address")
    page.recipients_edit.textEdited.emit("not-an-address")
    assert not dialog.apply()
    box = dialog.findChild(QMessageBox, "settings-error")
    assert box is not None and box.isVisible()
    lines = box.informativeText().splitlines()
    assert len(lines) == 2
    if language == "en":
        assert lines[0].startswith("Weekly summary, Formats: ")
        assert lines[1] == (
            "Weekly summary, E-mail, Recipients: 'not-an-address' is not an e-mail address"
        )
    else:
        assert lines[0].startswith("Недельная сводка, Форматы: ")
    assert api.policy == before


def test_the_status_of_the_summaries_is_shown(
    qtbot: QtBot, api: FakeApi, service: Service, store: QSettings
) -> None:
    _, page = open_page(qtbot, api, store)
    lines = page.status_label.text().splitlines()
    when = QLocale().toString(
        QLocale().toDateTime("2026-12-06 18:00", "yyyy-MM-dd HH:mm"),
        QLocale.FormatType.ShortFormat,
    )
    assert lines[0] == f"Next summary: {when}"
    assert lines[1].endswith("into /srv/reports (files: 2)")
    assert lines[2] == "Messages waiting to be sent: 2"
    assert page.password_state.text() == "No mail password is stored."


def test_a_folder_holding_place_marks_is_shown_as_named() -> None:
    status = {"last_run": "2026-12-06T18:00:00+03:00", "written": ["a", "b"], "folder": "/x/%1%2"}
    assert status_lines(status)[1].endswith("into /x/%1%2 (files: 2)")


def test_the_status_and_the_test_outcome_are_plain_text(
    qtbot: QtBot, api: FakeApi, service: Service, store: QSettings
) -> None:
    """A folder or a service's error holding "<b>" is shown as written."""
    _, page = open_page(qtbot, api, store)
    assert page.status_label.textFormat() == Qt.TextFormat.PlainText
    assert page.test_result.textFormat() == Qt.TextFormat.PlainText


def test_a_missing_reports_feature_is_told_plainly(
    qtbot: QtBot, api: FakeApi, store: QSettings
) -> None:
    _, page = open_page(qtbot, api, store)
    assert page.status_label.text() == (
        "This computer's Guardian does not say when summaries are written."
    )


def test_the_mail_password_goes_to_the_service(
    qtbot: QtBot, api: FakeApi, service: Service, store: QSettings
) -> None:
    _, page = open_page(qtbot, api, store)
    page.password_button.click()
    assert service.passwords == []
    assert page.password_state.text() == "Type the password first."
    page.password_edit.setText("app-password")
    page.password_button.click()
    assert service.passwords == ["app-password"]
    assert page.password_edit.text() == ""
    assert page.password_state.text() == "The mail password was stored."
    page.clear_password_button.click()
    assert service.passwords == ["app-password", ""]
    assert ("reports.set_mail_password", {"token": page._dialog.token, "password": ""}) in (
        api.calls
    )


@pytest.mark.parametrize("reason", REASONS)
def test_each_mail_failure_reads_as_advice(reason: str, language: str) -> None:
    text = mail_outcome_text(False, reason)
    # Not the code itself, as an unknown reason is shown.
    assert text != mail_outcome_text(False, "a-code-nobody-knows").replace(
        "a-code-nobody-knows", reason
    )
    others = {mail_outcome_text(False, r) for r in REASONS if r != reason}
    assert text not in others
    if language == "ru":
        assert text.startswith("Тестовое письмо не отправлено: ")
    else:
        assert text.startswith("The test message was not sent: ")


def test_send_a_test_tells_the_outcome_of_its_own_message(
    qtbot: QtBot, api: FakeApi, service: Service, store: QSettings, language: str
) -> None:
    with_reports(api, Reports(mail=MAIL))
    _, page = open_page(qtbot, api, store)
    page.test_button.click()
    assert service.tests == 1 and not page.test_button.isEnabled()
    api.push(Event("report_mail", {"id": "other", "ok": True, "reason": None}))  # type: ignore[arg-type]
    assert not page.test_button.isEnabled()
    api.push(Event("report_mail", {"id": "m1", "ok": False, "reason": "auth"}))  # type: ignore[arg-type]
    assert page.test_button.isEnabled()
    assert page.test_result.text() == mail_outcome_text(False, "auth")
    if language == "en":
        assert page.test_result.text() == (
            "The test message was not sent: the server refused the user name or password. "
            "Check them; some providers need an app password."
        )
    page.test_button.click()
    api.push(Event("report_mail", {"id": "m2", "ok": True, "reason": None}))  # type: ignore[arg-type]
    assert page.test_result.text() == mail_outcome_text(True, "")


def test_an_outcome_told_before_the_id_returns_is_shown(
    qtbot: QtBot, api: FakeApi, service: Service, store: QSettings
) -> None:
    """Without a stored password the service says "no_password" while it is still answering."""

    def at_once(_params: dict[str, Any]) -> dict[str, str]:
        api.push(Event("report_mail", {"id": "t9", "ok": False, "reason": "no_password"}))  # type: ignore[arg-type]
        return {"id": "t9"}

    with_reports(api, Reports(mail=MAIL))
    api.handlers["reports.test_mail"] = at_once
    _, page = open_page(qtbot, api, store)
    page.test_button.click()
    assert page.test_button.isEnabled()
    assert page.test_result.text() == mail_outcome_text(False, "no_password")
    assert "no mail password is set" in page.test_result.text()


def test_a_test_waits_for_the_settings_to_be_saved(
    qtbot: QtBot, api: FakeApi, service: Service, store: QSettings
) -> None:
    _, page = open_page(qtbot, api, store)
    page.test_button.click()
    assert service.tests == 0
    assert page.test_result.text() == (
        "Turn e-mail on and apply the settings before sending a test."
    )
    with_reports(api, Reports(mail=MAIL))
    _, page = open_page(qtbot, api, store)
    page.port_spin.setValue(2525)
    page.test_button.click()
    assert service.tests == 0
    assert page.test_result.text().startswith("Apply the settings first")


def test_a_new_policy_takes_the_week_and_language_of_the_locale(qapp: QApplication) -> None:
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    # Written on the morning a week starts, so the summary covers the whole week just ended.
    assert new_reports_data() == {
        "week_starts": Weekday.SUN,
        "weekday": Weekday.SUN,
        "language": ReportLanguage.EN,
    }
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    assert new_reports_data() == {
        "week_starts": Weekday.MON,
        "weekday": Weekday.MON,
        "language": ReportLanguage.RU,
    }


# The notice ---------------------------------------------------------------------------------


def ready(folder: str, profiles: list[str], names: dict[str, str] | None = None) -> Event:
    data: dict[str, Any] = {"week": "2026-W49", "profiles": profiles, "folder": folder}
    if names is not None:
        data["names"] = names
    return Event("report_ready", data)  # type: ignore[arg-type]


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """Folders the desktop was asked to open."""
    urls: list[QUrl] = []

    class Desktop:
        @staticmethod
        def openUrl(url: QUrl) -> bool:
            urls.append(url)
            return True

    monkeypatch.setattr(tray_module, "QDesktopServices", Desktop)
    return urls


def test_a_parent_is_told_and_can_open_the_folder(
    qtbot: QtBot, api: FakeApi, opened: list[QUrl], tmp_path: Path, language: str
) -> None:
    api.current = sample_status(account="parent", restricted=False, profile_id=None)
    agent = TrayAgent(api)
    agent.start()
    try:
        with qtbot.waitSignal(agent.notified) as told:
            api.push(ready(str(tmp_path), ["anna"], {"anna": "Anna"}))
        title, text = told.args
        if language == "en":
            assert (title, text) == ("Weekly summary", "This week's summary for Anna is ready.")
        else:
            assert text == "Сводка за неделю для профиля Anna готова."
        agent.tray.messageClicked.emit()
        assert opened == [QUrl.fromLocalFile(str(tmp_path))]
        with qtbot.waitSignal(agent.notified) as told:
            api.push(ready(str(tmp_path), ["anna", "max"], {"anna": "Anna", "max": "Max"}))
        if language == "en":
            assert told.args[1] == "This week's summaries for Anna and Max are ready."
        agent.apply(api.current)
        from PySide6.QtWidgets import QMenu

        menu = QMenu()
        agent.fill_menu(menu)
        entry = next(
            a for a in menu.actions() if a.text() == agent.tr("Open the weekly summaries folder")
        )
        entry.trigger()
        assert len(opened) == 2
    finally:
        agent.close()


def test_a_child_is_not_told(qtbot: QtBot, api: FakeApi, opened: list[QUrl]) -> None:
    agent = TrayAgent(api)
    agent.start()
    try:
        told: list[tuple[str, str]] = []
        agent.notified.connect(lambda title, text: told.append((title, text)))
        api.push(ready("/srv/reports", ["child"], {"child": "Child"}))
        assert told == []
        agent.tray.messageClicked.emit()
        assert opened == []
    finally:
        agent.close()


def test_standalone_mode_tells_its_user_and_names_profiles_by_id_without_names(
    qtbot: QtBot, api: FakeApi, opened: list[QUrl]
) -> None:
    agent = TrayAgent(api, parent_seat=True)
    agent.start()
    try:
        with qtbot.waitSignal(agent.notified) as told:
            api.push(ready("/srv/reports", ["child"]))
        assert told.args[1] == "This week's summary for child is ready."
    finally:
        agent.close()


def test_a_later_notice_does_not_open_the_folder(
    qtbot: QtBot, api: FakeApi, opened: list[QUrl]
) -> None:
    api.current = sample_status(account="parent", restricted=False, profile_id=None)
    agent = TrayAgent(api)
    agent.start()
    try:
        api.push(ready("/srv/reports", ["anna"], {"anna": "Anna"}))
        api.push(Event(EventKind.PROBLEM, {"code": "admin_child"}))
        agent.tray.messageClicked.emit()
        assert opened == []
    finally:
        agent.close()


def test_unknown_request_from_an_old_service_is_not_raw(
    qtbot: QtBot, api: FakeApi, store: QSettings
) -> None:
    def refuse(_params: dict[str, Any]) -> Any:
        raise InvalidRequest("unknown method reports.test_mail")

    with_reports(api, Reports(mail=MAIL))
    api.handlers["reports.test_mail"] = refuse
    _, page = open_page(qtbot, api, store)
    page.test_button.click()
    assert "unknown method" not in page.test_result.text()
    assert page.test_result.text() == "The test could not be started. Try again in a moment."
