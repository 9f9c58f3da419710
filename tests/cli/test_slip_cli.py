"""`bureau-cli slip`: end to end through a real subprocess, as a desk script would run it."""

from __future__ import annotations

import datetime as dt
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


def run(*args: str, cwd: Path, locale: str = "en") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BUREAU_", "LC_", "LANG"))}
    env["PYTHONPATH"] = str(ROOT)
    env["BUREAU_LOCALE"] = locale
    return subprocess.run([sys.executable, "-m", "bureau", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


@pytest.fixture
def desk(tmp_path) -> tuple[Path, str]:
    path = tmp_path / "desk.db"
    db = init_database(path, bureau_name="БИСГ Кресна", municipality="Община Кресна")
    lookup = CatalogueLookup(db)
    raw = {
        "occurred_at": dt.datetime(2026, 10, 14, 10, 30), "channel": "in_person",
        "advisor_id": add_advisor(db, "Мария Стоянова"),
        "citizen": {"full_name": "Петрова Иванка"}, "issues": [("local_taxes", None)],
        "question": "Как да платя данък сгради?", "answer": "Обяснихме сроковете.",
        "help_level": "information", "outcome": "resolved", "consent_record": True,
    }
    _id, reference = save_consultation(db, validate_consultation(raw, lookup), lookup)
    db.close()
    return path, reference


def prints(path: Path) -> list[tuple]:
    db = open_database(path)
    try:
        return db.execute("SELECT format, locale, kind FROM slip_prints ORDER BY id").fetchall()
    finally:
        db.close()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
@pytest.mark.parametrize(("locale", "label", "month"), [
    ("bg", "Дата и час", "октомври"), ("ru", "Дата и время", "октября"),
])
def test_slip_written_in_the_chosen_language_and_recorded(desk, tmp_path, locale, label, month):
    db, reference = desk
    out = tmp_path / "slips" / f"{reference}.pdf"
    result = run("--db", str(db), "slip", reference, "--out", str(out), "--format", "receipt",
                 "--locale", locale, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert reference in result.stdout and str(out) in result.stdout
    text = pdf_text(out)
    assert reference in text and "Петрова Иванка" in text
    assert label in text and f"14 {month} 2026 г., 10:30" in text
    assert prints(db) == [("receipt", locale, "pdf")]


def test_document_language_follows_the_ui_language_without_locale_option(desk, tmp_path):
    db, reference = desk
    out = tmp_path / "slip.pdf"
    result = run("slip", reference, "--db", str(db), "--out", str(out), cwd=tmp_path, locale="ru")
    assert result.returncode == 0, result.stderr
    assert prints(db) == [("a5", "ru", "pdf")]  # format: the bureau's default setting


def test_unknown_reference_exits_3_and_writes_nothing(desk, tmp_path):
    db, _reference = desk
    out = tmp_path / "nothing.pdf"
    result = run("--db", str(db), "slip", "2026-999999", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 3
    assert "2026-999999" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() and list(tmp_path.glob("*.pdf")) == []
    assert prints(db) == []


def test_missing_database_exits_4(tmp_path):
    result = run("--db", str(tmp_path / "none.db"), "slip", "2026-000001",
                 "--out", str(tmp_path / "x.pdf"), cwd=tmp_path)
    assert result.returncode == 4 and "Traceback" not in result.stderr


def test_bad_format_is_a_usage_error(desk, tmp_path):
    db, reference = desk
    result = run("--db", str(db), "slip", reference, "--out", str(tmp_path / "x.pdf"),
                 "--format", "letter", cwd=tmp_path)
    assert result.returncode == 2 and "letter" in result.stderr
