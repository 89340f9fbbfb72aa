"""Guardian's PySide6 front end: tray agent, child views, parent settings and translations.

Talks to the service only through `guardian.api.GuardianApi`.
"""

import guardian  # noqa: F401  first, before PySide6: see guardian/__init__.py
