"""Restoring a backup: only onto a database nobody has open, never leaving the path unsound.

How (each step for a failure seen in practice, issue #12):

1. Refused while a desk holds the one-desk lock, or while any other
   connection has the database open: this process takes SQLite's exclusive
   lock (``locking_mode = EXCLUSIVE``), which an open connection anywhere
   prevents. A change committed elsewhere during a restore would otherwise
   be in neither the live database nor the copy kept aside.
2. The backup is copied beside the database (``<name>.<pid>.restoring``),
   the COPY is verified (integrity, references, schema exactly as this
   version's migrations make it: a hostile file with triggers of its own or
   without the audit log's guards is refused) and brought up to date.
3. A verified copy of the current database is written aside.
4. The copy is written INTO the live database with SQLite's backup API, under
   the exclusive lock: one atomic SQLite transaction on the same file. A full
   disk or a kill rolls it back, so the path always holds a sound database;
   processes waiting for the lock then see the restored contents (no one can
   be left writing into a renamed-away file), and a symlink stays a symlink.
5. Only then is the copy aside given its final name.

A damaged database that SQLite cannot open is kept as it is (hard link) and
replaced by an atomic rename. Work files of killed runs are removed next time.

A sealed backup (``bureau.database.sealed_files``) is opened with its
passphrase first, into a work file beside the database (``.unsealing``); a
missing or wrong passphrase, or a file cut short or altered, is refused
before anything else happens. When the database being replaced has a backup
passphrase, the copy kept aside (step 3) is sealed for it as well
(``<name>.before-restore-<stamp>.sealed``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import os
import shutil
import sqlite3
import time
from pathlib import Path

import sqlite_utils

from bureau.database import fingerprint, schema, sealed_files
from bureau.database.backup import (
    SEALED_SUFFIX,
    fsync_file,
    is_sealed_backup,
    remove_debris,
    seal_file,
    work_file,
)
from bureau.database.connection import MSG_FULL, sqlite_primary_code, translate_sqlite_error
from bureau.database.locks import desk_holding
from bureau.domain import BureauError, DatabaseUnavailable
from bureau.i18n import N_

MSG_IN_USE = N_(
    "The database {path} is open in a Bureau desk or another program. Close it there, "
    "then restore again; nothing was changed."
)
MSG_NOT_BUREAU = N_("{path} is not a Bureau database; nothing was restored.")
MSG_DAMAGED = N_("{path} is damaged (integrity check failed); nothing was restored.")
MSG_NEWER = N_("{path} was made by a newer version of Bureau; nothing was restored.")
MSG_ALTERED = N_(
    "{path} was changed outside Bureau (its tables, columns, indexes or triggers are not "
    "the ones Bureau makes: {detail}); nothing was restored."
)
MSG_BROKEN_REFERENCES = N_("{path} has {count} broken references between records; nothing was restored.")
MSG_NO_ROOM = N_("The backup could not be prepared beside {path} ({reason}); nothing was changed.")

BUSY_CODES = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
UNREADABLE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
LOCK_WAIT_SECONDS = 3.0


def verify_restorable(conn: sqlite3.Connection, label: str) -> None:
    """Refuse (``BureauError``) unless ``conn`` holds a sound Bureau database of this version or older."""
    try:
        rows = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"consultations", "_sqlite_migrations"} <= tables:
            raise BureauError(MSG_NOT_BUREAU, path=label)
        if rows != ["ok"]:
            raise BureauError(MSG_DAMAGED, path=label)
        verdict = fingerprint.verify(conn)
        if verdict.newer:
            raise BureauError(MSG_NEWER, path=label)
        if not verdict.ok:
            raise BureauError(MSG_ALTERED, path=label, detail=verdict.problem)
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise BureauError(MSG_BROKEN_REFERENCES, path=label, count=len(broken))
    except sqlite3.Error as error:
        raise BureauError(MSG_NOT_BUREAU, path=label) from error


def check_restorable(path: Path, passphrase: str | None = None) -> None:
    """Refuse a file that is not a sound, unaltered Bureau database of this version or older.

    A sealed backup is opened with ``passphrase`` all through (nothing plain is
    written): it must authenticate; its database is checked by ``restore``.
    Raises ``BureauError`` (in the user's language) saying which.
    """
    path = Path(path)
    if not path.is_file():
        raise BureauError(MSG_NOT_BUREAU, path=str(path))
    try:
        with open(path, "rb") as reader:
            if sealed_files.is_sealed(reader):
                reader.seek(0)
                sealed_files.open_stream(reader, lambda _chunk: None, passphrase, str(path))
                return
    except OSError as error:
        raise BureauError(MSG_NOT_BUREAU, path=str(path)) from error
    _check_plain(path, str(path))


def _check_plain(path: Path, label: str) -> None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise BureauError(MSG_NOT_BUREAU, path=label) from error
    with contextlib.closing(conn):
        verify_restorable(conn, label)


def _unseal(backup: Path, plain: Path, passphrase: str | None) -> None:
    """Open the sealed ``backup`` into ``plain``; ``BureauError`` (and no ``plain``) otherwise."""
    try:
        with open(backup, "rb") as reader, open(plain, "wb") as writer:
            sealed_files.open_stream(reader, writer.write, passphrase, str(backup))
    except BaseException:
        plain.unlink(missing_ok=True)
        raise


def _stage(backup: Path, staging: Path, label: str) -> None:
    """Copy ``backup`` to ``staging``, verify the copy, bring it up to date, flush it to disk."""
    _check_plain(backup, label)  # before writing anything: a clear refusal for junk
    try:
        with contextlib.closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as src, \
                contextlib.closing(sqlite3.connect(staging)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        with contextlib.closing(sqlite3.connect(staging)) as copy:
            verify_restorable(copy, label)  # what is restored is what was checked
            db = sqlite_utils.Database(copy)
            schema.apply(db)  # an older backup, brought to this version before it goes live
            copy.commit()
        fsync_file(staging)
    except sqlite3.Error as error:
        if sqlite_primary_code(error) == 13:  # SQLITE_FULL
            raise BureauError(MSG_NO_ROOM, path=str(staging.parent), reason=str(error)) from error
        raise BureauError(MSG_NOT_BUREAU, path=label) from error
    except OSError as error:
        raise BureauError(MSG_NO_ROOM, path=str(staging.parent),
                          reason=error.strerror or str(error)) from error


def _lock_exclusively(real: Path, label: str) -> sqlite3.Connection | None:
    """A connection holding the database's exclusive lock; None when SQLite cannot read it."""
    live = sqlite3.connect(real, timeout=0, isolation_level=None)
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    try:
        live.execute("PRAGMA locking_mode = EXCLUSIVE")
        while True:
            try:
                # In exclusive mode the lock, once taken, is kept after COMMIT.
                live.execute("BEGIN EXCLUSIVE")
                live.execute("SELECT count(*) FROM sqlite_master").fetchone()
                live.execute("COMMIT")
                live.execute("PRAGMA synchronous = FULL")
                return live
            except sqlite3.Error as error:
                if live.in_transaction:
                    live.execute("ROLLBACK")
                code = sqlite_primary_code(error)
                if code in BUSY_CODES and time.monotonic() < deadline:
                    time.sleep(0.1)
                    continue
                if code in BUSY_CODES:
                    raise DatabaseUnavailable(MSG_IN_USE, path=label) from error
                if code in UNREADABLE_CODES:
                    live.close()
                    return None
                raise translate_sqlite_error(error, label) from error
    except BaseException:
        live.close()
        raise


def _keep_aside(live: sqlite3.Connection, partial: Path) -> None:
    with contextlib.closing(sqlite3.connect(partial)) as kept:
        live.backup(kept)
        kept.execute("PRAGMA journal_mode = DELETE")
        if kept.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("the copy of the current database is not sound")
    fsync_file(partial)


def _live_recipient(live: sqlite3.Connection) -> sealed_files.Recipient | None:
    """The backup passphrase's public key of the database being replaced, if it has one."""
    try:
        row = live.execute("SELECT value FROM settings WHERE key = 'backup_recipient'").fetchone()
    except sqlite3.Error:
        return None
    return sealed_files.parse_recipient(row[0]) if row and row[0] else None


def _replace_unreadable(staging: Path, real: Path, kept: Path) -> Path:
    """The current file is not a database SQLite can read: keep it as it is, rename the new one in."""
    try:
        os.link(real, kept)
    except OSError:
        shutil.copyfile(real, kept)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.replace(f"{real}{suffix}", f"{kept}{suffix}")
    os.replace(staging, real)
    fsync_file(real)
    return kept


def restore(backup: Path, target: Path, now: dt.datetime | None = None,
            passphrase: str | None = None) -> Path | None:
    """Replace the contents of ``target`` with ``backup``; returns where the previous database was kept.

    ``passphrase`` opens a sealed backup (a plain one needs none). Raises
    ``DatabaseUnavailable`` (in use: a desk or another connection has it open;
    a full disk) and ``BureauError`` (the backup is refused; no passphrase or a
    wrong one). In every failure the database at ``target`` is the one that
    was there before.
    """
    backup, target = Path(backup), Path(target)
    real = Path(os.path.realpath(target.expanduser()))  # a symlink stays a symlink
    label = str(target)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    kept = real.with_name(f"{real.stem}.before-restore-{stamp}{real.suffix}")
    remove_debris(real.parent, glob.escape(real.name), "restoring")
    remove_debris(real.parent, glob.escape(real.name), "unsealing")
    for kind in ("partial", "sealed-partial"):
        remove_debris(real.parent, f"{glob.escape(real.stem)}.before-restore-*", kind)
    if desk_holding(real) is not None:
        raise DatabaseUnavailable(MSG_IN_USE, path=label)
    staging, kept_partial = work_file(real, "restoring"), work_file(kept, "partial")
    plain, kept_sealed = work_file(real, "unsealing"), work_file(kept, "sealed-partial")
    live = None
    try:
        source = backup
        if is_sealed_backup(backup):
            _unseal(backup, plain, passphrase)
            source = plain
        _stage(source, staging, str(backup))
        if not real.exists():
            os.replace(staging, real)
            fsync_file(real)
            return None
        live = _lock_exclusively(real, label)
        if live is None:
            return _replace_unreadable(staging, real, kept)
        _keep_aside(live, kept_partial)
        recipient = _live_recipient(live)
        if recipient is not None:  # the copy kept aside is a backup too: sealed like one
            kept = kept.with_suffix(SEALED_SUFFIX)
            seal_file(kept_partial, kept_sealed, recipient, str(kept))
            os.replace(kept_sealed, kept_partial)
            fsync_file(kept_partial)
        with contextlib.closing(sqlite3.connect(f"file:{staging}?mode=ro", uri=True)) as copy:
            copy.backup(live)  # one transaction on the live file: all of it, or none
        if live.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("the restored database is not sound")
        os.replace(kept_partial, kept)
        return kept
    except sqlite3.Error as error:
        if sqlite_primary_code(error) == 13:
            raise DatabaseUnavailable(MSG_FULL, path=label, detail=str(error)) from error
        raise translate_sqlite_error(error, label) from error
    except OSError as error:
        raise BureauError(MSG_NO_ROOM, path=str(real.parent),
                          reason=error.strerror or str(error)) from error
    finally:
        if live is not None:
            live.close()  # the last connection: checkpoints the WAL into the file
        for leftover in (staging, kept_partial, plain, kept_sealed):
            for suffix in ("", "-journal"):
                with contextlib.suppress(OSError):
                    Path(f"{leftover}{suffix}").unlink(missing_ok=True)
