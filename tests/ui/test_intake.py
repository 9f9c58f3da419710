"""The intake form, driven from the keyboard only."""

from __future__ import annotations

import sqlite3

import pytest
from bureau_desk.widgets.intake_form import IntakeForm
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import get_consultation, save_consultation
from bureau.database.connection import MSG_LOCKED
from bureau.domain import DatabaseUnavailable
from bureau.i18n import _, set_locale
from bureau.validation import MSG_CONSENT, MSG_NO_ISSUE, MSG_REQUIRED, validate_consultation
from tests.ui.keys import Keyboard

ENTER = Qt.Key.Key_Return
DOWN = Qt.Key.Key_Down
CTRL = Qt.KeyboardModifier.ControlModifier

# A typical consultation with a new person needs 14 Tabs to walk its 15 fields
# (name, anonymous, phone, e-mail, settlement, age, gender, three consents,
# topic, question, answer, level, outcome) and 6 other keys: one arrow each
# for gender, level and outcome, Space for the consent, Enter for the topic
# and Ctrl+Enter to save. Everything else is the text itself.
MAX_NAVIGATION_KEYS = 20


@pytest.fixture
def bulgarian():
    set_locale("bg")  # the real catalogues: category names and messages in Bulgarian
    yield
    set_locale("en")


@pytest.fixture
def desk(window):
    return window.page("desk")


def consultations(db) -> list[tuple]:
    return db.execute(
        "SELECT k.reference, z.full_name, k.help_level, k.outcome, k.consent_record "
        "FROM consultations k LEFT JOIN citizens z ON z.id = k.citizen_id ORDER BY k.id"
    ).fetchall()


def test_focus_starts_in_the_citizen_field(window, desk):
    assert QApplication.focusWidget() is desk.form.citizen_box.name_edit


def test_typical_consultation_by_keyboard_only(bulgarian, window, desk, qtbot, desk_db):
    keys = Keyboard(qtbot)
    form = desk.form
    assert keys.focus() is form.citizen_box.name_edit
    keys.type("Иванка Петрова")
    keys.tab(2)  # past "anonymous visitor"
    keys.type("0888123456")
    keys.tab(2)  # no e-mail
    keys.type("Кресна")
    keys.tab()
    keys.type("4")  # the age band "45-64" by its first character
    keys.tab()
    keys.press(DOWN)  # gender: female
    keys.tab()
    keys.press(Qt.Key.Key_Space)  # agrees that the data is recorded
    keys.tab(3)  # past the other two consents, to the topic
    assert keys.focus() is form.issues_box.topic_edit
    keys.type("данъ")
    assert form.issues_box.topic_edit.suggestions_visible()
    keys.press(ENTER)
    keys.tab()
    keys.type("Как да платя данък сгради?")
    keys.tab()
    keys.type("Обяснихме сроковете и отстъпката.")
    keys.tab()
    keys.press(DOWN)  # level: information
    keys.tab()
    keys.press(DOWN)  # outcome: resolved
    keys.press(ENTER, CTRL)  # save and start the next one

    saved = consultations(desk_db)
    assert len(saved) == 1, form.banner.text()
    reference, name, level, outcome, consent = saved[0]
    assert (name, level, outcome, consent) == ("Иванка Петрова", "information", "resolved", 1)
    record = get_consultation(desk_db, reference)
    assert [(i.category_code, i.service_code) for i in record.issues] == [("local_taxes", None)]
    assert record.citizen.phone == "0888123456" and record.citizen.settlement == "Кресна"
    assert (record.citizen.age_band.value, record.citizen.gender.value) == ("45_64", "female")
    # The reference is shown in large letters; the next form is empty and ready.
    assert reference in form.banner.text() and form.banner.isVisible()
    assert reference in window.statusBar().currentMessage()
    assert form.citizen_box.name_edit.text() == ""
    assert keys.focus() is form.citizen_box.name_edit
    assert keys.other <= MAX_NAVIGATION_KEYS, keys.log
    assert keys.total <= MAX_NAVIGATION_KEYS + keys.typed


def test_ctrl_s_saves_and_keeps_the_form_then_updates_the_same_record(window, desk, qtbot,
                                                                      desk_db):
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # "Anonymous visitor" by mnemonic
    qtbot.waitUntil(desk.form.citizen_box.anonymous_check.isChecked)  # Qt animates the click
    fill_consultation(keys, desk.form)
    keys.press(Qt.Key.Key_S, CTRL)
    assert len(consultations(desk_db)) == 1
    reference = desk.form.last_reference
    assert reference in desk.form.banner.text()
    assert desk.form.question_edit.toPlainText() == "Въпрос"
    desk.form.question_edit.setFocus()
    keys.type(" за такса")
    keys.press(Qt.Key.Key_S, CTRL)
    assert len(consultations(desk_db)) == 1  # the same record, edited
    assert get_consultation(desk_db, reference).question == "Въпрос за такса"


def fill_consultation(keys: Keyboard, form: IntakeForm) -> None:
    form.issues_box.topic_edit.setFocus()
    keys.type("tax")
    keys.press(ENTER)
    keys.tab()
    keys.type("Въпрос")
    keys.tab()
    keys.type("Отговор")
    keys.tab()
    keys.press(DOWN)
    keys.tab()
    keys.press(DOWN)


def test_invalid_fields_are_marked_next_to_the_field_and_nothing_is_lost(window, desk, qtbot,
                                                                        desk_db):
    keys = Keyboard(qtbot)
    form = desk.form
    keys.type("Иванка Петрова")
    keys.tab(2)
    keys.type("12")  # not a phone number
    keys.press(Qt.Key.Key_S, CTRL)

    assert consultations(desk_db) == []
    citizen_rows = form.citizen_box.grid.rows
    consultation_rows = form.grid.rows

    def error_under(rows: dict, key: str) -> tuple[str, bool]:
        _label, widget, error = rows[key]
        return error.text() if error.isVisibleTo(form) else "", bool(widget.property("invalid"))

    assert error_under(citizen_rows, "consent_record") == (_(MSG_CONSENT), True)
    assert "12" in error_under(citizen_rows, "phone")[0]
    assert error_under(consultation_rows, "issues") == (_(MSG_NO_ISSUE), True)
    assert error_under(consultation_rows, "question") == (_(MSG_REQUIRED), True)
    assert error_under(consultation_rows, "help_level")[1]
    assert error_under(consultation_rows, "outcome")[1]
    # Level and outcome share a line: each message names its field.
    shared_line = error_under(consultation_rows, "outcome")[0]
    assert "Level of help" in shared_line and "Outcome" in shared_line
    assert not error_under(citizen_rows, "citizen")[1]  # the name itself is fine
    # Everything typed is still there, and the cursor is on the first problem.
    assert form.citizen_box.name_edit.text() == "Иванка Петрова"
    assert form.citizen_box.phone_edit.text() == "12"
    assert keys.focus() is form.citizen_box.phone_edit
    assert form.banner.isVisible()

    # Corrected, it saves and the marks go.
    form.citizen_box.phone_edit.clear()
    form.citizen_box.consent_record.setChecked(True)
    fill_consultation(keys, form)
    keys.press(Qt.Key.Key_S, CTRL)
    assert len(consultations(desk_db)) == 1
    assert error_under(citizen_rows, "consent_record") == ("", False)
    assert error_under(consultation_rows, "question") == ("", False)


def test_an_unnamed_visitor_must_be_marked_anonymous(window, desk, qtbot, desk_db):
    keys = Keyboard(qtbot)
    fill_consultation(keys, desk.form)
    keys.press(Qt.Key.Key_S, CTRL)
    assert consultations(desk_db) == []
    assert desk.form.citizen_box.grid.rows["citizen"][2].isVisibleTo(desk.form)
    assert keys.focus() is desk.form.citizen_box.name_edit


@pytest.mark.parametrize("failure", [
    DatabaseUnavailable(MSG_LOCKED, path="/srv/bureau.db"),
    sqlite3.OperationalError("database is locked"),
], ids=["core", "sqlite"])
def test_a_database_error_shows_a_message_and_keeps_the_form(window, desk, qtbot, desk_db,
                                                             monkeypatch, message_boxes,
                                                             failure):
    import bureau.consultations.operations

    if isinstance(failure, sqlite3.Error):
        failure.sqlite_errorcode = 5  # SQLITE_BUSY, as SQLite itself sets it

    def broken(*_args, **_kwargs):
        raise failure

    # The store under the desk's core operation fails.
    monkeypatch.setattr(bureau.consultations.operations, "save_consultation", broken)
    keys = Keyboard(qtbot)
    keys.type("Иванка Петрова")
    desk.form.citizen_box.consent_record.setChecked(True)
    fill_consultation(keys, desk.form)
    keys.press(ENTER, CTRL)
    assert [kind for kind, _title, _text in message_boxes.shown] == ["critical"]
    assert "busy" in message_boxes.shown[0][2]  # the core's message naming the way out
    assert desk.form.citizen_box.name_edit.text() == "Иванка Петрова"
    assert desk.form.question_edit.toPlainText() == "Въпрос"
    assert desk.form.record_id is None


def test_returning_citizen_found_by_latin_letters_and_linked(window, desk, qtbot, desk_db):
    lookup = CatalogueLookup(desk_db)
    raw = {"occurred_at": "2026-10-14 10:30", "channel": "phone",
           "advisor_id": desk.context.advisor_id,
           "citizen": {"full_name": "Иванка Петрова", "settlement": "Кресна"},
           "issues": [("local_taxes", None)], "question": "Q", "answer": "A",
           "help_level": "information", "outcome": "resolved", "consent_record": True}
    save_consultation(desk_db, validate_consultation(raw, lookup), lookup)
    keys = Keyboard(qtbot)
    field = desk.form.citizen_box.name_edit
    keys.type("ivanka petr")
    qtbot.waitUntil(field.suggestions_visible)  # after the 150 ms pause in typing
    shown = field.suggestion_list()
    assert shown.count() == 1
    assert "Иванка Петрова" in shown.item(0).text() and "Кресна" in shown.item(0).text()
    keys.press(DOWN)
    keys.press(ENTER)
    box = desk.form.citizen_box
    assert box.linked is not None and box.linked.full_name == "Иванка Петрова"
    assert field.text() == "Иванка Петрова"
    assert not box.phone_edit.isVisibleTo(box)  # a known person's details are not asked again
    keys.tab(2)  # anonymous, then straight to the consent on file, confirmed in one stop
    assert keys.focus() is box.consents_confirmed and box.consents_confirmed.isChecked()
    assert box.consent_record.isChecked()
    keys.tab()
    assert keys.focus() is desk.form.issues_box.topic_edit
    fill_consultation(keys, desk.form)
    keys.press(Qt.Key.Key_S, CTRL)
    rows = consultations(desk_db)
    assert len(rows) == 2 and rows[1][1] == "Иванка Петрова"
    assert rows[1][4] == 1  # the consent confirmed is recorded with the visit
    assert desk_db.execute("SELECT count(*) FROM citizens").fetchone()[0] == 1
    # Typing over a picked name lets the person go again.
    field.setFocus()
    keys.type("x")
    assert box.linked is None and box.phone_edit.isVisibleTo(box)


def test_topics_added_and_removed_from_the_keyboard(window, desk, qtbot):
    keys = Keyboard(qtbot)
    issues = desk.form.issues_box
    issues.topic_edit.setFocus()
    keys.type("tax")
    keys.press(ENTER)
    keys.type("health")
    keys.press(ENTER)
    assert [i.category_code for i in issues.issues] == ["local_taxes", "health"]
    keys.press(Qt.Key.Key_Backspace)  # in the empty field: the last one goes
    assert [i.category_code for i in issues.issues] == ["local_taxes"]
    keys.type("health")
    keys.press(ENTER)
    keys.press(DOWN)  # into the list
    assert keys.focus() is issues.list
    keys.press(Qt.Key.Key_Up)
    keys.press(Qt.Key.Key_Delete)
    assert [i.category_code for i in issues.issues] == ["health"]


def test_text_typed_in_the_topic_field_is_never_dropped(window, desk, qtbot, desk_db):
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(desk.form.citizen_box.anonymous_check.isChecked)
    fill_consultation(keys, desk.form)
    desk.form.issues_box.topic_edit.setText("pasport")  # typed, not chosen, not a topic
    keys.press(Qt.Key.Key_S, CTRL)
    assert consultations(desk_db) == []
    _label, _widget, error = desk.form.grid.rows["issues"]
    assert "pasport" in error.text()
    desk.form.issues_box.topic_edit.setText("Health")  # a name the catalogue knows
    keys.press(Qt.Key.Key_S, CTRL)
    record = get_consultation(desk_db, consultations(desk_db)[0][0])
    assert [i.category_code for i in record.issues] == ["local_taxes", "health"]
    assert desk.form.issues_box.list.count() == 2 and not desk.form.issues_box.topic_edit.text()


def test_topics_are_found_by_their_name_in_any_language(window, desk, qtbot):
    keys = Keyboard(qtbot)
    issues = desk.form.issues_box
    issues.topic_edit.setFocus()
    keys.type("данъ")  # the Bulgarian name, typed at an English (or Russian) desk
    shown = issues.topic_edit.suggestion_list()
    assert shown.item(0).text() == "Local taxes and fees"  # shown in the UI language
    keys.type("\b\b\b\b")
    keys.type("налог")  # Russian
    assert shown.item(0).text() == "Local taxes and fees"


def test_ctrl_n_asks_before_emptying_a_typed_form(window, desk, qtbot, message_boxes):
    keys = Keyboard(qtbot)
    keys.type("Иванка")
    message_boxes.answer = message_boxes.answer.No
    keys.press(Qt.Key.Key_N, CTRL)
    assert desk.form.citizen_box.name_edit.text() == "Иванка"
    message_boxes.answer = message_boxes.answer.Yes
    keys.press(Qt.Key.Key_N, CTRL)
    assert desk.form.citizen_box.name_edit.text() == ""
    assert [kind for kind, _title, _text in message_boxes.shown] == ["question", "question"]
