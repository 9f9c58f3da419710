"""Small pieces shared by the pages that produce documents and records:
the document-language combo, a simple table model over dataclasses, errors
shown as messages, and PDFs handed to ``bureau_desk.shell.printing``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QMessageBox,
    QTableView,
    QWidget,
)

from bureau.database.connection import translate_sqlite_error
from bureau.domain import BureauError
from bureau.i18n import _, get_locale, language_name

DOCUMENT_LANGUAGES = ("bg", "ru")
# Each language's own name, as bureau.i18n.language_name gives it: written out,
# because Babel reads each language's whole CLDR data to say it (about 60 ms of
# the desk's start-up for the slip language box).
AUTONYMS = {"bg": "Български", "ru": "Русский"}
OVERDUE_BACKGROUND = QColor("#fbe3e4")
OVERDUE_FOREGROUND = QColor("#7a1016")
_Index = QModelIndex | QPersistentModelIndex


class DocumentLanguageCombo(QComboBox):
    """bg / ru, each named in its own language; defaults to the UI's language."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.retranslate()

    def retranslate(self) -> None:
        chosen = self.currentData() or (
            get_locale() if get_locale() in DOCUMENT_LANGUAGES else DOCUMENT_LANGUAGES[0])
        self.blockSignals(True)
        self.clear()
        for code in DOCUMENT_LANGUAGES:
            self.addItem(AUTONYMS.get(code) or language_name(code), code)
        self.setCurrentIndex(max(self.findData(chosen), 0))
        self.blockSignals(False)
        self.setAccessibleName(_("Language of the document"))
        self.setToolTip(_("The document is printed in this language, whatever the desk speaks."))

    def locale(self) -> str:  # type: ignore[override]  # QWidget.locale() is not used here
        return self.currentData() or DOCUMENT_LANGUAGES[0]


# The slip preview; Ctrl+P itself prints through the print dialog.
PREVIEW_KEYS = "Ctrl+Shift+P"

def date_edit(parent: QWidget, day: dt.date | None = None) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setCalendarPopup(True)
    edit.setDate(QDate(day or dt.date.today()))
    return edit


def day_text(day: dt.date | str | None) -> str:
    """'14.10.2026', the form both bg and ru read; empty for no date."""
    if not day:
        return ""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    return day.strftime("%d.%m.%Y")


def show_error(parent: QWidget | None, title: str, error: BaseException) -> None:
    """A core error as a message box; a database error in the desk's words."""
    if isinstance(error, sqlite3.Error):
        error = translate_sqlite_error(error, "")
    text = str(error) if isinstance(error, BureauError) else _(
        "Bureau met an unexpected problem: {problem}").format(problem=type(error).__name__)
    QMessageBox.warning(parent, title, text)


def show_pdf(parent: QWidget, title: str, build: Callable[[], bytes]) -> str | None:
    """Build a document on the GUI thread (each is well under half a second) and preview it.

    Returns what ``bureau_desk.shell.printing.preview_pdf`` returns, None on an error (shown).
    """
    start = time.perf_counter()
    try:
        pdf = build()
    except (BureauError, sqlite3.Error) as error:
        show_error(parent, title, error)
        return None
    show_pdf.last_build_s = time.perf_counter() - start  # type: ignore[attr-defined]
    from bureau_desk.shell import printing  # deferred: documents

    return printing.preview_pdf(parent, pdf, title)


class RecordsModel(QAbstractTableModel):
    """Rows of plain records; subclasses say the headers and how a cell reads.

    The registers shown with it (referrals, meetings, signals, events) hold
    hundreds of rows at most, so they are read whole.
    """

    HEADERS: Sequence[str] = ()  # msgids
    STRETCH: int | None = None  # the column that takes the spare width (else the last)
    NUMERIC: Sequence[int] = ()  # right-aligned columns

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> Any | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def cell(self, record: Any, column: int) -> str:
        raise NotImplementedError

    def highlighted(self, record: Any) -> str | None:
        """A reason to highlight the row (shown as its tooltip), or None."""
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        record = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(record, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
                    Qt.ItemDataRole.ToolTipRole):
            reason = self.highlighted(record)
            if reason is None:
                return None
            if role == Qt.ItemDataRole.ToolTipRole:
                return reason
            return (OVERDUE_BACKGROUND if role == Qt.ItemDataRole.BackgroundRole
                    else OVERDUE_FOREGROUND)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.HEADERS)):
            return _(self.HEADERS[section])
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.HEADERS) - 1))
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(self.HEADERS) - 1))


def record_table(parent: QWidget, model: QAbstractTableModel) -> QTableView:
    """A read-only, row-selecting table view sized to the font."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    stretch = getattr(model, "STRETCH", None)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view
