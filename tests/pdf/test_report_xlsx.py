"""The report's workbook as a council member opens it (#17 item 10): service names wrap in
a readable first column, and the PDF's charts are native spreadsheet charts."""

from __future__ import annotations

import datetime as dt

import openpyxl

from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import save_consultation
from bureau.reports import write_report
from bureau.reports.period import Period
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
