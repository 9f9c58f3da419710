"""CSV and XLSX of the report's figures and of the period's consultations (one row per issue).

CSV is UTF-8 with a BOM (Excel guesses the encoding otherwise), with the
document language's separators (``;`` and a decimal comma for bg/ru, see
``bureau.spreadsheet``) unless the plain comma dialect is asked for. Counts
stay numbers; shares and changes are percentages (34,2) in CSV and fractions
with a percent format in XLSX. Every CSV text cell passes ``neutralise_cell``;
in XLSX text is typed as a string instead (no visible apostrophe), so that
nothing typed into a catalogue or a settlement name can run as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Iterable
from operator import attrgetter
from pathlib import Path

from bureau.files import atomic_output, neutralise_cell
from bureau.i18n import _
from bureau.pdf.clock import document_now
from bureau.reports.disclosure import Masked
from bureau.reports.listing import IssueRow
from bureau.reports.sheet_stream import write_list_xlsx
from bureau.reports.tables import CHANGE, SHARE, Section
from bureau.spreadsheet import csv_number, csv_separators, text_cell

PERCENT_KINDS = (SHARE, CHANGE)
# A document's no-break spaces (dates kept whole on paper) are plain spaces in a cell:
# nothing is laid out in lines there, and a search for "октомври 2026" must find it.
_PLAIN_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})
XLSX_FORMATS = {SHARE: "0.0%", CHANGE: "+0.0%;-0.0%;0.0%"}
SHEET_NAME_MAX = 31
PAPER_A4 = "9"  # openpyxl's Worksheet.PAPERSIZE_A4; the write-only sheet lacks the constant


def _csv_value(value: object, kind: str) -> object:
    if value is None:
        return ""
    if isinstance(value, Masked):
        return value.text
    if kind in PERCENT_KINDS and isinstance(value, float):
        return round(value * 100, 1)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise_cell(value)


def plain(value: object) -> object:
    """Text with ordinary spaces for a spreadsheet cell; other values unchanged."""
    return value.translate(_PLAIN_SPACES) if isinstance(value, str) else value


def _csv_header(header: str, kind: str) -> str:
    return _("{header}, %").format(header=header) if kind in PERCENT_KINDS else header


def figure_rows(header: list[str], summary: str, sections: list[Section]) -> Iterable[list]:
    """The figures as spreadsheet rows: title lines, summary, then each section."""
    for line in header:
        yield [line]
    yield []
    yield [_("Summary")]
    yield [summary]
    for section in sections:
        yield []
        yield [section.title]
        yield [_csv_header(c.header, c.kind) for c in section.columns]
        for row in section.rows:
            yield [row.label] + [_csv_value(v, c.kind)
                                 for v, c in zip(row.values, section.columns[1:], strict=True)]
        for note in section.notes:
            yield [note]


def write_figures_csv(path: str | Path, header: list[str], summary: str,
                      sections: list[Section], *, dialect: str = "locale") -> None:
    """The figures as CSV; ``dialect`` "locale" (default) or "comma" (bureau.spreadsheet)."""
    delimiter, decimal = csv_separators(dialect)
    with atomic_output(path, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        for row in figure_rows(header, summary, sections):
            writer.writerow([csv_number(neutralise_cell(plain(v)), decimal) for v in row])


def write_issues_csv(path: str | Path, columns: list[tuple[str, str]],
                     rows: Iterable[IssueRow], *, dialect: str = "locale") -> int:
    """One row per issue as CSV; returns the rows written."""
    delimiter, decimal = csv_separators(dialect)
    count = 0
    with atomic_output(path, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow([neutralise_cell(label) for _key, label in columns])
        for row in rows:
            writer.writerow([csv_number(_csv_value(getattr(row, key), ""), decimal)
                             for key, _label in columns])
            count += 1
    return count


# --- XLSX --------------------------------------------------------------------


def _text_cell(cell, value: str) -> None:
    text_cell(cell, value.translate(_PLAIN_SPACES))  # typed as text: never a formula


def _sheet_title(text: str) -> str:
    cleaned = "".join(ch for ch in text if ch not in "[]:*?/\\'")
    return cleaned[:SHEET_NAME_MAX] or "Sheet"


def _fit_width_when_printed(sheet) -> None:
    # A council member prints it: all columns on the page's width, as many pages down as needed.
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.page_setup.paperSize = PAPER_A4


def _save(workbook, path: str | Path) -> None:
    with atomic_output(path, mode="wb") as handle:
        workbook.save(handle)


# Characters per column of the list of issues; 18 for the others.
LIST_WIDTHS = {"reference": 14, "occurred_at": 17, "category": 40, "service": 48,
               "outcome": 28, "settlement": 20}
MIN_LABEL_WIDTH, MAX_LABEL_WIDTH = 30, 60  # characters; longer labels wrap
CHART_COLUMN = "I"  # right of the seven table columns
ROW_CM = 0.53  # a spreadsheet row of the default height (15 pt), in cm


def label_width(labels: list[str]) -> float:
    """Column A's width in characters: the longest label, within 30 to 60 (then it wraps)."""
    longest = max((len(label) + 4 for label in labels), default=MIN_LABEL_WIDTH)
    return float(min(MAX_LABEL_WIDTH, max(MIN_LABEL_WIDTH, longest)))


def wrapped_lines(text: str, width: float) -> int:
    """About how many lines ``text`` takes in a wrapped cell ``width`` characters wide
    (words kept whole; a spreadsheet's character width is that of a digit, so a little
    is kept spare)."""
    usable, lines, used = max(1, int(width) - 2), 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > usable:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
    return lines


def chart_height(section: Section) -> float | None:
    """The height in cm of the chart ``add_chart`` draws beside ``section``'s table, or
    None when it draws none (no chart kind, or only a total row)."""
    if section.chart is None or all(row.total for row in section.rows):
        return None
    return max(7.5, 0.6 * sum(not row.total for row in section.rows) + 3)


def chart_rows(section: Section) -> int:
    """How many default-height rows ``section``'s chart covers from its table's header
    row (0 without a chart): the next chart must start below them."""
    height = chart_height(section)
    return 0 if height is None else math.ceil(height / ROW_CM) + 1


def add_chart(sheet, section: Section, header_row: int) -> None:
    """The section's chart as a native spreadsheet chart beside its table (the PDF's bars,
    pie or line), drawn from the table's own cells: the current period's column, the
    total row left out. A withheld ("<5") cell is text, so the chart leaves it out."""
    from openpyxl.chart import BarChart, LineChart, PieChart, Reference  # deferred: documents

    height = chart_height(section)
    if height is None:
        return
    rows = [row for row in section.rows if not row.total]
    first, last = header_row + 1, header_row + len(rows)
    if section.chart == "pie":
        chart = PieChart()
    elif section.chart == "line":
        chart = LineChart()
        chart.legend = None
    else:
        chart = BarChart()
        chart.type = "bar"  # horizontal, as in the PDF
        chart.legend = None
        chart.y_axis.majorGridlines = None
        chart.x_axis.scaling.orientation = "maxMin"  # the largest on top, as in the table
    chart.title = section.title.translate(_PLAIN_SPACES)
    chart.add_data(Reference(sheet, min_col=2, min_row=header_row, max_row=last),
                   titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
    chart.width, chart.height = 18, height
    sheet.add_chart(chart, f"{CHART_COLUMN}{header_row}")


def write_figures_xlsx(path: str | Path, header: list[str], summary: str,
                       sections: list[Section]) -> None:
    from openpyxl import Workbook  # deferred: documents
    from openpyxl.styles import Alignment, Font, PatternFill  # deferred: documents

    bold, heading = Font(bold=True), Font(bold=True, size=12)
    fill = PatternFill("solid", fgColor="E8EDF3")
    wrap = Alignment(wrap_text=True, vertical="top")
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(_("Figures"))
    row_number = 0
    charted: list[tuple[Section, int]] = []
    width = label_width([row.label for section in sections for row in section.rows])

    def next_row() -> int:
        nonlocal row_number
        row_number += 1
        return row_number

    for index, line in enumerate(header):
        cell = sheet.cell(next_row(), 1)
        _text_cell(cell, line)
        cell.font = Font(bold=True, size=14) if index == 0 else heading if index == 2 else Font()
    next_row()
    _text_cell(sheet.cell(next_row(), 1), _("Summary"))
    sheet.cell(row_number, 1).font = heading
    summary_row = next_row()
    _text_cell(sheet.cell(summary_row, 1), summary)
    sheet.merge_cells(start_row=summary_row, start_column=1, end_row=summary_row, end_column=7)
    sheet.cell(summary_row, 1).alignment = wrap
    sheet.row_dimensions[summary_row].height = 15 * max(2, len(summary) // 110 + 1)
    for section in sections:
        next_row()
        _text_cell(sheet.cell(next_row(), 1), section.title)
        sheet.cell(row_number, 1).font = heading
        header_row = next_row()
        charted.append((section, header_row))
        for column_index, column in enumerate(section.columns, start=1):
            cell = sheet.cell(header_row, column_index)
            _text_cell(cell, column.header)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, horizontal="center" if column_index > 1
                                       else "left", vertical="center")
        for row in section.rows:
            current = next_row()
            label = sheet.cell(current, 1)
            _text_cell(label, ("    " if row.indent else "") + row.label)
            label.alignment = wrap  # a long service name wraps instead of being clipped
            lines = wrapped_lines(label.value, width)
            if lines > 1:  # spreadsheets do not grow a row for wrapped text on opening
                sheet.row_dimensions[current].height = 15 * lines
            if row.total:
                label.font = bold
            for column_index, (value, column) in enumerate(
                    zip(row.values, section.columns[1:], strict=True), start=2):
                cell = sheet.cell(current, column_index)
                if isinstance(value, Masked):
                    _text_cell(cell, value.text)
                    cell.alignment = Alignment(horizontal="right")
                elif value is not None:
                    cell.value = value
                    if column.kind in XLSX_FORMATS:
                        cell.number_format = XLSX_FORMATS[column.kind]
                    elif isinstance(value, float):
                        cell.number_format = "0.0"  # averages: one decimal, as in the PDF
                    else:
                        cell.number_format = "#,##0"
                if row.total:
                    cell.font = bold
                if lines > 1:  # the figures beside the label's first line, not its last
                    cell.alignment = Alignment(horizontal=cell.alignment.horizontal,
                                               vertical="top")
        for note in section.notes:
            _text_cell(sheet.cell(next_row(), 1), note)
            sheet.cell(row_number, 1).font = Font(italic=True, size=9)
        # A short table's chart is taller than the table: the next section (its blank
        # row, title and header) starts below the chart, so two charts never overlap.
        row_number = max(row_number, header_row + chart_rows(section) - 3)
    sheet.column_dimensions["A"].width = width
    for letter in "BCDEFG":
        sheet.column_dimensions[letter].width = 15
    for section, header_row in charted:
        add_chart(sheet, section, header_row)
    sheet.sheet_view.showGridLines = False
    _fit_width_when_printed(sheet)
    _save(book, path)


def write_issues_xlsx(path: str | Path, columns: list[tuple[str, str]],
                      rows: Iterable[IssueRow]) -> int:
    """One row per issue as XLSX, streamed (``bureau.spreadsheet.write_list_xlsx``): a
    month of a large bureau is ~100,000 rows. ``columns``: (IssueRow attribute, header)
    pairs; returns the rows written. Dates stay dates, texts stay text (never a formula)."""
    values_of = attrgetter(*(key for key, _label in columns))
    single = len(columns) == 1
    widths = [LIST_WIDTHS.get(key, 18) for key, _label in columns]
    header = [label.translate(_PLAIN_SPACES) for _key, label in columns]
    with atomic_output(path, mode="wb") as handle:
        return write_list_xlsx(handle, _sheet_title(_("Consultations")), header,
                               ((values_of(row),) if single else values_of(row) for row in rows),
                               widths, document_now())
