"""Where signals concentrate: counts by municipal unit and activity area, the trend
by month, and how many were answered within their deadline.

Only counts leave this module: never a submitter, never a description. The
newest revision of each signal says which unit and area it concerns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlite_utils

from bureau.i18n import _, get_locale

_LATEST = """
SELECT s.id, r.received_on, r.status, r.deadline, r.unit_id, r.area_id
FROM signals s JOIN signal_revisions r ON r.signal_id = s.id AND r.revision = s.revisions
WHERE s.deleted_at IS NULL AND r.received_on >= :start AND r.received_on <= :end
"""


@dataclass
class SignalAnalysis:
    start: dt.date
    end: dt.date
    total: int = 0
    by_unit: list[tuple[str, int]] = field(default_factory=list)  # (name, count), most first
    by_area: list[tuple[str, int]] = field(default_factory=list)
    by_month: list[tuple[str, int]] = field(default_factory=list)  # ('2026-10', count)
    by_status: list[tuple[str, int]] = field(default_factory=list)  # (status code, count)
    answered: int = 0
    answered_in_time: int = 0
    open_overdue: int = 0

    @property
    def share_in_time(self) -> float | None:
        return self.answered_in_time / self.answered if self.answered else None


def _names(db: sqlite_utils.Database, table: str, locale: str) -> dict[int, str]:
    column = f"name_{locale}" if locale in ("bg", "ru", "en") else "name_bg"
    return {row[0]: row[1] or row[2] for row in db.execute(f"SELECT id, {column}, name_bg FROM {table}")}


def _breakdown(db, column: str, table: str, params: dict, locale: str) -> list[tuple[str, int]]:
    names = _names(db, table, locale)
    rows = db.execute(
        f"SELECT {column}, count(*) FROM ({_LATEST}) GROUP BY {column} ORDER BY 2 DESC, 1", params)
    return [(names.get(key, _("Not stated")) if key else _("Not stated"), count) for key, count in rows]


SMALL_COUNT = 5  # as in the public report: a count below 5 could point at one signal


def pool_small_rows(rows: list[tuple[str, int]], *,
                    label: str | None = None) -> list[tuple[str, int]]:
    """Units or areas with fewer than ``SMALL_COUNT`` signals counted together.

    For readers who may not read the register: a one-day analysis that names
    the unit of a single signal would tell them what that signal was about.
    When only one row is small, the smallest other row joins it, so that the
    pooled row never stands for one unit. Totals stay exact. ``label`` names the
    pooled row (default: "Others, fewer than 5 each" in the current language).
    """
    small = [row for row in rows if row[1] < SMALL_COUNT]
    shown = [row for row in rows if row[1] >= SMALL_COUNT]
    if len(small) == 1 and shown:
        small.append(shown.pop())  # rows come most first: the last is the smallest
    if not small:
        return rows
    pooled = label if label is not None else _("Others, fewer than 5 each")
    return [*shown, (pooled, sum(count for _name, count in small))]


def analyse_signals(db: sqlite_utils.Database, start: dt.date, end: dt.date,
                    today: dt.date | None = None, *,
                    small_counts_hidden: bool = False) -> SignalAnalysis:
    """Counts of the signals received from ``start`` to ``end`` (inclusive).

    ``small_counts_hidden``: for a reader who is not a signals officer, units
    and areas with fewer than 5 signals are pooled (``pool_small_rows``).
    """
    today = today or dt.date.today()
    locale = get_locale()
    params = {"start": start.isoformat(), "end": end.isoformat()}
    result = SignalAnalysis(start, end)
    result.total = db.execute(f"SELECT count(*) FROM ({_LATEST})", params).fetchone()[0]
    result.by_unit = _breakdown(db, "unit_id", "signal_units", params, locale)
    result.by_area = _breakdown(db, "area_id", "activity_areas", params, locale)
    if small_counts_hidden:
        result.by_unit, result.by_area = pool_small_rows(result.by_unit), pool_small_rows(result.by_area)
    result.by_month = [tuple(row) for row in db.execute(
        f"SELECT substr(received_on, 1, 7), count(*) FROM ({_LATEST}) GROUP BY 1 ORDER BY 1",
        params)]
    result.by_status = [tuple(row) for row in db.execute(
        f"SELECT status, count(*) FROM ({_LATEST}) GROUP BY 1 ORDER BY 2 DESC, 1", params)]
    # When a signal was first answered: the earliest revision that says so.
    answered = db.execute(
        f"""SELECT l.deadline, min(substr(r.changed_at, 1, 10))
            FROM ({_LATEST}) l JOIN signal_revisions r ON r.signal_id = l.id
            WHERE r.status IN ('answered', 'closed') GROUP BY l.id""", params).fetchall()
    result.answered = len(answered)
    result.answered_in_time = sum(1 for deadline, on in answered if deadline is None or on <= deadline)
    result.open_overdue = db.execute(
        f"SELECT count(*) FROM ({_LATEST}) WHERE status NOT IN ('answered', 'closed') "
        "AND deadline < :today", {**params, "today": today.isoformat()}).fetchone()[0]
    return result
