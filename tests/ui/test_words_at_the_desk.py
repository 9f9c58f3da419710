"""Words a volunteer reads: help headings, the signed-out screen and the merge note,
right in bg and ru and right for a desk with sign-in."""

from __future__ import annotations

import pytest
from bureau_desk.dialogs.help import HelpDialog
from bureau_desk.shell.language import apply_language
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from bureau.i18n import _
from bureau.trust.accounts import MAINTENANCE, authenticate, set_credentials
from bureau.trust.advisors import advisor_id_by_name
from tests.ui.test_first_run_and_citizens import add_visit


@pytest.fixture(autouse=True)
def _windows_deleted_afterwards():
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


HEADINGS = {"bg": ("Как се записва консултация", "Клавишни комбинации"),
            "ru": ("Как записать консультацию", "Сочетания клавиш")}


@pytest.mark.parametrize("language", ["bg", "ru"])
def test_the_help_headings_are_translated(qtbot, language):
    apply_language(language)  # (windows of other tests are left alone)
    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    for heading in HEADINGS[language]:
        assert heading in text
    assert "How to record" not in text and "Keyboard shortcuts" not in text
    assert "Ctrl+Shift+P" in text  # the preview has its own keys, listed


SIGNED_OUT = {"bg": "Излязохте от профила", "ru": "Вы вышли из системы"}


@pytest.mark.parametrize("language", ["bg", "ru"])
def test_the_signed_out_screen_says_the_person_is_signed_out(window, desk_db, language):
    set_credentials(desk_db, desk_db.coordinator_id, "maria", "korona-2026", by=MAINTENANCE)
    window.context.sign_in(authenticate(desk_db, "maria", "korona-2026"))
    apply_language(language)
    window.retranslate()
    window.sign_out_action.trigger()
    title = window.lock_screen.title.text()
    assert title == SIGNED_OUT[language]
    assert title != _("Sign out")  # a state, not the action's name


def test_with_sign_in_the_merge_note_says_the_coordinator_signs_in(window, desk_db):
    add_visit(desk_db, desk_db.coordinator_id, "Иванка Петрова")
    add_visit(desk_db, desk_db.coordinator_id, "Иванка Петрова")
    set_credentials(desk_db, desk_db.coordinator_id, "maria", "korona-2026", by=MAINTENANCE)
    petar = advisor_id_by_name(desk_db, "Петър Ангелов")
    set_credentials(desk_db, petar, "petar", "petar-password", by=MAINTENANCE)
    window.context.sign_in(authenticate(desk_db, "petar", "petar-password"))
    page = window.show_page("citizens")
    page.duplicates_view.selectRow(0)
    assert not page.merge_button.isEnabled()
    note = page.duplicates_note.text()
    assert "signs in" in note and "advisor on duty" not in note
