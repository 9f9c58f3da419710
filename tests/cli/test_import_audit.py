"""Issue #14: an import is audited (who, the file's name, rows imported or refused), and
the entry is written in the same transaction as the rows: through real bureau-cli
processes, and in the core where the transaction's failure must be forced."""

from __future__ import annotations

import sqlite3

import pytest
from test_cli_core import HEADER
from test_roles_hold import bureau_db, cli

from bureau.catalogue import import_catalogue_csv
from bureau.consultations.operations import import_journal
from bureau.domain import ValidationError
from bureau.i18n import use_locale
from bureau.opening import open_database
from bureau.trust import audit
from tests.acting import acting

GOOD = (HEADER + "2026-10-01,Анна Илиева,Петрова Иванка,0888123401,local_taxes,Данък?,"
        "Обяснихме,information,resolved,yes\n"
        "2026-10-02,Анна Илиева,Петров Иван,0888123402,local_taxes,Такса смет?,"
        "Обяснихме,information,resolved,yes\n")
BAD = (HEADER + "2026-10-01,Анна Илиева,,,local_taxes,,x,information,resolved,\n"
       "2026-10-02,Анна Илиева,,,nonsense,Въпрос,x,information,resolved,\n"
       "2026-10-03,Анна Илиева,,,local_taxes,Въпрос,x,information,resolved,\n")


def _entries(db_path: str) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT a.login, l.action, l.entity, l.detail FROM audit_log l "
            "LEFT JOIN advisors a ON a.id = l.actor_id WHERE l.action LIKE 'import%' "
            "ORDER BY l.id").fetchall()


def _consultations(db_path: str) -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT count(*) FROM consultations").fetchone()[0]


def test_cli_import_is_audited_with_who_file_and_rows(tmp_path):
    db = bureau_db(tmp_path / "bureau.db")
    journal = tmp_path / "октомври.csv"
    journal.write_text(GOOD, encoding="utf-8")
    done = cli(db, "--user", "kiril", "import", str(journal), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _consultations(db) == 2
    assert _entries(db) == [("kiril", "import", "consultations", "2 0 октомври.csv")]

    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="utf-8")
    refused = cli(db, "--user", "kiril", "import", str(bad), cwd=tmp_path, locale="bg")
    assert refused.returncode == 3 and "Traceback" not in refused.stderr
    assert _consultations(db) == 2  # nothing of the bad file
    # Rows 2 and 3 are bad (the header is row 1); the refusal is audited too.
    assert _entries(db)[-1] == ("kiril", "import_refused", "consultations", "0 2 bad.csv")

    # Without --user the maintenance user imports: the entry names no advisor.
    again = cli(db, "import", str(journal), cwd=tmp_path, password=None)
    assert again.returncode == 0, again.stderr
    assert _entries(db)[-1] == (None, "import", "consultations", "2 0 октомври.csv")


def test_a_wrong_password_imports_nothing_and_audits_no_import(tmp_path):
    db = bureau_db(tmp_path / "bureau.db")
    journal = tmp_path / "j.csv"
    journal.write_text(GOOD, encoding="utf-8")
    wrong = cli(db, "--user", "kiril", "import", str(journal), cwd=tmp_path, password="wrong pw!")
    assert wrong.returncode == 3
    assert _consultations(db) == 0 and _entries(db) == []
    advisor = cli(db, "--user", "anna", "import", str(journal), cwd=tmp_path)
    assert advisor.returncode == 3  # an advisor may not import
    assert _consultations(db) == 0 and _entries(db) == []


def test_the_rows_and_their_audit_entry_are_one_transaction(tmp_path, monkeypatch):
    db_path = bureau_db(tmp_path / "bureau.db")
    db = open_database(db_path)
    journal = tmp_path / "j.csv"
    journal.write_text(GOOD, encoding="utf-8")
    real = audit.record

    def failing(db, action, *args, **kwargs):
        if action is audit.Action.IMPORT:
            raise sqlite3.OperationalError("disk I/O error")
        return real(db, action, *args, **kwargs)

    monkeypatch.setattr(audit, "record", failing)
    with pytest.raises(sqlite3.OperationalError):
        import_journal(db, journal, by=acting(db))
    db.close()
    assert _consultations(db_path) == 0  # the audit entry failed: no row stays either


def test_the_desks_catalogue_import_is_audited_alike(tmp_path):
    db = open_database(bureau_db(tmp_path / "bureau.db"))
    good = tmp_path / "теми.csv"
    good.write_text("code,name_bg,name_ru,name_en\nnew_topic,Нова тема,Новая тема,New topic\n",
                    encoding="utf-8")
    coordinator = acting(db)
    import_catalogue_csv(db, "categories", good, by=coordinator)
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name_bg,name_ru,name_en\nbad code,,,\n", encoding="utf-8")
    with pytest.raises(ValidationError):
        import_catalogue_csv(db, "categories", bad, by=coordinator)
    entries = [e for e in audit.entries(db) if e.entity == "catalogue"]
    assert [(e.action, e.entity_id, e.detail) for e in entries] == [
        (audit.Action.IMPORT_REFUSED, "categories", "0 1 bad.csv"),
        (audit.Action.IMPORT, "categories", "1 0 теми.csv")]
    assert {e.actor_id for e in entries} == {coordinator.id}


@pytest.mark.parametrize("locale, imported, refused", [
    ("en", "октомври.csv: 2 rows imported, 0 rows refused", "bad.csv: 0 rows imported, 1 row refused"),
    ("bg", "октомври.csv: 2 реда внесени, 0 реда отказани", "bad.csv: 0 реда внесени, 1 ред отказан"),
    ("ru", "октомври.csv: 2 строки импортированы, 0 строк отклонено",
     "bad.csv: 0 строк импортировано, 1 строка отклонена"),
])
def test_the_audit_log_says_it_in_words(locale, imported, refused):
    with use_locale(locale):
        assert audit.detail_in_words(audit.Action.IMPORT, "consultations",
                                     "2 0 октомври.csv") == imported
        assert audit.detail_in_words(audit.Action.IMPORT_REFUSED, "consultations",
                                     "0 1 bad.csv") == refused

