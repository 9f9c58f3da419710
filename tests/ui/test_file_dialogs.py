"""Issue #12, item 1: no chooser of the desk may drop the database's SQLite locks.

POSIX drops all of a process's locks on a file when any descriptor of it is
closed; Qt's file dialog used to open ``bureau.db``, ``-wal`` and ``-shm`` to
guess their types, so showing the database's folder dropped the desk's locks
(and other processes then deleted the desk's WAL under it). Every test here
shows a real chooser of the desk on the database's folder, in the detail view
(icons and the type column), and reads ``/proc/locks`` while it is shown.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QToolButton

from bureau.database.locks import locks_held

pytestmark = pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux /proc/locks")

UI = Path(__file__).resolve().parents[2] / "ui"


@pytest.fixture(autouse=True)
def _windows_deleted_afterwards():
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _held(context) -> int:
    context.db.execute("SELECT count(*) FROM consultations").fetchone()
    return locks_held(context.db_path)


def _probe_dialog(qtbot, folder: Path, seen: list[int], db_path: Path, *, press=None) -> None:
    """When a file dialog is up: show ``folder`` in detail, let it draw, count locks, cancel."""
    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if press is not None and not isinstance(dialog, QFileDialog):
            if dialog is not None and seen:
                dialog.reject()  # the dialog that made the file dialog, once it was probed
                return
            if dialog is not None:
                QTimer.singleShot(0, lambda: press(dialog))  # it opens a nested dialog
            QTimer.singleShot(300, step)
            return
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(100, step)
            return
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        dialog.setDirectory(str(folder))
        dialog.resize(900, 600)
        qtbot.wait(1500)  # the model lists the folder, the view asks icons and types
        seen.append(locks_held(db_path))
        dialog.reject()
        if press is not None:
            QTimer.singleShot(300, step)
    QTimer.singleShot(100, step)


def _assert_kept(qtbot, context, trigger, *, press=None) -> None:
    assert _held(context) >= 2
    seen: list[int] = []
    _probe_dialog(qtbot, context.db_path.parent, seen, context.db_path, press=press)
    trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert seen[0] >= 2, "the dialog dropped the database's locks"
    assert locks_held(context.db_path) >= 2


def test_a_plain_qt_dialog_does_drop_the_locks_which_is_why_the_helper_exists(qtbot, context):
    """The probe can fail: Qt's own dialog, without the name-only icons, loses the locks."""
    assert _held(context) >= 2
    seen: list[int] = []
    _probe_dialog(qtbot, context.db_path.parent, seen, context.db_path)
    from bureau_desk.widgets import file_dialogs

    guard = file_dialogs._GUARD  # installed by an earlier test's desk, if any
    if guard is not None:
        QApplication.instance().removeEventFilter(guard)
    try:
        dialog = QFileDialog(None, "plain", str(Path.home()))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.exec()
    finally:
        if guard is not None:
            QApplication.instance().installEventFilter(guard)
    assert seen == [0]


def test_no_desk_module_but_the_helper_uses_qfiledialog():
    offenders = []
    for path in UI.rglob("*.py"):
        if path.name == "file_dialogs.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        names |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                  for alias in node.names}
        if {"QFileDialog", "QFileIconProvider"} & names:
            offenders.append(str(path.relative_to(UI)))
    assert offenders == []


def test_save_as_pdf_keeps_the_locks(qtbot, context):
    from bureau_desk.shell.printing import choose_save_path

    _assert_kept(qtbot, context, lambda: choose_save_path(None, "slip.pdf"))


def test_backup_folder_chooser_keeps_the_locks(qtbot, window):
    tab = window.show_page("settings").backups_tab
    _assert_kept(qtbot, window.context, tab._on_choose_button_clicked)


def test_restore_chooser_keeps_the_locks(qtbot, window):
    tab = window.show_page("settings").backups_tab
    _assert_kept(qtbot, window.context, tab._on_restore_button_clicked)


def test_catalogue_import_chooser_keeps_the_locks(qtbot, window):
    tab = window.show_page("settings").catalogue_tab
    _assert_kept(qtbot, window.context, tab._on_import_button_clicked)


def test_report_save_chooser_keeps_the_locks(qtbot, window):
    page = window.show_page("reports").reports
    _assert_kept(qtbot, window.context, lambda: page._on_format_button_clicked("pdf"))


def test_access_request_chooser_keeps_the_locks(qtbot, window):
    from bureau_desk.dialogs.citizen_privacy import answer_access_request

    from bureau.citizens.store import get_citizen, insert_citizen
    from bureau.domain import CitizenInput

    db = window.context.db
    with db.conn:
        citizen_id = insert_citizen(db, CitizenInput("Иванка Петрова"), consent_record=True)
    citizen = get_citizen(db, citizen_id)
    _assert_kept(qtbot, window.context,
                 lambda: answer_access_request(window, window.context, citizen))


def test_print_to_file_chooser_of_qts_print_dialog_keeps_the_locks(qtbot, context):
    """Qt's print dialog makes its own file dialog; the application guard makes it safe."""
    from bureau_desk.shell.printing import run_dialog
    from bureau_desk.widgets.file_dialogs import guard_application

    guard_application(QApplication.instance())
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(context.db_path.parent / "slip.pdf"))
    dialog = QPrintDialog(printer)
    pressed: list[bool] = []

    def press(shown) -> None:
        if shown is dialog and not pressed:
            pressed.append(True)
            dialog.findChild(QToolButton, "fileBrowser").click()
    _assert_kept(qtbot, context, lambda: run_dialog(dialog), press=press)
    assert pressed


def test_lost_locks_are_noticed_after_a_dialog_and_the_desk_restarts(qtbot, window, monkeypatch,
                                                                    message_boxes):
    """Defence in depth: whatever drops the locks, the end of the next dialog restarts the desk
    (a connection of this process can neither be trusted nor safely closed any more)."""
    from bureau_desk.shell import app
    from bureau_desk.widgets.file_dialogs import (
        add_after_dialog_hook,
        after_dialog,
        remove_after_dialog_hook,
    )

    context = window.context
    restarts = []
    monkeypatch.setattr(app.os, "execv", lambda *args: restarts.append(args))
    hook = lambda: app.restart_if_locks_lost(context, window)  # noqa: E731
    add_after_dialog_hook(hook)
    try:
        after_dialog()
        assert restarts == [] and message_boxes.shown == []  # locks held: nothing happens
        assert _held(context) >= 2
        os.close(os.open(context.db_path, os.O_RDONLY))  # what Qt's dialog used to do
        os.close(os.open(f"{context.db_path}-shm", os.O_RDONLY))
        assert locks_held(context.db_path) == 0
        after_dialog()
    finally:
        remove_after_dialog_hook(hook)
    assert len(restarts) == 1
    [(kind, _title, text)] = message_boxes.shown
    assert kind == "critical" and "starts again" in text
