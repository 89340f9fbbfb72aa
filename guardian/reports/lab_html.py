"""A lab's week as one self-contained HTML page: inline SVG charts, no scripts, printable.

Words are in the summary's language through `guardian.reports.texts`: durations, days, dates
and what each tamper event was are the family summary's own; the lab page's headings and
columns are in the context "LabReport" of Guardian's translation files. Every name shown is
escaped: machine, account and app names come from the machines.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from html import escape

from guardian.placeholders import fill
from guardian.reports.model import LabSummary
from guardian.reports.texts import (
    category_name,
    date_range,
    duration,
    event_text,
    instant,
    speaking,
    translate,
    weekday_short,
)

CHART_MACHINES = 60
"""Machines drawn in the per-machine chart (the busiest); the table lists them all."""


# --- small pieces ------------------------------------------------------------------------------


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
        return _p(translate("LabReport", "None this week."), "none")
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


def _h2(text: str) -> str:
    return f"<h2>{escape(text)}</h2>"


def _p(text: str, css: str) -> str:
    return f'<p class="{css}">{escape(text)}</p>'


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
    title = fill(translate("LabReport", "Lab summary, week %1"), s.week)
    made = translate("LabReport", "Made %1")
    out = [
        f'<!DOCTYPE html><html lang="{escape(s.language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(date_range(s.first_day, s.last_day))} · '
        f"{escape(fill(made, instant(s.generated_at)))}</p>",
        '<div class="totals">',
    ]
    for label, value in (
        (translate("LabReport", "Screen time"), duration(total)),
        (translate("LabReport", "Machines"), str(len(s.machines))),
        (translate("LabReport", "Accounts"), str(len(s.accounts))),
        (
            translate("LabReport", "Blocked app launches"),
            str(sum(m.blocked_apps for m in s.machines)),
        ),
        (
            translate("LabReport", "Blocked site lookups"),
            str(sum(m.blocked_sites for m in s.machines)),
        ),
        (translate("LabReport", "Tamper events"), str(sum(m.tamper for m in s.machines))),
    ):
        out.append(f"<div>{escape(label)}<b>{escape(value)}</b></div>")
    out.append("</div>")

    out.append(_h2(translate("LabReport", "Screen time per day")))
    day_bars = [(f"{weekday_short(d)} {d.day}", v) for d, v in zip(days, s.days, strict=True)]
    out.append(column_chart(translate("LabReport", "Screen time per day"), day_bars, values=True))
    out.append(_h2(translate("LabReport", "Screen time by hour of day")))
    out.append(
        column_chart(
            translate("LabReport", "Screen time by hour of day"),
            [(str(h), v) for h, v in enumerate(s.hours)],
            values=False,
        )
    )

    out.append(_h2(translate("LabReport", "Screen time per machine")))
    if len(s.machines) > len(busiest):
        shown = translate(
            "LabReport", "The %1 busiest of %2 machines; the table below lists them all."
        )
        shown = fill(shown, str(len(busiest)), str(len(s.machines)))
        out.append(_p(shown, "meta"))
    out.append(
        row_chart(
            translate("LabReport", "Screen time per machine"),
            [(m.machine, m.seconds) for m in busiest],
        )
    )

    out.append(_h2(translate("LabReport", "Machines")))
    out.append(
        table(
            [
                translate("LabReport", "Machine"),
                translate("LabReport", "Profiles"),
                translate("LabReport", "Screen time"),
                translate("LabReport", "Blocked apps"),
                translate("LabReport", "Blocked sites"),
                translate("LabReport", "Tamper"),
                translate("LabReport", "Summary made"),
            ],
            [
                [
                    m.machine,
                    ", ".join(m.profiles),
                    duration(m.seconds),
                    str(m.blocked_apps),
                    str(m.blocked_sites),
                    str(m.tamper),
                    instant(m.generated_at),
                ]
                for m in s.machines
            ],
            numeric=(2, 3, 4, 5),
        )
    )

    out.append(_h2(translate("LabReport", "Accounts")))
    out.append(
        table(
            [
                translate("LabReport", "Machine"),
                translate("LabReport", "Profile"),
                translate("LabReport", "Account"),
                translate("LabReport", "Week"),
                *(weekday_short(d) for d in days),
            ],
            [
                [
                    a.machine,
                    a.profile,
                    a.account,
                    duration(a.seconds),
                    *(duration(v) for v in a.days),
                ]
                for a in s.accounts
            ],
            numeric=range(3, 11),
        )
    )

    out.append(_h2(translate("LabReport", "Top apps")))
    out.append(
        table(
            [
                translate("LabReport", "App"),
                translate("LabReport", "Category"),
                translate("LabReport", "Time"),
                translate("LabReport", "Blocked launches"),
            ],
            [
                [
                    a.name or a.app,
                    category_name(a.category) if a.category else "",
                    duration(a.seconds),
                    str(a.blocked),
                ]
                for a in s.apps
            ],
            numeric=(2, 3),
        )
    )
    if s.categories:
        out.append(_h2(translate("LabReport", "Categories")))
        out.append(
            table(
                [translate("LabReport", "Category"), translate("LabReport", "Time")],
                [[category_name(c.category), duration(c.seconds)] for c in s.categories],
                numeric=(1,),
            )
        )

    out.append(_h2(translate("LabReport", "Blocked sites")))
    out.append(
        table(
            [
                translate("LabReport", "Site"),
                translate("LabReport", "Blocked"),
                translate("LabReport", "Allowed"),
                translate("LabReport", "Rule"),
            ],
            [[r.site, str(r.blocked), str(r.allowed), r.rule] for r in s.blocked_sites],
            numeric=(1, 2),
        )
    )

    out.append(_h2(translate("LabReport", "Tamper events")))
    out.append(
        table(
            [
                translate("LabReport", "Time"),
                translate("LabReport", "Machine"),
                translate("LabReport", "Account"),
                translate("LabReport", "What"),
                translate("LabReport", "Details"),
            ],
            [
                [
                    instant(e.at),
                    str(e.detail.get("machine") or ""),
                    e.account or "",
                    event_text(e),
                    _detail(e.detail),
                ]
                for e in s.tamper.rows
            ],
            numeric=(),
        )
    )
    if s.tamper.more:
        more = fill(
            translate("LabReport", "%1 more tamper events are not listed."), str(s.tamper.more)
        )
        out.append(_p(more, "meta"))

    if s.skipped:
        out.append(_h2(translate("LabReport", "Files not merged")))
        out.append('<ul class="skipped">')
        out.extend(f"<li>{escape(line)}</li>" for line in s.skipped)
        out.append("</ul>")
    out.append("</body></html>\n")
    return "".join(out)
