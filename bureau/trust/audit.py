"""The audit log: who created, changed, viewed, printed, exported or erased what, when.

Append-only (database triggers refuse changes). Entries name record ids and
actions, never personal data, so the log itself needs no protection beyond
the database's.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from enum import StrEnum

from bureau.database.plain import Reader, WrapsConnection, connection_of
from bureau.i18n import N_, _, get_locale, ngettext
from bureau.instants import local_day_start, now_utc_iso


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    VIEW_PERSONAL = "view_personal"
    PRINT = "print"
    EXPORT = "export"
    ERASE = "erase"
    ANONYMISE = "anonymise"
    ACCESS_REQUEST = "access_request"
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_IN_DELAYED = "sign_in_delayed"
    PASSWORD_RESET = "password_reset"
    BACKUP = "backup"
    RESTORE = "restore"
    MERGE = "merge"
    IMPORT = "import"
    IMPORT_REFUSED = "import_refused"


ACTION_LABELS = {
    Action.CREATE: N_("Created"),
    Action.UPDATE: N_("Changed"),
    Action.DELETE: N_("Deleted"),
    Action.VIEW_PERSONAL: N_("Viewed personal data"),
    Action.PRINT: N_("Printed"),
    Action.EXPORT: N_("Exported"),
    Action.ERASE: N_("Erased on request"),
    Action.ANONYMISE: N_("Anonymised (retention period)"),
    Action.ACCESS_REQUEST: N_("Access request answered"),
    Action.SIGN_IN: N_("Signed in"),
    Action.SIGN_IN_FAILED: N_("Failed sign-in"),
    Action.SIGN_IN_DELAYED: N_("Sign-in refused: too many failures, wait"),
    Action.PASSWORD_RESET: N_("Password reset"),
    Action.BACKUP: N_("Backup made"),
    Action.RESTORE: N_("Backup restored"),
    Action.MERGE: N_("Merged"),
    Action.IMPORT: N_("Imported from a file"),
    Action.IMPORT_REFUSED: N_("Import refused"),
}


@dataclass
class AuditEntry:
    id: int
    at: str
    actor_id: int | None
    actor_name: str | None
    action: Action
    entity: str
    entity_id: str | None
    detail: str

    def action_label(self) -> str:
        return _(ACTION_LABELS[self.action])

    def detail_text(self) -> str:
        """The detail in words, in the current language (see ``detail_in_words``)."""
        return detail_in_words(self.action, self.entity, self.detail)


# The details that the core writes as codes (bureau.slips.prints, bureau.reports,
# the CLI's export and documents), and their words.
PAPERS = {"a5": "A5", "a4": "A4", "receipt": N_("receipt paper")}
HOW_PRINTED = {"print": N_("printed"), "pdf": N_("saved as PDF"), "preview": N_("previewed")}
DOCUMENTS = {"decision_letter": N_("decision letter to the citizen"),
             "receipt": N_("receipt for the person who reported"),
             "agenda": N_("meeting agenda")}
EXPORTS = {"figures": N_("report figures"), "consultations": N_("list of consultations")}
FORMATS = {"pdf": "PDF", "csv": "CSV", "xlsx": "XLSX (Excel)", "json": "JSON", "odt": "ODT"}


def _language(code: str) -> str:
    """'bg' -> 'Bulgarian' / 'български' / 'болгарский': in the current language."""
    # Babel only when an audit entry is shown: every command opens the database
    # through this module (database.settings), and most never show one.
    from babel import Locale, UnknownLocaleError  # deferred: late-parts

    try:
        return Locale.parse(code).get_display_name(get_locale()) or code
    except (ValueError, UnknownLocaleError):
        return code


def _period(text: str) -> str:
    start, _sep, end = text.partition("..")
    if not start and not end:
        return _("all dates")
    return _("{start} to {end}").format(start=start or "\u2026", end=end or "\u2026")


def detail_in_words(action: Action | str, entity: str, detail: str) -> str:
    """An audit entry's detail in words, in the current language.

    ``detail`` is what ``record`` stored: "slip a5 bg print" for a slip,
    "figures pdf 2026-10-01..2026-10-31 public" for a report, "csv a..b" for
    an export from the CLI, a document's code, or free text (a backup's file
    name, an erasure's reason), which is returned unchanged. Unknown codes
    are returned as stored rather than guessed.
    """
    words = detail.split()
    if action == Action.PRINT and len(words) == 4 and words[0] == "slip":
        _slip, paper, locale, how = words
        return _("slip ({paper}, {language}), {how}").format(
            paper=_(PAPERS.get(paper, paper)), language=_language(locale),
            how=_(HOW_PRINTED[how]) if how in HOW_PRINTED else how)
    if action == Action.PRINT and detail in DOCUMENTS:
        return _(DOCUMENTS[detail])
    if action == Action.EXPORT and entity == "report" and len(words) >= 3 and words[0] in EXPORTS:
        text = _("{what} as {format}, {period}").format(
            what=_(EXPORTS[words[0]]), format=FORMATS.get(words[1], words[1].upper()),
            period=_period(words[2]))
        return text + (", " + _("public version") if "public" in words[3:] else "")
    if action == Action.EXPORT and entity == "consultations" and len(words) == 2:
        return _("{what} as {format}, {period}").format(
            what=_(EXPORTS["consultations"]), format=FORMATS.get(words[0], words[0].upper()),
            period=_period(words[1]))
    if action in (Action.IMPORT, Action.IMPORT_REFUSED):
        return import_in_words(detail)
    return detail


def import_detail(file_name: str, imported: int, refused: int) -> str:
    """An import's detail as stored: ``"<imported> <refused> <file name>"``."""
    return f"{imported} {refused} {file_name}"


def import_in_words(detail: str) -> str:
    """``"12 0 journal.csv"`` -> "journal.csv: 12 rows imported, 0 refused" (in the current
    language); a detail of another shape is returned unchanged."""
    imported, _sep, rest = detail.partition(" ")
    refused, _sep, name = rest.partition(" ")
    if not (imported.isdigit() and refused.isdigit()):
        return detail
    return _("{file}: {imported}, {refused}").format(
        file=name, imported=ngettext("{count} row imported", "{count} rows imported",
                                     int(imported)).format(count=int(imported)),
        refused=ngettext("{count} row refused", "{count} rows refused",
                         int(refused)).format(count=int(refused)))


def record(db: sqlite3.Connection | WrapsConnection, action: Action, entity: str, entity_id: object = None,
           *, actor_id: int | None = None, detail: str = "") -> None:
    """Append an entry, inside the caller's transaction when there is one (else committed).

    ``db``: a plain connection (the read-only commands' export) or a sqlite-utils one.
    """
    conn = connection_of(db)
    standalone = not conn.in_transaction
    conn.execute(
        "INSERT INTO audit_log (at, actor_id, action, entity, entity_id, detail) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [now_utc_iso(), actor_id, action.value, entity,
         None if entity_id is None else str(entity_id), detail])
    if standalone:
        conn.commit()


def entries(db: Reader, *, action: Action | None = None, entity: str | None = None,
            actor_id: int | None = None, date_from: dt.date | None = None,
            date_to: dt.date | None = None, limit: int = 500) -> list[AuditEntry]:
    """Audit entries, newest first, at most ``limit``, filtered by action, entity, actor and
    days (both included).
    """
    clauses, params = ["1 = 1"], []
    for column, value in (("l.action", action.value if action else None), ("l.entity", entity),
                          ("l.actor_id", actor_id)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    # Days are the reader's local days; entries are stored in UTC (bureau.instants).
    if date_from:
        clauses.append("l.at >= ?")
        params.append(local_day_start(date_from))
    if date_to:
        clauses.append("l.at < ?")
        params.append(local_day_start(date_to + dt.timedelta(days=1)))
    rows = db.execute(
        "SELECT l.id, l.at, l.actor_id, a.full_name, l.action, l.entity, l.entity_id, l.detail "
        "FROM audit_log l LEFT JOIN advisors a ON a.id = l.actor_id WHERE "
        + " AND ".join(clauses) + " ORDER BY l.id DESC LIMIT ?", [*params, limit])
    return [AuditEntry(r[0], r[1], r[2], r[3], Action(r[4]), r[5], r[6], r[7]) for r in rows]
