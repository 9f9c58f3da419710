"""Names as people write them (#16 items 1 and 10): every common Latin spelling,
mixed scripts, and one typo, in the register, the CLI's search and citizen search."""

from __future__ import annotations

import datetime as dt

import pytest

from bureau.catalogue import CatalogueLookup
from bureau.citizens.namewords import neighbours
from bureau.citizens.store import find_citizens
from bureau.consultations.register import RegisterFilter, count_consultations, search
from bureau.consultations.store import save_consultation
from bureau.privacy.rights import erase_person
from bureau.textsearch import fold, latin_forms, one_typo_apart
from bureau.validation import validate_consultation
from tests.acting import acting

PEOPLE = ["Юлиана Подъячева", "Фёдор Семёнов", "АРТЁМ ЁЛКИН", "Христо Щерев", "Иванова Мария",
          "Ганчев Стоян", "Цветкова Жана"]


@pytest.fixture
def people(db, make_raw):
    lookup = CatalogueLookup(db)
    ids = {}
    for day, name in enumerate(PEOPLE, start=1):
        raw = make_raw(citizen={"full_name": name, "settlement": "Кресна"}, question="Въпрос",
                       occurred_at=dt.datetime(2026, 3, day, 9, 0))
        ids[name], _ = save_consultation(db, validate_consultation(raw, lookup), lookup)
    return ids


def found(db, typed: str) -> list[str]:
    return [row.citizen_name for row in search(db, typed)]


@pytest.mark.parametrize("typed, name", [
    # Russian passport, ICAO Doc 9303: ъ -> ie, ю -> iu, я -> ia, ё -> e.
    ("Podieiacheva", "Юлиана Подъячева"), ("Iuliana", "Юлиана Подъячева"),
    ("Iuliana Podieiacheva", "Юлиана Подъячева"), ("Artem Elkin", "АРТЁМ ЁЛКИН"),
    # Popular forms: yo, ya, yu, kh, shch.
    ("Semyonov", "Фёдор Семёнов"), ("Fyodor", "Фёдор Семёнов"), ("Artyom", "АРТЁМ ЁЛКИН"),
    ("Yolkin", "АРТЁМ ЁЛКИН"), ("Yuliana Podyacheva", "Юлиана Подъячева"),
    ("Fedor Semenov", "Фёдор Семёнов"), ("Khristo Shcherev", "Христо Щерев"),
    # Official Bulgarian system: h, sht, ts, zh, a for ъ.
    ("Hristo Shterev", "Христо Щерев"), ("Tsvetkova Zhana", "Цветкова Жана"),
    ("Podayacheva", "Юлиана Подъячева"),
    # Latin look-alike letters inside a Cyrillic word, either way round.
    ("ивaнова", "Иванова Мария"), ("ИВAНОВА", "Иванова Мария"), ("Ivаnova", "Иванова Мария"),
    ("семенов", "Фёдор Семёнов"),
])
def test_every_common_spelling_finds_the_cyrillic_name(db, people, typed, name):
    assert found(db, typed) == [name]


def test_a_mixed_script_name_is_stored_searchable_in_cyrillic(db, make_raw):
    lookup = CatalogueLookup(db)
    raw = make_raw(citizen={"full_name": "Петрoва Анна"})  # a Latin "o" typed in
    save_consultation(db, validate_consultation(raw, lookup), lookup)
    assert found(db, "петрова") == ["Петрoва Анна"]
    assert found(db, "Petrova") == ["Петрoва Анна"]


def test_fold_and_latin_forms():
    assert fold("ИВaНОВА Фёдор") == "иванова федор"
    forms = latin_forms("Юлиана Подъячева").split()
    assert {"iuliana", "podieiacheva", "yuliana", "podyacheva", "podayacheva"} <= set(forms)


@pytest.mark.parametrize("typed, name", [
    ("Подячева", "Юлиана Подъячева"),    # a letter missing
    ("Семеннов", "Фёдор Семёнов"),       # a letter extra
    ("Гначев", "Ганчев Стоян"),          # two letters swapped
    ("Иванока", "Иванова Мария"),        # a letter wrong
    ("Ыванова", "Иванова Мария"),        # ... even the first one
    ("Semyonv", "Фёдор Семёнов"),        # in Latin letters too
])
def test_one_typo_still_finds_the_person(db, people, typed, name):
    assert found(db, typed) == [name]
    assert count_consultations(db, RegisterFilter(text=typed)) == 1
    assert name in [c.full_name for c in find_citizens(db, typed)]


def test_exact_matches_come_before_typo_matches(db, people, make_raw):
    lookup = CatalogueLookup(db)
    raw = make_raw(citizen={"full_name": "Иванока Петя"}, occurred_at=dt.datetime(2026, 1, 1, 9))
    save_consultation(db, validate_consultation(raw, lookup), lookup)
    assert found(db, "Иванока") == ["Иванока Петя", "Иванова Мария"]


def test_two_typos_or_short_words_are_not_guessed(db, people):
    assert found(db, "Ивнока") == []
    assert neighbours(db, "ива") == []


def test_one_typo_apart():
    assert one_typo_apart("иванова", "ианова") and one_typo_apart("ганчев", "гначев")
    assert not one_typo_apart("иванова", "ивонава")


def test_an_erased_name_leaves_the_typo_index(db, people):
    erase_person(db, db.execute("SELECT citizen_id FROM consultations WHERE id = ?",
                                [people["Ганчев Стоян"]]).fetchone()[0], by=acting(db))
    words = {row[0] for row in db.execute("SELECT DISTINCT word FROM name_words")}
    assert not words & {"ганчев", "ganchev", "стоян", "stoyan"}
    assert "иванова" in words
