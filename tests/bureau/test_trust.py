"""Accounts, audit log, retention and erasure, access requests, backup and restore."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess

import pytest

from bureau.catalogue import CatalogueLookup
from bureau.consultations.register import search
from bureau.consultations.store import get_consultation, save_consultation
from bureau.database.backup import backup_into_folder, backup_to
from bureau.database.restore import check_restorable, restore
from bureau.domain import BureauError, Role, ValidationError
from bureau.opening import init_database, open_database
from bureau.privacy.retention import apply_retention
from bureau.privacy.rights import erase_person, export_person
from bureau.trust import audit
from bureau.trust.accounts import (
    MAINTENANCE,
    authenticate,
    reset_password,
    set_credentials,
    verify_password,
)
from bureau.trust.advisors import add_advisor
from bureau.validation import validate_consultation
from tests.acting import acting


def save(db, raw):
    lookup = CatalogueLookup(db)
    return save_consultation(db, validate_consultation(raw, lookup), lookup)


def figures(db) -> tuple:
    """What the monthly report counts; anonymisation must not change it."""
    return (
        db.execute("SELECT count(*) FROM consultations WHERE deleted_at IS NULL").fetchone()[0],
        db.execute("SELECT count(DISTINCT citizen_id) FROM consultations").fetchone()[0],
        tuple(db.execute("SELECT category_id, count(*) FROM consultation_issues GROUP BY 1")),
        tuple(db.execute("SELECT settlement, age_band, gender, count(*) FROM citizens GROUP BY 1, 2, 3")),
        tuple(db.execute("SELECT outcome, channel, count(*) FROM consultations GROUP BY 1, 2")),
    )


def test_passwords_are_scrypt_hashes_and_sign_in_works(db, advisor):
    set_credentials(db, advisor, "maria", "дълга парола 1", by=MAINTENANCE)
    stored = db.execute("SELECT password_hash FROM advisors WHERE id = ?", [advisor]).fetchone()[0]
    assert stored.startswith("scrypt$") and "дълга" not in stored
    assert verify_password("дълга парола 1", stored)
    account = authenticate(db, "MARIA", "дълга парола 1")
    assert account.id == advisor
    with pytest.raises(BureauError) as wrong:
        authenticate(db, "maria", "wrong password")
    with pytest.raises(BureauError) as unknown:
        authenticate(db, "nobody", "wrong password")
    assert str(wrong.value) == str(unknown.value)  # never says which part was wrong
    with pytest.raises(ValidationError):
        set_credentials(db, advisor, "maria", "short", by=MAINTENANCE)


def test_coordinator_resets_password_and_advisor_must_change(db, advisor):
    set_credentials(db, advisor, "maria", "first password", by=MAINTENANCE)
    coordinator = add_advisor(db, "Координатор", Role.COORDINATOR)
    set_credentials(db, coordinator, "coord", "coordinator pw", by=MAINTENANCE)
    boss = authenticate(db, "coord", "coordinator pw")
    reset_password(db, advisor, "temporary pw", by=boss)
    assert authenticate(db, "maria", "temporary pw").must_change_password
    plain = authenticate(db, "maria", "temporary pw")
    with pytest.raises(BureauError):
        reset_password(db, coordinator, "hijacked pw", by=plain)


def test_deactivated_advisor_cannot_sign_in_but_keeps_history(db, advisor, make_raw):
    set_credentials(db, advisor, "maria", "first password", by=MAINTENANCE)
    _, reference = save(db, make_raw())
    db.execute("UPDATE advisors SET active = 0 WHERE id = ?", [advisor])
    with pytest.raises(BureauError):
        authenticate(db, "maria", "first password")
    assert get_consultation(db, reference).advisor_name == "Мария Стоянова"


def test_audit_log_is_append_only_and_holds_no_personal_data(db, make_raw):
    consultation_id, _ = save(db, make_raw())
    entries = audit.entries(db)
    assert [(e.action, e.entity, e.entity_id) for e in entries] == [
        (audit.Action.CREATE, "consultation", str(consultation_id))]
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE audit_log SET action = 'view_personal'")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("DELETE FROM audit_log")
    dump = json.dumps([list(row) for row in db.execute("SELECT * FROM audit_log")], ensure_ascii=False)
    assert "Петрова" not in dump and "888" not in dump


def test_erasure_anonymises_keeps_figures_and_is_recorded(db, make_raw):
    first_id, _ = save(db, make_raw(question="Петрова пита за данък сгради"))
    save(db, make_raw(citizen=None, consent_record=False))
    citizen_id = get_consultation(db, first_id).citizen.id
    before = figures(db)
    erase_person(db, citizen_id, reason="писмено искане", by=acting(db))
    assert figures(db) == before
    record = get_consultation(db, first_id)
    assert record.citizen.full_name == "" and record.citizen.phone == ""
    assert "Петрова" not in record.question and "данък сгради" in record.question
    assert search(db, "петрова") == [] and search(db, "petrova") == []
    assert audit.entries(db, action=audit.Action.ERASE)[0].entity_id == str(citizen_id)
    with pytest.raises(BureauError):
        erase_person(db, citizen_id, by=acting(db))


def test_retention_dry_run_then_apply(db, make_raw):
    old_id, _ = save(db, make_raw(occurred_at=dt.datetime(2022, 3, 1, 10, 0)))
    db.execute("UPDATE citizens SET created_at = '2022-03-01T10:00:00'")
    save(db, make_raw(citizen={"full_name": "Нов Човек"}, occurred_at=dt.datetime(2026, 3, 1)))
    before = figures(db)
    today = dt.date(2026, 11, 21)
    dry = apply_retention(db, by=acting(db), today=today, years=3, dry_run=True).answer()
    assert len(dry.citizen_ids) == 1 and not dry.applied
    assert get_consultation(db, old_id).citizen.full_name == "Петрова Иванка"
    done = apply_retention(db, by=acting(db), today=today, years=3, dry_run=False).answer()
    assert done.citizen_ids == dry.citizen_ids
    assert get_consultation(db, old_id).citizen.full_name == ""
    assert figures(db) == before
    assert apply_retention(db, by=acting(db), today=today, years=3, dry_run=True).answer().citizen_ids == []


def test_access_request_json_and_pdf(db, make_raw, tmp_path):
    consultation_id, reference = save(db, make_raw())
    citizen_id = get_consultation(db, consultation_id).citizen.id
    report = export_person(db, citizen_id, tmp_path / "person.json", by=acting(db)).answer()
    data = json.loads((tmp_path / "person.json").read_text("utf-8"))
    assert data["citizen"]["full_name"] == "Петрова Иванка"
    assert [c["reference"] for c in data["consultations"]] == [reference] == \
        [c["reference"] for c in report["consultations"]]
    pdf = tmp_path / "person.pdf"
    export_person(db, citizen_id, pdf, by=acting(db))
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Петрова Иванка" in text and reference in text
    assert len(audit.entries(db, action=audit.Action.ACCESS_REQUEST)) == 2


def test_backup_restore_round_trip(tmp_path, make_raw):
    path = tmp_path / "live.db"
    db = init_database(path)
    advisor = add_advisor(db, "Мария")
    raw = make_raw()
    raw["advisor_id"] = advisor
    save(db, raw)
    copy = backup_to(path, tmp_path / "copy.db")
    save(db, {**raw, "question": "След копието"})
    db.close()
    kept = restore(copy, path)
    reopened = open_database(path)
    assert reopened["consultations"].count == 1
    assert sqlite3.connect(kept).execute("SELECT count(*) FROM consultations").fetchone()[0] == 2


def test_backup_rotation_keeps_newest(tmp_path):
    path = tmp_path / "live.db"
    init_database(path).close()
    folder = tmp_path / "usb"
    for minute in range(5):
        result = backup_into_folder(path, folder, keep=3, now=dt.datetime(2026, 11, 21, 10, minute))
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"bureau-backup-20261121-10{m:02d}00.db" for m in (2, 3, 4)]
    assert len(result.removed) == 1


def test_restore_refuses_junk_and_newer_and_keeps_current(tmp_path):
    live = tmp_path / "live.db"
    init_database(live).close()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"x" * 5000)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    newer = tmp_path / "newer.db"
    db = init_database(newer)
    db["_sqlite_migrations"].insert({"migration_set": "bureau", "name": "9999_x", "applied_at": "x"})
    db.close()
    for bad in (junk, other, newer):
        with pytest.raises(BureauError):
            restore(bad, live)
    check_restorable(live)
    assert open_database(live)["consultations"].exists()


def test_restore_over_a_damaged_database_keeps_it_aside(tmp_path):
    good = tmp_path / "good.db"
    init_database(good).close()
    live = tmp_path / "live.db"
    live.write_bytes(b"damaged beyond reading" * 500)
    kept = restore(good, live)
    assert kept.read_bytes().startswith(b"damaged beyond reading")
    assert open_database(live)["consultations"].exists()
