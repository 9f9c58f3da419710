"""Retention: anonymising people with no contact for the retention period.

GDPR art. 5(1)(e) (storage limitation): personal data is kept no longer than
needed. A person is taken when their last contact (last visit, or when their
record or a record merged into it was made) is older than the period AND no
matter of theirs is still open: a referral not yet decided and told, a
consultation whose outcome is pending, a follow-up date still ahead, or a
signal they submitted that is not yet answered. Each person past the period
is listed with why they are taken or kept, so the coordinator sees it before
applying.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlite_utils

from bureau.database.connection import now_iso
from bureau.database.settings import get_setting
from bureau.domain import Account, BureauError
from bureau.i18n import N_, _
from bureau.privacy import erasure
from bureau.trust import audit
from bureau.trust.access import Operation, require
from bureau.trust.changes import Changes, core_operation
from bureau.validation import add_months

DEFAULT_YEARS = 3
MSG_YEARS_TOO_FEW = N_("The retention period must be at least 1 year (got {years}).")
REASON_NO_CONTACT = N_("no contact since {date}")
REASON_OPEN_REFERRAL = N_("referral {number} is still open")
REASON_PENDING = N_("consultation {reference} has a pending outcome")
REASON_FOLLOW_UP = N_("follow-up of consultation {reference} is due on {date}")
REASON_OPEN_SIGNAL = N_("signal {number} submitted by this person is still open")

_OPEN_REFERRAL_STATUSES = ("draft", "submitted", "on_agenda", "decided")
_OPEN_SIGNAL_STATUSES = ("received", "forwarded", "under_review")


@dataclass
class RetentionCandidate:
    """One person past the retention period; ``reasons`` say why kept (empty: taken)."""

    citizen_id: int
    last_contact: str
    reasons: list[tuple[str, dict]] = field(default_factory=list)

    @property
    def taken(self) -> bool:
        return not self.reasons

    def explain(self) -> str:
        """Why, in the current language: the open matters, or the last contact."""
        if self.reasons:
            return "; ".join(_(message).format(**params) for message, params in self.reasons)
        return _(REASON_NO_CONTACT).format(date=self.last_contact[:10])


@dataclass
class RetentionResult:
    cutoff: dt.date
    candidates: list[RetentionCandidate]
    applied: bool

    @property
    def citizen_ids(self) -> list[int]:
        """The people taken (anonymised, or to be with --apply)."""
        return [c.citizen_id for c in self.candidates if c.taken]

    @property
    def kept(self) -> list[RetentionCandidate]:
        return [c for c in self.candidates if not c.taken]


def retention_years(db: sqlite_utils.Database, years: int | None) -> int:
    """The period asked for, else the setting; raises ``BureauError`` below 1 year."""
    if years is None:
        years = int(get_setting(db, "retention_years") or DEFAULT_YEARS)
    if years < 1:
        raise BureauError(MSG_YEARS_TOO_FEW, years=years)
    return years


def retention_candidates(db: sqlite_utils.Database, today: dt.date,
                         years: int) -> tuple[dt.date, list[RetentionCandidate]]:
    """Named people whose last contact is before ``today`` minus ``years``, with open matters."""
    years = retention_years(db, years)
    cutoff = add_months(today, -12 * years)
    rows = db.execute(
        """SELECT c.id, max(c.created_at,
                  coalesce((SELECT max(k.occurred_at) FROM consultations k
                            WHERE k.citizen_id = c.id), ''),
                  coalesce((SELECT max(d.created_at) FROM citizens d
                            WHERE d.merged_into_id = c.id), ''))
           FROM citizens c
           WHERE c.anonymised_at IS NULL AND c.deleted_at IS NULL AND c.full_name IS NOT NULL
             AND c.merged_into_id IS NULL
           ORDER BY c.id""").fetchall()
    candidates = [RetentionCandidate(cid, last) for cid, last in rows
                  if last < cutoff.isoformat()]
    signals = _open_named_signals(db)
    for candidate in candidates:
        candidate.reasons = open_matters(db, candidate.citizen_id, today, signals)
    return cutoff, candidates


def open_matters(db: sqlite_utils.Database, citizen_id: int, today: dt.date,
                 signals: list[tuple[str, str, str]] | None = None) -> list[tuple[str, dict]]:
    """What keeps a person's data: (message, parameters) pairs, empty if nothing is open.

    ``signals``: the open signals with a named submitter (``_open_named_signals``),
    read once for a whole run.
    """
    reasons: list[tuple[str, dict]] = []
    marks = ",".join("?" * len(_OPEN_REFERRAL_STATUSES))
    for (number,) in db.execute(
            "SELECT r.number FROM referrals r JOIN consultations k ON k.id = r.consultation_id "
            f"WHERE k.citizen_id = ? AND r.deleted_at IS NULL AND r.status IN ({marks}) "
            "ORDER BY r.id", [citizen_id, *_OPEN_REFERRAL_STATUSES]):
        reasons.append((REASON_OPEN_REFERRAL, {"number": number}))
    for reference, outcome, follow_up in db.execute(
            "SELECT reference, outcome, follow_up_on FROM consultations WHERE citizen_id = ? "
            "AND deleted_at IS NULL AND (outcome = 'pending' OR follow_up_on >= ?) ORDER BY id",
            [citizen_id, today.isoformat()]):
        if outcome == "pending":
            reasons.append((REASON_PENDING, {"reference": reference}))
        if follow_up and follow_up >= today.isoformat():
            reasons.append((REASON_FOLLOW_UP, {"reference": reference, "date": follow_up}))
    if signals is None:
        signals = _open_named_signals(db)
    if signals:
        ident = erasure.identifiers(erasure.person_records(db, citizen_id))
        reasons += [(REASON_OPEN_SIGNAL, {"number": number}) for number, name, contact in signals
                    if ident.scrub(name) != name or ident.scrub(contact) != contact]
    return reasons


def _open_named_signals(db: sqlite_utils.Database) -> list[tuple[str, str, str]]:
    """(number, submitter name, contact) of open signals whose submitter gave a name."""
    marks = ",".join("?" * len(_OPEN_SIGNAL_STATUSES))
    return [(number, name or "", contact or "") for number, name, contact in db.execute(
        "SELECT s.number, r.submitter_name, r.submitter_contact FROM signals s "
        "JOIN signal_revisions r ON r.signal_id = s.id AND r.revision = s.revisions "
        f"WHERE s.deleted_at IS NULL AND r.anonymous = 0 AND r.status IN ({marks}) "
        "ORDER BY s.id", list(_OPEN_SIGNAL_STATUSES))]


def apply_retention(db: sqlite_utils.Database, *, by: Account, today: dt.date | None = None,
                    years: int | None = None, dry_run: bool = True,
                    only: set[int] | None = None) -> Changes[RetentionResult]:
    """List (``dry_run``) or anonymise the people past the retention period; ``value`` is
    the ``RetentionResult``.

    A core operation: ``by`` needs ``HANDLE_PERSONAL_DATA`` even for the list
    (it names people), asked before anything is read (``PermissionDenied``);
    the anonymisations and their audit entries are one transaction.

    ``years`` defaults to the setting (3). ``only`` limits the run to people a
    coordinator was shown (the desk's preview): someone seen since, or whose
    matter opened since, is still kept. Raises ``BureauError`` for a period
    below one year, which would take people seen this very day.
    """
    require(by, Operation.HANDLE_PERSONAL_DATA)
    today = today or dt.date.today()
    cutoff, candidates = retention_candidates(db, today, retention_years(db, years))
    if only is not None:
        candidates = [c for c in candidates if c.citizen_id in only]
    taken = [c.citizen_id for c in candidates if c.taken]
    if not dry_run and taken:
        stamp = now_iso()
        with core_operation(db, by, Operation.HANDLE_PERSONAL_DATA):
            for citizen_id in taken:
                erasure.erase_records(db, citizen_id, stamp, everywhere=False)
                audit.record(db, audit.Action.ANONYMISE, "citizen", citizen_id, actor_id=by.id)
            erasure.compact_search(db)
        erasure.checkpoint(db)
    result = RetentionResult(cutoff, candidates, applied=not dry_run)
    applied = not dry_run and bool(taken)
    return Changes(citizens=applied, consultations=applied, count=len(taken) if applied else 0,
                   value=result)
