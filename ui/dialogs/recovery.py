"""The recovery key at the desk: the Signals page's panel for a signals officer whose
password does not open the sealed register (an administrator reset it, or the officer
is new and nobody with access could grant it), the dialog where the key from the
mayor's safe is typed, and the recovery sheet offered when the key is first shown.

The core does the work (``bureau.signals.unlock.grant_with_recovery``): the key
opens the register and wraps it for the officer's password, typed at this sign-in;
the key itself is never stored.
"""

from __future__ import annotations

import html

import sqlite_utils
from bureau_desk.shell.context import DeskContext
from bureau_desk.widgets.dialog_footer import add_error_and_buttons
from bureau_desk.widgets.doc_widgets import show_pdf
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
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
from bureau.signals.unlock import grant_with_recovery
from bureau.trust import keys

MSG_GRANTED = N_("The recovery key opened the signals register for {name}. From now on "
                 "your password opens it.")


def print_recovery_sheet(parent: QWidget, db: sqlite_utils.Database, recovery_key: str) -> None:
    """Preview the one-page recovery sheet, from where it is printed or saved."""
    from bureau.signals.recovery_sheet import TITLE, recovery_sheet_pdf  # deferred: documents

    show_pdf(parent, _(TITLE), lambda: recovery_sheet_pdf(db, recovery_key))


def add_sheet_button(box: QMessageBox, db: sqlite_utils.Database, recovery_key: str) -> QPushButton:
    """A "Print the recovery sheet" button on the message that shows the key once.

    Its click must not close the message (the key stays on screen while it is
    copied), so QMessageBox's own closing connection is taken off the button.
    """
    button = box.addButton(_("&Print the recovery sheet\u2026"), QMessageBox.ButtonRole.ActionRole)
    button.setObjectName("recovery_sheet_button")
    button.clicked.disconnect()
    button.clicked.connect(lambda: print_recovery_sheet(box, db, recovery_key))
    return button


class RecoveryKeyDialog(QDialog):
    """The recovery key typed (spaces, dashes and case do not matter); on success the
    register is open for the signed-in officer and ``message`` says so."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.message = ""
        self._build_ui()
        self.retranslate()

    def _build_ui(self) -> None:
        self.setObjectName("recovery_key_dialog")
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.key_label = QLabel(self)
        layout.addWidget(self.key_label)
        self.key_edit = QLineEdit(self)
        self.key_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.key_edit.setMinimumWidth(self.key_edit.fontMetrics().averageCharWidth() * 70)
        self.key_label.setBuddy(self.key_edit)
        layout.addWidget(self.key_edit)
        self.error, self.buttons = add_error_and_buttons(self, layout, self._on_buttons_accepted)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Use the recovery key"))
        self.note.setText(_(
            "Your password does not open the sealed signals register yet (it was reset by an "
            "administrator, or you are a new signals officer). Type the recovery key from the "
            "sheet in the mayor's safe: 13 groups of four letters and digits. Spaces, dashes "
            "and small letters do not matter."))
        self.key_label.setText(_("&Recovery key"))
        self.key_edit.setAccessibleName(_("Recovery key"))
        self.key_edit.setPlaceholderText("ABCD-EFGH-\u2026")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Use the key"))

    def _on_buttons_accepted(self) -> None:
        self.attempt()

    def attempt(self) -> bool:
        """Grant with the typed key; True (and accepted) on success, else the reason shown."""
        account = self.context.acting_account()
        try:
            if account is None:
                raise keys.RegisterLocked(keys.MSG_LOCKED)
            grant_with_recovery(self.context.db, account, self.key_edit.text())
        except BureauError as error:
            self.error.show_messages([str(error)])
            self.key_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        self.message = _(MSG_GRANTED).format(name=account.full_name)
        self.key_edit.clear()  # the key leaves the screen at once
        self.accept()
        return True


class LockedRegisterPanel(QWidget):
    """What the Signals page shows an officer whose password does not open the register."""

    granted = Signal(str)  # the success message

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._build_ui()
        self._connect()
        self.retranslate()

    def _build_ui(self) -> None:
        self.setObjectName("locked_register_panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.text)
        self.recover_button = QPushButton(self)
        layout.addWidget(self.recover_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def _connect(self) -> None:
        self.recover_button.clicked.connect(self._on_recover_button_clicked)

    def retranslate(self) -> None:
        self.text.setText(
            "<p style='font-size: large;'>" + html.escape(_("The signals register is sealed.")) + "</p>"
            + "<p>" + html.escape(_(keys.MSG_NO_GRANT)) + "</p>")
        self.recover_button.setText(_("&Use the recovery key\u2026"))

    def _on_recover_button_clicked(self) -> None:
        self.recover()

    def recover(self) -> bool:
        dialog = RecoveryKeyDialog(self.context, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.granted.emit(dialog.message)
        QMessageBox.information(self, _("Signals register"), dialog.message)
        return True
