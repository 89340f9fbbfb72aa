"""Guardian's PySide6 front end: tray agent, child views, parent settings and translations.

Talks to the service only through `guardian.api.GuardianApi`.
"""
