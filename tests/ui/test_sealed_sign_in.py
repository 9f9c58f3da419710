"""Issue #20: at the desk, a signals officer's sign-in opens the sealed register (the key
in memory only), shows the recovery key once at set-up, and sign-out forgets the key."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QMessageBox

from bureau.domain import Role
from bureau.trust import keys
from bureau.trust.accounts import MAINTENANCE, set_credentials
from bureau.trust.advisors import add_advisor

PASSWORD = "officer-password-1"
RECOVERY = re.compile(r"(?:[A-Z2-7]{4}-){12}[A-Z2-7]{4}")


def sign_in(window, login: str, password: str) -> None:
    window.lock_action.trigger()
    form = window.lock_screen.form
    form.login_edit.setText(login)
    form.password_edit.setText(password)
    form.attempt()


def test_officer_sign_in_opens_the_register_and_sign_out_forgets_the_key(window, desk_db):
    officer = add_advisor(desk_db, "Елена Маринова", Role.SIGNALS_OFFICER)
    set_credentials(desk_db, officer, "elena", PASSWORD, by=MAINTENANCE)
    set_credentials(desk_db, desk_db.coordinator_id, "maria", "maria-password", by=MAINTENANCE)
    sign_in(window, "elena", PASSWORD)
    assert not window.lock_screen.is_locked()
    box = window.findChild(QMessageBox, "register_key_message")
    assert box is not None and RECOVERY.search(box.text()) and "mayor's safe" in box.text()
    assert keys.held_key(desk_db) is not None
    sign_in(window, "maria", "maria-password")  # another account: the key leaves memory
    assert keys.held_key(desk_db) is None
    sign_in(window, "elena", PASSWORD)
    assert keys.held_key(desk_db) is not None
    window.sign_out_action.trigger()
    assert keys.held_key(desk_db) is None
