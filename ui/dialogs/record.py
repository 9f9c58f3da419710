"""One consultation opened from the register: view, edit, and its history.

Edits go through ``edit_consultation``, which keeps the previous version;
the History tab lists every earlier version and what changed since.
"""

from __future__ import annotations

import html

from bureau_desk.dialogs.referral import open_referral_dialog
from bureau_desk.models.register import short_date
from bureau_desk.pages.base import scrolling
from bureau_desk.shell.context import DeskContext
from bureau_desk.widgets.doc_widgets import PREVIEW_KEYS, DocumentLanguageCombo
from bureau_desk.widgets.intake_form import IntakeForm
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from bureau.citizens.store import get_citizen
from bureau.commission.referrals import referral_for_consultation
from bureau.consultations.fields import SNAPSHOT_FIELDS, Field, Kind
from bureau.consultations.store import get_consultation, revisions, snapshot
from bureau.domain import BureauError, ReferralStatus
from bureau.i18n import _
from bureau.instants import local_iso
from bureau.trust.advisors import list_advisors


class RecordDialog(QDialog):
    def __init__(self, context: DeskContext, consultation_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.consultation_id = consultation_id
        self.record = get_consultation(context.db, consultation_id)
        self._build_ui()
        self._connect()
        self.retranslate()
        self.resize(1100, 720)

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.heading)
        self.tabs = QTabWidget(self)
        self.form = IntakeForm(self.context, record=self.record)
        self.tabs.addTab(scrolling(self.form), "")
        self.history = QTextBrowser(self)
        self.tabs.addTab(self.history, "")
        layout.addWidget(self.tabs, 1)
        bottom = QHBoxLayout()
        self.print_button = QPushButton(self)
        self.print_button.setAutoDefault(False)
        self.preview_button = QPushButton(self)
        self.preview_button.setAutoDefault(False)
        self.print_shortcut = QShortcut(QKeySequence.StandardKey.Print, self)
        self.preview_shortcut = QShortcut(QKeySequence(PREVIEW_KEYS), self)
        self.slip_language_label = QLabel(self)
        self.slip_language_combo = DocumentLanguageCombo(self)
        self.slip_language_label.setBuddy(self.slip_language_combo)
        self.refer_button = QPushButton(self)
        self.refer_button.setAutoDefault(False)
        for widget in (self.print_button, self.preview_button, self.slip_language_label,
                       self.slip_language_combo, self.refer_button):
            bottom.addWidget(widget)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        bottom.addWidget(self.buttons, 1)
        layout.addLayout(bottom)

    def _connect(self) -> None:
        self.buttons.rejected.connect(self.reject)
        self.form.saved.connect(self._on_form_saved)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.print_shortcut.activated.connect(self._on_print_button_clicked)
        self.preview_button.clicked.connect(self._on_preview_button_clicked)
        self.preview_shortcut.activated.connect(self._on_preview_button_clicked)
        self.refer_button.clicked.connect(self._on_refer_button_clicked)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Consultation {reference}").format(reference=self.record.reference))
        self.heading.setText(_("<b>{reference}</b> \u00b7 recorded by {advisor} \u00b7 "
                               "last changed {updated}").format(
            reference=html.escape(self.record.reference),
            advisor=html.escape(self.record.advisor_name),
            updated=short_date(local_iso(self.record.updated_at))))
        self.tabs.setTabText(0, _("&Record"))
        self.tabs.setTabText(1, _("&History"))
        self.form.retranslate()
        self.print_button.setText(_("&Print slip (Ctrl+P)"))
        self.print_button.setToolTip(_("Print the slip again (the reprint is recorded)."))
        self.preview_button.setText(_("Pre&view (Ctrl+Shift+P)"))
        self.preview_button.setToolTip(_("See the slip before printing it."))
        self.slip_language_label.setText(_("Slip lan&guage:"))
        self.slip_language_combo.retranslate()
        self.refer_button.setText(_("Refer to the &commission…"))
        self._show_refer_button()
        self._show_history()

    def _show_refer_button(self) -> None:

        existing = referral_for_consultation(self.context.db, self.consultation_id)
        open_referral = existing is not None and existing.status != ReferralStatus.CLOSED
        self.refer_button.setEnabled(not open_referral)
        self.refer_button.setToolTip(
            _("Already referred: {number} (\u201c{status}\u201d)").format(
                number=existing.number, status=existing.status.label()) if open_referral
            else _("Make a referral to the consultative commission from this consultation."))

    def _on_print_button_clicked(self) -> str | None:
        return self._slip(preview=False)

    def _on_preview_button_clicked(self) -> str | None:
        return self._slip(preview=True)

    def _slip(self, *, preview: bool) -> str | None:
        from bureau_desk.shell import printing  # deferred: documents

        return printing.print_slip(self, self.context.db_path, self.consultation_id,
                                   locale=self.slip_language_combo.locale(),
                                   printed_by=self.context.advisor_id, preview=preview)

    def _on_refer_button_clicked(self) -> None:
        dialog = open_referral_dialog(self.context, self.consultation_id, self)
        if dialog is not None:
            dialog.finished.connect(self._on_referral_dialog_finished)

    def _on_referral_dialog_finished(self, _result: int) -> None:
        # The referral changes the record's outcome: show the stored state.
        if not self.form.has_unsaved_input():
            self.record = get_consultation(self.context.db, self.consultation_id)
            self.form.load(self.record)
        self._show_refer_button()

    def _on_form_saved(self, _consultation_id: int, _reference: str) -> None:
        self.record = get_consultation(self.context.db, self.consultation_id)
        self.retranslate()

    def _show_history(self) -> None:
        versions = revisions(self.context.db, self.consultation_id)
        if not versions:
            self.history.setPlainText(_("This record has not been changed since it was saved."))
            return
        advisors = {a.id: a.full_name for a in list_advisors(self.context.db, active_only=False)}
        later_states = [v["snapshot"] for v in versions[1:]] + [snapshot(self.record)]
        parts = []
        for version, later in zip(versions, later_states, strict=True):
            who = advisors.get(version["changed_by"], _("unknown"))
            parts.append("<h3>" + html.escape(_("Changed {when} by {who}").format(
                when=short_date(local_iso(version["changed_at"])), who=who)) + "</h3><ul>")
            before = version["snapshot"]
            # A version saved before every field was kept lacks some: unknown, not changed.
            changed = [field for field in SNAPSHOT_FIELDS if field.name in before
                       and before[field.name] != later.get(field.name)]
            for field in changed:
                parts.append("<li>" + html.escape(_("{field}: \u201c{old}\u201d \u2192 "
                                                    "\u201c{new}\u201d").format(
                    field=field.label(),
                    old=self._show_value(field, before.get(field.name), advisors),
                    new=self._show_value(field, later.get(field.name), advisors))) + "</li>")
            if not changed:
                parts.append("<li>" + html.escape(_("saved again without changes")) + "</li>")
            parts.append("</ul>")
        self.history.setHtml("".join(parts))

    def _show_value(self, field: Field, value: object, advisors: dict[int, str]) -> str:
        if field.kind is Kind.FLAG:
            return _("yes") if value else _("no")
        if value in (None, "", []):
            return "\u2014"
        lookup = self.context.lookup
        if field.kind is Kind.ENUM and field.enum is not None:
            return field.enum(value).label()
        if field.kind is Kind.ADVISOR:
            return advisors.get(value, str(value))
        if field.kind is Kind.CITIZEN:
            try:
                return get_citizen(self.context.db, int(value)).full_name
            except BureauError:
                return str(value)
        if field.kind is Kind.ISSUES:
            names = []
            for category, service in value:
                entry = lookup.services.get(service) if service else lookup.categories.get(category)
                names.append(entry.name() if entry else str(service or category))
            return "; ".join(names)
        if field.kind in (Kind.DATETIME, Kind.DATE):
            return short_date(str(value))
        return str(value)

    # --- kept as a draft when another advisor takes the desk (shell/handover.py) ---

    def has_unsaved_input(self) -> bool:
        return self.form.has_unsaved_input()

    def draft_state(self) -> dict:
        return self.form.draft_state()

    def restore_draft_state(self, state: dict) -> None:
        self.form.put_back(state)

    def draft_window(self) -> str:
        return f"consultation-{self.consultation_id}"

    def draft_reopen(self) -> dict:
        return {"kind": "consultation", "consultation_id": self.consultation_id}

    def draft_title(self) -> str:
        return self.windowTitle()

    def reject(self) -> None:
        # Escape, the Close button and the window's X all come here.
        if self.form.has_unsaved_input():
            answer = QMessageBox.question(
                self, _("Close"), _("The changes are not saved. Close anyway?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()


def open_record(context: DeskContext, consultation_id: int, parent: QWidget) -> RecordDialog:
    """Show a record without blocking: several may be open while the desk goes on."""
    dialog = RecordDialog(context, consultation_id, parent.window())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
