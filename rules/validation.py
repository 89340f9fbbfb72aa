"""Checking plain data against msgspec Structs, reporting every problem at once.

msgspec stops at the first error; a parent fixing a policy file wants all of them, each with
its place. `problems_in` walks the data alongside the Struct's types and collects one problem per
wrong value; `describe` puts a problem in words for a parent.

Custom types (such as allowed windows) are written as text and read by the `dec_hook`, which
raises ValueError with a message for a parent when the text is wrong.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import msgspec
from msgspec import inspect as mi

FieldPath = tuple[str | int, ...]
"""A place in a document: keys of tables and indices of lists, from the top."""

DecHook = Callable[[type, Any], Any]
Wording = Literal["toml", "json"]

ProblemKind = Literal[
    "missing",
    "unknown_key",
    "type",
    "choice",
    "too_small",
    "too_large",
    "text_too_short",
    "text_too_long",
    "list_too_short",
    "list_too_long",
    "pattern",
    "invalid",
]


@dataclass(frozen=True, slots=True)
class Problem:
    """One wrong value: where it is, what kind of problem, and what was expected.

    `expected` holds the limit, the allowed choices or keys, or the wanted kinds of value
    ("int", "str", "list", "table" or a choice in double quotes); `note` holds a ready message
    ("invalid") or the description of a missing key; `also` lists choices that would do too.
    """

    path: FieldPath
    kind: ProblemKind
    value: object = None
    expected: Any = None
    note: str = ""
    also: tuple[str, ...] = ()


FieldCheck = Callable[[Any], None]
"""A check of one converted field value; raises ValueError with a message for a parent."""


def field_checks(cls: type) -> Mapping[str, FieldCheck]:
    """The per-field checks a Struct declares in its `field_checks` class variable."""
    checks: Mapping[str, FieldCheck] = getattr(cls, "field_checks", {})
    return checks


def run_field_checks(obj: msgspec.Struct) -> None:
    """Run a Struct's field checks on its values; for `__post_init__`."""
    for name, check in field_checks(type(obj)).items():
        check(getattr(obj, name))


def problems_in(cls: type[msgspec.Struct], data: object, dec_hook: DecHook) -> list[Problem]:
    """Every problem of `data` as the plain-data form of `cls`, in document order."""
    out: list[Problem] = []
    _check(data, mi.type_info(cls), (), out, dec_hook, root=True)
    return out


def _check(
    value: object,
    kind: mi.Type,
    path: FieldPath,
    out: list[Problem],
    dec_hook: DecHook,
    *,
    root: bool = False,
) -> None:
    if isinstance(kind, mi.Metadata):
        _check(value, kind.type, path, out, dec_hook, root=root)
    elif isinstance(kind, mi.UnionType):
        _union(value, kind, path, out, dec_hook)
    elif isinstance(kind, mi.StructType):
        _struct(value, kind, path, out, dec_hook, root=root)
    elif isinstance(kind, mi.IntType):
        if not isinstance(value, int) or isinstance(value, bool):
            out.append(Problem(path, "type", value, ("int",)))
        elif kind.ge is not None and value < kind.ge:
            out.append(Problem(path, "too_small", value, kind.ge))
        elif kind.le is not None and value > kind.le:
            out.append(Problem(path, "too_large", value, kind.le))
    elif isinstance(kind, mi.StrType):
        if not isinstance(value, str):
            out.append(Problem(path, "type", value, ("str",)))
        elif kind.min_length is not None and len(value) < kind.min_length:
            out.append(Problem(path, "text_too_short", value, kind.min_length))
        elif kind.max_length is not None and len(value) > kind.max_length:
            out.append(Problem(path, "text_too_long", value, kind.max_length))
        elif kind.pattern is not None and not re.search(kind.pattern, value):
            out.append(Problem(path, "pattern", value, kind.pattern))
    elif isinstance(kind, mi.ListType | mi.VarTupleType | mi.SetType | mi.FrozenSetType):
        if not isinstance(value, list):
            out.append(Problem(path, "type", value, ("list",)))
            return
        for index, item in enumerate(value):
            _check(item, kind.item_type, (*path, index), out, dec_hook)
        if kind.min_length is not None and len(value) < kind.min_length:
            out.append(Problem(path, "list_too_short", value, kind.min_length))
        elif kind.max_length is not None and len(value) > kind.max_length:
            out.append(Problem(path, "list_too_long", value, kind.max_length))
    elif isinstance(kind, mi.DictType):
        _dict(value, kind, path, out, dec_hook)
    elif isinstance(kind, mi.EnumType | mi.LiteralType):
        choices = _choices_of(kind)
        if value in choices and isinstance(value, str | int):
            return
        if isinstance(kind, mi.EnumType) and isinstance(value, str):
            out.append(Problem(path, "choice", value, choices))
        else:
            out.append(Problem(path, "type", value, tuple(_quoted(c) for c in choices)))
    elif isinstance(kind, mi.NoneType):
        if value is not None:
            out.append(Problem(path, "type", value, ("null",)))
    elif isinstance(kind, mi.CustomType):
        try:
            dec_hook(kind.cls, value)
        except ValueError as exc:
            out.append(Problem(path, "invalid", value, note=str(exc)))
        except TypeError:
            out.append(Problem(path, "type", value, ("str",)))
    elif isinstance(kind, mi.BoolType) and not isinstance(value, bool):
        out.append(Problem(path, "type", value, ("bool",)))
    # Other types do not occur in policies; msgspec's own conversion checks them at the end.


def _choices_of(kind: mi.EnumType | mi.LiteralType) -> tuple[Any, ...]:
    if isinstance(kind, mi.EnumType):
        return tuple(member.value for member in kind.cls)
    return tuple(kind.values)


def _quoted(choice: object) -> str:
    return f'"{choice}"' if isinstance(choice, str) else str(choice)


def _union(
    value: object, kind: mi.UnionType, path: FieldPath, out: list[Problem], dec_hook: DecHook
) -> None:
    members = [member for member in kind.types if not isinstance(member, mi.NoneType)]
    if value is None and len(members) < len(kind.types):
        return
    if len(members) == 1:
        _check(value, members[0], path, out, dec_hook)
        return
    tried: list[list[Problem]] = []
    for member in members:
        found: list[Problem] = []
        _check(value, member, path, found, dec_hook)
        if not found:
            return
        tried.append(found)
    mismatched = [found for found in tried if len(found) == 1 and found[0].kind == "type"]
    narrowed = [found for found in tried if found not in mismatched]
    words = [w for found in mismatched for w in found[0].expected if w.startswith('"')]
    if narrowed:
        # The value had the right type for one member of the union; its complaint is the one.
        first, *rest = narrowed[0]
        out.append(dataclasses.replace(first, also=tuple(words)))
        out += rest
        return
    wanted = tuple(word for found in mismatched for word in found[0].expected)
    out.append(Problem(path, "type", value, wanted))


def _struct(
    value: object,
    kind: mi.StructType,
    path: FieldPath,
    out: list[Problem],
    dec_hook: DecHook,
    *,
    root: bool,
) -> None:
    if not isinstance(value, dict):
        out.append(Problem(path, "type", value, ("table",)))
        return
    fields = {info.encode_name: info for info in kind.fields}
    annotations = {info.encode_name: info for info in msgspec.structs.fields(kind.cls)}
    checks = field_checks(kind.cls)
    for key, item in value.items():
        info = fields.get(key) if isinstance(key, str) else None
        if info is None:
            out.append(Problem((*path, key), "unknown_key", key, tuple(fields)))
            continue
        before = len(out)
        _check(item, info.type, (*path, key), out, dec_hook)
        check = checks.get(key)
        if check is None or len(out) > before:
            continue
        try:
            check(msgspec.convert(item, annotations[key].type, strict=True, dec_hook=dec_hook))
        except (ValueError, TypeError, msgspec.ValidationError) as exc:
            out.append(Problem((*path, key), "invalid", item, note=str(exc)))
    place = "the document" if root else f"this {kind.cls.__name__.lower()}"
    for name, info in fields.items():
        if info.required and name not in value:
            description = _description(info.type)
            out.append(Problem((*path, name), "missing", None, place, description))


def _description(kind: mi.Type) -> str:
    if isinstance(kind, mi.Metadata):
        text = (kind.extra_json_schema or {}).get("description")
        return str(text) if text else _description(kind.type)
    return ""


def _dict(
    value: object, kind: mi.DictType, path: FieldPath, out: list[Problem], dec_hook: DecHook
) -> None:
    if not isinstance(value, dict):
        out.append(Problem(path, "type", value, ("table",)))
        return
    key_kind = kind.key_type
    while isinstance(key_kind, mi.Metadata):
        key_kind = key_kind.type
    for key, item in value.items():
        if isinstance(key_kind, mi.EnumType | mi.LiteralType):
            choices = _choices_of(key_kind)
            if key not in choices:
                out.append(Problem((*path, key), "unknown_key", key, choices))
                continue
        else:
            _check(key, key_kind, (*path, key), out, dec_hook)
        _check(item, kind.value_type, (*path, key), out, dec_hook)


# Problems in words.


def describe(problem: Problem, wording: Wording = "json") -> str:
    """A problem as a sentence for a parent; `wording` names tables as TOML or JSON does."""
    value, expected = problem.value, problem.expected
    kind = problem.kind
    shown = show(value, wording)
    if kind == "missing":
        message = f"required key '{problem.path[-1]}' is missing from {expected}; add it"
        return f"{message} ({problem.note.rstrip('.')})" if problem.note else message
    if kind == "unknown_key":
        return unknown_key_message(str(value), [str(key) for key in expected])
    if kind == "type":
        hint = (
            "; write numbers without quotes" if isinstance(value, str) and value.isdigit() else ""
        )
        message = f"expected {' or '.join(_wanted(w, wording) for w in expected)}, found {shown}"
        return message + hint
    if kind == "choice":
        choices = [str(choice) for choice in expected]
        listed = ", ".join(f'"{choice}"' for choice in choices)
        message = f"{shown} is not one of the choices; use one of {listed}"
        return message + suggestion(str(value), choices)
    if kind == "too_small":
        message = f"{shown} is too small; the smallest allowed is {expected}"
    elif kind == "too_large":
        message = f"{shown} is too large; the largest allowed is {expected}"
    elif kind == "text_too_short":
        message = f"this text is too short; write at least {expected} character(s)"
    elif kind == "text_too_long":
        message = f"this text is too long; write at most {expected} characters"
    elif kind == "list_too_short":
        message = f"this list is too short; write at least {expected} item(s)"
    elif kind == "list_too_long":
        message = f"this list is too long; write at most {expected} items"
    elif kind == "pattern" and problem.path and problem.path[-1] in ("id", "default_profile"):
        message = (
            f"{shown} is not a profile id; use up to 32 lowercase letters, digits, "
            "'-' or '_', starting with a letter or digit, e.g. \"anna\""
        )
    elif kind == "pattern":
        message = f"{shown} is not written as expected (pattern {expected})"
    else:
        message = problem.note
    return message + (f", or write {' or '.join(problem.also)}" if problem.also else "")


_WANTED = {
    "int": "a whole number",
    "str": "text in double quotes",
    "list": "a list in square brackets [ ]",
    "bool": "true or false",
    "null": "null",
}


def _wanted(word: str, wording: Wording) -> str:
    if word == "table":
        return "a table" if wording == "toml" else "an object { }"
    return _WANTED.get(word, word)


def show(value: object, wording: Wording) -> str:
    """A value as the document would write it, shortened."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return json.dumps(value if len(value) <= 40 else value[:37] + "...", ensure_ascii=False)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table" if wording == "toml" else "an object"
    return str(value)


def unknown_key_message(key: str, known: Iterable[str]) -> str:
    """Unknown key, with a 'did you mean' or else the keys allowed."""
    choices = list(known)
    message = f"unknown key '{key}'"
    hint = suggestion(key, choices)
    if hint or not choices:
        return message + hint
    return f"{message}; the keys allowed here are {', '.join(choices)}"


def suggestion(word: str, choices: list[str]) -> str:
    """A 'did you mean' for one clearly closest choice; none when two are equally close."""
    import difflib  # only a policy with a mistake needs it

    scores = sorted(
        ((difflib.SequenceMatcher(None, word, choice).ratio(), choice) for choice in choices),
        reverse=True,
    )
    if scores and scores[0][0] >= 0.6 and (len(scores) == 1 or scores[0][0] > scores[1][0]):
        return f"; did you mean '{scores[0][1]}'?"
    return ""
