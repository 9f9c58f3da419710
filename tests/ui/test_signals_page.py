"""The Signals page: a notice for everybody but the signals officer; for the officer
the register, a new signal, a change that becomes revision 2, the history, and
the receipt and analysis PDFs."""

from __future__ import annotations

import datetime as dt

import pytest
from bureau_desk.dialogs.signal import HistoryDialog, SignalDialog
from bureau_desk.pages.signals import SignalsPage
from bureau_desk.shell import printing

from bureau.domain import Role
from bureau.signals.register import get_signal, register_signal
from bureau.trust.accounts import Account
from bureau.trust.advisors import add_advisor
from tests.acting import acting
from tests.ui.windows_left import delete_new_windows  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("delete_new_windows")


def accepting(fill):  # noqa: ANN001, ANN201 - a stand-in for QDialog.exec
    def exec_(self):  # noqa: ANN001, ANN202
        fill(self)
        self.accept()
        return self.result()
    return exec_


@pytest.fixture
def officer(desk_db) -> int:
    return add_advisor(desk_db, "Елена Маринова", Role.SIGNALS_OFFICER)


@pytest.fixture
def page(qtbot, context):
    widget = SignalsPage(context)
    qtbot.addWidget(widget)
    widget.resize(1100, 650)
    widget.show()
    widget.refresh()
    return widget


def as_officer(context, officer: int) -> None:  # noqa: ANN001
    """The officer signed in for the session: only their password opens the register (#14)."""
    context.sign_in(Account(officer, "Елена Маринова", "elena", Role.SIGNALS_OFFICER, False))


def a_signal(db, role: Role = Role.SIGNALS_OFFICER, **changes: object):  # noqa: ANN201
    raw = {"received_on": dt.date.today() - dt.timedelta(days=90), "channel": "letter",
           "anonymous": False, "submitter_name": "Георги Илиев", "submitter_contact": "0888 123 456",
           "description": "Обществена поръчка с един участник.", "status": "received"}
    return register_signal(db, {**raw, **changes}, by=acting(db, role)).answer()


def test_an_advisor_sees_only_that_the_register_exists(qtbot, page, context, desk_db, officer):
    a_signal(desk_db)
    a_signal(desk_db, anonymous=True)
    context.set_advisor(desk_db.coordinator_id)  # a coordinator is not the officer either
    page.refresh()  # as when the page is shown
    assert page.stack.currentWidget() is page.notice
    # Not even how many signals the register holds (issue #14, item 7).
    assert "2" not in page.notice.text() and "signals." not in page.notice.text()
    assert "only the signals officer" in page.notice.text()
    assert page.model.rows == []
    as_officer(context, officer)
    assert page.stack.currentWidget() is page.register
    assert len(page.model.rows) == 2
    context.sign_in(None)  # the officer signs out and hands the desk over
    context.set_advisor(desk_db.coordinator_id)
    assert page.model.rows == []  # nothing confidential left behind


def test_new_signal_then_a_change_makes_revision_two(qtbot, page, context, desk_db, officer,
                                                     monkeypatch):
    as_officer(context, officer)

    def fill_new(dialog: SignalDialog) -> None:
        assert dialog.deadline_edit.text()  # the core's default, shown
        dialog.name_edit.setText("Мария Петрова")
        dialog.description_edit.setPlainText("Поискан подкуп за разрешение за строеж.")
        dialog.unit_combo.setCurrentIndex(1)
        dialog.area_combo.setCurrentIndex(2)

    monkeypatch.setattr(SignalDialog, "exec", accepting(fill_new))
    page.new_button.click()
    assert len(page.model.rows) == 1
    signal = page.selected()
    assert signal.revision == 1 and signal.unit and signal.area
    assert page.receipt_button.isEnabled()

    monkeypatch.setattr(SignalDialog, "exec", accepting(
        lambda dialog: (dialog.status_combo.set_value("forwarded"),
                        dialog.forwarded_edit.setText("Прокуратура"))))
    page.edit_button.click()
    changed = get_signal(desk_db, signal.id, role=Role.SIGNALS_OFFICER)
    assert changed.revision == 2 and changed.forwarded_to == "Прокуратура"
    assert page.selected().status.value == "forwarded"

    history = HistoryDialog(context, changed, page)
    qtbot.addWidget(history)
    text = history.browser.toPlainText()
    assert text.count("Revision ") == 2
    assert "Revision 2" in text and "Елена Маринова" in text
    assert "Status: \u201cForwarded\u201d" in text and "Forwarded to: \u201cПрокуратура\u201d" in text
    assert text.index("Revision 2") < text.index("Revision 1")  # newest first


def test_validation_messages_sit_under_their_fields(qtbot, context, officer):
    as_officer(context, officer)
    dialog = SignalDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    for key in ("submitter_name", "description"):
        assert dialog.grid.rows[key][2].isVisible(), key
    assert dialog.signal is None and dialog.isVisible()
    dialog.anonymous_check.setChecked(True)  # no name then: the rows go away
    assert not dialog.name_edit.isVisible() and not dialog.contact_edit.isVisible()
    dialog.deadline_edit.setText("01.01.2000")
    dialog.accept()
    assert dialog.grid.rows["deadline"][2].isVisible()  # earlier than the receipt
    assert not dialog.grid.rows["submitter_name"][2].isVisible()


def test_receipt_and_analysis_are_previewed(qtbot, page, context, desk_db, officer, monkeypatch):
    as_officer(context, officer)
    anonymous = a_signal(desk_db, anonymous=True)
    named = a_signal(desk_db)
    page.refresh()
    shown: list[tuple[str, bytes]] = []
    monkeypatch.setattr(printing, "preview_pdf",
                        lambda _parent, pdf, title: shown.append((title, pdf)) or "print")
    page.select_record(anonymous.id)
    assert not page.receipt_button.isEnabled()  # nobody to give it to
    page.select_record(named.id)
    page.language_combo.setCurrentIndex(page.language_combo.findData("ru"))
    page.receipt_button.click()
    page.analysis_button.click()
    assert [title for title, _pdf in shown] == [
        f"Receipt {named.number}",
        f"Signals 01.01.{dt.date.today().year} \u2013 {dt.date.today():%d.%m.%Y}"]
    assert all(pdf.startswith(b"%PDF") for _title, pdf in shown)


def test_overdue_signals_are_highlighted(qtbot, page, context, desk_db, officer):
    as_officer(context, officer)
    late = a_signal(desk_db)  # received 90 days ago: the two-month deadline has passed
    on_time = a_signal(desk_db, received_on=dt.date.today())
    page.refresh()
    by_id = {s.id: s for s in page.model.rows}
    assert page.model.highlighted(by_id[late.id])
    assert page.model.highlighted(by_id[on_time.id]) is None
    assert "1 past its deadline" in page.count_label.text()
