"""Printing from the desk: rasterising PDFs onto a QPrinter, the dialogs' outcomes,
"Save as PDF" when there is no printer or the job fails, and a real CUPS job.

The person at the dialogs is stood in for by patching ``bureau_desk.shell.printing``'s dialog
functions; the painting, the files and the print queue are real.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bureau_desk.shell import printing  # noqa: E402
from PySide6.QtGui import QAction, QImage  # noqa: E402
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog  # noqa: E402

from bureau.catalogue import CatalogueLookup  # noqa: E402
from bureau.consultations.store import save_consultation  # noqa: E402
from bureau.i18n import _  # noqa: E402
from bureau.opening import init_database, open_database  # noqa: E402
from bureau.slips import build_slip, slip_prints  # noqa: E402
from bureau.trust.advisors import add_advisor  # noqa: E402
from bureau.validation import validate_consultation  # noqa: E402

needs_poppler = pytest.mark.skipif(not shutil.which("pdfinfo") or not shutil.which("pdftoppm"),
                                   reason="poppler-utils (pdfinfo, pdftoppm) is not installed")
LONG_QUESTION = "Как се обжалва данъчна оценка на имот, наследен от родителите? " * 40


@pytest.fixture
def desk(tmp_path) -> tuple[Path, int, int]:
    """A database file with one two-page consultation; (path, consultation id, advisor id)."""
    path = tmp_path / "desk.db"
    db = init_database(path, bureau_name="БИСГ Кресна", municipality="Община Кресна")
    advisor = add_advisor(db, "Мария Стоянова")
    lookup = CatalogueLookup(db)
    raw = {
        "occurred_at": dt.datetime(2026, 10, 14, 10, 30), "channel": "in_person",
        "advisor_id": advisor, "citizen": {"full_name": "Петрова Иванка"},
        "issues": [("local_taxes", None)], "question": LONG_QUESTION[:3990],
        "answer": "Обяснихме сроковете.", "help_level": "information", "outcome": "resolved",
        "consent_record": True,
    }
    consultation_id, _reference = save_consultation(db, validate_consultation(raw, lookup), lookup)
    db.close()
    return path, consultation_id, advisor


@pytest.fixture
def slip_pdf(desk) -> bytes:
    db = open_database(desk[0])
    try:
        return build_slip(db, desk[1], locale="bg", fmt="a5").pdf
    finally:
        db.close()


def pdf_pages(path: Path) -> tuple[int, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    return pages, re.search(r"^Page size:\s+(.*)$", out, re.M).group(1)


def ink_share(pdf: Path, tmp_path: Path) -> float:
    """Share of dark pixels on the first page: a blank page is 0."""
    subprocess.run(["pdftoppm", "-r", "30", "-f", "1", "-l", "1", "-png", "-singlefile",
                    str(pdf), str(tmp_path / "ink")], check=True)
    image = QImage(str(tmp_path / "ink.png"))
    dark = sum(1 for y in range(image.height()) for x in range(image.width())
               if image.pixelColor(x, y).lightness() < 128)
    return dark / (image.width() * image.height())


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


# --- rasterising ---------------------------------------------------------------


def test_qtpdf_renders_every_page(qtbot, slip_pdf):
    pytest.importorskip("PySide6.QtPdf", reason="the PySide6-Pdf wheel is not installed")
    pages = printing.PdfPages(slip_pdf)
    assert pages.backend == "qtpdf"
    assert len(pages) >= 2
    assert round(pages.size_pt(0).width()) == 420  # A5
    images = list(pages.images(72))
    assert len(images) == len(pages) and images[0].width() == 420


@needs_poppler
def test_pdftoppm_stands_in_when_qtpdf_is_missing(qtbot, slip_pdf, monkeypatch):
    monkeypatch.setitem(sys.modules, "PySide6.QtPdf", None)  # import fails as if not installed
    pages = printing.PdfPages(slip_pdf)
    assert pages.backend == "pdftoppm"
    assert len(pages) >= 2 and round(pages.size_pt(0).height()) == 595
    assert len(list(pages.images(40))) == len(pages)


def test_no_renderer_at_all_is_a_clear_error(qtbot, slip_pdf, monkeypatch):
    monkeypatch.setitem(sys.modules, "PySide6.QtPdf", None)
    monkeypatch.setattr(printing.shutil, "which", lambda name: None)
    with pytest.raises(printing.PrintingError) as raised:
        printing.PdfPages(slip_pdf)
    assert str(raised.value) == _(printing.MSG_NO_RENDERER)


def test_not_a_pdf_is_a_clear_error(qtbot):
    with pytest.raises(printing.PrintingError):
        printing.PdfPages(b"%PDF-not really")


@needs_poppler
def test_paints_the_slip_onto_a_pdf_printer(qtbot, slip_pdf, tmp_path):
    pages = printing.PdfPages(slip_pdf)
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)
    printing.prepare_printer(printer, pages, "Slip 2026-000001")

    assert printing.paint_pdf(printer, pages) == len(pages)
    assert pdf_pages(out) == (len(pages), pdf_pages(out)[1])
    assert "A5" in pdf_pages(out)[1]
    assert 0.01 < ink_share(out, tmp_path) < 0.5  # text was painted; the page is not black


# --- the desk's flows, with the person stood in for ------------------------------


def press_print_in_preview(output: Path):
    """Stands in for run_dialog: the person presses Print in the preview."""
    def run(dialog) -> bool:
        assert isinstance(dialog, QPrintPreviewDialog)
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(output))
        dialog.paintRequested.emit(printer)
        return True
    return run


@needs_poppler
def test_print_slip_prints_and_records_it(qtbot, desk, tmp_path, monkeypatch):
    path, consultation_id, advisor = desk
    out = tmp_path / "paper.pdf"
    monkeypatch.setattr(printing, "printers_available", lambda: True)
    monkeypatch.setattr(printing, "run_dialog", press_print_in_preview(out))

    outcome = printing.print_slip(None, path, consultation_id, locale="ru", fmt="receipt",
                                  printed_by=advisor)

    assert outcome == "print"
    assert pdf_pages(out)[0] == 1 and ink_share(out, tmp_path) > 0.01
    db = open_database(path)
    records = slip_prints(db, consultation_id)
    db.close()
    assert [(r.kind, r.format.value, r.locale, r.printed_by) for r in records] == [
        ("print", "receipt", "ru", advisor)]


def test_no_printer_offers_to_save_the_pdf(qtbot, desk, tmp_path, monkeypatch):
    path, consultation_id, _advisor = desk
    problems: list[str] = []
    monkeypatch.setattr(printing, "printers_available", lambda: False)
    monkeypatch.setattr(printing, "ask_save_instead",
                        lambda parent, problem: problems.append(problem) or True)
    monkeypatch.setattr(printing, "choose_save_path",
                        lambda parent, name: str(tmp_path / "saved" / "slip"))

    outcome = printing.print_slip(None, path, consultation_id, locale="bg")

    assert outcome == "pdf"
    assert problems == [_(printing.MSG_NO_PRINTER)]
    saved = tmp_path / "saved" / "slip.pdf"  # .pdf added to a name typed without it
    assert saved.read_bytes().startswith(b"%PDF")
    db = open_database(path)
    assert [r.kind for r in slip_prints(db, consultation_id)] == ["pdf"]
    db.close()


def test_a_failed_job_offers_to_save_and_cancel_records_nothing(qtbot, desk, tmp_path,
                                                               monkeypatch):
    path, consultation_id, _advisor = desk
    problems: list[str] = []
    # The printer refuses the job: its output cannot be opened.
    monkeypatch.setattr(printing, "printers_available", lambda: True)
    monkeypatch.setattr(printing, "run_dialog",
                        press_print_in_preview(tmp_path / "no such folder" / "x.pdf"))
    monkeypatch.setattr(printing, "ask_save_instead",
                        lambda parent, problem: problems.append(problem) or False)

    assert printing.print_slip(None, path, consultation_id) is None
    assert problems == [_(printing.MSG_PRINT_FAILED)]
    db = open_database(path)
    assert slip_prints(db, consultation_id) == []
    db.close()


def test_closing_the_preview_prints_and_records_nothing(qtbot, desk, monkeypatch):
    path, consultation_id, _advisor = desk
    monkeypatch.setattr(printing, "printers_available", lambda: True)
    monkeypatch.setattr(printing, "run_dialog", lambda dialog: False)
    assert printing.print_slip(None, path, consultation_id) is None
    db = open_database(path)
    assert slip_prints(db, consultation_id) == []
    db.close()


def test_save_as_pdf_from_the_preview_toolbar(qtbot, slip_pdf, tmp_path, monkeypatch):
    monkeypatch.setattr(printing, "printers_available", lambda: True)
    monkeypatch.setattr(printing, "choose_save_path",
                        lambda parent, name: str(tmp_path / name))

    def press_save(dialog) -> bool:
        actions = [a for a in dialog.findChildren(QAction) if a.text() == _("Save as PDF\u2026")]
        assert len(actions) == 1
        actions[0].trigger()
        return False  # the dialog closed without printing

    monkeypatch.setattr(printing, "run_dialog", press_save)
    assert printing.preview_pdf(None, slip_pdf, "Slip 2026-000001") == "pdf"
    assert (tmp_path / "Slip 2026-000001.pdf").read_bytes() == slip_pdf


def test_save_pdf_cancelled_or_unwritable(qtbot, slip_pdf, tmp_path, monkeypatch):
    monkeypatch.setattr(printing, "choose_save_path", lambda parent, name: "")
    assert printing.save_pdf(None, slip_pdf, "slip.pdf") is None

    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    shown: list[str] = []
    monkeypatch.setattr(printing, "choose_save_path",
                        lambda parent, name: str(blocker / "slip.pdf"))
    monkeypatch.setattr(printing, "show_problem", lambda parent, message: shown.append(message))
    assert printing.save_pdf(None, slip_pdf, "slip.pdf") is None
    assert len(shown) == 1 and str(blocker / "slip.pdf") in shown[0]


# --- a real print queue -------------------------------------------------------------


def cups_pdf_queue() -> str | None:
    """The name of a CUPS queue whose device is the CUPS-PDF virtual printer."""
    if not shutil.which("lpstat"):
        return None
    try:
        out = subprocess.run(["lpstat", "-v"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in out.splitlines():
        found = re.match(r"device for (\S+): cups-pdf:", line)
        if found:
            return found.group(1)
    return None


def cups_pdf_folders() -> list[Path]:
    """Where CUPS-PDF may write: its configured Out (for this user) and its anonymous folder."""
    folders = [Path.home() / "PDF", Path("/var/spool/cups-pdf/ANONYMOUS")]
    try:
        config = Path("/etc/cups/cups-pdf.conf").read_text(encoding="utf-8", errors="replace")
    except OSError:
        config = ""
    for key in ("Out", "AnonDirName"):
        found = re.search(rf"^{key}\s+(\S+)", config, re.M)
        if found:
            folders.append(Path(found.group(1).replace("${HOME}", str(Path.home()))
                                .replace("${USER}", os.environ.get("USER", "root"))))
    return folders


@needs_poppler
def test_real_job_through_the_cups_pdf_queue(qtbot, slip_pdf):
    queue = cups_pdf_queue()
    if queue is None:
        pytest.skip("no CUPS-PDF print queue (lpstat -v shows no cups-pdf: device); "
                    "CI creates one named PDF")
    title = f"bureau-test-{uuid.uuid4().hex[:10]}"
    pages = printing.PdfPages(slip_pdf)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(queue)
    assert printer.isValid() and printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
    printing.prepare_printer(printer, pages, title)

    assert printing.paint_pdf(printer, pages) == len(pages)

    written = cups_output(qtbot, title)
    assert pdf_pages(written)[0] == len(pages)
    written.unlink()


def cups_output(qtbot, title: str) -> Path:
    """The PDF that CUPS-PDF wrote for the job ``title``, once it is complete."""

    def output() -> Path | None:
        for folder in cups_pdf_folders():
            for candidate in folder.glob(f"{title}*.pdf") if folder.is_dir() else []:
                return candidate
        return None

    # CUPS-PDF writes the file when the job leaves the queue: wait for it, not for a time.
    qtbot.waitUntil(lambda: output() is not None and output().stat().st_size > 0,
                    timeout=60_000)
    written = output()
    qtbot.waitUntil(lambda: _complete_pdf(written), timeout=30_000)
    return written


def _complete_pdf(path: Path) -> bool:
    result = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
    return result.returncode == 0


def test_print_slip_of_a_missing_consultation_says_so(qtbot, desk, monkeypatch):
    path, _consultation_id, _advisor = desk
    shown: list[str] = []
    monkeypatch.setattr(printing, "show_problem", lambda parent, message: shown.append(message))
    assert printing.print_slip(None, path, 999_999) is None
    assert printing.print_slip(None, path.with_name("missing.db"), 1) is None
    assert len(shown) == 2 and "999999" in shown[0] and "missing.db" in shown[1]
