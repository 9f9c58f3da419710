"""The role check costs the save nothing: ``record_consultation`` sends SQLite exactly
the statements ``save_consultation`` does (one transaction, one audit row naming the
acting account), so the desk's save path stays as fast as the store's."""

from __future__ import annotations

from bureau.catalogue import CatalogueLookup
from bureau.consultations.operations import edit_consultation, record_consultation
from bureau.consultations.store import save_consultation, update_consultation
from bureau.validation import validate_consultation
from tests.acting import acting
from tests.conftest import consultation_raw


def statements(db, call) -> list[str]:  # noqa: ANN001
    sent: list[str] = []
    db.conn.set_trace_callback(sent.append)
    try:
        call()
    finally:
        db.conn.set_trace_callback(None)
    return [s.split(" VALUES")[0].split(" WHERE")[0] for s in sent]


def test_the_operation_adds_no_statement_to_a_save_or_an_edit(db):
    by = acting(db)
    lookup = CatalogueLookup(db)

    def data():  # noqa: ANN202
        return validate_consultation(consultation_raw(by.id), lookup)

    save_consultation(db, data(), lookup)  # the person and their name words now exist
    citizen = db.execute("SELECT max(id) FROM citizens").fetchone()[0]

    def returning():  # noqa: ANN202
        return validate_consultation(consultation_raw(by.id, citizen=None, citizen_id=citizen),
                                     lookup)

    store = statements(db, lambda: save_consultation(db, returning(), lookup, actor_id=by.id))
    operation = statements(db, lambda: record_consultation(db, returning(), by=by, lookup=lookup))
    assert operation == store
    assert sum(s.startswith("BEGIN") for s in operation) == 1
    assert sum(s.startswith("INSERT INTO audit_log") for s in operation) == 1
    assert db.execute("SELECT actor_id FROM audit_log ORDER BY id DESC").fetchone()[0] == by.id
    store = statements(db, lambda: update_consultation(db, 1, returning(), changed_by=by.id,
                                                       lookup=lookup))
    operation = statements(db, lambda: edit_consultation(db, 1, returning(), by=by,
                                                         lookup=lookup))
    assert operation == store
