"""Dialogs laid out whole: every widget a dialog makes is in its layout (none
stranded over the heading), and a dialog keeps its layout after an error."""

from __future__ import annotations

import datetime as dt

import pytest
from acting import acting
from bureau_desk.dialogs.referral import StepDialog
from bureau_desk.dialogs.sign_in import SignInDialog
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from bureau.commission.referrals import advance, create_meeting, create_referral
from bureau.domain import ReferralStatus
from bureau.trust.accounts import MAINTENANCE, set_credentials
from tests.ui.layout_checks import cramped, overlaps
from tests.ui.test_commission_page import consultation
from tests.ui.windows_left import delete_new_windows  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("delete_new_windows")
S = ReferralStatus


def shown(qtbot, dialog: QWidget) -> QWidget:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    return dialog


def referral_before(db, wanted: S):
    referral = create_referral(db, consultation(db, db.coordinator_id), "Отказ без мотиви",
                               consent_given=True, by=acting(db)).value
    meeting = create_meeting(db, dt.date.today(), "Зала", by=acting(db)).value
    path = {S.ON_AGENDA: [S.SUBMITTED], S.DECIDED: [S.SUBMITTED, S.ON_AGENDA],
            S.INFORMED: [S.SUBMITTED, S.ON_AGENDA, S.DECIDED]}[wanted]
    for step in path:
        referral = advance(db, referral.id, step, meeting_id=meeting.id, decision="Да.",
                           by=acting(db)).value
    return referral


@pytest.mark.parametrize("wanted", [S.ON_AGENDA, S.DECIDED, S.INFORMED])
def test_a_step_dialog_lays_out_every_widget_it_makes(qtbot, context, desk_db, wanted):
    dialog = shown(qtbot, StepDialog(context, referral_before(desk_db, wanted), wanted))
    assert overlaps(dialog) == []
    combos = [c for c in dialog.findChildren(QComboBox) if c.isVisibleTo(dialog)]
    assert len(combos) == (1 if wanted in (S.ON_AGENDA, S.INFORMED) else 0)
    assert cramped(dialog) == []


def test_the_sign_in_dialog_keeps_its_layout_after_a_wrong_password(qtbot, desk_db):
    set_credentials(desk_db, desk_db.coordinator_id, "maria", "korona-2026", by=MAINTENANCE)
    dialog = shown(qtbot, SignInDialog(desk_db, "Бюро Кресна"))
    before = dialog.form.password_edit.height()
    for _attempt in range(2):
        dialog.form.login_edit.setText("maria")
        dialog.form.password_edit.setText("wrong-password")
        dialog.form.sign_in_button.click()
        QApplication.processEvents()
    assert dialog.form.error.isVisible()
    assert overlaps(dialog) == []
    assert cramped(dialog) == []
    assert dialog.form.password_edit.height() >= before
