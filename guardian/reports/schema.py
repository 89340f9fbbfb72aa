"""The JSON Schema of summary files (a week's `WeekSummary`, a class's `LabSummary`),
generated from `guardian.reports.model`; `docs/report-schema.json` is its committed copy.

    python -m guardian.reports.schema > docs/report-schema.json
"""

from __future__ import annotations

import json
import sys
from typing import Any

import msgspec

from guardian.reports.model import SCHEMA_VERSION, LabSummary, WeekSummary

SCHEMA_ID = f"urn:guardian:report-schema:{SCHEMA_VERSION}"


def schema() -> dict[str, Any]:
    """The schema document: one summary file is either a week or a lab."""
    (week, lab), definitions = msgspec.json.schema_components(
        (WeekSummary, LabSummary), ref_template="#/$defs/{name}"
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Guardian weekly activity summary",
        "description": (
            "One profile's week on one computer (kind \"week\"), or a class's week merged from "
            'many computers\' summaries (kind "lab"). Times are seconds, instants ISO 8601 '
            "with their UTC offset, days ISO dates in the policy's time zone. Readers refuse "
            "a schema_version newer than they know."
        ),
        "version": SCHEMA_VERSION,
        "oneOf": [week, lab],
        "$defs": definitions,
    }


def schema_text() -> str:
    """The schema as the committed file holds it (sorted keys, two-space indent, final newline)."""
    return json.dumps(schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    """Print the schema."""
    sys.stdout.write(schema_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
