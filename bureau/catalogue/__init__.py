"""Issue categories, municipal services, signal units and activity areas.

Each catalogue row has a stable ``code`` and names in bg, ru (and en). Seed
lists ship in ``resources/seed``; a coordinator edits them or imports a CSV
with the same columns. Seeding only adds codes that are missing, so it never
overwrites a coordinator's edits.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from bureau import data
from bureau.collation import sort_key
from bureau.database.connection import new_uuid, now_iso, write_transaction
from bureau.domain import FieldError, ValidationError
from bureau.i18n import N_, get_locale
from bureau.textsearch import fold
from bureau.trust import audit
from bureau.trust.access import Operation, require
from bureau.trust.accounts import Account
from bureau.trust.changes import Changes, core_operation
from bureau.validation import clean_text

# Tables that share the code/name_bg/name_ru/name_en shape.
CATALOGUE_TABLES = ("categories", "services", "signal_units", "activity_areas")
_SEED_FILES = {table: f"{table}.csv" for table in CATALOGUE_TABLES}

MSG_MISSING_COLUMNS = N_("the file lacks the columns {columns}")
MSG_DUPLICATE_CODE = N_("the code \u201c{value}\u201d appears twice")
MSG_BAD_CODE = N_("\u201c{value}\u201d is not a valid code (latin letters, digits, _ and -)")


@dataclass
class CatalogueEntry:
    id: int
    code: str
    name_bg: str
    name_ru: str
    name_en: str
    active: bool
    category_code: str | None = None  # services only
    iisda_number: str | None = None  # services only

    def name(self, locale: str | None = None) -> str:
        locale = locale or get_locale()
        return getattr(self, f"name_{locale}", "") or self.name_bg


def read_seed(table: str) -> list[dict[str, str]]:
    source = data.resource("seed", _SEED_FILES[table])
    with source.open("r", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def entries(db: sqlite_utils.Database, table: str, *, active_only: bool = True) -> list[CatalogueEntry]:
    """The catalogue ``table`` (``CATALOGUE_TABLES``) in its order, active entries only
    unless ``active_only`` is False.
    """
    if table == "services":
        sql = (
            "SELECT s.id, s.code, s.name_bg, s.name_ru, s.name_en, s.active, c.code, s.iisda_number, "
            "s.sort_order FROM services s LEFT JOIN categories c ON c.id = s.category_id "
            "WHERE s.deleted_at IS NULL {active}"
        ).format(active="AND s.active = 1" if active_only else "")
    else:
        order = "sort_order" if table == "categories" else "0"
        sql = (
            f"SELECT id, code, name_bg, name_ru, name_en, active, NULL, NULL, {order} FROM {table} "
            f"WHERE deleted_at IS NULL {'AND active = 1' if active_only else ''}"
        )
    # The catalogue's own order first, then the Bulgarian alphabet (not code points).
    rows = sorted(db.execute(sql).fetchall(), key=lambda row: (row[8] or 0, sort_key(row[2])))
    return [
        CatalogueEntry(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6], row[7])
        for row in rows
    ]


def _validate_rows(table: str, rows: list[dict[str, str]], known_categories: set[str]) -> list[dict]:
    required = {"code", "name_bg", "name_ru"}
    if rows and not required <= set(rows[0]):
        missing = ", ".join(sorted(required - set(rows[0])))
        raise ValidationError([FieldError("file", MSG_MISSING_COLUMNS, {"columns": missing})])
    errors: list[FieldError] = []
    seen: set[str] = set()
    clean: list[dict] = []
    for number, row in enumerate(rows, start=1):
        code = clean_text(row.get("code"))
        record: dict[str, Any] = {
            "code": code,
            "name_bg": clean_text(row.get("name_bg")),
            "name_ru": clean_text(row.get("name_ru")),
            "name_en": clean_text(row.get("name_en")),
        }
        if not code or not all(ch.isascii() and (ch.isalnum() or ch in "_-") for ch in code):
            errors.append(FieldError("code", MSG_BAD_CODE, {"value": code[:40]}, row=number))
        elif code in seen:
            errors.append(FieldError("code", MSG_DUPLICATE_CODE, {"value": code}, row=number))
        seen.add(code)
        for name in ("name_bg", "name_ru"):
            if not record[name]:
                errors.append(FieldError(name, N_("is required"), row=number))
        if table == "services":
            category = clean_text(row.get("category_code"))
            if category and category not in known_categories:
                errors.append(FieldError("category", N_("unknown value \u201c{value}\u201d"),
                                         {"value": category[:40]}, row=number))
            record["category_code"] = category or None
            record["iisda_number"] = clean_text(row.get("iisda_number")) or None
        if table == "categories":
            record["sort_order"] = int(row["sort_order"]) if str(row.get("sort_order", "")).isdigit() else number * 10
        clean.append(record)
    if errors:
        raise ValidationError(errors)
    return clean


def upsert_entries(db: sqlite_utils.Database, table: str, rows: list[dict[str, str]],
                   *, overwrite: bool = True) -> int:
    """Add or update catalogue rows by code in one transaction; returns rows written.

    All rows are checked first: a file with any bad row changes nothing.
    """
    known = {code for (code,) in db.execute("SELECT code FROM categories").fetchall()}
    if table == "categories":
        known |= {clean_text(row.get("code")) for row in rows}
    records = _validate_rows(table, rows, known)
    stamp = now_iso()
    written = 0
    with write_transaction(db):
        category_ids = dict(db.execute("SELECT code, id FROM categories").fetchall())
        for position, record in enumerate(records, start=1):
            values = dict(record)
            if table == "services":
                values["category_id"] = category_ids.get(values.pop("category_code"))
                values.setdefault("sort_order", position * 10)
            existing = db.execute(f"SELECT id FROM {table} WHERE code = ?", [values["code"]]).fetchone()
            if existing and not overwrite:
                continue
            if existing:
                sets = ", ".join(f"{key} = :{key}" for key in values if key != "code")
                db.execute(
                    f"UPDATE {table} SET {sets}, updated_at = :updated_at, deleted_at = NULL "
                    "WHERE code = :code",
                    {**values, "updated_at": stamp},
                )
            else:
                db.table(table).insert(
                    {**values, "uuid": new_uuid(), "created_at": stamp, "updated_at": stamp}
                )
            written += 1
    return written


def import_catalogue_csv(db: sqlite_utils.Database, table: str, path: str | Path, *,
                         by: Account) -> Changes[None]:
    """Import a coordinator's CSV (same columns as the seed files); ``count``: rows written.

    A core operation: ``by`` needs ``EDIT_CATALOGUES`` (asked before the file is
    read); all rows and the audit entry (the file's name, rows written) in one transaction; a
    refused file is audited as refused. Raises
    ``PermissionDenied``, ``ValidationError`` (nothing written), ``OSError``.
    """
    require(by, Operation.EDIT_CATALOGUES)
    text = Path(path).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    name = Path(path).name
    try:
        with core_operation(db, by, Operation.EDIT_CATALOGUES):
            written = upsert_entries(db, table, rows)
            audit.record(db, audit.Action.IMPORT, "catalogue", table, actor_id=by.id,
                         detail=audit.import_detail(name, written, 0))
    except ValidationError as error:
        # A refused file is audited too: who tried, which file, how many rows were bad.
        refused = len({item.row for item in error.errors if item.row is not None})
        with write_transaction(db):
            audit.record(db, audit.Action.IMPORT_REFUSED, "catalogue", table, actor_id=by.id,
                         detail=audit.import_detail(name, 0, refused))
        raise
    return Changes(catalogue=True, count=written)


def seed_catalogues(db: sqlite_utils.Database) -> None:
    """Add the bundled catalogues' entries that the database lacks; existing entries keep
    their names.
    """
    for table in CATALOGUE_TABLES:
        upsert_entries(db, table, read_seed(table), overwrite=False)


class CatalogueLookup:
    """Resolves what a user typed (code, or a name in any language) to codes.

    Loaded once; implements ``bureau.validation.Catalogue``.
    """

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.categories = {e.code: e for e in entries(db, "categories", active_only=False)}
        self.services = {e.code: e for e in entries(db, "services", active_only=False)}
        self._category_names = self._names(self.categories.values())
        self._service_names = self._names(self.services.values())
        self._advisors = {row[0] for row in db.execute("SELECT id FROM advisors").fetchall()}

    @staticmethod
    def _names(items) -> dict[str, str]:
        names: dict[str, str] = {}
        for entry in items:
            for text in (entry.code, entry.name_bg, entry.name_ru, entry.name_en):
                if text:
                    names.setdefault(fold(text), entry.code)
        return names

    def category_code(self, text: str) -> str | None:
        return self._category_names.get(fold(clean_text(text)))

    def service_code(self, text: str) -> str | None:
        return self._service_names.get(fold(clean_text(text)))

    def service_category(self, service_code: str) -> str | None:
        entry = self.services.get(service_code)
        return entry.category_code if entry else None

    def advisor_exists(self, advisor_id: int) -> bool:
        if advisor_id not in self._advisors:
            # An advisor added since this lookup was loaded (another window).
            self._advisors = {row[0] for row in self.db.execute("SELECT id FROM advisors").fetchall()}
        return advisor_id in self._advisors

    def citizen_exists(self, citizen_id: int) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM citizens WHERE id = ? AND deleted_at IS NULL", [citizen_id]
        ).fetchone()
        return row is not None

    def category_id(self, code: str) -> int:
        return self.categories[code].id

    def service_id(self, code: str | None) -> int | None:
        return self.services[code].id if code else None
