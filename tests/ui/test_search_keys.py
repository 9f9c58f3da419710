"""From a search box the keyboard reaches the results: Down goes to the first row,
Enter searches at once and goes there (a single match opens); headings are whole."""

from __future__ import annotations

import pytest
from bureau_desk.dialogs.record import RecordDialog
from bureau_desk.shell.language import apply_language
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from tests.ui.keys import Keyboard
from tests.ui.test_first_run_and_citizens import add_visit
from tests.ui.test_register import add_consultations


@pytest.fixture(autouse=True)
def _windows_deleted_afterwards():
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, RecordDialog):
            widget.done(0)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def register(window, desk_db):
    add_consultations(desk_db, desk_db.coordinator_id, 12)
    return window.show_page("register")


def test_down_from_the_register_search_reaches_the_results(window, register, qtbot):
    keys = Keyboard(qtbot)
    window.find_action.trigger()  # Ctrl+F
    assert keys.focus() is register.search_edit
    keys.press(Qt.Key.Key_Down)
    assert keys.focus() is register.view
    assert register.view.currentIndex().row() == 0
    assert register.view.selectionModel().isRowSelected(0)
    keys.press(Qt.Key.Key_Down)
    assert register.view.currentIndex().row() == 1


def test_enter_from_the_register_search_goes_to_the_results_or_opens_the_one(window, register,
                                                                            qtbot):
    keys = Keyboard(qtbot)
    window.find_action.trigger()
    keys.type("zhivkov")
    keys.press(Qt.Key.Key_Return)  # at once, without waiting for the pause
    assert register.model.filter.text == "zhivkov"
    assert keys.focus() is register.view and register.view.currentIndex().row() == 0
    window.find_action.trigger()
    reference = register.model.row_at(3).reference
    keys.type(reference)
    keys.press(Qt.Key.Key_Return)
    opened = [w for w in QApplication.topLevelWidgets()
              if isinstance(w, RecordDialog) and w.isVisible()]
    assert [dialog.record.reference for dialog in opened] == [reference]


def test_down_from_the_citizens_search_reaches_the_people(window, desk_db, qtbot):
    add_visit(desk_db, desk_db.coordinator_id, "Иванка Петрова")
    add_visit(desk_db, desk_db.coordinator_id, "Тодор Живков")
    page = window.show_page("citizens")
    keys = Keyboard(qtbot)
    assert keys.focus() is page.search_edit
    keys.press(Qt.Key.Key_Down)
    assert keys.focus() is page.people_view and page.selected is not None


@pytest.mark.parametrize("language", ["en", "bg", "ru"])
def test_register_headings_are_not_cut(window, register, language):
    apply_language(language)
    window.retranslate()
    header = register.view.horizontalHeader()
    cut = [register.model.headerData(c, Qt.Orientation.Horizontal)
           for c in range(header.count())
           if not header.isSectionHidden(c)
           and header.sectionSize(c) < header.sectionSizeFromContents(c).width()]
    assert cut == []
