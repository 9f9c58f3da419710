"""The report's figures for whole months, read from the monthly counts (migration 0012).

``bureau.database.month_counts`` keeps, per calendar month, the consultations
by advisor, channel, level of help and outcome, the issues by category and
service, and the named people by the month of their previous visit and what
their record says. A period of whole months is then a sum over its months'
rows (a few thousand at a million consultations): people are counted once
each because only the rows whose previous visit is before the period's first
month are summed, and those with a previous visit at all "came before".

The rows come out in the shape of ``figures._PERIOD_SQL``'s, which stays the
reference: ``bureau-cli check`` and the tests recount with it and compare.
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from bureau.domain import Channel, HelpLevel, LabelledEnum, Outcome
from bureau.reports.period import Period

# Channel, level of help and outcome: one sum per known code; a code the enums
# do not know is "not recorded" (figures counts it from the difference with the total).
ENUM_COLUMNS: tuple[tuple[str, type[LabelledEnum]], ...] = (
    ("channel", Channel), ("help_level", HelpLevel), ("outcome", Outcome))
_ENUM_SUMS = ", ".join(f"sum(contacts * ({column} = '{member.value}'))"
                       for column, enum in ENUM_COLUMNS for member in enum)
_ENUM_ZEROS = ", ".join("0" for _column, enum in ENUM_COLUMNS for _member in enum)

# Same columns as figures._PERIOD_SQL: kind, key, service, count, extra, ratings,
# rating total, then one sum per channel, level of help and outcome.
_PERIOD_SQL = f"""
WITH k AS MATERIALIZED (
    SELECT advisor_id, channel, help_level, outcome, contacts, anonymous, rated, rating_total
    FROM month_contacts WHERE month BETWEEN :first AND :last AND contacts <> 0
),
people AS MATERIALIZED (
    SELECT prev_month, settlement, age_band, gender, people FROM month_people
    WHERE month BETWEEN :first AND :last AND prev_month < :first AND people <> 0
)
SELECT 'contacts', NULL, NULL, coalesce(sum(contacts), 0), coalesce(sum(anonymous), 0),
       coalesce(sum(rated), 0), total(rating_total), {_ENUM_SUMS} FROM k
UNION ALL SELECT 'advisor', advisor_id, NULL, sum(contacts), 0, 0, 0, {_ENUM_ZEROS}
    FROM k GROUP BY advisor_id HAVING sum(contacts) <> 0
UNION ALL SELECT 'issue', c.code, s.code, g.n, 0, 0, 0, {_ENUM_ZEROS}
    FROM (SELECT category_id, service_id, sum(issues) AS n FROM month_issues
          WHERE month BETWEEN :first AND :last GROUP BY category_id, service_id
          HAVING sum(issues) <> 0) g
    JOIN categories c ON c.id = g.category_id LEFT JOIN services s ON s.id = nullif(g.service_id, 0)
UNION ALL SELECT 'people', NULL, NULL, coalesce(sum(people), 0),
       coalesce(sum(people * (prev_month <> '')), 0), 0, 0, {_ENUM_ZEROS} FROM people
UNION ALL SELECT 'settlement', settlement, NULL, sum(people), 0, 0, 0, {_ENUM_ZEROS}
    FROM people GROUP BY settlement HAVING sum(people) <> 0
UNION ALL SELECT 'age_band', age_band, NULL, sum(people), 0, 0, 0, {_ENUM_ZEROS}
    FROM people GROUP BY age_band HAVING sum(people) <> 0
UNION ALL SELECT 'gender', gender, NULL, sum(people), 0, 0, 0, {_ENUM_ZEROS}
    FROM people GROUP BY gender HAVING sum(people) <> 0
"""


def month_key(day: dt.date) -> str:
    """The month of ``day`` as the counts store it: 'YYYY-MM'."""
    return day.isoformat()[:7]


def period_rows(db: sqlite_utils.Database, period: Period) -> list[tuple]:
    """The grouped rows of a period of whole months (``figures._PERIOD_SQL``'s shape).

    Raises ``ValueError`` for a period that is not whole months (those are recounted).
    """
    if not period.is_whole_months:
        raise ValueError(f"not whole months: {period}")
    return db.execute(_PERIOD_SQL, {"first": month_key(period.start),
                                    "last": month_key(period.end)}).fetchall()


def contacts_by_month(db: sqlite_utils.Database, months: list[dt.date]) -> dict[dt.date, int]:
    """Live consultations in each of ``months`` (first days), zeros included."""
    if not months:
        return {}
    counts = dict.fromkeys(months, 0)
    by_key = {month_key(month): month for month in months}
    for key, count in db.execute(
            "SELECT month, sum(contacts) FROM month_contacts WHERE month BETWEEN ? AND ? "
            "GROUP BY month", [min(by_key), max(by_key)]):
        if key in by_key:
            counts[by_key[key]] = count
    return counts
