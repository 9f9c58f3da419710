"""Validation: one error type, a human message naming the field, nothing slips through."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bureau.catalogue import CatalogueLookup
from bureau.domain import Channel, ValidationError
from bureau.i18n import use_locale
from bureau.validation import MAX_LENGTHS, clean_text, validate_consultation

NOW = dt.datetime(2026, 11, 21, 12, 0)


def check(db, raw):
    return validate_consultation(raw, CatalogueLookup(db), now=NOW)


def fields_of(error: ValidationError) -> set[str]:
    return {item.field for item in error.errors}


def test_valid_consultation_passes(db, make_raw):
    data = check(db, make_raw())
    assert data.channel is Channel.IN_PERSON
    assert data.new_citizen.full_name == "Петрова Иванка"


def test_every_bad_field_is_reported_at_once(db, make_raw):
    with pytest.raises(ValidationError) as info:
        check(db, make_raw(question="  ", channel="carrier pigeon", issues=[],
                           satisfaction="7", follow_up_on="32.13.2026"))
    assert fields_of(info.value) == {"question", "channel", "issues", "satisfaction", "follow_up_on"}


def test_message_names_the_field_in_the_users_language(db, make_raw):
    with pytest.raises(ValidationError) as info:
        check(db, make_raw(question=""))
    assert str(info.value) == "Question: is required"
    with use_locale("bg"):
        assert str(info.value).startswith("Въпрос")
    with use_locale("ru"):
        assert str(info.value).startswith("Вопрос")


def test_dates_not_in_future_nor_before_the_bureau(db, make_raw):
    with pytest.raises(ValidationError) as info:
        check(db, make_raw(occurred_at=NOW + dt.timedelta(days=1)))
    assert fields_of(info.value) == {"occurred_at"}
    with pytest.raises(ValidationError):
        validate_consultation(make_raw(occurred_at="01.01.2019"), CatalogueLookup(db), now=NOW,
                              earliest=dt.date(2020, 5, 1))
    assert check(db, make_raw(occurred_at="14.10.2026 09:15")).occurred_at == dt.datetime(2026, 10, 14, 9, 15)


def test_phone_and_email_shapes(db, make_raw):
    bad = {"full_name": "Иван Иванов", "phone": "call me", "email": "ivan@"}
    with pytest.raises(ValidationError) as info:
        check(db, make_raw(citizen=bad))
    assert fields_of(info.value) == {"phone", "email"}
    good = {"full_name": "Иван Иванов", "phone": "0888 12 34 56", "email": "ivan@example.bg"}
    assert check(db, make_raw(citizen=good)).new_citizen.email == "ivan@example.bg"


def test_named_citizen_needs_consent_anonymous_does_not(db, make_raw):
    with pytest.raises(ValidationError) as info:
        check(db, make_raw(consent_record=False))
    assert fields_of(info.value) == {"consent_record"}
    assert check(db, make_raw(citizen=None, consent_record=False)).new_citizen is None


def test_service_implies_topic_and_must_match_it(db, make_raw):
    data = check(db, make_raw(issues=[(None, "building_permit")]))
    assert data.issues[0].category_code == "property_construction"
    with pytest.raises(ValidationError) as info:
        check(db, make_raw(issues=[("health", "building_permit")]))
    assert fields_of(info.value) == {"service"}


def test_enums_accept_labels_in_any_language(db, make_raw):
    data = check(db, make_raw(channel="Телефон", outcome="Решен", help_level="консультирование"))
    assert data.channel.value == "phone"


def test_control_and_bidi_characters_are_stripped():
    assert clean_text("Ива\u202eн\x00 \x07Петров\u200b") == "Иван Петров"
    assert clean_text("ред 1\r\nред 2\n\n\n\nред 3", multiline=True) == "ред 1\nред 2\n\nред 3"
    assert clean_text("line\nbreak") == "line break"


TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture],
          deadline=None)
@given(question=TEXT, answer=TEXT, name=TEXT, phone=TEXT, email=TEXT, satisfaction=TEXT)
def test_random_unicode_is_either_accepted_clean_or_refused_with_fields(
        db, make_raw, question, answer, name, phone, email, satisfaction):
    raw = make_raw(question=question, answer=answer, satisfaction=satisfaction,
                   citizen={"full_name": name, "phone": phone, "email": email})
    try:
        data = check(db, raw)
    except ValidationError as error:
        assert error.errors
        assert all(str(item.render()) for item in error.errors)
        return
    for text in (data.question, data.answer, data.new_citizen.full_name if data.new_citizen else ""):
        assert not any(ord(ch) < 32 and ch != "\n" for ch in text)
        assert "\u202e" not in text
    assert data.satisfaction in (None, 1, 2, 3, 4, 5)


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture],
          deadline=None)
@given(st.sampled_from(["=CMD|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "'; DROP TABLE x;--"]))
def test_formula_and_sql_looking_text_is_stored_verbatim(db, make_raw, text):
    data = check(db, make_raw(question=text))
    assert data.question == text.strip()


def test_huge_strings_are_refused_by_length(db, make_raw):
    with pytest.raises(ValidationError) as info:
        check(db, make_raw(question="я" * 1_000_000))
    assert fields_of(info.value) == {"question"}
    assert str(MAX_LENGTHS["question"]) in str(info.value)
