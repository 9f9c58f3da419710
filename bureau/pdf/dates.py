"""Dates and times as every document prints them. No reportlab.

Long CLDR dates ("3 ноември 2026 г.", "3 ноября 2026 г.") and 24-hour times
with two-digit hours in every language ("02:20"): CLDR's short time differs
between bg ("2:20") and ru ("02:20"), and one document set should not.

A long date is one unit on paper: its spaces are no-break spaces (U+00A0),
so a line never ends between "1" and "января" or before "г." (a Russian or
Bulgarian typesetter's rule), and the house's hyphenation leaves the month
whole (``bureau.pdf.styles.hyphenate``).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from babel import dates as babel_dates

from bureau.domain import DayOnly
from bureau.i18n import _, format_date, format_time, get_locale

TIME_PATTERN = "HH:mm"
NBSP = "\u00a0"
# Babel's spaces inside a date: the ordinary one and CLDR's narrow no-break one ("2025\u202fг.").
_DATE_SPACES = str.maketrans({" ": NBSP, "\u202f": NBSP, "\u2009": NBSP})


def unbreakable(value: str) -> str:
    """``value`` with every space inside it no-break, so a line cannot end within it."""
    return value.translate(_DATE_SPACES)


@cache
def _joints(locale: str) -> re.Pattern[str]:
    """The spaces inside any written date of ``locale``: day-month, month-year, year-"г."
    and, in English, month-day and "3, 2025"."""
    months = set()
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            months |= set(babel_dates.get_month_names(width, context, locale).values())
    names = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    space, end = "[ \u202f]", r"(?!\w)"
    return re.compile("|".join((
        rf"(?<!\w)(?P<day>\d{{1,2}}){space}(?=(?:{names}){end})",
        rf"(?<!\w)(?P<day_comma>\d{{1,2}},){space}(?=\d{{4}}{end})",
        rf"(?<!\w)(?P<month>{names}){space}(?=\d{{1,4}}{end})",
        rf"(?<!\w)(?P<year>\d{{4}}){space}(?=г\.)")), re.IGNORECASE)


def keep_dates_whole(value: str) -> str:
    """``value`` with no-break spaces inside every date written in the current locale
    ("октомври 2026", "1 октомври 2026 г.", "October 3, 2026"), however it was made:
    a line of a document may end before or after a date, never inside it."""
    try:
        pattern = _joints(get_locale())
    except (ValueError, LookupError):  # a locale Babel does not know has no month names
        return value
    return pattern.sub(lambda m: m[m.lastgroup or 0] + NBSP, value)


def long_date(day: dt.date | dt.datetime | str | None) -> str:
    """'3 ноември 2025 г.' (CLDR long form, no-break spaces inside); a dash for no date.

    ``day`` may be an ISO string ('2025-11-03' or '2025-11-03T10:30:00').
    """
    if not day:
        return "\u2014"
    if isinstance(day, str):
        day = dt.datetime.fromisoformat(day) if len(day) > 10 else dt.date.fromisoformat(day)
    if isinstance(day, dt.datetime):
        day = day.date()
    return unbreakable(format_date(day, "long"))


def long_moment(moment: dt.datetime) -> str:
    """'14 октомври 2026 г., 10:30': the long date and the 24-hour time.

    A consultation whose time was never recorded (``DayOnly``, an imported
    journal) shows its date alone, never "00:00".
    """
    if isinstance(moment, DayOnly):
        return long_date(moment.date())
    return _("{date}, {time}").format(date=long_date(moment.date()),
                                      time=format_time(moment, TIME_PATTERN))
