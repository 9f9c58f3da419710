"""The backup passphrase: setting it (typed twice) and asking for it to restore a sealed
backup. The desk keeps only the passphrase's public key
(``bureau.database.backup.set_backup_passphrase``): it seals backups by itself and
cannot open them."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from bureau_desk.dialogs.sign_in import labelled, password_edit
from bureau_desk.shell.context import DeskContext
from bureau_desk.widgets.dialog_footer import add_error_and_buttons
from bureau_desk.widgets.forms import plain
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from bureau.database.backup import MIN_PASSPHRASE, MSG_SHORT_PASSPHRASE, set_backup_passphrase
from bureau.domain import BureauError
from bureau.i18n import N_, _
from bureau.trust import audit

MSG_DIFFERENT = N_("The two passphrases are not the same.")


def sealing_text(sealed: bool) -> str:
    """What Settings › Backups says about sealing, plainly when backups are readable."""
    if sealed:
        return _("Backups are sealed: only the backup passphrase opens them, and restoring asks "
                 "for it. The desk keeps no passphrase, only a key that seals. If the passphrase "
                 "is lost, nobody can restore these backups.")
    return _("Backups are NOT sealed: whoever holds a backup file (a USB stick, a shared "
             "folder) can read every citizen's data and the whole database in it. Set a "
             "backup passphrase to seal them.")


def _record(context: DeskContext) -> None:
    account = context.acting_account()
    audit.record(context.db, audit.Action.UPDATE, "settings", None,
                 actor_id=account.id if account else None, detail="backup_recipient")


def choose_passphrase(parent: QWidget, context: DeskContext) -> bool:
    """The passphrase dialog; True when a new passphrase now seals the backups (audited)."""
    if PassphraseDialog(context.db, parent).exec() != QDialog.DialogCode.Accepted:
        return False
    _record(context)
    return True


def stop_sealing(parent: QWidget, context: DeskContext) -> bool:
    """Asks first; True when backups are no longer sealed (audited)."""
    answer = QMessageBox.question(
        parent, _("Backup passphrase"),
        _("Stop sealing backups? Backups made from now on can be read by whoever holds "
          "the file. Backups already sealed still need their passphrase."),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    set_backup_passphrase(context.db, None)
    _record(context)
    return True


def ask_passphrase(parent: QWidget | None, backup: Path) -> str | None:
    """The passphrase of the sealed ``backup``, typed by the user; None if they cancelled."""
    text, ok = QInputDialog.getText(
        parent, _("Sealed backup"),
        _("{file} is sealed. Type its backup passphrase:").format(file=backup.name),
        QLineEdit.EchoMode.Password)
    return text if ok and text else None


class PassphraseDialog(QDialog):
    """A new backup passphrase, typed twice; stored (as its public key only) on OK."""

    def __init__(self, db: sqlite_utils.Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._build_ui()
        self.retranslate()

    def _build_ui(self) -> None:
        self.setObjectName("backup_passphrase_dialog")
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        form = QFormLayout()
        self.passphrase_edit = password_edit(self)
        self.passphrase_label = labelled(form, self, self.passphrase_edit)
        self.again_edit = password_edit(self)
        self.again_label = labelled(form, self, self.again_edit)
        layout.addLayout(form)
        self.error, self.buttons = add_error_and_buttons(self, layout, self._on_buttons_accepted)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Backup passphrase"))
        self.note.setText(_(
            "Every backup will be sealed with this passphrase: only it opens a backup, and "
            "restoring asks for it. Use at least {limit} characters (a few words). The desk "
            "does not keep the passphrase: write it down and keep it apart from the backups. "
            "If it is lost, the backups sealed with it cannot be restored by anybody.")
            .format(limit=MIN_PASSPHRASE))
        self.passphrase_label.setText(_("&Passphrase"))
        self.again_label.setText(_("Passphrase &again"))
        for label, edit in ((self.passphrase_label, self.passphrase_edit),
                            (self.again_label, self.again_edit)):
            edit.setAccessibleName(plain(label.text()))

    def _on_buttons_accepted(self) -> None:
        if self.passphrase_edit.text() != self.again_edit.text():
            self.error.show_messages([_(MSG_DIFFERENT)])
            return
        if len(self.passphrase_edit.text()) < MIN_PASSPHRASE:
            self.error.show_messages([_(MSG_SHORT_PASSPHRASE).format(limit=MIN_PASSPHRASE)])
            return
        # scrypt takes a moment by design (slow for a guesser).
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            set_backup_passphrase(self.db, self.passphrase_edit.text())
        except BureauError as error:
            self.error.show_messages([str(error)])
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()
