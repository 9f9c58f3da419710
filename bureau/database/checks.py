"""`bureau-cli check`: is the database sound, and is its schema this version's?

A database that is merely busy (another program is writing) or read-only is
not damaged: those raise ``DatabaseUnavailable`` (exit 4, "busy" / "read-only")
instead of being reported as problems (exit 3, "restore a backup"), because
following the restore advice after a mere lock would lose recent work. SQLite
errors are told apart by their result codes, never by their words.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from bureau.consultations.search_words import words_differ
from bureau.database import fingerprint, month_counts, schema
from bureau.database.connection import sqlite_primary_code, translate_sqlite_error
from bureau.i18n import N_, _
from bureau.signals.register import verify_chains
from bureau.signals.unlock import unsealed_numbers
from bureau.trust import keys

# Result codes that say "the file is damaged"; every other code met while
# reading (busy, locked, read-only, I/O, full...) says "cannot be used now".
DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


@dataclass
class CheckResult:
    name: str  # msgid
    ok: bool
    detail: str = ""

    def render(self) -> str:
        """One line for the CLI: the check's name, ok or a problem, and the detail."""
        mark = _("OK") if self.ok else _("PROBLEM")
        text = f"{mark:<8} {_(self.name)}"
        return f"{text}: {self.detail}" if self.detail else text


CHECK_INTEGRITY = N_("SQLite integrity check")
CHECK_FOREIGN_KEYS = N_("References between records")
CHECK_SCHEMA = N_("Schema version")
CHECK_SEARCH = N_("Search index")
CHECK_SEARCH_WORDS = N_("Words of the search index")
CHECK_REFERENCES = N_("Reference numbers")
CHECK_SIGNALS = N_("Signals register history")
CHECK_STRUCTURE = N_("Tables, indexes and triggers as Bureau makes them")
CHECK_AUDIT = N_("Audit log protection")
CHECK_SEALED = N_("Signals register sealed")
CHECK_MONTH_COUNTS = N_("Monthly counts of the report")


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


def _structure(db: sqlite_utils.Database) -> CheckResult:
    verdict = fingerprint.verify(db.conn)
    if verdict.newer:
        return CheckResult(CHECK_STRUCTURE, False, _("made by a newer version of Bureau"))
    return CheckResult(CHECK_STRUCTURE, verdict.ok, verdict.problem)


def _audit_triggers(db: sqlite_utils.Database) -> CheckResult:
    """The audit log's own triggers (no update, no delete) are there, and no others."""
    count = len(schema.applied_names(db) & schema.known_migration_names())
    wanted = {row for row in fingerprint.expected(count) if row[0] == "trigger" and row[2] == "audit_log"}
    actual = {row for row in fingerprint.fingerprint(db.conn)
              if row[0] == "trigger" and row[2] == "audit_log"}
    changed = sorted(row[1] for row in wanted ^ actual)
    detail = _("triggers missing or added: {names}").format(names=", ".join(changed)) if changed else ""
    return CheckResult(CHECK_AUDIT, not changed, detail)


def _search_index(db: sqlite_utils.Database) -> CheckResult:
    try:
        db.execute("INSERT INTO consultation_search(consultation_search) VALUES('integrity-check')")
    except sqlite3.DatabaseError as error:
        if sqlite_primary_code(error) not in DAMAGE_CODES:
            raise  # busy or read-only: not a fault of the index
        return CheckResult(CHECK_SEARCH, False, str(error))
    finally:
        if db.conn.in_transaction:  # the command is an INSERT: end its implicit transaction
            db.conn.rollback()
    live = db.execute("SELECT count(*) FROM consultations WHERE deleted_at IS NULL").fetchone()[0]
    indexed = db.execute("SELECT count(*) FROM consultation_search").fetchone()[0]
    if live != indexed:
        return CheckResult(CHECK_SEARCH, False, _("{indexed} of {live} consultations indexed").format(
            indexed=indexed, live=live))
    return CheckResult(CHECK_SEARCH, True)


def _search_words(db: sqlite_utils.Database) -> CheckResult:
    """The word table that prefix searches read holds exactly the index's words."""
    missing, extra = words_differ(db)
    if missing or extra:
        return CheckResult(CHECK_SEARCH_WORDS, False, _(
            "{missing} words of the index missing, {extra} no longer in the index; "
            "searches by the start of a word may miss records").format(
                missing=missing, extra=extra))
    return CheckResult(CHECK_SEARCH_WORDS, True)


def _month_counts(db: sqlite_utils.Database) -> CheckResult:
    """The monthly counts the report reads equal a recount from the records."""
    months = sorted({month for found in month_counts.differing_months(db).values()
                     for month in found})
    if months:
        return CheckResult(CHECK_MONTH_COUNTS, False, _(
            "differ from the records in {months}; the monthly report of these months "
            "would show wrong figures").format(months=", ".join(months)))
    return CheckResult(CHECK_MONTH_COUNTS, True)


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


def _sealed(db: sqlite_utils.Database) -> CheckResult:
    # Before the first officer's sign-in there is no key yet: plain signals are
    # reported, not a fault (that sign-in seals them). After it, any plain one is.
    plain = unsealed_numbers(db)
    detail = _("stored unsealed: {numbers} (a signals officer's sign-in seals them)").format(
        numbers=", ".join(plain)) if plain else ""
    return CheckResult(CHECK_SEALED, not plain or not keys.is_set_up(db), detail)


def _run(check: Callable[[sqlite_utils.Database], CheckResult], db: sqlite_utils.Database,
         name: str, label: str) -> CheckResult:
    try:
        return check(db)
    except sqlite3.Error as error:
        if sqlite_primary_code(error) in DAMAGE_CODES:
            return CheckResult(name, False, str(error))
        raise translate_sqlite_error(error, label) from error


def run_checks(db: sqlite_utils.Database, label: str = "") -> list[CheckResult]:
    """Every check, in order; raises ``DatabaseUnavailable`` when the file is busy or read-only."""
    results = [_run(_integrity, db, CHECK_INTEGRITY, label)]
    if not results[0].ok:
        return results  # other checks would read damaged pages
    checks = [(_foreign_keys, CHECK_FOREIGN_KEYS), (_schema, CHECK_SCHEMA),
              (_structure, CHECK_STRUCTURE), (_audit_triggers, CHECK_AUDIT),
              (_search_index, CHECK_SEARCH), (_search_words, CHECK_SEARCH_WORDS),
              (_month_counts, CHECK_MONTH_COUNTS),
              (_reference_numbers, CHECK_REFERENCES),
              (_signals, CHECK_SIGNALS), (_sealed, CHECK_SEALED)]
    return results + [_run(check, db, name, label) for check, name in checks]
