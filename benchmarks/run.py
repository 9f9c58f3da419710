"""Run the benchmark suite: ``python benchmarks/run.py [--sizes 10k,100k,1m] [--quick]``.

Writes ``benchmarks/results/latest.json`` (git-ignored) and prints the figures
and the targets as Markdown; ``--readme`` also puts them into
``benchmarks/README.md``. Demo databases are generated once and cached (see
``datasets.py``). Every group runs in a fresh process of its own.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import bench_cli, bench_startup, datasets, report, stats, targets  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
README = ROOT / "benchmarks" / "README.md"
GROUP_TIMEOUT_S = 3600
IMPORT_ROWS = 10_000
REPORT_FORMATS = ("pdf", "csv", "xlsx", "list-xlsx")


def settings(quick: bool) -> dict:
    """Repeats per measurement; --quick is for trying the suite out, not for the README."""
    if quick:
        return {"startup_runs": 3, "search_rounds": 1, "scrolls": 50, "saves": 40,
                "slip_repeats": 3, "slip_cold": 2, "report_repeats": 0, "import_repeats": 1,
                "erasures": 2, "cli_runs": 5, "prefix_rounds": 1, "figures_repeats": 1}
    return {"startup_runs": 9, "search_rounds": 3, "scrolls": 500, "saves": 200,
            "slip_repeats": 10, "slip_cold": 5, "report_repeats": 2, "import_repeats": 3,
            "erasures": 5, "cli_runs": 15, "prefix_rounds": 3, "figures_repeats": 3}


def worker(group: str, env: dict[str, str], kwargs: dict) -> dict:
    """One group in a fresh process; its error is recorded and the suite goes on."""
    try:
        done = subprocess.run([sys.executable, "-m", "benchmarks.worker", group,
                               json.dumps(kwargs)], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=GROUP_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {GROUP_TIMEOUT_S} s"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"error": f"exit {done.returncode}: {done.stderr.strip()[-800:]}"}
    return json.loads(lines[-1])


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _done(name: str, result: dict, started: float) -> dict:
    note = result.get("error") or result.get("skipped") or "ok"
    log(f"    {name}: {note.splitlines()[0]} ({time.perf_counter() - started:.0f} s)")
    return result


def run_size(dataset: datasets.Dataset, config: dict, env: dict[str, str],
             groups: set[str]) -> dict:
    db = str(dataset.path)
    out: dict = {"dataset": datasets.as_dict(dataset)}
    if "startup" in groups:
        started = time.perf_counter()
        try:
            out["startup"] = bench_startup.run(dataset.path, config["startup_runs"])
        except (RuntimeError, subprocess.SubprocessError) as error:
            out["startup"] = {"error": str(error)}
        _done("startup", out["startup"], started)
    if "cli" in groups:
        started = time.perf_counter()
        try:
            out["cli"] = bench_cli.run(db, config["cli_runs"], env)
        except (RuntimeError, subprocess.SubprocessError) as error:
            out["cli"] = {"error": str(error)}
        _done("cli", out["cli"], started)
    plan = [
        ("prefix", {"db_path": db, "rounds": config["prefix_rounds"]}),
        ("figures", {"db_path": db, "repeats": config["figures_repeats"]}),
        ("search", {"db_path": db, "rounds": config["search_rounds"], "page": 200}),
        ("register", {"db_path": db, "scrolls": config["scrolls"], "page": 200}),
        ("slips", {"db_path": db, "repeats": config["slip_repeats"],
                   "cold_runs": config["slip_cold"], "env": env}),
    ]
    for group, kwargs in plan:
        if group in groups:
            started = time.perf_counter()
            out[group] = _done(group, worker(group, env, kwargs), started)
    if "reports" in groups:
        out["reports"] = {}
        for fmt in REPORT_FORMATS:
            started = time.perf_counter()
            # The list of every issue of the month is informative only, and slow
            # as XLSX: written once.
            repeats = 0 if fmt.startswith("list-") else config["report_repeats"]
            out["reports"][fmt] = _done(f"report {fmt}", worker(
                "reports", env, {"db_path": db, "fmt": fmt, "repeats": repeats}), started)
    if groups & {"backup", "save", "privacy"}:
        # The backup's verified copy is the scratch database the saves write to.
        copy = datasets.cache_dir() / f"scratch-save-{datasets.label(dataset.size)}.db"
        datasets.remove_scratch(copy)
        started = time.perf_counter()
        out["backup"] = _done("backup", worker("backup", env, {"db_path": db, "keep_as": str(copy)}),
                              started)
        if "save" in groups and copy.exists():
            started = time.perf_counter()
            out["save"] = _done("save", worker("save", env, {"db_path": str(copy),
                                                      "saves": config["saves"]}), started)
        if "privacy" in groups and copy.exists():
            started = time.perf_counter()
            out["privacy"] = _done("privacy", worker("privacy", env, {
                "db_path": str(copy), "erasures": config["erasures"]}), started)
        datasets.remove_scratch(copy)
    return out


GROUPS = {"startup", "search", "register", "slips", "reports", "backup", "save", "import",
          "privacy", "cli", "prefix", "figures", "demo"}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python benchmarks/run.py", description=__doc__.split(
        "\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1m",
                        help="demo database sizes, comma separated (default: 10k,100k,1m)")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, to try the suite")
    parser.add_argument("--only", default=",".join(sorted(GROUPS)),
                        help="groups to run, comma separated (default: all): "
                        + ", ".join(sorted(GROUPS)))
    parser.add_argument("--demo-size", default="100k",
                        help="consultations the demo group builds (default: 100k; the target "
                        "is for 1m, about 5 minutes)")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json",
                        help="where the JSON goes (default: benchmarks/results/latest.json)")
    parser.add_argument("--readme", action="store_true",
                        help="also write the figures into benchmarks/README.md")
    parser.add_argument("--from-json", type=Path, metavar="FILE",
                        help="measure nothing: print (and with --readme, write) FILE's figures")
    return parser.parse_args(argv)


def publish(results: dict, readme: bool) -> None:
    text = report.markdown(results)
    print(text)
    if readme and not report.update_readme(README, text):
        log(f"{README} has no {report.README_START} marker; not updated")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.from_json:
        publish(json.loads(args.from_json.read_text(encoding="utf-8")), args.readme)
        return 0
    sizes = sorted(datasets.parse_size(text) for text in args.sizes.split(",") if text.strip())
    groups = {group.strip() for group in args.only.split(",") if group.strip()}
    unknown = groups - GROUPS
    if unknown:
        log(f"unknown groups: {', '.join(sorted(unknown))}")
        return 2
    config = settings(args.quick)
    env = bench_startup.child_env(str(datasets.cache_dir() / "config"))
    results: dict = {
        "command": " ".join(["python benchmarks/run.py",
                             *(argv if argv is not None else sys.argv[1:])]),
        "quick": args.quick, "settings": config, "machine": stats.machine(),
        "load_before": stats.load(), "sizes": {},
    }
    log(f"load: {results['load_before']}")
    for size in sizes:
        log(f"{datasets.label(size)}: preparing the demo database")
        dataset = datasets.ensure(size, log=log)
        log(f"  {dataset.path} ({dataset.origin})")
        results["sizes"][datasets.label(size)] = run_size(dataset, config, env, groups)
    if "import" in groups:
        source = datasets.ensure(IMPORT_ROWS, log=log)
        started = time.perf_counter()
        results["import"] = _done("import 10k", worker(
            "import", env, {"source_db": str(source.path),
                            "repeats": config["import_repeats"]}), started)
    if "demo" in groups:
        started = time.perf_counter()
        demo_size = datasets.parse_size(args.demo_size)
        log(f"demo: building {datasets.label(demo_size)} consultations")
        results["demo"] = _done("demo", worker("demo", env, {"size": demo_size, "env": env}),
                                started)
    results["load_after"] = stats.load()
    largest = datasets.label(sizes[-1])
    results["targets_size"] = largest
    results["targets"] = targets.check(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    publish(results, args.readme)
    log(f"results: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
