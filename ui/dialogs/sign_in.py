"""Signing in: the sign-in form (dialog and lock screen), changing a password,
and giving an advisor a login.

The core says whether the login and password are right (``authenticate``),
with one message whichever part was wrong; these widgets only collect the
input, show the message and never reveal which part failed.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import sqlite_utils
from bureau_desk.dialogs.recovery import add_sheet_button
from bureau_desk.widgets.dialog_footer import add_error_and_buttons
from bureau_desk.widgets.forms import ErrorLabel, plain
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bureau.domain import BureauError
from bureau.i18n import N_, _
from bureau.signals.unlock import Unlocked, unlock_register
from bureau.trust.accounts import Account, authenticate, reset_password, set_credentials
from bureau.trust.keys import MSG_NO_GRANT, MSG_RECOVERY

MSG_MISMATCH = N_("The two passwords are not the same.")
MSG_MUST_CHANGE = N_("Choose a new password before you start.")


def password_edit(parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def labelled(form: QFormLayout, parent: QWidget, widget: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setBuddy(widget)
    form.addRow(label, widget)
    return label


def change_password_if_asked(parent: QWidget | None, db: sqlite_utils.Database,
                             account: Account) -> Account | None:
    """A temporary password must be replaced right after sign-in; None if the person declined."""
    if not account.must_change_password:
        return account
    dialog = ChangePasswordDialog(db, account, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return Account(account.id, account.full_name, account.login, account.role, False)


class SignInForm(QWidget):
    """Login, password, a clear message; emits ``signed_in`` with the account."""

    signed_in = Signal(object)  # Account

    def __init__(self, db: Callable[[], sqlite_utils.Database],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db  # called at each attempt: a restore may have replaced the connection
        self._build_ui()
        self._connect()
        self.retranslate()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.login_edit = QLineEdit(self)
        self.login_edit.setObjectName("login")
        self.login_label = labelled(form, self, self.login_edit)
        self.password_edit = password_edit(self)
        self.password_edit.setObjectName("password")
        self.password_label = labelled(form, self, self.password_edit)
        layout.addLayout(form)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        self.sign_in_button = QPushButton(self)
        self.sign_in_button.setDefault(True)
        layout.addWidget(self.sign_in_button, 0, Qt.AlignmentFlag.AlignRight)

    def _connect(self) -> None:
        self.sign_in_button.clicked.connect(self._on_sign_in_button_clicked)
        self.login_edit.returnPressed.connect(self._on_login_edit_return_pressed)
        self.password_edit.returnPressed.connect(self._on_sign_in_button_clicked)

    def retranslate(self) -> None:
        self.login_label.setText(_("&Login"))
        self.password_label.setText(_("&Password"))
        self.login_edit.setAccessibleName(_("Login"))
        self.password_edit.setAccessibleName(_("Password"))
        self.sign_in_button.setText(_("&Sign in"))

    def start(self, login: str = "") -> None:
        """Ready for typing: the login given (or empty), the password empty."""
        self.login_edit.setText(login)
        self.password_edit.clear()
        self.error.show_messages([])
        target = self.password_edit if login else self.login_edit
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_login_edit_return_pressed(self) -> None:
        self.password_edit.setFocus(Qt.FocusReason.TabFocusReason)

    def _on_sign_in_button_clicked(self) -> None:
        self.attempt()

    def attempt(self) -> Account | None:
        db = self._db()
        try:
            account = authenticate(db, self.login_edit.text(), self.password_edit.text())
            # A signals officer's password opens the sealed register (key in memory only).
            self._tell_unlocked(unlock_register(db, account, self.password_edit.text()))
        except BureauError as error:
            self.password_edit.clear()
            self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.error.show_messages([str(error)])
            return None
        self.password_edit.clear()
        account = change_password_if_asked(self, db, account)
        if account is None:
            self.error.show_messages([_(MSG_MUST_CHANGE)])
            return None
        self.error.show_messages([])
        self.signed_in.emit(account)
        return account


    def _tell_unlocked(self, unlocked: Unlocked) -> None:
        # Not modal: the recovery key stays on screen while the officer copies it.
        text = ""
        if unlocked.recovery_key:
            text = _(MSG_RECOVERY) + "\n\n" + unlocked.recovery_key
        elif unlocked.officer and not unlocked.opened:
            text = _(MSG_NO_GRANT)
        if text:
            box = QMessageBox(QMessageBox.Icon.Information, _("Signals register"), text,
                              QMessageBox.StandardButton.Ok, self.window())
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.setObjectName("register_key_message")
            if unlocked.recovery_key:  # for the mayor's safe: one page with a QR code
                add_sheet_button(box, self._db(), unlocked.recovery_key)
            box.open()


class SignInDialog(QDialog):
    """Shown before the desk when the database has accounts."""

    def __init__(self, db: sqlite_utils.Database, bureau_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.bureau_name = bureau_name
        self.account: Account | None = None
        self._build_ui()
        self._connect()
        self.retranslate()
        self.form.start()

    def _build_ui(self) -> None:
        self.setObjectName("sign_in_dialog")
        layout = QVBoxLayout(self)
        # An error line appears under the fields: the dialog grows for it
        # instead of squeezing the fields (a fixed size set at first show).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.form = SignInForm(lambda: self.db, self)
        layout.addWidget(self.form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.form.signed_in.connect(self._on_form_signed_in)
        self.buttons.rejected.connect(self.reject)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Bureau: sign in"))
        name = self.bureau_name or _("Bureau")
        self.heading.setText(f"<b>{html.escape(name)}</b><br>"
                             + html.escape(_("Sign in with your login and password.")))
        self.form.retranslate()

    def _on_form_signed_in(self, account: Account) -> None:
        self.account = account
        self.accept()


class PasswordDialog(QDialog):
    """A note, a form ending in a password typed twice, an error line, OK/Cancel.

    Subclasses add their fields in ``_fields(form)`` and save in ``_save()``;
    this class checks that the two passwords agree and shows the core's errors.
    """

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # room for errors
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        form = QFormLayout()
        self._fields(form)
        self.again_edit = password_edit(self)
        self.again_label = labelled(form, self, self.again_edit)
        layout.addLayout(form)
        self.error, self.buttons = add_error_and_buttons(self, layout, self._on_buttons_accepted)

    def _fields(self, form: QFormLayout) -> None:
        raise NotImplementedError

    def _password(self) -> str:
        raise NotImplementedError

    def _save(self) -> None:
        raise NotImplementedError

    def _on_buttons_accepted(self) -> None:
        if self._password() != self.again_edit.text():
            self.error.show_messages([_(MSG_MISMATCH)])
            return
        try:
            self._save()
        except BureauError as error:
            self.error.show_messages([str(error)])
            return
        self.accept()


class ChangePasswordDialog(PasswordDialog):
    """A new password, typed twice; stored with ``set_credentials``."""

    def __init__(self, db: sqlite_utils.Database, account: Account,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.account = account
        self._build_ui()
        self.retranslate()

    def _build_ui(self) -> None:
        self.setObjectName("change_password_dialog")
        super()._build_ui()

    def _fields(self, form: QFormLayout) -> None:
        self.new_edit = password_edit(self)
        self.new_label = labelled(form, self, self.new_edit)

    def _password(self) -> str:
        return self.new_edit.text()

    def _save(self) -> None:
        set_credentials(self.db, self.account.id, self.account.login, self.new_edit.text(),
                        must_change=False, by=self.account)

    def retranslate(self) -> None:
        self.setWindowTitle(_("New password"))
        self.note.setText(_("{name}, your password was set by the coordinator. Choose your own "
                            "password (at least 8 characters); only you will know it.")
                          .format(name=self.account.full_name))
        self.new_label.setText(_("&New password"))
        self.again_label.setText(_("New password &again"))
        for label, edit in ((self.new_label, self.new_edit), (self.again_label, self.again_edit)):
            edit.setAccessibleName(plain(label.text()))


class CredentialsDialog(PasswordDialog):
    """A coordinator gives an advisor a login and a temporary password, or resets it.

    ``for_self``: the coordinator sets up their own sign-in (Settings, databases
    without accounts); then the password is theirs and need not be changed.
    """

    def __init__(self, db: sqlite_utils.Database, advisor_id: int, full_name: str, *,
                 by: Account, login: str = "", for_self: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.advisor_id = advisor_id
        self.full_name = full_name
        self.by = by
        self.existing_login = login
        self.for_self = for_self
        self._build_ui()
        self.retranslate()

    def _build_ui(self) -> None:
        self.setObjectName("credentials_dialog")
        super()._build_ui()

    def _fields(self, form: QFormLayout) -> None:
        self.login_edit = QLineEdit(self.existing_login, self)
        self.login_edit.setReadOnly(bool(self.existing_login))
        self.login_label = labelled(form, self, self.login_edit)
        self.password_edit = password_edit(self)
        self.password_label = labelled(form, self, self.password_edit)

    def _password(self) -> str:
        return self.password_edit.text()

    def _save(self) -> None:
        if self.existing_login and not self.for_self:
            reset_password(self.db, self.advisor_id, self.password_edit.text(), by=self.by)
        else:
            set_credentials(self.db, self.advisor_id, self.login_edit.text(),
                            self.password_edit.text(), must_change=not self.for_self,
                            by=self.by)

    def retranslate(self) -> None:
        if self.for_self:
            self.setWindowTitle(_("Set up sign-in"))
            self.note.setText(_(
                "Choose your login and password. From the next start, everyone signs in and "
                "the desk locks itself when nobody uses it. Give the other advisors a login "
                "in Settings \u203a Advisors."))
            self.password_label.setText(_("&Password"))
        elif self.existing_login:
            self.setWindowTitle(_("Reset the password"))
            self.note.setText(_("A temporary password for {name}. They choose their own at the "
                                "next sign-in.").format(name=self.full_name))
            self.password_label.setText(_("&Temporary password"))
        else:
            self.setWindowTitle(_("Give a login"))
            self.note.setText(_("A login and a temporary password for {name}. They choose "
                                "their own password at the first sign-in.")
                              .format(name=self.full_name))
            self.password_label.setText(_("&Temporary password"))
        self.login_label.setText(_("&Login"))
        self.login_edit.setToolTip(_("3 to 40 latin letters, digits, dots, dashes or "
                                     "underscores, e.g. maria.s"))
        self.again_label.setText(_("Password &again"))
        for label, edit in ((self.login_label, self.login_edit),
                            (self.password_label, self.password_edit),
                            (self.again_label, self.again_edit)):
            edit.setAccessibleName(plain(label.text()))

    def login(self) -> str:
        return self.login_edit.text().strip().lower()
