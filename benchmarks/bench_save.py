"""Saving a consultation at the desk: validation and ``save_consultation``, beside a raw insert.

On a file database of the benchmark's size (a scratch copy: the cached one
stays as generated) with the desk's pragmas: WAL and synchronous FULL, so each
save waits for the disk as a real one does. A third of the saves are for a
new citizen, a third for a returning one, a third anonymous.

Between two saves the desk is idle (a volunteer records a consultation in a
minute or more), and does there what it does when idle
(``bureau_desk.shell.upkeep``): ``tidy`` merges the search indexes and
checkpoints the log, so no save pays for them; it is timed apart ("idle
upkeep"). Before the first save the desk has been idle once too (a previous
session's leftovers, ``prepare_saving``). The floor is a raw INSERT+COMMIT of
one small row on the same connection, right after each save.
"""

from __future__ import annotations

import datetime as dt
import time

from benchmarks.stats import summary, timed

QUESTIONS = ("Как да платя данък сгради и до кога има отстъпка?",
             "Как подать заявление на пособие, если я пенсионерка?",
             "Искам разрешение за строеж на навес в двора.")


def _raw(number: int, advisor_id: int, returning_id: int) -> dict:
    raw = {
        "occurred_at": dt.datetime.now().replace(second=0, microsecond=0) - dt.timedelta(minutes=1),
        "channel": "in_person",
        "advisor_id": advisor_id,
        "issues": [("local_taxes", None)] if number % 2 else [("local_taxes", None),
                                                              (None, "building_permit")],
        "question": QUESTIONS[number % len(QUESTIONS)],
        "answer": "Обяснихме сроковете, отстъпката и къде се плаща.",
        "help_level": "information",
        "outcome": "pending" if number % 5 == 0 else "resolved",
        "consent_record": True,
    }
    if raw["outcome"] == "pending":
        raw["follow_up_on"] = dt.date.today() + dt.timedelta(days=7)
    kind = number % 3
    if kind == 0:
        raw["citizen"] = {"full_name": f"Петрова Иванка {number}", "phone": "+359 888 123 456",
                          "settlement": "Кресна"}
    elif kind == 1:
        raw["citizen_id"] = returning_id
    return raw


def _idle(db) -> float:  # noqa: ANN001 (a sqlite_utils.Database)
    from bureau.database.upkeep import tidy

    started = time.perf_counter()
    while not tidy(db):
        pass
    return time.perf_counter() - started


def _raw_insert(db, number: int) -> float:  # noqa: ANN001
    def insert() -> None:
        db.conn.execute("BEGIN IMMEDIATE")
        db.conn.execute("INSERT INTO bench_floor (note) VALUES (?)", [f"floor {number}"])
        db.conn.execute("COMMIT")
    return timed(insert)[0]


def run(db_path: str, saves: int) -> dict:
    from bureau.catalogue import CatalogueLookup
    from bureau.consultations.store import save_consultation
    from bureau.database.upkeep import prepare_saving
    from bureau.i18n import set_locale
    from bureau.opening import open_database
    from bureau.validation import validate_consultation

    set_locale("bg")
    db = open_database(db_path)
    synchronous = db.execute("PRAGMA synchronous").fetchone()[0]
    journal = db.execute("PRAGMA journal_mode").fetchone()[0]
    advisor_id = db.execute("SELECT min(id) FROM advisors WHERE active = 1").fetchone()[0]
    returning_id = db.execute("SELECT max(id) FROM citizens").fetchone()[0]
    db.conn.execute("CREATE TABLE IF NOT EXISTS bench_floor (id INTEGER PRIMARY KEY, note TEXT)")
    lookup = CatalogueLookup(db)  # the desk keeps one (DeskContext.lookup)
    prepare_saving()
    first_idle = _idle(db)
    validate_s, save_s, total_s, idle_s, floor_s = [], [], [], [], []
    for number in range(saves):
        raw = _raw(number, advisor_id, returning_id)
        validated, data = timed(lambda r=raw: validate_consultation(r, lookup))
        saved, _result = timed(lambda d=data: save_consultation(db, d, lookup))
        validate_s.append(validated)
        save_s.append(saved)
        total_s.append(validated + saved)
        floor_s.append(_raw_insert(db, number))
        idle_s.append(_idle(db))
    db.conn.execute("DROP TABLE bench_floor")
    db.close()
    return {"saves": saves, "synchronous": synchronous, "journal_mode": journal,
            "validate_and_save": summary(total_s), "validate": summary(validate_s),
            "save": summary(save_s), "raw_insert_floor": summary(floor_s),
            "idle_upkeep": summary(idle_s), "first_idle_ms": round(first_idle * 1000, 1)}
