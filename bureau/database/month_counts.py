"""Monthly counts of consultations, kept by triggers, for the monthly report (migration 0012).

The report's figures for a month at a million consultations meant reading the
month's ~80,000 consultations, their issues and ~57,000 people three times
over (1-1.6 s). These tables hold the same counts per calendar month, so a
report reads a few thousand small rows instead. SQLite triggers keep them, so
every kind of write (save, edit, soft deletion, erasure, retention, import,
merge of two people, an edit of a person's settlement, age band or gender,
the demo, even a hand edit in the sqlite3 program) changes them in its own
transaction; ``bureau-cli check`` compares them with a recount.

A month is the first seven characters of ``occurred_at`` ('YYYY-MM-DD HH:MM'
as stored), the same as the report's range ``start <= occurred_at < end``
for whole months. Deleted consultations (``deleted_at`` set) count nowhere.

- ``month_contacts``: consultations per (month, advisor, channel, level of
  help, outcome), with the anonymous ones and the satisfaction ratings;
- ``month_issues``: issues per (month, category, service; 0 for none);
- ``month_citizens``: each named person's live consultations per month (a row
  exists only while there is at least one);
- ``month_people``: named people per (month, the month of their previous
  visit, settlement, age band, gender), by what the person's record says now.
  Keeping the previous visit's month makes people countable once each over
  several months by sums alone: the people of months A..B are the rows of
  those months whose previous visit is before A (or none); those with one
  "came before".

Rows whose count fell to 0 may stay in ``month_contacts``, ``month_issues``
and ``month_people`` (readers skip them; a delete per edit is not worth it).

The DDL below is migration 0012's as released: a change is a new migration.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator

import sqlite_utils

from bureau.database.connection import write_transaction

TABLES = """
CREATE TABLE month_contacts (
    month TEXT NOT NULL,
    advisor_id INTEGER NOT NULL,
    channel TEXT NOT NULL,
    help_level TEXT NOT NULL,
    outcome TEXT NOT NULL,
    contacts INTEGER NOT NULL,
    anonymous INTEGER NOT NULL,
    rated INTEGER NOT NULL,
    rating_total INTEGER NOT NULL,
    PRIMARY KEY (month, advisor_id, channel, help_level, outcome)
) WITHOUT ROWID;
CREATE TABLE month_issues (
    month TEXT NOT NULL,
    category_id INTEGER NOT NULL,
    service_id INTEGER NOT NULL,
    issues INTEGER NOT NULL,
    PRIMARY KEY (month, category_id, service_id)
) WITHOUT ROWID;
CREATE TABLE month_citizens (
    month TEXT NOT NULL,
    citizen_id INTEGER NOT NULL,
    contacts INTEGER NOT NULL,
    PRIMARY KEY (month, citizen_id)
) WITHOUT ROWID;
CREATE INDEX month_citizens_citizen ON month_citizens(citizen_id, month);
CREATE TABLE month_people (
    month TEXT NOT NULL,
    prev_month TEXT NOT NULL,
    settlement TEXT NOT NULL,
    age_band TEXT NOT NULL,
    gender TEXT NOT NULL,
    people INTEGER NOT NULL,
    PRIMARY KEY (month, prev_month, settlement, age_band, gender)
) WITHOUT ROWID;
"""


def _prev(citizen: str, month: str) -> str:
    return (f"coalesce((SELECT max(e.month) FROM month_citizens e "
            f"WHERE e.citizen_id = {citizen} AND e.month < {month}), '')")


def _next(citizen: str, month: str) -> str:
    return (f"(SELECT min(e.month) FROM month_citizens e "
            f"WHERE e.citizen_id = {citizen} AND e.month > {month})")


_ATTRS = "trim(z.settlement), z.age_band, z.gender"
_PEOPLE_KEY = "(month, prev_month, settlement, age_band, gender)"
_PEOPLE_ADD = (f"INSERT INTO month_people {_PEOPLE_KEY[:-1]}, people) SELECT {{month}}, {{prev}}, "
               f"{_ATTRS}, 1 FROM citizens z WHERE z.id = {{citizen}} AND {{guard}} "
               "ON CONFLICT (month, prev_month, settlement, age_band, gender) DO UPDATE SET people = people + 1;")
_PEOPLE_TAKE = (f"UPDATE month_people SET people = people - 1 WHERE {_PEOPLE_KEY} = "
                f"(SELECT {{month}}, {{prev}}, {_ATTRS} FROM citizens z "
                "WHERE z.id = {citizen} AND {guard});")


def _person_moves(citizen: str, month: str, guard: str, joining: bool) -> str:
    """A person's month appears (``joining``) or goes: the month itself, and the
    person's next month, whose previous visit becomes this month (or stops being it)."""
    before, nxt = _prev(citizen, month), _next(citizen, month)
    this = (_PEOPLE_ADD if joining else _PEOPLE_TAKE).format(
        month=month, prev=before, citizen=citizen, guard=guard)
    # The next month's previous visit: this month while it exists, else the one before.
    old_prev, new_prev = (before, month) if joining else (month, before)
    take = _PEOPLE_TAKE.format(month=nxt, prev=old_prev, citizen=citizen, guard=guard)
    add = _PEOPLE_ADD.format(month=nxt, prev=new_prev, citizen=citizen,
                             guard=f"{guard} AND {nxt} IS NOT NULL")
    return "\n".join((this, take, add))


def _count_in(row: str) -> str:
    """Statements adding a consultation row (``new``) to the counts, if it is live."""
    month = f"substr({row}.occurred_at, 1, 7)"
    live = f"{row}.deleted_at IS NULL"
    first = (f"{live} AND (SELECT contacts FROM month_citizens WHERE month = {month} "
             f"AND citizen_id = {row}.citizen_id) = 1")
    return f"""
    INSERT INTO month_contacts SELECT {month}, {row}.advisor_id, {row}.channel,
        {row}.help_level, {row}.outcome, 1, {row}.citizen_id IS NULL,
        {row}.satisfaction IS NOT NULL, coalesce({row}.satisfaction, 0) WHERE {live}
    ON CONFLICT (month, advisor_id, channel, help_level, outcome) DO UPDATE
        SET contacts = contacts + 1, anonymous = anonymous + excluded.anonymous,
        rated = rated + excluded.rated, rating_total = rating_total + excluded.rating_total;
    INSERT INTO month_issues SELECT {month}, category_id, coalesce(service_id, 0), count(*)
        FROM consultation_issues WHERE consultation_id = {row}.id AND {live}
        GROUP BY category_id, coalesce(service_id, 0)
    ON CONFLICT (month, category_id, service_id) DO UPDATE SET issues = issues + excluded.issues;
    INSERT INTO month_citizens SELECT {month}, {row}.citizen_id, 1
        WHERE {live} AND {row}.citizen_id IS NOT NULL
    ON CONFLICT (month, citizen_id) DO UPDATE SET contacts = contacts + 1;
    {_person_moves(f"{row}.citizen_id", month, first, joining=True)}
    """


def _count_out(row: str) -> str:
    """Statements taking a consultation row (``old``) out of the counts, if it was live."""
    month = f"substr({row}.occurred_at, 1, 7)"
    live = f"{row}.deleted_at IS NULL"
    last = (f"{live} AND (SELECT contacts FROM month_citizens WHERE month = {month} "
            f"AND citizen_id = {row}.citizen_id) = 0")
    return f"""
    UPDATE month_contacts SET contacts = contacts - 1, anonymous = anonymous - ({row}.citizen_id IS NULL),
        rated = rated - ({row}.satisfaction IS NOT NULL),
        rating_total = rating_total - coalesce({row}.satisfaction, 0)
    WHERE {live} AND month = {month} AND advisor_id = {row}.advisor_id AND channel = {row}.channel
        AND help_level = {row}.help_level AND outcome = {row}.outcome;
    UPDATE month_issues SET issues = issues - (SELECT count(*) FROM consultation_issues i
        WHERE i.consultation_id = {row}.id AND i.category_id = month_issues.category_id
          AND coalesce(i.service_id, 0) = month_issues.service_id)
    WHERE {live} AND month = {month} AND (category_id, service_id) IN (
        SELECT category_id, coalesce(service_id, 0) FROM consultation_issues
        WHERE consultation_id = {row}.id);
    UPDATE month_citizens SET contacts = contacts - 1
    WHERE {live} AND month = {month} AND citizen_id = {row}.citizen_id;
    {_person_moves(f"{row}.citizen_id", month, last, joining=False)}
    DELETE FROM month_citizens WHERE month = {month} AND citizen_id = {row}.citizen_id
        AND contacts = 0;
    """


# What the figures read of a consultation: an update naming none of these (an
# erasure's rewrite of the texts, a consent) does not start the trigger, and one
# changing none of them costs one test.
_COUNTED = ("occurred_at", "advisor_id", "channel", "help_level", "outcome", "citizen_id",
            "satisfaction")
_COUNTED_CHANGE = " OR ".join(
    ["(old.deleted_at IS NULL) <> (new.deleted_at IS NULL)",
     "substr(old.occurred_at, 1, 7) IS NOT substr(new.occurred_at, 1, 7)"]
    + [f"old.{column} IS NOT new.{column}" for column in _COUNTED[1:]])

# A person's record: settlement (trimmed), age band and gender as the report groups them.
_PERSON_CHANGE = ("trim(old.settlement) IS NOT trim(new.settlement) OR old.age_band IS NOT "
                  "new.age_band OR old.gender IS NOT new.gender OR old.id IS NOT new.id")


def _person_months(citizen: str, sign: str, attrs: str) -> str:
    """All of a person's months at once, under the given (settlement, age band, gender)."""
    if sign == "+":
        return f"""
    INSERT INTO month_people SELECT m.month, {_prev(citizen, "m.month")}, {attrs}, 1
        FROM month_citizens m WHERE m.citizen_id = {citizen} AND true
    ON CONFLICT (month, prev_month, settlement, age_band, gender) DO UPDATE SET people = people + 1;"""
    return f"""
    UPDATE month_people SET people = people - 1
    WHERE (settlement, age_band, gender) = ({attrs}) AND (month, prev_month) IN (
        SELECT m.month, {_prev(citizen, "m.month")} FROM month_citizens m
        WHERE m.citizen_id = {citizen});"""


_OLD_ATTRS = "trim(old.settlement), old.age_band, old.gender"
_NEW_ATTRS = "trim(new.settlement), new.age_band, new.gender"

TRIGGERS = f"""
CREATE TRIGGER month_counts_consultation_insert AFTER INSERT ON consultations
WHEN new.deleted_at IS NULL BEGIN {_count_in("new")} END;
CREATE TRIGGER month_counts_consultation_update
AFTER UPDATE OF {", ".join(_COUNTED)}, deleted_at ON consultations
WHEN {_COUNTED_CHANGE} BEGIN {_count_out("old")} {_count_in("new")} END;
-- Before: the issues are still there to be taken out (a cascade deletes them after).
CREATE TRIGGER month_counts_consultation_delete BEFORE DELETE ON consultations
WHEN old.deleted_at IS NULL BEGIN {_count_out("old")} END;
CREATE TRIGGER month_counts_issue_insert AFTER INSERT ON consultation_issues BEGIN
    INSERT INTO month_issues SELECT substr(k.occurred_at, 1, 7), new.category_id,
        coalesce(new.service_id, 0), 1
        FROM consultations k WHERE k.id = new.consultation_id AND k.deleted_at IS NULL
    ON CONFLICT (month, category_id, service_id) DO UPDATE SET issues = issues + 1;
END;
CREATE TRIGGER month_counts_issue_delete AFTER DELETE ON consultation_issues BEGIN
    UPDATE month_issues SET issues = issues - 1
    WHERE (month, category_id, service_id) = (SELECT substr(k.occurred_at, 1, 7),
        old.category_id, coalesce(old.service_id, 0)
        FROM consultations k WHERE k.id = old.consultation_id AND k.deleted_at IS NULL);
END;
CREATE TRIGGER month_counts_issue_update AFTER UPDATE ON consultation_issues
WHEN old.consultation_id IS NOT new.consultation_id OR old.category_id IS NOT new.category_id
    OR old.service_id IS NOT new.service_id BEGIN
    UPDATE month_issues SET issues = issues - 1
    WHERE (month, category_id, service_id) = (SELECT substr(k.occurred_at, 1, 7),
        old.category_id, coalesce(old.service_id, 0)
        FROM consultations k WHERE k.id = old.consultation_id AND k.deleted_at IS NULL);
    INSERT INTO month_issues SELECT substr(k.occurred_at, 1, 7), new.category_id,
        coalesce(new.service_id, 0), 1
        FROM consultations k WHERE k.id = new.consultation_id AND k.deleted_at IS NULL
    ON CONFLICT (month, category_id, service_id) DO UPDATE SET issues = issues + 1;
END;
CREATE TRIGGER month_counts_citizen_insert AFTER INSERT ON citizens BEGIN
    {_person_months("new.id", "+", _NEW_ATTRS)}
END;
CREATE TRIGGER month_counts_citizen_update
AFTER UPDATE OF id, settlement, age_band, gender ON citizens
WHEN {_PERSON_CHANGE} BEGIN
    {_person_months("old.id", "-", _OLD_ATTRS)}
    {_person_months("new.id", "+", _NEW_ATTRS)}
END;
CREATE TRIGGER month_counts_citizen_delete AFTER DELETE ON citizens BEGIN
    {_person_months("old.id", "-", _OLD_ATTRS)}
END;
"""

# The counts recomputed from the records, for a refill and for ``check``: the live
# consultations' small columns are read once into a temporary table (one pass over
# the big one), and every count is grouped from there.
_RECOUNT_TABLES = (
    """CREATE TEMP TABLE recount_visits (
        id INTEGER PRIMARY KEY, month TEXT, advisor_id, channel, help_level, outcome,
        citizen_id, satisfaction)""",
    """INSERT INTO temp.recount_visits SELECT id, substr(occurred_at, 1, 7), advisor_id,
        channel, help_level, outcome, citizen_id, satisfaction
        FROM consultations WHERE deleted_at IS NULL ORDER BY id""",
    """CREATE TEMP TABLE recount_citizens (
        citizen_id INTEGER, month TEXT, contacts INTEGER, PRIMARY KEY (citizen_id, month)
    ) WITHOUT ROWID""",
    """INSERT INTO temp.recount_citizens SELECT citizen_id, month, count(*)
        FROM temp.recount_visits WHERE citizen_id IS NOT NULL GROUP BY citizen_id, month""",
)
RECOUNT = {
    "month_contacts": """
        SELECT month, advisor_id, channel, help_level, outcome, count(*),
               sum(citizen_id IS NULL), count(satisfaction), coalesce(sum(satisfaction), 0)
        FROM temp.recount_visits GROUP BY 1, 2, 3, 4, 5""",
    "month_issues": """
        SELECT v.month, i.category_id, coalesce(i.service_id, 0), count(*)
        FROM consultation_issues i JOIN temp.recount_visits v ON v.id = i.consultation_id
        GROUP BY 1, 2, 3""",
    "month_citizens": "SELECT month, citizen_id, contacts FROM temp.recount_citizens",
    # Each person's months in order: the one before is their previous visit.
    "month_people": f"""
        SELECT m.month, m.prev, {_ATTRS}, count(*)
        FROM (SELECT citizen_id, month, coalesce(lag(month) OVER (
                  PARTITION BY citizen_id ORDER BY month), '') AS prev
              FROM temp.recount_citizens) m
        JOIN citizens z ON z.id = m.citizen_id GROUP BY 1, 2, 3, 4, 5""",
}
# The count column of each table: a row whose count is 0 is as good as none.
COUNT_COLUMN = {"month_contacts": "contacts", "month_issues": "issues",
                "month_citizens": "contacts", "month_people": "people"}


def create(db: sqlite_utils.Database) -> None:
    """Make the tables, fill them from the records, then add the triggers (migration 0012)."""
    for statement in _statements(TABLES):
        db.conn.execute(statement)
    refill(db)
    for statement in _statements(TRIGGERS):
        db.conn.execute(statement)


@contextlib.contextmanager
def bulk_load(db: sqlite_utils.Database) -> Iterator[None]:
    """Write many consultations without the triggers, then refill the counts once.

    For the demo: at a million consultations the triggers' work per row costs
    about a third more than the rows themselves, a refill 10-15 s. One
    transaction (a savepoint inside the caller's): a failure or a kill puts the
    triggers back with everything else.
    """
    counted = db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'month_contacts'"
                              ).fetchone() is not None  # not before migration 0012
    with write_transaction(db):
        for name in re.findall(r"CREATE TRIGGER (\w+)", TRIGGERS) if counted else ():
            db.conn.execute(f"DROP TRIGGER {name}")
        yield
        if counted:
            refill(db)
            for statement in _statements(TRIGGERS):
                db.conn.execute(statement)


def _statements(script: str) -> list[str]:
    """A script cut into statements (executescript would commit the migration's transaction)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [statement for statement in statements if statement]


def refill(db: sqlite_utils.Database) -> None:
    """Recount every table from the records (after a bulk load, or to repair).

    The caller holds the write transaction; 10-15 s at a million consultations.
    The tables have no triggers of their own, so they are rewritten as plain rows.
    """
    with _recounted(db):
        for table, select in RECOUNT.items():
            db.conn.execute(f"DELETE FROM {table}")
            db.conn.execute(f"INSERT INTO {table} {select}")


def differing_months(db: sqlite_utils.Database) -> dict[str, list[str]]:
    """The months whose stored counts differ from a recount, per table (empty: all exact)."""
    found: dict[str, list[str]] = {}
    # One read transaction: the counts and the records are seen at the same moment
    # (a save by another desk between two reads would look like a difference), and
    # its rollback takes the temporary tables away.
    own = not db.conn.in_transaction
    if own:
        db.conn.execute("BEGIN")
    try:
        with _recounted(db):
            for table, select in RECOUNT.items():
                months = _months_differing(db, table, select)
                if months:
                    found[table] = months
    finally:
        if own and db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
    return found


@contextlib.contextmanager
def _recounted(db: sqlite_utils.Database) -> Iterator[None]:
    """The temporary tables of a recount, there while the block runs."""
    try:
        for statement in _RECOUNT_TABLES:
            db.conn.execute(statement)
        yield
    finally:
        for table in ("recount_visits", "recount_citizens"):
            db.conn.execute(f"DROP TABLE IF EXISTS temp.{table}")


def _months_differing(db: sqlite_utils.Database, table: str, select: str) -> list[str]:
    """The months of the rows in only one of the table and its recount (zeros skipped)."""
    stored = f"SELECT * FROM {table} WHERE {COUNT_COLUMN[table]} <> 0"
    db.conn.execute(f"CREATE TEMP TABLE recount_rows AS {select}")  # counted once, compared twice
    try:
        return sorted(month for (month,) in db.conn.execute(
            f"SELECT DISTINCT month FROM (SELECT * FROM ({stored} EXCEPT "
            "SELECT * FROM temp.recount_rows) UNION ALL SELECT * FROM ("
            f"SELECT * FROM temp.recount_rows EXCEPT {stored}))"))
    finally:
        db.conn.execute("DROP TABLE temp.recount_rows")
