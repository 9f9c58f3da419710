"""pytest-qt fixtures for the desk: offscreen Qt, a file database, the main window.

Every test gets its own QSettings folder (never the user's window state), and
modal message boxes are replaced by recorders, so no test waits for a click.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest  # noqa: E402
from PySide6.QtCore import QEvent, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from bureau.domain import Role  # noqa: E402
from bureau.opening import init_database  # noqa: E402
from bureau.trust.advisors import add_advisor  # noqa: E402
from tests.ui.windows_left import delete_new_windows  # noqa: E402, F401 (a fixture)


@pytest.fixture(autouse=True)
def _new_windows_deleted(delete_new_windows):  # noqa: F811 (the fixture imported above)
    """Every UI test, not only those that ask: a window left over from one test would
    read its closed database when a later test switches the language."""
    yield


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "qsettings"))
    yield


@pytest.fixture(autouse=True)
def _closed_windows_deleted():
    """Windows closed by a test are deleted at once: a later language switch must not
    reach a window whose database is gone (pytest-qt only closes them)."""
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def _english_qt_afterwards():
    yield
    from bureau_desk.shell.language import apply_language

    apply_language("en")  # removes Qt's translator too


@pytest.fixture
def desk_db(tmp_path):
    """A bureau with a coordinator (on duty by default) and a volunteer."""
    path = tmp_path / "bureau.db"
    db = init_database(path, bureau_name="Бюро Кресна", municipality="Кресна", language="en")
    coordinator = add_advisor(db, "Мария Стоянова", Role.COORDINATOR)
    add_advisor(db, "Петър Ангелов")
    db.coordinator_id = coordinator
    yield db
    db.close()


@pytest.fixture
def context(desk_db, tmp_path, qapp):
    from bureau_desk.shell.context import DeskContext

    return DeskContext(desk_db, tmp_path / "bureau.db")


@pytest.fixture
def window(qtbot, context):
    from bureau_desk.shell.main_window import MainWindow

    # Windows of earlier tests (closed, their databases gone) must not linger
    # among the top-level widgets that a language switch re-translates.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    main.show_page("desk")
    yield main
    if "desk" in main.pages:
        main.pages["desk"].form.clear()  # nothing left to confirm on close


class MessageBoxes:
    """Records what would have been shown; ``answer`` is what question() returns."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []
        self.answer = QMessageBox.StandardButton.Yes

    def _record(self, kind: str) -> Callable[..., QMessageBox.StandardButton]:
        def show(_parent: object, title: str, text: str, *_args: object,
                 **_kwargs: object) -> QMessageBox.StandardButton:
            self.shown.append((kind, title, text))
            return self.answer if kind == "question" else QMessageBox.StandardButton.Ok
        return show


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch) -> MessageBoxes:
    boxes = MessageBoxes()
    for kind in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(boxes._record(kind)))
    return boxes


class _Catalogue(gettext.NullTranslations):
    def __init__(self, messages: dict[str, str]) -> None:
        super().__init__()
        self.messages = messages

    def gettext(self, message: str) -> str:
        return self.messages.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.messages.get(singular if n == 1 else plural, singular if n == 1 else plural)


FAKE = {
    "bg": {"&Question": "&Въпрос", "Consultation": "Консултация", "Desk": "Бюро",
           "Register": "Регистър"},
    "ru": {"&Question": "&Вопрос", "Consultation": "Консультация", "Desk": "Приём",
           "Register": "Реестр"},
}


@pytest.fixture
def fake_catalogues(monkeypatch):
    """Small bg/ru catalogues of the desk's own strings, whatever the real ones hold yet."""
    import bureau.i18n as i18n

    monkeypatch.setattr(i18n, "available_locales", lambda: ["bg", "en", "ru"])
    monkeypatch.setattr(i18n, "_catalogue",
                        lambda locale: _Catalogue(FAKE.get(locale, {})))
    return FAKE
