"""The policy in force, from its layers on disk and in the OS (rules/layers.py merges them).

Layers, highest first: the OS-managed policy (`Platform.managed_policy`), managed files
`<config>/policies/managed/*.toml|json` (in name order, a later file wins), the parent's
settings (`PolicyStore`, `<config>/policy.toml`), recommended files
`<config>/policies/recommended/*.toml|json`, and the built-in defaults, which apply only until
the parent's settings exist (their profile only while no layer names a profile).

Every layer is checked on its own and the merged policy as a whole. A file or OS value that
fails keeps its last good content (kept beside the state, so a restart keeps it too) and raises
`managed_policy_invalid` naming the file and line. `refresh` is called every few seconds: new,
changed and removed files take effect without a restart.

The parent's saves never change a managed value: a save that would is refused, naming the
locked fields; values the managed layers set are not copied into the parent's file.
"""

from __future__ import annotations

import json
import logging
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guardian.atomic import write_atomic
from guardian.platform.base import ManagedPolicy, ManagedPolicyError
from guardian.policy_store import PolicyStore
from guardian.problems import Problem, ProblemCode
from rules.layers import (
    MISSING,
    PROFILES,
    Layer,
    LayerData,
    LayeredPolicy,
    Source,
    check_layer,
    layered,
    locked_changes,
    merge_layers,
    parse_layer,
    value_at,
    with_values_of,
)
from rules.model import InvalidData, Policy, policy_from_data, policy_to_data
from rules.policy_file import PolicyFileError, dump_policy

if TYPE_CHECKING:
    from guardian.paths import DataPaths

log = logging.getLogger(__name__)

MANAGED_FOLDER = Path("policies") / "managed"
RECOMMENDED_FOLDER = Path("policies") / "recommended"
SUFFIXES = (".toml", ".json")
LAST_GOOD_NAME = "last-good-layers.json"


class LockedValues(ValueError):
    """A save would change values a managed layer sets; `paths` names them with their sources."""

    def __init__(self, paths: dict[str, Source]) -> None:
        self.paths = paths
        listed = ", ".join(f"{path} ({source})" for path, source in sorted(paths.items()))
        super().__init__(
            f"these settings are managed by the school's policy and cannot be changed here: "
            f"{listed}"
        )


@dataclass
class _Slot:
    """One file or OS store of a layer: its last good content and why the newest was refused."""

    source: Source
    data: dict[str, Any] | None = None
    """The last good content; None when there never was one."""
    error: str = ""
    line: int | None = None
    signature: object = None
    """What was last read (a file's stat, the OS store's data), to notice a change."""
    pending: dict[str, Any] | None = None
    """New content valid on its own, waiting to be merged with the other layers."""


@dataclass
class _Folder:
    """A folder of policy files of one layer, each a slot keyed by file name."""

    path: Path
    layer: Layer
    slots: dict[str, _Slot] = field(default_factory=dict)

    def listing(self) -> dict[str, tuple[int, int, int]]:
        """The policy files there now with their stat signatures, in name order."""
        try:
            entries = sorted(self.path.iterdir(), key=lambda p: p.name)
        except OSError:
            return {}
        found: dict[str, tuple[int, int, int]] = {}
        for entry in entries:
            if entry.suffix.lower() not in SUFFIXES or entry.name.startswith("."):
                continue
            try:
                info = entry.stat()
            except OSError:
                continue
            found[entry.name] = (info.st_mtime_ns, info.st_size, info.st_ino)
        return found


class PolicyLayers:
    """The layers of one data folder and the policy they make, kept current by `refresh`."""

    def __init__(
        self,
        store: PolicyStore,
        config: Path,
        state: Path,
        default: Callable[[], Policy],
        os_policy: ManagedPolicy | None = None,
        *,
        keep: bool = True,
    ) -> None:
        """`keep`: write the last good content of each layer beside the state (False for tools
        that only read, like the CLI)."""
        self.store = store
        self._keep = keep
        self._default = default
        self._os_policy = os_policy
        self._last_good_file = state / LAST_GOOD_NAME
        saved = self._load_last_good()
        self._os = _Slot(Source(Layer.OS, os_policy.where if os_policy else ""))
        self._os.data = saved.get(Layer.OS.value, {}).get("", None)
        self._folders = [
            _Folder(config / MANAGED_FOLDER, Layer.MANAGED),
            _Folder(config / RECOMMENDED_FOLDER, Layer.RECOMMENDED),
        ]
        self._saved = saved
        self._parent_problem = ""
        self._parent_in_force: Policy | None = None
        """The parent's policy last merged well with the managed layers."""
        self._refresh_os()
        for folder in self._folders:
            self._refresh_folder(folder)
        self.effective = self._merge()

    # --- what is in force --------------------------------------------------------------------

    @property
    def policy(self) -> Policy:
        """The effective policy."""
        return self.effective.policy

    @property
    def managed(self) -> bool:
        """Whether a managed layer sets anything."""
        return self.effective.managed or any(
            slot.data for slot in self._slots() if slot.source.managed
        )

    @property
    def configured(self) -> bool:
        """Whether a policy was chosen for this machine: the parent's, or a managed one."""
        return self.store.configured or self.managed

    def problems(self) -> list[Problem]:
        """A problem for each file or OS store whose newest content is not in force."""
        found = []
        for slot in self._slots():
            if slot.error:
                args = {"file": slot.source.file, "layer": slot.source.layer.value}
                if slot.line is not None:
                    args["line"] = str(slot.line)
                found.append(Problem(ProblemCode.MANAGED_POLICY_INVALID, args, slot.error))
        return found

    @property
    def parent_problem(self) -> str:
        """Why the parent's file, valid on its own, is not in force with the managed layers."""
        return self._parent_problem

    def refusals(self) -> list[str]:
        """Why each layer whose newest content is not in force was refused, each saying its
        file: the managed files and OS store, then the parent's file (at odds with the managed
        layers, or not valid on its own)."""
        found = [p.detail for p in self.problems()]
        return [*found, *filter(None, [self._parent_problem, self.store.problem])]

    # --- reading -----------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Look at every layer again; True when the effective policy changed."""
        changed = False
        if self.store.changed_on_disk():
            self.store.reload()
            changed = True
        changed |= self._refresh_os()
        for folder in self._folders:
            changed |= self._refresh_folder(folder)
        if not changed:
            return False
        before = self.effective
        self.effective = self._merge()
        return before.policy != self.effective.policy or before.sources != self.effective.sources

    def _refresh_os(self) -> bool:
        if self._os_policy is None:
            return False
        slot = self._os
        try:
            data = self._os_policy.read()
        except ManagedPolicyError as exc:
            return self._refuse(slot, str(exc), None, signature=str(exc))
        except Exception as exc:  # an OS store must never stop the policy from loading
            log.exception("the OS-managed policy could not be read")
            return self._refuse(slot, f"{slot.source.file}: {exc}", None, signature=repr(exc))
        if data == slot.signature and slot.signature is not None:
            return False
        if data is None:
            changed = slot.data is not None or bool(slot.error)
            slot.data, slot.error, slot.line, slot.signature = None, "", None, None
            self._save_last_good()
            return changed
        try:
            checked = check_layer(data, slot.source.file)
        except PolicyFileError as exc:
            return self._refuse(slot, str(exc), None, signature=data)
        return self._accept(slot, checked, signature=data)

    def _refresh_folder(self, folder: _Folder) -> bool:
        listing = folder.listing()
        changed = False
        for name in [n for n in folder.slots if n not in listing]:
            del folder.slots[name]  # an admin removed the file: its values go with it
            changed = True
        for name, signature in listing.items():
            slot = folder.slots.get(name)
            if slot is None:
                slot = folder.slots[name] = _Slot(Source(folder.layer, name))
                kept = self._saved.get(folder.layer.value, {}).get(name)
                slot.data = kept if isinstance(kept, dict) else None
            if slot.signature == signature:
                continue
            changed |= self._read_file(slot, folder.path / name, signature)
        folder.slots = dict(sorted(folder.slots.items()))
        if changed:
            self._save_last_good()
        return changed

    def _read_file(self, slot: _Slot, path: Path, signature: object) -> bool:
        try:
            text = path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            return False  # gone between listing and reading; the next look drops it
        except OSError as exc:
            return self._refuse(slot, f"{path}: cannot be read: {exc}", None, signature)
        except UnicodeDecodeError as exc:
            return self._refuse(slot, f"{path}: not UTF-8 text ({exc.reason})", None, signature)
        try:
            data = parse_layer(text, str(path))
        except PolicyFileError as exc:
            line = next((issue.line for issue in exc.issues if issue.line is not None), None)
            return self._refuse(slot, str(exc), line, signature)
        return self._accept(slot, data, signature)

    def _refuse(self, slot: _Slot, error: str, line: int | None, signature: object) -> bool:
        """Keep the slot's last good content and say why; True when that is news."""
        news = slot.error != error or slot.pending is not None
        if news:
            log.error("policy layer not applied, keeping its last good content:\n%s", error)
        slot.error, slot.line, slot.signature, slot.pending = error, line, signature, None
        return news

    def _accept(self, slot: _Slot, data: dict[str, Any], signature: object) -> bool:
        slot.signature = signature
        slot.pending = data  # whether the whole still validates is decided in `_merge`
        return True

    # --- merging -----------------------------------------------------------------------------

    def _slots(self) -> Iterator[_Slot]:
        yield self._os
        for folder in self._folders:
            yield from folder.slots.values()

    def _merge(self) -> LayeredPolicy:
        """The layers merged; a layer whose new content breaks the whole keeps its last good."""
        for slot in self._ordered_slots():
            pending = slot.pending
            if pending is None:
                continue
            previous = slot.data
            slot.data = pending
            try:
                self._layered(self._parent_in_force or self._parent())
            except InvalidData as exc:
                # Kept pending: it is tried again whenever another layer changes.
                slot.data = previous
                error = f"{slot.source.file}: with the other policy layers: {exc}"
                if error != slot.error:
                    log.error("policy layer not applied:\n%s", error)
                slot.error, slot.line = error, None
            else:
                slot.pending = None
                slot.error, slot.line = "", None
        self._save_last_good()
        parent = self._parent()
        try:
            result = self._layered(parent)
        except InvalidData as exc:
            # The parent's file changed into something the managed layers do not allow.
            self._parent_problem = f"{self.store.path}: with the managed policy: {exc}"
            log.error("%s", self._parent_problem)
        else:
            self._parent_problem = ""
            self._parent_in_force = parent
            return result
        for fallback in (self._parent_in_force, None):
            try:
                return self._layered(fallback)
            except InvalidData:
                continue
        log.error("the policy layers do not make a valid policy; the built-in default applies")
        return self._fallback()

    def _parent(self) -> Policy | None:
        """The parent's policy, None while the parent has saved none."""
        return self.store.policy if self.store.configured else None

    def _ordered_slots(self) -> list[_Slot]:
        """Lowest first: recommended files, managed files, the OS store."""
        managed, recommended = self._folders
        return [*recommended.slots.values(), *managed.slots.values(), self._os]

    def _fallback(self) -> LayeredPolicy:
        return LayeredPolicy(self._default(), {})

    def layers(self, parent: Policy | None, *, above_parent: bool = True) -> list[LayerData]:
        """The layers' data, lowest first, with `parent` as the parent's settings (None: the
        built-in defaults instead); only those up to the parent's without `above_parent`."""
        managed, recommended = self._folders
        found = [LayerData(s.source, s.data) for s in recommended.slots.values() if s.data]
        if parent is not None:
            found.append(LayerData(Source(Layer.PARENT), _document(parent)))
        if above_parent:
            found += [LayerData(s.source, s.data) for s in managed.slots.values() if s.data]
            if self._os.data:
                found.append(LayerData(self._os.source, self._os.data))
        if parent is None:
            defaults = _document(self._default())
            if any(PROFILES in layer.data for layer in found):
                defaults.pop(PROFILES)
            found.insert(0, LayerData(Source(Layer.DEFAULT), defaults))
        return found

    def _layered(self, parent: Policy | None) -> LayeredPolicy:
        return layered(self.layers(parent))

    # --- the parent's saves ------------------------------------------------------------------

    def parent_policy_for(self, wanted: Policy) -> Policy:
        """What the parent's file must hold for `wanted` to be in force: raises LockedValues
        when it changes a managed value, InvalidData when the layers would not make a valid
        policy with it. Managed values are not copied into the parent's file."""
        effective = self.effective
        managed = effective.managed_sources()
        locked = locked_changes(effective, wanted)
        if locked:
            raise LockedValues({path: effective.source_of(path) for path in locked})
        if not managed:
            return wanted
        below, _ = merge_layers(self.layers(self._parent(), above_parent=False))
        wanted_data = policy_to_data(wanted)
        now = policy_to_data(effective.policy)
        paths = list(managed)
        for profile_id in _managed_profiles(effective):
            if value_at(below, f"{PROFILES}.{profile_id}") is not MISSING:
                continue  # the parent has this profile too: only its managed fields go back
            prefix = f"{PROFILES}.{profile_id}"
            paths = [p for p in paths if not p.startswith(prefix + ".")]
            if value_at(now, prefix) == value_at(wanted_data, prefix):
                wanted_data[PROFILES] = [
                    p for p in wanted_data[PROFILES] if p.get("id") != profile_id
                ]
        parent_data = with_values_of(wanted_data, below, paths)
        parent = policy_from_data(parent_data)
        self._layered(parent)  # the whole must validate too
        return parent

    def conflicts(self, wanted: Policy, written: Mapping[str, Any]) -> dict[str, Source]:
        """The managed values a parent's policy file would change: the paths `written` (the
        file as plain data) sets to something else than the managed layers, with their
        sources. Values the file leaves out are no conflict."""
        effective = self.effective
        now = policy_to_data(effective.policy)
        then = policy_to_data(wanted)
        return {
            path: source
            for path, source in effective.managed_sources().items()
            if _sets(written, path) and value_at(now, path) != value_at(then, path)
        }

    def with_parent(self, parent: Policy) -> LayeredPolicy:
        """The policy the layers would make with `parent` as the parent's settings; InvalidData
        when it is not valid."""
        return self._layered(parent)

    def save_parent(self, wanted: Policy) -> None:
        """Write the parent's settings so `wanted` is in force (see `parent_policy_for`)."""
        self.store.save(self.parent_policy_for(wanted))
        self.effective = self._merge()

    # --- the last good content, kept with the state -------------------------------------------

    def _load_last_good(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self._last_good_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.error(
                "the last good policy layers in %s are unusable: %s", self._last_good_file, exc
            )
            return {}
        if not isinstance(data, dict):
            return {}
        # Only tables of tables: anything else in the file is not a layer's content.
        return {
            layer: {name: kept for name, kept in files.items() if isinstance(kept, dict)}
            for layer, files in data.items()
            if isinstance(files, dict)
        }

    def _save_last_good(self) -> None:
        managed, recommended = self._folders
        data = {
            Layer.OS.value: {"": self._os.data} if self._os.data else {},
            Layer.MANAGED.value: {n: s.data for n, s in managed.slots.items() if s.data},
            Layer.RECOMMENDED.value: {n: s.data for n, s in recommended.slots.items() if s.data},
        }
        if data == self._saved or not self._keep:
            return
        self._saved = data
        try:
            text = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
            write_atomic(self._last_good_file, text, mode=0o600)
        except OSError as exc:
            log.error(
                "could not keep the last good policy layers in %s: %s", self._last_good_file, exc
            )


def _document(policy: Policy) -> dict[str, Any]:
    """A whole policy as a layer: only what it sets, as its file would say it."""
    data: dict[str, Any] = tomllib.loads(dump_policy(policy, "toml"))
    return data


def _sets(written: Mapping[str, Any], path: str) -> bool:
    """Whether a document sets `path`, or replaces it whole with a value on the way to it
    (tables and the profiles array merge, so holding one sets nothing by itself)."""
    parts = path.split(".")
    if value_at(written, path) is not MISSING:
        return True
    lowest = 2 if parts[0] == PROFILES else 1
    for end in range(len(parts) - 1, lowest - 1, -1):
        found = value_at(written, ".".join(parts[:end]))
        if found is not MISSING and not isinstance(found, Mapping):
            return True
    return False


def _managed_profiles(effective: LayeredPolicy) -> list[str]:
    """Profiles a managed layer added (not only changed)."""
    return [
        path.split(".")[1]
        for path, source in effective.sources.items()
        if source.managed
        and path.startswith(PROFILES + ".")
        and path.endswith(".id")
        and path.count(".") == 2
    ]


def read_only_layers(paths: DataPaths) -> PolicyLayers:
    """The policy layers of a data folder as the service reads them, for the `guardian`
    command: nothing is written (no last-good copies, no state)."""
    from guardian.platform import managed_policy
    from guardian.platform.locations import local_zone
    from rules.presets import default_policy

    def default() -> Policy:
        return default_policy(local_zone())

    store = PolicyStore(
        paths.policy_file, paths.state / "last-good-policy.toml", default, keep=False
    )
    return PolicyLayers(store, paths.config, paths.state, default, managed_policy(), keep=False)
