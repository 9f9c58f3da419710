"""Referral lifecycle, meetings, overdue; signals register revisions, access, analysis; events."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from acting import acting

from bureau.catalogue import CatalogueLookup
from bureau.commission.referrals import (
    advance,
    create_meeting,
    create_referral,
    get_referral,
    list_referrals,
    overdue_referrals,
)
from bureau.consultations.store import get_consultation, save_consultation
from bureau.domain import BureauError, ReferralStatus, Role, SignalStatus, ValidationError
from bureau.events import add_event, list_events
from bureau.signals.analysis import analyse_signals
from bureau.signals.register import (
    count_signals,
    get_signal,
    list_signals,
    register_signal,
    signal_history,
    update_signal,
    verify_chains,
)
from bureau.trust.access import PermissionDenied
from bureau.validation import add_months, validate_consultation

R = ReferralStatus
OFFICER = Role.SIGNALS_OFFICER


@pytest.fixture
def consultation(db, make_raw):
    lookup = CatalogueLookup(db)
    return save_consultation(db, validate_consultation(make_raw(), lookup), lookup)[0]


def test_referral_needs_the_citizens_consent_and_records_it(db, consultation):
    with pytest.raises(ValidationError) as info:
        create_referral(db, consultation, "Искане за ремонт на улица", by=acting(db))
    assert info.value.errors[0].field == "consent_share"
    referral = create_referral(db, consultation, "Искане за ремонт на улица", consent_given=True,
                               today=dt.date(2026, 10, 14), by=acting(db)).value
    assert referral.number == "KK-2026-0001"
    assert referral.status is R.DRAFT
    assert referral.citizen_name == "Петрова Иванка"  # shared, because she agreed
    saved = get_consultation(db, consultation)
    assert saved.consent_share and saved.outcome.value == "referred"
    assert db.execute("SELECT consent_share_at FROM citizens").fetchone()[0]
    with pytest.raises(BureauError):
        create_referral(db, consultation, "again", consent_given=True, by=acting(db))


def test_lifecycle_in_order_and_illegal_steps_refused(db, consultation):
    referral = create_referral(db, consultation, "Случай", consent_given=True, by=acting(db)).value
    with pytest.raises(BureauError) as info:
        advance(db, referral.id, R.DECIDED, decision="x", by=acting(db))
    assert "Draft" in str(info.value) and "Submitted" in str(info.value)
    meeting = create_meeting(db, "2026-10-20", "Зала 1", by=acting(db)).value
    advance(db, referral.id, R.SUBMITTED, on="2026-10-01", by=acting(db))
    with pytest.raises(BureauError):
        advance(db, referral.id, R.ON_AGENDA, meeting_id=999, by=acting(db))
    advance(db, referral.id, R.ON_AGENDA, meeting_id=meeting.id, by=acting(db))
    assert [r.number for r in list_referrals(db, meeting_id=meeting.id)] == [referral.number]
    with pytest.raises(ValidationError):
        advance(db, referral.id, R.DECIDED, on="2026-10-20", decision="  ", by=acting(db))
    advance(db, referral.id, R.DECIDED, on="2026-10-20", decision="Препоръка към кмета", by=acting(db))
    advance(db, referral.id, R.INFORMED, on="2026-10-22", informed_how="по телефона", by=acting(db))
    done = advance(db, referral.id, R.CLOSED, on="2026-10-23", by=acting(db)).value
    assert done.status is R.CLOSED and done.decided_on == dt.date(2026, 10, 20)
    with pytest.raises(BureauError):
        advance(db, referral.id, R.SUBMITTED, by=acting(db))


def test_overdue_across_month_ends(db, consultation):
    referral = create_referral(db, consultation, "Случай", consent_given=True, by=acting(db)).value
    advance(db, referral.id, R.SUBMITTED, on="2026-01-31", by=acting(db))
    # 30 days after 31 January is 2 March (2026 is not a leap year).
    assert overdue_referrals(db, dt.date(2026, 3, 2), 30) == []
    assert [r.id for r in overdue_referrals(db, dt.date(2026, 3, 3), 30)] == [referral.id]
    assert get_referral(db, referral.id).overdue(dt.date(2026, 3, 3), 30)
    meeting = create_meeting(db, "2026-03-10", by=acting(db)).value
    advance(db, referral.id, R.ON_AGENDA, meeting_id=meeting.id, by=acting(db))
    assert overdue_referrals(db, dt.date(2026, 3, 3), 30)  # on an agenda is still undecided
    advance(db, referral.id, R.DECIDED, on="2026-03-10", decision="Да", by=acting(db))
    assert overdue_referrals(db, dt.date(2026, 12, 1), 30) == []


SIGNAL = {"received_on": "2026-10-05", "channel": "letter", "anonymous": False,
          "submitter_name": "Георги Георгиев", "unit": "local_taxes", "area": "local_taxes",
          "description": "Служител поиска пари за ускоряване."}


def test_only_the_signals_officer_reads_or_writes(db):
    for role in (Role.ADVISOR, Role.COORDINATOR, Role.ADMIN, None):
        with pytest.raises(PermissionDenied):
            register_signal(db, SIGNAL, by=acting(db, role) if role else None)
    signal = register_signal(db, SIGNAL, by=acting(db, Role.SIGNALS_OFFICER)).answer()
    with pytest.raises(PermissionDenied):
        get_signal(db, signal.id, role=Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        list_signals(db, role=Role.ADVISOR)
    assert count_signals(db) == 1  # everyone may see that the register exists


def test_signal_changes_are_revisions_with_history(db, advisor):
    signal = register_signal(db, SIGNAL, by=acting(db, Role.SIGNALS_OFFICER)).answer()
    assert signal.number.startswith("SG-2026-") and signal.deadline == "2026-12-05"
    update_signal(db, signal.id, {"status": "forwarded", "forwarded_to": "Прокуратура"},
                  by=acting(db, Role.SIGNALS_OFFICER))
    history = signal_history(db, signal.id, role=OFFICER)
    assert [h[0].revision for h in history] == [1, 2]
    assert set(history[1][1]) == {"status", "forwarded_to"}
    assert history[0][0].description == SIGNAL["description"]  # the first version stays
    assert verify_chains(db) == []


def test_tampering_outside_the_app_is_detected(db):
    signal = register_signal(db, SIGNAL, by=acting(db, Role.SIGNALS_OFFICER)).answer()
    update_signal(db, signal.id, {"status": "answered"}, by=acting(db, Role.SIGNALS_OFFICER))
    db.execute("UPDATE signal_revisions SET description = 'nothing happened' WHERE revision = 1")
    assert verify_chains(db) == [signal.number]


def test_deleting_the_newest_revision_is_detected(db):
    signal = register_signal(db, SIGNAL, by=acting(db, Role.SIGNALS_OFFICER)).answer()
    update_signal(db, signal.id, {"status": "answered"}, by=acting(db, Role.SIGNALS_OFFICER))
    db.execute("DELETE FROM signal_revisions WHERE revision = 2")
    assert verify_chains(db) == [signal.number]


def test_revisions_cannot_collide(db):
    signal = register_signal(db, SIGNAL, by=acting(db, Role.SIGNALS_OFFICER)).answer()
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO signal_revisions (signal_id, revision, received_on, channel, "
                   "description, status, changed_at, prev_hash, hash) "
                   "VALUES (?, 1, '2026-01-01', 'x', 'x', 'x', 'x', 'x', 'x')", [signal.id])


def test_signal_validation(db):
    with pytest.raises(ValidationError) as info:
        register_signal(db, {**SIGNAL, "submitter_name": "", "unit": "nowhere",
                             "received_on": "2999-01-01"}, by=acting(db, Role.SIGNALS_OFFICER))
    assert {e.field for e in info.value.errors} == {"submitter_name", "unit", "received_on"}
    anonymous = register_signal(db, {**SIGNAL, "anonymous": True}, by=acting(db, Role.SIGNALS_OFFICER)).answer()
    assert anonymous.submitter_name == ""


def test_analysis_counts_against_an_independent_count(db):
    data = [("2026-09-03", "local_taxes", "local_taxes"), ("2026-10-01", "local_taxes", "land_relations"),
            ("2026-10-15", "territorial_planning", "construction_permits"),
            ("2026-10-31", "local_taxes", "local_taxes"), ("2026-11-01", "mayor_office", "local_taxes")]
    ids = []
    for received, unit, area in data:
        ids.append(register_signal(db, {**SIGNAL, "received_on": received, "unit": unit,
                                        "area": area}, by=acting(db, Role.SIGNALS_OFFICER)).answer().id)
    # One answered in time; one whose unit was corrected later (the newest revision counts).
    update_signal(db, ids[1], {"status": "answered"}, by=acting(db, Role.SIGNALS_OFFICER))
    update_signal(db, ids[2], {"unit": "local_taxes"}, by=acting(db, Role.SIGNALS_OFFICER))
    result = analyse_signals(db, dt.date(2026, 10, 1), dt.date(2026, 10, 31), today=dt.date(2027, 1, 1))
    units = dict(result.by_unit)
    assert result.total == 3
    assert sum(units.values()) == 3 and max(units.values()) == 3  # all three now local taxes
    assert len(result.by_area) == 3
    assert result.by_month == [("2026-10", 3)]
    assert result.answered == 1 and result.share_in_time == 1.0
    assert result.open_overdue == 2
    empty = analyse_signals(db, dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    assert empty.total == 0 and empty.share_in_time is None


def test_events(db):
    add_event(db, {"kind": "open_door", "held_on": "2026-10-10", "title": "Ден на отворените врати",
                   "participants": "35"})
    with pytest.raises(ValidationError) as info:
        add_event(db, {"kind": "party", "held_on": "", "title": "", "participants": "-3"})
    assert {e.field for e in info.value.errors} == {"kind", "held_on", "title", "participants"}
    october = list_events(db, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert [e.participants for e in october] == [35]


def test_add_months_keeps_month_ends():
    assert add_months(dt.date(2026, 12, 31), 2) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 10, 5), 2) == dt.date(2026, 12, 5)
    assert list(SignalStatus)[0] is SignalStatus.RECEIVED


def test_overdue_count_matches_the_list(db, consultation):
    from bureau.commission.referrals import count_overdue_referrals

    referral = create_referral(db, consultation, "Случай", consent_given=True, by=acting(db)).value
    advance(db, referral.id, R.SUBMITTED, on="2026-01-31", by=acting(db))
    for today, expected in ((dt.date(2026, 3, 2), 0), (dt.date(2026, 3, 3), 1)):
        assert count_overdue_referrals(db, today, 30) == expected == len(
            overdue_referrals(db, today, 30))
