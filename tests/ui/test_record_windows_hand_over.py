"""Record windows at a hand-over (#18 item 2, the windows' part): a consultation, a
referral or an event left open with changes by one advisor is never closed unsaved
nor shown to the next advisor who signs in. It is kept as its advisor's draft and
offered back to them, and to nobody else, at their next sign-in; when it cannot be
kept, whoever is at the desk is told, without its content."""

from __future__ import annotations

import pytest
import shiboken6
from bureau_desk.dialogs.record import RecordDialog, open_record
from bureau_desk.dialogs.referral import CoreDialog, CreateReferralDialog
from bureau_desk.widgets.drafts import load_draft, window_drafts
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import get_consultation, save_consultation
from bureau.trust.accounts import MAINTENANCE, authenticate, set_credentials
from bureau.trust.advisors import advisor_id_by_name
from bureau.validation import validate_consultation
from tests.ui.test_hand_over import sign_in_on_the_lock_screen

Button = QMessageBox.StandardButton
SECRET = "Съседът ми иска подкуп за разрешителното"


@pytest.fixture(autouse=True)
def _windows_deleted_afterwards():
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, (RecordDialog, CoreDialog)) and shiboken6.isValid(widget):
            widget.setProperty("handed_over", True)
            widget.done(0)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def desk(window, desk_db, tmp_path):
    """Maria (coordinator) signed in, drafts in the test's folder; Petar can sign in."""
    set_credentials(desk_db, desk_db.coordinator_id, "maria", "maria-password", by=MAINTENANCE)
    set_credentials(desk_db, advisor_id_by_name(desk_db, "Петър Ангелов"), "petar",
                    "petar-password", by=MAINTENANCE)
    window.context.drafts_dir = tmp_path / "drafts"
    window.context.sign_in(authenticate(desk_db, "maria", "maria-password"))
    return window


def consultation(db, advisor_id: int) -> int:
    lookup = CatalogueLookup(db)
    raw = {"occurred_at": "2026-10-14 10:30", "channel": "phone", "advisor_id": advisor_id,
           "citizen": {"full_name": "Иванка Петрова", "settlement": "Кресна"},
           "issues": [("local_taxes", None)], "question": "Въпрос", "answer": "Отговор",
           "help_level": "information", "outcome": "resolved", "consent_record": True}
    return save_consultation(db, validate_consultation(raw, lookup), lookup)[0]


def shown_record_windows() -> list:
    return [w for w in QApplication.topLevelWidgets() if shiboken6.isValid(w)
            and isinstance(w, (RecordDialog, CoreDialog)) and w.isVisible()]


def drafts_of(window, owner) -> list[str]:
    return window_drafts(window.context.drafts_dir, window.context.db_path, owner)


def test_an_edited_record_window_goes_to_its_advisors_draft_not_to_the_next(desk,
                                                                          message_boxes):
    window = desk
    maria = window.context.account.id
    consultation_id = consultation(window.context.db, maria)
    record = open_record(window.context, consultation_id, window)
    record.form.question_edit.setPlainText(SECRET)
    reference = record.record.reference
    window.lock_action.trigger()  # Maria walks away
    assert not record.isVisible()

    sign_in_on_the_lock_screen(window, "petar")
    petar = window.context.account.id
    assert shown_record_windows() == []  # nothing of Maria's for Petar
    assert message_boxes.shown == []  # and not even a question about it
    assert drafts_of(window, maria) == [f"consultation-{consultation_id}"]
    assert drafts_of(window, petar) == []
    kept = load_draft(window.context.drafts_dir, window.context.db_path, maria,
                      f"consultation-{consultation_id}")[1]
    assert kept["question"] == SECRET
    # Not saved under anybody's name meanwhile.
    assert get_consultation(window.context.db, consultation_id).question == "Въпрос"

    window.sign_out_action.trigger()  # Petar has nothing unsaved: no question
    assert message_boxes.shown == []
    message_boxes.answer = Button.Yes
    sign_in_on_the_lock_screen(window, "maria")
    [(kind, _title, text)] = message_boxes.shown
    assert kind == "question" and f"Consultation {reference}" in text
    [reopened] = shown_record_windows()
    assert isinstance(reopened, RecordDialog) and reopened.consultation_id == consultation_id
    assert reopened.form.question_edit.toPlainText() == SECRET
    assert reopened.form.has_unsaved_input()
    assert drafts_of(window, maria) == []  # offered once; the window holds it now
    assert reopened.form.save() is not None  # saved to the same record, by its advisor
    assert get_consultation(window.context.db, consultation_id).question == SECRET


def test_the_same_advisor_unlocking_finds_the_window_as_left(desk, message_boxes):
    window = desk
    consultation_id = consultation(window.context.db, window.context.account.id)
    record = open_record(window.context, consultation_id, window)
    record.form.question_edit.setPlainText(SECRET)
    window.lock_action.trigger()
    sign_in_on_the_lock_screen(window, "maria")
    assert record.isVisible() and record.form.question_edit.toPlainText() == SECRET
    assert message_boxes.shown == []


def test_sign_out_asks_once_for_the_form_and_the_windows(desk, message_boxes):
    window = desk
    maria = window.context.account.id
    consultation_id = consultation(window.context.db, maria)
    record = open_record(window.context, consultation_id, window)
    record.form.question_edit.setPlainText(SECRET)
    window.show_page("desk").form.question_edit.setPlainText("Половин въпрос")
    message_boxes.answer = Button.Save
    window.sign_out_action.trigger()
    [(kind, _title, text)] = message_boxes.shown
    assert kind == "question" and "the desk form" in text and "Consultation " in text
    assert SECRET not in text
    assert window.lock_screen.is_locked() and shown_record_windows() == []
    assert drafts_of(window, maria) == [f"consultation-{consultation_id}"]


def test_sign_out_can_discard_the_windows_after_the_warning(desk, message_boxes):
    window = desk
    maria = window.context.account.id
    record = open_record(window.context, consultation(window.context.db, maria), window)
    record.form.question_edit.setPlainText(SECRET)
    message_boxes.answer = Button.Discard
    window.sign_out_action.trigger()
    assert window.lock_screen.is_locked() and shown_record_windows() == []
    assert drafts_of(window, maria) == []
    sign_in_on_the_lock_screen(window, "petar")
    assert shown_record_windows() == []


def test_cancelling_sign_out_keeps_the_window_open(desk, message_boxes):
    window = desk
    record = open_record(window.context, consultation(window.context.db,
                                                      window.context.account.id), window)
    record.form.question_edit.setPlainText(SECRET)
    message_boxes.answer = Button.Cancel
    window.sign_out_action.trigger()
    assert not window.lock_screen.is_locked() and record.isVisible()


def test_a_referral_being_written_in_a_record_window_is_kept_too(desk, message_boxes):
    window = desk
    maria = window.context.account.id
    consultation_id = consultation(window.context.db, maria)
    record = open_record(window.context, consultation_id, window)
    record.refer_button.click()
    [referral] = [w for w in shown_record_windows() if isinstance(w, CreateReferralDialog)]
    referral.summary_edit.setPlainText(SECRET)
    window.lock_action.trigger()  # window-modal on the record: kept at once, not hidden
    assert shown_record_windows() == []
    sign_in_on_the_lock_screen(window, "petar")
    assert shown_record_windows() == [] and message_boxes.shown == []
    assert drafts_of(window, maria) == [f"referral-{consultation_id}"]
    window.sign_out_action.trigger()
    message_boxes.answer = Button.Yes
    sign_in_on_the_lock_screen(window, "maria")
    assert len(message_boxes.shown) == 1
    [again] = [w for w in shown_record_windows() if isinstance(w, CreateReferralDialog)]
    assert again.consultation_id == consultation_id
    assert again.summary_edit.toPlainText() == SECRET


def test_an_event_editor_left_open_is_kept_when_the_desk_locks_itself(desk, message_boxes,
                                                                      qtbot):
    """The event editor is modal: the idle lock used to wait for it forever, leaving it
    on screen for whoever sat down next. Now the lock keeps it as a draft and closes it."""
    window = desk
    maria = window.context.account.id
    events = window.show_page("events")
    seen = []

    def while_the_editor_is_open() -> None:
        [editor] = shown_record_windows()
        editor.title_edit.setText("Ден на отворените врати")
        editor.participants_spin.setValue(17)
        seen.append(editor.draft_title())
        window.lock_screen.watcher._on_timer_timeout()  # the idle minutes are over

    QTimer.singleShot(0, while_the_editor_is_open)
    events.add_button.click()  # exec(): returns once the lock has closed the editor
    assert seen and window.lock_screen.is_locked() and shown_record_windows() == []
    assert drafts_of(window, maria) == ["event-new"]
    sign_in_on_the_lock_screen(window, "petar")
    assert message_boxes.shown == [] and shown_record_windows() == []
    window.sign_out_action.trigger()
    sign_in_on_the_lock_screen(window, "maria")
    assert len(message_boxes.shown) == 1
    [editor] = shown_record_windows()
    assert editor.title_edit.text() == "Ден на отворените врати"
    assert editor.participants_spin.value() == 17
    editor.accept()
    assert window.context.db.execute("SELECT title, participants FROM events").fetchall() == [
        ("Ден на отворените врати", 17)]


def test_a_window_that_cannot_be_kept_is_discarded_with_a_warning(desk, message_boxes):
    window = desk
    window.context.drafts_dir = None  # nowhere to keep drafts
    record = open_record(window.context, consultation(window.context.db,
                                                      window.context.account.id), window)
    record.form.question_edit.setPlainText(SECRET)
    title = record.draft_title()
    window.lock_action.trigger()
    sign_in_on_the_lock_screen(window, "petar")
    assert shown_record_windows() == []
    [(kind, _title, text)] = message_boxes.shown
    assert kind == "warning" and title in text and SECRET not in text


def test_unchanged_windows_close_at_a_hand_over_without_drafts(desk, message_boxes):
    window = desk
    maria = window.context.account.id
    open_record(window.context, consultation(window.context.db, maria), window)
    window.lock_action.trigger()
    sign_in_on_the_lock_screen(window, "petar")
    assert shown_record_windows() == [] and message_boxes.shown == []
    assert drafts_of(window, maria) == []
