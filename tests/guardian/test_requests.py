"""The requests feature on a fake clock: asking, limits, answers, expiry, restarts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from guardian.api import Event, EventKind, InvalidRequest, RateLimited
from guardian.features.base import FILE_CHECK_SECONDS
from guardian.features.requests import CODE_ALPHABET, REQUESTS_KEY, Requests
from guardian.paths import DataPaths
from guardian.requests_client import Decision, RequestsClient
from guardian.service import GuardianService, LocalApi
from tests.guardian.conftest import MAKE, kid_policy
from tests.helpers.fakes import FakeClock

# Monday 2026-11-30 04:00 UTC is 07:00 in Moscow, when the kid's hours begin.
MORNING = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)


def parent_token(service: GuardianService) -> str:
    service.set_password(None, "parent-pass")
    return service.login("parent-pass", "parent")


def run(service: GuardianService, clock: FakeClock, seconds: float, step: float = 1.0) -> None:
    for _ in range(int(seconds / step)):
        clock.advance(step)
        service.tick()


def test_a_time_request_is_kept_told_to_parents_and_approved(
    make_service: MAKE, clock: FakeClock
) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    token = parent_token(service)
    seen: list[Event] = []
    service.subscribe(seen.append)
    kid = RequestsClient(LocalApi(service, "kid"))
    parent = RequestsClient(LocalApi(service, "parent"))
    asked = kid.ask_time(45, "  homework  ")
    assert len(asked.id) == 4 and set(asked.id) <= set(CODE_ALPHABET)
    assert asked.open and asked.minutes == 45 and asked.note == "homework"
    assert asked.profile_id == "kid" and asked.profile_name == "Kid"
    assert asked.at.endswith("+03:00")
    assert [e.data["id"] for e in seen if e.kind is EventKind.REQUEST] == [asked.id]
    assert [r.id for r in parent.listing(token)] == [asked.id]
    before = service.status("kid").time_left_today or 0.0
    done = parent.answer(token, asked.id, Decision.APPROVE, message="ok, after dinner")
    assert done.state == "approved" and done.by == "parent" and done.given_minutes == 45
    assert not done.outside_hours and done.message == "ok, after dinner"
    assert (service.status("kid").time_left_today or 0.0) >= before + 45 * 60 - 1
    answered = [e.data for e in seen if e.kind is EventKind.REQUEST_ANSWERED]
    assert answered[-1]["state"] == "approved" and answered[-1]["account"] == "kid"
    logged = service.ledger.events(kind="request_answer")
    assert logged[0].data["id"] == asked.id and logged[0].data["by"] == "parent"
    with pytest.raises(InvalidRequest, match="already answered"):
        parent.answer(token, asked.id, Decision.APPROVE)
    assert len(service.ledger.grants("kid", MORNING.date())) == 1


def test_rest_of_day_outside_hours_is_said_and_given(make_service: MAKE, clock: FakeClock) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    token = parent_token(service)
    kid = RequestsClient(LocalApi(service, "kid"))
    asked = kid.ask_time(30)
    done = RequestsClient(LocalApi(service, "parent")).answer(
        token, asked.id, Decision.APPROVE, rest_of_day=True, outside_hours=True
    )
    assert done.rest_of_day and done.given_minutes is None and done.outside_hours
    (grant,) = service.ledger.grants("kid", MORNING.date())
    assert grant.minutes is None and grant.outside_hours
    event = service.ledger.events(kind="grant")[0].data
    assert event["outside_hours"] is True and event["request_id"] == asked.id


def test_one_open_request_per_kind_and_target(make_service: MAKE, clock: FakeClock) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    token = parent_token(service)
    kid = RequestsClient(LocalApi(service, "kid"))
    first = kid.ask_time(15)
    second = kid.ask_time(30)
    kid.ask_access("site:Example.COM.")
    kid.ask_access("site:example.com")
    kid.ask_access("app:minecraft")
    listing = RequestsClient(LocalApi(service, "parent")).listing(token)
    assert first.id not in {r.id for r in listing}
    assert [(r.kind, r.target) for r in listing] == [
        ("time", None),
        ("access", "site:example.com"),
        ("access", "app:minecraft"),
    ]
    assert listing[0].id == second.id
    assert listing[2].target_name == "Minecraft"
    assert any(e.data["replaces"] == first.id for e in service.ledger.events(kind="request"))
    for number in range(5):
        kid.report_site(f"bad{number}.example")
    with pytest.raises(InvalidRequest, match="wait for a parent"):
        kid.report_site("bad9.example")
    kid.report_site("bad1.example")  # the same site again replaces its open report


def test_bad_requests_are_refused_with_the_param_named(
    make_service: MAKE, clock: FakeClock
) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    kid = RequestsClient(LocalApi(service, "kid"))
    for call, param in [
        (lambda: kid.ask_time(0), "minutes"),
        (lambda: kid.ask_time(1441), "minutes"),
        (lambda: kid.ask_time(10, "x" * 501), "note"),
        (lambda: kid.ask_access("site:not a host"), "target"),
        (lambda: kid.ask_access("site:10.0.0.1"), "target"),
        (lambda: kid.ask_access("app:no-such-app"), "target"),
        (lambda: kid.ask_access("minecraft"), "target"),
        (lambda: kid.report_site(""), "target"),
    ]:
        with pytest.raises(InvalidRequest, match=param):
            call()
    # An account no profile restricts has no time to ask for.
    with pytest.raises(InvalidRequest, match="no profile"):
        RequestsClient(LocalApi(service, "parent")).ask_time(10)
    assert kid.ask_access("site:пример.рф").target == "site:xn--e1afmkfd.xn--p1ai"


def test_the_daily_cap_refuses_a_flood(make_service: MAKE, clock: FakeClock) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    kid = RequestsClient(LocalApi(service, "kid"))
    with pytest.raises(RateLimited):
        for minutes in range(1, 200):
            kid.ask_time(minutes)
    assert len(kid.mine()) == 1


def test_access_and_reports_change_the_policy(make_service: MAKE, clock: FakeClock) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy(apps=[{"app": "minecraft", "mode": "blocked"}]))
    token = parent_token(service)
    kid = RequestsClient(LocalApi(service, "kid"))
    parent = RequestsClient(LocalApi(service, "parent"))
    site = kid.ask_access("site:wiki.example")
    app = kid.ask_access("app:minecraft")
    report = kid.report_site("scary.example", "it showed scary things")
    changes = len(service.ledger.events(kind="policy_changed"))
    assert parent.answer(token, site.id, Decision.APPROVE).state == "approved"
    assert parent.answer(token, app.id, Decision.APPROVE).state == "approved"
    assert parent.answer(token, report.id, Decision.BLOCK).state == "blocked"
    profile = service.layers.policy.profile("kid")
    assert "wiki.example" in profile.sites.allow
    assert "scary.example" in profile.sites.block
    assert [(r.app, r.mode.value) for r in profile.apps] == [("minecraft", "allowed")]
    assert len(service.ledger.events(kind="policy_changed")) == changes + 3
    # An allowed site blocked later leaves the allowed list (allowed would beat blocked).
    assert parent.answer(token, site.id, Decision.BLOCK).state == "blocked"
    profile = service.layers.policy.profile("kid")
    assert "wiki.example" in profile.sites.block and "wiki.example" not in profile.sites.allow
    with pytest.raises(InvalidRequest, match="not about a site"):
        parent.answer(token, app.id, Decision.BLOCK)
    seen = kid.report_site("odd.example")
    with pytest.raises(InvalidRequest, match="report"):
        parent.answer(token, seen.id, Decision.APPROVE)
    assert parent.answer(token, seen.id, Decision.SEEN).state == "seen"


def test_decline_with_a_message_and_cancel(make_service: MAKE, clock: FakeClock) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    token = parent_token(service)
    kid = RequestsClient(LocalApi(service, "kid"))
    parent = RequestsClient(LocalApi(service, "parent"))
    asked = kid.ask_time(60)
    done = parent.answer(token, asked.id, Decision.DECLINE, message="  not tonight ")
    assert done.state == "declined" and done.message == "not tonight"
    assert kid.mine()[0].message == "not tonight"
    again = kid.ask_time(20)
    kid.cancel(again.id)
    assert kid.mine()[0].state == "cancelled"
    with pytest.raises(InvalidRequest):
        kid.cancel(again.id)
    assert service.ledger.grants("kid", MORNING.date()) == ()


def test_time_requests_expire_with_their_day_and_answers_are_forgotten_after_a_week(
    make_service: MAKE, clock: FakeClock
) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    token = parent_token(service)
    seen: list[Event] = []
    service.subscribe(seen.append)
    kid = RequestsClient(LocalApi(service, "kid"))
    parent = RequestsClient(LocalApi(service, "parent"))
    asked = kid.ask_time(30)
    report = kid.report_site("bad.example")
    clock.advance(20 * 3600)  # 00:00 in Moscow the next day
    service.tick()
    token = service.login("parent-pass", "parent")
    states = {r.id: r.state for r in parent.listing(token)}
    assert states == {asked.id: "expired", report.id: "open"}
    assert [e.data["state"] for e in seen if e.kind is EventKind.REQUEST_ANSWERED] == ["expired"]
    assert service.ledger.events(kind="request_answer")[0].data["state"] == "expired"
    clock.advance(8 * 86400)
    service.tick()
    token = service.login("parent-pass", "parent")
    assert [r.id for r in parent.listing(token)] == [report.id]
    assert service.ledger.events(kind="request")  # the log keeps what was asked


def test_requests_survive_a_restart_and_a_broken_store_is_dropped(
    make_service: MAKE, clock: FakeClock
) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    token = parent_token(service)
    asked = RequestsClient(LocalApi(service, "kid")).ask_time(30)
    service.close()
    restarted = make_service()
    token = restarted.login("parent-pass", "parent")
    parent = RequestsClient(LocalApi(restarted, "parent"))
    assert [r.id for r in parent.listing(token)] == [asked.id]
    parent.answer(token, asked.id, Decision.APPROVE)
    restarted.close()
    again = make_service()
    token = again.login("parent-pass", "parent")
    parent = RequestsClient(LocalApi(again, "parent"))
    with pytest.raises(InvalidRequest, match="already answered"):
        parent.answer(token, asked.id, Decision.APPROVE)
    again.ledger.set_meta(REQUESTS_KEY, '{"version": 1, "requests": [{"id": 5}, ')
    again.close()
    broken = make_service()
    assert broken.feature(Requests).listing() == []
    token = broken.login("parent-pass", "parent")
    with pytest.raises(InvalidRequest, match="no request"):
        RequestsClient(LocalApi(broken, "parent")).answer(token, asked.id, Decision.APPROVE)
    assert len(broken.ledger.grants("kid", MORNING.date())) == 1


def test_one_broken_request_is_dropped_the_others_kept(
    make_service: MAKE, clock: FakeClock
) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    asked = RequestsClient(LocalApi(service, "kid")).ask_time(30)
    text = service.ledger.meta(REQUESTS_KEY) or ""
    service.ledger.set_meta(REQUESTS_KEY, text.replace('"requests":[', '"requests":[{"id":1},'))
    service.close()
    restarted = make_service()
    assert [r.id for r in restarted.feature(Requests).listing()] == [asked.id]


def test_bonus_given_unasked_answers_the_open_time_request(
    make_service: MAKE, clock: FakeClock
) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    token = parent_token(service)
    run(service, clock, 2)
    kid = RequestsClient(LocalApi(service, "kid"))
    asked = kid.ask_time(30)
    service.call("parent", "grant", token=token, profile_id="kid", minutes=20)
    (mine,) = kid.mine()
    assert mine.id == asked.id and mine.state == "approved" and mine.given_minutes == 20


def test_in_process_answers_reach_only_the_account_that_asked(
    make_service: MAKE, clock: FakeClock
) -> None:
    clock.set_wall(MORNING)
    policy = kid_policy(accounts=["kid", "sister"])
    service = make_service(policy)
    token = parent_token(service)
    heard: dict[str, list[Event]] = {"kid": [], "sister": [], "parent": []}
    for account, events in heard.items():
        LocalApi(service, account).subscribe(events.append)
    asked = RequestsClient(LocalApi(service, "kid")).ask_time(30)
    RequestsClient(LocalApi(service, "parent")).answer(
        token, asked.id, Decision.DECLINE, message="for kid only"
    )

    def answers(account: str) -> list[str]:
        return [e.data["message"] for e in heard[account] if e.kind is EventKind.REQUEST_ANSWERED]

    assert answers("kid") == ["for kid only"]
    assert answers("parent") == ["for kid only"]
    assert answers("sister") == []


def test_stored_requests_are_what_clients_read_and_status_tells_the_age(
    make_service: MAKE, clock: FakeClock
) -> None:
    from dataclasses import fields

    from guardian.features.requests import StoredRequest
    from guardian.requests_client import RequestView

    assert {f.name for f in fields(RequestView)} == set(StoredRequest.__struct_fields__)
    clock.set_wall(MORNING)
    service = make_service(kid_policy(preset="6+"))
    assert service.status("kid").age == "6+"
    assert service.status("parent").age is None


def test_time_requests_an_earlier_version_kept_are_carried_over(
    make_service: MAKE, clock: FakeClock
) -> None:
    from guardian.features.requests import OLD_REQUESTS_KEY

    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    old = (
        '[{"at": "2026-11-30T07:00:00+03:00", "account": "kid", "profile_id": "kid",'
        ' "minutes": 25, "note": "please"}]'
    )
    service.ledger.set_meta(OLD_REQUESTS_KEY, old)
    service.ledger.set_meta(REQUESTS_KEY, "")
    service.close()
    restarted = make_service()
    (carried,) = restarted.feature(Requests).listing()
    assert carried.open and carried.minutes == 25 and carried.note == "please"


def test_a_setting_a_school_manages_is_not_changed_by_an_answer(
    make_service: MAKE, paths: DataPaths, clock: FakeClock
) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    token = parent_token(service)
    folder = paths.config / "policies" / "managed"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "10-lab.toml").write_text(
        '[[profiles]]\nid = "kid"\n[profiles.sites]\nallow = ["school.example"]\n',
        encoding="utf-8",
    )
    clock.advance(FILE_CHECK_SECONDS + 1)
    service.tick()
    token = service.login("parent-pass", "parent")
    asked = RequestsClient(LocalApi(service, "kid")).ask_access("site:games.example")
    parent = RequestsClient(LocalApi(service, "parent"))
    with pytest.raises(InvalidRequest, match="managed"):
        parent.answer(token, asked.id, Decision.APPROVE)
    assert parent.listing(token)[0].open
    assert service.layers.policy.profile("kid").sites.allow == ("school.example",)


def test_a_site_report_and_a_time_request_reach_the_weekly_summary(
    make_service: MAKE, clock: FakeClock, paths: DataPaths
) -> None:
    """What the service logs is what the summary reads: asked and answered through the real
    feature, then collected from the real database."""
    from datetime import date

    from guardian.reports.collect import collect_week, open_readonly

    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    token = parent_token(service)
    kid = RequestsClient(LocalApi(service, "kid"))
    parent = RequestsClient(LocalApi(service, "parent"))
    report = kid.report_site("scary.example", "it showed scary things")
    asked = kid.ask_time(45, "the film")
    parent.answer(token, report.id, Decision.BLOCK)
    parent.answer(token, asked.id, Decision.APPROVE, minutes=20, outside_hours=True)
    service.flush()

    db = open_readonly(paths.database)
    try:
        week = collect_week(
            db, service.layers.policy, "kid", date(2026, 11, 30), now=clock.now(),
            machine="pc", version="test",
        )  # fmt: skip
    finally:
        db.close()
    rows = {row.detail["id"]: row for row in week.requests.rows}
    reported = rows[report.id]
    assert reported.account == "kid"
    assert (reported.detail["kind"], reported.detail["target"], reported.detail["state"]) == (
        "report",
        "site:scary.example",
        "blocked",
    )
    assert reported.detail["note"] == "it showed scary things"
    time_asked = rows[asked.id].detail
    assert (time_asked["kind"], time_asked["minutes"], time_asked["given_minutes"]) == (
        "time",
        45,
        20,
    )
    assert time_asked["outside_hours"] is True and time_asked["by"] == "parent"
    (grant,) = week.grants.rows
    assert grant.account == "kid" and grant.detail["outside_hours"] is True
