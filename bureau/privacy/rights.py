"""Personal data under the GDPR: retention, access requests and erasure requests.

Anonymising a citizen removes what identifies them (name, phone, e-mail,
address) and their Latin/Cyrillic name from the search indexes, and replaces
their name where it was typed into a consultation's free text. What the
monthly figures count stays: the consultations, their topics, the settlement,
age band and gender, and the consent dates.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from bureau.catalogue import CatalogueLookup
from bureau.citizens.store import index_citizen
from bureau.consultations.exporter import iter_consultations
from bureau.consultations.search_index import reindex_consultation
from bureau.database.connection import now_iso, write_transaction
from bureau.database.settings import get_setting
from bureau.domain import BureauError, NotFound
from bureau.files import atomic_output
from bureau.i18n import N_
from bureau.trust import audit
from bureau.validation import add_months

MSG_NO_CITIZEN = N_("No citizen with the number {id}.")
MSG_ALREADY_ANONYMOUS = N_("This citizen's personal data was already removed on {date}.")
REDACTED = "[\u2026]"

_PERSON_COLUMNS = ("id", "uuid", "full_name", "phone", "email", "address", "settlement",
                   "age_band", "gender", "consent_record_at", "consent_share_at",
                   "consent_contact_at", "anonymised_at", "created_at", "updated_at")


def _person(db: sqlite_utils.Database, citizen_id: int) -> dict:
    row = db.execute(f"SELECT {', '.join(_PERSON_COLUMNS)} FROM citizens "
                     "WHERE id = ? AND deleted_at IS NULL", [citizen_id]).fetchone()
    if row is None:
        raise NotFound(MSG_NO_CITIZEN, id=citizen_id)
    return dict(zip(_PERSON_COLUMNS, row, strict=True))


def _scrub(text: str, name: str) -> str:
    """Replace the person's name (whole, or its parts of 3+ letters) in free text."""
    parts = sorted({name, *[p for p in name.split() if len(p) >= 3]}, key=len, reverse=True)
    for part in parts:
        text = re.sub(rf"(?<!\w){re.escape(part)}\w*", REDACTED, text, flags=re.IGNORECASE)
    return text


def _anonymise(db: sqlite_utils.Database, citizen_id: int, stamp: str) -> None:
    person = _person(db, citizen_id)
    if person["anonymised_at"]:
        raise BureauError(MSG_ALREADY_ANONYMOUS, date=person["anonymised_at"][:10])
    name = person["full_name"] or ""
    visits = [row[0] for row in db.conn.execute(
        "SELECT id FROM consultations WHERE citizen_id = ?", [citizen_id])]
    if name:
        for consultation_id, question, answer, next_steps in db.conn.execute(
                "SELECT id, question, answer, next_steps FROM consultations WHERE citizen_id = ?",
                [citizen_id]).fetchall():
            db.conn.execute(
                "UPDATE consultations SET question = ?, answer = ?, next_steps = ?, updated_at = ? "
                "WHERE id = ?",
                [_scrub(question, name), _scrub(answer, name), _scrub(next_steps, name), stamp,
                 consultation_id])
    db.conn.execute(
        "UPDATE citizens SET full_name = NULL, phone = '', email = '', address = '', "
        "anonymised_at = ?, updated_at = ? WHERE id = ?", [stamp, stamp, citizen_id])
    index_citizen(db, citizen_id)  # out of both search indexes, the typo index too
    lookup = CatalogueLookup(db)
    live = {row[0] for row in db.conn.execute(
        "SELECT id FROM consultations WHERE citizen_id = ? AND deleted_at IS NULL", [citizen_id])}
    for consultation_id in visits:
        if consultation_id in live:
            reindex_consultation(db, consultation_id, lookup)


def erase_person(db: sqlite_utils.Database, citizen_id: int, *, actor_id: int | None = None,
                 reason: str = "") -> None:
    """An erasure request: anonymise now, and record that it was done (not what was erased)."""
    stamp = now_iso()
    with write_transaction(db):
        _anonymise(db, citizen_id, stamp)
        audit.record(db, audit.Action.ERASE, "citizen", citizen_id, actor_id=actor_id,
                     detail=reason[:200])


@dataclass
class RetentionResult:
    cutoff: dt.date
    citizen_ids: list[int]
    applied: bool


def retention_candidates(db: sqlite_utils.Database, today: dt.date, years: int) -> tuple[dt.date, list[int]]:
    """Named citizens with no contact since the cutoff (their last visit, or creation)."""
    cutoff = add_months(today, -12 * years)
    rows = db.execute(
        """SELECT c.id FROM citizens c
           WHERE c.anonymised_at IS NULL AND c.deleted_at IS NULL AND c.full_name IS NOT NULL
             AND c.created_at < :cutoff
             AND NOT EXISTS (SELECT 1 FROM consultations k WHERE k.citizen_id = c.id
                             AND k.occurred_at >= :cutoff)
           ORDER BY c.id""", {"cutoff": cutoff.isoformat()}).fetchall()
    return cutoff, [row[0] for row in rows]


def apply_retention(db: sqlite_utils.Database, *, today: dt.date | None = None,
                    years: int | None = None, dry_run: bool = True,
                    actor_id: int | None = None) -> RetentionResult:
    today = today or dt.date.today()
    years = years if years is not None else int(get_setting(db, "retention_years") or 3)
    cutoff, ids = retention_candidates(db, today, years)
    if not dry_run and ids:
        stamp = now_iso()
        with write_transaction(db):
            for citizen_id in ids:
                _anonymise(db, citizen_id, stamp)
                audit.record(db, audit.Action.ANONYMISE, "citizen", citizen_id, actor_id=actor_id)
    return RetentionResult(cutoff, ids, applied=not dry_run)


def person_report(db: sqlite_utils.Database, citizen_id: int) -> dict:
    """Everything held about one citizen (an access request)."""
    person = _person(db, citizen_id)
    visits = list(iter_consultations(db, citizen_id=citizen_id))
    referrals = [dict(zip(("number", "status", "summary", "submitted_on", "decided_on", "decision",
                           "informed_on"), row, strict=True))
                 for row in db.execute(
                     "SELECT r.number, r.status, r.summary, r.submitted_on, r.decided_on, r.decision, "
                     "r.informed_on FROM referrals r JOIN consultations k ON k.id = r.consultation_id "
                     "WHERE k.citizen_id = ? AND r.deleted_at IS NULL", [citizen_id])]
    return {
        "generated_at": now_iso(),
        "citizen": person,
        "consultations": visits,
        "referrals": referrals,
    }


def export_person(db: sqlite_utils.Database, citizen_id: int, out: str | Path, *,
                  actor_id: int | None = None) -> dict:
    """Write the access-request file: JSON (.json) or a readable PDF (.pdf)."""
    report = person_report(db, citizen_id)
    if str(out).lower().endswith(".pdf"):
        from bureau.privacy.access_pdf import write_person_pdf  # deferred: documents

        write_person_pdf(db, report, out)
    else:
        with atomic_output(out) as handle:
            json.dump(report, handle, ensure_ascii=False, indent=2)
    audit.record(db, audit.Action.ACCESS_REQUEST, "citizen", citizen_id, actor_id=actor_id)
    return report
