"""The report's workbook as a council member opens it (#17 item 10): service names wrap in
a readable first column, and the PDF's charts are native spreadsheet charts."""

from __future__ import annotations

import datetime as dt

import openpyxl

from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import save_consultation
from bureau.reports import write_report
from bureau.reports.period import Period
from bureau.reports.spreadsheets import wrapped_lines
from bureau.validation import validate_consultation

NOW = dt.datetime(2026, 11, 20, 9, 0)


def test_figures_workbook_has_wrapped_labels_and_native_charts(db, make_raw, tmp_path):
    lookup = CatalogueLookup(db)
    for day, service in enumerate(("decl_property_tax_art14", "decl_inheritance_tax_art32"),
                                  start=3):
        raw = make_raw(occurred_at=dt.datetime(2026, 10, day, 10),
                       issues=[("local_taxes", service)], satisfaction=4)
        save_consultation(db, validate_consultation(raw, lookup, now=NOW), lookup)
    out = tmp_path / "report.xlsx"
    write_report(db, Period.months(dt.date(2026, 10, 1)), "xlsx", out, locale="bg", now=NOW)
    sheet = openpyxl.load_workbook(out).active
    names = [row[0] for row in db.execute("SELECT name_bg FROM services WHERE code IN "
                                          "('decl_property_tax_art14', 'decl_inheritance_tax_art32')")]
    cells = [cell for cell in sheet["A"] if cell.value in names]
    assert len(cells) == 2 and all(cell.alignment.wrap_text for cell in cells)
    width = sheet.column_dimensions["A"].width
    assert 30 <= width <= 60
    assert any(len(name) > width for name in names)  # so these must wrap, not be clipped
    kinds = sorted(type(chart).__name__ for chart in sheet._charts)
    assert kinds.count("BarChart") >= 2 and "PieChart" in kinds and "LineChart" in kinds


def test_figures_workbook_charts_never_overlap(db, make_raw, tmp_path):
    """Short tables (channel: 1 row, outcome: 1 row) have charts taller than themselves:
    each chart ends, in default-height rows, before the next one begins."""
    lookup = CatalogueLookup(db)
    raw = make_raw(occurred_at=dt.datetime(2026, 10, 5, 10),
                   issues=[("local_taxes", "decl_property_tax_art14")], satisfaction=4)
    save_consultation(db, validate_consultation(raw, lookup, now=NOW), lookup)
    out = tmp_path / "report.xlsx"
    write_report(db, Period.months(dt.date(2026, 10, 1)), "xlsx", out, locale="ru", now=NOW)
    anchors = sorted((chart.anchor for chart in openpyxl.load_workbook(out).active._charts),
                     key=lambda anchor: anchor._from.row)
    assert len(anchors) >= 4
    row_cm = 15 / 72 * 2.54  # a default row, 15 pt
    for above, below in zip(anchors, anchors[1:], strict=False):
        rows_covered = above.ext.height / 360_000 / row_cm  # EMU -> cm -> rows
        assert below._from.row - above._from.row >= rows_covered, (above._from.row,
                                                                   below._from.row)


def test_wrapped_service_names_get_rows_tall_enough(db, make_raw, tmp_path):
    """LibreOffice and Excel keep a row's height on opening: a service name that wraps
    onto three lines in the 30-60 character column gets a row three lines tall, and its
    figures sit beside its first line."""
    lookup = CatalogueLookup(db)
    service = "decl_property_tax_art14"
    raw = make_raw(occurred_at=dt.datetime(2026, 10, 5, 10), issues=[("local_taxes", service)])
    save_consultation(db, validate_consultation(raw, lookup, now=NOW), lookup)
    out = tmp_path / "report.xlsx"
    write_report(db, Period.months(dt.date(2026, 10, 1)), "xlsx", out, locale="bg", now=NOW)
    sheet = openpyxl.load_workbook(out).active
    width = sheet.column_dimensions["A"].width
    for row in sheet.iter_rows(min_col=1, max_col=2):
        label, figure = row
        if isinstance(label.value, str) and len(label.value) > width and figure.value is not None:
            lines = wrapped_lines(label.value, width)
            assert lines >= 2 and sheet.row_dimensions[label.row].height == 15 * lines
            assert figure.alignment.vertical == "top"
            break
    else:
        raise AssertionError("no wrapped label in the report")


def test_wrapped_lines_counts_whole_words():
    assert wrapped_lines("short", 30) == 1
    assert wrapped_lines("a " * 13 + "bb", 30) == 1  # 28 characters: the 28 usable
    assert wrapped_lines("a " * 14 + "b", 30) == 2  # 29 characters
    assert wrapped_lines("word " * 20, 30) == 4  # 5 words (29 characters) a line
