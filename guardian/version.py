"""Guardian's own version, as installed (the package metadata), for `--version` and `hello`."""

from __future__ import annotations

import importlib.metadata


def installed_version() -> str:
    """The installed package's version; "(not installed)" when run from a bare source tree."""
    try:
        return importlib.metadata.version("guardian")
    except importlib.metadata.PackageNotFoundError:
        return "(not installed)"
