"""Spreadsheets, names and phone numbers through the command line (#16), real subprocesses."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import sqlite3
import subprocess

import pytest
from openpyxl import Workbook, load_workbook
from test_cli_core import run


@pytest.fixture
def desk(tmp_path):
    db = str(tmp_path / "desk.db")
    assert run("--db", db, "init", cwd=tmp_path).returncode == 0
    return db


def test_search_with_an_underscore_is_a_search_not_a_full_disk(desk, tmp_path):
    result = run("--db", desk, "search", "a_b c", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    assert "full" not in result.stderr


HEADER = ("date;time;advisor;citizen_name;phone;settlement;age_band;topics;question;help_level;"
          "outcome;consent_record;answer\n")


def journal(tmp_path, rows: list[str], *, encoding: str = "utf-8", header: str = HEADER,
            newline: str = "\n", name: str = "journal.csv"):
    path = tmp_path / name
    path.write_bytes((header + "".join(rows)).replace("\n", newline).encode(encoding))
    return path


def imported(db, path, cwd, locale: str = "en"):
    return run("--db", db, "import", str(path), cwd=cwd, locale=locale)


def test_latin_spellings_and_typos_find_the_name_from_the_command_line(desk, tmp_path):
    rows = ["2026-10-05;10:30;Мария;Юлиана Подъячева;;Кресна;;local_taxes;Въпрос;information;resolved;yes;Отговор\n"]
    assert imported(desk, journal(tmp_path, rows), tmp_path).returncode == 0
    for typed in ("Podieiacheva", "Iuliana", "Yuliana Podyacheva", "Подячева", "podiacheva"):
        result = run("--db", desk, "search", typed, "--json", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert [r["citizen"] for r in json.loads(result.stdout)] == ["Юлиана Подъячева"], typed


@pytest.mark.parametrize("typed", ["+359 887 654 321", "0887654321", "0887 654 321",
                                   "00359887654321", "+359887654321", "088 765 4321"])
def test_every_way_of_writing_a_phone_finds_the_person(desk, tmp_path, typed):
    rows = ["2026-10-05;10:30;Мария;Иван Петров;+359 887 654 321;Кресна;;local_taxes;Въпрос;"
            "information;resolved;yes;Отговор\n"]
    assert imported(desk, journal(tmp_path, rows), tmp_path).returncode == 0
    result = run("--db", desk, "search", typed, "--json", cwd=tmp_path)
    assert [r["citizen"] for r in json.loads(result.stdout)] == ["Иван Петров"]


def test_the_delimiter_is_read_from_the_header_not_guessed_from_apostrophes(desk, tmp_path):
    rows = ["05.10.2026;10:30;Мария;Иван Петров;;Кресна;;local_taxes;"
            "Пита за 'данък', 'такса', 'глоба';information;resolved;yes;Отговор\n"]
    path = journal(tmp_path, rows, encoding="cp1251")
    result = imported(desk, path, tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(run("--db", desk, "search", "глоба", "--json", cwd=tmp_path).stdout)
    assert found[0]["question"] == "Пита за 'данък', 'такса', 'глоба'"


def test_same_name_different_age_band_stays_two_people(desk, tmp_path):
    rows = ["2026-10-05;10:30;Мария;Иван Иванов;;Кресна;65_plus;local_taxes;Въпрос;information;resolved;yes;Отговор\n",
            "2026-10-06;10:30;Мария;Иван Иванов;;Кресна;18_29;local_taxes;Въпрос;information;resolved;yes;Отговор\n",
            "2026-10-07;10:30;Мария;Иван Иванов;;Кресна;;local_taxes;Въпрос;information;resolved;yes;Отговор\n"]
    assert imported(desk, journal(tmp_path, rows), tmp_path).returncode == 0
    db = sqlite3.connect(desk)
    bands = db.execute("SELECT age_band FROM citizens ORDER BY id").fetchall()
    assert bands == [("65_plus",), ("18_29",)]  # the third row, no band stated, joins the first
    db.close()


def test_cr_only_line_endings_import(desk, tmp_path):
    rows = ["2026-10-05;10:30;Мария;Иван Петров;;Кресна;;local_taxes;Въпрос;information;resolved;yes;Отговор\n",
            "2026-10-06;10:30;Мария;Иван Петров;;Кресна;;local_taxes;Въпрос 2;information;resolved;yes;Отговор\n"]
    result = imported(desk, journal(tmp_path, rows, newline="\r"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2" in result.stdout


@pytest.mark.parametrize("locale, row_word, reason", [
    ("en", "Row", "longer than"), ("bg", "Ред", "по-дълга от"), ("ru", "Строка", "длиннее")])
def test_a_cell_too_long_is_exit_3_naming_the_row(desk, tmp_path, locale, row_word, reason):
    rows = ["2026-10-05;10:30;Мария;Иван Петров;;Кресна;;local_taxes;Въпрос;information;resolved;yes;Отговор\n",
            "2026-10-06;10:30;Мария;Иван Петров;;Кресна;;local_taxes;" + "щ" * 140_000
            + ";information;resolved;yes;Отговор\n"]
    result = imported(desk, journal(tmp_path, rows), tmp_path, locale)
    assert result.returncode == 3, result.stderr
    assert f"{row_word} 3" in result.stderr and "131" in result.stderr and reason in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("locale, row_word, reason", [
    ("en", "Row", "neither UTF-8"), ("bg", "Ред", "нито в UTF-8"), ("ru", "Строка", "не в кодировке")])
def test_bytes_neither_utf8_nor_cp1251_are_exit_3_naming_the_row(desk, tmp_path, locale, row_word,
                                                                 reason):
    rows = ["2026-10-05;10:30;Мария;Иван Петров;;Кресна;;local_taxes;Въпрос;information;resolved;yes;Отговор\n"]
    path = journal(tmp_path, rows, encoding="cp1251")
    path.write_bytes(path.read_bytes() + "2026-10-06;10:30;Мария;Иван;;Кресна;;local_taxes;".encode()
                     + b"\x98\xff;information;resolved;yes;x\n")
    result = imported(desk, path, tmp_path, locale)
    assert result.returncode == 3, result.stderr
    assert f"{row_word} 3" in result.stderr and "0x98" in result.stderr and reason in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_a_day_without_a_time_is_shown_without_00_00(desk, tmp_path):
    header = "date;advisor;citizen_name;topics;question;answer;help_level;outcome;consent_record\n"
    rows = ["5.10.2026 г.;Мария;Иван Петров;local_taxes;Въпрос;Отговор;information;resolved;yes\n",
            "2026-10-06 00:00:00;Мария;Иван Петров;local_taxes;Въпрос;Отговор;information;resolved;yes\n"]
    assert imported(desk, journal(tmp_path, rows, header=header), tmp_path).returncode == 0
    found = json.loads(run("--db", desk, "search", "Петров", "--json", cwd=tmp_path).stdout)
    assert sorted(r["occurred_at"] for r in found) == ["2026-10-05", "2026-10-06"]
    listed = run("--db", desk, "search", "Петров", cwd=tmp_path, locale="bg")
    assert "5.10.26" in listed.stdout and ":" not in listed.stdout  # no "0:00"
    out = tmp_path / "slip.pdf"
    reference = min(r["reference"] for r in found)
    slip = run("--db", desk, "slip", reference, "--out", str(out), "--locale", "bg", cwd=tmp_path)
    assert slip.returncode == 0, slip.stderr
    text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], check=True,
                                   capture_output=True, text=True).stdout.split())
    assert "5 октомври 2026 г." in text and "00:00" not in text


def test_an_excel_journal_imports_and_exports_back_as_text_cells(desk, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["date", "time", "advisor", "citizen_name", "phone", "question", "answer",
                  "help_level", "outcome", "consent_record", "topics"])
    sheet.append([dt.datetime(2026, 10, 5), dt.time(10, 30), "Мария", "Иван Петров", 888123456,
                  "+ такса, 'смет'", "Отговор", "information", "resolved", "yes", "local_taxes"])
    path = tmp_path / "journal.xlsx"
    book.save(path)
    assert imported(desk, path, tmp_path).returncode == 0
    found = json.loads(run("--db", desk, "search", "0888 123 456", "--json", cwd=tmp_path).stdout)
    assert [(r["citizen"], r["occurred_at"]) for r in found] == [("Иван Петров", "2026-10-05 10:30")]
    out = tmp_path / "export.xlsx"
    result = run("--db", desk, "export", "--format", "xlsx", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    exported = load_workbook(out).active
    header = [cell.value for cell in exported[1]]
    row = exported[2]
    phone, question = row[header.index("phone")], row[header.index("question")]
    assert (phone.value, phone.data_type) == ("088 812 3456", "s")
    assert (question.value, question.data_type) == ("+ такса, 'смет'", "s")  # no visible guard


@pytest.mark.parametrize("locale, dialect, delimiter", [
    ("bg", [], ";"), ("ru", [], ";"), ("en", [], ","), ("bg", ["--csv-dialect", "comma"], ",")])
def test_the_export_csv_follows_the_document_locale(desk, tmp_path, locale, dialect, delimiter):
    rows = ["2026-10-05;10:30;Мария;Иван Петров;0888123456;Кресна;;local_taxes;Въпрос;"
            "information;resolved;yes;Отговор\n"]
    assert imported(desk, journal(tmp_path, rows), tmp_path).returncode == 0
    out = tmp_path / "export.csv"
    result = run("--db", desk, "export", "--format", "csv", "--out", str(out), *dialect,
                 cwd=tmp_path, locale=locale)
    assert result.returncode == 0, result.stderr
    text = out.read_text("utf-8-sig")
    assert text.splitlines()[0].startswith(f"reference{delimiter}date{delimiter}")
    row = next(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    assert row["phone"] == "088 812 3456" and row["citizen_name"] == "Иван Петров"
