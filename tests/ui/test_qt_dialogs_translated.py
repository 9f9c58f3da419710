"""Qt's own dialogs in bg and ru: every word of the file dialog, the print dialog and
the print preview is translated (Qt's catalogues, then the bureau's supplement)."""

from __future__ import annotations

import pytest
from bureau_desk.shell.language import apply_language, qt_translation_loaded
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QWidget

LOOK_IN = {"bg": "&Търсене в:", "ru": "&Папка:"}


def words(dialog: QWidget) -> set[str]:
    """Visible words: labels, buttons, tool tips, titles, list items, actions."""
    found: set[str] = set()
    for widget in [dialog, *dialog.findChildren(QWidget)]:
        for name in ("text", "toolTip", "windowTitle", "placeholderText"):
            method = getattr(widget, name, None)
            if callable(method):
                try:
                    value = method()
                except TypeError:
                    continue
                if isinstance(value, str):
                    found.add(value)
        if isinstance(widget, QComboBox) and widget.objectName() != "printers":
            found.update(widget.itemText(i) for i in range(widget.count()))
        found.update(action.text() for action in widget.actions())
    printers = {p.printerName() for p in QPrinterInfo.availablePrinters()}
    printers |= {p.makeAndModel() for p in QPrinterInfo.availablePrinters()}
    return {w for w in found if any(c.isalpha() for c in w) and "/" not in w
            and w not in printers and w != "Bureau"}


def qt_dialogs(qtbot) -> list[QWidget]:
    files = QFileDialog(None, "Bureau")
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialogs = [files, QPrintDialog(QPrinter()), QPrintPreviewDialog(QPrinter())]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
    return dialogs


@pytest.mark.parametrize("language", ["bg", "ru"])
def test_qt_dialogs_have_no_english_left(qtbot, language):
    apply_language("en")
    english = [words(d) for d in qt_dialogs(qtbot)]
    apply_language(language)
    assert qt_translation_loaded()
    translated = qt_dialogs(qtbot)
    left = [sorted(before & words(after)) for before, after in zip(english, translated,
                                                                   strict=True)]
    assert left == [[], [], []]
    labels = [label.text() for label in translated[0].findChildren(QLabel)]
    assert LOOK_IN[language] in labels and "&Look in:" not in labels
