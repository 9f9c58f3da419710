"""Opening the bureau's SQLite database through sqlite-utils, and writing to it.

The pragmas and the failures' messages are ``bureau.database.plain``'s, shared
with the read-only commands' way in. Every connection gets WAL, foreign keys and synchronous FULL: a consultation
acknowledged as saved survives a power cut. Writers take the lock up front
(``BEGIN IMMEDIATE``) so that two desks on one file wait for each other
instead of failing half-way through a save.
"""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from bureau.database.plain import (
    BUSY_TIMEOUT_MS,
    DB_ENV,
    DB_FILENAME,
    MSG_CANNOT_OPEN,
    MSG_CORRUPT,
    MSG_FULL,
    MSG_LOCKED,
    MSG_NEWER,
    MSG_NOT_INITIALISED,
    MSG_READ_ONLY,
    configure,
    default_db_path,
    sqlite_primary_code,
    translate_sqlite_error,
)
from bureau.domain import DatabaseUnavailable
from bureau.instants import now_utc_iso

# Opening and its failures are bureau.database.plain's (shared with the read-only
# way in); named here too, where the writers have always found them.
__all__ = ["BUSY_TIMEOUT_MS", "DB_ENV", "DB_FILENAME", "MSG_CANNOT_OPEN", "MSG_CORRUPT",
           "MSG_FULL", "MSG_LOCKED", "MSG_NEWER", "MSG_NOT_INITIALISED", "MSG_READ_ONLY",
           "connect", "default_db_path", "inserted_id", "new_uuid", "now_iso",
           "sqlite_primary_code", "translate_sqlite_error", "write_transaction"]

def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The row id an ``INSERT`` through ``cursor`` just gave; raises ``RuntimeError`` if none.

    ``Cursor.lastrowid`` is typed optional (None before any insert); after a
    successful ``INSERT`` it is always the new row's id.
    """
    if cursor.lastrowid is None:
        raise RuntimeError("no row was inserted")
    return cursor.lastrowid


def now_iso() -> str:
    """Now as a stored instant: UTC with an explicit offset (``bureau.instants``)."""
    return now_utc_iso()


def new_uuid() -> str:
    """A random UUID as text: a record's identity across desks."""
    return str(uuid.uuid4())


def connect(path: str | Path | None = None, *, memory: bool = False) -> sqlite_utils.Database:
    """Open (creating if needed) a database with the bureau's pragmas.

    Raises ``DatabaseUnavailable`` instead of a raw SQLite error.
    """
    label = ":memory:" if memory else str(path)
    try:
        if memory:
            db = sqlite_utils.Database(memory=True, execute_plugins=False)
        else:
            if path is None:
                raise ValueError("a database path, or memory=True")
            target = Path(path).expanduser()
            target.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite_utils.Database(target, execute_plugins=False)
        configure(db.conn, label, memory=memory)
    except sqlite3.Error as error:
        raise translate_sqlite_error(error, label) from error
    except OSError as error:
        raise DatabaseUnavailable(MSG_CANNOT_OPEN, path=label, detail=str(error)) from error
    return db


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One transaction for a multi-step write, holding the write lock from the start."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():  # nested: a savepoint inside the caller's transaction
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
