"""Service fixtures: a service on a fake clock and fake platform in a temp folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from guardian.api import Event
from guardian.paths import DataPaths
from guardian.platform.base import Platform
from guardian.service import GuardianService, ServiceOptions
from rules.model import Policy, Profile, Weekday, from_data
from tests.helpers.fakes import FakeClock, fake_platform

MAKE = Callable[..., GuardianService]


def kid_policy(**fields: object) -> Policy:
    """Kid with 2 h a day between 07:00 and 21:30 Moscow time; the parent is unrestricted."""
    profile = {
        "id": "kid",
        "name": "Kid",
        "accounts": ["kid"],
        "daily_budget": {d.value: 120 for d in Weekday},
        "allowed_hours": {d.value: ["07:00-21:30"] for d in Weekday},
        **fields,
    }
    return Policy(
        timezone="Europe/Moscow",
        default_profile="kid",
        profiles=(from_data(Profile, profile),),
        unrestricted_accounts=("parent",),
    )


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "config", tmp_path / "state")


@pytest.fixture
def make_service(paths: DataPaths, clock: FakeClock) -> Iterator[MAKE]:
    """Build services over the same folder and clock (a second call is a restart)."""
    made: list[GuardianService] = []

    def make(
        policy: Policy | None = None,
        *,
        platform: Platform | None = None,
        on_clock: FakeClock | None = None,
        **options: object,
    ) -> GuardianService:
        service = GuardianService(
            paths,
            platform or fake_platform(),
            on_clock or clock,
            ServiceOptions(standalone=False, **options),  # type: ignore[arg-type]
            default_timezone="Europe/Moscow",
        )
        if policy is not None:
            service.replace_policy(policy)
        made.append(service)
        return service

    yield make
    for service in made:
        service.close()


@pytest.fixture
def events() -> list[Event]:
    return []
