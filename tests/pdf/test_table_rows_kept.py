"""A table of the access-request answer never leaves a single row at a page's foot nor
carries a single row to the next page, and a heading keeps at least two rows of its
table under it (#17, the access-request PDF in the house style).

The fixture moves the same tables down the page a line at a time (a longer bureau
address in the letterhead), so that every row of them meets a page's foot once.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bureau.catalogue import CatalogueLookup
from bureau.consultations.fields import field_label
from bureau.consultations.store import save_consultation
from bureau.database.settings import set_settings
from bureau.i18n import _, use_locale
from bureau.pdf.paper import A4_DOCUMENT
from bureau.privacy.access_pdf import LABEL_SHARE, person_pdf
from bureau.privacy.rights import person_report
from bureau.validation import validate_consultation
from tests.pdf.layout import MM, lines, pages

NOW = dt.datetime(2026, 11, 20, 9, 15)
STREET = "ул. „Македония“ 96, ет. 2, стая 204 "
# Each offset adds one line to the letterhead: nine lines cover a table's row height
# several times over, so some offset puts each row boundary at the page's foot.
OFFSETS = range(0, 14)


@pytest.fixture
def citizen(db, make_raw):
    lookup = CatalogueLookup(db)
    first = save_consultation(db, validate_consultation(make_raw(), lookup, now=NOW), lookup)[0]
    person = db.execute("SELECT citizen_id FROM consultations WHERE id = ?", [first]).fetchone()[0]
    for day in range(2, 8):
        raw = make_raw(occurred_at=dt.datetime(2026, 10, day, 10, 30), citizen=None,
                       citizen_id=person, question=f"Въпрос {day}", answer=f"Отговор {day}")
        save_consultation(db, validate_consultation(raw, lookup, now=NOW), lookup)
    return person


def _row_lines(page, value_x: float, frame_bottom: float,
               headings: list[str]) -> list[tuple[str, str]]:
    """('row', label) for a table row's first line, ('cont', text) for the further lines
    of a row's label or value, ('other', text) for anything else (a heading, a
    paragraph), top to bottom, above the footer."""
    margin = A4_DOCUMENT.margin_mm * MM
    found: list[tuple[str, str]] = []
    for line in lines(page):
        if line[0].y1 > frame_bottom:
            continue
        words = " ".join(w.text for w in line)
        in_row = bool(found) and found[-1][0] in ("row", "cont")
        if abs(line[0].x0 - margin) < 0.5 and any(abs(w.x0 - value_x) < 0.5 for w in line):
            found.append(("row", " ".join(w.text for w in line if w.x0 < value_x - 0.5)))
        elif in_row and words not in headings and (
                line[0].x0 >= value_x - 0.5 or all(w.x1 < value_x for w in line)):
            found.append(("cont", words))
        else:
            found.append(("other", words))
    return found


def _faults(pdf: bytes, tmp_path, reference_label: str, headings: list[str]) -> list[str]:
    margin = A4_DOCUMENT.margin_mm * MM
    value_x = margin + LABEL_SHARE * A4_DOCUMENT.frame_width
    found = pages(pdf, tmp_path)
    frame_bottom = found[0].height - (A4_DOCUMENT.margin_mm + A4_DOCUMENT.footer_mm) * MM
    faults = []
    runs: list[list[int]] = []  # per table: its rows on each page (page numbers)
    previous = "other"
    for page in found:  # a table may go on over a page break: "previous" carries over
        for kind, value in _row_lines(page, value_x, frame_bottom, headings):
            if kind == "row" and (previous == "other" or value == reference_label):
                runs.append([])
            if kind == "row":
                runs[-1].append(page.number)
            previous = kind
    for table in runs:
        counts = [table.count(number) for number in sorted(set(table))]
        if len(counts) > 1 and min(counts) < 2:
            faults.append(f"a table split {counts} over pages {sorted(set(table))}")
    for page in found:
        rows = [(k, v) for k, v in _row_lines(page, value_x, frame_bottom, headings)
                if k != "cont"]
        for index, (kind, value) in enumerate(rows):
            if kind == "other" and value in headings:
                after = [k for k, _v in rows[index + 1:index + 3]]
                if after != ["row", "row"]:
                    faults.append(f"page {page.number}: heading {value!r} with {after} under it")
    return faults


@pytest.mark.parametrize("locale", ["bg", "ru"])
def test_access_tables_keep_two_rows_on_each_side_of_a_page_break(db, citizen, tmp_path,
                                                                   locale):
    with use_locale(locale):
        reference = field_label("reference")
        headings = [_("Your details"), _("Your consultations"),
                    _("What was done with your records")]
    splits = 0
    for offset in OFFSETS:
        set_settings(db, address="гр. Кресна, " + STREET * (4 * offset))
        with use_locale(locale):
            pdf = person_pdf(db, person_report(db, citizen), today=NOW.date())
        faults = _faults(pdf, tmp_path, reference, headings)
        assert not faults, (offset, faults)
        splits += len(pages(pdf, tmp_path)) - 1
    assert splits >= len(OFFSETS)  # the tables did meet page breaks
