"""A citizen's recorded consents: given once (GDPR art. 7), they hold for later visits."""

from __future__ import annotations

import sqlite_utils

CONSENTS = ("consent_record", "consent_share", "consent_contact")


def recorded_consents(db: sqlite_utils.Database, citizen_id: int | None) -> dict[str, str]:
    """{"consent_record": "2026-10-01T09:00:00", ...}: only the consents given, with when.

    The value is as stored: the consultation's local date and time, or an
    instant (UTC with offset). Empty for none, an unknown or anonymised citizen.
    """
    if citizen_id is None:
        return {}
    row = db.execute(
        f"SELECT {', '.join(f'{name}_at' for name in CONSENTS)} FROM citizens "
        "WHERE id = ? AND anonymised_at IS NULL AND deleted_at IS NULL", [citizen_id]).fetchone()
    return {name: value for name, value in zip(CONSENTS, row or (), strict=False) if value}
