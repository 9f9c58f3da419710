"""The speed targets of issue #19, each beside its floor, checked in one run.

Most are checked on the largest database measured (1M consultations by
default); the prefix expansion compares the largest with the smallest (it must
stay flat), and the demo build counts only when it built a million. Each row
carries its floor (the same work with nothing of Bureau around it: a bare
window, the ``sqlite3`` program, a raw FTS5 MATCH, a raw INSERT+COMMIT, one
GROUP BY), measured in the same run, and the ratio to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

DEMO_TARGET_SIZE = 1_000_000
DEMO_KEY = "demo build"  # the demo build's result, passed beside the sizes

Sizes = dict[str, dict]


@dataclass(frozen=True)
class Target:
    name: str
    limit: float
    unit: str
    measure: Callable[[Sizes, str, str], float | None]  # (sizes, largest, smallest)
    floor: Callable[[Sizes, str, str], float | None]  # same unit as the figure
    how: str


def _get(results: dict, *keys: str) -> float | None:
    value = results
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def at_largest(*keys: str, scale: float = 1.0) -> Callable[[Sizes, str, str], float | None]:
    def measure(sizes: Sizes, largest: str, _smallest: str) -> float | None:
        value = _get(sizes.get(largest, {}), *keys)
        return None if value is None else value * scale
    return measure


def _none(_sizes: Sizes, _largest: str, _smallest: str) -> None:
    return None


def _flatness(sizes: Sizes, largest: str, smallest: str) -> float | None:
    big = _get(sizes.get(largest, {}), "prefix", "expansion", "p50_ms")
    small = _get(sizes.get(smallest, {}), "prefix", "expansion", "p50_ms")
    if big is None or small is None or largest == smallest:
        return None
    return big / max(small, 0.001)


def _demo(key: str) -> Callable[[Sizes, str, str], float | None]:
    def measure(sizes: Sizes, _largest: str, _smallest: str) -> float | None:
        demo = sizes.get(DEMO_KEY) or {}
        if demo.get("consultations") == DEMO_TARGET_SIZE and key in demo:
            return demo[key]
        return None
    return measure


def _peak_memory(sizes: Sizes, largest: str, _smallest: str) -> float | None:
    results = sizes.get(largest, {})
    values = [_get(results, "register", "peak_rss_mb"),
              _get(results, "startup", "desk_peak_rss_mb")]
    known = [value for value in values if value is not None]
    return max(known) if known else None


TARGETS = [
    Target("Desk start-up vs bare QMainWindow+QTableView", 2.0, "x",
           at_largest("startup", "ratio_p50"), _none,
           "median whole process to first paint, desk / bare window with a table, "
           "alternating in the same run; the desk's first paint is its frame (usable "
           "once ready: the row 'desk ready / bare' of the figures)"),
    Target("Register keystroke, page + view, p95", 30.0, "ms",
           at_largest("register", "keystroke", "page_and_view", "p95_ms"),
           at_largest("register", "keystroke", "raw_fts5_floor", "p95_ms"),
           "p95 of the search applied and the view repainted on the Register page "
           "(bench_register); floor: the raw FTS5 query"),
    Target("Register keystroke after a 0.65 s pause, p95", 30.0, "ms",
           at_largest("register", "keystroke", "after_a_pause", "p95_ms"),
           at_largest("register", "keystroke", "raw_fts5_floor", "p95_ms"),
           "each key once the previous search's count runs (the key stops it first); "
           "floor: the raw FTS5 query, same run"),
    Target("Search keystroke (query + model + view), p95", 30.0, "ms",
           at_largest("search", "model_and_view", "all", "p95_ms"),
           at_largest("prefix", "raw_match_floor", "p50_ms"),
           "p95 over all keystrokes; floor: raw FTS5 MATCH of a whole word, newest 200"),
    Target("Prefix expansion, 4+ letters: largest / smallest size", 1.5, "x", _flatness,
           _none, "p50 of match_expression over every prefix of common and rare words, "
           "a new connection per round; flat means the same cost at 10k and 1M"),
    Target("Prefix expansion, 4+ letters, p50", 2.0, "ms",
           at_largest("prefix", "expansion", "p50_ms"),
           at_largest("prefix", "raw_match_floor", "p50_ms"),
           "median look-up; floor: raw FTS5 MATCH of the whole word"),
    Target("Month report PDF, first export in a new process", 1.0, "s",
           at_largest("reports", "pdf", "first_ms", scale=0.001),
           at_largest("figures", "group_by_floor_ms", scale=0.001),
           "write_report of the last whole month, first call in a fresh process; "
           "floor: one GROUP BY over that month"),
    Target("Warm slip PDF, p95", 30.0, "ms", at_largest("slips", "warm", "p95_ms"),
           at_largest("slips", "floor_one_string_page", "p50_ms"),
           "p95 of build_slip (A5, A4, receipt) in a warm process; floor: reportlab, one "
           "string on one page"),
    Target("bureau-cli search, whole process", 0.12, "s",
           at_largest("cli", "cli_search", "p50_ms", scale=0.001),
           at_largest("cli", "sqlite3_floor", "p50_ms", scale=0.001),
           "median spawn-to-exit of `bureau-cli search лазаров`; floor: the sqlite3 "
           "program running the same FTS5 query"),
    Target("Save a consultation, p95", 5.0, "ms",
           at_largest("save", "validate_and_save", "p95_ms"),
           at_largest("save", "raw_insert_floor", "p50_ms"),
           "p95 of validate + save_consultation, synchronous FULL; floor: raw INSERT+COMMIT"),
    Target("Save a consultation, worst", 30.0, "ms",
           at_largest("save", "validate_and_save", "max_ms"),
           at_largest("save", "raw_insert_floor", "max_ms"),
           "slowest of the saves; floor: the slowest raw INSERT+COMMIT"),
    Target("Demo build of 1M consultations", 300.0, "s", _demo("seconds"), _none,
           "`bureau-cli demo --consultations 1000000`, spawn to exit"),
    Target("Demo build of 1M: peak memory", 150.0, "MB", _demo("peak_rss_mb"), _none,
           "the demo process's peak resident memory"),
    Target("Peak memory (desk, register scrolled)", 300.0, "MB", _peak_memory, _none,
           "peak RSS: register scrolled far down, and the desk started"),
    # Issue 17: the month's list of issues as XLSX at least 5x faster than 71 s.
    Target("Month's list of issues, XLSX (#17)", 71.0 / 5, "s",
           at_largest("reports", "list-xlsx", "first_ms", scale=0.001),
           at_largest("reports", "list-xlsx", "floor_ms", scale=0.001),
           "first export in a fresh process; floor: openpyxl write-only writing as many "
           "constant rows (the rows read alone: reports.list-xlsx.rows_read_ms)"),
]


def check(results: dict) -> list[dict]:
    """One row per target: value, floor and ratio (None when not measured), verdict."""
    sizes: Sizes = dict(results.get("sizes", {}))
    labels = list(sizes)
    sizes[DEMO_KEY] = results.get("demo") or {}
    largest, smallest = (labels[-1], labels[0]) if labels else ("", "")
    rows = []
    for target in TARGETS:
        value = target.measure(sizes, largest, smallest)
        floor = target.floor(sizes, largest, smallest)
        verdict = "n/a" if value is None else "PASS" if value <= target.limit else "MISS"
        rows.append({"target": target.name, "limit": target.limit, "unit": target.unit,
                     "value": None if value is None else round(value, 3),
                     "floor": None if floor is None else round(floor, 3),
                     "ratio": None if value is None or not floor else round(value / floor, 1),
                     "verdict": verdict, "how": target.how})
    return rows
