"""The desk: the intake form, and the follow-ups that are due."""

from __future__ import annotations

import datetime as dt

from bureau_desk.dialogs.record import open_record
from bureau_desk.dialogs.referral import open_referral_dialog
from bureau_desk.models.register import SORT_ROLE, RegisterModel
from bureau_desk.pages.base import Page, scrolling
from bureau_desk.shell.context import DeskContext
from bureau_desk.widgets.doc_widgets import PREVIEW_KEYS, DocumentLanguageCombo
from bureau_desk.widgets.intake_form import IntakeForm
from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bureau.commission.referrals import (
    count_overdue_referrals,
    overdue_after_days,
    referral_for_consultation,
)
from bureau.consultations.register import RegisterFilter
from bureau.consultations.store import get_consultation
from bureau.database.settings import get_settings
from bureau.domain import BureauError, Outcome, ReferralStatus
from bureau.i18n import _, ngettext

# A narrow side panel: the date, the reference and the person; the question is
# in each row's tooltip and one Enter away.
FOLLOW_UP_COLUMNS = (RegisterModel.COL_FOLLOW_UP, RegisterModel.COL_REFERENCE,
                     RegisterModel.COL_CITIZEN)


class FollowUpsSorted(QSortFilterProxyModel):
    """The follow-ups by due date, under short headings that leave room for the names."""

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt override)
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (orientation == Qt.Orientation.Horizontal and section == RegisterModel.COL_FOLLOW_UP
                and role == Qt.ItemDataRole.DisplayRole):
            return _("Due")
        return super().headerData(section, orientation, role)


class DeskPage(Page):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        # Overdue referrals, counted by refresh() (a query over every referral): a
        # language switch re-words the count, it does not count again.
        self._overdue: int | None = None
        self._build_ui()
        self.overdue_label.hide()
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
        self.overdue_label = QLabel(panel)
        self.overdue_label.setWordWrap(True)
        self.overdue_label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                                   | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.overdue_label.hide()
        panel_layout.addWidget(self.overdue_label)
        self.follow_ups_label = QLabel(panel)
        self.follow_ups_label.setWordWrap(True)
        self.follow_ups_model = RegisterModel(self.context.db, page_size=50, parent=self)
        # The most overdue first: by follow-up date (the register itself is in visit order).
        self.follow_ups_sorted = FollowUpsSorted(self)
        self.follow_ups_sorted.setSourceModel(self.follow_ups_model)
        self.follow_ups_sorted.setSortRole(SORT_ROLE)
        self.follow_ups_sorted.sort(RegisterModel.COL_FOLLOW_UP, Qt.SortOrder.AscendingOrder)
        self.follow_ups_view = QTableView(panel)
        self.follow_ups_view.setModel(self.follow_ups_sorted)
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
        # Date and reference whole; the name takes what is left (cut with "…").
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RegisterModel.COL_CITIZEN, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
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
        self.splitter.setSizes([chars * 150, chars * 46])
        layout.addWidget(self.splitter, 1)
        self._build_slip_bar(layout)

    def _build_slip_bar(self, layout: QVBoxLayout) -> None:
        """Under the form, once something is saved: its slip, and a referral if one is due."""
        self.slip_bar = QWidget(self)
        row = QHBoxLayout(self.slip_bar)
        row.setContentsMargins(8, 0, 8, 4)
        self.saved_label = QLabel(self.slip_bar)
        self.print_button = QPushButton(self.slip_bar)
        self.print_button.setAutoDefault(False)
        self.preview_button = QPushButton(self.slip_bar)
        self.preview_button.setAutoDefault(False)
        self.slip_language_label = QLabel(self.slip_bar)
        self.slip_language_combo = DocumentLanguageCombo(self.slip_bar)
        self.slip_language_label.setBuddy(self.slip_language_combo)
        self.refer_button = QPushButton(self.slip_bar)
        self.refer_button.setAutoDefault(False)
        for widget in (self.saved_label, self.print_button, self.preview_button,
                       self.slip_language_label,
                       self.slip_language_combo, self.refer_button):
            row.addWidget(widget)
        row.addStretch(1)
        self.slip_bar.hide()
        layout.addWidget(self.slip_bar)
        self.last_saved_id: int | None = None
        self.last_saved_reference = ""
        self.print_shortcut = QShortcut(QKeySequence.StandardKey.Print, self)
        self.print_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.preview_shortcut = QShortcut(QKeySequence(PREVIEW_KEYS), self)
        self.preview_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _connect(self) -> None:
        self.follow_ups_view.activated.connect(self._on_follow_ups_view_activated)
        self.context.records_changed.connect(self._on_context_records_changed)
        self.context.catalogue_changed.connect(self._on_context_records_changed)
        self.form.saved.connect(self._on_form_saved)
        self.print_shortcut.activated.connect(self.print_slip_requested)
        self.print_button.clicked.connect(self.print_slip_requested)
        self.preview_shortcut.activated.connect(self.preview_slip_requested)
        self.preview_button.clicked.connect(self.preview_slip_requested)
        self.refer_button.clicked.connect(self._on_refer_button_clicked)
        self.overdue_label.linkActivated.connect(self._on_overdue_label_link_activated)

    def retranslate(self) -> None:
        self.form.retranslate()
        self.follow_ups_view.setAccessibleName(_("Follow-ups due"))
        self.follow_ups_view.setToolTip(_("Pending consultations whose follow-up date has come. "
                                          "Press Enter to open one."))
        if self.follow_ups_model.pages_fetched:
            self.follow_ups_model.retranslate()
        self.print_button.setText(_("&Print slip (Ctrl+P)"))
        self.print_button.setToolTip(_("Print the slip of the consultation just saved, for the "
                                       "citizen to take: the print dialog opens."))
        self.preview_button.setText(_("Pre&view (Ctrl+Shift+P)"))
        self.preview_button.setToolTip(_("See the slip before printing it."))
        self.slip_language_label.setText(_("Slip lan&guage:"))
        self.slip_language_combo.retranslate()
        self.refer_button.setText(_("&Refer to the commission…"))
        self._show_saved()
        self._show_count()
        if self._overdue is not None:  # counted by refresh(); words only here
            self._show_overdue(self._overdue)

    def refresh(self) -> None:
        self.follow_ups_model.set_filter(RegisterFilter(follow_up_due_on=dt.date.today()),
                                         oldest_first=False)
        self._show_count()
        self._overdue = count_overdue_referrals(
            self.context.db, dt.date.today(), overdue_after_days(get_settings(self.context.db)))
        self._show_overdue(self._overdue)

    def _show_overdue(self, count: int) -> None:
        text = ngettext("{count} referral to the commission is overdue",
                        "{count} referrals to the commission are overdue",
                        count).format(count=count)
        self.overdue_label.setText(f"<a href='overdue' style='color: #b00020;'>{text}</a>")
        self.overdue_label.setAccessibleName(text)
        self.overdue_label.setToolTip(_("Open the Commission page with the overdue referrals."))
        self.overdue_label.setVisible(count > 0)

    def _show_saved(self) -> None:
        self.saved_label.setText(_("Saved: {reference}").format(
            reference=self.last_saved_reference))
        self.slip_bar.setVisible(self.last_saved_id is not None)
        self.refer_button.setVisible(self._referral_due(self.last_saved_id))

    def _referral_due(self, consultation_id: int | None) -> bool:
        """Referred to the commission, and no open referral yet."""
        if consultation_id is None:
            return False
        try:
            record = get_consultation(self.context.db, consultation_id)
        except BureauError:
            return False
        existing = referral_for_consultation(self.context.db, consultation_id)
        return record.outcome == Outcome.REFERRED and (existing is None
                                                       or existing.status == ReferralStatus.CLOSED)

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
        row = self.follow_ups_sorted.mapToSource(index).row()
        open_record(self.context, self.follow_ups_model.consultation_id(row), self)

    def _on_context_records_changed(self) -> None:
        self.refresh()

    # --- hooks for the main window and other rooms ------------------------------

    def new_consultation(self) -> bool:
        return self.form.new_form()

    def set_aside(self) -> bool:
        """Another advisor takes the desk: the form becomes its owner's draft (True if
        anything was kept), and the last saved slip is no longer offered for printing."""
        kept = self.form.set_aside()
        self.last_saved_id = None
        self.last_saved_reference = ""
        self._show_saved()
        return kept

    def print_slip_requested(self) -> str | None:
        """Ctrl+P: the print dialog for the slip of the consultation saved last at this desk."""
        return self._slip(preview=False)

    def preview_slip_requested(self) -> str | None:
        """Ctrl+Shift+P: the same slip in the preview, printed from there if wanted."""
        return self._slip(preview=True)

    def _slip(self, *, preview: bool) -> str | None:
        if self.last_saved_id is None:
            self.context.status_message.emit(_("Save the consultation first; then Ctrl+P "
                                               "prints its slip."))
            return None
        from bureau_desk.shell import printing  # deferred: documents

        return printing.print_slip(self, self.context.db_path, self.last_saved_id,
                                   locale=self.slip_language_combo.locale(),
                                   printed_by=self.context.advisor_id, preview=preview)

    def _on_form_saved(self, consultation_id: int, reference: str) -> None:
        self.last_saved_id = consultation_id
        self.last_saved_reference = reference
        self._show_saved()
        if self._referral_due(consultation_id):
            # The advisor chose "referred": the referral's summary and consent come next.
            self._on_refer_button_clicked()

    def _on_refer_button_clicked(self) -> None:
        if self.last_saved_id is None:
            return
        dialog = open_referral_dialog(self.context, self.last_saved_id, self)
        if dialog is not None:
            dialog.finished.connect(self._on_referral_dialog_finished)

    def _on_referral_dialog_finished(self, _result: int) -> None:
        self._show_saved()

    def _on_overdue_label_link_activated(self, _link: str) -> None:
        window = self.window()
        if hasattr(window, "show_page"):
            window.show_page("commission").show_overdue_only()
