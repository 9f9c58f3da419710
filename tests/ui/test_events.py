"""The Events page: add, change and delete events; listed by period with totals."""

from __future__ import annotations

import datetime as dt

import pytest
from bureau_desk.pages.events import EventDialog, EventsPage

from bureau.events import add_event, list_events
from tests.ui.windows_left import delete_new_windows  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("delete_new_windows")


def accepting(fill):  # noqa: ANN001, ANN201 - a stand-in for QDialog.exec
    def exec_(self):  # noqa: ANN001, ANN202
        fill(self)
        self.accept()
        return self.result()
    return exec_


@pytest.fixture
def page(qtbot, context):
    widget = EventsPage(context)
    qtbot.addWidget(widget)
    widget.show()
    widget.from_edit.setDate(dt.date(2026, 1, 1))
    widget.to_edit.setDate(dt.date(2026, 12, 31))
    return widget


def test_add_change_and_delete(qtbot, page, desk_db, monkeypatch, message_boxes):
    def fill(dialog: EventDialog) -> None:
        dialog.kind_combo.set_value("campaign")
        dialog.day_edit.setDate(dt.date(2026, 3, 12))
        dialog.title_edit.setText("Кампания за местните данъци")
        dialog.participants_spin.setValue(45)

    monkeypatch.setattr(EventDialog, "exec", accepting(fill))
    page.add_button.click()
    assert [(e.title, e.participants, e.kind.value) for e in page.model.rows] == [
        ("Кампания за местните данъци", 45, "campaign")]
    assert page.total_label.text() == "1 event, 45 participants"
    assert page.model.cell(page.model.rows[0], 1) == "Information campaign"

    page.view.selectRow(0)
    monkeypatch.setattr(EventDialog, "exec", accepting(
        lambda dialog: dialog.participants_spin.setValue(60)))
    page.edit_button.click()
    assert list_events(desk_db)[0].participants == 60

    message_boxes.answer = message_boxes.answer.Yes
    page.view.selectRow(0)
    page.delete_button.click()
    assert list_events(desk_db) == [] and page.model.rows == []
    assert message_boxes.shown[-1][0] == "question"


def test_listed_by_period(page, desk_db):
    for day, title in ((dt.date(2025, 12, 5), "Декември"), (dt.date(2026, 2, 1), "Февруари"),
                       (dt.date(2026, 6, 30), "Юни")):
        add_event(desk_db, {"kind": "open_door", "held_on": day, "title": title,
                            "participants": 10})
    page.refresh()
    assert [e.title for e in page.model.rows] == ["Юни", "Февруари"]  # newest first
    page.to_edit.setDate(dt.date(2026, 3, 31))
    assert [e.title for e in page.model.rows] == ["Февруари"]
    assert page.total_label.text() == "1 event, 10 participants"


def test_a_title_is_required(qtbot, context, desk_db):
    dialog = EventDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.grid.rows["title"][2].isVisible()
    assert dialog.isVisible() and list_events(desk_db) == []
