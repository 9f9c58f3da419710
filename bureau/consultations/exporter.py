"""Exporting consultations with their issues (JSON, CSV or XLSX).

The CSV and XLSX use the import columns (plus reference and record
metadata), so an export imports into another desk unchanged. Enum values are
the stored codes. CSV follows the document language's separators
(``bureau.spreadsheet``); phones are written in national format with spaces
(``bureau.phones.spreadsheet_text``), so that a spreadsheet keeps them as
text with their leading zero; XLSX types every text cell as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bureau.consultations.fields import (
    CITIZEN_FILE_FIELDS,
    CONSULTATION_FIELDS,
    IMPORT_COLUMNS,
    STORED_FIELDS,
    Field,
    Kind,
)
from bureau.database.plain import Reader, WrapsConnection, connection_of
from bureau.domain import DayOnly
from bureau.files import atomic_output, neutralise_cell
from bureau.phones import spreadsheet_text
from bureau.spreadsheet import csv_separators, text_cell

EXPORT_COLUMNS = ("reference", *IMPORT_COLUMNS, "uuid", "created_at", "updated_at")

_SQL = (
    "SELECT k.id, k.reference, k.uuid, k.created_at, k.updated_at, a.full_name AS advisor, "
    + ", ".join(f"k.{field.column}" for field in STORED_FIELDS) + ", "
    + ", ".join(f"z.{key} AS {column}" for column, key in CITIZEN_FILE_FIELDS.items())
    + """
FROM consultations k
JOIN advisors a ON a.id = k.advisor_id
LEFT JOIN citizens z ON z.id = k.citizen_id
WHERE k.deleted_at IS NULL AND k.occurred_at >= ? AND k.occurred_at < ?
  AND (? IS NULL OR k.citizen_id = ?)
ORDER BY k.occurred_at, k.id
"""
)


def _issues_by_consultation(db: Reader, start: str, end: str,
                            citizen_id: int | None) -> dict[int, list]:
    issues: dict[int, list] = {}
    for consultation_id, topic, service in db.execute(
        "SELECT i.consultation_id, c.code, s.code FROM consultation_issues i "
        "JOIN consultations k ON k.id = i.consultation_id "
        "JOIN categories c ON c.id = i.category_id LEFT JOIN services s ON s.id = i.service_id "
        "WHERE k.deleted_at IS NULL AND k.occurred_at >= ? AND k.occurred_at < ? "
        "AND (? IS NULL OR k.citizen_id = ?) ORDER BY i.consultation_id, i.position",
        [start, end, citizen_id, citizen_id],
    ):
        issues.setdefault(consultation_id, []).append({"topic": topic, "service": service})
    return issues


def iter_consultations(db: sqlite3.Connection | WrapsConnection, date_from: dt.date | None = None,
                       date_to: dt.date | None = None, *,
                       citizen_id: int | None = None) -> Iterator[dict]:
    """Live consultations from ``date_from`` to ``date_to`` (both days included, either
    open), oldest first, as dicts keyed by ``EXPORT_COLUMNS`` plus ``issues`` (a list
    of ``{"topic", "service"}`` codes); values are stored codes, dates ISO text.
    """
    start = date_from.isoformat() if date_from else "0000"
    end = (date_to + dt.timedelta(days=1)).isoformat() if date_to else "9999"
    conn = connection_of(db)
    issues = _issues_by_consultation(conn, start, end, citizen_id)
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    for row in cursor.execute(_SQL, [start, end, citizen_id, citizen_id]):
        item: dict[str, Any] = {"reference": row["reference"]}
        for field in CONSULTATION_FIELDS:
            item.update(_file_values(field, row, issues.get(row["id"], [])))
        item.update(uuid=row["uuid"], created_at=row["created_at"], updated_at=row["updated_at"])
        yield item


def _file_values(field: Field, row: sqlite3.Row, item_issues: list[dict[str, Any]]) -> dict[str, Any]:
    """The file columns that carry ``field`` of one stored row (codes, not labels)."""
    if field.kind is Kind.DATETIME:
        occurred = field.from_stored(row[field.stored_column()])
        time = "" if isinstance(occurred, DayOnly) else occurred.strftime("%H:%M")
        return {"date": occurred.date().isoformat(), "time": time}
    if field.kind is Kind.ADVISOR:
        return {"advisor": row["advisor"]}
    if field.kind is Kind.CITIZEN:
        return {column: row[column] or "" for column in field.file_columns}
    if field.kind is Kind.ISSUES:
        # JSON keeps the pairs; CSV has the topics and services columns.
        return {"issues": item_issues,
                "topics": ";".join(dict.fromkeys(i["topic"] for i in item_issues)),
                "services": ";".join(i["service"] for i in item_issues if i["service"])}
    value = row[field.stored_column()]
    if field.kind is Kind.FLAG:
        value = bool(value)
    elif field.kind in (Kind.DATE, Kind.SCORE) and value is None:
        value = ""
    return {field.file_columns[0]: value}


def export_consultations(db: sqlite3.Connection | WrapsConnection, fmt: str, out: str | Path,
                         date_from: dt.date | None = None, date_to: dt.date | None = None,
                         *, csv_dialect: str = "locale") -> int:
    """Write the export as "json", "csv" or "xlsx"; returns the number of consultations written.

    ``csv_dialect``: "locale" (';' for bg/ru) or "comma" (bureau.spreadsheet).
    """
    count = 0
    rows = iter_consultations(db, date_from, date_to)
    if fmt == "json":
        with atomic_output(out) as handle:
            handle.write("[")
            for count, item in enumerate(rows, start=1):
                item = {k: v for k, v in item.items() if k not in ("topics", "services")}
                handle.write(("\n" if count == 1 else ",\n") + json.dumps(item, ensure_ascii=False))
            handle.write("\n]\n" if count else "]\n")
        return count
    if fmt == "xlsx":
        return _write_xlsx(out, rows)
    delimiter, _decimal = csv_separators(csv_dialect)
    # UTF-8 with BOM so that Excel opens Cyrillic correctly.
    with atomic_output(out, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(EXPORT_COLUMNS)
        for item in rows:
            count += 1
            writer.writerow([
                neutralise_cell(_file_value(column, item[column])) for column in EXPORT_COLUMNS
            ])
    return count


def _file_value(column: str, value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if column == "phone":
        return spreadsheet_text(value)  # type: ignore[arg-type]
    return value


def _write_xlsx(out: str | Path, rows: Iterator[dict]) -> int:
    """One sheet, a header row and one row per consultation; streamed (write-only)."""
    # Deferred: openpyxl costs ~0.2 s to import, and this module is loaded at desk start.
    from openpyxl import Workbook  # deferred: documents
    from openpyxl.cell import WriteOnlyCell  # deferred: documents

    book = Workbook(write_only=True)
    sheet = book.create_sheet("consultations")
    sheet.append(list(EXPORT_COLUMNS))
    count = 0
    for item in rows:
        count += 1
        cells = []
        for column in EXPORT_COLUMNS:
            value = _file_value(column, item[column])
            if isinstance(value, int | float) and column == "satisfaction":
                cells.append(value)
                continue
            cell = WriteOnlyCell(sheet)
            text_cell(cell, "" if value is None else str(value))
            cells.append(cell)
        sheet.append(cells)
    with atomic_output(out, mode="wb") as handle:
        book.save(handle)
    return count
