"""The monthly counts (migration 0012) stay exactly equal to a recount from the records
through every kind of write, so the report read from them shows what the recount shows:
for a month, the month before, a quarter, a year and the 12-month trend."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bureau.catalogue import CatalogueLookup
from bureau.citizens.store import merge_citizens
from bureau.consultations.operations import (
    edit_consultation,
    record_consultation,
    remove_consultation,
)
from bureau.database import month_counts
from bureau.domain import AgeBand, Channel, Gender, HelpLevel, Outcome, Role
from bureau.opening import init_database
from bureau.privacy.retention import apply_retention
from bureau.privacy.rights import erase_person
from bureau.reports.figures import build_report
from bureau.reports.period import Period
from bureau.validation import validate_consultation
from tests.acting import acting
from tests.conftest import consultation_raw

NOW = dt.datetime(2026, 12, 31, 12, 0)
MONTHS = [dt.date(2025, 9, 1), dt.date(2025, 10, 1), dt.date(2025, 12, 1), dt.date(2026, 3, 1),
          dt.date(2026, 8, 1), dt.date(2026, 9, 1), dt.date(2026, 10, 1), dt.date(2026, 11, 1)]
PERIODS = [Period.months(dt.date(2026, 10, 1)), Period.months(dt.date(2026, 9, 1)),
           Period.months(dt.date(2026, 8, 1), dt.date(2026, 10, 1)),
           Period.months(dt.date(2026, 1, 1), dt.date(2026, 12, 1)),
           Period.months(dt.date(2025, 10, 1), dt.date(2026, 9, 1))]
# Spaces around a settlement: the report groups people by the trimmed name.
SETTLEMENTS = ["Кресна", " Кресна ", "Ощава", ""]


def assert_reports_as_recounted(db) -> None:
    """The counts equal a recount, and so does every report read from them."""
    assert month_counts.differing_months(db) == {}
    for period in PERIODS:
        counted, recounted = build_report(db, period, NOW), build_report(db, period, NOW,
                                                                         recount=True)
        for name in ("current", "previous", "year_before"):
            assert getattr(counted, name) == getattr(recounted, name), (period, name)
        assert counted.trend == recounted.trend


def raw_visit(db, draw, advisors: list[int]) -> dict:
    lookup = CatalogueLookup(db)
    categories = sorted(lookup.categories)
    services = {code: [s for s, e in lookup.services.items() if e.category_code == code]
                for code in categories}
    issues = []
    for category in draw(st.lists(st.sampled_from(categories[:5]), min_size=1, max_size=2,
                                  unique=True)):
        service = draw(st.sampled_from([None, *services[category][:2]]))
        issues.append((category, service))
    people = [row[0] for row in db.execute(
        "SELECT id FROM citizens WHERE merged_into_id IS NULL AND anonymised_at IS NULL")]
    who = draw(st.sampled_from(["new", "anonymous"] + (["known"] if people else [])))
    person: dict = {"citizen": None}
    if who == "new":
        person = {"citizen": {"full_name": draw(st.sampled_from(["Петрова Иванка", "Иван Лазаров"])),
                              "settlement": draw(st.sampled_from(SETTLEMENTS)),
                              "age_band": draw(st.sampled_from(list(AgeBand))).value,
                              "gender": draw(st.sampled_from(list(Gender))).value}}
    elif who == "known":
        person = {"citizen": None, "citizen_id": draw(st.sampled_from(people))}
    month = draw(st.sampled_from(MONTHS))
    outcome = draw(st.sampled_from([o for o in Outcome if o is not Outcome.PENDING]))
    return consultation_raw(
        draw(st.sampled_from(advisors)),
        occurred_at=dt.datetime(month.year, month.month, draw(st.integers(1, 28)), 10, 0),
        channel=draw(st.sampled_from(list(Channel))).value,
        help_level=draw(st.sampled_from(list(HelpLevel))).value, outcome=outcome.value,
        satisfaction=draw(st.sampled_from([None, 1, 4, 5])), issues=issues,
        consent_record=who != "anonymous", **person)


def live_consultations(db) -> list[int]:
    return [row[0] for row in db.execute("SELECT id FROM consultations WHERE deleted_at IS NULL")]


def step(db, draw, advisors: list[int]) -> None:
    """One write of a kind drawn at random."""
    by = acting(db)
    lookup = CatalogueLookup(db)
    live = live_consultations(db)
    deleted = [row[0] for row in db.execute(
        "SELECT id FROM consultations WHERE deleted_at IS NOT NULL")]
    people = [row[0] for row in db.execute(
        "SELECT id FROM citizens WHERE merged_into_id IS NULL AND anonymised_at IS NULL")]
    kinds = ["record"] + (["edit", "remove", "outcome"] if live else []) \
        + (["undelete"] if deleted else []) \
        + (["erase", "person", "retention"] if people else []) + (["merge"] if len(people) > 1 else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "record":
        record_consultation(db, validate_consultation(raw_visit(db, draw, advisors), lookup), by=by)
    elif kind == "edit":
        edit_consultation(db, draw(st.sampled_from(live)),
                          validate_consultation(raw_visit(db, draw, advisors), lookup), by=by)
    elif kind == "remove":
        remove_consultation(db, draw(st.sampled_from(live)), by=by)
    elif kind == "outcome":  # as a referral does: help level and outcome change in place
        db.execute("UPDATE consultations SET outcome = 'referred', help_level = 'referral' "
                   "WHERE id = ?", [draw(st.sampled_from(live))])
    elif kind == "undelete":  # no command does it; a hand edit must not skew the report
        db.execute("UPDATE consultations SET deleted_at = NULL WHERE id = ?",
                   [draw(st.sampled_from(deleted))])
    elif kind == "erase":
        erase_person(db, draw(st.sampled_from(people)), by=by)
    elif kind == "retention":  # everyone without an open matter is past a year by 2030
        apply_retention(db, by=by, today=dt.date(2030, 1, 1), years=1, dry_run=False)
    elif kind == "person":  # the record's settlement, age band or gender change
        column, value = draw(st.sampled_from(
            [("settlement", s) for s in SETTLEMENTS] + [("age_band", AgeBand.FROM_65.value),
                                                        ("gender", Gender.FEMALE.value)]))
        db.execute(f"UPDATE citizens SET {column} = ? WHERE id = ?",
                   [value, draw(st.sampled_from(people))])
    else:
        keep, merge = draw(st.lists(st.sampled_from(people), min_size=2, max_size=2, unique=True))
        merge_citizens(db, keep, merge, by=by)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_kind_of_write_keeps_the_counts_exact(data):
    db = init_database(memory=True, bureau_name="Test bureau")
    advisors = [acting(db).id, acting(db, Role.ADVISOR).id]
    for _ in range(data.draw(st.integers(1, 12), label="steps")):
        step(db, data.draw, advisors)
        assert_reports_as_recounted(db)
