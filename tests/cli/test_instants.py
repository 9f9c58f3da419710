"""Stored instants are UTC with an explicit offset, whatever the writer's zone (#15 item 7).

Three processes under three TZ settings write audit entries a moment apart;
the log holds them in UTC, in order, and `audit` shows them in the reader's
local time with its offset, also in the repeated hour when summer time ends.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from test_cli_core import run

ZONES = ("Europe/Sofia", "Asia/Almaty", "America/New_York")


def test_three_zones_store_one_utc_timeline(tmp_path):
    db = str(tmp_path / "desk.db")
    assert run("--db", db, "init", cwd=tmp_path).returncode == 0
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for zone in ZONES:
        done = run("--db", db, "export", "--format", "json", "--out", str(tmp_path / "x.json"),
                   cwd=tmp_path, env_extra={"TZ": zone})
        assert done.returncode == 0, done.stderr
    after = dt.datetime.now(dt.UTC)
    with sqlite3.connect(db) as conn:
        stamps = [row[0] for row in conn.execute(
            "SELECT at FROM audit_log WHERE action = 'export' ORDER BY id")]
    assert len(stamps) == 3 and all(s.endswith("+00:00") for s in stamps)
    moments = [dt.datetime.fromisoformat(s) for s in stamps]
    assert moments == sorted(moments)
    assert all(before <= m <= after for m in moments)
    # Read in Almaty (UTC+5): the same instants, in local time with the offset.
    shown = run("--db", db, "audit", cwd=tmp_path, env_extra={"TZ": "Asia/Almaty"})
    assert shown.returncode == 0, shown.stderr
    for moment in moments:
        local = moment.astimezone(dt.timezone(dt.timedelta(hours=5)))
        assert local.isoformat(sep=" ") in shown.stdout


def test_the_repeated_autumn_hour_stays_two_hours(tmp_path):
    db = str(tmp_path / "desk.db")
    assert run("--db", db, "init", cwd=tmp_path).returncode == 0
    with sqlite3.connect(db) as conn:
        conn.executemany("INSERT INTO audit_log (at, action, entity) VALUES (?, 'backup', 'database')",
                         [("2026-10-25T00:30:00+00:00",), ("2026-10-25T01:30:00+00:00",)])
    shown = run("--db", db, "audit", cwd=tmp_path, env_extra={"TZ": "Europe/Sofia"}).stdout
    # Both are 03:30 on the clock in Sofia; the offset tells them apart.
    assert "2026-10-25 03:30:00+03:00" in shown and "2026-10-25 03:30:00+02:00" in shown
