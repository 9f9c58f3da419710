"""SQLite failures read by their result code, never by words in the message (#16 item 10)."""

from __future__ import annotations

import sqlite3

import pytest

from bureau.consultations.register import search
from bureau.database.connection import (
    MSG_CANNOT_OPEN,
    MSG_CORRUPT,
    MSG_FULL,
    MSG_LOCKED,
    translate_sqlite_error,
)
from bureau.domain import BureauError
from bureau.opening import open_database


def _raised(statement, conn: sqlite3.Connection) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as caught:
        statement(conn)
    return caught.value


def test_a_full_disk_is_read_from_sqlite_full(tmp_path):
    conn = sqlite3.connect(tmp_path / "small.db")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA max_page_count = 3")
    error = _raised(lambda c: c.execute("INSERT INTO t VALUES (zeroblob(100000))"), conn)
    assert translate_sqlite_error(error, "small.db").msgid == MSG_FULL


def test_a_busy_file_is_read_from_sqlite_busy(tmp_path):
    path = tmp_path / "busy.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    error = _raised(lambda c: c.execute("BEGIN IMMEDIATE"), other)
    assert translate_sqlite_error(error, "busy.db").msgid == MSG_LOCKED


def test_a_file_that_is_no_database_is_read_from_sqlite_notadb(tmp_path):
    path = tmp_path / "letter.db"
    path.write_bytes(b"Dear coordinator, " * 400)
    error = _raised(lambda c: c.execute("SELECT * FROM sqlite_master"), sqlite3.connect(path))
    assert translate_sqlite_error(error, "letter.db").msgid == MSG_CORRUPT


def test_words_in_a_message_decide_nothing():
    # An FTS5 complaint about "detail=full" was once shown as a full disk.
    error = sqlite3.OperationalError("fts5: phrase queries are not supported (detail!=full)")
    error.sqlite_errorcode = 1  # SQLITE_ERROR
    assert translate_sqlite_error(error, "x.db").msgid == MSG_CANNOT_OPEN
    no_code = sqlite3.OperationalError("database disk is full and locked and corrupt")
    assert translate_sqlite_error(no_code, "x.db").msgid == MSG_CANNOT_OPEN


@pytest.mark.parametrize("text", ["a_b c", "a_b", "__", "x_y_z 2026"])
def test_underscores_are_word_breaks_as_in_the_index(text):
    db = open_database(memory=True, create=True)
    assert search(db, text) == []


def test_a_query_the_index_refuses_is_the_texts_fault(monkeypatch):
    import bureau.consultations.register as register

    db = open_database(memory=True, create=True)
    monkeypatch.setattr(register, "match_expression", lambda _db, _text, **_kw: '"a b"*')
    with pytest.raises(BureauError) as caught:
        search(db, "a b")
    assert "cannot be searched" in str(caught.value)
