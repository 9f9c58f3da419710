"""Backups with SQLite's online backup API, verified after writing; and restore.

A backup is a consistent copy even while the desk is writing. Each one is
checked with ``PRAGMA integrity_check`` before it counts; old ones are rotated
(keep N). Restore refuses anything that is not a sound Bureau database of this
version or older, and keeps the current database aside first.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bureau.database import schema
from bureau.domain import BureauError
from bureau.i18n import N_

BACKUP_PREFIX = "bureau-backup-"
MSG_BACKUP_FAILED = N_("The backup could not be written to {path}: {reason}")
MSG_BACKUP_BAD = N_("The backup written to {path} did not pass the integrity check; it was removed.")
MSG_NOT_BUREAU = N_("{path} is not a Bureau database; nothing was restored.")
MSG_DAMAGED = N_("{path} is damaged (integrity check failed); nothing was restored.")
MSG_NEWER = N_("{path} was made by a newer version of Bureau; nothing was restored.")
MSG_NO_FOLDER = N_("No backup folder is set. Choose one in Settings, or give --out.")


@dataclass
class BackupResult:
    path: Path
    size: int
    removed: list[Path]


def _integrity_ok(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")


def backup_to(source: Path, target: Path) -> Path:
    """Copy the live database at ``source`` to ``target`` and verify the copy."""
    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src, \
                contextlib.closing(sqlite3.connect(partial)) as dst:
            src.execute("PRAGMA busy_timeout = 5000")
            src.backup(dst, pages=4096)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            ok = _integrity_ok(dst)
        if not ok:
            partial.unlink(missing_ok=True)
            raise BureauError(MSG_BACKUP_BAD, path=str(target))
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise BureauError(MSG_BACKUP_FAILED, path=str(target), reason=str(error)) from error
    return target


def backup_into_folder(source: Path, folder: Path, keep: int, now: dt.datetime | None = None) -> BackupResult:
    """A dated backup in ``folder``, then rotation down to the newest ``keep``."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = backup_to(source, Path(folder) / f"{BACKUP_PREFIX}{stamp}.db")
    backups = sorted(Path(folder).glob(f"{BACKUP_PREFIX}*.db"))
    removed = backups[:-keep] if keep > 0 else []
    for old in removed:
        with contextlib.suppress(OSError):
            old.unlink()
    return BackupResult(target, target.stat().st_size, removed)


def latest_backup(folder: Path) -> Path | None:
    backups = sorted(Path(folder).glob(f"{BACKUP_PREFIX}*.db")) if folder else []
    return backups[-1] if backups else None


def check_restorable(path: Path) -> None:
    """Refuse a file that is not a sound Bureau database of this version or older."""
    path = Path(path)
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if not {"consultations", "_sqlite_migrations"} <= tables:
                raise BureauError(MSG_NOT_BUREAU, path=str(path))
            if not _integrity_ok(conn):
                raise BureauError(MSG_DAMAGED, path=str(path))
            applied = {row[0] for row in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [schema.MIGRATION_SET])}
    except sqlite3.Error as error:
        raise BureauError(MSG_NOT_BUREAU, path=str(path)) from error
    if applied - schema.known_migration_names():
        raise BureauError(MSG_NEWER, path=str(path))


def restore(backup: Path, target: Path, now: dt.datetime | None = None) -> Path | None:
    """Replace ``target`` with ``backup``; returns where the previous database was kept.

    Bureau must not be open on ``target`` meanwhile (the CLI and the Settings
    page make sure of that).
    """
    backup, target = Path(backup), Path(target)
    check_restorable(backup)
    kept = None
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    try:
        if target.exists():
            kept = target.with_name(f"{target.stem}.before-restore-{stamp}{target.suffix}")
            try:
                backup_to(target, kept)  # a consistent copy including the WAL's pages
            except BureauError:
                # A damaged database cannot be read page by page: keep the files as they are.
                for suffix in ("", "-wal", "-shm"):
                    with contextlib.suppress(FileNotFoundError):
                        os.replace(str(target) + suffix, str(kept) + suffix)
        incoming = target.with_name(target.name + ".restoring")
        shutil.copyfile(backup, incoming)
        with open(incoming, "rb+") as handle:
            os.fsync(handle.fileno())
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(str(target) + suffix)
        os.replace(incoming, target)
    except OSError as error:
        raise BureauError(MSG_BACKUP_FAILED, path=str(target), reason=str(error)) from error
    return kept
