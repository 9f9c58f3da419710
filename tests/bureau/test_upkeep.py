"""Idle housekeeping: the search indexes' merges and the checkpoint are done ahead,
so that a save finds none of them waiting (issue #19, the save tail)."""

from __future__ import annotations

from bureau.catalogue import CatalogueLookup
from bureau.consultations.register import search
from bureau.consultations.store import save_consultation
from bureau.database.upkeep import SEARCH_TABLES, merge_step, prepare_saving, tidy
from bureau.validation import validate_consultation
from tests.conftest import consultation_raw


def fts_segments(db, table: str) -> int:
    """Segments of an FTS5 index, read from its structure record (FTS5's file format)."""
    block = db.execute(f"SELECT block FROM {table}_data WHERE id = 10").fetchone()[0]

    def varint(position: int) -> tuple[int, int]:
        value = 0
        for _ in range(9):
            byte = block[position]
            position += 1
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        return value, position

    position = 8 if block[4:8] == b"\xff\x00\x00\x01" else 4
    _levels, position = varint(position)
    segments, _position = varint(position)
    return segments


def save_many(db, advisor, count: int) -> None:
    lookup = CatalogueLookup(db)
    for number in range(count):
        raw = consultation_raw(advisor, question=f"Въпрос номер {number} за данък сгради",
                               citizen={"full_name": f"Петрова Иванка {number}"})
        save_consultation(db, validate_consultation(raw, lookup), lookup)


def test_tidy_merges_the_search_indexes_and_empties_the_log(file_db):
    from bureau.trust.advisors import add_advisor

    advisor = add_advisor(file_db, "Мария Стоянова")
    for table in SEARCH_TABLES:  # no merging inside the saves: all of it left for tidy
        file_db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 0)")
    save_many(file_db, advisor, 14)  # fewer than crisismerge (16)
    before = {table: fts_segments(file_db, table) for table in SEARCH_TABLES}
    assert min(before.values()) >= 12
    found = [r.reference for r in search(file_db, "петрова")]
    while not tidy(file_db, budget_s=0.01):  # in short steps, as the desk calls it
        pass
    after = {table: fts_segments(file_db, table) for table in SEARCH_TABLES}
    assert all(after[table] < 6 for table in SEARCH_TABLES), after
    assert [merge_step(file_db, table) for table in SEARCH_TABLES] == [False, False]
    busy, logged, copied = file_db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert (busy, logged) == (0, copied)
    assert [r.reference for r in search(file_db, "петрова")] == found  # same answers


def test_tidy_on_a_memory_database_does_nothing_harmful(db):
    assert tidy(db) is True


def test_prepare_saving_loads_what_a_first_save_would(tmp_path):
    import subprocess
    import sys

    probe = ("import sys; from bureau.database.upkeep import prepare_saving; "
             "before = 'phonenumbers' in sys.modules; prepare_saving(); "
             "print(before, 'phonenumbers' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.split() == ["False", "True"]
    assert prepare_saving() is None


def test_tidy_gives_way_to_another_writer_at_once(file_db, tmp_path):
    import sqlite3
    import time

    other = sqlite3.connect(tmp_path / "bureau.db")
    other.execute("BEGIN IMMEDIATE")  # another desk or an import holds the write lock
    try:
        started = time.monotonic()
        assert tidy(file_db) is True  # nothing waited for: the next idle moment tidies
        assert time.monotonic() - started < 1
    finally:
        other.rollback()
        other.close()
    assert file_db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
