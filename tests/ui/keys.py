"""Keyboard-only driving of the desk, counting every key press.

Keys always go to whatever widget has the focus, as on a real keyboard; a test
never aims at a widget directly. A chord (Ctrl+Enter) counts as one press, a
typed text as one press per character.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot


class Keyboard:
    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.typed = 0  # characters of text
        self.other = 0  # Tab, Enter, arrows, Space, shortcuts
        self.log: list[str] = []

    @property
    def total(self) -> int:
        return self.typed + self.other

    def focus(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def type(self, text: str) -> None:
        for char in text:
            if char.isascii():
                self.qtbot.keyClick(self.focus(), char)
            else:
                # QTest only knows ASCII; a Cyrillic keyboard layout sends the
                # letter's upper-case code point as the key and the letter as text.
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    event = QKeyEvent(kind, ord(char.upper()), Qt.KeyboardModifier.NoModifier,
                                      char)
                    QApplication.sendEvent(self.focus(), event)
        self.typed += len(text)
        self.log.append(repr(text))

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
              times: int = 1) -> None:
        for _ in range(times):
            self.qtbot.keyClick(self.focus(), key, modifier)
            self.other += 1
            self.log.append(Qt.Key(key).name)

    def tab(self, times: int = 1) -> None:
        self.press(Qt.Key.Key_Tab, times=times)
