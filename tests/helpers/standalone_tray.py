"""Starting the real `guardian-tray --standalone` as a process, set up past the wizard."""

from __future__ import annotations

import os
import select
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.fail

from guardian.clock import SystemClock
from guardian.paths import standalone_paths
from guardian.platform import current
from guardian.service import GuardianService, ServiceOptions
from rules.presets import default_policy

ROOT = Path(__file__).resolve().parents[2]


def seed_password(data_dir: Path, password: str = "parent-pass") -> None:
    """Set a standalone data folder up as the first-run wizard would: the parent password (in
    its secrets file) and the built-in default policy.

    The tray process has no keystore here either, so the test's in-memory keyring is set
    aside while seeding.
    """
    previous: keyring.backend.KeyringBackend = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        seed = GuardianService(
            standalone_paths(data_dir), current(), SystemClock(), ServiceOptions(standalone=True)
        )
        seed.set_password(None, password)
        seed.replace_policy(default_policy("UTC"))
        seed.close()
    finally:
        keyring.set_keyring(previous)


@contextmanager
def standalone_tray(data_dir: Path, **env: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """A running standalone tray and where it showed itself ("tray" or "window"); SIGTERM and
    wait on leaving. The returncode is checked by the caller after the block."""
    environment = {**os.environ, "GUARDIAN_REPORT_STARTUP": "1", **env}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.app", "--standalone", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 30)
        assert ready, "the tray did not report being shown within 30 s"
        line = proc.stdout.readline().split()
        assert line[:1] == ["shown"], line
        yield proc, line[1]
    finally:
        proc.terminate()
        proc.communicate(timeout=20)
