"""Site rules end to end: the service runs the real filter process on a loopback port, a real
DNS client (dnspython) asks it, and a fake upstream on loopback answers what is let through."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import dns.message
import dns.query
import dns.rcode
import pytest

from guardian.api import AuthRequired, Event, EventKind, InvalidRequest
from guardian.dns.config import Blocked, Count, Counts
from guardian.features.base import FilterOptions
from guardian.features.sites import (
    LOGGED_BLOCKS_PER_DAY,
    OTHER_SITE,
    RECENT_BLOCKS,
    SITES_PER_DAY,
    SiteRules,
)
from guardian.ledger import SiteCountRow
from guardian.problems import ProblemCode
from guardian.service import GuardianService, LocalApi
from guardian.sites.client import SitesClient
from rules.model import Policy
from tests.guardian.conftest import MAKE, kid_policy
from tests.guardian.dns.conftest import FakeUpstream
from tests.helpers.fakes import FakeClock

pytestmark = pytest.mark.slow


@pytest.fixture
def upstream() -> Iterator[FakeUpstream]:
    server = FakeUpstream()
    server.add("example.org", "A", "192.0.2.10")
    server.add("www.youtube.com", "A", "192.0.2.20")
    yield server
    server.close()


def _policy(**sites: Any) -> Policy:
    return kid_policy(sites={"categories": ["gambling", "vpn"], **sites})


def _running(service: GuardianService, clock: FakeClock) -> int:
    """Tick until the filter answers; its shared port."""
    feature = service.feature(SiteRules)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        service.tick()
        status = feature.status_of_filter()
        if status.running and status.listen:
            return int(status.listen[0].rsplit(":", 1)[1])
        clock.advance(1)
        time.sleep(0.05)
    raise AssertionError("the site filter did not start")


def _ask(port: int, name: str, rdtype: str = "A") -> dns.message.Message:
    query = dns.message.make_query(name, rdtype)
    return dns.query.udp(query, "127.0.0.1", port=port, timeout=3)


@pytest.fixture
def start(make_service: MAKE, upstream: FakeUpstream, clock: FakeClock) -> Callable[..., Any]:
    def run(policy: Policy | None = None) -> tuple[GuardianService, int]:
        service = make_service(
            policy or _policy(),
            site_filter=FilterOptions(port=0, upstreams=(upstream.address,)),
        )
        return service, _running(service, clock)

    return run


def test_the_filter_blocks_listed_sites_and_forwards_the_rest(
    start: Callable[..., Any], upstream: FakeUpstream
) -> None:
    _, port = start(_policy(block=["example.com"]))
    blocked = _ask(port, "www.example.com")
    assert blocked.rcode() == dns.rcode.NXDOMAIN
    assert _ask(port, "nordvpn.com").rcode() == dns.rcode.NXDOMAIN  # built-in vpn list
    allowed = _ask(port, "example.org")
    assert allowed.rcode() == dns.rcode.NOERROR
    assert [r.to_text() for rrset in allowed.answer for r in rrset] == ["192.0.2.10"]
    canary = _ask(port, "use-application-dns.net")
    assert canary.rcode() == dns.rcode.NXDOMAIN


def test_a_blocked_site_is_told_once_per_burst_and_counted(
    start: Callable[..., Any], clock: FakeClock
) -> None:
    service, port = start(_policy(block=["example.com"]))
    heard: list[Event] = []
    service.subscribe(heard.append)
    for _ in range(5):
        _ask(port, "www.example.com")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        service.tick()
        blocks = [e for e in heard if e.kind is EventKind.SITE_BLOCKED]
        if blocks:
            break
        time.sleep(0.1)
    time.sleep(0.5)
    service.tick()
    blocks = [e for e in heard if e.kind is EventKind.SITE_BLOCKED]
    assert len(blocks) == 1
    assert blocks[0].data["account"] == "kid"
    assert blocks[0].data["rule"] == "block:example.com"
    # Counts arrive every few seconds from the filter and land with a flush.
    deadline = time.monotonic() + 15
    rows: list[SiteCountRow] = []
    while time.monotonic() < deadline and not rows:
        time.sleep(0.5)
        service.tick()
        service.flush()
        day = clock.now().date()
        rows = service.ledger.site_counts("kid", day, day)
    assert rows[0].site == "example.com"
    assert rows[0].blocked == 5
    assert rows[0].rule == "block:example.com"


def test_a_filter_that_dies_is_started_again(start: Callable[..., Any]) -> None:
    service, port = start()
    feature = service.feature(SiteRules)
    assert feature._filter is not None
    feature._filter._process.kill()  # type: ignore[attr-defined]
    feature._filter._process.wait()  # type: ignore[attr-defined]
    service.tick()
    assert ProblemCode.SITE_FILTER_DOWN in {p.code for p in service.problems()}
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        service.tick()
        status = feature.status_of_filter()
        if status.running and status.listen:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the filter was not started again")
    port = int(feature.status_of_filter().listen[0].rsplit(":", 1)[1])
    assert _ask(port, "example.org").rcode() == dns.rcode.NOERROR
    assert ProblemCode.SITE_FILTER_DOWN not in {p.code for p in service.problems()}


def test_schedules_follow_the_clock(start: Callable[..., Any], clock: FakeClock) -> None:
    # Monday 09:00 UTC is 12:00 in Moscow: YouTube only from 16:00 to 18:00.
    schedule = {"sites": ["youtube.com"], "hours": {"mon": ["16:00-18:00"]}}
    service, port = start(_policy(schedules=[schedule]))
    assert _ask(port, "www.youtube.com").rcode() == dns.rcode.NXDOMAIN
    clock.advance(timedelta(hours=4, minutes=30).total_seconds())
    service.tick()
    deadline = time.monotonic() + 10
    while _ask(port, "www.youtube.com").rcode() != dns.rcode.NOERROR:
        assert time.monotonic() < deadline, "the schedule did not open"
        time.sleep(0.1)


def test_the_parent_tests_an_address(start: Callable[..., Any]) -> None:
    service, _ = start(_policy(block=["example.com"]))
    token = service.set_password(None, "correct horse")
    sites = SitesClient(LocalApi(service, "parent"))
    [kid] = sites.test(token, "WWW.Example.com.")
    assert (kid.name, kid.blocked, kid.rule) == ("www.example.com", True, "block:example.com")
    [vpn] = sites.test(token, "nordvpn.com", "kid")
    assert vpn.blocked and vpn.rule == "category:vpn" and "vpn" in vpn.categories
    with pytest.raises(InvalidRequest):
        sites.test(token, "not a name")
    with pytest.raises(AuthRequired):
        sites.test("forged", "example.com")
    assert {c.name for c in sites.categories(token)} >= {"doh", "vpn", "residential-proxies"}
    assert sites.status(token).running


def test_categories_the_lists_lack_are_reported(start: Callable[..., Any]) -> None:
    service, _ = start(_policy(categories=["gambling", "no-such-list"]))
    found = [p for p in service.problems() if p.code is ProblemCode.SITE_LISTS_MISSING]
    assert found and "no-such-list" in found[0].args["categories"]


def test_importing_a_list_puts_it_in_force(start: Callable[..., Any], tmp_path: Path) -> None:
    service, port = start(_policy(categories=["own"]))
    listing = tmp_path / "own.txt"
    listing.write_text("0.0.0.0 tracker.example\n0.0.0.0 ads.example\nnot a line\n")
    [result] = service.feature(SiteRules).import_lists(str(listing), "own")
    assert (result.name, result.names, result.skipped) == ("own", 2, 1)
    deadline = time.monotonic() + 10
    while _ask(port, "x.tracker.example").rcode() != dns.rcode.NXDOMAIN:
        assert time.monotonic() < deadline, "the new list was not put in force"
        service.tick()
        time.sleep(0.1)


def test_a_days_counts_stay_bounded(make_service: MAKE, clock: FakeClock) -> None:
    # No filter process needed: the counts arrive as the filter reports them.
    service = make_service(_policy())
    feature = service.feature(SiteRules)
    rows = tuple(Count("kid", f"www.site{n}.example", "", 1, 0) for n in range(SITES_PER_DAY + 100))
    feature._on_report(Counts(rows))
    feature._on_report(Counts((Count("kid", "cdn.site1.example", "", 2, 0),)))
    service.tick()
    service.flush()
    day = clock.now().date()
    stored = {row.site: row for row in service.ledger.site_counts("kid", day, day)}
    assert len(stored) == SITES_PER_DAY + 1
    assert stored[OTHER_SITE].allowed == 100
    assert stored["site1.example"].allowed == 3  # www. and cdn. are one site


def test_a_flood_of_blocked_names_does_not_fill_the_log(
    make_service: MAKE, clock: FakeClock
) -> None:
    service = make_service(_policy(list="allowlist"))
    feature = service.feature(SiteRules)
    for n in range(LOGGED_BLOCKS_PER_DAY + 50):
        feature._on_report(Blocked("kid", f"random{n}.example", "allowlist"))
    service.tick()
    service.flush()
    logged = service.ledger.events(1000, "site_blocked")
    assert len(logged) == LOGGED_BLOCKS_PER_DAY
    assert len(feature.recent_for("kid")) == RECENT_BLOCKS  # the child's list is bounded too
