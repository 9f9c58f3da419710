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


@pytest.fixture(scope="module")
def oblast(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("oblast")
    done = run("demo-oblast", "--bureaus", "5", "--out", str(folder / "demo"), "--seed", "7",
               "--today", "2026-11-20", cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder / "demo"


def packages(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.glob("*.bureau-stats.json"))


def test_demo_oblast_makes_five_bureaus_one_russian_and_is_the_same_for_a_seed(oblast, tmp_path):
    made = [read_package(p) for p in packages(oblast)]
    assert len(made) == 5
    assert sorted(p["bureau"]["language"] for p in made) == ["bg", "bg", "bg", "bg", "ru"]
    sizes = sorted(p["figures"]["contacts"] for p in made)
    assert len(set(sizes)) == 5 and sizes[-1] > 3 * sizes[0]
    assert any("roads_streets" in p["figures"]["by_category"] for p in made)
    expected = (oblast / "expected-bureaus.txt").read_text("utf-8")
    assert all(p["bureau"]["id"] in expected for p in made)
    again = tmp_path / "again"
    done = run("demo-oblast", "--bureaus", "5", "--out", str(again), "--seed", "7",
               "--today", "2026-11-20", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for first, second in zip(packages(oblast), packages(again), strict=True):
        assert Path(first).read_bytes() == Path(second).read_bytes()


@pytest.mark.parametrize("ext", ["pdf", "xlsx", "csv"])
def test_rollup_writes_each_format_from_the_extension(oblast, tmp_path, ext):
    out = tmp_path / f"oblast-2026-10.{ext}"
    done = run("rollup", *packages(oblast), "--expect", str(oblast / "expected-bureaus.txt"),
               "--out", str(out), cwd=tmp_path, locale="bg")
    assert done.returncode == 0, done.stderr
    assert "Община Белица" in done.stderr  # the expected bureau that sent nothing
    total = sum(read_package(p)["figures"]["contacts"] for p in packages(oblast))
    if ext == "pdf":
        text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "Основни показатели" in text and "Община Белица" in text
        assert "Кодове, които ги няма в този каталог" in text and "roads_streets" in text
        assert f"{total:,}".replace(",", "\u00a0") in text or str(total) in text
    elif ext == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(out).active
        assert len(sheet._charts) >= 5  # noqa: SLF001 - native charts beside the tables
        values = [row for row in sheet.iter_rows(values_only=True)]
        contacts = next(r for r in values if r[0] == "Контакти (консултации)")
        assert contacts[1] == total
    else:
        assert "Община Банско" in out.read_text("utf-8-sig")


def _tampered(oblast: Path, tmp_path: Path, change, *, reseal: bool) -> list[str]:
    from bureau.rollup.canonical import sealed

    paths = packages(oblast)
    package = json.loads(Path(paths[1]).read_text("utf-8"))
    change(package)
    if reseal:
        package = sealed(package)
    target = tmp_path / Path(paths[1]).name
    target.write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    return [paths[0], str(target), *paths[2:]]


@pytest.mark.parametrize("locale,words", [("bg", ("е променен", "Нищо не е записано")),
                                          ("ru", ("был изменён", "Ничего не записано"))])
def test_a_tampered_package_is_refused_and_nothing_is_written(oblast, tmp_path, locale, words):
    def more_contacts(package):
        package["figures"]["contacts"] += 10
        package["figures"]["by_channel"]["phone"] = package["figures"]["by_channel"].get(
            "phone", 0) + 10

    paths = _tampered(oblast, tmp_path, more_contacts, reseal=False)
    out = tmp_path / "oblast.pdf"
    done = run("rollup", *paths, "--out", str(out), cwd=tmp_path, locale=locale)
    assert done.returncode == 3, done.stderr
    assert Path(paths[1]).name in done.stderr and "SHA-256" in done.stderr
    assert all(word in done.stderr for word in words) and "Traceback" not in done.stderr
    assert not out.exists() and list(tmp_path.glob("oblast*")) == []


def test_a_resealed_package_off_its_schema_is_refused(oblast, tmp_path):
    paths = _tampered(oblast, tmp_path, lambda p: p["figures"].__setitem__(
        "question", "Иван Петров пита за данъка"), reseal=True)
    out = tmp_path / "oblast.xlsx"
    done = run("rollup", *paths, "--out", str(out), cwd=tmp_path, locale="en")
    assert done.returncode == 3 and "does not follow the package format" in done.stderr
    assert not out.exists()


def test_duplicates_and_other_periods_are_refused(oblast, tmp_path):
    paths = packages(oblast)
    out = tmp_path / "oblast.csv"
    done = run("rollup", *paths, paths[0], "--out", str(out), cwd=tmp_path)
    assert done.returncode == 3 and "keep only one of them" in done.stderr and not out.exists()
    done = run("rollup", *paths, "--out", str(tmp_path / "oblast"), cwd=tmp_path)
    assert done.returncode == 2 and ".pdf, .csv or .xlsx" in done.stderr


def test_public_rollup_hides_small_cells(oblast, tmp_path):
    out = tmp_path / "public.csv"
    done = run("rollup", *packages(oblast), "--public", "--out", str(out), "--csv-dialect",
               "comma", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = out.read_text("utf-8-sig")
    assert "<5" in text and "*" in text


def test_expected_bureaus_by_id_and_a_deadline(oblast, tmp_path):
    paths = packages(oblast)
    ids = [read_package(p)["bureau"]["id"] for p in paths]
    absent = "12345678-1234-4123-8123-123456789abc"
    out = tmp_path / "oblast.csv"
    done = run("rollup", *paths, "--bureaus", ",".join([*ids[:2], absent]), "--deadline",
               "2026-11-01", "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"No package from {absent}." in done.stderr
    # Every package was made after 1 November: all of them are late.
    assert done.stderr.count("after the deadline") == len(paths)
    text = out.read_text("utf-8-sig")
    assert "not in the list of expected bureaus" in text and absent[:8] in text
    both = run("rollup", *paths, "--bureaus", ids[0], "--expect", str(oblast /
               "expected-bureaus.txt"), "--out", str(tmp_path / "x.csv"), cwd=tmp_path)
    assert both.returncode == 3 and "not both" in both.stderr
    missing = run("rollup", *paths, "--expect", str(tmp_path / "nowhere.txt"), "--out",
                  str(tmp_path / "y.csv"), cwd=tmp_path, locale="ru")
    assert missing.returncode == 3 and "Не удаётся прочитать" in missing.stderr
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "y.csv").exists()
