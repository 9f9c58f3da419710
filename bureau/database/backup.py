"""Backups with SQLite's online backup API, verified after writing (restore: ``restore.py``).

A backup is a consistent copy even while the desk is writing. Each one is
checked with ``PRAGMA integrity_check`` before it counts; old ones are rotated
(keep N). It is written as ``<name>.<pid>.partial`` and renamed into place
only once verified; partial files left by a killed run are removed by the
next run (their process is gone).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bureau.domain import BureauError
from bureau.i18n import N_

BACKUP_PREFIX = "bureau-backup-"
MSG_BACKUP_FAILED = N_("The backup could not be written to {path}: {reason}")
MSG_BACKUP_BAD = N_("The backup written to {path} did not pass the integrity check; it was removed.")
MSG_NO_FOLDER = N_("No backup folder is set. Choose one in Settings, or give --out.")


@dataclass
class BackupResult:
    path: Path
    size: int
    removed: list[Path]


def _integrity_ok(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's living process
    return True


def work_file(target: Path, kind: str) -> Path:
    """``<target>.<pid>.<kind>``: a file this process is writing beside ``target``."""
    return target.with_name(f"{target.name}.{os.getpid()}.{kind}")


def remove_debris(folder: Path, name_glob: str, kind: str) -> list[Path]:
    """Remove ``<name>.<pid>.<kind>`` work files (and their journals) whose process is gone.

    ``name_glob`` is a glob for the target's name (``bureau.db``,
    ``bureau-backup-*.db``). A killed backup or restore leaves such files; a
    living process's are left alone.
    """
    removed = []
    pattern = re.compile(rf"\.(\d+)\.{re.escape(kind)}(-journal|-wal|-shm)?$")
    for path in Path(folder).glob(f"{name_glob}.*.{kind}*"):
        found = pattern.search(path.name)
        if found and not _process_alive(int(found.group(1))):
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())
    with contextlib.suppress(OSError):  # the rename itself must survive a power cut too
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def backup_to(source: Path, target: Path) -> Path:
    """Copy the live database at ``source`` to ``target`` and verify the copy.

    Raises ``BureauError`` (nothing is left at ``target`` unless verified).
    """
    target = Path(target)
    partial = work_file(target, "partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_debris(target.parent, glob.escape(target.name), "partial")
        with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src, \
                contextlib.closing(sqlite3.connect(partial)) as dst:
            src.execute("PRAGMA busy_timeout = 5000")
            src.backup(dst, pages=4096)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            ok = _integrity_ok(dst)
        if not ok:
            raise BureauError(MSG_BACKUP_BAD, path=str(target))
        fsync_file(partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        raise BureauError(MSG_BACKUP_FAILED, path=str(target), reason=str(error)) from error
    finally:
        for leftover in (partial, Path(f"{partial}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
    return target


def backup_into_folder(source: Path, folder: Path, keep: int, now: dt.datetime | None = None) -> BackupResult:
    """A dated backup in ``folder``, then rotation down to the newest ``keep``."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    remove_debris(Path(folder), f"{BACKUP_PREFIX}*.db", "partial")
    target = backup_to(source, Path(folder) / f"{BACKUP_PREFIX}{stamp}.db")
    backups = sorted(Path(folder).glob(f"{BACKUP_PREFIX}*.db"))
    removed = backups[:-keep] if keep > 0 else []
    for old in removed:
        with contextlib.suppress(OSError):
            old.unlink()
    return BackupResult(target, target.stat().st_size, removed)


def latest_backup(folder: Path) -> Path | None:
    """The newest ``bureau-backup-*.db`` in ``folder`` (names sort by time), or None."""
    backups = sorted(Path(folder).glob(f"{BACKUP_PREFIX}*.db")) if folder else []
    return backups[-1] if backups else None
