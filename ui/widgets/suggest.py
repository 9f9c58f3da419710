"""A line edit with a list of suggestions under it, driven from the keyboard.

The list is a child of the window laid over the form (not a popup window), and
never takes the focus: typing continues in the field while Up/Down move the
highlight, Enter picks, Escape closes. That keeps keyboard-only entry fast and
predictable, and screen readers stay on the field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QListWidget, QListWidgetItem, QWidget

MAX_VISIBLE = 8


@dataclass
class Suggestion:
    text: str
    data: object
    tooltip: str = ""


class _SuggestionList(QListWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(True)
        self.hide()


class SuggestField(QLineEdit):
    picked = Signal(object)  # the chosen Suggestion's data
    suggestions_shown = Signal(int)  # how many

    def __init__(self, parent: QWidget | None = None, *, delay_ms: int = 0,
                 preselect_first: bool = False) -> None:
        super().__init__(parent)
        self._provider: Callable[[str], list[Suggestion]] | None = None
        self._preselect_first = preselect_first
        self._list: _SuggestionList | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.update_suggestions)
        self.textEdited.connect(self._on_text_edited)

    def set_provider(self, provider: Callable[[str], list[Suggestion]]) -> None:
        self._provider = provider

    # --- the list --------------------------------------------------------------

    def suggestion_list(self) -> QListWidget:
        if self._list is None or self._list.parent() is not self.window():
            self._list = _SuggestionList(self.window())
            self._list.itemClicked.connect(self._on_list_item_clicked)
            self.window().installEventFilter(self)
        return self._list

    def suggestions_visible(self) -> bool:
        return self._list is not None and self._list.isVisible()

    def hide_suggestions(self) -> None:
        self._timer.stop()
        if self._list is not None:
            self._list.hide()

    def update_suggestions(self) -> None:
        text = self.text().strip()
        found = self._provider(text) if self._provider and text else []
        if not found or not self.hasFocus():
            self.hide_suggestions()
            self.suggestions_shown.emit(0)
            return
        view = self.suggestion_list()
        view.clear()
        for suggestion in found:
            item = QListWidgetItem(suggestion.text)
            item.setData(Qt.ItemDataRole.UserRole, suggestion.data)
            item.setToolTip(suggestion.tooltip or suggestion.text)
            view.addItem(item)
        view.setCurrentRow(0 if self._preselect_first else -1)
        if not self._preselect_first:
            view.clearSelection()
        self._place(view, len(found))
        view.show()
        view.raise_()
        self.suggestions_shown.emit(len(found))

    def _place(self, view: QListWidget, count: int) -> None:
        window = self.window()
        row_height = max(view.sizeHintForRow(0), self.fontMetrics().height() + 4)
        height = row_height * min(count, MAX_VISIBLE) + 2 * view.frameWidth() + 2
        width = max(self.width(), min(window.width() - 16, self.fontMetrics().averageCharWidth() * 70))
        below = self.mapTo(window, QPoint(0, self.height()))
        x = min(below.x(), max(0, window.width() - width))
        y = below.y()
        if y + height > window.height() and below.y() - self.height() - height >= 0:
            y = below.y() - self.height() - height  # no room below: open upwards
        view.setGeometry(x, y, width, height)

    # --- events ----------------------------------------------------------------

    def _on_text_edited(self, _text: str) -> None:
        if self._timer.interval() > 0:
            self._timer.start()
        else:
            self.update_suggestions()

    def _on_list_item_clicked(self, item: QListWidgetItem) -> None:
        self._pick(item)

    def _pick(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        self.hide_suggestions()
        self.picked.emit(data)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if self.suggestions_visible():
            view = self._list
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1,
                        Qt.Key.Key_PageDown: MAX_VISIBLE, Qt.Key.Key_PageUp: -MAX_VISIBLE}[key]
                row = max(0, min(view.count() - 1, view.currentRow() + step))
                view.setCurrentRow(row)
                event.accept()
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and view.currentRow() >= 0 \
                    and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self._pick(view.currentItem())
                event.accept()
                return
            if key == Qt.Key.Key_Escape:
                self.hide_suggestions()
                event.accept()
                return
        elif event.key() == Qt.Key.Key_Down and self.text().strip() and self._provider:
            self.update_suggestions()  # reopen after Escape
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        self.hide_suggestions()
        super().focusOutEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.window() and event.type() in (QEvent.Type.Resize, QEvent.Type.Move,
                                                          QEvent.Type.WindowDeactivate):
            self.hide_suggestions()
        return super().eventFilter(watched, event)
