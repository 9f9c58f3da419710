"""Sign-in: the dialog, a temporary password changed at once, accounts given in Settings."""

from __future__ import annotations

import pytest
from bureau_desk.dialogs.first_run import FirstRunWizard
from bureau_desk.dialogs.sign_in import ChangePasswordDialog, CredentialsDialog, SignInDialog
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QDialog

from bureau.domain import BureauError
from bureau.opening import open_database
from bureau.trust.accounts import MAINTENANCE, authenticate, has_accounts, set_credentials
from bureau.trust.advisors import advisor_id_by_name
from tests.ui.keys import Keyboard
from tests.ui.test_intake import fill_consultation


@pytest.fixture(autouse=True)
def _windows_deleted_afterwards():
    """Closed windows are deleted at once: a later test's language switch must not reach
    a window whose database is gone (pytest-qt only closes them)."""
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


PASSWORD = "korona-2026"


@pytest.fixture
def accounts_db(desk_db):
    """The coordinator signs in as "maria"; the volunteer "petar" has a temporary password."""
    set_credentials(desk_db, desk_db.coordinator_id, "maria", PASSWORD, by=MAINTENANCE)
    desk_db.volunteer_id = advisor_id_by_name(desk_db, "Петър Ангелов")
    set_credentials(desk_db, desk_db.volunteer_id, "petar", "temporary-1", must_change=True, by=MAINTENANCE)
    return desk_db


def test_signing_in_gives_the_account(qtbot, accounts_db):
    dialog = SignInDialog(accounts_db, "Бюро Кресна")
    qtbot.addWidget(dialog)
    dialog.form.login_edit.setText("Maria")  # logins are not case-sensitive
    dialog.form.password_edit.setText(PASSWORD)
    dialog.form.sign_in_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (dialog.account.id, dialog.account.full_name) == (accounts_db.coordinator_id,
                                                             "Мария Стоянова")


def test_a_wrong_password_says_so_without_saying_which_part(qtbot, accounts_db):
    dialog = SignInDialog(accounts_db)
    qtbot.addWidget(dialog)
    dialog.show()
    for login, password in (("maria", "wrong-password"), ("nobody", PASSWORD)):
        dialog.form.login_edit.setText(login)
        dialog.form.password_edit.setText(password)
        dialog.form.sign_in_button.click()
        assert dialog.result() != QDialog.DialogCode.Accepted and dialog.account is None
        assert dialog.form.error.text() == "The login or the password is wrong."
        assert dialog.form.password_edit.text() == ""  # typed again, from empty


def test_a_temporary_password_is_changed_right_after_sign_in(qtbot, accounts_db, monkeypatch):
    def choose(dialog: ChangePasswordDialog) -> int:
        dialog.new_edit.setText("mine-and-only-mine")
        dialog.again_edit.setText("mine-and-only-mine")
        dialog.buttons.accepted.emit()
        return dialog.result()

    monkeypatch.setattr(ChangePasswordDialog, "exec", choose)
    dialog = SignInDialog(accounts_db)
    qtbot.addWidget(dialog)
    dialog.form.login_edit.setText("petar")
    dialog.form.password_edit.setText("temporary-1")
    dialog.form.sign_in_button.click()
    assert dialog.account is not None and not dialog.account.must_change_password
    assert not authenticate(accounts_db, "petar", "mine-and-only-mine").must_change_password
    with pytest.raises(BureauError):
        authenticate(accounts_db, "petar", "temporary-1")


def test_declining_the_new_password_keeps_the_desk_closed(qtbot, accounts_db, monkeypatch):
    monkeypatch.setattr(ChangePasswordDialog, "exec", lambda _self: QDialog.DialogCode.Rejected)
    dialog = SignInDialog(accounts_db)
    qtbot.addWidget(dialog)
    dialog.form.login_edit.setText("petar")
    dialog.form.password_edit.setText("temporary-1")
    dialog.form.sign_in_button.click()
    assert dialog.account is None
    assert "new password" in dialog.form.error.text()


def test_mismatched_new_passwords_are_refused(qtbot, accounts_db):
    account = authenticate(accounts_db, "petar", "temporary-1")
    dialog = ChangePasswordDialog(accounts_db, account)
    qtbot.addWidget(dialog)
    dialog.new_edit.setText("first-version")
    dialog.again_edit.setText("second-version")
    dialog.buttons.accepted.emit()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text() == "The two passwords are not the same."


def test_the_desk_starts_with_the_signed_in_account_on_duty(qtbot, accounts_db, tmp_path,
                                                           monkeypatch):
    import bureau_desk.shell.app

    accounts_db.close()

    def sign_in_as_petar_after_change(dialog: SignInDialog) -> int:
        dialog.form.login_edit.setText("maria")
        dialog.form.password_edit.setText(PASSWORD)
        dialog.form.attempt()
        return dialog.result()

    shown = []
    monkeypatch.setattr(SignInDialog, "exec", sign_in_as_petar_after_change)
    monkeypatch.setattr(QApplication, "exec", lambda _self=None: shown.append(
        next(w for w in QApplication.topLevelWidgets()
             if w.objectName() == "main_window" and w.isVisible())) or 0)
    assert bureau_desk.shell.app.main(["--db", str(tmp_path / "bureau.db")]) == 0
    window = shown[0]
    combo = window.advisor_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Мария Стоянова"]
    assert not combo.isEnabled()  # someone else signs in to take over
    assert window.sign_out_action.isVisible()
    window.pages["desk"].form.clear()
    window.close()
    window.deleteLater()


def test_after_the_light_start_the_signed_in_advisor_records_a_consultation(
        qtbot, accounts_db, tmp_path, monkeypatch):
    """#19: the frame paints first and the sign-in comes over it; after the lazy start
    the same window is the whole desk: the form saves a consultation typed at the
    keyboard, by the signed-in advisor."""
    import bureau_desk.shell.app

    accounts_db.close()
    frames = []

    def sign_in_over_the_frame(dialog: SignInDialog) -> int:
        frames.extend((w.context, w.page_list.isEnabled()) for w in QApplication.topLevelWidgets()
                      if w.objectName() == "main_window" and w.isVisible())
        dialog.form.login_edit.setText("maria")
        dialog.form.password_edit.setText(PASSWORD)
        dialog.form.attempt()
        return dialog.result()

    saved = []

    def volunteer_works(_self=None) -> int:
        [window] = [w for w in QApplication.topLevelWidgets()
                    if w.objectName() == "main_window" and w.isVisible()]
        form = window.pages["desk"].form
        keys = Keyboard(qtbot)
        keys.press(Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # anonymous visitor
        qtbot.waitUntil(form.citizen_box.anonymous_check.isChecked)
        fill_consultation(keys, form)
        keys.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        saved.append((form.last_reference, window.context.db.execute(
            "SELECT count(*), max(advisor_id) FROM consultations").fetchone()))
        form.clear()
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(SignInDialog, "exec", sign_in_over_the_frame)
    monkeypatch.setattr(QApplication, "exec", volunteer_works)
    assert bureau_desk.shell.app.main(["--db", str(tmp_path / "bureau.db")]) == 0
    assert frames == [(None, False)]  # the frame, not yet the desk, behind the sign-in
    [(reference, (count, advisor_id))] = saved
    assert reference and (count, advisor_id) == (1, accounts_db.coordinator_id)


def test_closing_the_sign_in_dialog_opens_no_desk(qtbot, accounts_db, tmp_path, monkeypatch):
    import bureau_desk.shell.app

    accounts_db.close()
    monkeypatch.setattr(SignInDialog, "exec", lambda _self: QDialog.DialogCode.Rejected)
    monkeypatch.setattr(QApplication, "exec", lambda _self=None: pytest.fail("desk opened"))
    assert bureau_desk.shell.app.main(["--db", str(tmp_path / "bureau.db")]) == 0


def test_first_run_with_a_login_turns_sign_in_on(qtbot, tmp_path):
    path = tmp_path / "bureau.db"
    wizard = FirstRunWizard(path)
    qtbot.addWidget(wizard)
    wizard.name_edit.setText("Бюро")
    wizard.municipality_edit.setText("Кресна")
    wizard.coordinator_edit.setText("Мария Стоянова")
    wizard.login_edit.setText("maria")
    wizard.password_edit.setText("short")
    wizard.again_edit.setText("short")
    wizard.accept()
    assert wizard.db is None and not path.exists()  # refused before any file was made
    wizard.password_edit.setText(PASSWORD)
    wizard.again_edit.setText(PASSWORD)
    wizard.accept()
    wizard.db.close()
    db = open_database(path)
    assert has_accounts(db)
    assert authenticate(db, "maria", PASSWORD).full_name == "Мария Стоянова"
    db.close()


def test_a_coordinator_gives_a_login_and_resets_a_password(window, desk_db, monkeypatch):
    tab = window.show_page("settings").advisors_tab
    volunteer = next(row for row, a in enumerate(tab.model.advisors)
                     if a.full_name == "Петър Ангелов")
    tab.view.selectRow(volunteer)
    assert tab.login_button.isEnabled() and "login" in tab.login_button.text()

    def fill(dialog: CredentialsDialog) -> int:
        if not dialog.login_edit.isReadOnly():
            dialog.login_edit.setText("petar")
        dialog.password_edit.setText("temporary-2")
        dialog.again_edit.setText("temporary-2")
        dialog.buttons.accepted.emit()
        return dialog.result()

    monkeypatch.setattr(CredentialsDialog, "exec", fill)
    assert tab.edit_login()
    assert authenticate(desk_db, "petar", "temporary-2").must_change_password
    tab.view.selectRow(volunteer)
    assert "password" in tab.login_button.text()
    set_credentials(desk_db, tab.model.advisors[volunteer].id, "petar", "his-own-choice", by=MAINTENANCE)
    assert tab.edit_login()  # a reset: the login stays, the password is temporary again
    assert authenticate(desk_db, "petar", "temporary-2").must_change_password


def test_a_volunteer_cannot_give_logins(window, desk_db):
    window.advisor_combo.setCurrentIndex(window.advisor_combo.findText("Петър Ангелов"))
    tab = window.show_page("settings").advisors_tab
    tab.view.selectRow(0)
    assert not tab.login_button.isEnabled()
    assert not tab.edit_login()


def test_settings_set_up_sign_in_for_an_older_database(window, desk_db, monkeypatch):
    tab = window.show_page("settings").security_tab
    assert not tab.set_up_button.isHidden() and tab.set_up_button.isEnabled()

    def fill(dialog: CredentialsDialog) -> int:
        dialog.login_edit.setText("maria")
        dialog.password_edit.setText(PASSWORD)
        dialog.again_edit.setText(PASSWORD)
        dialog.buttons.accepted.emit()
        return dialog.result()

    monkeypatch.setattr(CredentialsDialog, "exec", fill)
    assert tab.set_up_sign_in()
    assert has_accounts(desk_db)
    assert not authenticate(desk_db, "maria", PASSWORD).must_change_password  # chosen by her
    assert window.context.account is not None and window.context.account.login == "maria"
    assert tab.set_up_button.isHidden()
    assert not window.advisor_combo.isEnabled()
