"""`bureau-cli report`: end to end through a real subprocess, as a coordinator's script runs it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import save_consultation
from bureau.opening import init_database, open_database
from bureau.trust.advisors import add_advisor
from bureau.validation import validate_consultation

ROOT = Path(__file__).resolve().parents[2]
CITIZENS = ("Петрова Иванка", "Димитров Георги")


def run(*args: str, cwd: Path, locale: str = "en") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BUREAU_", "LC_", "LANG"))}
    env["PYTHONPATH"] = str(ROOT)
    env["BUREAU_LOCALE"] = locale
    return subprocess.run([sys.executable, "-m", "bureau", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def desk(tmp_path) -> Path:
    """Seven consultations in October 2024 (one at 23:59 on the 31st), two in September."""
    path = tmp_path / "desk.db"
    db = init_database(path, bureau_name="БИСГ Кресна", municipality="Община Кресна")
    lookup = CatalogueLookup(db)
    advisor = add_advisor(db, "Мария Стоянова")
    moments = ["2024-09-12 10:00", "2024-09-30 23:59"] + [
        f"2024-10-{day:02d} 10:00" for day in (1, 2, 7, 9, 14, 21)] + ["2024-10-31 23:59"]
    for number, moment in enumerate(moments):
        raw = {"occurred_at": moment, "channel": "in_person", "advisor_id": advisor,
               "issues": [("local_taxes", None)], "question": "Данък сгради?",
               "answer": "Обяснихме.", "help_level": "information", "outcome": "resolved",
               "consent_record": True}
        if number < 2:
            raw["citizen"] = {"full_name": CITIZENS[number], "settlement": "Кресна"}
        save_consultation(db, validate_consultation(raw, lookup, now=dt.datetime(2030, 1, 1)),
                          lookup)
    db.close()
    return path


def test_report_is_a_command_with_help(tmp_path):
    result = run("report", "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "--month" in result.stdout and "--public" in result.stdout


@pytest.mark.parametrize("month", ["2024-13", "10.2024", "октомври"])
def test_a_bad_month_is_a_usage_error_in_the_users_language(desk, tmp_path, month):
    result = run("--db", str(desk), "report", "--month", month, "--format", "pdf",
                 "--out", str(tmp_path / "r.pdf"), cwd=tmp_path, locale="bg")
    assert result.returncode == 2
    assert "грешка" in result.stderr and month in result.stderr  # argparse's, translated
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_to_before_month_and_pdf_list_are_refused(desk, tmp_path):
    before = run("--db", str(desk), "report", "--month", "2024-10", "--to", "2024-09",
                 "--format", "csv", "--out", str(tmp_path / "r.csv"), cwd=tmp_path)
    assert before.returncode == 3 and "2024-09" in before.stderr
    listing = run("--db", str(desk), "report", "--month", "2024-10", "--consultations",
                  "--format", "pdf", "--out", str(tmp_path / "r.pdf"), cwd=tmp_path)
    assert listing.returncode == 3 and "CSV or XLSX" in listing.stderr
    assert not list(tmp_path.glob("r.*"))


def test_missing_database_is_exit_4(tmp_path):
    result = run("--db", str(tmp_path / "none.db"), "report", "--month", "2024-10",
                 "--format", "csv", "--out", str(tmp_path / "r.csv"), cwd=tmp_path)
    assert result.returncode == 4 and "Traceback" not in result.stderr


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
@pytest.mark.parametrize(("locale", "heading"), [("bg", "октомври 2024"), ("ru", "октябрь 2024")])
def test_pdf_in_the_chosen_language(desk, tmp_path, locale, heading):
    out = tmp_path / f"report-{locale}.pdf"
    result = run("--db", str(desk), "report", "--month", "2024-10", "--format", "pdf",
                 "--locale", locale, "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert heading in result.stdout
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert heading in text


def test_quarter_csv_counts_and_audit(desk, tmp_path):
    out = tmp_path / "quarter.csv"
    result = run("--db", str(desk), "report", "--month", "2024-09", "--to", "2024-11",
                 "--format", "csv", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    contacts = next(row for row in rows if row and row[0] == "Contacts (consultations)")
    assert contacts[1] == "9"  # September to November, 23:59 on the last days included
    db = open_database(desk)
    try:
        entry = db.execute("SELECT action, entity, detail FROM audit_log "
                           "ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        db.close()
    assert entry == ("export", "report", "figures csv 2024-09-01..2024-11-30")


def test_public_list_of_consultations_is_refused(desk, tmp_path):
    """Issue #15 item 6: the public list showed the "<5" visitors one by one."""
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"public.{fmt}"
        result = run("--db", str(desk), "report", "--month", "2024-10", "--format", fmt,
                     "--public", "--consultations", "--out", str(out), cwd=tmp_path)
        assert result.returncode == 3, result.stderr
        assert "figures only" in result.stderr and "Traceback" not in result.stderr
        assert not out.exists()


def test_public_figures_show_small_counts(desk, tmp_path):
    out = tmp_path / "public.csv"
    result = run("--db", str(desk), "report", "--month", "2024-10", "--format", "csv",
                 "--public", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = out.read_text("utf-8-sig")
    assert "<5" in text
    assert not any(name in text for name in (*CITIZENS, "Мария Стоянова"))
