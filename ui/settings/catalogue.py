"""Settings: the topics and services catalogues (names editable, CSV import)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlite_utils
from bureau_desk.shell.context import DeskContext
from bureau_desk.shell.tasks import Task, run_task
from bureau_desk.widgets import file_dialogs
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bureau.catalogue import CatalogueEntry, entries, import_catalogue_csv
from bureau.catalogue.edit import rename_entry
from bureau.database.connection import translate_sqlite_error
from bureau.domain import BureauError
from bureau.i18n import N_, _, ngettext
from bureau.trust.access import Operation
from bureau.trust.accounts import Account

TABLES = (("categories", N_("Topics")), ("services", N_("Municipal services")))
HEADERS = (N_("Code"), N_("Name in Bulgarian"), N_("Name in Russian"), N_("Name in English"),
           N_("Topic"))
NAME_COLUMNS = {1: "name_bg", 2: "name_ru", 3: "name_en"}

Index = QModelIndex | QPersistentModelIndex


def import_csv(db: sqlite_utils.Database, table: str, path: str, by: Account) -> int:
    """Runs in a worker thread with the worker's own connection."""
    return import_catalogue_csv(db, table, path, by=by).count


class CatalogueModel(QAbstractTableModel):
    COL_CODE = 0
    COL_TOPIC = 4

    def __init__(self, context: DeskContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.context = context
        self.table = "categories"
        self._entries: list[CatalogueEntry] = []
        self.editable = False
        self.last_error: str | None = None

    def load(self, table: str) -> None:
        self.beginResetModel()
        self.table = table
        self._entries = entries(self.context.db, table, active_only=False)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid():
            return 0
        return len(HEADERS) if self.table == "services" else len(HEADERS) - 1

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return _(HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.editable and index.column() in NAME_COLUMNS:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole,
                        Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if column == self.COL_CODE:
            return entry.code
        if column in NAME_COLUMNS:
            return getattr(entry, NAME_COLUMNS[column])
        if column == self.COL_TOPIC:
            topic = self.context.lookup.categories.get(entry.category_code or "")
            return topic.name() if topic else ""
        return None

    def setData(self, index: Index, value: Any,  # noqa: N802 (Qt override)
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() not in NAME_COLUMNS:
            return False
        entry = self._entries[index.row()]
        field = NAME_COLUMNS[index.column()]
        try:
            rename_entry(self.context.db, self.table, entry.code,
                         by=self.context.acting_account(), **{field: str(value)})
        except (BureauError, sqlite3.Error) as error:
            if isinstance(error, sqlite3.Error):
                error = translate_sqlite_error(error, str(self.context.db_path))
            self.last_error = str(error)
            return False
        self.last_error = None
        self._entries[index.row()] = next(
            e for e in entries(self.context.db, self.table, active_only=False)
            if e.code == entry.code)
        self.dataChanged.emit(index, index)
        return True

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)


class CatalogueTab(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.import_task = None
        self._build_ui()
        self._connect()
        self.retranslate()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.table_label = QLabel(self)
        self.table_combo = QComboBox(self)
        for key, _label in TABLES:
            self.table_combo.addItem("", key)
        self.table_label.setBuddy(self.table_combo)
        self.import_button = QPushButton(self)
        top.addWidget(self.table_label)
        top.addWidget(self.table_combo)
        top.addStretch(1)
        top.addWidget(self.import_button)
        layout.addLayout(top)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.model = CatalogueModel(self.context, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.view, 1)

    def _connect(self) -> None:
        self.table_combo.currentIndexChanged.connect(self._on_table_combo_changed)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.model.dataChanged.connect(self._on_model_data_changed)
        self.context.advisor_changed.connect(self._on_context_advisor_changed)

    def retranslate(self) -> None:
        self.table_label.setText(_("&List"))
        self.table_combo.setAccessibleName(_("List"))
        for index, (_key, msgid) in enumerate(TABLES):
            self.table_combo.setItemText(index, _(msgid))
        self.import_button.setText(_("&Import from a CSV file\u2026"))
        self.import_button.setToolTip(_("Columns: code, name_bg, name_ru, name_en (services also "
                                        "category_code, iisda_number). Existing codes are "
                                        "updated, new ones added."))
        self.view.setAccessibleName(_("Catalogue entries"))
        self.model.retranslate()
        self.refresh()

    def refresh(self) -> None:
        editable = self.context.allowed(Operation.EDIT_CATALOGUES)
        self.model.editable = editable
        self.import_button.setEnabled(editable)
        self.note.setText(
            _("Double-click a name (or press F2) to correct it. Codes stay the same, so "
              "earlier consultations keep their topic.") if editable else
            _("Only a coordinator can change the catalogues."))
        self.model.load(self.table_combo.currentData())
        self.view.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), 320))

    def _on_table_combo_changed(self, _index: int) -> None:
        self.refresh()

    def _on_context_advisor_changed(self) -> None:
        self.refresh()

    def _on_model_data_changed(self, *_args: object) -> None:
        self.context.catalogue_changed.emit()

    def _on_import_button_clicked(self) -> None:
        path = file_dialogs.open_file(
            self, _("Import a catalogue"), str(Path.home()), _("CSV files (*.csv)"))
        if path:
            self.start_import(path)

    def start_import(self, path: str) -> Task:
        table = self.table_combo.currentData()
        self.import_button.setEnabled(False)
        self.import_task = run_task(
            self.window(), _("Importing {file}\u2026").format(file=Path(path).name),
            import_csv, table, path, self.context.acting_account(), db_path=self.context.db_path,
            on_done=self._on_import_done, on_error=self._on_import_failed)
        return self.import_task

    def _on_import_done(self, count: int) -> None:
        self.import_button.setEnabled(True)
        self.context.catalogue_changed.emit()
        self.refresh()
        message = ngettext("{count} entry imported.", "{count} entries imported.", count).format(
            count=count)
        self.context.status_message.emit(message)
        QMessageBox.information(self, _("Import a catalogue"), message)

    def _on_import_failed(self, error: BaseException) -> None:
        self.import_button.setEnabled(True)
        if isinstance(error, sqlite3.Error):
            error = translate_sqlite_error(error, str(self.context.db_path))
        text = str(error) if isinstance(error, BureauError) else _(
            "The file could not be read: {problem}").format(problem=error)
        QMessageBox.warning(self, _("Import a catalogue"),
                            _("Nothing was imported.") + "\n\n" + text)
