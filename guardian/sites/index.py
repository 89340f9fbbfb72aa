"""The compiled site index: every listed name, which lists (sources) it is in, memory-mapped.

The DNS filter asks `SiteIndex.lookup(name)` for every query: the OR of the source bits of the
name and of each parent domain that is listed (`example.com` covers `www.example.com`, never
`badexample.com`). One file holds it all, written atomically by `compile_index`:

    prelude   magic, format version, metadata length, CRC-32 of prelude and metadata
    metadata  JSON: sources, names per source, white lists, section offsets, CRC-32 of the body
    trie      a marisa-trie of keys: the name reversed character by character, then "."
              (`example.com` → `moc.elpmaxe.`); a key that is a prefix of the query
              `moc.elpmaxe.www.` ends at a label boundary, so prefix search is suffix match
    classes   one unsigned int per trie key id (native byte order, recorded): its mask class
    masks     the distinct source masks, little-endian, `width` bytes each

Sources are not limited to 64 (UT1 alone has 68 categories): a key stores the index of its
mask among the few thousand distinct ones, and masks are Python ints of any width.

Opening maps the file, checks both checksums (a few milliseconds for a million names, and it
keeps a damaged trie from ever reaching marisa's C++ code) and decodes only the metadata and the
mask table into Python objects.

Measured on the build machine (2 shared cores) with `bench/sites_index.py`'s million names
(`python -m bench sites-index`): 2.4 µs per blocked name (its whole key is walked and yielded)
and 1.1 µs per unlisted name, where a Python `dict` of the same names in memory takes 2.25 and
2.0 µs, needs about 90 MB of Python objects and a second to load; opening takes 4 ms. Compiling
the million names as one source takes 1.5-1.6 s: marisa's build (1.0-1.3 s) and reversing the
names, since every key then has the one mask and no key's id is looked up. As 72 sources
(1.22 million entries, 112,000 names in more than one) it takes 3.2-4 s on a busy machine:
reversing 0.4 s, merging the masks in a dict 0.7-0.9 s, marisa 1.0 s, and `key_id` for every
key 1.0 s (`items()` with a dict look-up per key and `restore_key` per id were no faster, nor
filling the commonest class at once and looking up only the other keys' ids).

Compared on the same queries: marisa's default three trie levels (7.5 MB instead of 10.8 MB)
were 20-40 % slower; `prefixes()` then `key_id()` per match was as fast for unlisted names and
30 % slower for blocked ones; a `BinaryTrie` fed the `bytes` name from the wire was no faster
than decoding it first, so there is no bytes variant; a sorted array of the reversed keys in
the mapping with `bisect` per parent domain took 24 µs.
The one-level marisa-trie with `iter_prefixes_with_ids` is kept.
"""

from __future__ import annotations

import array
import mmap
import os
import re
import struct
import sys
import time
import zlib
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Final, NamedTuple

import marisa_trie
import msgspec

from guardian.atomic import replacing
from guardian.sites.lists import LIST_NAME, normalize

MAGIC: Final = b"GUARDSIX"
VERSION: Final = 1
_PRELUDE = struct.Struct("<8sIII")
_ALIGN = 64
_MAX_META = 1 << 20
_TRIE_OPTIONS: Final = {"num_tries": 1}
"""One trie level: about 40 % bigger than marisa's default three, and a third faster."""
_KEY = re.compile(r"[a-z0-9_-]{1,63}(?:\.[a-z0-9_-]{1,63})*")
"""A normalized name (see `guardian.sites.lists.normalize`)."""
_OUTSIDE = re.compile(r"[^a-z0-9_.\n-]")


class BadIndex(IndexError):
    """The file is not a usable site index (damaged, cut short, another format or version);
    the message says what is wrong and that the index is to be rebuilt."""


class _Meta(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    sources: tuple[str, ...]
    counts: tuple[int, ...]
    white: tuple[str, ...]
    keys: int
    byteorder: str
    trie: tuple[int, int]
    """Offset and length."""
    classes: tuple[int, int, str]
    """Offset, length and array typecode ("H" or "I")."""
    masks: tuple[int, int, int]
    """Offset, how many, bytes each."""
    body: int
    """Bytes after the header."""
    body_crc: int
    built: float
    """Unix time of the build, for the parent's "lists updated" line."""


@dataclass(frozen=True)
class IndexInfo:
    """What `compile_index` wrote."""

    path: Path
    sources: tuple[str, ...]
    counts: Mapping[str, int]
    keys: int
    """Distinct names in the index (a name in several sources counts once)."""
    size: int
    """Bytes of the file."""


def _align(offset: int) -> int:
    return -(-offset // _ALIGN) * _ALIGN


def _keys(source: str, names: list[str]) -> list[str]:
    """The trie keys of `names` (`example.com` → `moc.elpmaxe.`), after refusing any name that
    was not normalized: it would never match a query. Done on the joined text, in C."""
    text = "\n".join(names)
    if (
        _OUTSIDE.search(text)
        or text.startswith(".")
        or text.endswith(".")
        or any(empty in text for empty in ("..", ".\n", "\n.", "\n\n"))
        or text.count("\n") != len(names) - 1
        or any(len(name) > 253 or not _KEY.fullmatch(name) for name in names if len(name) > 63)
        or not all(names)
    ):
        bad = next(n for n in names if len(n) > 253 or not _KEY.fullmatch(n))
        raise ValueError(f"source {source!r}: {bad!r} is not a normalized name")
    return ("." + "\n.".join(names))[::-1].split("\n")


def _source_keys(source: str, names: Iterable[str]) -> list[str]:
    listed = list(names)
    return _keys(source, listed) if listed else []


def _merge(
    names: tuple[str, ...], sources: Mapping[str, Iterable[str]]
) -> tuple[dict[str, int], list[int]]:
    """Each distinct key of `sources` with its mask, and the distinct keys per source."""
    merged: dict[str, int] = {}
    counts: list[int] = []
    for bit, source in enumerate(names):
        flag = 1 << bit
        own = dict.fromkeys(_source_keys(source, sources[source]), flag)
        counts.append(len(own))
        # Lists rarely share names: find the shared ones in C, merge only those in Python.
        for key in filter(merged.__contains__, own):
            own[key] = merged[key] | flag
        merged.update(own)
    return merged, counts


def _classes(
    trie: marisa_trie.Trie, merged: dict[str, int], distinct: dict[int, int]
) -> array.array[int]:
    """Each key's mask class, by the key's id in `trie` (marisa picks the ids), scattered by
    loops that run in C. Looking the ids up is most of the time."""
    code = "H" if len(distinct) <= 0xFFFF else "I"
    classes = array.array(code, bytes(array.array(code).itemsize * len(trie)))
    deque(
        map(
            classes.__setitem__,
            map(trie.key_id, merged),
            map(distinct.__getitem__, merged.values()),
        ),
        maxlen=0,
    )
    return classes


def compile_index(
    sources: Mapping[str, Iterable[str]], path: Path, *, white: Set[str] = frozenset()
) -> IndexInfo:
    """Write the index of `sources` (source name → normalized names) to `path` atomically;
    `white` names the sources that are white lists. Raises ValueError for a bad source name,
    a non-normalized name or a white list that is not a source, OSError when it cannot write."""
    names = tuple(sources)
    for source in names:
        if not LIST_NAME.fullmatch(source):
            raise ValueError(f"source name {source!r} is not a list name")
    unknown = set(white) - set(names)
    if unknown:
        raise ValueError(f"white lists that are not sources: {', '.join(sorted(unknown))}")
    if len(names) == 1:
        # One source: every key has its mask, so marisa alone does the work.
        trie = marisa_trie.Trie(_source_keys(names[0], sources[names[0]]), **_TRIE_OPTIONS)
        counts = [len(trie)]
        distinct = dict.fromkeys([1] if counts[0] else [], 0)
        classes = array.array("H", bytes(2 * len(trie)))
    else:
        merged, counts = _merge(names, sources)
        trie = marisa_trie.Trie(merged, **_TRIE_OPTIONS)
        distinct = {mask: i for i, mask in enumerate(dict.fromkeys(merged.values()))}
        classes = _classes(trie, merged, distinct)
    code = classes.typecode
    width = max(1, -(-len(names) // 8))
    table = b"".join(mask.to_bytes(width, "little") for mask in distinct)
    sections = [trie.tobytes(), classes.tobytes(), table]
    return _write(path, names, counts, white, len(trie), code, len(distinct), width, sections)


def _write(
    path: Path,
    names: tuple[str, ...],
    counts: list[int],
    white: Set[str],
    keys: int,
    code: str,
    masks: int,
    width: int,
    sections: list[bytes],
) -> IndexInfo:
    """Lay out and write the file. Section offsets count from the body, which starts at the
    first aligned offset after the metadata."""
    parts: list[bytes] = []
    offsets: list[int] = []
    at = 0
    for section in sections:
        if at % _ALIGN:
            parts.append(bytes(_align(at) - at))
            at = _align(at)
        offsets.append(at)
        parts.append(section)
        at += len(section)
    body_crc = 0
    for part in parts:
        body_crc = zlib.crc32(part, body_crc)
    encoded = msgspec.json.encode(
        _Meta(
            sources=names,
            counts=tuple(counts),
            white=tuple(sorted(white)),
            keys=keys,
            byteorder=sys.byteorder,
            trie=(offsets[0], len(sections[0])),
            classes=(offsets[1], len(sections[1]), code),
            masks=(offsets[2], masks, width),
            body=at,
            body_crc=body_crc,
            built=round(time.time(), 3),
        )
    )
    head = _PRELUDE.pack(MAGIC, VERSION, len(encoded), 0)[:16]
    header = _PRELUDE.pack(MAGIC, VERSION, len(encoded), zlib.crc32(head + encoded)) + encoded
    header += bytes(_align(len(header)) - len(header))
    _replace(path, [header, *parts])
    counted = dict(zip(names, counts, strict=True))
    return IndexInfo(path, names, counted, keys, len(header) + at)


def _replace(path: Path, parts: Iterable[bytes | bytearray]) -> None:
    """Write `parts` to `path` atomically (readable by the DNS filter, written by root)."""
    with replacing(path, 0o644) as handle:
        for part in parts:
            handle.write(part)


class SiteIndex:
    """An open, memory-mapped index. The mapping stays valid when the file is replaced (the
    old inode lives on while mapped), so a filter can answer from it until it opens the new
    one. Not safe to `close` while another thread is looking up."""

    __slots__ = (
        "_bits",
        "_classes",
        "_map",
        "_masks",
        "_prefixes",
        "_trie",
        "built",
        "counts",
        "keys",
        "path",
        "sources",
        "white",
    )

    sources: tuple[str, ...]
    """Source names; source `i` is bit `1 << i` of a mask."""
    white: frozenset[str]
    counts: Mapping[str, int]
    """Names per source."""
    keys: int
    built: float
    path: Path

    def __init__(self, path: Path, data: mmap.mmap, at: _Located, masks: tuple[int, ...]):
        """Use `SiteIndex.open`."""
        meta, start = at
        self.path = path
        self._map = data
        self.sources = meta.sources
        self.white = frozenset(meta.white)
        self.counts = dict(zip(meta.sources, meta.counts, strict=True))
        self.keys = meta.keys
        self.built = meta.built
        self._masks = masks
        self._bits = {name: 1 << i for i, name in enumerate(self.sources)}
        offset, length = meta.trie
        offset += start
        self._trie = marisa_trie.Trie()
        with memoryview(data)[offset : offset + length] as view:
            # marisa reads the mapping in place and keeps no reference: this object keeps it.
            self._trie.map(view)
        if len(self._trie) != meta.keys:
            raise BadIndex(f"{path}: {len(self._trie)} names where the header says {meta.keys}")
        self._prefixes = self._trie.iter_prefixes_with_ids
        offset, length, code = meta.classes
        offset += start
        view = memoryview(data)[offset : offset + length]
        self._classes = view.cast("I") if code == "I" else view.cast("H")

    @classmethod
    def open(cls, path: Path) -> SiteIndex:
        """Map and check the index at `path`; `BadIndex` says what is wrong with the file,
        OSError that it cannot be read at all (missing, no permission)."""
        path = Path(path)
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size < _PRELUDE.size:
                raise BadIndex(f"{path}: {size} bytes, too short for a site index; rebuild it")
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            located, masks = _check(path, data, size)
            return cls(path, data, located, masks)
        except BaseException:
            data.close()
            raise

    def close(self) -> None:
        """Unmap the file; the index answers nothing afterwards."""
        self._prefixes = _closed
        self._classes.release()
        self._trie = marisa_trie.Trie()
        self._map.close()

    def __enter__(self) -> SiteIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def mask_of(self, sources: Iterable[str]) -> int:
        """The mask of the named sources; names not in this index are ignored."""
        bits = self._bits
        mask = 0
        for name in sources:
            mask |= bits.get(name, 0)
        return mask

    def sources_in(self, mask: int) -> tuple[str, ...]:
        """The names of the sources whose bits are set in `mask`, in index order."""
        return tuple(name for i, name in enumerate(self.sources) if mask >> i & 1)

    def lookup(self, name: str) -> int:
        """The sources listing `name` or a parent domain of it, as a mask. `name` is
        normalized: lower-case ASCII, no trailing dot (as the filter reads it off the wire)."""
        masks = self._masks
        classes = self._classes
        mask = 0
        for _key, key_id in self._prefixes(name[::-1] + "."):
            mask |= masks[classes[key_id]]
        return mask

    def which(self, name: str) -> list[tuple[str, str]]:
        """Which sources list `name` (as a parent types it: `Bücher.example.` is fine) and at
        which domain, broadest domain first: `[("gambling", "casino.example")]`."""
        normal = normalize(name)
        if normal is None:
            return []
        found: list[tuple[str, str]] = []
        for key, key_id in self._prefixes(normal[::-1] + "."):
            domain = key[-2::-1]
            mask = self._masks[self._classes[key_id]]
            found.extend((source, domain) for source in self.sources_in(mask))
        return found

    def names(self, source: str) -> Iterator[str]:
        """Every name of one source (for showing and exporting a list; not fast)."""
        bit = 1 << self.sources.index(source)
        for key, key_id in self._trie.iteritems():
            if self._masks[self._classes[key_id]] & bit:
                yield key[-2::-1]


def _closed(key: str) -> Iterator[tuple[str, int]]:
    raise ValueError("the site index is closed")


class _Located(NamedTuple):
    meta: _Meta
    start: int
    """Where the body starts in the file."""


def _check(path: Path, data: mmap.mmap, size: int) -> tuple[_Located, tuple[int, ...]]:
    """The metadata and mask table of a mapped index file, after every check."""
    magic, version, meta_len, meta_crc = _PRELUDE.unpack_from(data, 0)
    if magic != MAGIC:
        raise BadIndex(f"{path}: not a Guardian site index")
    if version != VERSION:
        raise BadIndex(
            f"{path}: site index format {version}, this Guardian reads {VERSION}; rebuild it"
        )
    if meta_len > min(_MAX_META, size - _PRELUDE.size):
        raise BadIndex(f"{path}: header length {meta_len} past the end; the file is damaged")
    encoded = data[_PRELUDE.size : _PRELUDE.size + meta_len]
    if zlib.crc32(data[:16] + encoded) != meta_crc:
        raise BadIndex(f"{path}: header checksum does not match; the file is damaged")
    try:
        meta = msgspec.json.decode(encoded, type=_Meta)
    except msgspec.ValidationError as error:
        raise BadIndex(f"{path}: header not understood ({error}); rebuild it") from error
    if meta.byteorder != sys.byteorder:
        raise BadIndex(f"{path}: built on a {meta.byteorder}-endian machine; rebuild it")
    start = _align(_PRELUDE.size + meta_len)
    if start + meta.body != size:
        raise BadIndex(
            f"{path}: {size} bytes where the header says {start + meta.body}; "
            "the file is cut short or damaged"
        )
    with memoryview(data)[start:] as body:
        if zlib.crc32(body) != meta.body_crc:
            raise BadIndex(f"{path}: checksum does not match; the file is damaged")
    offset, count, width = meta.masks
    code = meta.classes[2]
    if (
        code not in ("H", "I")
        or meta.classes[1] != meta.keys * array.array(code).itemsize
        or len(meta.counts) != len(meta.sources)
        or width * count != meta.body - offset
        or meta.trie[0] + meta.trie[1] > meta.body
        or meta.classes[0] + meta.classes[1] > meta.body
    ):
        raise BadIndex(f"{path}: sections do not add up; rebuild it")
    table = data[start + offset : size]
    masks = tuple(
        int.from_bytes(table[i : i + width], "little") for i in range(0, len(table), width)
    )
    return _Located(meta, start), masks
