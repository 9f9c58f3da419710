"""The desk: the intake form, and the follow-ups that are due."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bureau.i18n import _, ngettext
from bureau.storage.register import RegisterFilter
from ui.context import DeskContext
from ui.intake_form import IntakeForm
from ui.pages import Page, scrolling
from ui.register_model import RegisterModel

# A narrow side panel: the date, the reference and the person; the question is
# in each row's tooltip and one Enter away.
FOLLOW_UP_COLUMNS = (RegisterModel.COL_FOLLOW_UP, RegisterModel.COL_REFERENCE,
                     RegisterModel.COL_CITIZEN)


class DeskPage(Page):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._build_ui()
        self._connect()
        self.retranslate()  # the follow-ups are read by refresh(), when the page is shown

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.form = IntakeForm(self.context)
        self.splitter.addWidget(scrolling(self.form))
        panel = QWidget(self.splitter)
        panel_layout = QVBoxLayout(panel)
        self.follow_ups_label = QLabel(panel)
        self.follow_ups_label.setWordWrap(True)
        self.follow_ups_model = RegisterModel(self.context.db, page_size=50, parent=self)
        self.follow_ups_view = QTableView(panel)
        self.follow_ups_view.setModel(self.follow_ups_model)
        self.follow_ups_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.follow_ups_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.follow_ups_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.follow_ups_view.verticalHeader().hide()
        self.follow_ups_view.setWordWrap(False)
        self.follow_ups_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.follow_ups_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        for column in range(self.follow_ups_model.columnCount()):
            self.follow_ups_view.setColumnHidden(column, column not in FOLLOW_UP_COLUMNS)
        header = self.follow_ups_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.follow_ups_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header.moveSection(header.visualIndex(RegisterModel.COL_FOLLOW_UP), 0)
        self.follow_ups_label.setBuddy(self.follow_ups_view)
        panel_layout.addWidget(self.follow_ups_label)
        panel_layout.addWidget(self.follow_ups_view, 1)
        self.splitter.addWidget(panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setCollapsible(0, False)
        chars = self.fontMetrics().averageCharWidth()
        self.splitter.setSizes([chars * 160, chars * 40])
        layout.addWidget(self.splitter)

    def _connect(self) -> None:
        self.follow_ups_view.activated.connect(self._on_follow_ups_view_activated)
        self.context.records_changed.connect(self._on_context_records_changed)
        self.context.catalogue_changed.connect(self._on_context_records_changed)

    def retranslate(self) -> None:
        self.form.retranslate()
        self.follow_ups_view.setAccessibleName(_("Follow-ups due"))
        self.follow_ups_view.setToolTip(_("Pending consultations whose follow-up date has come. "
                                          "Press Enter to open one."))
        if self.follow_ups_model.pages_fetched:
            self.follow_ups_model.retranslate()
        self._show_count()

    def refresh(self) -> None:
        self.follow_ups_model.set_filter(RegisterFilter(follow_up_due_on=dt.date.today()),
                                         oldest_first=False)
        self._show_count()

    def _show_count(self) -> None:
        count = self.follow_ups_model.rowCount()
        more = "+" if self.follow_ups_model.canFetchMore() else ""
        self.follow_ups_label.setText(
            ngettext("Follow-ups due today or earlier: {count}{more}",
                     "Follow-ups due today or earlier: {count}{more}", count)
            .format(count=count, more=more))

    def focus_default(self) -> None:
        self.form.focus_first()

    def _on_follow_ups_view_activated(self, index: QModelIndex) -> None:
        from ui.record_dialog import open_record

        open_record(self.context, self.follow_ups_model.consultation_id(index.row()), self)

    def _on_context_records_changed(self) -> None:
        self.refresh()

    # --- hooks for the main window and other rooms ------------------------------

    def new_consultation(self) -> bool:
        return self.form.new_form()

    def print_slip_requested(self) -> None:
        """Reserved for the slips room: Ctrl+P will print the slip of ``self.form.last_reference``.

        Deliberately not connected to any shortcut or button yet.
        """
