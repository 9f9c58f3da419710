"""The demo is the same bureau for the same seed and day (#19 kept it so while making it fast).

Benchmarks, screenshots and the oblast demo rely on it: a figure measured on
one machine must be measurable on another from the same seed.
"""

from __future__ import annotations

import datetime as dt

from bureau import demo
from bureau.demo import generate
from bureau.opening import init_database

TODAY = dt.date(2026, 6, 30)
# Made fresh by every write, whatever the seed: identifiers for exchange and the
# moment of writing. Everything a volunteer reads must be the same.
FRESH = {"applied_at", "uuid", "created_at", "updated_at", "changed_at", "hash", "head_hash",
         "prev_hash", "consent_record_at", "consent_share_at", "consent_contact_at"}


def _bureau(seed: int, today: dt.date = TODAY) -> dict[str, list[tuple]]:
    db = init_database(memory=True, bureau_name="Demo", municipality="Kresna")
    try:
        generate(db, consultations=1500, seed=seed, today=today)
        tables = [row[0] for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%VIRTUAL%'"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%search%' AND name != 'audit_log' ORDER BY name")]
        content = {}
        for table in tables:
            columns = [c[1] for c in db.execute(f"PRAGMA table_info({table})") if c[1] not in FRESH]
            listed = ", ".join(f'"{c}"' for c in columns)
            content[table] = db.execute(f"SELECT {listed} FROM {table} ORDER BY {listed}").fetchall()
        content["latest visit"] = db.execute("SELECT max(occurred_at) FROM consultations").fetchall()
        return content
    finally:
        db.close()


def test_the_same_seed_makes_the_same_bureau():
    first, second = _bureau(5), _bureau(5)
    assert first.keys() == second.keys()
    for table in first:
        assert first[table] == second[table], table
    assert len(first["consultations"]) == 1500


def test_another_seed_makes_another_bureau():
    assert _bureau(5)["consultations"] != _bureau(6)["consultations"]


def test_built_a_minute_apart_on_the_day_itself_it_is_the_same_bureau(monkeypatch):
    """Visits drawn later in the day than the clock were moved to the current moment,
    so two builds a minute apart differed (seen as a flaky CLI test at 10:11 / 10:12)."""
    day = dt.date(2026, 11, 30)
    monkeypatch.setattr(demo, "_clock", lambda: dt.datetime(2026, 11, 30, 10, 11, 58))
    first = _bureau(5, day)
    monkeypatch.setattr(demo, "_clock", lambda: dt.datetime(2026, 11, 30, 10, 12, 3))
    assert _bureau(5, day) == first
    # Before closing time the day's visits are not yet made: the last is the day before's.
    assert first["latest visit"][0][0].startswith("2026-11-27")  # a Friday
    monkeypatch.setattr(demo, "_clock", lambda: dt.datetime(2026, 11, 30, 17, 30))
    assert _bureau(5, day)["latest visit"][0][0].startswith("2026-11-30")
