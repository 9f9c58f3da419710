"""The retention run, previewed: who would be anonymised and who is kept, and why.

Only for ``Permission.HANDLE_PERSONAL_DATA`` (the coordinator). The list is
the next run's (``bureau.privacy.retention``); applying anonymises exactly
the people shown as taken, after one more confirmation.
"""

from __future__ import annotations

import sqlite3

from bureau_desk.shell.context import DeskContext
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bureau.citizens.store import get_citizen
from bureau.database.connection import translate_sqlite_error
from bureau.domain import BureauError
from bureau.i18n import _, format_date, ngettext
from bureau.instants import local_wall
from bureau.privacy.retention import RetentionResult, apply_retention, retention_years
from bureau.trust.access import Permission


class RetentionDialog(QDialog):
    """Shows ``apply_retention(dry_run=True)``; "Anonymise" runs it for the people shown."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.result: RetentionResult | None = None
        self.setWindowTitle(_("Retention period"))
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [_("Number"), _("Name"), _("Last contact"), _("What happens")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.apply_button = QPushButton(self)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self._on_apply_button_clicked)
        layout.addWidget(buttons)
        self.resize(760, 420)
        self.refresh()

    def refresh(self) -> None:
        """Compute the next run's candidates again and show them."""
        years = retention_years(self.context.db, None)
        self.result = apply_retention(self.context.db, by=self.context.acting_account(),
                                      years=years, dry_run=True).answer()
        candidates = self.result.candidates
        self.table.setRowCount(len(candidates))
        for row, candidate in enumerate(candidates):
            name = get_citizen(self.context.db, candidate.citizen_id).full_name
            what = (_("anonymised: {why}") if candidate.taken else _("kept: {why}")).format(
                why=candidate.explain())
            last = format_date(local_wall(candidate.last_contact).date(), "medium")
            for column, text in enumerate((str(candidate.citizen_id), name, last, what)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        taken = len(self.result.citizen_ids)
        self.summary.setText(ngettext(
            "Retention period: {years} year. People without contact since {date} are "
            "anonymised unless a matter of theirs is still open.",
            "Retention period: {years} years. People without contact since {date} are "
            "anonymised unless a matter of theirs is still open.", years).format(
                years=years, date=format_date(self.result.cutoff, "medium")))
        self.apply_button.setText(ngettext("&Anonymise {count} person", "&Anonymise {count} people",
                                           taken).format(count=taken))
        self.apply_button.setEnabled(taken > 0)

    def _on_apply_button_clicked(self) -> None:
        if self.result is None or not self.context.allowed(Permission.HANDLE_PERSONAL_DATA):
            return
        shown = set(self.result.citizen_ids)
        answer = QMessageBox.question(
            self, _("Retention period"),
            ngettext("Anonymise {count} person now? Their names and contacts are removed for "
                     "good; their visits stay in the statistics.",
                     "Anonymise {count} people now? Their names and contacts are removed for "
                     "good; their visits stay in the statistics.", len(shown)).format(
                count=len(shown)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            changes = apply_retention(self.context.db, by=self.context.acting_account(),
                                      dry_run=False, only=shown)
        except (BureauError, sqlite3.Error) as error:
            if isinstance(error, sqlite3.Error):
                error = translate_sqlite_error(error, str(self.context.db_path))
            QMessageBox.warning(self, _("Retention period"), str(error))
            return
        count = changes.count
        self.context.status_message.emit(ngettext(
            "{count} person was anonymised.", "{count} people were anonymised.", count)
            .format(count=count))
        self.context.apply(changes)
        self.refresh()


def review_retention(parent: QWidget, context: DeskContext) -> RetentionDialog | None:
    """Open the preview (coordinator only); returns the dialog shown, or None if not allowed."""
    if not context.allowed(Permission.HANDLE_PERSONAL_DATA):
        return None
    try:
        dialog = RetentionDialog(context, parent)
    except BureauError as error:  # a retention setting below one year
        QMessageBox.warning(parent, _("Retention period"), str(error))
        return None
    dialog.open()
    return dialog
