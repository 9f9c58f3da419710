"""What a dialog's inputs hold, as plain JSON data, and putting it back.

A record window kept as its advisor's draft when another advisor takes the
desk (``bureau_desk.shell.handover``) is written with this and filled again
from it when its owner opens it again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)


def input_value(widget: QWidget) -> Any:
    """The input's value as JSON data: text, a flag, a number, an ISO date, a combo's data.

    None for a widget that is not an input.
    """
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QDateEdit):
        return widget.date().toString("yyyy-MM-dd")
    if isinstance(widget, QComboBox):
        if widget.isEditable():
            return widget.currentText()
        data = widget.currentData()
        return data if isinstance(data, (str, int, float, bool)) else widget.currentIndex()
    return None


def put_input(widget: QWidget, value: Any) -> None:
    """Put back what ``input_value`` gave; a value of the wrong shape is left out."""
    try:
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(str(value))
        elif isinstance(widget, QLineEdit):
            widget.setText(str(value))
        elif isinstance(widget, QAbstractButton):
            widget.setChecked(bool(value))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        elif isinstance(widget, QDateEdit):
            day = QDate.fromString(str(value), "yyyy-MM-dd")
            if day.isValid():
                widget.setDate(day)
        elif isinstance(widget, QComboBox):
            if widget.isEditable():
                widget.setCurrentText(str(value))
                return
            index = widget.findData(value)
            if index < 0 and isinstance(value, int) and 0 <= value < widget.count():
                index = value
            if index >= 0:
                widget.setCurrentIndex(index)
    except (TypeError, ValueError):
        return
