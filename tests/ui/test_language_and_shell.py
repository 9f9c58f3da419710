"""The shell: pages, shortcuts, status bar, window state; the language switch at run time."""

from __future__ import annotations

import datetime as dt
import re

from bureau_desk.shell.context import KEY_ADVISOR, DeskContext, app_settings
from bureau_desk.shell.main_window import MainWindow
from bureau_desk.shell.navigation import PAGES
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QLabel

from bureau.database.settings import get_setting
from bureau.domain import Role
from bureau.i18n import get_locale
from bureau.signals.register import register_signal
from bureau.trust.advisors import add_advisor, advisor_id_by_name
from tests.acting import acting
from tests.ui.keys import Keyboard


def question_label(window: MainWindow) -> QLabel:
    return window.page("desk").form.grid.rows["question"][0]


def test_language_switch_relabels_open_pages_and_windows_at_once(window, fake_catalogues,
                                                                 context):
    from bureau_desk.dialogs.help import HelpDialog
    from bureau_desk.shell.language import qt_translation_loaded

    settings = window.show_page("settings")
    combo = settings.display_tab.language_combo
    combo.setCurrentIndex(combo.findData("bg"))
    assert get_locale() == "bg"
    assert question_label(window).text() == "&Въпрос"
    assert window.page("desk").form.consultation_box.title() == "Консултация"
    assert window.page_list.item(0).text() == "Бюро"
    help_dialog = HelpDialog(window)
    help_dialog.show()

    combo.setCurrentIndex(combo.findData("ru"))
    assert get_locale() == "ru"
    assert question_label(window).text() == "&Вопрос"
    assert window.page("desk").form.consultation_box.title() == "Консультация"
    assert window.page_list.item(0).text() == "Приём"
    register = window.page("register")
    assert register.model.headerData(0, Qt.Orientation.Horizontal) is not None
    # Qt's own dialogs follow (qtbase_ru.qm from PySide6's translations folder).
    assert qt_translation_loaded()
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Отмена"
    # Stored in the database for the next start.
    assert get_setting(context.db, "language") == "ru"
    help_dialog.close()


def test_every_page_opens_and_ctrl_digits_switch_pages(window, qtbot, context, desk_db):
    officer = add_advisor(desk_db, "Елена Маринова", Role.SIGNALS_OFFICER)
    context.set_advisor(officer)  # the one who may see every page
    keys = Keyboard(qtbot)
    for number, spec in enumerate(PAGES, start=1):
        keys.press(getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
        assert window.current_page_key() == spec.key
        assert window.page_list.currentRow() == number - 1


def test_the_signals_page_is_absent_for_everybody_but_the_officer(window, qtbot, context,
                                                                  desk_db):
    # Issue #14, item 7: an advisor saw the Signals entry and "contains 1 signal".
    officer = add_advisor(desk_db, "Елена Маринова", Role.SIGNALS_OFFICER)
    register_signal(desk_db, {"received_on": dt.date.today() - dt.timedelta(days=9),
                              "channel": "letter", "anonymous": True, "status": "received",
                              "description": "Обществена поръчка с един участник."},
                    by=acting(desk_db, Role.SIGNALS_OFFICER))
    row = next(i for i, spec in enumerate(PAGES) if spec.key == "signals")
    keys = Keyboard(qtbot)
    for advisor in (desk_db.coordinator_id, advisor_id_by_name(desk_db, "Петър Ангелов")):
        context.set_advisor(advisor)
        assert window.page_list.item(row).isHidden()
        keys.press(getattr(Qt.Key, f"Key_{row + 1}"), Qt.KeyboardModifier.ControlModifier)
        assert window.current_page_key() != "signals"
        window.show_page("signals")
        assert window.current_page_key() == "desk"
    context.set_advisor(officer)
    assert not window.page_list.item(row).isHidden()
    keys.press(getattr(Qt.Key, f"Key_{row + 1}"), Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "signals"
    context.set_advisor(desk_db.coordinator_id)  # the officer hands over the desk
    assert window.current_page_key() == "desk" and window.page_list.item(row).isHidden()


def test_f1_opens_help_with_the_shortcuts(window, qtbot):
    from bureau_desk.dialogs.help import HelpDialog

    Keyboard(qtbot).press(Qt.Key.Key_F1)
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, HelpDialog)]
    assert shown and shown[0].isVisible()
    assert "Ctrl+Enter" in shown[0].text.toPlainText()
    shown[0].close()


def test_status_bar_and_advisor_on_duty_remembered(window, context, desk_db):
    assert "Today: 0 consultations" in window.today_label.text()
    assert str(context.db_path) in window.db_label.text()
    combo = window.advisor_combo
    assert combo.currentText() == "Мария Стоянова"  # the coordinator by default
    combo.setCurrentIndex(combo.findText("Петър Ангелов"))
    assert context.advisor().full_name == "Петър Ангелов"
    assert int(app_settings().value(KEY_ADVISOR)) == context.advisor_id
    again = DeskContext(desk_db, context.db_path)
    assert again.advisor_id == context.advisor_id


def test_window_geometry_is_remembered(window, context, qtbot):
    window.resize(760, 540)  # within the offscreen screen's 800 x 600
    window.close()
    second = MainWindow(context)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (760, 540)


def test_desk_form_inputs_have_labels_mnemonics_and_accessible_names(window):
    form = window.page("desk").form
    mnemonics = []
    for grid in (form.citizen_box.grid, form.grid):
        for key, (label, widget, _error) in grid.rows.items():
            assert widget.accessibleName(), key
            text = label.text() if label is not None else getattr(widget, "text", lambda: "")()
            if label is None and not text:
                continue  # an input sharing a row: its own small label is checked below
            assert "&" in text, key
            mnemonics.append(re.search(r"&(\w)", text).group(1).lower())
    for small in (form.outcome_label, form.satisfaction_label, form.channel_label):
        assert small.buddy() is not None
        mnemonics.append(re.search(r"&(\w)", small.text()).group(1).lower())
    mnemonics.append(re.search(r"&(\w)", window.advisor_label.text()).group(1).lower())
    assert len(mnemonics) == len(set(mnemonics)), sorted(mnemonics)
