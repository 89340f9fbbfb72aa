"""Reading lists: normalizing names, the three formats, UT1 folders and tarballs."""

from __future__ import annotations

import gzip
import io
import shutil
import tarfile
from pathlib import Path

import pytest

from guardian.sites import lists
from guardian.sites.lists import ListError, detect, iter_ut1, normalize, parse, usage_is_white


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("example.com", "example.com"),
        ("Www.Example.COM.", "www.example.com"),
        ("  ads.example.net \t", "ads.example.net"),
        ("*.tracker.org", "tracker.org"),
        ("zip", "zip"),
        ("_dmarc.example.org", "_dmarc.example.org"),
        ("-weird-.blogspot.com", "-weird-.blogspot.com"),
        ("bücher.de", "xn--bcher-kva.de"),
        ("BÜCHER.de.", "xn--bcher-kva.de"),
        ("пример.рф", "xn--e1afmkfd.xn--p1ai"),
        ("xn--bcher-kva.de", "xn--bcher-kva.de"),
        ("a" * 63 + ".com", "a" * 63 + ".com"),
        ("a" * 64 + ".com", None),
        (".".join(["abcdefghi"] * 25) + ".com", ".".join(["abcdefghi"] * 25) + ".com"),  # 253
        (".".join(["abcdefghi"] * 26) + ".com", None),  # 263 characters
        (".".join(["abcdefgh"] * 28) + ".c", ".".join(["abcdefgh"] * 28) + ".c"),
        ("example..com", None),
        (".example.com", None),
        ("example.com..", None),
        ("", None),
        (".", None),
        ("*", None),
        ("1.2.3.4", None),
        ("10.0.0.1.", None),
        ("::1", None),
        ("2001:db8::1", None),
        ("localhost", None),
        ("LOCALHOST.", None),
        ("localhost.localdomain", None),
        ("broadcasthost", None),
        ("ip6-localhost", None),
        ("printer.localhost", None),
        ("ip6-tunnel.example.com", "ip6-tunnel.example.com"),
        ("123.com", "123.com"),
        ("example.com/path", None),
        ("http://example.com", None),
        ("exa mple.com", None),
        ("example.com:8080", None),
        ("ex!ample.com", None),
        ("\x00.com", None),
        ("☃" * 70 + ".com", None),
    ],
)
def test_normalize(raw: str, expected: str | None) -> None:
    assert normalize(raw) == expected


def test_domains_format_skips_and_counts_bad_lines() -> None:
    lines = [
        "# UT1 gambling\n",
        "casino.example\n",
        "\n",
        "Poker.Example. # inline comment\n",
        "1.2.3.4\n",
        "not a name\n",
        "bücher.de\n",
    ]
    parsed = parse(lines, "domains")
    assert parsed.names == ["casino.example", "poker.example", "xn--bcher-kva.de"]
    assert parsed.skipped == 2
    assert parsed.bad == [(5, "1.2.3.4"), (6, "not a name")]


def test_hosts_format() -> None:
    lines = [
        "# hosts blocklist",
        "127.0.0.1 localhost localhost.localdomain",
        "::1 localhost ip6-localhost ip6-loopback",
        "255.255.255.255 broadcasthost",
        "0.0.0.0 0.0.0.0",
        "0.0.0.0 ads.example.com tracker.example.net # two on a line",
        "127.0.0.1\tAds.Example.ORG",
        ":: ipv6.example",
        "fe80::1%lo0 scoped.example",
        "ads.example.com",
        "0.0.0.0",
        "999.1.1.1 wrong.example",
        "0.0.0.0 good.example bad..example",
    ]
    parsed = parse(lines, "hosts")
    assert parsed.names == [
        "ads.example.com",
        "tracker.example.net",
        "ads.example.org",
        "ipv6.example",
        "scoped.example",
        "good.example",
    ]
    assert [number for number, _ in parsed.bad] == [10, 11, 12, 13]
    assert parsed.skipped == 4


def test_adblock_format() -> None:
    lines = [
        "[Adblock Plus 2.0]",
        "! Title: a DNS list",
        "# a comment in AdGuard's DNS lists",
        "||ads.example.com^",
        "||Tracker.Example.NET^$important",
        "||both.example^$third-party,important",
        "||script.example^$script",
        "||other.example^$domain=site.example",
        "@@||allowed.example^",
        "##.banner",
        "example.org##.ad",
        "||path.example/ads^",
        "/regex/",
        "plain.example",
        "||*.wild.example^",
        "",
    ]
    parsed = parse(lines, "adblock")
    assert parsed.names == [
        "ads.example.com",
        "tracker.example.net",
        "both.example",
        "wild.example",
    ]
    assert parsed.skipped == 8
    assert parsed.bad[0] == (7, "||script.example^$script")


def test_bad_lines_beyond_the_first_twenty_are_counted_not_kept() -> None:
    parsed = parse([f"bad line {i}" for i in range(50)] + ["ok.example"], "domains")
    assert parsed.skipped == 50
    assert len(parsed.bad) == lists.BAD_KEPT
    assert parsed.bad[-1] == (20, "bad line 19")
    assert parsed.names == ["ok.example"]


def test_long_bad_lines_are_cut_for_display() -> None:
    parsed = parse(["x" * 10_000], "domains")
    assert parsed.bad == [(1, "x" * lists.BAD_TEXT)]


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown list format 'csv'"):
        parse(["a.example"], "csv")


@pytest.mark.parametrize(
    ("lines", "fmt"),
    [
        (["[Adblock Plus 2.0]", "||a.example^"], "adblock"),
        (["! comment", "||a.example^", "||b.example^"], "adblock"),
        (["# hosts", "127.0.0.1 localhost", "0.0.0.0 a.example", "0.0.0.0 b.example"], "hosts"),
        (["# UT1", "a.example", "b.example"], "domains"),
        ([], "domains"),
        (["a.example", "0.0.0.0 b.example", "c.example"], "domains"),
    ],
)
def test_detect(lines: list[str], fmt: str) -> None:
    assert detect(lines) == fmt


@pytest.mark.parametrize(
    ("usage", "white"),
    [("white\n", True), ("white\nchild\n", True), ("black\nwhite\n", False), ("black\n", False)],
)
def test_usage(usage: str, white: bool) -> None:
    assert usage_is_white(usage) is white


CATEGORIES = ("gambling", "child", "vpn", "adult")
"""A black list, a white list, a large one and UT1's `adult` (only its `usage` here)."""


def _read_all(source: Path) -> dict[str, tuple[str, list[str]]]:
    """category → (usage text, names) from `iter_ut1`."""
    found: dict[str, tuple[str, list[str]]] = {}
    for part in iter_ut1(source):
        usage, names = found.get(part.category, ("", []))
        if part.kind == "usage":
            usage = "".join(part.lines)
        else:
            names = parse(part.lines, "domains").names
        found[part.category] = (usage, names)
    return found


def _expected(real_ut1: Path, category: str) -> list[str]:
    text = (real_ut1 / category / "domains").read_text()
    return parse(text.splitlines(), "domains").names


def test_ut1_folder(real_ut1: Path, tmp_path: Path) -> None:
    root = tmp_path / "ut1"
    for category in CATEGORIES:
        shutil.copytree(real_ut1 / category, root / category)
    (root / "README").write_text("not a category")
    (root / ".git").mkdir()
    (root / "gambling" / "urls").write_text("casino.example/page\n")
    found = _read_all(root)
    assert set(found) == {"gambling", "child", "vpn"}  # adult has no domains here
    assert found["gambling"][1] == _expected(real_ut1, "gambling")
    assert usage_is_white(found["child"][0])
    assert not usage_is_white(found["gambling"][0])
    assert len(found["vpn"][1]) > 1000


def _ut1_tarball(real_ut1: Path, path: Path, top: str = "blacklists") -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for category in CATEGORIES:
            archive.add(real_ut1 / category, f"{top}/{category}")
    return path


def test_ut1_tarball_read_without_extracting(real_ut1: Path, tmp_path: Path) -> None:
    tarball = _ut1_tarball(real_ut1, tmp_path / "blacklists.tar.gz")
    found = _read_all(tarball)
    assert {category for category, (_, names) in found.items() if names} == {
        "gambling",
        "child",
        "vpn",
    }
    for category in ("gambling", "child", "vpn"):
        assert found[category][1] == _expected(real_ut1, category)
    assert usage_is_white(found["child"][0])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blacklists.tar.gz"]


def test_ut1_tarball_of_one_category(real_ut1: Path, tmp_path: Path) -> None:
    tarball = tmp_path / "gambling.tar.gz"
    with tarfile.open(tarball, "w:gz") as archive:
        archive.add(real_ut1 / "gambling", "gambling")
    assert set(_read_all(tarball)) == {"gambling"}


def _tar_with(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize("name", ["../evil/domains", "/etc/domains", "a/../../domains"])
def test_tarball_with_unsafe_paths_is_refused(tmp_path: Path, name: str) -> None:
    tarball = _tar_with(tmp_path / "t.tar.gz", {"blacklists/ok/domains": b"a.example\n", name: b""})
    with pytest.raises(ListError, match="unsafe path"):
        _read_all(tarball)


def test_tarball_member_too_large_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lists, "MAX_MEMBER_BYTES", 100)
    tarball = _tar_with(tmp_path / "t.tar.gz", {"blacklists/big/domains": b"a.example\n" * 20})
    with pytest.raises(ListError, match="more than a list can hold"):
        _read_all(tarball)


def test_tarball_too_large_in_total_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lists, "MAX_ARCHIVE_BYTES", 150)
    members = {f"blacklists/c{i}/domains": b"a.example\n" * 10 for i in range(3)}
    with pytest.raises(ListError, match="GiB of lists"):
        _read_all(_tar_with(tmp_path / "t.tar.gz", members))


def test_tarball_with_a_bad_category_name_is_refused(tmp_path: Path) -> None:
    tarball = _tar_with(tmp_path / "t.tar.gz", {"blacklists/Bad Name/domains": b"a.example\n"})
    with pytest.raises(ListError, match="'Bad Name' is not lower-case"):
        _read_all(tarball)


def test_cut_tarball_is_a_list_error(real_ut1: Path, tmp_path: Path) -> None:
    whole = _ut1_tarball(real_ut1, tmp_path / "whole.tar.gz").read_bytes()
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ListError, match="damaged archive"):
        _read_all(cut)


def test_tarball_without_lists_and_other_files_are_not_ut1(tmp_path: Path) -> None:
    with pytest.raises(ListError, match="not a UT1 tarball"):
        _read_all(_tar_with(tmp_path / "t.tar.gz", {"readme.txt": b"hello"}))
    plain = tmp_path / "list.txt"
    plain.write_text("a.example\n")
    with pytest.raises(ListError, match="neither a UT1 folder nor a UT1 tarball"):
        iter_ut1(plain)
    gz = tmp_path / "list.gz"
    gz.write_bytes(gzip.compress(b"a.example\n"))
    with pytest.raises(ListError, match="neither"):
        iter_ut1(gz)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ListError, match="not a UT1 folder"):
        _read_all(tmp_path / "empty")
