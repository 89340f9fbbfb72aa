"""The service's app rules apart from real processes: platforms that cannot see apps, status."""

from __future__ import annotations

from guardian.features.apps import Apps
from guardian.problems import ProblemCode
from tests.guardian.apps.conftest import apps_policy
from tests.guardian.conftest import MAKE


def test_app_rules_on_a_platform_without_app_facts_are_reported(make_service: MAKE) -> None:
    service = make_service(apps_policy(apps=[{"app": "minecraft", "mode": "blocked"}]))
    assert not service.has_feature(Apps)
    assert [p.code for p in service.problems()] == [ProblemCode.APPS_UNSUPPORTED]
    service.tick()
    assert service.status("kid").apps == ()


def test_no_problem_without_app_rules(make_service: MAKE) -> None:
    service = make_service(apps_policy())
    assert service.problems() == []


def test_status_lists_app_and_category_budgets(app_service) -> None:
    service = app_service(
        apps_policy(
            apps=[{"app": "minecraft", "mode": "limited", "daily_minutes": 30}],
            category_budgets={"video": 45},
        )
    )
    service.tick()
    times = service.status("kid").apps
    assert [(t.key, t.name, t.budget, t.used, t.left) for t in times] == [
        ("minecraft", "Minecraft", 1800.0, 0.0, 1800.0),
        ("category:video", "video", 2700.0, 0.0, 2700.0),
    ]
    assert service.status("parent").apps == ()


def test_downtime_apps_changes_the_action_children_are_shown(app_service) -> None:
    service = app_service(apps_policy(downtime="apps"))
    assert service.status("kid").action == "apps"
    service = app_service(apps_policy())
    assert service.status("kid").action == "lock"
