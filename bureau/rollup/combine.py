"""Adding the checked packages up: per bureau and for the whole oblast, code by code.

Breakdowns add up by stable code, so bureaus whose catalogues name an entry
differently (or in another language) meet on the same row; a code that the
roll-up's catalogue does not know is kept, counted, and listed (``unknown``),
never dropped. Missing and late bureaus are found here too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bureau.collation import sort_key
from bureau.domain import (
    AgeBand,
    BureauError,
    Channel,
    EventKind,
    Gender,
    HelpLevel,
    LabelledEnum,
    Outcome,
    SignalStatus,
)
from bureau.i18n import N_
from bureau.opening import init_database
from bureau.pdf.clock import document_now
from bureau.reports.figures import ReportNames, report_names
from bureau.reports.period import Period, month_start
from bureau.rollup.package import BREAKDOWNS, COUNTS, POOLED

SPECIAL_KEYS = ("", POOLED)  # not recorded; several below 5 counted together
DEADLINE_DAY = 10  # by default a package is late after the 10th of the month after the period
SCALARS = (*COUNTS, "signals_answered", "signals_answered_in_time", "signals_open_overdue")
ALL_BREAKDOWNS = (*BREAKDOWNS, "by_settlement", "signals_by_status")
ENUMS: dict[str, type[LabelledEnum]] = {
    "by_help_level": HelpLevel, "by_channel": Channel, "by_outcome": Outcome,
    "by_age_band": AgeBand, "by_gender": Gender, "signals_by_status": SignalStatus,
    "events_by_kind": EventKind}
CATALOGUES = {"by_category": "categories", "by_service": "services",
              "signals_by_unit": "units", "signals_by_area": "areas"}
MSG_EXPECT_UNREADABLE = N_("Cannot read the list of expected bureaus {path}: {reason}")
MSG_EXPECT_EMPTY = N_("The list of expected bureaus {path} names no bureau id.")


@dataclass
class Bureau:
    """One bureau's package, as the roll-up shows it."""

    id: str
    name: str
    municipality: str
    language: str
    generated_at: dt.datetime
    complete: bool
    file: str
    signals_pooled: bool
    figures: dict[str, Any]
    late: bool = False

    @property
    def heading(self) -> str:
        """The column's heading: the municipality, else the bureau's name."""
        return self.municipality or self.name


@dataclass
class Rollup:
    period: Period
    bureaus: list[Bureau]
    total: dict[str, Any]
    names: ReportNames
    deadline: dt.date
    generated_at: dt.datetime
    expected: dict[str, str] = field(default_factory=dict)  # id -> name given in the list
    missing: list[tuple[str, str]] = field(default_factory=list)  # (id, name) without package
    unexpected: list[Bureau] = field(default_factory=list)
    unknown: list[tuple[str, str]] = field(default_factory=list)  # (figure, code)


def default_deadline(period: Period) -> dt.date:
    """The 10th of the month after the period: when a month's packages are due."""
    return month_start(period.end, 1).replace(day=DEADLINE_DAY)


def read_expected(path: str | Path) -> dict[str, str]:
    """The expected bureaus from a text file: one per line, its id then optionally its name
    ("90483c9d-... Кресна"); blank lines and lines starting with # are skipped.
    Raises ``BureauError`` for a file that cannot be read or names no id."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise BureauError(MSG_EXPECT_UNREADABLE, path=str(path),
                          reason=getattr(error, "strerror", None) or type(error).__name__) from None
    expected: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            ident, _space, name = line.partition(" ")
            expected[ident.strip().lower()] = name.strip()
    if not expected:
        raise BureauError(MSG_EXPECT_EMPTY, path=str(path))
    return expected


def catalogue_names() -> ReportNames:
    """Names of the shipped catalogues' stable codes, in bg, ru and en (the seed)."""
    db = init_database(memory=True)
    try:
        return report_names(db)
    finally:
        db.close()


def known_codes(names: ReportNames, figure: str) -> set[str] | None:
    """The codes this roll-up can name for ``figure``; None where any text is a key."""
    if figure in ENUMS:
        return {member.value for member in ENUMS[figure]}
    if figure in CATALOGUES:
        return set(getattr(names, CATALOGUES[figure]))
    return None


def _bureau(file: str, package: dict[str, Any], deadline: dt.date) -> Bureau:
    moment = dt.datetime.fromisoformat(package["generated_at"].replace("Z", "+00:00"))
    identity = package["bureau"]
    return Bureau(identity["id"], identity["name"], identity["municipality"],
                  identity["language"], moment, package["complete"], Path(file).name,
                  package["rules"]["signals_small_counts_pooled"], package["figures"],
                  late=moment.date() > deadline)


def add_up(figures: list[dict[str, Any]]) -> dict[str, Any]:
    """The oblast's figures: every count summed, every breakdown summed code by code."""
    total: dict[str, Any] = {name: sum(f[name] for f in figures) for name in SCALARS}
    total["satisfaction_total"] = sum(f["satisfaction_total"] for f in figures)
    for name in ALL_BREAKDOWNS:
        merged: dict[str, int] = {}
        for fig in figures:
            for key, count in fig[name].items():
                merged[key] = merged.get(key, 0) + count
        total[name] = dict(sorted(merged.items(), key=lambda item: (-item[1], sort_key(item[0]))))
    return total


def combine(checked: list[tuple[str, dict[str, Any]]], *, deadline: dt.date | None = None,
            expected: dict[str, str] | None = None, names: ReportNames | None = None,
            now: dt.datetime | None = None) -> Rollup:
    """The roll-up of packages already checked together (``checks.check_packages``).

    Bureaus are ordered by municipality (Bulgarian/Russian alphabet). ``deadline``
    (default ``default_deadline``): a package made after that day is late.
    ``expected``: bureau id -> name; those without a package are missing.
    """
    first = checked[0][1]["period"]
    period = Period(dt.date.fromisoformat(first["start"]), dt.date.fromisoformat(first["end"]))
    due = deadline or default_deadline(period)
    bureaus = sorted((_bureau(file, package, due) for file, package in checked),
                     key=lambda b: (sort_key(b.heading), b.id))
    names = names or catalogue_names()
    rollup = Rollup(period, bureaus, add_up([b.figures for b in bureaus]), names, due,
                    now or document_now().astimezone())
    if expected:
        rollup.expected = expected
        present = {b.id for b in bureaus}
        rollup.missing = [(ident, name) for ident, name in expected.items()
                          if ident not in present]
        rollup.unexpected = [b for b in bureaus if b.id not in expected]
    for figure in ALL_BREAKDOWNS:
        known = known_codes(names, figure)
        if known is None:
            continue
        rollup.unknown += [(figure, code) for code in rollup.total[figure]
                           if code not in known and code not in SPECIAL_KEYS]
    return rollup

