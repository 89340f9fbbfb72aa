"""A lab's week as one self-contained HTML page: inline SVG charts, no scripts, printable.

Texts are translated with QtCore only (context "LabReport"), in the summary's language; the
page escapes every name it shows, since machine, account and app names come from the machines.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from guardian.reports.model import LabSummary

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "ui" / "translations"
"""Where Guardian's compiled translations are installed (read as files; no ui code runs)."""
CHART_MACHINES = 60
"""Machines drawn in the per-machine chart (the busiest); the table lists them all."""

_apps: list[QCoreApplication] = []
"""The application made for translating, kept for the life of the process."""


def tr(text: str) -> str:
    """`text` in the language being rendered."""
    return QCoreApplication.translate("LabReport", text)


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    """Guardian's translation for `language` installed while the block runs.

    English is the language of the source texts and needs none. A process without a Qt
    application (the `guardian` command) gets a QCoreApplication, which translators need.
    """
    if language == "en":
        yield
        return
    if QCoreApplication.instance() is None:
        _apps.append(QCoreApplication([]))
    translator = QTranslator()
    if not translator.load(f"guardian_{language}", str(TRANSLATIONS_DIR)):
        log.warning("no translation guardian_%s in %s; the page stays in English", language,
                    TRANSLATIONS_DIR)  # fmt: skip
        yield
        return
    QCoreApplication.installTranslator(translator)
    try:
        yield
    finally:
        QCoreApplication.removeTranslator(translator)


# --- small pieces ------------------------------------------------------------------------------


def duration(seconds: float) -> str:
    """ "2 h 05 min" or "45 min", rounded to the minute."""
    hours, minutes = divmod(round(seconds / 60), 60)
    if hours:
        return tr("%1 h %2 min").replace("%1", str(hours)).replace("%2", f"{minutes:02d}")
    return tr("%1 min").replace("%1", str(minutes))


def weekday(day: date) -> str:
    """The short name of `day`'s weekday."""
    names = (tr("Mon"), tr("Tue"), tr("Wed"), tr("Thu"), tr("Fri"), tr("Sat"), tr("Sun"))
    return names[day.weekday()]


def column_chart(title: str, bars: Sequence[tuple[str, float]], *, values: bool) -> str:
    """Vertical bars with a label under each (and the duration over each when `values`)."""
    width, top, height, bottom = 44 if values else 22, 18, 120, 20
    peak = max((v for _, v in bars), default=0.0) or 1.0
    parts = []
    for i, (label, value) in enumerate(bars):
        x = i * width
        bar = value / peak * height
        tip = f"{label}: {duration(value)}"
        parts.append(
            f'<g><title>{escape(tip)}</title><rect x="{x + 3}" y="{top + height - bar:.1f}" '
            f'width="{width - 6}" height="{bar:.1f}" class="bar"/>'
            f'<text x="{x + width / 2}" y="{top + height + 14}" class="axis">{escape(label)}'
            "</text>"
        )
        if values:
            parts.append(
                f'<text x="{x + width / 2}" y="{top + height - bar - 4:.1f}" class="value">'
                f"{escape(duration(value))}</text>"
            )
        parts.append("</g>")
    w, h = width * len(bars), top + height + bottom
    return (
        f'<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )


def row_chart(title: str, bars: Sequence[tuple[str, float]]) -> str:
    """Horizontal bars, one row per name, with the duration after each bar."""
    label_width, bar_width, row, value_width = 150, 300, 18, 90
    peak = max((v for _, v in bars), default=0.0) or 1.0
    parts = []
    for i, (label, value) in enumerate(bars):
        y = i * row
        bar = value / peak * bar_width
        shown = label if len(label) <= 22 else label[:21] + "…"
        parts.append(
            f"<g><title>{escape(label)}: {escape(duration(value))}</title>"
            f'<text x="{label_width - 6}" y="{y + 13}" class="name">{escape(shown)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{bar:.1f}" height="{row - 6}" '
            'class="bar"/>'
            f'<text x="{label_width + bar + 4:.1f}" y="{y + 13}" class="after">'
            f"{escape(duration(value))}</text></g>"
        )
    w, h = label_width + bar_width + value_width, max(row * len(bars), row)
    return (
        f'<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int]) -> str:
    """An HTML table of escaped cells; columns in `numeric` are aligned right."""
    if not rows:
        return f'<p class="none">{escape(tr("None this week."))}</p>'
    right = set(numeric)
    head = "".join(
        f"<th{' class=num' if i in right else ''}>{escape(h)}</th>" for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if i in right else ''}>{escape(c)}</td>" for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f'<div class="wide"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _instant(text: str) -> str:
    """An ISO instant as "2026-11-24 14:05 +03:00" (as written when it cannot be read)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    offset = moment.strftime("%z")
    zone = f" {offset[:3]}:{offset[3:]}" if offset else ""
    return f"{moment:%Y-%m-%d %H:%M}{zone}"


def _tamper_what(kind: str, detail: dict[str, str | int | float | bool | None]) -> str:
    """What a tamper event was, in words when Guardian knows the kind."""
    what = str(detail.get("what") or kind)
    known = {
        "clock_jump": tr("The clock was changed"),
        "clock_changed_while_stopped": tr("The clock was changed while Guardian was stopped"),
        "secrets_edited": tr("Guardian's secrets file was edited"),
        "admin_child": tr("A child's account is an administrator"),
        "tray_stopped": tr("Guardian's tray was stopped"),
        "new_account": tr("A new account appeared"),
        "login_failed": tr("A wrong parent password was entered"),
    }
    return known.get(what, what)


def _detail(detail: dict[str, str | int | float | bool | None]) -> str:
    return ", ".join(
        f"{key}={value}" for key, value in detail.items() if key not in ("what", "machine")
    )


_STYLE = """
body{font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;
margin:0 auto;padding:12px;max-width:1100px}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;margin:1.4em 0 .4em;
border-bottom:1px solid #ccd3dd}
.meta{color:#5a6575}.totals{display:flex;flex-wrap:wrap;gap:8px 24px;margin:.6em 0}
.totals b{display:block;font-size:1.3em}
.wide{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{padding:3px 8px;border-bottom:1px solid #e3e7ee;text-align:left;vertical-align:top}
th{background:#f1f4f8}.num{text-align:right;white-space:nowrap}
.chart{max-width:100%;height:auto;display:block;margin:6px 0}
.bar{fill:#3b73c4}.axis,.value{font-size:11px;text-anchor:middle;fill:#3a4454}
.name{font-size:11px;text-anchor:end;fill:#3a4454}.after{font-size:11px;fill:#3a4454}
.none{color:#5a6575}.skipped li{word-break:break-all}
@media print{body{max-width:none;padding:0;font-size:11pt}h2{break-after:avoid}
tr,svg{break-inside:avoid}.bar{fill:#555}th{background:#eee}}
"""


def render_lab_html(summary: LabSummary) -> str:
    """The lab's week as one HTML page in the summary's language."""
    with speaking(summary.language):
        return _page(summary)


def _page(s: LabSummary) -> str:
    days = [s.first_day + timedelta(days=i) for i in range(7)]
    total = sum(s.days)
    busiest = sorted(s.machines, key=lambda m: -m.seconds)[:CHART_MACHINES]
    title = tr("Lab summary, week %1").replace("%1", s.week)
    out = [
        f'<!DOCTYPE html><html lang="{escape(s.language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(f"{s.first_day} – {s.last_day}")} · '
        f"{escape(tr('Made %1').replace('%1', _instant(s.generated_at)))}</p>",
        '<div class="totals">',
    ]
    for label, value in (
        (tr("Screen time"), duration(total)),
        (tr("Machines"), str(len(s.machines))),
        (tr("Accounts"), str(len(s.accounts))),
        (tr("Blocked app launches"), str(sum(m.blocked_apps for m in s.machines))),
        (tr("Blocked site lookups"), str(sum(m.blocked_sites for m in s.machines))),
        (tr("Tamper events"), str(sum(m.tamper for m in s.machines))),
    ):
        out.append(f"<div>{escape(label)}<b>{escape(value)}</b></div>")
    out.append("</div>")

    out.append(f"<h2>{escape(tr('Screen time per day'))}</h2>")
    day_bars = [(f"{weekday(d)} {d.day}", v) for d, v in zip(days, s.days, strict=True)]
    out.append(column_chart(tr("Screen time per day"), day_bars, values=True))
    out.append(f"<h2>{escape(tr('Screen time by hour of day'))}</h2>")
    out.append(
        column_chart(
            tr("Screen time by hour of day"), [(str(h), v) for h, v in enumerate(s.hours)],
            values=False,
        )
    )  # fmt: skip

    out.append(f"<h2>{escape(tr('Screen time per machine'))}</h2>")
    if len(s.machines) > len(busiest):
        shown = tr("The %1 busiest of %2 machines; the table below lists them all.")
        shown = shown.replace("%1", str(len(busiest))).replace("%2", str(len(s.machines)))
        out.append(f'<p class="meta">{escape(shown)}</p>')
    out.append(row_chart(tr("Screen time per machine"), [(m.machine, m.seconds) for m in busiest]))

    out.append(f"<h2>{escape(tr('Machines'))}</h2>")
    out.append(
        table(
            [tr("Machine"), tr("Profiles"), tr("Screen time"), tr("Blocked apps"),
             tr("Blocked sites"), tr("Tamper"), tr("Summary made")],
            [
                [m.machine, ", ".join(m.profiles), duration(m.seconds), str(m.blocked_apps),
                 str(m.blocked_sites), str(m.tamper), _instant(m.generated_at)]
                for m in s.machines
            ],
            numeric=(2, 3, 4, 5),
        )
    )  # fmt: skip

    out.append(f"<h2>{escape(tr('Accounts'))}</h2>")
    out.append(
        table(
            [tr("Machine"), tr("Profile"), tr("Account"), tr("Week"),
             *(weekday(d) for d in days)],
            [
                [a.machine, a.profile, a.account, duration(a.seconds),
                 *(duration(v) for v in a.days)]
                for a in s.accounts
            ],
            numeric=range(3, 11),
        )
    )  # fmt: skip

    out.append(f"<h2>{escape(tr('Top apps'))}</h2>")
    out.append(
        table(
            [tr("App"), tr("Category"), tr("Time"), tr("Blocked launches")],
            [[a.name or a.app, a.category or "", duration(a.seconds), str(a.blocked)]
             for a in s.apps],
            numeric=(2, 3),
        )
    )  # fmt: skip
    if s.categories:
        out.append(f"<h2>{escape(tr('Categories'))}</h2>")
        out.append(
            table(
                [tr("Category"), tr("Time")],
                [[c.category, duration(c.seconds)] for c in s.categories],
                numeric=(1,),
            )
        )

    out.append(f"<h2>{escape(tr('Blocked sites'))}</h2>")
    out.append(
        table(
            [tr("Site"), tr("Blocked"), tr("Allowed"), tr("Rule")],
            [[r.site, str(r.blocked), str(r.allowed), r.rule] for r in s.blocked_sites],
            numeric=(1, 2),
        )
    )

    out.append(f"<h2>{escape(tr('Tamper events'))}</h2>")
    out.append(
        table(
            [tr("Time"), tr("Machine"), tr("Account"), tr("What"), tr("Details")],
            [
                [_instant(e.at), str(e.detail.get("machine") or ""), e.account or "",
                 _tamper_what(e.kind, e.detail), _detail(e.detail)]
                for e in s.tamper.rows
            ],
            numeric=(),
        )
    )  # fmt: skip
    if s.tamper.more:
        more = tr("%1 more tamper events are not listed.").replace("%1", str(s.tamper.more))
        out.append(f'<p class="meta">{escape(more)}</p>')

    if s.skipped:
        out.append(f'<h2>{escape(tr("Files not merged"))}</h2><ul class="skipped">')
        out.extend(f"<li>{escape(line)}</li>" for line in s.skipped)
        out.append("</ul>")
    out.append("</body></html>\n")
    return "".join(out)
