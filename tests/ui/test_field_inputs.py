"""The intake form has one input per field of the consultation's specification.

Loading a record and saving it unchanged gives back every field; an edit of
one field keeps the others (the earlier journal number included, which the
form does not show) and the history dialog names what changed.
"""

from __future__ import annotations

from bureau_desk.dialogs.record import RecordDialog
from bureau_desk.widgets.intake_form import IntakeForm

from bureau.catalogue import CatalogueLookup
from bureau.consultations.fields import CONSULTATION_FIELDS, Kind
from bureau.consultations.store import get_consultation, revisions, save_consultation
from bureau.validation import validate_consultation
from tests.bureau.test_fields import EVERY_FIELD
from tests.conftest import consultation_raw


def _saved(db) -> int:
    lookup = CatalogueLookup(db)
    raw = consultation_raw(db.coordinator_id, **EVERY_FIELD)
    return save_consultation(db, validate_consultation(raw, lookup), lookup)[0]


def test_the_form_has_an_input_for_every_field(context, qtbot):
    form = IntakeForm(context)
    qtbot.addWidget(form)
    others = {"advisor_id": "toolbar", "citizen_id": "citizen box"}
    assert set(form.inputs) | set(others) == {field.name for field in CONSULTATION_FIELDS}


def test_a_record_loaded_and_saved_unchanged_keeps_every_field(context, desk_db, qtbot):
    consultation_id = _saved(desk_db)
    record = get_consultation(desk_db, consultation_id)
    form = IntakeForm(context, record=record)
    qtbot.addWidget(form)
    assert not form.has_unsaved_input()
    data = validate_consultation(form.raw(), context.lookup)
    for field in CONSULTATION_FIELDS:
        if field.kind is Kind.CITIZEN:
            assert data.citizen_id == record.citizen.id
        else:
            assert getattr(data, field.name) == getattr(record, field.name), field.name


def test_an_edit_at_the_desk_keeps_the_journal_number_and_shows_consent_changes(
        context, desk_db, qtbot, message_boxes):
    consultation_id = _saved(desk_db)
    dialog = RecordDialog(context, consultation_id)
    qtbot.addWidget(dialog)
    dialog.form.citizen_box.consent_share.setChecked(False)
    assert dialog.form.save() is not None, dialog.form._errors
    after = get_consultation(desk_db, consultation_id)
    assert after.external_ref == "Дневник 2025/17"
    assert not after.consent_share and after.consent_contact
    assert revisions(desk_db, consultation_id)[0]["snapshot"]["consent_share"] is True
    history = dialog.history.toPlainText()
    assert "Consent to share for a referral: \u201cyes\u201d \u2192 \u201cno\u201d" in history
    assert "Consent to be contacted" not in history
