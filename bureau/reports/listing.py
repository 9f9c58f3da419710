"""The period's consultations, one row per issue, for the CSV/XLSX attachment.

Never the question, the answer or a citizen's name. The public version also
leaves out the advisor and the time of day, and shows a settlement from which
fewer than five people came in the period as "another settlement", so that a
row cannot be matched to a neighbour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import sqlite_utils

from bureau.domain import AgeBand, Channel, Gender, HelpLevel, Outcome
from bureau.i18n import N_, _, get_locale
from bureau.reports.disclosure import THRESHOLD
from bureau.reports.period import Period

COLUMNS = (
    ("reference", N_("Reference number")),
    ("occurred_at", N_("Date")),
    ("channel", N_("Channel")),
    ("advisor", N_("Advisor")),
    ("category", N_("Topic")),
    ("service", N_("Service")),
    ("help_level", N_("Level of help")),
    ("outcome", N_("Outcome")),
    ("settlement", N_("Settlement")),
    ("age_band", N_("Age band")),
    ("gender", N_("Gender")),
)
PUBLIC_HIDDEN = {"advisor"}

# Left joins: a consultation without a recorded issue still appears, once.
_SQL = """
SELECT k.reference, k.occurred_at, k.channel, a.full_name, c.{name}, c.name_bg, s.{name},
       s.name_bg, k.help_level, k.outcome, z.settlement, z.age_band, z.gender
FROM consultations k INDEXED BY consultations_occurred_at
JOIN advisors a ON a.id = k.advisor_id
LEFT JOIN consultation_issues i ON i.consultation_id = k.id
LEFT JOIN categories c ON c.id = i.category_id
LEFT JOIN services s ON s.id = i.service_id
LEFT JOIN citizens z ON z.id = k.citizen_id
WHERE k.occurred_at >= :start AND k.occurred_at < :end AND k.deleted_at IS NULL
ORDER BY k.occurred_at, k.id, i.position
"""

_SETTLEMENT_PEOPLE_SQL = """
SELECT trim(z.settlement), count(DISTINCT k.citizen_id)
FROM consultations k INDEXED BY consultations_occurred_at
JOIN citizens z ON z.id = k.citizen_id
WHERE k.occurred_at >= :start AND k.occurred_at < :end AND k.deleted_at IS NULL
GROUP BY 1
"""


@dataclass
class IssueRow:
    reference: str
    occurred_at: dt.datetime | dt.date  # a date only in the public version
    channel: str
    advisor: str
    category: str
    service: str
    help_level: str
    outcome: str
    settlement: str
    age_band: str
    gender: str


def columns(public: bool) -> list[tuple[str, str]]:
    """(attribute, translated header) pairs; call inside ``use_locale``."""
    return [(key, _(label)) for key, label in COLUMNS if not (public and key in PUBLIC_HIDDEN)]


def _labels(enum_type) -> dict[str, str]:
    return {member.value: member.label() for member in enum_type}


def issue_rows(db: sqlite_utils.Database, period: Period, public: bool) -> Iterator[IssueRow]:
    """Rows in date order; labels in the current (document) locale."""
    locale = get_locale()
    name = f"name_{locale}" if locale in ("bg", "ru", "en") else "name_bg"
    params = {"start": period.start_text, "end": period.end_text}
    channels, levels, outcomes = _labels(Channel), _labels(HelpLevel), _labels(Outcome)
    ages, genders = _labels(AgeBand), _labels(Gender)
    rare: set[str] = set()
    if public:
        rare = {settlement for settlement, people in
                db.execute(_SETTLEMENT_PEOPLE_SQL, params).fetchall() if people < THRESHOLD}
    other_settlement, anonymous = _("another settlement"), _("anonymous visitor")
    for (reference, occurred_at, channel, advisor, category, category_bg, service, service_bg,
         level, outcome, settlement, age_band, gender) in db.execute(_SQL.format(name=name), params):
        # A day without a recorded time (DayOnly, an imported journal) stays a date.
        when = (dt.date.fromisoformat(occurred_at) if len(occurred_at) == 10
                else dt.datetime.fromisoformat(occurred_at))
        place = (settlement or "").strip()
        if public and place and place in rare:
            place = other_settlement
        yield IssueRow(
            reference=reference,
            occurred_at=when.date() if public and isinstance(when, dt.datetime) else when,
            channel=channels.get(channel, channel),
            advisor="" if public else advisor,
            category=category or category_bg or "",
            service=service or service_bg or "",
            help_level=levels.get(level, level),
            outcome=outcomes.get(outcome, outcome),
            settlement=place if age_band is not None else anonymous,
            age_band=ages.get(age_band, "") if age_band is not None else "",
            gender=genders.get(gender, "") if gender is not None else "",
        )
