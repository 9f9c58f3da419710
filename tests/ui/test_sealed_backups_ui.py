"""Issue #20 "sealed backups" at the desk: the Settings tab says plainly when backups
are readable, a passphrase set there seals the automatic backups (the desk needs no
passphrase for them), and restoring a sealed backup asks for it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from bureau_desk.dialogs import backup_passphrase
from bureau_desk.dialogs.backup_passphrase import PassphraseDialog
from bureau_desk.shell.backup_runner import backup_on_close, start_daily_backup
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import save_consultation
from bureau.database.backup import backup_recipient, set_backup_passphrase
from bureau.database.restore import check_restorable
from bureau.database.settings import set_settings
from bureau.i18n import use_locale
from bureau.trust import audit
from bureau.trust.advisors import add_advisor, list_advisors
from bureau.validation import validate_consultation
from tests.bureau.test_sealed_backups import PLANTED, found_in
from tests.conftest import consultation_raw

PASSPHRASE = "синя врана над Кресна"


@pytest.fixture(autouse=True)
def _windows_deleted_afterwards():
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def plant(db) -> None:
    raw = consultation_raw(db.coordinator_id,
                           citizen={"full_name": PLANTED[0], "phone": "0888 765 432",
                                    "settlement": "Кресна"},
                           question=f"{PLANTED[2]}: пита за данък сгради")
    lookup = CatalogueLookup(db)
    save_consultation(db, validate_consultation(raw, lookup), lookup)


def test_without_a_passphrase_the_tab_says_backups_are_readable_in_bg_and_ru(window):
    tab = window.show_page("settings").backups_tab
    assert "NOT sealed" in tab.sealing_note.text()
    for locale, words in (("bg", "НЕ са шифровани"), ("ru", "НЕ зашифрованы")):
        with use_locale(locale):
            tab.retranslate()
            assert words in tab.sealing_note.text()
    tab.retranslate()
    assert tab.passphrase_button.isEnabled() and not tab.unseal_button.isVisible()


def test_the_passphrase_is_set_in_a_dialog_and_only_its_public_key_is_kept(window, qtbot,
                                                                          desk_db, monkeypatch):
    dialog = PassphraseDialog(desk_db, window)
    qtbot.addWidget(dialog)
    dialog.passphrase_edit.setText(PASSPHRASE)
    dialog.again_edit.setText(PASSPHRASE + "!")
    dialog._on_buttons_accepted()
    assert "not the same" in dialog.error.text() and backup_recipient(desk_db) is None
    dialog.passphrase_edit.setText("short")
    dialog.again_edit.setText("short")
    dialog._on_buttons_accepted()
    assert "at least 12" in dialog.error.text() and backup_recipient(desk_db) is None
    dialog.passphrase_edit.setText(PASSPHRASE)
    dialog.again_edit.setText(PASSPHRASE)
    dialog._on_buttons_accepted()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert backup_recipient(desk_db) is not None
    stored = desk_db.execute("SELECT value FROM settings WHERE key = 'backup_recipient'").fetchone()
    assert PASSPHRASE not in stored[0]
    tab = window.show_page("settings").backups_tab
    tab.refresh()
    assert "Backups are sealed" in tab.sealing_note.text()
    # Through the tab's buttons: the dialog (answered), then stopping (confirmed).
    monkeypatch.setattr(PassphraseDialog, "exec", lambda self: self.DialogCode.Accepted)
    tab.passphrase_button.click()
    tab.unseal_button.click()
    assert backup_recipient(desk_db) is None and "NOT sealed" in tab.sealing_note.text()
    assert len(audit.entries(desk_db, action=audit.Action.UPDATE)) == 2


def test_automatic_backups_are_sealed_without_the_passphrase(window, qtbot, context, desk_db,
                                                             tmp_path):
    plant(desk_db)
    folder = tmp_path / "usb"
    set_settings(desk_db, backup_folder=str(folder))
    set_backup_passphrase(desk_db, PASSPHRASE)
    assert start_daily_backup(window, context)
    qtbot.waitUntil(lambda: folder.is_dir() and any(p.suffix == ".sealed"
                                                    for p in folder.iterdir()), timeout=20000)
    [daily] = [p for p in folder.iterdir() if p.suffix == ".sealed"]
    closing = backup_on_close(context)
    assert closing is not None and not isinstance(closing, BaseException), getattr(closing, "params", closing)
    for written in (daily, closing.path):
        assert written.suffix == ".sealed" and found_in(written) == []
        check_restorable(written, PASSPHRASE)  # the passphrase opens it, all through
    assert sorted(p.name for p in folder.iterdir()) == sorted({daily.name, closing.path.name})


def contents(path: Path) -> str:
    """What any reader of the database sees (its file and its WAL): the desk's own idle
    checkpoint may move pages from the WAL into the file at any moment without
    changing a row, so the file's bytes are not the measure of "nothing written"."""
    with closing(sqlite3.connect(path)) as conn:
        return "\n".join(conn.iterdump())


def test_restoring_a_sealed_backup_asks_the_passphrase(window, qtbot, desk_db, tmp_path,
                                                       message_boxes, monkeypatch):
    tab = window.show_page("settings").backups_tab
    tab.set_folder(str(tmp_path / "usb"))
    set_backup_passphrase(desk_db, PASSPHRASE)
    with qtbot.waitSignal(tab.back_up().finished, timeout=20000):
        pass
    assert "Sealed backup written" in tab.status.text()
    backup = tab.last_result.path
    add_advisor(desk_db, "Добавена след архива")
    live = Path(window.context.db_path)
    before = contents(live)

    monkeypatch.setattr(backup_passphrase, "ask_passphrase", lambda _parent, _path: None)
    assert tab.start_restore(backup) is None  # cancelled: nothing starts

    monkeypatch.setattr(backup_passphrase, "ask_passphrase",
                        lambda _parent, _path: "a wrong passphrase here")
    with qtbot.waitSignal(tab.start_restore(backup).failed, timeout=20000):
        pass
    [(kind, _title, text)] = message_boxes.shown
    assert kind == "warning" and "does not open" in text and "Nothing was restored" in text
    assert contents(live) == before
    assert window.context.db is desk_db

    message_boxes.shown.clear()
    monkeypatch.setattr(backup_passphrase, "ask_passphrase", lambda _parent, _path: PASSPHRASE)
    with qtbot.waitSignal(tab.start_restore(backup).finished, timeout=20000):
        pass
    qtbot.waitUntil(lambda: any(kind == "information" for kind, *_ in message_boxes.shown),
                    timeout=20000)
    names = [a.full_name for a in list_advisors(window.context.db)]
    assert "Добавена след архива" not in names
    kept = [p for p in tmp_path.iterdir() if "before-restore" in p.name]
    assert len(kept) == 1 and kept[0].suffix == ".sealed"
    window.context.db.close()


def test_a_damaged_database_starts_from_a_sealed_backup_with_its_passphrase(
        qapp, tmp_path, monkeypatch, message_boxes):
    import bureau_desk.shell.app
    from bureau_desk.shell.backup_runner import mirror_backup_folder

    from bureau.database.backup import backup_into_folder
    from bureau.database.settings import get_setting
    from bureau.opening import init_database

    path = tmp_path / "bureau.db"
    db = init_database(path, bureau_name="Бюро Кресна", municipality="Кресна", language="en")
    add_advisor(db, "Мария Стоянова")
    recipient = set_backup_passphrase(db, PASSPHRASE)
    db.close()
    folder = tmp_path / "usb"
    backup_into_folder(path, folder, 5, recipient=recipient)
    mirror_backup_folder(str(folder))
    path.write_bytes(b"struck by lightning" * 500)
    asked: list[str] = []
    answers = iter(["a wrong passphrase here", PASSPHRASE])

    def typed(_parent, backup: Path) -> str:
        asked.append(backup.name)
        return next(answers)

    monkeypatch.setattr(backup_passphrase, "ask_passphrase", typed)
    opened = []

    def desk_runs(_self=None) -> int:
        [window] = [w for w in QApplication.topLevelWidgets()
                    if w.objectName() == "main_window" and w.isVisible()]
        opened.append((window, get_setting(window.context.db, "bureau_name")))
        return 0

    monkeypatch.setattr(QApplication, "exec", desk_runs)
    # A wrong passphrase: refused in words, the damaged file left exactly as it was.
    assert bureau_desk.shell.app.main(["--db", str(path)]) != 0
    assert [kind for kind, *_ in message_boxes.shown] == ["question", "critical"]
    # The desk speaks Bulgarian until it has read the database.
    assert "Паролата не отваря" in message_boxes.shown[1][2]
    assert path.read_bytes().startswith(b"struck") and not opened
    message_boxes.shown.clear()
    # The right one: the desk starts on the restored database.
    assert bureau_desk.shell.app.main(["--db", str(path)]) == 0
    assert [kind for kind, *_ in message_boxes.shown] == ["question", "information"]
    assert len(asked) == 2 and asked[0].endswith(".sealed")
    [(window, bureau_name)] = opened
    assert bureau_name == "Бюро Кресна"
    window.pages["desk"].form.clear()
    window.close()
    window.deleteLater()
