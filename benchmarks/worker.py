"""One benchmark group in a fresh process: ``python -m benchmarks.worker GROUP JSON-ARGS``.

Each group runs in its own process so its peak memory is its own and a crash
or a missing module (a room still being written) fails that group only. The
result is printed as the last line of stdout, as JSON.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import traceback

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

GROUPS = {
    "search": "benchmarks.bench_search",
    "register": "benchmarks.bench_register",
    "save": "benchmarks.bench_save",
    "slips": "benchmarks.bench_documents:run_slips",
    "reports": "benchmarks.bench_documents:run_reports",
    "import": "benchmarks.bench_data:run_import",
    "backup": "benchmarks.bench_data:run_backup",
    "privacy": "benchmarks.bench_privacy",
    "prefix": "benchmarks.bench_prefix",
    "figures": "benchmarks.bench_figures",
    "demo": "benchmarks.bench_demo",
}


def main(argv: list[str]) -> int:
    group, kwargs = argv[0], json.loads(argv[1]) if len(argv) > 1 else {}
    module_name, _sep, function_name = GROUPS[group].partition(":")
    try:
        module = importlib.import_module(module_name)
        result = getattr(module, function_name or "run")(**kwargs)
    except Exception as error:  # noqa: BLE001 (reported to the runner, which goes on)
        result = {"error": f"{type(error).__name__}: {error}",
                  "traceback": traceback.format_exc(limit=8)}
    from benchmarks.stats import peak_rss_mb

    result.setdefault("peak_rss_mb", peak_rss_mb())
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
