"""First run: the bureau's name, its municipality and contact details, the language, the
first coordinator (and their login and password, so that the desk asks for a sign-in from
then on).

The address, phone, e-mail and opening hours are optional, but slips and letters print
them for the citizen ("ask the bureau at the contacts above"), so they are asked here.

Shown when the database does not exist yet, has no bureau name, or has no
active advisor. Nothing is written until Finish, so Cancel leaves no file.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from bureau_desk.shell.language import language_label, switch_language
from bureau_desk.widgets.forms import plain
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
    QWizard,
    QWizardPage,
)

from bureau.database.connection import write_transaction
from bureau.database.settings import get_settings, set_settings
from bureau.domain import BureauError, FieldError, Role, ValidationError
from bureau.i18n import N_, _, get_locale
from bureau.opening import init_database
from bureau.trust import accounts
from bureau.trust.accounts import Account, set_credentials
from bureau.trust.advisors import add_advisor, list_advisors
from bureau.validation import bureau_detail_errors, clean_text

WIZARD_LANGUAGES = ("bg", "ru")
# The same labels as in Settings > Bureau, where they can be changed later.
CONTACT_FIELDS = (("address", N_("A&ddress")), ("phone", N_("&Phone")), ("email", N_("&E-mail")),
                  ("opening_hours", N_("&Opening hours")))
MSG_REQUIRED = N_("is required")


class _Page(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.form.addRow(self.intro)

    def add_field(self, widget: QWidget) -> QLabel:
        label = QLabel(self)
        label.setBuddy(widget)
        self.form.addRow(label, widget)
        return label


class FirstRunWizard(QWizard):
    def __init__(self, db_path: Path, existing: sqlite_utils.Database | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.existing = existing
        self.db: sqlite_utils.Database | None = None
        self._build_ui()
        self._connect()
        self._prefill()
        self.retranslate()

    def _build_ui(self) -> None:
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.language_page = _Page(self)
        self.language_combo = QComboBox(self.language_page)
        for code in WIZARD_LANGUAGES:
            self.language_combo.addItem(language_label(code), code)
        self.language_label = self.language_page.add_field(self.language_combo)
        self.bureau_page = _Page(self)
        self.name_edit = QLineEdit(self.bureau_page)
        self.name_label = self.bureau_page.add_field(self.name_edit)
        self.municipality_edit = QLineEdit(self.bureau_page)
        self.municipality_label = self.bureau_page.add_field(self.municipality_edit)
        self.contact_edits: dict[str, QLineEdit] = {}
        self.contact_labels: dict[str, QLabel] = {}
        for key, _label in CONTACT_FIELDS:
            self.contact_edits[key] = QLineEdit(self.bureau_page)
            self.contact_labels[key] = self.bureau_page.add_field(self.contact_edits[key])
        # "*" makes QWizard keep Next/Finish disabled until the field has text.
        self.bureau_page.registerField("bureau_name*", self.name_edit)
        self.bureau_page.registerField("municipality*", self.municipality_edit)
        self.coordinator_page = _Page(self)
        self.coordinator_edit = QLineEdit(self.coordinator_page)
        self.coordinator_label = self.coordinator_page.add_field(self.coordinator_edit)
        self.coordinator_page.registerField("coordinator*", self.coordinator_edit)
        self.login_edit = QLineEdit(self.coordinator_page)
        self.login_label = self.coordinator_page.add_field(self.login_edit)
        self.password_edit = QLineEdit(self.coordinator_page)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_label = self.coordinator_page.add_field(self.password_edit)
        self.again_edit = QLineEdit(self.coordinator_page)
        self.again_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.again_label = self.coordinator_page.add_field(self.again_edit)
        for page in (self.language_page, self.bureau_page, self.coordinator_page):
            self.addPage(page)

    def _connect(self) -> None:
        self.language_combo.currentIndexChanged.connect(self._on_language_combo_changed)

    def _prefill(self) -> None:
        index = self.language_combo.findData(get_locale())
        self.language_combo.setCurrentIndex(max(index, 0))
        if self.existing is None:
            return
        values = get_settings(self.existing)
        self.name_edit.setText(values.get("bureau_name", ""))
        self.municipality_edit.setText(values.get("municipality", ""))
        for key, edit in self.contact_edits.items():
            edit.setText(values.get(key, ""))
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(values["language"]), 0))

    def retranslate(self) -> None:
        self.setWindowTitle(_("Bureau: first start"))
        self.language_page.setTitle(_("Welcome"))
        self.language_page.intro.setText(_(
            "This computer has no bureau set up yet. Three short questions, then you can "
            "start recording consultations. Everything can be changed later in Settings."))
        self.language_label.setText(_("&Language"))
        self.bureau_page.setTitle(_("The bureau"))
        self.bureau_page.intro.setText(_(
            "The name and municipality are printed on every slip and report; the address, "
            "phone, e-mail and opening hours on the slips, so that citizens can reach the "
            "bureau. Only the name and municipality are required."))
        self.name_label.setText(_("Bureau &name"))
        self.municipality_label.setText(_("&Municipality"))
        for key, label in CONTACT_FIELDS:
            self.contact_labels[key].setText(_(label))
        self.contact_edits["opening_hours"].setToolTip(
            _("As printed on the slip, e.g. Mon-Fri 9:00-17:00"))
        self.coordinator_page.setTitle(_("The coordinator"))
        self.coordinator_page.intro.setText(_(
            "The coordinator manages advisors and catalogues and merges duplicate records. "
            "Other advisors can be added later in Settings.") + " " + _(
            "With a login and password, everyone signs in and the desk locks itself when "
            "nobody uses it; leave them empty to set this up later in Settings."))
        self.coordinator_label.setText(_("Coordinator's &full name"))
        self.login_label.setText(_("&Login"))
        self.login_edit.setToolTip(_("3 to 40 latin letters, digits, dots, dashes or "
                                     "underscores, e.g. maria.s"))
        self.password_label.setText(_("&Password"))
        self.password_edit.setToolTip(_("At least 8 characters."))
        self.again_label.setText(_("Password &again"))
        for label, widget in ((self.language_label, self.language_combo),
                              (self.name_label, self.name_edit),
                              (self.municipality_label, self.municipality_edit),
                              *((self.contact_labels[key], self.contact_edits[key])
                                for key, _label in CONTACT_FIELDS),
                              (self.coordinator_label, self.coordinator_edit),
                              (self.login_label, self.login_edit),
                              (self.password_label, self.password_edit),
                              (self.again_label, self.again_edit)):
            widget.setAccessibleName(plain(label.text()))

    def _on_language_combo_changed(self, index: int) -> None:
        switch_language(self.language_combo.itemData(index))

    def language(self) -> str:
        return self.language_combo.currentData()

    def accept(self) -> None:
        if self.password_edit.text() != self.again_edit.text():
            QMessageBox.critical(self, _("The bureau could not be set up"),
                                 _("The two passwords are not the same."))
            return
        try:
            self.db = create_bureau(self.db_path, existing=self.existing,
                                    bureau_name=self.name_edit.text(),
                                    municipality=self.municipality_edit.text(),
                                    contacts={key: edit.text()
                                              for key, edit in self.contact_edits.items()},
                                    language=self.language(),
                                    coordinator=self.coordinator_edit.text(),
                                    login=self.login_edit.text(),
                                    password=self.password_edit.text())
        except BureauError as error:
            QMessageBox.critical(self, _("The bureau could not be set up"), str(error))
            return
        super().accept()


def needs_setup(db: sqlite_utils.Database) -> bool:
    return not get_settings(db).get("bureau_name") or not list_advisors(db, active_only=True)


def credential_errors(login: str, password: str) -> list[FieldError]:
    """The core's own rules for a login and a password, checked before any file is written."""
    errors: list[FieldError] = []
    # set_credentials applies these same checks; asking them first keeps a
    # wrong password from leaving a half-made database behind.
    for check, value in ((accounts._normal_login, login), (accounts._check_password, password)):
        try:
            check(value)
        except ValidationError as error:
            errors += error.errors
    return errors


def create_bureau(path: Path, *, existing: sqlite_utils.Database | None, bureau_name: str,
                  municipality: str, language: str, coordinator: str, login: str = "",
                  password: str = "", contacts: dict[str, str] | None = None,
                  ) -> sqlite_utils.Database:
    """Create (or complete) the database, its settings and the first coordinator.

    ``contacts``: address, phone, email, opening_hours (each optional). With a
    login (or a password), the coordinator gets an account: sign-in is on.
    Raises ``ValidationError`` (nothing written) for a missing name or a
    malformed phone or e-mail.
    """
    details = {"bureau_name": clean_text(bureau_name), "municipality": clean_text(municipality),
               **{key: clean_text((contacts or {}).get(key, "")) for key, _l in CONTACT_FIELDS}}
    missing = bureau_detail_errors(details)
    if not clean_text(coordinator):
        missing.append(FieldError("advisor", MSG_REQUIRED))
    with_account = bool(login.strip() or password)
    if with_account:
        missing += credential_errors(login, password)
    if missing:  # checked before a file is created
        raise ValidationError(missing)
    db = existing or init_database(path)
    try:
        with write_transaction(db):
            set_settings(db, **details, language=language)
            if not list_advisors(db, active_only=True):
                coordinator_id = add_advisor(db, clean_text(coordinator), Role.COORDINATOR)
                if with_account:
                    # The coordinator's own first password (nobody can sign in yet).
                    set_credentials(db, coordinator_id, login, password,
                                    by=Account(coordinator_id, clean_text(coordinator), login,
                                               Role.COORDINATOR, False))
    except BureauError:
        if existing is None:
            db.close()
        raise
    return db
