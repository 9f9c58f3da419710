"""A long date is one unit on paper (#17 item 7, left over): "1 / января" broke the
signals analysis title in Russian, "10 януари / 2025 г." in Bulgarian. Every PDF
prints its long dates through ``bureau.pdf.dates``, whose spaces are no-break and
whose month name is never hyphenated."""

from __future__ import annotations

import datetime as dt

import pytest
from babel import dates as babel_dates
from reportlab.platypus import Paragraph

from bureau.documents import signals_report_pdf
from bureau.domain import Role
from bureau.i18n import _, use_locale
from bureau.pdf.canvas import fit_lines
from bureau.pdf.dates import long_date, long_moment
from bureau.pdf.paper import A4_DOCUMENT
from bureau.pdf.styles import house_styles, text
from bureau.signals.register import register_signal
from tests.acting import acting
from tests.pdf.layout import lines, pages
from tests.pdf.test_maximal_input import DOCUMENTS, maximal  # noqa: F401 (the fixture)

OFFICER = Role.SIGNALS_OFFICER
# (locale, start, end): periods whose title broke inside a date before the fix.
BROKEN_TITLES = [("ru", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
                 ("ru", dt.date(2025, 9, 1), dt.date(2025, 11, 30)),
                 ("bg", dt.date(2025, 1, 10), dt.date(2025, 1, 28)),
                 ("bg", dt.date(2025, 2, 10), dt.date(2025, 9, 28))]


def month_names(locale: str) -> set[str]:
    wide = babel_dates.get_month_names("wide", "format", locale)
    return set(wide.values()) | set(babel_dates.get_month_names("wide", "stand-alone",
                                                                locale).values())


def broken_dates(pdf: bytes, tmp_path, locale: str) -> list[str]:
    """Lines that end inside a long date: after its day, its month or its year."""
    months = month_names(locale)
    faults = []
    for page in pages(pdf, tmp_path):
        rows = lines(page)
        for row, following in zip(rows, rows[1:], strict=False):
            last, first = row[-1].text, following[0].text
            if ((last.isdigit() and len(last) <= 2 and first in months)
                    or (last in months and first[:4].isdigit())
                    or (last.isdigit() and len(last) == 4 and first.startswith(("г.", "г,")))):
                faults.append(f"page {page.number}: {last!r} / {first!r}")
    return faults


@pytest.fixture
def signals(db):
    for day in ("2025-01-15", "2025-02-03", "2025-10-05", "2025-11-20"):
        register_signal(db, {"received_on": day, "channel": "letter", "anonymous": True,
                             "unit": "local_taxes", "area": "public_procurement",
                             "description": "Описание"}, by=acting(db, Role.SIGNALS_OFFICER))
    return db


@pytest.mark.parametrize(("locale", "start", "end"), BROKEN_TITLES)
def test_the_signals_title_keeps_each_date_on_one_line(signals, tmp_path, locale, start, end):
    pdf = signals_report_pdf(signals, start, end, by=OFFICER, locale=locale,
                             today=dt.date(2026, 1, 10))
    assert not broken_dates(pdf, tmp_path, locale)
    words = pages(pdf, tmp_path)[0].words
    with use_locale(locale):
        shown = [long_date(start), long_date(end)]
    for date in shown:  # day, month, year and "г." side by side on one baseline
        parts = date.split()
        index = next(i for i, w in enumerate(words)
                     if [x.text for x in words[i:i + len(parts)]] == parts)
        assert len({round(w.y1) for w in words[index:index + len(parts)]}) == 1, date


def line_texts(paragraph: Paragraph) -> list[str]:
    """The lines reportlab broke a paragraph into, as plain text (no-break spaces as
    spaces, soft hyphens dropped)."""
    found = []
    for line in paragraph.blPara.lines:
        words = ("".join(frag.text for frag in line.words) if hasattr(line, "words")
                 else " ".join(line[1]))
        found.append(" ".join(words.replace("\u00ad", "").split()))
    return found


@pytest.mark.parametrize("locale", ["bg", "ru"])
def test_no_title_of_a_year_breaks_inside_a_date(locale):
    """Starts on four days of every month against every month's end, laid out as the
    analysis title: no line ends inside either date."""
    st = house_styles(A4_DOCUMENT)
    with use_locale(locale):
        for month in range(1, 13):
            for day in (1, 10, 15, 28):
                for last in range(month, 13):
                    start = dt.date(2025, month, day)
                    end = dt.date(2025, last, 28)
                    title = _("Signals of corruption and abuse: {start} \u2013 {end}").format(
                        start=long_date(start), end=long_date(end))
                    paragraph = Paragraph(text(title), st["doc_title"])
                    paragraph.wrap(A4_DOCUMENT.frame_width, 1000)
                    for tail in line_texts(paragraph)[:-1]:
                        for date in (long_date(start), long_date(end)):
                            pieces = date.replace("\u202f", " ").split()
                            assert not any(tail.endswith(" ".join(pieces[:k]))
                                           for k in range(1, len(pieces))), (title, tail)


@pytest.mark.parametrize("locale", ["bg", "ru", "en"])
def test_a_long_date_has_no_breakable_space_and_no_hyphenation_point(locale):
    with use_locale(locale):
        day = dt.date(2025, 1, 1)
        while day.year == 2025:
            for shown in (long_date(day), long_moment(dt.datetime.combine(day, dt.time(9, 5)))):
                date = shown.split(", 09:05")[0]
                assert " " not in date and "\u202f" not in date, repr(date)
                assert "\u00ad" not in text(shown), repr(text(shown))
            day += dt.timedelta(days=1)


def test_a_footer_keeps_a_long_date_whole():
    """The canvas footers wrap themselves; a no-break space is no break there either."""
    with use_locale("ru"):
        footer = f"Сообщения о коррупции \u00b7 составлено {long_date(dt.date(2025, 9, 1))}"
    for width in range(60, 400, 7):
        for line in fit_lines([footer], width, 7, 10):
            assert not line.endswith(("1", "сентября", "2025")), (width, line)


@pytest.mark.parametrize("locale", ["bg", "ru"])
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_no_pdf_breaks_a_long_date_at_maximal_input(maximal, tmp_path, name, locale):  # noqa: F811
    assert not broken_dates(DOCUMENTS[name][0](maximal, tmp_path, locale), tmp_path, locale)
