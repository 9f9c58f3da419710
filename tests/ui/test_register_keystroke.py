"""What makes a keystroke in the register search cheap at a million consultations
(#19, the desk's row; the figure itself is in benchmarks/bench_register.py): the
first key answers at once, the count of every match never runs while typing nor
on the GUI thread, a key stops a running count (SQLite's interrupt, from the GUI
thread) before its own search starts, a search reads only the rows a screen
shows, and the table's text is drawn without shaping."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from bureau_desk.models import register as register_model
from bureau_desk.models import register_count
from bureau_desk.pages import register as register_page
from PySide6.QtGui import QFont

from bureau.consultations.register import RegisterFilter
from bureau.opening import open_database
from tests.ui.keys import Keyboard
from tests.ui.test_register import add_consultations

ROWS = 120


@pytest.fixture
def register(window, desk_db):
    add_consultations(desk_db, desk_db.coordinator_id, ROWS)
    return window.show_page("register")


def test_the_first_key_searches_at_once(window, register, qtbot):
    window.find_action.trigger()
    keys = Keyboard(qtbot)
    keys.type("z")
    assert register.model.filter.text == "z"  # not after the pause: at once
    keys.type("hiv")  # quick keys after it wait for the pause, then one search
    assert register.model.filter.text == "z"
    qtbot.waitUntil(lambda: register.model.filter.text == "zhiv")


def test_the_count_waits_for_typing_to_pause(window, register, qtbot, monkeypatch):
    started = []
    real = register_page.run_task
    monkeypatch.setattr(register_page, "run_task",
                        lambda *args, **kwargs: started.append(args[3]) or real(*args, **kwargs))
    register.model.page_size = 10  # more rows than one page: the count is needed
    window.find_action.trigger()
    Keyboard(qtbot).type("Въпрос")
    assert started == []  # no count while typing
    qtbot.waitUntil(lambda: register.count is not None)
    assert [flt.text for flt in started] == ["Въпрос"]  # one count, for what was typed last
    assert register.count == ROWS


# A count that runs until it is stopped, as "а" does at a million consultations.
ENDLESS = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"


def endless_count(db, _flt):
    return db.execute(ENDLESS).fetchone()[0]


def test_a_stop_interrupts_a_running_count_at_once(desk_db, tmp_path, monkeypatch):
    add_consultations(desk_db, desk_db.coordinator_id, 3)
    assert register_count.CountStop().count(desk_db, RegisterFilter(text="Въпрос")) == 3
    monkeypatch.setattr(register_count, "count_consultations", endless_count)
    # Not the progress handler's backstop: SQLite's own interrupt ends it.
    monkeypatch.setattr(register_count, "BACKSTOP_STEPS", 2**31 - 1)
    stop = register_count.CountStop()
    raised = []

    def count() -> None:  # in a thread of its own, on its own connection, as the desk does
        db = open_database(tmp_path / "bureau.db")
        try:
            stop.count(db, RegisterFilter())
        except sqlite3.OperationalError as error:
            raised.append(str(error))
        finally:
            db.close()

    thread = threading.Thread(target=count)
    thread.start()
    while stop._connection is None and thread.is_alive():
        thread.join(0.01)
    stop.stop()
    thread.join(10)
    assert not thread.is_alive() and raised == ["interrupted"]


def test_a_stop_between_statements_ends_the_next_one(desk_db, monkeypatch):
    stop = register_count.CountStop()

    def stopped_midway(db, _flt):
        stop.stop()  # lands while no statement runs: nothing to interrupt
        return endless_count(db, _flt)

    monkeypatch.setattr(register_count, "count_consultations", stopped_midway)
    monkeypatch.setattr(register_count, "BACKSTOP_STEPS", 1000)
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        stop.count(desk_db, RegisterFilter())


def test_the_count_runs_off_the_gui_thread(window, register, qtbot):
    register.model.page_size = 10  # more rows than one page: the count is needed
    window.find_action.trigger()
    Keyboard(qtbot).type("Въпрос")
    qtbot.waitUntil(lambda: register.count is not None)
    assert register.count == ROWS
    ran_on = register._count_stop.ran_on
    assert ran_on is not None and ran_on is not threading.main_thread()


def test_a_key_stops_the_running_count_before_its_search(window, register, qtbot, monkeypatch):
    monkeypatch.setattr(register_count, "count_consultations", endless_count)
    register.model.page_size = 10
    window.find_action.trigger()
    keys = Keyboard(qtbot)
    keys.type("Въпрос")
    qtbot.waitUntil(lambda: register._count_stop._connection is not None)  # counting now
    running = register._count_stop
    seen = []
    real = register.model.set_filter
    monkeypatch.setattr(register.model, "set_filter",
                        lambda flt, **kw: seen.append(running.stopped) or real(flt, **kw))
    qtbot.wait(300)  # typing paused: the next key searches at once
    keys.type(" н")
    assert seen[:1] == [True]  # stopped before the new search read anything
    qtbot.waitUntil(lambda: register._count_task.done)  # the count ended, interrupted
    assert register.count is None  # the new text's count waits for the next pause


def test_a_search_reads_only_the_rows_a_screen_shows(window, register, qtbot, monkeypatch):
    read = []
    real = register_model.summaries
    monkeypatch.setattr(register_model, "summaries",
                        lambda db, ids: read.append(len(ids)) or real(db, ids))
    register.model._rows.clear()  # nothing read yet, as for rows a search newly finds
    register.search_edit.setText("Въпрос")
    register.apply_filter()
    register.view.viewport().repaint()
    assert read and max(read) <= register_model.ROW_BLOCK < register.model.page_size


def test_the_tables_text_is_drawn_without_shaping(window, register):
    strategy = register.view.font().styleStrategy()
    assert strategy & QFont.StyleStrategy.PreferNoShaping
