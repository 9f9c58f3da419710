"""Intake drafts: what is typed survives a crash, and is offered back at the next start."""

from __future__ import annotations

import json

import pytest
from bureau_desk.widgets.drafts import draft_file, load_draft, offer_draft
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QMessageBox


@pytest.fixture(autouse=True)
def _windows_deleted_afterwards():
    """Closed windows are deleted at once: a later test's language switch must not reach
    a window whose database is gone (pytest-qt only closes them)."""
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def drafting(window, tmp_path):
    window.context.drafts_dir = tmp_path / "drafts"
    return window.show_page("desk").form


def fill(form) -> None:
    form.citizen_box.name_edit.setText("Иванка Петрова")
    form.citizen_box.phone_edit.setText("0888123456")
    form.issues_box.topic_edit.setText("local_taxes")
    form.question_edit.setPlainText("Как се плаща данъкът?")
    form.answer_edit.setPlainText("В касата на общината.")
    form.level_combo.set_value("information")
    form.outcome_combo.set_value("pending")
    form.follow_up_edit.setText("+7")
    form.citizen_box.consent_record.setChecked(True)


def test_a_change_schedules_a_draft_that_holds_what_was_typed(drafting, window):
    form = drafting
    fill(form)
    assert form.draft_timer.isActive()  # a moment after the change, not at every key
    form.draft_timer.timeout.emit()
    path = draft_file(window.context.drafts_dir, window.context.db_path)
    state = json.loads(path.read_text(encoding="utf-8"))["state"]
    assert state["citizen"]["full_name"] == "Иванка Петрова"
    assert state["question"] == "Как се плаща данъкът?"


def test_the_draft_is_offered_and_restored_at_the_next_start(drafting, window, message_boxes):
    form = drafting
    fill(form)
    form.write_draft()
    form.clear()  # as after a crash: a new desk, its form empty
    assert form.question_edit.toPlainText() == ""
    assert offer_draft(window, form, window.context.drafts_dir, window.context.db_path)
    [(kind, _title, text)] = message_boxes.shown
    assert kind == "question" and text.startswith("An unsaved consultation from ")
    assert form.citizen_box.name_edit.text() == "Иванка Петрова"
    assert form.citizen_box.phone_edit.text() == "0888123456"
    assert form.issues_box.topic_edit.text() == "local_taxes"
    assert form.answer_edit.toPlainText() == "В касата на общината."
    assert form.level_combo.value() == "information"
    assert form.follow_up_edit.text() == "+7"
    assert form.citizen_box.consent_record.isChecked()
    # Saved now, it is the same consultation as if it had never been interrupted.
    assert form.save() is not None, form._errors
    assert load_draft(window.context.drafts_dir, window.context.db_path) is None


def test_declining_the_offer_forgets_the_draft(drafting, window, message_boxes):
    fill(drafting)
    drafting.write_draft()
    drafting.clear()
    message_boxes.answer = QMessageBox.StandardButton.No
    assert not offer_draft(window, drafting, window.context.drafts_dir, window.context.db_path)
    assert drafting.question_edit.toPlainText() == ""
    assert load_draft(window.context.drafts_dir, window.context.db_path) is None


def test_new_form_clears_the_draft(drafting, window):
    fill(drafting)
    drafting.write_draft()
    assert load_draft(window.context.drafts_dir, window.context.db_path) is not None
    drafting.new_form(confirm=False)
    assert load_draft(window.context.drafts_dir, window.context.db_path) is None


def test_an_empty_form_never_erases_an_earlier_sessions_draft(drafting, window):
    path = draft_file(window.context.drafts_dir, window.context.db_path)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 1, "saved_at": "2026-10-14T10:30:00",
                                "state": {"question": "from before the power cut"}}))
    drafting.write_draft()  # the timer after start-up, nothing typed yet
    assert load_draft(window.context.drafts_dir, window.context.db_path)[1] == {
        "question": "from before the power cut"}


def test_no_drafts_without_a_drafts_folder(window):
    form = window.show_page("desk").form
    assert window.context.drafts_dir is None
    form.question_edit.setPlainText("nothing is written")
    assert not form.draft_timer.isActive()


def test_a_draft_written_before_the_field_specification_is_restored_whole(drafting, window):
    path = draft_file(window.context.drafts_dir, window.context.db_path)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 1, "saved_at": "2026-10-14T10:30:00", "state": {
        "occurred_at": "2026-10-14T10:25", "channel": "phone", "anonymous": False,
        "citizen_id": None, "citizen": {"full_name": "Иванка Петрова", "phone": "0888123456"},
        "consents": [True, False, True], "issues": [["local_taxes", None]],
        "topic_text": "soc", "question": "Как?", "answer": "Така.",
        "help_level": "information", "outcome": "pending", "next_steps": "",
        "follow_up": "+7", "satisfaction": 4}}), encoding="utf-8")
    _saved_at, state = load_draft(window.context.drafts_dir, window.context.db_path)
    drafting.restore_draft_state(state)
    box = drafting.citizen_box
    assert box.name_edit.text() == "Иванка Петрова"
    assert [box.consent_record.isChecked(), box.consent_share.isChecked(),
            box.consent_contact.isChecked()] == [True, False, True]
    assert [i.category_code for i in drafting.issues_box.issues] == ["local_taxes"]
    assert drafting.issues_box.topic_edit.text() == "soc"
    assert drafting.follow_up_edit.text() == "+7"
    assert drafting.channel_combo.value() == "phone"
    assert drafting.satisfaction_combo.currentData() == 4
