"""The compiled index: suffix matching, masks, damaged files, swapping a mapped file."""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guardian.sites import index as index_module
from guardian.sites.index import BadIndex, SiteIndex, compile_index

SOURCES = {
    "gambling": ["casino.example", "bet.example.com", "zip"],
    "ads": ["ads.casino.example", "bet.example.com", "tracker.net"],
    "child": ["kids.example.org"],
}


@pytest.fixture
def index(tmp_path: Path) -> Iterator[SiteIndex]:
    compile_index(SOURCES, tmp_path / "index.bin", white={"child"})
    with SiteIndex.open(tmp_path / "index.bin") as opened:
        yield opened


def _names(index: SiteIndex, mask: int) -> set[str]:
    return set(index.sources_in(mask))


@pytest.mark.parametrize(
    ("name", "sources"),
    [
        ("casino.example", {"gambling"}),
        ("www.casino.example", {"gambling"}),
        ("a.b.c.casino.example", {"gambling"}),
        ("badcasino.example", set()),
        ("casino.example.evil", set()),
        ("casino.exampl", set()),
        ("example", set()),
        ("ads.casino.example", {"gambling", "ads"}),
        ("x.ads.casino.example", {"gambling", "ads"}),
        ("bet.example.com", {"gambling", "ads"}),
        ("example.com", set()),
        ("my.zip", {"gambling"}),
        ("zip", {"gambling"}),
        ("zipper", set()),
        ("tracker.net", {"ads"}),
        ("kids.example.org", {"child"}),
        ("example.org", set()),
        ("", set()),
    ],
)
def test_lookup_covers_subdomains_not_siblings(
    index: SiteIndex, name: str, sources: set[str]
) -> None:
    assert _names(index, index.lookup(name)) == sources


def test_header_facts(index: SiteIndex) -> None:
    assert index.sources == ("gambling", "ads", "child")
    assert index.white == frozenset({"child"})
    assert index.counts == {"gambling": 3, "ads": 3, "child": 1}
    assert index.keys == 6  # bet.example.com is in two sources, one key
    assert index.mask_of(["ads", "child", "no-such-list"]) == 0b110
    assert index.mask_of([]) == 0


def test_which_names_the_source_and_the_listed_domain(index: SiteIndex) -> None:
    assert index.which("www.x.ads.casino.example") == [
        ("gambling", "casino.example"),
        ("ads", "ads.casino.example"),
    ]
    assert index.which("bet.example.com") == [
        ("gambling", "bet.example.com"),
        ("ads", "bet.example.com"),
    ]
    assert index.which("unlisted.example") == []
    assert index.which(" WWW.Casino.Example. ") == [("gambling", "casino.example")]
    assert index.which("not a name") == []


def test_names_of_a_source(index: SiteIndex) -> None:
    assert sorted(index.names("ads")) == ["ads.casino.example", "bet.example.com", "tracker.net"]


def test_duplicates_within_a_source_count_once(tmp_path: Path) -> None:
    info = compile_index({"a": ["x.example", "x.example", "y.example"]}, tmp_path / "i")
    assert info.counts == {"a": 2}
    assert info.keys == 2


def test_more_sources_than_a_machine_word(tmp_path: Path) -> None:
    sources = {f"list{i}": [f"site{i}.example", "shared.example"] for i in range(130)}
    compile_index(sources, tmp_path / "i")
    with SiteIndex.open(tmp_path / "i") as index:
        assert index.lookup("www.site129.example") == 1 << 129
        assert index.lookup("shared.example") == (1 << 130) - 1
        assert index.which("site77.example") == [("list77", "site77.example")]


def test_an_empty_index_answers_nothing(tmp_path: Path) -> None:
    compile_index({}, tmp_path / "i")
    with SiteIndex.open(tmp_path / "i") as index:
        assert index.sources == ()
        assert index.lookup("example.com") == 0


@pytest.mark.parametrize(
    ("sources", "white", "message"),
    [
        ({"Bad Name": ["a.example"]}, set(), "source name 'Bad Name'"),
        ({"a": ["A.example"]}, set(), "'A.example' is not a normalized name"),
        ({"a": ["a.example."]}, set(), "is not a normalized name"),
        ({"a": ["ok.example", "two\nnames.example"]}, set(), "is not a normalized name"),
        ({"a": ["x" * 64 + ".example"]}, set(), "is not a normalized name"),
        ({"a": [("abcdefgh." * 29) + "x"]}, set(), "is not a normalized name"),
        ({"a": ["a.example"]}, {"b"}, "white lists that are not sources: b"),
    ],
)
def test_compile_refuses_what_would_never_match(
    tmp_path: Path, sources: Mapping[str, list[str]], white: set[str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        compile_index(sources, tmp_path / "i", white=white)
    assert list(tmp_path.iterdir()) == []


_LABELS = st.sampled_from(["a", "b", "ab", "c-d", "x1", "com"])
_NAMES = st.lists(_LABELS, min_size=1, max_size=4).map(".".join)


@settings(max_examples=150, deadline=None)
@given(
    sources=st.lists(st.lists(_NAMES, max_size=12), min_size=1, max_size=6),
    queries=st.lists(_NAMES, min_size=1, max_size=20),
)
def test_lookup_equals_a_naive_reference(
    tmp_path_factory: pytest.TempPathFactory, sources: list[list[str]], queries: list[str]
) -> None:
    path = tmp_path_factory.mktemp("prop") / "index.bin"
    compile_index({f"s{i}": names for i, names in enumerate(sources)}, path)
    with SiteIndex.open(path) as index:
        for query in queries:
            expected = 0
            for bit, names in enumerate(sources):
                if any(query == n or query.endswith("." + n) for n in names):
                    expected |= 1 << bit
            assert index.lookup(query) == expected, query
            listed = {(f"s{bit}", n) for bit, names in enumerate(sources) for n in names}
            assert {hit for hit in index.which(query)} <= listed


def _built(tmp_path: Path) -> bytes:
    compile_index(SOURCES, tmp_path / "index.bin", white={"child"})
    return (tmp_path / "index.bin").read_bytes()


def _damaged(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "damaged.bin"
    path.write_bytes(data)
    return path


def test_truncated_files_are_refused(tmp_path: Path) -> None:
    data = _built(tmp_path)
    for cut in (0, 5, 19, 20, 40, len(data) // 2, len(data) - 1):
        with pytest.raises(BadIndex, match=r"damaged\.bin"):
            SiteIndex.open(_damaged(tmp_path, data[:cut]))


def test_every_flipped_header_byte_is_caught(tmp_path: Path) -> None:
    data = _built(tmp_path)
    meta_len = struct.unpack_from("<I", data, 12)[0]
    for at in range(index_module._PRELUDE.size + meta_len):
        flipped = bytearray(data)
        flipped[at] ^= 0x20
        with pytest.raises(BadIndex):
            SiteIndex.open(_damaged(tmp_path, bytes(flipped)))


def test_flipped_bytes_in_the_trie_and_masks_are_caught(tmp_path: Path) -> None:
    data = _built(tmp_path)
    for at in range(len(data) - 1, len(data) // 2, -37):
        flipped = bytearray(data)
        flipped[at] ^= 0x01
        with pytest.raises(BadIndex, match="checksum does not match"):
            SiteIndex.open(_damaged(tmp_path, bytes(flipped)))


def test_foreign_files_and_other_versions_are_refused(tmp_path: Path) -> None:
    with pytest.raises(BadIndex, match="not a Guardian site index"):
        SiteIndex.open(_damaged(tmp_path, b"\x7fELF" + bytes(100)))
    data = _built(tmp_path)
    newer = data[:8] + struct.pack("<I", 2) + data[12:]
    with pytest.raises(BadIndex, match="format 2, this Guardian reads 1; rebuild it"):
        SiteIndex.open(_damaged(tmp_path, newer))
    with pytest.raises(BadIndex, match="too short"):
        SiteIndex.open(_damaged(tmp_path, b""))


def test_a_consistent_header_with_sections_that_do_not_add_up_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = index_module._write

    def wrong_width(*args: object) -> object:
        changed = list(args)
        changed[7] = 3  # the masks' width: the table no longer fills its section
        return real(*changed)  # type: ignore[arg-type]

    monkeypatch.setattr(index_module, "_write", wrong_width)
    compile_index(SOURCES, tmp_path / "index.bin")
    with pytest.raises(BadIndex, match="sections do not add up"):
        SiteIndex.open(tmp_path / "index.bin")


def test_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        SiteIndex.open(tmp_path / "nothing.bin")


def test_an_open_index_answers_after_its_file_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "index.bin"
    compile_index({"gambling": ["casino.example"]}, path)
    old = SiteIndex.open(path)
    inode = os.stat(path).st_ino
    compile_index({"ads": ["tracker.net"]}, path)  # temp file, then os.replace
    assert os.stat(path).st_ino != inode
    assert old.lookup("www.casino.example") == 1
    assert old.lookup("tracker.net") == 0
    with SiteIndex.open(path) as new:
        assert new.sources == ("ads",)
        assert new.lookup("tracker.net") == 1
        assert new.lookup("casino.example") == 0
    assert old.sources == ("gambling",)
    assert old.lookup("casino.example") == 1
    old.close()
    with pytest.raises(ValueError, match="closed"):
        old.lookup("casino.example")


def test_compile_leaves_no_temp_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "index.bin"
    compile_index({"a": ["old.example"]}, path)

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        compile_index({"a": ["new.example"]}, path)
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.bin"]
    with SiteIndex.open(path) as index:
        assert index.lookup("old.example") == 1


def test_one_source_index(tmp_path: Path) -> None:
    info = compile_index({"ads": ["tracker.net", "ads.example", "tracker.net"]}, tmp_path / "i")
    assert (info.keys, info.counts) == (2, {"ads": 2})
    with SiteIndex.open(tmp_path / "i") as index:
        assert index.lookup("cdn.tracker.net") == 1
        assert index.lookup("example") == 0
        assert sorted(index.names("ads")) == ["ads.example", "tracker.net"]
    compile_index({"ads": []}, tmp_path / "i")
    with SiteIndex.open(tmp_path / "i") as index:
        assert (index.keys, index.counts) == (0, {"ads": 0})
        assert index.lookup("tracker.net") == 0
