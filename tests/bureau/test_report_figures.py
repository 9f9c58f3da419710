"""Monthly report figures against counts made by hand and by a naive recount.

The dataset (October 2024, with September 2024 and October 2023 to compare)
is small enough to count on paper; ``naive_breakdowns`` recounts it row by
row in Python, independently of the report's SQL.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from acting import acting

from bureau.catalogue import CatalogueLookup
from bureau.commission.referrals import advance, create_meeting, create_referral
from bureau.consultations.store import delete_consultation, save_consultation
from bureau.database.settings import set_settings
from bureau.domain import ReferralStatus, Role
from bureau.i18n import use_locale
from bureau.reports.disclosure import HIDDEN, SMALL, mask_column
from bureau.reports.figures import build_report, monthly_contacts, period_figures
from bureau.reports.period import Period, parse_month
from bureau.reports.summary import summary_text
from bureau.reports.tables import build_sections
from bureau.signals.register import register_signal, update_signal
from bureau.trust.advisors import add_advisor
from bureau.validation import validate_consultation

OCTOBER = Period.months(dt.date(2024, 10, 1))
SEPTEMBER = Period.months(dt.date(2024, 9, 1))
NOVEMBER = Period.months(dt.date(2024, 11, 1))
EMPTY_MONTH = Period.months(dt.date(2024, 6, 1))
NAMES = ("Иванка Петрова", "Георги Димитров", "Елена Борисова", "Стоян Колев",
         "Мария Стоянова", "Петър Ангелов")
LATER = dt.datetime(2030, 1, 1)  # validation refuses future dates; the tests must not age


def save(db, advisor_id: int, when: str, *, citizen=None, citizen_id=None,
         issues=(("local_taxes", None),), **extra) -> tuple[int, int | None]:
    raw = {"occurred_at": when, "channel": "in_person", "advisor_id": advisor_id,
           "issues": list(issues), "question": "Въпрос", "answer": "Отговор",
           "help_level": "information", "outcome": "resolved", "consent_record": True,
           "consent_share": True, **extra}
    if citizen:
        raw["citizen"] = citizen
    if citizen_id:
        raw["citizen_id"] = citizen_id
    lookup = CatalogueLookup(db)
    consultation_id, _reference = save_consultation(
        db, validate_consultation(raw, lookup, now=LATER), lookup)
    row = db.execute("SELECT citizen_id FROM consultations WHERE id = ?", [consultation_id]).fetchone()
    return consultation_id, row[0]


def _referral(db, consultation_id: int, made: str, submitted: str | None,
              decided: str | None = None) -> None:
    referral = create_referral(db, consultation_id, "Случаят", today=dt.date.fromisoformat(made), by=acting(db)).value
    # create_referral stamps the real clock; the report reads the day it was made.
    db.execute("UPDATE referrals SET created_at = ? WHERE id = ?", [f"{made}T10:00:00", referral.id])
    if submitted:
        advance(db, referral.id, ReferralStatus.SUBMITTED, on=submitted, by=acting(db))
    if decided:
        meeting = create_meeting(db, decided, by=acting(db)).value
        advance(db, referral.id, ReferralStatus.ON_AGENDA, meeting_id=meeting.id, by=acting(db))
        advance(db, referral.id, ReferralStatus.DECIDED, on=decided, decision="Препоръка", by=acting(db))


def build_dataset(db) -> dict:
    """The known bureau; returns the ids a test may need."""
    set_settings(db, bureau_name="БИСГ Кресна", municipality="Община Кресна",
                 referral_overdue_days="30")
    maria = add_advisor(db, "Мария Стоянова")
    petar = add_advisor(db, "Петър Ангелов")
    # Иванка: September, then October (a returning citizen in October).
    sep_visit, ivanka = save(db, maria, "2024-09-10 10:00", citizen={
        "full_name": "Иванка Петрова", "settlement": "Кресна", "age_band": "45_64",
        "gender": "female"}, satisfaction=4)
    save(db, petar, "2024-10-05 09:30", citizen_id=ivanka, channel="phone", satisfaction=5)
    # Георги: first visit at 23:59 on the last day of October, with two issues.
    last_minute, georgi = save(db, maria, "2024-10-31 23:59", citizen={
        "full_name": "Георги Димитров", "settlement": "Ощава", "age_band": "65_plus",
        "gender": "male"}, issues=[("local_taxes", None),
                                   ("social_assistance", "warm_lunch")],
        help_level="advice", outcome="pending")
    # Елена: twice in October, counted once.
    elena_first, elena = save(db, maria, "2024-10-02 11:00", citizen={
        "full_name": "Елена Борисова", "settlement": "Кресна", "age_band": "30_44",
        "gender": "female"}, issues=[("civil_registration", None)], satisfaction=2)
    save(db, petar, "2024-10-20 14:00", citizen_id=elena, issues=[("civil_registration", None)],
         outcome="signposted")
    # Two anonymous visits in October.
    save(db, maria, "2024-10-03 10:00", issues=[("health", None)], channel="email")
    save(db, maria, "2024-10-15 16:45", issues=[("local_taxes", None)])
    # Just outside October on either side, and a deleted one inside it.
    save(db, petar, "2024-11-01 00:00", citizen_id=georgi)
    save(db, maria, "2024-09-30 23:59", issues=[("health", None)])
    deleted, _ = save(db, maria, "2024-10-10 10:00", citizen={"full_name": "Стоян Колев"},
                      issues=[("other", None)])
    delete_consultation(db, deleted)
    # A year before: one person, new then.
    save(db, petar, "2023-10-10 10:00", citizen={"full_name": "Стоян Колев",
                                                 "settlement": "Влахи"})

    # Referrals (30 days): overdue at the end of October are the ones
    # submitted on 20 and 30 September; the one of 1 October is exactly 30
    # days old on the 31st, not more.
    _referral(db, sep_visit, "2024-09-19", "2024-09-20", decided="2024-11-05")
    _referral(db, last_minute, "2024-09-29", "2024-09-30")
    _referral(db, elena_first, "2024-10-01", "2024-10-01")
    anonymous_sep = db.execute("SELECT id FROM consultations WHERE occurred_at = "
                               "'2024-09-30 23:59'").fetchone()[0]
    _referral(db, anonymous_sep, "2024-09-01", "2024-09-01", decided="2024-10-15")

    # Signals: counted by their latest revision.
    officer = acting(db, Role.SIGNALS_OFFICER)
    first = register_signal(db, {"received_on": "2024-09-30", "channel": "email",
                                 "anonymous": True, "unit": "", "area": "",
                                 "description": "Тайно описание"}, by=officer).answer()
    update_signal(db, first.id, {"received_on": "2024-10-01", "unit": "mayor_office",
                                 "area": "public_procurement"}, by=officer)
    register_signal(db, {"received_on": "2024-10-20", "channel": "phone", "anonymous": True,
                         "unit": "mayor_office", "description": "Друго"}, by=officer)

    for held_on, kind, participants in (("2024-10-08", "open_door", 12),
                                        ("2024-10-22", "training", 30),
                                        ("2024-09-15", "campaign", 50)):
        db.execute("INSERT INTO events (uuid, kind, held_on, title, participants, created_at, "
                   "updated_at) VALUES (?, ?, ?, 'Събитие', ?, '2024-01-01', '2024-01-01')",
                   [f"e-{held_on}", kind, held_on, participants])
    return {"ivanka": ivanka, "georgi": georgi, "elena": elena, "maria": maria, "petar": petar}


@pytest.fixture
def dataset(db):
    return build_dataset(db)


def naive_breakdowns(db, period: Period) -> dict:
    """Every row read into Python and counted by hand: the reference to check against."""
    rows = db.execute(
        "SELECT k.id, k.occurred_at, k.channel, k.help_level, k.outcome, k.advisor_id, "
        "k.citizen_id, k.satisfaction, k.deleted_at FROM consultations k").fetchall()
    start, end = period.start, period.end
    inside = [r for r in rows if r[8] is None
              and start <= dt.datetime.fromisoformat(r[1]).date() <= end]
    ids = {r[0] for r in inside}
    issues = db.execute("SELECT i.consultation_id, c.code, s.code FROM consultation_issues i "
                        "JOIN categories c ON c.id = i.category_id "
                        "LEFT JOIN services s ON s.id = i.service_id").fetchall()
    citizens = {row[0]: row[1:] for row in db.execute(
        "SELECT id, settlement, age_band, gender FROM citizens").fetchall()}
    people = {r[6] for r in inside if r[6] is not None}
    earlier = {r[6] for r in rows if r[8] is None and r[6] is not None
               and dt.datetime.fromisoformat(r[1]).date() < start}
    ratings = [r[7] for r in inside if r[7] is not None]
    return {
        "contacts": len(inside),
        "anonymous_visits": sum(1 for r in inside if r[6] is None),
        "named_people": len(people),
        "returning_people": len(people & earlier),
        "issues": sum(1 for i in issues if i[0] in ids),
        "by_category": Counter(i[1] for i in issues if i[0] in ids),
        "by_service": Counter(i[2] for i in issues if i[0] in ids and i[2]),
        "by_channel": Counter(r[2] for r in inside),
        "by_help_level": Counter(r[3] for r in inside),
        "by_outcome": Counter(r[4] for r in inside),
        "by_advisor": Counter(r[5] for r in inside),
        "by_settlement": Counter(citizens[c][0] for c in people),
        "by_age_band": Counter(citizens[c][1] for c in people),
        "by_gender": Counter(citizens[c][2] for c in people),
        "satisfaction_ratings": len(ratings),
        "satisfaction_total": sum(ratings),
    }


def test_periods_and_their_comparisons():
    assert parse_month("2026-10") == dt.date(2026, 10, 1)
    for bad in ("2026-13", "10.2026", "2026", "", "2026-1-1", "abcd-ef"):
        with pytest.raises(ValueError):
            parse_month(bad)
    quarter = Period.months(dt.date(2026, 10, 1), dt.date(2026, 12, 1))
    assert (quarter.start, quarter.end) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert quarter.previous() == Period(dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert quarter.year_before() == Period(dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    march = Period.months(dt.date(2024, 3, 1))
    assert march.previous() == Period(dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert (march.start_text, march.end_text) == ("2024-03-01", "2024-04-01")
    with use_locale("bg"):
        assert OCTOBER.label() == "октомври 2024"
        assert quarter.label() == "октомври \u2013 декември 2026"
    with use_locale("ru"):
        assert OCTOBER.label() == "октябрь 2024"


def test_october_counted_by_hand(db, dataset):
    fig = period_figures(db, OCTOBER)
    # Иванка, Георги (23:59 on the 31st), Елена twice, two anonymous visits;
    # not the deleted one, not 1 November 00:00, not 30 September 23:59.
    assert fig.contacts == 6
    assert fig.anonymous_visits == 2
    assert (fig.named_people, fig.new_people, fig.returning_people) == (3, 2, 1)
    assert fig.people == 5
    assert fig.issues == 7  # Георги raised two
    assert fig.by_category == {"local_taxes": 3, "civil_registration": 2, "health": 1,
                               "social_assistance": 1}
    assert fig.by_service == {"warm_lunch": 1}
    assert fig.by_channel == {"in_person": 4, "phone": 1, "email": 1}
    assert fig.by_settlement == {"Кресна": 2, "Ощава": 1}
    assert fig.by_age_band == {"45_64": 1, "65_plus": 1, "30_44": 1}
    assert fig.by_gender == {"female": 2, "male": 1}
    assert fig.by_advisor == {dataset["maria"]: 4, dataset["petar"]: 2}
    assert (fig.satisfaction_ratings, fig.satisfaction_total) == (2, 7)
    assert fig.satisfaction_average == pytest.approx(3.5)
    assert (fig.events, fig.event_participants) == (2, 42)
    assert fig.events_by_kind == {"open_door": 1, "training": 1}


def test_last_minute_of_the_month_belongs_to_it(db, dataset):
    october = period_figures(db, OCTOBER)
    november = period_figures(db, NOVEMBER)
    # Георги at 23:59 on 31 October: his is the only social-assistance issue.
    assert october.by_category.get("social_assistance") == 1
    assert "social_assistance" not in november.by_category
    assert november.contacts == 1 and november.returning_people == 1  # 1 November 00:00
    assert period_figures(db, SEPTEMBER).contacts == 2  # incl. 30 September 23:59


@pytest.mark.parametrize("period", [OCTOBER, SEPTEMBER, NOVEMBER, EMPTY_MONTH,
                                    Period.months(dt.date(2023, 10, 1)),
                                    Period.months(dt.date(2024, 9, 1), dt.date(2024, 11, 1))])
def test_every_breakdown_matches_an_independent_count(db, dataset, period):
    fig = period_figures(db, period)
    expected = naive_breakdowns(db, period)
    for name, value in expected.items():
        actual = getattr(fig, name)
        assert (dict(actual) if isinstance(actual, dict) else actual) == \
               (dict(value) if isinstance(value, Counter) else value), name
    assert fig.new_people == expected["named_people"] - expected["returning_people"]


def test_a_code_the_enums_do_not_know_is_counted_not_lost(db, dataset):
    # Written by another tool or an older version: still a contact of the month.
    db.execute("UPDATE consultations SET channel = 'fax' WHERE occurred_at = '2024-10-05 09:30'")
    fig = period_figures(db, OCTOBER)
    assert fig.by_channel == {"in_person": 4, "email": 1, "": 1}
    assert sum(fig.by_channel.values()) == fig.contacts == 6
    report = build_report(db, OCTOBER)
    with use_locale("en"):
        channels = next(s for s in build_sections(report, public=False) if s.key == "channels")
    assert "Not recorded" in [row.label for row in channels.rows]


def test_a_month_without_data(db, dataset):
    fig = period_figures(db, EMPTY_MONTH)
    assert (fig.contacts, fig.people, fig.issues, fig.signals, fig.events) == (0, 0, 0, 0, 0)
    assert fig.satisfaction_average is None and fig.by_category == {}
    report = build_report(db, EMPTY_MONTH)
    assert summary_text(report, public=False) == "No consultations were recorded in this period."
    assert all(section.rows is not None for section in build_sections(report, public=True))


def test_referrals_made_decided_and_overdue_across_a_month_end(db, dataset):
    september, october, november = (period_figures(db, p, overdue_days=30)
                                    for p in (SEPTEMBER, OCTOBER, NOVEMBER))
    assert (september.referrals_made, september.referrals_decided,
            september.referrals_overdue) == (3, 0, 0)
    # 20 and 30 September are more than 30 days before 31 October; 1 October is not.
    assert (october.referrals_made, october.referrals_decided,
            october.referrals_overdue) == (1, 1, 2)
    # By 30 November the 20 September one was decided (5 November); the other two are late.
    assert (november.referrals_made, november.referrals_decided,
            november.referrals_overdue) == (0, 1, 2)
    assert period_figures(db, OCTOBER, overdue_days=40).referrals_overdue == 1


def test_signals_by_their_latest_revision_and_counts_only(db, dataset):
    october = period_figures(db, OCTOBER)
    # The first signal was first entered on 30 September, then corrected to 1 October.
    assert period_figures(db, SEPTEMBER).signals == 0
    assert october.signals == 2
    assert october.signals_by_unit == {"mayor_office": 2}
    assert october.signals_by_area == {"public_procurement": 1, "": 1}
    report = build_report(db, OCTOBER)
    with use_locale("en"):
        text = repr(build_sections(report, public=False)) + summary_text(report, public=False)
    assert "Тайно описание" not in text and "Друго" not in text


def test_comparisons_and_trend(db, dataset):
    report = build_report(db, OCTOBER, now=dt.datetime(2024, 11, 2, 9, 0))
    assert report.previous.period == SEPTEMBER
    assert report.previous.contacts == 2
    assert report.year_before.contacts == 1 and report.year_before.new_people == 1
    assert report.trend[-1] == (dt.date(2024, 10, 1), 6)
    assert report.trend[-2] == (dt.date(2024, 9, 1), 2)
    assert [month for month, _ in report.trend][0] == dt.date(2023, 11, 1)
    assert report.trend == monthly_contacts(db, dt.date(2024, 10, 1))  # counted, not reused
    # Before the bureau's first record nothing is known: no column of zeros, a note instead.
    before = build_report(db, Period.months(dt.date(2023, 10, 1)))
    with use_locale("en"):
        key = build_sections(before, public=False)[0]
    assert [column.header for column in key.columns] == ["Figure", "October 2023"]
    assert key.rows[0].values == [1]
    assert "The records begin on October 10, 2023" in key.notes[-1]
    with use_locale("en"):
        full = build_sections(report, public=False)[0]
    # October 2023 was recorded only from the 10th: no comparison with a half-recorded
    # period (#17 item 2), a note with the reason instead.
    assert [column.header for column in full.columns][1::2] == ["October 2024", "Change"]
    assert full.notes == ["The records begin on October 10, 2023, so there is nothing to "
                          "compare with for October 2023."]


def test_month_counts_come_from_the_index_of_live_consultations(db):
    # At a million consultations, reading each row to test deleted_at cost 0.4 s.
    from bureau.reports.figures import _MONTH_COUNT

    plan = " ".join(row[-1] for row in db.execute(
        "EXPLAIN QUERY PLAN SELECT " + _MONTH_COUNT.format(n=0),
        {"start0": "2024-10-01", "end0": "2024-11-01"}))
    assert "consultations_live" in plan


def test_summary_words_and_plurals(db, dataset):
    report = build_report(db, OCTOBER)
    with use_locale("en"):
        text = summary_text(report, public=False)
    assert "The bureau had 6 contacts with citizens." in text
    assert "That is 200% more than in the previous period." in text
    assert "5 people were helped (new: 2, returning: 1, anonymous visits: 2)." in text
    assert "Most questions concerned \u201cLocal taxes and fees\u201d (43%)" in text
    assert "1 matter was referred to the commission." in text
    assert "2 referrals were overdue at the end of the period." in text
    assert "2 signals of corruption or abuse were received." in text
    assert "The average satisfaction was 3.5 out of 5 (2 ratings)." in text
    with use_locale("en"):
        public = summary_text(report, public=True)
    # Every number in this month is below 5 except the contacts and people.
    assert "The bureau had 6 contacts" in public and "referral" not in public
    assert "signal" not in public


def test_public_suppression_primary_and_secondary():
    assert mask_column([0, 3, 12, 40], public=True, complete=True) == [0, SMALL, HIDDEN, 40]
    assert mask_column([2, 3, 12], public=True, complete=True) == [SMALL, SMALL, 12]
    assert mask_column([3, 12, 40], public=True, complete=False) == [SMALL, 12, 40]
    assert mask_column([3, 12], public=False, complete=True) == [3, 12]


def test_public_tables_hide_small_counts_names_and_derived_numbers(db, dataset):
    set_settings(db, founded_on="2023-10-01")  # October 2023 recorded in full: compared
    report = build_report(db, OCTOBER)
    with use_locale("en"):
        sections = {s.key: s for s in build_sections(report, public=True)}
    assert "advisors" not in sections
    settlements = sections["settlements"]
    # Кресна 2, Ощава 1 now; Влахи only a year before (0 now, shown: it reveals nobody).
    assert [row.label for row in settlements.rows][:3] == ["Кресна", "Ощава", "Влахи"]
    assert [row.values[0] for row in settlements.rows] == [SMALL, SMALL, 0, SMALL]
    assert [row.values[1] for row in settlements.rows] == [None, None, 0.0, None]  # no share of a hidden count
    key = {row.label: row.values for row in sections["key_figures"].rows}
    assert key["Contacts (consultations)"][0] == 6
    assert key["Contacts (consultations)"][2] is None  # a change from 2 would reveal the 2
    assert key["Signals received"][0] == SMALL
    text = repr(sections)
    assert not any(name in text for name in NAMES)
    with use_locale("en"):
        internal = {s.key: s for s in build_sections(report, public=False)}
    assert {row.label for row in internal["advisors"].rows} >= {"Мария Стоянова", "Петър Ангелов"}


def test_periods_counted_side_by_side_match_one_by_one(file_db):
    """On a file database the compared periods are recounted in threads, each with
    its own read-only connection; the figures are those of a plain sequential count
    (and of the monthly counts)."""
    import datetime as dt

    from bureau.demo import generate
    from bureau.reports.figures import _compared_figures, period_figures, referral_counts
    from bureau.reports.period import Period

    generate(file_db, consultations=400, seed=3, months=14, today=dt.date(2026, 10, 20))
    period = Period.months(dt.date(2026, 9, 1))
    periods = [period, period.previous(), period.year_before()]
    referrals = referral_counts(file_db, periods, 30)
    side_by_side = _compared_figures(file_db, periods, 30, referrals, recount=True)
    one_by_one = [period_figures(file_db, p, 30, referrals=r, recount=True)
                  for p, r in zip(periods, referrals, strict=True)]
    assert side_by_side == one_by_one == _compared_figures(file_db, periods, 30, referrals)
    assert side_by_side[0].contacts > 0
