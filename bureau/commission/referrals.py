"""Referrals to the municipal council's consultative commission, and its meetings.

Lifecycle: draft -> submitted -> on the agenda of a meeting -> decided ->
citizen informed -> closed (a draft may also be withdrawn, i.e. closed, and a
referral taken off an agenda goes back to submitted). Any other step is
refused with a message saying which steps are possible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import sqlite_utils

from bureau.database.connection import inserted_id, new_uuid, now_iso
from bureau.domain import (
    BureauError,
    FieldError,
    NotFound,
    Outcome,
    ReferralStatus,
    ValidationError,
)
from bureau.i18n import N_, _, format_date
from bureau.trust import audit
from bureau.trust.access import Operation
from bureau.trust.accounts import Account
from bureau.trust.changes import Changes, core_operation
from bureau.validation import clean_text, parse_date

S = ReferralStatus
TRANSITIONS: dict[ReferralStatus, tuple[ReferralStatus, ...]] = {
    S.DRAFT: (S.SUBMITTED, S.CLOSED),
    S.SUBMITTED: (S.ON_AGENDA,),
    S.ON_AGENDA: (S.DECIDED, S.SUBMITTED),
    S.DECIDED: (S.INFORMED,),
    S.INFORMED: (S.CLOSED,),
    S.CLOSED: (),
}
WAITING_FOR_DECISION = (S.SUBMITTED, S.ON_AGENDA)
MAX_SUMMARY = 2000
MAX_DECISION = 4000

MSG_ILLEGAL = N_("A referral that is \u201c{current}\u201d cannot become \u201c{wanted}\u201d. "
                 "Possible next steps: {allowed}.")
MSG_NO_REFERRAL = N_("No referral with the number {number}.")
MSG_NO_MEETING = N_("No commission meeting with the number {number}.")
MSG_CONSENT_SHARE = N_("the citizen must agree that their case is shared with the commission")
MSG_ALREADY = N_("This consultation already has the referral {number}.")
MSG_REQUIRED = N_("is required")
MSG_TOO_LONG = N_("is too long ({length} characters, at most {limit})")


@dataclass
class Referral:
    id: int
    number: str
    consultation_id: int
    consultation_reference: str
    status: ReferralStatus
    summary: str
    submitted_on: dt.date | None
    meeting_id: int | None
    decided_on: dt.date | None
    decision: str
    informed_on: dt.date | None
    informed_how: str
    closed_on: dt.date | None
    category_codes: list[str]
    citizen_name: str | None  # only when the citizen agreed to share

    def overdue(self, today: dt.date, days: int) -> bool:
        """True if the referral still waits for a decision more than ``days`` whole days
        after it was submitted (the bureau's setting, ``overdue_after_days``).
        """
        return (self.status in WAITING_FOR_DECISION and self.submitted_on is not None
                and (today - self.submitted_on).days > days)


@dataclass
class Meeting:
    id: int
    held_on: dt.date
    place: str
    notes: str


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


_SELECT = """
SELECT r.id, r.number, r.consultation_id, k.reference, r.status, r.summary, r.submitted_on,
       r.meeting_id, r.decided_on, r.decision, r.informed_on, r.informed_how, r.closed_on,
       (SELECT group_concat(c.code, ';') FROM consultation_issues i
        JOIN categories c ON c.id = i.category_id WHERE i.consultation_id = k.id),
       CASE WHEN k.consent_share = 1 THEN z.full_name END
FROM referrals r
JOIN consultations k ON k.id = r.consultation_id
LEFT JOIN citizens z ON z.id = k.citizen_id
WHERE r.deleted_at IS NULL
"""


def _to_referral(row: tuple) -> Referral:
    return Referral(
        id=row[0], number=row[1], consultation_id=row[2], consultation_reference=row[3],
        status=ReferralStatus(row[4]), summary=row[5], submitted_on=_date(row[6]),
        meeting_id=row[7], decided_on=_date(row[8]), decision=row[9],
        informed_on=_date(row[10]), informed_how=row[11], closed_on=_date(row[12]),
        category_codes=(row[13] or "").split(";") if row[13] else [], citizen_name=row[14],
    )


def get_referral(db: sqlite_utils.Database, key: int | str) -> Referral:
    """The referral by id or by its number as printed (``KK-2026-0001``); raises ``NotFound``
    for an unknown or deleted one.
    """
    column = "r.number" if isinstance(key, str) else "r.id"
    row = db.execute(f"{_SELECT} AND {column} = ?", [key]).fetchone()
    if row is None:
        raise NotFound(MSG_NO_REFERRAL, number=key)
    return _to_referral(row)


def list_referrals(db: sqlite_utils.Database, *, status: ReferralStatus | None = None,
                   meeting_id: int | None = None, open_only: bool = False) -> list[Referral]:
    """Referrals, newest first; optionally only those of one ``status``, on one meeting's
    agenda, or not closed.
    """
    sql, params = _SELECT, list[object]()
    if status is not None:
        sql += " AND r.status = ?"
        params.append(status.value)
    if meeting_id is not None:
        sql += " AND r.meeting_id = ?"
        params.append(meeting_id)
    if open_only:
        sql += " AND r.status != 'closed'"
    return [_to_referral(row) for row in db.execute(sql + " ORDER BY r.id DESC", params)]


def referral_for_consultation(db: sqlite_utils.Database, consultation_id: int) -> Referral | None:
    """The newest referral made from the consultation, or None."""
    row = db.execute(f"{_SELECT} AND r.consultation_id = ? ORDER BY r.id DESC LIMIT 1",
                     [consultation_id]).fetchone()
    return _to_referral(row) if row else None


_OVERDUE = "r.status IN ('submitted', 'on_agenda') AND r.submitted_on < ?"
DEFAULT_OVERDUE_DAYS = 30


def overdue_after_days(settings: Mapping[str, str]) -> int:
    """Days after submission when an undecided referral counts as overdue.

    The bureau's setting ``referral_overdue_days`` (Settings, Commission); 30
    when unset or not a number, never negative. The bureau's own rule: the
    commission meets monthly, so a month without a decision is worth a call.
    """
    try:
        days = int(settings.get("referral_overdue_days") or DEFAULT_OVERDUE_DAYS)
    except ValueError:
        days = DEFAULT_OVERDUE_DAYS
    return max(days, 0)


def overdue_referrals(db: sqlite_utils.Database, today: dt.date, days: int) -> list[Referral]:
    """Submitted (or on an agenda) more than ``days`` days ago and still undecided."""
    limit = (today - dt.timedelta(days=days)).isoformat()
    rows = db.execute(f"{_SELECT} AND {_OVERDUE} ORDER BY r.submitted_on", [limit]).fetchall()
    return [_to_referral(row) for row in rows]


def count_overdue_referrals(db: sqlite_utils.Database, today: dt.date, days: int) -> int:
    """How many are overdue, without reading them (the desk shows it at every start)."""
    limit = (today - dt.timedelta(days=days)).isoformat()
    return db.execute(f"SELECT count(*) FROM referrals r WHERE r.deleted_at IS NULL AND {_OVERDUE}",
                      [limit]).fetchone()[0]


def _text(value: str, name: str, limit: int, *, required: bool) -> str:
    text = clean_text(value, multiline=True)
    if required and not text:
        raise ValidationError([FieldError(name, MSG_REQUIRED)])
    if len(text) > limit:
        raise ValidationError([FieldError(name, MSG_TOO_LONG, {"length": len(text), "limit": limit})])
    return text


def _next_number(db: sqlite_utils.Database, year: int) -> str:
    prefix = f"KK-{year}-"
    row = db.conn.execute(
        "SELECT max(CAST(substr(number, ?) AS INTEGER)) FROM referrals WHERE number LIKE ?",
        [len(prefix) + 1, prefix + "%"]).fetchone()
    return f"{prefix}{(row[0] or 0) + 1:04d}"


def create_referral(db: sqlite_utils.Database, consultation_id: int, summary: str, *,
                    by: Account, consent_given: bool = False,
                    today: dt.date | None = None) -> Changes[Referral]:
    """A draft referral from a consultation; ``value``: the referral.

    A core operation: ``by`` needs ``REFER_TO_COMMISSION``; audited.

    A named citizen's consent to share is required; given now, it is recorded
    (with today's date) on the consultation and the citizen. The consultation's
    outcome becomes "referred to the commission".

    Raises ``ValidationError`` for an empty or too long summary or a named citizen
    without consent to share, ``NotFound`` for an unknown consultation, ``BureauError``
    when it already has an open referral, ``PermissionDenied`` as above.
    """
    today = today or dt.date.today()
    summary = _text(summary, "summary", MAX_SUMMARY, required=True)
    stamp = now_iso()
    with core_operation(db, by, Operation.REFER_TO_COMMISSION):
        row = db.conn.execute(
            "SELECT citizen_id, consent_share FROM consultations WHERE id = ? AND deleted_at IS NULL",
            [consultation_id]).fetchone()
        if row is None:
            raise NotFound(N_("No consultation with the reference number {reference}."),
                           reference=consultation_id)
        existing = referral_for_consultation(db, consultation_id)
        if existing and existing.status != S.CLOSED:
            raise BureauError(MSG_ALREADY, number=existing.number)
        citizen_id, shared = row
        if citizen_id is not None and not shared:
            if not consent_given:
                raise ValidationError([FieldError("consent_share", MSG_CONSENT_SHARE)])
            db.conn.execute("UPDATE consultations SET consent_share = 1, updated_at = ? WHERE id = ?",
                            [stamp, consultation_id])
            db.conn.execute(
                "UPDATE citizens SET consent_share_at = coalesce(consent_share_at, ?), updated_at = ? "
                "WHERE id = ?", [stamp, stamp, citizen_id])
        db.conn.execute(
            "UPDATE consultations SET outcome = ?, help_level = 'referral', updated_at = ? WHERE id = ?",
            [Outcome.REFERRED.value, stamp, consultation_id])
        number = _next_number(db, today.year)
        db.conn.execute(
            "INSERT INTO referrals (uuid, number, consultation_id, status, summary, created_at, "
            "updated_at) VALUES (?, ?, ?, 'draft', ?, ?, ?)",
            [new_uuid(), number, consultation_id, summary, stamp, stamp])
        referral = get_referral(db, number)
        audit.record(db, audit.Action.CREATE, "referral", referral.id, actor_id=by.id)
    return Changes(referrals=True, consultations=True, value=referral)


def _check_step(current: ReferralStatus, wanted: ReferralStatus) -> None:
    if wanted not in TRANSITIONS[current]:
        allowed = ", ".join(f"\u201c{s.label()}\u201d" for s in TRANSITIONS[current]) or "\u2014"
        raise BureauError(MSG_ILLEGAL, current=current.label(), wanted=wanted.label(),
                          allowed=allowed)


def advance(db: sqlite_utils.Database, referral_id: int, wanted: ReferralStatus, *,
            by: Account, on: dt.date | str | None = None, meeting_id: int | None = None,
            decision: str = "", informed_how: str = "") -> Changes[Referral]:
    """Move a referral one step along its lifecycle, with what that step needs.

    A core operation: ``by`` needs ``MANAGE_REFERRALS``; audited. ``value``:
    the referral after the step. Raises ``BureauError`` for a step the
    lifecycle does not allow, ``ValidationError``, ``NotFound``.
    """
    day = (parse_date(on) if on else None) or dt.date.today()  # a bad date raises ValueError
    stamp = now_iso()
    with core_operation(db, by, Operation.MANAGE_REFERRALS):
        referral = get_referral(db, referral_id)
        _check_step(referral.status, wanted)
        changes: dict[str, object] = {"status": wanted.value}
        if wanted == S.SUBMITTED and referral.status == S.DRAFT:
            changes["submitted_on"] = day.isoformat()
        elif wanted == S.SUBMITTED:  # taken off an agenda
            changes["meeting_id"] = None
        elif wanted == S.ON_AGENDA:
            get_meeting(db, meeting_id or 0)
            changes["meeting_id"] = meeting_id
        elif wanted == S.DECIDED:
            changes["decision"] = _text(decision, "decision", MAX_DECISION, required=True)
            changes["decided_on"] = day.isoformat()
        elif wanted == S.INFORMED:
            changes["informed_how"] = _text(informed_how, "informed_how", 200, required=True)
            changes["informed_on"] = day.isoformat()
        elif wanted == S.CLOSED:
            changes["closed_on"] = day.isoformat()
        sets = ", ".join(f"{key} = ?" for key in changes)
        db.conn.execute(f"UPDATE referrals SET {sets}, updated_at = ? WHERE id = ?",
                        [*changes.values(), stamp, referral_id])
        audit.record(db, audit.Action.UPDATE, "referral", referral_id, actor_id=by.id,
                     detail=f"status={wanted.value}")
    return Changes(referrals=True, value=get_referral(db, referral_id))


# --- meetings ------------------------------------------------------------------


def create_meeting(db: sqlite_utils.Database, held_on: dt.date | str, place: str = "",
                   notes: str = "", *, by: Account) -> Changes[Meeting]:
    """Plan a commission meeting; ``value``: the meeting. ``MANAGE_REFERRALS``; audited.

    Raises ``ValidationError`` without a date, ``PermissionDenied`` without
    ``MANAGE_REFERRALS``.
    """
    try:
        day = parse_date(held_on)
    except ValueError:
        day = None
    if day is None:
        raise ValidationError([FieldError("held_on", MSG_REQUIRED)])
    stamp = now_iso()
    with core_operation(db, by, Operation.MANAGE_REFERRALS):
        cursor = db.conn.execute(
            "INSERT INTO meetings (uuid, held_on, place, notes, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [new_uuid(), day.isoformat(), _text(place, "place", 200, required=False),
             _text(notes, "notes", 2000, required=False), stamp, stamp])
        audit.record(db, audit.Action.CREATE, "meeting", inserted_id(cursor), actor_id=by.id)
    return Changes(referrals=True, value=get_meeting(db, inserted_id(cursor)))


def get_meeting(db: sqlite_utils.Database, meeting_id: int) -> Meeting:
    """The meeting with id ``meeting_id``; raises ``NotFound`` for an unknown or deleted
    one.
    """
    row = db.execute("SELECT id, held_on, place, notes FROM meetings "
                     "WHERE id = ? AND deleted_at IS NULL", [meeting_id]).fetchone()
    if row is None:
        raise NotFound(MSG_NO_MEETING, number=meeting_id)
    return Meeting(row[0], dt.date.fromisoformat(row[1]), row[2], row[3])


def list_meetings(db: sqlite_utils.Database) -> list[Meeting]:
    """The commission's meetings, the latest first."""
    return [Meeting(r[0], dt.date.fromisoformat(r[1]), r[2], r[3]) for r in db.execute(
        "SELECT id, held_on, place, notes FROM meetings WHERE deleted_at IS NULL "
        "ORDER BY held_on DESC")]


def meeting_title(meeting: Meeting) -> str:
    return _("Meeting of {date}").format(date=format_date(meeting.held_on))
