"""The parent's policy on disk, and the last good one it falls back to.

A file that fails to read or validate never takes effect: the last good policy stays in force
(kept beside the state, so it survives a restart) and the error, with file, line and field, is
kept for the parent. With no good policy at all the embedded default applies, which restricts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from guardian.atomic import write_atomic
from guardian.filewatch import FileWatch
from rules.model import Policy
from rules.policy_file import PolicyFileError, dump_policy, parse_policy

log = logging.getLogger(__name__)


class PolicyStore:
    """Loads, validates and saves the parent's policy."""

    def __init__(
        self, path: Path, last_good: Path, default: Callable[[], Policy], *, keep: bool = True
    ) -> None:
        """`keep`: write the last good copy (False for tools that only read, like the CLI)."""
        self.path = path
        self.last_good = last_good
        self._keep = keep
        self._default = default
        self.problem: str | None = None
        """Why the file on disk is not in force, or None when it is."""
        self._watch = FileWatch(path)
        self.policy = self._initial()

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
            self._watch.accept(None)
            return None
        except OSError as exc:
            self.problem = f"{self.path}: cannot be read: {exc}"
            return None
        self._watch.accept(raw)
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
        self._keep_last_good(dump_policy(policy, "toml").encode())
        return policy

    @property
    def configured(self) -> bool:
        """Whether a policy was ever saved here (by setup, the settings or by hand)."""
        return self.path.exists() or self.last_good.exists()

    def _keep_last_good(self, text: bytes) -> None:
        # The copy lives with the state; a full or read-only state disk must not stop a policy.
        if not self._keep:
            return
        try:
            write_atomic(self.last_good, text, mode=0o600)
        except OSError as exc:
            log.error("could not keep the last good policy in %s: %s", self.last_good, exc)

    def changed_on_disk(self) -> bool:
        """Whether someone other than this store changed the file since it last read or wrote it."""
        return self._watch.changed()

    def save(self, policy: Policy) -> None:
        """Write a new policy (already validated) and make it the one in force."""
        text = dump_policy(policy, "toml").encode()
        write_atomic(self.path, text, mode=0o600)
        self._keep_last_good(text)
        self._watch.accept(text)
        self.policy = policy
        self.problem = None
