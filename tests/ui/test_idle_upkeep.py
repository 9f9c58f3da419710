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
