"""The Commission page: referrals and their lifecycle, meetings and their agendas.

The buttons are made from ``bureau.commission.referrals.TRANSITIONS`` itself and only the
selected referral's next steps are shown, so an illegal step cannot be asked
for; the core still checks every step and its message is shown if it refuses.
Changes need ``Permission.MANAGE_REFERRALS``; everybody else reads.
"""

from __future__ import annotations

import datetime as dt
import html

from bureau_desk.dialogs.record import open_record
from bureau_desk.dialogs.referral import MeetingDialog, StepDialog
from bureau_desk.pages.base import ListPage
from bureau_desk.shell.context import DeskContext
from bureau_desk.widgets.doc_widgets import (
    DocumentLanguageCombo,
    RecordsModel,
    day_text,
    record_table,
    show_error,
    show_pdf,
)
from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bureau.commission.referrals import (
    TRANSITIONS,
    Meeting,
    Referral,
    advance,
    list_meetings,
    list_referrals,
    overdue_after_days,
)
from bureau.database.settings import get_settings
from bureau.documents import agenda_pdf, decision_letter_pdf
from bureau.domain import BureauError, ReferralStatus
from bureau.i18n import N_, _, ngettext
from bureau.trust.access import Permission

S = ReferralStatus
STEP_LABELS: dict[tuple[ReferralStatus, ReferralStatus], str] = {
    (S.DRAFT, S.SUBMITTED): N_("&Submit to the commission"),
    (S.DRAFT, S.CLOSED): N_("&Withdraw"),
    (S.SUBMITTED, S.ON_AGENDA): N_("Put on an &agenda\u2026"),
    (S.ON_AGENDA, S.DECIDED): N_("Record the &decision\u2026"),
    (S.ON_AGENDA, S.SUBMITTED): N_("&Take off the agenda"),
    (S.DECIDED, S.INFORMED): N_("Citizen &informed\u2026"),
    (S.INFORMED, S.CLOSED): N_("&Close"),
}
NEEDS_DIALOG = (S.ON_AGENDA, S.DECIDED, S.INFORMED)
LETTER_STATES = (S.DECIDED, S.INFORMED, S.CLOSED)


class ReferralsModel(RecordsModel):
    COL_NUMBER, COL_CONSULTATION, COL_STATUS, COL_SUBMITTED, COL_MEETING, COL_DECIDED = range(6)
    HEADERS = (N_("Number"), N_("Consultation"), N_("Status"), N_("Submitted"), N_("Meeting"),
               N_("Decided"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = dt.date.today()
        self.days = 30
        self.meetings: dict[int, Meeting] = {}

    def cell(self, record: Referral, column: int) -> str:
        if column == self.COL_NUMBER:
            return record.number
        if column == self.COL_CONSULTATION:
            return record.consultation_reference
        if column == self.COL_STATUS:
            return record.status.label()
        if column == self.COL_SUBMITTED:
            return day_text(record.submitted_on)
        if column == self.COL_MEETING:
            meeting = self.meetings.get(record.meeting_id or 0)
            return day_text(meeting.held_on) if meeting else ""
        return day_text(record.decided_on)

    def highlighted(self, record: Referral) -> str | None:
        if not record.overdue(self.today, self.days):
            return None
        waited = (self.today - record.submitted_on).days if record.submitted_on else 0
        return ngettext("Overdue: submitted {count} day ago and not decided",
                        "Overdue: submitted {count} days ago and not decided",
                        waited).format(count=waited)


class MeetingsModel(RecordsModel):
    HEADERS = (N_("Date"), N_("Place"), N_("Referrals on the agenda"))
    STRETCH, NUMERIC = 1, (2,)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.on_agenda: dict[int, int] = {}

    def cell(self, record: Meeting, column: int) -> str:
        if column == 0:
            return day_text(record.held_on)
        if column == 1:
            return record.place
        return str(self.on_agenda.get(record.id, 0))


class CommissionPage(ListPage):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._build_ui()
        self._connect()
        self.retranslate()

    # --- building ------------------------------------------------------------

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs)

        referrals = QWidget(self.tabs)
        column = QVBoxLayout(referrals)
        filters = QHBoxLayout()
        self.overdue_check = QCheckBox(referrals)
        self.closed_check = QCheckBox(referrals)
        self.count_label = QLabel(referrals)
        self.count_label.setWordWrap(True)
        filters.addWidget(self.overdue_check)
        filters.addWidget(self.closed_check)
        filters.addWidget(self.count_label, 1)
        column.addLayout(filters)
        column.addWidget(self.add_list(referrals, ReferralsModel(self)), 1)
        self.detail = QLabel(referrals)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(self.fontMetrics().height() * 4)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.detail)
        self.read_only_label = QLabel(referrals)
        self.read_only_label.setWordWrap(True)
        column.addWidget(self.read_only_label)
        # One row: the selected referral's next steps, then its documents.
        actions = QHBoxLayout()
        self.step_buttons: dict[tuple[ReferralStatus, ReferralStatus], QPushButton] = {}
        for current, nexts in TRANSITIONS.items():
            for wanted in nexts:
                button = QPushButton(referrals)
                self.step_buttons[(current, wanted)] = button
                actions.addWidget(button)
        actions.addStretch(1)
        self.open_button = QPushButton(referrals)
        self.letter_button = QPushButton(referrals)
        self.language_label = QLabel(referrals)
        self.language_combo = DocumentLanguageCombo(referrals)
        self.language_label.setBuddy(self.language_combo)
        for widget in (self.open_button, self.letter_button, self.language_label,
                       self.language_combo):
            actions.addWidget(widget)
        column.addLayout(actions)
        self.tabs.addTab(referrals, "")

        meetings = QWidget(self.tabs)
        meetings_column = QVBoxLayout(meetings)
        self.meetings_model = MeetingsModel(self)
        self.meetings_view = record_table(meetings, self.meetings_model)
        meetings_column.addWidget(self.meetings_view, 1)
        row = QHBoxLayout()
        self.new_meeting_button = QPushButton(meetings)
        self.agenda_button = QPushButton(meetings)
        self.agenda_language_label = QLabel(meetings)
        self.agenda_language_combo = DocumentLanguageCombo(meetings)
        self.agenda_language_label.setBuddy(self.agenda_language_combo)
        for widget in (self.new_meeting_button, self.agenda_button, self.agenda_language_label,
                       self.agenda_language_combo):
            row.addWidget(widget)
        row.addStretch(1)
        meetings_column.addLayout(row)
        self.tabs.addTab(meetings, "")

    def _connect(self) -> None:
        self.overdue_check.toggled.connect(self._on_filter_toggled)
        self.closed_check.toggled.connect(self._on_filter_toggled)
        for (current, wanted), button in self.step_buttons.items():
            button.clicked.connect(
                lambda _checked=False, c=current, w=wanted: self._on_step_button_clicked(c, w))
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.letter_button.clicked.connect(self._on_letter_button_clicked)
        self.new_meeting_button.clicked.connect(self._on_new_meeting_button_clicked)
        self.agenda_button.clicked.connect(self._on_agenda_button_clicked)
        self.meetings_view.selectionModel().selectionChanged.connect(
            self._on_meetings_view_selection_changed)
        self.context.records_changed.connect(self._on_context_changed)
        self.context.advisor_changed.connect(self._on_context_changed)

    def retranslate(self) -> None:
        self.tabs.setTabText(0, _("&Referrals"))
        self.tabs.setTabText(1, _("&Meetings"))
        self.overdue_check.setText(_("&Overdue only"))
        self.closed_check.setText(_("Show c&losed"))
        for (current, wanted), button in self.step_buttons.items():
            button.setText(_(STEP_LABELS.get((current, wanted), wanted.label())))
        self.open_button.setText(_("&Open the consultation"))
        self.letter_button.setText(_("Decision &letter\u2026"))
        self.letter_button.setToolTip(_("The letter telling the citizen the commission's "
                                        "recommendation: preview, print or save."))
        self.language_label.setText(_("Lan&guage:"))
        self.agenda_language_label.setText(_("Lan&guage:"))
        self.language_combo.retranslate()
        self.agenda_language_combo.retranslate()
        self.read_only_label.setText(_("Only the coordinator changes referrals; you can read "
                                       "them."))
        self.new_meeting_button.setText(_("&New meeting\u2026"))
        self.agenda_button.setText(_("A&genda\u2026"))
        self.agenda_button.setToolTip(_("The meeting's agenda as a PDF: preview, print or save."))
        self.view.setAccessibleName(_("Referrals to the commission"))
        self.meetings_view.setAccessibleName(_("Meetings of the commission"))
        self.model.retranslate()
        self.meetings_model.retranslate()
        self._show_count()
        self._update_actions()

    # --- data ----------------------------------------------------------------

    def refresh(self) -> None:
        meetings = list_meetings(self.context.db)
        self.model.today = dt.date.today()
        self.model.days = overdue_after_days(get_settings(self.context.db))
        self.model.meetings = {m.id: m for m in meetings}
        everything = list_referrals(self.context.db)
        self.meetings_model.on_agenda = {}
        for referral in everything:
            if referral.meeting_id:
                counts = self.meetings_model.on_agenda
                counts[referral.meeting_id] = counts.get(referral.meeting_id, 0) + 1
        shown = [r for r in everything
                 if (self.closed_check.isChecked() or r.status != S.CLOSED)
                 and (not self.overdue_check.isChecked()
                      or r.overdue(self.model.today, self.model.days))]
        self.meetings_model.set_rows(meetings)
        self.show_rows(shown)
        self._show_count()

    def show_overdue_only(self) -> None:
        """What the desk's overdue line opens."""
        self.tabs.setCurrentIndex(0)
        if self.overdue_check.isChecked():
            self.refresh()
        else:
            self.overdue_check.setChecked(True)  # refreshes through the toggled slot

    def focus_default(self) -> None:
        self.view.setFocus()

    def _show_count(self) -> None:
        shown = len(self.model.rows)
        overdue = sum(1 for r in self.model.rows if r.overdue(self.model.today, self.model.days))
        self.count_label.setText(
            ngettext("{count} referral shown", "{count} referrals shown", shown).format(count=shown)
            + " \u00b7 " + ngettext("{count} overdue (no decision after {days} days)",
                                    "{count} overdue (no decision after {days} days)",
                                    overdue).format(count=overdue, days=self.model.days))

    def _update_actions(self) -> None:
        referral = self.selected()
        may_change = self.context.allowed(Permission.MANAGE_REFERRALS)
        for (current, _wanted), button in self.step_buttons.items():
            button.setVisible(may_change and referral is not None and referral.status == current)
        self.read_only_label.setVisible(not may_change)
        self.open_button.setEnabled(referral is not None)
        self.letter_button.setEnabled(referral is not None and referral.status in LETTER_STATES)
        self.agenda_button.setEnabled(bool(self.meetings_view.selectionModel().selectedRows()))
        self.new_meeting_button.setEnabled(may_change)
        if referral is None:
            self.detail.setText(_("Choose a referral to see its summary and the next steps."))
            return
        parts = [_("<b>{number}</b> \u00b7 {status}").format(
            number=html.escape(referral.number), status=html.escape(referral.status.label())),
            html.escape(referral.summary)]
        if referral.decision:
            parts.append(_("<b>Recommendation:</b> {text}").format(
                text=html.escape(referral.decision)))
        if referral.informed_on:
            parts.append(_("Citizen informed on {date} ({how})").format(
                date=day_text(referral.informed_on), how=html.escape(referral.informed_how)))
        self.detail.setText("<br>".join(parts))

    # --- slots ---------------------------------------------------------------

    def _on_filter_toggled(self, _checked: bool) -> None:
        self.refresh()

    def _on_context_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._update_actions()

    def _on_meetings_view_selection_changed(self, _selected: QItemSelection,
                                            _deselected: QItemSelection) -> None:
        self._update_actions()

    def _on_step_button_clicked(self, current: ReferralStatus, wanted: ReferralStatus) -> None:
        referral = self.selected()
        if referral is None or referral.status != current:
            return
        if wanted in NEEDS_DIALOG:
            dialog = StepDialog(self.context, referral, wanted, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
        else:
            if wanted == S.CLOSED:
                answer = QMessageBox.question(
                    self, _(STEP_LABELS[(current, wanted)]).replace("&", ""),
                    _("Close the referral {number}? A closed referral cannot be reopened.")
                    .format(number=referral.number),
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No)
                if answer != QMessageBox.StandardButton.Yes:
                    return
            try:
                changes = advance(self.context.db, referral.id, wanted,
                                  by=self.context.acting_account())
            except BureauError as error:
                show_error(self, _("Referral"), error)
                return
            self.context.apply(changes)
        self.context.status_message.emit(_("Referral {number}: {status}").format(
            number=referral.number, status=wanted.label()))
        self.refresh()
        self.select_record(referral.id)

    def open_selected(self) -> None:
        self._on_open_button_clicked()

    def _on_open_button_clicked(self) -> None:
        referral = self.selected()
        if referral is not None:
            open_record(self.context, referral.consultation_id, self)

    def _on_letter_button_clicked(self) -> None:
        referral = self.selected()
        if referral is None:
            return
        locale = self.language_combo.locale()
        show_pdf(self, _("Decision letter {number}").format(number=referral.number),
                 lambda: decision_letter_pdf(self.context.db, referral.number, locale=locale))

    def _on_new_meeting_button_clicked(self) -> None:
        dialog = MeetingDialog(self.context, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def _on_agenda_button_clicked(self) -> None:
        rows = self.meetings_view.selectionModel().selectedRows()
        meeting = self.meetings_model.record(rows[0].row()) if rows else None
        if meeting is None:
            return
        locale = self.agenda_language_combo.locale()
        show_pdf(self, _("Agenda {date}").format(date=day_text(meeting.held_on)),
                 lambda: agenda_pdf(self.context.db, meeting.id, locale=locale))
