"""Guardian's enforcer: accounting, storage, enforcement, platform adapters and the CLI.

Never imports `ui` or QtGui/QtWidgets; QtCore at most.
"""
