"""The Signals page: the confidential register, for the signals officer only.

The main window lists the page only for whoever may read the register
(``Operation.READ_SIGNALS``); should it be shown to anybody else, it says the
register is confidential and nothing more, not even how many signals it
holds. The core checks the role again on every read and write
(``PermissionDenied``).
"""

from __future__ import annotations

import datetime as dt

from bureau_desk.dialogs.recovery import LockedRegisterPanel
from bureau_desk.dialogs.signal import HistoryDialog, SignalDialog, catalogue_names
from bureau_desk.pages.base import ListPage, button_row
from bureau_desk.shell.context import DeskContext
from bureau_desk.widgets.doc_widgets import (
    DocumentLanguageCombo,
    RecordsModel,
    date_edit,
    day_text,
    show_error,
    show_pdf,
)
from bureau_desk.widgets.signals_door import SignalsDoor
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bureau.documents import signal_receipt_pdf, signals_report_pdf
from bureau.domain import BureauError, SignalStatus
from bureau.i18n import N_, _, ngettext
from bureau.signals.register import Signal, get_signal, list_signals
from bureau.trust import keys
from bureau.trust.access import Permission

DONE = (SignalStatus.ANSWERED, SignalStatus.CLOSED)


class SignalsModel(RecordsModel):
    HEADERS = (N_("Number"), N_("Received"), N_("Municipal unit"), N_("Activity area"),
               N_("Status"), N_("Deadline"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.units: dict[str, str] = {}
        self.areas: dict[str, str] = {}
        self.today = dt.date.today()

    def cell(self, record: Signal, column: int) -> str:
        return (record.number, day_text(record.received_on),
                self.units.get(record.unit or "", ""), self.areas.get(record.area or "", ""),
                record.status.label(), day_text(record.deadline))[column]

    def highlighted(self, record: Signal) -> str | None:
        if record.status in DONE or not record.deadline:
            return None
        if dt.date.fromisoformat(record.deadline) < self.today:
            return _("Overdue: not answered by {date}").format(date=day_text(record.deadline))
        return None


class SignalsPage(ListPage):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._build_ui()
        self._connect()
        self.retranslate()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack)
        self.notice = QLabel(self.stack)
        self.notice.setWordWrap(True)
        self.notice.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.notice.setContentsMargins(12, 12, 12, 12)
        self.stack.addWidget(self.notice)
        # An officer whose password does not open the sealed register: the recovery key.
        self.locked_panel = LockedRegisterPanel(self.context, self.stack)
        self.stack.addWidget(self.locked_panel)
        self.door = SignalsDoor(self.context, self.stack)  # the officer's password first
        self.stack.addWidget(self.door)

        self.register = QWidget(self.stack)
        column = QVBoxLayout(self.register)
        column.setContentsMargins(0, 0, 0, 0)
        self.count_label = QLabel(self.register)
        column.addWidget(self.count_label)
        column.addWidget(self.add_list(self.register, SignalsModel(self)), 1)
        self.new_button, self.edit_button = QPushButton(self.register), QPushButton(self.register)
        self.history_button = QPushButton(self.register)
        self.receipt_button = QPushButton(self.register)
        actions = button_row(self.new_button, self.edit_button, self.history_button,
                             self.receipt_button)
        self.language_label = QLabel(self.register)
        self.language_combo = DocumentLanguageCombo(self.register)
        self.language_label.setBuddy(self.language_combo)
        actions.addWidget(self.language_label)
        actions.addWidget(self.language_combo)
        column.addLayout(actions)
        analysis = QHBoxLayout()
        today = dt.date.today()
        self.from_label, self.to_label = QLabel(self.register), QLabel(self.register)
        self.from_edit = date_edit(self.register, today.replace(month=1, day=1))
        self.to_edit = date_edit(self.register, today)
        self.from_label.setBuddy(self.from_edit)
        self.to_label.setBuddy(self.to_edit)
        self.analysis_button = QPushButton(self.register)
        for widget in (self.from_label, self.from_edit, self.to_label, self.to_edit,
                       self.analysis_button):
            analysis.addWidget(widget)
        analysis.addStretch(1)
        column.addLayout(analysis)
        self.stack.addWidget(self.register)

    def _connect(self) -> None:
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.history_button.clicked.connect(self._on_history_button_clicked)
        self.receipt_button.clicked.connect(self._on_receipt_button_clicked)
        self.analysis_button.clicked.connect(self._on_analysis_button_clicked)
        self.context.advisor_changed.connect(self._on_context_advisor_changed)
        self.locked_panel.granted.connect(self._on_locked_panel_granted)

    def retranslate(self) -> None:
        self.new_button.setText(_("&New signal\u2026"))
        self.edit_button.setText(_("&Change\u2026"))
        self.edit_button.setToolTip(_("Saves a new revision; the earlier ones stay."))
        self.history_button.setText(_("&History\u2026"))
        self.receipt_button.setText(_("&Receipt\u2026"))
        self.receipt_button.setToolTip(_("The confirmation of receipt for a named submitter."))
        self.language_label.setText(_("Lan&guage:"))
        self.language_combo.retranslate()
        self.from_label.setText(_("Analysis &from:"))
        self.to_label.setText(_("&to:"))
        self.analysis_button.setText(_("&Analysis\u2026"))
        self.analysis_button.setToolTip(_("Counts by unit, area and month, and answers within "
                                          "the deadline, as a PDF (no names)."))
        self.view.setAccessibleName(_("Register of signals"))
        self.door.retranslate()
        self.model.retranslate()
        self.locked_panel.retranslate()
        self.refresh()

    # --- data ----------------------------------------------------------------

    def may_read(self) -> bool:
        return self.context.allowed(Permission.READ_SIGNALS)

    def refresh(self) -> None:
        if not self.may_read():
            self.model.set_rows([])  # nothing confidential stays in memory
            if self.context.listed(Permission.READ_SIGNALS):
                self.door.start()
                self.stack.setCurrentWidget(self.door)
                return
            self.notice.setText(
                "<p style='font-size: large;'>"
                + _("It is confidential: only the signals officer can open it.") + "</p>")
            self.notice.setAccessibleName(self.notice.text())
            self.stack.setCurrentWidget(self.notice)
            return
        if keys.is_set_up(self.context.db) and keys.held_key(self.context.db) is None:
            self.model.set_rows([])
            self.stack.setCurrentWidget(self.locked_panel)
            return
        self.stack.setCurrentWidget(self.register)
        self.model.units = catalogue_names(self.context, "signal_units")
        self.model.areas = catalogue_names(self.context, "activity_areas")
        self.model.today = dt.date.today()
        try:
            self.show_rows(list_signals(self.context.db, role=self.context.role()))
        except BureauError as error:
            show_error(self, _("Signals"), error)
            return
        overdue = sum(1 for s in self.model.rows if self.model.highlighted(s))
        total = len(self.model.rows)
        self.count_label.setText(
            ngettext("{count} signal", "{count} signals", total).format(count=total) + " \u00b7 "
            + ngettext("{count} past its deadline", "{count} past their deadline",
                       overdue).format(count=overdue))

    def focus_default(self) -> None:
        current = self.stack.currentWidget()
        if current is self.locked_panel:
            self.locked_panel.recover_button.setFocus()
        elif current is self.door:
            self.door.focus_default()
        else:
            (self.view if current is self.register else self.notice).setFocus()

    def _update_actions(self) -> None:
        signal = self.selected()
        may_write = self.context.allowed(Permission.WRITE_SIGNALS)
        self.new_button.setEnabled(may_write)
        self.edit_button.setEnabled(may_write and signal is not None)
        self.history_button.setEnabled(signal is not None)
        self.receipt_button.setEnabled(signal is not None and not signal.anonymous)

    # --- slots ---------------------------------------------------------------

    def _on_context_advisor_changed(self) -> None:
        self.refresh()

    def _on_locked_panel_granted(self, message: str) -> None:
        self.context.status_message.emit(message)
        self.refresh()

    def open_selected(self) -> None:
        if self.edit_button.isEnabled():
            self._on_edit_button_clicked()

    def _on_new_button_clicked(self) -> None:
        self._edit(None)

    def _on_edit_button_clicked(self) -> None:
        signal = self.selected()
        if signal is not None:
            # The newest revision, in case another desk changed it meanwhile.
            self._edit(get_signal(self.context.db, signal.id, role=self.context.role()))

    def _edit(self, signal: Signal | None) -> None:
        dialog = SignalDialog(self.context, signal, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.signal is not None:
            self.refresh()
            self.select_record(dialog.signal.id)

    def _on_history_button_clicked(self) -> None:
        signal = self.selected()
        if signal is None:
            return
        try:
            HistoryDialog(self.context, signal, self).exec()
        except BureauError as error:
            show_error(self, _("Signals"), error)

    def _on_receipt_button_clicked(self) -> None:
        signal = self.selected()
        if signal is None:
            return
        locale, role = self.language_combo.locale(), self.context.role()
        show_pdf(self, _("Receipt {number}").format(number=signal.number),
                 lambda: signal_receipt_pdf(self.context.db, signal.number, role=role,
                                            locale=locale))

    def _on_analysis_button_clicked(self) -> None:
        start, end = self.from_edit.date().toPython(), self.to_edit.date().toPython()
        start, end = min(start, end), max(start, end)
        locale = self.language_combo.locale()
        show_pdf(self, _("Signals {start} \u2013 {end}").format(start=day_text(start),
                                                                end=day_text(end)),
                 lambda: signals_report_pdf(self.context.db, start, end,
                                            by=self.context.acting_account(), locale=locale))
