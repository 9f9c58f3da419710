"""The read-only way in (``bureau.database.plain.open_current``) opens a current database
as ``open_database`` does, declines any other, and the read functions answer the
same over either connection."""

from __future__ import annotations

import contextlib
import sqlite3

import pytest

from bureau.catalogue import CatalogueLookup
from bureau.consultations.register import RegisterFilter, count_consultations, list_keys, search
from bureau.consultations.store import save_consultation
from bureau.database import schema
from bureau.database.plain import MSG_CORRUPT, MSG_NOT_INITIALISED, SCHEMA_MIGRATIONS, open_current
from bureau.domain import DatabaseUnavailable
from bureau.opening import open_database
from bureau.trust.advisors import add_advisor
from bureau.validation import validate_consultation
from tests.conftest import consultation_raw

PRAGMAS = ("busy_timeout", "foreign_keys", "recursive_triggers", "secure_delete",
           "journal_mode", "synchronous")


def test_the_schema_list_is_the_schema():
    assert list(SCHEMA_MIGRATIONS) == [m.name for m in schema.migrations._migrations]


@pytest.fixture
def path(file_db, tmp_path):
    advisor = add_advisor(file_db, "Мария Стоянова")
    for name, question in (("Лазаров Иван", "Пенсия за инвалидност"),
                           ("Лазарова Силвия", "Сигнал за лекарски кабинет"),
                           ("Петров Георги", "Данък сгради за вила")):
        raw = consultation_raw(advisor, question=question,
                               citizen={"full_name": name, "settlement": "Кресна"})
        lookup = CatalogueLookup(file_db)
        save_consultation(file_db, validate_consultation(raw, lookup), lookup)
    file_db.close()
    return tmp_path / "bureau.db"


def test_a_current_database_opens_with_the_same_pragmas(path):
    plain = open_current(path)
    full = open_database(path)
    try:
        assert plain is not None
        for pragma in PRAGMAS:
            assert (plain.execute(f"PRAGMA {pragma}").fetchone()
                    == full.execute(f"PRAGMA {pragma}").fetchone()), pragma
    finally:
        plain.close()
        full.close()


def test_the_read_functions_answer_alike_over_either_connection(path):
    with contextlib.closing(open_current(path)) as plain, \
            contextlib.closing(open_database(path)) as full:
        for text in ("лазар", "Lazarov", "Лазрова", "2026-", "вила", "нищо"):
            assert search(plain, text) == search(full, text), text
            flt = RegisterFilter(text=text)
            assert count_consultations(plain, flt) == count_consultations(full, flt), text
            assert list_keys(plain, flt) == list_keys(full, flt), text
        assert search(plain, "лазар") != []


def _set(path, *statements: str) -> None:
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        for statement in statements:
            conn.execute(statement)


@pytest.mark.parametrize("statements", [
    (f"PRAGMA user_version = {len(SCHEMA_MIGRATIONS) + 1}",),  # newer
    (f"PRAGMA user_version = {len(SCHEMA_MIGRATIONS) - 1}",  # older
     "DELETE FROM _sqlite_migrations WHERE name = '0011_consultation_words'"),
    ("UPDATE _sqlite_migrations SET name = '0011_other' WHERE name = '0011_consultation_words'",),
    ("DROP TABLE _sqlite_migrations",),
], ids=["newer", "older", "unknown-migration", "no-migrations"])
def test_any_other_schema_is_declined_for_open_database_to_answer(path, statements):
    _set(path, *statements)
    assert open_current(path) is None


def test_a_missing_or_foreign_file_is_refused_as_open_database_does(tmp_path):
    with pytest.raises(DatabaseUnavailable) as missing:
        open_current(tmp_path / "nowhere.db")
    assert missing.value.msgid == MSG_NOT_INITIALISED
    assert not (tmp_path / "nowhere.db").exists()
    garbage = tmp_path / "letter.db"
    garbage.write_bytes(b"Dear council, " * 500)
    with pytest.raises(DatabaseUnavailable) as foreign:
        open_current(garbage)
    assert foreign.value.msgid == MSG_CORRUPT
