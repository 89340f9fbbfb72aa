"""Guardian's enforcer: accounting, storage, enforcement, platform adapters and the CLI.

Never imports `ui` or QtGui/QtWidgets; QtCore at most.

Importing it stops `linecache` from keeping source files. PySide6's import hook (for
`from __feature__ import …`) reads the source of every module imported after it through
`inspect`, and linecache would keep all of it: about 6 MiB of text in a long-running service
or tray that nothing reads again (a traceback reads the lines it shows anew). This must happen
before PySide6 is imported, so it is done here, where every entry point begins.
"""

import linecache
from typing import Any


class _SourceLinesNotKept(dict[str, Any]):
    """A `linecache.cache` that keeps no lines: they are read from the file when asked for."""

    def __setitem__(self, key: str, value: Any) -> None:
        """Keep only lazy entries: a one-element tuple holding a loader's `get_source`, no text.

        linecache stores one for a module without a source file and reads it back at once; a
        frozen Guardian's modules have none, and without it linecache raises KeyError there.
        """
        if isinstance(value, tuple) and len(value) == 1:
            super().__setitem__(key, value)


if not isinstance(linecache.cache, _SourceLinesNotKept):
    linecache.cache = _SourceLinesNotKept()
