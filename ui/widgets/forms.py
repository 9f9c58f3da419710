"""Small building blocks shared by the forms: labelled rows with an error line,
enum combo boxes, debouncing, accessible names.

Every text is kept as an English msgid and translated in ``retranslate()``, so
a language switch re-labels a form without rebuilding it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

from bureau.domain import LabelledEnum
from bureau.i18n import _

NO_ALIGNMENT = Qt.AlignmentFlag(0)
ERROR_STYLE = "color: #b00020;"
# Marks an invalid input without replacing the platform style of valid ones.
INVALID_STYLE = "*[invalid=\"true\"] { border: 2px solid #b00020; }"


def plain(text: str) -> str:
    """A label without its mnemonic marker, for accessible names ('&Name' -> 'Name')."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def set_invalid(widget: QWidget, invalid: bool) -> None:
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def make_room(widget: QWidget) -> None:
    """Grow the widget's dialog to the height its content needs now.

    A dialog's layout keeps the size of its first show; a word-wrapped line
    shown later (an error) would squeeze the fields above it to a sliver, as
    Qt's minimum-size constraint ignores height-for-width. Main windows are
    left alone: they scroll.
    """
    window = widget.window()
    if not isinstance(window, QDialog) or window.layout() is None:
        return
    window.layout().activate()
    need = window.heightForWidth(window.width())
    if need < 0:
        need = window.sizeHint().height()
    if need > window.height():
        window.resize(window.width(), need)


def shrinkable(combo: QComboBox, chars: int = 8) -> QComboBox:
    """A combo box that may be narrower than its longest item (the list shows it whole).

    Long translations of an item would otherwise widen the whole form past
    the window, which then scrolls sideways.
    """
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo


def lead_to_results(edit: QWidget, view: QAbstractItemView) -> QShortcut:
    """Down in a search box goes to its results, with the first row chosen.

    A shortcut, not a key filter: it is the search box's own key (only while
    it has the focus) and a line edit has no use for Down itself.
    """
    shortcut = QShortcut(QKeySequence(Qt.Key.Key_Down), edit)
    shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
    shortcut.activated.connect(lambda: focus_results(view))
    return shortcut


def focus_results(view: QAbstractItemView) -> bool:
    """Focus the results (the first row, unless one is chosen); False when there are none."""
    model = view.model()
    if model is None or model.rowCount() == 0:
        return False
    if not view.currentIndex().isValid():
        view.setCurrentIndex(model.index(0, 0))
    view.selectionModel().select(
        view.currentIndex(), QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    view.setFocus(Qt.FocusReason.ShortcutFocusReason)
    return True


def fit_headers(view: QTableView) -> None:
    """Widen any column whose heading (and sort arrow) would be cut, in the current language."""
    header = view.horizontalHeader()
    for column in range(header.count()):
        if header.isSectionHidden(column):
            continue
        if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Interactive:
            continue  # stretched or sized to contents: Qt keeps the heading whole
        need = header.sectionSizeFromContents(column).width()
        if header.sectionSize(column) < need:
            header.resizeSection(column, need)


def debouncer(parent: QWidget, delay_ms: int, callback: Callable[[], None]) -> QTimer:
    """A single-shot timer: ``start()`` on each keystroke, ``callback`` once typing pauses."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(delay_ms)
    timer.timeout.connect(callback)
    return timer


class ErrorLabel(QLabel):
    """The core's message, shown right under the field it is about."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_messages(self, messages: list[str]) -> None:
        self.setText("\n".join(messages))
        self.setVisible(bool(messages))
        if messages:
            make_room(self)


class FormGrid:
    """Rows of label + input + error line in a grid; remembers msgids for retranslate.

    ``key`` names the row; the same key is used to show validation messages.
    """

    def __init__(self, layout: QGridLayout, *, compact: bool = False) -> None:
        self.layout = layout
        # compact: inputs keep their natural width (a language, a number).
        self.layout.setColumnStretch(2 if compact else 1, 1)
        self.rows: dict[str, tuple[QLabel | None, QWidget, ErrorLabel]] = {}
        self._texts: list[tuple[QWidget, str, str | None]] = []
        self._next_row = 0

    def add(self, key: str, label: str, widget: QWidget, *, tooltip: str | None = None,
            tall: bool = False, target: QWidget | None = None) -> QWidget:
        """Add a row. ``label`` is a msgid with a mnemonic (&); a check box carries it itself.

        ``target`` is the input inside ``widget`` when that is a row of several
        inputs: the label's mnemonic focuses it and errors mark it.
        """
        target = target or widget
        row = self._next_row
        error = ErrorLabel()
        label_widget = None
        if isinstance(widget, QAbstractButton):
            self.layout.addWidget(widget, row, 0, 1, 2)
            self.layout.addWidget(error, row + 1, 0, 1, 2)
        else:
            label_widget = QLabel()
            label_widget.setBuddy(target)
            # A long translation wraps instead of pushing the inputs off the screen.
            label_widget.setWordWrap(True)
            if tall:
                # Beside a multi-line field the label sits level with its first line.
                label_widget.setContentsMargins(0, 4, 0, 0)
            self.layout.addWidget(label_widget, row, 0,
                                  Qt.AlignmentFlag.AlignTop if tall else NO_ALIGNMENT)
            self.layout.addWidget(widget, row, 1)
            self.layout.addWidget(error, row + 1, 1)
            self._texts.append((label_widget, label, tooltip))
        self._texts.append((target, label, tooltip))
        self.rows[key] = (label_widget, target, error)
        self._next_row += 2
        return widget

    def share_row(self, key: str, with_key: str, widget: QWidget) -> None:
        """Another input on an existing row (its own small label); errors go under that row."""
        self.rows[key] = (None, widget, self.rows[with_key][2])

    def add_widget(self, widget: QWidget, alignment: Qt.AlignmentFlag | None = None) -> None:
        """A full-width line that is not an input (a note, a button)."""
        self.layout.addWidget(widget, self._next_row, 0, 1, 2, alignment or NO_ALIGNMENT)
        self._next_row += 1

    def add_stretch(self) -> None:
        self.layout.setRowStretch(self._next_row, 1)

    def retranslate(self) -> None:
        for widget, msgid, tooltip in self._texts:
            text = _(msgid) if msgid else ""
            if isinstance(widget, QLabel):
                widget.setText(text)
                if tooltip:
                    widget.setToolTip(_(tooltip))
                continue
            if isinstance(widget, QAbstractButton):
                widget.setText(text)
            if text:
                widget.setAccessibleName(plain(text))
            if tooltip:
                widget.setToolTip(_(tooltip))

    def show_errors(self, messages: dict[str, list[str]]) -> None:
        per_line: dict[int, tuple[ErrorLabel, list[str]]] = {}
        for key, (_label, widget, error) in self.rows.items():
            shown = messages.get(key, [])
            per_line.setdefault(id(error), (error, []))[1].extend(shown)
            set_invalid(widget, bool(shown))
            widget.setAccessibleDescription("\n".join(shown))
        for error, shown in per_line.values():
            error.show_messages(shown)

    def set_row_visible(self, key: str, visible: bool) -> None:
        label, widget, error = self.rows[key]
        for item in (label, widget):
            if item is not None:
                item.setVisible(visible)
        if not visible:
            error.hide()


# --- enum combo boxes ---------------------------------------------------------


class EnumCombo(QComboBox):
    """Items carry an enum's stored code as data; the optional placeholder carries None."""

    def __init__(self, kind: type[LabelledEnum], *, placeholder: str | None = None,
                 members: Iterable[LabelledEnum] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.placeholder = placeholder
        if placeholder is not None:
            self.addItem(_(placeholder), None)
        for member in members if members is not None else kind:
            self.addItem(member.label(), member.value)

    def retranslate(self) -> None:
        for index in range(self.count()):
            value = self.itemData(index)
            if value is None:
                self.setItemText(index, _(self.placeholder) if self.placeholder else "")
            else:
                self.setItemText(index, self.kind(value).label())

    def value(self) -> str | None:
        return self.currentData()

    def set_value(self, value: object) -> None:
        set_combo_data(self, value.value if isinstance(value, LabelledEnum) else value)


def set_combo_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else 0)
