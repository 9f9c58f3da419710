"""The register's count of every match: off the GUI thread, stopped before the next key's search.

Counting every match of a common letter reads most of the search index at a
million consultations (50-200 ms of a core, more under load). It runs in the
thread pool on a connection of its own (``bureau_desk.shell.tasks``), never on
the GUI's. When a key is typed, the register stops it *before* it searches:
``CountStop.stop()`` calls ``sqlite3.Connection.interrupt()`` on the count's
connection from the GUI thread, and SQLite abandons the statement at its next
step. The counting thread needs no lock and no Python to notice, so the
keystroke's query and repaint never run beside a count that is no longer
wanted (measured before: a count went on for 20-140 ms into the next
keystroke, which waited for the machine and for the interpreter, the count's
progress handler taking it every 10,000 SQLite steps).
"""

from __future__ import annotations

import sqlite3
import threading

import sqlite_utils

from bureau.consultations.register import RegisterFilter, count_consultations

# A stop that lands between two of the count's statements finds nothing to
# interrupt: this handler ends the next one. Rare, so the counting thread asks
# for the interpreter (the GIL) seldom (~every 5-20 ms of SQLite work).
BACKSTOP_STEPS = 200_000


class CountStop:
    """Shared by the GUI thread (``stop``) and one counting thread (``count``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self.stopped = False
        self.ran_on: threading.Thread | None = None  # the thread that counted, for tests

    def stop(self) -> None:
        """Stop the count now (from any thread): it raises "interrupted" in its thread."""
        with self._lock:
            self.stopped = True
            if self._connection is not None:
                self._connection.interrupt()

    def count(self, db: sqlite_utils.Database, flt: RegisterFilter) -> int:
        """Count ``flt``'s matches on ``db`` (the calling thread's own connection).

        Raises ``sqlite3.OperationalError`` ("interrupted") once ``stop`` is called.
        """
        self.ran_on = threading.current_thread()
        with self._lock:
            if self.stopped:
                raise sqlite3.OperationalError("interrupted")
            self._connection = db.conn
        db.conn.set_progress_handler(lambda: 1 if self.stopped else 0, BACKSTOP_STEPS)
        try:
            return count_consultations(db, flt)
        finally:
            with self._lock:
                self._connection = None
            db.conn.set_progress_handler(None, 0)
