"""Kill a writer mid-burst, many times: no acknowledged consultation is ever lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from bureau.database.checks import run_checks
from bureau.opening import init_database, open_database
from bureau.trust.advisors import add_advisor

ROOT = Path(__file__).resolve().parents[2]
KILLS = 12

WRITER = """
import datetime as dt, sys
from bureau.opening import open_database
from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import save_consultation
from bureau.validation import validate_consultation
db = open_database(sys.argv[1])
lookup = CatalogueLookup(db)
advisor = int(sys.argv[2])
n = 0
while True:
    n += 1
    raw = {"occurred_at": dt.datetime(2026, 10, 14, 10, 0), "channel": "phone",
           "advisor_id": advisor, "issues": [("other", None)], "question": f"Въпрос {n}",
           "answer": "Отговор", "help_level": "information", "outcome": "resolved",
           "citizen": {"full_name": f"Гражданин {n}"}, "consent_record": True}
    _, reference = save_consultation(db, validate_consultation(raw, lookup), lookup)
    print(reference, flush=True)  # acknowledged only after the commit returned
"""


def test_killed_writers_lose_nothing_acknowledged(tmp_path):
    path = tmp_path / "crash.db"
    db = init_database(path)
    advisor = add_advisor(db, "Мария")
    db.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(42)
    acknowledged: list[str] = []
    for _ in range(KILLS):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(advisor)],
                                  stdout=subprocess.PIPE, text=True, env=env)
        wanted = rng.randint(1, 25)
        for _line in range(wanted):
            acknowledged.append(writer.stdout.readline().strip())
        writer.send_signal(signal.SIGKILL)  # mid-burst: it is already writing the next one
        writer.wait()
        acknowledged += [line.strip() for line in writer.stdout if line.strip()]
    db = open_database(path)
    stored = {row[0] for row in db.execute("SELECT reference FROM consultations")}
    assert set(acknowledged) <= stored
    assert len(acknowledged) == len(set(acknowledged))
    results = run_checks(db)
    assert all(result.ok for result in results), [r.render() for r in results if not r.ok]
