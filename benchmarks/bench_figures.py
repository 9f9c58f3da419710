"""The month report's figures beside their floor, one GROUP BY over the same month.

In a fresh process: ``build_report`` for the last whole month of the demo data
(the first call, as an export pays it, then the median of more), and the
floor: one ``GROUP BY channel`` over that month's live consultations, the least
a report can read. The report's PDF, CSV and XLSX are timed in
``bench_documents``; this shows how much of them the figures are.
"""

from __future__ import annotations

import statistics
import time

from benchmarks.stats import ms

FLOOR_SQL = ("SELECT channel, count(*) FROM consultations WHERE occurred_at >= ? "
             "AND occurred_at < ? AND deleted_at IS NULL GROUP BY channel")


def run(db_path: str, repeats: int = 3) -> dict:
    from benchmarks.bench_documents import last_whole_month
    from bureau.opening import open_database
    from bureau.reports.figures import build_report
    from bureau.reports.period import Period

    db = open_database(db_path)
    period = Period.months(last_whole_month(db))
    started = time.perf_counter()
    report = build_report(db, period)
    first = time.perf_counter() - started
    again = []
    for _ in range(repeats):
        started = time.perf_counter()
        build_report(db, period)
        again.append(time.perf_counter() - started)
    floor = []
    for _ in range(repeats + 1):
        started = time.perf_counter()
        db.execute(FLOOR_SQL, [period.start_text, period.end_text]).fetchall()
        floor.append(time.perf_counter() - started)
    db.close()
    return {"month": period.start_text[:7], "contacts": report.current.contacts,
            "build_report_first_ms": ms(first), "build_report_again_ms": ms(statistics.median(again)),
            "group_by_floor_ms": ms(statistics.median(floor))}
