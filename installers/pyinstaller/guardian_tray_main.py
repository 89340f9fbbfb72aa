"""The frozen `guardian-tray` program: the tray, and the summary writer it starts
(`guardian-tray __run-module guardian.reports.write`, which starts `ui.report_pdf`)."""

import sys

from guardian.frozen import dispatch

code = dispatch()
if code is not None:
    sys.exit(code)

from ui.app import main  # noqa: E402 (only once no child module was asked for)

sys.exit(main())
