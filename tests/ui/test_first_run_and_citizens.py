"""First run (wizard), and the Citizens page: finding people, merging duplicates."""

from __future__ import annotations

from bureau_desk.dialogs.first_run import FirstRunWizard, needs_setup
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWizard

from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import save_consultation
from bureau.database.settings import get_settings
from bureau.domain import Role
from bureau.opening import init_database, open_database
from bureau.trust.advisors import list_advisors
from bureau.validation import validate_consultation
from tests.ui.keys import Keyboard


def finish_wizard(qtbot, wizard: FirstRunWizard, *, name: str, municipality: str,
                  coordinator: str, language: str = "ru") -> None:
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.language_combo.setCurrentIndex(wizard.language_combo.findData(language))
    wizard.next()
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()  # the bureau needs a name first
    wizard.name_edit.setText(name)
    wizard.municipality_edit.setText(municipality)
    assert next_button.isEnabled()
    wizard.next()
    wizard.coordinator_edit.setText(coordinator)
    wizard.button(QWizard.WizardButton.FinishButton).click()


def test_first_run_creates_the_bureau_and_its_coordinator(qtbot, tmp_path):
    path = tmp_path / "new" / "bureau.db"
    wizard = FirstRunWizard(path)
    qtbot.addWidget(wizard)
    assert not path.exists()  # nothing is written before Finish
    finish_wizard(qtbot, wizard, name="Бюро Кресна", municipality="Община Кресна",
                  coordinator="  Мария   Стоянова ")
    assert wizard.result() == QDialog.DialogCode.Accepted
    wizard.db.close()

    db = open_database(path)
    settings = get_settings(db)
    assert (settings["bureau_name"], settings["municipality"], settings["language"]) == (
        "Бюро Кресна", "Община Кресна", "ru")
    advisors = list_advisors(db)
    assert [(a.full_name, a.role) for a in advisors] == [("Мария Стоянова", Role.COORDINATOR)]
    assert not needs_setup(db)  # the next start goes straight to the desk
    db.close()


def test_cancelling_the_wizard_leaves_no_file(qtbot, tmp_path):
    path = tmp_path / "bureau.db"
    wizard = FirstRunWizard(path)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.reject()
    assert not path.exists()


def test_a_database_without_a_name_is_completed_not_replaced(qtbot, tmp_path):
    path = tmp_path / "bureau.db"
    existing = init_database(path)  # as `bureau-cli init` leaves it
    assert needs_setup(existing)
    wizard = FirstRunWizard(path, existing)
    qtbot.addWidget(wizard)
    finish_wizard(qtbot, wizard, name="Бюро", municipality="Кресна", coordinator="Иван Иванов",
                  language="bg")
    assert wizard.db is existing
    assert get_settings(existing)["bureau_name"] == "Бюро"
    assert not needs_setup(existing)
    existing.close()


def test_app_main_starts_the_wizard_then_the_desk(qtbot, tmp_path, monkeypatch):
    import bureau_desk.dialogs.first_run
    import bureau_desk.shell.app
    from PySide6.QtWidgets import QApplication

    path = tmp_path / "bureau.db"
    shown = []

    def fake_exec(wizard: FirstRunWizard) -> int:
        wizard.name_edit.setText("Бюро")
        wizard.municipality_edit.setText("Кресна")
        wizard.coordinator_edit.setText("Мария Стоянова")
        wizard.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(bureau_desk.dialogs.first_run.FirstRunWizard, "exec", fake_exec)
    monkeypatch.setattr(QApplication, "exec", lambda _self=None: shown.append(
        [w.objectName() for w in QApplication.topLevelWidgets() if w.isVisible()]) or 0)
    assert bureau_desk.shell.app.main(["--db", str(path)]) == 0
    assert "main_window" in shown[0]
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == "main_window":
            widget.pages["desk"].form.clear()
            widget.close()
            widget.deleteLater()


def test_a_damaged_database_is_reported_and_the_desk_exits_with_4(qapp, tmp_path,
                                                                  message_boxes):
    import bureau_desk.shell.app

    path = tmp_path / "bureau.db"
    path.write_bytes(b"this is not a database" * 100)
    assert bureau_desk.shell.app.main(["--db", str(path)]) == bureau_desk.shell.app.EXIT_DATABASE
    [(kind, _title, text)] = message_boxes.shown
    assert kind == "critical" and str(path) in text


# --- citizens ------------------------------------------------------------------


def add_visit(db, advisor_id: int, name: str, **citizen) -> None:
    lookup = CatalogueLookup(db)
    raw = {"occurred_at": "2026-10-14 10:30", "channel": "in_person", "advisor_id": advisor_id,
           "citizen": {"full_name": name, **citizen}, "issues": [("local_taxes", None)],
           "question": "Въпрос", "answer": "Отговор", "help_level": "information",
           "outcome": "resolved", "consent_record": True}
    save_consultation(db, validate_consultation(raw, lookup), lookup)


def test_citizens_search_and_merge_duplicates(window, qtbot, desk_db, message_boxes):
    add_visit(desk_db, desk_db.coordinator_id, "Иванка Петрова", phone="0888123456")
    add_visit(desk_db, desk_db.coordinator_id, "Иванка Петрова", settlement="Кресна")
    add_visit(desk_db, desk_db.coordinator_id, "Тодор Живков")
    page = window.show_page("citizens")
    assert page.people_model.rowCount() == 3  # the most recent people, nothing typed yet
    keys = Keyboard(qtbot)
    assert keys.focus() is page.search_edit
    keys.type("ivanka")
    qtbot.waitUntil(lambda: page.people_model.rowCount() == 2)
    assert page.selected is not None and page.selected.full_name == "Иванка Петрова"
    assert page.visits_model.rowCount() == 1
    assert page.duplicates_model.rowCount() == 1
    page.duplicates_view.selectRow(0)
    assert page.merge_button.isEnabled()  # the coordinator is on duty
    keep_id = page.selected.id
    page.merge_button.click()
    assert message_boxes.shown[0][0] == "question"
    assert desk_db.execute("SELECT count(*) FROM consultations WHERE citizen_id = ?",
                           [keep_id]).fetchone()[0] == 2
    assert page.people_model.rowCount() == 1
    assert page.visits_model.rowCount() == 2
    assert "Merged" in window.statusBar().currentMessage()


def test_only_a_coordinator_may_merge(window, desk_db):
    add_visit(desk_db, desk_db.coordinator_id, "Иванка Петрова")
    add_visit(desk_db, desk_db.coordinator_id, "Иванка Петрова")
    window.advisor_combo.setCurrentIndex(window.advisor_combo.findText("Петър Ангелов"))
    page = window.show_page("citizens")
    page.duplicates_view.selectRow(0)
    assert page.duplicates_model.rowCount() == 1
    assert not page.merge_button.isEnabled()
    assert "coordinator" in page.duplicates_note.text()
    window.advisor_combo.setCurrentIndex(window.advisor_combo.findText("Мария Стоянова"))
    assert page.merge_button.isEnabled()


def test_enter_on_a_visit_opens_it(window, qtbot, desk_db):
    from bureau_desk.dialogs.record import RecordDialog
    from PySide6.QtWidgets import QApplication

    add_visit(desk_db, desk_db.coordinator_id, "Иванка Петрова")
    page = window.show_page("citizens")
    page.visits_view.setFocus()
    page.visits_view.setCurrentIndex(page.visits_model.index(0, 1))
    Keyboard(qtbot).press(Qt.Key.Key_Return)
    opened = [w for w in QApplication.topLevelWidgets()
              if isinstance(w, RecordDialog) and w.isVisible()]
    assert len(opened) == 1
    opened[0].reject()
