"""The monthly counts through the bulk writes (retention, import, the demo, a hand
deletion), the migration that fills them, and the check that compares them."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest

from bureau.catalogue import seed_catalogues
from bureau.consultations.exporter import export_consultations
from bureau.consultations.operations import import_journal
from bureau.database import month_counts, schema
from bureau.database.checks import run_checks
from bureau.database.connection import connect, write_transaction
from bureau.demo import generate
from bureau.opening import init_database, open_database
from bureau.privacy.retention import apply_retention
from bureau.reports.figures import build_report
from tests.acting import acting
from tests.bureau.test_month_counts import NOW, PERIODS, assert_reports_as_recounted

DEMO_DAY = dt.date(2026, 11, 20)


@pytest.fixture
def demo(db):
    """A small demo bureau: 13 months of consultations, people coming back."""
    with write_transaction(db):  # as bureau-cli demo does
        generate(db, consultations=400, seed=5, today=DEMO_DAY)
    return db


def test_the_demo_s_counts_are_exact(demo):
    assert demo.execute("SELECT count(*) FROM month_people WHERE prev_month <> ''"
                        ).fetchone()[0] > 0  # returning people, in several months
    assert_reports_as_recounted(demo)


def counts(db) -> dict[str, list[tuple]]:
    return {table: sorted(db.execute(f"SELECT * FROM {table} WHERE {column} <> 0").fetchall())
            for table, column in month_counts.COUNT_COLUMN.items()}


def test_the_demo_s_bulk_fill_equals_what_the_triggers_keep(demo, monkeypatch):
    """The demo sets the triggers aside and refills once; row by row they make the same."""
    monkeypatch.setattr(month_counts, "bulk_load", lambda db: contextlib.nullcontext())
    by_triggers = init_database(memory=True)
    with write_transaction(by_triggers):
        generate(by_triggers, consultations=400, seed=5, today=DEMO_DAY)
    assert counts(by_triggers) == counts(demo)
    assert all(counts(demo).values())
    assert {row[1] for row in demo.execute("SELECT * FROM sqlite_master WHERE type = 'trigger'")} \
        >= {"month_counts_consultation_insert", "month_counts_citizen_update"}


def test_a_refill_writes_what_the_triggers_kept(demo):
    edited = demo.execute("SELECT id FROM consultations WHERE citizen_id IS NOT NULL "
                          "ORDER BY id DESC LIMIT 3").fetchall()
    demo.execute("UPDATE consultations SET occurred_at = '2025-12-01 09:00', satisfaction = 2 "
                 f"WHERE id IN ({','.join(str(row[0]) for row in edited)})")
    kept = counts(demo)
    with write_transaction(demo):
        month_counts.refill(demo)
    assert counts(demo) == kept


def test_retention_keeps_the_counts_exact(demo):
    taken = apply_retention(demo, by=acting(demo), today=dt.date(2030, 1, 1), years=1,
                            dry_run=False).value.citizen_ids
    assert taken
    assert_reports_as_recounted(demo)


def test_an_imported_journal_is_counted(demo, tmp_path):
    journal = tmp_path / "journal.csv"
    assert export_consultations(demo, "csv", journal) > 300
    target = init_database(memory=True)
    assert import_journal(target, journal, by=acting(target)).count > 300
    assert_reports_as_recounted(target)
    assert build_report(target, PERIODS[0], NOW).current.contacts == \
        build_report(demo, PERIODS[0], NOW).current.contacts > 0


def test_a_consultation_deleted_by_hand_leaves_the_counts_with_its_issues(demo):
    # Its history and slips would keep it; one without them can go (the issues by cascade).
    victim = demo.execute(
        "SELECT k.id FROM consultations k JOIN consultation_issues i ON i.consultation_id = k.id "
        "WHERE k.deleted_at IS NULL AND k.citizen_id IS NOT NULL AND k.occurred_at >= '2026-10' "
        "AND k.id NOT IN (SELECT consultation_id FROM referrals) ORDER BY k.id LIMIT 1"
    ).fetchone()[0]
    before = build_report(demo, PERIODS[0], NOW).current
    demo.execute("DELETE FROM consultations WHERE id = ?", [victim])
    after = build_report(demo, PERIODS[0], NOW).current
    assert after.contacts == before.contacts - 1 and after.issues < before.issues
    assert_reports_as_recounted(demo)


def test_the_migration_fills_the_counts_as_the_records_say(tmp_path):
    path = tmp_path / "old.db"
    old = connect(path)
    schema.migrations.apply(old, stop_before="0012_month_counts")
    old.execute("PRAGMA user_version = 11")
    seed_catalogues(old)
    with write_transaction(old):  # as bureau-cli demo does
        generate(old, consultations=500, seed=9, today=DEMO_DAY)
    before = [build_report(old, period, NOW, recount=True) for period in PERIODS]
    old.close()
    migrated = open_database(path)
    assert "0012_month_counts" in schema.applied_names(migrated)
    for period, report in zip(PERIODS, before, strict=True):
        after = build_report(migrated, period, NOW)
        assert (after.current, after.previous, after.year_before, after.trend) == \
            (report.current, report.previous, report.year_before, report.trend)
    assert all(result.ok for result in run_checks(migrated))


@pytest.mark.parametrize("damage", [
    "UPDATE month_contacts SET rated = rated + 1 WHERE month = '2026-10' AND channel = 'phone'",
    "DELETE FROM month_issues WHERE month = '2026-10' AND issues > 0 AND category_id = "
    "(SELECT min(category_id) FROM month_issues WHERE month = '2026-10' AND issues > 0)",
    "UPDATE month_people SET people = people - 1 WHERE (month, prev_month, settlement, age_band, "
    "gender) = (SELECT month, prev_month, settlement, age_band, gender FROM month_people "
    "WHERE month = '2026-10' AND people > 0 LIMIT 1)",
    "INSERT INTO month_citizens VALUES ('2026-10', 999999, 1)",
])
def test_check_reports_counts_that_differ_from_the_records(demo, damage):
    assert all(result.ok for result in run_checks(demo))
    demo.execute(damage)
    failed = [result for result in run_checks(demo) if not result.ok]
    assert [result.name for result in failed] == ["Monthly counts of the report"]
    assert "2026-" in failed[0].render()
