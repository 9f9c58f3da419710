"""`bureau-cli check` compares the report's monthly counts with the records, in the
user's language, and the month report read from the counts is the recounted one."""

from __future__ import annotations

import sqlite3
import subprocess

from tests.cli.test_cli_core import run


def test_check_finds_tampered_monthly_counts_and_the_report_still_prints(tmp_path):
    db = str(tmp_path / "desk.db")
    assert run("--db", db, "init", cwd=tmp_path).returncode == 0
    demo = run("--db", db, "demo", "--consultations", "300", "--seed", "2", "--today",
               "2026-11-20", cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    sound = run("--db", db, "check", cwd=tmp_path, locale="bg")
    assert sound.returncode == 0 and "Месечни бройки на отчета" in sound.stdout
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE month_contacts SET contacts = contacts + 5 WHERE month = '2026-10'")
    damaged = run("--db", db, "check", cwd=tmp_path, locale="ru")
    assert damaged.returncode == 3, damaged.stdout + damaged.stderr
    line = next(line for line in damaged.stdout.splitlines() if "Месячные итоги отчёта" in line)
    assert "2026-10" in line and "расходятся с записями" in line
    assert "Traceback" not in damaged.stderr


def test_the_month_report_pdf_shows_the_recounted_figures(tmp_path):
    db = str(tmp_path / "desk.db")
    run("--db", db, "init", cwd=tmp_path)
    run("--db", db, "demo", "--consultations", "300", "--seed", "4", "--today", "2026-11-20",
        cwd=tmp_path)
    with sqlite3.connect(db) as conn:
        contacts = conn.execute("SELECT count(*) FROM consultations WHERE deleted_at IS NULL "
                                "AND occurred_at >= '2026-10-01' AND occurred_at < '2026-11-01'"
                                ).fetchone()[0]
    out = tmp_path / "october.pdf"
    report = run("--db", db, "report", "--month", "2026-10", "--out", str(out), cwd=tmp_path)
    assert report.returncode == 0, report.stderr
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert contacts > 10 and str(contacts) in text
