"""The site index with a million names: compile, open, lookups per second, RSS.

The names are the real UT1 lists from `../shared/data/ut1` (one source per category), topped
up to 1,000,000 distinct names with generated ones in four more sources; the same seed gives
the same names every run. `python -m bench sites-index`, or `python -m bench.sites_index`.
"""

from __future__ import annotations

import random
import shutil
import statistics
import string
import sys
import tempfile
import time
from pathlib import Path

import marisa_trie
import psutil

from bench.common import ROOT, Result, spawn, stop, wait_for_line

TOTAL = 1_000_000
QUERIES = 100_000
SEED = 20_260_822
_TLDS = ("com", "net", "org", "ru", "de", "fr", "io", "xyz", "info", "co.uk")
_ALPHABET = string.ascii_lowercase + string.digits
_DICT = "a dict of the names in memory, walking parent domains"


def _ut1() -> Path | None:
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "data" / "ut1").is_dir():
            return base / "shared" / "data" / "ut1"
    return None


def _label(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choices(_ALPHABET, k=rng.randint(low, high)))


def million_names() -> dict[str, list[str]]:
    """source → names: the UT1 categories, then generated sources up to `TOTAL` in all."""
    from guardian.sites.lists import open_text, parse

    sources: dict[str, list[str]] = {}
    seen: set[str] = set()
    root = _ut1()
    if root is not None:
        for folder in sorted(root.iterdir()):
            if (folder / "domains").is_file():
                names = parse(open_text(folder / "domains"), "domains").names
                sources[folder.name] = names
                seen.update(names)
    rng = random.Random(SEED)
    generated = [f"generated{i}" for i in range(4)]
    for name in generated:
        sources[name] = []
    while len(seen) < TOTAL:
        name = f"{_label(rng, 4, 14)}.{rng.choice(_TLDS)}"
        if rng.random() < 0.3:
            name = f"{rng.choice(('www', 'cdn', 'm', 'img'))}.{name}"
        if name not in seen:
            seen.add(name)
            sources[rng.choice(generated)].append(name)
    return sources


def _queries(sources: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """Blocked names (a listed name or a subdomain of one) and unlisted names."""
    rng = random.Random(SEED + 1)
    listed = [name for names in sources.values() for name in names]
    blocked = [
        rng.choice(("", "", "www.", "static.cdn.")) + rng.choice(listed) for _ in range(QUERIES)
    ]
    unlisted = [
        f"{rng.choice(('www', 'api', 'mail'))}.{_label(rng, 6, 12)}q.{rng.choice(_TLDS)}"
        for _ in range(QUERIES)
    ]
    return blocked, unlisted


def _rate(lookup: object, names: list[str]) -> float:
    """Lookups per second: median of five passes over `names`."""
    assert callable(lookup)
    passes = []
    for _ in range(5):
        start = time.perf_counter()
        for name in names:
            lookup(name)
        passes.append(len(names) / (time.perf_counter() - start))
    return statistics.median(passes)


def _dict_lookup(table: dict[str, int]) -> object:
    """The same question answered from a Python dict in memory: the yardstick."""

    def lookup(name: str) -> int:
        mask = table.get(name, 0)
        dot = name.find(".")
        while dot >= 0:
            name = name[dot + 1 :]
            mask |= table.get(name, 0)
            dot = name.find(".")
        return mask

    return lookup


def _child(path: str) -> None:
    """Open the index in a fresh process, answer one lookup, report, and wait to be measured."""
    from guardian.sites.index import SiteIndex

    bare = psutil.Process().memory_info().rss
    start = time.perf_counter()
    index = SiteIndex.open(Path(path))
    index.lookup("www.example.com")
    opened = time.perf_counter() - start
    print(f"ready {opened:.6f} {bare}", flush=True)
    time.sleep(120)  # until the parent has measured it and ends it


def bench_sites_index() -> list[Result]:
    """Compile a million names, open them in a fresh process, and look names up."""
    from guardian.sites.index import SiteIndex, compile_index

    sources = million_names()
    folder = Path(tempfile.mkdtemp(prefix="guardian-bench-sites-"))
    path = folder / "index.bin"
    try:
        start = time.perf_counter()
        info = compile_index(sources, path)
        compiled = time.perf_counter() - start
        blocked, unlisted = _queries(sources)
        keys = [name[::-1] + "." for names in sources.values() for name in names]
        start = time.perf_counter()
        marisa_trie.Trie(keys, num_tries=1)
        trie_only = time.perf_counter() - start
        del keys
        table = {name: 1 for names in sources.values() for name in names}
        del sources
        base_blocked = _rate(_dict_lookup(table), blocked)
        base_unlisted = _rate(_dict_lookup(table), unlisted)
        del table
        child = spawn(["-m", "bench.sites_index", "--child", str(path)])
        try:
            _, opened, bare = wait_for_line(child, "ready").split()
            rss = psutil.Process(child.pid).memory_info().rss
        finally:
            stop(child)
        with SiteIndex.open(path) as index:
            assert all(index.lookup(name) for name in blocked[:1000])
            assert not any(index.lookup(name) for name in unlisted[:1000])
            blocked_rate = _rate(index.lookup, blocked)
            unlisted_rate = _rate(index.lookup, unlisted)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    open_s = float(opened)
    names = f"{info.keys:,} names, {len(info.sources)} sources, {info.size / 2**20:.1f} MiB file"
    return [
        Result(
            f"site index compile ({names})",
            f"{compiled:.2f} s",
            f"{trie_only:.2f} s (marisa-trie build of the same keys alone)",
            "≤ 3 s",
            compiled <= 3,
        ),
        Result(
            "site index open to first lookup (fresh process)",
            f"{open_s * 1e3:.1f} ms",
            "—",
            "≤ 0.3 s",
            open_s <= 0.3,
        ),
        Result(
            "site index lookups, blocked names",
            f"{blocked_rate:,.0f} /s ({1e6 / blocked_rate:.2f} µs)",
            f"{1e6 / base_blocked:.2f} µs ({_DICT})",
            "< 2 µs",
            1e6 / blocked_rate < 2,
        ),
        Result(
            "site index lookups, unlisted names",
            f"{unlisted_rate:,.0f} /s ({1e6 / unlisted_rate:.2f} µs)",
            f"{1e6 / base_unlisted:.2f} µs ({_DICT})",
            "< 2 µs",
            1e6 / unlisted_rate < 2,
        ),
        Result(
            "RSS with the index open (fresh process)",
            f"{rss / 2**20:.1f} MiB",
            f"{int(bare) / 2**20:.1f} MiB (same process before opening)",
            "none set",
            None,
        ),
    ]


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2])
    else:
        for row in bench_sites_index():
            print(f"| {row.name} | {row.value} | {row.baseline} | {row.target} |")
