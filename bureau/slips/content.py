"""What a slip says, gathered from the database in the slip's own language.

Call ``slip_content`` inside ``use_locale(...)``: every label, enum, date and
catalogue name it produces is in the document's language, not the UI's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from bureau.consultations.store import get_consultation
from bureau.database.settings import get_settings
from bureau.domain import Consultation, ReferralStatus
from bureau.i18n import _, get_locale, ngettext
from bureau.instants import local_wall
from bureau.pdf.clock import document_now
from bureau.pdf.dates import long_date, long_moment
from bureau.pdf.identity import bureau_contacts, bureau_name

DEFAULT_RETENTION_YEARS = 3


@dataclass
class SlipContent:
    """Plain, already translated text; the layout only arranges it."""

    consultation_id: int
    reference: str
    locale: str
    bureau_name: str
    municipality: str
    when: str
    advisor: str
    citizen: str
    issues: list[str]
    question: str
    answer: str
    next_steps: str
    follow_up: str
    referrals: list[str]
    contacts: list[tuple[str, str]]
    privacy: str
    issued: str
    copy_note: str = ""


def _catalogue_names(db: sqlite_utils.Database, table: str, codes: set[str],
                     locale: str) -> dict[str, str]:
    """The names of ``codes`` in ``table`` (categories or services) in ``locale``, else in
    Bulgarian. Only the slip's few codes are read: loading the whole catalogue with its
    collation keys (``CatalogueLookup``) was a third of a warm slip's time."""
    if not codes:
        return {}
    column = f"name_{locale}" if locale in ("bg", "ru", "en") else "name_bg"
    marks = ", ".join("?" * len(codes))
    rows = db.execute(f"SELECT code, {column}, name_bg FROM {table} "
                      f"WHERE deleted_at IS NULL AND code IN ({marks})", sorted(codes))
    return {code: name or fallback for code, name, fallback in rows}


def _issues(db: sqlite_utils.Database, consultation: Consultation, locale: str) -> list[str]:
    topics = _catalogue_names(db, "categories",
                              {issue.category_code for issue in consultation.issues}, locale)
    services = _catalogue_names(db, "services", {issue.service_code for issue in
                                                 consultation.issues if issue.service_code},
                                locale)
    lines = []
    for issue in consultation.issues:
        text = topics.get(issue.category_code, issue.category_code)
        service = services.get(issue.service_code or "")
        if service:
            text = _("{topic}: {service}").format(topic=text, service=service)
        lines.append(text)
    return lines


def _referrals(db: sqlite_utils.Database, consultation_id: int) -> list[str]:
    rows = db.execute(
        "SELECT number, status FROM referrals WHERE consultation_id = ? AND deleted_at IS NULL "
        "ORDER BY id",
        [consultation_id],
    ).fetchall()
    return [
        _("Your matter was referred to the consultative commission under number {number}.")
        .format(number=number) + "\n"
        + _("Current status: {status}").format(status=ReferralStatus(status).label())
        for number, status in rows
    ]


def _retention_years(settings: dict[str, str]) -> int:
    try:
        years = int(settings.get("retention_years", ""))
    except ValueError:
        return DEFAULT_RETENTION_YEARS
    return years if years > 0 else DEFAULT_RETENTION_YEARS


def privacy_notice(years: int) -> str:
    # What is kept, for how long and whom to ask: the minimum a data subject
    # must be told when the data are collected (GDPR Art. 13).
    return ngettext(
        "We keep the record of this consultation (your name and contact details if you gave "
        "them, your question and the advice given) for {count} year, to help you when you come "
        "back and for anonymous statistics; then it is deleted. It is shared with no one "
        "without your consent. To see, correct or delete your data, ask the bureau at the "
        "contacts above.",
        "We keep the record of this consultation (your name and contact details if you gave "
        "them, your question and the advice given) for {count} years, to help you when you come "
        "back and for anonymous statistics; then it is deleted. It is shared with no one "
        "without your consent. To see, correct or delete your data, ask the bureau at the "
        "contacts above.",
        years,
    ).format(count=years)


def _copy_note(db: sqlite_utils.Database, consultation_id: int) -> str:
    first = db.execute(
        "SELECT min(printed_at) FROM slip_prints WHERE consultation_id = ?", [consultation_id]
    ).fetchone()[0]
    if not first:
        return ""
    return _("COPY (the slip was first issued on {date})").format(
        date=long_date(local_wall(first).date()))


def slip_content(db: sqlite_utils.Database, key: int | str, *,
                 now: dt.datetime | None = None) -> SlipContent:
    """Everything the slip of consultation ``key`` (id or reference) shows.

    Raises ``NotFound`` for an unknown or deleted consultation.
    """
    locale = get_locale()
    consultation = get_consultation(db, key)
    settings = get_settings(db)
    citizen = consultation.citizen
    name = citizen.full_name.strip() if citizen and not citizen.anonymised else ""
    follow_up = consultation.follow_up_on
    return SlipContent(
        consultation_id=consultation.id,
        reference=consultation.reference,
        locale=locale,
        bureau_name=bureau_name(settings),
        municipality=settings["municipality"].strip(),
        when=long_moment(consultation.occurred_at),
        advisor=consultation.advisor_name,
        citizen=name or _("anonymous visitor"),
        issues=_issues(db, consultation, locale),
        question=consultation.question.strip(),
        answer=consultation.answer.strip(),
        next_steps=consultation.next_steps.strip(),
        follow_up=long_date(follow_up) if follow_up else "",
        referrals=_referrals(db, consultation.id),
        contacts=bureau_contacts(settings),
        privacy=privacy_notice(_retention_years(settings)),
        issued=long_moment(document_now(now)),
        copy_note=_copy_note(db, consultation.id),
    )
