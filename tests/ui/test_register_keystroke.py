"""What makes a keystroke in the register search cheap at a million consultations
(#19, the desk's row; the figure itself is in benchmarks/bench_register.py): the
first key answers at once, the count of every match never runs while typing and
stops when a newer search starts, a search reads only the rows a screen shows,
and the table's text is drawn without shaping."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from bureau_desk.models import register as register_model
from bureau_desk.pages import register as register_page
from PySide6.QtGui import QFont

from bureau.consultations.register import RegisterFilter
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


def test_a_newer_search_stops_a_running_count(desk_db, monkeypatch):
    add_consultations(desk_db, desk_db.coordinator_id, 3)
    going = threading.Event()
    assert register_page._count(desk_db, RegisterFilter(text="Въпрос"), going) == 3
    monkeypatch.setattr(register_page, "COUNT_CHECK_STEPS", 1)  # a long count, in short
    stopped = threading.Event()
    stopped.set()  # the page sets it when a newer search starts
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        register_page._count(desk_db, RegisterFilter(text="Въпрос"), stopped)


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
