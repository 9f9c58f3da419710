"""Register pages in either order: newest first (the core's) or oldest first.

Oldest first mirrors ``register.list_consultations`` with the comparisons
turned round, so it stays on the same indexes (``occurred_at`` with the rowid,
or the FTS rowids walked forwards) and the same keyset cursor: the last page
of a million rows costs what the first does. It reuses the register's filter
and row builders, so both orders always filter identically.
"""

from __future__ import annotations

import sqlite_utils

from bureau.domain import ConsultationSummary
from bureau.i18n import get_locale
from bureau.storage import register
from bureau.storage.register import PAGE_SIZE, Cursor, RegisterFilter, list_consultations
from bureau.textsearch import fts_query


def list_page(db: sqlite_utils.Database, flt: RegisterFilter | None = None, *,
              after: Cursor | None = None, limit: int = PAGE_SIZE,
              oldest_first: bool = False) -> list[ConsultationSummary]:
    """One page of the register; ``after`` is ``cursor_after`` of the previous page's last row."""
    if not oldest_first:
        return list_consultations(db, flt, after=after, limit=limit)
    flt = flt or RegisterFilter()
    clauses, params = register._where(flt)
    prefix = register.reference_prefix(flt.text)
    query = fts_query(flt.text) if flt.text and not prefix else None
    if flt.text and query is None and not prefix:
        return []
    select = register._summary_sql(get_locale())
    if query:
        if after:
            clauses.append("s.rowid > ?")
            params.append(after.id)
        sql = (select + "JOIN consultation_search s ON s.rowid = k.id "
               "WHERE consultation_search MATCH ? AND " + " AND ".join(clauses)
               + " ORDER BY s.rowid ASC LIMIT ?")
        params = [query, *params, limit]
    else:
        if after:
            clauses.append("(k.occurred_at > ? OR (k.occurred_at = ? AND k.id > ?))")
            params += [after.occurred_at, after.occurred_at, after.id]
        sql = (select + "WHERE " + " AND ".join(clauses)
               + " ORDER BY k.occurred_at ASC, k.id ASC LIMIT ?")
        params.append(limit)
    return [register._to_summary(row) for row in db.execute(sql, params).fetchall()]
