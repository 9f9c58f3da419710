"""Retention never takes a person whose matter is still open (issue #15 item 4)."""

from __future__ import annotations

import datetime as dt

import pytest
from test_erasure import save

from bureau.commission.referrals import advance, create_meeting, create_referral
from bureau.consultations.store import get_consultation
from bureau.domain import BureauError, ReferralStatus, Role
from bureau.privacy.retention import apply_retention
from bureau.signals.register import register_signal
from tests.acting import acting
from tests.conftest import consultation_raw

TODAY = dt.date(2026, 11, 30)


def old_person(db, advisor, name: str, year: int = 2023, **overrides) -> int:
    consultation_id, _ = save(db, consultation_raw(
        advisor, citizen={"full_name": name, "phone": "0888000093"},
        occurred_at=dt.datetime(year, 6, 1, 10, 0), **overrides))
    citizen_id = get_consultation(db, consultation_id).citizen.id
    db.execute("UPDATE citizens SET created_at = ? WHERE id = ?",
               [f"{year}-06-01T10:00:00+00:00", citizen_id])
    return consultation_id


def test_open_referral_on_a_future_agenda_keeps_the_person(db, advisor):
    consultation_id = old_person(db, advisor, "Цветанка Дочева")
    referral = create_referral(db, consultation_id, "Цветанка Дочева иска ремонт на улицата",
                               consent_given=True, today=dt.date(2023, 6, 2), by=acting(db)).value
    advance(db, referral.id, ReferralStatus.SUBMITTED, on="2023-06-02", by=acting(db))
    meeting = create_meeting(db, "2026-12-10", "зала 1", by=acting(db)).value
    advance(db, referral.id, ReferralStatus.ON_AGENDA, meeting_id=meeting.id, by=acting(db))
    closed_id = old_person(db, advisor, "Стоян Затворен")
    dry = apply_retention(db, by=acting(db), today=TODAY, years=3, dry_run=True).answer()
    docheva = get_consultation(db, consultation_id).citizen.id
    closed = get_consultation(db, closed_id).citizen.id
    assert dry.citizen_ids == [closed]
    [kept] = dry.kept
    assert kept.citizen_id == docheva
    assert kept.explain() == f"referral {referral.number} is still open"
    assert dry.candidates[1].explain() == "no contact since 2023-06-01"
    apply_retention(db, by=acting(db), today=TODAY, years=3, dry_run=False)
    assert get_consultation(db, consultation_id).citizen.full_name == "Цветанка Дочева"
    assert db.execute("SELECT summary FROM referrals").fetchone()[0].startswith("Цветанка Дочева")
    assert get_consultation(db, closed_id).citizen.full_name == ""


@pytest.mark.parametrize(("year", "years", "overrides", "reason"), [
    (2023, 3, {"outcome": "pending"}, "consultation 2023-000001 has a pending outcome"),
    (2025, 1, {"follow_up_on": dt.date(2027, 1, 15)},
     "follow-up of consultation 2025-000001 is due on 2027-01-15"),
    (2025, 1, {"outcome": "pending", "follow_up_on": dt.date(2027, 1, 15)},
     "consultation 2025-000001 has a pending outcome; "
     "follow-up of consultation 2025-000001 is due on 2027-01-15"),
])
def test_pending_outcome_and_follow_up_ahead_keep_the_person(db, advisor, year, years, overrides,
                                                             reason):
    consultation_id = old_person(db, advisor, "Цветанка Дочева", year, **overrides)
    result = apply_retention(db, by=acting(db), today=TODAY, years=years, dry_run=False).answer()
    assert result.citizen_ids == [] and [c.explain() for c in result.kept] == [reason]
    assert get_consultation(db, consultation_id).citizen.full_name == "Цветанка Дочева"


def test_open_signal_of_the_person_keeps_them(db, advisor):
    consultation_id = old_person(db, advisor, "Цветанка Дочева")
    signal = register_signal(db, {
        "received_on": "2023-06-03", "channel": "in_person", "anonymous": False,
        "submitter_name": "Ц. Дочева", "submitter_contact": "+359 888 000 093",
        "description": "Сигнал за нередност", "status": "received"}, by=acting(db, Role.SIGNALS_OFFICER)).answer()
    result = apply_retention(db, by=acting(db), today=TODAY, years=3, dry_run=True).answer()
    assert [c.explain() for c in result.kept] == [
        f"signal {signal.number} submitted by this person is still open"]
    assert get_consultation(db, consultation_id).citizen.full_name == "Цветанка Дочева"


@pytest.mark.parametrize("years", [0, -5])
def test_a_period_below_one_year_is_refused(db, advisor, years):
    old_person(db, advisor, "Цветанка Дочева")
    with pytest.raises(BureauError, match="at least 1 year"):
        apply_retention(db, by=acting(db), today=TODAY, years=years, dry_run=False)
    assert db.execute("SELECT count(*) FROM citizens WHERE anonymised_at IS NOT NULL").fetchone()[0] == 0


def test_someone_seen_today_is_never_a_candidate(db, advisor):
    save(db, consultation_raw(advisor, occurred_at=dt.datetime(2026, 11, 20, 9, 0)))
    assert apply_retention(db, by=acting(db), today=TODAY, years=1, dry_run=True).answer().candidates == []
