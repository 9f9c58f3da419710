"""Settings › Audit log: who created, changed, viewed, printed, exported or erased what.

For coordinators only (``Operation.READ_AUDIT``). Above the log, the logins
that failed to sign in since their last good sign-in, and until when each
must wait (``bureau.trust.throttle``): someone may be guessing a password.
The newest entries first, at most ``LIMIT`` of them; narrowing by action or
dates reaches older ones. Entries name records by number, never by a
person's data.
"""

from __future__ import annotations

import datetime as dt

from bureau_desk.shell.context import DeskContext
from bureau_desk.widgets.doc_widgets import RecordsModel
from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bureau.i18n import N_, _, format_datetime, ngettext
from bureau.instants import local_wall
from bureau.trust import audit, throttle
from bureau.trust.access import Operation

LIMIT = 500
NO_DATE = QDate(2000, 1, 1)  # the date edits' "any" value
ENTITY_LABELS = {
    "citizen": N_("citizen"), "consultation": N_("consultation"),
    "consultations": N_("consultations"), "advisor": N_("advisor"),
    "database": N_("database"), "referral": N_("referral"), "signal": N_("signal"),
    "report": N_("report"),
    "event": N_("event"), "settings": N_("settings"), "catalogue": N_("catalogue"),
}
HEADERS = (N_("Time"), N_("Who"), N_("Action"), N_("Record"), N_("Detail"))
Index = QModelIndex | QPersistentModelIndex


def record_text(entry: audit.AuditEntry) -> str:
    label = _(ENTITY_LABELS[entry.entity]) if entry.entity in ENTITY_LABELS else entry.entity
    return f"{label} {entry.entity_id}" if entry.entity_id else label


class AuditModel(RecordsModel):
    COL_TIME, COL_WHO, COL_ACTION, COL_RECORD, COL_DETAIL = range(5)
    HEADERS = HEADERS
    STRETCH = COL_DETAIL

    @property
    def entries(self) -> list[audit.AuditEntry]:
        return self.rows

    def set_entries(self, entries: list[audit.AuditEntry]) -> None:
        self.set_rows(entries)

    def cell(self, entry: audit.AuditEntry, column: int) -> str:
        if column == self.COL_TIME:
            try:
                return format_datetime(local_wall(entry.at), "short")
            except ValueError:
                return entry.at
        if column == self.COL_WHO:
            return entry.actor_name or "\u2014"
        if column == self.COL_ACTION:
            return entry.action_label()
        if column == self.COL_RECORD:
            return record_text(entry)
        return entry.detail_text()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # A long detail is cut in its column; the tooltip shows all of it.
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            return self.cell(self.rows[index.row()], index.column())
        return super().data(index, role)


def failures_text(states: list[throttle.Throttle], now: dt.datetime) -> str:
    """The failed sign-ins in words, one login a line, for the coordinator ("" when none).

    ``now``: a UTC instant; a wait already over is not shown as one.
    """
    if not states:
        return ""
    lines = [_("Failed sign-ins since the last good one (someone may be guessing a "
               "password):")]
    for state in states:
        if state.next_allowed_at is not None and state.next_allowed_at > now:
            until = format_datetime(state.next_allowed_at.astimezone().replace(tzinfo=None),
                                    "short")
            line = ngettext(
                "\u201c{login}\u201d: {count} failed sign-in in a row; the next try is "
                "refused until {time}.",
                "\u201c{login}\u201d: {count} failed sign-ins in a row; the next try is "
                "refused until {time}.", state.failures)
        else:
            until = ""
            line = ngettext("\u201c{login}\u201d: {count} failed sign-in in a row.",
                            "\u201c{login}\u201d: {count} failed sign-ins in a row.",
                            state.failures)
        lines.append(line.format(login=state.login, count=state.failures, time=until))
    return "\n".join(lines)


def date_edit(parent: QWidget) -> QDateEdit:
    """A filter date that starts empty ("no date"), unlike the forms' dates."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setMinimumDate(NO_DATE)
    edit.setDate(NO_DATE)
    return edit


class AuditTab(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._build_ui()
        self._connect()
        self.retranslate()

    def _build_ui(self) -> None:
        self.setObjectName("audit_tab")
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.action_label = QLabel(self)
        self.action_combo = QComboBox(self)
        self.action_label.setBuddy(self.action_combo)
        self.from_label = QLabel(self)
        self.from_edit = date_edit(self)
        self.from_label.setBuddy(self.from_edit)
        self.to_label = QLabel(self)
        self.to_edit = date_edit(self)
        self.to_label.setBuddy(self.to_edit)
        for widget in (self.action_label, self.action_combo, self.from_label, self.from_edit,
                       self.to_label, self.to_edit):
            filters.addWidget(widget)
        filters.addStretch(1)
        layout.addLayout(filters)
        self.failures = QLabel(self)
        self.failures.setObjectName("sign_in_failures")
        self.failures.setWordWrap(True)
        self.failures.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.failures)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.model = AuditModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.view, 1)

    def _connect(self) -> None:
        self.action_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.from_edit.dateChanged.connect(self._on_filter_changed)
        self.to_edit.dateChanged.connect(self._on_filter_changed)
        self.context.advisor_changed.connect(self.refresh)

    def retranslate(self) -> None:
        self.action_label.setText(_("&Action"))
        self.action_combo.setAccessibleName(_("Action"))
        current = self.action_combo.currentData()
        self.action_combo.blockSignals(True)
        self.action_combo.clear()
        self.action_combo.addItem(_("All actions"), None)
        for action, label in audit.ACTION_LABELS.items():
            self.action_combo.addItem(_(label), action.value)
        self.action_combo.setCurrentIndex(max(0, self.action_combo.findData(current)))
        self.action_combo.blockSignals(False)
        self.from_label.setText(_("&From"))
        self.to_label.setText(_("&To"))
        self.from_edit.setAccessibleName(_("From date"))
        self.to_edit.setAccessibleName(_("To date"))
        for edit in (self.from_edit, self.to_edit):
            edit.setSpecialValueText(_("any date"))
        self.view.setAccessibleName(_("Audit log"))
        self.model.retranslate()
        self.refresh()

    def _date(self, edit: QDateEdit) -> dt.date | None:
        return None if edit.date() == NO_DATE else edit.date().toPython()

    def _on_filter_changed(self, *_args: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        permitted = self.context.allowed(Operation.READ_AUDIT)
        for widget in (self.view, self.action_combo, self.from_edit, self.to_edit):
            widget.setEnabled(permitted)
        failures = (failures_text(throttle.delayed_logins(self.context.db), throttle.utc_now())
                    if permitted else "")
        self.failures.setText(failures)
        self.failures.setAccessibleName(failures)
        self.failures.setVisible(bool(failures))
        if not permitted:
            self.model.set_entries([])
            self.note.setText(_("Only a coordinator can read the audit log."))
            return
        action = self.action_combo.currentData()
        rows = audit.entries(self.context.db, action=audit.Action(action) if action else None,
                             date_from=self._date(self.from_edit),
                             date_to=self._date(self.to_edit), limit=LIMIT)
        self.model.set_entries(rows)
        text = ngettext("{count} entry, newest first.", "{count} entries, newest first.",
                        len(rows)).format(count=len(rows))
        if len(rows) == LIMIT:
            text += " " + _("Only the newest {limit} are shown: choose an action or dates to "
                            "see older ones.").format(limit=LIMIT)
        self.note.setText(text)
