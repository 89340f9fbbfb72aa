"""Browser managed policies in files: Linux's JSON folders and files, macOS's plists.

Files are written atomically, 0644 in folders 0755, so every user's browser can read them and
no user can change them.
"""

from __future__ import annotations

import contextlib
import json
import os
import plistlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from guardian.atomic import write_atomic
from guardian.platform.browsers import (
    BRAVE,
    CHROME,
    CHROMIUM,
    EDGE,
    FIREFOX,
    FIREFOX_MACOS,
    YANDEX,
    Browser,
    BrowserLocation,
    BrowserPolicyError,
    LeafPath,
)


class PolicyFile:
    """A JSON policies file (Firefox's policies.json keeps them under "policies")."""

    def __init__(self, path: Path, *, under: str | None = None) -> None:
        self.path = path
        self.location = str(path)
        self._under = under
        self._whole: dict[str, Any] = {}
        self._existed = False
        self._dirty = False

    def _decode(self, data: bytes) -> object:
        return json.loads(data)

    def _encode(self, whole: dict[str, Any]) -> bytes:
        return (json.dumps(whole, indent=2, ensure_ascii=False) + "\n").encode()

    def load(self) -> None:
        """Read the file; a missing file is empty, an unreadable one an error."""
        self._dirty = False
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            self._whole, self._existed = {}, False
            return
        except OSError as exc:
            raise BrowserPolicyError(f"{self.path} cannot be read: {exc.strerror}") from None
        try:
            whole = self._decode(data)
        except (ValueError, plistlib.InvalidFileException) as exc:
            raise BrowserPolicyError(
                f"{self.path} is not valid ({exc}); Guardian leaves it as it is"
            ) from None
        if not isinstance(whole, dict) or (
            self._under is not None and not isinstance(whole.get(self._under, {}), dict)
        ):
            raise BrowserPolicyError(
                f"{self.path} does not hold a dictionary of policies; Guardian leaves it as it is"
            )
        self._whole, self._existed = whole, True

    def _policies(self, create: bool = False) -> dict[str, Any] | None:
        if self._under is None:
            return self._whole
        if create:
            return self._whole.setdefault(self._under, {})  # type: ignore[no-any-return]
        found = self._whole.get(self._under)
        return found if isinstance(found, dict) else None

    def get(self, path: LeafPath) -> object | None:
        """The value at `path` in the file as loaded."""
        node: object = self._policies()
        for part in path:
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node

    def baseline(self, path: LeafPath) -> object | None:
        """Nothing outside the file."""
        return None

    def seed(self) -> dict[LeafPath, object]:
        """Nothing to carry over."""
        return {}

    def set(self, path: LeafPath, value: object) -> None:
        """Set the value, creating the dictionaries on the way."""
        node = self._policies(create=True)
        assert node is not None
        for part in path[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[path[-1]] = value
        self._dirty = True

    def delete(self, path: LeafPath) -> None:
        """Unset the value and drop the dictionaries this leaves empty."""
        chain: list[dict[str, Any]] = []
        node = self._policies()
        for part in path[:-1]:
            if node is None:
                return
            chain.append(node)
            child = node.get(part)
            node = child if isinstance(child, dict) else None
        if node is None or path[-1] not in node:
            return
        del node[path[-1]]
        for parent, part in reversed(list(zip(chain, path[:-1], strict=True))):
            if parent[part]:
                break
            del parent[part]
        self._dirty = True

    def empty(self) -> bool:
        """Whether the file holds nothing at all (no policies, no other keys)."""
        policies = self._policies()
        others = {k: v for k, v in self._whole.items() if k != self._under}
        return not policies and not others

    def save(self) -> list[str]:
        """Write the file atomically, 0644, creating its folders 0755."""
        if not self._dirty:
            return []
        created: list[str] = []
        missing: list[Path] = []
        folder = self.path.parent
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        try:
            for folder in reversed(missing):
                folder.mkdir(mode=0o755)
                os.chmod(folder, 0o755)
                created.append(str(folder))
            if not self._existed:
                created.append(str(self.path))
            write_atomic(self.path, self._encode(self._whole), mode=0o644)
        except OSError as exc:
            raise BrowserPolicyError(f"{self.path} cannot be written: {exc.strerror}") from None
        self._existed = True
        self._dirty = False
        return created

    def discard(self, created: Sequence[str]) -> None:
        """Delete the file if Guardian created it and it is empty, then its empty folders."""
        try:
            if str(self.path) in created and self._existed and self.empty():
                self.path.unlink(missing_ok=True)
            for folder in sorted((c for c in created if c != str(self.path)), reverse=True):
                with contextlib.suppress(FileNotFoundError, OSError):
                    Path(folder).rmdir()  # only when empty
        except OSError as exc:
            raise BrowserPolicyError(f"{self.path} cannot be deleted: {exc.strerror}") from None

    def overridden(self, paths: Sequence[LeafPath]) -> list[str]:
        """Nothing takes precedence over a single file."""
        return []


class PlistPolicyFile(PolicyFile):
    """A macOS managed preferences plist: `/Library/Managed Preferences/<bundle id>.plist`."""

    def _decode(self, data: bytes) -> object:
        return plistlib.loads(data)

    def _encode(self, whole: dict[str, Any]) -> bytes:
        return plistlib.dumps(whole, fmt=plistlib.FMT_XML, sort_keys=True)


class FirefoxSystemFile(PolicyFile):
    """/etc/firefox/policies/policies.json. When it exists Firefox reads no other policies.json,
    so on creation it carries over the policies of the installation's own file."""

    def __init__(self, path: Path, distribution: Sequence[Path]) -> None:
        super().__init__(path, under="policies")
        self._distribution = tuple(distribution)

    def seed(self) -> dict[LeafPath, object]:
        """The leaves of the first readable installation policies.json, when this file is new."""
        if self._existed:
            return {}
        for candidate in self._distribution:
            source = PolicyFile(candidate, under="policies")
            try:
                source.load()
            except BrowserPolicyError:
                continue
            policies = source.get(())
            if isinstance(policies, dict) and policies:
                return dict(_flatten(policies))
        return {}


class ChromiumPolicyFolder(PolicyFile):
    """Guardian's own file in a Chromium `policies/managed` folder.

    Chromium reads every JSON file there; for a policy set by several, the file last in name
    order wins. Guardian's file is named to come last, and lists set by the other files are
    merged into Guardian's, so their entries stay in force.
    """

    FILE_NAME = "zz-guardian.json"

    def __init__(self, folder: Path) -> None:
        super().__init__(folder / self.FILE_NAME)
        self.folder = folder

    def _others(self) -> list[tuple[str, dict[str, Any]]]:
        try:
            names = sorted(p.name for p in self.folder.iterdir() if p.suffix == ".json")
        except OSError:
            return []
        out: list[tuple[str, dict[str, Any]]] = []
        for name in names:
            if name == self.FILE_NAME:
                continue
            with contextlib.suppress(OSError, ValueError):
                data = json.loads((self.folder / name).read_bytes())
                if isinstance(data, dict):
                    out.append((name, data))
        return out

    def baseline(self, path: LeafPath) -> object | None:
        """The value the other files give `path` (the last one in name order)."""
        found: object | None = None
        for _, data in self._others():
            if path[0] in data:
                found = data[path[0]]
        return found

    def overridden(self, paths: Sequence[LeafPath]) -> list[str]:
        """Files after Guardian's in name order that set one of Guardian's policies."""
        names = {p[0] for p in paths}
        return [
            str(self.folder / name)
            for name, data in self._others()
            if name > self.FILE_NAME and names & data.keys()
        ]


def _flatten(tree: Mapping[str, Any], prefix: LeafPath = ()) -> list[tuple[LeafPath, object]]:
    out: list[tuple[LeafPath, object]] = []
    for key, value in tree.items():
        if isinstance(value, dict) and value:
            out.extend(_flatten(value, (*prefix, key)))
        else:
            out.append(((*prefix, key), value))
    return out


CHROMIUM_FOLDERS_LINUX: tuple[tuple[Browser, str], ...] = (
    (CHROME, "etc/opt/chrome/policies/managed"),
    (CHROMIUM, "etc/chromium/policies/managed"),
    (EDGE, "etc/opt/edge/policies/managed"),
    (YANDEX, "etc/opt/yandex/browser/policies/managed"),
    (BRAVE, "etc/brave/policies/managed"),
)
FIREFOX_INSTALLS_LINUX = (
    "usr/lib/firefox-esr",
    "usr/lib/firefox",
    "usr/lib64/firefox",
    "opt/firefox",
)


def linux_locations(root: Path) -> list[BrowserLocation]:
    """Linux: each Chromium browser's managed folder, /etc/firefox/policies, and the
    `distribution` folder of every Firefox installed in the usual places (under `root`)."""
    out = [BrowserLocation(b, ChromiumPolicyFolder(root / f)) for b, f in CHROMIUM_FOLDERS_LINUX]
    distribution = [
        root / install / "distribution" / "policies.json"
        for install in FIREFOX_INSTALLS_LINUX
        if (root / install).is_dir()
    ]
    system = root / "etc/firefox/policies/policies.json"
    out.append(BrowserLocation(FIREFOX, FirefoxSystemFile(system, distribution)))
    out += [BrowserLocation(FIREFOX, PolicyFile(p, under="policies")) for p in distribution]
    return out


MACOS_BUNDLES: tuple[tuple[Browser, str], ...] = (
    (CHROME, "com.google.Chrome"),
    (CHROMIUM, "org.chromium.Chromium"),
    (EDGE, "com.microsoft.Edge"),
    (YANDEX, "ru.yandex.desktop.yandex-browser"),
    (BRAVE, "com.brave.Browser"),
    (FIREFOX_MACOS, "org.mozilla.firefox"),
)


def macos_locations(root: Path) -> list[BrowserLocation]:
    """macOS: `/Library/Managed Preferences/<bundle id>.plist` of each browser (under `root`)."""
    folder = root / "Library/Managed Preferences"
    return [
        BrowserLocation(browser, PlistPolicyFile(folder / f"{bundle}.plist"))
        for browser, bundle in MACOS_BUNDLES
    ]
