"""The monthly activity report's figures: plain numbers, no formatting, no names in prose.

Counted as "How advice services count" asks: contacts (consultations), people
(named citizens once each, new or returning; anonymous visitors once per
visit) and issues (a consultation may raise several). Every breakdown is a
dict from a stable key (a stored code, an advisor id, a settlement) to a count,
so that periods compare key by key; labels are attached when rendering.

Speed matters (a million consultations): a period of whole months is read
from the monthly counts that triggers keep (``bureau.reports.monthly``, a few
thousand small rows). The recount from the records (``recount=True``: one SQL
statement per period, reading its consultations once through the
``occurred_at`` index) is the reference that ``bureau-cli check`` and the tests
compare the counts with, and serves periods that are not whole months.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from bureau.collation import sort_key
from bureau.commission.referrals import overdue_after_days
from bureau.database.settings import get_settings
from bureau.domain import BureauError
from bureau.i18n import N_
from bureau.reports import monthly
from bureau.reports.monthly import ENUM_COLUMNS
from bureau.reports.period import Period, month_start

MSG_FUTURE_PERIOD = N_("{period} has not begun yet: there is nothing to report.")

TREND_MONTHS = 12

# Channel, level of help and outcome are counted with one sum per known code
# in a single pass (no sort).
_ENUM_SUMS = ", ".join(f"sum({column} = '{member.value}')"
                       for column, enum in ENUM_COLUMNS for member in enum)
_ENUM_ZEROS = ", ".join("0" for _column, enum in ENUM_COLUMNS for _member in enum)

# One statement per period: the period's consultations are read once through
# the occurred_at index into a materialised list of small columns; every other
# breakdown is a one-column GROUP BY over that list (sorting on several text
# columns at once costs more than all of them together). A person is new when
# their first (not deleted) consultation ever falls in the period; the EXISTS
# probes the (citizen_id, occurred_at) index.
_PERIOD_SQL = f"""
WITH k AS MATERIALIZED (
    SELECT id, channel, help_level, outcome, advisor_id, citizen_id, satisfaction
    FROM consultations INDEXED BY consultations_occurred_at
    WHERE occurred_at >= :start AND occurred_at < :end AND deleted_at IS NULL
),
people AS MATERIALIZED (
    SELECT trim(z.settlement) AS settlement, z.age_band, z.gender,
           EXISTS (SELECT 1 FROM consultations e
                   WHERE e.citizen_id = seen.id AND e.occurred_at < :start
                     AND e.deleted_at IS NULL) AS came_before
    FROM (SELECT citizen_id AS id FROM k WHERE citizen_id IS NOT NULL GROUP BY citizen_id) seen
    JOIN citizens z ON z.id = seen.id
)
SELECT 'contacts', NULL, NULL, count(*), sum(citizen_id IS NULL), count(satisfaction),
       total(satisfaction), {_ENUM_SUMS} FROM k
UNION ALL SELECT 'advisor', advisor_id, NULL, count(*), 0, 0, 0, {_ENUM_ZEROS}
    FROM k GROUP BY advisor_id
UNION ALL SELECT 'issue', c.code, s.code, g.n, 0, 0, 0, {_ENUM_ZEROS}
    FROM (SELECT i.category_id AS category_id, i.service_id AS service_id, count(*) AS n
          FROM k JOIN consultation_issues i ON i.consultation_id = k.id
          GROUP BY i.category_id, i.service_id) g
    JOIN categories c ON c.id = g.category_id LEFT JOIN services s ON s.id = g.service_id
UNION ALL SELECT 'people', NULL, NULL, count(*), coalesce(sum(came_before), 0), 0, 0, {_ENUM_ZEROS}
    FROM people
UNION ALL SELECT 'settlement', settlement, NULL, count(*), 0, 0, 0, {_ENUM_ZEROS}
    FROM people GROUP BY settlement
UNION ALL SELECT 'age_band', age_band, NULL, count(*), 0, 0, 0, {_ENUM_ZEROS} FROM people GROUP BY age_band
UNION ALL SELECT 'gender', gender, NULL, count(*), 0, 0, 0, {_ENUM_ZEROS} FROM people GROUP BY gender
"""

# One scan of the referrals for all the periods compared (no index fits these
# dates, and the table grows by a few thousand rows a year). Overdue: submitted
# more than the allowed days before the period's last day and still without a
# decision (nor closed) when the period ended, so an old report stays true.
_REFERRAL_COUNTS = """
    sum(r.created_at >= :start{n} AND r.created_at < :end{n}),
    sum(r.decided_on >= :start{n} AND r.decided_on < :end{n}),
    sum(r.submitted_on IS NOT NULL AND r.submitted_on < :overdue_before{n}
        AND (r.decided_on IS NULL OR r.decided_on >= :end{n})
        AND (r.closed_on IS NULL OR r.closed_on >= :end{n}))"""

# Signals are never altered in place: the newest revision is what is known
# now (a corrected receipt date or unit included). Counts only, never content.
_SIGNALS_SQL = """
SELECT u.code, a.code, count(*)
FROM signals s
JOIN signal_revisions r ON r.signal_id = s.id AND r.revision = s.revisions
LEFT JOIN signal_units u ON u.id = r.unit_id
LEFT JOIN activity_areas a ON a.id = r.area_id
WHERE s.deleted_at IS NULL AND r.received_on >= :start AND r.received_on < :end
GROUP BY 1, 2
"""

_EVENTS_SQL = """
SELECT kind, count(*), coalesce(sum(participants), 0)
FROM events
WHERE held_on >= :start AND held_on < :end AND deleted_at IS NULL
GROUP BY kind
"""

# One range count per month, answered from the index of live consultations
# (migration 0005) without reading the rows; grouping a year of consultations
# by month instead would sort all of them.
_MONTH_COUNT = """(SELECT count(*) FROM consultations
    WHERE occurred_at >= :start{n} AND occurred_at < :end{n} AND deleted_at IS NULL)"""

# The key used for "not recorded" (anonymous visitor, no settlement, unit not set).
NOT_RECORDED = ""


@dataclass
class PeriodFigures:
    period: Period
    contacts: int = 0
    named_people: int = 0
    new_people: int = 0
    returning_people: int = 0
    anonymous_visits: int = 0
    issues: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_service: dict[str, int] = field(default_factory=dict)  # issues with a service only
    by_help_level: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)
    by_advisor: dict[int, int] = field(default_factory=dict)
    # People (named citizens, once each) by what their record says.
    by_settlement: dict[str, int] = field(default_factory=dict)
    by_age_band: dict[str, int] = field(default_factory=dict)
    by_gender: dict[str, int] = field(default_factory=dict)
    referrals_made: int = 0
    referrals_decided: int = 0
    referrals_overdue: int = 0  # at the end of the period
    signals: int = 0
    signals_by_unit: dict[str, int] = field(default_factory=dict)
    signals_by_area: dict[str, int] = field(default_factory=dict)
    events: int = 0
    event_participants: int = 0
    events_by_kind: dict[str, int] = field(default_factory=dict)
    satisfaction_ratings: int = 0
    satisfaction_total: int = 0

    @property
    def people(self) -> int:
        """Named citizens once each, plus every anonymous visit."""
        return self.named_people + self.anonymous_visits

    @property
    def satisfaction_average(self) -> float | None:
        if not self.satisfaction_ratings:
            return None
        return self.satisfaction_total / self.satisfaction_ratings


@dataclass
class ReportNames:
    """Labels for the breakdown keys, in every catalogue language."""

    categories: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> {bg, ru, en}
    services: dict[str, dict[str, str]] = field(default_factory=dict)
    units: dict[str, dict[str, str]] = field(default_factory=dict)
    areas: dict[str, dict[str, str]] = field(default_factory=dict)
    advisors: dict[int, str] = field(default_factory=dict)
    category_order: list[str] = field(default_factory=list)


@dataclass
class ActivityReport:
    period: Period
    current: PeriodFigures
    previous: PeriodFigures
    year_before: PeriodFigures
    # Contacts per month, the last TREND_MONTHS months; None for a month the
    # bureau did not record in full (before its first record): no data, not 0.
    trend: list[tuple[dt.date, int | None]]
    names: ReportNames
    settings: dict[str, str]
    generated_at: dt.datetime
    overdue_days: int
    records_since: dt.date | None = None  # the bureau's first record (or founding day)

    @property
    def to_date(self) -> bool:
        """The period is not over yet: its figures run to the day the report was made."""
        return self.period.end >= self.generated_at.date()

    def has_records_for(self, period: Period) -> bool:
        """False for a period not recorded in full (it began before the bureau's first
        record): its figures are unknown or partial, and a comparison with them
        would read as growth that never happened (#17 item 2)."""
        return self.records_since is not None and period.start >= self.records_since

    def comparable(self, period: Period) -> bool:
        """Whether this report's period may be compared with ``period``: both whole."""
        return not self.to_date and self.has_records_for(period)


def _params(period: Period, **extra: str) -> dict[str, str]:
    return {"start": period.start_text, "end": period.end_text, **extra}


def _add(target: dict, key, amount: int) -> None:
    target[key] = target.get(key, 0) + amount


def _sorted(counts: dict) -> dict:
    """Largest first; ties in alphabetical order (Bulgarian/Russian alphabet), so output is stable."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], sort_key(str(item[0])))))


def _file_enum_counts(fig: PeriodFigures, contacts: int, by_code: list[int | None]) -> None:
    values = iter(by_code)
    for column, enum in ENUM_COLUMNS:
        target = getattr(fig, f"by_{column}")
        for member in enum:
            count = next(values) or 0
            if count:
                target[member.value] = count
        unknown = contacts - sum(target.values())
        if unknown:
            target[NOT_RECORDED] = unknown


def referral_counts(db: sqlite_utils.Database, periods: list[Period],
                    overdue_days: int) -> list[tuple[int, int, int]]:
    """(made, decided, overdue at the end) for each period, in one pass."""
    params: dict[str, str] = {}
    for n, period in enumerate(periods):
        params.update({f"start{n}": period.start_text, f"end{n}": period.end_text,
                       f"overdue_before{n}": (period.end - dt.timedelta(days=overdue_days))
                       .isoformat()})
    columns = ",".join(_REFERRAL_COUNTS.format(n=n) for n in range(len(periods)))
    row = db.execute(f"SELECT {columns} FROM referrals r WHERE r.deleted_at IS NULL",
                     params).fetchone()
    values = [value or 0 for value in row]
    return [(values[i], values[i + 1], values[i + 2]) for i in range(0, len(values), 3)]


def period_figures(db: sqlite_utils.Database, period: Period, overdue_days: int = 30, *,
                   referrals: tuple[int, int, int] | None = None,
                   recount: bool = False) -> PeriodFigures:
    """A period's figures; ``referrals``: (made, decided, overdue) when already counted.

    Whole months are read from the monthly counts; ``recount`` counts from the
    records instead (the reference, slow: ~0.4 s a month at a million).
    """
    fig = PeriodFigures(period)
    params = _params(period)
    breakdowns: dict[str, dict[Any, int]] = {"advisor": fig.by_advisor, "settlement": fig.by_settlement,
                  "age_band": fig.by_age_band, "gender": fig.by_gender}
    rows = (monthly.period_rows(db, period) if period.is_whole_months and not recount
            else db.execute(_PERIOD_SQL, params).fetchall())
    for kind, key, service, count, extra, ratings, total, *by_code in rows:
        if kind == "contacts":
            fig.contacts, fig.anonymous_visits = count, extra or 0
            fig.satisfaction_ratings, fig.satisfaction_total = ratings, int(total)
            _file_enum_counts(fig, count, by_code)
        elif kind == "people":
            fig.named_people, fig.returning_people = count, extra
        elif kind == "issue":
            fig.issues += count
            _add(fig.by_category, key, count)
            if service:
                _add(fig.by_service, service, count)
        else:
            _add(breakdowns[kind], key if key is not None else NOT_RECORDED, count)
    fig.new_people = fig.named_people - fig.returning_people

    fig.referrals_made, fig.referrals_decided, fig.referrals_overdue = (
        referrals or referral_counts(db, [period], overdue_days)[0])

    for unit, area, count in db.execute(_SIGNALS_SQL, params).fetchall():
        fig.signals += count
        _add(fig.signals_by_unit, unit or NOT_RECORDED, count)
        _add(fig.signals_by_area, area or NOT_RECORDED, count)

    for kind, count, participants in db.execute(_EVENTS_SQL, params).fetchall():
        fig.events += count
        fig.event_participants += participants
        _add(fig.events_by_kind, kind, count)

    for name in ("by_category", "by_service", "by_help_level", "by_channel", "by_outcome",
                 "by_advisor", "by_settlement", "by_age_band", "by_gender", "signals_by_unit",
                 "signals_by_area", "events_by_kind"):
        setattr(fig, name, _sorted(getattr(fig, name)))
    return fig


def monthly_contacts(db: sqlite_utils.Database, last_month: dt.date,
                     months: int = TREND_MONTHS, *,
                     known: dict[dt.date, int] | None = None,
                     recount: bool = False) -> list[tuple[dt.date, int]]:
    """Contacts in each of the ``months`` months ending with ``last_month`` (zeros included).

    ``known``: months already counted (the report's own month and the one before);
    ``recount``: from the records, not the monthly counts.
    """
    first = month_start(last_month, -(months - 1))
    starts = Period.months(first, last_month).month_starts()
    counts = dict(known or {})
    missing = [month for month in starts if month not in counts]
    if missing and not recount:
        counts.update(monthly.contacts_by_month(db, missing))
    elif missing:
        params = {}
        for n, month in enumerate(missing):
            params.update({f"start{n}": month.isoformat(),
                           f"end{n}": month_start(month, 1).isoformat()})
        row = db.execute("SELECT " + ", ".join(_MONTH_COUNT.format(n=n)
                                               for n in range(len(missing))), params).fetchone()
        counts.update(zip(missing, row, strict=True))
    return [(month, counts[month]) for month in starts]


def _catalogue_names(db: sqlite_utils.Database, table: str) -> dict[str, dict[str, str]]:
    rows = db.execute(f"SELECT code, name_bg, name_ru, name_en FROM {table}").fetchall()
    return {code: {"bg": bg, "ru": ru, "en": en} for code, bg, ru, en in rows}


def report_names(db: sqlite_utils.Database) -> ReportNames:
    return ReportNames(
        categories=_catalogue_names(db, "categories"),
        services=_catalogue_names(db, "services"),
        units=_catalogue_names(db, "signal_units"),
        areas=_catalogue_names(db, "activity_areas"),
        advisors=dict(db.execute("SELECT id, full_name FROM advisors").fetchall()),
        category_order=[code for (code,) in db.execute(
            "SELECT code FROM categories ORDER BY sort_order, code").fetchall()],
    )


def records_since(db: sqlite_utils.Database, settings: dict[str, str]) -> dt.date | None:
    row = db.execute(
        "SELECT occurred_at FROM consultations INDEXED BY consultations_occurred_at "
        "WHERE deleted_at IS NULL ORDER BY occurred_at LIMIT 1").fetchone()
    days = [dt.date.fromisoformat(row[0][:10])] if row else []
    try:
        days.append(dt.date.fromisoformat(settings.get("founded_on", "")))
    except ValueError:
        pass
    return min(days, default=None)


def _database_file(db: sqlite_utils.Database) -> str | None:
    row = db.execute("PRAGMA database_list").fetchone()
    return row[2] if row and row[2] else None


def _compared_figures(db: sqlite_utils.Database, periods: list[Period], days: int,
                      referrals: list, recount: bool = False) -> list[PeriodFigures]:
    """The three periods' figures; recounted ones side by side on a file database.

    SQLite releases the GIL while it reads, so the two cores of a desk PC count
    two periods at once (a month at a million consultations: ~2.4 s -> ~1.3 s).
    Each thread reads through a connection of its own, as SQLite requires.
    Whole months read from the monthly counts need no threads (a few ms).
    """
    path = _database_file(db)
    counted = not recount and all(period.is_whole_months for period in periods)
    if path is None or db.conn.in_transaction or counted:
        return [period_figures(db, p, days, referrals=counts, recount=recount)
                for p, counts in zip(periods, referrals, strict=True)]

    def count(job: tuple[Period, tuple]) -> PeriodFigures:
        reader = sqlite_utils.Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True,
                                                       check_same_thread=False),
                                       execute_plugins=False)
        try:
            return period_figures(reader, job[0], days, referrals=job[1], recount=recount)
        finally:
            reader.close()

    with ThreadPoolExecutor(max_workers=len(periods)) as pool:
        return list(pool.map(count, zip(periods, referrals, strict=True)))


def build_report(db: sqlite_utils.Database, period: Period,
                 now: dt.datetime | None = None, *, recount: bool = False) -> ActivityReport:
    """All figures of a report: the period, the two it is compared with, the 12-month trend.

    ``recount``: count from the records rather than the monthly counts (the
    reference that ``bureau-cli check`` and the tests compare with). Raises ``BureauError`` for a period that starts after ``now`` (nothing can
    be reported yet); a period that includes ``now`` is reported "to date".
    """
    moment = now or dt.datetime.now()
    if period.start > moment.date():
        raise BureauError(MSG_FUTURE_PERIOD, period=period.label())
    settings = get_settings(db)
    days = overdue_after_days(settings)
    periods = [period, period.previous(), period.year_before()]
    referrals = referral_counts(db, periods, days)
    current, previous, year_before = _compared_figures(db, periods, days, referrals, recount=recount)
    since = records_since(db, settings)
    trend = monthly_contacts(db, period.end.replace(day=1), known={
        fig.period.start: fig.contacts for fig in (current, previous)
        if fig.period.is_whole_months and fig.period.month_count == 1}, recount=recount)
    return ActivityReport(
        period=period,
        current=current,
        previous=previous,
        year_before=year_before,
        trend=[(month, count if since is not None and month >= since.replace(day=1) else None)
               for month, count in trend],
        names=report_names(db),
        settings=settings,
        generated_at=moment,
        overdue_days=days,
        records_since=since,
    )
