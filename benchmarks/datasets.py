"""Demo databases for the benchmarks, generated once and cached outside git.

A million consultations take several minutes to generate, so each size is
kept in the cache folder (``BUREAU_BENCH_CACHE``, else ``~/.cache/bureau-bench``)
and reused; one made before a new migration is brought up to date by
``open_database``, as a bureau's own database would be. A copy someone
already made (``/tmp/desk_1m.db``...) is adopted when it holds the right
number of demo consultations and no newer schema: it is copied with SQLite's
backup API, never used in place, because its owner may be writing to it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE_ENV = "BUREAU_BENCH_CACHE"
SEED = 1
ADOPTABLE = {1_000_000: ("/tmp/desk_1m.db", "/tmp/m.db")}


@dataclass
class Dataset:
    size: int
    path: Path
    origin: str  # "cached", "generated in N s" or "adopted from PATH"
    schema_version: int


def cache_dir() -> Path:
    folder = Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "bureau-bench")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def label(size: int) -> str:
    """10000 -> '10k', 1000000 -> '1m'."""
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000}m"
    if size % 1_000 == 0:
        return f"{size // 1_000}k"
    return str(size)


def parse_size(text: str) -> int:
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def latest_schema_version() -> int:
    from bureau.database.schema import latest_version

    return latest_version()


def describe(path: Path) -> dict | None:
    """Schema version, demo flag and consultation count of a database; None if unreadable."""
    if not path.exists():
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            count = conn.execute("SELECT count(*) FROM consultations").fetchone()[0]
            demo = conn.execute(
                "SELECT value FROM settings WHERE key = 'demo_data'").fetchone()
    except sqlite3.Error:
        return None
    return {"version": version, "count": count, "demo": bool(demo and demo[0] == "1")}


def usable(path: Path, size: int, version: int) -> bool:
    """A demo database of ``size`` consultations whose schema is not newer than ``version``."""
    info = describe(path)
    return bool(info and 0 < info["version"] <= version and info["count"] == size
                and info["demo"])


def migrate(path: Path) -> None:
    from bureau.opening import open_database

    open_database(path).close()


def _meta_path(path: Path) -> Path:
    return path.with_suffix(".json")


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".partial"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(str(path) + suffix)


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy (including the WAL's pages) made with the backup API."""
    partial = Path(str(target) + ".partial")
    _remove(partial)
    with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src, \
            contextlib.closing(sqlite3.connect(partial)) as dst:
        src.execute("PRAGMA busy_timeout = 10000")
        src.backup(dst, pages=16384)
        dst.execute("PRAGMA journal_mode = WAL")
    os.replace(partial, target)


def generate(path: Path, size: int) -> None:
    """The documented way: ``python -m bureau --db PATH demo --consultations N --seed 1``."""
    _remove(path)
    env = {**os.environ, "BUREAU_LOCALE": "en"}
    subprocess.run([sys.executable, "-m", "bureau", "--db", str(path), "demo",
                    "--consultations", str(size), "--seed", str(SEED)],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def ensure(size: int, *, log=print) -> Dataset:  # noqa: ANN001 (a print-like callable)
    """The cached demo database of ``size`` consultations, made or adopted if needed."""
    version = latest_schema_version()
    path = cache_dir() / f"demo-{label(size)}.db"
    if usable(path, size, version):
        if describe(path)["version"] < version:
            log(f"  migrating {path} to schema {version} ...")
            migrate(path)
        meta = json.loads(_meta_path(path).read_text()) if _meta_path(path).exists() else {}
        return Dataset(size, path, f"cached ({meta.get('origin', 'unknown origin')})", version)
    start = time.perf_counter()
    origin = None
    for candidate in ADOPTABLE.get(size, ()):
        if usable(Path(candidate), size, version):
            log(f"  adopting {candidate} ({size} demo consultations) ...")
            copy_database(Path(candidate), path)
            migrate(path)
            origin = f"adopted from {candidate}"
            break
    if origin is None:
        log(f"  generating {size} demo consultations into {path} (seed {SEED}) ...")
        generate(path, size)
        origin = f"generated with seed {SEED} in {time.perf_counter() - start:.0f} s"
    if not usable(path, size, version) or describe(path)["version"] != version:
        raise RuntimeError(f"{path} is not a demo database of {size} consultations")
    _meta_path(path).write_text(json.dumps({"origin": origin, "size": size,
                                            "schema_version": version,
                                            "made": time.strftime("%Y-%m-%d %H:%M")}))
    return Dataset(size, path, origin, version)


def scratch_copy(dataset: Dataset, name: str) -> Path:
    """A throw-away copy for benchmarks that write (the cached one must stay as made)."""
    target = cache_dir() / f"scratch-{name}-{label(dataset.size)}.db"
    _remove(target)
    copy_database(dataset.path, target)
    return target


def remove_scratch(path: Path) -> None:
    _remove(path)


def as_dict(dataset: Dataset) -> dict:
    return {**asdict(dataset), "path": str(dataset.path)}
