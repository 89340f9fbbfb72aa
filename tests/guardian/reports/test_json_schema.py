"""docs/report-schema.json: generated from the model, committed, and true of every summary."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from guardian.reports.model import LabSummary, encode
from guardian.reports.schema import SCHEMA_ID, schema_text
from guardian.reports.write import write_summaries
from rules.reports import ReportFormat
from tests.guardian.reports import summaries
from tests.guardian.reports.summaries import SAMPLES

ROOT = Path(__file__).resolve().parents[3]
COMMITTED = ROOT / "docs" / "report-schema.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    document = json.loads(COMMITTED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)
    return jsonschema.Draft202012Validator(document, format_checker=jsonschema.FormatChecker())


def test_the_committed_schema_is_the_generated_one() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "docs/report-schema.json is out of date: python -m guardian.reports.schema > "
        "docs/report-schema.json"
    )


def test_the_module_prints_the_schema() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "guardian.reports.schema"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert out.stdout == COMMITTED.read_text(encoding="utf-8")


def test_the_schema_names_itself_and_its_version() -> None:
    document = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert document["$id"] == SCHEMA_ID
    assert document["version"] == 1
    assert document["title"] and document["description"]
    assert {"WeekSummary", "LabSummary"} <= document["$defs"].keys()


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_is_valid(name: str, validator: jsonschema.Draft202012Validator) -> None:
    validator.validate(json.loads(encode(SAMPLES[name]())))


def test_a_lab_summary_is_valid(validator: jsonschema.Draft202012Validator) -> None:
    lab = LabSummary(
        generated_at="2026-11-30T09:00:00+01:00",
        language="ru",
        week="2026-W48",
        first_day=summaries.light().first_day,
        last_day=summaries.light().last_day,
        days=(0.0,) * 7,
        hours=(0.0,) * 24,
        machines=(),
        accounts=(),
        apps=(),
        categories=(),
        blocked_sites=(),
        tamper=summaries.NO_EVENTS,
        skipped=("x.json: not a summary",),
    )
    validator.validate(json.loads(encode(lab)))


def broken(change: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(encode(summaries.light()))
    data.update(change)
    return data


@pytest.mark.parametrize(
    "change",
    [
        {"schema_version": 2},
        {"days": []},
        {"language": "de"},
        {"surprise": 1},
        {"weekly_budget": -1},
        {"profile": {"id": "a", "name": "A"}},
    ],
)
def test_what_is_not_a_summary_is_refused(
    change: dict[str, Any], validator: jsonschema.Draft202012Validator
) -> None:
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken(change))


def test_written_json_files_are_valid(
    tmp_path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    written = write_summaries(
        [summaries.heavy(), summaries.russian()], [ReportFormat.JSON], tmp_path
    )
    assert len(written) == 2
    for path in written:
        validator.validate(json.loads(path.read_bytes()))
