"""The first-run wizard asks for the bureau's contact details, which the slip prints (#17 item 8)."""

from __future__ import annotations

from bureau_desk.dialogs.first_run import FirstRunWizard
from PySide6.QtWidgets import QDialog, QMessageBox, QWizard

from bureau.database.settings import get_settings
from bureau.i18n import _
from bureau.opening import open_database

CONTACTS = {"address": "гр. Кресна, ул. „Македония“ 96", "phone": "+359 746 3 20 50",
            "email": "bisg@kresna.bg", "opening_hours": "пн–пт 8:30–17:00"}


def _fill(qtbot, wizard: FirstRunWizard, contacts: dict[str, str]) -> None:
    wizard.show()
    qtbot.waitExposed(wizard)
    # The language stays as offered: switching it re-translates every window, and is
    # tested in test_first_run_and_citizens.
    wizard.next()
    wizard.name_edit.setText("Бюро Кресна")
    wizard.municipality_edit.setText("Община Кресна")
    for key, value in contacts.items():
        wizard.contact_edits[key].setText(value)
    wizard.next()
    wizard.coordinator_edit.setText("Мария Стоянова")


def test_the_wizard_saves_address_phone_email_and_hours(qtbot, tmp_path):
    path = tmp_path / "bureau.db"
    wizard = FirstRunWizard(path)
    qtbot.addWidget(wizard)
    _fill(qtbot, wizard, CONTACTS)
    assert wizard.contact_labels["opening_hours"].text() == _("&Opening hours")
    assert wizard.contact_labels["opening_hours"].buddy() is wizard.contact_edits["opening_hours"]
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QDialog.DialogCode.Accepted
    wizard.db.close()
    db = open_database(path)
    settings = get_settings(db)
    assert {key: settings[key] for key in CONTACTS} == CONTACTS
    db.close()


def test_a_malformed_phone_is_refused_and_nothing_is_written(qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    path = tmp_path / "bureau.db"
    wizard = FirstRunWizard(path)
    qtbot.addWidget(wizard)
    _fill(qtbot, wizard, {**CONTACTS, "phone": "звънете ни"})
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() != QDialog.DialogCode.Accepted
    assert shown and "звънете ни" in shown[0]
    assert not path.exists()
