"""Consent is dated by the consultation and carried to a returning citizen's visits (#15 item 8)."""

from __future__ import annotations

import datetime as dt
import json

from test_erasure import save

from bureau.consultations.importer import import_file
from bureau.consultations.store import get_consultation
from tests.conftest import consultation_raw


def test_imported_consent_carries_the_consultations_date(db, tmp_path):
    rows = [{"date": "2024-03-05 10:15", "advisor": "Мария Стоянова", "topics": ["other"],
             "citizen_name": "Радка Петкова", "phone": "0888000095",
             "question": "Въпрос", "answer": "Отговор", "help_level": "information",
             "outcome": "resolved", "consent_record": "yes", "consent_contact": "yes"},
            {"date": "2023-11-20 09:00", "advisor": "Мария Стоянова", "topics": ["other"],
             "citizen_name": "Радка Петкова", "phone": "0888000095",
             "question": "По-ранен въпрос", "answer": "Отговор", "help_level": "information",
             "outcome": "resolved", "consent_record": "yes"}]
    path = tmp_path / "journal.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    assert import_file(db, path) == 2
    recorded = db.execute("SELECT consent_record_at, consent_contact_at, consent_share_at "
                          "FROM citizens").fetchone()
    # The earliest consultation that gave it dates it, whatever the file's order.
    assert recorded == ("2023-11-20T09:00:00", "2024-03-05T10:15:00", None)


def test_a_returning_citizens_recorded_consent_is_carried_to_the_visit(db, advisor):
    first, _ = save(db, consultation_raw(advisor, occurred_at=dt.datetime(2026, 10, 1, 9, 0)))
    citizen_id = get_consultation(db, first).citizen.id
    second, _ = save(db, consultation_raw(advisor, citizen=None, citizen_id=citizen_id,
                                          consent_record=False,
                                          occurred_at=dt.datetime(2026, 10, 14, 9, 0)))
    assert get_consultation(db, second).consent_record is True
    assert db.execute("SELECT consent_record_at FROM citizens").fetchone()[0] == "2026-10-01T09:00:00"
