"""A bureau's statistical package: the period's figures as codes and counts, sealed.

The figures are the monthly report's own (``bureau.reports.figures.build_report``,
the current period), so a roll-up of packages adds up to the bureaus' reports.
What the package leaves out, and why (docs/statistical-package.md):

- names, references, questions, answers, advisors (``by_advisor`` names volunteers);
- settlements typed by fewer than ``SETTLEMENTS_BELOW`` people: a settlement is
  typed text, and a name typed into it by mistake must not travel; such
  settlements are counted together under ``POOLED``;
- for a maker who may not read the signals register (the role table's
  ``READ_SIGNALS``), signals by unit and by area are pooled as the signals
  analysis pools them for such readers (``bureau.signals.analysis.pool_small_rows``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import sqlite_utils

from bureau.database.connection import new_uuid
from bureau.database.settings import get_setting, set_settings
from bureau.domain import Account
from bureau.files import atomic_output
from bureau.pdf.clock import document_now
from bureau.pdf.identity import bureau_name
from bureau.reports.figures import PeriodFigures, build_report
from bureau.reports.period import Period
from bureau.rollup.canonical import sealed
from bureau.rollup.checks import validate_package
from bureau.signals.analysis import SMALL_COUNT, analyse_signals, pool_small_rows
from bureau.textsearch import latin_forms
from bureau.trust import audit
from bureau.trust.access import Operation, allowed, require

FORMAT = "bureau-stats"
SCHEMA_VERSION = 1
POOLED = "*"  # the key of "several, fewer than 5 each" (settlements, pooled signals)
SETTLEMENTS_BELOW = SMALL_COUNT
BUREAU_ID_SETTING = "bureau_id"
SUFFIX = ".bureau-stats.json"

COUNTS = ("contacts", "people", "named_people", "new_people", "returning_people",
          "anonymous_visits", "issues", "referrals_made", "referrals_decided",
          "referrals_overdue", "signals", "events", "event_participants",
          "satisfaction_ratings", "satisfaction_total")
BREAKDOWNS = ("by_category", "by_service", "by_help_level", "by_channel", "by_outcome",
              "by_age_band", "by_gender", "signals_by_unit", "signals_by_area", "events_by_kind")


def bureau_id(db: sqlite_utils.Database) -> str:
    """The bureau's stable id (a UUID kept in the settings), made on first use."""
    value = get_setting(db, BUREAU_ID_SETTING)
    if not value:
        value = new_uuid()
        set_settings(db, **{BUREAU_ID_SETTING: value})
    return value


def _pooled(counts: dict[str, int], below: int) -> dict[str, int]:
    kept = {key: n for key, n in counts.items() if n >= below and key != POOLED}
    rest = sum(counts.values()) - sum(kept.values())
    return {**kept, POOLED: rest} if rest else kept


def _signal_rows(counts: dict[str, int]) -> dict[str, int]:
    return dict(pool_small_rows(list(counts.items()), label=POOLED))


def _moment(now: dt.datetime) -> str:
    aware = now if now.tzinfo is not None else now.astimezone()
    return aware.isoformat(timespec="seconds").replace("+00:00", "Z")


def figures_of(fig: PeriodFigures, *, signals_pooled: bool) -> dict[str, Any]:
    """The package's ``figures`` from a report's period figures (without the signals'
    status and timeliness, added by ``build_package``)."""
    values: dict[str, Any] = {name: getattr(fig, name) for name in COUNTS}
    for name in BREAKDOWNS:
        values[name] = {str(key): count for key, count in getattr(fig, name).items() if count}
    values["by_settlement"] = _pooled(fig.by_settlement, SETTLEMENTS_BELOW)
    if signals_pooled:
        values["signals_by_unit"] = _signal_rows(values["signals_by_unit"])
        values["signals_by_area"] = _signal_rows(values["signals_by_area"])
    return values


def build_package(db: sqlite_utils.Database, period: Period, *, by: Account | None,
                  now: dt.datetime | None = None) -> dict[str, Any]:
    """The sealed package (a JSON-ready dict) of ``period``, made by ``by``.

    ``now``: the generation time (default the clock); the signals' "open past
    the deadline" is counted on its day. Raises ``PermissionDenied`` unless the
    role table allows ``EXPORT_STATISTICS``, ``BureauError`` for a period that
    has not begun, and ``PackageRefused`` if the result failed its own schema
    (a programming error caught before anything is written).
    """
    require(by, Operation.EXPORT_STATISTICS)
    moment = now or document_now().astimezone()
    report = build_report(db, period, now=moment.replace(tzinfo=None))
    pooled = not allowed(by, Operation.READ_SIGNALS)
    figures = figures_of(report.current, signals_pooled=pooled)
    analysis = analyse_signals(db, period.start, period.end, today=moment.date())
    figures["signals_by_status"] = {status: n for status, n in analysis.by_status if n}
    figures["signals_answered"] = analysis.answered
    figures["signals_answered_in_time"] = analysis.answered_in_time
    figures["signals_open_overdue"] = analysis.open_overdue
    settings = report.settings
    language = settings.get("language") or "bg"
    package = sealed({
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "bureau": {"id": bureau_id(db), "name": bureau_name(settings)[:200],
                   "municipality": (settings.get("municipality") or "").strip()[:200],
                   "language": language if language in ("bg", "ru", "en") else "bg"},
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "generated_at": _moment(moment),
        "complete": not report.to_date,
        "rules": {"referral_overdue_days": report.overdue_days,
                  "signals_small_counts_pooled": pooled,
                  "settlements_below": SETTLEMENTS_BELOW},
        "figures": figures,
    })
    validate_package(package, "-")  # the writer checks itself as any reader would
    return package


def package_text(package: dict[str, Any]) -> str:
    """The file's text: indented, keys sorted (the hash does not depend on the layout)."""
    return json.dumps(package, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write_package(db: sqlite_utils.Database, period: Period, out: str | Path, *,
                  by: Account | None, now: dt.datetime | None = None) -> dict[str, Any]:
    """Build, write atomically and audit the package; returns it (see ``build_package``)."""
    package = build_package(db, period, by=by, now=now)
    with atomic_output(out) as handle:
        handle.write(package_text(package))
    audit.record(db, audit.Action.EXPORT, "statistics", None,
                 actor_id=by.id if by is not None else None,
                 detail=f"package {period.start_text}..{period.end.isoformat()}")
    return package


def default_name(municipality: str, period: Period) -> str:
    """'kresna-2026-10.bureau-stats.json': the municipality's last word in Latin letters
    ("Община Кресна"), then the period; "bureau-..." when there is none."""
    words = (municipality or "").split()
    latin = latin_forms(words[-1]).split() if words else []
    stem = re.sub(r"[^a-z0-9]+", "-", (latin[0] if latin else words[-1].casefold()
                                       if words else "")).strip("-") or "bureau"
    months = period.start.strftime("%Y-%m")
    if period.month_count > 1 or not period.is_whole_months:
        months += period.end.strftime("_%Y-%m")
    return f"{stem}-{months}{SUFFIX}"
