"""The results as Markdown: a figures table (one column per size) and the targets."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

README_START = "<!-- figures:start -->"
README_END = "<!-- figures:end -->"


def _get(data: dict, path: str):  # noqa: ANN202 (any JSON value)
    value = data
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _n(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    if abs(value) >= 100:
        return f"{value:,.0f}".replace(",", "\u202f")
    return f"{value:.{digits}f}"


def _triple(data: dict, path: str) -> str:
    stats = _get(data, path)
    if not isinstance(stats, dict) or not stats.get("n"):
        return "–"
    return " / ".join(_n(stats.get(key)) for key in ("p50_ms", "p95_ms", "max_ms"))


def _seconds(data: dict, path: str) -> str:
    value = _get(data, path)
    return "–" if value is None else f"{value / 1000:.2f} s"


def _report(data: dict, fmt: str) -> str:
    entry = _get(data, f"reports.{fmt}")
    if not isinstance(entry, dict):
        return "–"
    if "skipped" in entry or "error" in entry:
        return "skipped" if "skipped" in entry else "error"
    again = _get(entry, "again.p50_ms")
    cell = f"{entry['first_ms'] / 1000:.2f} s"
    return cell + (f" ({again / 1000:.2f} s again)" if again is not None else "")


def _figures(data: dict) -> str:
    first, again = _get(data, "figures.build_report_first_ms"), _get(data, "figures.build_report_again_ms")
    if first is None:
        return "–"
    return f"{first / 1000:.2f} s" + ("" if again is None else f" ({again / 1000:.2f} s again)")


def _backup(data: dict) -> str:
    entry = _get(data, "backup")
    if not isinstance(entry, dict) or "backup_ms" not in entry:
        return "–"
    return f"{entry['backup_ms'] / 1000:.1f} s ({entry['database_bytes'] / 1e6:,.0f} MB)"


Row = tuple[str, str, Callable[[dict], str]]
ROWS: list[Row] = [
    ("GUI start-up: desk", "ms p50 / p95 / max", lambda d: _triple(d, "startup.desk")),
    ("GUI start-up: bare PySide6 window", "ms p50 / p95 / max",
     lambda d: _triple(d, "startup.bare_window")),
    ("GUI start-up: desk / bare (p50)", "ratio", lambda d: _n(_get(d, "startup.ratio_p50"), 2)),
    ("GUI start-up: desk ready (Desk page built)", "ms p50 / p95 / max",
     lambda d: _triple(d, "startup.desk_ready")),
    ("GUI start-up: desk ready / bare (p50)", "ratio",
     lambda d: _n(_get(d, "startup.ready_ratio_p50"), 2)),
    ("GUI start-up: desk without numpy / bare", "ratio",
     lambda d: _n(_get(d, "startup.ratio_without_numpy_p50"), 2)),
    ("Search keystroke: core query", "ms p50 / p95 / max",
     lambda d: _triple(d, "search.core_query.all")),
    ("Search keystroke: model + view", "ms p50 / p95 / max",
     lambda d: _triple(d, "search.model_and_view.all")),
    ("Save a consultation (FULL sync)", "ms p50 / p95 / max",
     lambda d: _triple(d, "save.validate_and_save")),
    ("Save floor: raw INSERT+COMMIT", "ms p50 / p95 / max",
     lambda d: _triple(d, "save.raw_insert_floor")),
    ("Idle upkeep after each save (merge, checkpoint)", "ms p50 / p95 / max",
     lambda d: _triple(d, "save.idle_upkeep")),
    ("bureau-cli search, whole process", "ms p50 / p95 / max",
     lambda d: _triple(d, "cli.cli_search")),
    ("Floor: sqlite3 program, same FTS5 query", "ms p50 / p95 / max",
     lambda d: _triple(d, "cli.sqlite3_floor")),
    ("Floor: Python opening the file, same query", "ms p50 / p95 / max",
     lambda d: _triple(d, "cli.python_floor")),
    ("Prefix expansion (4+ letters)", "ms p50 / p95 / max",
     lambda d: _triple(d, "prefix.expansion")),
    ("Floor: raw FTS5 MATCH of a word", "ms p50 / p95 / max",
     lambda d: _triple(d, "prefix.raw_match_floor")),
    ("Month report figures (build_report)", "first (again)", _figures),
    ("Floor: one GROUP BY over the month", "ms", lambda d: _n(_get(d, "figures.group_by_floor_ms"))),
    ("Register: open (first page shown)", "ms", lambda d: _n(_get(d, "register.open_ms"))),
    ("Register: scroll step (next page)", "ms p50 / p95 / max",
     lambda d: _triple(d, "register.scroll_step")),
    ("Register: rows loaded by scrolling", "rows", lambda d: _n(_get(d, "register.rows_loaded"))),
    ("Peak RSS: register scrolled", "MB", lambda d: _n(_get(d, "register.peak_rss_mb"))),
    ("Peak RSS: desk started", "MB", lambda d: _n(_get(d, "startup.desk_peak_rss_mb"))),
    ("Slip PDF: cold (fresh process)", "ms p50 / p95 / max",
     lambda d: _triple(d, "slips.cold_process")),
    ("Slip PDF: warm", "ms p50 / p95 / max", lambda d: _triple(d, "slips.warm")),
    ("Month report PDF", "first (again)", lambda d: _report(d, "pdf")),
    ("Month report CSV", "first (again)", lambda d: _report(d, "csv")),
    ("Month report XLSX", "first (again)", lambda d: _report(d, "xlsx")),
    ("Month list of issues, XLSX", "first (again)", lambda d: _report(d, "list-xlsx")),
    ("Backup (backup_to, verified)", "s", _backup),
    ("Erasure request (whole database scanned)", "ms p50 / p95 / max",
     lambda d: _triple(d, "privacy.erase_person")),
    ("Retention preview (1 year)", "ms", lambda d: _n(_get(d, "privacy.retention_preview_ms"))),
]


def _size(label: str) -> str:
    """'1m' -> '1M' (not one minute)."""
    return label.upper() if label.endswith("m") else label


def figures_table(results: dict) -> str:
    sizes = list(results["sizes"])
    lines = ["| Figure | Unit | " + " | ".join(f"{_size(size)} consultations" for size in sizes)
             + " |",
             "|---|---|" + "---|" * len(sizes)]
    for name, unit, cell in ROWS:
        lines.append(f"| {name} | {unit} | "
                     + " | ".join(cell(results["sizes"][size]) for size in sizes) + " |")
    imported = results.get("import") or {}
    if "import" in imported:
        lines.append("")
        lines.append(f"Import of {imported['rows_imported']:,} rows from CSV: "
                     f"{_triple(imported, 'import')} ms (p50 / p95 / max), "
                     f"{imported['rows_per_second']} rows/s.")
    return "\n".join(lines)


def search_table(results: dict) -> str:
    """Keystroke latency by kind of search, at the largest size measured."""
    size = results.get("targets_size")
    search = _get(results, f"sizes.{size}.search") if size else None
    if not isinstance(search, dict) or "core_query" not in search:
        return ""
    lines = [f"Search as you type at {_size(size)} consultations, by kind of text typed "
             "(ms p50 / p95 / max per keystroke):", "",
             "| Typed | Keystrokes | Core query | Model + view |", "|---|---|---|---|"]
    for kind, stats in search["core_query"].items():
        lines.append(f"| {kind} | {stats['n']} | {_triple(search, f'core_query.{kind}')} "
                     f"| {_triple(search, f'model_and_view.{kind}')} |")
    slowest = ", ".join(f"“{item['typed']}” {item['ms']:.0f} ms"
                        for item in search.get("slowest_model_and_view", []))
    if slowest:
        lines += ["", f"Slowest keystrokes (model + view): {slowest}."]
    return "\n".join(lines)


def targets_table(results: dict) -> str:
    lines = [f"Targets (issue #19), at {_size(results.get('targets_size', '?'))} consultations; "
             "each floor measured in the same run:", "",
             "| Target | Limit | Measured | Floor | Ratio to floor | Verdict | How |",
             "|---|---|---|---|---|---|---|"]
    for row in results.get("targets", []):
        unit = row["unit"]
        limit = f"≤ {row['limit']:g} {unit}"
        value = "–" if row["value"] is None else f"{row['value']:g} {unit}"
        floor = "–" if row.get("floor") is None else f"{row['floor']:g} {unit}"
        ratio = "–" if row.get("ratio") is None else f"{row['ratio']:g}x"
        lines.append(f"| {row['target']} | {limit} | {value} | {floor} | {ratio} "
                     f"| **{row['verdict']}** | {row['how']} |")
    demo = results.get("demo") or {}
    if "seconds" in demo:
        lines += ["", f"Demo build: {demo['consultations']:,} consultations in {demo['seconds']:.0f} s, "
                  f"peak {demo['peak_rss_mb']:.0f} MB, file {demo.get('database_mb')} MB."]
    elif "error" in demo:
        lines += ["", f"Demo build: error ({demo['error'][:200]})."]
    return "\n".join(lines)


def machine_line(results: dict) -> str:
    m = results["machine"]
    return (f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; Python "
            f"{m['python']}, SQLite {m['sqlite']}, PySide6 {m['pyside6']}; {m['date'][:16]}. "
            f"Load at start: `{results['load_before']}`; at end: `{results['load_after']}`.")


def markdown(results: dict) -> str:
    mode = "quick" if results.get("quick") else "full"
    parts = [f"Run: `{results['command']}` ({mode} mode).", machine_line(results),
             figures_table(results), search_table(results), targets_table(results)]
    return "\n\n".join(part for part in parts if part)


def update_readme(readme: Path, text: str) -> bool:
    """Replace the figures between the markers; False when the markers are missing."""
    content = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.S)
    if not pattern.search(content):
        return False
    block = f"{README_START}\n{text}\n{README_END}"
    readme.write_text(pattern.sub(lambda _m: block, content), encoding="utf-8")
    return True
