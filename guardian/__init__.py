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
    """A `linecache.cache` that keeps nothing: lines are read from the file when asked for."""

    def __setitem__(self, key: str, value: Any) -> None:
        """Keep nothing."""


if not isinstance(linecache.cache, _SourceLinesNotKept):
    linecache.cache = _SourceLinesNotKept()
