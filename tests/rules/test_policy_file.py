"""Policy files: every error located by line and field in TOML and JSON, writing back, schema."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.model import (
    POLICY_VERSION,
    Action,
    AgePreset,
    Policy,
    Profile,
    Weekday,
    from_data,
)
from rules.policy_file import (
    Format,
    PolicyFileError,
    PolicyIssue,
    dump_policy,
    parse_policy,
    policy_json_schema,
)
from rules.presets import effective_profile
from rules.timeofday import format_minute

DATA = Path(__file__).parent / "data"
EXAMPLES = Path(__file__).parents[2] / "docs" / "examples"
FORMATS: tuple[Format, ...] = ("toml", "json")


def issues_of(text: str, source: str) -> list[PolicyIssue]:
    """The issues `parse_policy` reports; fails the test when the text is accepted."""
    with pytest.raises(PolicyFileError) as caught:
        parse_policy(text, source)
    return list(caught.value.issues)


def toml_doc(*profile_lines: str) -> str:
    """A one-profile TOML document; `profile_lines` start at line 7."""
    head = ['timezone = "Europe/Moscow"', 'default_profile = "kid"', "", "[[profiles]]"]
    return "\n".join([*head, 'id = "kid"', 'name = "Kid"', *profile_lines]) + "\n"


def json_doc(*profile_members: str) -> str:
    """A one-profile JSON document; `profile_members` start at line 8."""
    members = ['"id": "kid"', '"name": "Kid"', *profile_members]
    body = ",\n".join(f"      {member}" for member in members)
    head = '{\n  "timezone": "Europe/Moscow",\n  "default_profile": "kid",\n  "profiles": [\n'
    return f"{head}    {{\n{body}\n    }}\n  ]\n}}\n"


@dataclass(frozen=True)
class Case:
    """One mistake written in both formats, and where and how it must be reported."""

    id: str
    toml: str
    json: str
    toml_line: int | None
    json_line: int | None
    path: str
    message: str


CASES = [
    Case(
        "missing-document-key",
        'default_profile = "kid"\n\n[[profiles]]\nid = "kid"\nname = "Kid"\n',
        '{\n  "default_profile": "kid",\n  "profiles": [{"id": "kid", "name": "Kid"}]\n}\n',
        None,
        None,
        "timezone",
        "required key 'timezone' is missing from the document; add it (IANA time zone",
    ),
    Case(
        "missing-profile-key",
        'timezone = "UTC"\ndefault_profile = "kid"\n\n[[profiles]]\nid = "kid"\n',
        '{\n  "timezone": "UTC",\n  "default_profile": "kid",\n  "profiles": [\n'
        '    {\n      "id": "kid"\n    }\n  ]\n}\n',
        4,
        5,
        "profiles[0].name",
        "required key 'name' is missing from this profile; add it",
    ),
    Case(
        "text-for-number",
        toml_doc('idle_minutes = "5"'),
        json_doc('"idle_minutes": "5"'),
        7,
        8,
        "profiles[0].idle_minutes",
        'expected a whole number, found "5"; write numbers without quotes',
    ),
    Case(
        "text-for-list",
        toml_doc('accounts = "kid"'),
        json_doc('"accounts": "kid"'),
        7,
        8,
        "profiles[0].accounts",
        'expected a list in square brackets [ ], found "kid"',
    ),
    Case(
        "unknown-choice",
        toml_doc('action = "explode"'),
        json_doc('"action": "explode"'),
        7,
        8,
        "profiles[0].action",
        '"explode" is not one of the choices; use one of "lock", "logout", "shutdown", "suspend"',
    ),
    Case(
        "choice-with-suggestion",
        toml_doc('action = "lok"'),
        json_doc('"action": "lok"'),
        7,
        8,
        "profiles[0].action",
        "; did you mean 'lock'?",
    ),
    Case(
        "out-of-range-dotted-key",
        toml_doc("daily_budget.mon = 2000"),
        json_doc('"daily_budget": {"mon": 2000}'),
        7,
        8,
        "profiles[0].daily_budget.mon",
        '2000 is too large; the largest allowed is 1440, or write "unlimited"',
    ),
    Case(
        "below-range-in-list",
        toml_doc("warnings = [5, 0]"),
        json_doc('"warnings": [5, 0]'),
        7,
        8,
        "profiles[0].warnings[1]",
        "0 is too small; the smallest allowed is 1",
    ),
    Case(
        "neither-number-nor-unlimited",
        toml_doc('weekly_budget = "lots"'),
        json_doc('"weekly_budget": "lots"'),
        7,
        8,
        "profiles[0].weekly_budget",
        'expected a whole number or "unlimited", found "lots"',
    ),
    Case(
        "fraction-for-minutes",
        toml_doc("[profiles.daily_budget]", "mon = 60", "tue = 60.5"),
        json_doc('"daily_budget": {\n        "mon": 60,\n        "tue": 60.5\n      }'),
        9,
        10,
        "profiles[0].daily_budget.tue",
        'expected a whole number or "unlimited", found 60.5',
    ),
    Case(
        "unknown-key-suggestion",
        toml_doc('acounts = ["kid"]'),
        json_doc('"acounts": ["kid"]'),
        7,
        8,
        "profiles[0].acounts",
        "unknown key 'acounts'; did you mean 'accounts'?",
    ),
    Case(
        "unknown-key-no-suggestion",
        toml_doc("colour = 3"),
        json_doc('"colour": 3'),
        7,
        8,
        "profiles[0].colour",
        "unknown key 'colour'; the keys allowed here are id, name, preset, accounts,",
    ),
    Case(
        "unknown-day-in-inline-table",
        toml_doc('allowed_hours = { mon = [], tuesday = ["08:00-09:00"] }'),
        json_doc('"allowed_hours": {"mon": [], "tuesday": ["08:00-09:00"]}'),
        7,
        8,
        "profiles[0].allowed_hours.tuesday",
        "unknown key 'tuesday'; did you mean 'tue'?",
    ),
    Case(
        "bad-window-in-multiline-list",
        toml_doc("[profiles.allowed_hours]", "mon = [", '  "07:00-08:00",', '  "7pm-9pm",', "]"),
        json_doc(
            '"allowed_hours": {\n        "mon": [\n          "07:00-08:00",\n'
            '          "7pm-9pm"\n        ]\n      }'
        ),
        10,
        11,
        "profiles[0].allowed_hours.mon[1]",
        "'7pm-9pm' is not a time window; write it as HH:MM-HH:MM",
    ),
    Case(
        "overlapping-windows",
        toml_doc('allowed_hours.sat = ["09:00-12:00", "11:00-13:00"]'),
        json_doc('"allowed_hours": {"sat": ["09:00-12:00", "11:00-13:00"]}'),
        7,
        8,
        "profiles[0].allowed_hours",
        "windows on sat overlap; merge them into one",
    ),
    Case(
        "repeated-warning",
        toml_doc("warnings = [5, 5]"),
        json_doc('"warnings": [5, 5]'),
        7,
        8,
        "profiles[0].warnings",
        "each warning minute may appear once",
    ),
    Case(
        "empty-name",
        'timezone = "UTC"\ndefault_profile = "kid"\n[[profiles]]\nid = "kid"\nname = ""\n',
        '{"timezone": "UTC", "default_profile": "kid",\n'
        ' "profiles": [{"id": "kid",\n               "name": ""}]}\n',
        5,
        3,
        "profiles[0].name",
        "this text is too short; write at least 1 character(s)",
    ),
    Case(
        "bad-profile-id",
        'timezone = "UTC"\ndefault_profile = "kid"\n[[profiles]]\nid = "Kid!"\nname = "K"\n',
        '{"timezone": "UTC", "default_profile": "kid",\n'
        ' "profiles": [{"id": "Kid!", "name": "K"}]}\n',
        4,
        2,
        "profiles[0].id",
        '"Kid!" is not a profile id; use up to 32 lowercase letters, digits',
    ),
    Case(
        "no-profiles",
        'timezone = "UTC"\ndefault_profile = "kid"\nprofiles = []\n',
        '{\n  "timezone": "UTC",\n  "default_profile": "kid",\n  "profiles": []\n}\n',
        3,
        4,
        "profiles",
        "this list is too short; write at least 1 item(s)",
    ),
    Case(
        "unknown-time-zone",
        'default_profile = "kid"\ntimezone = "Moscow"\n[[profiles]]\nid = "kid"\nname = "K"\n',
        '{\n  "default_profile": "kid",\n  "timezone": "Moscow",\n'
        '  "profiles": [{"id": "kid", "name": "K"}]\n}\n',
        2,
        3,
        "timezone",
        "unknown time zone 'Moscow'; use an IANA name like Europe/Moscow",
    ),
    Case(
        "version-too-small",
        'version = 0\ntimezone = "UTC"\ndefault_profile = "kid"\n[[profiles]]\nid = "kid"\n'
        'name = "K"\n',
        '{"timezone": "UTC", "default_profile": "kid",\n "version": 0,\n'
        ' "profiles": [{"id": "kid", "name": "K"}]}\n',
        1,
        2,
        "version",
        "0 is too small; the smallest allowed is 1",
    ),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_each_kind_of_error_is_located_and_explained(case: Case, fmt: Format) -> None:
    text, line = (case.toml, case.toml_line) if fmt == "toml" else (case.json, case.json_line)
    [issue] = issues_of(text, f"family.{fmt}")
    assert (issue.source, issue.line, issue.path) == (f"family.{fmt}", line, case.path)
    assert case.message in issue.message


MANY_ERRORS: dict[Format, list[tuple[int | None, str]]] = {
    "toml": [
        (3, "timezone"),
        (5, "unrestricted_accounts"),
        (6, "colour"),
        (11, "profiles[0].preset"),
        (12, "profiles[0].acounts"),
        (13, "profiles[0].action"),
        (14, "profiles[0].idle_minutes"),
        (15, "profiles[0].weekly_budget"),
        (18, "profiles[0].warnings[1]"),
        (22, "profiles[0].daily_budget.mon"),
        (23, "profiles[0].daily_budget.tuesday"),
        (24, "profiles[0].daily_budget.thu"),
        (25, "profiles[0].daily_budget.fri"),
        (28, "profiles[0].allowed_hours.mon[0]"),
        (29, "profiles[0].allowed_hours.tue"),
        (31, "profiles[1].id"),
        (32, "profiles[1].name"),
        (33, "profiles[1].limits"),
    ],
    "json": [
        (3, "timezone"),
        (5, "unrestricted_accounts"),
        (6, "colour"),
        (11, "profiles[0].preset"),
        (12, "profiles[0].acounts"),
        (15, "profiles[0].action"),
        (16, "profiles[0].idle_minutes"),
        (17, "profiles[0].weekly_budget"),
        (20, "profiles[0].warnings[1]"),
        (23, "profiles[0].daily_budget.mon"),
        (24, "profiles[0].daily_budget.tuesday"),
        (25, "profiles[0].daily_budget.thu"),
        (26, "profiles[0].daily_budget.fri"),
        (30, "profiles[0].allowed_hours.mon[0]"),
        (33, "profiles[0].allowed_hours.tue"),
        (36, "profiles[1].id"),
        (37, "profiles[1].name"),
        (38, "profiles[1].limits"),
    ],
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_error_in_a_file_is_reported_at_once_in_file_order(fmt: Format) -> None:
    name = f"many-errors.{fmt}"
    issues = issues_of((DATA / name).read_text(encoding="utf-8"), name)
    assert [(issue.line, issue.path) for issue in issues] == MANY_ERRORS[fmt]


CLASHES: dict[Format, list[tuple[int | None, str, str]]] = {
    "toml": [
        (3, "default_profile", "'nobody' is not one of the profiles; use one of 'kid'"),
        (4, "unrestricted_accounts[1]", "account 'kid' is unrestricted but also in profile"),
        (9, "profiles[0].accounts[2]", "account 'kid' is listed twice in this profile"),
        (12, "profiles[1].id", "profile id 'kid' is already used by profiles[0]"),
        (16, "profiles[1].accounts[1]", "account 'shared' is already in profile 'kid'"),
    ],
    "json": [
        (3, "default_profile", "'nobody' is not one of the profiles; use one of 'kid'"),
        (6, "unrestricted_accounts[1]", "account 'kid' is unrestricted but also in profile"),
        (15, "profiles[0].accounts[2]", "account 'kid' is listed twice in this profile"),
        (19, "profiles[1].id", "profile id 'kid' is already used by profiles[0]"),
        (23, "profiles[1].accounts[1]", "account 'shared' is already in profile 'kid'"),
    ],
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_clash_between_profiles_and_accounts_is_located(fmt: Format) -> None:
    name = f"clashes.{fmt}"
    issues = issues_of((DATA / name).read_text(encoding="utf-8"), name)
    assert len(issues) == len(CLASHES[fmt])
    for issue, (line, path, message) in zip(issues, CLASHES[fmt], strict=True):
        assert (issue.line, issue.path) == (line, path)
        assert message in issue.message


@pytest.mark.parametrize(
    ("text", "source", "line"),
    [
        ('timezone = "UTC"\nversion = 2\nbogus = 1\nprofiles = "none"\n', "p.toml", 2),
        ('{"version": 7,\n "bogus": 1,\n "profiles": "none"}', "p.json", 1),
    ],
)
def test_a_newer_version_is_refused_alone(text: str, source: str, line: int) -> None:
    [issue] = issues_of(text, source)
    assert (issue.line, issue.path) == (line, "version")
    assert f"reads only up to version {POLICY_VERSION}; update Guardian" in issue.message


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_missing_version_means_the_current_one(fmt: Format) -> None:
    text = toml_doc() if fmt == "toml" else json_doc()
    assert parse_policy(text, f"p.{fmt}").version == POLICY_VERSION


@pytest.mark.parametrize(
    ("text", "source", "line", "message"),
    [
        (
            "version = 1\ntimezone = Europe/Moscow\n",
            "p.toml",
            2,
            "this is not valid TOML: invalid value at column 12; text needs double quotes",
        ),
        (
            'timezone = "UTC"\n\ntimezone = "UTC"\n',
            "p.toml",
            3,
            "this key or table is written twice; keep only one",
        ),
        ("warnings = [1, 2\n", "p.toml", 2, "this is not valid TOML: unclosed array"),
        (
            '{\n  "timezone": "UTC",\n  "profiles": [],\n}\n',
            "p.json",
            4,
            "this is not valid JSON: expecting property name enclosed in double quotes at "
            "column 1; keys need double quotes, and no comma may follow the last item",
        ),
        (
            '{\n  "timezone": "UTC"\n  "profiles": []\n}\n',
            "p.json",
            3,
            "a comma is missing between two items",
        ),
        ("[1, 2]", "p.json", 1, "the document must be one JSON object"),
    ],
)
def test_syntax_errors_name_their_line(text: str, source: str, line: int, message: str) -> None:
    [issue] = issues_of(text, source)
    assert (issue.line, issue.path) == (line, "")
    assert message in issue.message


def test_a_key_repeated_in_json_is_an_error_not_silently_dropped() -> None:
    text = json_doc('"action": "lock"', '"warnings": [5]', '"action": "logout"')
    [issue] = issues_of(text, "p.json")
    assert (issue.line, issue.path) == (10, "profiles[0].action")
    assert "key 'action' is written more than once; keep only one" in issue.message


def test_tricky_toml_is_located_exactly() -> None:
    text = (
        'timezone = "UTC"  # the zone\n'  # 1
        'default_profile = "kid"\n'  # 2
        "\n"  # 3
        "[[profiles]]\n"  # 4
        'id = "kid"\n'  # 5
        'name = """Kid\n'  # 6
        "[[profiles]] # inside a string, not a table\n"  # 7
        '"""\n'  # 8
        "[[ profiles ]]   # the second profile\n"  # 9
        "id = 'teen'\n"  # 10
        "name = 'Teen # not a comment'\n"  # 11
        "accounts = [ # comment inside a list\n"  # 12
        '  "a", # one\n'  # 13
        '  "",\n'  # 14
        "]\n"  # 15
        '[ profiles . "daily_budget" ]\n'  # 16
        "sun = 0\n"  # 17
        '"mon" = 1441\n'  # 18
    )
    issues = issues_of(text, "p.toml")
    assert [(issue.line, issue.path) for issue in issues] == [
        (14, "profiles[1].accounts[1]"),
        (18, "profiles[1].daily_budget.mon"),
    ]


def test_the_format_comes_from_the_suffix_unless_given() -> None:
    [issue] = issues_of(toml_doc(), "policy.conf")
    assert (issue.line, issue.path) == (None, "")
    assert "ending in .toml or .json" in issue.message
    assert parse_policy(toml_doc(), "policy.conf", fmt="toml").profiles[0].id == "kid"
    assert parse_policy(json_doc(), "C:\\Policies\\Family.JSON").profiles[0].id == "kid"


@pytest.mark.parametrize("source", ["p.toml", "p.json"])
def test_an_empty_file_is_one_issue(source: str) -> None:
    [issue] = issues_of(" \n\n", source)
    assert (issue.line, issue.path) == (None, "")
    assert issue.message.startswith("the file is empty")


def test_a_byte_order_mark_is_ignored() -> None:
    assert parse_policy("\ufeff" + toml_doc(), "p.toml").default_profile == "kid"
    assert parse_policy("\ufeff" + json_doc(), "p.json").default_profile == "kid"


def test_issues_and_errors_read_as_file_line_field_message() -> None:
    full = PolicyIssue("family.toml", 12, "profiles[1].daily_budget.mon", "too large")
    assert str(full) == "family.toml:12: profiles[1].daily_budget.mon: too large"
    assert str(PolicyIssue("family.toml", None, "timezone", "missing")) == (
        "family.toml: timezone: missing"
    )
    assert str(PolicyIssue("family.toml", 3, "", "not TOML")) == "family.toml:3: not TOML"
    error = PolicyFileError([full, PolicyIssue("family.toml", None, "", "bad")])
    assert str(error).splitlines() == [str(full), "family.toml: bad"]


@pytest.mark.parametrize("name", ["family.toml", "school-lab.toml"])
def test_the_shipped_examples_parse_and_survive_a_round_trip(name: str) -> None:
    policy = parse_policy((EXAMPLES / name).read_text(encoding="utf-8"), name)
    for fmt in FORMATS:
        assert parse_policy(dump_policy(policy, fmt), f"x.{fmt}") == policy


def test_the_family_example_means_what_it_says() -> None:
    policy = parse_policy((EXAMPLES / "family.toml").read_text(encoding="utf-8"), "family.toml")
    assert policy.timezone == "Europe/Moscow"
    assert policy.profile_for_account("papa") is None
    masha, ivan = (effective_profile(profile) for profile in policy.profiles)
    assert (masha.id, ivan.id) == ("masha", "ivan")
    assert policy.profile("masha").preset != policy.profile("ivan").preset
    assert masha.budgets[0] == 60
    assert any(window.crosses_midnight for window in ivan.hours[4])


def test_the_school_lab_example_restricts_every_student_on_weekdays_only() -> None:
    text = (EXAMPLES / "school-lab.toml").read_text(encoding="utf-8")
    policy = parse_policy(text, "school-lab.toml")
    assert policy.profile_for_account("teacher") is None
    student = policy.profile_for_account("pupil-7b-12")
    assert student is not None and student.id == policy.default_profile
    lab = effective_profile(student)
    assert [[str(window) for window in day] for day in lab.hours] == [["08:00-16:00"]] * 5 + [
        []
    ] * 2


def test_the_schema_describes_the_document() -> None:
    schema = policy_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://guardian.local/schema/policy-v1.json"
    assert schema["title"] == "Guardian policy"
    assert {"version", "timezone", "default_profile", "profiles"} <= set(schema["properties"])
    assert set(schema["required"]) == {"timezone", "default_profile", "profiles"}
    assert schema["additionalProperties"] is False
    profile = schema["$defs"]["Profile"]
    assert profile["additionalProperties"] is False
    assert set(profile["required"]) == {"id", "name"}
    example = json.loads(dump_policy(parse_policy(toml_doc(), "p.toml"), "json"))
    assert set(example) <= set(schema["properties"])
    assert set(example["profiles"][0]) <= set(profile["properties"])
    json.dumps(schema)  # the schema itself is plain JSON


# Property tests: any valid policy is written and read back unchanged, and mistakes anywhere in
# a written document are found at their line.

ZONES = ["Europe/Moscow", "UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]
TEXT = st.characters(codec="utf-8")  # anything a UTF-8 file can hold


@st.composite
def day_windows(draw: st.DrawFn) -> list[str]:
    """Non-overlapping windows for one day, sometimes ending with one across midnight."""
    points = sorted(draw(st.sets(st.integers(0, 24 * 60), max_size=6)))
    points = points[: len(points) // 2 * 2]
    windows = [
        f"{format_minute(a)}-{format_minute(b)}"
        for a, b in zip(points[::2], points[1::2], strict=True)
    ]
    last_end = points[-1] if points else 0
    if last_end < 24 * 60 - 1 and draw(st.booleans()):
        start = draw(st.integers(max(last_end, 1), 24 * 60 - 1))
        end = draw(st.integers(0, start - 1))
        windows.append(f"{format_minute(start)}-{format_minute(end)}")
    return windows


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """Random valid policies: several profiles, budgets, windows, warnings, accounts."""
    ids = draw(
        st.lists(
            st.from_regex(r"[a-z0-9][a-z0-9_-]{0,31}", fullmatch=True),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    # Unique as Guardian compares account names: regardless of case.
    accounts = draw(
        st.lists(st.text(TEXT, min_size=1, max_size=30), max_size=8, unique_by=str.casefold)
    )
    owners = [draw(st.integers(-2, len(ids) - 1)) for _ in accounts]  # -1 free, -2 default
    minutes = st.integers(0, 24 * 60) | st.just("unlimited")
    profiles = []
    for index, profile_id in enumerate(ids):
        fields: dict[str, Any] = {
            "id": profile_id,
            "name": draw(st.text(TEXT, min_size=1, max_size=64)),
            "preset": draw(st.sampled_from(AgePreset)),
            "accounts": [a for a, owner in zip(accounts, owners, strict=True) if owner == index],
            "daily_budget": draw(st.dictionaries(st.sampled_from(Weekday), minutes)),
            "weekly_budget": draw(st.none() | st.integers(0, 7 * 24 * 60) | st.just("unlimited")),
            "allowed_hours": draw(st.dictionaries(st.sampled_from(Weekday), day_windows())),
            "warnings": draw(st.none() | st.lists(st.integers(1, 120), unique=True, max_size=4)),
            "action": draw(st.none() | st.sampled_from(Action)),
            "idle_minutes": draw(st.none() | st.integers(1, 120)),
        }
        profiles.append(from_data(Profile, fields))
    return Policy(
        timezone=draw(st.sampled_from(ZONES)),
        default_profile=draw(st.sampled_from(ids)),
        profiles=tuple(profiles),
        unrestricted_accounts=tuple(a for a, o in zip(accounts, owners, strict=True) if o == -1),
    )


@settings(deadline=None)
@given(policies(), st.sampled_from(FORMATS))
def test_any_policy_is_read_back_unchanged(policy: Policy, fmt: Format) -> None:
    text = dump_policy(policy, fmt)
    assert parse_policy(text, f"x.{fmt}") == policy
    assert dump_policy(parse_policy(text, f"x.{fmt}"), fmt) == text


@settings(deadline=None)
@given(policies(), st.sampled_from(FORMATS), st.data())
def test_an_unknown_key_is_found_at_its_line_in_any_profile(
    policy: Policy, fmt: Format, data: st.DataObject
) -> None:
    lines = dump_policy(policy, fmt).split("\n")
    opener, bogus = ("[[profiles]]", "bogus = 1") if fmt == "toml" else ("    {", '"bogus": 1,')
    starts = [number for number, line in enumerate(lines) if line == opener]
    index = data.draw(st.integers(-1, len(starts) - 1))
    after = starts[index] + 1 if index >= 0 else 1  # just inside the profile, or at the top
    lines.insert(after, bogus)
    [issue] = issues_of("\n".join(lines), f"x.{fmt}")
    expected_path = f"profiles[{index}].bogus" if index >= 0 else "bogus"
    assert (issue.line, issue.path) == (after + 1, expected_path)
    assert issue.message.startswith("unknown key 'bogus'")


@settings(deadline=None)
@given(policies(), st.sampled_from(FORMATS), st.data())
def test_a_damaged_document_is_refused_with_issues_never_a_crash(
    policy: Policy, fmt: Format, data: st.DataObject
) -> None:
    text = dump_policy(policy, fmt)
    at = data.draw(st.integers(0, len(text)))
    cut = data.draw(st.integers(0, 12))
    damaged = text[:at] + data.draw(st.text(TEXT, max_size=3)) + text[at + cut :]
    try:
        parse_policy(damaged, f"x.{fmt}")
    except PolicyFileError as exc:
        assert exc.issues
        last_line = damaged.count("\n") + 1
        assert all(issue.line is None or 1 <= issue.line <= last_line for issue in exc.issues)
        assert all(issue.message for issue in exc.issues)


@given(st.text(TEXT), st.sampled_from(FORMATS))
def test_arbitrary_text_is_refused_with_issues_never_a_crash(text: str, fmt: Format) -> None:
    try:
        parse_policy(text, f"x.{fmt}")
    except PolicyFileError as exc:
        assert exc.issues
