"""The lists on this machine: built-in lists, imports, and rebuilding the index safely."""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path

import pytest

from guardian.sites import store as store_module
from guardian.sites.index import SiteIndex, compile_index
from guardian.sites.lists import ListError, parse
from guardian.sites.store import BUILTIN, ListStore


@pytest.fixture
def store(tmp_path: Path) -> ListStore:
    return ListStore(tmp_path / "sites")


def _lookup(store: ListStore, name: str) -> set[str]:
    path = store.current()
    assert path is not None
    with SiteIndex.open(path) as index:
        return set(index.sources_in(index.lookup(name)))


def test_builtin_lists_are_normalized_ut1_folders() -> None:
    for name in ("doh", "vpn", "residential-proxies"):
        text = (BUILTIN / name / "domains").read_text()
        parsed = parse(text.splitlines(), "domains")
        assert parsed.skipped == 0, name
        assert parsed.names == sorted(set(parsed.names)), name
        assert len(parsed.names) > 100, name
        assert "black" in (BUILTIN / name / "usage").read_text().split()
    assert (BUILTIN / "README.md").is_file()


def test_first_rebuild_indexes_the_builtin_lists(store: ListStore) -> None:
    assert store.current() is None
    result = store.rebuild()
    assert result.ok, result.reason
    assert [(b.name, b.builtin, b.white) for b in result.lists] == [
        ("doh", True, False),
        ("residential-proxies", True, False),
        ("vpn", True, False),
    ]
    assert store.current() == store.index_path
    with SiteIndex.open(store.index_path) as index:
        assert index.counts == {b.name: b.names for b in result.lists}
        assert result.keys == index.keys
        doh = next(iter(index.names("doh")))
    assert "doh" in _lookup(store, doh)
    assert "doh" in _lookup(store, "deep." + doh)
    assert [c.name for c in store.categories()] == ["doh", "residential-proxies", "vpn"]
    assert all(c.builtin and c.names > 100 for c in store.categories())


def test_import_hosts_file_detected(store: ListStore, tmp_path: Path) -> None:
    hosts = tmp_path / "hosts.txt"
    hosts.write_text(
        "# blocklist\n127.0.0.1 localhost\n0.0.0.0 ads.example.com\n"
        "0.0.0.0 Ads.Example.com\n0.0.0.0 bad..name\n0.0.0.0 tracker.example.net\n"
    )
    result = store.import_file(hosts, "ads")
    assert (result.name, result.names, result.skipped) == ("ads", 2, 1)
    assert result.bad == ((5, "0.0.0.0 bad..name"),)
    folder = store.lists_path / "ads"
    assert (folder / "domains").read_text() == "ads.example.com\ntracker.example.net\n"
    assert (folder / "usage").read_text() == "black\n"
    assert store.rebuild().ok
    assert _lookup(store, "cdn.ads.example.com") == {"ads"}


def test_import_adblock_list_as_white(store: ListStore, tmp_path: Path) -> None:
    rules = tmp_path / "list.txt"
    rules.write_text("[Adblock Plus 2.0]\n! kids\n||kids.example^\n||games.example^$important\n")
    result = store.import_file(rules, "kids-sites", white=True)
    assert result.names == 2
    info = {c.name: c for c in store.categories()}["kids-sites"]
    assert (info.names, info.white, info.builtin) == (2, True, False)
    result_build = store.rebuild()
    assert result_build.ok
    with SiteIndex.open(store.index_path) as index:
        assert index.white == frozenset({"kids-sites"})


def test_import_with_an_explicit_format(store: ListStore, tmp_path: Path) -> None:
    path = tmp_path / "names"
    path.write_text("0.0.0.0 a.example\nb.example\n")
    assert store.import_file(path, "x", "domains").names == 1  # the hosts line is bad here
    with pytest.raises(ListError, match="unknown list format 'csv'"):
        store.import_file(path, "x", "csv")


@pytest.mark.parametrize("name", ["Ads", "../etc", "", "a b", "x" * 65, "-x"])
def test_list_names_are_checked(store: ListStore, tmp_path: Path, name: str) -> None:
    path = tmp_path / "l.txt"
    path.write_text("a.example\n")
    with pytest.raises(ListError, match="is not lower-case letters"):
        store.import_file(path, name)
    assert not store.lists_path.exists()


def test_a_file_without_names_keeps_the_old_list(store: ListStore, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("a.example\n")
    store.import_file(good, "mine")
    junk = tmp_path / "photo.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0 JFIF \x00\x01\n\x89 binary junk\n")
    with pytest.raises(ListError, match="no usable name in 2 lines read as domains"):
        store.import_file(junk, "mine")
    assert (store.lists_path / "mine" / "domains").read_text() == "a.example\n"
    with pytest.raises(ListError, match="No such file"):
        store.import_file(tmp_path / "missing.txt", "mine")
    assert sorted(p.name for p in store.lists_path.iterdir()) == ["mine"]


def _ut1_copy(real_ut1: Path, root: Path, categories: tuple[str, ...]) -> Path:
    for category in categories:
        shutil.copytree(real_ut1 / category, root / category)
    return root


def test_import_ut1_folder_overrides_builtin(
    store: ListStore, real_ut1: Path, tmp_path: Path
) -> None:
    source = _ut1_copy(real_ut1, tmp_path / "ut1", ("gambling", "child", "doh", "adult"))
    results = {r.name: r for r in store.import_ut1(source)}
    assert set(results) == {"gambling", "child", "doh"}
    expected = set(
        parse((real_ut1 / "gambling" / "domains").read_text().splitlines(), "domains").names
    )
    assert results["gambling"].names == len(expected)
    written = (store.lists_path / "gambling" / "domains").read_text().splitlines()
    assert set(written) == expected
    assert results["doh"].skipped > 0  # UT1's doh list has IP addresses
    cats = {c.name: c for c in store.categories()}
    assert cats["child"].white and not cats["gambling"].white
    assert not cats["doh"].builtin and cats["vpn"].builtin
    result = store.rebuild()
    assert result.ok, result.reason
    built = {b.name: b for b in result.lists}
    assert built["doh"].names == results["doh"].names  # the imported doh, not the built-in
    some = sorted(expected)[0]
    assert _lookup(store, "www." + some) == {"gambling"}
    with SiteIndex.open(store.index_path) as index:
        assert index.white == frozenset({"child"})
    assert store.remove("doh")
    assert not store.remove("doh")
    assert {c.name: c for c in store.categories()}["doh"].builtin


def test_import_ut1_tarball(store: ListStore, real_ut1: Path, tmp_path: Path) -> None:
    tarball = tmp_path / "blacklists.tar.gz"
    with tarfile.open(tarball, "w:gz") as archive:
        for category in ("gambling", "child", "adult"):
            archive.add(real_ut1 / category, f"blacklists/{category}")
    results = {r.name: r for r in store.import_ut1(tarball)}
    assert set(results) == {"gambling", "child"}
    assert (store.lists_path / "child" / "usage").read_text().split()[0] == "white"
    assert not (store.lists_path / "adult").exists()


def test_a_damaged_tarball_changes_nothing(
    store: ListStore, real_ut1: Path, tmp_path: Path
) -> None:
    tarball = tmp_path / "blacklists.tar.gz"
    with tarfile.open(tarball, "w:gz") as archive:
        for category in ("child", "gambling"):
            archive.add(real_ut1 / category, f"blacklists/{category}")
    data = tarball.read_bytes()
    tarball.write_bytes(data[: len(data) * 3 // 4])
    with pytest.raises(ListError, match="damaged archive"):
        store.import_ut1(tarball)
    assert list(store.lists_path.iterdir()) == []


def _import(store: ListStore, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_text(text)
    store.import_file(path, name)


def test_failed_rebuild_keeps_the_old_index(store: ListStore, tmp_path: Path) -> None:
    _import(store, tmp_path, "mine", "old.example\n")
    assert store.rebuild().ok
    before = store.index_path.read_bytes()
    _import(store, tmp_path, "mine", "new.example\n")
    (store.folder / "index.new").mkdir()  # the new file cannot be written where it goes
    result = store.rebuild()
    assert not result.ok
    assert "index.new" in result.reason
    assert store.index_path.read_bytes() == before
    assert _lookup(store, "old.example") == {"mine"}


def test_rebuild_on_a_full_disk_keeps_the_old_index(
    store: ListStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _import(store, tmp_path, "mine", "old.example\n")
    assert store.rebuild().ok
    _import(store, tmp_path, "mine", "new.example\n")
    real = compile_index

    def disk_full(*args: object, **kwargs: object) -> object:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module, "compile_index", disk_full)
    result = store.rebuild()
    assert (result.ok, result.reason) == (False, "No space left on device")
    assert not (store.folder / "index.new").exists()
    assert _lookup(store, "old.example") == {"mine"}


def test_rebuild_refuses_a_new_index_that_does_not_read_back(
    store: ListStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _import(store, tmp_path, "mine", "old.example\n")
    assert store.rebuild().ok
    real = compile_index

    def write_then_damage(sources: object, path: Path, **kwargs: object) -> object:
        info = real(sources, path, **kwargs)  # type: ignore[arg-type]
        with path.open("r+b") as handle:
            handle.seek(-1, 2)
            handle.write(b"\x55")
        return info

    monkeypatch.setattr(store_module, "compile_index", write_then_damage)
    result = store.rebuild()
    assert not result.ok
    assert "checksum does not match" in result.reason
    assert _lookup(store, "old.example") == {"mine"}


def test_swap_leaves_an_open_index_answering(store: ListStore, tmp_path: Path) -> None:
    _import(store, tmp_path, "mine", "old.example\n")
    assert store.rebuild().ok
    with SiteIndex.open(store.index_path) as old:
        _import(store, tmp_path, "mine", "new.example\n")
        assert store.rebuild().ok
        assert old.lookup("old.example") == old.mask_of(["mine"])
        assert old.lookup("new.example") == 0
    assert _lookup(store, "new.example") == {"mine"}
    assert _lookup(store, "old.example") == set()
