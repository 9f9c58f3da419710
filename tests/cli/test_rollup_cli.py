"""`bureau-cli package`, `rollup` and `demo-oblast` through real subprocesses (#21)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bureau.rollup.checks import read_package

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path, locale: str = "en") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BUREAU_", "LC_", "LANG"))}
    env["PYTHONPATH"] = str(ROOT)
    env["BUREAU_LOCALE"] = locale
    return subprocess.run([sys.executable, "-m", "bureau", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bureau")
    done = run("demo", "--db", str(folder / "k.db"), "--consultations", "600", "--seed", "4",
               "--today", "2026-11-20", cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder / "k.db"


def test_package_writes_a_valid_sealed_package(demo_db, tmp_path):
    out = tmp_path / "kresna-2026-10.bureau-stats.json"
    done = run("package", "--db", str(demo_db), "--month", "2026-10", "--out", str(out),
               cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout and done.stderr == ""
    package = read_package(out)
    assert package["period"] == {"start": "2026-10-01", "end": "2026-10-31"}
    assert package["figures"]["contacts"] > 0
    quarter = tmp_path / "q.json"
    done = run("package", "--db", str(demo_db), "--month", "2026-08", "--to", "2026-10",
               "--out", str(quarter), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(quarter.read_text("utf-8"))["period"]["start"] == "2026-08-01"


@pytest.mark.parametrize("locale,word", [("bg", "не е започнал"), ("ru", "не начался")])
def test_package_of_a_future_month_is_refused_in_the_users_language(demo_db, tmp_path, locale,
                                                                     word):
    out = tmp_path / "future.json"
    done = run("package", "--db", str(demo_db), "--month", "2099-01", "--out", str(out),
               cwd=tmp_path, locale=locale)
    assert done.returncode == 3 and word in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


def test_package_with_a_bad_month_is_a_usage_error(demo_db, tmp_path):
    done = run("package", "--db", str(demo_db), "--month", "10/2026", "--out", "x.json",
               cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
