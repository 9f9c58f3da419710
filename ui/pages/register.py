"""The register: every consultation, searchable as you type, filtered, paged.

The table reads one page at a time (``RegisterModel``). The first key typed
searches at once; keys that follow quickly are searched together once typing
pauses. Counting every match can take most of a second for a common letter
at a million consultations, so the count runs in the background
(``bureau_desk.shell.tasks``) once typing pauses, and a key typed stops an
older count that is still running before its own search starts
(``bureau_desk.models.register_count``): the counts of a typed word never
compete with its keystrokes for the machine.
"""

from __future__ import annotations

from bureau_desk.dialogs.record import open_record
from bureau_desk.models.register import RegisterModel
from bureau_desk.models.register_count import CountStop
from bureau_desk.pages.base import Page
from bureau_desk.shell.context import DeskContext
from bureau_desk.shell.tasks import Task, run_task
from bureau_desk.widgets.forms import debouncer, fit_headers, focus_results, lead_to_results
from bureau_desk.widgets.register_filters import FilterBar
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bureau.consultations.register import RegisterFilter
from bureau.i18n import N_, _, format_number, ngettext

SEARCH_DEBOUNCE_MS = 200
COUNT_DELAY_MS = 500  # after the last search, before its count starts
ORDERS = (("newest", N_("newest first")), ("oldest", N_("oldest first")))


class RegisterPage(Page):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._count_generation = 0
        self._count_task: Task | None = None
        self._count_stop = CountStop()  # stopped: the running count is not wanted any more
        self._search_due = False  # keys typed since the last search
        self._count_filter = RegisterFilter()
        self._stale = True  # nothing loaded yet
        self.count: int | None = None
        self._build_ui()
        self._connect()
        self.retranslate()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search_label = QLabel(self)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("register_search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search_edit)
        self.order_label = QLabel(self)
        self.order_combo = QComboBox(self)
        for key, _label in ORDERS:
            self.order_combo.addItem("", key)
        self.order_label.setBuddy(self.order_combo)
        self.count_label = QLabel(self)
        top.addWidget(self.search_label)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.order_label)
        top.addWidget(self.order_combo)
        layout.addLayout(top)
        self.filters = FilterBar(self.context, self)
        layout.addWidget(self.filters)
        self.model = RegisterModel(self.context.db, parent=self)
        self.view = QTableView(self)
        self.view.setObjectName("register_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        # Bulgarian, Russian and Latin text needs no shaping (ligatures, reordering):
        # without it each repaint of the table takes about a fifth less time.
        font = self.view.font()
        font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
        self.view.setFont(font)
        # Fixed row heights: the view never measures rows it has not shown.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(RegisterModel.COL_DATE, Qt.SortOrder.DescendingOrder)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(self.fontMetrics().averageCharWidth() * 6)
        for column, width in RegisterModel.column_widths(self.fontMetrics()).items():
            self.view.setColumnWidth(column, width)
        header.setSectionResizeMode(RegisterModel.COL_QUESTION, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.count_label.setWordWrap(True)
        layout.addWidget(self.count_label)
        self.search_timer = debouncer(self, SEARCH_DEBOUNCE_MS, self._on_search_timer_timeout)
        self.count_timer = debouncer(self, COUNT_DELAY_MS, self._on_count_timer_timeout)
        self.down_shortcut = lead_to_results(self.search_edit, self.view)

    def _connect(self) -> None:
        self.search_edit.textEdited.connect(self._on_search_edit_text_edited)
        self.search_edit.returnPressed.connect(self._on_search_edit_return_pressed)
        self.order_combo.currentIndexChanged.connect(self._on_order_combo_changed)
        self.filters.changed.connect(self._on_filters_changed)
        self.view.activated.connect(self._on_view_activated)
        self.view.horizontalHeader().sectionClicked.connect(self._on_header_section_clicked)
        self.context.records_changed.connect(self._on_context_records_changed)
        self.context.catalogue_changed.connect(self._on_context_catalogue_changed)
        self.context.settings_changed.connect(self._on_context_catalogue_changed)

    def retranslate(self) -> None:
        self.search_label.setText(_("&Search"))
        self.search_edit.setAccessibleName(_("Search the register"))
        self.search_edit.setPlaceholderText(_("Name, reference number or words of the question"))
        self.search_edit.setToolTip(_("Type a name (Cyrillic or Latin letters), a reference "
                                      "number or any word; the list follows as you type."))
        self.order_label.setText(_("O&rder"))
        self.order_combo.setAccessibleName(_("Order"))
        for index, (_key, msgid) in enumerate(ORDERS):
            self.order_combo.setItemText(index, _(msgid))
        self.view.setAccessibleName(_("Consultations"))
        self.view.setToolTip(_("Press Enter or double-click to open a consultation."))
        self.filters.retranslate()
        if self.model.pages_fetched:
            self.model.retranslate()
        fit_headers(self.view)
        self._show_count()

    def refresh(self) -> None:
        if self._stale:
            self.apply_filter()

    def focus_default(self) -> None:
        self.focus_search()

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # --- filtering -------------------------------------------------------------

    def current_filter(self) -> RegisterFilter:
        return self.filters.register_filter(self.search_edit.text())

    def apply_filter(self) -> None:
        # First of all: an older count still running must not share the machine
        # (cores, disk, the interpreter) with this search and its repaint.
        self._count_stop.stop()
        self.search_timer.stop()
        self._search_due = False
        flt = self.current_filter()
        oldest = self.order_combo.currentData() == "oldest"
        self._stale = False
        self.model.set_filter(flt, oldest_first=oldest)  # rows change in place, no reset
        self._show_sort_indicator()
        if self.view.currentIndex().isValid():
            self.view.scrollTo(self.view.currentIndex())  # the chosen row stays in sight
        self._start_count(flt)

    def _show_sort_indicator(self) -> None:
        oldest = self.order_combo.currentData() == "oldest"
        self.view.horizontalHeader().setSortIndicator(
            RegisterModel.COL_DATE,
            Qt.SortOrder.AscendingOrder if oldest else Qt.SortOrder.DescendingOrder)

    def _start_count(self, flt: RegisterFilter) -> None:
        self._count_generation += 1
        self.count = None
        self.count_timer.stop()
        if not self.model.canFetchMore():
            # Everything is loaded already: the count is known without asking.
            self.count = self.model.rowCount()
            self._show_count()
            return
        self._show_count()
        self._count_filter = flt
        self.count_timer.start()

    def _on_count_timer_timeout(self) -> None:
        generation = self._count_generation
        if self._count_task is not None:
            self._count_task.cancel_if_queued()  # superseded before it started
        self._count_stop = stop = CountStop()
        self._count_task = run_task(
            None, "", stop.count, self._count_filter, db_path=self.context.db_path,
            on_done=lambda count: self._on_count_done(generation, count),
            on_error=lambda _error: None)

    def _on_count_done(self, generation: int, count: int) -> None:
        if generation == self._count_generation:
            self.count = count
            self._show_count()

    def _show_count(self) -> None:
        if self.count is None:
            text = _("counting\u2026")
        else:
            text = ngettext("{count} consultation", "{count} consultations",
                            self.count).format(count=format_number(self.count))
        self.count_label.setText(text)

    # --- slots -----------------------------------------------------------------

    def _on_search_edit_text_edited(self, _text: str) -> None:
        # The first key answers at once; keys that follow within the pause wait for
        # it, so a fast typist costs one search per pause, not one per key.
        self._count_stop.stop()  # whichever: the count running is for older text
        if self.search_timer.isActive():
            self._search_due = True
            self.search_timer.start()
            return
        self.apply_filter()
        self.search_timer.start()

    def _on_search_timer_timeout(self) -> None:
        if self._search_due:
            self.apply_filter()

    def _on_search_edit_return_pressed(self) -> None:
        # Enter: the search now (not after the pause), then its results; a single
        # match is opened at once, as a reference number from a slip usually is.
        if self._search_due or self._stale:
            self.apply_filter()
        if self.model.rowCount() == 1 and not self.model.canFetchMore():
            self._on_view_activated(self.model.index(0, 0))
        else:
            focus_results(self.view)

    def _on_order_combo_changed(self, _index: int) -> None:
        self.apply_filter()

    def _on_filters_changed(self) -> None:
        self.apply_filter()

    def _on_header_section_clicked(self, section: int) -> None:
        # Only the date order is offered: it is the one the indexes serve at any size.
        if section == RegisterModel.COL_DATE:
            self.order_combo.setCurrentIndex(1 - self.order_combo.currentIndex())
        else:
            self._show_sort_indicator()  # back on the date column

    def _on_view_activated(self, index: QModelIndex) -> None:
        open_record(self.context, self.model.consultation_id(index.row()), self)

    def _on_context_records_changed(self) -> None:
        if self.isVisible():
            self.apply_filter()
        else:
            self._stale = True  # reloaded when shown again (see refresh)

    def _on_context_catalogue_changed(self) -> None:
        self.filters.reload_lists()
