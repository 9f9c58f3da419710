"""Opening the register, scrolling a long way down it, the memory that takes, and
one keystroke in its search.

The register's table model (``bureau_desk.models.register``) in a table view, offscreen:
opening is the first page shown; each scroll step moves the view to the
bottom, which makes it fetch the next page (``canFetchMore``/``fetchMore``),
and repaints. Runs in a process of its own, so its peak RSS is the desk's
memory with that many rows loaded.

The keystroke is measured on the real Register page (its model, its view
and their settings, 1280x720 offscreen): for every prefix of the typed texts
of ``bench_search``, the search applied (the keys' query, the rows changed in
place, the rows shown read and formatted, the count started in the
background) and the view repainted. Its floor, in the same run, is the raw
FTS5 query for the same prefix (the MATCH the register sends, one page of
rowids, newest first) or, for a reference number, the raw range on its index.
"""

from __future__ import annotations

import time

from benchmarks.stats import current_rss_mb, peak_rss_mb, summary

KEYSTROKE_ROUNDS = 3


def run(db_path: str, scrolls: int, page: int) -> dict:
    result = scroll(db_path, scrolls, page)
    result["keystroke"] = keystrokes(db_path, KEYSTROKE_ROUNDS)
    return result


def scroll(db_path: str, scrolls: int, page: int) -> dict:
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


class PaintCounter:
    """Counts the paint events a widget receives."""

    def __init__(self, widget) -> None:  # noqa: ANN001 (a QWidget)
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            def eventFilter(inner, _watched, event) -> bool:  # noqa: N802, N805, ANN001
                if event.type() == QEvent.Type.Paint:
                    self.count += 1
                return False

        self.count = 0
        self._filter = Filter()
        widget.installEventFilter(self._filter)


def keystrokes(db_path: str, rounds: int) -> dict:
    """Per keystroke: the Register page's search applied and repainted, and the raw floor."""
    from pathlib import Path

    from bureau_desk.pages.register import COUNT_DELAY_MS, RegisterPage
    from bureau_desk.shell.context import DeskContext
    from PySide6.QtWidgets import QApplication

    from benchmarks.bench_search import SEQUENCES
    from benchmarks.bench_search import keystrokes as prefixes
    from bureau.consultations.register import reference_prefix, text_expression
    from bureau.i18n import set_locale
    from bureau.opening import open_database

    set_locale("bg")
    app = QApplication.instance() or QApplication([])
    db = open_database(db_path)
    context = DeskContext(db, Path(db_path))
    page = RegisterPage(context)
    page.resize(1280, 720)
    page.show()
    page.refresh()
    app.processEvents()

    def floor(prefix: str) -> float:
        reference = reference_prefix(prefix)
        if reference:
            sql = ("SELECT id FROM consultations WHERE reference >= ? AND reference < ? "
                   "ORDER BY reference DESC LIMIT 200")
            params: list = [reference, reference[:-1] + chr(ord(reference[-1]) + 1)]
        else:
            expression = text_expression(db, prefix)
            if expression is None:
                return 0.0
            sql = ("SELECT rowid FROM consultation_search WHERE consultation_search MATCH ? "
                   "ORDER BY rowid DESC LIMIT 200")
            params = [expression]
        start = time.perf_counter()
        db.execute(sql, params).fetchall()
        return time.perf_counter() - start

    viewport = page.view.viewport()
    painted = PaintCounter(viewport)

    cpu: dict[str, list[float]] = {"typing": [], "paused": []}

    def keystroke(prefix: str, kind: str = "typing") -> float:
        """The search applied and shown: Qt may leave the paint for a later pass of the
        event loop (the screen's next frame); it is then made now, inside the time.
        The GUI thread's CPU time beside it: wall time above it is waiting (for a
        core, the disk, the interpreter)."""
        page.search_edit.setText(prefix)
        start = time.perf_counter()
        start_cpu = time.thread_time()
        before = painted.count
        page.apply_filter()
        app.processEvents()  # the view's rows changed, its layout updated
        if painted.count == before:
            viewport.repaint()
        cpu[kind].append(time.thread_time() - start_cpu)
        return time.perf_counter() - start

    desk: list[tuple[str, float]] = []
    raw: list[float] = []
    for _round in range(rounds):
        for _kind, text in SEQUENCES:
            for prefix in prefixes(text):
                raw.append(floor(prefix))
                desk.append((prefix, keystroke(prefix)))
        page.search_edit.clear()
        page.apply_filter()
        app.processEvents()
    # Typing slowly: each key after a pause long enough for the count of the
    # previous search to be running (the next key stops it).
    paused: list[float] = []
    for _kind, text in SEQUENCES:
        for prefix in prefixes(text):
            paused.append(keystroke(prefix, "paused"))
            until = time.perf_counter() + (COUNT_DELAY_MS + 150) / 1000
            while time.perf_counter() < until:
                app.processEvents()
                time.sleep(0.005)
    page.close()
    db.close()
    seconds = [value for _prefix, value in desk]
    worst = sorted(desk, key=lambda item: item[1], reverse=True)[:5]
    result = {"rounds": rounds, "keystrokes": len(desk), "page_and_view": summary(seconds),
              "page_and_view_gui_cpu": summary(cpu["typing"]),
              "after_a_pause": summary(paused),
              "after_a_pause_gui_cpu": summary(cpu["paused"]),
              "raw_fts5_floor": summary(raw),
              "slowest": [{"typed": prefix, "ms": round(value * 1000, 2)} for prefix, value in worst]}
    floor_p95 = result["raw_fts5_floor"].get("p95_ms") or 0
    if floor_p95:
        result["ratio_p95"] = round(result["page_and_view"]["p95_ms"] / floor_p95, 2)
    return result


if __name__ == "__main__":
    import json
    import os
    import sys

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(json.dumps(keystrokes(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1),
                     ensure_ascii=False, indent=1))
