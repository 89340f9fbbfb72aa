"""Policy documents as TOML or JSON text: reading with complete, located error reports, writing,
and the JSON Schema.

This module takes and returns text, never paths, so `rules/` stays free of I/O. Every problem in
a document is reported at once, each with its file, line and field, in words for a parent.
"""

from __future__ import annotations

import contextlib
import json
import re
import tomllib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Literal

import msgspec
import tomli_w

from rules.model import (
    POLICY_VERSION,
    InvalidData,
    Policy,
    policy_from_data,
    policy_schema,
    to_data,
)
from rules.timeofday import Weekday
from rules.validation import FieldPath, describe

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


def read_located(
    text: str, source: str, fmt: Format | None = None
) -> tuple[Any, Any, Format, list[PolicyIssue]]:
    """A policy document, or a part of one, decoded: its data, where each key is written
    (`.line(path)`), its format (from the suffix of `source` unless `fmt` is given), and an
    issue for each key written twice. A newer version than this code reads is refused."""
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
    return data, where, fmt, issues


def parse_policy(text: str, source: str, fmt: Format | None = None) -> Policy:
    """Read a policy document; raise PolicyFileError listing every problem with file and line.

    The format comes from the suffix of `source` unless `fmt` is given.
    """
    data, where, fmt, issues = read_located(text, source, fmt)
    try:
        policy = policy_from_data(data)
    except InvalidData as exc:
        issues += [
            PolicyIssue(source, where.line(p.path), _format_path(p.path), describe(p, fmt))
            for p in exc.problems
        ]
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
    return tomli_w.dumps(document)


def policy_json_schema() -> dict[str, Any]:
    """The JSON Schema of a policy document, for editors and `guardian policy schema`."""
    schema = policy_schema()
    definitions: dict[str, Any] = schema["$defs"]
    for definition in definitions.values():
        if definition.get("type") == "object" and "properties" in definition:
            definition["additionalProperties"] = False
    top = definitions.pop("Policy")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **top,
        "title": "Guardian policy",
        "$defs": definitions,
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


def _document(obj: msgspec.Struct, *, nested: bool = False) -> dict[str, Any]:
    """A policy or profile as plain data without None values and empty defaults (in a nested
    table such as a profile's `sites`, without any default); weekdays Monday first."""
    out: dict[str, Any] = {}
    for info in msgspec.structs.fields(obj):
        value = getattr(obj, info.name)
        default = (
            info.default_factory()
            if info.default_factory is not msgspec.NODEFAULT
            else info.default
        )
        if value is None or ((nested or value in ((), {})) and value == default):
            continue
        if isinstance(value, msgspec.Struct):
            table = _document(value, nested=True)
            if table:
                out[info.encode_name] = table
        elif (
            isinstance(value, tuple) and value and all(isinstance(v, msgspec.Struct) for v in value)
        ):
            out[info.encode_name] = [_document(item) for item in value]
        elif isinstance(value, dict) and all(key in _DAY_ORDER for key in value):
            dumped = to_data(value)
            out[info.encode_name] = dict(sorted(dumped.items(), key=lambda i: _DAY_ORDER[i[0]]))
        else:
            out[info.encode_name] = to_data(value)
    return out
