"""The policy in force as layers: what a school manages, what the parent chose, what is
recommended, and the built-in defaults, merged into one policy whose every value knows its source.

Layers, highest first: the OS-managed policy (Group Policy, a configuration profile), managed
files (a later file name wins), the parent's settings, recommended files, the built-in defaults.
Merging, from the lowest layer up:

- tables merge key by key: a higher layer's key replaces the same key below, other keys stay;
- `profiles` merge by `id`: a higher layer's profile updates the fields of the profile with the
  same id below (its nested tables key by key), a new id is added after the others;
- every other array, and every value that is not a table, is replaced whole.

A layer is partial: it holds only what it sets. Each is validated on its own (known keys, right
types and values; profiles need an `id`), and the merged result must validate as a whole policy.
This module takes and returns plain data and text, never paths: no I/O.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import msgspec.inspect as mi

from rules.model import Policy, _dec_hook, policy_from_data, policy_to_data
from rules.policy_file import (
    Format,
    PolicyFileError,
    PolicyIssue,
    _format_path,
    read_located,
)
from rules.validation import Problem, describe, problems_in

PROFILES = "profiles"


class Layer(StrEnum):
    """Where a value of the policy in force comes from, highest first."""

    OS = "os"
    """The OS's managed policy: Windows Group Policy (the registry), a macOS profile."""
    MANAGED = "managed"
    """A managed policy file, `<config>/policies/managed/*.toml|json`."""
    PARENT = "parent"
    """The parent's settings, `<config>/policy.toml`, written by the settings window."""
    RECOMMENDED = "recommended"
    """A recommended policy file, `<config>/policies/recommended/*.toml|json`."""
    DEFAULT = "default"
    """Guardian's built-in defaults."""

    @property
    def managed(self) -> bool:
        """Whether values of this layer are locked for the parent."""
        return self in (Layer.OS, Layer.MANAGED)


@dataclass(frozen=True, slots=True)
class Source:
    """The layer a value comes from and, for a file or an OS store, which one."""

    layer: Layer
    file: str = ""
    """A file's name, a registry key or a plist's path; empty for the parent and defaults."""

    @property
    def managed(self) -> bool:
        """Whether the parent may not change the value."""
        return self.layer.managed

    def to_data(self) -> dict[str, str]:
        """As plain data: `{"layer": "managed", "file": "10-lab.toml"}`."""
        return {"layer": self.layer.value, "file": self.file}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Source:
        """Back from `to_data`; ValueError for an unknown layer."""
        return cls(Layer(str(data["layer"])), str(data.get("file", "")))

    def __str__(self) -> str:
        return f"{self.layer.value} {self.file}".strip()


DEFAULT_SOURCE = Source(Layer.DEFAULT)


@dataclass(frozen=True, slots=True)
class LayerData:
    """One layer's partial policy as plain data, with where it comes from."""

    source: Source
    data: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class LayeredPolicy:
    """The policy in force and the source of each value set by some layer, keyed by dotted path
    (`reports.folder`, `profiles.<id>.daily_budget.mon`); a path not listed is a default."""

    policy: Policy
    sources: Mapping[str, Source]

    def source_of(self, path: str) -> Source:
        """The source of the value at `path`, or of the nearest table or array holding it."""
        parts = path.split(".")
        for end in range(len(parts), 0, -1):
            found = self.sources.get(".".join(parts[:end]))
            if found is not None:
                return found
        return DEFAULT_SOURCE

    def managed_sources(self, prefix: str = "") -> dict[str, Source]:
        """The managed paths under `prefix` (all of them when empty), with their sources."""
        return {
            path: source
            for path, source in self.sources.items()
            if source.managed and (not prefix or path == prefix or path.startswith(prefix + "."))
        }

    @property
    def managed(self) -> bool:
        """Whether any value is set by a managed layer."""
        return any(source.managed for source in self.sources.values())


# Merging.


def merge(lower: Mapping[str, Any], higher: Mapping[str, Any]) -> dict[str, Any]:
    """`higher` over `lower` by the rules of this module; neither is changed."""
    merged, _ = merge_layers([LayerData(DEFAULT_SOURCE, lower), LayerData(DEFAULT_SOURCE, higher)])
    return merged


def merge_layers(layers: Sequence[LayerData]) -> tuple[dict[str, Any], dict[str, Source]]:
    """Layers merged, lowest first, and the source of every value set, by dotted path."""
    merged: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    for layer in layers:
        _merge_table(merged, layer.data, "", layer.source, sources, top=True)
    return merged, sources


def _merge_table(
    target: dict[str, Any],
    layer: Mapping[str, Any],
    prefix: str,
    source: Source,
    sources: dict[str, Source],
    *,
    top: bool = False,
) -> None:
    for key, value in layer.items():
        path = f"{prefix}{key}"
        if top and key == PROFILES and isinstance(value, list):
            _merge_profiles(target.setdefault(PROFILES, []), value, source, sources)
        elif isinstance(value, Mapping):
            if not isinstance(target.get(key), dict):
                _forget(sources, path)
                target[key] = {}
            _merge_table(target[key], value, path + ".", source, sources)
        else:
            _forget(sources, path)
            target[key] = copy.deepcopy(value)
            sources[path] = source


def _merge_profiles(
    target: list[Any], profiles: Iterable[Any], source: Source, sources: dict[str, Source]
) -> None:
    for profile in profiles:
        if not isinstance(profile, Mapping) or not isinstance(profile.get("id"), str):
            continue  # layers are validated before they are merged
        profile_id = profile["id"]
        below = next((p for p in target if isinstance(p, dict) and p.get("id") == profile_id), None)
        if below is None:
            below = {"id": profile_id}
            target.append(below)
            sources[f"{PROFILES}.{profile_id}.id"] = source
        fields = {k: v for k, v in profile.items() if k != "id"}
        _merge_table(below, fields, f"{PROFILES}.{profile_id}.", source, sources)


def _forget(sources: dict[str, Source], path: str) -> None:
    """Drop the sources of a value and of everything inside it (it is being replaced)."""
    for known in [p for p in sources if p == path or p.startswith(path + ".")]:
        del sources[known]


def layered(layers: Sequence[LayerData]) -> LayeredPolicy:
    """The merged layers as a validated policy; InvalidData when the whole is not valid."""
    merged, sources = merge_layers(layers)
    return LayeredPolicy(policy_from_data(merged), sources)


# Reading values by dotted path.

_MISSING = object()


def value_at(data: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path (`profiles.<id>.…` finds the profile by id), or `MISSING`."""
    current: Any = data
    parts = path.split(".")
    index = 0
    while index < len(parts):
        part = parts[index]
        if index == 0 and part == PROFILES and len(parts) > 1 and isinstance(current, Mapping):
            profile_id = parts[1]
            current = next(
                (
                    p
                    for p in current.get(PROFILES, [])
                    if isinstance(p, Mapping) and p.get("id") == profile_id
                ),
                _MISSING,
            )
            index += 2
            continue
        if not isinstance(current, Mapping) or part not in current:
            return _MISSING
        current = current[part]
        index += 1
    return current


MISSING = _MISSING
"""What `value_at` returns for a path with no value."""


def locked_changes(
    effective: LayeredPolicy, wanted: Policy, *, within: Iterable[str] | None = None
) -> list[str]:
    """The managed paths where `wanted` differs from the policy in force (sorted): what a
    parent's save would change of what a school manages. `within` limits the paths checked."""
    now = policy_to_data(effective.policy)
    then = policy_to_data(wanted)
    paths = effective.managed_sources() if within is None else within
    return sorted(p for p in paths if value_at(now, p) != value_at(then, p))


def with_values_of(
    data: Mapping[str, Any], base: Mapping[str, Any], paths: Iterable[str]
) -> dict[str, Any]:
    """`data` with the value at each path taken from `base` (dropped where `base` has none);
    a profile left with nothing but its id is dropped."""
    out: dict[str, Any] = copy.deepcopy(dict(data))
    for path in paths:
        value = value_at(base, path)
        parts = path.split(".")
        if parts[0] == PROFILES and len(parts) >= 3:
            profile = value_at(out, ".".join(parts[:2]))
            if profile is MISSING:
                continue
            _set(profile, parts[2:], value)
        else:
            _set(out, parts, value)
    out[PROFILES] = [p for p in out.get(PROFILES, []) if set(p) - {"id"}]
    return out


def _set(table: dict[str, Any], parts: Sequence[str], value: Any) -> None:
    for part in parts[:-1]:
        inner = table.get(part)
        if not isinstance(inner, dict):
            if value is MISSING:
                return
            inner = table[part] = {}
        table = inner
    if value is MISSING:
        table.pop(parts[-1], None)
    else:
        table[parts[-1]] = copy.deepcopy(value)


# Validating one layer.


def layer_problems(data: object) -> list[Problem]:
    """Every problem of a partial policy: unknown keys, wrong types or values, profiles
    without an `id` or with an id used twice; keys a whole policy needs may be left out."""
    if not isinstance(data, dict):
        return [Problem((), "type", data, ("table",))]
    found = [p for p in problems_in(Policy, data, _dec_hook) if p.kind != "missing"]
    profiles = data.get(PROFILES)
    if isinstance(profiles, list):
        seen: dict[str, int] = {}
        for index, profile in enumerate(profiles):
            if not isinstance(profile, dict):
                continue
            profile_id = profile.get("id")
            if profile_id is None:
                found.append(
                    Problem(
                        (PROFILES, index, "id"),
                        "missing",
                        None,
                        "this profile",
                        "each profile needs the id of the profile it sets or adds",
                    )
                )
            elif isinstance(profile_id, str) and profile_id in seen:
                note = (
                    f"profile id '{profile_id}' is already used by {PROFILES}[{seen[profile_id]}]; "
                    "give each profile its own id"
                )
                found.append(Problem((PROFILES, index, "id"), "invalid", profile_id, note=note))
            elif isinstance(profile_id, str):
                seen[profile_id] = index
    return found


def parse_layer(text: str, source: str, fmt: Format | None = None) -> dict[str, Any]:
    """A partial policy document as plain data; PolicyFileError listing every problem with
    file and line. The format comes from the suffix of `source` unless `fmt` is given."""
    if not text.removeprefix("\ufeff").strip():
        return {}
    data, where, fmt, issues = read_located(text, source, fmt)
    issues += [
        PolicyIssue(source, where.line(p.path), _format_path(p.path), describe(p, fmt))
        for p in layer_problems(data)
    ]
    if issues:
        issues.sort(key=lambda issue: issue.line or 0)
        raise PolicyFileError(issues)
    layer: dict[str, Any] = data  # layer_problems refused anything but a table
    return layer


def check_layer(data: object, source: str) -> dict[str, Any]:
    """Plain data from a store without lines (the registry, a plist) validated as a layer;
    PolicyFileError naming each wrong path."""
    problems = layer_problems(data)
    if problems:
        raise PolicyFileError(
            PolicyIssue(source, None, _format_path(p.path), describe(p)) for p in problems
        )
    assert isinstance(data, dict)
    return data


def numbers_as_bools(data: Mapping[str, Any]) -> dict[str, Any]:
    """Data from a store without true and false (the registry's DWORDs) with 0 and 1 turned
    into false and true wherever the policy wants a yes or no."""
    converted: dict[str, Any] = _as_bools(data, mi.type_info(Policy))
    return converted


def _as_bools(value: Any, kind: mi.Type) -> Any:
    while isinstance(kind, mi.Metadata):
        kind = kind.type
    if isinstance(kind, mi.UnionType):
        wants_int = any(isinstance(k, mi.IntType) for k in kind.types)
        if isinstance(value, int) and not isinstance(value, bool) and wants_int:
            return value
        for option in kind.types:
            converted = _as_bools(value, option)
            if converted is not value:
                return converted
        return value
    if isinstance(kind, mi.BoolType):
        if isinstance(value, int) and not isinstance(value, bool) and value in (0, 1):
            return bool(value)
        return value
    if isinstance(kind, mi.StructType) and isinstance(value, Mapping):
        fields = {info.encode_name: info.type for info in kind.fields}
        return {
            key: _as_bools(item, fields[key]) if key in fields else item
            for key, item in value.items()
        }
    if isinstance(kind, mi.DictType) and isinstance(value, Mapping):
        return {key: _as_bools(item, kind.value_type) for key, item in value.items()}
    if isinstance(kind, mi.ListType | mi.VarTupleType) and isinstance(value, list):
        return [_as_bools(item, kind.item_type) for item in value]
    return value
