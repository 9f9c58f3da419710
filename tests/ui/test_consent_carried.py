"""A returning citizen's recorded consent is shown as given, with its date, and saved (#15 item 8)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import save_consultation
from bureau.validation import validate_consultation
from tests.ui.keys import Keyboard
from tests.ui.test_intake import DOWN, ENTER, consultations, fill_consultation
from tests.ui.windows_left import delete_new_windows  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("delete_new_windows")


@pytest.fixture
def desk(window):
    return window.page("desk")


def test_recorded_consent_is_ticked_dated_and_carried_to_the_visit(window, desk, qtbot, desk_db):
    lookup = CatalogueLookup(desk_db)
    raw = {"occurred_at": "2026-10-14 10:30", "channel": "phone",
           "advisor_id": desk.context.advisor_id,
           "citizen": {"full_name": "Иванка Петрова", "settlement": "Кресна"},
           "issues": [("local_taxes", None)], "question": "Q", "answer": "A",
           "help_level": "information", "outcome": "resolved", "consent_record": True}
    save_consultation(desk_db, validate_consultation(raw, lookup), lookup)
    keys = Keyboard(qtbot)
    box = desk.form.citizen_box
    keys.type("Иванка")
    qtbot.waitUntil(box.name_edit.suggestions_visible)
    keys.press(DOWN)
    keys.press(ENTER)
    assert box.linked is not None
    assert box.consent_record.isChecked() and not box.consent_contact.isChecked()
    assert "consent given on Oct 14, 2026" in box.linked_label.text()
    fill_consultation(keys, desk.form)
    keys.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    rows = consultations(desk_db)
    assert len(rows) == 2 and rows[1][4] == 1
    # Letting the person go unticks what was ticked for them.
    box.link(box.linked)
    box.link(None)
    assert not box.consent_record.isChecked()
