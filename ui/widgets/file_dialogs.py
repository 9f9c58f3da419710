"""Every open, save and folder chooser of the desk, made so it never touches the database's locks.

Why this exists: SQLite guards the database with POSIX advisory locks, and
POSIX releases ALL of a process's locks on a file when ANY descriptor of that
file is closed (SQLite's "How to corrupt an SQLite database", section 2.2).
Qt's file dialog asks ``QMimeDatabase`` for each file's icon and type, and the
mime database opens and reads files whose name says nothing (``bureau.db``,
``bureau.db-wal``, ``bureau.db-shm``). Showing the database's folder therefore
dropped the desk's locks, and other processes then checkpointed and deleted
the desk's WAL under it: saves shown as done were lost.

So every chooser of the desk goes through this module, which:

- uses Qt's own (non-native) dialog: a platform dialog (GTK's) would run its
  own file sniffing inside our process, out of our control;
- gives it :class:`NameOnlyIconProvider`, whose icon and type come from the
  file's name and ``stat`` alone, never from its contents;
- afterwards checks that the desk still holds its locks (:func:`after_dialog`)
  and reopens the connection if not: a defence in depth for Qt code we do not
  control (the print dialog's own "print to file" chooser gets the provider
  through :func:`guard_application`).

A test keeps every other desk module from calling ``QFileDialog`` directly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QFileInfo, QObject, Qt
from PySide6.QtGui import QAbstractFileIconProvider
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from bureau.i18n import _

# Called after every chooser closes; the shell sets it to "verify the
# database's locks, reconnect if they were lost" (see shell.app).
_after_dialog_hooks: list[Callable[[], None]] = []


class NameOnlyIconProvider(QAbstractFileIconProvider):
    """Icons and type names from the name and kind of a file, never from reading it."""

    def icon(self, what):  # noqa: ANN001 - Qt overloads: IconType or QFileInfo
        if isinstance(what, QFileInfo):
            kind = (QAbstractFileIconProvider.IconType.Folder if what.isDir()
                    else QAbstractFileIconProvider.IconType.File)
            return super().icon(kind)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return _("Folder")
        suffix = info.suffix()
        return _("{suffix} file").format(suffix=suffix.upper()) if suffix else _("File")


_PROVIDER: NameOnlyIconProvider | None = None


def name_only_provider() -> NameOnlyIconProvider:
    global _PROVIDER
    if _PROVIDER is None:
        _PROVIDER = NameOnlyIconProvider()
    return _PROVIDER


def make_safe(dialog: QFileDialog) -> QFileDialog:
    """Non-native, name-only icons: the dialog opens no file it lists."""
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setIconProvider(name_only_provider())
    return dialog


def add_after_dialog_hook(hook: Callable[[], None]) -> None:
    _after_dialog_hooks.append(hook)


def remove_after_dialog_hook(hook: Callable[[], None]) -> None:
    if hook in _after_dialog_hooks:
        _after_dialog_hooks.remove(hook)


def after_dialog() -> None:
    """Run the shell's checks (lock verification) once a chooser or print dialog closed."""
    for hook in list(_after_dialog_hooks):
        hook()


def _run(dialog: QFileDialog) -> list[str]:
    make_safe(dialog)
    try:
        accepted = dialog.exec() == QFileDialog.DialogCode.Accepted
        return dialog.selectedFiles() if accepted else []
    finally:
        dialog.deleteLater()
        after_dialog()


def open_file(parent: QWidget | None, caption: str, start: str | Path, filters: str = "") -> str:
    """The chosen existing file's path, or "" when cancelled."""
    dialog = QFileDialog(parent, caption, str(start), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    chosen = _run(dialog)
    return chosen[0] if chosen else ""


def open_files(parent: QWidget | None, caption: str, start: str | Path,
               filters: str = "") -> list[str]:
    """The chosen existing files' paths (one or more), or [] when cancelled."""
    dialog = QFileDialog(parent, caption, str(start), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _run(dialog)


def save_file(parent: QWidget | None, caption: str, start: str | Path, filters: str = "") -> str:
    """The path to write (the dialog asks before overwriting), or "" when cancelled."""
    dialog = QFileDialog(parent, caption, str(Path(start).parent), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.selectFile(Path(start).name)
    chosen = _run(dialog)
    return chosen[0] if chosen else ""


def choose_folder(parent: QWidget | None, caption: str, start: str | Path) -> str:
    """The chosen folder, or "" when cancelled."""
    dialog = QFileDialog(parent, caption, str(start))
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    chosen = _run(dialog)
    return chosen[0] if chosen else ""


class _DialogGuard(QObject):
    """Makes file dialogs that Qt itself creates (print to file…) safe before they paint."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Polish and isinstance(watched, QFileDialog) \
                and watched.iconProvider() is not name_only_provider():
            watched.setIconProvider(name_only_provider())
        elif event.type() == QEvent.Type.Hide and isinstance(watched, QFileDialog):
            after_dialog()
        return False


_GUARD: _DialogGuard | None = None


def guard_application(app: QApplication) -> None:
    """No platform (in-process GTK) dialogs, and name-only icons for Qt's own file dialogs."""
    global _GUARD
    app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    if _GUARD is None:
        _GUARD = _DialogGuard()
        app.installEventFilter(_GUARD)


__all__ = ["NameOnlyIconProvider", "open_file", "open_files", "save_file", "choose_folder", "make_safe",
           "guard_application", "after_dialog", "add_after_dialog_hook",
           "remove_after_dialog_hook"]
