"""The PDF summary, drawn by `python -m ui.report_pdf` in its own process: its text read back
with pdftotext, its first page compared with a stored picture.

The stored picture is regenerated (after a deliberate change of the layout) with

    .venv/bin/python -m tests.guardian.reports.test_pdf --regenerate
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from guardian.reports.model import WeekSummary, encode
from tests.guardian.reports import summaries
from tests.guardian.reports.summaries import SAMPLES

ROOT = Path(__file__).resolve().parents[3]
REFERENCE = Path(__file__).with_name("data") / "light-page1.png"
REFERENCE_DPI = 50
TOLERANCE = 4.0
"""Mean difference of grey levels (0–255) allowed against the stored page (grey keeps the file
small): font hinting and anti-aliasing may move a few pixels; another layout or week differs
by 10 or more."""


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (apt-get install poppler-utils)")
    return path


def make_pdf(summary: WeekSummary, folder: Path, name: str = "summary") -> Path:
    """Run the PDF process on `summary` as the writer does."""
    source = folder / f"{name}.json"
    source.write_bytes(encode(summary))
    target = folder / f"{name}.pdf"
    subprocess.run(
        [sys.executable, "-m", "ui.report_pdf", str(source), str(target)],
        check=True,
        capture_output=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    return target


def pdf_text(pdf: Path, *pages: int) -> str:
    args = [need("pdftotext"), "-enc", "UTF-8"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    out = subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True, timeout=60)
    return " ".join(out.stdout.decode("utf-8").split())


def first_page(pdf: Path, folder: Path) -> QImage:
    prefix = folder / "page"
    subprocess.run(
        [
            need("pdftoppm"),
            "-r",
            str(REFERENCE_DPI),
            "-gray",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(prefix),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    image = QImage(str(prefix) + ".png")
    assert not image.isNull()
    return image.convertToFormat(QImage.Format.Format_RGB32)


def mean_difference(a: QImage, b: QImage) -> float:
    """Mean absolute difference per colour channel of two pictures of one size."""
    assert (a.width(), a.height()) == (b.width(), b.height())
    total = 0
    for y in range(a.height()):
        for x in range(a.width()):
            p, q = a.pixel(x, y), b.pixel(x, y)
            total += (
                abs((p >> 16 & 255) - (q >> 16 & 255))
                + abs((p >> 8 & 255) - (q >> 8 & 255))
                + abs((p & 255) - (q & 255))
            )
    return total / (3 * a.width() * a.height())


@pytest.mark.slow
@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_makes_a_pdf(name: str, tmp_path: Path) -> None:
    summary = SAMPLES[name]()
    pdf = make_pdf(summary, tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert summary.profile.name in text
    assert summary.week in text


def test_the_pdf_says_what_the_html_says_in_english(tmp_path: Path) -> None:
    pdf = make_pdf(summaries.light(), tmp_path)
    text = pdf_text(pdf)
    for expected in (
        "Weekly summary: Alice",
        "23–29 November 2026",
        "Screen time per day",
        "Time by hour of day",
        "Minecraft",
        "no limit for the rest of the day",
        "casino.example",
        "The computer's clock was moved back by 1 h",
        "Compared with last week",
    ):
        assert expected in text, expected
    assert "<script>alert(1)</script>" in text  # a name is printed, never interpreted
    info = subprocess.run(
        [need("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    assert "595 x 842 pts (A4)" in info
    assert "Title: Weekly summary: Alice" in " ".join(info.split())
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    assert pages >= 2
    assert pdf_text(pdf, 2).endswith(" 2")  # page numbers at the foot


def test_the_pdf_speaks_russian(tmp_path: Path) -> None:
    text = pdf_text(make_pdf(summaries.russian(), tmp_path))
    for expected in (
        "Итоги недели: Маша Иванова",
        "23–29 ноября 2026",
        "Время за компьютером по дням",
        "Майнкрафт",
        "пример.рф",
        "Сравнение с прошлой неделей",
    ):
        assert expected in text, expected
    assert "Weekly summary" not in text


@pytest.mark.slow
def test_a_heavy_week_prints_every_row(tmp_path: Path) -> None:
    text = pdf_text(make_pdf(summaries.heavy(), tmp_path))
    assert "site00499.example.com" in text and "blocked00499.example.net" in text
    assert "And 2,500 more not listed here." in text


def test_the_first_page_looks_as_stored(tmp_path: Path) -> None:
    if not REFERENCE.is_file():
        pytest.fail(
            f"{REFERENCE} is missing: python -m tests.guardian.reports.test_pdf --regenerate"
        )
    page = first_page(make_pdf(summaries.light(), tmp_path), tmp_path)
    reference = QImage(str(REFERENCE)).convertToFormat(QImage.Format.Format_RGB32)
    difference = mean_difference(page, reference)
    assert difference <= TOLERANCE, (
        f"the first page differs from {REFERENCE.name} by {difference:.2f} per channel"
    )


def test_the_comparison_tells_another_page_apart(tmp_path: Path) -> None:
    page = first_page(make_pdf(summaries.heavy(), tmp_path), tmp_path)
    reference = QImage(str(REFERENCE)).convertToFormat(QImage.Format.Format_RGB32)
    assert mean_difference(page, reference) > TOLERANCE


def test_a_file_that_is_not_a_summary_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_text('{"kind": "week"}', encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "ui.report_pdf", str(source), str(tmp_path / "x.pdf")],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert out.returncode == 1
    assert str(source) in out.stderr
    assert not (tmp_path / "x.pdf").exists()


def regenerate() -> None:
    """Draw the light week's first page again and store it as the reference."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        prefix = folder / "page"
        pdf = make_pdf(summaries.light(), folder)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(REFERENCE_DPI),
                "-gray",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(prefix),
            ],
            check=True,
        )
        REFERENCE.parent.mkdir(exist_ok=True)
        page = QImage(str(prefix) + ".png").convertToFormat(QImage.Format.Format_Grayscale8)
        if not page.save(str(REFERENCE), "PNG", 0):  # 0: the smallest file
            sys.exit(f"cannot write {REFERENCE}")
    print(f"wrote {REFERENCE}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--regenerate"]:
        sys.exit("usage: python -m tests.guardian.reports.test_pdf --regenerate")
    regenerate()
