"""A returning citizen's consents on file are one Tab stop, a confirmation ticked by
default, not a box each (#18 item 9, decided by the lead; the confirmation #15 asks
for stays on the way); a new person's consents stay in the Tab path, one stop each."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import save_consultation
from bureau.validation import validate_consultation
from tests.ui.keys import Keyboard
from tests.ui.test_intake import DOWN, ENTER, consultations, fill_consultation
from tests.ui.windows_left import delete_new_windows  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("delete_new_windows")


@pytest.fixture
def desk(window):
    return window.page("desk")


def earlier_visit(desk_db, advisor_id: int, **consents: bool) -> None:
    lookup = CatalogueLookup(desk_db)
    raw = {"occurred_at": "2026-10-14 10:30", "channel": "phone", "advisor_id": advisor_id,
           "citizen": {"full_name": "Иванка Петрова", "settlement": "Кресна"},
           "issues": [("local_taxes", None)], "question": "Q", "answer": "A",
           "help_level": "information", "outcome": "resolved", **consents}
    save_consultation(desk_db, validate_consultation(raw, lookup), lookup)


def pick_returning(keys: Keyboard, qtbot, box) -> None:
    keys.type("Иванка")
    qtbot.waitUntil(box.name_edit.suggestions_visible)
    keys.press(DOWN)
    keys.press(ENTER)
    assert box.linked is not None


def stops_to_topics(keys: Keyboard, form) -> list:
    """Every widget Tab stops on from the name field until the topic field."""
    form.focus_first()
    stops = []
    for _step in range(20):
        keys.tab()
        stops.append(keys.focus())
        if keys.focus() is form.issues_box.topic_edit:
            return stops
    raise AssertionError("Tab never reached the topics")


@pytest.mark.parametrize("consents", [
    {"consent_record": True, "consent_share": True, "consent_contact": True},
    {"consent_record": True},
])
def test_a_returning_citizens_consents_on_file_are_one_stop(window, desk, qtbot, desk_db,
                                                            consents):
    earlier_visit(desk_db, desk.context.advisor_id, **consents)
    keys = Keyboard(qtbot)
    form = desk.form
    box = form.citizen_box
    pick_returning(keys, qtbot, box)
    confirmation = box.consents_confirmed
    assert confirmation.isVisibleTo(box) and confirmation.isChecked()
    assert "Consents on file since Oct 14, 2026 confirmed" == confirmation.text().replace("&", "")
    stops = stops_to_topics(keys, form)
    # anonymous, the confirmation, the topics: three stops, none of them a consent box
    assert stops == [box.anonymous_check, confirmation, form.issues_box.topic_edit]
    for name in consents:
        assert not getattr(box, name).isVisibleTo(box) and getattr(box, name).isChecked()
    # A consent never given is still there to tick, out of the Tab path.
    if "consent_contact" not in consents:
        assert box.consent_contact.isVisibleTo(box) and not box.consent_contact.isChecked()
    fill_consultation(keys, form)
    keys.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    rows = consultations(desk_db)
    assert len(rows) == 2 and rows[1][4] == 1  # the consent confirmed is recorded


def test_unticking_the_confirmation_asks_each_consent_again(window, desk, qtbot, desk_db):
    earlier_visit(desk_db, desk.context.advisor_id, consent_record=True, consent_share=True)
    keys = Keyboard(qtbot)
    form = desk.form
    box = form.citizen_box
    pick_returning(keys, qtbot, box)
    keys.tab(2)
    assert keys.focus() is box.consents_confirmed
    keys.press(Qt.Key.Key_Space)  # the person withdraws, or the advisor asks again
    assert not box.consents_confirmed.isChecked()
    assert not box.consent_record.isChecked() and not box.consent_share.isChecked()
    stops = stops_to_topics(keys, form)
    assert stops == [box.anonymous_check, box.consents_confirmed, box.consent_record,
                     box.consent_share, box.consent_contact, form.issues_box.topic_edit]
    # Ticking every consent on file again is the confirmation again.
    box.consent_record.setChecked(True)
    box.consent_share.setChecked(True)
    assert box.consents_confirmed.isChecked() and not box.consent_record.isVisibleTo(box)


def test_a_new_persons_consents_stay_in_the_tab_path(window, desk, qtbot, desk_db):
    earlier_visit(desk_db, desk.context.advisor_id, consent_record=True)
    keys = Keyboard(qtbot)
    form = desk.form
    box = form.citizen_box
    keys.type("Тодор Живков")
    assert box.linked is None
    stops = stops_to_topics(keys, form)
    assert not box.consents_confirmed.isVisibleTo(box)
    assert stops == [box.anonymous_check, box.phone_edit, box.email_edit, box.settlement_edit,
                     box.age_combo, box.gender_combo, box.consent_record, box.consent_share,
                     box.consent_contact, form.issues_box.topic_edit]
