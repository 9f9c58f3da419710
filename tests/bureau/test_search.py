"""Search: Cyrillic case-folding, prefixes, ё/е, й kept, Latin transliteration, newest first."""

from __future__ import annotations

import datetime as dt

import pytest

from bureau.catalogue import CatalogueLookup
from bureau.citizens.store import find_citizens
from bureau.consultations.register import (
    RegisterFilter,
    count_consultations,
    cursor_after,
    list_consultations,
    search,
)
from bureau.consultations.store import delete_consultation, save_consultation
from bureau.textsearch import fold, fts_query, latin_forms
from bureau.validation import validate_consultation

PEOPLE = [
    ("Петрова Иванка", "Как се плаща данък сгради?", dt.datetime(2026, 3, 1, 9, 0)),
    ("Фёдоров Артём", "Нужна справка о постоянном адресе", dt.datetime(2026, 4, 1, 9, 0)),
    ("Живков Тодор", "Разрешение за строеж на гараж", dt.datetime(2026, 5, 1, 9, 0)),
    ("Йорданова Мария", "Детска градина – прием", dt.datetime(2026, 6, 1, 9, 0)),
    ("Иорданов Христо", "Такса смет за вила", dt.datetime(2026, 7, 1, 9, 0)),
    ("Щерева Юлия", "Социална помощ за отопление", dt.datetime(2026, 8, 1, 9, 0)),
]


@pytest.fixture
def filled(db, make_raw):
    lookup = CatalogueLookup(db)
    ids = {}
    for name, question, when in PEOPLE:
        raw = make_raw(citizen={"full_name": name}, question=question, occurred_at=when)
        ids[name], _ = save_consultation(db, validate_consultation(raw, lookup), lookup)
    return ids


def names(results) -> list[str]:
    return [r.citizen_name for r in results]


def test_fold_keeps_short_i_and_merges_yo():
    assert fold("ЁЛКА Йордан") == "елка йордан"
    assert "и" not in fold("Й")


def test_fts_query_escapes_operators():
    assert fts_query('AND OR "NEAR" * (') == '"and"* "or"* "near"*'
    assert fts_query("  ,;  ") is None


@pytest.mark.parametrize("typed, expected", [
    ("петр", ["Петрова Иванка"]),            # prefix, lower case
    ("ПЕТРОВА", ["Петрова Иванка"]),         # upper case Cyrillic
    ("федоров", ["Фёдоров Артём"]),          # е finds ё
    ("артём", ["Фёдоров Артём"]),
    ("йордан", ["Йорданова Мария"]),          # й is not и ...
    ("иордан", ["Иорданов Христо"]),          # ... and и is not й
    ("Zhivkov", ["Живков Тодор"]),           # official Bulgarian transliteration
    ("petrova ivanka", ["Петрова Иванка"]),
    ("fedorov", ["Фёдоров Артём"]),
    ("Hristo", ["Иорданов Христо"]),
    ("Khristo", ["Иорданов Христо"]),        # Russian-style spelling too
    ("shtereva", ["Щерева Юлия"]),
    ("гараж", ["Живков Тодор"]),              # question text
    ("справк постоян", ["Фёдоров Артём"]),    # every word must match
])
def test_search_cases(db, filled, typed, expected):
    assert names(search(db, typed)) == expected


def test_topic_names_in_either_language_are_searchable(db, filled):
    russian_topic = CatalogueLookup(db).categories["local_taxes"].name_ru.split()[0]
    assert len(search(db, russian_topic)) == len(PEOPLE)


def test_reference_number_search(db, filled):
    assert names(search(db, "2026-000003")) == ["Живков Тодор"]
    assert names(search(db, "000003")) == ["Живков Тодор"]
    # The beginning of a number, as read off a slip, finds every number it starts.
    assert len(search(db, "2026-00000")) == len(PEOPLE)
    assert search(db, "2025-00000") == []


def test_newest_first_and_deleted_hidden(db, filled):
    everyone = search(db, "2026")
    assert names(everyone)[0] == "Щерева Юлия"
    delete_consultation(db, filled["Щерева Юлия"])
    assert "Щерева Юлия" not in names(search(db, "2026"))


def test_hostile_queries_do_not_raise(db, filled):
    for text in ['"', "AND", "NEAR(", "*", "'; DROP TABLE consultations; --", "\x00", "я" * 10_000]:
        search(db, text)
    assert db["consultations"].count == len(PEOPLE)


def test_register_paging_with_cursor_and_filters(db, filled):
    first = list_consultations(db, limit=4)
    rest = list_consultations(db, after=cursor_after(first[-1]), limit=4)
    assert len(first) == 4 and len(rest) == 2
    assert [r.occurred_at for r in first + rest] == sorted(
        (r.occurred_at for r in first + rest), reverse=True)
    summer = RegisterFilter(date_from=dt.date(2026, 6, 1), date_to=dt.date(2026, 7, 1))
    assert names(list_consultations(db, summer)) == ["Иорданов Христо", "Йорданова Мария"]
    assert count_consultations(db, summer) == 2
    assert count_consultations(db, RegisterFilter(text="такса")) == 1


def test_find_citizens_prefix_latin_and_typos(db, filled):
    assert [c.full_name for c in find_citizens(db, "петро")] == ["Петрова Иванка"]
    assert [c.full_name for c in find_citizens(db, "Zhivk")] == ["Живков Тодор"]
    # A small typo still offers the person.
    assert "Живков Тодор" in [c.full_name for c in find_citizens(db, "Жифков")]
    match = find_citizens(db, "Петрова")[0]
    assert match.visits == 1 and match.last_visit.startswith("2026-03-01")


def test_latin_forms_cover_bulgarian_and_russian():
    forms = latin_forms("Щерев Христо")
    assert "shterev hristo" in forms and "shcherev khristo" in forms
    assert latin_forms("Smith") == ""


def test_oldest_first_pages_mirror_newest_first(db, filled):
    newest = list_consultations(db, limit=10)
    first = list_consultations(db, limit=4, oldest_first=True)
    rest = list_consultations(db, after=cursor_after(first[-1]), limit=4, oldest_first=True)
    assert [r.id for r in first + rest] == [r.id for r in reversed(newest)]
    texts = list_consultations(db, RegisterFilter(text="2026"), limit=3, oldest_first=True)
    assert texts[0].citizen_name == "Петрова Иванка"


def test_reference_prefix_pages_by_number(db, filled):
    first = list_consultations(db, RegisterFilter(text="2026-0"), limit=4)
    rest = list_consultations(db, RegisterFilter(text="2026-0"), after=cursor_after(first[-1]), limit=4)
    assert [r.reference for r in first + rest] == [f"2026-{n:06d}" for n in range(6, 0, -1)]


def test_long_prefixes_expand_to_the_words_they_start(db, filled):
    from bureau.consultations.register import match_expression

    assert match_expression(db, "справк") == '("справка")'
    assert match_expression(db, "вз") == '"вз"*'
    assert match_expression(db, "zzzzzz") is None
    assert names(search(db, "Zhivko")) == ["Живков Тодор"]
    assert names(search(db, "постоянн справ")) == ["Фёдоров Артём"]
