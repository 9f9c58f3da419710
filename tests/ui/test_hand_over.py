"""Sign-out and lock never hand one advisor's unsaved consultation to another: it is
kept as its owner's draft (offered back to them only) or discarded after a warning,
and the next advisor starts with an empty form."""

from __future__ import annotations

import pytest
from bureau_desk.widgets.drafts import load_draft
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from bureau.trust.accounts import MAINTENANCE, authenticate, set_credentials
from bureau.trust.advisors import advisor_id_by_name

Button = QMessageBox.StandardButton


@pytest.fixture(autouse=True)
def _windows_deleted_afterwards():
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def desk(window, desk_db, tmp_path):
    """Maria (coordinator) signed in, drafts kept in the test's folder; Petar can sign in."""
    set_credentials(desk_db, desk_db.coordinator_id, "maria", "maria-password", by=MAINTENANCE)
    set_credentials(desk_db, advisor_id_by_name(desk_db, "Петър Ангелов"), "petar",
                    "petar-password", by=MAINTENANCE)
    window.context.drafts_dir = tmp_path / "drafts"
    window.context.sign_in(authenticate(desk_db, "maria", "maria-password"))
    return window


def half_typed(window) -> None:
    form = window.show_page("desk").form
    form.citizen_box.name_edit.setText("Иванка Петрова")
    form.citizen_box.phone_edit.setText("0888123456")
    form.question_edit.setPlainText("Как се плаща данъкът?")


def sign_in_on_the_lock_screen(window, login: str) -> None:
    screen = window.lock_screen
    screen.form.login_edit.setText(login)
    screen.form.password_edit.setText(f"{login}-password")
    screen.form.attempt()
    assert not screen.is_locked()


def empty(form) -> bool:
    return (form.citizen_box.name_edit.text() == "" and form.question_edit.toPlainText() == ""
            and form.citizen_box.phone_edit.text() == "" and not form.has_unsaved_input())


def test_sign_out_keeps_the_form_as_the_advisors_own_draft(desk, message_boxes):
    window = desk
    half_typed(window)
    message_boxes.answer = Button.Save
    window.sign_out_action.trigger()
    [(kind, _title, text)] = message_boxes.shown
    assert kind == "question" and "not saved" in text
    form = window.pages["desk"].form
    assert window.lock_screen.is_locked() and empty(form)
    maria = window.context.db.coordinator_id
    assert load_draft(window.context.drafts_dir, window.context.db_path, maria)[1][
        "question"] == "Как се плаща данъкът?"

    # Petar signs in: a clean form, and Maria's draft is not offered to him.
    sign_in_on_the_lock_screen(window, "petar")
    assert window.context.account.login == "petar"
    assert empty(form) and len(message_boxes.shown) == 1
    assert form.save() is None  # nothing of Maria's to save under his name

    # Maria comes back: her draft, and only hers, is offered and put back.
    window.sign_out_action.trigger()
    message_boxes.answer = Button.Yes
    sign_in_on_the_lock_screen(window, "maria")
    assert message_boxes.shown[-1][2].startswith("An unsaved consultation from ")
    assert form.citizen_box.name_edit.text() == "Иванка Петрова"
    assert form.question_edit.toPlainText() == "Как се плаща данъкът?"


def test_sign_out_can_discard_the_form_after_the_warning(desk, message_boxes):
    window = desk
    half_typed(window)
    message_boxes.answer = Button.Discard
    window.sign_out_action.trigger()
    assert window.lock_screen.is_locked() and empty(window.pages["desk"].form)
    assert load_draft(window.context.drafts_dir, window.context.db_path,
                      window.context.db.coordinator_id) is None
    sign_in_on_the_lock_screen(window, "maria")
    assert empty(window.pages["desk"].form)


def test_cancelling_the_warning_stays_signed_in_with_the_form(desk, message_boxes):
    window = desk
    half_typed(window)
    message_boxes.answer = Button.Cancel
    window.sign_out_action.trigger()
    assert not window.lock_screen.is_locked()
    assert window.pages["desk"].form.question_edit.toPlainText() == "Как се плаща данъкът?"


def test_after_a_lock_another_advisor_starts_clean(desk, message_boxes):
    window = desk
    half_typed(window)
    window.lock_action.trigger()  # Ctrl+L; Maria walks away
    sign_in_on_the_lock_screen(window, "petar")
    form = window.pages["desk"].form
    assert empty(form)
    assert message_boxes.shown == []  # nothing of Maria's is offered to Petar
    maria = window.context.db.coordinator_id
    assert load_draft(window.context.drafts_dir, window.context.db_path, maria)[1][
        "citizen"]["full_name"] == "Иванка Петрова"
    petar = window.context.account.id
    assert load_draft(window.context.drafts_dir, window.context.db_path, petar) is None


def test_the_same_advisor_unlocking_finds_the_form_as_left(desk, message_boxes):
    window = desk
    half_typed(window)
    window.lock_action.trigger()
    sign_in_on_the_lock_screen(window, "maria")
    assert window.pages["desk"].form.question_edit.toPlainText() == "Как се плаща данъкът?"
    assert message_boxes.shown == []
