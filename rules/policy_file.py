"""Policy documents as TOML or JSON text: reading with complete, located error reports, writing,
and the JSON Schema.

This module takes and returns text, never paths, so `rules/` stays free of I/O. Every problem in
a document is reported at once, each with its file, line and field, in words for a parent.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import re
import tomllib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any, Literal, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from rules.model import (
    POLICY_VERSION,
    FieldPath,
    Policy,
    Profile,
    Weekday,
    cross_reference_problems,
)

Format = Literal["toml", "json"]

SCHEMA_ID = f"https://guardian.local/schema/policy-v{POLICY_VERSION}.json"
"""The `$id` of the policy schema; it names the version so old schemas stay valid."""

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_DAY_ORDER = {day.value: order for order, day in enumerate(Weekday)}


@dataclass(frozen=True, slots=True)
class PolicyIssue:
    """One problem in a policy document, located as precisely as the text allows."""

    source: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.source, self.line) if part not in ("", None))
        return ": ".join(part for part in (where, self.path, self.message) if part)


class PolicyFileError(Exception):
    """A policy document was refused; `issues` holds every problem found, in file order."""

    def __init__(self, issues: Iterable[PolicyIssue]) -> None:
        self.issues = tuple(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))


def parse_policy(text: str, source: str, fmt: Format | None = None) -> Policy:
    """Read a policy document; raise PolicyFileError listing every problem with file and line.

    The format comes from the suffix of `source` unless `fmt` is given.
    """
    if fmt is None:
        fmt = _format_of(source)
    text = text.removeprefix("\ufeff")  # editors on Windows like to start files with a BOM
    data = _decode(text, source, fmt)
    where = (_TomlLocator if fmt == "toml" else _JsonLocator)(text).run()
    _refuse_newer_version(data, source, where)
    issues = [
        PolicyIssue(
            source,
            where.line(path),
            _format_path(path),
            f"key '{path[-1]}' is written more than once; keep only one",
        )
        for path in where.duplicates
    ]
    try:
        policy = Policy.model_validate_json(json.dumps(data, default=_date_as_text), strict=True)
    except ValidationError as exc:
        issues += _issues_from(exc, data, source, fmt, where)
    else:
        if not issues:
            return policy
    issues.sort(key=lambda issue: issue.line or 0)
    raise PolicyFileError(issues)


def dump_policy(policy: Policy, fmt: Format) -> str:
    """Write a policy as TOML or JSON that `parse_policy` reads back to an equal policy.

    Unset values and empty defaults are left out, so the file says only what was chosen.
    """
    document = _document(policy)
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    lines: list[str] = []
    _toml_table(lines, (), document, array=False)
    return "\n".join(lines) + "\n"


def policy_json_schema() -> dict[str, Any]:
    """The JSON Schema of a policy document, for editors and `guardian policy schema`."""
    schema = Policy.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "Guardian policy",
    }


# Reading: format, syntax and version.


def _format_of(source: str) -> Format:
    suffix = PurePath(source).suffix.lower()
    if suffix == ".toml":
        return "toml"
    if suffix == ".json":
        return "json"
    raise PolicyFileError(
        [
            PolicyIssue(
                source,
                None,
                "",
                "Guardian reads policy files ending in .toml or .json; rename the file to end "
                "in the one that matches its contents",
            )
        ]
    )


_TOML_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")
_TOML_HINTS = (
    ("Invalid value", 'text needs double quotes, e.g. preset = "12+" or mon = ["07:00-21:00"]'),
    ("Cannot overwrite", "this key or table is written twice; keep only one"),
    ("Cannot declare", "this table is written twice; keep only one"),
    ("Duplicate", "this key is written twice; keep only one"),
    ("Cannot redefine", "this key or table is written twice; keep only one"),
    ("Cannot mutate", "this table was already written in one line; add the key there instead"),
    ("Unclosed", "a closing bracket is missing"),
    ("Unterminated", "a closing quote is missing"),
)
_JSON_HINTS = (
    ("Expecting property name", "keys need double quotes, and no comma may follow the last item"),
    ("Expecting value", "text needs double quotes, and no comma may follow the last item"),
    ("Expecting ',' delimiter", "a comma is missing between two items"),
    ("Extra data", "there is more text after the end of the document"),
    ("Unterminated string", "a closing double quote is missing"),
    ("Invalid control character", "a line break inside text must be written \\n"),
)


def _decode(text: str, source: str, fmt: Format) -> dict[str, Any]:
    """The document as plain data, or a PolicyFileError naming the first syntax error."""
    if not text.strip():
        message = (
            "the file is empty; a policy needs at least timezone, default_profile and profiles"
        )
        raise PolicyFileError([PolicyIssue(source, None, "", message)])
    try:
        data: object = tomllib.loads(text) if fmt == "toml" else json.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_POSITION.search(str(exc))
        reason = _TOML_POSITION.sub("", str(exc))
        line = int(found[1]) if found and found[1] else text.count("\n") + 1
        column = f" at column {found[2]}" if found and found[2] else ""
        message = f"this is not valid TOML: {reason[:1].lower()}{reason[1:]}{column}"
        raise _syntax_error(source, line, message, reason, _TOML_HINTS) from None
    except json.JSONDecodeError as exc:
        message = (
            f"this is not valid JSON: {exc.msg[:1].lower()}{exc.msg[1:]} at column {exc.colno}"
        )
        raise _syntax_error(source, exc.lineno, message, exc.msg, _JSON_HINTS) from None
    except RecursionError:
        raise _syntax_error(source, None, "lists or tables are nested too deeply", "", ()) from None
    if not isinstance(data, dict):
        raise PolicyFileError(
            [
                PolicyIssue(
                    source,
                    1,
                    "",
                    "the document must be one JSON object { ... } with timezone, "
                    "default_profile and profiles",
                )
            ]
        )
    return data


def _syntax_error(
    source: str, line: int | None, message: str, reason: str, hints: Iterable[tuple[str, str]]
) -> PolicyFileError:
    hint = next((text for prefix, text in hints if reason.startswith(prefix)), None)
    return PolicyFileError(
        [PolicyIssue(source, line, "", f"{message}; {hint}" if hint else message)]
    )


def _refuse_newer_version(data: Mapping[str, Any], source: str, where: _Locations) -> None:
    """A newer document is refused on its own: its other 'errors' may be new features."""
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > POLICY_VERSION:
        message = (
            f"this file is written for policy version {version}, but this Guardian reads only up "
            f"to version {POLICY_VERSION}; update Guardian to use this file"
        )
        raise PolicyFileError([PolicyIssue(source, where.line(("version",)), "version", message)])


def _date_as_text(value: object) -> str:
    """TOML dates and times have no JSON form; as text they fail validation with a clear message."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not part of a policy document")


# Reading: validation errors in words for a parent.

_LIMITS = {
    "greater_than_equal": ("ge", "too small; the smallest allowed is {}"),
    "greater_than": ("gt", "too small; it must be more than {}"),
    "less_than_equal": ("le", "too large; the largest allowed is {}"),
    "less_than": ("lt", "too large; it must be less than {}"),
}
_TYPE_ERRORS = {
    "int_type",
    "int_parsing",
    "int_from_float",
    "string_type",
    "tuple_type",
    "list_type",
    "dict_type",
    "model_type",
    "model_attributes_type",
    "literal_error",
    "enum",
}


def _issues_from(
    exc: ValidationError, data: Mapping[str, Any], source: str, fmt: Format, where: _Locations
) -> list[PolicyIssue]:
    """One issue per wrong value: the choices of a union collapse into one message."""
    grouped: dict[FieldPath, list[tuple[ErrorDetails, bool]]] = {}
    for error in exc.errors(include_url=False):
        path, is_union = _data_path(data, error)
        if not path and error["type"] == "value_error":
            problems = cross_reference_problems(data)
            if problems:
                for problem_path, message in problems:
                    grouped.setdefault(problem_path, []).append((_plain_error(message), False))
                continue
        if _spurious_length_error(error):
            continue
        grouped.setdefault(path, []).append((error, is_union))
    issues = []
    for path, errors in grouped.items():
        for message in _messages(path, errors, fmt):
            issues.append(PolicyIssue(source, where.line(path), _format_path(path), message))
    return issues


def _plain_error(message: str) -> ErrorDetails:
    return {"type": "value_error", "loc": (), "msg": message, "input": None, "ctx": {}}


def _data_path(data: object, error: ErrorDetails) -> tuple[FieldPath, bool]:
    """The place in the document that `loc` names, and whether `loc` went through a union.

    Pydantic puts the names of union members into `loc`; they are not in the data, so skip them.
    """
    node: Any = data
    path: list[str | int] = []
    skipped = False
    loc = error["loc"]
    for position, part in enumerate(loc):
        last = position == len(loc) - 1
        if part == "[key]":
            continue
        in_table = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_table or in_list:
            node = node[part]
            path.append(part)
        elif last and error["type"] == "missing":
            path.append(part)
        else:
            skipped = True
    return tuple(path), skipped


def _spurious_length_error(error: ErrorDetails) -> bool:
    """Pydantic counts only the valid items of a list, so one bad item also reports 'too short'."""
    ctx = error.get("ctx", {})
    value = error["input"]
    return (
        error["type"] == "too_short"
        and isinstance(value, list)
        and len(value) >= int(ctx.get("min_length", 0))
    )


def _messages(path: FieldPath, errors: list[tuple[ErrorDetails, bool]], fmt: Format) -> list[str]:
    union = [error for error, is_union in errors if is_union]
    plain = [_message(path, error, fmt) for error, is_union in errors if not is_union]
    if not union:
        return plain
    narrowed = [error for error in union if error["type"] not in _TYPE_ERRORS]
    if narrowed:
        # The value had the right type for one member of the union; its complaint is the one.
        words = [_wanted(e, fmt) for e in union if e["type"] in ("literal_error", "enum")]
        alternative = f", or write {' or '.join(words)}" if words else ""
        return [*plain, _message(path, narrowed[0], fmt) + alternative]
    wants = " or ".join(_wanted(error, fmt) for error in union)
    return [*plain, f"expected {wants}, found {_show(union[0]['input'], fmt)}"]


def _message(path: FieldPath, error: ErrorDetails, fmt: Format) -> str:
    kind = error["type"]
    ctx = error.get("ctx", {})
    value = error["input"]
    if kind == "missing":
        return _missing_message(path)
    if kind == "extra_forbidden":
        return _unknown_key_message(str(path[-1]), _known_keys(path[:-1]))
    if "[key]" in error["loc"] and kind == "enum":
        return _unknown_key_message(str(value), _choices(error))
    if kind == "enum":
        choices = _choices(error)
        listed = ", ".join(f'"{choice}"' for choice in choices)
        suggestion = _suggestion(str(value), choices)
        return f"{_show(value, fmt)} is not one of the choices; use one of {listed}{suggestion}"
    if kind == "json_invalid":
        return "lists or tables are nested too deeply"
    if kind in _TYPE_ERRORS:
        hint = (
            "; write numbers without quotes" if isinstance(value, str) and value.isdigit() else ""
        )
        return f"expected {_wanted(error, fmt)}, found {_show(value, fmt)}{hint}"
    if kind in _LIMITS:
        key, template = _LIMITS[kind]
        return f"{_show(value, fmt)} is " + template.format(ctx[key])
    if kind == "string_too_short":
        return f"this text is too short; write at least {ctx['min_length']} character(s)"
    if kind == "string_too_long":
        return f"this text is too long; write at most {ctx['max_length']} characters"
    if kind == "too_short":
        return f"this list is too short; write at least {ctx['min_length']} item(s)"
    if kind == "too_long":
        return f"this list is too long; write at most {ctx['max_length']} items"
    if kind == "string_pattern_mismatch" and path[-1] in ("id", "default_profile"):
        return (
            f"{_show(value, fmt)} is not a profile id; use up to 32 lowercase letters, digits, "
            "'-' or '_', starting with a letter or digit, e.g. \"anna\""
        )
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])
    return str(error["msg"])


def _wanted(error: ErrorDetails, fmt: Format) -> str:
    kind = error["type"]
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "a whole number"
    if kind == "string_type":
        return "text in double quotes"
    if kind in ("tuple_type", "list_type"):
        return "a list in square brackets [ ]"
    if kind in ("literal_error", "enum"):
        return " or ".join(f'"{choice}"' for choice in _choices(error))
    return "a table" if fmt == "toml" else "an object { }"


def _choices(error: ErrorDetails) -> list[str]:
    return re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))


def _show(value: object, fmt: Format) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return json.dumps(value if len(value) <= 40 else value[:37] + "...", ensure_ascii=False)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table" if fmt == "toml" else "an object"
    return str(value)


def _missing_message(path: FieldPath) -> str:
    owner = _model_at(path[:-1])
    name = str(path[-1])
    place = "the document" if owner is Policy else "this profile" if owner is Profile else "here"
    message = f"required key '{name}' is missing from {place}; add it"
    info = owner.model_fields.get(name) if owner else None
    if info is not None and info.description:
        return f"{message} ({info.description.rstrip('.')})"
    return message


def _unknown_key_message(key: str, known: Iterable[str]) -> str:
    choices = list(known)
    message = f"unknown key '{key}'"
    suggestion = _suggestion(key, choices)
    if suggestion or not choices:
        return message + suggestion
    return f"{message}; the keys allowed here are {', '.join(choices)}"


def _suggestion(word: str, choices: list[str]) -> str:
    """A 'did you mean' for one clearly closest choice; none when two are equally close."""
    scores = sorted(
        ((difflib.SequenceMatcher(None, word, choice).ratio(), choice) for choice in choices),
        reverse=True,
    )
    if scores and scores[0][0] >= 0.6 and (len(scores) == 1 or scores[0][0] > scores[1][0]):
        return f"; did you mean '{scores[0][1]}'?"
    return ""


def _known_keys(path: FieldPath) -> list[str]:
    owner = _model_at(path)
    return list(owner.model_fields) if owner else []


def _model_at(path: FieldPath) -> type[BaseModel] | None:
    """The model class describing the table at `path`, or None if it is not a model."""
    model: type[BaseModel] | None = Policy
    for part in path:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None
        model = _model_in(model.model_fields[part].annotation)
    return model


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def _format_path(path: FieldPath) -> str:
    """`profiles[1].daily_budget.mon`; keys that are not bare words are quoted."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = part if _BARE_KEY.fullmatch(part) else json.dumps(part, ensure_ascii=False)
            out += f".{key}" if out else key
    return out


# Reading: where each key and list item is.


class _Stop(Exception):
    """The text is not what the locator understands; keep what was found so far."""


@dataclass
class _Locations:
    """Lines of the keys and list items of a document, found by scanning its text."""

    lines: dict[FieldPath, int] = field(default_factory=dict)
    duplicates: list[FieldPath] = field(default_factory=list)

    def line(self, path: FieldPath) -> int | None:
        """The line of `path`, else of the nearest enclosing key that was found."""
        for end in range(len(path), 0, -1):
            found = self.lines.get(path[:end])
            if found is not None:
                return found
        return None


class _Scanner:
    """Shared cursor over text; subclasses read one format."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._pos = 0
        self._line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
        self._found = _Locations()

    def run(self) -> _Locations:
        """Scan the text; a text the scanner does not understand yields what was found before."""
        with contextlib.suppress(_Stop, IndexError, ValueError, RecursionError):
            self._document()
        return self._found

    def _document(self) -> None:
        raise NotImplementedError

    def _mark(self, path: FieldPath, position: int, *, first: bool = False) -> None:
        line = bisect_right(self._line_starts, position)
        if first:
            self._found.lines.setdefault(path, line)
        else:
            self._found.lines[path] = line

    def _peek(self, length: int = 1) -> str:
        return self._text[self._pos : self._pos + length]

    def _expect(self, token: str) -> None:
        if self._peek(len(token)) != token:
            raise _Stop
        self._pos += len(token)

    def _skip(self, chars: str) -> None:
        while self._pos < len(self._text) and self._text[self._pos] in chars:
            self._pos += 1

    def _quoted(self) -> str:
        """The raw text of a double-quoted string with backslash escapes, quotes included."""
        start = self._pos
        self._pos += 1
        while self._text[self._pos] != '"':
            self._pos += 2 if self._text[self._pos] == "\\" else 1
        self._pos += 1
        return self._text[start : self._pos]

    def _scalar(self, stops: str) -> None:
        start = self._pos
        while self._pos < len(self._text) and self._text[self._pos] not in stops:
            self._pos += 1
        if self._pos == start:
            raise _Stop


class _TomlLocator(_Scanner):
    """Lines in TOML text: tables, arrays of tables, dotted keys, inline tables, arrays."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._table_counts: dict[FieldPath, int] = {}

    def _document(self) -> None:
        table: FieldPath = ()
        while True:
            self._blank(newlines=True)
            if self._pos >= len(self._text):
                return
            start = self._pos
            if self._peek(2) == "[[":
                self._pos += 2
                keys = self._key()
                self._expect("]]")
                path = (*self._resolve(keys[:-1], start), keys[-1])
                index = self._table_counts.get(path, 0)
                self._table_counts[path] = index + 1
                self._mark(path, start, first=True)
                table = (*path, index)
                self._mark(table, start)
            elif self._peek() == "[":
                self._pos += 1
                keys = self._key()
                self._expect("]")
                table = self._resolve(keys, start)
                self._mark(table, start)
            else:
                self._key_value(table, start)

    def _resolve(self, keys: list[str], start: int) -> FieldPath:
        """The path of a table header: arrays of tables resolve to their latest element."""
        path: FieldPath = ()
        for key in keys:
            path = (*path, key)
            self._mark(path, start, first=True)
            count = self._table_counts.get(path)
            if count:
                path = (*path, count - 1)
        return path

    def _key_value(self, table: FieldPath, start: int) -> None:
        keys = self._key()
        for end in range(1, len(keys)):
            self._mark((*table, *keys[:end]), start, first=True)
        path = (*table, *keys)
        self._mark(path, start)
        self._blank(newlines=False)
        self._expect("=")
        self._value(path)

    def _key(self) -> list[str]:
        keys: list[str] = []
        while True:
            self._blank(newlines=False)
            char = self._peek()
            if char == '"':
                keys.append(tomllib.loads("k = " + self._quoted())["k"])
            elif char == "'":
                end = self._text.index("'", self._pos + 1)
                keys.append(self._text[self._pos + 1 : end])
                self._pos = end + 1
            else:
                match = _BARE_KEY.match(self._text, self._pos)
                if not match:
                    raise _Stop
                keys.append(match[0])
                self._pos = match.end()
            self._blank(newlines=False)
            if self._peek() != ".":
                return keys
            self._pos += 1

    def _value(self, path: FieldPath) -> None:
        self._blank(newlines=False)
        char = self._peek()
        if char == "[":
            self._pos += 1
            index = 0
            while True:
                self._blank(newlines=True)
                if self._peek() == "]":
                    self._pos += 1
                    return
                self._mark((*path, index), self._pos)
                self._value((*path, index))
                self._blank(newlines=True)
                if self._peek() == ",":
                    self._pos += 1
                    index += 1
                else:
                    self._expect("]")
                    return
        elif char == "{":
            self._pos += 1
            while True:
                self._blank(newlines=False)
                if self._peek() == "}":
                    self._pos += 1
                    return
                self._key_value(path, self._pos)
                self._blank(newlines=False)
                if self._peek() == ",":
                    self._pos += 1
                else:
                    self._expect("}")
                    return
        elif self._peek(3) in ('"""', "'''"):
            self._multiline_string(self._peek(3))
        elif char == '"':
            self._quoted()
        elif char == "'":
            self._pos = self._text.index("'", self._pos + 1) + 1
        else:
            self._scalar(",]}#\r\n")

    def _multiline_string(self, quotes: str) -> None:
        self._pos += 3
        while self._peek(3) != quotes:
            if self._pos >= len(self._text):
                raise _Stop
            self._pos += 2 if quotes == '"""' and self._peek() == "\\" else 1
        self._pos += 3
        # Up to two more quotes right before the closing three belong to the string.
        for _ in range(2):
            if self._peek() == quotes[0]:
                self._pos += 1

    def _blank(self, *, newlines: bool) -> None:
        """Skip spaces and comments, and line ends when `newlines`."""
        while self._pos < len(self._text):
            self._skip(" \t\r\n" if newlines else " \t")
            if self._peek() != "#":
                return
            end = self._text.find("\n", self._pos)
            self._pos = len(self._text) if end < 0 else end


class _JsonLocator(_Scanner):
    """Lines in JSON text: object keys (the last of a repeated key wins, as in `json`) and items."""

    def _document(self) -> None:
        self._value(())

    def _value(self, path: FieldPath) -> None:
        self._skip(" \t\r\n")
        char = self._peek()
        if char == "{":
            self._container("}", path, self._member)
        elif char == "[":
            self._container("]", path, self._item)
        elif char == '"':
            self._quoted()
        else:
            self._scalar(",]} \t\r\n")

    def _container(self, close: str, path: FieldPath, entry: Callable[..., None]) -> None:
        self._pos += 1
        seen: set[str] = set()
        index = 0
        self._skip(" \t\r\n")
        if self._peek() == close:
            self._pos += 1
            return
        while True:
            entry(path, index, seen)
            self._skip(" \t\r\n")
            if self._peek() == ",":
                self._pos += 1
                index += 1
            else:
                self._expect(close)
                return

    def _member(self, path: FieldPath, _index: int, seen: set[str]) -> None:
        self._skip(" \t\r\n")
        start = self._pos
        if self._peek() != '"':
            raise _Stop
        key = json.loads(self._quoted())
        if key in seen:
            self._found.duplicates.append((*path, key))
        seen.add(key)
        self._mark((*path, key), start)
        self._skip(" \t\r\n")
        self._expect(":")
        self._value((*path, key))

    def _item(self, path: FieldPath, index: int, _seen: set[str]) -> None:
        self._skip(" \t\r\n")
        self._mark((*path, index), self._pos)
        self._value((*path, index))


# Writing.


def _document(model: BaseModel) -> dict[str, Any]:
    """A model as plain data without None values and empty defaults; weekdays Monday first."""
    dumped = model.model_dump(mode="json")
    out: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if value is None or (
            value in ((), {}) and value == info.get_default(call_default_factory=True)
        ):
            continue
        if isinstance(value, tuple) and value and all(isinstance(v, BaseModel) for v in value):
            out[name] = [_document(item) for item in value]
        elif isinstance(value, dict) and all(key in _DAY_ORDER for key in dumped[name]):
            out[name] = dict(sorted(dumped[name].items(), key=lambda item: _DAY_ORDER[item[0]]))
        else:
            out[name] = dumped[name]
    return out


def _toml_table(
    lines: list[str], path: tuple[str, ...], table: dict[str, Any], *, array: bool
) -> None:
    """Emit plain keys first, then sub-tables, then arrays of tables, as TOML requires."""
    if path:
        header = ".".join(_toml_key(key) for key in path)
        lines += ["", f"[[{header}]]" if array else f"[{header}]"]
    nested = {
        key: value for key, value in table.items() if _is_table(value) or _is_table_list(value)
    }
    for key, value in table.items():
        if key not in nested:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, value in nested.items():
        if _is_table(value):
            _toml_table(lines, (*path, key), value, array=False)
        else:
            for item in value:
                _toml_table(lines, (*path, key), item, array=True)


def _is_table(value: object) -> bool:
    return isinstance(value, dict)


def _is_table_list(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


_TOML_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _toml_string(text: str) -> str:
    escaped = "".join(
        _TOML_ESCAPES.get(char)
        or (f"\\u{ord(char):04x}" if ord(char) < 0x20 or ord(char) == 0x7F else char)
        for char in text
    )
    return f'"{escaped}"'


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    raise TypeError(f"a policy has no {type(value).__name__} values to write as TOML")
