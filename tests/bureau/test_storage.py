"""Storage: schema, migrations, pragmas, saving, reference numbers, editing."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys

import pytest

from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import (
    delete_consultation,
    get_consultation,
    revisions,
    save_consultation,
    update_consultation,
)
from bureau.database import schema
from bureau.domain import DatabaseUnavailable, NotFound, ValidationError
from bureau.opening import init_database, open_database
from bureau.validation import validate_consultation


def save(db, raw):
    lookup = CatalogueLookup(db)
    return save_consultation(db, validate_consultation(raw, lookup), lookup)


def test_core_never_imports_qt():
    import subprocess

    code = (
        "import sys, bureau, bureau.cli, bureau.cli.core_commands, bureau.database, "
        "bureau.consultations.importer, bureau.consultations.exporter, bureau.demo, bureau.database.checks;"
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_tables_exist_with_uuid_timestamps_and_soft_delete(db):
    for table in ("advisors", "categories", "services", "citizens", "consultations", "referrals",
                  "meetings", "signals", "events", "signal_units", "activity_areas"):
        columns = db[table].columns_dict
        assert {"uuid", "created_at", "updated_at", "deleted_at"} <= set(columns), table
    assert db["consultation_issues"].exists()
    assert db["signal_revisions"].exists()
    assert db["settings"].exists()


def test_file_database_pragmas(file_db):
    assert file_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert file_db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert file_db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_init_twice_changes_nothing(tmp_path):
    path = tmp_path / "b.db"
    first = init_database(path, bureau_name="Бюро", municipality="Кресна")
    counts = {t: first[t].count for t in first.table_names()}
    stamps = first.execute("SELECT key, updated_at FROM settings").fetchall()
    first.close()
    second = init_database(path, bureau_name="Бюро", municipality="Кресна")
    assert {t: second[t].count for t in second.table_names()} == counts
    assert second.execute("SELECT key, updated_at FROM settings").fetchall() == stamps
    assert second.execute("PRAGMA user_version").fetchone()[0] == schema.latest_version()


def test_seed_catalogues_loaded(db):
    lookup = CatalogueLookup(db)
    assert "local_taxes" in lookup.categories
    assert lookup.categories["local_taxes"].name_bg
    assert lookup.categories["local_taxes"].name_ru
    assert len(lookup.services) >= 20
    # Never invent IISDA numbers: the seed carries none.
    assert all(not entry.iisda_number for entry in lookup.services.values())
    # A topic can be typed in either language.
    assert lookup.category_code(lookup.categories["health"].name_ru.upper()) == "health"


def test_missing_file_is_not_created_without_init(tmp_path):
    with pytest.raises(DatabaseUnavailable) as info:
        open_database(tmp_path / "typo.db")
    assert "bureau-cli init" in str(info.value)
    assert not (tmp_path / "typo.db").exists()


def test_not_a_database_is_reported_and_left_alone(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is a shopping list, not a database" * 100)
    with pytest.raises(DatabaseUnavailable) as info:
        open_database(path)
    assert "damaged" in str(info.value)
    assert path.read_bytes().startswith(b"this is a shopping list")


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    db = init_database(path)
    db["_sqlite_migrations"].insert({"migration_set": "bureau", "name": "9999_future",
                                     "applied_at": "2030-01-01"})
    db.close()
    with pytest.raises(DatabaseUnavailable) as info:
        open_database(path)
    assert "newer version" in str(info.value)


def test_save_issues_reference_and_stores_everything(db, make_raw):
    consultation_id, reference = save(db, make_raw(issues=[("local_taxes", None), (None, "building_permit")]))
    assert reference == "2026-000001"
    saved = get_consultation(db, reference)
    assert saved.id == consultation_id
    assert saved.citizen.full_name == "Петрова Иванка"
    assert [i.category_code for i in saved.issues][0] == "local_taxes"
    assert len(saved.issues) == 2
    assert saved.issues[1].service_code == "building_permit"
    assert saved.consent_record is True
    row = db.execute("SELECT consent_record_at FROM citizens").fetchone()
    assert row[0] is not None  # consent recorded with its date


def test_reference_numbers_gap_free_per_year_and_failed_save_leaves_no_gap(db, make_raw):
    refs = [save(db, make_raw())[1] for _ in range(3)]
    assert refs == ["2026-000001", "2026-000002", "2026-000003"]
    lookup = CatalogueLookup(db)
    data = validate_consultation(make_raw(), lookup)
    data.advisor_id = 999_999  # breaks the foreign key inside the transaction
    with pytest.raises(sqlite3.IntegrityError):
        save_consultation(db, data, lookup)
    assert save(db, make_raw())[1] == "2026-000004"
    old = save(db, make_raw(occurred_at=dt.datetime(2025, 12, 31, 23, 59)))[1]
    assert old == "2025-000001"


def test_deleted_numbers_are_never_reused(db, make_raw):
    first_id, _ = save(db, make_raw())
    delete_consultation(db, first_id)
    assert save(db, make_raw())[1] == "2026-000002"
    with pytest.raises(NotFound):
        get_consultation(db, "2026-000001")


def test_edit_keeps_history(db, make_raw, advisor):
    consultation_id, reference = save(db, make_raw())
    lookup = CatalogueLookup(db)
    changed = validate_consultation(make_raw(question="Друг въпрос за такса смет"), lookup)
    update_consultation(db, consultation_id, changed, changed_by=advisor, lookup=lookup)
    assert get_consultation(db, consultation_id).question == "Друг въпрос за такса смет"
    assert get_consultation(db, consultation_id).reference == reference
    history = revisions(db, consultation_id)
    assert len(history) == 1
    assert history[0]["snapshot"]["question"] == "Как да платя данък сгради?"
    assert history[0]["changed_by"] == advisor


def test_validation_error_leaves_database_untouched(db, make_raw):
    with pytest.raises(ValidationError):
        save(db, make_raw(question=""))
    assert db["consultations"].count == 0
    assert db["citizens"].count == 0
