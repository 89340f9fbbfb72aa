"""Where Guardian keeps its configuration, state and socket, per OS and mode.

A system install uses machine-wide locations owned by the service account; standalone mode
(the tray hosting the service) uses the user's own directories from platformdirs.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from guardian.platform.locations import APP, system_folders, system_summaries_folder

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DataPaths:
    """The folders one service instance uses."""

    config: Path
    state: Path
    summaries: Path | None = None
    """A system install's folder for weekly summaries, shared with the administrators; None
    in standalone mode, where they go in the user's own state folder."""

    @property
    def policy_file(self) -> Path:
        """The parent's own settings, written by the UI."""
        return self.config / "policy.toml"

    @property
    def database(self) -> Path:
        """The usage ledger."""
        return self.state / "state.db"

    @property
    def reports(self) -> Path:
        """Weekly summaries when the policy names no folder of its own."""
        return self.summaries or self.state / "reports"

    @property
    def outbox(self) -> Path:
        """Summaries by e-mail waiting for the mail server, one file each."""
        return self.state / "outbox"

    @property
    def secrets_file(self) -> Path:
        """Secrets when the OS has no real keystore for the running account."""
        return self.state / "secrets.json"

    def create(self) -> None:
        """Create both folders readable only by their owner, with no wider-open moment.

        A folder that cannot be made (read-only or full disk) is logged, not raised: the
        service still starts, and the ledger keeps state in memory and reports the fault.
        """
        for folder in (self.config, self.state):
            try:
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                if folder.stat().st_mode & 0o777 != 0o700:
                    os.chmod(folder, 0o700)  # on Windows this only clears the read-only flag
            except OSError as exc:
                log.error("cannot create %s: %s", folder, exc)


def standalone_paths(root: Path | None = None) -> DataPaths:
    """The user's own folders, or `root/config` and `root/state` when given."""
    if root is not None:
        return DataPaths(root / "config", root / "state")
    import platformdirs  # the system service never needs it

    return DataPaths(
        Path(platformdirs.user_config_dir(APP, appauthor=False)),
        Path(platformdirs.user_state_dir(APP, appauthor=False)),
    )


def system_paths() -> DataPaths:
    """The machine-wide folders of a system install (docs/architecture.md, Storage)."""
    config, state = system_folders()
    return DataPaths(config, state, system_summaries_folder())
