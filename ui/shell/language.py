"""The UI language: our gettext catalogues plus Qt's own translations.

Qt's dialogs (files, printing, message-box buttons) are translated by every
Qt catalogue PySide6 ships for the modules the desk uses (``qtbase_<lang>.qm``
covers QtCore, QtGui, QtWidgets and QtPrintSupport; ``qt_<lang>.qm`` is the
meta-catalogue, loaded when all its parts are there), and then by the
bureau's own ``translations/qt/bureau_qt_<lang>.qm`` for the few words Qt 6
changed and its catalogues lack ("&Look in:", "Files of &type:").

Switching re-translates every open window at once: each top-level widget that
has ``retranslate()`` is called (the main window passes it on to its pages).
An explicit call, not Qt's asynchronous LanguageChange event, so that the
switch is complete when ``switch_language`` returns.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator
from PySide6.QtWidgets import QApplication

from bureau import data
from bureau.i18n import language_name, set_locale

UI_LANGUAGES = ("bg", "ru", "en")
QT_CATALOGUES = ("qtbase", "qt")  # in QLibraryInfo's TranslationsPath

_qt_translators: list[QTranslator] = []


def language_label(code: str) -> str:
    """'Български', 'Русский', 'English': each language in its own words."""
    return language_name(code)


def apply_language(code: str) -> str:
    """Set the catalogue and Qt's standard-dialog translation; returns the locale in force."""
    in_force = set_locale(code)
    app = QCoreApplication.instance()
    if app is None:
        return in_force
    for translator in _qt_translators:
        app.removeTranslator(translator)
    _qt_translators.clear()
    if in_force != "en":
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        files = [(f"{name}_{in_force}", folder) for name in QT_CATALOGUES]
        files.append((f"bureau_qt_{in_force}", str(data.translations("qt"))))
        for name, where in files:
            translator = QTranslator(app)
            if translator.load(name, where):
                # Installed last, searched first: the bureau's words before Qt's.
                app.installTranslator(translator)
                _qt_translators.append(translator)
    return in_force


def qt_translation_loaded() -> bool:
    return any(not translator.isEmpty() for translator in _qt_translators)


def retranslate_all() -> None:
    for widget in QApplication.topLevelWidgets():
        retranslate = getattr(widget, "retranslate", None)
        if callable(retranslate):
            retranslate()


def switch_language(code: str) -> str:
    in_force = apply_language(code)
    retranslate_all()
    return in_force
