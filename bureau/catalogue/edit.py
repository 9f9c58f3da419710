"""Editing one catalogue entry's names (the Settings page), by its stable code."""

from __future__ import annotations

import sqlite_utils

from bureau.catalogue import CATALOGUE_TABLES
from bureau.database.connection import now_iso
from bureau.domain import FieldError, NotFound, ValidationError
from bureau.i18n import N_
from bureau.trust import audit
from bureau.trust.access import Operation, require
from bureau.trust.accounts import Account
from bureau.trust.changes import Changes, core_operation
from bureau.validation import clean_text

MAX_NAME = 300
MSG_NO_ENTRY = N_("No catalogue entry with the code {code}.")
NAME_FIELDS = ("name_bg", "name_ru", "name_en")


def rename_entry(db: sqlite_utils.Database, table: str, code: str, *, by: Account,
                 **names: str) -> Changes[None]:
    """Change some of ``name_bg``, ``name_ru``, ``name_en``; the code never changes.

    The Bulgarian and Russian names cannot be emptied (slips and reports print them).
    A core operation: ``by`` needs ``EDIT_CATALOGUES``; audited.

    Raises ``PermissionDenied``; ``ValueError`` for an unknown table or field name (a
    programming error), ``ValidationError`` for an empty Bulgarian or Russian name,
    ``NotFound`` for an unknown code.
    """
    require(by, Operation.EDIT_CATALOGUES)
    if table not in CATALOGUE_TABLES:
        raise ValueError(table)
    unknown = set(names) - set(NAME_FIELDS)
    if unknown:
        raise ValueError(", ".join(sorted(unknown)))
    values = {key: clean_text(value) for key, value in names.items()}
    errors = []
    for key, value in values.items():
        if not value and key != "name_en":
            errors.append(FieldError(key, N_("is required")))
        elif len(value) > MAX_NAME:
            errors.append(FieldError(key, N_("is too long ({length} characters, at most {limit})"),
                                     {"length": len(value), "limit": MAX_NAME}))
    if errors:
        raise ValidationError(errors)
    if not values:
        return Changes()
    sets = ", ".join(f"{key} = ?" for key in values)
    with core_operation(db, by, Operation.EDIT_CATALOGUES):
        cursor = db.conn.execute(
            f"UPDATE {table} SET {sets}, updated_at = ? WHERE code = ? AND deleted_at IS NULL",
            [*values.values(), now_iso(), code],
        )
        if cursor.rowcount == 0:
            raise NotFound(MSG_NO_ENTRY, code=code)
        audit.record(db, audit.Action.UPDATE, "catalogue", f"{table}:{code}", actor_id=by.id,
                     detail=",".join(values))
    return Changes(catalogue=True, count=1)
