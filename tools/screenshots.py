"""Write a PNG of every window in every language: `python -m tools.screenshots OUTDIR`.

Files are named `<window>-<language>.png`. Windows are fed by the tests' fake service, drawn
offscreen. A window whose module does not exist yet is skipped with a note; a window that
fails to draw makes the exit status non-zero.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QPoint, QSettings, QSize, QTranslator
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from guardian.api import AppTime, LoggedEvent
from guardian.problems import Problem, ProblemCode
from rules.apps import AppList, AppMatch, AppMode, AppRule, Category, Downtime
from rules.model import Action, AgePreset, Policy, Profile, Weekday
from rules.reports import MailSettings, Reports
from rules.timeofday import AllowedWindow
from tests.helpers.fake_api import FakeApi, blocked_status, sample_program, sample_status
from ui.i18n import LANGUAGES, install_translations
from ui.settings import SettingsDialog
from ui.week_grid import WeekGrid
from ui.wizard import FirstRunWizard

Shots = list[tuple[str, QPixmap]]
EXIT_FAILED = 1
ICON_SIZE = 64


class _Missing(Exception):
    """A window's module is not there (yet); its shots are skipped."""


def _module(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name == name:
            raise _Missing(name) from error
        raise


def _windows(text: str) -> tuple[AllowedWindow, ...]:
    return tuple(AllowedWindow.parse(part) for part in text.split())


DEMO_GAME_SHA256 = "3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea"


def demo_apps() -> tuple[AppRule, ...]:
    """App rules of every kind: catalogue apps blocked, limited and allowed, and a game of
    the parent's own named by its file, path and hash."""
    return (
        AppRule(app="minecraft", mode=AppMode.LIMITED, daily_minutes=45),
        AppRule(app="tor-browser", mode=AppMode.BLOCKED),
        AppRule(
            app="space-game",
            mode=AppMode.LIMITED,
            name="Space Game",
            daily_minutes=30,
            category=Category.GAMES,
            match=AppMatch(
                names=("SpaceGame.exe",),
                paths=("C:/Games/Space/SpaceGame.exe",),
                sha256=(DEMO_GAME_SHA256,),
            ),
        ),
        AppRule(
            app="homework",
            mode=AppMode.ALLOWED,
            name="Homework",
            category=Category.EDUCATION,
            match=AppMatch(cmdline=("*python* *homework.py*",), names=("homework.py",)),
        ),
    )


def demo_app_times() -> tuple[AppTime, ...]:
    """What the child's menu lists for the demo rules mid-afternoon."""
    return (
        AppTime(key="minecraft", name="Minecraft", budget=2700.0, used=1200.0, left=1500.0),
        AppTime(key="space-game", name="Space Game", budget=1800.0, used=1800.0, left=0.0),
        AppTime(key="category:games", name="games", budget=5400.0, used=1500.0, left=3900.0),
    )


def demo_policy() -> Policy:
    """Two children: one with hand-set minutes, a Friday night past midnight and app rules,
    one on 6+."""
    school = _windows("07:00-07:45 15:10-20:30")
    anna = Profile(
        id="anna",
        name="Anna",
        preset=AgePreset.AGE_12,
        accounts=("kid",),
        daily_budget={Weekday.MON: 90, Weekday.SAT: 180, Weekday.SUN: "unlimited"},
        allowed_hours={
            **{day: school for day in (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU)},
            Weekday.FRI: _windows("15:10-01:00"),
            Weekday.SAT: _windows("09:00-12:00 14:00-22:00"),
        },
        warnings=(10, 5, 1),
        action=Action.LOCK,
        apps=demo_apps(),
        app_list=AppList.OPEN,
        category_budgets={Category.GAMES: 90, Category.VIDEO: 60},
        downtime=Downtime.APPS,
    )
    max_ = Profile(id="max", name="Max", preset=AgePreset.AGE_6)
    return Policy(
        timezone="Europe/Moscow",
        default_profile="anna",
        profiles=(anna, max_),
        unrestricted_accounts=("parent",),
        reports=Reports(
            folder="/srv/family/reports",
            keep_weeks=26,
            mail=MailSettings(
                host="smtp.example.com",
                username="parent@example.com",
                recipients=("parent@example.com", "grandma@example.com"),
            ),
        ),
    )


def _settle(widget: QWidget, size: QSize | None = None) -> None:
    if size is not None:
        widget.resize(size)
    widget.show()
    QApplication.processEvents()


def _grab_once(widget: QWidget, size: QSize | None = None) -> QPixmap:
    _settle(widget, size)
    pixmap = widget.grab()
    widget.hide()
    widget.deleteLater()
    return pixmap


def wizard_shots() -> Shots:
    """Each page of the first-run wizard, answered as a parent would, and its end when the
    computer already has rules."""
    api = FakeApi(password=None)
    api.set_status(account="parent")
    wizard = FirstRunWizard(api)
    names = ("welcome", "password", "accounts", "age", "time", "summary")
    shots = []
    _settle(wizard)
    for number, name in enumerate(names):
        if name == "password":
            wizard.password_page.password_edit.setText("secret1")
            wizard.password_page.confirm_edit.setText("secret1")
        if name == "accounts":
            wizard.accounts_page.name_edit.setText("Anna")
        QApplication.processEvents()
        shots.append((f"wizard-{number + 1}-{name}", wizard.grab()))
        wizard.next()
    wizard.hide()
    wizard.deleteLater()

    kept = FakeApi(password=None)
    kept.policy_saved = True
    wizard = FirstRunWizard(kept)
    _settle(wizard)
    wizard.next()
    wizard.password_page.password_edit.setText("secret1")
    wizard.password_page.confirm_edit.setText("secret1")
    wizard.next()
    QApplication.processEvents()
    shots.append(("wizard-kept-rules", wizard.grab()))
    wizard.hide()
    wizard.deleteLater()
    return shots


def demo_problems() -> list[Problem]:
    """A policy file with a typo, a child who is an administrator, a failed screen lock."""
    return [
        Problem(
            ProblemCode.POLICY_NOT_APPLIED,
            {"file": "/etc/guardian/policy.d/school.toml"},
            detail="line 3: profiles[0].daily_budgte: unknown field",
        ),
        Problem(ProblemCode.ADMIN_CHILD, {"account": "kid", "profile": "Anna"}, dismissable=False),
        Problem(
            ProblemCode.ENFORCEMENT_FAILED,
            {"account": "kid", "step": "lock"},
            detail="org.freedesktop.login1: Access denied",
        ),
    ]


def problems_shots() -> Shots:
    """The parent's settings opening on problems, one with its detail shown."""
    api = FakeApi()
    api.policy = demo_policy()
    api.raised = demo_problems()
    with tempfile.TemporaryDirectory(prefix="guardian-shots-") as scratch:
        store = QSettings(str(Path(scratch) / "guardian.ini"), QSettings.Format.IniFormat)
        dialog = SettingsDialog(api, api.login("secret"), settings=store)
        banner = dialog.findChild(_module("ui.problem_banner").ProblemBanner)
        banner.rows[0].details_button.click()
        _settle(dialog)
        pixmap = dialog.grab()
        dialog.hide()
        dialog.deleteLater()
    return [("settings-problems", pixmap)]


def serve_sites(api: FakeApi) -> None:
    """Answer the site rules feature's calls: a few UT1 lists installed, the filter running."""
    lists = ("gambling", "drogue", "phishing", "malware", "vpn", "doh", "games", "chat", "child")
    categories = [
        {"name": name, "names": 1000 + 731 * n, "white": name == "child", "builtin": True}
        for n, name in enumerate(lists)
    ]
    status = {
        "enabled": True,
        "running": True,
        "listen": ["127.0.0.53:53"],
        "system_pointed": True,
        "upstreams": ["192.168.1.1"],
        "per_account": True,
        "browsers": ["firefox", "chromium"],
        "lists": sum(c["names"] for c in categories),
        "index_built": None,
    }
    api.handlers["sites.categories"] = lambda _params: categories
    api.handlers["sites.status"] = lambda _params: status


def serve_reports(api: FakeApi) -> None:
    """Answer the weekly summaries' calls: Anna's week (the sample of the Activity tests), a
    schedule with a summary written last Sunday and one message waiting."""
    samples = importlib.import_module("tests.ui.report_samples")

    def week(params: dict[str, Any]) -> Any:
        name = {p.id: p.name for p in demo_policy().profiles}.get(params["profile_id"], "?")
        return samples.as_data(samples.week(name=name, profile_id=params["profile_id"]))

    status = {
        "next_run": "2026-12-06T18:00:00+03:00",
        "last_run": "2026-11-29T18:00:04+03:00",
        "folder": "/srv/family/reports",
        "written": ["/srv/family/reports/2026-W48-home-pc-anna.html"] * 7,
        "outbox": 1,
        "error": None,
        "mail_password_set": True,
    }
    api.handlers["reports.week"] = week
    api.handlers["reports.status"] = lambda _params: status


def settings_shots() -> Shots:
    """Each page of the parent's settings, on a policy with two children."""
    api = FakeApi()
    api.policy = demo_policy()
    serve_sites(api)
    serve_reports(api)
    names = (
        "profiles",
        "time",
        "apps",
        "sites",
        "warnings",
        "bonus",
        "reports",
        "security",
        "language",
    )
    shots = []
    with tempfile.TemporaryDirectory(prefix="guardian-shots-") as scratch:
        # The tool never touches the user's own saved language.
        store = QSettings(str(Path(scratch) / "guardian.ini"), QSettings.Format.IniFormat)
        dialog = SettingsDialog(api, api.login("secret"), settings=store)
        _settle(dialog)
        for row, name in enumerate(names):
            dialog.pages.setCurrentRow(row)
            QApplication.processEvents()
            shots.append((f"settings-{row + 1}-{name}", dialog.grab()))
        dialog.hide()
        dialog.deleteLater()
    return shots


def managed_settings_shots() -> Shots:
    """The settings when a school's managed policy sets some of them: the banner and the locks."""
    api = FakeApi()
    api.policy = demo_policy()
    serve_sites(api)
    serve_reports(api)
    lab = {"layer": "managed", "file": "10-lab.toml"}
    sources = {
        "default_profile": lab,
        "profiles.anna.preset": lab,
        "profiles.anna.daily_budget": lab,
        "profiles.anna.allowed_hours": lab,
        "reports.folder": lab,
    }
    api.handlers["policy.sources"] = lambda params: sources
    with tempfile.TemporaryDirectory(prefix="guardian-shots-") as scratch:
        store = QSettings(str(Path(scratch) / "guardian.ini"), QSettings.Format.IniFormat)
        dialog = SettingsDialog(api, api.login("secret"), settings=store)
        _settle(dialog)
        dialog.pages.setCurrentRow(1)  # Time: the locked days and hours
        QApplication.processEvents()
        shot = dialog.grab()
        dialog.hide()
        dialog.deleteLater()
    return [("settings-managed", shot)]


def activity_shots() -> Shots:
    """The parent's Activity window on Anna's week, on its charts and on its tampering."""
    api = FakeApi()
    api.policy = demo_policy()
    serve_reports(api)
    session = _module("ui.parent_session").ParentSession(api, api.login("secret"))
    today = date(2026, 12, 1)
    window = _module("ui.activity_page").ActivityWindow(session, today=lambda _summary: today)
    window.start()
    _settle(window, QSize(1100, 780))
    shots = [("activity", window.grab())]
    window.tabs.setCurrentIndex(4)
    QApplication.processEvents()
    shots.append(("activity-tamper", window.grab()))
    window.hide()
    window.deleteLater()
    return shots


def my_week_shots() -> Shots:
    """A child's own week ("My week" from the tray): Anna's week as the parent sees it, less
    the parent's controls, tampering and settings changes."""
    api = FakeApi()
    samples = importlib.import_module("tests.ui.report_samples")
    api.handlers["reports.mine"] = lambda _params: samples.as_data(samples.week())
    activity = _module("ui.activity_page")
    today = date(2026, 12, 1)
    window = activity.ActivityWindow(activity.OwnWeeks(api), today=lambda _summary: today)
    window.start()
    _settle(window, QSize(1100, 780))
    shots = [("my-week", window.grab())]
    window.hide()
    window.deleteLater()
    return shots


def my_day_shots() -> Shots:
    """The child's "My day" mid-afternoon: time left, today's timeline, apps, what was blocked
    and why, a declined request and one waiting, and a tip."""
    from datetime import datetime, timedelta, timezone

    api = FakeApi(
        status=sample_status(
            apps=demo_app_times(),
            age="12+",
            time_left_week=18000.0,
            next_change="2026-11-30T20:00:00+03:00",
        )
    )
    samples = importlib.import_module("tests.ui.report_samples")
    requests = importlib.import_module("tests.helpers.fake_requests").FakeRequests(api)
    api.handlers["reports.mine"] = lambda _params: samples.as_data(
        samples.week(name="Child", profile_id="child")
    )
    api.handlers["sites.recent"] = lambda _params: [
        {
            "at": "2026-11-30T15:42:00+03:00",
            "profile": "child",
            "name": "casino.example",
            "rule": "category:gambling",
        }
    ]
    requests.add(
        minutes=60,
        state="declined",
        message="Homework first, then we'll see.",
        answered_at="2026-11-30T12:10:00+03:00",
    )
    requests.add(minutes=30, note="I need to finish my project")
    now = datetime(2026, 11, 30, 18, 40, tzinfo=timezone(timedelta(hours=3)))
    window = _module("ui.my_day").MyDayWindow(api, now=lambda _status: now)
    window.refresh()
    _settle(window, QSize(600, 720))
    shots = [("my-day", window.grab())]
    window.hide()
    window.deleteLater()
    return shots


def ask_time_shots() -> Shots:
    """ "Ask for more time": the choice, the request sent with its code, and the field for a
    code from the parent's phone."""
    ask_time = _module("ui.ask_time")
    fake_requests = importlib.import_module("tests.helpers.fake_requests")
    shots: Shots = []
    for name, code_approval, send in (
        ("ask-time", False, False),
        ("ask-time-sent", False, True),
        ("ask-time-code", True, True),
    ):
        api = FakeApi(status=sample_status(code_approval=code_approval))
        fake_requests.FakeRequests(api)
        dialog = ask_time.AskTimeDialog(api, api.current)
        if send:
            dialog.findChild(QWidget, "ask-note").setPlainText("I need to finish my project")
            dialog.findChild(QWidget, "ask-send").click()
        shots.append((name, _grab_once(dialog)))
    return shots


def demo_log() -> list[LoggedEvent]:
    """An afternoon of the event log: blocks, a request and its answer, tampering, a change."""
    entries = [
        ("13:02", None, "policy_changed", {}),
        ("14:10", "anna", "site_blocked", {"name": "casino.example", "rule": "category:gambling"}),
        ("15:30", None, "tamper", {"what": "clock_jump", "seconds": -7200.0}),
        (
            "15:31",
            None,
            "login_failed",
            {"account": "kid", "error": "WrongPassword", "failures": 3},
        ),
        (
            "16:45",
            "anna",
            "app_blocked",
            {"account": "kid", "app": "minecraft", "name": "Minecraft", "reason": "app_time_spent"},
        ),
        ("16:50", "anna", "request", {"account": "kid", "minutes": 30, "note": "homework"}),
        ("16:52", "anna", "grant", {"minutes": 15}),
        ("17:00", "max", "warning", {"minutes": 5}),
        ("17:05", "max", "blocked", {"reasons": ["daily_budget_spent"]}),
        ("17:05", "max", "enforced", {"step": "lock", "account": "max"}),
    ]
    return [
        LoggedEvent(f"2026-12-01T{at}:00+03:00", profile, kind, data, number)
        for number, (at, profile, kind, data) in enumerate(entries, start=1)
    ]


def event_log_shots() -> Shots:
    """The parent's event log, newest first, in plain words."""
    api = FakeApi()
    api.policy = demo_policy()
    api.logged = demo_log()
    session = _module("ui.parent_session").ParentSession(api, api.login("secret"))
    window = _module("ui.event_log").EventLogWindow(session)
    window.start()
    return [("event-log", _grab_once(window, QSize(980, 480)))]


def picker_shots() -> Shots:
    """The catalogue of well-known apps and the programs running now, as the parent adds apps
    from them."""
    pages = _module("ui.apps_page")
    catalogue_picker = pages.CataloguePicker({rule.app for rule in demo_apps()})
    running = [
        sample_program("/usr/bin/minecraft-launcher", app="minecraft"),
        sample_program("/home/anna/Games/Space Game/SpaceGame.x86_64", name="SpaceGame"),
        sample_program(
            "/usr/bin/python3", name="python3", cmdline=("python3", "/home/anna/homework.py")
        ),
        sample_program("/usr/lib/firefox/firefox", app="firefox"),
    ]
    program_picker = pages.ProgramPicker(
        QCoreApplication.translate("AppsPage", "Add apps running now"), running, False
    )
    return [
        ("apps-catalogue", _grab_once(catalogue_picker)),
        ("apps-running", _grab_once(program_picker)),
    ]


def week_grid_shots() -> Shots:
    """The weekly grid alone, with exact minutes and a night past midnight."""
    grid = WeekGrid()
    anna = demo_policy().profiles[0]
    grid.set_windows(anna.allowed_hours)
    return [("week-grid", _grab_once(grid, grid.sizeHint()))]


def countdown_shots() -> Shots:
    """The last-minute countdown."""
    window = _module("ui.countdown").CountdownWindow()
    window.set_remaining(42, "lock")
    return [("countdown", _grab_once(window))]


def blocked_shots() -> Shots:
    """The "time is up" screen."""
    api = FakeApi()
    window = _module("ui.blocked").BlockedWindow(api)
    window.set_status(blocked_status())
    QApplication.processEvents()
    pixmap = window.grab()
    window.set_status(sample_status())
    window.deleteLater()
    return [("blocked", pixmap)]


def status_window_shots() -> Shots:
    """The window that stands in for the tray."""
    window = _module("ui.status_window").StatusWindow()
    window.set_status(sample_status(apps=demo_app_times()))
    return [("status-window", _grab_once(window))]


def recent_sites_shots() -> Shots:
    """The child's window of sites blocked lately, with the reasons in plain words."""
    api = FakeApi()
    today = date(2026, 11, 30)
    blocks = [
        {
            "at": "2026-11-30T16:42:00+03:00",
            "profile": "child",
            "name": "casino.example",
            "rule": "category:gambling",
        },
        {
            "at": "2026-11-30T15:10:00+03:00",
            "profile": "child",
            "name": "www.youtube.com",
            "rule": "schedule:youtube.com",
        },
        {
            "at": "2026-11-29T20:05:00+03:00",
            "profile": "child",
            "name": "nordvpn.com",
            "rule": "category:vpn",
        },
    ]
    api.handlers["sites.recent"] = lambda _params: blocks
    window = _module("ui.recent_sites").RecentSitesWindow(api, lambda: today)
    window.refresh()
    pixmap = _grab_once(window, QSize(900, 260))
    window.deleteLater()
    return [("recent-sites", pixmap)]


def ask_access_shots() -> Shots:
    """Asking for a blocked site, then the request code it got."""
    from tests.helpers.fake_requests import FakeRequests

    api = FakeApi()
    FakeRequests(api)
    dialogs = _module("ui.ask_access")
    dialog = dialogs.AskAccessDialog.for_site(api, "www.scratch.mit.edu", "category:games")
    russian = QLocale().language() == QLocale.Language.Russian
    dialog.note.setPlainText(
        "Учительница задала проект в Scratch на дом."
        if russian
        else "Our teacher gave us a Scratch project for homework."
    )
    form = _grab_once(dialog)
    dialog.send()
    sent = _grab_once(dialog)
    dialog.deleteLater()
    return [("ask-access", form), ("ask-access-sent", sent)]


def report_site_shots() -> Shots:
    """Telling a parent about a site that upset the child, then that it was sent."""
    from tests.helpers.fake_requests import FakeRequests

    api = FakeApi()
    FakeRequests(api)
    dialog = _module("ui.report_site").ReportSiteDialog(api)
    dialog.address.setText("https://scary-videos.example/watch?v=13")
    form = _grab_once(dialog)
    dialog.send()
    sent = _grab_once(dialog)
    dialog.deleteLater()
    return [("report-site", form), ("report-site-sent", sent)]


def password_shots() -> Shots:
    """The parent password prompt."""
    dialog = _module("ui.password").PasswordDialog(FakeApi())
    return [("password", _grab_once(dialog))]


def grant_shots() -> Shots:
    """The choice of bonus time, by day and at bedtime (the parent must choose about the hours)."""
    grant = _module("ui.grant")
    bedtime = blocked_status(
        reasons=("outside_hours",), next_change="2026-12-01T07:00:00+03:00", profile_name="Anna"
    )
    return [
        ("grant", _grab_once(grant.GrantDialog(name="Anna"))),
        ("grant-bedtime", _grab_once(grant.GrantDialog(status=bedtime, name="Anna"))),
    ]


ANNA = {"account": "kid", "profile_id": "anna", "profile_name": "Anna"}


def demo_requests(api: FakeApi) -> Any:
    """Two children's requests: three waiting, two answered this week."""
    requests = _module("tests.helpers.fake_requests").FakeRequests(api, enrolled=False)
    report = {"kind": "report", "minutes": None, "target": "site:scary.example"}
    requests.add(
        **ANNA,
        at="2026-11-28T19:10:00+03:00",
        state="approved",
        given_minutes=30,
        answered_at="2026-11-28T19:14:00+03:00",
        by="code",
    )
    requests.add(
        **ANNA,
        **report,
        target_name="scary.example",
        at="2026-11-29T17:02:00+03:00",
        note="It showed awful pictures",
        state="blocked",
        answered_at="2026-11-29T18:30:00+03:00",
    )
    requests.add(**ANNA, at="2026-11-30T20:55:00+03:00", note="The match is on until 21:30")
    requests.add(
        account="max",
        profile_id="max",
        profile_name="Max",
        kind="access",
        minutes=None,
        target="site:minecraft.net",
        target_name="minecraft.net",
        at="2026-11-30T17:40:00+03:00",
        note="For the school project",
    )
    requests.add(
        **ANNA,
        **report,
        target_name="free-prizes.example",
        at="2026-11-30T18:12:00+03:00",
        note="It says I won a phone and wants my address",
    )
    return requests


def requests_shots() -> Shots:
    """The Requests page with requests waiting and answered, setting up a phone (the QR code);
    and the answer to a time request."""
    page_module = _module("ui.requests_page")
    answer = _module("ui.answer_dialog")
    api = FakeApi()
    api.policy = demo_policy()
    serve_sites(api)
    serve_reports(api)
    requests = demo_requests(api)
    with tempfile.TemporaryDirectory(prefix="guardian-shots-") as scratch:
        store = QSettings(str(Path(scratch) / "guardian.ini"), QSettings.Format.IniFormat)
        dialog = SettingsDialog(api, api.login("secret"), settings=store)
        page = page_module.show_requests_page(dialog)
        _settle(dialog, QSize(1150, 1080))
        page.setup_button.click()
        QApplication.processEvents()
        shot = dialog.grab()
        dialog.hide()
        dialog.deleteLater()
    waiting = next(r for r in requests.items if r.open and r.kind == "time")
    bedtime = blocked_status(reasons=("outside_hours",), next_change="2026-12-01T07:00:00+03:00")
    time_dialog = answer.AnswerDialog(waiting, status=bedtime)
    return [("settings-requests", shot), ("answer-time", _grab_once(time_dialog))]


def tray_icon_shots() -> Shots:
    """The tray icon for plenty of time, little, the last minute, blocked and no limits."""
    icon = _module("ui.icon")
    statuses = (
        sample_status(),
        sample_status(session_left=600.0, time_left_today=600.0),
        sample_status(session_left=45.0, time_left_today=45.0, countdown=True),
        blocked_status(),
        sample_status(restricted=False),
    )
    strip = QPixmap(QSize((ICON_SIZE + 8) * len(statuses), ICON_SIZE + 8))
    strip.fill(QColor("white"))
    painter = QPainter(strip)
    for number, status in enumerate(statuses):
        gauge = icon.draw_gauge(icon.Gauge.of(status), ICON_SIZE)
        painter.drawPixmap(QPoint(4 + number * (ICON_SIZE + 8), 4), gauge)
    painter.end()
    return [("tray-icons", strip)]


def tray_menu_shots() -> Shots:
    """The tray menu for a child mid-afternoon, with the time of limited apps."""
    tray = _module("ui.tray")
    agent = tray.TrayAgent(FakeApi())
    agent.apply(sample_status(apps=demo_app_times()))
    return [("tray-menu", _menu_of(agent))]


def _menu_of(agent: Any) -> QPixmap:
    """The tray agent's menu as shown, then the agent closed."""
    menu = QMenu()
    agent.fill_menu(menu)
    menu.popup(QPoint(0, 0))
    QApplication.processEvents()
    pixmap = menu.grab()
    menu.hide()
    menu.deleteLater()
    agent.close()
    agent.deleteLater()
    return pixmap


def tray_service_down_shots() -> Shots:
    """The tray while the service is not running: its icon at tray sizes, and its menu."""
    icon = _module("ui.icon")
    tray = _module("ui.tray")
    api = FakeApi()
    agent = tray.TrayAgent(api)
    api.set_available(False)
    menu_pixmap = _menu_of(agent)
    sizes = (16, 22, 32, ICON_SIZE)
    icons_width = sum(size + 8 for size in sizes)
    canvas = QPixmap(
        QSize(max(icons_width, menu_pixmap.width()) + 8, ICON_SIZE + 16 + menu_pixmap.height())
    )
    canvas.fill(QColor("white"))
    painter = QPainter(canvas)
    x = 4
    for size in sizes:
        painter.drawPixmap(
            QPoint(x, 4 + ICON_SIZE - size), icon.draw_gauge(icon.SERVICE_DOWN_GAUGE, size)
        )
        x += size + 8
    painter.drawPixmap(QPoint(4, ICON_SIZE + 12), menu_pixmap)
    painter.end()
    return [("tray-service-down", canvas)]


def readme_shots() -> Shots:
    """The README's picture: the tray's icons and menu beside the parent's Time page."""
    parts = dict(tray_icon_shots() + tray_menu_shots() + settings_shots())
    icons, menu, settings = parts["tray-icons"], parts["tray-menu"], parts["settings-2-time"]
    gap = 24
    left = max(icons.width(), menu.width())
    canvas = QPixmap(left + gap + settings.width() + 2 * gap, settings.height() + 2 * gap)
    canvas.fill(QColor("#f4f4f4"))
    painter = QPainter(canvas)
    painter.drawPixmap(gap, gap, icons)
    painter.drawPixmap(gap, 2 * gap + icons.height(), menu)
    painter.drawPixmap(left + 2 * gap, gap, settings)
    painter.end()
    return [("readme", canvas)]


SHOTS: tuple[Callable[[], Shots], ...] = (
    wizard_shots,
    settings_shots,
    managed_settings_shots,
    activity_shots,
    my_week_shots,
    my_day_shots,
    ask_time_shots,
    event_log_shots,
    picker_shots,
    week_grid_shots,
    countdown_shots,
    blocked_shots,
    status_window_shots,
    recent_sites_shots,
    ask_access_shots,
    report_site_shots,
    password_shots,
    grant_shots,
    requests_shots,
    tray_icon_shots,
    tray_menu_shots,
    tray_service_down_shots,
    problems_shots,
    readme_shots,
)


@contextlib.contextmanager
def speaking(app: QCoreApplication, language: str) -> Iterator[None]:
    """Install a language's translations and locale for the duration, then take them out."""
    previous = QLocale()
    install_translations(app, language)
    try:
        yield
    finally:
        for translator in app.findChildren(QTranslator):
            app.removeTranslator(translator)
            translator.deleteLater()
        QLocale.setDefault(previous)


def write_shots(outdir: Path, languages: tuple[str, ...], only: list[str] | None = None) -> int:
    """Write every window (or those named in `only`) in every language; the number of windows
    that failed to draw."""
    app = QApplication.instance() or QApplication([])
    outdir.mkdir(parents=True, exist_ok=True)
    failures = 0
    for language in languages:
        with speaking(app, language):
            for shoot in SHOTS:
                if only and shoot.__name__.removesuffix("_shots") not in only:
                    continue
                try:
                    shots = shoot()
                except _Missing as missing:
                    print(f"skipped {shoot.__name__}: module {missing} is not there")
                    continue
                except Exception:
                    traceback.print_exc()
                    print(f"FAILED {shoot.__name__} ({language})", file=sys.stderr)
                    failures += 1
                    continue
                for name, pixmap in shots:
                    path = outdir / f"{name}-{language}.png"
                    if pixmap.isNull() or not pixmap.save(str(path)):
                        print(f"FAILED to write {path}", file=sys.stderr)
                        failures += 1
                    else:
                        print(path)
            QApplication.processEvents()
    return failures


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, write the screenshots, exit non-zero if any window failed."""
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__)
    parser.add_argument("outdir", type=Path, help="folder for the PNG files")
    parser.add_argument(
        "--only",
        action="append",
        choices=[shoot.__name__.removesuffix("_shots") for shoot in SHOTS],
        help="only these windows (repeat for more); all by default",
    )
    parser.add_argument(
        "--language",
        action="append",
        choices=LANGUAGES,
        help="only this language (repeat for more); all by default",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    failures = write_shots(args.outdir, tuple(args.language or LANGUAGES), args.only)
    return EXIT_FAILED if failures else 0


if __name__ == "__main__":
    sys.exit(main())
