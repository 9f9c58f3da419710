"""The UI language: our gettext catalogues plus Qt's own ``qtbase_*.qm``.

Switching re-translates every open window at once: each top-level widget that
has ``retranslate()`` is called (the main window passes it on to its pages).
An explicit call, not Qt's asynchronous LanguageChange event, so that the
switch is complete when ``switch_language`` returns.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator
from PySide6.QtWidgets import QApplication

from bureau.i18n import language_name, set_locale

UI_LANGUAGES = ("bg", "ru", "en")

_qt_translator: QTranslator | None = None


def language_label(code: str) -> str:
    """'Български', 'Русский', 'English': each language in its own words."""
    return language_name(code)


def apply_language(code: str) -> str:
    """Set the catalogue and Qt's standard-dialog translation; returns the locale in force."""
    global _qt_translator
    in_force = set_locale(code)
    app = QCoreApplication.instance()
    if app is None:
        return in_force
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if in_force != "en":
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{in_force}", folder):
            app.installTranslator(translator)
            _qt_translator = translator
    return in_force


def qt_translation_loaded() -> bool:
    return _qt_translator is not None and not _qt_translator.isEmpty()


def retranslate_all() -> None:
    for widget in QApplication.topLevelWidgets():
        retranslate = getattr(widget, "retranslate", None)
        if callable(retranslate):
            retranslate()


def switch_language(code: str) -> str:
    in_force = apply_language(code)
    retranslate_all()
    return in_force
