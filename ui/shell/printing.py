"""Printing PDFs from the desk: preview, the print dialog, "Save as PDF", and slips.

Qt cannot hand a PDF file to a printer: a ``QPrinter`` is a paint device. So
each page is rasterised at up to 300 dpi (sharp for text, and small enough to
spool: an A4 page is about 35 MB in memory) and painted onto the printer, which
works the same with every driver on Windows, macOS and Linux. The rasteriser
is QtPdf (``PySide6.QtPdf``, the separate 2.8 MB ``PySide6-Pdf`` wheel built for
the same Qt as PySide6-Essentials, so it is there wherever the app installs).
When it is missing (a distribution's PySide6 without it), poppler's
``pdftoppm`` is used if present; with neither, the desk says so and offers to
save the PDF instead. Any printing trouble ends in that offer, never a crash.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bureau_desk.widgets import file_dialogs
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QRectF,
    QSize,
    QSizeF,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QAction,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QMessageBox, QPushButton, QToolBar, QWidget

from bureau.domain import BureauError
from bureau.files import atomic_output
from bureau.i18n import N_, _
from bureau.opening import open_database

MAX_DPI = 300
MSG_NO_PRINTER = N_("No printer is set up on this computer.")
MSG_NO_RENDERER = N_("This computer cannot prepare PDF pages for printing "
                     "(the PySide6-Pdf package is missing).")
MSG_PRINT_FAILED = N_("The printer did not accept the document.")
MSG_BAD_PDF = N_("The document could not be read for printing.")
MSG_SAVE_INSTEAD = N_("{problem}\n\nSave it as a PDF file instead? You can print it later "
                      "on another computer or send it by e-mail.")
TIMEOUT_S = 60


class PrintingError(BureauError):
    """Printing is impossible or failed; the caller offers to save the PDF instead."""


# --- rasterising -------------------------------------------------------------


def _pdf_bytes(pdf: bytes | str | Path) -> bytes:
    return pdf if isinstance(pdf, (bytes, bytearray)) else Path(pdf).read_bytes()


class PdfPages:
    """A PDF's pages as images: QtPdf when installed, else poppler's pdftoppm."""

    def __init__(self, pdf: bytes) -> None:
        self._pdf = pdf
        self._document = None
        try:
            from PySide6.QtPdf import QPdfDocument  # deferred: documents
        except ImportError:
            if not shutil.which("pdftoppm"):
                raise PrintingError(MSG_NO_RENDERER) from None
            self._sizes = _poppler_page_sizes(pdf)
        else:
            self._buffer = QBuffer()  # must outlive the document, which reads from it
            self._buffer.setData(QByteArray(pdf))
            self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self._document = QPdfDocument()
            self._document.load(self._buffer)
            if self._document.status() != QPdfDocument.Status.Ready:
                raise PrintingError(MSG_BAD_PDF)
            self._sizes = [self._document.pagePointSize(i)
                           for i in range(self._document.pageCount())]
        if not self._sizes:
            raise PrintingError(MSG_BAD_PDF)

    @property
    def backend(self) -> str:
        return "qtpdf" if self._document is not None else "pdftoppm"

    def __len__(self) -> int:
        return len(self._sizes)

    def size_pt(self, page: int) -> QSizeF:
        return self._sizes[page]

    def images(self, dpi: int) -> Iterator[QImage]:
        if self._document is not None:
            for page, size in enumerate(self._sizes):
                pixels = QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72))
                yield self._document.render(page, pixels)
            return
        yield from _poppler_images(self._pdf, dpi)


def _poppler_page_sizes(pdf: bytes) -> list[QSizeF]:
    with tempfile.TemporaryDirectory(prefix="bureau-print-") as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        try:
            out = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(source)],
                                 capture_output=True, text=True, timeout=TIMEOUT_S).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
    sizes = []
    for line in out.splitlines():
        words = line.split()
        # "Page    2 size: 419.528 x 595.276 pts (A5)"
        if len(words) >= 6 and words[0] == "Page" and words[1].isdigit() and words[2] == "size:":
            sizes.append(QSizeF(float(words[3]), float(words[5])))
    return sizes


def _poppler_images(pdf: bytes, dpi: int) -> Iterator[QImage]:
    with tempfile.TemporaryDirectory(prefix="bureau-print-") as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        try:
            subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source),
                            str(Path(folder) / "page")], check=True, capture_output=True,
                           timeout=TIMEOUT_S)
        except (OSError, subprocess.SubprocessError) as error:
            raise PrintingError(MSG_BAD_PDF) from error
        # pdftoppm pads the page number to the width of the page count: sort numerically.
        pages = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        for path in pages:
            yield QImage(str(path))


# --- painting onto a printer ---------------------------------------------------


def prepare_printer(printer: QPrinter, pages: PdfPages, title: str) -> None:
    """Paper like the document's first page, smallest margins the printer allows."""
    size = pages.size_pt(0)
    printer.setDocName(title)
    printer.setPageSize(QPageSize(size, QPageSize.Unit.Point, "",
                                  QPageSize.SizeMatchPolicy.FuzzyMatch))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait if size.height() >= size.width()
                               else QPageLayout.Orientation.Landscape)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def paint_pdf(printer: QPrinter, pages: PdfPages) -> int:
    """Paint every page (each copy, when the driver cannot make copies); returns pages painted.

    Each page is scaled to the printable area, keeping its proportions, so a
    printer's unprintable border never cuts the text.
    """
    dpi = max(72, min(MAX_DPI, printer.resolution()))
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintingError(MSG_PRINT_FAILED)
    painted = 0
    try:
        area = printer.pageRect(QPrinter.Unit.DevicePixel)
        for _copy in range(copies):
            for image in pages.images(dpi):
                if painted and not printer.newPage():
                    raise PrintingError(MSG_PRINT_FAILED)
                scale = min(area.width() / image.width(), area.height() / image.height())
                target = QRectF(0, 0, image.width() * scale, image.height() * scale)
                target.moveLeft((area.width() - target.width()) / 2)
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                painter.drawImage(target, image)
                painted += 1
    finally:
        if not painter.end() and painted:
            raise PrintingError(MSG_PRINT_FAILED)
    if printer.printerState() == QPrinter.PrinterState.Error:
        raise PrintingError(MSG_PRINT_FAILED)
    return painted


def printers_available() -> bool:
    return bool(QPrinterInfo.availablePrinters())


# --- dialogs (module functions, so tests can stand in for the person) -----------


def ask_save_instead(parent: QWidget | None, problem: str) -> bool:
    answer = QMessageBox.question(
        parent, _("Printing"), _(MSG_SAVE_INSTEAD).format(problem=problem),
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save)
    return answer == QMessageBox.StandardButton.Save


def choose_save_path(parent: QWidget | None, suggested_name: str) -> str:
    start = Path.home() / "Documents"
    folder = start if start.is_dir() else Path.home()
    return file_dialogs.save_file(parent, _("Save as PDF"), folder / suggested_name,
                                  _("PDF files (*.pdf)"))


def run_dialog(dialog: QPrintDialog | QPrintPreviewDialog) -> bool:
    # Once shown, the keyboard is on the button Enter presses, drawn as focused.
    QTimer.singleShot(0, dialog, lambda: focus_default_button(dialog))
    try:
        return dialog.exec() == QPrintDialog.DialogCode.Accepted
    finally:
        file_dialogs.after_dialog()  # its "print to file" chooser lists folders too


def focus_default_button(dialog: QWidget, tries: int = 50) -> QPushButton | None:
    """Focus the dialog's default button (Print) with a visible focus frame.

    Activating a window gives focus again and forgets that it came from the
    keyboard, so this waits (20 ms at a time) until the dialog is active.
    """
    if not dialog.isActiveWindow() and tries > 0:
        QTimer.singleShot(20, dialog, lambda: focus_default_button(dialog, tries - 1))
        return None
    button = next((b for b in dialog.findChildren(QPushButton)
                   if b.isDefault() and b.isVisibleTo(dialog)), None)
    if button is not None:
        # As if reached from the keyboard: the style draws the focus frame.
        dialog.window().setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
        button.setFocus(Qt.FocusReason.ShortcutFocusReason)
    return button


def show_problem(parent: QWidget | None, message: str) -> None:
    QMessageBox.warning(parent, _("Printing"), message)


# --- what the desk calls ------------------------------------------------------


def save_pdf(parent: QWidget | None, pdf: bytes | str | Path, suggested_name: str) -> Path | None:
    """Ask where to save, write the file whole; None when the person cancels."""
    chosen = choose_save_path(parent, suggested_name)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    try:
        with atomic_output(path, mode="wb") as handle:
            handle.write(_pdf_bytes(pdf))
    except BureauError as error:
        show_problem(parent, str(error))
        return None
    return path


def _print_or_offer_save(parent: QWidget | None, pdf: bytes, title: str,
                         *, preview: bool) -> str | None:
    """'print', 'pdf' (saved instead) or None (cancelled)."""
    suggested = f"{title}.pdf"
    try:
        if not printers_available():
            raise PrintingError(MSG_NO_PRINTER)
        pages = PdfPages(pdf)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, pages, title)
        if preview:
            return _preview(parent, printer, pages, pdf, title)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(_("Print {title}").format(title=title))
        if not run_dialog(dialog):
            return None
        with _BusyCursor():
            paint_pdf(printer, pages)
        return "print"
    except PrintingError as problem:
        if ask_save_instead(parent, str(problem)):
            return "pdf" if save_pdf(parent, pdf, suggested) else None
        return None


def _preview(parent: QWidget | None, printer: QPrinter, pages: PdfPages, pdf: bytes,
             title: str) -> str | None:
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(_("Preview: {title}").format(title=title))
    failures: list[PrintingError] = []
    saved: list[Path] = []

    def paint(target: QPrinter) -> None:
        try:
            paint_pdf(target, pages)
        except PrintingError as problem:  # raised inside a Qt signal: keep it for later
            failures.append(problem)

    def save() -> None:
        path = save_pdf(dialog, pdf, f"{title}.pdf")
        if path:
            saved.append(path)
            dialog.reject()

    dialog.paintRequested.connect(paint)
    save_action = QAction(_("Save as PDF\u2026"), dialog)
    save_action.triggered.connect(save)
    toolbar = dialog.findChild(QToolBar)
    if toolbar is not None:
        print_text = QCoreApplication.translate("QPrintPreviewDialog", "Print")
        for action in toolbar.actions():
            if action.text() == print_text:  # Qt's own, with no shortcut of its own
                action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                action.setToolTip(f"{action.text()} ({keys})")
        toolbar.addSeparator()
        toolbar.addAction(save_action)
    printed = run_dialog(dialog)
    if saved:
        return "pdf"
    if printed and failures:
        raise failures[-1]
    return "print" if printed else None


class _BusyCursor:
    """A wait cursor while pages are rasterised and spooled."""

    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()


def print_pdf(parent: QWidget | None, pdf: bytes | str | Path, title: str,
              *, preview: bool = False) -> str | None:
    """Print a PDF through Qt's print dialog (printer, copies), or preview it first.

    Returns 'print' when it went to the printer, 'pdf' when it was saved as a
    file instead, None when the person cancelled.
    """
    return _print_or_offer_save(parent, _pdf_bytes(pdf), title, preview=preview)


def preview_pdf(parent: QWidget | None, pdf: bytes | str | Path, title: str) -> str | None:
    return print_pdf(parent, pdf, title, preview=True)


def print_slip(parent: QWidget | None, db_path: str | Path, consultation_id: int,
               locale: str | None = None, fmt: str | None = None, *,
               printed_by: int | None = None, preview: bool = True) -> str | None:
    """Build a consultation's slip, preview and print it (or save it), and record that.

    Opens its own database connection (a connection is never shared between
    windows or threads). Returns 'print', 'pdf' or None as ``print_pdf``.
    """
    from bureau.slips import build_slip, record_slip_print  # deferred: documents

    try:
        db = open_database(db_path)
    except BureauError as error:  # locked, damaged or missing database: say so, go on
        show_problem(parent, str(error))
        return None
    try:
        with _BusyCursor():
            slip = build_slip(db, consultation_id, locale=locale, fmt=fmt)
        title = _("Slip {reference}").format(reference=slip.reference)
        outcome = _print_or_offer_save(parent, slip.pdf, title, preview=preview)
        if outcome:
            record_slip_print(db, slip.consultation_id, fmt=slip.format, locale=slip.locale,
                              kind=outcome, printed_by=printed_by)
        return outcome
    except BureauError as error:  # e.g. the consultation was deleted at another desk
        show_problem(parent, str(error))
        return None
    finally:
        db.close()


__all__ = [
    "PdfPages", "PrintingError", "paint_pdf", "prepare_printer", "preview_pdf", "print_pdf",
    "print_slip", "printers_available", "save_pdf",
]
