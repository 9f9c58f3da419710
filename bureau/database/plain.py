"""The bureau's database over plain ``sqlite3``: opening it, and its failures as messages.

sqlite-utils (with click, pluggy and dateutil behind it: 35-40 ms to import,
a third of ``bureau-cli search`` at a million consultations) serves the
commands that write and migrate (``bureau.database.connection``,
``bureau.opening``). What both kinds of opening share lives here, without it:
the pragmas every connection gets, the refusal of a missing file, SQLite's
failures turned into the user's messages, and ``open_current``, the read-only
commands' way in to a database whose schema is this version's.

The core's read functions take a ``Reader``: a plain ``sqlite3.Connection`` or
a ``sqlite_utils.Database``, so the desk and the command line share them.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

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

# The names of bureau.database.schema's migrations, in order: a database whose
# applied migrations are exactly these is this version's, and ``open_current``
# opens it without sqlite-utils. Kept equal to the schema by
# tests/bureau/test_plain_open.py; were it behind, a current database would only
# be opened the slower way (``open_current`` answers None), never misread.
SCHEMA_MIGRATIONS = (
    "0001_initial", "0002_slip_prints", "0003_accounts_and_audit",
    "0004_pending_follow_ups_index", "0005_live_consultations_by_date",
    "0006_name_spellings_and_typos", "0007_phones_in_e164", "0008_sign_in_throttle",
    "0009_citizens_merged_into_index", "0010_sealed_signals", "0011_consultation_words",
    "0012_month_counts",
)
MIGRATION_SET = "bureau"


class Reader(Protocol):
    """What the read functions need of a database: ``execute`` returning a cursor.

    Both a plain ``sqlite3.Connection`` and a ``sqlite_utils.Database`` are one.
    """

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> sqlite3.Cursor: ...


class WrapsConnection(Protocol):
    """A ``sqlite_utils.Database`` as the core's writers see it: the connection inside."""

    conn: sqlite3.Connection


def connection_of(db: sqlite3.Connection | WrapsConnection) -> sqlite3.Connection:
    """The plain connection of ``db``: itself, or the one inside a ``sqlite_utils.Database``.

    For what a ``Reader`` cannot do: a transaction's state and commit, a cursor
    of its own (row factories).
    """
    return db if isinstance(db, sqlite3.Connection) else db.conn


def default_db_path() -> Path:
    """--db, then BUREAU_DB, then the user's data directory."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    # Only a command given neither --db nor BUREAU_DB asks for the data folder.
    from platformdirs import user_data_dir  # deferred: late-parts

    return Path(user_data_dir("bureau", appauthor=False)) / DB_FILENAME


def database_target(path: str | Path | None, *, create: bool = False) -> tuple[Path, str]:
    """The file to open (``path``, else ``default_db_path``) and its name in messages.

    Raises ``DatabaseUnavailable`` for a missing file unless ``create``: a typo
    in --db must not silently start an empty bureau.
    """
    target = Path(path) if path else default_db_path()
    if not create and not target.exists():
        raise DatabaseUnavailable(MSG_NOT_INITIALISED, path=str(target))
    return target, str(target)


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


def configure(conn: sqlite3.Connection, label: str, *, memory: bool = False) -> None:
    """Give a new connection the bureau's pragmas, and touch the schema.

    Raises ``DatabaseUnavailable`` when another connection holds the file in a
    journal mode WAL cannot join, ``sqlite3.Error`` for what SQLite refuses (a
    file that is not a database fails here, not later).
    """
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    # As sqlite-utils sets it on its own connections: a trigger fires alike
    # whichever way the file was opened.
    conn.execute("PRAGMA recursive_triggers = ON")
    # Freed space is zeroed: an erased person's text must not survive in
    # free pages or cells of the file (GDPR art. 17, bureau.privacy).
    conn.execute("PRAGMA secure_delete = ON")
    if not memory:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            # Another connection holds the file in a mode WAL cannot join.
            raise DatabaseUnavailable(MSG_LOCKED, path=label, detail=f"journal_mode={mode}")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()


def is_sound(db: Reader) -> bool:
    """SQLite's quick_check: every page readable and well-formed (no index cross-check).

    Reads every page: 17 s for the 2.5 GB file of a million consultations.
    """
    try:
        return bool(db.execute("PRAGMA quick_check").fetchone()[0] == "ok")
    except sqlite3.DatabaseError as error:
        if sqlite_primary_code(error) in (11, 26):  # SQLITE_CORRUPT, SQLITE_NOTADB
            return False
        raise


def is_current(db: Reader) -> bool:
    """True when the database's schema is exactly this version's (``SCHEMA_MIGRATIONS``).

    False for an older one (to migrate), a newer one (to refuse), or a file
    without the bureau's schema: ``bureau.opening.open_database`` tells which.
    """
    if db.execute("PRAGMA user_version").fetchone()[0] != len(SCHEMA_MIGRATIONS):
        return False
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                  "AND name = '_sqlite_migrations'").fetchone() is None:
        return False
    applied = [name for (name,) in db.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])]
    return len(applied) == len(SCHEMA_MIGRATIONS) and set(applied) == set(SCHEMA_MIGRATIONS)


def open_current(path: str | Path | None = None, *,
                 refuse_damaged: bool = False) -> sqlite3.Connection | None:
    """A plain connection to the database at ``path`` when its schema is this version's.

    None when it is not (older, newer, not the bureau's): the caller then opens
    it with ``bureau.opening.open_database``, which migrates or refuses it with
    its own message, so both ways answer alike. Opening itself is as
    ``open_database`` does it: the same pragmas, a missing file refused, with
    ``refuse_damaged`` a file failing quick_check refused (``MSG_CORRUPT``).
    Raises ``DatabaseUnavailable`` for those and for what SQLite refuses.
    """
    target, label = database_target(path)
    conn = None
    try:
        conn = sqlite3.connect(target.expanduser())
        configure(conn, label)
        if not is_current(conn):
            conn.close()
            return None
        if refuse_damaged and not is_sound(conn):
            raise DatabaseUnavailable(MSG_CORRUPT, path=label)
    except sqlite3.Error as error:
        if conn is not None:
            conn.close()
        raise translate_sqlite_error(error, label) from error
    except DatabaseUnavailable:
        if conn is not None:
            conn.close()
        raise
    return conn
