"""Saving, editing and reading consultations; reference numbers.

A save is one transaction: the reference number is taken from the year's
counter inside it, so numbers are unique, gap-free within a year (a failed
save rolls the counter back) and never reused (deletion is soft).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import sqlite_utils

from bureau.catalogue import CatalogueLookup
from bureau.citizens.store import get_citizen, insert_citizen
from bureau.consultations.fields import SNAPSHOT_FIELDS, STORED_FIELDS, Kind
from bureau.consultations.search_index import (
    MSG_NO_CONSULTATION,
    citizen_index_fields,
    consultation_search_row,
    index_consultation,
    stored_issues,
    topics_text,
    unindex_consultation,
)
from bureau.database.connection import inserted_id, new_uuid, now_iso, write_transaction
from bureau.domain import Consultation, ConsultationInput, IssueEntry, NotFound
from bureau.trust import audit


def format_reference(year: int, seq: int) -> str:
    """The reference number as printed: ``format_reference(2026, 42)`` is ``2026-000042``."""
    return f"{year}-{seq:06d}"


def next_reference(db: sqlite_utils.Database, year: int) -> tuple[int, str]:
    """Take the next number of ``year``; call inside the saving transaction."""
    row = db.conn.execute(
        "UPDATE reference_counters SET last_seq = last_seq + 1 WHERE year = ? RETURNING last_seq",
        [year],
    ).fetchone()
    if row is None:
        db.conn.execute("INSERT INTO reference_counters (year, last_seq) VALUES (?, 1)", [year])
        seq = 1
    else:
        seq = row[0]
    return seq, format_reference(year, seq)


_CONSENTS = (("consent_record", "consent_record_at"), ("consent_share", "consent_share_at"),
             ("consent_contact", "consent_contact_at"))


def _citizen_for(db: sqlite_utils.Database, data: ConsultationInput, stamp: str) -> int | None:
    # Consent is given at the consultation: dated by it (an import's, too, not the import's).
    given = data.occurred_at.isoformat(timespec="seconds")
    if data.citizen_id is not None:
        for flag, column in _CONSENTS:
            if getattr(data, flag):
                # The earliest consent stays: journals are not imported in date order.
                db.conn.execute(
                    f"UPDATE citizens SET {column} = CASE WHEN {column} IS NULL OR {column} > ? "
                    f"THEN ? ELSE {column} END, updated_at = ? WHERE id = ?",
                    [given, given, stamp, data.citizen_id])
        return data.citizen_id
    if data.new_citizen is not None:
        return insert_citizen(
            db, data.new_citizen, consent_record=data.consent_record,
            consent_share=data.consent_share, consent_contact=data.consent_contact, stamp=stamp,
            consent_at=given,
        )
    return None


def _carried_consents(db: sqlite_utils.Database, citizen_id: int | None,
                      values: dict[str, Any]) -> None:
    """A returning citizen's recorded consents hold for this visit too (GDPR art. 7: given once)."""
    if citizen_id is None:
        return
    row = db.conn.execute(
        "SELECT consent_record_at, consent_share_at, consent_contact_at FROM citizens "
        "WHERE id = ?", [citizen_id]).fetchone()
    for (flag, _column), recorded in zip(_CONSENTS, row or (), strict=False):
        if recorded and flag in values:
            values[flag] = 1


def _values(data: ConsultationInput, citizen_id: int | None) -> dict[str, Any]:
    """The consultations table's columns of ``data``, as stored."""
    values = {field.stored_column(): field.to_stored(getattr(data, field.name))
              for field in STORED_FIELDS}
    values["citizen_id"] = citizen_id  # a new person has an id only once inserted
    return values


def _write_issues(db: sqlite_utils.Database, lookup: CatalogueLookup, consultation_id: int,
                  issues: list[IssueEntry]) -> None:
    db.conn.execute("DELETE FROM consultation_issues WHERE consultation_id = ?", [consultation_id])
    db.conn.executemany(
        "INSERT INTO consultation_issues (consultation_id, category_id, service_id, position) "
        "VALUES (?, ?, ?, ?)",
        [
            (consultation_id, lookup.category_id(issue.category_code),
             lookup.service_id(issue.service_code), position)
            for position, issue in enumerate(issues)
        ],
    )


def save_consultation(db: sqlite_utils.Database, data: ConsultationInput,
                      lookup: CatalogueLookup | None = None, *,
                      actor_id: int | None = None) -> tuple[int, str]:
    """Store a validated consultation; returns (id, reference number).

    The audit entry names ``actor_id`` (who saved it), else the consultation's advisor.
    """
    lookup = lookup or CatalogueLookup(db)
    stamp = now_iso()
    with write_transaction(db):
        citizen_id = _citizen_for(db, data, stamp)
        seq, reference = next_reference(db, data.occurred_at.year)
        values = _values(data, citizen_id)
        _carried_consents(db, citizen_id, values)
        columns = ["uuid", "reference", "ref_year", "ref_seq", "created_at", "updated_at", *values]
        cursor = db.conn.execute(
            f"INSERT INTO consultations ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [new_uuid(), reference, data.occurred_at.year, seq, stamp, stamp, *values.values()],
        )
        consultation_id = inserted_id(cursor)
        _write_issues(db, lookup, consultation_id, data.issues)
        name, settlement = citizen_index_fields(db, citizen_id)
        index_consultation(db, consultation_id, consultation_search_row(
            reference, name, settlement, topics_text(lookup, data.issues), data.question,
            data.answer, data.next_steps, data.external_ref,
        ))
        audit.record(db, audit.Action.CREATE, "consultation", consultation_id,
                     actor_id=data.advisor_id if actor_id is None else actor_id)
    return consultation_id, reference


def update_consultation(db: sqlite_utils.Database, consultation_id: int, data: ConsultationInput,
                        *, changed_by: int | None = None,
                        lookup: CatalogueLookup | None = None) -> None:
    """Edit a consultation, keeping the previous version in its history.

    The reference number stays; so does its year, even if the date moves.
    """
    lookup = lookup or CatalogueLookup(db)
    stamp = now_iso()
    with write_transaction(db):
        before = get_consultation(db, consultation_id)
        db.conn.execute(
            "INSERT INTO consultation_revisions (consultation_id, changed_at, changed_by, snapshot) "
            "VALUES (?, ?, ?, ?)",
            [consultation_id, stamp, changed_by, json.dumps(snapshot(before), ensure_ascii=False)],
        )
        citizen_id = _citizen_for(db, data, stamp)
        values = _values(data, citizen_id)
        sets = ", ".join(f"{key} = ?" for key in values)
        db.conn.execute(
            f"UPDATE consultations SET {sets}, updated_at = ? WHERE id = ?",
            [*values.values(), stamp, consultation_id],
        )
        _write_issues(db, lookup, consultation_id, data.issues)
        name, settlement = citizen_index_fields(db, citizen_id)
        index_consultation(db, consultation_id, consultation_search_row(
            before.reference, name, settlement, topics_text(lookup, data.issues), data.question,
            data.answer, data.next_steps, data.external_ref,
        ))
        audit.record(db, audit.Action.UPDATE, "consultation", consultation_id, actor_id=changed_by)


def delete_consultation(db: sqlite_utils.Database, consultation_id: int, *,
                        actor_id: int | None = None) -> None:
    """Soft deletion: the row and its number stay, it leaves the register and search."""
    stamp = now_iso()
    with write_transaction(db):
        db.conn.execute(
            "UPDATE consultations SET deleted_at = ?, updated_at = ? WHERE id = ?",
            [stamp, stamp, consultation_id],
        )
        unindex_consultation(db, consultation_id)
        audit.record(db, audit.Action.DELETE, "consultation", consultation_id, actor_id=actor_id)


def snapshot(consultation: Consultation) -> dict[str, Any]:
    """The record as its history keeps a previous version: every field, JSON-safe.

    Keys are the names in ``CONSULTATION_FIELDS`` (values as stored; flags as
    true/false) plus ``updated_at``. Versions saved before 2026-11 lack the
    consents and ``external_ref``.
    """
    state: dict[str, Any] = {}
    for field in SNAPSHOT_FIELDS:
        if field.kind is Kind.CITIZEN:
            state[field.name] = consultation.citizen.id if consultation.citizen else None
        elif field.kind is Kind.ISSUES:
            state[field.name] = [[i.category_code, i.service_code] for i in consultation.issues]
        elif field.kind is Kind.FLAG:
            state[field.name] = bool(getattr(consultation, field.name))
        else:
            state[field.name] = field.to_stored(getattr(consultation, field.name))
    state["updated_at"] = consultation.updated_at
    return state


def revisions(db: sqlite_utils.Database, consultation_id: int) -> list[dict[str, Any]]:
    """Earlier versions, oldest first: ``changed_at`` (ISO text), ``changed_by`` (advisor id
    or None) and ``snapshot`` (as ``snapshot`` gives it)."""
    return [
        {"changed_at": row[0], "changed_by": row[1], "snapshot": json.loads(row[2])}
        for row in db.execute(
            "SELECT changed_at, changed_by, snapshot FROM consultation_revisions "
            "WHERE consultation_id = ? ORDER BY id",
            [consultation_id],
        ).fetchall()
    ]


_SELECT = (
    "SELECT k.id, k.uuid, k.reference, a.full_name AS advisor_name, k.created_at, k.updated_at, "
    + ", ".join(f"k.{field.column}" for field in STORED_FIELDS)
    + " FROM consultations k JOIN advisors a ON a.id = k.advisor_id "
)


def get_consultation(db: sqlite_utils.Database, key: int | str) -> Consultation:
    """By id, or by reference number as the citizen quotes it.

    Raises ``NotFound`` for an unknown or deleted record.
    """
    column = "k.reference" if isinstance(key, str) else "k.id"
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    row = cursor.execute(f"{_SELECT} WHERE {column} = ? AND k.deleted_at IS NULL", [key]).fetchone()
    if row is None:
        raise NotFound(MSG_NO_CONSULTATION, reference=key)
    issues = stored_issues(db, row["id"])
    values = {field.name: field.from_stored(row[field.stored_column()]) for field in STORED_FIELDS}
    citizen_id = values.pop("citizen_id")
    return Consultation(
        id=row["id"], uuid=row["uuid"], reference=row["reference"],
        advisor_name=row["advisor_name"], created_at=row["created_at"],
        updated_at=row["updated_at"], issues=issues,
        citizen=get_citizen(db, citizen_id) if citizen_id else None, **values,
    )
