"""Names, phones and same-name people as the volunteer meets them at the desk (#16 items 1, 2, 9)."""

from __future__ import annotations

import pytest
from bureau_desk.models.register import RegisterModel

from bureau.catalogue import CatalogueLookup
from bureau.consultations.register import RegisterFilter
from bureau.consultations.store import save_consultation
from bureau.validation import validate_consultation
from tests.ui.keys import Keyboard


def _save(db, advisor_id: int, citizen: dict) -> None:
    lookup = CatalogueLookup(db)
    raw = {"occurred_at": "2026-10-14 10:30", "channel": "phone", "advisor_id": advisor_id,
           "citizen": citizen, "issues": [("local_taxes", None)], "question": "Q", "answer": "A",
           "help_level": "information", "outcome": "resolved", "consent_record": True}
    save_consultation(db, validate_consultation(raw, lookup), lookup)


@pytest.fixture
def desk(window):
    return window.page("desk")


def suggestions(qtbot, desk, typed: str) -> list[str]:
    field = desk.form.citizen_box.name_edit
    field.clear()
    field.setFocus()
    Keyboard(qtbot).type(typed)
    qtbot.waitUntil(field.suggestions_visible)
    shown = field.suggestion_list()
    return [shown.item(row).text() for row in range(shown.count())]


@pytest.mark.parametrize("typed", ["0887654321", "0887 654 321", "+359887654321"])
def test_the_citizen_box_finds_a_phone_however_written(window, desk, qtbot, desk_db, typed):
    _save(desk_db, desk.context.advisor_id, {"full_name": "Иван Петров", "phone": "+359 887 654 321"})
    shown = suggestions(qtbot, desk, typed)
    assert len(shown) == 1 and "Иван Петров" in shown[0]


@pytest.mark.parametrize("typed", ["0887 654 321", "Podieiacheva", "Подячева"])
def test_the_register_finds_phones_passport_spellings_and_typos(qtbot, desk_db, typed):
    _save(desk_db, desk_db.coordinator_id, {"full_name": "Юлиана Подъячева",
                                            "phone": "+359 887 654 321"})
    _save(desk_db, desk_db.coordinator_id, {"full_name": "Иван Петров"})
    model = RegisterModel(desk_db)
    model.set_filter(RegisterFilter(text=typed))
    assert model.rowCount() == 1
    assert "Юлиана Подъячева" in [model.index(0, c).data() for c in range(model.columnCount())]


def test_a_conflicting_age_band_keeps_a_namesake_out_of_the_suggestions(window, desk, qtbot,
                                                                         desk_db):
    _save(desk_db, desk.context.advisor_id, {"full_name": "Иван Иванов", "settlement": "Кресна",
                                             "age_band": "65_plus"})
    box = desk.form.citizen_box
    assert len(suggestions(qtbot, desk, "Иван Иванов")) == 1
    box.age_combo.set_value("18_29")
    field = box.name_edit
    field.clear()
    Keyboard(qtbot).type("Иван Иванов")
    field.update_suggestions()  # what the pause in typing triggers, without waiting for it
    assert not field.suggestions_visible()
    box.age_combo.set_value("65_plus")
    field.update_suggestions()
    assert field.suggestions_visible() and field.suggestion_list().count() == 1
