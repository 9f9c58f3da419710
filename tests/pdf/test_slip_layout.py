"""The slip as a citizen and a print shop see it (#17 items 3 and 8): contacts without
dangling separators, labels that do not break, long names hyphenated, headings kept
with their text."""

from __future__ import annotations

import datetime as dt

import pytest

from bureau.catalogue import CatalogueLookup
from bureau.commission.referrals import advance, create_meeting, create_referral
from bureau.consultations.store import save_consultation
from bureau.database.settings import set_settings
from bureau.documents import agenda_pdf
from bureau.domain import ReferralStatus
from bureau.i18n import _, use_locale
from bureau.slips import build_slip
from bureau.validation import validate_consultation
from tests.acting import acting
from tests.pdf.layout import MM, lines, pages

NOW = dt.datetime(2026, 11, 20, 9, 15)
CONTACTS = {"address": "гр. Кресна, ул. „Македония“ 96, ет. 2, стая 204 (сградата на общината)",
            "phone": "+359 746 3 20 50", "email": "bisg@kresna.bg",
            "opening_hours": "понеделник – петък 8:30 – 17:00, без почивен ден"}
LONG_NAME = "Анна-Мария Константинова-Христодулова-Папаконстантинопулова"


def _slip(db, make_raw, fmt: str, locale: str = "bg", **raw) -> bytes:
    lookup = CatalogueLookup(db)
    consultation = save_consultation(db, validate_consultation(make_raw(**raw), lookup, now=NOW),
                                     lookup)[0]
    return build_slip(db, consultation, locale=locale, fmt=fmt, now=NOW).pdf


@pytest.mark.parametrize("fmt", ["a5", "a4", "receipt"])
@pytest.mark.parametrize("filled", [("address", "phone", "email", "opening_hours"),
                                    ("phone", "opening_hours"), ("email",)])
def test_contacts_have_no_dangling_separator(db, make_raw, tmp_path, fmt, filled):
    set_settings(db, **{key: value for key, value in CONTACTS.items() if key in filled})
    found = pages(_slip(db, make_raw, fmt), tmp_path)
    for page in found:
        for line in lines(page):
            assert not line[0].text.startswith("\u00b7"), [w.text for w in line]
            assert not line[-1].text.endswith("\u00b7"), [w.text for w in line]
    text = " ".join(page.text for page in found)
    shown = {"address": "гр.", "phone": "+359", "email": "bisg@kresna.bg", "opening_hours": "8:30"}
    assert all(shown[key] in text for key in filled)


@pytest.mark.parametrize(("fmt", "locale", "label"), [
    ("a4", "bg", ("Работно", "време:")), ("a5", "bg", ("Работно", "време:")),
    ("a4", "ru", ("Часы", "работы:")), ("receipt", "bg", ("Работно", "време:"))])
def test_the_opening_hours_label_stays_on_one_line(db, make_raw, tmp_path, fmt, locale, label):
    set_settings(db, **CONTACTS)
    found = pages(_slip(db, make_raw, fmt, locale), tmp_path)
    words = [w for page in found for w in page.words]
    first = next(i for i, w in enumerate(words) if w.text.startswith(label[0]))
    second = words[first + 1] if words[first].text == label[0] else words[first]
    assert second.text.endswith(label[1]) and abs(second.y1 - words[first].y1) < 1


@pytest.mark.parametrize("fmt", ["a5", "receipt"])
def test_a_long_name_breaks_with_a_hyphen(db, make_raw, tmp_path, fmt):
    set_settings(db, bureau_name="Бюро за информиране и съветване " + LONG_NAME)
    pdf = _slip(db, make_raw, fmt, citizen={"full_name": LONG_NAME, "settlement": "Кресна"})
    parts = {part for word in LONG_NAME.split() for part in word.split("-")}
    for page in pages(pdf, tmp_path):
        for line in lines(page):
            last = line[-1].text.rstrip(",.:;")
            # A line that ends inside a word of the name ends with a hyphen.
            inside = any(part.startswith(last) and part != last for part in parts)
            assert not inside or last.endswith("-"), [w.text for w in line]


def _heading_has_a_line_after(pdf: bytes, tmp_path, heading: str, side_mm: float) -> int:
    """How many pages end with ``heading`` as their last text above the footer."""
    alone = 0
    for page in pages(pdf, tmp_path):
        body = [line for line in lines(page) if line[0].y1 < page.height - (side_mm + 9) * MM]
        if body and " ".join(w.text for w in body[-1]).startswith(heading):
            alone += 1
    return alone


def test_slip_headings_never_stand_alone_at_a_page_foot(db, make_raw, tmp_path):
    with use_locale("bg"):
        headings = [_("Your question"), _("Information and advice given"), _("Next steps")]
    for words in range(40, 230, 6):  # the headings walk down the page as the question grows
        pdf = _slip(db, make_raw, "a5", question="Въпрос за данъка " * words,
                    answer="Отговор " * 120, next_steps="Стъпка " * 40)
        for heading in headings:
            assert not _heading_has_a_line_after(pdf, tmp_path, heading, 10), (words, heading)


def test_agenda_summary_label_never_stands_alone_at_a_page_foot(db, make_raw, tmp_path):
    by = acting(db)
    meeting = create_meeting(db, "2026-12-03", "Зала 2", by=by).value
    with use_locale("bg"):
        label = _("Summary")
    lookup = CatalogueLookup(db)
    for item in range(14):  # each item pushes the next label further down the page
        raw = make_raw(question="Въпрос")
        consultation = save_consultation(db, validate_consultation(raw, lookup, now=NOW),
                                         lookup)[0]
        referral = create_referral(db, consultation, "Случаят е такъв " * (8 + item * 9),
                                   consent_given=True, today=dt.date(2026, 11, 2), by=by).value
        advance(db, referral.id, ReferralStatus.SUBMITTED, on="2026-11-02", by=by)
        advance(db, referral.id, ReferralStatus.ON_AGENDA, meeting_id=meeting.id, by=by)
        pdf = agenda_pdf(db, meeting.id, locale="bg", now=NOW)
        assert not _heading_has_a_line_after(pdf, tmp_path, label, 18), item
