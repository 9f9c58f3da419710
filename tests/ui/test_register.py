"""The register: a paged table model, search, filters, order, opening a record."""

from __future__ import annotations

import datetime as dt

import pytest
from bureau_desk.models.register import RegisterModel
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from bureau.catalogue import CatalogueLookup
from bureau.consultations.register import RegisterFilter
from bureau.consultations.store import get_consultation, revisions, save_consultation
from bureau.domain import Outcome
from bureau.validation import validate_consultation
from tests.ui.keys import Keyboard

ROWS = 23
PAGE = 5


def add_consultations(db, advisor_id: int, count: int = ROWS) -> list[str]:
    lookup = CatalogueLookup(db)
    references = []
    start = dt.datetime(2026, 3, 2, 9, 0)
    for number in range(count):
        raw = {
            "occurred_at": start + dt.timedelta(days=number, minutes=number),
            "channel": "phone" if number % 2 else "in_person",
            "advisor_id": advisor_id,
            "citizen": {"full_name": f"Петрова Иванка {number}" if number % 3 else "Живков Тодор"},
            "issues": [("health" if number % 4 == 0 else "local_taxes", None)],
            "question": f"Въпрос номер {number}",
            "answer": "Отговор",
            "help_level": "advice" if number % 5 == 0 else "information",
            "outcome": "pending" if number % 6 == 0 else "resolved",
            "follow_up_on": (start + dt.timedelta(days=number + 1)).date()
            if number % 6 == 0 else None,
            "consent_record": True,
        }
        references.append(save_consultation(db, validate_consultation(raw, lookup), lookup)[1])
    return references


@pytest.fixture
def filled(desk_db) -> list[str]:
    return add_consultations(desk_db, desk_db.coordinator_id)


def test_model_passes_qtmodeltester_while_paging(qtmodeltester, desk_db, filled):
    model = RegisterModel(desk_db, page_size=PAGE, keys_per_fetch=PAGE)
    model.set_filter(RegisterFilter())
    assert model.rowCount() == PAGE and model.canFetchMore()
    qtmodeltester.check(model)  # also calls fetchMore
    while model.canFetchMore():
        model.fetchMore(QModelIndex())
    qtmodeltester.check(model)
    assert model.rowCount() == ROWS
    assert model.pages_fetched == ROWS // PAGE + 1


def test_rows_are_read_only_for_the_pages_shown(desk_db, filled, monkeypatch):
    import bureau_desk.models.register as register_model

    monkeypatch.setattr(register_model, "ROWS_CACHED", 2 * PAGE)
    model = RegisterModel(desk_db, page_size=PAGE, keys_per_fetch=7)
    model.set_filter(RegisterFilter())
    while model.canFetchMore():
        model.fetchMore(QModelIndex())
    assert model.rowCount() == ROWS  # every row reachable by scrolling ...
    references = [model.data(model.index(row, RegisterModel.COL_REFERENCE))
                  for row in range(ROWS)]
    assert references == list(reversed(filled))
    assert len(model._rows) == 2 * PAGE  # ... while only the rows shown last are held


def test_pages_are_read_only_as_the_view_scrolls(qtbot, desk_db, filled):
    from PySide6.QtWidgets import QTableView

    model = RegisterModel(desk_db, page_size=PAGE, keys_per_fetch=PAGE)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(800, 120)  # a few rows visible
    view.show()
    model.set_filter(RegisterFilter())
    qtbot.waitExposed(view)
    first = model.pages_fetched
    assert model.rowCount() < ROWS
    for _ in range(ROWS):
        view.scrollToBottom()
        QApplication.processEvents()
    assert model.rowCount() == ROWS
    assert model.pages_fetched > first


def test_newest_and_oldest_first_without_duplicates(desk_db, filled):
    newest = RegisterModel(desk_db, page_size=PAGE, keys_per_fetch=PAGE)
    newest.set_filter(RegisterFilter())
    oldest = RegisterModel(desk_db, page_size=PAGE, keys_per_fetch=PAGE)
    oldest.set_filter(RegisterFilter(), oldest_first=True)
    for model in (newest, oldest):
        while model.canFetchMore():
            model.fetchMore(QModelIndex())
    refs_newest = [newest.row_at(r).reference for r in range(newest.rowCount())]
    refs_oldest = [oldest.row_at(r).reference for r in range(oldest.rowCount())]
    assert refs_newest == list(reversed(filled))
    assert refs_oldest == filled


def test_display_texts(desk_db, filled):
    model = RegisterModel(desk_db, page_size=PAGE, keys_per_fetch=PAGE)
    model.set_filter(RegisterFilter(text=filled[0]))
    text = [model.data(model.index(0, column)) for column in range(model.columnCount())]
    assert text[RegisterModel.COL_REFERENCE] == filled[0]
    assert text[RegisterModel.COL_DATE] == "02.03.2026 09:00"
    assert text[RegisterModel.COL_CITIZEN] == "Живков Тодор"
    assert text[RegisterModel.COL_OUTCOME] == Outcome.PENDING.label()
    assert text[RegisterModel.COL_FOLLOW_UP] == "03.03.2026"


@pytest.fixture
def register(window, filled):
    page = window.show_page("register")
    return page


def test_ctrl_f_focuses_the_search_and_typing_filters(window, register, qtbot):
    window.show_page("desk")
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert keys.focus() is register.search_edit
    keys.type("zhivkov")  # Latin letters find the Cyrillic name
    qtbot.waitUntil(lambda: register.model.filter.text == "zhivkov")  # after the pause
    names = {register.model.row_at(r).citizen_name for r in range(register.model.rowCount())}
    assert names == {"Живков Тодор"}
    qtbot.waitUntil(lambda: register.count == 8)  # counted in the background
    assert "8" in register.count_label.text()


def test_filters_and_follow_ups_due(register, qtbot):
    bar = register.filters
    bar.outcome_combo.set_value(Outcome.PENDING)
    rows = [register.model.row_at(r) for r in range(register.model.rowCount())]
    assert rows and {row.outcome for row in rows} == {"pending"}
    bar.outcome_combo.set_value(None)
    bar.topic_combo.setCurrentIndex(bar.topic_combo.findData("health"))
    assert register.model.filter.category_code == "health"
    assert register.model.rowCount() == 6
    bar.clear_button.click()
    bar.follow_up_check.setChecked(True)
    assert register.model.filter.follow_up_due_on == dt.date.today()
    assert register.model.rowCount() == 4  # every pending one: their dates are all past
    bar.period_combo.setCurrentIndex(bar.period_combo.findData("custom"))
    bar.from_edit.setDate(dt.date(2026, 3, 2))
    bar.to_edit.setDate(dt.date(2026, 3, 8))
    assert register.model.rowCount() == 2


def test_date_header_switches_the_order(register):
    first = register.model.row_at(0).reference
    register.view.horizontalHeader().sectionClicked.emit(RegisterModel.COL_DATE)
    assert register.model.oldest_first
    assert register.model.row_at(0).reference != first
    assert register.view.horizontalHeader().sortIndicatorSection() == RegisterModel.COL_DATE


def test_enter_opens_the_record_and_an_edit_keeps_history(window, register, qtbot, desk_db):
    from bureau_desk.dialogs.record import RecordDialog

    register.view.setFocus()
    register.view.setCurrentIndex(register.model.index(0, RegisterModel.COL_QUESTION))
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_Return)
    dialogs = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, RecordDialog) and w.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    consultation_id = register.model.consultation_id(0)
    assert dialog.record.id == consultation_id
    dialog.form.question_edit.setPlainText("Поправен въпрос")
    dialog.form.question_edit.setFocus()
    keys.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert get_consultation(desk_db, consultation_id).question == "Поправен въпрос"
    assert len(revisions(desk_db, consultation_id)) == 1
    assert "Поправен въпрос" in dialog.history.toPlainText()
    assert "Въпрос номер 22" in dialog.history.toPlainText()
    # The register shows the change at once.
    assert register.model.row_at(0).question == "Поправен въпрос"
    dialog.reject()


def test_a_deleted_row_shows_empty_instead_of_failing(desk_db, filled):
    from bureau.consultations.store import delete_consultation

    model = RegisterModel(desk_db, page_size=PAGE, keys_per_fetch=PAGE)
    model.set_filter(RegisterFilter())
    delete_consultation(desk_db, model.consultation_id(0))  # another desk deleted it
    assert model.data(model.index(0, RegisterModel.COL_REFERENCE)) is None
    assert model.data(model.index(1, RegisterModel.COL_REFERENCE)) == filled[-2]


def test_desk_lists_the_follow_ups_due(filled, window):
    desk = window.page("desk")
    assert desk.follow_ups_model.rowCount() == 4  # pending, follow-up date today or earlier
    assert "4" in desk.follow_ups_label.text()
