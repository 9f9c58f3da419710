"""Settings › Backups: the folder, how many to keep, the backup passphrase, back up now,
restore.

With a backup passphrase every backup is sealed (the desk holds only a key that
seals); without one the tab says plainly that a backup is readable by whoever
holds the file. Restoring a sealed backup asks for its passphrase
(``bureau_desk.dialogs.backup_passphrase.ask_passphrase``).

Backing up and restoring run in the background (``bureau_desk.shell.tasks``). A restore
closes the GUI's connection first (``bureau.database.restore.restore`` must not run
under an open desk), reopens the restored database, and has every page
rebuilt through ``DeskContext.replace_database``.
"""

from __future__ import annotations

from pathlib import Path

from bureau_desk.dialogs import backup_passphrase
from bureau_desk.shell.backup_runner import (
    backup_error_text,
    backup_time,
    mirror_backup_folder,
    record_backup,
    size_text,
)
from bureau_desk.shell.context import DeskContext
from bureau_desk.shell.tasks import Task, run_task
from bureau_desk.widgets import file_dialogs
from bureau_desk.widgets.forms import FormGrid
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bureau.database.backup import (
    BackupResult,
    backup_into_folder,
    backup_recipient,
    is_sealed_backup,
    latest_backup,
)
from bureau.database.restore import check_restorable, restore
from bureau.database.settings import change_settings, get_settings, set_settings
from bureau.domain import BureauError
from bureau.i18n import N_, _, format_datetime
from bureau.opening import open_database
from bureau.trust import audit
from bureau.trust.access import Permission


class BackupsTab(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.task: Task | None = None
        self.last_result: BackupResult | None = None
        self.kept: Path | None = None
        self._build_ui()
        self._connect()
        self.retranslate()
        self.refresh()

    def _build_ui(self) -> None:
        self.setObjectName("backups_tab")
        layout = QVBoxLayout(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        box = QWidget(self)
        self.grid = FormGrid(QGridLayout(box), compact=True)
        folder_row = QWidget(box)
        row = QHBoxLayout(folder_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.folder_edit = QLineEdit(folder_row)
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 45)
        self.choose_button = QPushButton(folder_row)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.choose_button)
        self.grid.add("backup_folder", N_("Backup &folder"), folder_row, target=self.folder_edit,
                      tooltip=N_("Best on a USB drive or another disk: a backup on the same "
                                 "disk is lost with it."))
        self.keep_spin = QSpinBox(box)
        self.keep_spin.setRange(1, 365)
        self.grid.add("backup_keep", N_("&Keep the newest"), self.keep_spin,
                      tooltip=N_("Older backups in the folder are removed."))
        sealing_row = QWidget(box)
        row = QHBoxLayout(sealing_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.passphrase_button = QPushButton(sealing_row)
        self.unseal_button = QPushButton(sealing_row)
        row.addWidget(self.passphrase_button)
        row.addWidget(self.unseal_button)
        row.addStretch(1)
        self.grid.add("backup_passphrase", N_("Backup &passphrase"), sealing_row,
                      target=self.passphrase_button)
        self.grid.add_stretch()
        layout.addWidget(box)
        self.sealing_note = QLabel(self)
        self.sealing_note.setObjectName("sealing_note")
        self.sealing_note.setWordWrap(True)
        layout.addWidget(self.sealing_note)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton(self)
        self.restore_button = QPushButton(self)
        buttons.addWidget(self.backup_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        layout.addLayout(buttons)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def _connect(self) -> None:
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.keep_spin.valueChanged.connect(self._on_keep_spin_value_changed)
        self.backup_button.clicked.connect(self._on_backup_button_clicked)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.passphrase_button.clicked.connect(self._on_passphrase_button_clicked)
        self.unseal_button.clicked.connect(self._on_unseal_button_clicked)
        self.context.advisor_changed.connect(self.refresh)

    def retranslate(self) -> None:
        self.note.setText(_(
            "A backup is a checked copy of the whole database. One is made each day when the "
            "desk starts and each time it closes, once a folder is chosen."))
        self.grid.retranslate()
        self.choose_button.setText(_("C&hoose\u2026"))
        self.choose_button.setAccessibleName(_("Choose the backup folder"))
        self.backup_button.setText(_("&Back up now"))
        self.restore_button.setText(_("&Restore\u2026"))
        self.restore_button.setToolTip(_("Replace the database with a backup. The current "
                                         "database is kept beside it."))
        self.unseal_button.setText(_("&Stop sealing\u2026"))
        self._show_sealing()
        self._show_status()

    def _show_sealing(self) -> None:
        sealed = backup_recipient(self.context.db) is not None
        self.passphrase_button.setText(_("Change the passphrase\u2026") if sealed
                                       else _("Set a passphrase\u2026"))
        self.unseal_button.setVisible(sealed)
        self.sealing_note.setStyleSheet("" if sealed else "font-weight: bold;")
        self.sealing_note.setText(backup_passphrase.sealing_text(sealed))

    def _may_manage(self) -> bool:
        # Whoever manages the accounts also decides where the bureau's data is copied.
        return self.context.allowed(Permission.MANAGE_ACCOUNTS)

    def folder(self) -> Path | None:
        text = self.folder_edit.text().strip()
        return Path(text) if text else None

    def refresh(self) -> None:
        values = get_settings(self.context.db)
        self.folder_edit.setText(values.get("backup_folder", ""))
        self.keep_spin.blockSignals(True)
        self.keep_spin.setValue(int(values.get("backup_keep") or 10))
        self.keep_spin.blockSignals(False)
        manage = self._may_manage()
        for widget in (self.choose_button, self.keep_spin, self.restore_button,
                       self.passphrase_button, self.unseal_button):
            widget.setEnabled(manage)
        self._show_sealing()
        self.backup_button.setEnabled(self.folder() is not None and self.task is None)
        self._show_status()

    def _show_status(self) -> None:
        lines = []
        if self.last_result is not None:
            text = (_("Sealed backup written and checked: {path} ({size})")
                    if is_sealed_backup(self.last_result.path)
                    else _("Backup written and checked: {path} ({size})"))
            lines.append(text.format(path=self.last_result.path,
                                     size=size_text(self.last_result.size)))
        if self.kept is not None:
            lines.append(_("The previous database was kept as {path}.").format(path=self.kept))
        folder = self.folder()
        if folder is None:
            lines.append(_("No backup folder is chosen yet: no backups are made."))
        elif self.last_result is None:
            try:
                newest = latest_backup(folder)
            except OSError:
                newest = None
            lines.append(_("Newest backup: {date}").format(date=format_datetime(
                backup_time(newest))) if newest else _("No backup in this folder yet."))
        if not self._may_manage():
            lines.append(_("Only a coordinator can change the folder or restore a backup."))
        self.status.setText("\n".join(lines))

    # --- folder and rotation -----------------------------------------------------

    def _on_choose_button_clicked(self) -> None:
        chosen = file_dialogs.choose_folder(self, _("Backup folder"),
                                            self.folder_edit.text() or str(Path.home()))
        if chosen:
            self.set_folder(chosen)

    def set_folder(self, folder: str) -> None:
        change_settings(self.context.db, by=self.context.acting_account(), backup_folder=folder)
        mirror_backup_folder(folder)
        self.last_result = None
        self.refresh()

    def _on_keep_spin_value_changed(self, value: int) -> None:
        change_settings(self.context.db, by=self.context.acting_account(), backup_keep=str(value))

    # --- the backup passphrase ----------------------------------------------------

    def _on_passphrase_button_clicked(self) -> None:
        if self._may_manage() and backup_passphrase.choose_passphrase(self, self.context):
            self.refresh()

    def _on_unseal_button_clicked(self) -> None:
        if self._may_manage() and backup_passphrase.stop_sealing(self, self.context):
            self.refresh()

    # --- back up now -------------------------------------------------------------

    def _on_backup_button_clicked(self) -> None:
        self.back_up()

    def back_up(self) -> Task | None:
        folder = self.folder()
        if folder is None or self.task is not None:
            return None
        self.backup_button.setEnabled(False)
        self.task = run_task(self, _("Backing up the database\u2026"), backup_into_folder,
                             self.context.db_path, folder, self.keep_spin.value(),
                             recipient=backup_recipient(self.context.db),
                             on_done=self._on_backup_done, on_error=self._on_backup_failed)
        return self.task

    def _on_backup_done(self, result: BackupResult) -> None:
        self.task = None
        self.last_result = result
        record_backup(self.context, result)
        self.refresh()

    def _on_backup_failed(self, error: BaseException) -> None:
        self.task = None
        self.refresh()
        QMessageBox.warning(self, _("Backup"), _("The backup failed.") + "\n\n"
                            + backup_error_text(error))

    # --- restore -----------------------------------------------------------------

    def _on_restore_button_clicked(self) -> None:
        chosen = file_dialogs.open_file(
            self, _("Restore a backup"), self.folder_edit.text() or str(Path.home()),
            _("Bureau backups (*.db *.sealed);;All files (*)"))
        if chosen:
            self.start_restore(Path(chosen))

    def start_restore(self, backup: Path) -> Task | None:
        """Check the file first (in the background: an integrity check reads all of it);
        a sealed backup's passphrase is asked first (None: cancelled)."""
        if not self._may_manage() or self.task is not None:
            return None
        passphrase = None
        if is_sealed_backup(backup):
            passphrase = backup_passphrase.ask_passphrase(self, backup)
            if passphrase is None:
                return None
        self.task = run_task(self, _("Checking the backup\u2026"), check_restorable, backup,
                             passphrase,
                             on_done=lambda _none: self._on_restorable(backup, passphrase),
                             on_error=self._on_restore_failed)
        return self.task

    def _on_restorable(self, backup: Path, passphrase: str | None = None) -> None:
        self.task = None
        answer = QMessageBox.question(
            self, _("Restore a backup"),
            _("Replace the database with the backup {file}? Everything recorded since that "
              "backup will be missing (the current database is kept beside it), and what is "
              "typed in the desk form is emptied.").format(file=backup.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.context.db.close()  # restore must not run under an open connection
        self.task = run_task(self, _("Restoring the backup\u2026"), restore, backup,
                             self.context.db_path, passphrase=passphrase,
                             on_done=lambda kept: self._on_restored(backup, kept),
                             on_error=self._on_restore_failed)

    def _on_restored(self, backup: Path, kept: Path | None) -> None:
        self.task = None
        db = open_database(self.context.db_path)  # also migrates an older backup
        audit.record(db, audit.Action.RESTORE, "database", None, detail=backup.name)
        folder = get_settings(db).get("backup_folder") or self.folder_edit.text()
        set_settings(db, backup_folder=folder)
        mirror_backup_folder(folder)
        self.kept = kept
        self.context.replace_database(db)  # the pages, this one included, are built anew
        message = _("The backup {file} was restored.").format(file=backup.name)
        if kept is not None:
            message += "\n\n" + _("The previous database was kept as {path}.").format(path=kept)
        self.context.status_message.emit(message.replace("\n\n", " "))
        QMessageBox.information(self.window(), _("Restore a backup"), message)

    def _on_restore_failed(self, error: BaseException) -> None:
        self.task = None
        if not _is_open(self.context):
            # restore() replaces the file last: until then the old database is intact.
            self.context.replace_database(open_database(self.context.db_path))
        text = str(error) if isinstance(error, BureauError) else backup_error_text(error)
        QMessageBox.warning(self, _("Restore a backup"), _("Nothing was restored.") + "\n\n"
                            + text)


def _is_open(context: DeskContext) -> bool:
    try:
        context.db.execute("SELECT 1").fetchone()
    except Exception:  # sqlite3.ProgrammingError: closed
        return False
    return True
