"""Importing a consultation journal kept in a spreadsheet (CSV) or JSON.

All or nothing: every row is validated first; if any row is bad nothing is
written and each bad row is reported with its number and reason. The columns
are documented in the README; ``IMPORT_COLUMNS`` (from the field
specification, ``bureau.consultations.fields``) is the list.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import sqlite_utils

from bureau.catalogue import CatalogueLookup
from bureau.consultations.fields import (
    CITIZEN_FILE_FIELDS,
    PLAIN_FILE_FIELDS,
    REQUIRED_COLUMNS,
)
from bureau.consultations.store import save_consultation
from bureau.database.connection import write_transaction
from bureau.domain import FieldError, ValidationError
from bureau.files import FORMULA_PREFIXES
from bureau.i18n import N_
from bureau.textsearch import fold
from bureau.trust.advisors import add_advisor
from bureau.validation import clean_text, validate_consultation

LIST_SEPARATORS = (";", "|")

MSG_EMPTY_FILE = N_("the file holds no rows")
MSG_UNKNOWN_FORMAT = N_("only .csv and .json files can be imported")
MSG_UNREADABLE = N_("the file cannot be read: {reason}")
MSG_MISSING_COLUMNS = N_("the file lacks the columns {columns}")
MSG_JSON_SHAPE = N_("the JSON file must hold a list of consultations")


def _file_error(message: str, **params: object) -> ValidationError:
    return ValidationError([FieldError("file", message, params)])


def read_rows(path: str | Path) -> tuple[list[dict[str, Any]], int]:
    """Rows as dicts, and the number of the first data row as a user counts it.

    A CSV's first data row is row 2 in a spreadsheet (the header is row 1);
    JSON items count from 1.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise _file_error(MSG_UNKNOWN_FORMAT)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Bulgarian and Russian Excel saves CSV in Windows-1251.
        text = raw.decode("cp1251")
    except OSError as error:
        raise _file_error(MSG_UNREADABLE, reason=error.strerror or str(error)) from error
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise _file_error(MSG_UNREADABLE, reason=str(error)) from error
        if isinstance(data, Mapping):
            data = data.get("consultations")
        if not isinstance(data, list) or not all(isinstance(item, Mapping) for item in data):
            raise _file_error(MSG_JSON_SHAPE)
        return [dict(item) for item in data], 1
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    rows = [
        {(key or "").strip().lower(): _unneutralise(value) for key, value in row.items()}
        for row in reader
        if any((value or "").strip() for value in row.values() if isinstance(value, str))
    ]
    missing = [c for c in REQUIRED_COLUMNS if c not in {(f or "").strip().lower() for f in reader.fieldnames or []}]
    if reader.fieldnames and missing:
        raise _file_error(MSG_MISSING_COLUMNS, columns=", ".join(missing))
    return rows, 2


def _unneutralise(value: Any) -> Any:
    """Undo ``neutralise_cell`` so an exported file imports as it was typed."""
    if isinstance(value, str) and value.startswith("'") and value[1:2] in FORMULA_PREFIXES:
        return value[1:]
    return value


def _split_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [clean_text(v) for v in value if clean_text(v)]
    text = clean_text(value)
    for separator in LIST_SEPARATORS[1:]:
        text = text.replace(separator, LIST_SEPARATORS[0])
    return [part.strip() for part in text.split(LIST_SEPARATORS[0]) if part.strip()]


def _issues(row: Mapping[str, Any], lookup: CatalogueLookup) -> list[tuple[str | None, str | None]]:
    """Services imply their topic; topics without a service stand alone."""
    services = _split_list(row.get("services"))
    topics = _split_list(row.get("topics"))
    issues: list[tuple[str | None, str | None]] = [(None, service) for service in services]
    covered = {lookup.service_category(lookup.service_code(s) or "") for s in services}
    for topic in topics:
        if lookup.category_code(topic) not in covered or lookup.category_code(topic) is None:
            issues.append((topic, None))
    return issues


def _citizen_key(name: str, phone: str, email: str, settlement: str) -> tuple[str, str]:
    digits = "".join(ch for ch in phone if ch.isdigit())[-9:]
    return fold(clean_text(name)), digits or fold(clean_text(email)) or fold(clean_text(settlement))


def _known_citizens(db: sqlite_utils.Database) -> dict[tuple[str, str], int]:
    known: dict[tuple[str, str], int] = {}
    for cid, name, phone, email, settlement in db.execute(
        "SELECT id, full_name, phone, email, settlement FROM citizens "
        "WHERE deleted_at IS NULL AND full_name IS NOT NULL AND merged_into_id IS NULL"
    ).fetchall():
        known.setdefault(_citizen_key(name, phone, email, settlement), cid)
    return known


def _raw_consultation(row: Mapping[str, Any], lookup: CatalogueLookup, advisor_ids: dict[str, int],
                      citizens: dict[tuple[str, str], int]) -> dict[str, Any]:
    date = clean_text(row.get("date"))
    time = clean_text(row.get("time"))
    name = clean_text(row.get("citizen_name"))
    raw: dict[str, Any] = {field.name: row.get(field.file_columns[0]) for field in PLAIN_FILE_FIELDS}
    raw["occurred_at"] = f"{date} {time}".strip() if date else ""
    raw["channel"] = raw["channel"] or "in_person"
    raw["advisor_id"] = advisor_ids.get(fold(clean_text(row.get("advisor"))))
    raw["issues"] = _issues(row, lookup)
    if name:
        key = _citizen_key(name, clean_text(row.get("phone")), clean_text(row.get("email")),
                           clean_text(row.get("settlement")))
        if key in citizens:
            raw["citizen_id"] = citizens[key]
        else:
            raw["citizen"] = {key: row.get(column) for column, key in CITIZEN_FILE_FIELDS.items()}
            raw["citizen"]["full_name"] = name
            raw["_citizen_key"] = key
    return raw


def import_consultations(db: sqlite_utils.Database, rows: Iterable[Mapping[str, Any]],
                         *, first_row_number: int = 1) -> int:
    """Validate every row, then store them all in one transaction; returns the count.

    Advisors named in the file that the bureau does not know yet are added.
    A citizen is recognised by name together with phone, e-mail or settlement.
    """
    rows = list(rows)
    if not rows:
        raise _file_error(MSG_EMPTY_FILE)
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
            raw = _raw_consultation(row, lookup, advisor_ids, citizens)
            try:
                prepared.append((raw.get("_citizen_key"), validate_consultation(raw, lookup)))
            except ValidationError as error:
                errors += [dataclasses.replace(e, row=number) for e in error.errors]
        if errors:
            raise ValidationError(errors)  # rolls back the advisors added above
        # Oldest first: reference numbers then follow the dates, and so does
        # the search index's newest-first order.
        prepared.sort(key=lambda item: item[1].occurred_at)
        for key, data in prepared:
            if key is not None and key in citizens:
                # The same new person appears again further down the file.
                data.citizen_id, data.new_citizen = citizens[key], None
            consultation_id, _ = save_consultation(db, data, lookup)
            if key is not None and key not in citizens:
                citizens[key] = db.execute(
                    "SELECT citizen_id FROM consultations WHERE id = ?", [consultation_id]
                ).fetchone()[0]
    return len(prepared)


def import_file(db: sqlite_utils.Database, path: str | Path) -> int:
    rows, first = read_rows(path)
    return import_consultations(db, rows, first_row_number=first)
