"""Every public output carries no record-level data (issue #15 item 6).

The public PDF, CSV and XLSX of the known dataset are searched for
reference and referral numbers, names of citizens and advisors, and counts
from 1 to 4 (which the public version shows as "<5"); a public list of
single consultations is refused, in the core and through the CLI.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from test_report_figures import NAMES, OCTOBER, build_dataset

from bureau.domain import BureauError
from bureau.reports import write_report

NOW = dt.datetime(2024, 11, 2, 9, 30)
RECORD_NUMBER = re.compile(r"\b\d{4}-\d{3,6}\b")
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext")


def small_counts(cells: list[object]) -> list[object]:
    """Whole numbers from 1 to 4 among the cells: the counts that must read "<5"."""
    found = []
    for cell in cells:
        if isinstance(cell, bool):
            continue
        if isinstance(cell, int) and 1 <= cell <= 4:
            found.append(cell)
        elif isinstance(cell, str) and cell.strip() in ("1", "2", "3", "4"):
            found.append(cell)
    return found


def record_data(text: str, db) -> list[str]:
    """Reference numbers, referral numbers and names found in a text."""
    numbers = [row[0] for row in db.execute("SELECT reference FROM consultations UNION ALL "
                                            "SELECT number FROM referrals")]
    names = [*NAMES, *(row[0] for row in db.execute(
        "SELECT full_name FROM citizens WHERE full_name IS NOT NULL UNION "
        "SELECT full_name FROM advisors"))]
    found = [n for n in numbers + names if n in text]
    return found + RECORD_NUMBER.findall(text)


@pytest.fixture
def public_files(db, tmp_path):
    build_dataset(db)
    files = {}
    for fmt in ("pdf", "csv", "xlsx"):
        files[fmt] = tmp_path / f"public.{fmt}"
        write_report(db, OCTOBER, fmt, files[fmt], public=True, locale="en", now=NOW)
    return files


def test_public_csv_has_no_record_data_and_no_small_cells(db, public_files):
    text = public_files["csv"].read_text("utf-8-sig")
    assert "<5" in text
    assert record_data(text, db) == []
    cells = [cell for line in text.splitlines() for cell in line.split(",")]
    assert small_counts(cells) == []


def test_public_xlsx_has_no_record_data_and_no_small_cells(db, public_files):
    sheet = load_workbook(public_files["xlsx"]).active
    # Shares are fractions shown as percentages (1 is "100.0%"), not counts.
    cells = [cell.value for row in sheet.iter_rows() for cell in row
             if cell.value is not None and "%" not in cell.number_format]
    assert "<5" in cells
    assert record_data(" ".join(map(str, cells)), db) == []
    assert small_counts(cells) == []


@needs_poppler
def test_public_pdf_has_no_record_data_and_no_small_cells(db, public_files):
    text = subprocess.run(["pdftotext", "-layout", str(public_files["pdf"]), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "<5" in text
    assert record_data(text, db) == []
    # The tables' rows: a label, then the counts of each period.
    table_cells = [cell for line in text.splitlines()
                   if re.match(r"^\s*\S.*\s{2,}(\S+\s{2,})*\S+\s*$", line)
                   for cell in re.split(r"\s{2,}", line.strip())[1:]]
    assert table_cells and small_counts(table_cells) == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_public_list_of_consultations_is_refused(db, tmp_path, fmt):
    build_dataset(db)
    out = tmp_path / f"list.{fmt}"
    with pytest.raises(BureauError, match="public version is the figures only"):
        write_report(db, OCTOBER, fmt, out, public=True, consultations=True, locale="en")
    assert not out.exists()
