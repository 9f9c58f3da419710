"""Personal data under the GDPR: access requests and erasure requests.

An erasure (``bureau.privacy.erasure``) removes what identifies the person
from every table and from the desk's drafts; what the monthly figures count
stays. Retention (the same erasure, for people without contact for years)
lives in ``bureau.privacy.retention``.
"""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from bureau.consultations.exporter import iter_consultations
from bureau.consultations.store import revisions
from bureau.database.connection import now_iso, write_transaction
from bureau.domain import Account, NotFound
from bureau.files import atomic_output
from bureau.i18n import N_
from bureau.privacy import erasure
from bureau.privacy.drafts import scrub_drafts
from bureau.privacy.identifiers import REDACTED, PersonIdentifiers
from bureau.trust import audit
from bureau.trust.access import Operation, require
from bureau.trust.changes import Changes, core_operation

MSG_NO_CITIZEN = N_("No citizen with the number {id}.")
__all__ = ["REDACTED", "erase_person", "export_person", "person_report"]

_PERSON_COLUMNS = ("id", "uuid", "full_name", "phone", "email", "address", "settlement",
                   "age_band", "gender", "consent_record_at", "consent_share_at",
                   "consent_contact_at", "anonymised_at", "merged_into_id", "created_at",
                   "updated_at")
_REFERRAL_COLUMNS = ("number", "consultation", "status", "summary", "submitted_on",
                     "meeting_held_on", "meeting_place", "decided_on", "decision", "informed_on",
                     "informed_how", "closed_on")


def _person(db: sqlite_utils.Database, citizen_id: int) -> dict:
    row = db.execute(f"SELECT {', '.join(_PERSON_COLUMNS)} FROM citizens "
                     "WHERE id = ? AND deleted_at IS NULL", [citizen_id]).fetchone()
    if row is None:
        raise NotFound(MSG_NO_CITIZEN, id=citizen_id)
    return dict(zip(_PERSON_COLUMNS, row, strict=True))


def erase_person(db: sqlite_utils.Database, citizen_id: int, *, by: Account,
                 reason: str = "", drafts_dir: Path | None = None,
                 db_path: Path | None = None) -> Changes[list[int]]:
    """An erasure request (GDPR art. 17): the person leaves every table, the figures stay.

    A core operation: ``by`` needs ``HANDLE_PERSONAL_DATA``, asked before the
    person is read (``PermissionDenied``, nothing read or written); the
    erasure and its audit entry are one transaction.

    Covers the records merged into the citizen and the desk's drafts in
    ``drafts_dir`` (the CLI passes ``default_drafts_dir()``; None: no drafts). The audit log records
    that it was done, never what was erased (the reason is scrubbed too).
    ``value``: the citizen ids made anonymous. Raises ``NotFound``, or
    ``BureauError`` if already anonymous or merged into another record.
    """
    require(by, Operation.HANDLE_PERSONAL_DATA)
    stamp = now_iso()
    records = erasure.person_records(db, citizen_id)
    ident = erasure.identifiers(records)
    with core_operation(db, by, Operation.HANDLE_PERSONAL_DATA):
        people = erasure.erase_records(db, citizen_id, stamp, everywhere=True)
        audit.record(db, audit.Action.ERASE, "citizen", citizen_id, actor_id=by.id,
                     detail=ident.scrub(reason)[:200])
    _after_erasure(db, ident, people, drafts_dir, db_path)
    return Changes(citizens=True, consultations=True, referrals=True, count=len(people),
                   value=people)


def _after_erasure(db: sqlite_utils.Database, ident: PersonIdentifiers, people: list[int],
                   drafts_dir: Path | None, db_path: Path | None) -> None:
    with write_transaction(db):
        erasure.compact_search(db)
    erasure.checkpoint(db)
    scrub_drafts(drafts_dir, db_path if db_path is not None else _file_of(db), ident, people)


def _file_of(db: sqlite_utils.Database) -> Path | None:
    row = db.conn.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else None


def person_report(db: sqlite_utils.Database, citizen_id: int) -> dict:
    """Everything held about one citizen (an access request, GDPR art. 15).

    Keys: ``citizen`` (the record), ``merged_records`` (duplicates merged into
    it, as they now stand), ``consultations`` (export rows, each with its
    ``history``: earlier versions with when and by whom), ``referrals`` (with
    the meeting that heard them) and ``audit`` (who saw, printed, exported or
    changed their records, and when). Raises ``NotFound``.
    """
    person = _person(db, citizen_id)
    merged = [dict(zip(_PERSON_COLUMNS, row, strict=True)) for row in db.execute(
        f"SELECT {', '.join(_PERSON_COLUMNS)} FROM citizens WHERE merged_into_id = ? ORDER BY id",
        [citizen_id])]
    visits = list(iter_consultations(db, citizen_id=citizen_id))
    ids = {row[1]: row[0] for row in db.execute(
        "SELECT id, reference FROM consultations WHERE citizen_id = ?", [citizen_id])}
    for visit in visits:
        visit["history"] = revisions(db, ids[visit["reference"]])
    referrals = [dict(zip(_REFERRAL_COLUMNS, row, strict=True)) for row in db.execute(
        "SELECT r.number, k.reference, r.status, r.summary, r.submitted_on, m.held_on, m.place, "
        "r.decided_on, r.decision, r.informed_on, r.informed_how, r.closed_on "
        "FROM referrals r JOIN consultations k ON k.id = r.consultation_id "
        "LEFT JOIN meetings m ON m.id = r.meeting_id "
        "WHERE k.citizen_id = ? AND r.deleted_at IS NULL ORDER BY r.id", [citizen_id])]
    people = [str(citizen_id), *(str(m["id"]) for m in merged)]
    visit_ids = [str(v) for v in ids.values()]
    trail = [{"at": row[0], "action": row[1], "entity": row[2], "entity_id": row[3]}
             for row in db.execute(
                 "SELECT at, action, entity, entity_id FROM audit_log WHERE "
                 f"(entity = 'citizen' AND entity_id IN ({_marks(people)})) OR "
                 f"(entity = 'consultation' AND entity_id IN ({_marks(visit_ids)})) ORDER BY id",
                 [*people, *visit_ids])]
    return {
        "generated_at": now_iso(),
        "citizen": person,
        "merged_records": merged,
        "consultations": visits,
        "referrals": referrals,
        "audit": trail,
    }


def _marks(values: list[str]) -> str:
    return ",".join("?" * len(values)) or "NULL"


def export_person(db: sqlite_utils.Database, citizen_id: int, out: str | Path, *,
                  by: Account) -> Changes[dict]:
    """Answer an access request (GDPR art. 15): write everything held about the citizen
    to ``out``, JSON (.json) or a readable PDF (.pdf); ``value`` is ``person_report``.

    A core operation: ``by`` needs ``HANDLE_PERSONAL_DATA``, asked before anything
    is read or any file written (``PermissionDenied``); audited. Raises ``NotFound``,
    ``OSError``.
    """
    require(by, Operation.HANDLE_PERSONAL_DATA)
    report = person_report(db, citizen_id)
    if str(out).lower().endswith(".pdf"):
        from bureau.privacy.access_pdf import write_person_pdf  # deferred: documents

        write_person_pdf(db, report, out)
    else:
        with atomic_output(out) as handle:
            json.dump(report, handle, ensure_ascii=False, indent=2)
    audit.record(db, audit.Action.ACCESS_REQUEST, "citizen", citizen_id, actor_id=by.id)
    return Changes(value=report)
