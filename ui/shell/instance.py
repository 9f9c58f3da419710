"""One desk per database on this computer: a lock file beside the database.

SQLite's own locking already keeps two desks from corrupting the file, but
two windows on one PC confuse volunteers ("where did my consultation go?").
The lock file is ``<database>.lock`` beside the database's real file (a
symlink to the database names the same lock); Qt detects a stale one (its process is
gone after a crash or a power cut) and takes it over.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QLockFile

from bureau.database.locks import desk_lock_path
from bureau.domain import BureauError
from bureau.i18n import N_

MSG_ALREADY_OPEN = N_("Bureau is already open on this database on this computer.")


class AlreadyOpen(BureauError):
    pass


def lock_path(db_path: Path) -> Path:
    """Beside the database's real file: a symlink to it names the same lock."""
    return desk_lock_path(db_path)


def lock_database(db_path: Path) -> QLockFile | None:
    """The held lock; None when no lock file can be made (no folder yet, read-only).

    Raises ``AlreadyOpen`` when another living desk holds it.
    """
    db_path = Path(os.path.realpath(Path(db_path).expanduser()))
    if not db_path.parent.is_dir():
        return None  # a first start: the wizard creates the folder; nothing to guard yet
    lock = QLockFile(str(lock_path(db_path)))
    # The desk holds the lock for hours: age alone must never make it stale,
    # only a holder that is no longer running (Qt checks the process id).
    lock.setStaleLockTime(0)
    if lock.tryLock(0):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        raise AlreadyOpen(MSG_ALREADY_OPEN)
    return None  # permission or other trouble: the desk still starts, unguarded
