"""A citizen's rights under the GDPR, from the Citizens page: access and erasure requests.

Only for ``Permission.HANDLE_PERSONAL_DATA`` (the coordinator). The core does
the work and records it in the audit log (``bureau.privacy.rights``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils
from bureau_desk.shell.context import DeskContext
from bureau_desk.shell.tasks import Task, run_task
from bureau_desk.widgets import file_dialogs
from PySide6.QtWidgets import QMessageBox, QWidget

from bureau.database.connection import translate_sqlite_error
from bureau.domain import Account, BureauError, Citizen
from bureau.i18n import _
from bureau.privacy.rights import erase_person, export_person
from bureau.trust.access import Permission


def _export(db: sqlite_utils.Database, citizen_id: int, out: str, by: Account) -> str:
    export_person(db, citizen_id, out, by=by)
    return out


def answer_access_request(parent: QWidget, context: DeskContext, citizen: Citizen,
                          out: str | None = None) -> Task | None:
    """Everything held about the person, as a PDF to hand over or JSON (in the background)."""
    if not context.allowed(Permission.HANDLE_PERSONAL_DATA):
        return None
    if out is None:
        suggested = str(Path.home() / f"access-request-{citizen.id}.pdf")
        out = file_dialogs.save_file(
            parent, _("Access request"), suggested, _("PDF (*.pdf);;JSON (*.json)"))
        if not out:
            return None
    if not out.lower().endswith((".pdf", ".json")):
        out += ".pdf"

    def done(path: str) -> None:
        context.status_message.emit(_("Access request saved: {path}").format(path=path))
        QMessageBox.information(parent, _("Access request"),
                                _("Everything held about {name} was saved to {path}.").format(
                                    name=citizen.full_name, path=path))

    def failed(error: BaseException) -> None:
        text = str(error) if isinstance(error, BureauError) else type(error).__name__
        QMessageBox.warning(parent, _("Access request"), text)

    return run_task(parent, _("Collecting the person's data\u2026"), _export, citizen.id, out,
                    context.acting_account(), db_path=context.db_path,
                    on_done=done, on_error=failed)


def erase_on_request(parent: QWidget, context: DeskContext, citizen: Citizen) -> bool:
    """Remove what identifies the person, after a confirmation that names them."""
    if not context.allowed(Permission.HANDLE_PERSONAL_DATA):
        return False
    answer = QMessageBox.question(
        parent, _("Erase on request"),
        _("Erase the personal data of \u201c{name}\u201d? The name, phone, e-mail and address "
          "are removed from their record and from records merged into it, and wherever the "
          "notes, history and referrals of their {count} visits or unsaved drafts repeat them. "
          "The visits stay in the statistics. This cannot be undone.").format(
            name=citizen.full_name, count=citizen.visits),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        changes = erase_person(context.db, citizen.id, by=context.acting_account(),
                               reason="request", drafts_dir=context.drafts_dir,
                               db_path=context.db_path)
    except (BureauError, sqlite3.Error) as error:
        if isinstance(error, sqlite3.Error):
            error = translate_sqlite_error(error, str(context.db_path))
        QMessageBox.warning(parent, _("Erase on request"), str(error))
        return False
    context.status_message.emit(_("The personal data was erased."))
    context.apply(changes)
    return True
