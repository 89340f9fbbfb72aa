"""Children's requests in the policy: how much a parent's one-time code may approve.

The authenticator secret itself is not here: it lives in the service's secret store.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

MIN_CODE_MINUTES = 5
MAX_CODE_MINUTES = 240


class RequestRules(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Children's requests for time and access."""

    code_minutes: Annotated[
        int,
        msgspec.Meta(
            ge=MIN_CODE_MINUTES,
            le=MAX_CODE_MINUTES,
            description=(
                "The most minutes one code from the parent's authenticator app approves for a "
                "time request (5-240); a code never opens the computer outside the allowed "
                "hours."
            ),
        ),
    ] = 30
