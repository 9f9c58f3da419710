"""The Signals page's door: the register opens on the desk only with a signals
officer's password.

With sign-in off, anyone may choose the signals officer as the advisor on
duty; that gives an advisor's rights only (``DeskContext.acting_account``).
The Signals page then shows this door: the officer types their password, the
core checks it (``authenticate``: throttled and audited like every sign-in,
and it opens the sealed register's key), and the desk is signed in as them
for the session. An officer without a password yet is told how to get one.
"""

from __future__ import annotations

from bureau_desk.dialogs.sign_in import SignInForm
from bureau_desk.shell.context import DeskContext
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from bureau.domain import Role
from bureau.i18n import N_, _
from bureau.trust.accounts import Account

MSG_ASK = N_("The register of signals opens only with the signals officer's password. "
             "{name}, type your password to open it.")
MSG_NO_PASSWORD = N_("The register of signals opens only with the signals officer's password, "
                     "and {name} has none yet. The administrator can give them a login and a "
                     "password (Settings \u203a Advisors, or bureau-cli account).")
MSG_NOT_OFFICER = N_("Only a signals officer's password opens the register.")


class SignalsDoor(QWidget):
    """A heading and a sign-in form for the signals officer on duty."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._build_ui()
        self._connect()
        self.retranslate()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.heading)
        self.form = SignInForm(lambda: self.context.db, self)
        self.form.setObjectName("signals_door_form")
        layout.addWidget(self.form, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def _connect(self) -> None:
        self.form.signed_in.connect(self._on_form_signed_in)

    def retranslate(self) -> None:
        self.form.retranslate()
        self._show_heading()

    def _officer_login(self) -> str | None:
        """The login of the officer on duty, when they have a password."""
        row = self.context.db.execute(
            "SELECT login FROM advisors WHERE id = ? AND password_hash IS NOT NULL",
            [self.context.advisor_id]).fetchone()
        return row[0] if row else None

    def _show_heading(self) -> None:
        advisor = self.context.advisor()
        name = advisor.full_name if advisor else ""
        has_password = self._officer_login() is not None
        self.heading.setText(_(MSG_ASK if has_password else MSG_NO_PASSWORD).format(name=name))
        self.heading.setAccessibleName(self.heading.text())
        self.form.setVisible(has_password)

    def start(self) -> None:
        """Ready for the officer on duty: their login filled in, the password empty."""
        self._show_heading()
        login = self._officer_login()
        if login is not None:
            self.form.start(login)

    def focus_default(self) -> None:
        if self.form.isVisible():
            self.form.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.heading.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_form_signed_in(self, account: Account) -> None:
        if account.role is not Role.SIGNALS_OFFICER:
            self.form.error.show_messages([_(MSG_NOT_OFFICER)])
            return
        self.context.sign_in(account)  # the page refreshes on advisor_changed
