"""Filling a translated sentence's %1, %2, … with values in one pass.

Chained `str.replace` fills the places one after another, so a value that itself holds "%2"
(an app's name, a profile's name, a child's note) would be filled again by the next step; one
pass over the template never looks inside a value.
"""

from __future__ import annotations

import re

_PLACE = re.compile(r"%(\d)")


def fill(template: str, *values: str) -> str:
    """`template` with %1, %2, … replaced by `values`; a place with no value stays as it is."""

    def value(match: re.Match[str]) -> str:
        index = int(match[1])
        return values[index - 1] if 0 < index <= len(values) else match[0]

    return _PLACE.sub(value, template)
