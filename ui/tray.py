"""The tray agent: reads the child's status and hands it to the icon, menu and windows."""

from __future__ import annotations

import contextlib
import logging
import math
import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from guardian.api import ApiError, GuardianApi, Status
from guardian.ipc.protocol import ServiceUnavailable
from guardian.notices import app_blocked_notice, app_warning_notice, warning_notice
from guardian.requests_client import request_view
from rules.app_terms import CATEGORY_PREFIX, Downtime
from ui.blocked import BlockedWindow
from ui.bridge import DEFAULT_ACTION, ApiBridge
from ui.countdown import CountdownWindow
from ui.icon import LAST_MINUTE_SECONDS, SERVICE_DOWN_GAUGE, Gauge, Level, gauge_icon
from ui.password import ask_parent_token
from ui.request_texts import answered_notice
from ui.site_texts import child_shows, site_blocked_notice

if TYPE_CHECKING:
    from ui.activity_page import ActivityWindow
    from ui.ask_access import AskAccessDialog
    from ui.ask_time import AskTimeDialog
    from ui.event_log import EventLogWindow
    from ui.my_day import MyDayWindow
    from ui.parent_session import ParentSession
    from ui.recent_sites import RecentSitesWindow
    from ui.report_site import ReportSiteDialog
from ui.status_window import StatusWindow
from ui.texts import (
    app_time_lines,
    category_name,
    downtime_apps_notice,
    needs_parent_text,
    service_down_text,
    session_end_cause,
    status_now,
    summary_lines,
    tooltip_text,
)
from ui.tips import tip_line

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

MINUTE_MS = 60_000
SECOND_MS = 1000
TRAY_WATCH_MS = 5000
NOTIFICATION_MS = 10_000
SITE_NOTICE_SECONDS = 60.0
"""A blocked site is told about at most once in this long, however often it is asked for."""
_Window = TypeVar("_Window", bound=QWidget)
UNKNOWN_GAUGE = Gauge(Level.UNRESTRICTED, 0.0, "")
"""An empty ring: shown until the first status arrives."""


def next_refresh_ms(status: Status) -> int:
    """When the icon next changes: each second in the last minute, else when its minute rolls."""
    seconds = status.session_left if status.restricted and status.allowed else None
    if seconds is None:
        return MINUTE_MS
    if seconds <= LAST_MINUTE_SECONDS + 1:
        return SECOND_MS
    # The label rounds to the nearest minute, so it changes at 30 s past each whole minute.
    to_label = (seconds - 30) % 60 or 60.0
    return max(SECOND_MS, math.ceil(min(to_label, seconds - LAST_MINUTE_SECONDS) * 1000) + 50)


class TrayAgent(QObject):
    """The child's Guardian in the session: tray icon or stand-in window, warnings, countdown
    and the blocked screen. Thin: every view is fed from one `api.status()` read.

    Signals:
        notified(str, str): a notification went out (title, text), on the tray or the window.
        quit_allowed: the parent password was given for Quit; the application should exit.
    """

    notified = Signal(str, str)
    quit_allowed = Signal()

    def __init__(
        self,
        api: GuardianApi,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        parent_seat: bool = False,
    ) -> None:
        super().__init__(parent)
        self._parent_seat = parent_seat
        """True when whoever runs this tray also runs Guardian (standalone mode): they get
        the parent's notices whatever their status."""
        self._api = api
        self._clock = clock
        self._bridge = ApiBridge(api, self)
        self._status: Status | None = None
        self._service_up = True
        self._adult_setup_needed = False
        self._gauge: Gauge | None = None
        self._action = DEFAULT_ACTION
        self._warned: set[tuple[str, int]] = set()
        self._app_warned: set[tuple[str, str]] = set()
        self._sites_told: dict[str, float] = {}
        """Blocked sites told about, with when (by `clock`)."""
        self._recent: RecentSitesWindow | None = None
        self._activity: ActivityWindow | None = None
        self._event_log: EventLogWindow | None = None
        self._my_week: ActivityWindow | None = None
        """The child's own week, while it is open."""
        self._my_day: MyDayWindow | None = None
        """The child's "My day", while it is open."""
        self._ask: AskTimeDialog | None = None
        """The "Ask for more time" dialog, while it is open."""
        self._ask_access: AskAccessDialog | None = None
        self._report_site: ReportSiteDialog | None = None
        """The child's "Ask for access" and "Tell my parent about a site" dialogs, while open."""
        self._report_folder: str | None = None
        """The folder of the newest weekly summaries announced, for the parent to open."""
        self._notice_action: Callable[[], object] | None = None
        """What clicking the last notice does; None for notices that only tell."""

        self._menu = QMenu()
        self._menu.aboutToShow.connect(self._on_menu_about_to_show)
        self._tray = QSystemTrayIcon(self)
        self._tray.setIcon(gauge_icon(UNKNOWN_GAUGE))
        self._tray.setContextMenu(self._menu)
        self._tray.messageClicked.connect(self._on_message_clicked)
        self._tray.activated.connect(self._on_activated)
        self._countdown = CountdownWindow()
        self._countdown.ask_requested.connect(self.open_ask_time)
        self._blocked = BlockedWindow(api)
        self._blocked.granted.connect(self.refresh)
        self._blocked.ask_requested.connect(self.open_ask_time)
        self._window = StatusWindow()
        self._window.settings_requested.connect(self.open_settings)
        self._window.activity_requested.connect(self.open_activity)
        self._window.my_week_requested.connect(self.open_my_week)
        self._window.my_day_requested.connect(self.open_my_day)
        self._window.quit_requested.connect(self.request_quit)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setObjectName("tray-refresh")
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.timeout.connect(self.refresh)
        self._tray_watch = QTimer(self)
        self._tray_watch.setObjectName("tray-watch")
        self._tray_watch.setInterval(TRAY_WATCH_MS)
        self._tray_watch.timeout.connect(self._place)

        # A client of the system service says when it (re)connects: read the status then.
        reconnected = getattr(api, "connection_changed", None)
        if reconnected is not None:
            reconnected.connect(self._on_connection_changed)
        self._bridge.stateChanged.connect(self.refresh)
        self._bridge.policyChanged.connect(self.refresh)
        self._bridge.warning.connect(self._on_warning)
        self._bridge.countdown.connect(self._on_countdown)
        self._bridge.blocked.connect(self._on_blocked)
        self._bridge.problem.connect(self._on_problem)
        self._bridge.appBlocked.connect(self._on_app_blocked)
        self._bridge.appWarning.connect(self._on_app_warning)
        self._bridge.siteBlocked.connect(self._on_site_blocked)
        self._bridge.reportReady.connect(self._on_report_ready)
        self._bridge.requestAnswered.connect(self._on_request_answered)
        self._bridge.request.connect(self._on_request)

    @property
    def status(self) -> Status | None:
        """The last status read, None before the first."""
        return self._status

    @property
    def service_up(self) -> bool:
        """False while the service cannot be reached; the icon and menu say so."""
        return self._service_up

    @property
    def tray(self) -> QSystemTrayIcon:
        """The tray icon (hidden when the desktop has no tray)."""
        return self._tray

    @property
    def status_window(self) -> StatusWindow:
        """The stand-in window shown when there is no tray."""
        return self._window

    @property
    def countdown_window(self) -> CountdownWindow:
        """The last-minute countdown."""
        return self._countdown

    @property
    def blocked_window(self) -> BlockedWindow:
        """The "time is up" screen."""
        return self._blocked

    def start(self) -> None:
        """Read the status, show the tray or the stand-in window, and keep watching for a tray."""
        self.refresh()
        self._place()
        self._tray_watch.start()

    def close(self) -> None:
        """Stop listening and the timers, and take every window down, blocked screen included."""
        self._bridge.close()
        self._refresh_timer.stop()
        self._tray_watch.stop()
        self._tray.hide()
        own_windows = (
            self._activity,
            self._event_log,
            self._my_week,
            self._my_day,
            self._ask,
            self._ask_access,
            self._report_site,
        )
        for own_window in own_windows:
            if own_window is not None:
                own_window.close()
        windows = (self._countdown, self._blocked, self._window, self._menu, self._recent)
        for widget in windows:
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def refresh(self) -> None:
        """Read the status again and show it everywhere."""
        try:
            status = self._api.status()
        except ServiceUnavailable as error:
            log.warning("could not read the status: %s", error)
            self._show_service_down()
            self._refresh_timer.start(MINUTE_MS)
            return
        except ApiError as error:
            log.warning("could not read the status: %s", error)
            self._refresh_timer.start(MINUTE_MS)
            return
        self.apply(status)

    def apply(self, status: Status) -> None:
        """Show `status` on the icon, tooltip and windows, and warn if a warning is due."""
        self._status = status
        self._service_up = True
        self._action = status.action
        self._show_gauge(Gauge.of(status))
        self._tray.setToolTip(tooltip_text(status))
        self._window.set_status(status)
        self._blocked.set_status(status)
        self._keep_ask_on_top()
        if status.warning_due is not None:
            self._warn(status.warning_due)
        last_minute = (
            status.restricted
            and status.allowed
            and status.session_left is not None
            and (status.countdown or status.session_left <= LAST_MINUTE_SECONDS)
        )
        if last_minute and status.session_left is not None:
            self._show_countdown(status.session_left)
        else:
            self._countdown.hide()
        self._refresh_timer.start(next_refresh_ms(status))

    def fill_menu(self, menu: QMenu) -> None:
        """Fill `menu` for the last status: the day's figures and the time of limited apps,
        then the parent's entries."""
        menu.clear()
        if self._service_up and self._status is not None:
            menu.addAction(self.tr("My day…")).triggered.connect(self.open_my_day)
            if self._can_ask():
                menu.addAction(self.tr("Ask for more time…")).triggered.connect(self.open_ask_time)
            menu.addSeparator()
        if self._adult_setup_needed:
            menu.addAction(adult_setup_text()).setEnabled(False)
            menu.addSeparator()
        if not self._service_up:
            menu.addAction(service_down_text()).setEnabled(False)
            menu.addSeparator()
        elif self._status is not None:
            for line in summary_lines(self._status) + app_time_lines(self._status):
                menu.addAction(line).setEnabled(False)
            if self._status.problems:
                # A child learns only that a parent is needed; the parent reads the problems
                # in the settings.
                menu.addAction(needs_parent_text()).setEnabled(False)
            menu.addSeparator()
            if self._status.restricted:
                menu.addAction(self.tr("Recently blocked sites…")).triggered.connect(
                    self.open_recent_sites
                )
                menu.addAction(self.tr("Tell my parent about a site…")).triggered.connect(
                    lambda _checked=False: self.open_report_site()
                )
            if self._has_own_week():
                menu.addAction(self.tr("My week…")).triggered.connect(self.open_my_week)
        if self._sees_parent_notices():
            menu.addAction(self.tr("Requests…")).triggered.connect(self.open_requests)
        menu.addAction(self.tr("Parent settings…")).triggered.connect(self.open_settings)
        menu.addAction(self.tr("Activity…")).triggered.connect(self.open_activity)
        menu.addAction(self.tr("Event log…")).triggered.connect(self.open_event_log)
        if self._report_folder is not None and self._sees_parent_notices():
            menu.addAction(self.tr("Open the weekly summaries folder")).triggered.connect(
                lambda: open_folder(self._report_folder)
            )
        menu.addAction(self.tr("Quit…")).triggered.connect(self.request_quit)

    def ask_for_an_adult(self) -> None:
        """Guardian is not set up and this account may not set it up: say that an adult
        (an administrator of this computer) must, in the menu and once as a notification."""
        self._adult_setup_needed = True
        self._notify(self.tr("Guardian is not set up"), adult_setup_text())

    def open_requests(self) -> None:
        """Ask the parent password, then open the parent settings on the Requests page."""
        self.open_settings(requests=True)

    def open_settings(self, *, requests: bool = False) -> None:
        """Ask the parent password, then open the parent settings with the token (on the
        Requests page with `requests`)."""
        token = ask_parent_token(self._api, self._dialog_parent())
        if token is None:
            return
        from ui.settings import SettingsDialog

        try:
            dialog = SettingsDialog(self._api, token, self._dialog_parent())
        except ApiError as error:
            log.warning("the settings could not be opened: %s", error)
            self.refresh()
            return
        tokens = [token]
        dialog.token_changed.connect(tokens.append)
        if requests:
            from ui.requests_page import show_requests_page

            show_requests_page(dialog)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
            with contextlib.suppress(ApiError):
                self._api.logout(tokens[-1])
        self.refresh()

    def _parent_session(self) -> ParentSession | None:
        """A parent login for a window of the parent's, or None when the password was not given."""
        token = ask_parent_token(self._api, self._dialog_parent())
        if token is None:
            return None
        from ui.parent_session import ParentSession

        return ParentSession(self._api, token, self)

    def open_activity(self) -> ActivityWindow | None:
        """Ask the parent password, then show the Activity window (one at a time)."""
        if self._activity is not None:
            _bring_up(self._activity)
            return self._activity
        session = self._parent_session()
        if session is None:
            return None
        # Loaded when first opened: the window brings QtCharts and the summary model.
        from ui.activity_page import ActivityWindow

        window = self._keep_open(ActivityWindow(session), "_activity", _ender(session))
        window.start()
        _bring_up(window)
        return window

    def _has_own_week(self) -> bool:
        """Whether a profile restricts this tray's account, so the child has a week to see."""
        status = self._status
        return status is not None and status.restricted and status.profile_id is not None

    def open_my_week(self) -> ActivityWindow:
        """Show the child's own week (one window at a time). No password: the service gives
        an account only its own profile's week and refuses one no profile restricts, which the
        window tells kindly."""
        if self._my_week is not None:
            _bring_up(self._my_week)
            return self._my_week
        # Loaded when first opened: the window brings QtCharts and the summary model.
        from ui.activity_page import ActivityWindow, OwnWeeks

        window = self._keep_open(ActivityWindow(OwnWeeks(self._api)), "_my_week")
        window.start()
        _bring_up(window)
        return window

    # --- the child's day and requests ---------------------------------------------------------

    def _can_ask(self) -> bool:
        """Whether this tray's account may ask for more time: a profile restricts it."""
        return self._has_own_week()

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        """A left click on the icon opens My day; the right click shows the menu."""
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.open_my_day()

    def open_my_day(self) -> MyDayWindow:
        """Show the child's day (one window at a time), read afresh."""
        if self._my_day is not None:
            self._my_day.force_refresh()
            _bring_up(self._my_day)
            return self._my_day
        # Loaded when first opened, with what it reads (the sites client's wire model).
        from ui.my_day import MyDayWindow

        window = self._keep_open(MyDayWindow(self._api), "_my_day")
        window.ask_requested.connect(self.open_ask_time)
        window.my_week_requested.connect(self.open_my_week)
        window.refresh()
        _bring_up(window)
        return window

    def open_ask_time(self) -> AskTimeDialog:
        """Show "Ask for more time" (one at a time), on the time-up screen while it is up."""
        if self._ask is not None:
            self._keep_ask_on_top()
            _bring_up(self._ask)
            return self._ask
        from ui.ask_time import AskTimeDialog

        dialog = self._keep_open(
            AskTimeDialog(self._api, self._status, self._dialog_parent()), "_ask"
        )
        dialog.answered.connect(self.refresh)
        _bring_up(dialog)
        return dialog

    def _keep_ask_on_top(self) -> None:
        """Move an open ask dialog onto the time-up screen when that screen comes up."""
        dialog = self._ask
        if dialog is None or not self._blocked.blocking or dialog.parent() is self._blocked:
            return
        dialog.setParent(self._blocked, dialog.windowFlags())
        _bring_up(dialog)

    def _on_request_answered(self, data: dict[str, object]) -> None:
        """Tell the child a parent answered one of their requests, and read the status."""
        try:
            view = request_view(dict(data))
        except TypeError:
            log.warning("an answered request came without its fields: %r", sorted(data))
            return
        status = self._status
        if status is not None and view.account.casefold() != status.account.casefold():
            return
        notice = answered_notice(view)
        if notice is not None:
            self._notify(*notice)
        self.refresh()

    def open_event_log(self) -> EventLogWindow | None:
        """Ask the parent password, then show the event log (one at a time)."""
        if self._event_log is not None:
            _bring_up(self._event_log)
            return self._event_log
        session = self._parent_session()
        if session is None:
            return None
        from ui.event_log import EventLogWindow

        window = self._keep_open(EventLogWindow(session), "_event_log", _ender(session))
        window.start()
        _bring_up(window)
        return window

    def _keep_open(
        self, window: _Window, slot: str, on_closed: Callable[[], None] | None = None
    ) -> _Window:
        """Hold a window of the tray's in the attribute `slot` while it is open (one such
        window at a time): it deletes itself when closed, and `slot` forgets it then, unless
        a newer window took the slot; `on_closed` runs then too."""
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        setattr(self, slot, window)

        def closed() -> None:
            if getattr(self, slot) is window:
                setattr(self, slot, None)
            if on_closed is not None:
                on_closed()

        window.destroyed.connect(closed)
        return window

    def _sees_parent_notices(self) -> bool:
        """Whether this tray's user is a parent: an account Guardian does not restrict, or the
        user running Guardian itself."""
        if self._parent_seat:
            return True
        return self._status is not None and not self._status.restricted

    def _on_report_ready(
        self, _week: str, profiles: list[str], folder: str, names: dict[str, str]
    ) -> None:
        """Tell a parent that a week's summaries were written; clicking opens their folder."""
        if not self._sees_parent_notices():
            return
        self._report_folder = folder or None
        title, text = report_ready_notice([names.get(p, p) for p in profiles])
        shown = self._report_folder
        self._notify(title, text, on_click=lambda: open_folder(shown))

    def _on_request(self, data: dict[str, object]) -> None:
        """Tell a parent that a child asked for something; clicking opens the Requests page."""
        if not self._sees_parent_notices():
            return
        from ui.request_texts_parent import request_notice

        try:
            view = request_view(data)
        except TypeError as error:
            log.warning("a request event could not be read: %s", error)
            return
        self._notify(*request_notice(view), on_click=self.open_requests)

    def _on_message_clicked(self) -> None:
        if self._notice_action is not None:
            self._notice_action()

    def open_recent_sites(self) -> RecentSitesWindow:
        """Show the sites blocked lately for this account, read afresh."""
        # Loaded when first opened: the window brings the client's wire model (msgspec),
        # which the tray itself does without.
        from ui.recent_sites import RecentSitesWindow

        if self._recent is None:
            self._recent = RecentSitesWindow(self._api, self._today)
        self._recent.refresh()
        self._recent.show()
        self._recent.raise_()
        self._recent.activateWindow()
        return self._recent

    def _today(self) -> date:
        """The child's day as the service counts it (the policy's time zone)."""
        if self._status is None:
            return date.today()
        return date.fromisoformat(self._status.day)

    def request_quit(self) -> None:
        """Quit only with the parent password: the child must not stop the warnings. The
        dialog says in plain words what quitting does here."""
        if self._parent_seat:
            purpose = self.tr(
                "Quitting stops Guardian on this computer: until it is started again, no limits "
                "apply and no time is counted."
            )
        else:
            purpose = self.tr(
                "Quitting only closes Guardian's icon in this session. The limits still apply: "
                "Guardian keeps counting time and locks the session when it is up."
            )
        token = ask_parent_token(self._api, self._dialog_parent(), purpose)
        if token is None:
            return
        with contextlib.suppress(ApiError):
            self._api.logout(token)
        self.quit_allowed.emit()

    def _dialog_parent(self) -> QWidget | None:
        """The window a parent dialog must sit on so that it is not hidden behind it."""
        if self._blocked.blocking:
            return self._blocked
        return self._window if self._window.isVisible() else None

    def _place(self) -> None:
        """Use the tray when there is one, the stand-in window when not; trays come and go."""
        if QSystemTrayIcon.isSystemTrayAvailable():
            if not self._tray.isVisible():
                self._tray.show()
            self._window.hide()
        else:
            self._tray.hide()
            if not self._window.isVisible():
                self._window.show()

    def _on_connection_changed(self, connected: bool) -> None:
        if connected:
            self.refresh()
        else:
            self._show_service_down()

    def _show_gauge(self, gauge: Gauge) -> None:
        if gauge != self._gauge:
            self._gauge = gauge
            icon = gauge_icon(gauge)
            self._tray.setIcon(icon)
            self._window.setWindowIcon(icon)

    def _show_service_down(self) -> None:
        """Say on the icon, tooltip and stand-in window that the service is not running; the
        next status read puts everything back."""
        self._service_up = False
        self._show_gauge(SERVICE_DOWN_GAUGE)
        self._tray.setToolTip(service_down_text())
        self._window.set_service_down()
        self._countdown.hide()

    def _on_menu_about_to_show(self) -> None:
        self.refresh()
        self.fill_menu(self._menu)

    def _on_warning(self, minutes: int, action: str) -> None:
        self._action = action
        self._warn(minutes)

    def _warn(self, minutes: int) -> None:
        """Notify once per warning minute and day, whether the event or the status said it."""
        day = self._status.day if self._status is not None else ""
        if (day, minutes) in self._warned:
            return
        self._warned.add((day, minutes))
        self._notify(*warning_notice(self._action, minutes))

    def _on_countdown(self, seconds: float, action: str) -> None:
        self._action = action
        self._show_countdown(seconds)
        self._refresh_timer.start(SECOND_MS)

    def _on_blocked(self, _reasons: list[str], action: str) -> None:
        self._action = action
        if action == Downtime.APPS.value:
            # Downtime closes apps but leaves the computer usable: say so once, no full screen.
            self._notify(*downtime_apps_notice())
        self.refresh()

    def _on_problem(self, _code: str) -> None:
        self._notify(self.tr("Guardian"), needs_parent_text())

    def _on_app_blocked(self, account: str, name: str, reason: str, app: str = "") -> None:
        """Tell the child why an app of theirs was closed (clicking asks for access); other
        accounts' apps are not theirs."""
        if self._status is None or account.casefold() != self._status.account.casefold():
            return
        self._notify(
            *app_blocked_notice(name, reason),
            on_click=lambda: self.open_ask_access(app or None, name, reason),
        )

    def _on_app_warning(self, account: str, key: str, name: str, minutes: int) -> None:
        """Warn once per app, minute and day that the app's (or category's) time runs out."""
        if self._status is None or account.casefold() != self._status.account.casefold():
            return
        warned = (self._status.day, f"{key}:{minutes}")
        if warned in self._app_warned:
            return
        self._app_warned.add(warned)
        shown = category_name(name) if key.startswith(CATEGORY_PREFIX) else name
        self._notify(*app_warning_notice(shown, minutes))

    def _on_site_blocked(self, account: str, name: str, rule: str) -> None:
        """Tell the child which site did not open and why, once a minute at most per site;
        the service already sends one event per burst of lookups."""
        if self._status is None or account.casefold() != self._status.account.casefold():
            return
        if not child_shows(rule):
            return
        now = self._clock()
        self._sites_told = {
            site: at for site, at in self._sites_told.items() if now - at < SITE_NOTICE_SECONDS
        }
        if name in self._sites_told:
            return
        self._sites_told[name] = now
        self._notify(
            *site_blocked_notice(name, rule),
            on_click=lambda: self.open_ask_access(None, name, rule, site=True),
        )

    # --- asking for access, telling a parent about a site -------------------------------------

    def open_ask_access(
        self, app: str | None, name: str, reason: str, *, site: bool = False
    ) -> AskAccessDialog:
        """Ask a parent for a blocked site (`name`, blocked by the rule `reason`) or app (`app`
        its id, None when unknown; `reason` an AppBlock value); one such dialog at a time."""
        from ui.ask_access import AskAccessDialog

        if self._ask_access is not None:
            self._ask_access.close()
        if site:
            dialog = AskAccessDialog.for_site(self._api, name, reason, self._dialog_parent())
        else:
            dialog = AskAccessDialog.for_app(self._api, app, name, reason, self._dialog_parent())
        _bring_up(self._keep_open(dialog, "_ask_access"))
        return dialog

    def open_report_site(self, host: str | None = None) -> ReportSiteDialog:
        """Tell a parent about a site (`host` when it is known); one such dialog at a time."""
        from ui.report_site import ReportSiteDialog

        if self._report_site is not None:
            self._report_site.close()
        dialog = ReportSiteDialog(self._api, host, self._dialog_parent())
        _bring_up(self._keep_open(dialog, "_report_site"))
        return dialog

    def _show_countdown(self, seconds: float) -> None:
        status = self._status
        cause = session_end_cause(status, status_now(status)) if status is not None else None
        self._countdown.set_remaining(seconds, self._action, cause)
        self._countdown.set_tip(
            tip_line(status.age, status.day, "countdown") if status is not None else ""
        )
        self._countdown.set_can_ask(self._can_ask())
        if not self._countdown.isVisible():
            self._countdown.show()
        self._countdown.raise_()

    def _notify(self, title: str, text: str, on_click: Callable[[], object] | None = None) -> None:
        """Show a notification; clicking it (where the tray says so) calls `on_click`, until
        the next notification replaces it."""
        self._notice_action = on_click
        if self._tray.isVisible() and QSystemTrayIcon.supportsMessages():
            self._tray.showMessage(
                title, text, QSystemTrayIcon.MessageIcon.Warning, NOTIFICATION_MS
            )
        else:
            self._window.show_message(text)
        self.notified.emit(title, text)


def adult_setup_text() -> str:
    """What an account that may not set Guardian up is told on a machine not set up yet."""
    return QCoreApplication.translate(
        "TrayAgent",
        "An adult must set Guardian up: log in with an administrator account of this computer "
        "and start Guardian there.",
    )


def _ender(session: ParentSession) -> Callable[[], None]:
    """Ends a parent's login when the window it was for is closed."""

    def end() -> None:
        session.end()
        session.deleteLater()

    return end


def _bring_up(window: QWidget) -> None:
    window.show()
    window.raise_()
    window.activateWindow()


def open_folder(folder: str | None) -> bool:
    """Show a folder in the desktop's file manager; False when there is none to show."""
    if not folder:
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(folder))


def report_ready_notice(names: list[str]) -> tuple[str, str]:
    """Title and body when a week's summaries are ready, naming the profiles."""
    title = translate("TrayAgent", "Weekly summary")
    shown = QLocale().createSeparatedList(names)
    if len(names) == 1:
        text = translate("TrayAgent", "This week's summary for %1 is ready.")
    else:
        text = translate("TrayAgent", "This week's summaries for %1 are ready.")
    return title, text.replace("%1", shown)
