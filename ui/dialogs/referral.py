"""Dialogs of the commission's work: a referral made from a consultation, a step
of its lifecycle that needs more than a click (agenda, decision, informing the
citizen), and a new meeting.

Each dialog calls the core in ``accept()``; a ``ValidationError`` is shown
under the field it names and the dialog stays open with what was typed; any
other ``BureauError`` is shown above the buttons.
"""

from __future__ import annotations

import datetime as dt
import html
import sqlite3

from bureau_desk.shell.context import DeskContext
from bureau_desk.widgets.doc_widgets import date_edit, day_text
from bureau_desk.widgets.form_state import input_value, put_input
from bureau_desk.widgets.forms import ERROR_STYLE, INVALID_STYLE, FormGrid, make_room
from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from bureau.commission.referrals import (
    Referral,
    advance,
    create_meeting,
    create_referral,
    list_meetings,
    referral_for_consultation,
)
from bureau.consultations.store import get_consultation
from bureau.domain import BureauError, ReferralStatus, ValidationError
from bureau.i18n import N_, _

INFORMED_WAYS = (N_("by phone"), N_("by letter"), N_("in person at the bureau"), N_("by e-mail"))


class CoreDialog(QDialog):
    """A form grid, a general error line and OK/Cancel; subclasses fill ``apply()``.

    A record window (``bureau_desk.shell.handover``): what its inputs hold when
    another advisor takes the desk is kept as its advisor's draft, named by
    ``draft_window()`` and opened again from ``draft_reopen()``.
    """

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._baseline: dict | None = None  # the inputs as first shown
        self.setStyleSheet(INVALID_STYLE)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # room for errors
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.heading)
        self.grid = FormGrid(QGridLayout())
        layout.addLayout(self.grid.layout)
        self.general_error = QLabel(self)
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        layout.addWidget(self.general_error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 84)

    def retranslate(self) -> None:
        self.grid.retranslate()

    def apply(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.apply()
        except ValidationError as error:
            known = set(self.grid.rows)
            self.grid.show_errors({e.field: error.for_field(e.field) for e in error.errors})
            others = [e.render() for e in error.errors if e.field not in known]
            self._show_general("\n".join(others))
            return
        except (BureauError, sqlite3.Error) as error:
            self.grid.show_errors({})
            self._show_general(str(error) if isinstance(error, BureauError) else _(
                "The database could not store this; nothing was changed."))
            return
        self.context.records_changed.emit()
        super().accept()

    def _show_general(self, text: str) -> None:
        self.general_error.setText(text)
        self.general_error.setVisible(bool(text))
        make_room(self)

    # --- kept as a draft when another advisor takes the desk ----------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        if self._baseline is None:
            self._baseline = self.draft_state()
        super().showEvent(event)

    def draft_state(self) -> dict:
        """Each input's value by its row's key, as JSON data."""
        return {key: input_value(widget) for key, (_label, widget, _error) in self.grid.rows.items()}

    def restore_draft_state(self, state: dict) -> None:
        for key, (_label, widget, _error) in self.grid.rows.items():
            if key in state:
                put_input(widget, state[key])

    def has_unsaved_input(self) -> bool:
        return self._baseline is not None and self.draft_state() != self._baseline

    def draft_window(self) -> str:
        """The window's name among its advisor's drafts (one draft per name)."""
        raise NotImplementedError

    def draft_reopen(self) -> dict:
        """What ``bureau_desk.shell.handover.reopen`` needs to open the window again."""
        raise NotImplementedError

    def draft_title(self) -> str:
        """The window as its advisor recognises it in the question that offers it back."""
        return self.windowTitle()


class CreateReferralDialog(CoreDialog):
    """A draft referral from a consultation; asks for the consent the core requires."""

    def __init__(self, context: DeskContext, consultation_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.consultation_id = consultation_id
        self.record = get_consultation(context.db, consultation_id)
        self.referral: Referral | None = None
        self.summary_edit = QPlainTextEdit(self)
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.setPlainText(self.record.question)
        self.grid.add("summary", N_("&Summary for the commission"), self.summary_edit, tall=True,
                      tooltip=N_("What the commission should consider; prefilled from the "
                                 "question."))
        self.consent_check = QCheckBox(self)
        self.grid.add("consent_share", N_("The citizen &agrees that their case is shared with "
                                          "the commission"), self.consent_check)
        # Only a named citizen who has not agreed yet is asked; the core enforces it.
        needs_consent = self.record.citizen is not None and not self.record.consent_share
        self.grid.set_row_visible("consent_share", needs_consent)
        self.retranslate()
        self.summary_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Refer to the commission"))
        who = self.record.citizen.full_name if self.record.citizen else _("anonymous")
        self.heading.setText(_("Consultation <b>{reference}</b> of {date} \u00b7 {who}").format(
            reference=html.escape(self.record.reference),
            date=day_text(self.record.occurred_at.date()), who=html.escape(who)))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Create the referral"))

    def apply(self) -> None:
        self.referral = create_referral(self.context.db, self.consultation_id,
                                        self.summary_edit.toPlainText(),
                                        consent_given=self.consent_check.isChecked(),
                                        by=self.context.acting_account()).value
        self.context.status_message.emit(_("Referral {number} created as a draft.").format(
            number=self.referral.number))

    def draft_window(self) -> str:
        return f"referral-{self.consultation_id}"

    def draft_reopen(self) -> dict:
        return {"kind": "referral", "consultation_id": self.consultation_id}

    def draft_title(self) -> str:
        return f"{self.windowTitle()} \u00b7 {self.record.reference}"


STEP_TITLES = {
    ReferralStatus.ON_AGENDA: N_("Put on a meeting's agenda"),
    ReferralStatus.DECIDED: N_("Record the commission's decision"),
    ReferralStatus.INFORMED: N_("Citizen informed of the decision"),
}


class StepDialog(CoreDialog):
    """The steps that need input: the meeting, the decision text, how the citizen heard."""

    def __init__(self, context: DeskContext, referral: Referral, wanted: ReferralStatus,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.referral = referral
        self.wanted = wanted
        # Only the inputs this step asks for exist: a widget made but never laid
        # out sits at the dialog's corner, over the heading.
        self.meeting_combo: QComboBox | None = None
        self.day_edit: QDateEdit | None = None
        self.text_edit: QPlainTextEdit | None = None
        self.how_combo: QComboBox | None = None
        if wanted == ReferralStatus.ON_AGENDA:
            self.meeting_combo = QComboBox(self)
            self.grid.add("meeting", N_("&Meeting"), self.meeting_combo)
            for meeting in list_meetings(context.db):
                place = f" \u00b7 {meeting.place}" if meeting.place else ""
                self.meeting_combo.addItem(day_text(meeting.held_on) + place, meeting.id)
        else:
            self.day_edit = date_edit(self)
            self.grid.add("on", N_("&Date"), self.day_edit)
        if wanted == ReferralStatus.DECIDED:
            self.text_edit = QPlainTextEdit(self)
            self.text_edit.setTabChangesFocus(True)
            self.grid.add("decision", N_("Commission's &recommendation"), self.text_edit,
                          tall=True)
        if wanted == ReferralStatus.INFORMED:
            self.how_combo = QComboBox(self)
            self.how_combo.setEditable(True)
            self.grid.add("informed_how", N_("&How the citizen was informed"), self.how_combo)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_(STEP_TITLES.get(self.wanted, N_("Referral"))))
        self.heading.setText(_("Referral <b>{number}</b> (consultation {reference})").format(
            number=html.escape(self.referral.number),
            reference=html.escape(self.referral.consultation_reference)))
        if self.how_combo is not None:
            typed = self.how_combo.currentText()
            self.how_combo.clear()
            self.how_combo.addItems([_(way) for way in INFORMED_WAYS])
            self.how_combo.setCurrentText(typed or _(INFORMED_WAYS[0]))

    def apply(self) -> None:
        if self.meeting_combo is not None and self.meeting_combo.count() == 0:
            raise BureauError(N_("There is no meeting yet: create one on the Meetings tab "
                                 "first."))
        day = self.day_edit.date().toPython() if self.day_edit is not None else dt.date.today()
        self.referral = advance(
            self.context.db, self.referral.id, self.wanted, on=day,
            meeting_id=self.meeting_combo.currentData() if self.meeting_combo else None,
            decision=self.text_edit.toPlainText() if self.text_edit else "",
            informed_how=self.how_combo.currentText() if self.how_combo else "",
            by=self.context.acting_account()).value

    def draft_window(self) -> str:
        return f"step-{self.referral.id}-{self.wanted.value}"

    def draft_reopen(self) -> dict:
        return {"kind": "step", "referral_id": self.referral.id, "wanted": self.wanted.value}

    def draft_title(self) -> str:
        return f"{self.windowTitle()} \u00b7 {self.referral.number}"


class MeetingDialog(CoreDialog):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.meeting_id: int | None = None
        self.day_edit = date_edit(self)
        self.place_edit = QLineEdit(self)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.grid.add("held_on", N_("&Date"), self.day_edit)
        self.grid.add("place", N_("&Place"), self.place_edit)
        self.grid.add("notes", N_("&Notes"), self.notes_edit, tall=True)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("New meeting of the commission"))
        self.heading.setText(_("The commission meets; referrals are put on its agenda."))

    def apply(self) -> None:
        meeting = create_meeting(self.context.db, self.day_edit.date().toPython(),
                                 self.place_edit.text(), self.notes_edit.toPlainText(),
                                 by=self.context.acting_account()).value
        self.meeting_id = meeting.id

    def draft_window(self) -> str:
        return "meeting-new"

    def draft_reopen(self) -> dict:
        return {"kind": "meeting"}


def open_referral_dialog(context: DeskContext, consultation_id: int,
                         parent: QWidget) -> CreateReferralDialog | None:
    """Offer a referral unless the consultation already has an open one (then say so)."""
    existing = referral_for_consultation(context.db, consultation_id)
    if existing is not None and existing.status != ReferralStatus.CLOSED:
        QMessageBox.information(parent, _("Refer to the commission"),
                                _("This consultation already has the referral {number} "
                                  "(\u201c{status}\u201d).").format(
                                    number=existing.number, status=existing.status.label()))
        return None
    dialog = CreateReferralDialog(context, consultation_id, parent.window())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    # Window-modal and not blocking: the caller returns, the person answers when ready.
    dialog.open()
    return dialog
