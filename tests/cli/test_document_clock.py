"""Every document's "generated on" / "issued on" moment comes from one clock
(``bureau.pdf.clock``): a caller's ``now``, else ``SOURCE_DATE_EPOCH`` (reproducible
builds), else the computer's time. The signals analysis read the real clock in its
footer and for "after the deadline" even when a moment was given (#17)."""

from __future__ import annotations

import ast
import datetime as dt
import subprocess
from pathlib import Path

import pytest
from test_cli_core import run
from test_commission_cli import OFFICER_PASSWORD, desk  # noqa: F401 (the fixture)

from bureau.documents import signals_report_pdf
from bureau.domain import Role
from bureau.i18n import _, use_locale
from bureau.opening import open_database
from bureau.pdf.clock import document_now, document_today
from bureau.pdf.dates import long_date

ROOT = Path(__file__).resolve().parents[2]
EPOCH = 1795608000  # 2026-11-25 12:00 UTC
FIXED = dt.datetime(2026, 11, 25, 12, 0)
# Libraries whose use makes a module document code (it lays out a PDF or a workbook).
DOCUMENT_IMPORTS = ("reportlab", "openpyxl", "bureau.pdf.document", "bureau.pdf.dates",
                    "bureau.documents")
CLOCK_CALLS = {("datetime", "now"), ("datetime", "today"), ("datetime", "utcnow"),
               ("date", "today"), ("time", "time")}


def _document_modules() -> list[Path]:
    found = []
    for path in sorted((ROOT / "bureau").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names]
        names += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        if any(name == lib or name.startswith(lib + ".") for name in names
               for lib in DOCUMENT_IMPORTS):
            found.append(path)
    return found


def test_no_document_reads_the_system_clock_itself():
    modules = _document_modules()
    assert any(path.name == "report.py" and path.parent.name == "signals" for path in modules)
    offenders = []
    for path in modules:
        if path == ROOT / "bureau" / "pdf" / "clock.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Attribute | ast.Name)):
                owner = (node.func.value.attr if isinstance(node.func.value, ast.Attribute)
                         else node.func.value.id)
                if (owner, node.func.attr) in CLOCK_CALLS:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, "read the moment from bureau.pdf.clock: " + ", ".join(offenders)


def test_the_clock_takes_a_given_moment_then_the_epoch(monkeypatch):
    given = dt.datetime(2025, 3, 4, 5, 6)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert document_now(given) == given
    assert document_now() == FIXED and document_today() == FIXED.date()
    assert document_today(dt.date(2024, 1, 2)) == dt.date(2024, 1, 2)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")
    assert abs(document_now() - dt.datetime.now()) < dt.timedelta(minutes=1)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert abs(document_now() - dt.datetime.now()) < dt.timedelta(minutes=1)


def _pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return " ".join(out.split())


@pytest.mark.parametrize("command", ["signals-report", "agenda", "decision-letter",
                                     "signal-receipt", "slip", "report"])
def test_every_document_is_dated_by_the_one_clock_and_reproducible(desk, tmp_path,  # noqa: F811
                                                                    command):
    db = open_database(desk["db"])
    reference = db.execute("SELECT reference FROM consultations ORDER BY id").fetchone()[0]
    db.close()
    args = {"signals-report": ["--from", "2026-10-01", "--to", "2026-10-31"],
            "agenda": [str(desk["meeting"])], "decision-letter": [desk["decided"]],
            "signal-receipt": [desk["signal"]], "slip": [reference],
            "report": ["--month", "2026-10"]}[command]
    user = ["--user", "officer"] if command.startswith("signal") else []
    made = []
    for run_number in (1, 2):
        out = tmp_path / f"{command}-{run_number}.pdf"
        result = run("--db", desk["db"], *user, command, *args, "--out", str(out), cwd=tmp_path,
                     locale="ru", env_extra={"SOURCE_DATE_EPOCH": str(EPOCH),
                                             "BUREAU_PASSWORD": OFFICER_PASSWORD,
                                             "TZ": "Europe/Sofia" if run_number == 1 else "UTC"})
        assert result.returncode == 0, result.stderr
        made.append(out.read_bytes())
    with use_locale("ru"):
        day = long_date(FIXED.date())
    assert day.replace("\u00a0", " ") in _pdf_text(tmp_path / f"{command}-1.pdf")
    if command != "slip":  # the second slip is a copy ("first issued on ..."), by design
        assert made[0] == made[1], "the same data and clock must give the same bytes"


def test_the_signals_analysis_footer_takes_the_given_day_or_moment(db, tmp_path):
    """Before, a given ``today`` dated "after the deadline" but the footer read the real
    clock: the same call gave another footer every day."""
    day = dt.date(2025, 4, 2)
    for locale, given in (("bg", {"today": day}), ("ru", {"now": FIXED})):
        pdf = signals_report_pdf(db, dt.date(2025, 1, 1), dt.date(2025, 3, 31),
                                 by=Role.SIGNALS_OFFICER, locale=locale, **given)
        path = tmp_path / f"analysis-{locale}.pdf"
        path.write_bytes(pdf)
        with use_locale(locale):
            shown = long_date(given.get("today") or FIXED.date()).replace("\u00a0", " ")
            footer = _("{document} \u00b7 generated on {date}").format(
                document="", date=shown).strip(" \u00b7")
        assert footer in _pdf_text(path), _pdf_text(path)[-300:]
