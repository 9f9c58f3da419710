"""Opening the bureau's SQLite database, and turning SQLite failures into messages.

Every connection gets WAL, foreign keys and synchronous FULL: a consultation
acknowledged as saved survives a power cut. Writers take the lock up front
(``BEGIN IMMEDIATE``) so that two desks on one file wait for each other
instead of failing half-way through a save.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils
from platformdirs import user_data_dir

from bureau.domain import DatabaseUnavailable
from bureau.i18n import N_
from bureau.instants import now_utc_iso

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


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The row id an ``INSERT`` through ``cursor`` just gave; raises ``RuntimeError`` if none.

    ``Cursor.lastrowid`` is typed optional (None before any insert); after a
    successful ``INSERT`` it is always the new row's id.
    """
    if cursor.lastrowid is None:
        raise RuntimeError("no row was inserted")
    return cursor.lastrowid


def default_db_path() -> Path:
    """--db, then BUREAU_DB, then the user's data directory."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir("bureau", appauthor=False)) / DB_FILENAME


def now_iso() -> str:
    """Now as a stored instant: UTC with an explicit offset (``bureau.instants``)."""
    return now_utc_iso()


def new_uuid() -> str:
    """A random UUID as text: a record's identity across desks."""
    return str(uuid.uuid4())


# SQLite's primary result codes (the low byte of an extended code), from
# https://www.sqlite.org/rescode.html. The message text is never read: an FTS5
# query error that mentions "detail=full" is not a full disk.
_MESSAGE_BY_CODE = {
    5: MSG_LOCKED,  # SQLITE_BUSY
    6: MSG_LOCKED,  # SQLITE_LOCKED
    8: MSG_READ_ONLY,  # SQLITE_READONLY
    3: MSG_READ_ONLY,  # SQLITE_PERM
    13: MSG_FULL,  # SQLITE_FULL
    11: MSG_CORRUPT,  # SQLITE_CORRUPT
    26: MSG_CORRUPT,  # SQLITE_NOTADB
    14: MSG_CANNOT_OPEN,  # SQLITE_CANTOPEN
}


def sqlite_primary_code(error: sqlite3.Error) -> int | None:
    """The primary result code of ``error`` (e.g. 13 for SQLITE_FULL), None if SQLite gave none."""
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def translate_sqlite_error(error: sqlite3.Error, path: str) -> DatabaseUnavailable:
    """Map a SQLite error the user can cause to a message naming the way out.

    Chosen by the error's result code (``sqlite_errorcode``), never by words in
    its message; a code not listed reads as "cannot be opened".
    """
    message = _MESSAGE_BY_CODE.get(sqlite_primary_code(error) or 0, MSG_CANNOT_OPEN)
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
            if path is None:
                raise ValueError("a database path, or memory=True")
            target = Path(path).expanduser()
            target.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite_utils.Database(target, execute_plugins=False)
        conn = db.conn
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        # Freed space is zeroed: an erased person's text must not survive in
        # free pages or cells of the file (GDPR art. 17, bureau.privacy).
        conn.execute("PRAGMA secure_delete = ON")
        if not memory:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                # Another connection holds the file in a mode WAL cannot join.
                raise DatabaseUnavailable(MSG_LOCKED, path=label, detail=f"journal_mode={mode}")
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
