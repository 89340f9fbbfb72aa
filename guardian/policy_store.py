"""The parent's policy on disk, and the last good one it falls back to.

A file that fails to read or validate never takes effect: the last good policy stays in force
(kept beside the state, so it survives a restart) and the error, with file, line and field, is
kept for the parent. With no good policy at all the embedded default applies, which restricts.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

from guardian.atomic import write_atomic
from rules.model import Policy
from rules.policy_file import PolicyFileError, dump_policy, parse_policy

log = logging.getLogger(__name__)


class PolicyStore:
    """Loads, validates and saves the parent's policy."""

    def __init__(self, path: Path, last_good: Path, default: Callable[[], Policy]) -> None:
        self.path = path
        self.last_good = last_good
        self._default = default
        self.problem: str | None = None
        """Why the file on disk is not in force, or None when it is."""
        self.digest: str | None = None
        self._seen: tuple[int, int, int] | None = None
        self.policy = self._initial()
        self._seen = _signature(self.path)

    def _initial(self) -> Policy:
        policy = self._read(self.last_good)
        loaded = self.reload()
        if loaded is not None:
            return loaded
        if policy is not None:
            return policy
        return self._default()

    def _read(self, path: Path) -> Policy | None:
        try:
            return parse_policy(path.read_text(encoding="utf-8"), str(path))
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, PolicyFileError) as exc:
            log.error("%s", exc)
            return None

    def reload(self) -> Policy | None:
        """Read the parent's file again; returns the new policy, or None when it cannot be used."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self.problem = None
            return None
        except OSError as exc:
            self.problem = f"{self.path}: cannot be read: {exc}"
            return None
        self.digest = hashlib.sha256(raw).hexdigest()
        try:
            policy = parse_policy(raw.decode("utf-8"), str(self.path))
        except UnicodeDecodeError as exc:
            self.problem = f"{self.path}: not UTF-8 text ({exc})"
            return None
        except PolicyFileError as exc:
            self.problem = str(exc)
            log.error("policy not applied, keeping the last good one:\n%s", exc)
            return None
        self.problem = None
        self.policy = policy
        write_atomic(self.last_good, dump_policy(policy, "toml").encode(), mode=0o600)
        return policy

    def changed_on_disk(self) -> bool:
        """Whether someone other than this store changed the file since it last read or wrote it.

        A stat() each call; the content is hashed only when size, mtime or inode moved, so a
        touch without a change is not a change.
        """
        seen = _signature(self.path)
        if seen == self._seen:
            return False
        self._seen = seen
        try:
            digest = hashlib.sha256(self.path.read_bytes()).hexdigest()
        except FileNotFoundError:
            return self.digest is not None
        except OSError:
            return True
        return digest != self.digest

    def save(self, policy: Policy) -> None:
        """Write a new policy (already validated) and make it the one in force."""
        text = dump_policy(policy, "toml").encode()
        write_atomic(self.path, text, mode=0o600)
        write_atomic(self.last_good, text, mode=0o600)
        self.digest = hashlib.sha256(text).hexdigest()
        self._seen = _signature(self.path)
        self.policy = policy
        self.problem = None


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)
