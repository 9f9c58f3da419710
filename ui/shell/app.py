"""Start the desk: ``bureau [--db PATH]`` or ``python main.py [--db PATH]``.

The database is --db, else BUREAU_DB, else the user data folder. A missing
database (or one without a bureau name or an advisor) starts the first-run
wizard; later starts go straight to the desk, in the language stored in the
database's settings.

Around the desk: one desk per database on this computer (a lock file), a
damaged database's way out (restore the latest backup), the sign-in when the
database has accounts, the unsaved consultation found after a crash, and the
automatic backups (daily at start, and on closing).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bureau.i18n import N_

if TYPE_CHECKING:  # imported when main() runs, after the Qt application exists
    import sqlite_utils
    from bureau_desk.shell.main_window import MainWindow
    from PySide6.QtWidgets import QApplication

    from bureau.trust.accounts import Account

EXIT_DATABASE = 4
EXIT_ALREADY_OPEN = 5
MSG_LOCKS_LOST = N_(
    "Another program opened the database's files inside the desk, which takes away the "
    "desk's hold on them. So that every save stays safe, the desk starts again now; "
    "what is typed in the form is offered again."
)
# The one-desk lock, released before a restart (the restarted desk takes it again).
_instance_lock = None


def restart_if_locks_lost(context, window) -> bool:  # noqa: ANN001 - DeskContext, MainWindow
    """After any dialog: if this process lost its SQLite locks, restart the desk.

    Nothing of the old process touches the database again (no save, no close):
    see ``DeskContext.locks_lost``. The form's draft is written first.
    """
    from PySide6.QtWidgets import QMessageBox

    from bureau.i18n import _

    if not context.locks_lost():
        return False
    if "desk" in window.pages:
        window.page("desk").form.write_draft()
    QMessageBox.critical(window, _("Bureau"), _(MSG_LOCKS_LOST))
    if _instance_lock is not None:
        _instance_lock.unlock()
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
    return True


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    from bureau.cli.argparse_i18n import install
    from bureau.i18n import _

    install()  # argparse's own words ("usage", "options") in the desk's language too
    parser = argparse.ArgumentParser(prog="bureau", description=_("The Bureau desk."))
    parser.add_argument("--db", metavar=_("PATH"),
                        help=_("the database file (default: BUREAU_DB or the user data folder)"))
    # Qt's own options (-style, -platform...) pass through to QApplication.
    args, _rest = parser.parse_known_args(argv)
    return args


def apply_font_size(app: QApplication) -> None:
    from bureau_desk.shell.preferences import KEY_FONT_SIZE, app_settings

    size = app_settings().value(KEY_FONT_SIZE)
    try:
        points = int(size) if size is not None else 0
    except (TypeError, ValueError):
        points = 0
    if points > 0:
        font = app.font()
        font.setPointSize(points)
        app.setFont(font)


def _register_fonts() -> None:
    # The bundled DejaVu Sans covers Cyrillic even where the system fonts do not.
    from PySide6.QtGui import QFontDatabase

    from bureau import data

    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        QFontDatabase.addApplicationFont(str(data.resource("fonts", name)))


def open_or_set_up(path: Path) -> sqlite_utils.Database | None:
    """The bureau's database, after the first-run wizard if needed; None if cancelled."""
    from bureau_desk.dialogs.first_run import FirstRunWizard, needs_setup
    from PySide6.QtWidgets import QDialog

    from bureau.database.connection import MSG_NOT_INITIALISED, connect
    from bureau.domain import DatabaseUnavailable
    from bureau.opening import is_initialised, open_database

    existing = None
    if path.exists():
        try:
            existing = open_database(path)
        except DatabaseUnavailable as error:
            if error.msgid != MSG_NOT_INITIALISED:
                raise  # locked, damaged, newer: main() says so and exits with 4
            probe = connect(path)  # an empty file: the wizard initialises it
            empty = not is_initialised(probe)
            probe.close()
            if not empty:
                raise
        if existing is not None and not needs_setup(existing):
            return existing
    wizard = FirstRunWizard(path, existing)
    if wizard.exec() != QDialog.DialogCode.Accepted:
        if existing is not None:
            existing.close()
        return None
    return wizard.db


def set_aside(path: Path) -> Path:
    """Move a damaged database (and its WAL) out of the way, keeping it for the curious."""
    import datetime as dt

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    os.replace(path, kept)
    for suffix in ("-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists():
            os.replace(side, Path(str(kept) + suffix))
    return kept


def offer_restore(error: Exception, path: Path) -> sqlite_utils.Database | None:
    """A damaged database: say so and, when a backup is known, offer to restore the latest."""
    from bureau_desk.dialogs.backup_passphrase import ask_passphrase
    from bureau_desk.shell.backup_runner import backup_time, known_backup_folder
    from PySide6.QtWidgets import QMessageBox

    from bureau.database.backup import is_sealed_backup, latest_backup
    from bureau.database.connection import MSG_CORRUPT
    from bureau.database.restore import check_restorable, restore
    from bureau.domain import BureauError
    from bureau.i18n import _, format_datetime
    from bureau.opening import open_database
    from bureau.trust import audit

    folder = known_backup_folder()
    latest = None
    if getattr(error, "msgid", None) == MSG_CORRUPT and folder is not None:
        try:
            latest = latest_backup(folder)
        except OSError:
            latest = None
    if latest is None:  # locked, newer, or no backup: the message, and the way out in it
        QMessageBox.critical(None, _("Bureau"), str(error))
        return None
    answer = QMessageBox.question(
        None, _("Bureau"), str(error) + "\n\n" + _(
            "Restore the latest backup ({date})? The damaged file is kept beside it.").format(
            date=format_datetime(backup_time(latest))),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes)
    if answer != QMessageBox.StandardButton.Yes:
        return None
    passphrase = None
    if is_sealed_backup(latest):
        passphrase = ask_passphrase(None, latest)
        if passphrase is None:
            return None
    try:
        # A wrong passphrase is refused here, before the damaged file is moved.
        check_restorable(latest, passphrase)
        # bureau.database.restore.restore copies the current file aside with SQLite, which
        # a damaged file defeats: move it aside as it is first.
        kept = set_aside(path)
        restore(latest, path, passphrase=passphrase)
        db = open_database(path)
    except (BureauError, OSError) as failure:
        QMessageBox.critical(None, _("Bureau"), _("The backup could not be restored.")
                             + "\n\n" + str(failure))
        return None
    audit.record(db, audit.Action.RESTORE, "database", None, detail=latest.name)
    QMessageBox.information(None, _("Bureau"), _(
        "The backup of {date} was restored. The damaged database was kept as {path}.").format(
        date=format_datetime(backup_time(latest)), path=kept))
    return db


def sign_in(db: sqlite_utils.Database) -> Account | None:
    """The signed-in account, or None if the dialog was closed."""
    from bureau_desk.dialogs.sign_in import SignInDialog
    from PySide6.QtWidgets import QDialog

    from bureau.database.settings import get_setting

    dialog = SignInDialog(db, get_setting(db, "bureau_name"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.account


def first_look(path: Path) -> dict[str, str]:
    """The database's language and bureau name, read-only with plain sqlite3, for the
    frame painted before the database is opened; {} when it cannot be read (missing,
    damaged, locked: ``open_or_set_up`` then says so in full).

    Read after the one-desk lock; the connection is closed before the desk's own opens,
    so it takes none of that connection's SQLite locks away.
    """
    import sqlite3

    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
    except (sqlite3.Error, OSError, ValueError):
        return {}
    try:
        rows = probe.execute("SELECT key, value FROM settings "
                             "WHERE key IN ('language', 'bureau_name')").fetchall()
    except sqlite3.Error:
        return {}
    finally:
        probe.close()
    return {key: value for key, value in rows if isinstance(value, str) and value}


def show_frame(app: QApplication, path: Path) -> MainWindow:
    """The window's frame (page list, toolbar, status bar), painted at once: what the
    volunteer sees while the database opens and the Desk page is built (#19)."""
    from bureau_desk.shell.language import apply_language
    from bureau_desk.shell.main_window import MainWindow, window_title
    from PySide6.QtCore import QElapsedTimer, QEventLoop

    stored = first_look(path)
    if stored.get("language"):
        apply_language(stored["language"])
    window = MainWindow()
    window.setWindowTitle(window_title(stored.get("bureau_name")))
    window.show()
    # Paint now: the rest of the start runs before the event loop does. Exposure
    # comes from the window system, so wait for it a moment (a second at most).
    waited = QElapsedTimer()
    waited.start()
    while window.windowHandle() is None or not window.windowHandle().isExposed():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if waited.elapsed() > 1000:
            break
    window.repaint()
    for _pass in range(2):  # what the paint queued (and a timer armed in the last pass)
        app.processEvents()
    return window


def main(argv: Sequence[str] | None = None) -> int:
    from bureau_desk.shell.language import apply_language
    from bureau_desk.shell.preferences import SETTINGS_APP, SETTINGS_ORG
    from PySide6.QtWidgets import QApplication, QMessageBox

    from bureau.i18n import _

    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setOrganizationName(SETTINGS_ORG)
    app.setApplicationName(SETTINGS_APP)
    from bureau_desk.widgets.file_dialogs import guard_application

    guard_application(app)  # before any dialog: none may open the database's files
    _register_fonts()
    apply_font_size(app)
    # Before the database is open (the first-run wizard): BUREAU_LOCALE, else Bulgarian.
    apply_language(os.environ.get("BUREAU_LOCALE") or "bg")
    if args.db:
        path = Path(args.db).expanduser()
    else:
        from bureau.database.plain import default_db_path

        path = default_db_path()
    from bureau_desk.shell.instance import AlreadyOpen, lock_database

    global _instance_lock
    try:
        instance = _instance_lock = lock_database(path)  # before anything touches the database
    except AlreadyOpen as error:
        QMessageBox.warning(None, _("Bureau"), str(error))
        return EXIT_ALREADY_OPEN
    try:
        window = show_frame(app, path)
        try:
            return _run_desk(app, path, window)
        finally:
            if window.context is None:  # the desk did not start: the frame goes
                window.close()
                window.deleteLater()
    finally:
        if instance is not None:
            instance.unlock()


def _run_desk(app: QApplication, path: Path, window: MainWindow) -> int:
    from bureau_desk.shell.language import apply_language
    from PySide6.QtWidgets import QMessageBox

    from bureau.database.settings import get_setting
    from bureau.domain import BureauError
    from bureau.i18n import _
    from bureau.trust.accounts import has_accounts

    try:
        db = open_or_set_up(path)
    except BureauError as error:
        db = offer_restore(error, path)
        if db is None:
            return EXIT_DATABASE
    if db is None:
        return 0
    apply_language(get_setting(db, "language"))

    from bureau_desk.shell.context import DeskContext
    from bureau_desk.shell.handover import offer_window_drafts
    from bureau_desk.widgets.drafts import default_drafts_dir, offer_draft
    from bureau_desk.widgets.file_dialogs import add_after_dialog_hook

    try:
        context = DeskContext(db, path)
        context.drafts_dir = default_drafts_dir()
        if has_accounts(db):
            account = sign_in(db)
            if account is None:
                return 0
            context.sign_in(account)
        window.attach(context)
        add_after_dialog_hook(lambda: restart_if_locks_lost(context, window))
        # The backups' machinery is not needed to show the desk: it loads after.
        from bureau_desk.shell.backup_runner import (
            backup_error_text,
            backup_on_close,
            mirror_backup_folder,
            start_daily_backup,
        )

        mirror_backup_folder(get_setting(db, "backup_folder"))
        form = window.page("desk").form
        offer_draft(window, form, context.drafts_dir, path, form.draft_owner())
        offer_window_drafts(window, context, form.draft_owner())  # kept at a hand-over
        start_daily_backup(window, context)
        code = app.exec()
        result = backup_on_close(context)
        if isinstance(result, BaseException):
            QMessageBox.warning(None, _("Backup"), _("The backup on closing failed.") + "\n\n"
                                + backup_error_text(result))
        return code
    finally:
        db.close()
