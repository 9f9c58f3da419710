"""Opening the bureau's SQLite database, and turning SQLite failures into messages.

Every connection gets WAL, foreign keys and synchronous FULL: a consultation
acknowledged as saved survives a power cut. Writers take the lock up front
(``BEGIN IMMEDIATE``) so that two desks on one file wait for each other
instead of failing half-way through a save.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils
from platformdirs import user_data_dir

from bureau.domain import DatabaseUnavailable
from bureau.i18n import N_

DB_ENV = "BUREAU_DB"
DB_FILENAME = "bureau.db"
BUSY_TIMEOUT_MS = 5000

MSG_LOCKED = N_(
    "The database {path} is busy: another program is writing to it. "
    "Wait a moment and try again; if it stays busy, close other Bureau windows."
)
MSG_CORRUPT = N_(
    "The database {path} is damaged or is not a Bureau database. Nothing was changed. "
    "Restore the last good backup (bureau-cli restore FILE) or ask your coordinator."
)
MSG_READ_ONLY = N_(
    "The database {path} cannot be written (read-only file or folder). "
    "Check the file's permissions or choose another location with --db."
)
MSG_FULL = N_(
    "The disk holding {path} is full. Nothing was lost; free some space and try again."
)
MSG_NEWER = N_(
    "The database {path} was made by a newer version of Bureau. "
    "Install the newer version, or restore a backup made with this one."
)
MSG_CANNOT_OPEN = N_(
    "The database {path} cannot be opened. Check that the folder exists and is writable."
)
MSG_NOT_INITIALISED = N_(
    "There is no Bureau database at {path} yet. Create it with: bureau-cli init"
)


def default_db_path() -> Path:
    """--db, then BUREAU_DB, then the user's data directory."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir("bureau", appauthor=False)) / DB_FILENAME


def now_iso() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def new_uuid() -> str:
    return str(uuid.uuid4())


def translate_sqlite_error(error: sqlite3.Error, path: str) -> DatabaseUnavailable:
    """Map a SQLite error the user can cause to a message naming the way out."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        message = MSG_LOCKED
    elif "readonly" in text or "read-only" in text:
        message = MSG_READ_ONLY
    elif "full" in text:
        message = MSG_FULL
    elif "not a database" in text or "malformed" in text or "corrupt" in text:
        message = MSG_CORRUPT
    else:
        message = MSG_CANNOT_OPEN
    return DatabaseUnavailable(message, path=path, detail=str(error))


def connect(path: str | Path | None = None, *, memory: bool = False) -> sqlite_utils.Database:
    """Open (creating if needed) a database with the bureau's pragmas.

    Raises ``DatabaseUnavailable`` instead of a raw SQLite error.
    """
    label = ":memory:" if memory else str(path)
    try:
        if memory:
            db = sqlite_utils.Database(memory=True, execute_plugins=False)
        else:
            target = Path(path).expanduser()
            target.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite_utils.Database(target, execute_plugins=False)
        conn = db.conn
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not memory:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise sqlite3.OperationalError("database is locked")
        conn.execute("PRAGMA synchronous = FULL")
        # Touch the schema so a file that is not a database fails here, not later.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
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
