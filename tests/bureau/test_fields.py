"""One specification of a consultation's fields drives the store, its history and the files.

A field listed in ``CONSULTATION_FIELDS`` must reach every place that carries a
consultation; these tests walk the list, so a place that forgets one fails.
"""

from __future__ import annotations

import datetime as dt

from bureau.catalogue import CatalogueLookup
from bureau.consultations.exporter import EXPORT_COLUMNS, iter_consultations
from bureau.consultations.fields import (
    CONSULTATION_FIELDS,
    IMPORT_COLUMNS,
    STORED_FIELDS,
    Kind,
)
from bureau.consultations.importer import import_consultations
from bureau.consultations.store import (
    get_consultation,
    revisions,
    save_consultation,
    snapshot,
    update_consultation,
)
from bureau.validation import validate_consultation

EVERY_FIELD = {
    "occurred_at": dt.datetime(2026, 10, 14, 10, 30),
    "channel": "phone",
    "issues": [("local_taxes", None)],
    "question": "Как да платя данък сгради?",
    "answer": "Обяснихме сроковете.",
    "help_level": "advice",
    "outcome": "pending",
    "next_steps": "Ще се обади.",
    "follow_up_on": "2026-10-21",
    "satisfaction": 4,
    "consent_record": True,
    "consent_share": True,
    "consent_contact": True,
    "external_ref": "Дневник 2025/17",
}


def _save(db, raw):
    lookup = CatalogueLookup(db)
    return save_consultation(db, validate_consultation(raw, lookup), lookup)


def test_an_edit_keeps_the_earlier_consents_and_journal_number_in_the_history(db, make_raw, advisor):
    consultation_id, _ = _save(db, make_raw(**EVERY_FIELD))
    lookup = CatalogueLookup(db)
    withdrawn = make_raw(**{**EVERY_FIELD, "consent_share": False, "consent_contact": False,
                            "external_ref": ""})
    update_consultation(db, consultation_id, validate_consultation(withdrawn, lookup),
                        changed_by=advisor, lookup=lookup)
    earlier = revisions(db, consultation_id)[0]["snapshot"]
    assert earlier["consent_record"] is True
    assert earlier["consent_share"] is True
    assert earlier["consent_contact"] is True
    assert earlier["external_ref"] == "Дневник 2025/17"
    now = get_consultation(db, consultation_id)
    assert (now.consent_share, now.consent_contact, now.external_ref) == (False, False, "")


def test_the_snapshot_holds_every_field_of_the_specification(db, make_raw):
    consultation_id, _ = _save(db, make_raw(**EVERY_FIELD))
    state = snapshot(get_consultation(db, consultation_id))
    assert {field.name for field in CONSULTATION_FIELDS} <= set(state)
    assert state["follow_up_on"] == "2026-10-21" and state["satisfaction"] == 4


def test_every_stored_field_reads_back_as_saved(db, make_raw, advisor):
    consultation_id, _ = _save(db, make_raw(**EVERY_FIELD))
    record = get_consultation(db, consultation_id)
    expected = validate_consultation(make_raw(**EVERY_FIELD), CatalogueLookup(db))
    for field in STORED_FIELDS:
        if field.kind is Kind.CITIZEN:
            assert record.citizen is not None
        else:
            assert getattr(record, field.name) == getattr(expected, field.name), field.name


def test_files_carry_every_field_and_an_export_imports_as_it_was(db, make_raw, advisor):
    _save(db, make_raw(**EVERY_FIELD))
    [exported] = list(iter_consultations(db))
    assert set(IMPORT_COLUMNS) <= set(EXPORT_COLUMNS) <= set(exported)
    for field in CONSULTATION_FIELDS:
        assert field.file_columns, f"{field.name} reaches no import/export column"
    # Into a second bureau: the same consultation, field by field.
    db.conn.execute("UPDATE consultations SET deleted_at = '2026-10-15'")
    assert import_consultations(db, [exported]) == 1
    [again] = [row for row in iter_consultations(db) if row["reference"] != exported["reference"]]
    for column in IMPORT_COLUMNS:
        assert again[column] == exported[column], column
