"""Report periods as a council reads them (#17 items 2 and 11): comparisons only with
periods recorded in full, "no data" apart from 0, no future, the running month "to
date"; and `report --out x.pdf` needs no --format."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import holidays
import pytest

from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import save_consultation
from bureau.demo import _meeting_day
from bureau.domain import BureauError
from bureau.i18n import use_locale
from bureau.opening import init_database
from bureau.reports.figures import build_report
from bureau.reports.period import Period
from bureau.reports.summary import summary_text
from bureau.reports.tables import build_sections, period_label
from bureau.trust.advisors import add_advisor
from bureau.validation import validate_consultation
from tests.conftest import consultation_raw

ROOT = Path(__file__).resolve().parents[2]
LATER = dt.datetime(2030, 1, 1)
# Records start on 3 November 2025, as in the issue.
DAYS = ["2025-11-03", "2025-11-20", "2025-12-02", "2025-12-15", "2025-12-16", "2026-01-05",
        "2026-01-06", "2026-01-07"]


def _fill(db, *more: str) -> None:
    advisor = add_advisor(db, "Мария Стоянова")
    lookup = CatalogueLookup(db)
    for day in (*DAYS, *more):
        raw = consultation_raw(advisor, occurred_at=f"{day} 10:00")
        save_consultation(db, validate_consultation(raw, lookup, now=LATER), lookup)


def test_no_growth_against_a_half_recorded_period(db):
    _fill(db)
    period = Period.months(dt.date(2025, 12, 1), dt.date(2026, 1, 1))
    report = build_report(db, period, now=dt.datetime(2026, 11, 20))
    with use_locale("en"):
        summary = summary_text(report, False)
        key = build_sections(report, False)[0]
    assert "more than in the previous period" not in summary
    assert "The records begin on November 3, 2025, so there is nothing to compare with for" in summary
    assert [column.header for column in key.columns][1:] == [period.label()]  # no comparisons
    assert any("nothing to compare with" in note for note in key.notes)


def test_a_fully_recorded_previous_period_is_compared(db):
    _fill(db)
    report = build_report(db, Period.months(dt.date(2026, 1, 1)), now=dt.datetime(2026, 11, 20))
    with use_locale("en"):
        assert "as many as in the previous period" in summary_text(report, False)  # 3 and 3


def test_months_before_the_first_record_have_no_data_not_zero(db):
    _fill(db)
    report = build_report(db, Period.months(dt.date(2026, 1, 1)), now=dt.datetime(2026, 11, 20))
    trend = dict(report.trend)
    assert trend[dt.date(2025, 10, 1)] is None and trend[dt.date(2025, 2, 1)] is None
    assert trend[dt.date(2025, 11, 1)] == 2 and trend[dt.date(2026, 1, 1)] == 3
    with use_locale("en"):
        section = next(s for s in build_sections(report, False) if s.key == "trend")
    assert section.notes and "no data (not zero)" in section.notes[0]


def test_a_future_month_is_refused(db):
    _fill(db)
    with pytest.raises(BureauError):
        build_report(db, Period.months(dt.date(2027, 5, 1)), now=dt.datetime(2026, 11, 20))


def test_the_running_month_is_marked_to_date_and_not_compared(db):
    _fill(db, "2026-10-05", "2026-10-06", "2026-11-02")
    report = build_report(db, Period.months(dt.date(2026, 11, 1)), now=dt.datetime(2026, 11, 20))
    with use_locale("bg"):
        assert period_label(report).replace("\u202f", " ") == \
            "ноември 2026 (към днешна дата: 20 ноември 2026 г.)"
        summary = summary_text(report, False)
        key = build_sections(report, False)[0]
    assert "по-малко от предходния период" not in summary
    assert "Периодът още не е приключил" in summary
    assert len(key.columns) == 2


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BUREAU_", "LC_", "LANG"))}
    env.update(PYTHONPATH=str(ROOT), BUREAU_LOCALE="bg")
    return subprocess.run([sys.executable, "-m", "bureau", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_infers_the_format_and_refuses_the_future(tmp_path):
    path = tmp_path / "desk.db"
    db = init_database(path, bureau_name="БИСГ Кресна", municipality="Община Кресна")
    _fill(db)
    db.close()
    base = ("--db", str(path), "report", "--month", "2026-01")
    for name in ("x.pdf", "x.XLSX", "x.csv"):
        result = run(*base, "--out", name, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "x.XLSX").read_bytes().startswith(b"PK")
    unknown = run(*base, "--out", "x.txt", cwd=tmp_path)
    assert unknown.returncode == 2 and "--format" in unknown.stderr and not (tmp_path / "x.txt").exists()
    future = run("--db", str(path), "report", "--month", "2099-05", "--out", "f.pdf", cwd=tmp_path)
    assert future.returncode == 3 and "Traceback" not in future.stderr
    assert not (tmp_path / "f.pdf").exists()


def test_demo_meetings_fall_on_working_days():
    """#17 item 11: demo meetings fell on 25 December and on Sundays."""
    bulgarian = holidays.country_holidays("BG", years=range(2024, 2029))
    for year in range(2024, 2028):
        for month in range(1, 13):
            day = _meeting_day(dt.date(year, month, 10))
            assert day.weekday() < 5 and day not in bulgarian, day
            assert day >= dt.date(year, month, 25) and day.month == month, day
