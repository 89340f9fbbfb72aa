"""`python -m guardian …`: the `guardian` command, for when the console script is not on PATH."""

import sys

from guardian.cli import main

sys.exit(main())
