"""Reporting periods: whole months (or any run of days) and the periods they are compared with.

Consultations store ``occurred_at`` as text 'YYYY-MM-DD HH:MM', so a period is
queried as ``start <= occurred_at < day after the end``: a consultation at
23:59 on the last day belongs to the period, one at 00:00 the next day does not.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel import dates as babel_dates

from bureau.i18n import format_date, format_month, get_locale

MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def parse_month(text: str) -> dt.date:
    """'2026-10' -> 1 October 2026; ValueError for anything else.

    Raises ``ValueError`` for text that is not ``YYYY-MM`` with a month 1-12 and a year
    from 1900.
    """
    match = MONTH_RE.match(text or "")
    if not match:
        raise ValueError(text)
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or year < 1900:
        raise ValueError(text)
    return dt.date(year, month, 1)


def month_start(day: dt.date, months: int = 0) -> dt.date:
    """The first day of the month ``months`` after (or before, if negative) ``day``'s month.

    ``month_start(date(2026, 1, 31), 1)`` is 1 February 2026: report periods
    are whole calendar months. For "the same day a month later" (deadlines,
    retention) see ``bureau.validation.add_months``.
    """
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @classmethod
    def months(cls, first: dt.date, last: dt.date | None = None) -> Period:
        """From the first day of ``first``'s month to the last day of ``last``'s month.

        Raises ``ValueError`` when ``last`` is before ``first``.
        """
        first = first.replace(day=1)
        last = (last or first).replace(day=1)
        if last < first:
            raise ValueError("the last month is before the first")
        return cls(first, month_start(last, 1) - dt.timedelta(days=1))

    @property
    def is_whole_months(self) -> bool:
        return self.start.day == 1 and (self.end + dt.timedelta(days=1)).day == 1

    @property
    def month_count(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def start_text(self) -> str:
        """Inclusive lower bound for 'YYYY-MM-DD[ HH:MM]' text columns."""
        return self.start.isoformat()

    @property
    def end_text(self) -> str:
        """Exclusive upper bound: the day after the period."""
        return (self.end + dt.timedelta(days=1)).isoformat()

    def previous(self) -> Period:
        """The period of the same length just before (the previous month, quarter...)."""
        if self.is_whole_months:
            count = self.month_count
            return Period.months(month_start(self.start, -count), month_start(self.start, -1))
        return Period(self.start - dt.timedelta(days=self.days), self.start - dt.timedelta(days=1))

    def year_before(self) -> Period:
        if self.is_whole_months:
            return Period.months(month_start(self.start, -12), month_start(self.end, -12))
        return Period(_shift_year(self.start, -1), _shift_year(self.end, -1))

    def month_starts(self) -> list[dt.date]:
        return [month_start(self.start, i) for i in range(self.month_count)]

    def label(self) -> str:
        """'октомври 2026', 'октомври – декември 2026', or dates for other periods."""
        if self.is_whole_months:
            if self.month_count == 1:
                return format_month(self.start)
            if self.start.year == self.end.year:
                # Standalone month name without the year: 'октомври – декември 2026'.
                first = babel_dates.format_date(self.start, "LLLL", locale=get_locale())
                return f"{first} \u2013 {format_month(self.end)}"
            return f"{format_month(self.start)} \u2013 {format_month(self.end)}"
        return f"{format_date(self.start, 'long')} \u2013 {format_date(self.end, 'long')}"
