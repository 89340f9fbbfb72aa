"""A weekly summary as one self-contained HTML file: inline SVG charts, no scripts, nothing
fetched from the network, printable on A4 and readable on a phone.

Every piece of text is escaped: names come from children (accounts, notes, sites) and from
policies. The charts are plain SVG with presentation attributes only, so the PDF writer can draw
the same pictures with QtSvg (`chart_svgs`).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from guardian.reports import content, texts
from guardian.reports.content import Report, Section, Table
from guardian.reports.model import WeekSummary

CHART_FONT = "DejaVu Sans, Arial, sans-serif"
BAR = "#3b78c4"
OVER = "#d9711f"
BUDGET = "#1d1d1d"
GRID = "#d5d9de"
TEXT = "#24292f"
MUTED = "#6a737d"
TOP_BARS = 10
"""Apps and categories drawn as bars; the tables list them all."""

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 "DejaVu Sans", "Segoe UI", Arial, sans-serif;
       color: #24292f; background: #fff; }
main { max-width: 960px; margin: 0 auto; padding: 16px; }
header h1 { font-size: 1.6em; margin: 0 0 4px; overflow-wrap: anywhere; }
header p { margin: 2px 0; color: #57606a; }
.warning { background: #fff4e0; border-left: 4px solid #d9711f; padding: 8px 12px;
           margin: 12px 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr));
           gap: 8px; margin: 16px 0; }
.figure { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 10px; }
.figure .label { font-size: .85em; color: #57606a; }
.figure .value { font-size: 1.35em; font-weight: bold; }
.figure .hint { font-size: .8em; color: #6a737d; }
section { margin: 24px 0; }
h2 { font-size: 1.25em; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
h3 { font-size: 1.05em; margin: 16px 0 6px; }
figure { margin: 8px 0 12px; overflow-x: auto; }
figure svg { width: 100%; height: auto; max-height: 420px; }
figcaption { font-size: .85em; color: #57606a; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .92em; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eaeef2;
         vertical-align: top; overflow-wrap: break-word; }
th { background: #f6f8fa; }
td.n, th.n { text-align: right; white-space: nowrap; }
.note, .empty { color: #57606a; font-style: italic; }
footer { margin-top: 32px; font-size: .85em; color: #57606a; }
@media (max-width: 600px) {
  body { font-size: 14px; }
  main { padding: 10px; }
  th, td { padding: 3px 5px; }
  figure svg { min-width: 480px; }
}
@page { size: A4; margin: 14mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  section { break-inside: auto; }
  h2, h3 { break-after: avoid; }
  figure, tr, .figure { break-inside: avoid; }
  thead { display: table-header-group; }
  section.events { break-before: page; }
  section.events ~ section.events { break-before: auto; }
  .scroll { overflow: visible; }
}
"""


def render_html(summary: WeekSummary) -> str:
    """The summary as an HTML document in its own language."""
    report = content.build(summary)
    charts = chart_svgs(summary, report, standalone=False)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(report.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="generator" content="Guardian">',
        f"<title>{_e(report.title)} · {_e(report.subtitle)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f"<h1>{_e(report.title)}</h1>",
        f'<p class="range">{_e(report.subtitle)}</p>',
        f'<p class="facts">{_e(report.facts)}</p>',
        "</header>",
    ]
    if report.warning:
        parts.append(f'<p class="warning">{_e(report.warning)}</p>')
    parts.append('<div class="figures">')
    for fig in report.figures:
        hint = f'<div class="hint">{_e(fig.hint)}</div>' if fig.hint else ""
        parts.append(
            f'<div class="figure"><div class="label">{_e(fig.label)}</div>'
            f'<div class="value">{_e(fig.value)}</div>{hint}</div>'
        )
    parts.append("</div>")
    for section in report.sections:
        parts.append(_section(section, charts.get(section.key), report))
    parts += [f"<footer><p>{_e(report.footer)}</p></footer>", "</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _e(text: str) -> str:
    return escape(text, quote=True)


def _section(section: Section, chart: str | None, report: Report) -> str:
    kind = "events" if section.key in _EVENT_SECTIONS else "data"
    out = [f'<section id="{_e(section.key)}" class="{kind}">', f"<h2>{_e(section.title)}</h2>"]
    if section.intro:
        out.append(f"<p>{_e(section.intro)}</p>")
    if chart:
        caption = report.chart_titles.get(section.key, "")
        out.append(f"<figure>{chart}<figcaption>{_e(caption)}</figcaption></figure>")
    if not section.tables and section.empty:
        out.append(f'<p class="empty">{_e(section.empty)}</p>')
    out += [_table(t) for t in section.tables]
    out.append("</section>")
    return "\n".join(out)


_EVENT_SECTIONS = frozenset({"blocked_apps", "requests", "reports", "grants", "tamper", "changes"})


def table_cells(table: Table) -> tuple[str, list[str]]:
    """A table's head cells and its rows (`<tr>…</tr>` each) as escaped HTML; numbers carry
    class "n". The web page and the PDF wrap them each their own way."""

    def cell(tag: str, index: int, text: str) -> str:
        attr = ' class="n"' if index in table.numeric else ""
        return f"<{tag}{attr}>{_e(text)}</{tag}>"

    head = "".join(cell("th", i, c) for i, c in enumerate(table.columns))
    rows = [
        "<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>"
        for row in table.rows
    ]
    return head, rows


def _table(table: Table) -> str:
    out = []
    if table.caption:
        out.append(f"<h3>{_e(table.caption)}</h3>")
    out.append('<div class="scroll"><table>')
    head, rows = table_cells(table)
    out.append(f"<thead><tr>{head}</tr></thead><tbody>")
    out += rows
    out.append("</tbody></table></div>")
    if table.note:
        out.append(f'<p class="note">{_e(table.note)}</p>')
    return "\n".join(out)


# --- charts ----------------------------------------------------------------------------------


def chart_svgs(summary: WeekSummary, report: Report, *, standalone: bool) -> dict[str, str]:
    """The charts as SVG by section key ("days", "hours", "apps", "categories"); none for an
    empty list. `standalone` adds the namespace a separate SVG file (QtSvg) needs."""
    with texts.speaking(summary.language):
        charts = {"days": _days_chart(summary), "hours": _heat_map(summary)}
        top_apps = [(a.name, a.seconds) for a in summary.apps[:TOP_BARS]]
        top_categories = [
            (texts.category_name(c.category), c.seconds) for c in summary.categories[:TOP_BARS]
        ]
        if any(s > 0 for _, s in top_apps):
            charts["apps"] = _bars(top_apps)
        if any(s > 0 for _, s in top_categories):
            charts["categories"] = _bars(top_categories)
    for key, svg in charts.items():
        title = f"<title>{_e(report.chart_titles.get(key, ''))}</title>"
        charts[key] = svg.replace("%TITLE%", title, 1)
        if standalone:
            charts[key] = charts[key].replace(
                "<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1
            )
    return charts


def _svg_open(width: int, height: int) -> str:
    return (
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'font-family="{CHART_FONT}" font-size="12" fill="{TEXT}">%TITLE%'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>'
    )


def _text(
    x: float, y: float, text: str, *, anchor: str = "start", size: int = 12, **attrs: str
) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{_e(v)}"' for k, v in attrs.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"{extra}>'
        f"{_e(text)}</text>"
    )


def _hour_step(top: float) -> int:
    """Seconds between grid lines so that a chart up to `top` has at most 6 of them."""
    for hours in (1, 2, 3, 4, 6, 8, 12):
        if top / (hours * 3600) <= 6:
            return hours * 3600
    return 24 * 3600


def _days_chart(summary: WeekSummary) -> str:
    width, height = 720, 300
    left, right, top, bottom = 56, 12, 28, 44
    plot_h = height - top - bottom
    slot = (width - left - right) / 7
    highest = max(
        [d.seconds for d in summary.days] + [d.budget or 0.0 for d in summary.days] + [3600.0]
    )
    step = _hour_step(highest)
    scale_top = step * (int(highest // step) + 1)

    def y(seconds: float) -> float:
        return top + plot_h * (1 - seconds / scale_top)

    out = [_svg_open(width, height)]
    for mark in range(0, int(scale_top) + 1, step):
        out.append(
            f'<line x1="{left}" y1="{y(mark):.1f}" x2="{width - right}" y2="{y(mark):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(_text(left - 6, y(mark) + 4, texts.duration(mark), anchor="end", size=11))
    for index, day in enumerate(summary.days):
        x0 = left + index * slot
        bar_w = slot * 0.56
        bx = x0 + (slot - bar_w) / 2
        out.append(
            _text(
                x0 + slot / 2, height - bottom + 18, texts.weekday_short(day.day), anchor="middle"
            )
        )
        out.append(
            _text(
                x0 + slot / 2,
                height - bottom + 34,
                str(day.day.day),
                anchor="middle",
                size=11,
                fill=MUTED,
            )
        )
        if not day.counted:
            out.append(
                f'<rect x="{bx:.1f}" y="{y(0) - 2:.1f}" width="{bar_w:.1f}" height="2" '
                f'fill="{GRID}"/>'
            )
            continue
        over = day.budget is not None and day.seconds > day.budget + day.bonus
        colour = OVER if over else BAR
        bar_top = y(day.seconds)
        out.append(
            f'<rect x="{bx:.1f}" y="{bar_top:.1f}" width="{bar_w:.1f}" '
            f'height="{y(0) - bar_top:.1f}" fill="{colour}">'
            f"<title>{_e(texts.day_label(day.day))}: {_e(texts.duration(day.seconds))}</title>"
            "</rect>"
        )
        if day.seconds > 0:
            out.append(
                _text(
                    x0 + slot / 2,
                    bar_top - 5,
                    texts.duration(day.seconds),
                    anchor="middle",
                    size=10,
                )
            )
        if day.budget is not None:
            by = y(day.budget)
            out.append(
                f'<line x1="{x0 + 4:.1f}" y1="{by:.1f}" x2="{x0 + slot - 4:.1f}" y2="{by:.1f}" '
                f'stroke="{BUDGET}" stroke-width="2.5" stroke-dasharray="6,3"/>'
            )
    out.append(
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{width - right}" y2="{y(0):.1f}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )
    legend_x, legend_y = float(left), 14
    for label, swatch in (
        (texts.translate("Report", "Screen time"), "bar"),
        (texts.translate("Report", "Over the limit"), "over"),
        (texts.translate("Report", "Daily limit"), "limit"),
    ):
        if swatch == "limit":
            out.append(
                f'<line x1="{legend_x:.1f}" y1="{legend_y - 4}" x2="{legend_x + 24:.1f}" '
                f'y2="{legend_y - 4}" stroke="{BUDGET}" stroke-width="2.5" '
                'stroke-dasharray="6,3"/>'
            )
            text_x = legend_x + 30
        else:
            colour = BAR if swatch == "bar" else OVER
            out.append(
                f'<rect x="{legend_x:.1f}" y="{legend_y - 9}" width="12" height="10" '
                f'fill="{colour}"/>'
            )
            text_x = legend_x + 16
        out.append(_text(text_x, legend_y, label, size=11))
        legend_x = text_x + 6.8 * len(label) + 24  # about 6.8 units a letter at this size
    out.append("</svg>")
    return "".join(out)


def _shade(fraction: float) -> str:
    """White to dark blue: how much of an hour was screen time."""
    f = max(0.0, min(1.0, fraction))
    low, high = (0xF2, 0xF5, 0xF8), (0x0B, 0x3D, 0x91)
    r, g, b = (round(a + (c - a) * f) for a, c in zip(low, high, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def _heat_map(summary: WeekSummary) -> str:
    left, top, cell_w, cell_h = 84, 24, 26, 24
    width = left + 24 * cell_w + 8
    height = top + 7 * cell_h + 40
    out = [_svg_open(width, height)]
    for hour in range(0, 24, 3):
        out.append(
            _text(
                left + hour * cell_w + cell_w / 2,
                top - 8,
                texts.hour_label(hour),
                anchor="middle",
                size=11,
                fill=MUTED,
            )
        )
    for row, day in enumerate(summary.days):
        y0 = top + row * cell_h
        label = f"{texts.weekday_short(day.day)} {day.day.day}"
        out.append(_text(left - 8, y0 + cell_h / 2 + 4, label, anchor="end", size=11))
        for hour, seconds in enumerate(day.hours):
            fill_colour = _shade(seconds / 3600) if day.counted else "#ffffff"
            out.append(
                f'<rect x="{left + hour * cell_w + 1}" y="{y0 + 1}" width="{cell_w - 2}" '
                f'height="{cell_h - 2}" fill="{fill_colour}" stroke="{GRID}" stroke-width="0.5">'
                f"<title>{_e(texts.day_label(day.day))} {hour:02d}:00: "
                f"{_e(texts.duration(seconds))}</title></rect>"
            )
    legend_y = top + 7 * cell_h + 16
    for index, fraction in enumerate((0.0, 0.25, 0.5, 0.75, 1.0)):
        out.append(
            f'<rect x="{left + index * 20}" y="{legend_y}" width="18" height="12" '
            f'fill="{_shade(fraction)}" stroke="{GRID}" stroke-width="0.5"/>'
        )
    out.append(
        _text(
            left + 108,
            legend_y + 10,
            f"0 … {texts.duration(3600)} " + texts.translate("Report", "in an hour"),
            size=11,
            fill=MUTED,
        )
    )
    out.append("</svg>")
    return "".join(out)


def _bars(items: Sequence[tuple[str, float]]) -> str:
    width, row_h, label_w, value_w = 720, 26, 230, 110
    height = row_h * len(items) + 8
    most = max(s for _, s in items) or 1.0
    out = [_svg_open(width, height)]
    for index, (name, seconds) in enumerate(items):
        y0 = 4 + index * row_h
        label = name if len(name) <= 30 else name[:29] + "…"
        out.append(_text(label_w - 8, y0 + row_h / 2 + 4, label, anchor="end"))
        bar_w = (width - label_w - value_w) * seconds / most
        out.append(
            f'<rect x="{label_w}" y="{y0 + 4}" width="{max(bar_w, 1):.1f}" '
            f'height="{row_h - 8}" fill="{BAR}"><title>{_e(name)}</title></rect>'
        )
        out.append(_text(label_w + bar_w + 6, y0 + row_h / 2 + 4, texts.duration(seconds), size=11))
    out.append("</svg>")
    return "".join(out)
