"""The audit log in Settings; viewing, exporting and erasing a person's data is recorded."""

from __future__ import annotations

import json

import pytest
from bureau_desk.dialogs.citizen_privacy import answer_access_request
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import save_consultation
from bureau.trust import audit
from bureau.validation import validate_consultation


@pytest.fixture(autouse=True)
def _windows_deleted_afterwards():
    """Closed windows are deleted at once: a later test's language switch must not reach
    a window whose database is gone (pytest-qt only closes them)."""
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def add_visit(db, advisor_id: int, name: str) -> None:
    lookup = CatalogueLookup(db)
    raw = {"occurred_at": "2026-10-14 10:30", "channel": "in_person", "advisor_id": advisor_id,
           "citizen": {"full_name": name, "phone": "0888123456"},
           "issues": [("local_taxes", None)], "question": f"{name} пита за данъка",
           "answer": "Отговор", "help_level": "information", "outcome": "resolved",
           "consent_record": True}
    save_consultation(db, validate_consultation(raw, lookup), lookup)


def views(db) -> list[audit.AuditEntry]:
    return audit.entries(db, action=audit.Action.VIEW_PERSONAL)


def test_showing_a_citizen_is_recorded_once(window, desk_db):
    add_visit(desk_db, desk_db.coordinator_id, "Иванка Петрова")
    page = window.show_page("citizens")
    assert page.selected is not None
    [entry] = views(desk_db)
    assert (entry.entity, entry.entity_id) == ("citizen", str(page.selected.id))
    assert entry.actor_id == desk_db.coordinator_id
    page.refresh()  # the same person still shown: no second entry
    assert len(views(desk_db)) == 1


def test_the_audit_tab_lists_and_filters_entries(window, desk_db):
    add_visit(desk_db, desk_db.coordinator_id, "Иванка Петрова")
    window.show_page("citizens")
    tab = window.show_page("settings").audit_tab
    tab.refresh()
    actions = [tab.model.index(row, tab.model.COL_ACTION).data()
               for row in range(tab.model.rowCount())]
    assert actions[0] == "Viewed personal data" and "Created" in actions
    assert tab.model.index(0, tab.model.COL_WHO).data() == "Мария Стоянова"
    assert tab.model.index(0, tab.model.COL_RECORD).data().startswith("citizen ")
    tab.action_combo.setCurrentIndex(tab.action_combo.findData("create"))
    assert tab.model.rowCount() == 1
    tab.action_combo.setCurrentIndex(0)
    tab.from_edit.setDate(tab.from_edit.date().currentDate().addDays(1))
    assert tab.model.rowCount() == 0  # nothing happened tomorrow
    assert "0 entries" in tab.note.text()


def test_only_a_coordinator_reads_the_audit_log(window):
    window.advisor_combo.setCurrentIndex(window.advisor_combo.findText("Петър Ангелов"))
    tab = window.show_page("settings").audit_tab
    assert tab.model.rowCount() == 0 and not tab.view.isEnabled()
    assert "coordinator" in tab.note.text()


def test_access_request_and_erasure_from_the_citizens_page(window, qtbot, desk_db, tmp_path,
                                                          message_boxes):
    add_visit(desk_db, desk_db.coordinator_id, "Иванка Петрова")
    page = window.show_page("citizens")
    assert not page.access_button.isHidden() and page.erase_button.isEnabled()
    citizen = page.selected
    out = tmp_path / "request.json"
    task = answer_access_request(page, window.context, citizen, str(out))
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["citizen"]["full_name"] == "Иванка Петрова"
    assert audit.entries(desk_db, action=audit.Action.ACCESS_REQUEST)

    page.erase_button.click()
    question = [text for kind, _title, text in message_boxes.shown if kind == "question"]
    assert "Иванка Петрова" in question[-1]  # the confirmation names the person
    row = desk_db.execute("SELECT full_name, phone, anonymised_at FROM citizens WHERE id = ?",
                          [citizen.id]).fetchone()
    assert row[0] is None and row[1] == "" and row[2]
    [erased] = audit.entries(desk_db, action=audit.Action.ERASE)
    assert erased.entity_id == str(citizen.id) and erased.actor_id == desk_db.coordinator_id


def test_a_volunteer_sees_no_privacy_buttons(window, desk_db):
    add_visit(desk_db, desk_db.coordinator_id, "Иванка Петрова")
    window.advisor_combo.setCurrentIndex(window.advisor_combo.findText("Петър Ангелов"))
    page = window.show_page("citizens")
    assert page.access_button.isHidden() and page.erase_button.isHidden()
