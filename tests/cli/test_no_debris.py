"""Issue #12 item 8: ``demo`` is all or nothing; backup and restore leave no debris, even killed."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from test_cli_core import ROOT, run
from test_restore_cli import count, make_db


def _dead_pid() -> int:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


def test_demo_that_fails_half_way_writes_nothing(tmp_path):
    db = tmp_path / "desk.db"
    assert run("--db", str(db), "init", cwd=tmp_path).returncode == 0
    with contextlib.closing(sqlite3.connect(db)) as conn:  # the last step of demo fails
        conn.execute("CREATE TRIGGER no_events BEFORE INSERT ON events "
                     "BEGIN SELECT RAISE(ABORT, 'refused'); END")
    failed = run("--db", str(db), "demo", "--consultations", "40", cwd=tmp_path)
    assert failed.returncode != 0 and "Traceback" not in failed.stderr
    assert count(db) == 0 and count(db, "SELECT count(*) FROM advisors") == 0
    assert count(db, "SELECT count(*) FROM signals") == 0


def test_demo_killed_half_way_writes_nothing(tmp_path):
    db = tmp_path / "desk.db"
    assert run("--db", str(db), "init", cwd=tmp_path).returncode == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BUREAU_LOCALE": "en"}
    demo = subprocess.Popen([sys.executable, "-m", "bureau", "--db", str(db), "demo",
                             "--consultations", "20000"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not Path(f"{db}-wal").exists() \
            or Path(f"{db}-wal").stat().st_size < 200_000:  # well into its writing
        time.sleep(0.05)
        assert demo.poll() is None, "demo ended before it could be killed"
    demo.send_signal(signal.SIGKILL)
    demo.wait()
    assert count(db) == 0
    assert run("--db", str(db), "check", cwd=tmp_path).returncode == 0


def test_a_killed_backups_partial_files_are_removed_by_the_next_backup(tmp_path):
    db = make_db(tmp_path, 30)
    out = tmp_path / "copy.db"
    pid = _dead_pid()
    debris = [tmp_path / f"copy.db.{pid}.partial", tmp_path / f"copy.db.{pid}.partial-journal"]
    for path in debris:
        path.write_bytes(b"half a backup")
    made = run("--db", str(db), "backup", "--out", str(out), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert not any(path.exists() for path in debris)
    assert sorted(p.name for p in tmp_path.iterdir() if "copy" in p.name) == ["copy.db"]


def test_a_killed_backup_into_the_folder_is_cleaned_up(tmp_path):
    db = make_db(tmp_path, 30)
    folder = tmp_path / "usb"
    folder.mkdir()
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE settings SET value = ? WHERE key = 'backup_folder'", [str(folder)])
        conn.execute("INSERT OR IGNORE INTO settings (key, value, updated_at) VALUES "
                     "('backup_folder', ?, 'now')", [str(folder)])
    pid = _dead_pid()
    stale = folder / f"bureau-backup-20260101-101010.db.{pid}.partial"
    stale.write_bytes(b"half")
    Path(f"{stale}-journal").write_bytes(b"half")
    made = run("--db", str(db), "backup", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 1 and names[0].startswith("bureau-backup-") and names[0].endswith(".db")


def test_a_killed_restores_files_are_removed_by_the_next_restore(tmp_path):
    db = make_db(tmp_path, 30)
    copy = tmp_path / "copy.db"
    assert run("--db", str(db), "backup", "--out", str(copy), cwd=tmp_path).returncode == 0
    pid = _dead_pid()
    debris = [tmp_path / f"desk.db.{pid}.restoring", tmp_path / f"desk.db.{pid}.restoring-journal",
              tmp_path / f"desk.before-restore-20260101-101010.db.{pid}.partial"]
    for path in debris:
        path.write_bytes(b"half a restore")
    restored = run("--db", str(db), "restore", str(copy), cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert not any(path.exists() for path in debris)
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("desk"))
    assert [name for name in left if "restoring" in name or "partial" in name] == []


def test_restore_killed_at_any_moment_leaves_a_sound_database(tmp_path):
    db = make_db(tmp_path, 600)
    copy = tmp_path / "copy.db"
    assert run("--db", str(db), "backup", "--out", str(copy), cwd=tmp_path).returncode == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BUREAU_LOCALE": "en"}
    for delay in (0.3, 0.6, 0.9, 1.2):
        restore = subprocess.Popen([sys.executable, "-m", "bureau", "--db", str(db), "restore",
                                    str(copy)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(delay)
        restore.send_signal(signal.SIGKILL)
        restore.wait()
        checked = run("--db", str(db), "check", cwd=tmp_path)
        assert checked.returncode == 0, (delay, checked.stdout, checked.stderr)
        assert count(db) == 600
    finished = run("--db", str(db), "restore", str(copy), cwd=tmp_path)
    assert finished.returncode == 0, finished.stderr
    assert not [p for p in tmp_path.iterdir() if "restoring" in p.name or "partial" in p.name]
