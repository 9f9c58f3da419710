"""Import is all-or-nothing with row numbers; export round-trips and is spreadsheet-safe."""

from __future__ import annotations

import csv
import json

import pytest

from bureau.consultations.exporter import EXPORT_COLUMNS, export_consultations
from bureau.consultations.importer import import_file
from bureau.consultations.store import get_consultation
from bureau.domain import ValidationError

HEADER = ("date,time,channel,advisor,citizen_name,phone,email,settlement,topics,services,"
          "question,answer,help_level,outcome,follow_up,satisfaction,consent_record\n")
GOOD_ROWS = [
    "14.10.2026,10:30,лично,Мария Стоянова,Иванка Петрова,0888123456,,Кресна,Местни данъци и такси,,"
    "Данък сгради,Обяснихме сроковете,информация,решен,,5,да\n",
    "2026-10-15,11:00,phone,Мария Стоянова,,,,,health;education,,Общопрактикуващ лекар,"
    "Дадохме списък,advice,signposted,,,\n",
    "2026-10-20,09:00,in_person,Георги Илиев,Иванка Петрова,+359 888 123 456,,Кресна,,"
    "building_permit,Разрешение за строеж,Описахме документите,advice,pending,2026-11-01,,yes\n",
]


def write(tmp_path, text: str, name: str = "journal.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_good_file_creates_everything(db, tmp_path):
    assert import_file(db, write(tmp_path, HEADER + "".join(GOOD_ROWS))) == 3
    assert db["consultations"].count == 3
    # The same person (name + phone) came twice: one citizen, two visits.
    assert db["citizens"].count == 1
    names = {row[0] for row in db.execute("SELECT full_name FROM advisors")}
    assert names == {"Мария Стоянова", "Георги Илиев"}
    second = get_consultation(db, "2026-000002")
    assert second.citizen is None
    assert [i.category_code for i in second.issues] == ["health", "education"]
    third = get_consultation(db, "2026-000003")
    assert third.issues[0].category_code == "property_construction"
    assert str(third.follow_up_on) == "2026-11-01"


def test_bad_row_imports_nothing_and_names_each_row(db, tmp_path):
    bad = GOOD_ROWS[0].replace("Данък сгради", "")  # row 2: no question
    worse = GOOD_ROWS[1].replace("2026-10-15", "2099-01-01").replace("advice", "guesswork")
    path = write(tmp_path, HEADER + bad + worse + GOOD_ROWS[2])
    with pytest.raises(ValidationError) as info:
        import_file(db, path)
    messages = str(info.value).splitlines()
    assert any(m.startswith("Row 2: Question") for m in messages)
    assert any(m.startswith("Row 3: Date and time") for m in messages)
    assert any(m.startswith("Row 3: Level of help") for m in messages)
    assert db["consultations"].count == 0
    assert db["citizens"].count == 0
    assert db["advisors"].count == 0  # advisors named in the file are not left behind


def test_semicolon_csv_and_windows_1251(db, tmp_path):
    text = (HEADER + GOOD_ROWS[1]).replace(",", ";").replace("health;education", "health|education")
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("cp1251"))
    assert import_file(db, path) == 1


def test_json_import(db, tmp_path):
    rows = [{"date": "2026-10-14", "advisor": "Мария Стоянова", "topics": ["other"],
             "question": "Въпрос", "answer": "Отговор", "help_level": "information",
             "outcome": "resolved"}]
    assert import_file(db, write(tmp_path, json.dumps(rows, ensure_ascii=False), "j.json")) == 1
    with pytest.raises(ValidationError):
        import_file(db, write(tmp_path, '{"rows": 1}', "bad.json"))


def test_unknown_extension_and_missing_columns(db, tmp_path):
    with pytest.raises(ValidationError):
        import_file(db, write(tmp_path, "x", "journal.xlsx"))
    with pytest.raises(ValidationError) as info:
        import_file(db, write(tmp_path, "foo,bar\n1,2\n"))
    assert "date" in str(info.value)


def test_export_csv_round_trip_and_formula_neutralised(db, tmp_path):
    rows = HEADER + GOOD_ROWS[0].replace("Данък сгради", "=HYPERLINK(\"x\")") + GOOD_ROWS[1]
    import_file(db, write(tmp_path, rows))
    out = tmp_path / "export.csv"
    assert export_consultations(db, "csv", out) == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    with out.open(encoding="utf-8-sig", newline="") as handle:
        exported = list(csv.DictReader(handle))
    assert tuple(exported[0]) == EXPORT_COLUMNS
    assert exported[0]["question"] == "'=HYPERLINK(\"x\")"
    assert exported[0]["topics"] == "local_taxes"
    # Another desk imports the export and gets the same text back.
    from bureau.opening import init_database

    other = init_database(memory=True)
    assert import_file(other, out) == 2
    assert get_consultation(other, "2026-000001").question == '=HYPERLINK("x")'


def test_export_json_with_period(db, tmp_path):
    import datetime as dt

    import_file(db, write(tmp_path, HEADER + "".join(GOOD_ROWS)))
    out = tmp_path / "export.json"
    count = export_consultations(db, "json", out, dt.date(2026, 10, 15), dt.date(2026, 10, 20))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert count == len(data) == 2
    assert data[1]["issues"] == [{"topic": "property_construction", "service": "building_permit"}]
    empty = tmp_path / "none.json"
    assert export_consultations(db, "json", empty, dt.date(2020, 1, 1), dt.date(2020, 1, 2)) == 0
    assert json.loads(empty.read_text()) == []
