"""Issue #14: on a desk without sign-in, choosing the signals officer as the advisor on
duty does not open the register; only the officer's password does (the Signals page
asks for it), and the core refuses the register to an officer who has not given it."""

from __future__ import annotations

import datetime as dt

import pytest
from bureau_desk.pages.signals import SignalsPage
from bureau_desk.shell.navigation import PAGES
from bureau_desk.widgets.signals_door import MSG_NOT_OFFICER

from bureau.domain import Role
from bureau.i18n import _, use_locale
from bureau.signals.register import list_signals, register_signal
from bureau.trust import audit
from bureau.trust.access import Operation, PermissionDenied
from bureau.trust.accounts import MAINTENANCE, set_credentials
from bureau.trust.advisors import add_advisor
from bureau.trust.changes import Changes
from tests.acting import acting
from tests.ui.windows_left import delete_new_windows  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("delete_new_windows")
PASSWORD = "officer's long password"
SIGNAL = {"received_on": dt.date.today() - dt.timedelta(days=3), "channel": "letter",
          "anonymous": False, "submitter_name": "Георги Илиев", "status": "received",
          "description": "Обществена поръчка с един участник."}


@pytest.fixture
def officer(desk_db) -> int:
    officer = add_advisor(desk_db, "Елена Маринова", Role.SIGNALS_OFFICER)
    register_signal(desk_db, SIGNAL, by=acting(desk_db, Role.SIGNALS_OFFICER))
    return officer


@pytest.fixture
def page(qtbot, context):
    widget = SignalsPage(context)
    qtbot.addWidget(widget)
    widget.resize(1100, 650)
    widget.show()
    return widget


def test_without_sign_in_the_officer_on_duty_does_not_open_the_register(
        window, qtbot, context, desk_db, officer):
    # No account has a password: sign-in is off, anyone may pick the officer on duty.
    context.set_advisor(officer)
    row = next(i for i, spec in enumerate(PAGES) if spec.key == "signals")
    assert not window.page_list.item(row).isHidden()  # listed: the page asks for the password
    page = window.show_page("signals")
    assert page.stack.currentWidget() is page.door
    assert page.model.rows == [] and not page.register.isVisible()
    text = page.door.heading.text()
    assert "Елена Маринова has none yet" in text and not page.door.form.isVisible()
    assert "1" not in text  # not even how many signals there are
    # The desk acts with an advisor's rights for her: the core refuses the register too.
    assert not context.allowed(Operation.READ_SIGNALS)
    assert not context.allowed(Operation.WRITE_SIGNALS)
    assert not context.allowed(Operation.GRANT_SIGNALS_OFFICER)
    with pytest.raises(PermissionDenied):
        list_signals(desk_db, role=context.role())
    with pytest.raises(PermissionDenied):
        list_signals(desk_db, role=context.acting_account())


def test_the_officers_password_opens_it_for_the_session(qtbot, page, context, desk_db, officer):
    set_credentials(desk_db, officer, "elena", PASSWORD, by=MAINTENANCE)
    context.set_advisor(officer)
    page.refresh()
    assert page.stack.currentWidget() is page.door
    assert page.door.form.isVisible() and page.door.form.login_edit.text() == "elena"
    # A wrong password: refused, audited, the register stays shut.
    page.door.form.password_edit.setText("a guess at it")
    page.door.form.sign_in_button.click()
    assert page.stack.currentWidget() is page.door and page.model.rows == []
    assert page.door.form.error.isVisible()
    assert audit.entries(desk_db, action=audit.Action.SIGN_IN_FAILED)
    assert context.account is None
    # Her password: the desk is signed in as her, the register opens.
    page.door.form.password_edit.setText(PASSWORD)
    page.door.form.sign_in_button.click()
    assert context.account is not None and context.account.id == officer
    assert page.stack.currentWidget() is page.register
    assert [s.submitter_name for s in page.model.rows] == ["Георги Илиев"]
    assert context.allowed(Operation.WRITE_SIGNALS)
    # Signing out shuts it again.
    context.sign_in(None)
    assert page.stack.currentWidget() is page.door and page.model.rows == []


def test_another_persons_password_does_not_open_it(qtbot, page, context, desk_db, officer):
    set_credentials(desk_db, officer, "elena", PASSWORD, by=MAINTENANCE)
    set_credentials(desk_db, desk_db.coordinator_id, "maria", PASSWORD, by=MAINTENANCE)
    context.set_advisor(officer)
    page.refresh()
    page.door.form.login_edit.setText("maria")
    page.door.form.password_edit.setText(PASSWORD)
    page.door.form.sign_in_button.click()
    assert context.account is None and page.stack.currentWidget() is page.door
    assert _(MSG_NOT_OFFICER) in page.door.form.error.text()


def test_an_unsigned_officer_cannot_make_another_officer(context, desk_db, officer):
    from bureau.trust.advisors import save_account

    context.set_advisor(officer)
    with pytest.raises(PermissionDenied):
        save_account(desk_db, "Втори Служител", "second", Role.SIGNALS_OFFICER,
                     "another long pw", by=context.acting_account())
    # Recording consultations, as any advisor, still works for her.
    assert context.allowed(Operation.RECORD_CONSULTATIONS)


@pytest.mark.parametrize("locale, words", [("bg", "паролата"), ("ru", "пароль")])
def test_the_door_speaks_the_desks_language(qtbot, page, context, desk_db, officer, locale,
                                            words):
    context.set_advisor(officer)
    with use_locale(locale):
        page.retranslate()
        assert words in page.door.heading.text().lower()
        assert "Елена Маринова" in page.door.heading.text()
    page.retranslate()


def test_changes_reach_the_pages(context, qtbot):
    with qtbot.waitSignal(context.records_changed):
        context.apply(Changes(events=True))
    with qtbot.waitSignal(context.settings_changed):
        context.apply(Changes(settings=True))
