"""The catalogue of well-known apps: their names, categories and identities on every OS.

It ships as data (`rules/data/apps.toml`) and is read once. Profiles name catalogue apps by id;
a rule's own identities add to the catalogue's. Entries of the system category marked
`essential` are the OS's own session programs: an allowlist or downtime never blocks them.
Entries marked `critical` (display servers, desktop shells, the login window) are never touched,
whatever a rule says.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Annotated, Literal

import msgspec

from rules.apps import AppId, AppMatch, Category, Pattern, Sha256

OsName = Literal["linux", "windows", "macos"]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=255)]


class CatalogueEntry(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One well-known app."""

    id: AppId
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    category: Category
    platforms: tuple[OsName, ...]
    """Where the app exists (for the parent's picker)."""
    names: tuple[Name, ...] = ()
    paths: tuple[Pattern, ...] = ()
    sha256: tuple[Sha256, ...] = ()
    cmdline: tuple[Pattern, ...] = ()
    app_ids: tuple[Name, ...] = ()
    essential: bool = False
    """Part of the OS's session: allowed by an allowlist and in downtime."""
    critical: bool = False
    """Never touched: blocking it would break the session itself."""
    honours_policies: bool = True
    """Browsers: whether it reads the system's managed browser policies at all."""
    managed_paths: tuple[Pattern, ...] = ()
    """Browsers: where installed copies live (policies reach them); a copy elsewhere is
    portable and ignores them. Empty: every copy is reached."""

    @property
    def match(self) -> AppMatch:
        """The entry's identities."""
        return AppMatch(
            names=self.names,
            paths=self.paths,
            sha256=self.sha256,
            cmdline=self.cmdline,
            app_ids=self.app_ids,
        )


class CatalogueFile(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The data file: a list of apps."""

    app: tuple[CatalogueEntry, ...]


@dataclass(frozen=True)
class Catalogue:
    """Every entry, and the entries by id."""

    entries: tuple[CatalogueEntry, ...]

    @property
    def by_id(self) -> dict[str, CatalogueEntry]:
        """Entries by id."""
        return _by_id(self)


@cache
def _by_id(catalogue: Catalogue) -> dict[str, CatalogueEntry]:
    return {entry.id: entry for entry in catalogue.entries}


def parse_catalogue(text: str) -> Catalogue:
    """A catalogue from TOML text; ValueError naming the entry when something is wrong."""
    import tomllib

    data = tomllib.loads(text)
    try:
        parsed = msgspec.convert(data, CatalogueFile, strict=True)
    except msgspec.ValidationError as exc:
        raise ValueError(f"app catalogue: {exc}") from None
    seen: set[str] = set()
    for entry in parsed.app:
        if entry.id in seen:
            raise ValueError(f"app catalogue: id '{entry.id}' appears twice")
        seen.add(entry.id)
        if entry.match.empty:
            raise ValueError(f"app catalogue: '{entry.id}' has no identity")
    return Catalogue(parsed.app)


def shown_name(app: str, name: str | None = None) -> str:
    """What to call an app: a rule's own name, else the catalogue's, else its id."""
    if name:
        return name
    entry = catalogue().by_id.get(app)
    return app if entry is None else entry.name


@cache
def catalogue() -> Catalogue:
    """The shipped catalogue, read once."""
    from importlib import resources  # loaded with the catalogue, not with every service

    text = resources.files("rules").joinpath("data", "apps.toml").read_text(encoding="utf-8")
    return parse_catalogue(text)
