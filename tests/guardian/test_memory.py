"""Password hashing does not leave its 19 MiB behind in a long-running process."""

from __future__ import annotations

from pathlib import Path

import psutil

from guardian.auth import ParentAuth, hasher
from guardian.secrets import SecretStore


def test_logins_do_not_grow_the_process(tmp_path: Path) -> None:
    state: dict[str, str] = {}
    auth = ParentAuth(
        SecretStore(tmp_path / "secrets.json"),
        now=lambda: 0.0,
        monotonic=lambda: 0.0,
        load=lambda: state.get("s"),
        save=lambda text: state.__setitem__("s", text),
    )
    hasher()  # the library's own import is not what this measures
    before = psutil.Process().memory_info().rss
    auth.set_password("parent-pass")
    for _ in range(3):
        auth.login("parent-pass", "parent")
    grown = psutil.Process().memory_info().rss - before
    assert grown < 8 * 2**20, f"RSS grew {grown / 2**20:.1f} MiB over a password and logins"
