"""Search as you type without resetting the register: the first key searches at once,
the keys that follow quickly one query once typing pauses; rows are removed and
inserted in place, so the chosen row and the scroll stay."""

from __future__ import annotations

import pytest
from bureau_desk.models.register import RegisterModel
from PySide6.QtCore import QModelIndex, Qt

from bureau.consultations.register import RegisterFilter
from tests.ui.keys import Keyboard
from tests.ui.test_register import add_consultations


@pytest.fixture
def register(window, desk_db):
    add_consultations(desk_db, desk_db.coordinator_id, 23)
    return window.show_page("register")


def test_typing_does_not_reset_the_model_and_keeps_the_chosen_row(window, register, qtbot):
    model, view = register.model, register.view
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    # The chosen row: a "Живков" one, which the search below keeps finding.
    row = next(r for r in range(model.rowCount()) if model.row_at(r).citizen_name == "Живков Тодор")
    chosen = model.consultation_id(row)
    view.setCurrentIndex(model.index(row, RegisterModel.COL_QUESTION))
    queries: list[str] = []
    real = model.set_filter
    model.set_filter = lambda flt, **kw: (queries.append(flt.text), real(flt, **kw))[1]
    window.find_action.trigger()
    keys = Keyboard(qtbot)
    keys.type("zhiv")
    qtbot.waitUntil(lambda: model.filter.text == "zhiv")
    assert queries == ["z", "zhiv"]  # the first key at once, then one after the pause
    assert resets == []
    assert {model.row_at(r).citizen_name for r in range(model.rowCount())} == {"Живков Тодор"}
    assert model.consultation_id(view.currentIndex().row()) == chosen
    assert view.selectionModel().isRowSelected(view.currentIndex().row())
    keys.press(Qt.Key.Key_Backspace, times=4)
    qtbot.waitUntil(lambda: model.filter.text == "")
    assert resets == [] and model.rowCount() == 23
    assert model.consultation_id(view.currentIndex().row()) == chosen  # still the same one


def test_incremental_updates_keep_the_model_sound(qtmodeltester, desk_db):
    add_consultations(desk_db, desk_db.coordinator_id, 23)
    model = RegisterModel(desk_db, page_size=5, keys_per_fetch=5)
    model.set_filter(RegisterFilter())
    while model.canFetchMore():
        model.fetchMore(QModelIndex())
    qtmodeltester.check(model)
    for text in ("пет", "петрова", "живков", "", "въпрос номер 1"):
        model.set_filter(RegisterFilter(text=text))
        expected = RegisterModel(desk_db, page_size=5)
        expected.set_filter(RegisterFilter(text=text))
        assert list(model._ids) == list(expected._ids), text
        qtmodeltester.check(model)
