"""Housekeeping a save would otherwise pay for at random moments, done ahead while idle.

Two amortised costs of SQLite land on whichever write comes at the wrong moment:

- The automatic checkpoint: when the write-ahead log passes 1,000 pages, the
  commit that crossed the mark copies them into the database file and waits
  for the disk (50-110 ms at a million consultations, measured).
- FTS5's automatic merging: every 64 pages of new search index, the next
  commit merges 64 pages per level of older segments into bigger ones (about
  320 pages at a million, 1-3 MB written in one save: 60-120 ms).

Between them a save takes 2-4 ms; with them the worst save took 100-300 ms.
``tidy`` does the same work ahead of time, in steps, while nobody is saving:
FTS5 ``merge`` in short transactions of ``MERGE_PAGES`` pages each (a save
arriving meanwhile waits for one step at most), then a PASSIVE checkpoint
(which never blocks a writer). The automatic mechanisms stay on as the safety
net for a process that never idles, and durability does not change: merging
rewrites index pages inside ordinary transactions, and a checkpoint only
copies pages already committed and synced.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator

import sqlite_utils

from bureau import phones, textsearch
from bureau.database.connection import BUSY_TIMEOUT_MS, sqlite_primary_code, write_transaction

SEARCH_TABLES = ("consultation_search", "citizen_search")
# Pages of FTS5 merge work per transaction: about 5-10 ms on a desk PC.
MERGE_PAGES = 16
SQLITE_BUSY, SQLITE_LOCKED = 5, 6


def merge_step(db: sqlite_utils.Database, table: str, pages: int = MERGE_PAGES) -> bool:
    """One short transaction of FTS5 merge work on ``table``; False when there was none.

    FTS5 merges only levels holding as many segments as its ``usermerge``
    setting (4), as its automatic merging would; a delta of two or more in
    ``total_changes`` means work was done (FTS5 documentation, 'merge').
    """
    before = db.conn.total_changes
    with write_transaction(db):
        db.conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('merge', ?)", [pages])
    return db.conn.total_changes - before >= 2


@contextlib.contextmanager
def _not_waiting(db: sqlite_utils.Database) -> Iterator[None]:
    """Housekeeping never waits for another writer (another desk, an import): the
    connection's busy timeout is 0 meanwhile, and a busy database ends the step."""
    db.conn.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        db.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _database_file(db: sqlite_utils.Database) -> str | None:
    row = db.execute("PRAGMA database_list").fetchone()
    return row[2] if row and row[2] else None


def tidy(db: sqlite_utils.Database, budget_s: float = 0.05) -> bool:
    """Merge the search indexes and checkpoint, for at most about ``budget_s`` seconds.

    Returns True when nothing is left to do (call again later otherwise). Call
    it when the desk is idle, through a connection of the calling thread.
    """
    if _database_file(db) is None:
        return True  # in memory: nothing outlives the process, nothing to tidy
    deadline = time.monotonic() + budget_s
    with _not_waiting(db):
        try:
            for table in SEARCH_TABLES:
                while True:
                    if time.monotonic() >= deadline:
                        return False
                    if not merge_step(db, table):
                        break
            if time.monotonic() >= deadline:
                return False
            db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.OperationalError as error:
            if sqlite_primary_code(error) not in (SQLITE_BUSY, SQLITE_LOCKED):
                raise
            return True  # someone else is writing: their turn; tidy at the next idle moment
    return True


def prepare_saving() -> None:
    """Load the libraries a first save needs (phone numbers, Latin spellings) ahead.

    They load on first use (``late-parts``): ~20 ms that the day's first save
    would otherwise pay. The desk calls this once it is idle after starting.
    """
    phones.e164_digits("0888 123 456")
    textsearch.latin_forms("й")
