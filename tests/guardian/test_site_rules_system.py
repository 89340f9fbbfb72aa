"""Site rules and the system: the machine's DNS pointed at the filter and put back, per-account
redirection from the accounts' uids to their profiles' listeners, browser policies from the
strictest profile. The OS parts are fakes that record what they are asked; the filter is real."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from guardian.features.base import FilterOptions
from guardian.features.sites import SiteRules
from guardian.platform.base import SitesPlatform
from guardian.platform.browsers import ApplyResult, BrowserRules, LocationResult
from guardian.platform.nft import RulesetResult
from guardian.platform.system_dns import PointResult
from guardian.problems import ProblemCode
from guardian.service import GuardianService
from rules.model import Policy
from tests.guardian.conftest import MAKE, kid_policy
from tests.guardian.dns.conftest import FakeUpstream
from tests.helpers.fakes import FakeClock, fake_platform

pytestmark = pytest.mark.slow


@dataclass
class FakeSystemDns:
    pointed_at: tuple[str, int] | None = None
    restored: int = 0
    refuse: str = ""
    still_pointed: bool = True

    def current_upstreams(self) -> tuple[str, ...]:
        return ("192.0.2.53",)

    def point_at(self, address: str, port: int = 53) -> PointResult:
        if self.refuse:
            return PointResult(False, "resolv.conf", self.refuse)
        self.pointed_at = (address, port)
        return PointResult(True, "resolv.conf")

    def restore(self) -> None:
        self.restored += 1
        self.pointed_at = None

    def pointed(self) -> bool:
        return self.pointed_at is not None and self.still_pointed


@dataclass
class FakeAttribution:
    applied: list[dict[int, int]] = field(default_factory=list)
    removed: int = 0

    def apply(self, mapping: Mapping[int, int]) -> RulesetResult:
        self.applied.append(dict(mapping))
        return RulesetResult(True)

    def remove(self) -> RulesetResult:
        self.removed += 1
        return RulesetResult(True)


@dataclass
class FakeBrowsers:
    written: list[BrowserRules] = field(default_factory=list)
    removed: int = 0
    fail: bool = False

    def apply(self, rules: BrowserRules) -> ApplyResult:
        self.written.append(rules)
        if self.fail:
            failed = (LocationResult("firefox", "/etc/firefox/policies", "read-only"),)
            return ApplyResult((), failed)
        return ApplyResult((LocationResult("chromium", "/etc/chromium", ""),), ())

    def remove(self) -> ApplyResult:
        self.removed += 1
        return ApplyResult((), ())


@pytest.fixture
def system() -> tuple[FakeSystemDns, FakeAttribution, FakeBrowsers]:
    return FakeSystemDns(), FakeAttribution(), FakeBrowsers()


@pytest.fixture
def upstream() -> Any:
    server = FakeUpstream()
    yield server
    server.close()


def _start(
    make_service: MAKE,
    clock: FakeClock,
    system: tuple[FakeSystemDns, FakeAttribution, FakeBrowsers],
    upstream: FakeUpstream,
    policy: Policy,
) -> GuardianService:
    dns, attribution, browsers = system
    platform = replace(
        fake_platform(),
        sites=SitesPlatform(dns, browsers, attribution),  # type: ignore[arg-type]
    )
    service = make_service(
        policy,
        platform=platform,
        site_filter=FilterOptions(port=0, upstreams=(upstream.address,)),
    )
    feature = service.feature(SiteRules)
    deadline = time.monotonic() + 30

    def up() -> bool:
        status = feature.status_of_filter()
        twins = not feature._ipv6 or any(a.startswith("[::1]") for a in status.listen[1:])
        return bool(dns.pointed_at and attribution.applied and status.running and twins)

    while not up():
        assert time.monotonic() < deadline, "the filter did not come up"
        service.tick()
        time.sleep(0.05)
    return service


def test_the_system_points_at_the_filter_and_accounts_at_their_listeners(
    make_service: MAKE, clock: FakeClock, system: Any, upstream: FakeUpstream
) -> None:
    dns, attribution, browsers = system
    service = _start(make_service, clock, system, upstream, kid_policy())
    status = service.feature(SiteRules).status_of_filter()
    shared_port = int(status.listen[0].rsplit(":", 1)[1])
    assert dns.pointed_at == ("127.0.0.1", shared_port)
    # The kid (uid 1001 in the fake accounts) goes to the kid profile's own listener.
    mapping = attribution.applied[-1]
    assert list(mapping) == [1001]
    assert mapping[1001] != shared_port
    assert f"127.0.0.1:{mapping[1001]}" in status.listen
    if service.feature(SiteRules)._ipv6:
        assert f"[::1]:{mapping[1001]}" in status.listen
    assert status.per_account and status.system_pointed
    assert status.upstreams == (upstream.address,)
    rules = browsers.written[-1]
    assert rules.disable_doh and rules.disable_private and rules.safe_search
    assert status.browsers == ("chromium",)
    service.close()
    assert dns.restored == 1 and dns.pointed_at is None
    assert attribution.removed == 1


def test_browsers_get_the_strictest_profiles_own_lists(
    make_service: MAKE, clock: FakeClock, system: Any, upstream: FakeUpstream
) -> None:
    policy = kid_policy(sites={"block": ["tiktok.com"], "allow": ["school.ru"]})
    _start(make_service, clock, system, upstream, policy)
    rules = system[2].written[-1]
    assert rules.block_urls == ("tiktok.com",)
    assert rules.allow_urls == ("school.ru",)


def test_a_policy_that_filters_nobody_puts_everything_back(
    make_service: MAKE, clock: FakeClock, system: Any, upstream: FakeUpstream
) -> None:
    dns, attribution, browsers = system
    service = _start(make_service, clock, system, upstream, kid_policy())
    service.replace_policy(kid_policy(sites={"filter": False}))
    service.tick()
    assert dns.restored == 1 and attribution.removed == 1 and browsers.removed == 1
    assert not service.feature(SiteRules).status_of_filter().running


def test_failures_are_told_to_the_parent(
    make_service: MAKE, clock: FakeClock, system: Any, upstream: FakeUpstream
) -> None:
    dns, _, browsers = system
    browsers.fail = True
    service = make_service(kid_policy())  # only to reach the shared fixtures' folder
    service.close()
    dns.refuse = "resolv.conf is read-only"
    platform = replace(fake_platform(), sites=SitesPlatform(dns, browsers, None))  # type: ignore[arg-type]
    service = make_service(
        kid_policy(),
        platform=platform,
        site_filter=FilterOptions(port=0, upstreams=(upstream.address,)),
    )
    deadline = time.monotonic() + 30
    codes: set[ProblemCode] = set()
    while ProblemCode.SITE_SYSTEM_DNS not in codes:
        assert time.monotonic() < deadline, codes
        service.tick()
        codes = {p.code for p in service.problems()}
        time.sleep(0.05)
    assert ProblemCode.SITE_BROWSERS in codes
    problem = next(p for p in service.problems() if p.code is ProblemCode.SITE_SYSTEM_DNS)
    assert "read-only" in problem.detail and not problem.dismissable


def test_settings_written_back_by_another_program_are_pointed_again(
    make_service: MAKE,
    clock: FakeClock,
    system: Any,
    upstream: FakeUpstream,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dns, _, _ = system
    service = _start(make_service, clock, system, upstream, kid_policy())
    monkeypatch.setattr("guardian.features.sites.POINTED_CHECK_SECONDS", 0.0)
    feature = service.feature(SiteRules)
    feature._check_pointed_at = 0.0
    dns.still_pointed = False
    dns.pointed_at = None
    service.tick()
    service.tick()
    assert dns.pointed_at is not None
