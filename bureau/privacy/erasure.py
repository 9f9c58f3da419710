"""Erasing one person from every table, as GDPR art. 17 requires.

What identifies the person (name, phone, e-mail, address) is removed from
their citizen record and from every record merged into it, and wherever free
text repeats it: consultations, their history (revision snapshots), referral
summaries and decisions, the notes of the meetings that heard them, and the
audit log's notes. Their phone numbers and e-mails are also removed from any
other record's free text. The search indexes are rebuilt (and compacted, so
the old terms do not linger in FTS segments) and, with ``secure_delete`` on
every connection, freed pages are zeroed. What the statistics count stays:
consultations, topics, settlement, age band, gender, consent dates.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

import sqlite_utils

from bureau.catalogue import CatalogueLookup
from bureau.citizens.store import index_citizen
from bureau.consultations.search_index import reindex_consultation, unindex_consultation
from bureau.domain import BureauError, NotFound
from bureau.i18n import N_
from bureau.privacy.identifiers import PersonIdentifiers

MSG_NO_CITIZEN = N_("No citizen with the number {id}.")
MSG_ALREADY_ANONYMOUS = N_("This citizen's personal data was already removed on {date}.")
MSG_IS_MERGED = N_("Citizen {id} was merged into citizen {target}; make the request for "
                   "citizen {target}, which covers both records.")

# Free-text columns by table: (table, key column, text columns).
_CONSULTATION_TEXT = ("question", "answer", "next_steps")
_REFERRAL_TEXT = ("summary", "decision", "informed_how")
_AUDIT_TRIGGER = "audit_log_no_update"


def person_records(db: sqlite_utils.Database, citizen_id: int) -> list[dict]:
    """The citizen's own row first, then every row merged into it.

    Raises ``NotFound`` for no such citizen, ``BureauError`` for a merged-away
    record (the request belongs to the record it was merged into).
    """
    row = db.conn.execute("SELECT merged_into_id FROM citizens WHERE id = ? AND deleted_at IS NULL",
                          [citizen_id]).fetchone()
    if row is None:
        raise NotFound(MSG_NO_CITIZEN, id=citizen_id)
    if row[0] is not None:
        raise BureauError(MSG_IS_MERGED, id=citizen_id, target=row[0])
    columns = ("id", "full_name", "phone", "email", "address", "settlement", "anonymised_at")
    rows = db.conn.execute(
        f"SELECT {', '.join(columns)} FROM citizens WHERE id = ? OR merged_into_id = ? "
        "ORDER BY id = ? DESC, id", [citizen_id, citizen_id, citizen_id]).fetchall()
    return [dict(zip(columns, r, strict=True)) for r in rows]


def identifiers(records: list[dict]) -> PersonIdentifiers:
    return PersonIdentifiers(
        names={r["full_name"] for r in records if r["full_name"]},
        phones={r["phone"] for r in records if r["phone"]},
        emails={r["email"] for r in records if r["email"]},
        addresses={r["address"] for r in records if r["address"]},
    )


def _rewrite(db: sqlite_utils.Database, table: str, columns: tuple[str, ...], where: str,
             params: list, scrub: Callable[[str], str]) -> list[int]:
    """Scrub the text columns of the rows selected; returns the ids of the rows changed."""
    changed = []
    for row in db.conn.execute(f"SELECT id, {', '.join(columns)} FROM {table} WHERE {where}",
                               params).fetchall():
        cleaned = [scrub(value) if isinstance(value, str) else value for value in row[1:]]
        if cleaned != list(row[1:]):
            sets = ", ".join(f"{column} = ?" for column in columns)
            db.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*cleaned, row[0]])
            changed.append(row[0])
    return changed


def _rewrite_snapshots(db: sqlite_utils.Database, where: str, params: list,
                       ident: PersonIdentifiers, *, names: bool) -> None:
    for revision_id, text in db.conn.execute(
            f"SELECT id, snapshot FROM consultation_revisions WHERE {where}", params).fetchall():
        try:
            value = json.loads(text)
        except ValueError:
            value = text
        cleaned = ident.scrub_json(value) if names else _contacts_json(ident, value)
        if cleaned != value:
            db.conn.execute("UPDATE consultation_revisions SET snapshot = ? WHERE id = ?",
                            [json.dumps(cleaned, ensure_ascii=False), revision_id])


def _contacts_json(ident: PersonIdentifiers, value: object) -> object:
    if isinstance(value, str):
        return ident.scrub_contacts(value)
    if isinstance(value, list):
        return [_contacts_json(ident, item) for item in value]
    if isinstance(value, dict):
        return {key: _contacts_json(ident, item) for key, item in value.items()}
    return value


def _rewrite_audit(db: sqlite_utils.Database, where: str, params: list,
                   scrub: Callable[[str], str]) -> None:
    """The log is append-only; its guard is lifted for this one rewrite, inside the transaction."""
    rows = [(entry_id, detail, scrub(detail)) for entry_id, detail in db.conn.execute(
        f"SELECT id, detail FROM audit_log WHERE detail != '' AND ({where})", params).fetchall()]
    changed = [(cleaned, entry_id) for entry_id, detail, cleaned in rows if cleaned != detail]
    if not changed:
        return
    trigger = db.conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                              [_AUDIT_TRIGGER]).fetchone()
    if trigger:
        db.conn.execute(f"DROP TRIGGER {_AUDIT_TRIGGER}")
    db.conn.executemany("UPDATE audit_log SET detail = ? WHERE id = ?", changed)
    if trigger:
        db.conn.execute(trigger[0])


def _ids(values: list[int]) -> str:
    return ",".join(str(int(v)) for v in values) or "NULL"


def erase_records(db: sqlite_utils.Database, citizen_id: int, stamp: str, *,
                  everywhere: bool = True) -> list[int]:
    """Remove one person's identifiers, inside the caller's transaction.

    ``everywhere`` also removes their phones and e-mails from other people's
    free text (an erasure request); retention, which runs over many people,
    keeps to the person's own records. Returns the citizen ids made anonymous.
    Raises ``NotFound``, or ``BureauError`` if already anonymous or merged away.
    """
    records = person_records(db, citizen_id)
    if records[0]["anonymised_at"]:
        raise BureauError(MSG_ALREADY_ANONYMOUS, date=records[0]["anonymised_at"][:10])
    ident = identifiers(records)
    people = [r["id"] for r in records]
    visits = [r[0] for r in db.conn.execute(
        f"SELECT id FROM consultations WHERE citizen_id IN ({_ids(people)})")]
    referrals = [r[0] for r in db.conn.execute(
        f"SELECT id FROM referrals WHERE consultation_id IN ({_ids(visits)})")]
    _rewrite(db, "consultations", _CONSULTATION_TEXT, f"id IN ({_ids(visits)})", [], ident.scrub)
    _rewrite_snapshots(db, f"consultation_id IN ({_ids(visits)})", [], ident, names=True)
    _rewrite(db, "referrals", _REFERRAL_TEXT, f"id IN ({_ids(referrals)})", [], ident.scrub)
    _rewrite(db, "meetings", ("notes",),
             f"id IN (SELECT meeting_id FROM referrals WHERE id IN ({_ids(referrals)}))", [],
             ident.scrub)
    about = (f"(entity = 'citizen' AND entity_id IN ({','.join(repr(str(p)) for p in people)}))"
             f" OR (entity = 'consultation' AND entity_id IN "
             f"({','.join(repr(str(v)) for v in visits) or 'NULL'}))")
    _rewrite_audit(db, about, [], ident.scrub)
    if everywhere:
        # Other people's visits quoting the phone or e-mail: their search rows change too.
        visits += _rewrite(db, "consultations", _CONSULTATION_TEXT, "1 = 1", [],
                           ident.scrub_contacts)
        _rewrite_snapshots(db, "1 = 1", [], ident, names=False)
        _rewrite(db, "referrals", _REFERRAL_TEXT, "1 = 1", [], ident.scrub_contacts)
        _rewrite(db, "meetings", ("notes",), "1 = 1", [], ident.scrub_contacts)
        _rewrite(db, "events", ("title", "notes"), "1 = 1", [], ident.scrub_contacts)
        _rewrite_audit(db, "1 = 1", [], ident.scrub)
    db.conn.execute(
        "UPDATE citizens SET full_name = NULL, phone = '', email = '', address = '', "
        "anonymised_at = ?, updated_at = ? WHERE id = ?", [stamp, stamp, citizen_id])
    # A merged record counts in no figure (its visits moved): nothing of it need stay.
    db.conn.execute(
        "UPDATE citizens SET full_name = NULL, phone = '', email = '', address = '', "
        f"settlement = '', anonymised_at = ?, updated_at = ? WHERE id IN ({_ids(people[1:])})",
        [stamp, stamp])
    for person in people:
        index_citizen(db, person)
    lookup = CatalogueLookup(db)
    for consultation_id, deleted in db.conn.execute(
            f"SELECT id, deleted_at FROM consultations WHERE id IN ({_ids(visits)})").fetchall():
        if deleted is None:
            reindex_consultation(db, consultation_id, lookup)
        else:
            unindex_consultation(db, consultation_id)
    return people


def compact_search(db: sqlite_utils.Database) -> None:
    """Merge the FTS segments: a deleted row's terms otherwise stay in the index's pages."""
    for table in ("consultation_search", "citizen_search"):
        db.conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")


def checkpoint(db: sqlite_utils.Database) -> None:
    """Fold the WAL into the file and empty it, so the old page images go too (best effort)."""
    try:
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except sqlite3.Error:
        pass  # another desk is reading; its next checkpoint does the same
