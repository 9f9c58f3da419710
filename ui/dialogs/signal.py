"""A signal's form (new, or a new revision of one) and its history.

A signal is never altered in place: "Save" on an existing one appends a
revision with every field (``bureau.signals.register.update_signal``); the History
dialog lists each revision, who made it, when, and which fields it changed.
"""

from __future__ import annotations

import datetime as dt
import html

from bureau_desk.dialogs.referral import CoreDialog
from bureau_desk.models.register import short_date
from bureau_desk.shell.context import DeskContext
from bureau_desk.widgets.doc_widgets import date_edit, day_text
from bureau_desk.widgets.forms import EnumCombo
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from bureau.catalogue import entries
from bureau.collation import sort_key
from bureau.domain import SignalChannel, SignalStatus
from bureau.i18n import N_, _
from bureau.instants import local_iso
from bureau.labels import field_label
from bureau.signals.register import Signal, register_signal, signal_history, update_signal
from bureau.trust.advisors import list_advisors
from bureau.validation import SIGNAL_ANSWER_MONTHS, add_months, parse_date

NOT_STATED = N_("Not stated")


def catalogue_names(context: DeskContext, table: str) -> dict[str, str]:
    """Code -> name in the UI's language (inactive entries too: old signals name them)."""
    return {entry.code: entry.name() for entry in entries(context.db, table, active_only=False)}


def _text_edit(parent: QWidget, lines: int) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 12)
    return edit


class SignalDialog(CoreDialog):
    def __init__(self, context: DeskContext, signal: Signal | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.signal = signal
        self._auto_deadline = ""
        self.received_edit = date_edit(self)
        self.channel_combo = EnumCombo(SignalChannel, parent=self)
        self.anonymous_check = QCheckBox(self)
        self.name_edit = QLineEdit(self)
        self.contact_edit = QLineEdit(self)
        self.unit_combo = QComboBox(self)
        self.area_combo = QComboBox(self)
        self.description_edit = _text_edit(self, 4)
        self.forwarded_edit = QLineEdit(self)
        self.actions_edit = _text_edit(self, 2)
        self.status_combo = EnumCombo(SignalStatus, parent=self)
        self.deadline_edit = QLineEdit(self)
        add = self.grid.add
        add("received_on", N_("&Received on"), self.received_edit)
        add("channel", N_("C&hannel"), self.channel_combo)
        add("anonymous", N_("&Anonymous (no name, no contact)"), self.anonymous_check)
        add("submitter_name", N_("Submitted &by"), self.name_edit)
        add("submitter_contact", N_("Submitter's &contact"), self.contact_edit)
        add("unit", N_("Municipal &unit"), self.unit_combo)
        add("area", N_("Activity a&rea"), self.area_combo)
        add("description", N_("&Description"), self.description_edit, tall=True)
        add("forwarded_to", N_("&Forwarded to"), self.forwarded_edit)
        add("actions_taken", N_("Actions &taken"), self.actions_edit, tall=True)
        add("status", N_("&Status"), self.status_combo)
        add("deadline", N_("Dead&line for an answer"), self.deadline_edit,
            tooltip=N_("DD.MM.YYYY. Two months after receipt unless you change it."))
        self.anonymous_check.toggled.connect(self._on_anonymous_check_toggled)
        self.received_edit.dateChanged.connect(self._on_received_edit_changed)
        self.retranslate()
        if signal is not None:
            self._load(signal)
        else:
            self._on_received_edit_changed()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)

    def retranslate(self) -> None:
        super().retranslate()
        self.channel_combo.retranslate()
        self.status_combo.retranslate()
        for combo, table in ((self.unit_combo, "signal_units"), (self.area_combo, "activity_areas")):
            chosen = combo.currentData()
            combo.clear()
            combo.addItem(_(NOT_STATED), None)
            for code, name in sorted(catalogue_names(self.context, table).items(),
                                     key=lambda item: sort_key(item[1])):
                combo.addItem(name, code)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
        self.deadline_edit.setPlaceholderText(_("DD.MM.YYYY"))
        if self.signal is None:
            self.setWindowTitle(_("New signal"))
            self.heading.setText(_("The confidential register: only the signals officer "
                                   "reads it."))
        else:
            self.setWindowTitle(_("Signal {number}").format(number=self.signal.number))
            self.heading.setText(_("Saving adds revision {revision}; the earlier ones stay as "
                                   "they were.").format(revision=self.signal.revision + 1))

    def _load(self, signal: Signal) -> None:
        self.received_edit.setDate(dt.date.fromisoformat(signal.received_on))
        self.channel_combo.set_value(signal.channel)
        self.anonymous_check.setChecked(signal.anonymous)
        self.name_edit.setText(signal.submitter_name)
        self.contact_edit.setText(signal.submitter_contact)
        self.unit_combo.setCurrentIndex(max(0, self.unit_combo.findData(signal.unit)))
        self.area_combo.setCurrentIndex(max(0, self.area_combo.findData(signal.area)))
        self.description_edit.setPlainText(signal.description)
        self.forwarded_edit.setText(signal.forwarded_to)
        self.actions_edit.setPlainText(signal.actions_taken)
        self.status_combo.set_value(signal.status)
        self.deadline_edit.setText(day_text(signal.deadline))
        self._auto_deadline = ""

    def _on_anonymous_check_toggled(self, anonymous: bool) -> None:
        for key in ("submitter_name", "submitter_contact"):
            self.grid.set_row_visible(key, not anonymous)

    def _on_received_edit_changed(self) -> None:
        # The core's default deadline, shown while the person has not typed their own.
        if self.deadline_edit.text() in ("", self._auto_deadline):
            received = self.received_edit.date().toPython()
            self._auto_deadline = day_text(add_months(received, SIGNAL_ANSWER_MONTHS))
            self.deadline_edit.setText(self._auto_deadline)

    def raw(self) -> dict:
        return {
            "received_on": self.received_edit.date().toPython(),
            "channel": self.channel_combo.value(),
            "anonymous": self.anonymous_check.isChecked(),
            "submitter_name": self.name_edit.text(),
            "submitter_contact": self.contact_edit.text(),
            "unit": self.unit_combo.currentData(),
            "area": self.area_combo.currentData(),
            "description": self.description_edit.toPlainText(),
            "forwarded_to": self.forwarded_edit.text(),
            "actions_taken": self.actions_edit.toPlainText(),
            "status": self.status_combo.value(),
            "deadline": self.deadline_edit.text().strip(),
        }

    def apply(self) -> None:
        by = self.context.acting_account()
        if self.signal is None:
            changes = register_signal(self.context.db, self.raw(), by=by)
            message = _("Signal {number} registered.")
        else:
            changes = update_signal(self.context.db, self.signal.id, self.raw(), by=by)
            message = _("Signal {number} changed (revision {revision}).")
        self.signal = changes.answer()
        self.context.apply(changes)
        self.context.status_message.emit(message.format(number=self.signal.number,
                                                        revision=self.signal.revision))


class HistoryDialog(QDialog):
    def __init__(self, context: DeskContext, signal: Signal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.signal = signal
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 100, 560)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("History of signal {number}").format(number=self.signal.number))
        self.browser.setAccessibleName(_("Revisions"))
        self.browser.setHtml(self.history_html())

    def history_html(self) -> str:
        history = signal_history(self.context.db, self.signal.id, role=self.context.role())
        names = {a.id: a.full_name for a in list_advisors(self.context.db, active_only=False)}
        units = catalogue_names(self.context, "signal_units")
        areas = catalogue_names(self.context, "activity_areas")
        parts = []
        for revision, changed in reversed(history):
            who = names.get(revision.changed_by or 0, _("unknown"))
            parts.append("<h3>" + html.escape(_("Revision {revision} \u00b7 {when} \u00b7 {who}")
                                              .format(revision=revision.revision,
                                                      when=short_date(local_iso(revision.changed_at)),
                                                      who=who)) + "</h3><ul>")
            if revision.revision == 1:
                parts.append("<li>" + html.escape(_("registered")) + "</li>")
            for name in changed if revision.revision > 1 else []:
                value = self._value(revision, name, units, areas)
                parts.append("<li>" + html.escape(_("{field}: \u201c{value}\u201d").format(
                    field=field_label(name), value=value)) + "</li>")
            parts.append("</ul>")
        return "".join(parts)

    @staticmethod
    def _value(signal: Signal, name: str, units: dict[str, str], areas: dict[str, str]) -> str:
        value = getattr(signal, name)
        if name == "unit":
            return units.get(value or "", "\u2014")
        if name == "area":
            return areas.get(value or "", "\u2014")
        if name in ("channel", "status"):
            return value.label()
        if name == "anonymous":
            return _("yes") if value else _("no")
        if name in ("received_on", "deadline"):
            return day_text(parse_date(value)) if value else "\u2014"
        return str(value) if value not in (None, "") else "\u2014"
