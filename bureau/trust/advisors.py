"""Advisors: the volunteers and staff who record consultations."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from bureau.collation import alphabetical
from bureau.database.connection import new_uuid, now_iso
from bureau.domain import FieldError, Role, ValidationError
from bureau.i18n import N_
from bureau.validation import clean_text

MAX_NAME = 200


@dataclass
class Advisor:
    id: int
    full_name: str
    role: Role
    active: bool


def add_advisor(db: sqlite_utils.Database, full_name: str, role: Role = Role.ADVISOR) -> int:
    name = clean_text(full_name)
    if not name:
        raise ValidationError([FieldError("advisor", N_("is required"))])
    if len(name) > MAX_NAME:
        raise ValidationError([FieldError("advisor", N_("is too long ({length} characters, at most {limit})"),
                                          {"length": len(name), "limit": MAX_NAME})])
    stamp = now_iso()
    cursor = db.execute(
        "INSERT INTO advisors (uuid, full_name, role, active, created_at, updated_at) "
        "VALUES (?, ?, ?, 1, ?, ?)",
        [new_uuid(), name, role.value, stamp, stamp],
    )
    return cursor.lastrowid


def list_advisors(db: sqlite_utils.Database, *, active_only: bool = True) -> list[Advisor]:
    sql = "SELECT id, full_name, role, active FROM advisors WHERE deleted_at IS NULL"
    if active_only:
        sql += " AND active = 1"
    # Alphabetical by the Bulgarian/Russian alphabet, not SQLite's code points.
    return alphabetical((Advisor(row[0], row[1], Role(row[2]), bool(row[3]))
                         for row in db.execute(sql).fetchall()), key=lambda a: a.full_name)


def set_advisor_active(db: sqlite_utils.Database, advisor_id: int, active: bool) -> None:
    """Deactivated advisors keep their history; they just leave the pick lists."""
    db.execute(
        "UPDATE advisors SET active = ?, updated_at = ? WHERE id = ?",
        [int(active), now_iso(), advisor_id],
    )


def advisor_id_by_name(db: sqlite_utils.Database, full_name: str) -> int | None:
    row = db.execute(
        "SELECT id FROM advisors WHERE full_name = ? AND deleted_at IS NULL ORDER BY id LIMIT 1",
        [clean_text(full_name)],
    ).fetchone()
    return row[0] if row else None
