"""The demo is the same bureau for the same seed and day (#19 kept it so while making it fast).

Benchmarks, screenshots and the oblast demo rely on it: a figure measured on
one machine must be measurable on another from the same seed.
"""

from __future__ import annotations

import datetime as dt

from bureau.demo import generate
from bureau.opening import init_database

TODAY = dt.date(2026, 11, 30)
# Made fresh by every write, whatever the seed: identifiers for exchange and the
# moment of writing. Everything a volunteer reads must be the same.
FRESH = {"applied_at", "uuid", "created_at", "updated_at", "changed_at", "hash", "head_hash",
         "prev_hash", "consent_record_at", "consent_share_at", "consent_contact_at"}


def _bureau(seed: int) -> dict[str, list[tuple]]:
    db = init_database(memory=True, bureau_name="Demo", municipality="Kresna")
    try:
        generate(db, consultations=1500, seed=seed, today=TODAY)
        tables = [row[0] for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%VIRTUAL%'"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%search%' AND name != 'audit_log' ORDER BY name")]
        content = {}
        for table in tables:
            columns = [c[1] for c in db.execute(f"PRAGMA table_info({table})") if c[1] not in FRESH]
            listed = ", ".join(f'"{c}"' for c in columns)
            content[table] = db.execute(f"SELECT {listed} FROM {table} ORDER BY {listed}").fetchall()
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
