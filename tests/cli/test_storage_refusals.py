"""Issue #12 items 6 and 7: a newer or damaged database is written by no command,
and ``check`` tells a busy or read-only database (exit 4) from a damaged one (exit 3)."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
from pathlib import Path

import pytest
from test_cli_core import run
from test_restore_cli import finish, make_db, start_holder

from bureau.database import schema
from bureau.database.connection import MSG_CORRUPT, MSG_LOCKED, MSG_NEWER, MSG_READ_ONLY
from bureau.i18n import _, use_locale


def _writers(db: Path, folder: Path, journal: Path) -> dict[str, tuple[str, ...]]:
    return {
        "init": ("--db", str(db), "init"),
        "import": ("--db", str(db), "import", str(journal)),
        "demo": ("--db", str(db), "demo", "--consultations", "5", "--force"),
        "search": ("--db", str(db), "search", "Иван"),
        "backup": ("--db", str(db), "backup", "--out", str(folder / "out.db")),
        "export": ("--db", str(db), "export", "--format", "json", "--out", str(folder / "x.json")),
        "catalogue": ("--db", str(db), "catalogue", "categories"),
    }


@pytest.fixture
def journal(tmp_path) -> Path:
    (tmp_path / "source").mkdir()
    source = make_db(tmp_path / "source", 3)
    out = tmp_path / "journal.json"
    assert run("--db", str(source), "export", "--format", "json", "--out", str(out),
               cwd=tmp_path).returncode == 0
    return out


def _fingerprint(db: Path) -> bytes:
    return db.read_bytes() + (Path(f"{db}-wal").read_bytes() if Path(f"{db}-wal").exists() else b"")


def test_a_newer_schema_is_refused_by_every_command(tmp_path, journal):
    db = make_db(tmp_path, 20)
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute(f"PRAGMA user_version = {schema.latest_version() + 1}")
    before = _fingerprint(db)
    for name, args in _writers(db, tmp_path, journal).items():
        refused = run(*args, cwd=tmp_path, locale="bg")
        assert refused.returncode == 4, (name, refused.stdout, refused.stderr)
        with use_locale("bg"):
            assert _(MSG_NEWER).format(path=db) in refused.stderr, name
        assert "ready" not in refused.stdout
    assert _fingerprint(db) == before
    assert not (tmp_path / "out.db").exists() and not (tmp_path / "x.json").exists()


def _damage(db: Path) -> None:
    """Random bytes over a few pages in the middle of the file (as a failing disk leaves it)."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    with open(db, "r+b") as handle:
        for number in range(pages // 2, pages // 2 + 4):
            handle.seek(number * page)
            handle.write(bytes((number * 37 + i * 11) % 256 for i in range(page)))


def test_a_damaged_database_is_written_by_no_command_and_check_says_damaged(tmp_path, journal):
    db = make_db(tmp_path, 400)
    _damage(db)
    before = _fingerprint(db)
    for name in ("init", "import", "demo", "backup", "export"):
        refused = run(*_writers(db, tmp_path, journal)[name], cwd=tmp_path, locale="ru")
        assert refused.returncode == 4, (name, refused.stdout, refused.stderr)
        with use_locale("ru"):
            assert _(MSG_CORRUPT).format(path=db) in refused.stderr, name
    assert _fingerprint(db) == before
    checked = run("--db", str(db), "check", cwd=tmp_path)
    assert checked.returncode == 3, checked.stdout + checked.stderr
    assert "PROBLEM  SQLite integrity check" in checked.stdout


def test_check_on_a_busy_database_says_busy_not_damaged(tmp_path):
    db = make_db(tmp_path, 20)
    holder = start_holder(db, "write")  # a save in progress that does not end
    try:
        busy = run("--db", str(db), "check", cwd=tmp_path, locale="bg")
    finally:
        finish(holder)
    assert busy.returncode == 4, busy.stdout + busy.stderr
    with use_locale("bg"):
        assert _(MSG_LOCKED).format(path=db) in busy.stderr
        assert _("Problems were found. Restore the last good backup or ask for help.") \
            not in busy.stderr
    assert run("--db", str(db), "check", cwd=tmp_path).returncode == 0


def test_check_on_a_read_only_database_says_read_only_not_damaged(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = make_db(folder, 20)
    assert run("--db", str(db), "check", cwd=tmp_path).returncode == 0
    mounted = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot make a read-only mount here")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
        read_only = run("--db", str(db), "check", cwd=tmp_path)
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)
    assert read_only.returncode == 4, read_only.stdout + read_only.stderr
    assert _(MSG_READ_ONLY).format(path=db) in read_only.stderr \
        or "cannot be opened" in read_only.stderr
    assert "Problems were found" not in read_only.stderr


def test_check_finds_the_audit_log_unguarded(tmp_path):
    db = make_db(tmp_path, 20)
    with contextlib.closing(sqlite3.connect(db)) as conn:
        name = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                            "AND tbl_name = 'audit_log'").fetchone()[0]
        conn.execute(f"DROP TRIGGER {name}")
    checked = run("--db", str(db), "check", cwd=tmp_path)
    assert checked.returncode == 3
    assert f"PROBLEM  Audit log protection: triggers missing or added: {name}" in checked.stdout
    assert "PROBLEM  Tables, indexes and triggers as Bureau makes them" in checked.stdout
