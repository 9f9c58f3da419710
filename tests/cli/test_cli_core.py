"""The command line end to end, through real subprocesses, as a desk script would run it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEADER = "date,advisor,citizen_name,phone,topics,question,answer,help_level,outcome,consent_record\n"


def run(*args: str, cwd: Path, env_extra: dict | None = None, locale: str = "en"):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BUREAU_", "LC_", "LANG"))}
    env["PYTHONPATH"] = str(ROOT)
    env["BUREAU_LOCALE"] = locale
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "bureau", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def workdir(tmp_path):
    return tmp_path


def test_help_for_every_command(workdir):
    for command in ("init", "import", "demo", "search", "export", "check", "catalogue"):
        result = run(command, "--help", cwd=workdir)
        assert result.returncode == 0, result.stderr
        assert "--db" in result.stdout


def test_help_is_translated(workdir):
    bg = run("--help", cwd=workdir, locale="bg")
    ru = run("--help", cwd=workdir, locale="ru")
    assert "употреба" in bg.stdout.lower()
    assert "использование" in ru.stdout.lower()


def test_init_twice_import_search_export_check(workdir):
    db = str(workdir / "desk.db")
    first = run("--db", db, "init", "--bureau-name", "БИСГ Кресна", "--municipality", "Кресна",
                cwd=workdir)
    assert first.returncode == 0, first.stderr
    assert run("init", "--db", db, cwd=workdir).returncode == 0
    journal = workdir / "journal.csv"
    rows = [f"2026-10-{day:02d},Мария Стоянова,Петрова Иванка {day},08881234{day:02d},local_taxes,"
            f"Данък сгради {day},Обяснихме,information,resolved,yes\n" for day in range(1, 21)]
    journal.write_text(HEADER + "".join(rows), encoding="utf-8")
    imported = run("--db", db, "import", str(journal), cwd=workdir)
    assert imported.returncode == 0, imported.stderr
    assert "20" in imported.stdout
    found = run("--db", db, "search", "petrova", "--json", "--limit", "3", cwd=workdir)
    assert found.returncode == 0
    results = json.loads(found.stdout)
    assert len(results) == 3 and results[0]["citizen"] == "Петрова Иванка 20"
    out = workdir / "all.json"
    exported = run("--db", db, "export", "--format", "json", "--out", str(out), cwd=workdir)
    assert exported.returncode == 0 and len(json.loads(out.read_text("utf-8"))) == 20
    check = run("--db", db, "check", cwd=workdir)
    assert check.returncode == 0 and "sound" in check.stdout


def test_bad_import_exit_3_lists_rows_and_imports_nothing(workdir):
    db = str(workdir / "desk.db")
    run("--db", db, "init", cwd=workdir)
    journal = workdir / "bad.csv"
    journal.write_text(HEADER + "2026-10-01,Мария,,,local_taxes,,x,information,resolved,\n"
                       "2026-10-02,Мария,,,nonsense,Въпрос,x,information,resolved,\n",
                       encoding="utf-8")
    result = run("--db", db, "import", str(journal), cwd=workdir, locale="bg")
    assert result.returncode == 3
    assert "Ред 2" in result.stderr and "Ред 3" in result.stderr
    assert "Traceback" not in result.stderr
    count = run("--db", db, "search", "Въпрос", "--json", cwd=workdir)
    assert json.loads(count.stdout) == []


@pytest.mark.parametrize("args, code", [
    (["nonsense-command"], 2),
    (["search"], 2),
    (["export", "--format", "xml", "--out", "x"], 2),
    (["export", "--format", "csv", "--out", "x", "--from", "31.02.2026"], 2),
    (["demo", "--consultations", "-5"], 2),
])
def test_usage_errors_exit_2(workdir, args, code):
    result = run("--db", str(workdir / "x.db"), *args, cwd=workdir)
    assert result.returncode == code
    assert "Traceback" not in result.stderr


def test_database_problems_exit_4_with_a_way_out(workdir):
    missing = run("--db", str(workdir / "nowhere.db"), "search", "x", cwd=workdir)
    assert missing.returncode == 4 and "bureau-cli init" in missing.stderr
    junk = workdir / "junk.db"
    junk.write_bytes(b"not a database at all" * 200)
    corrupt = run("--db", str(junk), "check", cwd=workdir, locale="ru")
    assert corrupt.returncode == 4
    assert "Traceback" not in corrupt.stderr
    assert junk.read_bytes().startswith(b"not a database")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files")
def test_read_only_database_exit_4(workdir):
    db = workdir / "ro.db"
    run("--db", str(db), "init", cwd=workdir)
    db.chmod(0o444)
    workdir.chmod(0o555)
    try:
        result = run("--db", str(db), "demo", "--consultations", "5", cwd=workdir)
    finally:
        workdir.chmod(0o755)
    assert result.returncode == 4


def test_demo_is_deterministic_and_refuses_real_data(workdir):
    a, b = str(workdir / "a.db"), str(workdir / "b.db")
    for path in (a, b):
        assert run("--db", path, "demo", "--consultations", "300", "--seed", "7",
                   cwd=workdir).returncode == 0
    dump = [run("--db", p, "search", "2026", "--json", "--limit", "50", cwd=workdir).stdout
            for p in (a, b)]
    assert dump[0] == dump[1] and json.loads(dump[0])
    real = str(workdir / "real.db")
    run("--db", real, "init", cwd=workdir)
    journal = workdir / "j.csv"
    journal.write_text(HEADER + "2026-10-01,Мария,,,other,Въпрос,Отговор,information,resolved,\n",
                       encoding="utf-8")
    run("--db", real, "import", str(journal), cwd=workdir)
    refused = run("--db", real, "demo", "--consultations", "10", cwd=workdir)
    assert refused.returncode == 3 and "--force" in refused.stderr


def test_check_detects_a_tampered_signal(workdir):
    import sqlite3

    db = workdir / "t.db"
    run("--db", str(db), "demo", "--consultations", "50", cwd=workdir)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE signal_revisions SET description = 'changed' WHERE id = 1")
    result = run("--db", str(db), "check", cwd=workdir)
    assert result.returncode == 3
    assert "SG-" in result.stdout


def test_installed_console_script_works_outside_the_checkout(workdir):
    script = shutil.which("bureau-cli", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("bureau-cli is not installed in this environment (pip install .)")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env["BUREAU_LOCALE"] = "ru"
    db = str(workdir / "inst.db")
    result = subprocess.run([script, "--db", db, "init"], cwd=workdir, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "База данных" in result.stdout or "база данных" in result.stdout.lower()
