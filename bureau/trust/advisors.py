"""Advisors: the volunteers and staff who record consultations."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from bureau.collation import alphabetical
from bureau.database.connection import inserted_id, new_uuid, now_iso, write_transaction
from bureau.domain import FieldError, Role, ValidationError
from bureau.i18n import N_
from bureau.trust import audit
from bureau.trust.accounts import Account, require_account_change, store_credentials
from bureau.trust.changes import Changes
from bureau.validation import clean_text

MAX_NAME = 200


@dataclass
class Advisor:
    id: int
    full_name: str
    role: Role
    active: bool


def add_advisor(db: sqlite_utils.Database, full_name: str, role: Role = Role.ADVISOR) -> int:
    """Insert an advisor row (no check, no audit): for seeding, demo data and imports
    that already run as a checked operation. People use ``register_advisor``.

    Returns the new advisor's id. Raises ``ValidationError`` for an empty or too long
    name.
    """
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
    return inserted_id(cursor)


def list_advisors(db: sqlite_utils.Database, *, active_only: bool = True) -> list[Advisor]:
    """Advisors in alphabetical order (Bulgarian/Russian alphabet), only active ones unless
    ``active_only`` is False.
    """
    sql = "SELECT id, full_name, role, active FROM advisors WHERE deleted_at IS NULL"
    if active_only:
        sql += " AND active = 1"
    # Alphabetical by the Bulgarian/Russian alphabet, not SQLite's code points.
    return alphabetical((Advisor(row[0], row[1], Role(row[2]), bool(row[3]))
                         for row in db.execute(sql).fetchall()), key=lambda a: a.full_name)


def register_advisor(db: sqlite_utils.Database, full_name: str, role: Role = Role.ADVISOR, *,
                     by: Account) -> Changes[int]:
    """Add an advisor (``MANAGE_ACCOUNTS``; a signals officer only as ``require_account_change``
    allows); ``value`` is the new id. Raises ``ValidationError``, ``PermissionDenied``."""
    with write_transaction(db):
        require_account_change(db, by, None, role)
        advisor_id = add_advisor(db, full_name, role)
        audit.record(db, audit.Action.CREATE, "advisor", advisor_id, actor_id=by.id,
                     detail=f"role={role.value}")
    return Changes(advisors=True, value=advisor_id)


def set_advisor_active(db: sqlite_utils.Database, advisor_id: int, active: bool, *,
                       by: Account) -> Changes[int]:
    """Deactivated advisors keep their history; they just leave the pick lists and
    cannot sign in. Deactivating a signals officer follows ``require_account_change``."""
    with write_transaction(db):
        require_account_change(db, by, advisor_id)
        db.execute(
            "UPDATE advisors SET active = ?, updated_at = ? WHERE id = ?",
            [int(active), now_iso(), advisor_id],
        )
        audit.record(db, audit.Action.UPDATE, "advisor", advisor_id, actor_id=by.id,
                     detail=f"active={int(active)}")
    return Changes(advisors=True, value=advisor_id)


def save_account(db: sqlite_utils.Database, full_name: str, login: str, role: Role,
                 password: str, *, by: Account) -> Changes[int]:
    """Create or update an advisor's account (found by full name) all at once.

    One transaction: the advisor (new, or their role changed) and the login and
    password stand together, or, on any error (a password too short, a login
    taken, a refusal), nothing changed. ``MANAGE_ACCOUNTS``, and for a signals
    officer, made or changed, ``require_account_change``. Audited: created / role /
    login / password. ``value``: the advisor's id.
    """
    with write_transaction(db):
        advisor_id = advisor_id_by_name(db, full_name)
        require_account_change(db, by, advisor_id, role)
        if advisor_id is None:
            advisor_id = add_advisor(db, full_name, role)
            audit.record(db, audit.Action.CREATE, "advisor", advisor_id, actor_id=by.id,
                         detail=f"role={role.value}")
        else:
            old = db.execute("SELECT role FROM advisors WHERE id = ?", [advisor_id]).fetchone()[0]
            if old != role.value:
                db.execute("UPDATE advisors SET role = ?, updated_at = ? WHERE id = ?",
                           [role.value, now_iso(), advisor_id])
                audit.record(db, audit.Action.UPDATE, "advisor", advisor_id, actor_id=by.id,
                             detail=f"role={old}->{role.value}")
        store_credentials(db, advisor_id, login, password, must_change=False, by=by)
    return Changes(advisors=True, value=advisor_id)


def advisor_id_by_name(db: sqlite_utils.Database, full_name: str) -> int | None:
    """The id of the first advisor with exactly this (cleaned) name, or None."""
    row = db.execute(
        "SELECT id FROM advisors WHERE full_name = ? AND deleted_at IS NULL ORDER BY id LIMIT 1",
        [clean_text(full_name)],
    ).fetchone()
    return row[0] if row else None
