"""The desk tidies the search indexes and the write-ahead log when it is idle, so a
save does not pay for a merge or a checkpoint (issue #19, the save tail)."""

from __future__ import annotations

from bureau.database.upkeep import SEARCH_TABLES
from tests.bureau.test_upkeep import fts_segments, save_many


def test_the_desk_tidies_once_idle_after_records_changed(qtbot, context, monkeypatch):
    from bureau_desk.shell import upkeep

    monkeypatch.setattr(upkeep, "IDLE_MS", 10)
    db = context.db
    for table in SEARCH_TABLES:
        db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 0)")
    save_many(db, db.coordinator_id, 14)  # fewer than crisismerge (16)
    assert fts_segments(db, "consultation_search") >= 12
    idle = upkeep.IdleUpkeep(context)
    context.records_changed.emit()
    qtbot.waitUntil(lambda: all(fts_segments(db, table) < 6 for table in SEARCH_TABLES),
                    timeout=10000)
    qtbot.waitUntil(lambda: not idle._timer.isActive(), timeout=10000)  # noqa: SLF001
    busy, logged, copied = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert (busy, logged) == (0, copied)


def test_typing_holds_the_upkeep_until_the_keys_stop(qtbot, context, monkeypatch):
    from bureau_desk.shell import upkeep
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QLineEdit

    steps = []
    monkeypatch.setattr(upkeep, "IDLE_MS", 300)
    monkeypatch.setattr(upkeep, "tidy", lambda _db, _budget: steps.append(1) or True)
    monkeypatch.setattr(upkeep, "prepare_saving", lambda: None)
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    idle = upkeep.IdleUpkeep(context)
    context.records_changed.emit()
    keys = QTimer()
    keys.timeout.connect(lambda: qtbot.keyClick(edit, "a"))
    keys.start(100)  # a key every 0.1 s, for a second: never 0.3 s quiet
    qtbot.wait(1000)
    keys.stop()
    assert steps == [] and len(edit.text()) >= 5  # typed all along, no upkeep step
    qtbot.waitUntil(lambda: steps == [1], timeout=3000)  # quiet now: tidied once
    assert not idle._watching  # noqa: SLF001 (nothing pending: no filter on every event)


def test_start_up_is_frozen_out_of_the_collectors_way(qtbot, context, monkeypatch):
    import gc

    from bureau_desk.shell import upkeep

    monkeypatch.setattr(upkeep, "IDLE_MS", 10)
    monkeypatch.setattr(upkeep, "tidy", lambda _db, _budget: True)
    monkeypatch.setattr(upkeep, "prepare_saving", lambda: None)
    monkeypatch.setattr(upkeep, "_start_up_frozen", False)
    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(1))
    idle = upkeep.IdleUpkeep(context)
    qtbot.waitUntil(lambda: frozen == [1], timeout=3000)
    context.records_changed.emit()
    qtbot.waitUntil(lambda: not idle._timer.isActive(), timeout=3000)  # noqa: SLF001
    assert frozen == [1]  # once: what later idles find is not start-up
