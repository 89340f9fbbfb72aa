"""`python -m guardian.dns`: the filtering resolver process, started by the service."""

import sys

from guardian.dns.process import main

sys.exit(main())
