"""Is a database's schema exactly what this version's migrations make?

Used by ``restore`` (a backup is accepted only if so) and by ``check``. A
hostile or hand-edited file can carry triggers of its own (blanking the audit
log, rewriting every answer), lack the audit log's guards, or declare other
column types; all of these change the schema as SQLite records it in
``sqlite_master``. The expected schema for a database holding the first
*k* migrations is built once by running those *k* migrations on an empty
in-memory database.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from dataclasses import dataclass

import sqlite_utils

from bureau.database import schema

Fingerprint = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class SchemaVerdict:
    """``problem`` is empty when the schema is exactly the expected one."""

    version: int
    newer: bool = False
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.newer and not self.problem


def _normalise_sql(sql: str | None) -> str:
    # Quoting and spacing differ between SQLite versions that rewrote a table
    # (ALTER TABLE); names, types, constraints and bodies must not.
    text = re.sub(r"[\"`\[\]]", "", (sql or "").lower())
    text = re.sub(r"\s+", " ", text)
    return re.sub(r" ?([(),;=]) ?", r"\1", text).strip()


def fingerprint(conn: sqlite3.Connection) -> Fingerprint:
    """Tables, columns, indexes, triggers and views, normalised and sorted."""
    rows = []
    for kind, name, table, sql in conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master "
            "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").fetchall():
        rows.append((kind, name, table, _normalise_sql(sql)))
        if kind == "table":
            for column in conn.execute(f"PRAGMA table_xinfo({_quote(name)})").fetchall():
                rows.append(("column", name, *(str(part) for part in column[1:])))
    return tuple(sorted(rows))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@functools.cache
def expected(count: int) -> Fingerprint:
    """The schema after this version's first ``count`` migrations."""
    db = sqlite_utils.Database(memory=True)
    names = [migration.name for migration in schema.migrations._migrations]
    if count >= len(names):
        schema.migrations.apply(db)
    elif count > 0:
        schema.migrations.apply(db, stop_before=names[count])
    if count == 0:
        return ()
    result = fingerprint(db.conn)
    db.close()
    return result


def verify(conn: sqlite3.Connection) -> SchemaVerdict:
    """Compare a database's schema with what its own migrations should have made.

    Raises ``sqlite3.Error`` when the file cannot be read.
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    names = [migration.name for migration in schema.migrations._migrations]
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "_sqlite_migrations" not in tables:
        return SchemaVerdict(version, problem="no migrations table")
    applied = [row[0] for row in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
        [schema.MIGRATION_SET])]
    if version > len(names) or set(applied) - set(names):
        return SchemaVerdict(version, newer=True)
    if sorted(applied) != sorted(names[:len(applied)]) or version != len(applied):
        return SchemaVerdict(version, problem="migrations out of order")
    actual, wanted = fingerprint(conn), expected(len(applied))
    if actual != wanted:
        extra = sorted(set(actual) - set(wanted))
        missing = sorted(set(wanted) - set(actual))
        first = (["+ " + " ".join(extra[0][:2])] if extra else []) + \
                (["- " + " ".join(missing[0][:2])] if missing else [])
        return SchemaVerdict(version, problem="; ".join(first))
    return SchemaVerdict(version)
