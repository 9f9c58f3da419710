"""The page contract of the main window.

A page is a ``QWidget`` subclass taking the shared ``DeskContext``; it builds
itself in ``_build_ui()``/``_connect()``, re-labels itself in ``retranslate()``
(called again on a language switch) and re-reads its data in ``refresh()``
(called when it is shown and when records change). Register a new page with
one ``PageSpec`` line in ``bureau_desk.shell.navigation.PAGES``.
"""

from __future__ import annotations

from bureau_desk.shell.context import DeskContext
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QWidget


class Page(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

    def retranslate(self) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        """Re-read what the page shows; cheap, called often."""

    def focus_default(self) -> None:
        """Put the keyboard focus where work on this page starts."""
        self.setFocus(Qt.FocusReason.OtherFocusReason)


def scrolling(widget: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """Wrap a form so that large fonts or 200 % scaling scroll instead of clipping."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area
