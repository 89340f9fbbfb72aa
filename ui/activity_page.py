"""The parent's Activity window: a profile's week at a glance, and the child's "My week".

Today's screen time against the day's limit, the week's total and its change from the week
before, charts of time by day, hour, app and kind of app, and tables of blocked sites and apps,
requests, tampering and settings changes. Weeks are read from the service's weekly summary
(`reports.week`); the parent steps back and forth through them and saves one as HTML, PDF,
CSV or JSON with the same writer the service uses (`python -m guardian.reports.write`).

The parent's window is read-only, behind the parent password. The same window shows a child
their own week (`reports.mine`, no password: the service takes the profile from the child's
OS account): the figures, charts, week navigation, blocked sites and apps, requests and bonus
time, in words addressed to the child, without the profile choice, saving, the event log,
tampering or settings changes.

QtCharts and the summary model load only when the window is first opened, never with the tray.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QProcess, Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from guardian.api import ApiError, AuthRequired, GuardianApi, InvalidRequest
from guardian.frozen import module_command
from guardian.ipc.protocol import ServiceUnavailable
from guardian.placeholders import fill
from ui.event_texts import answer_text, app_reason, event_text, moment_text
from ui.parent_session import ParentSession
from ui.texts import ERROR_STYLE, api_error_text, category_name, format_duration, hour_text

if TYPE_CHECKING:
    from PySide6.QtCharts import QChart, QChartView

    from guardian.reports.model import Event, Events, WeekSummary
    from ui.event_log import EventLogWindow

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

TOP_APPS = 10
WEEK_METHOD = "reports.week"
OWN_WEEK_METHOD = "reports.mine"
WRITER_COMMAND = module_command("guardian.reports.write")
"""The summary writer the service uses, run as a child process."""
FORMATS = ("html", "pdf", "csv", "json")
BAR_COLOR = "#3f72af"
BUDGET_COLOR = "#c0392b"


@dataclass(frozen=True, slots=True)
class ChartData:
    """What the charts show, in minutes: per day (with the day's limit), per hour of the day
    over the week, the most used apps and the kinds of apps."""

    days: tuple[tuple[date, float, float | None], ...]
    hours: tuple[float, ...]
    apps: tuple[tuple[str, float], ...]
    categories: tuple[tuple[str, float], ...]


def chart_data(summary: WeekSummary) -> ChartData:
    """The charts' figures from a summary: minutes, the apps' top TOP_APPS."""
    days = tuple(
        (row.day, row.seconds / 60, None if row.budget is None else row.budget / 60)
        for row in summary.days
    )
    hours = tuple(sum(row.hours[h] for row in summary.days) / 60 for h in range(24))
    apps = tuple((row.name, row.seconds / 60) for row in summary.apps[:TOP_APPS])
    categories = tuple(
        (category_name(row.category), row.seconds / 60) for row in summary.categories
    )
    return ChartData(days, hours, apps, categories)


def date_text(day: date, long: bool = False) -> str:
    """A date in the reader's locale."""
    kind = QLocale.FormatType.LongFormat if long else QLocale.FormatType.ShortFormat
    return QLocale().toString(QDate(day.year, day.month, day.day), kind)


def week_range_text(first: date, last: date) -> str:
    """A week's dates, e.g. "30/11/2026 – 06/12/2026"."""
    return f"{date_text(first)} – {date_text(last)}"


def summary_today(summary: WeekSummary) -> date:
    """Today in the zone the summary counts days in."""
    try:
        return datetime.now(ZoneInfo(summary.timezone)).date()
    except (KeyError, ValueError):
        return date.today()


class OwnWeeks:
    """Where a child's "My week" reads from: `reports.mine` as the child's own account, with no
    token. The service picks the profile from the account and refuses one no profile
    restricts, so a child can read no other week than their own."""

    def __init__(self, api: GuardianApi) -> None:
        self.api = api

    def read(self, week: str | None) -> Any:
        """The caller's week as plain data (None: the current week)."""
        return self.api.call(OWN_WEEK_METHOD, {"week": week})


class ActivityWindow(QWidget):
    """A profile's week: the figures, charts and tables of its weekly summary.

    With a `ParentSession` it is the parent's Activity window (any profile's week, saving, the
    event log); with `OwnWeeks` it is a child's "My week" (their own week only, see the module).
    `today` says which day is today for a summary (the policy's zone by default); the writer
    command can be replaced (tests run a small script speaking the writer's protocol).
    """

    def __init__(
        self,
        source: ParentSession | OwnWeeks,
        parent: QWidget | None = None,
        *,
        today: Callable[[WeekSummary], date] = summary_today,
        writer_command: Sequence[str] = WRITER_COMMAND,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._session = source if isinstance(source, ParentSession) else None
        self._own = source if isinstance(source, OwnWeeks) else None
        self._today = today
        self.writer_command = tuple(writer_command)
        self._week: str | None = None
        self._summary: WeekSummary | None = None
        self._export: QProcess | None = None
        self._export_folder: Path | None = None
        self._log: EventLogWindow | None = None
        parent_mode = self._session is not None
        self.setWindowTitle(self.tr("Activity") if parent_mode else self.tr("My week"))

        # The parent's controls; a child's window has none of them.
        self.profile_box: QComboBox | None = None
        self.log_button: QPushButton | None = None
        self.tamper_table: QTableWidget | None = None
        self.changes_table: QTableWidget | None = None
        self.export_buttons: dict[str, QPushButton] = {}

        header = QHBoxLayout()
        if parent_mode:
            self.profile_box = QComboBox()
            self.profile_box.setAccessibleName(self.tr("Profile"))
            self.profile_box.currentIndexChanged.connect(self._on_profile)
            profile_label = QLabel(self.tr("&Profile:"))
            profile_label.setBuddy(self.profile_box)
            header.addWidget(profile_label)
            header.addWidget(self.profile_box)
            header.addSpacing(16)
        self.previous_button = QPushButton(self.tr("◀ Previous week"))
        self.previous_button.clicked.connect(self.show_previous)
        self.current_button = QPushButton(self.tr("This week"))
        self.current_button.clicked.connect(self.show_current)
        self.next_button = QPushButton(self.tr("Next week ▶"))
        self.next_button.clicked.connect(self.show_next)
        self.week_label = QLabel()
        self.week_label.setObjectName("activity-week")
        header.addWidget(self.previous_button)
        header.addWidget(self.current_button)
        header.addWidget(self.next_button)
        header.addWidget(self.week_label)
        header.addStretch()
        if parent_mode:
            self.log_button = QPushButton(self.tr("Event log…"))
            self.log_button.clicked.connect(self.open_event_log)
            header.addWidget(self.log_button)

        self.message = QLabel()
        self.message.setObjectName("activity-message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.today_label = QLabel()
        self.today_label.setObjectName("activity-today")
        self.today_label.setWordWrap(True)
        self.week_total_label = QLabel()
        self.week_total_label.setObjectName("activity-total")
        self.week_total_label.setWordWrap(True)
        self.week_total_label.setTextFormat(Qt.TextFormat.PlainText)
        self.change_label = QLabel()
        self.change_label.setObjectName("activity-change")
        self.change_label.setWordWrap(True)
        figures = QGroupBox(self.tr("At a glance"))
        figures_layout = QVBoxLayout(figures)
        for label in (self.today_label, self.week_total_label, self.change_label):
            figures_layout.addWidget(label)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._charts_tab(), self.tr("Charts"))
        self.sites_table = self._table([self.tr("Site"), self.tr("Times blocked"), self.tr("Why")])
        self.apps_table = self._table(
            [self.tr("When"), self.tr("Account"), self.tr("App"), self.tr("Why")]
        )
        self.requests_table = self._table([self.tr("When"), self.tr("What happened")])
        self.reports_table = self._table(
            [
                self.tr("When"),
                self.tr("Account"),
                self.tr("Site"),
                self.tr("Message"),
                self.tr("Now"),
            ]
        )
        self.reports_table.setAccessibleName(self.tr("Sites reported by the child"))
        self.report_message = QLabel()
        self.report_message.setObjectName("activity-report-message")
        self.report_message.setWordWrap(True)
        self.report_message.setTextFormat(Qt.TextFormat.PlainText)
        self.report_message.hide()
        reports_tab = QWidget()
        reports_layout = QVBoxLayout(reports_tab)
        reports_layout.addWidget(self.reports_table, 1)
        reports_layout.addWidget(self.report_message)
        self.block_buttons: dict[str, QPushButton] = {}
        """The "Block it" button of each reported site not blocked yet, by request id."""
        for table, title in (
            (self.sites_table, self.tr("Blocked sites")),
            (self.apps_table, self.tr("Blocked apps")),
            (self.requests_table, self.tr("Requests and bonus time")),
            (
                reports_tab,
                self.tr("Reported sites") if parent_mode else self.tr("Sites you told us about"),
            ),
        ):
            self.tabs.addTab(table, title)
        if parent_mode:
            self.tamper_table = self._table([self.tr("When"), self.tr("What happened")])
            self.changes_table = self._table([self.tr("When"), self.tr("What happened")])
            self.tabs.addTab(self.tamper_table, self.tr("Tampering"))
            self.tabs.addTab(self.changes_table, self.tr("Settings changes"))

        export_row = QHBoxLayout()
        if parent_mode:
            export_row.addWidget(QLabel(self.tr("Save this week as:")))
            for code, text in (
                ("html", self.tr("Web page (HTML)…")),
                ("pdf", self.tr("PDF…")),
                ("csv", self.tr("Tables (CSV)…")),
                ("json", self.tr("Data (JSON)…")),
            ):
                button = QPushButton(text)
                button.clicked.connect(lambda _c=False, f=code: self.export([f]))
                export_row.addWidget(button)
                self.export_buttons[code] = button
            all_button = QPushButton(self.tr("All four…"))
            all_button.clicked.connect(lambda: self.export(FORMATS))
            export_row.addWidget(all_button)
            self.export_buttons["all"] = all_button
            export_row.addStretch()
        self.export_result = QLabel()
        self.export_result.setObjectName("activity-export")
        self.export_result.setWordWrap(True)
        self.export_result.setTextFormat(Qt.TextFormat.PlainText)
        self.export_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = QPushButton(self.tr("Open the folder"))
        self.open_folder_button.clicked.connect(self._open_export_folder)
        self.open_folder_button.hide()
        result_row = QHBoxLayout()
        result_row.addWidget(self.export_result, 1)
        result_row.addWidget(self.open_folder_button)
        self.export_result.setVisible(parent_mode)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(figures)
        content_layout.addWidget(self.tabs, 1)
        content_layout.addLayout(export_row)
        content_layout.addLayout(result_row)
        self.body = QStackedWidget()
        self.body.addWidget(self.message)
        self.body.addWidget(content)

        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        footer = QHBoxLayout()
        footer.addStretch()
        footer.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.body, 1)
        layout.addLayout(footer)
        self.resize(1100, 780)

    # Charts and tables ----------------------------------------------------------------------

    def _charts_tab(self) -> QWidget:
        # Loaded here, not at import: only the Activity windows need QtCharts.
        from PySide6.QtCharts import QChartView

        self.day_view = QChartView()
        self.hour_view = QChartView()
        self.app_view = QChartView()
        self.category_view = QChartView()
        tab = QWidget()
        grid = QGridLayout(tab)
        views: list[QChartView] = [self.day_view, self.hour_view, self.app_view, self.category_view]
        for number, view in enumerate(views):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(240)
            grid.addWidget(view, number // 2, number % 2)
        return tab

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(True)
        header = table.horizontalHeader()
        for column in range(len(headers) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        return table

    @staticmethod
    def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
        table.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(value))
        table.resizeRowsToContents()

    def _set_chart(self, view: QChartView, chart: QChart) -> None:
        old = view.chart()
        view.setChart(chart)
        if old is not None:
            old.deleteLater()

    def charts(self) -> dict[str, QChart]:
        """The charts shown: by day, hour, app and category."""
        return {
            "days": self.day_view.chart(),
            "hours": self.hour_view.chart(),
            "apps": self.app_view.chart(),
            "categories": self.category_view.chart(),
        }

    def _show_charts(self, data: ChartData) -> None:
        from PySide6.QtCharts import QLineSeries

        locale = QLocale()
        day_labels = [
            locale.standaloneDayName(day.isoweekday(), QLocale.FormatType.ShortFormat)
            for day, _, _ in data.days
        ]
        days = _bar_chart(
            self.tr("Screen time by day (minutes)"),
            day_labels,
            [minutes for _, minutes, _ in data.days],
            self.tr("Screen time"),
        )
        budgets = [(i, b) for i, (_, _, b) in enumerate(data.days) if b is not None]
        if budgets:
            line = QLineSeries()
            line.setName(self.tr("Daily limit"))
            line.setColor(BUDGET_COLOR)
            for index, budget in budgets:
                line.append(float(index), budget)
            days.addSeries(line)
            for axis in days.axes():
                line.attachAxis(axis)
            _fit_value_axis(days, max(b for _, b in budgets))
        self._set_chart(self.day_view, days)
        self._set_chart(
            self.hour_view,
            _bar_chart(
                self.tr("Screen time by hour of day, whole week (minutes)"),
                [hour_text(hour) for hour in range(24)],
                list(data.hours),
                self.tr("Screen time"),
            ),
        )
        apps = list(reversed(data.apps))  # horizontal bars are drawn bottom up
        self._set_chart(
            self.app_view,
            _bar_chart(
                self.tr("Top apps (minutes)"),
                [name for name, _ in apps],
                [minutes for _, minutes in apps],
                self.tr("Screen time"),
                horizontal=True,
            ),
        )
        categories = list(reversed(data.categories))
        self._set_chart(
            self.category_view,
            _bar_chart(
                self.tr("Kinds of apps (minutes)"),
                [name for name, _ in categories],
                [minutes for _, minutes in categories],
                self.tr("Screen time"),
                horizontal=True,
            ),
        )

    # Loading ---------------------------------------------------------------------------------

    @property
    def summary(self) -> WeekSummary | None:
        """The week shown, None while there is none."""
        return self._summary

    @property
    def week(self) -> str | None:
        """The name of the week asked for; None is the current week."""
        return self._week

    @property
    def own(self) -> bool:
        """True for a child's "My week", False for the parent's Activity window."""
        return self._own is not None

    def load_profiles(self) -> bool:
        """Fill the profile choice from the policy (by name); False when it cannot be read.
        A child's window has no choice: True at once."""
        session, box = self._session, self.profile_box
        if session is None or box is None:
            return True
        try:
            policy = session.call(session.api.get_policy, self)
        except ApiError as error:
            log.warning("the profiles could not be read: %s", error)
            self._say(self._failure_text(error))
            return False
        chosen = box.currentData()
        box.blockSignals(True)
        box.clear()
        for profile in policy.profiles:
            box.addItem(profile.name, profile.id)
        box.setCurrentIndex(max(box.findData(chosen), 0))
        box.blockSignals(False)
        if not policy.profiles:
            self._say(self.tr("There are no profiles yet. Add one in the parent settings."))
            return False
        return True

    def start(self) -> None:
        """Read the profiles and show the current week of the first one (a child: their own)."""
        if self.load_profiles():
            self.show_week(None)

    def select_profile(self, profile_id: str) -> None:
        """Show another profile's week (the same week); a child's window has only its own."""
        if self.profile_box is None:
            return
        index = self.profile_box.findData(profile_id)
        if index >= 0:
            self.profile_box.setCurrentIndex(index)

    def show_previous(self) -> None:
        """Step one week back."""
        if self._summary is not None:
            self.show_week(_week_of(self._summary.first_day - timedelta(days=7)))

    def show_next(self) -> None:
        """Step one week forward; the current week is asked for as the current one."""
        if self._summary is None:
            return
        following = self._summary.first_day + timedelta(days=7)
        if following > self._today(self._summary):
            return
        if following + timedelta(days=6) >= self._today(self._summary):
            self.show_week(None)
        else:
            self.show_week(_week_of(following))

    def show_current(self) -> None:
        """Go to the week that is running now."""
        self.show_week(None)

    def _on_profile(self) -> None:
        self.show_week(self._week)

    def show_week(self, week: str | None) -> None:
        """Read the chosen profile's week (None: the current one) and show it; a child's
        window reads the child's own week."""
        self._week = week
        try:
            data = self._read_week(week)
        except ApiError as error:
            log.warning("the week %s could not be read: %s", week, error)
            self._summary = None
            self._say(self._failure_text(error))
            self._update_navigation()
            return
        if data is None:
            return
        import msgspec

        from guardian.reports.model import WeekSummary

        try:
            summary = msgspec.convert(data, WeekSummary)
        except msgspec.ValidationError as error:
            log.warning("the service sent a summary that does not read: %s", error)
            self._summary = None
            if self.own:
                self._say(self.tr("Your week could not be read. Please try again later."))
            else:
                self._say(self.tr("This week's activity could not be read. Try again later."))
            self._update_navigation()
            return
        self.show_summary(summary)

    def _read_week(self, week: str | None) -> Any:
        """The week's summary as plain data; None when there is no profile to ask for."""
        if self._own is not None:
            return self._own.read(week)
        session, box = self._session, self.profile_box
        if session is None or box is None:
            return None
        profile_id = box.currentData()
        if profile_id is None:
            return None
        params: dict[str, Any] = {"profile_id": profile_id, "week": week}
        return session.call(
            lambda token: session.api.call(WEEK_METHOD, {"token": token, **params}), self
        )

    def _failure_text(self, error: ApiError) -> str:
        if self.own:
            return self._own_failure_text(error)
        if isinstance(error, AuthRequired):
            return self.tr("The parent password is needed to see the activity.")
        if isinstance(error, ServiceUnavailable):
            return self.tr(
                "Guardian's service is not running, so the activity cannot be shown now."
            )
        return self.tr("The activity could not be read just now. Try again in a moment.")

    def _own_failure_text(self, error: ApiError) -> str:
        """What a child reads when their week cannot be shown: never the service's words."""
        if isinstance(error, ServiceUnavailable):
            return self.tr("Guardian is not running right now, so your week cannot be shown.")
        if isinstance(error, InvalidRequest):
            # The service refuses an account no profile restricts.
            return self.tr("Guardian keeps no week for this account, so there is nothing to show.")
        return self.tr("Your week could not be read just now. Please try again in a moment.")

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.body.setCurrentWidget(self.message)

    # Showing a week --------------------------------------------------------------------------

    def show_summary(self, summary: WeekSummary) -> None:
        """Show a week's summary."""
        self._summary = summary
        self.week_label.setText(
            self.tr("%1 (week %2)")
            .replace("%2", summary.week)
            .replace("%1", week_range_text(summary.first_day, summary.last_day))
        )
        self._update_navigation()
        self.today_label.setText(self._today_text(summary))
        self.week_total_label.setText(self._week_text(summary))
        self.change_label.setText(self._change_text(summary))
        self._show_charts(chart_data(summary))
        self._show_tables(summary)
        self.body.setCurrentIndex(1)
        if summary.total == 0 and not any(
            e.rows for e in (summary.blocked_apps, summary.requests, summary.tamper)
        ):
            if self.own:
                self.week_total_label.setText(self.tr("You had no screen time this week."))
            else:
                self.week_total_label.setText(
                    self.tr("No screen time was recorded for %1 this week.").replace(
                        "%1", summary.profile.name
                    )
                )

    def _update_navigation(self) -> None:
        summary = self._summary
        known = summary is not None
        self.previous_button.setEnabled(known)
        current = summary is not None and summary.last_day >= self._today(summary)
        self.next_button.setEnabled(known and not current)
        self.current_button.setEnabled(not current)
        for button in self.export_buttons.values():
            button.setEnabled(known and self._export is None)

    def _today_text(self, summary: WeekSummary) -> str:
        today = self._today(summary)
        row = next((d for d in summary.days if d.day == today), None)
        if row is None:
            return self.tr("This is a past week.")
        if row.rest_of_day:
            return self.tr("Today: %1 used; no limit for the rest of the day.").replace(
                "%1", format_duration(row.seconds)
            )
        if row.budget is None:
            return self.tr("Today: %1 used; no limit today.").replace(
                "%1", format_duration(row.seconds)
            )
        allowed = row.budget + row.bonus
        return (
            self.tr("Today: %1 of %2 used.")
            .replace("%2", format_duration(allowed))
            .replace("%1", format_duration(row.seconds))
        )

    def _week_text(self, summary: WeekSummary) -> str:
        total = format_duration(summary.total)
        if summary.weekly_budget is not None:
            weekly = (
                self.tr("This week: %1 of your %2 for the week.")
                if self.own
                else self.tr("This week: %1 of the weekly %2.")
            )
            text = weekly.replace("%2", format_duration(summary.weekly_budget)).replace("%1", total)
        else:
            text = self.tr("This week: %1.").replace("%1", total)
        if summary.bonus:
            bonus = (
                self.tr("Extra time you were given: %1.")
                if self.own
                else self.tr("Bonus time given: %1.")
            )
            text += " " + bonus.replace("%1", format_duration(summary.bonus))
        if not summary.complete:
            text += " " + self.tr("The week is not over yet.")
        return text

    def _change_text(self, summary: WeekSummary) -> str:
        previous = summary.previous
        if previous is None:
            return self.tr("The week before is not on record.")
        change = summary.total - previous.seconds
        if abs(change) < 60:
            return self.tr("About the same as the week before (%1).").replace(
                "%1", format_duration(previous.seconds)
            )
        text = (
            self.tr("%1 more than the week before (%2).")
            if change > 0
            else self.tr("%1 less than the week before (%2).")
        )
        return text.replace("%2", format_duration(previous.seconds)).replace(
            "%1", format_duration(abs(change))
        )

    def _show_tables(self, summary: WeekSummary) -> None:
        from ui.site_texts import rule_text

        names = {summary.profile.id: summary.profile.name}
        sites = summary.sites.blocked_sites if summary.sites is not None else ()
        self._fill(
            self.sites_table,
            [[s.site, QLocale().toString(s.blocked), rule_text(s.rule)] for s in sites],
        )
        self._fill(
            self.apps_table,
            [
                [
                    moment_text(e.at),
                    e.account or "",
                    str(e.detail.get("name") or e.detail.get("app") or ""),
                    app_reason(str(e.detail.get("reason") or "")),
                ]
                for e in summary.blocked_apps.rows
            ],
        )
        reports = [e for e in summary.requests.rows if e.detail.get("kind") == "report"]
        asked = sorted(
            [*(e for e in summary.requests.rows if e not in reports), *summary.grants.rows],
            key=lambda e: e.at,
        )
        self._fill(self.requests_table, _event_rows(asked, names))
        self._show_reports(reports)
        _note_more(self.apps_table, summary.blocked_apps)
        # Tampering and settings changes are the parent's; a child's window has no such tables.
        for table, events in (
            (self.tamper_table, summary.tamper),
            (self.changes_table, summary.changes),
        ):
            if table is not None:
                self._fill(table, _event_rows(events.rows, names))
                _note_more(table, events)

    def _show_reports(self, reports: Sequence[Event]) -> None:
        """The sites the child reported; in the parent's window each one not yet blocked has a
        "Block it" button."""
        table = self.reports_table
        self.block_buttons = {}
        self.report_message.hide()
        self._fill(
            table,
            [
                [
                    moment_text(e.at),
                    e.account or "",
                    _site_of(e),
                    str(e.detail.get("note") or ""),
                    answer_text(e.detail),
                ]
                for e in reports
            ],
        )
        if self._session is None:
            return
        for row, event in enumerate(reports):
            request_id = event.detail.get("id")
            if request_id is None or event.detail.get("state") == "blocked":
                continue
            button = QPushButton(self.tr("Block it"))
            button.setAccessibleName(self.tr("Block %1").replace("%1", _site_of(event)))
            button.clicked.connect(lambda _c=False, r=row, i=str(request_id): self.block(r, i))
            holder = QWidget()
            holder_layout = QHBoxLayout(holder)
            holder_layout.setContentsMargins(4, 0, 4, 0)
            holder_layout.addStretch()
            holder_layout.addWidget(button)
            table.setCellWidget(row, 4, holder)
            self.block_buttons[str(request_id)] = button

    def block(self, row: int, request_id: str) -> bool:
        """Block a reported site for the profile, as the parent; the row then says so."""
        from guardian.requests_client import Decision, RequestsClient

        session = self._session
        if session is None:
            return False
        client = RequestsClient(session.api)
        try:
            session.call(lambda token: client.answer(token, request_id, Decision.BLOCK), self)
        except AuthRequired:
            return False
        except ApiError as error:
            self.report_message.setText(
                self.tr("The site could not be blocked: %1").replace("%1", api_error_text(error))
            )
            self.report_message.show()
            return False
        self.reports_table.removeCellWidget(row, 4)
        self.reports_table.setItem(row, 4, QTableWidgetItem(self.tr("Blocked")))
        self.block_buttons.pop(request_id, None)
        self.report_message.hide()
        return True

    # Export ----------------------------------------------------------------------------------

    def export(self, formats: Sequence[str]) -> None:
        """Ask for a folder, then save the week shown in `formats` there."""
        if self._summary is None:
            return
        start = str(self._export_folder or Path.home())
        folder = QFileDialog.getExistingDirectory(self, self.tr("Save the summary in"), start)
        if folder:
            self.start_export(formats, Path(folder))

    def start_export(self, formats: Sequence[str], folder: Path) -> QProcess | None:
        """Run the summary writer on the week shown; the outcome is told below the tables."""
        if self._summary is None or self._export is not None or self._session is None:
            return None
        import msgspec

        program, *arguments = self.writer_command
        process = QProcess(self)
        process.setProgram(program)
        process.setArguments([*arguments, "--dest", str(folder), "--formats", ",".join(formats)])
        self._export = process
        self._export_folder = folder
        self.open_folder_button.hide()
        self.export_result.setStyleSheet("")
        self.export_result.setText(self.tr("Saving…"))
        self._update_navigation()
        process.finished.connect(lambda code, _status: self._export_done(process, code))
        process.errorOccurred.connect(lambda error: self._export_error(process, error))
        process.start()
        process.write(msgspec.json.encode([self._summary]))
        process.closeWriteChannel()
        return process

    def _export_error(self, process: QProcess, error: QProcess.ProcessError) -> None:
        if error is QProcess.ProcessError.FailedToStart:
            log.warning("the summary writer did not start: %s", process.errorString())
            self._export_finished(
                process, self.tr("The program that saves summaries could not be started."), False
            )

    def _export_done(self, process: QProcess, code: int) -> None:
        out = bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace")
        err = bytes(process.readAllStandardError().data()).decode("utf-8", "replace")
        reply: dict[str, Any] = {}
        for line in reversed(out.splitlines()):
            if line.strip():
                try:
                    loaded = json.loads(line)
                except ValueError:
                    loaded = None
                reply = loaded if isinstance(loaded, dict) else {}
                break
        written = reply.get("written")
        if code == 0 and isinstance(written, list):
            names = [Path(str(p)).name for p in written]
            text = self.tr("Saved %n file(s) in %1: %2", None, len(names))
            text = fill(text, str(self._export_folder), ", ".join(names))
            self._export_finished(process, text, True)
            return
        log.warning("the summary writer failed (exit %s): %s %s", code, out.strip(), err.strip())
        where = reply.get("path") or str(self._export_folder)
        text = self.tr("The summary could not be saved in %1.").replace("%1", str(where))
        if isinstance(reply.get("error"), str):
            text += "\n" + self.tr("Details: %1").replace("%1", reply["error"])
        else:
            text += " " + self.tr("The program that saves summaries stopped unexpectedly.")
        self._export_finished(process, text, False)

    def _export_finished(self, process: QProcess, text: str, ok: bool) -> None:
        if self._export is not process:
            return
        self._export = None
        process.deleteLater()
        self.export_result.setText(text)
        self.export_result.setStyleSheet("" if ok else ERROR_STYLE)
        self.open_folder_button.setVisible(ok)
        self._update_navigation()

    def _open_export_folder(self) -> None:
        if self._export_folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._export_folder)))

    # The event log and closing -----------------------------------------------------------------

    def open_event_log(self) -> EventLogWindow | None:
        """Open the event log with this window's login, showing the chosen profile; a child's
        window has no event log (None)."""
        if self._session is None or self.profile_box is None:
            return None
        from ui.event_log import EventLogWindow

        if self._log is None:
            self._log = EventLogWindow(self._session, self)
            self._log.start()
        profile_id = self.profile_box.currentData()
        if profile_id is not None:
            self._log.select_profile(str(profile_id))
        self._log.show()
        self._log.raise_()
        self._log.activateWindow()
        return self._log

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop a running export; the log window closes with this one."""
        if self._export is not None:
            self._export.kill()
            self._export.waitForFinished(2000)
        if self._log is not None:
            self._log.close()
        super().closeEvent(event)


def _week_of(day: date) -> str:
    from guardian.reports.model import week_name

    return week_name(day)


def _event_rows(events: Sequence[Event], names: dict[str, str]) -> list[list[str]]:
    rows = []
    for event in events:
        # A summary keeps the account beside the event's own fields.
        data = {"account": event.account, **event.detail} if event.account else event.detail
        text = event_text(event.kind, data, names)
        if event.kind == "request" and event.detail.get("state") not in (None, "open"):
            text = fill(translate("ActivityWindow", "%1 → %2"), text, answer_text(event.detail))
        rows.append([moment_text(event.at), text])
    return rows


def _site_of(event: Event) -> str:
    name = event.detail.get("target_name")
    target = str(event.detail.get("target") or "")
    return str(name) if name else target.removeprefix("site:")


def _note_more(table: QTableWidget, events: Events) -> None:
    """Say how many rows a busy week left out of a table."""
    if events.more:
        row = table.rowCount()
        table.setRowCount(row + 1)
        text = QLocale().toString(events.more)
        item = QTableWidgetItem(translate("ActivityWindow", "… and %1 more").replace("%1", text))
        table.setItem(row, table.columnCount() - 1, item)


def _bar_chart(
    title: str, labels: list[str], values: list[float], name: str, *, horizontal: bool = False
) -> QChart:
    """A chart of one set of bars with their labels along one axis and minutes along the other."""
    from PySide6.QtCharts import (
        QBarCategoryAxis,
        QBarSeries,
        QBarSet,
        QChart,
        QHorizontalBarSeries,
        QValueAxis,
    )

    chart = QChart()
    chart.setTitle(title)
    chart.legend().setVisible(False)
    bars = QBarSet(name)
    bars.setColor(BAR_COLOR)
    for value in values:
        bars.append(round(value, 1))
    series = QHorizontalBarSeries() if horizontal else QBarSeries()
    series.append(bars)
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append(labels)
    categories.setTruncateLabels(False)
    if len(labels) > (6 if horizontal else 12):
        # Hours of the day, ten apps: small enough that every label has room.
        small = categories.labelsFont()
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.75))
        categories.setLabelsFont(small)
        if not horizontal and max(len(label) for label in labels) > 2:
            # A 12-hour clock's "10 PM" would overlap its neighbours: stand the labels up.
            categories.setLabelsAngle(-90)
    minutes = QValueAxis()
    minutes.setLabelFormat("%d")
    minutes.setRange(0, _nice_top(max(values, default=0)))
    minutes.applyNiceNumbers()
    category_side = Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom
    value_side = Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft
    chart.addAxis(categories, category_side)
    chart.addAxis(minutes, value_side)
    series.attachAxis(categories)
    series.attachAxis(minutes)
    return chart


def _fit_value_axis(chart: QChart, value: float) -> None:
    """Make the minutes axis reach at least `value` (the day's limit may exceed every bar)."""
    from PySide6.QtCharts import QValueAxis

    for axis in chart.axes():
        if isinstance(axis, QValueAxis) and axis.max() < value:
            axis.setRange(0, _nice_top(value))
            axis.applyNiceNumbers()


def _nice_top(value: float) -> float:
    """A round top for a minutes axis: the next multiple of 10, 30 or 60 above `value`."""
    if value <= 0:
        return 10.0
    step = 10 if value <= 60 else 30 if value <= 240 else 60
    return float((int(value) // step + 1) * step)
