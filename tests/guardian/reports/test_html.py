"""The HTML summary: self-contained (no scripts, nothing fetched), escaped, translated, and
drawn by a real browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import msgspec
import pytest
from PySide6.QtGui import QImage

from guardian.placeholders import fill
from guardian.reports import texts
from guardian.reports.html import render_html
from guardian.reports.model import Event, WeekSummary
from tests.guardian.reports import summaries
from tests.guardian.reports.summaries import SAMPLES

URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "srcset", "poster", "data"}


class Page(HTMLParser):
    """Tags, attributes and text of a page, as a browser's parser sees them."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)

    def words(self) -> str:
        return " ".join(" ".join(self.text).split())

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for t, attrs in self.tags if t == tag]


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_is_a_self_contained_page(name: str) -> None:
    summary = SAMPLES[name]()
    page = Page(render_html(summary))
    tags = {t for t, _ in page.tags}
    assert "script" not in tags and "iframe" not in tags and "link" not in tags
    assert "object" not in tags and "embed" not in tags and "img" not in tags
    for tag, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert not URL_ATTRIBUTES & attrs.keys(), (tag, attrs)
        assert "url(" not in (attrs.get("style") or "")
    css = "".join(page.styles)
    assert "url(" not in css and "@import" not in css
    assert "@media print" in css and "@page" in css and "max-width: 600px" in css
    html_tag = page.named("html")[0]
    assert html_tag["lang"] == summary.language
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in page.named(
        "meta"
    )
    assert {"charset": "utf-8"} in page.named("meta")
    assert len(page.named("svg")) >= 2  # the days and the hours are always drawn
    assert summary.profile.name in page.words()


def test_the_light_week_shows_its_content_and_escapes_every_name() -> None:
    summary = summaries.light()
    markup = render_html(summary)
    page = Page(markup)
    words = page.words()
    for expected in (
        "Weekly summary: Alice",
        "23–29 November 2026",
        "Week 2026-W48 · computer kitchen-pc · age preset 9+",
        "The week was not over",
        "Screen time per day",
        "Mon 23 Nov",
        "1 h 20 min",
        "no limit for the rest of the day",
        "Minecraft closed: the app's time for the day was used up",
        "casino.example",
        "category gambling",
        "The computer's clock was moved back by 1 h",
        "A wrong parent password was tried from the account alice (failed attempts in a row: 3)",
        "The settings file was edited by hand and refused: line 3: bad time",
        "Compared with last week",
        "Last week (2026-W47)",
        "Made by Guardian 0.1.0",
    ):
        assert expected in words, expected
    # The names that look like markup are text on the page, never tags.
    assert "<script>alert(1)</script>" in words
    assert 'bob"<&>' in words
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "bob&quot;&lt;&amp;&gt;" in markup
    assert "<b>" not in markup
    assert 'Request for 30 min more: “=HYPERLINK("http://evil.example") <b>please</b>”' in words


def test_days_still_ahead_are_not_counted() -> None:
    page = Page(render_html(summaries.light()))
    rows = [w for w in page.words().split("Sat 28 Nov")[1:2]]
    assert rows and rows[0].lstrip().startswith("— — —")


def test_russian_week_speaks_russian() -> None:
    summary = summaries.russian()
    words = Page(render_html(summary)).words()
    for expected in (
        "Итоги недели: Маша Иванова",
        "23–29 ноября 2026",
        "Время за компьютером по дням",
        "пн 23 нояб.",
        "1 ч 30 мин",
        "Майнкрафт закрыто: время приложения на день исчерпано",
        "Тетрис «Классика»",
        "пример.рф",
        "xn--e1afmkfd.xn--p1ai",
        "казино.рф",
        "категория gambling",
        "Просьба: ещё 30 мин: «Можно ещё полчаса? Доделаю проект»",
        "Появилась новая учётная запись Миша с профилем masha",
        "Сравнение с прошлой неделей",
        "Компьютер-Маши",
    ):
        assert expected in words, expected
    assert "Weekly summary" not in words and "Screen time" not in words


def test_heavy_week_lists_the_capped_rows_and_counts_the_rest() -> None:
    summary = summaries.heavy()
    markup = render_html(summary)
    page = Page(markup)
    assert len(page.named("tr")) > 2 * 500 + 4 * 500 + 100
    words = page.words()
    assert "And 2,500 more not listed here." in words  # app launches: 3,000
    assert "And 49,500 more not listed here." in words  # sites
    assert "site00499.example.com" in words and "blocked00499.example.net" in words
    assert "Application number 099" in words
    assert "Over the limit" in words


def test_the_skipped_hour_of_the_spring_change_is_empty() -> None:
    summary = summaries.dst()
    assert summary.days[6].hours[2] == 0 and sum(1 for h in summary.days[6].hours if h) == 23
    markup = render_html(summary)
    assert "<title>Sun 29 Mar 02:00: 0 min</title>" in markup
    assert "<title>Sun 29 Mar 03:00: 8 min</title>" in markup


def test_a_week_across_new_year_names_both_years() -> None:
    words = Page(render_html(summaries.year_boundary())).words()
    assert "28 December 2026 – 3 January 2027" in words
    assert "Week 2026-W53" in words
    assert "Sun 3 Jan" in words
    assert "Site rules were off all week." in words


def test_an_empty_week_says_so_instead_of_empty_tables() -> None:
    words = Page(render_html(summaries.empty())).words()
    for expected in (
        "No app was used this week.",
        "No screen time was counted this week.",
        "Guardian closed no apps this week.",
        "There is no record of last week.",
    ):
        assert expected in words


def test_durations_read_naturally_in_both_languages() -> None:
    cases = {4800: "1 h 20 min", 2700: "45 min", 3600: "1 h", 30: "30 s", 0: "0 min"}
    with texts.speaking("en"):
        assert {s: texts.duration(s) for s in cases} == cases
        assert texts.duration(None) == "no limit"
        assert texts.change(-1200) == "−20 min"
        assert texts.long_date(summaries.empty().first_day) == "23 November 2026"
    with texts.speaking("ru"):
        assert texts.duration(4800) == "1 ч 20 мин"
        assert texts.duration(2700) == "45 мин"
        assert texts.long_date(summaries.empty().first_day) == "23 ноября 2026"
    with pytest.raises(ValueError, match="'de' is not a summary language"), texts.speaking("de"):
        pass


def test_filling_a_template_never_fills_a_value_again() -> None:
    assert fill("%1 closed: %2", "App %2", "why %1") == "App %2 closed: why %1"


@pytest.mark.parametrize(
    ("kind", "detail", "expected"),
    [
        ("app_blocked", {"name": "Steam", "reason": "downtime"}, "Steam closed: downtime"),
        (
            "site_blocked",
            {"name": "a.example", "rule": "allowlist"},
            "a.example blocked: not on the allowed list",
        ),
        ("request", {"minutes": None}, "Request for more time"),
        ("grant", {"minutes": None}, "No limit for the rest of the day"),
        ("grant", {"minutes": 90}, "1 h 30 min of bonus time given"),
        (
            "tamper",
            {"what": "secrets_edited", "file": "/etc/x"},
            "Guardian's secrets file was changed by another program: /etc/x",
        ),
        (
            "tamper",
            {"what": "admin_child", "account": "kid"},
            "The child's account kid is an administrator",
        ),
        (
            "tamper",
            {"what": "clock_changed_while_stopped", "seconds": 7200.0},
            "The clock was moved forward by 2 h while Guardian was off",
        ),
        (
            "account_added",
            {"account": "new", "restricted_by": None},
            "A new account new appeared, not restricted",
        ),
        (
            "policy_file_changed",
            {"applied": True},
            "The settings file was edited by hand and applied",
        ),
        ("something_new", {"b": 2, "a": "x"}, "something_new: a=x, b=2"),
    ],
)
def test_events_read_as_sentences(kind: str, detail: dict[str, object], expected: str) -> None:
    event = msgspec.convert(
        {"at": "2026-11-23T10:00:00+00:00", "kind": kind, "account": None, "detail": detail},
        Event,
    )
    with texts.speaking("en"):
        assert texts.event_text(event) == expected


# --- a real browser ------------------------------------------------------------------------


def screenshot(markup: str, tmp_path: Path, width: int, height: int) -> QImage:
    """The page as headless Chromium draws it (root needs --no-sandbox; a private profile)."""
    binary = shutil.which("chromium")
    if binary is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    page = tmp_path / "summary.html"
    page.write_text(markup, encoding="utf-8")
    shot = tmp_path / f"shot-{width}.png"
    subprocess.run(
        [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            f"--window-size={width},{height}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    image = QImage(str(shot))
    assert not image.isNull(), f"Chromium wrote no picture: {shot}"
    return image


def ink(image: QImage, step: int = 3) -> tuple[float, int]:
    """The share of sampled pixels that are not white, and how many colours they have."""
    dark = 0
    colours: set[int] = set()
    total = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            rgb = image.pixel(x, y) & 0xFFFFFF
            total += 1
            colours.add(rgb)
            if rgb != 0xFFFFFF:
                dark += 1
    return dark / total, len(colours)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "width"), [("light", 1000), ("russian", 400)])
def test_chromium_draws_the_page_on_a_desktop_and_a_phone(
    name: str, width: int, tmp_path: Path
) -> None:
    summary: WeekSummary = SAMPLES[name]()
    image = screenshot(render_html(summary), tmp_path, width, 1400)
    assert (image.width(), image.height()) == (width, 1400)
    share, colours = ink(image)
    assert share > 0.03, f"the page looks blank ({share:.1%} drawn)"
    assert colours > 20  # text, the bars' blue and the heat map's shades
    # The bars' blue is somewhere on the first screen (the chart is drawn, not only text).
    blue = sum(
        1
        for y in range(0, image.height(), 4)
        for x in range(0, image.width(), 4)
        if image.pixel(x, y) & 0xFFFFFF == 0x3B78C4
    )
    assert blue > 50


def test_no_page_has_a_network_address_outside_its_text() -> None:
    markup = render_html(summaries.light())
    outside_text = re.sub(r">[^<]*<", "><", markup)
    assert "http://" not in outside_text and "https://" not in outside_text
