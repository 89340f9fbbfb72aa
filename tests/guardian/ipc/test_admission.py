"""Who gets a connection: per-account caps, and slots no ordinary account can take."""

from __future__ import annotations

from collections import Counter

from guardian.ipc.admission import Administrators, ConnectionLimits, refusal
from guardian.platform.base import PlatformError
from tests.helpers.fakes import FakeAccounts

LIMITS = ConnectionLimits(total=8, per_account=3, reserved=3)


def test_an_account_gets_its_share_and_administrators_the_reserve() -> None:
    assert refusal(LIMITS, "kid", False, 0, Counter()) is None
    assert refusal(LIMITS, "kid", False, 3, Counter({"kid": 3})) is not None
    assert refusal(LIMITS, "kid2", False, 3, Counter({"kid": 3})) is None
    ordinary = Counter({"kid": 3, "kid2": 2})
    assert refusal(LIMITS, "kid3", False, 5, ordinary) is not None  # 5 of 8: the rest reserved
    assert refusal(LIMITS, "parent", True, 5, ordinary) is None
    assert refusal(LIMITS, "parent", True, 8, ordinary) is not None


def test_administrators_are_root_the_service_and_the_platforms_admins() -> None:
    accounts = FakeAccounts()
    admins = Administrators(accounts, "guardian", lambda: 0.0)
    assert admins("root") and admins("guardian") and admins("parent")
    assert not admins("kid") and not admins(None)


def test_without_an_account_list_only_root_and_the_service_are_administrators() -> None:
    class Broken(FakeAccounts):
        def accounts(self) -> list:  # type: ignore[type-arg]
            raise PlatformError("no")

    admins = Administrators(Broken(), None, lambda: 0.0)
    assert admins("root") and not admins("parent")
