"""Layout safety of the dialogs: in the pseudo-locale (every string ~40% longer and
bracketed) no dialog has a text that skipped the catalogue, overlapping widgets or
a squeezed text - the help, the sign-in (also after a wrong password), the password
dialogs, the referral and commission steps, meetings, events, signals and a record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from acting import acting
from bureau_desk.dialogs.backup_passphrase import PassphraseDialog
from bureau_desk.dialogs.help import HelpDialog
from bureau_desk.dialogs.record import RecordDialog
from bureau_desk.dialogs.recovery import RecoveryKeyDialog
from bureau_desk.dialogs.referral import CreateReferralDialog, MeetingDialog, StepDialog
from bureau_desk.dialogs.sign_in import ChangePasswordDialog, CredentialsDialog, SignInDialog
from bureau_desk.dialogs.signal import SignalDialog
from bureau_desk.pages.events import EventDialog
from PySide6.QtWidgets import QApplication, QWidget

from bureau import i18n
from bureau.commission.referrals import advance, create_meeting, create_referral
from bureau.domain import ReferralStatus
from bureau.trust.accounts import MAINTENANCE, authenticate, set_credentials
from tests.ui.layout_checks import CatalogueWitness, cramped, overlaps, untranslated
from tests.ui.test_commission_page import consultation
from tests.ui.windows_left import delete_new_windows  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("delete_new_windows")
S = ReferralStatus


@pytest.fixture(autouse=True)
def pseudo(monkeypatch):
    monkeypatch.setenv(i18n.PSEUDO_ENV, "1")


@pytest.fixture
def witness(monkeypatch) -> CatalogueWitness:
    return CatalogueWitness().install(monkeypatch)


def referral_at(db, wanted: S):
    referral = create_referral(db, consultation(db, db.coordinator_id), "Отказ без мотиви",
                               consent_given=True, by=acting(db)).value
    meeting = create_meeting(db, dt.date.today(), "Зала", by=acting(db)).value
    for step in {S.ON_AGENDA: [S.SUBMITTED], S.DECIDED: [S.SUBMITTED, S.ON_AGENDA],
                 S.INFORMED: [S.SUBMITTED, S.ON_AGENDA, S.DECIDED]}[wanted]:
        referral = advance(db, referral.id, step, meeting_id=meeting.id, decision="Да.",
                           by=acting(db)).value
    return referral


def sign_in_with_an_account(context, db) -> QWidget:
    set_credentials(db, db.coordinator_id, "maria", "korona-2026", by=MAINTENANCE)
    return SignInDialog(db, "Бюро Кресна")


def wrong_password(dialog: SignInDialog) -> None:
    """Typed once the dialog is up, as a person does: the error line comes later."""
    dialog.form.login_edit.setText("maria")
    dialog.form.password_edit.setText("wrong-password")
    dialog.form.attempt()


def change_password(context, db) -> QWidget:
    set_credentials(db, db.coordinator_id, "maria", "korona-2026", by=MAINTENANCE)
    return ChangePasswordDialog(db, authenticate(db, "maria", "korona-2026"))


DIALOGS: dict[str, Callable] = {
    "help": lambda context, db: HelpDialog(),
    "sign-in": lambda context, db: SignInDialog(db, "Бюро Кресна"),
    "sign-in error": sign_in_with_an_account,
    "new password": change_password,
    "give a login": lambda context, db: CredentialsDialog(
        db, db.coordinator_id, "Мария Стоянова", by=MAINTENANCE),
    "refer": lambda context, db: CreateReferralDialog(
        context, consultation(db, db.coordinator_id)),
    "agenda step": lambda context, db: StepDialog(context, referral_at(db, S.ON_AGENDA),
                                                  S.ON_AGENDA),
    "decision step": lambda context, db: StepDialog(context, referral_at(db, S.DECIDED),
                                                    S.DECIDED),
    "informed step": lambda context, db: StepDialog(context, referral_at(db, S.INFORMED),
                                                    S.INFORMED),
    "meeting": lambda context, db: MeetingDialog(context),
    "event": lambda context, db: EventDialog(context),
    "signal": lambda context, db: SignalDialog(context),
    "record": lambda context, db: RecordDialog(context, consultation(db, db.coordinator_id)),
    "backup passphrase": lambda context, db: PassphraseDialog(db),
    "backup passphrase error": lambda context, db: PassphraseDialog(db),
    "recovery key": lambda context, db: RecoveryKeyDialog(context),
    "recovery key error": lambda context, db: RecoveryKeyDialog(context),
}


def passphrases_differ(dialog: PassphraseDialog) -> None:
    dialog.passphrase_edit.setText("синя врана над Кресна")
    dialog.again_edit.setText("синя врана над Перник")
    dialog._on_buttons_accepted()


def wrong_recovery_key(dialog: RecoveryKeyDialog) -> None:
    dialog.key_edit.setText("ABCD-" * 12 + "ABCD")
    dialog.attempt()


AFTER_SHOW = {"sign-in error": wrong_password, "backup passphrase error": passphrases_differ,
              "recovery key error": wrong_recovery_key}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_a_dialog_in_the_pseudo_locale(qtbot, context, desk_db, witness, name):
    context.set_advisor(desk_db.coordinator_id)
    dialog = DIALOGS[name](context, desk_db)
    if hasattr(dialog, "retranslate"):
        dialog.retranslate()  # every text it can show, noted by the witness
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    if name in AFTER_SHOW:
        AFTER_SHOW[name](dialog)
        QApplication.processEvents()
    screen = QApplication.primaryScreen().availableGeometry()
    assert dialog.width() <= max(screen.width(), 1366)
    assert untranslated(dialog) == []
    assert witness.missing() == []
    assert overlaps(dialog) == []
    assert cramped(dialog) == []
