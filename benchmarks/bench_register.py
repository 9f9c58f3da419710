"""Opening the register and scrolling a long way down it, and the memory that takes.

The register's table model (``bureau_desk/register_model.py``) in a table view, offscreen:
opening is the first page shown; each scroll step moves the view to the
bottom, which makes it fetch the next page (``canFetchMore``/``fetchMore``),
and repaints. Runs in a process of its own, so its peak RSS is the desk's
memory with that many rows loaded.
"""

from __future__ import annotations

import time

from benchmarks.stats import current_rss_mb, peak_rss_mb, summary


def run(db_path: str, scrolls: int, page: int) -> dict:
    from bureau_desk.models.register import RegisterModel
    from PySide6.QtWidgets import QApplication, QTableView

    from bureau.consultations.register import RegisterFilter, count_consultations
    from bureau.i18n import set_locale
    from bureau.opening import open_database

    set_locale("bg")
    app = QApplication.instance() or QApplication([])
    rss_before_open = current_rss_mb()
    start = time.perf_counter()
    db = open_database(db_path)
    model = RegisterModel(db, page_size=page)
    view = QTableView()
    view.setModel(model)
    view.resize(1200, 700)
    model.set_filter(RegisterFilter())
    view.show()
    app.processEvents()
    opened = time.perf_counter() - start

    steps = []
    for _step in range(scrolls):
        before = model.rowCount()
        step_start = time.perf_counter()
        view.scrollToBottom()
        app.processEvents()
        steps.append(time.perf_counter() - step_start)
        if model.rowCount() == before:
            break
    counted = time.perf_counter()
    total = count_consultations(db, RegisterFilter())
    count_seconds = time.perf_counter() - counted
    result = {
        "page": page,
        "open_ms": round(opened * 1000, 2),
        "scroll_step": summary(steps),
        "scroll_steps": len(steps),
        "rows_loaded": model.rowCount(),
        "pages_fetched": model.pages_fetched,
        "count_all_ms": round(count_seconds * 1000, 2),
        "rows_in_database": total,
        "rss_before_open_mb": rss_before_open,
        "rss_after_scroll_mb": current_rss_mb(),
        "peak_rss_mb": peak_rss_mb(),
    }
    view.close()
    db.close()
    return result
