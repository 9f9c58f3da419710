"""The screen lock: idle minutes and Ctrl+L; unlocking keeps what was typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from bureau.database.settings import set_settings
from bureau.trust.accounts import MAINTENANCE, authenticate, set_credentials
from bureau.trust.advisors import advisor_id_by_name


@pytest.fixture(autouse=True)
def _windows_deleted_afterwards():
    """Closed windows are deleted at once: a later test's language switch must not reach
    a window whose database is gone (pytest-qt only closes them)."""
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


PASSWORD = "korona-2026"


@pytest.fixture
def signed_in(window, desk_db):
    """The coordinator signed in as "maria"; the volunteer can sign in as "petar"."""
    set_credentials(desk_db, desk_db.coordinator_id, "maria", PASSWORD, by=MAINTENANCE)
    set_credentials(desk_db, advisor_id_by_name(desk_db, "Петър Ангелов"), "petar",
                    "petar-password", by=MAINTENANCE)
    window.context.sign_in(authenticate(desk_db, "maria", PASSWORD))
    return window


def type_into_form(window) -> None:
    form = window.show_page("desk").form
    form.citizen_box.name_edit.setText("Иванка Петрова")
    form.question_edit.setPlainText("Как се плаща данъкът?")


def test_idle_minutes_lock_and_the_password_unlocks_with_the_form_intact(signed_in, qtbot):
    window = signed_in
    type_into_form(window)
    screen = window.lock_screen
    assert screen.watcher.timer.isActive()
    assert screen.watcher.timer.interval() == 10 * 60_000  # the default lock_minutes
    screen.watcher.timer.timeout.emit()  # ten idle minutes, without waiting for them
    assert screen.is_locked()
    assert not window.centralWidget().isEnabled() and not window.new_action.isEnabled()
    assert screen.form.login_edit.text() == "maria"
    assert qtbot.screenshot(window)  # draws: nothing of the form is behind the screen

    screen.form.password_edit.setText("wrong-password")
    screen.form.sign_in_button.click()
    assert screen.is_locked()
    assert screen.form.error.text() == "The login or the password is wrong."

    screen.form.password_edit.setText(PASSWORD)
    qtbot.keyClick(screen.form.password_edit, Qt.Key.Key_Return)
    assert not screen.is_locked()
    assert window.centralWidget().isEnabled() and window.new_action.isEnabled()
    form = window.pages["desk"].form
    assert form.citizen_box.name_edit.text() == "Иванка Петрова"
    assert form.question_edit.toPlainText() == "Как се плаща данъкът?"
    assert window.context.advisor_id == window.context.db.coordinator_id


def test_another_accounts_sign_in_switches_the_person_on_duty(signed_in):
    window = signed_in
    window.lock_action.trigger()  # Ctrl+L
    screen = window.lock_screen
    screen.form.login_edit.setText("petar")
    screen.form.password_edit.setText("petar-password")
    screen.form.attempt()
    assert not screen.is_locked()
    petar = advisor_id_by_name(window.context.db, "Петър Ангелов")
    assert window.context.advisor_id == petar and window.context.account.login == "petar"
    combo = window.advisor_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Петър Ангелов"]


def test_sign_out_waits_for_any_sign_in(signed_in):
    window = signed_in
    window.sign_out_action.trigger()
    screen = window.lock_screen
    assert screen.is_locked() and screen.form.login_edit.text() == ""
    assert screen.title.text() == "Signed out" and not screen.quit_button.isHidden()


def test_ctrl_l_without_accounts_hides_the_desk_until_enter(window, qtbot):
    type_into_form(window)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier)
    screen = window.lock_screen
    assert screen.is_locked()
    assert screen.form.isHidden() and not screen.continue_button.isHidden()
    assert "press Enter" in screen.note.text()
    assert "sign-in" in screen.note.toolTip()  # a real lock needs sign-in
    qtbot.keyClick(screen.continue_button, Qt.Key.Key_Return)
    assert not screen.is_locked()
    assert window.pages["desk"].form.question_edit.toPlainText() == "Как се плаща данъкът?"


def test_lock_minutes_come_from_settings_and_zero_means_never(window, desk_db):
    tab = window.show_page("settings").security_tab
    tab.lock_spin.setValue(3)
    assert window.lock_screen.watcher.timer.interval() == 3 * 60_000
    tab.lock_spin.setValue(0)
    assert not window.lock_screen.watcher.timer.isActive()
    assert tab.lock_spin.text() == "never"
    set_settings(desk_db, lock_minutes="5")
    window.context.settings_changed.emit()
    assert window.lock_screen.watcher.timer.interval() == 5 * 60_000


def test_input_restarts_the_idle_countdown(window, qtbot):
    timer = window.lock_screen.watcher.timer
    timer.stop()
    window.pages["desk"].form.question_edit.setFocus()
    # Real key presses reach the window (QWindow) first, then the focused input.
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_A)
    assert timer.isActive()
    assert window.pages["desk"].form.question_edit.toPlainText() == "a"
