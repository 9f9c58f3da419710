"""The intake's date and time follow the clock until the volunteer changes them:
the visit is saved at the minute it is saved, not when the form was emptied."""

from __future__ import annotations

import datetime as dt

import pytest
from bureau_desk.widgets import field_inputs
from PySide6.QtCore import QDateTime, Qt

from bureau.consultations.store import get_consultation
from tests.ui.windows_left import delete_new_windows  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("delete_new_windows")


class Clock:
    def __init__(self) -> None:
        self.at = dt.datetime(2026, 10, 14, 2, 20, 5)

    def __call__(self) -> QDateTime:
        return QDateTime(self.at)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(field_inputs, "now", clock)
    return clock


def fill(form) -> None:
    form.citizen_box.anonymous_check.setChecked(True)
    form.issues_box.topic_edit.setText("local_taxes")
    form.question_edit.setPlainText("Как се плаща данъкът?")
    form.answer_edit.setPlainText("В касата на общината.")
    form.level_combo.set_value("information")
    form.outcome_combo.set_value("resolved")


def shown(form) -> dt.datetime:
    return form.when_edit.dateTime().toPython()


def test_the_time_follows_the_clock_and_is_saved_when_saved(window, clock):
    form = window.show_page("desk").form
    form.new_form(confirm=False)
    assert shown(form).strftime("%H:%M") == "02:20"
    fill(form)
    clock.at = dt.datetime(2026, 10, 14, 2, 21, 40)
    assert form.clock_timer.isActive()
    form.clock_timer.timeout.emit()  # the form's tick, without waiting for it
    assert shown(form).strftime("%H:%M") == "02:21"
    clock.at = dt.datetime(2026, 10, 14, 2, 22, 10)
    consultation_id, _reference = form.save()
    assert get_consultation(window.context.db, consultation_id).occurred_at == dt.datetime(
        2026, 10, 14, 2, 22)
    # Saved: the record's time is kept, even when the form is saved again later.
    clock.at = dt.datetime(2026, 10, 14, 2, 30)
    form.question_edit.setPlainText("Как се плаща данъкът за сгради?")
    form.save()
    assert get_consultation(window.context.db, consultation_id).occurred_at == dt.datetime(
        2026, 10, 14, 2, 22)


def test_a_time_typed_by_the_volunteer_is_kept(window, clock, qtbot):
    form = window.show_page("desk").form
    form.new_form(confirm=False)
    fill(form)
    form.when_edit.setFocus()
    form.when_edit.setCurrentSection(form.when_edit.Section.HourSection)
    qtbot.keyClick(form.when_edit, Qt.Key.Key_Down)  # the visit was an hour earlier
    typed = shown(form)
    assert typed.hour == 1
    clock.at = dt.datetime(2026, 10, 14, 2, 40)
    form.inputs["occurred_at"].tick()
    assert shown(form) == typed
    consultation_id, _reference = form.save()
    assert get_consultation(window.context.db, consultation_id).occurred_at.hour == 1
