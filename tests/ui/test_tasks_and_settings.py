"""Background tasks (own connection, results on the GUI thread) and the Settings page."""

from __future__ import annotations

import threading

import sqlite_utils
from bureau_desk.shell.context import KEY_FONT_SIZE, app_settings
from bureau_desk.shell.tasks import run_task
from PySide6.QtWidgets import QApplication

from bureau.catalogue import entries
from bureau.database.settings import get_settings
from bureau.domain import ValidationError
from bureau.trust.advisors import list_advisors


def where_am_i(db: sqlite_utils.Database, label: str) -> tuple[str, bool, int]:
    count = db.execute("SELECT count(*) FROM advisors").fetchone()[0]
    return label, threading.current_thread() is threading.main_thread(), count


def test_task_opens_its_own_connection_and_answers_on_the_gui_thread(qtbot, context):
    received = []
    task = run_task(None, "", where_am_i, "hello", db_path=context.db_path,
                    on_done=lambda result: received.append(
                        (result, threading.current_thread() is threading.main_thread())))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    (label, worker_on_main, advisors), delivered_on_main = received[0]
    assert (label, advisors) == ("hello", 2)
    assert not worker_on_main  # the work ran in the pool
    assert delivered_on_main  # the answer came back to the GUI thread


def test_task_delivers_the_error(qtbot):
    def fails() -> None:
        raise ValidationError([])

    task = run_task(None, "", fails)
    with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        pass
    assert isinstance(blocker.args[0], ValidationError)


def test_task_shows_a_progress_dialog_while_it_runs(qtbot, window):
    release = threading.Event()
    task = run_task(window, "Working\u2026", release.wait, 5)
    assert task.progress is not None and task.progress.labelText() == "Working\u2026"
    release.set()
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert task.progress is None


def test_catalogue_csv_import_runs_in_the_background(window, qtbot, tmp_path, message_boxes,
                                                     desk_db):
    page = window.show_page("settings")
    tab = page.catalogue_tab
    tab.table_combo.setCurrentIndex(tab.table_combo.findData("categories"))
    csv_file = tmp_path / "topics.csv"
    csv_file.write_text("code,name_bg,name_ru,name_en\n"
                        "pensions,Пенсии,Пенсии,Pensions\n"
                        "local_taxes,Данъци,Налоги,Taxes\n", encoding="utf-8")
    task = tab.start_import(str(csv_file))
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    names = {e.code: e.name_bg for e in entries(desk_db, "categories")}
    assert names["pensions"] == "Пенсии" and names["local_taxes"] == "Данъци"
    assert tab.model.rowCount() == len(names)
    assert message_boxes.shown[-1][0] == "information"
    assert "2" in message_boxes.shown[-1][2]
    # The desk's topic suggestions know the new entry at once.
    assert "pensions" in window.page("desk").context.lookup.categories


def test_a_bad_csv_imports_nothing_and_says_why(window, qtbot, tmp_path, message_boxes,
                                                desk_db):
    tab = window.show_page("settings").catalogue_tab
    before = len(entries(desk_db, "categories"))
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text("code,name_bg\nok,Добре\n", encoding="utf-8")
    task = tab.start_import(str(csv_file))
    with qtbot.waitSignal(task.failed, timeout=10000):
        pass
    assert len(entries(desk_db, "categories")) == before
    kind, _title, text = message_boxes.shown[-1]
    assert kind == "warning" and "name_ru" in text


def test_catalogue_names_are_edited_in_place(window, desk_db):
    tab = window.show_page("settings").catalogue_tab
    model = tab.model
    row = next(r for r in range(model.rowCount())
               if model.data(model.index(r, 0)) == "local_taxes")
    assert model.setData(model.index(row, 2), "Местные налоги")
    assert {e.code: e.name_ru for e in entries(desk_db, "categories")}["local_taxes"] == (
        "Местные налоги")
    assert not model.setData(model.index(row, 1), "   ")  # a Bulgarian name is required
    assert model.last_error


def test_advisors_added_and_deactivated(window, desk_db):
    tab = window.show_page("settings").advisors_tab
    tab.name_edit.setText("Нина Петкова")
    tab.add_button.click()
    assert "Нина Петкова" in [a.full_name for a in list_advisors(desk_db)]
    assert window.advisor_combo.findText("Нина Петкова") >= 0  # on duty from now on
    row = next(r for r, a in enumerate(tab.model.advisors) if a.full_name == "Нина Петкова")
    tab.view.selectRow(row)
    tab.toggle_button.click()
    assert "Нина Петкова" not in [a.full_name for a in list_advisors(desk_db)]
    assert window.advisor_combo.findText("Нина Петкова") < 0
    tab.name_edit.setText("   ")
    tab.add_button.click()
    assert tab.error.isVisibleTo(tab)


def test_bureau_details_saved_and_checked(window, desk_db):
    tab = window.show_page("settings").bureau_tab
    tab.edits["opening_hours"].setText("пн-пт 9:00-17:00")
    tab.edits["email"].setText("not an address")
    tab.save_button.click()
    assert get_settings(desk_db)["opening_hours"] == ""
    assert tab.grid.rows["email"][2].isVisibleTo(tab)
    tab.edits["email"].setText("bureau@kresna.bg")
    tab.edits["bureau_name"].setText("Бюро за информиране")
    tab.save_button.click()
    values = get_settings(desk_db)
    assert values["opening_hours"] == "пн-пт 9:00-17:00"
    assert "Бюро за информиране" in window.windowTitle()


def test_font_size_applies_at_once_and_is_remembered(window):
    tab = window.show_page("settings").display_tab
    before = QApplication.font()
    try:
        tab.font_spin.setValue(16)
        assert QApplication.font().pointSize() == 16
        assert int(app_settings().value(KEY_FONT_SIZE)) == 16
    finally:
        QApplication.setFont(before)
