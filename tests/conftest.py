"""Test configuration: Qt offscreen, a private runtime dir, and an in-memory keyring."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import keyring
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if not os.environ.get("XDG_RUNTIME_DIR"):
    _runtime = tempfile.mkdtemp(prefix="guardian-runtime-")
    os.chmod(_runtime, 0o700)
    os.environ["XDG_RUNTIME_DIR"] = _runtime

from tests.helpers.fakes import FakeClock
from tests.helpers.memory_keyring import MemoryKeyring


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets a fresh in-memory keyring."""
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock at Monday 2026-11-30 09:00 UTC."""
    return FakeClock()
