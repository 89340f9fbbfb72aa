"""Sentences built from the status: countdown, hours, when allowed again, tooltip and summary."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from guardian.api import AppTime, AuthRequired, InvalidRequest, Throttled
from guardian.ipc.protocol import ServiceUnavailable
from guardian.problems import Problem, ProblemCode
from tests.helpers.fake_api import blocked_status, sample_status
from ui.i18n import TRANSLATIONS_DIR
from ui.texts import (
    api_error_text,
    app_time_lines,
    app_time_text,
    category_name,
    countdown_text,
    hours_text,
    needs_parent_text,
    next_allowed_text,
    problem_text,
    summary_lines,
    tooltip_text,
)


@pytest.mark.parametrize(
    ("action", "text"),
    [
        ("lock", "The screen will lock in 42 s"),
        ("logout", "You will be logged out in 42 s"),
        ("shutdown", "The computer will shut down in 42 s"),
        ("suspend", "The computer will go to sleep in 42 s"),
        ("something-new", "Time is up in 42 s"),
    ],
)
def test_countdown_names_the_action(action: str, text: str) -> None:
    assert countdown_text(action, 41.3) == text


def test_hours_are_listed_or_the_day_is_closed() -> None:
    assert hours_text([("07:00", "12:00"), ("15:00", "24:00")]) == (
        "Allowed today: 07:00–12:00 and 15:00–24:00"
    )
    assert hours_text([]) == "Not allowed today."


@pytest.mark.parametrize(
    ("when", "text"),
    [
        ("2026-11-30T19:00:00+03:00", "You can use the computer again at 19:00."),
        ("2026-12-01T07:00:00+03:00", "You can use the computer again tomorrow at 07:00."),
        ("2026-12-03T07:30:00+03:00", "You can use the computer again on Thursday at 07:30."),
        (None, "Ask a parent if you need the computer now."),
    ],
)
def test_next_allowed_is_said_relative_to_the_day(when: str | None, text: str) -> None:
    assert next_allowed_text(when, "2026-11-30") == text


def test_tooltip() -> None:
    assert tooltip_text(sample_status()) == "Guardian — 1 h 20 min left today"
    assert tooltip_text(blocked_status()) == "Guardian — time is up"
    assert tooltip_text(sample_status(restricted=False)) == "Guardian — no time limits"
    assert tooltip_text(sample_status(time_left_today=None)) == "Guardian — no limit today"


def test_summary_lists_the_week_only_when_limited() -> None:
    assert summary_lines(sample_status()) == [
        "Time left today: 1 h 20 min",
        "Allowed today: 07:00–21:30",
    ]
    assert summary_lines(sample_status(time_left_week=3 * 3600.0))[1] == (
        "Time left this week: 3 h"
    )
    assert summary_lines(sample_status(restricted=False)) == ["No time limits for this account."]


@pytest.mark.parametrize(
    ("app", "text"),
    [
        (AppTime("minecraft", "Minecraft", 2700.0, 1200.0, 1500.0), "Minecraft: 25 min left"),
        (AppTime("category:games", "games", 5400.0, 1500.0, 3900.0), "Games: 1 h 5 min left"),
        (
            AppTime("category:social", "social", 600.0, 0.0, 600.0),
            "Social and messengers: 10 min left",
        ),
        (AppTime("minecraft", "Minecraft", 2700.0, 2700.0, 0.0), "Minecraft: time is up for today"),
        (AppTime("odd", "50%2 off", 60.0, 0.0, 60.0), "50%2 off: 1 min left"),
    ],
)
def test_app_times_read_as_sentences(app: AppTime, text: str) -> None:
    assert app_time_text(app) == text


def test_app_time_lines_follow_the_status() -> None:
    assert app_time_lines(sample_status()) == []
    apps = (AppTime("category:video", "video", 3600.0, 3600.0, 0.0),)
    assert app_time_lines(sample_status(apps=apps)) == ["Video: time is up for today"]


SAMPLE_ARGS = {
    "file": "/etc/guardian/policy.toml",
    "folder": "/var/lib/guardian",
    "reason": "full",
    "account": "kid",
    "profile": "Anna",
    "step": "lock",
    "feature": "apps",
    "week": "2026-W48",
    "host": "smtp.yandex.ru",
    "waiting": "3",
}


def every_problem() -> list[Problem]:
    """Each code, with every argument any code takes, and the variants that read differently."""
    problems = [Problem(code, dict(SAMPLE_ARGS)) for code in ProblemCode]
    problems += [
        Problem(ProblemCode.STORAGE_FAILING, {**SAMPLE_ARGS, "reason": reason})
        for reason in ("read_only", "io_error", "other")
    ]
    problems += [
        Problem(ProblemCode.ENFORCEMENT_FAILED, {**SAMPLE_ARGS, "step": step})
        for step in ("logout", "shutdown", "suspend", "close")
    ]
    problems.append(Problem(ProblemCode.ACCOUNT_ADDED, {"account": "guest", "profile": ""}))
    problems += [
        Problem(ProblemCode.REPORT_MAIL, {**SAMPLE_ARGS, "reason": reason, "waiting": waiting})
        for reason, waiting in (
            ("connect", "1"),
            ("tls", "2"),
            ("auth", "5"),
            ("refused", "21"),
            ("timeout", "3"),
            ("no_password", "1"),
        )
    ]
    problems += [
        Problem(ProblemCode.REPORT_FOLDER, {**SAMPLE_ARGS, "reason": reason})
        for reason in ("read_only", "denied", "not_folder", "missing", "other")
    ]
    return problems


@pytest.mark.parametrize("problem", every_problem(), ids=lambda p: p.key)
def test_every_problem_has_a_sentence_and_a_fix(problem: Problem) -> None:
    text, fix = problem_text(problem)
    assert text and fix and "%" not in text + fix


@pytest.mark.parametrize("problem", every_problem(), ids=lambda p: p.key)
def test_every_problem_reads_in_russian(qtbot: object, problem: Problem) -> None:
    english = problem_text(problem)
    translator = QTranslator(QCoreApplication.instance())
    if not translator.load("guardian_ru", str(TRANSLATIONS_DIR)):
        pytest.skip("run `make translations` to build the .qm")
    QCoreApplication.installTranslator(translator)
    russian = problem_text(problem)
    for en, ru in zip(english, russian, strict=True):
        assert ru != en and "%" not in ru
        assert re.search("[а-яё]", ru), ru


def test_categories_are_called_in_windows_as_in_the_summaries(qtbot: object) -> None:
    from guardian.reports import texts as report_texts

    assert category_name("games") == "Games" and category_name("unknown") == "unknown"
    translator = QTranslator(QCoreApplication.instance())
    if not translator.load("guardian_ru", str(TRANSLATIONS_DIR)):
        pytest.skip("run `make translations` to build the .qm")
    QCoreApplication.installTranslator(translator)
    # The windows follow their installed translator, whatever language a summary speaks.
    assert category_name("games") == "Игры" and category_name("system") == "Системные"
    with report_texts.speaking("ru"):
        assert report_texts.category_name("system") == category_name("system")


def test_problem_arguments_fill_the_sentence() -> None:
    text, fix = problem_text(
        Problem(ProblemCode.ADMIN_CHILD, {"account": "kid", "profile": "50%2 Anna"})
    )
    assert text == (
        "The account kid (profile 50%2 Anna) is an administrator of this computer, so the "
        "child can get around the limits."
    )
    assert fix == "Make kid a standard account in the system's user settings."
    text, _ = problem_text(Problem(ProblemCode.POLICY_NOT_APPLIED, {"file": "a%2b.toml"}))
    assert text.startswith("The policy file a%2b.toml could not be read")


def test_a_child_is_told_only_that_a_parent_is_needed() -> None:
    assert needs_parent_text() == "Guardian needs a parent's attention."


def test_refusals_are_said_in_words() -> None:
    assert api_error_text(ServiceUnavailable("socket error 2")) == (
        "Guardian's service is not running or did not answer."
    )
    assert api_error_text(AuthRequired("x")) == (
        "The parent session has ended. Enter the password again."
    )
    assert api_error_text(Throttled(30)) == "Too many wrong passwords. Try again later."
    assert api_error_text(InvalidRequest("profiles.0.name: empty")) == "profiles.0.name: empty"
