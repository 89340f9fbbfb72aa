"""One-time codes: RFC 6238 vectors, one use per code, expiry, the shared throttle."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from guardian.api import InvalidRequest, Throttled, WrongPassword
from guardian.auth import FREE_TRIES
from guardian.features.requests import Requests
from guardian.totp import LAST_STEP_KEY, SEED_NAME, STEP_SECONDS, matching_step
from tests.guardian.conftest import MAKE, kid_policy
from tests.helpers.fakes import FakeClock

RFC_SEED = base64.b32encode(b"12345678901234567890").decode()
"""The SHA-1 seed of RFC 6238 Appendix B."""
RFC_VECTORS = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]
MORNING = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)


@pytest.mark.parametrize(("at", "code"), RFC_VECTORS)
def test_rfc_6238_sha1_vectors(at: int, code: str) -> None:
    assert pyotp.TOTP(RFC_SEED, digits=8).at(at) == code
    assert matching_step(RFC_SEED, code, at, digits=8) == at // STEP_SECONDS
    # Our six digits are the last six of the eight (RFC 4226 truncation modulo 10^6).
    assert pyotp.TOTP(RFC_SEED).at(at) == code[-6:]
    assert matching_step(RFC_SEED, code[-6:], at) == at // STEP_SECONDS


def test_a_code_is_good_for_one_step_either_side_only() -> None:
    at = 1234567890
    code = pyotp.TOTP(RFC_SEED).at(at)
    assert matching_step(RFC_SEED, code, at + STEP_SECONDS) == at // STEP_SECONDS
    assert matching_step(RFC_SEED, code, at - STEP_SECONDS) == at // STEP_SECONDS
    assert matching_step(RFC_SEED, code, at + 2 * STEP_SECONDS) is None
    assert matching_step(RFC_SEED, "12a456", at) is None
    assert matching_step(RFC_SEED, code + "0", at) is None


def enrol(service: object, clock: FakeClock, account: str = "parent") -> str:
    """Set up codes as a parent would; the secret."""
    requests = service.feature(Requests)  # type: ignore[attr-defined]
    pending = requests.codes.begin()
    assert pending.uri.startswith("otpauth://totp/Guardian:")
    assert "issuer=Guardian" in pending.uri
    code = pyotp.TOTP(pending.secret).at(clock.now())
    requests.codes.confirm(account, code)
    return str(pending.secret)


def ask(service: object, minutes: int = 60) -> str:
    return str(service.call("kid", "request.submit", kind="time", minutes=minutes)["id"])  # type: ignore[attr-defined]


def test_enrolment_needs_a_right_code_and_keeps_the_secret_out_of_the_log(
    make_service: MAKE, clock: FakeClock
) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    service.set_password(None, "parent-pass")
    token = service.login("parent-pass", "parent")
    assert service.call("parent", "requests.codes", token=token) == {
        "enrolled": False,
        "code_minutes": 30,
    }
    assert not service.status("kid").code_approval, "no code field for the child yet"
    with pytest.raises(InvalidRequest):
        service.call("parent", "requests.code_confirm", token=token, code="123456")
    begun = service.call("parent", "requests.code_begin", token=token)
    assert len(base64.b32decode(begun["secret"])) == 20  # 160 bits
    wrong = pyotp.TOTP(begun["secret"]).at(clock.now() + timedelta(minutes=5))
    with pytest.raises(WrongPassword):
        service.call("parent", "requests.code_confirm", token=token, code=wrong)
    assert service.secrets.get(SEED_NAME) is None
    right = pyotp.TOTP(begun["secret"]).at(clock.now())
    service.call("parent", "requests.code_confirm", token=token, code=right)
    assert service.secrets.get(SEED_NAME) == begun["secret"]
    assert service.call("parent", "requests.codes", token=token)["enrolled"]
    assert service.status("kid").code_approval, "the child's dialog now offers the code field"
    logged = " ".join(str(e.data) for e in service.ledger.events())
    assert begun["secret"] not in logged
    assert begun["secret"] not in str(service.ledger.meta(LAST_STEP_KEY))
    service.call("parent", "requests.code_remove", token=token)
    assert service.secrets.get(SEED_NAME) is None
    assert not service.status("kid").code_approval


def test_a_code_approves_once_and_at_most_code_minutes(
    make_service: MAKE, clock: FakeClock
) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    secret = enrol(service, clock)
    clock.advance(STEP_SECONDS)
    first = ask(service, minutes=90)
    code = pyotp.TOTP(secret).at(clock.now())
    done = service.call("kid", "request.approve_code", id=first, code=code)
    assert done["state"] == "approved" and done["by"] == "code"
    assert done["given_minutes"] == 30 and not done["outside_hours"]
    (grant,) = service.ledger.grants("kid", MORNING.date())
    assert grant.minutes == 30 and not grant.outside_hours
    assert service.ledger.events(kind="grant")[0].data["request_id"] == first
    # The same code again, for a new request: refused, and counted as a wrong try.
    second = ask(service, minutes=10)
    with pytest.raises(WrongPassword):
        service.call("kid", "request.approve_code", id=second, code=code)
    assert service.auth.failures("kid") == 1
    # Neither the approved request nor another account's can be approved (again).
    with pytest.raises(InvalidRequest):
        service.call("kid", "request.approve_code", id=first, code=code)
    with pytest.raises(InvalidRequest):
        service.call("parent", "request.approve_code", id=second, code=code)
    clock.advance(STEP_SECONDS)
    fresh = pyotp.TOTP(secret).at(clock.now())
    small = service.call("kid", "request.approve_code", id=second, code=fresh)
    assert small["given_minutes"] == 10


def test_reuse_is_refused_after_a_restart_and_old_steps_too(
    make_service: MAKE, clock: FakeClock
) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    secret = enrol(service, clock)
    clock.advance(2 * STEP_SECONDS)
    totp = pyotp.TOTP(secret)
    earlier = totp.at(clock.now() - timedelta(seconds=STEP_SECONDS))
    code = totp.at(clock.now())
    service.call("kid", "request.approve_code", id=ask(service), code=code)
    service.close()
    restarted = make_service()
    again = ask(restarted)
    with pytest.raises(WrongPassword):
        restarted.call("kid", "request.approve_code", id=again, code=code)
    # A code of the step before the one accepted is still inside the window, but older.
    with pytest.raises(WrongPassword):
        restarted.call("kid", "request.approve_code", id=again, code=earlier)


def test_a_code_from_two_steps_ago_has_expired(make_service: MAKE, clock: FakeClock) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    secret = enrol(service, clock)
    clock.advance(STEP_SECONDS * 5)
    old = pyotp.TOTP(secret).at(clock.now() - timedelta(seconds=2 * STEP_SECONDS))
    with pytest.raises(WrongPassword):
        service.call("kid", "request.approve_code", id=ask(service), code=old)


def test_wrong_codes_are_throttled_like_passwords_and_the_wait_survives_a_restart(
    make_service: MAKE, clock: FakeClock
) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    secret = enrol(service, clock)
    request = ask(service)
    for _ in range(FREE_TRIES):
        with pytest.raises(WrongPassword):
            service.call("kid", "request.approve_code", id=request, code="000000")
    clock.advance(STEP_SECONDS / 3)
    right = pyotp.TOTP(secret).at(clock.now())
    with pytest.raises(Throttled):
        service.call("kid", "request.approve_code", id=request, code=right)
    service.close()
    restarted = make_service()
    with pytest.raises(Throttled):
        restarted.call("kid", "request.approve_code", id=request, code=right)
    # The password of the parent's own account is not held by the child's guesses.
    restarted.set_password(None, "parent-pass")
    assert restarted.login("parent-pass", "parent")


def test_codes_need_an_enrolment(make_service: MAKE, clock: FakeClock) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    with pytest.raises(InvalidRequest):
        service.call("kid", "request.approve_code", id=ask(service), code="123456")


def test_the_status_never_reads_the_secret_store(
    make_service: MAKE, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every status says whether a phone code can work; reading the secret store for it would
    load keyring into every standalone tray (and fail with an unreadable store)."""
    from guardian.secrets import SecretStoreError

    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    secret = enrol(service, clock)

    def unreadable(name: str) -> str | None:
        raise SecretStoreError("secrets.json cannot be read: denied")

    with monkeypatch.context() as patch:
        patch.setattr(service.secrets, "get", unreadable)
        status = service.status("kid")
    assert status.restricted and status.code_approval
    assert secret
