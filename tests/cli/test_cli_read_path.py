"""Issue #19: the commands that only read open the database over plain sqlite3.

``bureau-cli search`` loads neither sqlite-utils (nor click, pluggy, dateutil
behind it) nor the migrations, and answers exactly as the way through
``open_database`` does: the same output, and the same refusals with the same
messages and exit codes. The old way is reached in a subprocess whose
``open_current`` declines every database, so every command falls back to
``open_database`` as it did before.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_cli_core import ROOT

from bureau.database import schema

# Modules the read-only commands must not load (all come with sqlite-utils or migrating).
WRITERS_ONLY = ("sqlite_utils", "click", "pluggy", "dateutil", "bureau.database.schema",
                "bureau.opening")
RUN_CLI = """
    import atexit, json, os, runpy, sys
    if os.environ.get("FULL_PATH"):
        import bureau.database.plain as plain
        plain.open_current = lambda *args, **kwargs: None
    if os.environ.get("MODULES_OUT"):
        atexit.register(lambda: open(os.environ["MODULES_OUT"], "w").write(
            json.dumps(sorted(sys.modules))))
    runpy.run_module("bureau", run_name="__main__", alter_sys=True)
"""
HOLD_EXCLUSIVE = """
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("UPDATE settings SET value = value WHERE key = 'bureau_name'")
    print("ready", flush=True)
    sys.stdin.readline()
"""


def cli(*args: str, cwd: Path, full_path: bool = False, modules_out: Path | None = None,
        locale: str = "bg") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BUREAU_", "LC_", "LANG"))}
    env.update({"PYTHONPATH": str(ROOT), "BUREAU_LOCALE": locale})
    if full_path:
        env["FULL_PATH"] = "1"
    if modules_out:
        env["MODULES_OUT"] = str(modules_out)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(RUN_CLI), *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=120)


def answer(done: subprocess.CompletedProcess) -> tuple[int, str, str]:
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("read")
    db = folder / "demo.db"
    made = cli("--db", str(db), "demo", "--consultations", "400", "--seed", "7",
               "--today", "2026-05-20", cwd=folder)
    assert made.returncode == 0, made.stderr
    return db


SEARCHES = [
    ("search", "Иван"),  # a common name: a full page
    ("search", "Иван", "--json", "--limit", "5"),
    ("search", "petrov", "--locale", "ru"),  # Latin letters for a Cyrillic name
    ("search", "2026-00"),  # a reference number's beginning
    ("search", "Ивнов"),  # one typo away from a name
    ("search", "жилищ", "--limit", "3"),  # a prefix in the texts
    ("search", "щщщщщщ"),  # nothing
    ("search", "\"\""),  # nothing searchable
]


READ_ONLY = {  # a read-only command -> a module that shows it did its work
    ("search", "Иван"): "bureau.consultations.register",
    ("export", "--format", "json", "--out", "x.json"): "bureau.consultations.exporter",
    ("export", "--format", "csv", "--out", "x.csv"): "bureau.consultations.exporter",
    ("audit", "--limit", "5"): "bureau.trust.audit",
}


@pytest.mark.parametrize("args", list(READ_ONLY), ids=lambda args: " ".join(args[:3]))
def test_read_only_commands_load_neither_sqlite_utils_nor_the_migrations(demo, tmp_path, args):
    out = tmp_path / "modules.json"
    done = cli("--db", str(demo), *args, cwd=tmp_path, modules_out=out)
    assert done.returncode == 0, done.stderr
    modules = json.loads(out.read_text())
    assert READ_ONLY[args] in modules  # it did its work
    loaded = [name for name in modules if name.split(".")[0] in WRITERS_ONLY[:4]
              or name in WRITERS_ONLY[4:]]
    assert loaded == []


@pytest.mark.parametrize("args", SEARCHES, ids=lambda args: " ".join(args))
def test_search_answers_as_through_open_database(demo, tmp_path, args):
    fast = cli("--db", str(demo), *args, cwd=tmp_path)
    full = cli("--db", str(demo), *args, cwd=tmp_path, full_path=True)
    assert answer(fast) == answer(full)
    assert fast.returncode in (0, 3)


def _copy(demo: Path, folder: Path) -> Path:
    copy = folder / "copy.db"
    with contextlib.closing(sqlite3.connect(demo)) as source, \
            contextlib.closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    return copy


def _both_ways(demo: Path, folder: Path) -> list[tuple[Path, bool]]:
    """Two copies of ``demo``: (the copy, whether the old way opens it), plain way first."""
    ways = []
    for full_path in (False, True):
        (folder / ("full" if full_path else "fast")).mkdir()
        ways.append((_copy(demo, folder / ("full" if full_path else "fast")), full_path))
    return ways


def _newer(db: Path) -> None:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute(f"PRAGMA user_version = {schema.latest_version() + 1}")


def _unknown_migration(db: Path) -> None:
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('bureau', '9999_from_the_future', '2030-01-01')")


def _not_a_database(db: Path) -> None:
    db.write_bytes(b"not a database, a letter to the council\n" * 200)


def _empty_sqlite(db: Path) -> None:
    db.unlink()
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")


@pytest.mark.parametrize("spoil", [_newer, _unknown_migration, _not_a_database, _empty_sqlite,
                                   Path.unlink], ids=lambda f: f.__name__.strip("_"))
def test_search_refuses_as_open_database_does(demo, tmp_path, spoil):
    results = []
    for db, full_path in _both_ways(demo, tmp_path):
        spoil(db)
        done = cli("--db", str(db), "search", "Иван", cwd=tmp_path, full_path=full_path)
        results.append((done.returncode, done.stdout, done.stderr.replace(str(db), "DB")))
    assert results[0] == results[1]
    assert results[0][0] == 4, results[0]


def test_an_older_schema_is_migrated_then_searched_as_before(demo, tmp_path):
    db = _copy(demo, tmp_path)
    expected = answer(cli("--db", str(db), "search", "Иван", cwd=tmp_path))
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0011_consultation_words'")
        conn.execute("DROP TABLE consultation_words")
        conn.execute(f"PRAGMA user_version = {schema.latest_version() - 1}")
    assert answer(cli("--db", str(db), "search", "Иван", cwd=tmp_path)) == expected
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.latest_version()
        assert conn.execute("SELECT count(*) FROM consultation_words").fetchone()[0] > 0


def test_a_locked_database_is_refused_alike(demo, tmp_path):
    db = _copy(demo, tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(HOLD_EXCLUSIVE), str(db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        fast = cli("--db", str(db), "search", "Иван", cwd=tmp_path)
        full = cli("--db", str(db), "search", "Иван", cwd=tmp_path, full_path=True)
    finally:
        holder.communicate("\n", timeout=30)
    assert answer(fast) == answer(full)
    assert fast.returncode == 4 and "заета" in fast.stderr


def _audit_rows(db: Path) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute("SELECT actor_id, action, entity, entity_id, detail FROM audit_log "
                            "ORDER BY id").fetchall()


@pytest.mark.parametrize("args", [
    ("--format", "json"),
    ("--format", "csv", "--from", "01.03.2026", "--to", "2026-04-30"),
    ("--format", "csv", "--csv-dialect", "comma", "--locale", "ru"),
    ("--format", "xlsx", "--from", "2026-05-01"),
], ids=lambda args: " ".join(args))
def test_export_writes_and_audits_as_through_open_database(demo, tmp_path, args):
    results = []
    for db, full_path in _both_ways(demo, tmp_path):
        out = db.parent / f"out.{args[1]}"
        done = cli("--db", str(db), "export", *args, "--out", str(out), cwd=db.parent,
                   full_path=full_path)
        assert done.returncode == 0, done.stderr
        written = (_xlsx_cells(out) if args[1] == "xlsx" else out.read_bytes())
        results.append((done.stdout.replace(str(out), "OUT"), done.stderr, written,
                        _audit_rows(db)))
    assert results[0] == results[1]
    assert results[0][3][-1][1:3] == ("export", "consultations")  # the export was audited


def _xlsx_cells(path: Path) -> list[tuple]:
    return [row for sheet in load_workbook(path, read_only=True).worksheets
            for row in sheet.iter_rows(values_only=True)]


def test_audit_lists_as_through_open_database(demo, tmp_path):
    db = _copy(demo, tmp_path)
    exported = cli("--db", str(db), "export", "--format", "json", "--out",
                   str(tmp_path / "x.json"), cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    fast = cli("--db", str(db), "audit", "--limit", "50", cwd=tmp_path, locale="ru")
    full = cli("--db", str(db), "audit", "--limit", "50", cwd=tmp_path, locale="ru",
               full_path=True)
    assert answer(fast) == answer(full)
    assert fast.returncode == 0 and "JSON" in fast.stdout


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("args", [("search", "Иван", "--limit", "300"),
                                  ("search", "Иван", "--json", "--limit", "300"),
                                  ("catalogue", "services")], ids=lambda args: " ".join(args[:3]))
def test_a_reader_that_stops_early_ends_the_command_quietly(demo, tmp_path, args, buffered):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env.update({"PYTHONPATH": str(ROOT), "BUREAU_LOCALE": "bg"},
               **({} if buffered else {"PYTHONUNBUFFERED": "1"}))
    done = subprocess.Popen([sys.executable, "-m", "bureau", "--db", str(demo), *args],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done.stdout.close()  # as `| head -0` does: nobody reads what is printed
    stderr = done.stderr.read().decode()
    assert (done.wait(timeout=120), stderr) == (141, "")
