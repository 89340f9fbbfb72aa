"""The frozen `guardian` program: the command line and the service, and Guardian's child
processes (`guardian __run-module guardian.dns`, …), which a frozen program cannot start with
`python -m`."""

import sys

from guardian.frozen import dispatch

code = dispatch()
if code is not None:
    sys.exit(code)

from guardian.cli import main  # noqa: E402 (only once no child module was asked for)

sys.exit(main())
