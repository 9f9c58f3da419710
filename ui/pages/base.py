"""The page contract of the main window.

A page is a ``QWidget`` subclass taking the shared ``DeskContext``; it builds
itself in ``_build_ui()``/``_connect()``, re-labels itself in ``retranslate()``
(called again on a language switch) and re-reads its data in ``refresh()``
(called when it is shown and when records change). Register a new page with
one ``PageSpec`` line in ``bureau_desk.shell.navigation.PAGES``.

A page around one register table (events, signals, referrals) is a
``ListPage``: it keeps the selected record across refreshes, enables its
buttons when the selection changes and opens the record on Enter or a
double-click.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bureau_desk.shell.context import DeskContext
from bureau_desk.widgets.doc_widgets import RecordsModel, record_table
from PySide6.QtCore import QItemSelection, QModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QTableView, QWidget


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


class ListPage(Page):
    """A page around one table of records (each with an ``id``) and buttons acting on the chosen one.

    A subclass calls ``add_list`` in ``_build_ui``, shows rows with
    ``show_rows`` (the chosen record stays chosen), says in
    ``_update_actions`` which buttons the selection allows, and in
    ``open_selected`` what Enter or a double-click does.
    """

    model: RecordsModel
    view: QTableView

    def add_list(self, parent: QWidget, model: RecordsModel) -> QTableView:
        """The page's table over ``model``; selection and activation reach the page."""
        self.model = model
        self.view = record_table(parent, model)
        self.view.selectionModel().selectionChanged.connect(self._on_list_selection_changed)
        self.view.activated.connect(self._on_list_activated)
        return self.view

    def selected(self) -> Any | None:
        """The chosen record, or None."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def select_record(self, record_id: int) -> bool:
        """Choose the row of the record ``record_id``; False if it is not shown."""
        for row, record in enumerate(self.model.rows):
            if record.id == record_id:
                self.view.selectRow(row)
                return True
        return False

    def show_rows(self, rows: Sequence[Any]) -> None:
        """Show ``rows``; the record chosen before stays chosen if it is still among them."""
        chosen = self.selected()
        self.model.set_rows(list(rows))
        if chosen is not None:
            self.select_record(chosen.id)
        self._update_actions()

    def _update_actions(self) -> None:
        """Enable the buttons the chosen record (or none) allows."""

    def open_selected(self) -> None:
        """What Enter or a double-click on a row does; nothing unless a page says."""

    def _on_list_selection_changed(self, _selected: QItemSelection,
                                   _deselected: QItemSelection) -> None:
        self._update_actions()

    def _on_list_activated(self, _index: QModelIndex) -> None:
        self.open_selected()


def button_row(*buttons: QPushButton | QWidget) -> QHBoxLayout:
    """Buttons side by side from the left, the spare width after them."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def scrolling(widget: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """Wrap a form so that large fonts or 200 % scaling scroll instead of clipping."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area
