"""The parent password's throttle counts wrong tries per OS account."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guardian import auth as auth_module
from guardian.api import Throttled, WrongPassword
from guardian.auth import FREE_TRIES, ParentAuth
from guardian.secrets import SecretStore

PASSWORD = "parent-pass"


class Store:
    """The throttle's persisted text, and the trusted clock."""

    def __init__(self) -> None:
        self.text: str | None = None
        self.now = 1_000_000.0

    def auth(self, secrets: Path) -> ParentAuth:
        return ParentAuth(
            SecretStore(secrets),
            now=lambda: self.now,
            monotonic=lambda: 0.0,
            load=lambda: self.text,
            save=lambda text: setattr(self, "text", text),
        )


@pytest.fixture
def store() -> Store:
    return Store()


def guess(auth: ParentAuth, account: str, times: int) -> None:
    for _ in range(times):
        with pytest.raises((WrongPassword, Throttled)):
            auth.login("guess", account)


def test_a_childs_guesses_lock_only_the_childs_account(store: Store, tmp_path: Path) -> None:
    auth = store.auth(tmp_path / "secrets.json")
    auth.set_password(PASSWORD)
    guess(auth, "kid", 50)
    assert auth.failures("kid") == FREE_TRIES  # throttled tries are refused, not counted
    with pytest.raises(Throttled):
        auth.login(PASSWORD, "kid")
    assert auth.retry_after("parent") == 0.0
    assert auth.login(PASSWORD, "parent")
    assert auth.login(PASSWORD, "root")
    with pytest.raises(Throttled):
        auth.login(PASSWORD, "kid")  # the parent's login does not free the child


def test_the_throttle_per_account_survives_a_restart(store: Store, tmp_path: Path) -> None:
    auth = store.auth(tmp_path / "secrets.json")
    auth.set_password(PASSWORD)
    guess(auth, "kid", FREE_TRIES)
    guess(auth, "parent", 2)
    again = store.auth(tmp_path / "secrets.json")
    assert again.is_set()
    assert again.failures("kid") == FREE_TRIES and again.retry_after("kid") > 0
    assert again.failures("parent") == 2
    assert again.login(PASSWORD, "parent") and again.failures("parent") == 0
    store.now += 31
    assert again.login(PASSWORD, "kid")
    assert json.loads(store.text or "")["accounts"] == {}


def test_an_earlier_versions_single_count_holds_no_account(store: Store, tmp_path: Path) -> None:
    store.text = json.dumps({"failures": 9, "locked_until": store.now + 3600, "password_set": True})
    auth = store.auth(tmp_path / "secrets.json")
    auth.set_password(PASSWORD)
    assert auth.retry_after("parent") == 0.0 and auth.login(PASSWORD, "parent")


def test_the_remembered_accounts_are_bounded(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth_module, "MAX_THROTTLED_ACCOUNTS", 4)
    auth = store.auth(tmp_path / "secrets.json")
    auth.set_password(PASSWORD)
    guess(auth, "kid", FREE_TRIES + 1)
    for n in range(10):
        guess(auth, f"uid-{n}", 1)
    assert len(json.loads(store.text or "")["accounts"]) == 4
    assert auth.retry_after("kid") > 0  # the most throttled account is kept
