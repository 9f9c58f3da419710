"""Events: open-door meetings, campaigns, trainings and public discussions, with
their participants (counted in the monthly report). Listed by period.
"""

from __future__ import annotations

import datetime as dt

from bureau_desk.dialogs.referral import CoreDialog
from bureau_desk.pages.base import ListPage, button_row
from bureau_desk.shell.context import DeskContext
from bureau_desk.widgets.doc_widgets import (
    RecordsModel,
    date_edit,
    day_text,
    show_error,
)
from bureau_desk.widgets.forms import EnumCombo
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bureau.domain import BureauError, EventKind
from bureau.events import Event, edit_event, list_events, record_event, remove_event
from bureau.i18n import N_, _, ngettext
from bureau.trust.access import Permission
from bureau.validation import MAX_PARTICIPANTS


class EventsModel(RecordsModel):
    HEADERS = (N_("Date"), N_("Kind"), N_("Title"), N_("Participants"))
    STRETCH, NUMERIC = 2, (3,)

    def cell(self, record: Event, column: int) -> str:
        return (day_text(record.held_on), record.kind.label(), record.title,
                str(record.participants))[column]


class EventDialog(CoreDialog):
    """A new event, or changes to one (``event`` given)."""

    def __init__(self, context: DeskContext, event: Event | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.event = event
        self.kind_combo = EnumCombo(EventKind, parent=self)
        self.day_edit = date_edit(self, event.held_on if event else None)
        self.title_edit = QLineEdit(self)
        self.participants_spin = QSpinBox(self)
        self.participants_spin.setRange(0, MAX_PARTICIPANTS)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.grid.add("kind", N_("&Kind"), self.kind_combo)
        self.grid.add("held_on", N_("&Date"), self.day_edit)
        self.grid.add("title", N_("&Title"), self.title_edit)
        self.grid.add("participants", N_("&Participants"), self.participants_spin,
                      tooltip=N_("How many people took part (counted in the monthly report)."))
        self.grid.add("notes", N_("&Notes"), self.notes_edit, tall=True)
        if event is not None:
            self.kind_combo.set_value(event.kind)
            self.title_edit.setText(event.title)
            self.participants_spin.setValue(event.participants)
            self.notes_edit.setPlainText(event.notes)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.kind_combo.retranslate()
        self.setWindowTitle(_("New event") if self.event is None else _("Change the event"))
        self.heading.setText(_("Open-door meetings, campaigns, trainings and public "
                               "discussions are counted in the monthly report."))

    def draft_window(self) -> str:
        return f"event-{self.event.id}" if self.event is not None else "event-new"

    def draft_reopen(self) -> dict:
        return {"kind": "event", "event_id": self.event.id if self.event is not None else None}

    def draft_title(self) -> str:
        return (f"{self.windowTitle()} \u00b7 {self.event.title}" if self.event is not None
                else self.windowTitle())

    def raw(self) -> dict:
        return {"kind": self.kind_combo.value(), "held_on": self.day_edit.date().toPython(),
                "title": self.title_edit.text(), "participants": self.participants_spin.value(),
                "notes": self.notes_edit.toPlainText()}

    def apply(self) -> None:
        by = self.context.acting_account()
        if self.event is None:
            changes = record_event(self.context.db, self.raw(), by=by)
        else:
            changes = edit_event(self.context.db, self.event.id, self.raw(), by=by)
        self.event = changes.value  # CoreDialog tells the pages once accepted


class EventsPage(ListPage):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._build_ui()
        self._connect()
        self.retranslate()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        period = QHBoxLayout()
        today = dt.date.today()
        self.from_label, self.to_label = QLabel(self), QLabel(self)
        self.from_edit = date_edit(self, today.replace(month=1, day=1))
        self.to_edit = date_edit(self, today.replace(month=12, day=31))
        self.from_label.setBuddy(self.from_edit)
        self.to_label.setBuddy(self.to_edit)
        self.total_label = QLabel(self)
        for widget in (self.from_label, self.from_edit, self.to_label, self.to_edit):
            period.addWidget(widget)
        period.addSpacing(12)
        period.addWidget(self.total_label, 1)
        layout.addLayout(period)
        layout.addWidget(self.add_list(self, EventsModel(self)), 1)
        self.add_button, self.edit_button = QPushButton(self), QPushButton(self)
        self.delete_button = QPushButton(self)
        layout.addLayout(button_row(self.add_button, self.edit_button, self.delete_button))

    def _connect(self) -> None:
        self.from_edit.dateChanged.connect(self._on_period_changed)
        self.to_edit.dateChanged.connect(self._on_period_changed)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.context.advisor_changed.connect(self._update_actions)

    def retranslate(self) -> None:
        self.from_label.setText(_("&From:"))
        self.to_label.setText(_("&To:"))
        self.add_button.setText(_("&New event\u2026"))
        self.edit_button.setText(_("&Change\u2026"))
        self.delete_button.setText(_("&Delete"))
        self.view.setAccessibleName(_("Events"))
        self.model.retranslate()
        self._show_total()
        self._update_actions()

    def refresh(self) -> None:
        self.show_rows(list_events(self.context.db, self.from_edit.date().toPython(),
                                   self.to_edit.date().toPython()))
        self._show_total()

    def focus_default(self) -> None:
        self.view.setFocus()

    def _show_total(self) -> None:
        events = len(self.model.rows)
        people = sum(e.participants for e in self.model.rows)
        self.total_label.setText(
            ngettext("{count} event", "{count} events", events).format(count=events) + ", "
            + ngettext("{count} participant", "{count} participants", people).format(count=people))

    def _update_actions(self) -> None:
        # Events are desk work: whoever records consultations records them too.
        may = self.context.allowed(Permission.RECORD_CONSULTATIONS)
        chosen = self.selected() is not None
        self.add_button.setEnabled(may)
        self.edit_button.setEnabled(may and chosen)
        self.delete_button.setEnabled(may and chosen)

    def _on_period_changed(self) -> None:
        self.refresh()

    def open_selected(self) -> None:
        if self.edit_button.isEnabled():
            self._on_edit_button_clicked()

    def _on_add_button_clicked(self) -> None:
        self._edit(None)

    def _on_edit_button_clicked(self) -> None:
        event = self.selected()
        if event is not None:
            self._edit(event)

    def _edit(self, event: Event | None) -> None:
        dialog = EventDialog(self.context, event, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def _on_delete_button_clicked(self) -> None:
        event = self.selected()
        if event is None:
            return
        answer = QMessageBox.question(
            self, _("Delete"), _("Delete the event \u201c{title}\u201d of {date}?").format(
                title=event.title, date=day_text(event.held_on)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            changes = remove_event(self.context.db, event.id, by=self.context.acting_account())
        except BureauError as error:
            show_error(self, _("Delete"), error)
            return
        self.context.apply(changes)
        self.refresh()
