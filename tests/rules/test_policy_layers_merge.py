"""Merging policy layers: tables key by key, profiles by id, other arrays whole; sources."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.layers import (
    MISSING,
    Layer,
    LayerData,
    Source,
    check_layer,
    layer_problems,
    layered,
    locked_changes,
    merge,
    merge_layers,
    numbers_as_bools,
    parse_layer,
    value_at,
    with_values_of,
)
from rules.model import InvalidData, policy_from_data, policy_to_data
from rules.policy_file import PolicyFileError

PARENT = Source(Layer.PARENT)
LAB = Source(Layer.MANAGED, "10-lab.toml")
LATER = Source(Layer.MANAGED, "20-late.json")
OS = Source(Layer.OS, r"HKLM\SOFTWARE\Policies\Guardian")
RECOMMENDED = Source(Layer.RECOMMENDED, "city.toml")

BASE: dict[str, Any] = {
    "timezone": "Europe/Moscow",
    "default_profile": "kid",
    "profiles": [
        {"id": "kid", "name": "Kid", "accounts": ["kid"], "daily_budget": {"mon": 60, "tue": 60}}
    ],
    "reports": {"enabled": True, "folder": "/srv/parent", "formats": ["html", "csv"]},
}


@pytest.mark.parametrize(
    ("lower", "higher", "merged"),
    [
        ({"a": 1}, {"a": 2}, {"a": 2}),
        ({"a": 1}, {"b": 2}, {"a": 1, "b": 2}),
        ({"t": {"x": 1, "y": 2}}, {"t": {"y": 3}}, {"t": {"x": 1, "y": 3}}),
        (
            {"t": {"x": {"deep": 1, "keep": 2}}},
            {"t": {"x": {"deep": 5}}},
            {"t": {"x": {"deep": 5, "keep": 2}}},
        ),
        ({"list": [1, 2, 3]}, {"list": [9]}, {"list": [9]}),
        ({"t": {"x": 1}}, {"t": 5}, {"t": 5}),
        ({"t": 5}, {"t": {"x": 1}}, {"t": {"x": 1}}),
        ({"t": {"x": 1}}, {"t": {}}, {"t": {"x": 1}}),
        (
            {"profiles": [{"id": "a", "name": "A", "warnings": [5]}]},
            {"profiles": [{"id": "a", "warnings": [1]}, {"id": "b", "name": "B"}]},
            {"profiles": [{"id": "a", "name": "A", "warnings": [1]}, {"id": "b", "name": "B"}]},
        ),
        (
            {"profiles": [{"id": "a", "name": "A", "daily_budget": {"mon": 1, "tue": 2}}]},
            {"profiles": [{"id": "a", "daily_budget": {"tue": 5}}]},
            {"profiles": [{"id": "a", "name": "A", "daily_budget": {"mon": 1, "tue": 5}}]},
        ),
        (
            {"profiles": [{"id": "a", "name": "A", "accounts": ["x", "y"]}]},
            {"profiles": [{"id": "a", "accounts": ["z"]}]},
            {"profiles": [{"id": "a", "name": "A", "accounts": ["z"]}]},
        ),
    ],
)
def test_merge_rules(lower: dict[str, Any], higher: dict[str, Any], merged: dict[str, Any]) -> None:
    before = repr(lower), repr(higher)
    assert merge(lower, higher) == merged
    assert (repr(lower), repr(higher)) == before, "merging must not change its inputs"


def test_each_value_knows_its_source() -> None:
    lab = {
        "reports": {"folder": r"\\school\summaries"},
        "profiles": [{"id": "kid", "daily_budget": {"mon": 45}}, {"id": "lab", "name": "Lab"}],
    }
    result = layered(
        [
            LayerData(RECOMMENDED, {"reports": {"formats": ["pdf"]}}),
            LayerData(PARENT, BASE),
            LayerData(LAB, lab),
            LayerData(OS, {"default_profile": "lab"}),
        ]
    )
    assert result.policy.reports.folder == r"\\school\summaries"
    assert result.policy.default_profile == "lab"
    kid = result.policy.profile("kid")
    assert kid.daily_budget["mon"] == 45 and kid.daily_budget["tue"] == 60
    assert result.sources["reports.folder"] == LAB
    assert result.sources["reports.formats"] == PARENT  # replaced whole by the parent
    assert result.sources["default_profile"] == OS
    assert result.sources["profiles.kid.daily_budget.mon"] == LAB
    assert result.sources["profiles.kid.daily_budget.tue"] == PARENT
    assert result.sources["profiles.kid.id"] == PARENT
    assert result.sources["profiles.lab.name"] == LAB
    assert result.sources["profiles.lab.id"] == LAB
    assert result.source_of("profiles.kid.daily_budget.wed").layer is Layer.DEFAULT
    assert result.source_of("profiles.kid.accounts.0") == PARENT
    assert result.managed
    assert set(result.managed_sources("profiles.kid")) == {"profiles.kid.daily_budget.mon"}


def test_a_later_managed_file_wins() -> None:
    merged, sources = merge_layers(
        [
            LayerData(PARENT, BASE),
            LayerData(LAB, {"reports": {"folder": "/a"}}),
            LayerData(LATER, {"reports": {"folder": "/b"}}),
        ]
    )
    assert merged["reports"]["folder"] == "/b"
    assert sources["reports.folder"] == LATER


def test_replacing_a_table_with_a_value_forgets_the_sources_inside() -> None:
    _, sources = merge_layers(
        [LayerData(PARENT, {"t": {"x": 1, "y": 2}}), LayerData(LAB, {"t": 3})]
    )
    assert sources == {"t": LAB}


def test_the_merged_policy_must_validate_as_a_whole() -> None:
    with pytest.raises(InvalidData, match="default_profile"):
        layered([LayerData(PARENT, BASE), LayerData(LAB, {"default_profile": "nobody"})])
    account_twice = {"profiles": [{"id": "lab", "name": "Lab", "accounts": ["kid"]}]}
    with pytest.raises(InvalidData, match="already in profile"):
        layered([LayerData(PARENT, BASE), LayerData(LAB, account_twice)])


@pytest.mark.parametrize(
    ("data", "wanted"),
    [
        ({"reports": {"folder": 5}}, "reports.folder"),
        ({"colour": "red"}, "colour"),
        ({"profiles": [{"name": "No id"}]}, "profiles.0.id"),
        ({"profiles": [{"id": "a"}, {"id": "a"}]}, "profiles.1.id"),
        ({"profiles": [{"id": "a", "daily_budget": {"mon": -1}}]}, "profiles.0.daily_budget.mon"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
    ],
)
def test_a_layer_is_checked_on_its_own(data: dict[str, Any], wanted: str) -> None:
    paths = [".".join(str(p) for p in problem.path) for problem in layer_problems(data)]
    assert wanted in paths


def test_a_partial_layer_needs_none_of_a_whole_policys_keys() -> None:
    assert layer_problems({"reports": {"folder": "/srv"}}) == []
    assert layer_problems({"profiles": [{"id": "kid", "warnings": [10]}]}) == []
    assert layer_problems([1]) != []


def test_layer_files_are_read_with_lines() -> None:
    text = 'default_profile = "lab"\n\n[reports]\nfolder = 7\n'
    with pytest.raises(PolicyFileError) as caught:
        parse_layer(text, "10-lab.toml")
    (issue,) = caught.value.issues
    assert (issue.source, issue.line, issue.path) == ("10-lab.toml", 4, "reports.folder")
    assert parse_layer('{"reports": {"folder": "/x"}}', "a.json") == {"reports": {"folder": "/x"}}
    assert parse_layer("", "empty.toml") == {}
    with pytest.raises(PolicyFileError, match="not valid TOML"):
        parse_layer("reports = [", "broken.toml")
    with pytest.raises(PolicyFileError, match=r"OS: reports\.enabled"):
        check_layer({"reports": {"enabled": "yes"}}, "OS")


def test_registry_numbers_become_yes_and_no_only_where_the_policy_wants_one() -> None:
    data = {"reports": {"enabled": 1}, "profiles": [{"id": "a", "sites": {"safe_search": 0}}]}
    data["profiles"][0]["idle_minutes"] = 1
    converted = numbers_as_bools(data)
    assert converted["reports"]["enabled"] is True
    assert converted["profiles"][0]["sites"]["safe_search"] is False
    assert converted["profiles"][0]["idle_minutes"] == 1
    assert numbers_as_bools({"reports": {"enabled": 7}})["reports"]["enabled"] == 7


def test_locked_changes_name_the_managed_values_a_save_would_change() -> None:
    effective = layered([LayerData(PARENT, BASE), LayerData(LAB, {"reports": {"folder": "/lab"}})])
    same = policy_from_data(policy_to_data(effective.policy))
    assert locked_changes(effective, same) == []
    data = policy_to_data(effective.policy)
    data["reports"]["folder"] = "/mine"
    data["profiles"][0]["name"] = "Kiddo"  # not managed: allowed
    assert locked_changes(effective, policy_from_data(data)) == ["reports.folder"]


def test_values_of_a_lower_layer_replace_managed_ones() -> None:
    wanted = {
        "reports": {"folder": "/lab", "enabled": True},
        "profiles": [{"id": "k", "name": "K"}],
    }
    below = {"reports": {"enabled": False}, "profiles": [{"id": "k", "name": "Old"}]}
    out = with_values_of(wanted, below, ["reports.folder", "reports.enabled", "profiles.k.name"])
    assert out == {"reports": {"enabled": False}, "profiles": [{"id": "k", "name": "Old"}]}
    assert value_at(out, "profiles.k.name") == "Old"
    assert value_at(out, "profiles.nobody.name") is MISSING
    assert value_at(out, "reports.folder") is MISSING


# Properties.

_keys = st.sampled_from(["a", "b", "c", "d"])
_scalars = st.one_of(st.integers(-5, 5), st.text(max_size=3), st.booleans())
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_keys, inner, max_size=3)),
    max_leaves=8,
)
_tables = st.dictionaries(_keys, _values, max_size=4)


@given(_tables)
def test_merging_with_an_empty_layer_changes_nothing(table: dict[str, Any]) -> None:
    assert merge(table, {}) == table
    assert merge({}, table) == table


@given(_tables, _tables)
def test_the_highest_layer_wins_for_every_value_it_sets(
    lower: dict[str, Any], higher: dict[str, Any]
) -> None:
    merged, sources = merge_layers([LayerData(PARENT, lower), LayerData(LAB, higher)])
    for path, value in _leaves(higher):
        assert _at(merged, path) == value
        assert sources[".".join(path)] == LAB
    for path, value in _leaves(lower):
        if not _covered(higher, path):
            assert _at(merged, path) == value
            assert sources[".".join(path)] == PARENT


def _leaves(
    table: dict[str, Any], prefix: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], Any]]:
    out = []
    for key, value in table.items():
        if isinstance(value, dict) and value:
            out += _leaves(value, (*prefix, key))
        elif not isinstance(value, dict):
            out.append(((*prefix, key), value))
    return out


def _at(table: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        table = table[part]
    return table


def _covered(higher: dict[str, Any], path: tuple[str, ...]) -> bool:
    """Whether `higher` sets `path` or replaces a table on the way to it."""
    table: Any = higher
    for part in path:
        if not isinstance(table, dict) or part not in table:
            return False
        table = table[part]
        if not isinstance(table, dict):
            return True
    return True
