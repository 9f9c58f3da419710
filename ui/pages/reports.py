"""Reports: the chosen month's key figures and topics, and the report files.

Self-contained: it needs only the database path. Figures are counted and
files written by ``bureau_desk.shell.tasks`` workers, each with its own connection (a month
of a large bureau takes a second or two); the page never touches the GUI
thread's connection. Whoever hosts the page decides who may see it
(``Permission.EXPORT_REPORTS``) and passes the acting advisor for the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from bureau_desk.pages.base import Page
from bureau_desk.pages.oblast_actions import OblastActions, message_of
from bureau_desk.shell.context import DeskContext
from bureau_desk.shell.tasks import run_task
from bureau_desk.widgets import file_dialogs
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from bureau.i18n import _, format_month, get_locale, language_name, use_locale
from bureau.reports.period import Period, month_start
from bureau.trust.access import MSG_FORBIDDEN, Permission

MONTHS_OFFERED = 36
DOCUMENT_LANGUAGES = ("bg", "ru")
FORMATS = (("pdf", "PDF"), ("csv", "CSV"), ("xlsx", "XLSX"))
TOP_TOPICS = 8
_Index = QModelIndex | QPersistentModelIndex


def _figures(db, period: Period):  # noqa: ANN001, ANN202 - runs in a worker
    from bureau.reports.figures import build_report  # deferred: documents

    return build_report(db, period)


def _write(db, period: Period, fmt: str, out: str, public: bool, consultations: bool,  # noqa: ANN001
           locale: str, actor_id: int | None) -> str:
    from bureau.reports import record_export, write_report  # deferred: documents

    write_report(db, period, fmt, out, public=public, consultations=consultations, locale=locale)
    record_export(db, period, fmt, public=public, consultations=consultations, actor_id=actor_id)
    return out


class FiguresModel(QAbstractTableModel):
    """The key-figures table of ``bureau.reports.tables`` (labels and formatted values)."""

    COL_LABEL = 0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[list[str]] = []

    def set_section(self, section) -> None:  # noqa: ANN001 - a tables.Section
        from bureau.reports.formatting import cell  # deferred: documents

        self.beginResetModel()
        self.headers = [column.header for column in section.columns]
        self.rows = [[row.label] + [cell(value, column.kind) for value, column in
                                    zip(row.values, section.columns[1:], strict=True)]
                     for row in section.rows]
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self.headers, self.rows = [], []
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() != self.COL_LABEL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and section < len(self.headers)):
            return self.headers[section]
        return None


class TopicsChart(QWidget):
    """Horizontal bars of the month's issues by topic (QtCharts is not in PySide6-Essentials)."""

    BAR, GAP, LABEL_SHARE = 18, 6, 0.42

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_items(self, items: list[tuple[str, int]]) -> None:
        self.items = items
        self.setAccessibleDescription("; ".join(f"{label}: {value}" for label, value in items))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(480, max(1, len(self.items)) * (self.BAR + self.GAP) + self.GAP)

    def paintEvent(self, _event) -> None:  # noqa: N802, ANN001
        if not self.items:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        label_width = int(self.width() * self.LABEL_SHARE)
        room = self.width() - label_width - 60
        top = max(value for _label, value in self.items) or 1
        metrics = painter.fontMetrics()
        for index, (label, value) in enumerate(self.items):
            y = self.GAP + index * (self.BAR + self.GAP)
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - 8)
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            painter.drawText(0, y, label_width - 8, self.BAR,
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
            width = max(1, int(room * value / top))
            painter.fillRect(label_width, y + 2, width, self.BAR - 4, QColor("#2f5d8a"))
            painter.drawText(label_width + width + 6, y, 60, self.BAR,
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(value))
        painter.end()


class ReportsPage(OblastActions, QWidget):
    def __init__(self, db_path: str, parent: QWidget | None = None, *,
                 actor_id: int | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db_path = str(db_path)
        self.actor_id = actor_id
        self.today = today or dt.date.today()
        self.report = None  # the shown month's ActivityReport, once counted
        self._generation = 0
        self.figures_task = None
        self.file_task = None
        # The host says who may write files (Permission.EXPORT_REPORTS); figures are for all.
        self.may_export: Callable[[], bool] = lambda: True
        self.refusal = ""  # the host's message when may_export() is False
        # The statistical package and the roll-up have rows of their own in the role table.
        self.may_package: Callable[[], bool] = lambda: True
        self.may_rollup: Callable[[], bool] = lambda: True
        self.acting: Callable[[], object] = lambda: None  # the Account who makes a package
        self.package_task = None
        self.rollup_task = None
        self._build_ui()
        self._connect()
        self.retranslate()
        self.refresh()

    # --- building ------------------------------------------------------------

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.month_combo, self.to_combo = QComboBox(self), QComboBox(self)
        self.language_combo = QComboBox(self)
        self.public_check = QCheckBox(self)
        self.listing_check = QCheckBox(self)
        self.month_label, self.to_label = QLabel(self), QLabel(self)
        self.language_label = QLabel(self)
        for label, field in ((self.month_label, self.month_combo), (self.to_label, self.to_combo),
                             (self.language_label, self.language_combo)):
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow(self.public_check)
        form.addRow(self.listing_check)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.format_buttons: dict[str, QPushButton] = {}
        for fmt, _name in FORMATS:
            self.format_buttons[fmt] = QPushButton(self)
            buttons.addWidget(self.format_buttons[fmt])
        buttons.addStretch(1)
        layout.addLayout(buttons)
        oblast = QHBoxLayout()
        self.oblast_label = QLabel(self)
        self.package_button, self.rollup_button = QPushButton(self), QPushButton(self)
        for widget in (self.oblast_label, self.package_button, self.rollup_button):
            oblast.addWidget(widget)
        oblast.addStretch(1)
        layout.addLayout(oblast)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.model = FiguresModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.view, 1)
        self.chart_title = QLabel(self)
        layout.addWidget(self.chart_title)
        self.chart = TopicsChart(self)
        layout.addWidget(self.chart)

    def _connect(self) -> None:
        self.month_combo.currentIndexChanged.connect(self._on_month_combo_changed)
        self.to_combo.currentIndexChanged.connect(self._on_month_combo_changed)
        self.listing_check.toggled.connect(self._on_listing_check_toggled)
        self.public_check.toggled.connect(self._on_public_check_toggled)
        for fmt, button in self.format_buttons.items():
            button.clicked.connect(lambda _checked=False, fmt=fmt: self._on_format_button_clicked(fmt))
        self.package_button.clicked.connect(self._on_package_button_clicked)
        self.rollup_button.clicked.connect(self._on_rollup_button_clicked)

    def retranslate(self) -> None:
        self.month_label.setText(_("&Month:"))
        self.to_label.setText(_("&Up to:"))
        self.language_label.setText(_("&Language of the document:"))
        self.public_check.setText(_("&Public version (no names, numbers below 5 as \u201c<5\u201d)"))
        self.listing_check.setText(_("&List of consultations instead of the figures (CSV, XLSX)"))
        for fmt, name in FORMATS:
            self.format_buttons[fmt].setText(_("Save as {format}\u2026").format(format=name))
        self.chart_title.setText(_("Issues by topic"))
        self.oblast_label.setText(_("Beyond the bureau:"))
        self.package_button.setText(_("Statistical &package\u2026"))
        self.package_button.setToolTip(_("The period's figures for the oblast roll-up: codes and "
                                         "counts only, no names"))
        self.rollup_button.setText(_("Oblast &roll-up\u2026"))
        self.rollup_button.setToolTip(_("Add bureaus' statistical packages up into one report "
                                        "(PDF, XLSX or CSV, by the file's ending)"))
        self._fill_months()
        self._fill_languages()
        self._show_report()

    def _fill_months(self) -> None:
        last_whole = month_start(self.today.replace(day=1), -1)
        months = [month_start(self.today.replace(day=1), -i) for i in range(MONTHS_OFFERED)]
        for combo, default in ((self.month_combo, last_whole.isoformat()), (self.to_combo, None)):
            chosen = combo.currentData() or default
            combo.blockSignals(True)
            combo.clear()
            if combo is self.to_combo:
                combo.addItem(_("(the same month)"), None)
            for month in months:
                # ISO text, not a date: item data round-trips through QVariant unchanged.
                combo.addItem(format_month(month), month.isoformat())
            index = combo.findData(chosen) if chosen else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def _fill_languages(self) -> None:
        chosen = self.language_combo.currentData() or (
            get_locale() if get_locale() in DOCUMENT_LANGUAGES else DOCUMENT_LANGUAGES[0])
        self.language_combo.clear()
        for code in DOCUMENT_LANGUAGES:
            self.language_combo.addItem(language_name(code), code)
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(chosen), 0))

    # --- data ----------------------------------------------------------------

    def period(self) -> Period:
        first = dt.date.fromisoformat(self.month_combo.currentData())
        last = dt.date.fromisoformat(self.to_combo.currentData() or self.month_combo.currentData())
        return Period.months(min(first, last), max(first, last))

    def refresh(self) -> None:
        """Count the chosen period's figures in the background."""
        self._generation += 1
        generation = self._generation
        if self.figures_task is not None:
            self.figures_task.cancel_if_queued()
        self.status_label.setText(_("Counting\u2026"))
        self.figures_task = run_task(
            None, "", _figures, self.period(), db_path=self.db_path,
            on_done=lambda report: self._on_figures_done(generation, report),
            on_error=lambda error: self._on_figures_failed(generation, error))

    def _on_figures_done(self, generation: int, report) -> None:  # noqa: ANN001
        if generation != self._generation or not isValid(self.public_check):
            return  # a later choice is being counted, or the page was closed meanwhile
        self.report = report
        self._show_report()

    def _on_figures_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation and isValid(self.status_label):
            self.report = None
            self.model.clear()
            self.chart.set_items([])
            self.status_label.setText(message_of(error, self.db_path))

    def _show_report(self) -> None:
        if self.report is None:
            return
        from bureau.reports.summary import summary_text  # deferred: documents
        from bureau.reports.tables import build_sections, catalogue_label  # deferred: documents

        sections = build_sections(self.report, public=self.public_check.isChecked())
        self.model.set_section(sections[0])
        # Per-section modes are lost when the model's columns are reset.
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.status_label.setText(summary_text(self.report, public=False))
        names = self.report.names.categories
        self.chart.set_items([(catalogue_label(names, code), count) for code, count in
                              list(self.report.current.by_category.items())[:TOP_TOPICS]])

    # --- slots ---------------------------------------------------------------

    def _on_month_combo_changed(self, _index: int) -> None:
        self.refresh()

    def _on_public_check_toggled(self, checked: bool) -> None:
        # A public list of single consultations is refused (bureau.reports): only figures.
        if checked:
            self.listing_check.setChecked(False)
        self.listing_check.setEnabled(not checked)
        self._show_report()

    def _on_listing_check_toggled(self, _checked: bool) -> None:
        self._enable_buttons()

    def _export_refused(self) -> bool:
        if self.may_export():
            return False
        QMessageBox.warning(self, _("Save the report"), self.refusal)
        return True

    def _on_format_button_clicked(self, fmt: str) -> None:
        if self._export_refused():
            return
        period, locale = self.period(), self.language_combo.currentData()
        public, listing = self.public_check.isChecked(), self.listing_check.isChecked()
        with use_locale(locale):
            stem = (_("consultations") if listing else _("report")) + "-" + (
                f"{period.start:%Y-%m}" if period.month_count == 1
                else f"{period.start:%Y-%m}_{period.end:%Y-%m}")
            if public:
                stem += "-" + _("public")
        path = file_dialogs.save_file(
            self, _("Save the report"), Path.home() / f"{stem}.{fmt}",
            _("{format} files (*.{ext})").format(format=fmt.upper(), ext=fmt))
        if not path:
            return
        if not path.lower().endswith(f".{fmt}"):
            path += f".{fmt}"
        self.start_file(period, fmt, path, public=public, listing=listing, locale=locale)

    def start_file(self, period: Period, fmt: str, path: str, *, public: bool, listing: bool,
                   locale: str):  # noqa: ANN201 (bureau_desk.shell.tasks.Task)
        if self._export_refused():
            return None
        for button in self.format_buttons.values():
            button.setEnabled(False)
        self.file_task = run_task(
            self.window(), _("Writing {file}\u2026").format(file=Path(path).name),
            _write, period, fmt, path, public, listing, locale, self.actor_id,
            db_path=self.db_path, on_done=self._on_file_done, on_error=self._on_file_failed)
        return self.file_task

    def _enable_buttons(self) -> None:
        self._enable_oblast_buttons()
        may = self.may_export()
        for fmt, button in self.format_buttons.items():
            button.setEnabled(may and (fmt != "pdf" or not self.listing_check.isChecked()))

    def _on_file_done(self, path: str) -> None:
        self._enable_buttons()
        QMessageBox.information(self, _("Save the report"),
                                _("The report was saved to {path}.").format(path=path))

    def _on_file_failed(self, error: BaseException) -> None:
        self._enable_buttons()
        QMessageBox.warning(self, _("Save the report"),
                            _("The report was not saved.") + "\n\n" + message_of(error, self.db_path))


class ReportsDeskPage(Page):
    """The Reports page in the desk's shell: the acting advisor is the one on duty,
    and only those with ``Permission.EXPORT_REPORTS`` write report files."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._build_ui()
        self._connect()
        self.retranslate()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.reports = ReportsPage(str(self.context.db_path), self,
                                   actor_id=self.context.advisor_id)
        self.reports.may_export = self.may_export
        self.reports.may_package = lambda: self.context.allowed(Permission.EXPORT_STATISTICS)
        self.reports.may_rollup = lambda: self.context.allowed(Permission.ROLL_UP_STATISTICS)
        self.reports.acting = self.context.acting_account
        layout.addWidget(self.reports, 1)

    def _connect(self) -> None:
        self.context.advisor_changed.connect(self._on_context_advisor_changed)

    def retranslate(self) -> None:
        self.reports.retranslate()
        self.note.setText(_("Only the coordinator saves report files; you can see the "
                            "figures."))
        self._on_context_advisor_changed()

    def may_export(self) -> bool:
        return self.context.allowed(Permission.EXPORT_REPORTS)

    def refresh(self) -> None:
        # Recounted when the page is shown again; not while the first count runs.
        if self.reports.figures_task is None or self.reports.figures_task.done:
            self.reports.refresh()

    def focus_default(self) -> None:
        self.reports.month_combo.setFocus()

    def _on_context_advisor_changed(self) -> None:
        self.reports.actor_id = self.context.advisor_id  # named in the audit entry
        role = self.context.role()
        self.reports.refusal = _(MSG_FORBIDDEN).format(role=role.label() if role else "-")
        self.note.setVisible(not self.may_export())
        if self.reports.file_task is None or self.reports.file_task.done:
            self.reports._enable_buttons()
