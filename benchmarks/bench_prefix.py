"""Prefix expansion: what a search pays to turn a typed prefix of 4+ letters into words.

``match_expression`` looks the prefix up among the index's words so that FTS5
can walk a few exact words lazily instead of merging every doclist the prefix
covers. That look-up must cost the same at 10,000 and at 1,000,000
consultations. Each round opens a new connection (nothing learnt by an earlier
round helps) and expands every prefix of the words below once; the floor is
the raw FTS5 MATCH of the whole word, newest 200 first, the search itself.
"""

from __future__ import annotations

import sqlite3
import time

from benchmarks.stats import summary

# Common and rare words of the demo data: a settlement in half of all records,
# everyday words of the questions, surnames, a Latin spelling.
WORDS = ("кресна", "помощ", "пенсия", "данък", "лазаров", "петрова", "иванов", "kresna",
         "zhivkov")
MIN_PREFIX = 4


def prefixes() -> list[str]:
    return [word[:n] for word in WORDS for n in range(MIN_PREFIX, len(word) + 1)]


def run(db_path: str, rounds: int = 3) -> dict:
    from bureau.consultations.register import match_expression
    from bureau.opening import open_database

    expand: list[float] = []
    for _round in range(rounds):
        db = open_database(db_path)
        for prefix in prefixes():
            started = time.perf_counter()
            match_expression(db, prefix)
            expand.append(time.perf_counter() - started)
        db.close()
    raw: list[float] = []
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    for _round in range(rounds):
        for word in WORDS:
            started = time.perf_counter()
            conn.execute("SELECT rowid FROM consultation_search WHERE consultation_search "
                         "MATCH ? ORDER BY rowid DESC LIMIT 200", [f'"{word}"']).fetchall()
            raw.append(time.perf_counter() - started)
    conn.close()
    return {"prefixes": len(prefixes()), "expansion": summary(expand),
            "raw_match_floor": summary(raw)}
