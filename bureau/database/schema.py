"""The schema, as numbered sqlite-utils migrations.

Every record carries a UUID (so desks can be merged later), created/updated
timestamps and ``deleted_at`` for soft deletion. Applied migrations are
recorded by sqlite-utils in ``_sqlite_migrations``; ``PRAGMA user_version``
mirrors their count so that a newer database is recognised cheaply.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

from bureau.textsearch import fold, latin_forms

MIGRATION_SET = "bureau"
migrations = Migrations(MIGRATION_SET)

_COMMON = """
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
"""

# Prefix indexes for 1-3 letters: a volunteer's first keystrokes are the
# commonest prefixes, and without them each would merge thousands of terms.
_SEARCH_TOKENIZER = "tokenize = 'unicode61 remove_diacritics 0', detail = none, prefix = '1 2 3'"


@migrations(name="0001_initial")
def m0001_initial(db: sqlite_utils.Database) -> None:
    db.executescript(f"""
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE advisors (
        id INTEGER PRIMARY KEY,
        full_name TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT 'advisor',
        active INTEGER NOT NULL DEFAULT 1,
        {_COMMON}
    );
    CREATE TABLE categories (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name_bg TEXT NOT NULL,
        name_ru TEXT NOT NULL,
        name_en TEXT NOT NULL DEFAULT '',
        sort_order INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1,
        {_COMMON}
    );
    CREATE TABLE services (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        category_id INTEGER REFERENCES categories(id),
        name_bg TEXT NOT NULL,
        name_ru TEXT NOT NULL,
        name_en TEXT NOT NULL DEFAULT '',
        -- Number in the national register of administrative services (IISDA),
        -- only when known from the register itself; never invented.
        iisda_number TEXT,
        sort_order INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1,
        {_COMMON}
    );
    CREATE TABLE citizens (
        id INTEGER PRIMARY KEY,
        full_name TEXT,
        phone TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '',
        settlement TEXT NOT NULL DEFAULT '',
        age_band TEXT NOT NULL DEFAULT 'unknown',
        gender TEXT NOT NULL DEFAULT 'unknown',
        consent_record_at TEXT,
        consent_share_at TEXT,
        consent_contact_at TEXT,
        anonymised_at TEXT,
        merged_into_id INTEGER REFERENCES citizens(id),
        {_COMMON}
    );
    CREATE TABLE reference_counters (
        year INTEGER PRIMARY KEY,
        last_seq INTEGER NOT NULL
    );
    CREATE TABLE consultations (
        id INTEGER PRIMARY KEY,
        reference TEXT NOT NULL UNIQUE,
        ref_year INTEGER NOT NULL,
        ref_seq INTEGER NOT NULL,
        occurred_at TEXT NOT NULL,
        channel TEXT NOT NULL,
        advisor_id INTEGER NOT NULL REFERENCES advisors(id),
        citizen_id INTEGER REFERENCES citizens(id),
        question TEXT NOT NULL,
        answer TEXT NOT NULL DEFAULT '',
        help_level TEXT NOT NULL,
        outcome TEXT NOT NULL,
        next_steps TEXT NOT NULL DEFAULT '',
        follow_up_on TEXT,
        satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
        consent_record INTEGER NOT NULL DEFAULT 0,
        consent_share INTEGER NOT NULL DEFAULT 0,
        consent_contact INTEGER NOT NULL DEFAULT 0,
        external_ref TEXT NOT NULL DEFAULT '',
        {_COMMON},
        UNIQUE (ref_year, ref_seq)
    );
    CREATE INDEX consultations_occurred_at ON consultations(occurred_at);
    CREATE INDEX consultations_citizen ON consultations(citizen_id, occurred_at);
    CREATE INDEX consultations_advisor ON consultations(advisor_id, occurred_at);
    CREATE INDEX consultations_follow_up ON consultations(follow_up_on)
        WHERE follow_up_on IS NOT NULL;
    CREATE TABLE consultation_issues (
        id INTEGER PRIMARY KEY,
        consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
        category_id INTEGER NOT NULL REFERENCES categories(id),
        service_id INTEGER REFERENCES services(id),
        position INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX consultation_issues_consultation ON consultation_issues(consultation_id);
    CREATE INDEX consultation_issues_category ON consultation_issues(category_id);
    CREATE INDEX consultation_issues_service ON consultation_issues(service_id);
    -- An edit keeps the previous version: what the record said, who changed it, when.
    CREATE TABLE consultation_revisions (
        id INTEGER PRIMARY KEY,
        consultation_id INTEGER NOT NULL REFERENCES consultations(id),
        changed_at TEXT NOT NULL,
        changed_by INTEGER REFERENCES advisors(id),
        snapshot TEXT NOT NULL
    );
    CREATE INDEX consultation_revisions_consultation
        ON consultation_revisions(consultation_id);
    CREATE TABLE meetings (
        id INTEGER PRIMARY KEY,
        held_on TEXT NOT NULL,
        place TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        {_COMMON}
    );
    CREATE TABLE referrals (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        consultation_id INTEGER NOT NULL REFERENCES consultations(id),
        status TEXT NOT NULL DEFAULT 'draft',
        summary TEXT NOT NULL DEFAULT '',
        submitted_on TEXT,
        meeting_id INTEGER REFERENCES meetings(id),
        decided_on TEXT,
        decision TEXT NOT NULL DEFAULT '',
        informed_on TEXT,
        informed_how TEXT NOT NULL DEFAULT '',
        closed_on TEXT,
        {_COMMON}
    );
    CREATE INDEX referrals_consultation ON referrals(consultation_id);
    CREATE INDEX referrals_status ON referrals(status);
    CREATE TABLE signal_units (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name_bg TEXT NOT NULL,
        name_ru TEXT NOT NULL,
        name_en TEXT NOT NULL DEFAULT '',
        active INTEGER NOT NULL DEFAULT 1,
        {_COMMON}
    );
    CREATE TABLE activity_areas (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name_bg TEXT NOT NULL,
        name_ru TEXT NOT NULL,
        name_en TEXT NOT NULL DEFAULT '',
        active INTEGER NOT NULL DEFAULT 1,
        {_COMMON}
    );
    -- A signal is never altered in place: each change appends a revision whose
    -- hash covers the previous one, so editing history outside the app shows.
    CREATE TABLE signals (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        revisions INTEGER NOT NULL DEFAULT 0,
        head_hash TEXT NOT NULL DEFAULT '',
        {_COMMON}
    );
    CREATE TABLE signal_revisions (
        id INTEGER PRIMARY KEY,
        signal_id INTEGER NOT NULL REFERENCES signals(id),
        revision INTEGER NOT NULL,
        received_on TEXT NOT NULL,
        channel TEXT NOT NULL,
        anonymous INTEGER NOT NULL DEFAULT 1,
        submitter_name TEXT NOT NULL DEFAULT '',
        submitter_contact TEXT NOT NULL DEFAULT '',
        unit_id INTEGER REFERENCES signal_units(id),
        area_id INTEGER REFERENCES activity_areas(id),
        description TEXT NOT NULL,
        forwarded_to TEXT NOT NULL DEFAULT '',
        actions_taken TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        deadline TEXT,
        changed_by INTEGER REFERENCES advisors(id),
        changed_at TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        UNIQUE (signal_id, revision)
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        held_on TEXT NOT NULL,
        title TEXT NOT NULL,
        participants INTEGER NOT NULL DEFAULT 0 CHECK (participants >= 0),
        notes TEXT NOT NULL DEFAULT '',
        {_COMMON}
    );
    CREATE INDEX events_held_on ON events(held_on);
    -- Search indexes hold text folded in Python (see bureau.textsearch);
    -- rowid is the consultation's / citizen's id.
    CREATE VIRTUAL TABLE consultation_search USING fts5(
        reference, names, body, latin, {_SEARCH_TOKENIZER}
    );
    CREATE VIRTUAL TABLE citizen_search USING fts5(
        names, contact, latin, {_SEARCH_TOKENIZER}
    );
    """)


def latest_version() -> int:
    return len(migrations._migrations)


def known_migration_names() -> set[str]:
    return {migration.name for migration in migrations._migrations}


def applied_names(db: sqlite_utils.Database) -> set[str]:
    return {migration.name for migration in migrations.applied(db)}


def is_newer_than_this_version(db: sqlite_utils.Database) -> bool:
    """A migration this version does not know, or a ``user_version`` above this version's."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    return version > latest_version() or bool(applied_names(db) - known_migration_names())


def apply(db: sqlite_utils.Database) -> list[str]:
    """Bring the schema up to date; returns the names of the migrations applied."""
    pending = [migration.name for migration in migrations.pending(db)]
    if pending:
        migrations.apply(db)
        db.execute(f"PRAGMA user_version = {latest_version()}")
    return pending


# Appended after the helpers above so that 0001 stays exactly as first released;
# sqlite-utils applies migrations in the order they are registered.
@migrations(name="0002_slip_prints")
def m0002_slip_prints(db: sqlite_utils.Database) -> None:
    # A slip handed out again (reprint, PDF sent by e-mail) is recorded, so a
    # second paper bearing the same reference number can always be accounted for.
    db.executescript("""
    CREATE TABLE slip_prints (
        id INTEGER PRIMARY KEY,
        consultation_id INTEGER NOT NULL REFERENCES consultations(id),
        printed_at TEXT NOT NULL,
        printed_by INTEGER REFERENCES advisors(id),
        format TEXT NOT NULL CHECK (format IN ('a5', 'a4', 'receipt')),
        locale TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('print', 'pdf'))
    );
    CREATE INDEX slip_prints_consultation ON slip_prints(consultation_id, printed_at);
    """)


@migrations(name="0003_accounts_and_audit")
def m0003_accounts_and_audit(db: sqlite_utils.Database) -> None:
    # Accounts are advisors who can sign in; the password hash is scrypt
    # (memory-hard, standard library). The audit log is append-only: triggers
    # refuse any UPDATE or DELETE, so a change of history shows as an error.
    # It holds record ids, never names or contents.
    db.executescript("""
    ALTER TABLE advisors ADD COLUMN login TEXT;
    ALTER TABLE advisors ADD COLUMN password_hash TEXT;
    ALTER TABLE advisors ADD COLUMN password_changed_at TEXT;
    ALTER TABLE advisors ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
    CREATE UNIQUE INDEX advisors_login ON advisors(login) WHERE login IS NOT NULL;
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor_id INTEGER REFERENCES advisors(id),
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT,
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX audit_log_at ON audit_log(at);
    CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    """)


@migrations(name="0004_pending_follow_ups_index")
def m0004_pending_follow_ups_index(db: sqlite_utils.Database) -> None:
    # The desk lists pending follow-ups that are due, newest first, at every
    # start. Through the follow_up_on index that meant every follow-up ever set,
    # then a sort: 2-5 s with a million consultations. This index holds only the
    # pending ones, in date order, so the first page is read and the walk stops.
    db.executescript("""
    CREATE INDEX consultations_pending_follow_up ON consultations(occurred_at)
        WHERE outcome = 'pending' AND follow_up_on IS NOT NULL AND deleted_at IS NULL;
    """)


@migrations(name="0005_live_consultations_by_date")
def m0005_live_consultations_by_date(db: sqlite_utils.Database) -> None:
    # The monthly report counts each month's consultations for its 12-month
    # trend. Through consultations_occurred_at every row had to be read only
    # to test deleted_at (0.4 s at a million); this index holds only the live
    # ones, so a month's count is read from the index alone.
    db.executescript("""
    CREATE INDEX consultations_live ON consultations(occurred_at) WHERE deleted_at IS NULL;
    """)


@migrations(name="0006_name_spellings_and_typos")
def m0006_name_spellings_and_typos(db: sqlite_utils.Database) -> None:
    # Names are now indexed with the Russian passport and popular Latin
    # spellings and with Latin look-alike letters folded (bureau.textsearch),
    # and their words feed a deletion-neighbourhood index for typo-tolerant
    # search (bureau.citizens.namewords). Existing rows are re-indexed once.
    from bureau.citizens import namewords  # deferred: database-open
    from bureau.citizens.store import citizen_search_row  # deferred: database-open

    db.executescript("""
    CREATE TABLE name_words (
        variant TEXT NOT NULL,
        word TEXT NOT NULL,
        PRIMARY KEY (variant, word)
    ) WITHOUT ROWID;
    """)
    rows = db.execute(
        "SELECT id, full_name, phone, email FROM citizens WHERE id IN (SELECT rowid FROM citizen_search)"
    ).fetchall()
    db.conn.execute("DELETE FROM citizen_search")
    db.conn.executemany(
        "INSERT INTO citizen_search (rowid, names, contact, latin) VALUES (?, ?, ?, ?)",
        [(cid, *citizen_search_row(name or "", phone or "", email or ""))
         for cid, name, phone, email in rows if name])
    spelt: dict[str, tuple[str, str]] = {}
    updates = []
    for consultation_id, name in db.execute(
        "SELECT s.rowid, z.full_name FROM consultation_search s "
        "JOIN consultations k ON k.id = s.rowid JOIN citizens z ON z.id = k.citizen_id "
        "WHERE z.full_name IS NOT NULL"
    ):
        if name not in spelt:
            spelt[name] = (fold(name), latin_forms(name))
        updates.append((*spelt[name], consultation_id))
    db.conn.executemany("UPDATE consultation_search SET names = ?, latin = ? WHERE rowid = ?",
                        updates)
    namewords.rebuild(db)


@migrations(name="0007_phones_in_e164")
def m0007_phones_in_e164(db: sqlite_utils.Database) -> None:
    # Citizen search now holds each phone's E.164 digits too (bureau.phones),
    # so "+359 887 654 321", "0887654321" and "0887 654 321" find one person.
    from bureau.citizens.store import citizen_search_row  # deferred: database-open

    rows = db.execute(
        "SELECT id, full_name, phone, email FROM citizens WHERE id IN (SELECT rowid FROM citizen_search)"
    ).fetchall()
    db.conn.executemany(
        "UPDATE citizen_search SET contact = ? WHERE rowid = ?",
        [(citizen_search_row(name or "", phone or "", email or "")[1], cid)
         for cid, name, phone, email in rows])


@migrations(name="0008_sign_in_throttle")
def m0008_sign_in_throttle(db: sqlite_utils.Database) -> None:
    # Consecutive failed sign-ins per login (also logins that do not exist, so
    # that the answer does not tell which do), and when the next attempt may
    # be made: kept in the database, so a new process starts no new count.
    db.executescript("""
    CREATE TABLE sign_in_throttle (
        login TEXT PRIMARY KEY,
        failures INTEGER NOT NULL DEFAULT 0,
        last_failed_at TEXT,
        next_allowed_at TEXT
    );
    """)


@migrations(name="0009_citizens_merged_into_index")
def m0009_citizens_merged_into_index(db: sqlite_utils.Database) -> None:
    # Erasure, access requests and retention reach the records merged into a
    # person (merged_into_id). Without an index each look-up read the whole
    # citizens table: a retention preview of 500 people took a minute.
    db.executescript("""
    CREATE INDEX citizens_merged_into ON citizens(merged_into_id)
        WHERE merged_into_id IS NOT NULL;
    """)


@migrations(name="0010_sealed_signals")
def m0010_sealed_signals(db: sqlite_utils.Database) -> None:
    # The signals register key, wrapped per signals officer (scrypt of their
    # password) and once by the recovery key (bureau.trust.keys); a revision's
    # identifying fields are then stored encrypted (bureau.signals.sealing).
    db.executescript("""
    CREATE TABLE register_keys (
        id INTEGER PRIMARY KEY,
        holder TEXT NOT NULL,
        advisor_id INTEGER REFERENCES advisors(id),
        kdf TEXT NOT NULL,
        wrapped TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX register_keys_holder ON register_keys(holder, coalesce(advisor_id, 0));
    ALTER TABLE signal_revisions ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
    """)


@migrations(name="0011_consultation_words")
def m0011_consultation_words(db: sqlite_utils.Database) -> None:
    # The search index's words in a table of their own (bureau.consultations.
    # search_words): a typed prefix is expanded by a range read instead of
    # fts5vocab, which counts every row of each word (7-12 ms at a million
    # consultations, growing with the register). Filled once from the index's
    # own vocabulary (1-2 s at a million).
    db.executescript("""
    CREATE TABLE consultation_words (term TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE VIRTUAL TABLE temp.m0011_index_words USING fts5vocab(main, consultation_search, 'row');
    INSERT INTO consultation_words (term) SELECT term FROM temp.m0011_index_words;
    DROP TABLE temp.m0011_index_words;
    """)


@migrations(name="0012_month_counts")
def m0012_month_counts(db: sqlite_utils.Database) -> None:
    # The monthly report's counts per calendar month, kept by triggers in the
    # transaction of every write (bureau.database.month_counts): a month's
    # figures are read from a few thousand small rows instead of recounting its
    # consultations and people three times over (1-1.6 s at a million).
    # Filled once from the records.
    from bureau.database import month_counts  # deferred: database-open

    month_counts.create(db)
