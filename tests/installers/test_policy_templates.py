"""The Group Policy templates (ADMX, English and Russian ADML) and the sample macOS profile:
generated from the policy's schema, never stale, and sound in every reference they make."""

from __future__ import annotations

import plistlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from rules.model import Policy, from_data
from rules.policy_file import policy_json_schema

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import policy_templates as templates  # noqa: E402

NS = {"p": "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"}
POLICY_CHILDREN = [
    "parentCategory",
    "seeAlso",
    "keywords",
    "supportedOn",
    "enabledValue",
    "disabledValue",
    "enabledList",
    "disabledList",
    "elements",
]
"""The order the ADMX schema gives a policy's children."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@pytest.fixture(scope="module")
def admx() -> ET.Element:
    return ET.parse(templates.ADMX).getroot()


def test_the_committed_files_are_what_the_schema_generates() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "policy_templates.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout


def test_every_scalar_setting_of_the_schema_is_a_policy_named_by_its_path(
    admx: ET.Element,
) -> None:
    found = templates.settings()
    paths = {s.path for s in found}
    assert {"timezone", "default_profile", "reports.folder", "reports.mail.host"} <= paths
    assert "version" not in paths and not any("profiles" in p for p in paths)
    values = {
        e.get("valueName") or p.get("valueName")
        for p in admx.iterfind(".//p:policy", NS)
        for e in [*p.iterfind("p:elements/*", NS), p]
        if (e.get("valueName") or p.get("valueName"))
    }
    assert values == paths | {templates.JSON_VALUE}
    for policy in admx.iterfind(".//p:policy", NS):
        assert (
            policy.get("key") == r"Software\Policies\Guardian" and policy.get("class") == "Machine"
        )


def test_choices_are_exactly_the_schemas(admx: ET.Element) -> None:
    schema = policy_json_schema()
    weekdays = set(schema["$defs"]["Weekday"]["enum"])
    enum = admx.find(".//p:enum[@valueName='reports.weekday']", NS)
    assert enum is not None
    assert {v.text for v in enum.iterfind(".//p:string", NS)} == weekdays
    keep = admx.find(".//p:decimal[@valueName='reports.keep_weeks']", NS)
    assert keep is not None and (keep.get("minValue"), keep.get("maxValue")) == ("1", "520")
    switch = admx.find(".//p:policy[@valueName='reports.enabled']", NS)
    assert switch is not None and switch.find("p:enabledValue/p:decimal", NS) is not None


def test_the_structure_follows_the_admx_schema(admx: ET.Element) -> None:
    assert [_local(c.tag) for c in admx] == [
        "policyNamespaces",
        "resources",
        "supportedOn",
        "categories",
        "policies",
    ]
    categories = {c.get("name") for c in admx.iterfind(".//p:category", NS)}
    supported = {d.get("name") for d in admx.iterfind(".//p:definition", NS)}
    names = [p.get("name") for p in admx.iterfind(".//p:policy", NS)]
    assert len(names) == len(set(names))
    for policy in admx.iterfind(".//p:policy", NS):
        order = [POLICY_CHILDREN.index(_local(c.tag)) for c in policy]
        assert order == sorted(order), policy.get("name")
        assert policy.find("p:parentCategory", NS).get("ref") in categories  # type: ignore[union-attr]
        assert policy.find("p:supportedOn", NS).get("ref") in supported  # type: ignore[union-attr]
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", policy.get("name") or "")


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_reference_resolves_in_each_language(admx: ET.Element, language: str) -> None:
    adml = ET.parse(templates.ADML[language]).getroot()
    strings = {s.get("id"): s.text or "" for s in adml.iterfind(".//p:string", NS)}
    presentations = {p.get("id"): p for p in adml.iterfind(".//p:presentation", NS)}
    text = templates.ADMX.read_text(encoding="utf-8")
    for ref in re.findall(r"\$\(string\.([A-Za-z0-9_]+)\)", text):
        assert strings.get(ref), ref
    for ref in re.findall(r"\$\(presentation\.([A-Za-z0-9_]+)\)", text):
        assert ref in presentations, ref
    # Each element of a policy has its control in the presentation, by id.
    for policy in admx.iterfind(".//p:policy", NS):
        for element in policy.iterfind("p:elements/*", NS):
            shown = presentations[policy.get("presentation", "")[15:-1]]
            assert [c for c in shown if c.get("refId") == element.get("id")], element.get("id")
    if language == "ru":
        assert re.search("[а-яё]", strings["reports_folder"])


def test_the_sample_profile_is_a_valid_policy_for_managed_preferences() -> None:
    profile = plistlib.loads(templates.MOBILECONFIG.read_bytes())
    assert profile["PayloadType"] == "Configuration" and profile["PayloadScope"] == "System"
    [payload] = profile["PayloadContent"]
    assert payload["PayloadType"] == "org.guardian"
    policy = from_data(Policy, {k: v for k, v in payload.items() if not k.startswith("Payload")})
    assert policy.default_profile == "students" and policy.reports.keep_weeks == 26
    uuids = [profile["PayloadUUID"], payload["PayloadUUID"]]
    assert len(set(uuids)) == 2 and all(re.fullmatch(r"[0-9A-F-]{36}", u) for u in uuids)


def test_a_setting_without_words_stops_the_generator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(templates.LABELS, "reports.folder")
    with pytest.raises(SystemExit, match=r"no labels for reports\.folder"):
        templates.outputs()


TEXT_SAMPLES = {
    "timezone": "Europe/Moscow",
    "default_profile": "students",
    "reports.time": "07:30",
    "reports.folder": r"\\school\summaries\lab-1",
    "reports.mail.host": "smtp.school.example",
    "reports.mail.username": "lab@school.example",
    "reports.mail.sender": "lab@school.example",
}


def test_what_group_policy_writes_from_these_templates_is_a_layer_guardian_takes() -> None:
    from guardian.platform.managed_windows import (
        REG_DWORD,
        REG_MULTI_SZ,
        REG_SZ,
        WindowsManagedPolicy,
    )
    from rules.layers import check_layer
    from tests.guardian.test_policy_layers import FakeRegistry

    values: dict[str, tuple[int, object]] = {
        # The multiText element: one string per line of the JSON.
        templates.JSON_VALUE: (
            REG_MULTI_SZ,
            [
                '{"profiles": [{"id": "students", "name": "Students"}],',
                ' "reports": {"mail": {"recipients": ["it@school.example"]}}}',
            ],
        )
    }
    for setting in templates.settings():
        if setting.kind == "text":
            values[setting.path] = (REG_SZ, TEXT_SAMPLES[setting.path])
        elif setting.kind == "choice":
            values[setting.path] = (REG_SZ, setting.choices[-1])
        elif setting.kind == "number":
            values[setting.path] = (REG_DWORD, setting.maximum or setting.minimum or 1)
        else:
            values[setting.path] = (REG_DWORD, 1)
    values["reports.mail.security"] = (REG_SZ, "tls")  # "none" is for a relay on localhost only
    values["dns.resolver"] = (REG_SZ, "yandex-family")  # "custom" needs servers
    data = WindowsManagedPolicy(FakeRegistry(values)).read()
    assert data is not None
    layer = check_layer(data, r"HKLM\Software\Policies\Guardian")
    assert layer["reports"]["enabled"] is True and layer["reports"]["keep_weeks"] == 520
    assert layer["reports"]["mail"]["port"] == 65535 and layer["timezone"] == "Europe/Moscow"
