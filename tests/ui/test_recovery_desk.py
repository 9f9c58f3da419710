"""Issue #20 at the desk: the recovery sheet offered when the key is shown once, and the
Signals page's "Use the recovery key" for an officer whose password no longer opens the
sealed register (an administrator's reset) or who is new."""

from __future__ import annotations

import re
import subprocess

import pytest
from bureau_desk.dialogs import recovery
from bureau_desk.dialogs.recovery import RecoveryKeyDialog
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from bureau.domain import Role
from bureau.signals.register import register_signal
from bureau.trust import keys
from bureau.trust.accounts import MAINTENANCE, set_credentials
from bureau.trust.advisors import add_advisor
from tests.acting import acting

PASSWORD = "officer-password-1"
RECOVERY = re.compile(r"(?:[A-Z2-7]{4}-){12}[A-Z2-7]{4}")
SIGNAL = {"received_on": "2026-10-05", "channel": "letter", "anonymous": False,
          "submitter_name": "Георги Георгиев", "unit": "local_taxes", "area": "local_taxes",
          "description": "Служител поиска пари за ускоряване."}


@pytest.fixture(autouse=True)
def _windows_deleted_afterwards():
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def sign_in(window, login: str, password: str) -> None:
    window.lock_action.trigger()
    form = window.lock_screen.form
    form.login_edit.setText(login)
    form.password_edit.setText(password)
    form.attempt()


def officer_with_key(window, desk_db, monkeypatch) -> tuple[int, str, list[bytes]]:
    """Elena signs in first: the register is sealed, its key shown once (with the sheet)."""
    built: list[bytes] = []
    monkeypatch.setattr(recovery, "show_pdf",
                        lambda _parent, _title, build: built.append(build()))
    officer = add_advisor(desk_db, "Елена Маринова", Role.SIGNALS_OFFICER)
    set_credentials(desk_db, officer, "elena", PASSWORD, by=MAINTENANCE)
    register_signal(desk_db, SIGNAL, by=acting(desk_db, Role.SIGNALS_OFFICER))
    set_credentials(desk_db, desk_db.coordinator_id, "maria", "maria-password", by=MAINTENANCE)
    sign_in(window, "elena", PASSWORD)
    box = window.findChild(QMessageBox, "register_key_message")
    key = RECOVERY.search(box.text()).group(0)
    button = box.findChild(QPushButton, "recovery_sheet_button")
    assert button is not None and button.isVisible()
    button.click()
    assert box.isVisible()  # the key stays on screen while it is copied
    box.close()
    return officer, key, built


def test_the_recovery_sheet_is_offered_when_the_key_is_shown(window, desk_db, tmp_path,
                                                             monkeypatch):
    _officer, key, built = officer_with_key(window, desk_db, monkeypatch)
    [pdf] = built
    (tmp_path / "sheet.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "sheet.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert all(group in text for group in key.split("-"))
    assert "mayor's safe" in text and "Бюро Кресна" in text


def test_after_an_admin_reset_the_recovery_key_grants_the_officer_again(window, desk_db,
                                                                       monkeypatch, qtbot,
                                                                       message_boxes):
    officer, key, _built = officer_with_key(window, desk_db, monkeypatch)
    window.sign_out_action.trigger()
    # What a reset by someone without the key leaves: her wrap is gone (keys.on_password_set).
    keys.drop_officer(desk_db, officer)
    desk_db.conn.commit()
    sign_in(window, "elena", PASSWORD)
    assert keys.held_key(desk_db) is None
    page = window.show_page("signals")
    assert page.stack.currentWidget() is page.locked_panel
    assert "recovery key" in page.locked_panel.text.text()
    assert page.model.rowCount() == 0

    dialog = RecoveryKeyDialog(window.context, page)
    qtbot.addWidget(dialog)
    dialog.key_edit.setText("ABCD-" * 12 + "ABCD")
    assert not dialog.attempt()
    assert "recovery key is wrong" in dialog.error.text() and keys.held_key(desk_db) is None
    dialog.key_edit.setText("not a key")
    assert not dialog.attempt() and "wrong" in dialog.error.text()
    # As typed from the sheet: small letters, spaces instead of dashes, extra blanks.
    dialog.key_edit.setText("  " + key.lower().replace("-", " ") + " ")
    assert dialog.attempt()
    assert "Елена Маринова" in dialog.message and dialog.key_edit.text() == ""
    page.locked_panel.granted.emit(dialog.message)
    assert page.stack.currentWidget() is page.register and page.model.rowCount() == 1
    # From now on her password alone opens it.
    window.sign_out_action.trigger()
    sign_in(window, "elena", PASSWORD)
    assert keys.held_key(desk_db) is not None
    assert window.show_page("signals").stack.currentWidget() is page.register


def test_the_panel_button_opens_the_dialog_and_says_the_result_in_words(window, desk_db,
                                                                        monkeypatch,
                                                                        message_boxes):
    officer, key, _built = officer_with_key(window, desk_db, monkeypatch)
    window.sign_out_action.trigger()
    keys.drop_officer(desk_db, officer)  # as after a reset by someone without the key
    desk_db.conn.commit()
    sign_in(window, "elena", PASSWORD)
    page = window.show_page("signals")
    assert page.stack.currentWidget() is page.locked_panel

    def typed(self):
        self.key_edit.setText(key.replace("-", ""))
        self.attempt()
        return self.result()

    monkeypatch.setattr(RecoveryKeyDialog, "exec", typed)
    page.locked_panel.recover_button.click()
    assert message_boxes.shown and message_boxes.shown[-1][0] == "information"
    assert "opened the signals register" in message_boxes.shown[-1][2]
    assert page.stack.currentWidget() is page.register
