"""The Desk at the app's own default size (1280x720) and in the pseudo-locale at
1366x768: no sideways scrolling; the follow-ups panel by due date with whole
references and the citizens' names."""

from __future__ import annotations

import datetime as dt

import pytest
from bureau_desk.models.register import RegisterModel
from bureau_desk.shell.language import apply_language
from PySide6.QtWidgets import QApplication, QScrollArea

from bureau import i18n
from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import save_consultation
from bureau.validation import validate_consultation


def desk_at(window, width: int, height: int):
    window.resize(width, height)
    desk = window.show_page("desk")
    window.retranslate()
    QApplication.processEvents()
    return desk


def sideways(desk) -> list[str]:
    return [type(area.widget()).__name__ for area in desk.findChildren(QScrollArea)
            if area.horizontalScrollBar().isVisible()
            or area.widget().minimumSizeHint().width() > area.viewport().width()]


@pytest.mark.parametrize("language", ["en", "bg", "ru"])
def test_the_desk_fits_the_default_window(window, language):
    apply_language(language)
    desk = desk_at(window, 1280, 720)
    assert window.width() == 1280
    assert sideways(desk) == []


def test_the_desk_fits_1366x768_in_the_pseudo_locale(window, monkeypatch):
    monkeypatch.setenv(i18n.PSEUDO_ENV, "1")
    desk = desk_at(window, 1366, 768)
    assert sideways(desk) == []


def add_pending(db, advisor_id: int, visits: list[tuple[str, str, str]]) -> None:
    lookup = CatalogueLookup(db)
    for occurred, follow_up, name in visits:
        raw = {"occurred_at": occurred, "channel": "phone", "advisor_id": advisor_id,
               "citizen": {"full_name": name}, "issues": [("local_taxes", None)],
               "question": "Въпрос", "answer": "Отговор", "help_level": "information",
               "outcome": "pending", "follow_up_on": follow_up, "consent_record": True}
        save_consultation(db, validate_consultation(raw, lookup, now=dt.datetime(2026, 1, 1)),
                          lookup)


def test_the_follow_ups_are_by_due_date_with_references_and_names(window, desk_db):
    add_pending(desk_db, desk_db.coordinator_id, [
        ("2025-10-01 09:00", "2025-12-20", "Иванка Петрова"),
        ("2025-10-05 09:00", "2025-10-12", "Тодор Живков"),
        ("2025-11-02 09:00", "2025-11-15", "Мария Георгиева-Стоянова"),
    ])
    apply_language("bg")
    desk = desk_at(window, 1280, 720)
    desk.refresh()
    QApplication.processEvents()
    view = desk.follow_ups_view
    model = view.model()
    column = {c: c for c in range(model.columnCount())}
    due = [model.index(r, column[RegisterModel.COL_FOLLOW_UP]).data() for r in range(3)]
    assert due == ["12.10.2025", "15.11.2025", "20.12.2025"]
    header = view.horizontalHeader()
    viewport = view.viewport().width()
    for col in (RegisterModel.COL_FOLLOW_UP, RegisterModel.COL_REFERENCE):
        need = max(view.sizeHintForColumn(col), header.sectionSizeFromContents(col).width())
        assert header.sectionSize(col) >= need  # whole, never cut
    citizen = RegisterModel.COL_CITIZEN
    assert not view.isColumnHidden(citizen)
    assert header.sectionViewportPosition(citizen) + header.sectionSize(citizen) <= viewport
    assert header.sectionSize(citizen) >= view.fontMetrics().averageCharWidth() * 8
    assert model.index(0, citizen).data() == "Тодор Живков"
