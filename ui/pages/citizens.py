"""Citizens: find a person, see their visits, merge duplicate records (coordinator),
answer access and erasure requests (whoever handles personal data).

Showing a person's details is recorded in the audit log (viewed personal data).
"""

from __future__ import annotations

import html
import sqlite3

from bureau_desk.dialogs.citizen_privacy import answer_access_request, erase_on_request
from bureau_desk.dialogs.record import open_record
from bureau_desk.dialogs.retention import review_retention
from bureau_desk.models.citizens import CitizensModel
from bureau_desk.models.register import RegisterModel
from bureau_desk.pages.base import Page
from bureau_desk.shell.context import DeskContext
from bureau_desk.widgets.citizen_box import visit_summary
from bureau_desk.widgets.forms import debouncer, focus_results, lead_to_results
from PySide6.QtCore import QAbstractItemModel, QItemSelection, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bureau.citizens.store import find_citizens, get_citizen, merge_citizens, recent_citizens
from bureau.consultations.register import RegisterFilter
from bureau.database.connection import translate_sqlite_error
from bureau.domain import BureauError, Citizen
from bureau.i18n import _, ngettext
from bureau.trust import audit
from bureau.trust.access import Permission
from bureau.trust.accounts import has_accounts

SEARCH_DEBOUNCE_MS = 150
LIST_LIMIT = 50
VISIT_COLUMNS = (RegisterModel.COL_REFERENCE, RegisterModel.COL_DATE, RegisterModel.COL_TOPICS,
                 RegisterModel.COL_QUESTION, RegisterModel.COL_OUTCOME)


def table(parent: QWidget, model: QAbstractItemModel) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def fit_columns(view: QTableView) -> None:
    """The name takes the room; the short columns are as wide as their content."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(CitizensModel.COL_NAME, QHeaderView.ResizeMode.Stretch)


class CitizensPage(Page):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.selected: Citizen | None = None
        self._viewed_id: int | None = None  # one audit entry per person shown, not per refresh
        self._build_ui()
        self._connect()
        self.retranslate()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search_label = QLabel(self)
        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search_edit)
        top.addWidget(self.search_label)
        top.addWidget(self.search_edit, 1)
        layout.addLayout(top)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.people_model = CitizensModel(self)
        self.people_view = table(splitter, self.people_model)
        fit_columns(self.people_view)
        self.people_view.setColumnHidden(CitizensModel.COL_PHONE, True)
        right = QWidget(splitter)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.details_label = QLabel(right)
        self.details_label.setWordWrap(True)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right_layout.addWidget(self.details_label)
        privacy_row = QHBoxLayout()
        self.access_button = QPushButton(right)
        self.erase_button = QPushButton(right)
        privacy_row.addWidget(self.access_button)
        privacy_row.addWidget(self.erase_button)
        privacy_row.addStretch(1)
        self.retention_button = QPushButton(right)
        privacy_row.addWidget(self.retention_button)
        right_layout.addLayout(privacy_row)
        self.visits_label = QLabel(right)
        self.visits_model = RegisterModel(self.context.db, page_size=100, parent=self)
        self.visits_view = table(right, self.visits_model)
        for column in range(self.visits_model.columnCount()):
            self.visits_view.setColumnHidden(column, column not in VISIT_COLUMNS)
        self.visits_view.horizontalHeader().setStretchLastSection(False)
        for column, width in RegisterModel.column_widths(self.fontMetrics()).items():
            self.visits_view.setColumnWidth(column, width)
        self.visits_view.horizontalHeader().setSectionResizeMode(
            RegisterModel.COL_QUESTION, QHeaderView.ResizeMode.Stretch)
        self.visits_label.setBuddy(self.visits_view)
        right_layout.addWidget(self.visits_label)
        right_layout.addWidget(self.visits_view, 2)
        self.duplicates_box = QGroupBox(right)
        duplicates_layout = QVBoxLayout(self.duplicates_box)
        self.duplicates_note = QLabel(self.duplicates_box)
        self.duplicates_note.setWordWrap(True)
        self.duplicates_model = CitizensModel(self)
        self.duplicates_view = table(self.duplicates_box, self.duplicates_model)
        fit_columns(self.duplicates_view)
        self.merge_button = QPushButton(self.duplicates_box)
        duplicates_layout.addWidget(self.duplicates_note)
        duplicates_layout.addWidget(self.duplicates_view, 1)
        duplicates_layout.addWidget(self.merge_button, 0, Qt.AlignmentFlag.AlignRight)
        right_layout.addWidget(self.duplicates_box, 1)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        chars = self.fontMetrics().averageCharWidth()
        splitter.setSizes([chars * 80, chars * 100])
        layout.addWidget(splitter, 1)
        self.search_timer = debouncer(self, SEARCH_DEBOUNCE_MS, self._on_search_timer_timeout)

    def _connect(self) -> None:
        self.search_edit.textEdited.connect(self._on_search_edit_text_edited)
        self.down_shortcut = lead_to_results(self.search_edit, self.people_view)
        self.search_edit.returnPressed.connect(self._on_search_edit_return_pressed)
        self.people_view.selectionModel().selectionChanged.connect(
            self._on_people_selection_changed)
        self.duplicates_view.selectionModel().selectionChanged.connect(
            self._on_duplicates_selection_changed)
        self.visits_view.activated.connect(self._on_visits_view_activated)
        self.merge_button.clicked.connect(self._on_merge_button_clicked)
        self.access_button.clicked.connect(self._on_access_button_clicked)
        self.erase_button.clicked.connect(self._on_erase_button_clicked)
        self.retention_button.clicked.connect(self._on_retention_button_clicked)
        self.context.advisor_changed.connect(self._on_context_advisor_changed)
        self.context.records_changed.connect(self._on_context_records_changed)

    def retranslate(self) -> None:
        self.search_label.setText(_("&Find a person"))
        self.search_edit.setAccessibleName(_("Find a person"))
        self.search_edit.setPlaceholderText(_("Name (Cyrillic or Latin letters), phone or e-mail"))
        self.people_view.setAccessibleName(_("People"))
        self.visits_view.setAccessibleName(_("Visits"))
        self.visits_view.setToolTip(_("Press Enter or double-click to open a consultation."))
        self.duplicates_box.setTitle(_("Possible duplicates"))
        self.duplicates_view.setAccessibleName(_("Possible duplicates"))
        self.merge_button.setText(_("&Merge into this person"))
        self.merge_button.setToolTip(_("Moves every visit of the chosen duplicate to the person "
                                       "on the left and retires the duplicate record."))
        self.access_button.setText(_("&Access request…"))
        self.access_button.setToolTip(_("Save everything held about this person (PDF or JSON), "
                                        "to hand over when they ask for it."))
        self.erase_button.setText(_("&Erase on request…"))
        self.erase_button.setToolTip(_("Remove what identifies this person when they ask for "
                                       "it; their visits stay in the statistics."))
        self.retention_button.setText(_("&Retention period…"))
        self.retention_button.setToolTip(_("See who the next retention run would anonymise, "
                                           "and who is kept and why, before applying it."))
        for model in (self.people_model, self.duplicates_model):
            model.retranslate()
        if self.visits_model.pages_fetched:
            self.visits_model.retranslate()
        self._show_selected()

    def refresh(self) -> None:
        self._search()

    def focus_default(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- searching -------------------------------------------------------------

    def _search(self) -> None:
        text = self.search_edit.text().strip()
        people = (find_citizens(self.context.db, text, LIST_LIMIT) if text
                  else recent_citizens(self.context.db, LIST_LIMIT))
        keep = self.selected.id if self.selected else None
        self.people_model.set_citizens(people)
        row = self.people_model.row_of(keep) if keep is not None else -1
        if people:
            self.people_view.selectRow(max(row, 0))
        else:
            self._select(None)

    def _on_search_edit_return_pressed(self) -> None:
        focus_results(self.people_view)

    def _on_search_edit_text_edited(self, _text: str) -> None:
        self.search_timer.start()

    def _on_search_timer_timeout(self) -> None:
        self._search()

    def _on_people_selection_changed(self, _selected: QItemSelection,
                                     _deselected: QItemSelection) -> None:
        rows = self.people_view.selectionModel().selectedRows()
        self._select(self.people_model.citizen(rows[0].row()) if rows else None)

    def _select(self, citizen: Citizen | None) -> None:
        self.selected = citizen
        if citizen is None:
            self.visits_model.set_filter(RegisterFilter(citizen_id=-1))
            self.duplicates_model.set_citizens([])
        else:
            self.visits_model.set_filter(RegisterFilter(citizen_id=citizen.id))
            likely = find_citizens(self.context.db, citizen.full_name, 10)
            self.duplicates_model.set_citizens([c for c in likely if c.id != citizen.id])
            self._record_view(citizen)
        self._show_selected()

    def _record_view(self, citizen: Citizen) -> None:
        if citizen.id == self._viewed_id:
            return
        self._viewed_id = citizen.id
        account = self.context.acting_account()
        try:
            audit.record(self.context.db, audit.Action.VIEW_PERSONAL, "citizen", citizen.id,
                         actor_id=account.id if account else None)
        except sqlite3.Error:
            pass  # a busy database must not hide the person; the view is shown anyway

    def _show_selected(self) -> None:
        citizen = self.selected
        if citizen is None:
            self.details_label.setText(_("Choose a person on the left."))
            self.visits_label.setText(_("&Visits"))
        else:
            details = [citizen.settlement, citizen.phone, citizen.email, citizen.address]
            self.details_label.setText(
                f"<b>{html.escape(citizen.full_name)}</b><br>"
                + html.escape(" \u00b7 ".join(d for d in details if d)))
            self.visits_label.setText(
                ngettext("&Visits ({count})", "&Visits ({count})", citizen.visits)
                .format(count=citizen.visits))
        coordinator = self.context.allowed(Permission.MERGE_CITIZENS)
        if coordinator:
            note = _("People with a similar name. If one of them is the same person, choose it "
                     "and merge it into the person on the left.")
        elif self.context.account is not None or has_accounts(self.context.db):
            # With sign-in, the person on duty is whoever signed in: nobody can be chosen.
            note = _("Only a coordinator can merge records: the coordinator signs in to do so.")
        else:
            note = _("Only a coordinator can merge records. Choose a coordinator as the advisor "
                     "on duty to do so.")
        self.duplicates_note.setText(note)
        has_duplicate = bool(self.duplicates_view.selectionModel().selectedRows())
        self.merge_button.setEnabled(coordinator and citizen is not None and has_duplicate)
        privacy = self.context.allowed(Permission.HANDLE_PERSONAL_DATA)
        for button in (self.access_button, self.erase_button):
            button.setVisible(privacy)
            button.setEnabled(privacy and citizen is not None)
        self.retention_button.setVisible(privacy)

    def _on_duplicates_selection_changed(self, _selected: QItemSelection,
                                         _deselected: QItemSelection) -> None:
        self._show_selected()

    def _on_context_advisor_changed(self) -> None:
        self._show_selected()

    def _on_context_records_changed(self) -> None:
        if self.isVisible():
            self._search()

    def _on_visits_view_activated(self, index: QModelIndex) -> None:
        open_record(self.context, self.visits_model.consultation_id(index.row()), self)

    # --- requests under the GDPR --------------------------------------------------

    def _on_access_button_clicked(self) -> None:
        if self.selected is not None:
            answer_access_request(self, self.context, self.selected)

    def _on_erase_button_clicked(self) -> None:
        if self.selected is not None and erase_on_request(self, self.context, self.selected):
            self.selected = None
            self._viewed_id = None
            self._search()

    def _on_retention_button_clicked(self) -> None:
        review_retention(self, self.context)

    # --- merging ---------------------------------------------------------------

    def _on_merge_button_clicked(self) -> None:
        rows = self.duplicates_view.selectionModel().selectedRows()
        if (self.selected is None or not rows
                or not self.context.allowed(Permission.MERGE_CITIZENS)):
            return
        keep = self.selected
        duplicate = self.duplicates_model.citizen(rows[0].row())
        answer = QMessageBox.question(
            self, _("Merge records"),
            _("Merge \u201c{duplicate}\u201d ({duplicate_visits}) into \u201c{keep}\u201d "
              "({keep_visits})? The visits move to one record; this cannot be undone.").format(
                duplicate=duplicate.full_name, duplicate_visits=visit_summary(duplicate),
                keep=keep.full_name, keep_visits=visit_summary(keep)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            changes = merge_citizens(self.context.db, keep.id, duplicate.id,
                                     by=self.context.acting_account())
        except (BureauError, sqlite3.Error) as error:
            if isinstance(error, sqlite3.Error):
                error = translate_sqlite_error(error, str(self.context.db_path))
            QMessageBox.warning(self, _("Merge records"), str(error))
            return
        self.selected = get_citizen(self.context.db, keep.id)
        self.context.status_message.emit(ngettext(
            "Merged: {count} visit moved to {name}.", "Merged: {count} visits moved to {name}.",
            changes.count).format(count=changes.count, name=keep.full_name))
        self.context.apply(changes)
        self._search()
