"""Merging lab machines' weekly JSON summaries into one summary for a class, and writing it."""

from __future__ import annotations

import csv
import io
import os
from datetime import UTC, date, datetime
from pathlib import Path

import msgspec
import pytest

from guardian.reports import merge
from guardian.reports.lab_html import render_lab_html
from guardian.reports.merge import LabWriteError, MergeError, merge_files, write_lab
from guardian.reports.model import MAX_ROWS, Event, LabSummary, SummaryError, encode
from tests.guardian.reports.lab_samples import lab_week, save

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _reasons(summary: LabSummary | MergeError) -> dict[str, str]:
    """Skipped file name -> reason."""
    lines = summary.skipped
    if isinstance(summary, MergeError):
        return {Path(path).name: why for path, why in summary.skipped}
    return {Path(line.split(": ", 1)[0]).name: line.split(": ", 1)[1] for line in lines}


def _tamper(at: str, what: str, account: str | None = "kid") -> Event:
    return Event(at, "tamper", account, {"what": what})


def test_machines_accounts_days_hours_apps_sites_and_tamper_are_summed(tmp_path: Path) -> None:
    share = tmp_path / "share"
    save(
        share,
        "room1/lab-10.json",
        lab_week(
            "lab-10",
            accounts={"anna": [600, 0, 0, 0, 0, 0, 0], "boris": [0, 1200, 0, 0, 0, 0, 0]},
            apps=[
                ("minecraft", "Minecraft", "games", 1000, 2),
                ("firefox", "Firefox", None, 50, 0),
            ],
            blocked_sites=[("casino.example", 1, 4, "gambling"), ("bad.example", 0, 1, "block")],
            blocked_apps=3,
            tamper=[_tamper("2026-11-25T10:00:00+03:00", "clock_jump")],
        ),
    )
    save(
        share,
        "room1/lab-2.json",
        lab_week(
            "lab-2",
            accounts={"anna": [60, 60, 0, 0, 0, 0, 300]},
            apps=[
                ("minecraft", "Minecraft", "games", 500, 1),
                ("krita", "Krita", "creativity", 70, 0),
            ],
            blocked_sites=[("casino.example", 2, 6, "gambling")],
            tamper=[
                _tamper("2026-11-24T10:00:00+03:00", "tray_stopped"),
                _tamper("2026-11-26T07:00:00Z", "admin_child", None),
            ],
        ),
    )
    lab = merge_files([share], now=NOW)

    assert lab.week == "2026-W48" and lab.skipped == ()
    assert (lab.first_day, lab.last_day) == (date(2026, 11, 23), date(2026, 11, 29))
    assert lab.days == (660.0, 1260.0, 0.0, 0.0, 0.0, 0.0, 300.0)
    assert sum(lab.hours) == sum(lab.days) and lab.hours[15] == 2220.0  # samples: 15:00
    assert lab.generated_at == "2026-11-30T09:00:00+00:00"

    assert [m.machine for m in lab.machines] == ["lab-2", "lab-10"]  # natural order
    lab2, lab10 = lab.machines
    assert (lab2.seconds, lab2.blocked_sites, lab2.tamper, lab2.blocked_apps) == (420, 6, 2, 0)
    assert (lab10.seconds, lab10.blocked_sites, lab10.tamper, lab10.blocked_apps) == (1800, 5, 1, 3)
    assert lab10.profiles == ("pupils",)

    assert [(a.machine, a.account, a.seconds) for a in lab.accounts] == [
        ("lab-2", "anna", 420.0),
        ("lab-10", "anna", 600.0),
        ("lab-10", "boris", 1200.0),
    ]
    assert lab.accounts[2].days == (0, 1200, 0, 0, 0, 0, 0)

    apps = {a.app: a for a in lab.apps}
    assert [a.app for a in lab.apps] == ["minecraft", "krita", "firefox"]  # most used first
    assert (apps["minecraft"].seconds, apps["minecraft"].blocked) == (1500, 3)
    assert apps["minecraft"].budget == 3600  # every machine has the same limit
    assert {c.category: c.seconds for c in lab.categories} == {"games": 1500, "creativity": 70}

    assert [(s.site, s.allowed, s.blocked, s.rule) for s in lab.blocked_sites] == [
        ("casino.example", 3, 10, "gambling"),
        ("bad.example", 0, 1, "block"),
    ]
    # Oldest first across machines, by instant (07:00Z is 10:00+03:00), each naming its machine.
    assert [(e.detail["what"], e.detail["machine"]) for e in lab.tamper.rows] == [
        ("tray_stopped", "lab-2"),
        ("clock_jump", "lab-10"),
        ("admin_child", "lab-2"),
    ]
    assert lab.tamper.more == 0


def test_a_re_run_keeps_the_newest_summary_of_a_machines_profile(tmp_path: Path) -> None:
    old = save(
        tmp_path,
        "monday.json",
        lab_week("lab-1", generated_at="2026-11-30T08:00:00+03:00", accounts={"kid": [60] * 7}),
    )
    save(
        tmp_path,
        "tuesday.json",
        lab_week("lab-1", generated_at="2026-12-01T06:00:00+00:00", accounts={"kid": [120] * 7}),
    )
    save(
        tmp_path,
        "teachers.json",
        lab_week("lab-1", profile="teachers", accounts={"teacher": [10] * 7}),
    )
    lab = merge_files([tmp_path], now=NOW)

    assert [(a.profile, a.account, a.seconds) for a in lab.accounts] == [
        ("pupils", "kid", 840.0),
        ("teachers", "teacher", 70.0),
    ]
    assert lab.machines[0].profiles == ("pupils", "teachers")
    assert lab.machines[0].generated_at == "2026-12-01T06:00:00+00:00"
    assert lab.skipped == (
        f"{old}: an older run for machine 'lab-1', profile 'pupils' (generated "
        f"2026-11-30T08:00:00+03:00; {tmp_path / 'tuesday.json'} is newer)",
    )


def test_the_most_common_week_is_merged_and_other_weeks_skipped(tmp_path: Path) -> None:
    for name in ("a", "b"):
        save(tmp_path, f"{name}.json", lab_week(name, accounts={"kid": [60] * 7}))
    save(tmp_path, "c.json", lab_week("c", week="2026-W47", accounts={"kid": [60] * 7}))
    lab = merge_files([tmp_path], now=NOW)
    assert lab.week == "2026-W48" and [m.machine for m in lab.machines] == ["a", "b"]
    assert _reasons(lab) == {
        "c.json": "other week: 2026-W47 (the most common week here is 2026-W48)"
    }

    chosen = merge_files([tmp_path], now=NOW, week="2026-W47")
    assert [m.machine for m in chosen.machines] == ["c"]
    assert chosen.first_day == date(2026, 11, 16)
    assert _reasons(chosen) == {
        "a.json": "other week: 2026-W48 (merging week 2026-W47)",
        "b.json": "other week: 2026-W48 (merging week 2026-W47)",
    }
    with pytest.raises(MergeError, match="of week 2026-W40"):
        merge_files([tmp_path], now=NOW, week="2026-W40")
    with pytest.raises(SummaryError, match="not a week"):
        merge_files([tmp_path], now=NOW, week="week 48")


def test_a_week_starting_on_another_day_is_skipped(tmp_path: Path) -> None:
    for name in ("a", "b"):
        save(tmp_path, f"{name}.json", lab_week(name, accounts={"kid": [60] * 7}))
    save(tmp_path, "sunday.json", lab_week("c", first_weekday=6, accounts={"kid": [60] * 7}))
    lab = merge_files([tmp_path], now=NOW)
    assert [m.machine for m in lab.machines] == ["a", "b"]
    assert _reasons(lab)["sunday.json"] == (
        "its week starts on Sunday 2026-11-22, the others' on Monday 2026-11-23"
    )


def test_files_that_are_not_summaries_are_skipped_with_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = lab_week("lab-1", accounts={"иван": [60] * 7})
    save(tmp_path, "good.json", good)
    data = encode(good)
    (tmp_path / "truncated.json").write_bytes(data[: len(data) // 2])
    (tmp_path / "latin1.json").write_bytes(b'{"machine": "caf\xe9"}')
    (tmp_path / "list.json").write_bytes(b"[1, 2]")
    (tmp_path / "other.json").write_bytes(b'{"name": "package.json of something else"}')
    newer = msgspec.json.decode(data)
    newer["schema_version"] = 2
    (tmp_path / "newer.json").write_bytes(msgspec.json.encode(newer))
    lab = merge_files([tmp_path / "good.json"], now=NOW)
    save_lab = tmp_path / "lab.json"
    save_lab.write_bytes(encode(lab))
    negative = msgspec.json.decode(data)
    negative["days"][0]["seconds"] = -5
    (tmp_path / "negative.json").write_bytes(msgspec.json.encode(negative))
    escaping = msgspec.json.decode(data)
    escaping["week"] = "../../etc"
    (tmp_path / "escaping.json").write_bytes(msgspec.json.encode(escaping))
    (tmp_path / "notes.txt").write_text("not looked at", encoding="utf-8")
    monkeypatch.setattr(merge, "MAX_FILE_BYTES", 1024 * 1024)
    (tmp_path / "big.json").write_bytes(b" " * (1024 * 1024 + 1))

    merged = merge_files([tmp_path, tmp_path / "missing"], now=NOW)

    assert [a.account for a in merged.accounts] == ["иван"]
    reasons = _reasons(merged)
    assert set(reasons) == {
        "truncated.json", "latin1.json", "list.json", "other.json", "newer.json", "lab.json",
        "negative.json", "escaping.json", "big.json", "missing",
    }  # fmt: skip
    assert reasons["truncated.json"] == "not JSON, or damaged: Input data was truncated"
    assert reasons["latin1.json"] == "not JSON, or damaged: Invalid UTF-8 encoded string"
    assert reasons["list.json"] == "not a Guardian weekly summary (JSON, but not an object)"
    assert reasons["other.json"] == "not a Guardian weekly summary"
    assert reasons["newer.json"] == (
        "written in summary schema version 2, newer than this Guardian reads (1); "
        "merge with a newer Guardian"
    )
    assert reasons["lab.json"] == "a lab summary (a merge's own output), not one machine's week"
    assert reasons["negative.json"].startswith("not a valid weekly summary: Expected `float` >= 0")
    assert "$.days[0].seconds" in reasons["negative.json"]
    assert reasons["escaping.json"].startswith("its week is not valid: '../../etc' is not a week")
    assert reasons["big.json"] == "larger than 1 MB, too large for one machine's week"
    assert reasons["missing"] == "no such file or folder"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_named_like_a_summary_is_not_read(tmp_path: Path) -> None:
    save(tmp_path, "good.json", lab_week("lab-1"))
    os.mkfifo(tmp_path / "pipe.json")  # reading it would wait for a writer forever
    assert _reasons(merge_files([tmp_path], now=NOW)) == {"pipe.json": "not a regular file"}


def test_a_summary_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf" + encode(lab_week("lab-1")))
    assert [m.machine for m in merge_files([tmp_path], now=NOW).machines] == ["lab-1"]


def test_a_file_named_and_found_in_its_folder_is_read_once(tmp_path: Path) -> None:
    path = save(tmp_path, "a.json", lab_week("lab-1", accounts={"kid": [60] * 7}))
    lab = merge_files([path, tmp_path, path], now=NOW)
    assert lab.skipped == () and len(lab.accounts) == 1


def test_nothing_to_merge_is_an_error_listing_what_was_skipped(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(MergeError, match=f"nothing to merge: no weekly summary found in {empty}"):
        merge_files([empty], now=NOW)
    (empty / "junk.json").write_text("{", encoding="utf-8")
    with pytest.raises(MergeError) as caught:
        merge_files([empty], now=NOW)
    assert caught.value.skipped == (
        (str(empty / "junk.json"), "not JSON, or damaged: Input data was truncated"),
    )


def test_tamper_events_are_capped_and_the_rest_counted(tmp_path: Path) -> None:
    events = [
        _tamper(f"2026-11-24T10:{i // 60:02d}:{i % 60:02d}+00:00", "clock_jump") for i in range(300)
    ]
    save(tmp_path, "a.json", lab_week("a", tamper=events, tamper_more=7))
    save(tmp_path, "b.json", lab_week("b", tamper=events))
    lab = merge_files([tmp_path], now=NOW)
    assert len(lab.tamper.rows) == MAX_ROWS
    assert lab.tamper.more == 600 - MAX_ROWS + 7
    assert lab.machines[0].tamper == 307


def test_machines_that_disagree_on_a_limit_show_none(tmp_path: Path) -> None:
    save(tmp_path, "a.json", lab_week("a", apps=[("minecraft", "Minecraft", "games", 10, 0)]))
    other = lab_week("b", apps=[("minecraft", "Minecraft", "games", 10, 0)])
    other = msgspec.structs.replace(
        other, apps=(msgspec.structs.replace(other.apps[0], budget=1800.0),)
    )
    save(tmp_path, "b.json", other)
    assert merge_files([tmp_path], now=NOW).apps[0].budget is None


def test_the_language_is_the_summaries_unless_chosen(tmp_path: Path) -> None:
    save(tmp_path, "a.json", lab_week("a", language="ru"))
    assert merge_files([tmp_path], now=NOW).language == "ru"
    assert merge_files([tmp_path], now=NOW, language="en").language == "en"
    with pytest.raises(ValueError, match="aware"):
        merge_files([tmp_path], now=datetime(2026, 11, 30, 9, 0))


# --- writing -----------------------------------------------------------------------------------


@pytest.fixture
def cyrillic_lab(tmp_path: Path) -> LabSummary:
    save(
        tmp_path / "share",
        "класс-1.json",
        lab_week(
            "Класс 1 <script>alert(1)</script>",
            accounts={"Иван Петров": [3600, 0, 0, 0, 0, 0, 0], "=cmd|' /C calc'!A0": [60] * 7},
            apps=[("minecraft", "Майнкрафт & Co", "games", 4000, 2)],
            blocked_sites=[("казино.example", 0, 3, "gambling")],
            tamper=[_tamper("2026-11-24T10:00:00+03:00", "clock_jump", "Иван Петров")],
            language="ru",
        ),
    )
    (tmp_path / "share" / "broken <b>.json").write_text("{", encoding="utf-8")
    return merge_files([tmp_path / "share"], now=NOW)


def _csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_write_lab_writes_every_format_with_cyrillic_names(
    tmp_path: Path, cyrillic_lab: LabSummary
) -> None:
    dest = tmp_path / "out" / "class 5A"
    written = write_lab(cyrillic_lab, ["html", "csv", "json"], dest)
    assert [p.name for p in written] == [
        "2026-W48-lab.html",
        "2026-W48-lab-machines.csv",
        "2026-W48-lab-accounts.csv",
        "2026-W48-lab-apps.csv",
        "2026-W48-lab.json",
    ]
    assert sorted(p.name for p in dest.iterdir()) == sorted(p.name for p in written)  # no temps

    machines = _csv(dest / "2026-W48-lab-machines.csv")
    assert machines[0][:3] == ["machine", "profiles", "seconds"]
    assert machines[1][:3] == ["Класс 1 <script>alert(1)</script>", "pupils", "4020"]
    accounts = _csv(dest / "2026-W48-lab-accounts.csv")
    assert accounts[0] == [
        "machine", "profile", "account", "seconds", "2026-11-23", "2026-11-24", "2026-11-25",
        "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29",
    ]  # fmt: skip
    assert [row[2] for row in accounts[1:]] == ["'=cmd|' /C calc'!A0", "Иван Петров"]
    assert accounts[2][3:5] == ["3600", "3600"]
    apps = _csv(dest / "2026-W48-lab-apps.csv")
    assert apps[1] == ["minecraft", "Майнкрафт & Co", "games", "4000", "3600", "2"]

    back = msgspec.json.decode((dest / "2026-W48-lab.json").read_bytes(), type=LabSummary)
    assert back == cyrillic_lab


def test_the_html_escapes_names_and_is_self_contained(cyrillic_lab: LabSummary) -> None:
    english = msgspec.structs.replace(cyrillic_lab, language="en")
    page = render_lab_html(english)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Майнкрафт &amp; Co" in page and "Иван Петров" in page and "казино.example" in page
    assert "broken &lt;b&gt;.json: not JSON, or damaged" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "src=" not in page and "<link" not in page
    assert page.count("<svg") == 3  # days, hours, machines
    assert "Lab summary, week 2026-W48" in page and "The computer&#x27;s clock was changed" in page
    # The family summary's own words: the lab's Monday (3600 + 60 s), the week, the category.
    assert "Mon 23: 1 h 1 min" in page and "23–29 November 2026" in page
    assert "<td>Games</td>" in page


def test_the_html_speaks_russian(cyrillic_lab: LabSummary) -> None:
    page = render_lab_html(cyrillic_lab)
    assert '<html lang="ru">' in page
    assert "Сводка по классу, неделя 2026-W48" in page
    assert "Часы компьютера были изменены" in page and "пн 23: 1 ч 1 мин" in page
    assert "<td>Игры</td>" in page and "23–29 ноября 2026" in page
    # The translator is gone afterwards: the next English page is English.
    assert "Lab summary" in render_lab_html(msgspec.structs.replace(cyrillic_lab, language="en"))


def test_write_lab_names_what_cannot_be_written(tmp_path: Path, cyrillic_lab: LabSummary) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(LabWriteError, match="a file/out: cannot create the folder") as caught:
        write_lab(cyrillic_lab, ["json"], blocker / "out")
    assert caught.value.path == blocker / "out"
    with pytest.raises(SummaryError, match="format pdf: choose from html, csv, json"):
        write_lab(cyrillic_lab, ["pdf"], tmp_path)


def test_only_the_formats_asked_for_are_written(tmp_path: Path, cyrillic_lab: LabSummary) -> None:
    assert [p.name for p in write_lab(cyrillic_lab, {"json"}, tmp_path)] == ["2026-W48-lab.json"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".csv") == []
