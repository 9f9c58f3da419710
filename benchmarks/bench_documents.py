"""Paper and files: the consultation slip (cold and warm) and the monthly report.

A slip cold is a fresh process (interpreter, imports including reportlab,
opening the database, building the PDF), timed from its spawn; warm is
``build_slip`` again in a process that has made one already, as at the desk.
The month report is the last whole month of the demo data, written as PDF,
CSV and XLSX with ``bureau.reports.write_report``; each format's first call
runs in a fresh process, so it pays for its imports as a coordinator's first
export of the day does.

Each is put beside a floor measured in the same run, so that a ratio says how
much is ours whatever the machine's load: for slips, reportlab drawing one
string on one page in the bundled font (embedded, as every slip's); for the
list of issues as XLSX (streamed by ``bureau.spreadsheet.write_list_xlsx``),
reading its rows from the database and writing nothing (``rows_read_ms``, the
part no writer can avoid), and openpyxl's streaming workbook writing as many
rows of constant cells (``floor_ms``: what the library itself takes).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.stats import summary, timed

DRIVERS = Path(__file__).resolve().parent / "drivers"


def slip_references(db_path: str, count: int) -> list[str]:
    """The newest consultation with a citizen, then others spread over the register."""
    import contextlib
    import sqlite3

    with contextlib.closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
        top = conn.execute("SELECT max(id) FROM consultations").fetchone()[0]
        step = max(1, top // count)
        ids = [top - step * i for i in range(count)]
        return [conn.execute("SELECT reference FROM consultations WHERE id <= ? AND citizen_id "
                             "IS NOT NULL ORDER BY id DESC LIMIT 1", [i]).fetchone()[0]
                for i in ids]


def slip_floor(repeats: int) -> dict:
    """reportlab alone: one page, one string, the bundled font embedded (warm)."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from bureau.pdf.fonts import REGULAR, register_fonts

    register_fonts()

    def one_page() -> bytes:
        buffer = io.BytesIO()
        canvas = Canvas(buffer)
        canvas.setFont(REGULAR, 10)
        canvas.drawString(72, 720, "Талон за консултация 2026-000123")
        canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    one_page()
    return summary(timed(one_page)[0] for _ in range(repeats))


def _ratio(value: float | None, floor: float | None) -> float | None:
    return round(value / floor, 2) if value and floor else None


def run_slips(db_path: str, repeats: int, cold_runs: int, env: dict | None = None) -> dict:
    from bureau.opening import open_database
    from bureau.slips import build_slip

    references = slip_references(db_path, 5)
    cold = []
    for _run in range(cold_runs):
        spawned = time.time()
        done = subprocess.run([sys.executable, str(DRIVERS / "slip_cold.py"), db_path,
                               references[0]], capture_output=True, text=True, check=True,
                              env=env, timeout=120)
        cold.append(json.loads(done.stdout.strip().splitlines()[-1])["done_at"] - spawned)
    db = open_database(db_path)
    first, _slip = timed(lambda: build_slip(db, references[0], locale="bg"))
    warm: dict[str, list[float]] = {"a5": [], "a4": [], "receipt": []}
    # CPU time beside wall time: a slip is CPU work in one thread (no file read or
    # written, no fsync), so wall time above its CPU time is the machine's load.
    cpu: list[float] = []
    size = 0
    for number in range(repeats):
        reference = references[number % len(references)]
        for fmt, samples in warm.items():
            started_cpu = time.process_time()
            seconds, slip = timed(lambda f=fmt, r=reference: build_slip(db, r, locale="bg",
                                                                        fmt=f))
            cpu.append(time.process_time() - started_cpu)
            samples.append(seconds)
            size = max(size, len(slip.pdf))
    db.close()
    floor = slip_floor(max(20, repeats * 3))
    all_warm = summary(value for samples in warm.values() for value in samples)
    return {
        "cold_process": summary(cold),
        "first_in_process_ms": round(first * 1000, 2),
        "warm": all_warm,
        "warm_cpu": summary(cpu),
        "warm_by_format": {fmt: summary(samples) for fmt, samples in warm.items()},
        "largest_pdf_bytes": size,
        "floor_one_string_page": floor,
        "warm_vs_floor": {"p50": _ratio(all_warm.get("p50_ms"), floor.get("p50_ms")),
                          "p95": _ratio(all_warm.get("p95_ms"), floor.get("p95_ms"))},
    }


def last_whole_month(db) -> dt.date:  # noqa: ANN001 (sqlite_utils.Database)
    newest = db.execute("SELECT max(occurred_at) FROM consultations").fetchone()[0]
    first_of_month = dt.date.fromisoformat(newest[:10]).replace(day=1)
    return (first_of_month - dt.timedelta(days=1)).replace(day=1)


def run_reports(db_path: str, fmt: str, repeats: int) -> dict:
    """One format: the first call in this fresh process, then ``repeats`` more."""
    try:
        from bureau.reports import write_report
        from bureau.reports.period import Period
    except ImportError as error:
        return {"skipped": f"bureau.reports is not available: {error}"}
    from bureau.opening import open_database

    db = open_database(db_path)
    month = last_whole_month(db)
    period = Period.months(month)
    listing = fmt.startswith("list-")
    kind = fmt.removeprefix("list-")
    in_month = db.execute("SELECT count(*) FROM consultations WHERE occurred_at >= ? AND "
                          "occurred_at < ?", [period.start_text, period.end_text]).fetchone()[0]
    with tempfile.TemporaryDirectory(prefix="bureau-bench-report-") as folder:
        out = Path(folder) / f"report.{kind}"

        def write() -> int:
            return write_report(db, period, kind, out, consultations=listing, locale="bg")

        first, rows = timed(write)
        size = out.stat().st_size
        again = [timed(write)[0] for _ in range(repeats)]
        floor = xlsx_floor(Path(folder) / "floor.xlsx", int(rows or 0)) if kind == "xlsx" and \
            listing else None
        rows_read = timed(lambda: _read_issue_rows(db, period))[0] if floor is not None \
            else None
    db.close()
    result = {"format": fmt, "month": month.isoformat()[:7], "consultations_in_month": in_month,
              "rows": rows, "bytes": size, "first_ms": round(first * 1000, 2),
              "again": summary(again)}
    if floor is not None:
        result["floor_ms"] = round(floor * 1000, 2)
        result["vs_floor"] = _ratio(first, floor)
    if rows_read is not None:
        result["rows_read_ms"] = round(rows_read * 1000, 2)
        result["vs_rows_read"] = _ratio(first, rows_read)
    return result


def _read_issue_rows(db, period) -> int:  # noqa: ANN001 (sqlite_utils.Database, Period)
    from bureau.i18n import use_locale
    from bureau.reports.listing import issue_rows

    with use_locale("bg"):
        return sum(1 for _row in issue_rows(db, period, False))


def xlsx_floor(out: Path, rows: int) -> float:
    """Seconds openpyxl's write-only workbook takes for ``rows`` rows of the list's eleven
    cells, all constant (a date and ten texts): the most any XLSX list can gain."""
    from openpyxl import Workbook

    row = ["2026-000123", dt.datetime(2026, 10, 3, 9, 30), "лично", "Иванка Петрова",
           "Местни данъци и такси", "Декларация по чл. 14 от ЗМДТ", "съвет", "решен",
           "Кресна", "35–49", "жена"]

    def write() -> None:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("floor")
        for _ in range(rows):
            sheet.append(row)
        book.save(out)

    return timed(write)[0]
