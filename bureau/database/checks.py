"""`bureau-cli check`: is the database sound, and is its schema this version's?"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import sqlite_utils

from bureau.database import schema
from bureau.i18n import N_, _
from bureau.signals.register import verify_chains


@dataclass
class CheckResult:
    name: str  # msgid
    ok: bool
    detail: str = ""

    def render(self) -> str:
        mark = _("OK") if self.ok else _("PROBLEM")
        text = f"{mark:<8} {_(self.name)}"
        return f"{text}: {self.detail}" if self.detail else text


CHECK_INTEGRITY = N_("SQLite integrity check")
CHECK_FOREIGN_KEYS = N_("References between records")
CHECK_SCHEMA = N_("Schema version")
CHECK_SEARCH = N_("Search index")
CHECK_REFERENCES = N_("Reference numbers")
CHECK_SIGNALS = N_("Signals register history")


def _integrity(db: sqlite_utils.Database) -> CheckResult:
    rows = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
    ok = rows == ["ok"]
    return CheckResult(CHECK_INTEGRITY, ok, "" if ok else "; ".join(rows[:5]))


def _foreign_keys(db: sqlite_utils.Database) -> CheckResult:
    rows = db.execute("PRAGMA foreign_key_check").fetchall()
    detail = "" if not rows else _("{count} broken references, e.g. in {table}").format(
        count=len(rows), table=rows[0][0])
    return CheckResult(CHECK_FOREIGN_KEYS, not rows, detail)


def _schema(db: sqlite_utils.Database) -> CheckResult:
    applied = schema.applied_names(db)
    known = schema.known_migration_names()
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if applied - known:
        return CheckResult(CHECK_SCHEMA, False, _("made by a newer version of Bureau"))
    if known - applied:
        return CheckResult(CHECK_SCHEMA, False, _("not up to date; run bureau-cli init"))
    return CheckResult(CHECK_SCHEMA, version == schema.latest_version(),
                       _("version {version}").format(version=version))


def _search_index(db: sqlite_utils.Database) -> CheckResult:
    try:
        db.execute("INSERT INTO consultation_search(consultation_search) VALUES('integrity-check')")
    except sqlite3.DatabaseError as error:
        return CheckResult(CHECK_SEARCH, False, str(error))
    live = db.execute("SELECT count(*) FROM consultations WHERE deleted_at IS NULL").fetchone()[0]
    indexed = db.execute("SELECT count(*) FROM consultation_search").fetchone()[0]
    if live != indexed:
        return CheckResult(CHECK_SEARCH, False, _("{indexed} of {live} consultations indexed").format(
            indexed=indexed, live=live))
    return CheckResult(CHECK_SEARCH, True)


def _reference_numbers(db: sqlite_utils.Database) -> CheckResult:
    """Each year's numbers run 1..N with no gaps, and the counter is at N."""
    problems = []
    for year, count, highest, counter in db.execute(
        "SELECT k.ref_year, count(*), max(k.ref_seq), r.last_seq FROM consultations k "
        "LEFT JOIN reference_counters r ON r.year = k.ref_year GROUP BY k.ref_year"
    ).fetchall():
        if count != highest or counter != highest:
            problems.append(str(year))
    detail = _("gaps or a wrong counter in {years}").format(years=", ".join(problems)) if problems else ""
    return CheckResult(CHECK_REFERENCES, not problems, detail)


def _signals(db: sqlite_utils.Database) -> CheckResult:
    broken = verify_chains(db)
    detail = _("altered outside the app: {numbers}").format(numbers=", ".join(broken)) if broken else ""
    return CheckResult(CHECK_SIGNALS, not broken, detail)


def run_checks(db: sqlite_utils.Database) -> list[CheckResult]:
    results = [_integrity(db)]
    if not results[0].ok:
        return results  # other checks would read damaged pages
    return results + [_foreign_keys(db), _schema(db), _search_index(db), _reference_numbers(db),
                      _signals(db)]
