"""The house style where #17 saw it broken: footers, the access-request PDF, fonts, dates."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest

from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import save_consultation
from bureau.database.settings import set_settings
from bureau.i18n import _, use_locale
from bureau.pdf.document import PAGE_PATTERN
from bureau.privacy.access_pdf import person_pdf
from bureau.privacy.rights import person_report
from bureau.reports import write_report
from bureau.reports.period import Period
from bureau.validation import validate_consultation
from tests.pdf.layout import MM, pages

REAL_NAME = "Общинско бюро за информиране, консултиране и съветване на гражданите – Кресна"
NOW = dt.datetime(2026, 11, 20, 9, 15)


def _page_number_clear(page, pattern: str) -> None:
    """The page's "Page X of Y" is whole, and nothing comes within 3 mm of it."""
    words = [w for w in page.words if w.y0 > page.height - 30 * MM]
    label = pattern.format(page=page.number, pages="\x00").split()
    first = next(i for i, w in enumerate(words) if w.text == label[0]
                 and words[i + 1].text == str(page.number))
    number = words[first:first + len(label)]
    assert [w.text for w in number][:-1] == label[:-1]
    start, line = number[0].x0, number[0].y0
    others = [w for w in words if w not in number and abs(w.y0 - line) < 4]
    assert all(w.x1 <= start - 3 * MM for w in others), [w.text for w in others]


@pytest.mark.parametrize("locale", ["bg", "ru"])
@pytest.mark.parametrize("last", [None, dt.date(2026, 11, 1)])
def test_report_footer_never_reaches_the_page_number(db, make_raw, tmp_path, locale, last):
    set_settings(db, bureau_name=REAL_NAME)
    lookup = CatalogueLookup(db)
    save_consultation(db, validate_consultation(make_raw(), lookup, now=NOW), lookup)
    out = tmp_path / "r.pdf"
    write_report(db, Period.months(dt.date(2026, 10, 1), last), "pdf", out, locale=locale, now=NOW)
    found = pages(out.read_bytes(), tmp_path)
    assert len(found) >= 2
    with use_locale(locale):
        pattern = _(PAGE_PATTERN)
    for page in found[1:]:  # the cover has its own foot, without a number
        _page_number_clear(page, pattern)


def _fonts(path) -> list[tuple[str, str]]:
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    return [(line.split()[0], re.findall(r"\b(yes|no)\b", line)[0]) for line in lines]


def _info(path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


@pytest.mark.parametrize(("locale", "consented", "page"), [
    ("bg", "14 октомври 2026 г., 10:30", "Страница 1 от"),
    ("ru", "14 октября 2026 г., 10:30", "Страница 1 из"),
])
def test_access_request_pdf_in_house_style(db, make_raw, tmp_path, locale, consented, page):
    set_settings(db, bureau_name=REAL_NAME, municipality="Община Кресна",
                 address="гр. Кресна, ул. „Македония“ 96", phone="+359 746 3 20 50")
    lookup = CatalogueLookup(db)
    save_consultation(db, validate_consultation(make_raw(question="Въпрос " * 550), lookup,
                                                now=NOW), lookup)
    citizen = db.execute("SELECT id FROM citizens").fetchone()[0]
    with use_locale(locale):
        pdf = person_pdf(db, person_report(db, citizen), today=NOW.date())
    path = tmp_path / "access.pdf"
    path.write_bytes(pdf)
    found = pages(pdf, tmp_path)
    text = " ".join(p.text for p in found).replace("\u202f", " ")
    assert len(found) >= 2
    assert "Община Кресна" in text and consented in text
    assert not re.search(r"\b\d{1,2}\.\d{1,2}\.\d{2}\b", text)  # no two-digit years
    assert page in text
    for each in found:  # the footer on every page: what it is and when it was made
        assert "20" in each.text and "Страница" in each.text
    assert _info(path)["Author"].strip() == REAL_NAME
    fonts = _fonts(path)
    assert fonts and all("DejaVuSans" in name and embedded == "yes" for name, embedded in fonts)
