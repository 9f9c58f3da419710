"""Which slips were handed out, when, by whom and how (table ``slip_prints``)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from bureau.database.connection import inserted_id, now_iso, write_transaction
from bureau.slips.formats import SlipFormat
from bureau.trust import audit

KINDS = ("print", "pdf")


@dataclass(frozen=True)
class SlipPrint:
    printed_at: str
    printed_by: int | None
    format: SlipFormat
    locale: str
    kind: str


def record_slip_print(db: sqlite_utils.Database, consultation_id: int, *,
                      fmt: SlipFormat | str, locale: str, kind: str = "print",
                      printed_by: int | None = None, printed_at: str | None = None) -> int:
    """Note that a slip left the bureau (on paper, or as a PDF file); returns the row id.

    The audit log gets a "printed" entry too: a slip carries the citizen's
    name and question, so handing one out is an access to personal data.

    Raises ``ValueError`` for a ``kind`` not in ``KINDS`` (a programming error).
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    paper = SlipFormat.coerce(fmt)
    with write_transaction(db):
        cursor = db.execute(
            "INSERT INTO slip_prints (consultation_id, printed_at, printed_by, format, locale, kind) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [consultation_id, printed_at or now_iso(), printed_by, paper.value, locale, kind],
        )
        audit.record(db, audit.Action.PRINT, "consultation", consultation_id,
                     actor_id=printed_by, detail=f"slip {paper.value} {locale} {kind}")
    return inserted_id(cursor)


def slip_prints(db: sqlite_utils.Database, consultation_id: int) -> list[SlipPrint]:
    """Every recorded print of one consultation's slip, oldest first."""
    return [
        SlipPrint(row[0], row[1], SlipFormat(row[2]), row[3], row[4])
        for row in db.execute(
            "SELECT printed_at, printed_by, format, locale, kind FROM slip_prints "
            "WHERE consultation_id = ? ORDER BY printed_at, id",
            [consultation_id],
        ).fetchall()
    ]
