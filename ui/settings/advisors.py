"""Settings: the advisors (add, deactivate, reactivate; give a login, reset a password)."""

from __future__ import annotations

from typing import Any

from bureau_desk.dialogs.sign_in import CredentialsDialog
from bureau_desk.shell.context import DeskContext
from bureau_desk.widgets.doc_widgets import RecordsModel
from bureau_desk.widgets.forms import EnumCombo, ErrorLabel
from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bureau.domain import BureauError, Role
from bureau.i18n import N_, _
from bureau.trust.access import Permission
from bureau.trust.advisors import Advisor, list_advisors, register_advisor, set_advisor_active

HEADERS = (N_("Name"), N_("Role"), N_("Status"), N_("Login"))
Index = QModelIndex | QPersistentModelIndex


class AdvisorsModel(RecordsModel):
    HEADERS = HEADERS
    STRETCH = 0

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.logins: dict[int, str] = {}

    @property
    def advisors(self) -> list[Advisor]:
        return self.rows

    def set_advisors(self, advisors: list[Advisor], logins: dict[int, str] | None = None) -> None:
        self.logins = logins or {}
        self.set_rows(advisors)

    def cell(self, advisor: Advisor, column: int) -> str:
        return (advisor.full_name, advisor.role.label(),
                _("active") if advisor.active else _("inactive"),
                self.logins.get(advisor.id, ""))[column]


class AdvisorsTab(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._build_ui()
        self._connect()
        self.retranslate()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.model = AdvisorsModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.toggle_button = QPushButton(self)
        self.login_button = QPushButton(self)
        row_buttons = QHBoxLayout()
        row_buttons.addStretch(1)
        row_buttons.addWidget(self.login_button)
        row_buttons.addWidget(self.toggle_button)
        layout.addLayout(row_buttons)
        add_row = QHBoxLayout()
        self.name_label = QLabel(self)
        self.name_edit = QLineEdit(self)
        self.name_label.setBuddy(self.name_edit)
        self.role_label = QLabel(self)
        self.role_combo = EnumCombo(Role, parent=self)
        self.role_label.setBuddy(self.role_combo)
        self.add_button = QPushButton(self)
        add_row.addWidget(self.name_label)
        add_row.addWidget(self.name_edit, 1)
        add_row.addWidget(self.role_label)
        add_row.addWidget(self.role_combo)
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)

    def _connect(self) -> None:
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.name_edit.returnPressed.connect(self._on_add_button_clicked)
        self.toggle_button.clicked.connect(self._on_toggle_button_clicked)
        self.login_button.clicked.connect(self._on_login_button_clicked)
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection_changed)
        self.context.advisor_changed.connect(self._on_context_advisor_changed)

    def retranslate(self) -> None:
        self.name_label.setText(_("&New advisor"))
        self.name_edit.setAccessibleName(_("New advisor's full name"))
        self.name_edit.setPlaceholderText(_("Full name"))
        self.role_label.setText(_("&Role"))
        self.role_combo.setAccessibleName(_("Role"))
        self.role_combo.retranslate()
        self.add_button.setText(_("&Add"))
        self.view.setAccessibleName(_("Advisors"))
        self.model.retranslate()
        self.refresh()

    def refresh(self) -> None:
        editable = self.context.allowed(Permission.MANAGE_ACCOUNTS)
        self.note.setText(
            _("Advisors who leave are deactivated, not deleted: their consultations keep "
              "their name.") if editable else
            _("Only a coordinator can add or deactivate advisors."))
        for widget in (self.name_edit, self.role_combo, self.add_button):
            widget.setEnabled(editable)
        logins = dict(self.context.db.execute(
            "SELECT id, login FROM advisors WHERE login IS NOT NULL").fetchall())
        self.model.set_advisors(list_advisors(self.context.db, active_only=False), logins)
        self._show_toggle()

    def _selected(self) -> Advisor | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.advisors[rows[0].row()] if rows else None

    def _show_toggle(self) -> None:
        advisor = self._selected()
        self.toggle_button.setText(_("&Deactivate") if advisor is None or advisor.active
                                   else _("Re&activate"))
        self.toggle_button.setEnabled(self.context.allowed(Permission.MANAGE_ACCOUNTS)
                                      and advisor is not None
                                      and advisor.id != self.context.advisor_id)
        has_login = advisor is not None and bool(self.model.logins.get(advisor.id))
        self.login_button.setText(_("Reset the &password…") if has_login
                                  else _("Give a &login…"))
        self.login_button.setToolTip(
            _("A temporary password; they choose their own at the next sign-in.") if has_login
            else _("A login and a temporary password, so that they can sign in."))
        self.login_button.setEnabled(self.context.allowed(Permission.MANAGE_ACCOUNTS)
                                     and advisor is not None and advisor.active)

    def _on_view_selection_changed(self, *_args: object) -> None:
        self._show_toggle()

    def _on_context_advisor_changed(self) -> None:
        self.refresh()

    def _on_add_button_clicked(self) -> None:
        try:
            changes = register_advisor(self.context.db, self.name_edit.text(),
                                       Role(self.role_combo.value()),
                                       by=self.context.acting_account())
        except BureauError as error:
            self.error.show_messages([str(error)])
            return
        self.error.show_messages([])
        self.name_edit.clear()
        self.context.apply(changes)
        self.refresh()

    def _on_login_button_clicked(self) -> None:
        self.edit_login()

    def edit_login(self) -> bool:
        """Give the selected advisor a login, or reset their password (coordinators)."""
        advisor = self._selected()
        me = self.context.acting_account()
        if advisor is None or me is None or not self.context.allowed(Permission.MANAGE_ACCOUNTS):
            return False
        dialog = CredentialsDialog(self.context.db, advisor.id, advisor.full_name, by=me,
                                   login=self.model.logins.get(advisor.id, ""), parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.context.status_message.emit(_("{name} can sign in as “{login}” with the "
                                           "temporary password.").format(
            name=advisor.full_name, login=dialog.login()))
        self.context.settings_changed.emit()
        self.refresh()
        return True

    def _on_toggle_button_clicked(self) -> None:
        advisor = self._selected()
        if advisor is None:
            return
        try:
            changes = set_advisor_active(self.context.db, advisor.id, not advisor.active,
                                         by=self.context.acting_account())
        except BureauError as error:
            self.error.show_messages([str(error)])
            return
        self.context.apply(changes)
        self.refresh()
