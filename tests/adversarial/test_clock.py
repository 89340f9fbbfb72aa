"""Attacks on time: the clock moved while the service is stopped, then restart after restart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from guardian.service import GuardianService
from tests.guardian.conftest import MAKE, kid_policy
from tests.helpers.fakes import FakeClock

MORNING = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _clock_events(service: GuardianService) -> list[str]:
    return [
        e.data["what"]
        for e in service.ledger.events(kind="tamper")
        if e.data["what"].startswith("clock")
    ]


def _restart(make_service: MAKE, service: GuardianService) -> GuardianService:
    service.close()
    return make_service()


def test_a_forward_jump_while_stopped_gains_nothing_and_is_reported_once(
    make_service: MAKE, clock: FakeClock
) -> None:
    """Attack: stop the service, move the clock a day forward (a fresh day's budget), start it
    again and again. Outcome: within one boot, trusted time continues from the boot clock, so
    no day is skipped; the jump is one tamper event, not one per restart."""
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    for _ in range(30):
        clock.advance(2)
        service.tick()
    service.close()
    clock.set_wall(clock.now() + timedelta(days=1))
    service = make_service()
    for _ in range(20):
        service = _restart(make_service, service)
        service.tick()
    assert service.trusted.now().date() == MORNING.date()
    assert service.status("kid").day == "2026-11-30"
    assert _clock_events(service) == ["clock_changed_while_stopped"]


def test_after_a_reboot_trusted_time_converges_on_a_clock_put_right(
    make_service: MAKE, clock: FakeClock
) -> None:
    """Attack: the clock is a day ahead across a reboot (nothing can tell then), and is put
    right afterwards. Outcome: trusted time never goes back, runs at half speed until it meets
    the wall clock, and the jump back is reported once however often the service restarts."""
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    service.tick()
    service.close()
    clock.reboot()
    clock.set_wall(clock.now() + timedelta(days=1))
    service = make_service()
    service.tick()
    service.flush()
    ahead = service.trusted.now()
    clock.set_wall(clock.now() - timedelta(days=1))  # put right
    clock.advance(2)
    service.tick()
    service.flush()
    assert service.trusted.now() >= ahead
    for _ in range(5):
        service = _restart(make_service, service)
        service.tick()
    assert _clock_events(service) == ["clock_jump"]
    service.close()
    clock.reboot()
    service = make_service()
    last = service.trusted.now()
    for _ in range(3 * 24):
        clock.advance(3600)
        now = service.trusted.now()
        assert now >= last
        last = now
    assert abs((service.trusted.now() - clock.now()).total_seconds()) < 5
