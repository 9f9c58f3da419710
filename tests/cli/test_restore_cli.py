"""Issue #12 items 2-5: restore through the command line, as a coordinator meets it.

Real subprocesses hold the database (an open connection, a write in progress,
a desk's lock); a small tmpfs fills up; hostile backups are offered.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli_core import ROOT, run

from bureau.database.restore import MSG_ALTERED, MSG_BROKEN_REFERENCES, MSG_IN_USE
from bureau.i18n import _, use_locale

HOLDER = r"""
import sys
from bureau.database.connection import connect
db = connect(sys.argv[1])
db.execute("SELECT count(*) FROM consultations").fetchone()
if sys.argv[2] == "write":
    db.conn.execute("BEGIN IMMEDIATE")
    db.conn.execute("INSERT INTO settings (key, value, updated_at) VALUES ('held', 'yes', 'now')")
print("ready", flush=True)
sys.stdin.readline()
if sys.argv[2] == "write":
    db.conn.execute("COMMIT")
print("done", flush=True)
"""


def make_db(folder: Path, consultations: int = 60) -> Path:
    db = folder / "desk.db"
    made = run("--db", str(db), "demo", "--consultations", str(consultations), cwd=folder)
    assert made.returncode == 0, made.stderr
    return db


def count(db: Path, sql: str = "SELECT count(*) FROM consultations") -> int:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql).fetchone()[0]


def changed(db: Path) -> bool:
    """Whether the change made after the backup is there (restore takes it away)."""
    return count(db, "SELECT count(*) FROM settings WHERE key = 'bureau_name' AND value = 'changed'") == 1


def start_holder(db: Path, mode: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), mode], env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "ready"
    return holder


def finish(holder: subprocess.Popen) -> None:
    holder.stdin.write("\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "done"
    holder.wait(timeout=30)


def backup_of(db: Path, folder: Path) -> Path:
    out = folder / "copy.db"
    made = run("--db", str(db), "backup", "--out", str(out), cwd=folder)
    assert made.returncode == 0, made.stderr
    return out


@pytest.mark.parametrize("mode", ["read", "write"])
def test_restore_is_refused_while_another_process_has_the_database_open(tmp_path, mode):
    db = make_db(tmp_path)
    copy = backup_of(db, tmp_path)
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE settings SET value = 'changed' WHERE key = 'bureau_name'")
    holder = start_holder(db, mode)
    try:
        refused = run("--db", str(db), "restore", str(copy), cwd=tmp_path, locale="bg")
    finally:
        finish(holder)  # the other process commits its change after the attempt
    assert refused.returncode == 4, refused.stderr
    with use_locale("bg"):
        assert _(MSG_IN_USE).format(path=db) in refused.stderr
    assert changed(db)
    if mode == "write":  # the change committed by the other process is in the live database
        assert count(db, "SELECT count(*) FROM settings WHERE key = 'held'") == 1
    assert not [p for p in tmp_path.iterdir() if "before-restore" in p.name or "restoring" in p.name]


def test_restore_is_refused_while_a_desk_holds_the_database_even_through_a_symlink(tmp_path):
    db = make_db(tmp_path)
    copy = backup_of(db, tmp_path)
    link = tmp_path / "link.db"
    link.symlink_to(db)
    desk = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        Path(f"{os.path.realpath(db)}.lock").write_text(f"{desk.pid}\nbureau\nhost\n")  # the desk's QLockFile
        refused = run("--db", str(link), "restore", str(copy), cwd=tmp_path)
    finally:
        desk.kill()
        desk.wait()
    assert refused.returncode == 4 and "open in a Bureau desk" in refused.stderr
    restored = run("--db", str(link), "restore", str(copy), cwd=tmp_path)  # the desk is gone
    assert restored.returncode == 0, restored.stderr


def test_restore_onto_a_symlink_keeps_the_symlink(tmp_path):
    db = make_db(tmp_path)
    copy = backup_of(db, tmp_path)
    link = tmp_path / "link.db"
    link.symlink_to(db)
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE settings SET value = 'changed' WHERE key = 'bureau_name'")
    restored = run("--db", str(link), "restore", str(copy), cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert link.is_symlink() and link.resolve() == db.resolve()
    assert not changed(db)
    assert run("--db", str(link), "check", cwd=tmp_path).returncode == 0


def _hostile(copy: Path, statements: list[str]) -> Path:
    with contextlib.closing(sqlite3.connect(copy)) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.executescript(";\n".join(statements))
    return copy


def _audit_triggers(db: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")]


HOSTILE = {
    "audit guards dropped, triggers of its own": lambda triggers: [
        *(f"DROP TRIGGER {name}" for name in triggers),
        "CREATE TRIGGER blank_audit AFTER INSERT ON audit_log BEGIN DELETE FROM audit_log; END",
        "CREATE TRIGGER rewrite_answers AFTER INSERT ON consultations BEGIN "
        "UPDATE consultations SET answer = 'x' WHERE id = NEW.id; END",
    ],
    "a trigger of its own only": lambda triggers: [
        "CREATE TRIGGER rewrite_answers AFTER INSERT ON consultations BEGIN "
        "UPDATE consultations SET answer = 'x' WHERE id = NEW.id; END",
    ],
    "wrong column types": lambda triggers: [
        "CREATE TABLE settings_new (key INTEGER PRIMARY KEY, value BLOB, updated_at REAL)",
        "INSERT INTO settings_new SELECT rowid, value, 0 FROM settings",
        "DROP TABLE settings", "ALTER TABLE settings_new RENAME TO settings",
    ],
    "an index dropped": lambda triggers: [
        "DROP INDEX consultations_advisor",
    ],
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_backup_altered_outside_bureau_is_refused_and_changes_nothing(tmp_path, case):
    db = make_db(tmp_path)
    copy = _hostile(backup_of(db, tmp_path), HOSTILE[case](_audit_triggers(db)))
    before = count(db)
    refused = run("--db", str(db), "restore", str(copy), cwd=tmp_path, locale="ru")
    assert refused.returncode == 3, refused.stderr
    with use_locale("ru"):
        assert _(MSG_ALTERED).split("{path}")[1][:20] in refused.stderr
    assert count(db) == before and _audit_triggers(db)
    checked = run("--db", str(copy), "check", cwd=tmp_path)  # and check calls it what it is
    assert checked.returncode == 3, checked.stdout


def test_a_backup_with_broken_references_is_refused(tmp_path):
    db = make_db(tmp_path)
    copy = _hostile(backup_of(db, tmp_path), ["UPDATE consultations SET advisor_id = 99999"])
    refused = run("--db", str(db), "restore", str(copy), cwd=tmp_path)
    assert refused.returncode == 3
    assert _(MSG_BROKEN_REFERENCES).split("{count}")[1][:15] in refused.stderr


@pytest.fixture
def small_disk(tmp_path):
    """A tmpfs of a given size (root only; Linux)."""
    mounts = []

    def make(size_kb: int) -> Path:
        folder = tmp_path / f"disk{len(mounts)}"
        folder.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
                              capture_output=True)
        if done.returncode != 0:
            pytest.skip("cannot mount a small tmpfs here")
        mounts.append(folder)
        return folder
    yield make
    for folder in mounts:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.mark.parametrize("room", [1.3, 3.4])  # no room for the copy; room for it but not the swap
def test_restore_on_a_nearly_full_disk_keeps_the_live_database(tmp_path, small_disk, room):
    source = make_db(tmp_path, consultations=400)
    size = source.stat().st_size
    copy = backup_of(source, tmp_path)
    disk = small_disk(int(size * room / 1024) + 64)
    db = disk / "desk.db"
    made = run("--db", str(source), "backup", "--out", str(db), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE settings SET value = 'changed' WHERE key = 'bureau_name'")
    failed = run("--db", str(db), "restore", str(copy), cwd=tmp_path)
    assert failed.returncode in (3, 4) and "Traceback" not in failed.stderr
    assert sorted(p.name for p in disk.iterdir()) == ["desk.db"]  # no fragments left
    assert changed(db) and count(db) == 400
    assert run("--db", str(db), "check", cwd=tmp_path).returncode == 0
