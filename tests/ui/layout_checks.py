"""What a person sees wrong in a laid-out window, found from the widget tree.

``overlaps``: two visible sibling widgets that cover the same pixels (a widget
created but never put in a layout sits at its parent's corner, over whatever
is there). ``cramped``: a visible widget given less room than it needs to show
its text (a label squeezed by a layout, a field shorter than a line).
``untranslated``: in the pseudo-locale every translated text is bracketed, so
visible text without the bracket did not pass through the catalogue.
"""

from __future__ import annotations

import re

from babel.messages.pofile import read_po
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
    QTextEdit,
    QWidget,
)

from bureau import data, i18n

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


# Key names in the help's table of shortcuts are the same in every language.
KEYS_RE = re.compile(r"^(Ctrl|Shift|Alt|Tab|Escape|Enter|F\d+|[A-Z0-9]|[+/,\u2026\u2193 ])+$")


def _texts_of(widget: QWidget) -> list[str]:
    if isinstance(widget, (QLabel, QCheckBox)):
        return [widget.text()]
    if isinstance(widget, QTextEdit) and widget.isReadOnly():
        document = widget.document()
        block = document.begin()
        texts = []
        while block.isValid():
            texts.append(block.text())
            block = block.next()
        return [t for t in texts if not KEYS_RE.match(t.strip())]
    return []


def untranslated(root: QWidget) -> list[str]:
    """Visible texts (labels, check boxes, read-only text) without the pseudo-locale's brackets."""
    return [text for widget in walk(root) if not widget.objectName().startswith("data_")
            for text in _texts_of(widget)
            if text.strip() and any(ch.isalpha() for ch in text) and "[!" not in text]


class CatalogueWitness:
    """Notes every message the desk translates, to compare with the catalogue's template.

    A message missing from ``translations/bureau.pot`` was never extracted, so it
    stays English in bg and ru whatever the translators do (an f-string's _()).
    """

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def install(self, monkeypatch) -> CatalogueWitness:  # noqa: ANN001 (pytest's)
        real = i18n._catalogue
        witness = self

        class Noting:
            def __init__(self, catalogue) -> None:  # noqa: ANN001
                self.catalogue = catalogue

            def gettext(self, message: str) -> str:
                witness.seen.add(message)
                return self.catalogue.gettext(message)

            def ngettext(self, singular: str, plural: str, n: int) -> str:
                witness.seen.add(singular)
                return self.catalogue.ngettext(singular, plural, n)

            def pgettext(self, context: str, message: str) -> str:
                witness.seen.add(message)
                return self.catalogue.pgettext(context, message)

        monkeypatch.setattr(i18n, "_catalogue", lambda locale: Noting(real(locale)))
        return self

    def missing(self) -> list[str]:
        with open(data.translations("bureau.pot"), "rb") as handle:
            template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle)}
        return sorted(self.seen - template)
