"""Building the demo data: ``bureau-cli demo --consultations N`` timed and its peak memory.

The documented command, in a fresh process, into a new scratch file (deleted
afterwards): wall-clock from spawn to exit, and the child's peak resident
memory (``getrusage(RUSAGE_CHILDREN)``, read in this worker, which has no other
children).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time

from benchmarks.datasets import ROOT, SEED, cache_dir, label, remove_scratch

TIMEOUT_S = 3600


def run(size: int, env: dict[str, str]) -> dict:
    path = cache_dir() / f"scratch-demo-{label(size)}.db"
    remove_scratch(path)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bureau", "--db", str(path), "demo",
                           "--consultations", str(size), "--seed", str(SEED)],
                          cwd=ROOT, env={**env, "BUREAU_LOCALE": "en"}, capture_output=True,
                          text=True, timeout=TIMEOUT_S, check=False)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    size_mb = path.stat().st_size / 1e6 if path.exists() else None
    remove_scratch(path)
    if done.returncode != 0:
        return {"error": f"exit {done.returncode}: {done.stderr.strip()[-500:]}"}
    return {"consultations": size, "seconds": round(elapsed, 1),
            "peak_rss_mb": round(peak_mb, 1), "database_mb": size_mb and round(size_mb)}
