"""Timing helpers: percentiles of repeated runs, peak memory, and the machine's description."""

from __future__ import annotations

import datetime as dt
import math
import os
import platform
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the p95 of 20 runs is the 19th, never an interpolated value."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summary(seconds: Iterable[float]) -> dict:
    """Milliseconds: n, p50 (median), p95, worst."""
    values = list(seconds)
    if not values:
        return {"n": 0}
    return {"n": len(values), "p50_ms": ms(statistics.median(values)),
            "p95_ms": ms(percentile(values, 0.95)), "max_ms": ms(max(values))}


def timed(function: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def repeat(function: Callable[[], object], times: int) -> list[float]:
    return [timed(function)[0] for _ in range(times)]


def peak_rss_mb() -> float:
    """This process's peak resident set size (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def current_rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gb() -> float:
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return 0.0


def _pyside_version() -> str:
    try:
        from importlib.metadata import version

        return version("PySide6-Essentials")
    except Exception:  # noqa: BLE001 (only informative)
        return "unknown"


def load() -> str:
    """`uptime`'s load averages: other work on the machine makes timings noisy."""
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())


def machine() -> dict:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gb": _ram_gb(),
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "pyside6": _pyside_version(),
        "platform": platform.platform(),
        "date": dt.datetime.now().isoformat(timespec="seconds"),
    }
