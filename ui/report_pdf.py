"""A weekly summary as a PDF, drawn by Qt in a process of its own (offscreen platform):

    python -m ui.report_pdf IN.json OUT.pdf

The words and tables are the HTML file's (`guardian.reports.content`), laid out by
QTextDocument and printed by QPdfWriter on A4 with page numbers; the charts are the HTML
file's own SVG pictures drawn with QtSvg into images the document holds. The service never
loads Qt's GUI modules: its writer starts this process and waits for it with a timeout.
"""

from __future__ import annotations

import os
import sys
from html import escape
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QByteArray, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtSvg import QSvgRenderer

from guardian.reports import content
from guardian.reports.content import Report, Section, Table
from guardian.reports.html import chart_svgs, table_cells
from guardian.reports.model import SummaryError, WeekSummary, decode_week

CHART_WIDTH = 600
"""Width of a chart in the document's layout units (the text column is about 640 wide)."""
CHART_SCALE = 2
"""Image pixels per layout unit: sharp enough on paper, small enough for mail."""

TABLE_ROWS = 120
"""Longer lists are printed as lines rather than table rows: Qt lays out a table row about
eight times slower than a paragraph, and a busy week has thousands of rows."""

_STYLE = """
h1 { font-size: 17pt; margin: 0; }
h2 { font-size: 13pt; margin-top: 14px; margin-bottom: 4px; color: #1f3a60; }
h3 { font-size: 11pt; margin-top: 8px; margin-bottom: 2px; }
p { margin: 2px 0; }
.muted { color: #57606a; }
.warning { color: #9a4a00; }
.note { color: #57606a; font-style: italic; }
th { background-color: #eef1f4; font-weight: bold; text-align: left; }
td.n, th.n { text-align: right; }
.value { font-size: 13pt; font-weight: bold; }
"""


def render_pdf(summary: WeekSummary, target: Path) -> None:
    """Print `summary` to the PDF file `target` (a QGuiApplication must exist)."""
    report = content.build(summary)
    document = QTextDocument()
    document.setDefaultFont(QFont("DejaVu Sans", 9))
    document.setDefaultStyleSheet(_STYLE)
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, report.title)
    charts = chart_svgs(summary, report, standalone=True)
    sizes: dict[str, tuple[int, int]] = {}
    for key, svg in charts.items():
        image = svg_image(svg)
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"chart:{key}"), image)
        sizes[key] = (CHART_WIDTH, round(CHART_WIDTH * image.height() / image.width()))
    document.setHtml(_document_html(report, sizes))

    writer = QPdfWriter(str(target))
    writer.setTitle(report.title)
    writer.setCreator("Guardian")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    )
    # print_() lays the document out on pages of the writer's size with margins of 2 cm
    # and numbers the pages.
    document.print_(writer)


def svg_image(svg: str) -> QImage:
    """An SVG picture drawn on white at CHART_SCALE times its own size."""
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        raise ValueError("a chart's SVG could not be read")
    size: QSizeF = renderer.defaultSize().toSizeF() * CHART_SCALE
    image = QImage(round(size.width()), round(size.height()), QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
    painter.end()
    return image


def _e(text: str) -> str:
    return escape(text, quote=True)


def _document_html(report: Report, sizes: dict[str, tuple[int, int]]) -> str:
    parts = [
        "<html><body>",
        f"<h1>{_e(report.title)}</h1>",
        f"<p>{_e(report.subtitle)}</p>",
        f'<p class="muted">{_e(report.facts)}</p>',
    ]
    if report.warning:
        parts.append(f'<p class="warning">{_e(report.warning)}</p>')
    parts.append(_figures(report))
    for section in report.sections:
        parts.append(_section(section, sizes.get(section.key), report))
    parts.append(f'<p class="muted"><br>{_e(report.footer)}</p>')
    parts.append("</body></html>")
    return "\n".join(parts)


def _figures(report: Report) -> str:
    """The overview as a grid of four figures a row."""
    cells = [
        f'<td width="25%"><span class="muted">{_e(f.label)}</span><br>'
        f'<span class="value">{_e(f.value)}</span><br>'
        f'<span class="muted">{_e(f.hint)}</span></td>'
        for f in report.figures
    ]
    rows = ["<tr>" + "".join(cells[i : i + 4]) + "</tr>" for i in range(0, len(cells), 4)]
    return (
        '<table width="100%" cellspacing="4" cellpadding="4" border="0" '
        'style="margin-top: 8px; margin-bottom: 8px;">' + "".join(rows) + "</table>"
    )


def _section(section: Section, chart: tuple[int, int] | None, report: Report) -> str:
    out = [f"<h2>{_e(section.title)}</h2>"]
    if section.intro:
        out.append(f"<p>{_e(section.intro)}</p>")
    if chart is not None:
        width, height = chart
        title = _e(report.chart_titles.get(section.key, ""))
        out.append(
            f'<p><img src="chart:{_e(section.key)}" width="{width}" height="{height}" '
            f'alt="{title}"></p>'
        )
    if not section.tables and section.empty:
        out.append(f'<p class="note">{_e(section.empty)}</p>')
    out += [_table(t) for t in section.tables]
    return "\n".join(out)


def _table(table: Table) -> str:
    out = []
    if table.caption:
        out.append(f"<h3>{_e(table.caption)}</h3>")
    if len(table.rows) > TABLE_ROWS:
        return "\n".join([*out, _lines(table)])
    out.append(
        '<table width="100%" cellspacing="0" cellpadding="3" border="1" '
        'style="border-collapse: collapse; border-color: #d0d7de;">'
    )
    head, rows = table_cells(table)
    out.append("<thead><tr>" + head)
    out.append("</tr></thead>")
    out += rows
    out.append("</table>")
    if table.note:
        out.append(f'<p class="note">{_e(table.note)}</p>')
    return "\n".join(out)


def _lines(table: Table) -> str:
    """A long table as one line per row, its cells joined by " · "."""
    head = " · ".join(c for c in table.columns if c)
    out = [f'<p class="muted">{_e(head)}</p>']
    out += [
        '<p style="margin: 0;">' + _e(" · ".join(c for c in row if c)) + "</p>"
        for row in table.rows
    ]
    if table.note:
        out.append(f'<p class="note">{_e(table.note)}</p>')
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Render IN.json to OUT.pdf; a bad file or a failed write says what and where (exit 1)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        sys.stderr.write("usage: python -m ui.report_pdf IN.json OUT.pdf\n")
        return 2
    source, target = Path(args[0]), Path(args[1])
    try:
        summary = decode_week(source.read_bytes(), str(source))
    except OSError as exc:
        sys.stderr.write(f"cannot read {source}: {exc.strerror or exc}\n")
        return 1
    except SummaryError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    app = QGuiApplication.instance() or QGuiApplication(["guardian-report-pdf"])
    try:
        render_pdf(summary, target)
    except (OSError, ValueError) as exc:
        sys.stderr.write(f"cannot write {target}: {exc}\n")
        return 1
    finally:
        del app
    if not target.is_file() or target.stat().st_size == 0:
        sys.stderr.write(f"cannot write {target}: Qt wrote no PDF there\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
