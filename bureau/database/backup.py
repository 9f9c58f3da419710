"""Backups with SQLite's online backup API, verified after writing (restore: ``restore.py``).

A backup is a consistent copy even while the desk is writing. Each one is
checked with ``PRAGMA integrity_check`` before it counts; old ones are rotated
(keep N). It is written as ``<name>.<pid>.partial`` and renamed into place
only once verified; partial files left by a killed run are removed by the
next run (their process is gone).

With a backup passphrase (``set_backup_passphrase``) every backup is SEALED
(``bureau.database.sealed_files``): the checked copy is made beside the live
database (where the same data already lies in plain), sealed into the backup
folder, read back from there and opened with the file key the writer holds
in memory; it counts only if what it holds is byte for byte the checked copy.
Nothing plain is ever written to the backup folder. The database stores only
the passphrase's public key: the desk can seal without the passphrase, and
only the passphrase opens a backup.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import hashlib
import os
import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from bureau.database import sealed_files
from bureau.database.sealed_files import Recipient
from bureau.database.settings import get_setting, set_settings
from bureau.domain import BureauError
from bureau.i18n import N_

BACKUP_PREFIX = "bureau-backup-"
PLAIN_SUFFIX, SEALED_SUFFIX = ".db", ".sealed"
MIN_PASSPHRASE = 12
MSG_SHORT_PASSPHRASE = N_("The backup passphrase must have at least {limit} characters "
                          "(a few words are easiest to remember).")
# One backup at a time in a process: the work files are named by the process
# (so that another process's debris can be told from ours), and the desk's
# daily backup may still be finishing when the closing one starts.
_ONE_AT_A_TIME = threading.Lock()

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


def backup_recipient(db: sqlite_utils.Database) -> Recipient | None:
    """The public key backups are sealed for (None: no backup passphrase is set)."""
    return sealed_files.parse_recipient(get_setting(db, "backup_recipient"))


def set_backup_passphrase(db: sqlite_utils.Database, passphrase: str | None) -> Recipient | None:
    """Seal every backup from now on for ``passphrase`` (None or "": stop sealing).

    Only the passphrase's public key, its salt and the scrypt parameters are
    stored; backups sealed before keep opening with the passphrase they were
    sealed with. Raises ``BureauError`` for a passphrase shorter than
    ``MIN_PASSPHRASE`` characters.
    """
    if not passphrase:
        set_settings(db, backup_recipient="")
        return None
    if len(passphrase) < MIN_PASSPHRASE:
        raise BureauError(MSG_SHORT_PASSPHRASE, limit=MIN_PASSPHRASE)
    recipient = sealed_files.new_recipient(passphrase)
    set_settings(db, backup_recipient=sealed_files.recipient_text(recipient))
    return recipient


def _copy_checked(source: Path, copy: Path, target: Path) -> None:
    """A consistent, integrity-checked SQLite copy of ``source`` at ``copy``, flushed."""
    with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src, \
            contextlib.closing(sqlite3.connect(copy)) as dst:
        src.execute("PRAGMA busy_timeout = 5000")
        src.backup(dst, pages=4096)
        dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        ok = _integrity_ok(dst)
    if not ok:
        raise BureauError(MSG_BACKUP_BAD, path=str(target))
    fsync_file(copy)


class _Digest:
    def __init__(self) -> None:
        self.hash = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.hash.update(data)
        return len(data)


class _Tee:
    """Reads from a file and hashes what was read."""

    def __init__(self, reader: sealed_files.Readable, digest: _Digest) -> None:
        self.reader, self.digest = reader, digest

    def read(self, size: int = -1) -> bytes:
        data = self.reader.read(size)
        self.digest.write(data)
        return data


def seal_file(plain: Path, sealed: Path, recipient: Recipient, label: str) -> None:
    """Seal the file ``plain`` into ``sealed`` (fsynced), then read it back and open it with
    the file key: raises ``BureauError`` (``MSG_BACKUP_BAD``) unless it opens to exactly
    the bytes of ``plain``."""
    digest = _Digest()
    with open(plain, "rb") as reader, open(sealed, "wb") as writer:
        tee = _Tee(reader, digest)
        header, key = sealed_files.seal_stream(tee, writer, recipient)
        writer.flush()
        os.fsync(writer.fileno())
    check = _Digest()
    try:
        with open(sealed, "rb") as reader:
            written, _raw = sealed_files.read_header(reader, label)
            if written.raw != header.raw:
                raise BureauError(MSG_BACKUP_BAD, path=label)
            sealed_files.open_with_key(reader, check.write, written, key, label)
    except BureauError:
        raise BureauError(MSG_BACKUP_BAD, path=label) from None
    if check.hash.digest() != digest.hash.digest():
        raise BureauError(MSG_BACKUP_BAD, path=label)


def backup_to(source: Path, target: Path, recipient: Recipient | None = None) -> Path:
    """Copy the live database at ``source`` to ``target`` and verify the copy; sealed for
    ``recipient`` when given (see the module's note).

    Raises ``BureauError`` (nothing is left at ``target`` unless verified).
    """
    with _ONE_AT_A_TIME:
        return _backup_to(Path(source), Path(target), recipient)


def _backup_to(source: Path, target: Path, recipient: Recipient | None) -> Path:
    partial = work_file(target, "partial")
    # The plain copy to seal lies beside the live database, never on the backup drive.
    plain = work_file(source, "backup-plain") if recipient is not None else partial
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_debris(target.parent, glob.escape(target.name), "partial")
        remove_debris(source.parent, glob.escape(source.name), "backup-plain")
        _copy_checked(source, plain, target)
        if recipient is not None:
            seal_file(plain, partial, recipient, str(target))
        fsync_file(partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        raise BureauError(MSG_BACKUP_FAILED, path=str(target), reason=str(error)) from error
    finally:
        for leftover in {partial, plain}:
            for suffix in ("", "-journal"):
                with contextlib.suppress(OSError):
                    Path(f"{leftover}{suffix}").unlink(missing_ok=True)
    return target


def _backups(folder: Path) -> list[Path]:
    """Backups in ``folder``, oldest first (names sort by time), plain and sealed."""
    found = [*Path(folder).glob(f"{BACKUP_PREFIX}*{PLAIN_SUFFIX}"),
             *Path(folder).glob(f"{BACKUP_PREFIX}*{SEALED_SUFFIX}")]
    return sorted(found, key=lambda path: (path.stem, path.name))


def backup_into_folder(source: Path, folder: Path, keep: int, now: dt.datetime | None = None,
                       recipient: Recipient | None = None) -> BackupResult:
    """A dated backup in ``folder`` (``bureau-backup-<stamp>.db``, or ``.sealed`` for
    ``recipient``), then rotation down to the newest ``keep``. Raises ``BureauError``."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    suffix = PLAIN_SUFFIX if recipient is None else SEALED_SUFFIX
    for kind in (PLAIN_SUFFIX, SEALED_SUFFIX):
        remove_debris(Path(folder), f"{BACKUP_PREFIX}*{kind}", "partial")
    target = backup_to(source, Path(folder) / f"{BACKUP_PREFIX}{stamp}{suffix}", recipient)
    backups = _backups(folder)
    removed = backups[:-keep] if keep > 0 else []
    for old in removed:
        with contextlib.suppress(OSError):
            old.unlink()
    return BackupResult(target, target.stat().st_size, removed)


def latest_backup(folder: Path) -> Path | None:
    """The newest ``bureau-backup-*`` (``.db`` or ``.sealed``) in ``folder``, or None."""
    backups = _backups(folder) if folder else []
    return backups[-1] if backups else None


def is_sealed_backup(path: Path) -> bool:
    """Whether the file at ``path`` is a sealed backup (False if it cannot be read)."""
    try:
        with open(path, "rb") as handle:
            return sealed_files.is_sealed(handle)
    except OSError:
        return False
