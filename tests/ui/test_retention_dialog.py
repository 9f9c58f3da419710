"""The coordinator sees the next retention run's candidates, and why, before applying (#15)."""

from __future__ import annotations

import datetime as dt

import pytest
from bureau_desk.dialogs.retention import RetentionDialog, review_retention

from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import get_consultation, save_consultation
from bureau.validation import validate_consultation
from tests.ui.windows_left import delete_new_windows  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("delete_new_windows")


def old_visit(db, advisor_id: int, name: str, **extra) -> int:
    lookup = CatalogueLookup(db)
    raw = {"occurred_at": dt.datetime(2022, 3, 1, 10, 0), "channel": "in_person",
           "advisor_id": advisor_id, "citizen": {"full_name": name, "settlement": "Кресна"},
           "issues": [("local_taxes", None)], "question": "Q", "answer": "A",
           "help_level": "information", "outcome": "resolved", "consent_record": True, **extra}
    consultation_id, _ref = save_consultation(db, validate_consultation(raw, lookup), lookup)
    citizen_id = get_consultation(db, consultation_id).citizen.id
    db.execute("UPDATE citizens SET created_at = '2022-03-01T08:00:00+00:00' WHERE id = ?",
               [citizen_id])
    return citizen_id


def test_preview_lists_taken_and_kept_then_applies_only_those_shown(window, qtbot, desk_db,
                                                                   message_boxes):
    taken = old_visit(desk_db, desk_db.coordinator_id, "Стоян Затворен")
    kept = old_visit(desk_db, desk_db.coordinator_id, "Цветанка Дочева", outcome="pending")
    page = window.show_page("citizens")
    assert page.retention_button.isVisible()
    page.retention_button.click()
    dialog = next(w for w in page.findChildren(RetentionDialog))
    rows = {dialog.table.item(r, 1).text(): dialog.table.item(r, 3).text()
            for r in range(dialog.table.rowCount())}
    assert rows == {"Стоян Затворен": "anonymised: no contact since 2022-03-01",
                    "Цветанка Дочева": "kept: consultation 2022-000002 has a pending outcome"}
    assert dialog.apply_button.text() == "&Anonymise 1 person"
    # Someone new past the period after the preview is not taken by this apply.
    late = old_visit(desk_db, desk_db.coordinator_id, "Нов Късен")
    dialog.apply_button.click()
    assert message_boxes.shown[-1][0] == "question"
    names = dict(desk_db.execute("SELECT id, full_name FROM citizens"))
    assert names[taken] is None and names[kept] == "Цветанка Дочева"
    assert names[late] == "Нов Късен"
    dialog.close()


def test_a_volunteer_has_no_retention_button(window, qtbot, desk_db):
    page = window.show_page("citizens")
    assert page.retention_button.isVisible()
    volunteer = desk_db.execute("SELECT id FROM advisors WHERE role = 'advisor'").fetchone()[0]
    window.context.set_advisor(volunteer)
    assert not page.retention_button.isVisible()
    assert review_retention(page, window.context) is None


def test_erasure_from_the_desk_reaches_the_desks_own_draft(window, qtbot, desk_db, tmp_path,
                                                          message_boxes):
    """The unsaved consultation that names the person loses the name, keeps the rest."""
    from bureau_desk.widgets.drafts import load_draft, save_draft

    citizen_id = old_visit(desk_db, desk_db.coordinator_id, "Иванка Петрова")
    window.context.drafts_dir = tmp_path / "drafts"
    save_draft(window.context.drafts_dir, window.context.db_path,
               {"citizen_id": citizen_id, "question": "Иванка Петрова пита пак за данъка"})
    page = window.show_page("citizens")
    assert page.selected is not None and page.selected.id == citizen_id
    page.erase_button.click()
    _saved_at, state = load_draft(window.context.drafts_dir, window.context.db_path)
    assert state == {"citizen_id": None, "question": "[…] […] пита пак за данъка"}
