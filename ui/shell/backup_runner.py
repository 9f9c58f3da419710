"""Automatic backups: daily at start, and when the desk closes.

Both use ``bureau.database.backup`` (SQLite's online backup, verified), sealed for the
backup passphrase's public key when one is set (``backup_recipient``): the desk
needs no passphrase to seal, and cannot open what it sealed. The folder is
the database's setting, mirrored into QSettings so that a damaged database's
way out (restore the latest backup) can still be offered at start.

A backup must never hold the volunteer hostage: a missing USB stick or a full
disk fails within a moment with a clear message, and the closing backup gives
up waiting after ``CLOSE_TIMEOUT_S`` (the copy is made to a ``.partial`` file
first, so an abandoned one never passes for a backup).
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from bureau_desk.shell.context import KEY_BACKUP_FOLDER, DeskContext, app_settings
from bureau_desk.shell.tasks import run_task
from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from bureau.database.backup import (
    BACKUP_PREFIX,
    BackupResult,
    backup_into_folder,
    backup_recipient,
    latest_backup,
)
from bureau.database.settings import get_settings
from bureau.domain import BureauError
from bureau.i18n import _, format_number
from bureau.trust import audit

DAILY = dt.timedelta(days=1)
CLOSE_PROGRESS_MS = 1000
CLOSE_TIMEOUT_S = 60


def backup_folder(context: DeskContext) -> Path | None:
    folder = get_settings(context.db).get("backup_folder", "")
    return Path(folder) if folder else None


def backup_keep(context: DeskContext) -> int:
    try:
        return max(1, int(get_settings(context.db).get("backup_keep") or 10))
    except ValueError:
        return 10


def mirror_backup_folder(folder: str) -> None:
    app_settings().setValue(KEY_BACKUP_FOLDER, folder)


def known_backup_folder() -> Path | None:
    value = app_settings().value(KEY_BACKUP_FOLDER)
    return Path(str(value)) if value else None


def backup_time(path: Path) -> dt.datetime:
    """When a backup was made: from its name (bureau-backup-YYYYmmdd-HHMMSS.db), else the file."""
    try:
        return dt.datetime.strptime(path.stem.removeprefix(BACKUP_PREFIX), "%Y%m%d-%H%M%S")
    except ValueError:
        return dt.datetime.fromtimestamp(path.stat().st_mtime)


def daily_backup_due(folder: Path | None, now: dt.datetime | None = None) -> bool:
    if folder is None:
        return False
    try:
        newest = latest_backup(folder)
        return newest is None or (now or dt.datetime.now()) - backup_time(newest) >= DAILY
    except OSError:
        return True  # an unreadable folder: trying says clearly what is wrong


def size_text(size: int) -> str:
    return _("{size} MB").format(size=format_number(round(size / 1_048_576, 1)))


def record_backup(context: DeskContext, result: BackupResult) -> None:
    account = context.acting_account()
    audit.record(context.db, audit.Action.BACKUP, "database", None,
                 actor_id=account.id if account else None, detail=result.path.name)


def start_daily_backup(parent: QWidget, context: DeskContext) -> bool:
    """In the background, when the newest backup is a day old or missing; True if started."""
    folder = backup_folder(context)
    if not daily_backup_due(folder):
        return False

    def done(result: BackupResult) -> None:
        record_backup(context, result)
        context.status_message.emit(_("Daily backup written: {path} ({size})").format(
            path=result.path, size=size_text(result.size)))

    def failed(error: BaseException) -> None:
        QMessageBox.warning(parent, _("Backup"), _("The daily backup failed.") + "\n\n"
                            + backup_error_text(error))

    run_task(None, "", backup_into_folder, context.db_path, folder, backup_keep(context),
             recipient=backup_recipient(context.db), on_done=done, on_error=failed)
    return True


def backup_error_text(error: BaseException) -> str:
    if isinstance(error, BureauError):
        return str(error) + "\n\n" + _("Is the backup drive plugged in, and does it have "
                                       "free space?")
    return _("Unexpected error: {error}").format(error=type(error).__name__)


class _Done(QObject):
    finished = Signal()


def backup_on_close(context: DeskContext, parent: QWidget | None = None,
                    timeout_s: float = CLOSE_TIMEOUT_S) -> BackupResult | BaseException | None:
    """The closing backup: waits for it (with a progress dialog after a second), never longer
    than ``timeout_s``. Returns the result, the error, or None (no folder, or gave up)."""
    folder = backup_folder(context)
    if folder is None:
        return None
    outcome: list[BackupResult | BaseException] = []
    signal = _Done()
    loop = QEventLoop()
    signal.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    source, keep, recipient = context.db_path, backup_keep(context), backup_recipient(context.db)

    def work() -> None:
        try:
            outcome.append(backup_into_folder(source, folder, keep, recipient=recipient))
        except Exception as error:  # delivered to the GUI thread below
            outcome.append(error)
        signal.finished.emit()

    # A plain daemon thread, not the pool: the process may end while a hung
    # network drive still holds it, and the pool would wait for it at exit.
    thread = threading.Thread(target=work, name="closing-backup", daemon=True)
    thread.start()
    progress = QProgressDialog(_("Backing up the database\u2026"), "", 0, 0, parent)
    progress.setCancelButton(None)
    progress.setMinimumDuration(CLOSE_PROGRESS_MS)
    progress.setValue(0)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    if not outcome:
        loop.exec()
    progress.reset()
    progress.deleteLater()
    if not outcome:
        return None
    result = outcome[0]
    if isinstance(result, BackupResult):
        record_backup(context, result)
    return result
