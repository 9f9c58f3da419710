"""The command line, whole process: ``bureau-cli search лазаров`` next to its floors.

Each run is a fresh process timed from its spawn to its exit, as a shell user
waits for it. Three series alternate, so load from other work falls on all
alike: the command itself (``python -m bureau``, the checkout's code, with
compiled bytecode cached as an install has it), the bare ``sqlite3`` program
running the same full-text query (the issue's floor: no interpreter at all),
and a Python process that only opens the database and runs that query (the
floor of any Python command). One warm-up run of each is discarded.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

from benchmarks.datasets import ROOT
from benchmarks.stats import summary

WORD = "лазаров"
# What the search itself reads: the newest rows carrying the word (a prefix).
RAW_QUERY = (f"SELECT rowid FROM consultation_search WHERE consultation_search "
             f"MATCH '\"{WORD}\"*' ORDER BY rowid DESC LIMIT 20")
PYTHON_FLOOR = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                f"c.execute('''{RAW_QUERY}''').fetchall()")
TIMEOUT_S = 120


def _spawn(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, timeout=TIMEOUT_S,
                          check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{argv[:4]} exit {done.returncode}: "
                           f"{done.stderr.decode(errors='replace')[-400:]}")
    return elapsed


def run(db_path: str, runs: int, env: dict[str, str]) -> dict:
    env = {**env, "BUREAU_LOCALE": "bg"}
    series = {
        "cli_search": [sys.executable, "-m", "bureau", "--db", db_path, "search", WORD],
        "python_floor": [sys.executable, "-c", PYTHON_FLOOR, db_path],
    }
    sqlite3_program = shutil.which("sqlite3")
    if sqlite3_program:
        series["sqlite3_floor"] = [sqlite3_program, db_path, RAW_QUERY]
    times: dict[str, list[float]] = {name: [] for name in series}
    for number in range(runs + 1):
        for name, argv in series.items():
            elapsed = _spawn(argv, env)
            if number:  # the first of each is a warm-up
                times[name].append(elapsed)
    out = {name: summary(values) for name, values in times.items()}
    out["word"] = WORD
    cli = out["cli_search"]["p50_ms"]
    for floor in ("sqlite3_floor", "python_floor"):
        if floor in out and out[floor].get("p50_ms"):
            out[f"ratio_to_{floor}"] = round(cli / out[floor]["p50_ms"], 2)
    return out
