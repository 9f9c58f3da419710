"""Issue #14: "guessing is slowed, audited, and shown to a coordinator". The audit tab
shows, in words, each login that failed to sign in since its last good sign-in and
until when its next try is refused; an advisor sees none of it."""

from __future__ import annotations

import datetime as dt

import pytest
from bureau_desk.settings.audit import AuditTab

from bureau.domain import BureauError, Role
from bureau.i18n import format_datetime, use_locale
from bureau.trust import throttle
from bureau.trust.accounts import MAINTENANCE, authenticate, set_credentials
from bureau.trust.advisors import add_advisor

PASSWORD = "a long password"


def guess(db, login: str, times: int, now: dt.datetime) -> None:
    for attempt in range(times):
        with pytest.raises(BureauError):
            authenticate(db, login, f"guess {attempt}", now=now)


@pytest.fixture
def tab(qtbot, context):
    widget = AuditTab(context)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def local(instant: dt.datetime) -> str:
    return format_datetime(instant.astimezone().replace(tzinfo=None), "short")


def test_the_coordinator_sees_who_is_delayed_and_until_when(qtbot, tab, context, desk_db):
    anna = add_advisor(desk_db, "Анна Илиева")
    set_credentials(desk_db, anna, "anna", PASSWORD, by=MAINTENANCE)
    now = throttle.utc_now()
    guess(desk_db, "anna", 3, now)  # the third failure brings a wait
    guess(desk_db, "nobody", 1, now)  # an unknown login counts too: it is being tried
    tab.refresh()
    text = tab.failures.text()
    assert tab.failures.isVisible()
    until = throttle.state(desk_db, "anna").next_allowed_at
    assert until is not None and until > now
    assert ("\u201canna\u201d: 3 failed sign-ins in a row; the next try is refused until "
            f"{local(until)}.") in text
    assert "\u201cnobody\u201d: 1 failed sign-in in a row." in text
    assert text.index("anna") < text.index("nobody")  # most failures first
    assert PASSWORD not in text and "guess 0" not in text  # never what was typed


def test_a_good_sign_in_clears_it(qtbot, tab, context, desk_db):
    anna = add_advisor(desk_db, "Анна Илиева")
    set_credentials(desk_db, anna, "anna", PASSWORD, by=MAINTENANCE)
    earlier = throttle.utc_now() - dt.timedelta(hours=2)
    guess(desk_db, "anna", 2, earlier)
    tab.refresh()
    assert "\u201canna\u201d: 2 failed sign-ins in a row." in tab.failures.text()
    authenticate(desk_db, "anna", PASSWORD)
    tab.refresh()
    assert tab.failures.text() == "" and not tab.failures.isVisible()


def test_an_advisor_sees_no_failures(qtbot, tab, context, desk_db):
    guess(desk_db, "anna", 3, throttle.utc_now())
    volunteer = add_advisor(desk_db, "Петя Доброволка", Role.ADVISOR)
    context.set_advisor(volunteer)
    tab.refresh()
    assert tab.failures.text() == "" and not tab.failures.isVisible()
    assert tab.model.rowCount() == 0


@pytest.mark.parametrize("locale, expected", [
    ("bg", "\u201eanna\u201c: 3 неуспешни опита за вход подред; следващият опит се отказва до"),
    ("ru", "\u00abanna\u00bb: 3 неудачные попытки входа подряд; следующая попытка отклоняется до"),
])
def test_in_bulgarian_and_russian(qtbot, tab, context, desk_db, locale, expected):
    guess(desk_db, "anna", 3, throttle.utc_now())
    with use_locale(locale):
        tab.refresh()
        assert expected in tab.failures.text()
    tab.refresh()
