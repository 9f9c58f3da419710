"""The month's list of issues as XLSX, read back by LibreOffice as a council's clerk would
open it: every row, dates as dates in the sheet's format, Cyrillic intact, a text that
looks like a formula still text, an empty cell empty. It holds exactly what the CSV of
the same list holds (#17 item 10: the list is streamed by ``write_list_xlsx`` now,
openpyxl's cell objects were most of its 71 s)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess

import pytest
from test_report_figures import OCTOBER, build_dataset, save

from bureau.i18n import use_locale
from bureau.reports import write_report
from bureau.reports.listing import columns
from bureau.reports.sheet_stream import write_list_xlsx

INJECTION = "=HYPERLINK(\"http://example.com\",\"x\")"
needs_libreoffice = pytest.mark.skipif(
    not shutil.which("soffice"),
    reason="LibreOffice (soffice) is not installed; CI installs libreoffice-calc-nogui")


@pytest.fixture
def listed(db):
    ids = build_dataset(db)
    save(db, ids["maria"], "2024-10-25 12:00", citizen={"full_name": "Злата Злобина",
                                                       "settlement": INJECTION})
    save(db, ids["maria"], "2024-10-26 17:05", citizen={"full_name": "Ёлка Щукина",
                                                       "settlement": "Ъглен"})
    return db


def _libreoffice_csv(xlsx, tmp_path) -> list[list[str]]:
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path / "lo"),
         str(xlsx)], capture_output=True, text=True, timeout=180)
    converted = tmp_path / "lo" / (xlsx.stem + ".csv")
    assert converted.exists(), result.stderr
    return list(csv.reader(io.StringIO(converted.read_text("utf-8"))))


@needs_libreoffice
@pytest.mark.parametrize("locale", ["bg", "ru"])
def test_libreoffice_reads_the_list_as_the_csv_says(listed, tmp_path, locale):
    xlsx, plain = tmp_path / "list.xlsx", tmp_path / "list.csv"
    rows = write_report(listed, OCTOBER, "xlsx", xlsx, consultations=True, locale=locale)
    assert write_report(listed, OCTOBER, "csv", plain, consultations=True, locale=locale,
                        csv_dialect="comma") == rows
    seen = _libreoffice_csv(xlsx, tmp_path)
    expected = list(csv.reader(io.StringIO(plain.read_bytes().decode("utf-8-sig"))))
    # The CSV guards a formula with an apostrophe; the workbook types the cell as text.
    expected = [[cell[1:] if cell.startswith("'=") else cell for cell in row]
                for row in expected]
    assert len(seen) == rows + 1
    assert seen == expected
    with use_locale(locale):
        assert seen[0] == [label for _key, label in columns(public=False)]
    dates = [row[1] for row in seen[1:]]
    assert "2024-10-26 17:05" in dates  # the sheet's own date format, to the minute
    assert all(len(day) in (10, 16) and dt.date.fromisoformat(day[:10]) for day in dates)
    text = " ".join(" ".join(row) for row in seen)
    assert "Злата Злобина" not in text  # never a citizen's name
    assert "Ъглен" in text and INJECTION in text


def test_the_streamed_workbook_holds_each_kind_of_value(tmp_path):
    """What openpyxl (and so Excel's file format) reads back from ``write_list_xlsx``."""
    from openpyxl import load_workbook

    moment, day = dt.datetime(2026, 10, 3, 9, 30), dt.date(2026, 10, 4)
    rows = [["=1+1", moment, 3, 2.5, True, None, "  отстъп ", "a\x01b & <c>"],
            ["#N/A", day, -1, 0.1, False, "", "Ёлка", "\u2013"]]
    out = tmp_path / "list.xlsx"
    with out.open("wb") as handle:
        assert write_list_xlsx(handle, "Консултации", list("ABCDEFGH"), rows, [10] * 8,
                               dt.datetime(2026, 11, 20, 9, 15)) == 2
    book = load_workbook(out)
    sheet = book["Консултации"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert values == [["=1+1", moment, 3, 2.5, True, None, "  отстъп ", "ab & <c>"],
                      ["#N/A", dt.datetime(2026, 10, 4), -1, 0.1, False, None, "Ёлка", "\u2013"]]
    assert sheet["A2"].data_type == "s" and sheet["A3"].data_type == "s"  # never a formula
    assert sheet["B2"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet["B3"].number_format == "yyyy-mm-dd"
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.column_dimensions["A"].width == 10
    assert book.properties.created == dt.datetime(2026, 11, 20, 9, 15)
