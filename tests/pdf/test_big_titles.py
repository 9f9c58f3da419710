"""Big titles at maximal bureau and municipality names (#17 "at any length"): a word too
long for its line breaks at a syllable with a hyphen, in Cyrillic and in Latin
letters; a piece that cannot break makes the title smaller; nothing overlaps or
leaves the page."""

from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle

from bureau.database.settings import get_settings, set_settings
from bureau.i18n import use_locale
from bureau.pdf.fonts import BOLD, register_fonts
from bureau.pdf.titles import MIN_SCALE, FittedTitle, widest_piece
from tests.pdf.layout import MM, layout_faults, lines, pages
from tests.pdf.test_maximal_input import DOCUMENTS, maximal  # noqa: F401 (the fixture)

# Long words without a space, in both scripts and in capitals: no line is wide enough
# for some of them on the 80 mm roll, where the bureau's name is set in big type.
BUREAU = ("Общинско бюро за информиране, консултиране и съветване на гражданите – "
          "Citizensinformationadviceandconsultationbureau Благоевградско-Кюстендилско "
          "ЕЛЕКТРОННОАДМИНИСТРАТИВНООБСЛУЖВАНЕ Преобразовательноконсультационный")
MUNICIPALITY = ("Община Симитли-Кресна-Благоевград-Кюстендил-Сандански-Разлог "
                "Municipalityofkresnaandsimitli")
NAME_WORDS = {word.strip(",–") for word in (BUREAU + " " + MUNICIPALITY).split()}


@pytest.fixture(scope="module")
def titled(maximal):  # noqa: F811
    before = get_settings(maximal["db"])
    set_settings(maximal["db"], bureau_name=BUREAU, municipality=MUNICIPALITY)
    yield maximal
    set_settings(maximal["db"], bureau_name=before["bureau_name"],
                 municipality=before["municipality"])


def broken_without_hyphen(pdf: bytes, tmp_path) -> list[str]:
    """Lines of the text frame that end inside a word of the names without a hyphen."""
    faults = []
    for page in pages(pdf, tmp_path):
        rows = [row for row in lines(page) if row[0].y1 < page.height - 18 * MM]
        for row, following in zip(rows, rows[1:], strict=False):
            end, start = row[-1].text, following[0].text
            if end.endswith(("-", "\u00ad", "\u2026")):
                continue
            for word in NAME_WORDS:
                rest = word[len(end):]
                if word != end and word.startswith(end) and rest and rest.startswith(start[:3]):
                    faults.append(f"page {page.number}: {end!r} / {start!r} (in {word!r})")
    return faults


@pytest.mark.parametrize("locale", ["bg", "ru"])
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_big_titles_at_maximal_names_break_with_a_hyphen_and_stay_on_the_page(
        titled, tmp_path, name, locale):
    make, side_mm, _markers = DOCUMENTS[name]
    pdf = make(titled, tmp_path, locale)
    assert not layout_faults(pdf, tmp_path, side_mm=side_mm)
    assert not broken_without_hyphen(pdf, tmp_path)


def test_a_title_that_cannot_break_shrinks_to_its_width():
    register_fonts()
    style = ParagraphStyle("big", fontName=BOLD, fontSize=20, leading=24)
    number = "2026000000000000000000123"
    with use_locale("bg"):
        wide = widest_piece(number, BOLD, 20)
        title = FittedTitle(number, style)
        width, _height = title.wrap(wide * 0.8, 1000)
        assert title.style.fontSize == pytest.approx(20 * 0.8, rel=0.01)
        assert len(title.blPara.lines) == 1 and width <= wide * 0.8 + 0.01
        narrow = FittedTitle(number, style)
        narrow.wrap(wide * 0.3, 1000)
        assert narrow.style.fontSize == pytest.approx(20 * MIN_SCALE)
        easy = FittedTitle("Талон за консултация", style)
        easy.wrap(1000, 1000)
        assert easy.style.fontSize == 20


def test_a_title_hyphenates_only_a_word_wider_than_its_line():
    """A display line reads better whole: "Ежемесячный отчёт о деятель-/ности" on the
    report's cover moves "деятельности" to the next line instead."""
    register_fonts()
    style = ParagraphStyle("big", fontName=BOLD, fontSize=26, leading=32)
    with use_locale("ru"):
        title = FittedTitle("Ежемесячный отчёт о деятельности", style)
        title.wrap(460, 1000)
        assert [line_text(line) for line in title.blPara.lines] == [
            "Ежемесячный отчёт о", "деятельности"]
        long_word = FittedTitle("Преобразовательноконсультационный", style)
        long_word.wrap(200, 1000)
        shown = [line_text(line) for line in long_word.blPara.lines]
        assert len(shown) > 1 and all(line.endswith("-") for line in shown[:-1]), shown


def line_text(line) -> str:
    words = ("".join(frag.text for frag in line.words) if hasattr(line, "words")
             else " ".join(line[1]))
    return " ".join(words.split())
