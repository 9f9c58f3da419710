"""A printed slip keeps its paper: the CUPS job of an A5 slip is A5, of an A4 slip A4, of
the 80 mm roll 80 mm wide (#17 item 9), checked in the PDF that CUPS-PDF writes."""

from __future__ import annotations

import re
import subprocess
import uuid
from pathlib import Path

import pytest
from bureau_desk.shell import printing
from PySide6.QtPrintSupport import QPrinter

from bureau.opening import open_database
from bureau.slips import build_slip
from tests.ui.test_printing import cups_output, cups_pdf_queue, desk  # noqa: F401

# (width, height) in points; None: as long as the slip (a roll is cut to its content).
PAPER = {"a5": (419.5, 595.3), "a4": (595.3, 841.9), "receipt": (226.8, None)}


def _size(path: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups()
    return float(width), float(height)


@pytest.mark.parametrize("fmt", list(PAPER))
def test_the_print_job_has_the_slips_page_size(qtbot, desk, fmt):  # noqa: F811
    queue = cups_pdf_queue()
    if queue is None:
        pytest.skip("no CUPS-PDF print queue (lpstat -v shows no cups-pdf: device)")
    path, consultation_id, _advisor = desk
    db = open_database(path)
    slip = build_slip(db, consultation_id, locale="bg", fmt=fmt).pdf
    db.close()
    title = f"bureau-size-{fmt}-{uuid.uuid4().hex[:8]}"
    pages = printing.PdfPages(slip)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(queue)
    printing.prepare_printer(printer, pages, title)
    assert printing.paint_pdf(printer, pages) == len(pages)

    written = cups_output(qtbot, title)
    width, height = _size(written)
    written.unlink()
    expected_width, expected_height = PAPER[fmt]
    if expected_height is None:
        expected_height = pages.size_pt(0).height()
    assert abs(width - expected_width) < 3 and abs(height - expected_height) < 3, (width, height)
