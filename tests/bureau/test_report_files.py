"""The report's files: PDF text and fonts, CSV and XLSX contents, the public version.

Uses the known dataset of test_report_figures (October 2024).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess

import pytest
from test_report_figures import NAMES, OCTOBER, build_dataset, save

from bureau.i18n import use_locale
from bureau.reports import write_report
from bureau.reports.listing import columns
from bureau.reports.period import Period

NOW = dt.datetime(2024, 11, 2, 9, 30)
INJECTION = "=HYPERLINK(\"http://example.com\",\"x\")"
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdffonts"),
                                   reason="poppler-utils (pdftotext, pdffonts) is not installed")


@pytest.fixture
def dataset(db):
    ids = build_dataset(db)
    # A settlement typed as a formula must stay text in every spreadsheet.
    save(db, ids["maria"], "2024-10-25 12:00", citizen={"full_name": "Злата Злобина",
                                                       "settlement": INJECTION})
    return ids


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def read_csv(path, delimiter: str = ",") -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))


def section_rows(rows: list[list[str]], title: str) -> dict[str, list[str]]:
    """The rows of one section of a figures CSV, by label (trailing empty cells ignored,
    as LibreOffice pads every row to the sheet's width)."""
    rows = [row[:max((i + 1 for i, cell in enumerate(row) if cell), default=0)] for row in rows]
    start = next(i for i, row in enumerate(rows) if row == [title])
    found = {}
    for row in rows[start + 2:]:
        if not row:
            break
        found[row[0]] = row[1:]
    return found


@needs_poppler
@pytest.mark.parametrize(("locale", "heading"), [("bg", "октомври 2024"), ("ru", "октябрь 2024")])
def test_pdf_has_the_month_heading_in_its_language(db, dataset, tmp_path, locale, heading):
    out = tmp_path / f"report-{locale}.pdf"
    write_report(db, OCTOBER, "pdf", out, locale=locale, now=NOW)
    text = pdf_text(out)
    assert heading in text
    assert "Кресна" in text  # Cyrillic labels come out as text, not boxes
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all("DejaVuSans" in line for line in fonts), fonts
    assert all(line.split()[-5] == "yes" for line in fonts)  # embedded


@needs_poppler
def test_pdf_numbers_its_pages_and_dates_itself(db, dataset, tmp_path):
    out = tmp_path / "report.pdf"
    write_report(db, OCTOBER, "pdf", out, locale="en", now=NOW)
    pages = pdf_text(out).split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 3
    assert f"Page 2 of {len(pages)}" in pages[1]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert "Generated on" in pages[0] and "2024" in pages[0]
    assert "Monthly activity report" in pages[0] and "October 2024" in pages[0]
    assert "Мария Стоянова" in pdf_text(out)  # the internal version names advisors


@needs_poppler
def test_public_pdf_has_no_names_and_shows_small_counts(db, dataset, tmp_path):
    out = tmp_path / "public.pdf"
    write_report(db, OCTOBER, "pdf", out, public=True, locale="bg", now=NOW)
    text = pdf_text(out)
    assert "<5" in text
    for name in (*NAMES, "Злата Злобина"):
        assert name not in text
    assert "Тайно описание" not in text


def test_figures_csv_sections_numbers_and_translation(db, dataset, tmp_path):
    out = tmp_path / "figures.csv"
    write_report(db, OCTOBER, "csv", out, locale="en", now=NOW)
    rows = read_csv(out)
    assert rows[0] == ["БИСГ Кресна"]
    key = section_rows(rows, "Key figures")
    assert key["Contacts (consultations)"][:2] == ["7", "2"]  # October, September
    assert key["Issues raised"][0] == "8"
    topics = section_rows(rows, "Issues by topic")
    assert topics["Local taxes and fees"][:2] == ["4", "50.0"]  # count, share in %
    assert topics["All issues"][0] == "8"
    settlements = section_rows(rows, "People by settlement")
    assert settlements["'" + INJECTION][0] == "1"  # neutralised, never a formula
    with_header = next(row for row in rows if row and row[0] == "Topic")
    assert with_header[1:3] == ["October 2024", "Share, %"]


def test_public_csv_hides_small_counts_and_names(db, dataset, tmp_path):
    out = tmp_path / "public.csv"
    write_report(db, OCTOBER, "csv", out, public=True, locale="bg", now=NOW)
    text = out.read_text("utf-8-sig")
    assert "<5" in text
    assert not any(name in text for name in (*NAMES, "Злата Злобина"))
    rows = read_csv(out, ";")  # a Bulgarian document: Excel's list separator there
    settlements = next(i for i, row in enumerate(rows) if row and "Кресна" == row[0])
    assert rows[settlements][1] == "<5"


def test_consultations_csv_one_row_per_issue(db, dataset, tmp_path):
    out = tmp_path / "consultations.csv"
    count = write_report(db, OCTOBER, "csv", out, consultations=True, locale="en")
    rows = read_csv(out)
    assert rows[0] == ["Reference number", "Date", "Channel", "Advisor", "Topic", "Service",
                       "Level of help", "Outcome", "Settlement", "Age band", "Gender"]
    assert count == len(rows) - 1 == 8  # seven issues of the known month plus Злата's
    last = [row for row in rows[1:] if row[1] == "2024-10-31 23:59"]
    assert [row[4] for row in last] == ["Local taxes and fees", "Social assistance"]
    assert last[0][0] == last[1][0]  # two issues, one consultation
    assert last[1][5].startswith("Accepting applications for the Warm Lunch")
    assert any(row[8] == "anonymous visitor" for row in rows[1:])
    assert any(row[8] == "'" + INJECTION for row in rows[1:])
    assert not any(name in cell for row in rows for cell in row
                   for name in ("Иванка Петрова", "Георги Димитров", "Злата Злобина"))


def test_xlsx_figures_open_with_numbers_as_numbers(db, dataset, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "figures.xlsx"
    write_report(db, OCTOBER, "xlsx", out, locale="en", now=NOW)
    sheet = load_workbook(out).active
    cells = {row[0].value: row for row in sheet.iter_rows() if row[0].value}
    contacts = cells["Contacts (consultations)"]
    assert (contacts[1].value, contacts[2].value) == (7, 2)
    assert contacts[1].data_type == "n"
    assert contacts[3].value == pytest.approx(2.5) and "%" in contacts[3].number_format
    assert cells["Key figures"][0].font.bold
    header = next(row for row in sheet.iter_rows() if row[0].value == "Topic")
    assert header[0].font.bold and header[1].value == "October 2024"
    injected = cells[INJECTION]  # typed as text, without a visible apostrophe
    assert injected[0].data_type == "s" and injected[1].value == 1
    assert sheet.column_dimensions["A"].width > 30
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1


def test_xlsx_public_shows_small_counts_as_text(db, dataset, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "public.xlsx"
    write_report(db, OCTOBER, "xlsx", out, public=True, locale="en", now=NOW)
    sheet = load_workbook(out).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "<5" in values
    assert not any(isinstance(v, str) and name in v for v in values for name in NAMES)


def test_xlsx_consultations_typed_cells(db, dataset, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "consultations.xlsx"
    assert write_report(db, OCTOBER, "xlsx", out, consultations=True, locale="bg") == 8
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=False))
    assert len(rows) == 9 and rows[0][0].font.bold
    with use_locale("bg"):
        assert [cell.value for cell in rows[0]] == [label for _key, label in columns(public=False)]
    assert isinstance(rows[1][1].value, dt.datetime)
    settlement = [row[8] for row in rows[1:] if str(row[8].value).endswith(INJECTION)]
    assert settlement and settlement[0].data_type == "s"
    assert sheet.freeze_panes == "A2"


def test_empty_month_files_are_complete(db, dataset, tmp_path):
    june = Period.months(dt.date(2024, 6, 1))
    for fmt in ("pdf", "csv", "xlsx"):
        out = tmp_path / f"june.{fmt}"
        write_report(db, june, fmt, out, locale="ru", now=NOW)
        assert out.stat().st_size > 500
    assert write_report(db, june, "csv", tmp_path / "list.csv", consultations=True) == 0


@pytest.mark.skipif(not shutil.which("soffice"),
                    reason="LibreOffice (soffice) is not installed; CI installs the "
                           "libreoffice-calc-nogui package for this test")
def test_libreoffice_reads_the_same_numbers(db, dataset, tmp_path):
    out = tmp_path / "figures.xlsx"
    write_report(db, OCTOBER, "xlsx", out, locale="en", now=NOW)
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(out)],
        capture_output=True, text=True, timeout=180)
    converted = tmp_path / "figures.csv"
    assert converted.exists(), result.stderr
    rows = list(csv.reader(io.StringIO(converted.read_text("utf-8"))))
    key = section_rows(rows, "Key figures")
    assert key["Contacts (consultations)"][:2] == ["7", "2"]
    assert key["Issues raised"][0] == "8"
    topics = section_rows(rows, "Issues by topic")
    assert topics["Local taxes and fees"][0] == "4"
    assert any(INJECTION in row[0] for row in rows if row)  # text, not a computed link


@pytest.mark.parametrize("locale, dialect, delimiter, decimal", [
    ("bg", "locale", ";", ","), ("ru", "locale", ";", ","), ("en", "locale", ",", "."),
    ("bg", "comma", ",", "."),
])
def test_csv_follows_the_document_locale(db, dataset, tmp_path, locale, dialect, delimiter, decimal):
    # A Bulgarian or Russian Excel reads ';' and decimal commas; "1.2" there is text (#16 item 7).
    out = tmp_path / "figures.csv"
    write_report(db, OCTOBER, "csv", out, locale=locale, now=NOW, csv_dialect=dialect)
    rows = read_csv(out, delimiter)
    shares = [cell for row in rows for cell in row[1:]
              if cell.replace(decimal, "", 1).lstrip("-+").isdigit() and decimal in cell]
    assert shares, rows
    other = "." if decimal == "," else ","
    assert not [cell for row in rows for cell in row[1:]
                if cell.replace(other, "", 1).lstrip("-+").isdigit() and other in cell]
