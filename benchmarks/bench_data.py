"""Moving data in and out: importing 10k consultations, backing up the whole database.

The import file is what a bureau would bring: the CSV that
``bureau.consultations.exporter.export_consultations`` writes from the 10k demo database,
imported with ``bureau.consultations.importer.import_file`` into a fresh initialised file
database (one transaction, every row validated first). The backup is
``bureau.database.backup.backup_to`` (SQLite's online backup, then an integrity check
of the copy and an fsync).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from benchmarks.stats import summary, timed


def export_csv(source_db: str, out: Path) -> int:
    from bureau.consultations.exporter import export_consultations
    from bureau.opening import open_database

    db = open_database(source_db)
    try:
        return export_consultations(db, "csv", out)
    finally:
        db.close()


def run_import(source_db: str, repeats: int) -> dict:
    from bureau.consultations.importer import import_file
    from bureau.opening import init_database

    with tempfile.TemporaryDirectory(prefix="bureau-bench-import-") as folder:
        csv_path = Path(folder) / "journal.csv"
        export_s, exported = timed(lambda: export_csv(source_db, csv_path))
        runs, imported = [], 0
        for number in range(repeats):
            db = init_database(Path(folder) / f"fresh-{number}.db", bureau_name="Bench")
            seconds, imported = timed(lambda d=db: import_file(d, csv_path))
            runs.append(seconds)
            db.close()
        csv_bytes = csv_path.stat().st_size
    per_row = summary(seconds / max(imported, 1) for seconds in runs)
    return {"rows_exported": exported, "export_ms": round(export_s * 1000, 2),
            "csv_bytes": csv_bytes, "rows_imported": imported, "import": summary(runs),
            "rows_per_second": round(imported / min(runs)) if runs else 0,
            "per_row_p50_ms": per_row.get("p50_ms")}


def run_backup(db_path: str, keep_as: str | None = None) -> dict:
    """One backup; ``keep_as`` keeps the copy (the save benchmark writes to it)."""
    from bureau.database.backup import backup_to

    source = Path(db_path)
    size = source.stat().st_size
    if keep_as:
        seconds, target = timed(lambda: backup_to(source, Path(keep_as)))
        copy_bytes = target.stat().st_size
    else:
        with tempfile.TemporaryDirectory(prefix="bureau-bench-backup-",
                                         dir=os.environ.get("BUREAU_BENCH_CACHE")) as folder:
            seconds, target = timed(lambda: backup_to(source, Path(folder) / "backup.db"))
            copy_bytes = target.stat().st_size
    return {"database_bytes": size, "backup_bytes": copy_bytes,
            "backup_ms": round(seconds * 1000, 2),
            "mb_per_second": round(size / 1e6 / seconds, 1)}
