"""The Commission page: a referral made from a consultation with consent, taken
through its lifecycle by buttons that offer only the allowed steps; overdue
rows highlighted and filtered, and the desk's overdue line."""

from __future__ import annotations

import datetime as dt

import pytest
from acting import acting
from bureau_desk.dialogs.referral import CreateReferralDialog, MeetingDialog, StepDialog
from bureau_desk.pages.commission import STEP_LABELS, CommissionPage
from bureau_desk.widgets.doc_widgets import OVERDUE_BACKGROUND
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from bureau.catalogue import CatalogueLookup
from bureau.commission.referrals import (
    TRANSITIONS,
    advance,
    create_meeting,
    create_referral,
    get_referral,
)
from bureau.consultations.store import get_consultation, save_consultation
from bureau.domain import ReferralStatus
from bureau.validation import validate_consultation
from tests.ui.windows_left import delete_new_windows  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("delete_new_windows")

S = ReferralStatus


def consultation(db, advisor_id: int, *, named: bool = True, outcome: str = "pending",
                 question: str = "Отказано ми е социално подпомагане без мотиви.") -> int:
    lookup = CatalogueLookup(db)
    raw = {"occurred_at": dt.datetime(2026, 10, 14, 10, 30), "channel": "in_person",
           "advisor_id": advisor_id, "issues": [("social_assistance", None)],
           "question": question, "answer": "Обяснихме процедурата.",
           "help_level": "advice", "outcome": outcome, "consent_record": True}
    if named:
        raw["citizen"] = {"full_name": "Иванка Петрова"}
    else:
        raw["anonymous"] = True
    return save_consultation(db, validate_consultation(raw, lookup), lookup)[0]


def accepting(fill):  # noqa: ANN001, ANN201 - a stand-in for QDialog.exec
    def exec_(self):  # noqa: ANN001, ANN202
        fill(self)
        self.accept()
        return self.result()
    return exec_


@pytest.fixture
def page(qtbot, context):
    widget = CommissionPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    widget.refresh()
    return widget


def visible_steps(page: CommissionPage) -> set[tuple[S, S]]:
    return {key for key, button in page.step_buttons.items() if button.isVisible()}


def test_a_named_citizen_must_consent_before_the_referral(qtbot, context, desk_db):
    consultation_id = consultation(desk_db, desk_db.coordinator_id)
    dialog = CreateReferralDialog(context, consultation_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.summary_edit.toPlainText().startswith("Отказано ми е")  # from the question
    assert dialog.consent_check.isVisible()
    dialog.accept()
    _label, _widget, error = dialog.grid.rows["consent_share"]
    assert error.isVisible() and "must agree" in error.text()
    assert dialog.isVisible() and dialog.referral is None  # kept open, nothing stored
    dialog.consent_check.setChecked(True)
    with qtbot.waitSignal(context.records_changed):
        dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.referral.status == S.DRAFT
    record = get_consultation(desk_db, consultation_id)
    assert record.consent_share and record.outcome.value == "referred"


def test_an_anonymous_visitor_is_not_asked_for_consent(qtbot, context, desk_db):
    dialog = CreateReferralDialog(context, consultation(desk_db, desk_db.coordinator_id,
                                                        named=False))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.consent_check.isVisible()
    dialog.summary_edit.setPlainText("   ")
    dialog.accept()
    assert "is required" in dialog.grid.rows["summary"][2].text()


def test_the_lifecycle_offers_only_the_allowed_steps(qtbot, page, context, desk_db,
                                                      monkeypatch, message_boxes):
    referral = create_referral(desk_db, consultation(desk_db, desk_db.coordinator_id),
                               "Отказ без мотиви", consent_given=True, by=acting(desk_db)).value
    page.refresh()
    assert page.select_record(referral.id)

    def step(wanted: S) -> None:
        current = page.selected().status
        assert visible_steps(page) == {(current, w) for w in TRANSITIONS[current]}
        page.step_buttons[(current, wanted)].click()
        assert get_referral(desk_db, referral.id).status == wanted
        assert page.selected().status == wanted  # still selected after the refresh

    step(S.SUBMITTED)
    # No meeting yet: the dialog says so and nothing changes.
    monkeypatch.setattr(StepDialog, "exec", accepting(lambda dialog: None))
    page.step_buttons[(S.SUBMITTED, S.ON_AGENDA)].click()
    assert get_referral(desk_db, referral.id).status == S.SUBMITTED

    monkeypatch.setattr(MeetingDialog, "exec", accepting(
        lambda dialog: dialog.place_edit.setText("Заседателна зала")))
    page.new_meeting_button.click()
    assert page.meetings_model.rows[0].place == "Заседателна зала"
    step(S.ON_AGENDA)
    assert page.model.cell(page.selected(), page.model.COL_MEETING) == dt.date.today().strftime(
        "%d.%m.%Y")
    monkeypatch.setattr(StepDialog, "exec", accepting(
        lambda dialog: dialog.text_edit.setPlainText("Да се преразгледа отказът.")))
    step(S.DECIDED)
    assert page.letter_button.isEnabled()
    monkeypatch.setattr(StepDialog, "exec", accepting(lambda dialog: None))  # "by phone"
    step(S.INFORMED)
    assert get_referral(desk_db, referral.id).informed_how == "by phone"
    message_boxes.answer = message_boxes.answer.No
    page.step_buttons[(S.INFORMED, S.CLOSED)].click()
    assert get_referral(desk_db, referral.id).status == S.INFORMED  # asked, and declined
    message_boxes.answer = message_boxes.answer.Yes
    page.step_buttons[(S.INFORMED, S.CLOSED)].click()
    assert get_referral(desk_db, referral.id).status == S.CLOSED
    assert page.selected() is None  # closed referrals are hidden until asked for
    page.closed_check.setChecked(True)
    page.select_record(referral.id)
    assert visible_steps(page) == set()


def test_a_decision_needs_its_text(qtbot, context, desk_db):
    referral = create_referral(desk_db, consultation(desk_db, desk_db.coordinator_id),
                               "Отказ", consent_given=True, by=acting(desk_db)).value
    meeting = create_meeting(desk_db, dt.date.today(), "Зала", by=acting(desk_db)).value
    advance(desk_db, referral.id, S.SUBMITTED, by=acting(desk_db))
    referral = advance(desk_db, referral.id, S.ON_AGENDA, meeting_id=meeting.id, by=acting(desk_db)).value
    dialog = StepDialog(context, referral, S.DECIDED)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.grid.rows["decision"][2].isVisible()
    assert get_referral(desk_db, referral.id).status == S.ON_AGENDA


def test_a_volunteer_reads_but_cannot_change(qtbot, page, context, desk_db):
    referral = create_referral(desk_db, consultation(desk_db, desk_db.coordinator_id),
                               "Отказ", consent_given=True, by=acting(desk_db)).value
    volunteer = next(a.id for a in context.active_advisors() if a.id != desk_db.coordinator_id)
    context.set_advisor(volunteer)
    page.refresh()
    page.select_record(referral.id)
    assert visible_steps(page) == set()
    assert page.read_only_label.isVisible()
    assert not page.new_meeting_button.isEnabled()
    assert page.open_button.isEnabled()


def test_overdue_rows_are_highlighted_and_filtered(qtbot, page, desk_db):
    old = create_referral(desk_db, consultation(desk_db, desk_db.coordinator_id),
                          "Стар", consent_given=True, by=acting(desk_db)).value
    advance(desk_db, old.id, S.SUBMITTED, on=dt.date.today() - dt.timedelta(days=45), by=acting(desk_db))
    recent = create_referral(desk_db, consultation(desk_db, desk_db.coordinator_id),
                             "Нов", consent_given=True, by=acting(desk_db)).value
    advance(desk_db, recent.id, S.SUBMITTED, on=dt.date.today() - dt.timedelta(days=3), by=acting(desk_db))
    page.refresh()
    rows = {r.number: i for i, r in enumerate(page.model.rows)}
    background = Qt.ItemDataRole.BackgroundRole
    assert page.model.index(rows[old.number], 0).data(background) == OVERDUE_BACKGROUND
    assert "45 days" in page.model.index(rows[old.number], 2).data(Qt.ItemDataRole.ToolTipRole)
    assert page.model.index(rows[recent.number], 0).data(background) is None
    page.overdue_check.setChecked(True)
    assert [r.number for r in page.model.rows] == [old.number]
    assert "1 overdue (no decision after 30 days)" in page.count_label.text()


def test_the_desk_line_opens_the_overdue_referrals(qtbot, window, desk_db):
    referral = create_referral(desk_db, consultation(desk_db, desk_db.coordinator_id),
                               "Стар", consent_given=True, by=acting(desk_db)).value
    advance(desk_db, referral.id, S.SUBMITTED, on=dt.date.today() - dt.timedelta(days=40), by=acting(desk_db))
    desk = window.pages["desk"]
    assert not desk.overdue_label.isVisible()
    window.context.records_changed.emit()
    assert desk.overdue_label.isVisible()
    assert desk.overdue_label.accessibleName() == "1 referral to the commission is overdue"
    desk.overdue_label.linkActivated.emit("overdue")
    commission = window.pages["commission"]
    assert window.current_page_key() == "commission"
    assert commission.overdue_check.isChecked()
    assert [r.number for r in commission.model.rows] == [referral.number]


def test_saving_a_referred_consultation_at_the_desk_offers_the_referral(qtbot, window, desk_db):
    consultation_id = consultation(desk_db, desk_db.coordinator_id, outcome="referred")
    desk = window.pages["desk"]
    desk.form.saved.emit(consultation_id, get_consultation(desk_db, consultation_id).reference)
    dialogs = [d for d in window.findChildren(CreateReferralDialog) if d.isVisible()]
    assert len(dialogs) == 1 and desk.refer_button.isVisible()
    dialogs[0].consent_check.setChecked(True)
    dialogs[0].accept()
    assert dialogs[0].referral is not None
    assert not desk.refer_button.isVisible()  # done: nothing more to offer


def test_the_record_dialog_refers_once(qtbot, window, desk_db, message_boxes):
    from bureau_desk.dialogs.record import open_record

    consultation_id = consultation(desk_db, desk_db.coordinator_id, named=False)
    dialog = open_record(window.context, consultation_id, window)
    qtbot.addWidget(dialog)
    assert dialog.refer_button.isEnabled()
    dialog.refer_button.click()
    created = [d for d in dialog.findChildren(CreateReferralDialog) if d.isVisible()]
    created[0].accept()
    assert not dialog.refer_button.isEnabled()
    assert dialog.form.outcome_combo.value() == "referred"


def test_step_labels_cover_every_transition():
    steps = {(c, w) for c, nexts in TRANSITIONS.items() for w in nexts}
    assert steps == set(STEP_LABELS)
