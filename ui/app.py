"""Start the desk: ``bureau [--db PATH]`` or ``python main.py [--db PATH]``.

The database is --db, else BUREAU_DB, else the user data folder. A missing
database (or one without a bureau name or an advisor) starts the first-run
wizard; later starts go straight to the desk, in the language stored in the
database's settings.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when main() runs, after the Qt application exists
    import sqlite_utils
    from PySide6.QtWidgets import QApplication

EXIT_DATABASE = 4


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    from bureau.i18n import _

    parser = argparse.ArgumentParser(prog="bureau", description=_("The Bureau desk."))
    parser.add_argument("--db", metavar=_("PATH"),
                        help=_("the database file (default: BUREAU_DB or the user data folder)"))
    # Qt's own options (-style, -platform...) pass through to QApplication.
    args, _rest = parser.parse_known_args(argv)
    return args


def apply_font_size(app: QApplication) -> None:
    from ui.context import KEY_FONT_SIZE, app_settings

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

    fonts = resources.files("resources") / "fonts"
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        with resources.as_file(fonts / name) as path:
            QFontDatabase.addApplicationFont(str(path))


def open_or_set_up(path: Path) -> sqlite_utils.Database | None:
    """The bureau's database, after the first-run wizard if needed; None if cancelled."""
    from PySide6.QtWidgets import QDialog

    from bureau.domain import DatabaseUnavailable
    from bureau.storage import is_initialised, open_database
    from bureau.storage.database import MSG_NOT_INITIALISED, connect
    from ui.first_run import FirstRunWizard, needs_setup

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


def main(argv: Sequence[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from bureau.domain import BureauError
    from bureau.i18n import _
    from bureau.storage import default_db_path
    from bureau.storage.settings import get_setting
    from ui.context import SETTINGS_APP, SETTINGS_ORG
    from ui.language import apply_language

    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setOrganizationName(SETTINGS_ORG)
    app.setApplicationName(SETTINGS_APP)
    _register_fonts()
    apply_font_size(app)
    # Before the database is open (the first-run wizard): BUREAU_LOCALE, else Bulgarian.
    apply_language(os.environ.get("BUREAU_LOCALE") or "bg")
    path = Path(args.db).expanduser() if args.db else default_db_path()
    try:
        db = open_or_set_up(path)
    except BureauError as error:
        QMessageBox.critical(None, _("Bureau"), str(error))
        return EXIT_DATABASE
    if db is None:
        return 0
    apply_language(get_setting(db, "language"))

    from ui.context import DeskContext
    from ui.main_window import MainWindow

    context = DeskContext(db, path)
    window = MainWindow(context)
    window.show()
    try:
        return app.exec()
    finally:
        db.close()
