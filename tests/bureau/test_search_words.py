"""Prefix expansion reads a table of the index's words, kept exactly equal to FTS5's
own vocabulary through every kind of write, so searches find what they found before."""

from __future__ import annotations

import datetime as dt

import pytest

from bureau.catalogue import CatalogueLookup
from bureau.citizens.store import merge_citizens
from bureau.consultations.register import MAX_EXPANSION, match_expression, search
from bureau.consultations.search_words import index_vocabulary, words_differ
from bureau.consultations.store import (
    delete_consultation,
    get_consultation,
    save_consultation,
    update_consultation,
)
from bureau.database.checks import run_checks
from bureau.privacy.rights import erase_person
from bureau.validation import validate_consultation
from tests.acting import acting
from tests.conftest import consultation_raw

TEXTS = [
    ("Лазарова Силвия", "Къде да подам сигнал за лекарски кабинет в Кресна?"),
    ("Лазаров Иван", "Пенсия за инвалидност – какви документи?"),
    ("Фёдорова Алёна", "Нужна справка о постоянном адресе, дома́ нет никого"),  # a stress accent
    ("Zhivkov Todor", "Permit for a garage; résumé attached"),
    ("Йорданова Мария", "Детска градина №12 – прием 2026"),
    (None, "Анонимно: такса смет 2025–2026 за вила в Ощава"),
]


def save(db, advisor, name, question, day):
    lookup = CatalogueLookup(db)
    citizen = {"citizen": {"full_name": name}} if name else {"citizen": None}
    raw = consultation_raw(advisor, question=question,
                           occurred_at=dt.datetime(2026, 3, day, 9, 0), **citizen)
    return save_consultation(db, validate_consultation(raw, lookup), lookup)[0]


def vocabulary(db) -> list[str]:
    return [term for (term,) in db.execute(f"SELECT term FROM {index_vocabulary(db)}")]


def expansion_by_vocabulary(db, word: str) -> str | None:
    """The expansion as it was made before the word table: from fts5vocab, for one word."""
    upper = word[:-1] + chr(ord(word[-1]) + 1)
    terms = [term for (term,) in db.execute(
        f"SELECT term FROM {index_vocabulary(db)} WHERE term >= ? AND term < ? LIMIT ?",
        [word, upper, MAX_EXPANSION + 1])]
    if not terms:
        return None
    if len(terms) > MAX_EXPANSION:
        return f'("{word}"*)'
    return "(" + " OR ".join(f'"{term}"' for term in terms) + ")"


def assert_expansions_as_before(db):
    assert words_differ(db) == (0, 0)
    prefixes = {term[:n] for term in vocabulary(db) for n in range(4, len(term) + 1)}
    assert prefixes
    for prefix in sorted(prefixes):
        if prefix.isalnum():  # what a user can type as one word
            assert match_expression(db, prefix) == expansion_by_vocabulary(db, prefix), prefix


@pytest.fixture
def filled(db, advisor):
    return [save(db, advisor, name, question, day)
            for day, (name, question) in enumerate(TEXTS, start=1)]


def test_expansions_equal_the_vocabulary_after_saves(db, filled):
    assert "дома\u0301" in vocabulary(db)  # one word to FTS5 (two to Python's regex)
    assert_expansions_as_before(db)
    assert [r.citizen_name for r in search(db, "дома")] == ["Фёдорова Алёна"]


def test_expansions_equal_the_vocabulary_after_edits_deletions_merges_and_erasure(
        db, advisor, filled):
    lookup = CatalogueLookup(db)
    edited = consultation_raw(advisor, question="Въпрос за обезщетение при безработица",
                              citizen={"full_name": "Лазаров Иван"})
    update_consultation(db, filled[1], validate_consultation(edited, lookup), lookup=lookup)
    assert "пенсия" not in vocabulary(db)
    assert_expansions_as_before(db)

    delete_consultation(db, filled[4])
    assert "градина" not in vocabulary(db)
    assert_expansions_as_before(db)

    keep = get_consultation(db, filled[0]).citizen.id
    other = get_consultation(db, filled[1]).citizen.id
    merge_citizens(db, keep, other, by=acting(db))
    assert_expansions_as_before(db)

    erase_person(db, keep, by=acting(db))
    assert "лазарова" not in vocabulary(db)
    assert_expansions_as_before(db)


def test_an_erased_name_leaves_the_word_table(db, filled):
    words = {term for (term,) in db.execute("SELECT term FROM consultation_words")}
    assert {"лазарова", "силвия"} <= words
    erase_person(db, get_consultation(db, filled[0]).citizen.id, by=acting(db))
    words = {term for (term,) in db.execute("SELECT term FROM consultation_words")}
    assert not {"лазарова", "силвия", "lazarova", "silviya"} & words
    assert match_expression(db, "силви") is None


@pytest.mark.parametrize("damage", [
    "DELETE FROM consultation_words WHERE term = 'кресна'",
    "INSERT INTO consultation_words (term) VALUES ('несъществуваща')",
])
def test_check_reports_a_word_table_that_differs_from_the_index(db, filled, damage):
    assert all(result.ok for result in run_checks(db))
    db.execute(damage)
    failed = [result for result in run_checks(db) if not result.ok]
    assert len(failed) == 1
    assert "1" in failed[0].render()


def test_the_probe_cuts_words_with_the_index_s_own_tokenizer(db):
    from bureau.consultations import search_words

    table_sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'consultation_search'"
                           ).fetchone()[0]
    assert search_words.TOKENIZER in table_sql
