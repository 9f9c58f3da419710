"""The account a test acts as when it calls a core operation."""

from __future__ import annotations

import sqlite_utils

from bureau.domain import Role
from bureau.trust.accounts import Account
from bureau.trust.advisors import add_advisor


def acting(db: sqlite_utils.Database, role: Role = Role.COORDINATOR) -> Account:
    """The first advisor with ``role`` (made when there is none) as an account."""
    row = db.execute("SELECT id, full_name FROM advisors WHERE role = ? AND deleted_at IS NULL "
                     "ORDER BY id LIMIT 1", [role.value]).fetchone()
    if row is None:
        name = f"Test {role.value}"
        row = (add_advisor(db, name, role), name)
    return Account(row[0], row[1], "", role, False)
