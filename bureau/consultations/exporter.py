"""Exporting consultations with their issues (JSON or CSV).

The CSV uses the import columns (plus reference and record metadata), so an
export can be imported into another desk. Enum values are the stored codes.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from bureau.consultations.importer import IMPORT_COLUMNS
from bureau.files import atomic_output, neutralise_cell

EXPORT_COLUMNS = ("reference", *IMPORT_COLUMNS, "uuid", "created_at", "updated_at")

_SQL = """
SELECT k.id, k.reference, k.occurred_at, k.channel, a.full_name, z.full_name, z.phone, z.email,
       z.address, z.settlement, z.age_band, z.gender, k.question, k.answer, k.help_level,
       k.outcome, k.next_steps, k.follow_up_on, k.satisfaction, k.consent_record,
       k.consent_share, k.consent_contact, k.external_ref, k.uuid, k.created_at, k.updated_at
FROM consultations k
JOIN advisors a ON a.id = k.advisor_id
LEFT JOIN citizens z ON z.id = k.citizen_id
WHERE k.deleted_at IS NULL AND k.occurred_at >= ? AND k.occurred_at < ?
  AND (? IS NULL OR k.citizen_id = ?)
ORDER BY k.occurred_at, k.id
"""


def _issues_by_consultation(db: sqlite_utils.Database, start: str, end: str,
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


def iter_consultations(db: sqlite_utils.Database, date_from: dt.date | None = None,
                       date_to: dt.date | None = None, *,
                       citizen_id: int | None = None) -> Iterator[dict]:
    start = date_from.isoformat() if date_from else "0000"
    end = (date_to + dt.timedelta(days=1)).isoformat() if date_to else "9999"
    issues = _issues_by_consultation(db, start, end, citizen_id)
    for row in db.execute(_SQL, [start, end, citizen_id, citizen_id]):
        occurred = dt.datetime.fromisoformat(row[2])
        item_issues = issues.get(row[0], [])
        yield {
            "reference": row[1],
            "date": occurred.date().isoformat(),
            "time": occurred.strftime("%H:%M"),
            "channel": row[3],
            "advisor": row[4],
            "citizen_name": row[5] or "",
            "phone": row[6] or "",
            "email": row[7] or "",
            "address": row[8] or "",
            "settlement": row[9] or "",
            "age_band": row[10] or "",
            "gender": row[11] or "",
            "issues": item_issues,
            "topics": ";".join(dict.fromkeys(i["topic"] for i in item_issues)),
            "services": ";".join(i["service"] for i in item_issues if i["service"]),
            "question": row[12],
            "answer": row[13],
            "help_level": row[14],
            "outcome": row[15],
            "next_steps": row[16],
            "follow_up": row[17] or "",
            "satisfaction": row[18] if row[18] is not None else "",
            "consent_record": bool(row[19]),
            "consent_share": bool(row[20]),
            "consent_contact": bool(row[21]),
            "external_ref": row[22],
            "uuid": row[23],
            "created_at": row[24],
            "updated_at": row[25],
        }


def export_consultations(db: sqlite_utils.Database, fmt: str, out: str | Path,
                         date_from: dt.date | None = None, date_to: dt.date | None = None) -> int:
    """Write the export; returns the number of consultations written."""
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
    # UTF-8 with BOM so that Excel opens Cyrillic correctly.
    with atomic_output(out, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(EXPORT_COLUMNS)
        for item in rows:
            count += 1
            writer.writerow([
                neutralise_cell(_csv_value(item[column])) for column in EXPORT_COLUMNS
            ])
    return count


def _csv_value(value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value
