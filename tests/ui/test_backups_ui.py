"""Backups from Settings, the restore round trip, automatic backups, and a damaged start."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from bureau_desk.shell.backup_runner import backup_on_close, daily_backup_due, known_backup_folder
from bureau_desk.shell.instance import AlreadyOpen, lock_database
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from bureau.database.backup import latest_backup
from bureau.database.settings import get_setting
from bureau.domain import BureauError
from bureau.i18n import _, use_locale
from bureau.opening import init_database
from bureau.trust import audit
from bureau.trust.advisors import add_advisor, list_advisors


@pytest.fixture(autouse=True)
def _windows_deleted_afterwards():
    """Closed windows are deleted at once: a later test's language switch must not reach
    a window whose database is gone (pytest-qt only closes them)."""
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def backups_tab(window, folder):
    tab = window.show_page("settings").backups_tab
    tab.set_folder(str(folder))
    return tab


def test_back_up_now_writes_a_checked_copy_and_says_where(window, qtbot, tmp_path, desk_db):
    folder = tmp_path / "usb"
    tab = backups_tab(window, folder)
    assert get_setting(desk_db, "backup_folder") == str(folder)
    assert known_backup_folder() == folder  # mirrored for a damaged database's start
    task = tab.back_up()
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    written = latest_backup(folder)
    assert written is not None and written.stat().st_size > 0
    assert str(written) in tab.status.text() and "MB" in tab.status.text()
    [entry] = audit.entries(desk_db, action=audit.Action.BACKUP)
    assert entry.actor_id == desk_db.coordinator_id and entry.detail == written.name


def test_restore_round_trip_through_the_settings_tab(window, qtbot, tmp_path, desk_db,
                                                    message_boxes):
    folder = tmp_path / "usb"
    tab = backups_tab(window, folder)
    with qtbot.waitSignal(tab.back_up().finished, timeout=10000):
        pass
    backup = latest_backup(folder)
    add_advisor(desk_db, "Added after the backup")
    window.show_page("desk").form.question_edit.setPlainText("typed before the restore")

    with qtbot.waitSignal(tab.start_restore(backup).finished, timeout=10000):
        pass  # the check; then the confirmation (answered Yes) starts the restore
    qtbot.waitUntil(lambda: any(kind == "information" for kind, *_ in message_boxes.shown),
                    timeout=10000)
    kinds = [kind for kind, *_ in message_boxes.shown]
    assert kinds == ["question", "information"]
    assert backup.name in message_boxes.shown[0][2]
    kept_text = message_boxes.shown[1][2]
    assert "kept as" in kept_text

    context = window.context
    assert context.db is not desk_db  # a new connection on the restored file
    names = [a.full_name for a in list_advisors(context.db)]
    assert "Added after the backup" not in names and "Мария Стоянова" in names
    kept = [p for p in tmp_path.iterdir() if "before-restore" in p.name]
    assert len(kept) == 1 and str(kept[0]) in kept_text
    assert audit.entries(context.db, action=audit.Action.RESTORE)
    # Every page was built anew on the restored database, the settings included.
    page = window.show_page("settings")
    assert page.backups_tab is not tab and page.backups_tab.folder_edit.text() == str(folder)
    assert window.pages["desk"].form.question_edit.toPlainText() == ""
    context.db.close()


def test_restoring_something_else_is_refused_and_changes_nothing(window, qtbot, tmp_path,
                                                                desk_db, message_boxes):
    tab = backups_tab(window, tmp_path / "usb")
    not_a_backup = tmp_path / "holiday.db"
    not_a_backup.write_bytes(b"photos" * 1000)
    with qtbot.waitSignal(tab.start_restore(not_a_backup).failed, timeout=10000):
        pass
    [(kind, _title, text)] = message_boxes.shown
    assert kind == "warning" and "not a Bureau database" in text
    assert window.context.db is desk_db
    assert desk_db.execute("SELECT count(*) FROM advisors").fetchone()[0] == 2


def test_a_volunteer_cannot_restore_or_move_the_folder(window, tmp_path):
    window.advisor_combo.setCurrentIndex(window.advisor_combo.findText("Петър Ангелов"))
    tab = window.show_page("settings").backups_tab
    assert not tab.restore_button.isEnabled() and not tab.choose_button.isEnabled()
    assert tab.start_restore(tmp_path / "x.db") is None


def test_closing_backup_to_a_missing_drive_fails_at_once(context, tmp_path):
    from bureau.database.settings import set_settings

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the USB drive's folder should be")
    set_settings(context.db, backup_folder=str(blocker / "backups"))
    started = time.monotonic()
    result = backup_on_close(context)
    assert isinstance(result, BureauError) and str(blocker) in str(result)
    assert time.monotonic() - started < 5  # never holds the closing desk for long


def test_closing_backup_writes_one(context, tmp_path):
    from bureau.database.settings import set_settings

    set_settings(context.db, backup_folder=str(tmp_path / "usb"))
    result = backup_on_close(context)
    assert result is not None and not isinstance(result, BaseException)
    assert result.path.exists()


def test_the_daily_backup_is_due_after_a_day(tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    assert daily_backup_due(folder)  # none yet
    (folder / "bureau-backup-20261014-093000.db").write_bytes(b"x")
    assert not daily_backup_due(folder, now=dt.datetime(2026, 10, 14, 18, 0))
    assert daily_backup_due(folder, now=dt.datetime(2026, 10, 15, 9, 30))
    assert not daily_backup_due(None)


def test_a_damaged_database_starts_from_the_latest_backup(qapp, tmp_path, monkeypatch,
                                                         message_boxes):
    import bureau_desk.shell.app
    from bureau_desk.shell.backup_runner import mirror_backup_folder

    from bureau.database.backup import backup_into_folder

    path = tmp_path / "bureau.db"
    db = init_database(path, bureau_name="Бюро Кресна", municipality="Кресна", language="en")
    add_advisor(db, "Мария Стоянова")
    db.close()
    folder = tmp_path / "usb"
    backup_into_folder(path, folder, 5)
    mirror_backup_folder(str(folder))
    path.write_bytes(b"struck by lightning" * 500)
    opened = []

    def desk_runs(_self=None) -> int:
        [window] = [w for w in QApplication.topLevelWidgets()
                    if w.objectName() == "main_window" and w.isVisible()]
        opened.append((window, get_setting(window.context.db, "bureau_name")))
        return 0

    monkeypatch.setattr(QApplication, "exec", desk_runs)
    assert bureau_desk.shell.app.main(["--db", str(path)]) == 0
    kinds = [kind for kind, *_ in message_boxes.shown]
    assert kinds == ["question", "information"]
    with use_locale("bg"):  # the desk speaks Bulgarian until it has read the database
        question = _("Restore the latest backup ({date})? The damaged file is kept beside it.")
    assert question.split("{date}")[0] in message_boxes.shown[0][2]
    damaged = [p for p in tmp_path.iterdir() if ".damaged-" in p.name and p.suffix == ".db"]
    assert len(damaged) == 1 and damaged[0].read_bytes().startswith(b"struck")
    [(window, bureau_name)] = opened
    assert window.context.db_path == path and bureau_name == "Бюро Кресна"
    window.pages["desk"].form.clear()
    window.close()
    window.deleteLater()


def test_a_second_desk_on_the_same_database_is_refused(qapp, context, tmp_path, message_boxes,
                                                      monkeypatch):
    import bureau_desk.shell.app

    first = lock_database(context.db_path)  # the desk that is already open
    assert first is not None
    before = context.db_path.stat().st_mtime_ns
    monkeypatch.setattr(QApplication, "exec", lambda _self=None: 0)
    assert bureau_desk.shell.app.main(["--db", str(context.db_path)]) == bureau_desk.shell.app.EXIT_ALREADY_OPEN
    [(kind, _title, text)] = message_boxes.shown
    from bureau_desk.shell.instance import MSG_ALREADY_OPEN

    with use_locale("bg"):  # refused before any database is read: the desk's first language
        assert text == _(MSG_ALREADY_OPEN)
    assert context.db_path.stat().st_mtime_ns == before
    first.unlock()
    assert lock_database(context.db_path) is not None  # free again once the first desk closed


def test_a_second_desk_through_a_symlink_is_refused(qapp, context, tmp_path, message_boxes,
                                                    monkeypatch):
    """Issue #12 item 5: the one-desk lock is keyed to the database's real path."""
    import bureau_desk.shell.app

    link = tmp_path / "link.db"
    link.symlink_to(context.db_path)
    first = lock_database(context.db_path)  # the desk already open on gui.db
    assert first is not None
    monkeypatch.setattr(QApplication, "exec", lambda _self=None: 0)
    code = bureau_desk.shell.app.main(["--db", str(link)])
    first.unlock()
    assert code == bureau_desk.shell.app.EXIT_ALREADY_OPEN
    assert not Path(f"{link}.lock").exists()
    [(kind, _title, _text)] = message_boxes.shown
    assert kind == "warning"
    second = lock_database(link)  # and the other way round: the link first, then the file
    assert second is not None
    with pytest.raises(AlreadyOpen):
        lock_database(context.db_path)
    second.unlock()
