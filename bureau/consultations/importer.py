"""Importing a consultation journal kept in a spreadsheet (CSV) or JSON.

All or nothing: every row is validated first; if any row is bad nothing is
written and each bad row is reported with its number and reason. The columns
are documented in the README; ``IMPORT_COLUMNS`` (from the field
specification, ``bureau.consultations.fields``) is the list.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from bureau.catalogue import CatalogueLookup
from bureau.citizens.identity import traits_conflict
from bureau.consultations.fields import (
    CITIZEN_FILE_FIELDS,
    PLAIN_FILE_FIELDS,
)
from bureau.consultations.filereader import MSG_EMPTY_FILE, ROW_KEY, file_error, read_rows
from bureau.consultations.store import save_consultation
from bureau.database.connection import write_transaction
from bureau.domain import DayOnly, FieldError, ValidationError
from bureau.phones import e164_digits
from bureau.textsearch import fold
from bureau.trust.advisors import add_advisor
from bureau.validation import clean_text, validate_consultation

LIST_SEPARATORS = (";", "|")
# Spreadsheets write a date-only cell as midnight; no bureau opens at 00:00.
_MIDNIGHT = dt.time(0, 0)
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y", "%d/%m/%y", "%Y.%m.%d")
_TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%H.%M", "%H:%M:%S.%f")


def _split_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [clean_text(v) for v in value if clean_text(v)]
    text = clean_text(value)
    for separator in LIST_SEPARATORS[1:]:
        text = text.replace(separator, LIST_SEPARATORS[0])
    return [part.strip() for part in text.split(LIST_SEPARATORS[0]) if part.strip()]


def _issues(row: Mapping[str, Any], lookup: CatalogueLookup) -> list[tuple[str | None, str | None]]:
    """Services imply their topic; topics without a service stand alone.

    A JSON export carries the pairs themselves (``issues``: topic and service codes).
    """
    pairs = row.get("issues")
    if isinstance(pairs, list) and all(isinstance(pair, Mapping) for pair in pairs):
        return [(pair.get("topic"), pair.get("service")) for pair in pairs]
    services = _split_list(row.get("services"))
    topics = _split_list(row.get("topics"))
    issues: list[tuple[str | None, str | None]] = [(None, service) for service in services]
    covered = {lookup.service_category(lookup.service_code(s) or "") for s in services}
    for topic in topics:
        if lookup.category_code(topic) not in covered or lookup.category_code(topic) is None:
            issues.append((topic, None))
    return issues


@dataclass
class _Person:
    """A citizen an import row may join: known already, or new earlier in the file."""

    citizen_id: int | None
    age_band: Any
    gender: Any


def _citizen_key(name: str, phone: str, email: str, settlement: str) -> tuple[str, str]:
    contact = e164_digits(phone) or "".join(ch for ch in phone if ch.isdigit())
    return fold(clean_text(name)), contact or fold(clean_text(email)) or fold(clean_text(settlement))


def _known_citizens(db: sqlite_utils.Database) -> dict[tuple[str, str], list[_Person]]:
    known: dict[tuple[str, str], list[_Person]] = {}
    for cid, name, phone, email, settlement, age_band, gender in db.execute(
        "SELECT id, full_name, phone, email, settlement, age_band, gender FROM citizens "
        "WHERE deleted_at IS NULL AND full_name IS NOT NULL AND merged_into_id IS NULL"
    ).fetchall():
        key = _citizen_key(name, phone or "", email or "", settlement or "")
        known.setdefault(key, []).append(_Person(cid, age_band, gender))
    return known


def _raw_consultation(row: Mapping[str, Any], lookup: CatalogueLookup, advisor_ids: dict[str, int],
                      citizens: dict[tuple[str, str], list[_Person]]) -> dict[str, Any]:
    name = clean_text(row.get("citizen_name"))
    raw: dict[str, Any] = {field.name: row.get(field.file_columns[0]) for field in PLAIN_FILE_FIELDS}
    raw["occurred_at"] = occurred_at(row.get("date"), row.get("time"))
    raw["channel"] = raw["channel"] or "in_person"
    raw["advisor_id"] = advisor_ids.get(fold(clean_text(row.get("advisor"))))
    raw["issues"] = _issues(row, lookup)
    if name:
        key = _citizen_key(name, clean_text(row.get("phone")), clean_text(row.get("email")),
                           clean_text(row.get("settlement")))
        age_band, gender = row.get("age_band"), row.get("gender")
        same = citizens.setdefault(key, [])
        person = next((p for p in same
                       if not traits_conflict(p.age_band, p.gender, age_band, gender)), None)
        if person is not None and person.citizen_id is not None:
            raw["citizen_id"] = person.citizen_id
        else:
            raw["citizen"] = {key: row.get(column) for column, key in CITIZEN_FILE_FIELDS.items()}
            raw["citizen"]["full_name"] = name
            if person is None:
                person = _Person(None, age_band, gender)
                same.append(person)
        raw["_person"] = person
    return raw


def import_consultations(db: sqlite_utils.Database, rows: Iterable[Mapping[str, Any]],
                         *, first_row_number: int = 1) -> int:
    """Validate every row, then store them all in one transaction; returns the count.

    Advisors named in the file that the bureau does not know yet are added.
    A citizen is recognised by name together with phone, e-mail or settlement.

    Raises ``ValidationError``: for an empty file (field ``file``), or with every bad
    row's errors (each ``FieldError.row`` the row's number as the user counts it); then
    nothing is written.
    """
    rows = list(rows)
    if not rows:
        raise file_error(MSG_EMPTY_FILE)
    with write_transaction(db):
        advisor_ids = {
            fold(name): advisor_id
            for advisor_id, name in db.execute("SELECT id, full_name FROM advisors").fetchall()
        }
        for row in rows:
            name = clean_text(row.get("advisor"))
            if name and len(name) <= 200 and fold(name) not in advisor_ids:
                advisor_ids[fold(name)] = add_advisor(db, name)
        lookup = CatalogueLookup(db)
        citizens = _known_citizens(db)
        prepared = []
        errors: list[FieldError] = []
        for number, row in enumerate(rows, start=first_row_number):
            number = row.get(ROW_KEY, number)
            raw = _raw_consultation(row, lookup, advisor_ids, citizens)
            try:
                prepared.append((raw.get("_person"), validate_consultation(raw, lookup)))
            except ValidationError as error:
                errors += [dataclasses.replace(e, row=number) for e in error.errors]
        if errors:
            raise ValidationError(errors)  # rolls back the advisors added above
        # Oldest first: reference numbers then follow the dates, and so does
        # the search index's newest-first order.
        prepared.sort(key=lambda item: item[1].occurred_at)
        for person, data in prepared:
            if person is not None and person.citizen_id is not None:
                # The same new person appears again further down the file.
                data.citizen_id, data.new_citizen = person.citizen_id, None
            consultation_id, _ = save_consultation(db, data, lookup)
            if person is not None and person.citizen_id is None:
                person.citizen_id = db.execute(
                    "SELECT citizen_id FROM consultations WHERE id = ?", [consultation_id]
                ).fetchone()[0]
    return len(prepared)


def import_file(db: sqlite_utils.Database, path: str | Path) -> int:
    """Read a CSV, JSON or XLSX journal and import it (see ``import_consultations``)."""
    return import_consultations(db, read_rows(path))


def _day(value: Any) -> tuple[dt.date | None, dt.time | None]:
    """A date cell: a date, '5.10.2026 г.', '05.10.26', ISO with a time or 'T'."""
    if isinstance(value, dt.datetime):
        return value.date(), value.time()
    if isinstance(value, dt.date):
        return value, None
    text = re.sub(r"\s*г\.?$", "", clean_text(value)).replace("T", " ")
    day_text, _, time_text = text.partition(" ")
    for fmt in _DATE_FORMATS:
        try:
            day = dt.datetime.strptime(day_text, fmt).date()
        except ValueError:
            continue
        clock = _clock(time_text) if time_text else None
        if time_text and clock is None:
            return None, None
        return day, clock
    return None, None


def _clock(value: Any) -> dt.time | None:
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    text = clean_text(value).removesuffix("ч.").strip()
    for fmt in _TIME_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    return None


def occurred_at(date: Any, time: Any) -> dt.datetime | DayOnly | str:
    """The moment of a file row from its date and time cells.

    A date alone (or at midnight, as spreadsheets write a date-only cell) is a
    ``DayOnly``: the day is known, the time is not, and nothing later shows
    "00:00". Cells that cannot be read are returned as text, for validation
    to report as not a date.
    """
    day, clock = _day(date)
    if day is None:
        return f"{clean_text(date)} {clean_text(time)}".strip() if not isinstance(date, dt.date) else ""
    if time not in (None, ""):
        clock = _clock(time)
        if clock is None:
            return f"{day.isoformat()} {clean_text(time)}"
    if clock is None or clock.replace(second=0, microsecond=0) == _MIDNIGHT:
        return DayOnly.of(day)
    return dt.datetime.combine(day, clock.replace(second=0, microsecond=0))
