"""A small second copy of the ledger's state, to rebuild the day when the database is lost.

JSON in a file beside the database, replaced atomically. It holds what a restart needs: recent
usage, grants and warnings, every meta key (login throttle, clock high-water mark, learned
hashes, known accounts, spent days, pending requests), recent events and programs. Its size is
bounded whatever the history (about 30 KB), where a SQLite backup copies the whole file
(megabytes after a year of events) every time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guardian.atomic import write_atomic

VERSION = 2
UsageRow = tuple[str, str, float]
GrantRow = tuple[str, str, str, int | None, bool]
"""profile, day, granted_at, minutes, outside_hours."""
WarningRow = tuple[str, str, int]
EventRow = tuple[str, str | None, str, str]
ProgramRow = tuple[str, str, str, str, str, str | None, str]


@dataclass(slots=True)
class StateSnapshot:
    """Rows of the ledger's tables as stored (events' and programs' data stay JSON text)."""

    usage: list[UsageRow] = field(default_factory=list)
    grants: list[GrantRow] = field(default_factory=list)
    warnings: list[WarningRow] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    events: list[EventRow] = field(default_factory=list)
    programs: list[ProgramRow] = field(default_factory=list)

    def write(self, path: Path) -> None:
        """Replace the snapshot file (OSError when the disk refuses)."""
        data = {
            "version": VERSION,
            "usage": [{"profile": p, "day": d, "seconds": s} for p, d, s in self.usage],
            "grants": self.grants,
            "warnings": self.warnings,
            "meta": self.meta,
            "events": self.events,
            "programs": self.programs,
        }
        write_atomic(path, json.dumps(data, separators=(",", ":")).encode())

    @classmethod
    def read(cls, path: Path) -> StateSnapshot:
        """Read a snapshot; version 1 files held usage only. OSError or ValueError if unusable."""
        try:
            data: dict[str, Any] = json.loads(path.read_bytes())
            return cls(
                usage=[
                    (str(r["profile"]), str(r["day"]), float(r["seconds"])) for r in data["usage"]
                ],
                grants=[_grant(row) for row in data.get("grants", [])],
                warnings=[(str(p), str(d), int(m)) for p, d, m in data.get("warnings", [])],
                meta={str(k): str(v) for k, v in data.get("meta", {}).items()},
                events=[(str(a), p, str(k), str(v)) for a, p, k, v in data.get("events", [])],
                programs=[tuple(r) for r in data.get("programs", [])],
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{path.name} is not a state snapshot ({exc})") from exc

    @property
    def empty(self) -> bool:
        """Whether there is nothing to restore."""
        return not (self.usage or self.grants or self.warnings or self.meta or self.events)


def _grant(row: list[Any]) -> GrantRow:
    """A grant row; one written before grants said whether they lift the allowed hours has
    four fields and did lift them."""
    profile, day, at, minutes, *rest = row
    outside = bool(rest[0]) if rest else True
    return (str(profile), str(day), str(at), _minutes(minutes), outside)


def _minutes(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]
