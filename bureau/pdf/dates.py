"""Dates and times as every document prints them. No reportlab.

Long CLDR dates ("3 ноември 2026 г.", "3 ноября 2026 г.") and 24-hour times
with two-digit hours in every language ("02:20"): CLDR's short time differs
between bg ("2:20") and ru ("02:20"), and one document set should not.
"""

from __future__ import annotations

import datetime as dt

from bureau.domain import DayOnly
from bureau.i18n import _, format_date, format_time

TIME_PATTERN = "HH:mm"


def long_date(day: dt.date | dt.datetime | str | None) -> str:
    """'3 ноември 2025 г.' (CLDR long form); a dash for no date.

    ``day`` may be an ISO string ('2025-11-03' or '2025-11-03T10:30:00').
    """
    if not day:
        return "\u2014"
    if isinstance(day, str):
        day = dt.datetime.fromisoformat(day) if len(day) > 10 else dt.date.fromisoformat(day)
    if isinstance(day, dt.datetime):
        day = day.date()
    return format_date(day, "long")


def long_moment(moment: dt.datetime) -> str:
    """'14 октомври 2026 г., 10:30': the long date and the 24-hour time.

    A consultation whose time was never recorded (``DayOnly``, an imported
    journal) shows its date alone, never "00:00".
    """
    if isinstance(moment, DayOnly):
        return format_date(moment.date(), "long")
    return _("{date}, {time}").format(date=format_date(moment.date(), "long"),
                                      time=format_time(moment, TIME_PATTERN))
