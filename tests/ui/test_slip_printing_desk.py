"""Slips from the desk: Ctrl+P and the "Print slip" button after saving print the
consultation just saved, in the chosen language; the record dialog reprints.

The print dialogs are stood in for: either ``bureau_desk.shell.printing.print_slip`` is
recorded, or the path with no printer is taken and "Save as PDF" is answered
with a file in the test's folder (the slip is then built and recorded for real).
"""

from __future__ import annotations

import datetime as dt

import pytest
from bureau_desk.shell import printing
from PySide6.QtCore import Qt

from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import save_consultation
from bureau.slips import slip_prints
from bureau.validation import validate_consultation
from tests.ui.windows_left import delete_new_windows  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("delete_new_windows")


@pytest.fixture
def saved(desk_db) -> tuple[int, str]:
    lookup = CatalogueLookup(desk_db)
    raw = {"occurred_at": dt.datetime(2026, 10, 14, 10, 30), "channel": "in_person",
           "advisor_id": desk_db.coordinator_id, "citizen": {"full_name": "Иванка Петрова"},
           "issues": [("local_taxes", None)], "question": "Как се плаща данък сгради?",
           "answer": "Обяснихме сроковете.", "help_level": "information",
           "outcome": "resolved", "consent_record": True}
    return save_consultation(desk_db, validate_consultation(raw, lookup), lookup)


@pytest.fixture
def recorded(monkeypatch) -> list[tuple]:
    calls: list[tuple] = []

    def print_slip(parent, db_path, consultation_id, locale=None, fmt=None, *,  # noqa: ANN001, ANN202
                   printed_by=None, preview=True):
        calls.append((parent, db_path, consultation_id, locale, printed_by))
        return "print"

    monkeypatch.setattr(printing, "print_slip", print_slip)
    return calls


@pytest.fixture
def no_printer(monkeypatch, tmp_path):
    """No printer: the desk offers "Save as PDF", which is answered with a file here."""
    monkeypatch.setattr(printing, "printers_available", lambda: False)
    monkeypatch.setattr(printing, "ask_save_instead", lambda _parent, _problem: True)
    monkeypatch.setattr(printing, "choose_save_path",
                        lambda _parent, name: str(tmp_path / name))
    return tmp_path


def test_ctrl_p_before_saving_only_says_what_to_do(qtbot, window, recorded):
    desk = window.pages["desk"]
    with qtbot.waitSignal(window.context.status_message) as message:
        qtbot.keyClick(desk.form.citizen_box.name_edit, Qt.Key.Key_P,
                       Qt.KeyboardModifier.ControlModifier)
    assert recorded == []
    assert "Save the consultation first" in message.args[0]
    assert not desk.slip_bar.isVisible()


def test_ctrl_p_prints_the_slip_just_saved_in_the_chosen_language(qtbot, window, recorded,
                                                                  saved, desk_db):
    desk = window.pages["desk"]
    consultation_id, reference = saved
    desk.form.saved.emit(consultation_id, reference)
    assert desk.slip_bar.isVisible() and reference in desk.saved_label.text()
    assert desk.slip_language_combo.locale() == "bg"  # the UI speaks English: bg first
    desk.slip_language_combo.setCurrentIndex(desk.slip_language_combo.findData("ru"))
    desk.form.focus_first()
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert recorded == [(desk, window.context.db_path, consultation_id, "ru",
                         desk_db.coordinator_id)]
    desk.print_button.click()
    assert len(recorded) == 2


def test_the_button_prints_for_real_and_the_print_is_recorded(qtbot, window, saved, desk_db,
                                                              no_printer):
    desk = window.pages["desk"]
    consultation_id, reference = saved
    desk.form.saved.emit(consultation_id, reference)
    desk.slip_language_combo.setCurrentIndex(desk.slip_language_combo.findData("ru"))
    assert desk.print_slip_requested() == "pdf"
    assert (no_printer / f"Slip {reference}.pdf").read_bytes().startswith(b"%PDF")
    prints = slip_prints(desk_db, consultation_id)
    assert [(p.locale, p.kind, p.printed_by) for p in prints] == [
        ("ru", "pdf", desk_db.coordinator_id)]


def test_the_record_dialog_reprints(qtbot, window, saved, desk_db, no_printer):
    from bureau_desk.dialogs.record import open_record

    consultation_id, _reference = saved
    dialog = open_record(window.context, consultation_id, window)
    qtbot.addWidget(dialog)
    assert dialog.print_button.isVisible()
    for _time in range(2):
        dialog.print_button.click()
    assert [p.kind for p in slip_prints(desk_db, consultation_id)] == ["pdf", "pdf"]


def answer_when_shown(qtbot, seen: list, key: Qt.Key) -> None:
    """Once a modal dialog is up with its focus settled, note what has it, then press a key.

    Gives up after two seconds: the dialog is closed and what had the focus is noted.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    def look(tries: int = 100) -> None:
        dialog = QApplication.activeModalWidget()
        focus = QApplication.focusWidget()
        settled = focus is not None and getattr(focus, "isDefault", bool)()
        if dialog is None or (not settled and tries > 0):
            QTimer.singleShot(20, lambda: look(tries - 1))
            return
        seen.append((type(dialog).__name__, getattr(focus, "text", str)(),
                     focus is not None and focus.hasFocus(),
                     dialog.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)))
        if settled:
            qtbot.keyClick(focus, key)
        elif isinstance(dialog, QDialog):
            dialog.reject()

    QTimer.singleShot(0, look)


@pytest.fixture
def a_printer(monkeypatch) -> list:
    """A printer is there; what would be painted onto it is counted instead."""
    painted: list = []
    monkeypatch.setattr(printing, "printers_available", lambda: True)
    monkeypatch.setattr(printing, "paint_pdf",
                        lambda printer, pages: painted.append(len(pages)) or len(pages))
    return painted


def test_ctrl_p_prints_through_the_print_dialog_from_the_keyboard(qtbot, window, saved, desk_db,
                                                                  a_printer):
    desk = window.pages["desk"]
    consultation_id, reference = saved
    desk.form.saved.emit(consultation_id, reference)
    desk.form.focus_first()
    seen: list = []
    answer_when_shown(qtbot, seen, Qt.Key.Key_Return)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    # The print dialog, not a preview; Enter lands on its visibly focused Print button.
    assert seen == [("QPrintDialog", "&Print", True, True)]
    assert a_printer == [1]
    assert [p.kind for p in slip_prints(desk_db, consultation_id)] == ["print"]


def test_ctrl_shift_p_previews_and_ctrl_p_prints_from_the_preview(qtbot, window, saved, desk_db,
                                                                  a_printer, monkeypatch):
    from PySide6.QtPrintSupport import QPrintPreviewDialog
    from PySide6.QtWidgets import QToolBar

    desk = window.pages["desk"]
    consultation_id, reference = saved
    desk.form.saved.emit(consultation_id, reference)
    assert "Ctrl+Shift+P" in desk.preview_button.text()
    shortcuts: list = []

    def exec_(dialog: QPrintPreviewDialog) -> int:
        toolbar = dialog.findChild(QToolBar)
        shortcuts.extend(a.shortcut().toString() for a in toolbar.actions()
                         if a.text() == "Print")
        return 0  # closed without printing

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)
    desk.form.focus_first()
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert shortcuts == ["Ctrl+P"]
    assert slip_prints(desk_db, consultation_id) == []
