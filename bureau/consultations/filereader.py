"""Reading a consultation journal from CSV, JSON or XLSX into rows of text.

What a bureau's old journal really looks like: CSV from Excel on a Bulgarian
or Russian Windows (``;``, Windows-1251, CR-only line ends from old Macs),
JSON from another desk, or the Excel workbook itself (date cells, phone
numbers turned into numbers). Every problem is a ``ValidationError`` naming
the row and the reason; nothing here writes to the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bureau.consultations.fields import IMPORT_COLUMNS, REQUIRED_COLUMNS
from bureau.domain import FieldError, ValidationError
from bureau.files import FORMULA_PREFIXES
from bureau.i18n import N_
from bureau.phones import spreadsheet_text

MSG_EMPTY_FILE = N_("the file holds no rows")
MSG_UNKNOWN_FORMAT = N_("only .csv, .json and .xlsx files can be imported")
MSG_UNREADABLE = N_("the file cannot be read: {reason}")
MSG_MISSING_COLUMNS = N_("the file lacks the columns {columns}")
MSG_JSON_SHAPE = N_("the JSON file must hold a list of consultations")
MSG_ENCODING = N_("the text is neither UTF-8 nor Windows-1251 (byte {byte} cannot be read)")
MSG_CELL_TOO_LONG = N_("a cell is longer than {limit} characters")
MSG_BAD_CSV = N_("the row is not valid CSV: {reason}")
MSG_NOT_A_WORKBOOK = N_("the file is not an Excel workbook (.xlsx)")

# Python's csv module refuses longer fields; no journal cell is this long.
CELL_LIMIT = 131_072
DELIMITERS = (";", ",", "\t")
ROW_KEY = "__row__"  # the row's number as the user counts it, for messages
_KNOWN_COLUMNS = {*IMPORT_COLUMNS, "reference", "uuid", "created_at", "updated_at"}


def file_error(message: str, row: int | None = None, **params: object) -> ValidationError:
    """A problem with the file as a whole, or with one of its rows."""
    return ValidationError([FieldError("file", message, params, row=row)])


def read_rows(path: str | Path) -> list[dict[str, Any]]:
    """Rows as dicts keyed by lower-case column name; each carries ``ROW_KEY``.

    CSV and XLSX rows are numbered as a spreadsheet shows them (the header is
    row 1); JSON items count from 1. Blank rows are skipped. Raises
    ``ValidationError`` for a file that cannot be read, with the row.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json", ".xlsx"):
        raise file_error(MSG_UNKNOWN_FORMAT)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise file_error(MSG_UNREADABLE, reason=error.strerror or str(error)) from error
    if suffix == ".xlsx":
        rows = _xlsx_rows(raw)
    elif suffix == ".json":
        rows = _json_rows(_decode(raw))
    else:
        rows = _csv_rows(_decode(raw))
    if not rows:
        raise file_error(MSG_EMPTY_FILE)
    return rows


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Older Bulgarian and Russian Excel saves CSV in Windows-1251.
        return raw.decode("cp1251")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + (raw[:error.start].count(b"\r")
                                                  if b"\n" not in raw else 0) + 1
        raise file_error(MSG_ENCODING, row=line, byte=f"0x{raw[error.start]:02X}") from error


def _json_rows(text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise file_error(MSG_UNREADABLE, row=error.lineno, reason=error.msg) from error
    if isinstance(data, Mapping):
        data = data.get("consultations")
    if not isinstance(data, list) or not all(isinstance(item, Mapping) for item in data):
        raise file_error(MSG_JSON_SHAPE)
    return [{**{str(k).strip().lower(): v for k, v in item.items()}, ROW_KEY: number}
            for number, item in enumerate(data, start=1)]


def header_delimiter(header: str) -> str:
    """The delimiter of a CSV, read from its header line alone.

    The one that splits the header into the most known column names (ties:
    the most frequent). Guessing from the data misreads a question such as
    "Пита за 'данък', 'такса'" as quoted with apostrophes.
    """
    def score(delimiter: str) -> tuple[int, int]:
        names = {part.strip().strip('"').strip().lower() for part in header.split(delimiter)}
        return len(names & _KNOWN_COLUMNS), header.count(delimiter)

    return max(DELIMITERS, key=score)


def _csv_rows(text: str) -> list[dict[str, Any]]:
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")  # CR-only line ends (classic Mac OS, some exports)
    header = text.split("\n", 1)[0]
    delimiter = header_delimiter(header)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"',
                        doublequote=True, strict=False)
    rows: list[dict[str, Any]] = []
    names: list[str] | None = None
    record = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            bad_row = record + 2 if names is not None else 1
            if "field larger than field limit" in str(error):
                raise file_error(MSG_CELL_TOO_LONG, row=bad_row, limit=f"{CELL_LIMIT:,}") from error
            raise file_error(MSG_BAD_CSV, row=bad_row, reason=str(error)) from error
        if names is None:
            names = [cell.strip().lower() for cell in cells]
            _check_columns(names)
            continue
        record += 1
        if not any(cell.strip() for cell in cells):
            continue
        row: dict[str, Any] = dict(zip(names, (_unneutralise(cell) for cell in cells), strict=False))
        row[ROW_KEY] = record + 1
        rows.append(row)
    return rows


def _check_columns(names: list[str]) -> None:
    missing = [column for column in REQUIRED_COLUMNS if column not in names]
    if missing:
        raise file_error(MSG_MISSING_COLUMNS, row=1, columns=", ".join(missing))


def _unneutralise(value: str) -> str:
    """Undo ``neutralise_cell`` so an exported file imports as it was typed."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def _xlsx_rows(raw: bytes) -> list[dict[str, Any]]:
    # Deferred: openpyxl costs ~0.2 s to import; only an XLSX import needs it.
    import openpyxl  # deferred: documents

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise file_error(MSG_NOT_A_WORKBOOK) from error
    try:
        sheet = workbook.worksheets[0]
        rows: list[dict[str, Any]] = []
        names: list[str] | None = None
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if names is None:
                names = [str(cell or "").strip().lower() for cell in cells]
                _check_columns(names)
                continue
            values = [_xlsx_value(name, cell) for name, cell in zip(names, cells, strict=False)]
            if not any(str(value).strip() for value in values if value is not None):
                continue
            row = dict(zip(names, values, strict=False))
            row[ROW_KEY] = number
            rows.append(row)
        return rows
    finally:
        workbook.close()


def _xlsx_value(column: str, cell: Any) -> Any:
    """A workbook cell as the importer takes it: dates stay dates, phones become text."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if column == "phone":
            # Excel stores 0887654321 typed into a number cell as 887654321.
            return spreadsheet_text(str(int(cell)))
        return str(int(cell)) if float(cell).is_integer() else str(cell)
    if isinstance(cell, (dt.datetime, dt.date, dt.time)):
        return cell
    return str(cell)
