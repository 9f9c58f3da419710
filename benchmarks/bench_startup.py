"""GUI start-up: ``python main.py --db X`` to an interactive desk, next to a bare PySide6 window.

Each run is a fresh process on the offscreen platform, timed from just before
it is spawned to the moment it reports its window shown and the first events
handled (``drivers/shown.py``). The desk paints its frame first (#19) and is
usable once its Desk page is built: both moments are reported, the first paint
against the bare window (the issue's figure) and the ready desk beside it. Desk and bare window runs alternate, so load
from other work on the machine falls on both alike; their ratio is the figure
that counts. One warm-up run of each is discarded (the first start after the
files changed reads them from disk). A third series starts the desk with
numpy hidden, as on a clean install (see ``drivers/desk_start.py``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.datasets import ROOT, cache_dir
from benchmarks.stats import summary

DRIVERS = Path(__file__).resolve().parent / "drivers"
TIMEOUT_S = 120


def child_env(config_home: str) -> dict[str, str]:
    """Offscreen, a private settings folder, and compiled bytecode cached as an install has it.

    This machine sets PYTHONDONTWRITEBYTECODE, which would make every start
    recompile the project's modules; an installed Bureau has its .pyc files.
    They go to the benchmark cache, not into the checkout.
    """
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update({"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": config_home,
                "PYTHONPYCACHEPREFIX": str(cache_dir() / "pycache")})
    return env


def start_once(args: list[str], env: dict[str, str]) -> dict:
    """Seconds from spawning the process to its report, and what it reported."""
    started = time.time()
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=TIMEOUT_S, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"{args[0]} reported nothing (exit {done.returncode}): "
                           f"{done.stderr.strip()[-500:]}")
    report: dict = {}
    for line in lines:  # the desk: first paint, then ready (see drivers/shown.py)
        report.update(json.loads(line))
    report["seconds"] = report["shown_at"] - started
    # A window without a ready moment is usable when shown (the bare window).
    report["ready_seconds"] = report.get("ready_at", report["shown_at"]) - started
    return report


def run(db_path: Path, runs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bureau-bench-config-") as config_home:
        env = child_env(config_home)
        desk = [str(DRIVERS / "desk_start.py"), "--db", str(db_path)]
        bare = [str(DRIVERS / "bare_window.py")]
        python = ["-c", "import json, time; print(json.dumps({'shown_at': time.time()}))"]
        clean_env = {**env, "BENCH_HIDE_NUMPY": "1"}
        for args in (bare, desk, python):  # warm-up, discarded
            start_once(args, env)
        desk_runs, bare_runs, python_runs, clean_runs = [], [], [], []
        for _ in range(runs):
            bare_runs.append(start_once(bare, env))
            desk_runs.append(start_once(desk, env))
            clean_runs.append(start_once(desk, clean_env))
            python_runs.append(start_once(python, env))
    desk_s = [r["seconds"] for r in desk_runs]
    ready_summary = summary(r["ready_seconds"] for r in desk_runs)
    bare_s = [r["seconds"] for r in bare_runs]
    desk_summary, bare_summary = summary(desk_s), summary(bare_s)
    clean_summary = summary(r["seconds"] for r in clean_runs)
    return {
        "desk": desk_summary,
        "bare_window": bare_summary,
        # The frame is not usable until the Desk page is built: the time to that too.
        "desk_ready": ready_summary,
        "ready_ratio_p50": round(ready_summary["p50_ms"] / bare_summary["p50_ms"], 2),
        "desk_without_numpy": clean_summary,
        "ratio_without_numpy_p50": round(clean_summary["p50_ms"] / bare_summary["p50_ms"], 2),
        "python_only": summary(r["seconds"] for r in python_runs),
        "ratio_p50": round(desk_summary["p50_ms"] / bare_summary["p50_ms"], 2),
        "ratio_max": round(desk_summary["max_ms"] / bare_summary["max_ms"], 2),
        "desk_peak_rss_mb": max(r["rss_mb"] for r in desk_runs),
        "bare_peak_rss_mb": max(r["rss_mb"] for r in bare_runs),
        "desk_modules": desk_runs[-1]["modules"],
        "desk_loaded_reportlab": any(r["reportlab_loaded"] for r in desk_runs),
    }
