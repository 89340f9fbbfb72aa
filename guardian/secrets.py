"""One place for secrets: the parent password verifier and, later, other credentials.

Keyring when the OS gives the running account a real keystore; otherwise a JSON file readable
only by its owner in the state folder. Never a plaintext or "fail" keyring backend.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from guardian.atomic import write_atomic
from guardian.filewatch import FileWatch

if TYPE_CHECKING:
    import keyring.backend

log = logging.getLogger(__name__)
SERVICE = "guardian"
_REJECTED_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def usable_keyring() -> keyring.backend.KeyringBackend | None:
    """The active keyring backend if it is a real keystore, else None."""
    import keyring

    backend = keyring.get_keyring()
    candidates = getattr(backend, "backends", [backend])
    if not candidates:
        return None
    for candidate in candidates:
        module = type(candidate).__module__
        if module.startswith(_REJECTED_MODULES):
            return None
    return backend


class SecretStore:
    """Get and set named secrets in the best store available."""

    def __init__(self, fallback_file: Path) -> None:
        self.fallback_file = fallback_file
        self._watch = FileWatch(fallback_file)
        self._keyring: keyring.backend.KeyringBackend | None = None
        self._resolved = False

    def _backend(self) -> keyring.backend.KeyringBackend | None:
        # Resolved on first use: keyring's backend discovery costs memory a service that
        # never touches a secret (most of its life) should not carry.
        if not self._resolved:
            self._keyring = usable_keyring()
            self._resolved = True
        return self._keyring

    @property
    def where(self) -> str:
        """Where secrets live, for `guardian doctor` and the parent's Security page."""
        backend = self._backend()
        if backend is not None:
            return f"keyring ({type(backend).__name__})"
        return str(self.fallback_file)

    def get(self, name: str) -> str | None:
        """A secret, or None when it was never set."""
        import keyring.errors

        backend = self._backend()
        if backend is not None:
            try:
                return backend.get_password(SERVICE, name)
            except keyring.errors.KeyringError as exc:
                log.warning("keyring read failed (%s); using %s", exc, self.fallback_file)
                self._keyring = None
        return self._read_file().get(name)

    def set(self, name: str, value: str) -> None:
        """Store a secret, replacing any earlier value."""
        import keyring.errors

        backend = self._backend()
        if backend is not None:
            try:
                backend.set_password(SERVICE, name, value)
                return
            except keyring.errors.KeyringError as exc:
                log.warning("keyring write failed (%s); using %s", exc, self.fallback_file)
                self._keyring = None
        data = self._read_file()
        data[name] = value
        text = json.dumps(data).encode()
        write_atomic(self.fallback_file, text, mode=0o600)
        self._watch.accept(text)

    def delete(self, name: str) -> None:
        """Forget a secret; forgetting one never set is harmless."""
        import keyring.errors

        backend = self._backend()
        if backend is not None:
            try:
                backend.delete_password(SERVICE, name)
            except keyring.errors.PasswordDeleteError:
                pass  # not there: nothing to forget
            except keyring.errors.KeyringError as exc:
                log.warning("keyring delete failed (%s); using %s", exc, self.fallback_file)
                self._keyring = None
        data = self._read_file()
        if data.pop(name, None) is None:
            return
        text = json.dumps(data).encode()
        write_atomic(self.fallback_file, text, mode=0o600)
        self._watch.accept(text)

    def changed_behind_back(self) -> bool:
        """Whether the secrets file changed other than through this store (hand edits)."""
        return self._watch.changed()

    def _read_file(self) -> dict[str, str]:
        try:
            raw = self.fallback_file.read_bytes()
            data = json.loads(raw)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise SecretStoreError(f"{self.fallback_file} cannot be read: {exc}") from exc
        if not isinstance(data, dict):
            raise SecretStoreError(f"{self.fallback_file} is not a JSON object")

        return {str(k): str(v) for k, v in data.items()}


class SecretStoreError(Exception):
    """The secrets file is unreadable; the message names it."""
