"""Opening the bureau's database: migrating its schema and seeding the catalogues.

Above both the database room (connection, schema) and the catalogue, which
needs the database; so neither imports the other through a package.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from bureau.database import schema
from bureau.database.connection import connect
from bureau.database.plain import (
    MSG_CORRUPT,
    MSG_NEWER,
    MSG_NOT_INITIALISED,
    database_target,
    default_db_path,
    is_sound,
    translate_sqlite_error,
)
from bureau.database.settings import get_setting, set_settings
from bureau.domain import DatabaseUnavailable

__all__ = ["open_database", "init_database", "default_db_path", "is_initialised"]


def is_initialised(db: sqlite_utils.Database) -> bool:
    """True once the schema's first migration has run (the consultations table exists)."""
    return db["consultations"].exists()


def open_database(path: str | Path | None = None, *, memory: bool = False,
                  create: bool = False, refuse_damaged: bool = False) -> sqlite_utils.Database:
    """Open the bureau database, migrating an older schema.

    A missing file is an error unless ``create`` (``init``, the first-run wizard):
    a typo in --db must not silently start an empty bureau. Raises
    ``DatabaseUnavailable`` for a database made by a newer version (whatever
    the command: each may write) and, with ``refuse_damaged``, for one that
    fails SQLite's ``quick_check``: nothing may be written into a damaged file.
    quick_check reads every page (17 s for the 2.5 GB file of 1M consultations,
    measured), so only the commands that write or read in bulk ask for it
    (init, import, demo, export, backup, catalogue import); everything else
    meets damage as SQLite's SQLITE_CORRUPT on the page it touches, which is
    translated to the same refusal (exit 4).
    """
    target, label = (None, ":memory:") if memory else database_target(path, create=create)
    db = connect(target, memory=memory)
    try:
        if schema.is_newer_than_this_version(db):
            db.close()
            raise DatabaseUnavailable(MSG_NEWER, path=label)
        if refuse_damaged and not memory and not is_sound(db):
            db.close()
            raise DatabaseUnavailable(MSG_CORRUPT, path=label)
        if create or is_initialised(db):
            schema.apply(db)
        if create:
            from bureau.catalogue import seed_catalogues  # deferred: database-open

            seed_catalogues(db)
        elif not is_initialised(db):
            db.close()
            raise DatabaseUnavailable(MSG_NOT_INITIALISED, path=label)
    except sqlite3.Error as error:
        db.close()
        raise translate_sqlite_error(error, label) from error
    return db


def init_database(path: str | Path | None = None, *, memory: bool = False,
                  bureau_name: str | None = None, municipality: str | None = None,
                  language: str | None = None) -> sqlite_utils.Database:
    """Create or migrate; running it twice changes nothing.

    Raises ``DatabaseUnavailable`` for a newer or a damaged database (quick_check).
    """
    db = open_database(path, memory=memory, create=True, refuse_damaged=True)
    values = {}
    if bureau_name is not None:
        values["bureau_name"] = bureau_name
    if municipality is not None:
        values["municipality"] = municipality
    if language is not None:
        values["language"] = language
    changed = {k: v for k, v in values.items() if get_setting(db, k) != v}
    if changed:
        set_settings(db, **changed)
    return db
