"""The words of the consultation search index, in a table of their own for prefix look-ups.

``match_expression`` (``register.py``) turns a typed prefix of four letters or
more into the few indexed words it starts, so that FTS5 walks those words
lazily instead of merging every list the prefix covers. FTS5's own vocabulary
(``fts5vocab``) counts every row of each word to list it: 7 ms for a word in
half of a million records, growing with the register. Here the words are a
B-tree of their own, and a prefix is a range read: the same cost at 10,000 and
at 1,000,000 consultations.

The table holds exactly the words of the index, so a search finds exactly what
the vocabulary would have found:

- Words are cut by FTS5 itself, never by Python: a contentless FTS5 table in
  ``temp`` with the index's tokenizer takes a row and lists its words
  (Python's idea of a letter differs from SQLite's unicode61, e.g. around a
  combining stress accent: "дома́" is one word to FTS5, two to Python).
- A word leaves the table when the last row holding it is rewritten without it
  or deleted: an erased person's name must not survive here (GDPR art. 17).
- ``bureau-cli check`` compares the table with the index's vocabulary.
"""

from __future__ import annotations

import sqlite_utils

# The index's tokenizer without its prefix indexes (tests/bureau/test_search_words.py
# checks it against the table's definition in bureau.database.schema).
TOKENIZER = "tokenize = 'unicode61 remove_diacritics 0', detail = none"
_PROBE = "consultation_word_probe"
_PROBE_VOCABULARY = "consultation_word_probe_words"
_INDEX_VOCABULARY = "consultation_index_words"
Row = tuple[str, str, str, str]


def _ensure_probe(db: sqlite_utils.Database) -> None:
    # IF NOT EXISTS each time rather than a flag on the connection: a probe made
    # inside a transaction that was rolled back is gone again.
    db.conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{_PROBE} USING fts5("
                    f"reference, names, body, latin, content='', {TOKENIZER})")
    db.conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{_PROBE_VOCABULARY} "
                    f"USING fts5vocab(temp, {_PROBE}, 'row')")


def row_words(db: sqlite_utils.Database, row: Row) -> set[str]:
    """The words FTS5 makes of an index row (reference, names, body, latin)."""
    _ensure_probe(db)
    db.conn.execute(f"INSERT INTO temp.{_PROBE} (reference, names, body, latin) "
                    "VALUES (?, ?, ?, ?)", row)
    words = {term for (term,) in db.conn.execute(f"SELECT term FROM temp.{_PROBE_VOCABULARY}")}
    db.conn.execute(f"INSERT INTO temp.{_PROBE} ({_PROBE}) VALUES ('delete-all')")
    return words


def indexed_row(db: sqlite_utils.Database, consultation_id: int) -> Row | None:
    """The consultation's row in the search index as stored, None if it has none."""
    return db.conn.execute("SELECT reference, names, body, latin FROM consultation_search "
                           "WHERE rowid = ?", [consultation_id]).fetchone()


def add_words(db: sqlite_utils.Database, words: set[str]) -> None:
    db.conn.executemany("INSERT OR IGNORE INTO consultation_words (term) VALUES (?)",
                        [(word,) for word in words])


def drop_unused_words(db: sqlite_utils.Database, words: set[str]) -> None:
    """Remove the words no row of the index holds any more (after the rows were changed)."""
    for word in words:
        if db.conn.execute("SELECT 1 FROM consultation_search WHERE consultation_search "
                           "MATCH ? LIMIT 1", [f'"{word}"']).fetchone() is None:
            db.conn.execute("DELETE FROM consultation_words WHERE term = ?", [word])


def index_vocabulary(db: sqlite_utils.Database) -> str:
    """A view of the index's own words (fts5vocab, temporary, read in full: slow)."""
    db.conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{_INDEX_VOCABULARY} "
                    "USING fts5vocab(main, consultation_search, 'row')")
    return f"temp.{_INDEX_VOCABULARY}"


def rebuild_words(db: sqlite_utils.Database) -> None:
    """Fill the table from the index's vocabulary (after a bulk load; 1-2 s at a million)."""
    vocabulary = index_vocabulary(db)
    db.conn.execute("DELETE FROM consultation_words")
    db.conn.execute(f"INSERT INTO consultation_words (term) SELECT term FROM {vocabulary}")


def words_differ(db: sqlite_utils.Database) -> tuple[int, int]:
    """(words of the index missing here, words here the index no longer has)."""
    vocabulary = index_vocabulary(db)
    missing = db.conn.execute(f"SELECT count(*) FROM (SELECT term FROM {vocabulary} "
                              "EXCEPT SELECT term FROM consultation_words)").fetchone()[0]
    extra = db.conn.execute(f"SELECT count(*) FROM (SELECT term FROM consultation_words "
                            f"EXCEPT SELECT term FROM {vocabulary})").fetchone()[0]
    return missing, extra
