"""The monthly report's words and numbers as a careful reader checks them (#17 items 4, 6)."""

from __future__ import annotations

import datetime as dt

import pytest

from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import save_consultation
from bureau.events import add_event
from bureau.i18n import use_locale
from bureau.pdf.dates import long_moment
from bureau.reports.figures import build_report
from bureau.reports.formatting import count
from bureau.reports.period import Period
from bureau.reports.summary import summary_text
from bureau.reports.tables import build_sections
from bureau.validation import validate_consultation

OCTOBER = Period.months(dt.date(2026, 10, 1))
NOW = dt.datetime(2026, 11, 20, 2, 20)


def save(db, advisor: int, day: int, issues, satisfaction: int | None = None) -> None:
    lookup = CatalogueLookup(db)
    raw = {"occurred_at": dt.datetime(2026, 10, day, 10), "channel": "in_person",
           "advisor_id": advisor, "issues": issues, "question": "Въпрос", "answer": "Отговор",
           "help_level": "information", "outcome": "resolved", "consent_record": True,
           "satisfaction": satisfaction}
    save_consultation(db, validate_consultation(raw, lookup, now=NOW), lookup)


@pytest.mark.parametrize(("locale", "one", "two"), [
    ("bg", "1 събитие. В него са участвали 17 лица.", "2 събития. В тях са участвали 17 лица."),
    ("ru", "1 мероприятие. В нём приняли участие 17 человек.",
     "2 мероприятия. В них приняли участие 17 человек."),
])
def test_one_event_takes_a_singular_pronoun(db, advisor, locale, one, two):
    save(db, advisor, 3, [("local_taxes", None)])
    add_event(db, {"kind": "open_door", "held_on": "2026-10-10", "title": "Ден", "participants": 17})
    with use_locale(locale):
        assert one in summary_text(build_report(db, OCTOBER, now=NOW), public=False)
        add_event(db, {"kind": "campaign", "held_on": "2026-10-12", "title": "Кампания",
                       "participants": 0})
        assert two in summary_text(build_report(db, OCTOBER, now=NOW), public=False)


def _services(db):
    return {s.key: s for s in build_sections(build_report(db, OCTOBER, now=NOW), False)}["services"]


def test_top_ten_services_never_cut_through_a_tie(db, advisor):
    codes = [row[0] for row in db.execute(
        "SELECT s.code FROM services s JOIN categories c ON c.id = s.category_id "
        "WHERE c.code = 'civil_registration' ORDER BY s.code")]
    property_codes = [row[0] for row in db.execute(
        "SELECT s.code FROM services s JOIN categories c ON c.id = s.category_id "
        "WHERE c.code = 'property_construction' ORDER BY s.code")]
    # Nine services asked about twice, then four asked about once: the tenth place is a tie.
    for day, code in enumerate(codes[:9], start=1):
        save(db, advisor, day, [("civil_registration", code)])
        save(db, advisor, day, [("civil_registration", code)])
    for day, code in enumerate([codes[9], *property_codes[:3]], start=10):
        category = "civil_registration" if code == codes[9] else "property_construction"
        save(db, advisor, day, [(category, code)])
    section = _services(db)
    assert len([row for row in section.rows if not row.total]) == 13
    assert section.notes == ["3 more rows have as many as the last of the first 10, so they are "
                             "shown too."]
    assert section.columns[2].header == "Share of all issues"


def test_no_note_without_a_tie(db, advisor):
    codes = [row[0] for row in db.execute(
        "SELECT s.code FROM services s JOIN categories c ON c.id = s.category_id "
        "WHERE c.code = 'civil_registration' ORDER BY s.code")]
    for day, code in enumerate(codes[:10], start=1):
        for _time in range(day):  # 1, 2, ... 10 visits: no two alike
            save(db, advisor, day, [("civil_registration", code)])
    save(db, advisor, 20, [("civil_registration", codes[0])])  # 2 visits: ties with the 9th
    section = _services(db)
    assert len([row for row in section.rows if not row.total]) == 10
    assert section.notes == []


@pytest.mark.parametrize("locale", ["bg", "ru"])
def test_satisfaction_has_one_decimal_in_the_summary_and_the_table(db, advisor, locale):
    for day, rating in enumerate((4, 4, 5, 4, 4, 4), start=1):  # 25 / 6 = 4.1666…
        save(db, advisor, day, [("local_taxes", None)], satisfaction=rating)
    with use_locale(locale):
        report = build_report(db, OCTOBER, now=NOW)
        key = build_sections(report, False)[0]
        average = key.rows[-1].values[0]
        assert average == 4.2
        assert "4,2 " in summary_text(report, False)
        assert count(average) == "4,2"


@pytest.mark.parametrize(("locale", "text"), [("bg", "20 ноември 2026 г., 02:20"),
                                              ("ru", "20 ноября 2026 г., 02:20")])
def test_generated_time_has_the_same_form_in_bg_and_ru(locale, text):
    with use_locale(locale):
        # CLDR puts a narrow no-break space before "г."; it reads as a space.
        assert long_moment(NOW).replace("\u202f", " ").replace("\u00a0", " ") == text
