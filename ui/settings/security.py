"""Settings › Sign-in and lock: set up sign-in (older databases), the idle lock's minutes."""

from __future__ import annotations

from bureau_desk.dialogs.sign_in import CredentialsDialog
from bureau_desk.shell.context import DeskContext
from bureau_desk.widgets.forms import FormGrid
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bureau.database.settings import change_settings, get_setting
from bureau.domain import BureauError
from bureau.i18n import N_, _
from bureau.trust.access import Permission
from bureau.trust.accounts import Account, has_accounts

MAX_LOCK_MINUTES = 240


class SecurityTab(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._build_ui()
        self._connect()
        self.retranslate()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.set_up_button = QPushButton(self)
        layout.addWidget(self.set_up_button, 0, Qt.AlignmentFlag.AlignLeft)
        box = QWidget(self)
        self.grid = FormGrid(QGridLayout(box), compact=True)
        self.lock_spin = QSpinBox(box)
        self.lock_spin.setRange(0, MAX_LOCK_MINUTES)
        self.grid.add("lock_minutes", N_("&Lock the desk after"), self.lock_spin,
                      tooltip=N_("Minutes without keyboard or mouse before the desk hides "
                                 "itself; 0 = never. Ctrl+L locks at once."))
        self.grid.add_stretch()
        layout.addWidget(box)
        layout.addStretch(1)

    def _connect(self) -> None:
        self.set_up_button.clicked.connect(self._on_set_up_button_clicked)
        self.lock_spin.valueChanged.connect(self._on_lock_spin_value_changed)
        self.context.advisor_changed.connect(self.refresh)

    def retranslate(self) -> None:
        self.grid.retranslate()
        self.lock_spin.setSuffix(" " + _("min"))
        self.lock_spin.setSpecialValueText(_("never"))
        self.set_up_button.setText(_("&Set up sign-in\u2026"))
        self.set_up_button.setToolTip(_("Give yourself a login and password; then everyone "
                                        "signs in and the lock needs a password."))
        self.refresh()

    def refresh(self) -> None:
        accounts = has_accounts(self.context.db)
        manage = self.context.allowed(Permission.MANAGE_ACCOUNTS)
        if accounts:
            text = _("Sign-in is set up. Give advisors a login in Settings \u203a Advisors.")
        else:
            text = _("Sign-in is not set up: anyone at this computer can use the desk, and the "
                     "lock only hides it from passers-by.")
            if not manage:
                text += " " + _("A coordinator can set it up.")
        self.status.setText(text)
        self.set_up_button.setVisible(not accounts)
        self.set_up_button.setEnabled(manage)
        self.lock_spin.setEnabled(manage)
        self.lock_spin.blockSignals(True)
        self.lock_spin.setValue(int(get_setting(self.context.db, "lock_minutes") or 0))
        self.lock_spin.blockSignals(False)

    def _on_lock_spin_value_changed(self, minutes: int) -> None:
        try:
            changes = change_settings(self.context.db, by=self.context.acting_account(),
                                      lock_minutes=str(minutes))
        except BureauError as error:
            self.status.setText(str(error))
            return
        self.context.apply(changes)

    def _on_set_up_button_clicked(self) -> None:
        self.set_up_sign_in()

    def set_up_sign_in(self) -> bool:
        """The coordinator on duty chooses their own login; the desk is then signed in as them."""
        me = self.context.acting_account()
        if me is None or me.id is None or not self.context.allowed(Permission.MANAGE_ACCOUNTS):
            return False
        dialog = CredentialsDialog(self.context.db, me.id, me.full_name, by=me, for_self=True,
                                   parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.context.sign_in(Account(me.id, me.full_name, dialog.login(), me.role, False))
        self.context.settings_changed.emit()
        self.context.status_message.emit(_("Sign-in is set up."))
        return True
