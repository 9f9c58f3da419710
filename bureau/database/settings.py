"""The bureau's own settings (name, municipality, formats), kept in the database.

The desk changes them through the core operation ``change_settings`` (role
checked, audited); ``set_settings`` is its store step, also used while a
database is created or restored.
"""

from __future__ import annotations

import sqlite_utils

from bureau.database.connection import now_iso
from bureau.domain import Account
from bureau.trust import audit
from bureau.trust.access import Operation
from bureau.trust.changes import Changes, core_operation

DEFAULTS: dict[str, str] = {
    "bureau_name": "",
    "municipality": "",
    "address": "",
    "phone": "",
    "email": "",
    "opening_hours": "",
    "language": "bg",
    "currency": "EUR",
    "founded_on": "",
    "slip_format": "a5",
    "referral_overdue_days": "30",
    "retention_years": "3",
    "backup_folder": "",
    "backup_keep": "10",
    # The backup passphrase's PUBLIC key (bureau.database.sealed_files); "" = not sealed.
    "backup_recipient": "",
    "lock_minutes": "10",  # the desk locks after this much idle time; 0 = never
}


def get_setting(db: sqlite_utils.Database, key: str) -> str:
    """The bureau's setting ``key`` as text; its default (``DEFAULTS``, else "") when never
    set.
    """
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else DEFAULTS.get(key, "")


def get_settings(db: sqlite_utils.Database) -> dict[str, str]:
    """Every setting, defaults filled in, as ``{key: text}``."""
    values = dict(DEFAULTS)
    values.update(dict(db.execute("SELECT key, value FROM settings").fetchall()))
    return values


def set_settings(db: sqlite_utils.Database, **values: str) -> None:
    """Store the given settings (text values) in one transaction."""
    stamp = now_iso()
    with db.atomic():
        for key, value in values.items():
            db.execute(
                "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at",
                [key, str(value), stamp],
            )


def change_settings(db: sqlite_utils.Database, *, by: Account, **values: str) -> Changes[None]:
    """A core operation: store the given settings as ``by`` (``EDIT_SETTINGS``), with one
    audit entry naming the keys changed (never their values), in one transaction.

    Raises ``PermissionDenied`` before anything is written. ``count``: settings given.
    """
    with core_operation(db, by, Operation.EDIT_SETTINGS):
        set_settings(db, **values)
        audit.record(db, audit.Action.UPDATE, "settings", None, actor_id=by.id,
                     detail=",".join(sorted(values)))
    return Changes(settings=True, count=len(values))
