"""What a person sees wrong in a laid-out window, found from the widget tree.

``overlaps``: two visible sibling widgets that cover the same pixels (a widget
created but never put in a layout sits at its parent's corner, over whatever
is there). ``cramped``: a visible widget given less room than it needs to show
its text (a label squeezed by a layout, a field shorter than a line).
``untranslated``: in the pseudo-locale every translated text is bracketed, so
visible text without the bracket did not pass through the catalogue.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

# Containers whose children are laid out by the program; anything else (a
# combo box, a table, a spin box) arranges its own inner parts.
_CONTAINERS = (QDialog, QDialogButtonBox, QGroupBox, QSplitter, QStackedWidget)


def _is_container(widget: QWidget) -> bool:
    if isinstance(widget, QAbstractScrollArea):
        return False
    kind = type(widget)
    if kind in (QWidget, QFrame) or isinstance(widget, _CONTAINERS):
        return True
    # The desk's own QWidget subclasses (forms, boxes, pages) are containers.
    return not kind.__module__.startswith("PySide6") and not isinstance(
        widget, (QLabel, QAbstractButton, QLineEdit))


def _children(widget: QWidget) -> list[QWidget]:
    if isinstance(widget, QScrollArea):
        inner = widget.widget()
        return [inner] if inner is not None else []
    if isinstance(widget, QTabWidget):
        current = widget.currentWidget()
        return [current] if current is not None else []
    if not _is_container(widget):
        return []
    return [child for child in widget.findChildren(
        QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if not child.isWindow() and child.isVisibleTo(widget)]


def _name(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
    label = f" {text!r}" if isinstance(text, str) and text else ""
    return f"{type(widget).__name__}{label}@{widget.objectName() or hex(id(widget))}"


def walk(root: QWidget) -> list[QWidget]:
    """Every visible widget under ``root`` that the program laid out, root first."""
    found = [root]
    for child in _children(root):
        found.extend(walk(child))
    return found


def overlaps(root: QWidget) -> list[str]:
    """Pairs of visible siblings whose rectangles share more than a pixel's edge."""
    found: list[str] = []
    for parent in walk(root):
        children = _children(parent)
        if isinstance(parent, QScrollArea | QTabWidget):
            continue
        for index, first in enumerate(children):
            for second in children[index + 1:]:
                common: QRect = first.geometry().intersected(second.geometry())
                if common.width() > 1 and common.height() > 1:
                    found.append(f"{_name(first)} over {_name(second)} in {_name(parent)}")
    return found


def cramped(root: QWidget) -> list[str]:
    """Visible texts and fields narrower or lower than they need."""
    found: list[str] = []
    for widget in walk(root)[1:]:
        if isinstance(widget, QLabel):
            if not widget.text() or (widget.pixmap() is not None
                                     and not widget.pixmap().isNull()):
                continue
            if widget.wordWrap():
                need_w = 0
                need_h = widget.heightForWidth(widget.width())
            else:
                need_w, need_h = widget.sizeHint().width(), widget.minimumSizeHint().height()
        elif isinstance(widget, QAbstractButton):
            if not widget.text():
                continue
            need_w, need_h = widget.sizeHint().width(), widget.minimumSizeHint().height()
        elif isinstance(widget, QLineEdit):
            need_w, need_h = 0, widget.minimumSizeHint().height()
        else:
            continue
        if need_w > widget.width() + 1 or need_h > widget.height() + 1:
            found.append(f"{_name(widget)} {widget.width()}x{widget.height()} "
                         f"needs {need_w}x{need_h}")
    return found


def untranslated(root: QWidget) -> list[str]:
    """Visible label and check-box texts without the pseudo-locale's brackets."""
    return [widget.text() for widget in walk(root)
            if isinstance(widget, (QLabel, QCheckBox)) and widget.text().strip()
            and any(ch.isalpha() for ch in widget.text()) and "[!" not in widget.text()
            and not widget.objectName().startswith("data_")]
