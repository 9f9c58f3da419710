"""Issue #20 "Confidential at rest", items 1-4 in the core: sealed revisions, keys per
officer and the recovery key, sealing an existing register, the planted-secret dump."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from bureau.database.checks import CHECK_SEALED, run_checks
from bureau.database.connection import write_transaction
from bureau.domain import BureauError, Role
from bureau.opening import init_database
from bureau.reports.figures import period_figures
from bureau.reports.period import Period
from bureau.signals.analysis import analyse_signals
from bureau.signals.register import (
    get_signal,
    list_signals,
    register_signal,
    update_signal,
    verify_chains,
)
from bureau.signals.unlock import grant_with_recovery, unlock_register, unsealed_numbers
from bureau.trust import keys
from bureau.trust.accounts import (
    MAINTENANCE,
    authenticate,
    reset_password,
    set_credentials,
    store_credentials,
)
from bureau.trust.advisors import add_advisor, save_account
from tests.acting import acting

PASSWORD = "officer's long password"
OFFICER = Role.SIGNALS_OFFICER
# Planted secrets: none of these may be found in the database file once sealed.
NAMES = ["Живко Тайнов", "Зорница Скрита"]
CONTACTS = ["+359888765432", "zornica.skrita@example.bg"]
WORDS = ["подкупвахме", "кметскиятскандал", "Прокуратуратайна", "разследванепървово"]


def planted(number: int) -> dict:
    return {"received_on": f"2026-{9 + number % 3:02d}-{5 + number:02d}", "channel": "letter",
            "anonymous": False, "submitter_name": NAMES[number % 2],
            "submitter_contact": CONTACTS[number % 2], "unit": "local_taxes", "area": "local_taxes",
            "description": f"Служител поиска пари: {WORDS[0]} и {WORDS[1]} (№{number})."}


def officer_account(db, login: str = "elena", name: str = "Елена Маринова"):
    """An officer with a password (the first one: appointed by the maintenance user)."""
    officer_id = add_advisor(db, name, OFFICER)
    set_credentials(db, officer_id, login, PASSWORD, by=MAINTENANCE)
    return authenticate(db, login, PASSWORD)


@pytest.fixture
def register(tmp_path):
    """A file database whose register was kept in plain text (before this version)."""
    db = init_database(tmp_path / "bureau.db")
    for number in range(6):
        signal = register_signal(db, planted(number), by=acting(db, Role.SIGNALS_OFFICER)).answer()
        if number == 2:
            update_signal(db, signal.id, {"status": "forwarded", "forwarded_to": WORDS[2],
                                          "actions_taken": WORDS[3]}, by=acting(db, Role.SIGNALS_OFFICER))
    yield db
    keys.lock(db)
    db.close()


def figures(db):
    analysis = analyse_signals(db, dt.date(2026, 1, 1), dt.date(2026, 12, 31), today=dt.date(2026, 12, 1))
    month = period_figures(db, Period.months(dt.date(2026, 10, 1)))
    return (analysis, month.signals, month.signals_by_unit, month.signals_by_area)


def secrets_in(path) -> list[str]:
    """Planted words found in a full dump or in the raw bytes of the file (after checkpoint)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    dump = "\n".join(conn.iterdump())
    conn.close()
    raw = open(path, "rb").read()
    return [s for s in NAMES + CONTACTS + WORDS if s in dump or s.encode("utf-8") in raw]


def test_first_officer_unlock_seals_the_register_and_no_planted_secret_stays_in_the_file(register, tmp_path):
    db, path = register, tmp_path / "bureau.db"
    assert secrets_in(path) and len(unsealed_numbers(db)) == 6  # the test can fail
    before = figures(db)
    officer = officer_account(db)
    unlocked = unlock_register(db, officer, PASSWORD)
    assert unlocked.opened and len(unlocked.sealed) == 6
    assert keys.parse_recovery_key(unlocked.recovery_key)  # 32 bytes, printable groups
    assert unsealed_numbers(db) == [] and verify_chains(db) == []
    keys.lock(db)
    assert figures(db) == before  # the analysis and monthly counts need no key
    keys.open_for_officer(db, officer, PASSWORD)
    new = register_signal(db, planted(7), by=officer).answer()  # written sealed from now on
    db.close()
    assert secrets_in(path) == []
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM signal_revisions WHERE sealed = 1").fetchone()[0] == 8
    db.close()
    register.conn = sqlite3.connect(path)  # the fixture closes this one
    reopened = init_database(path)
    assert unlock_register(reopened, officer, PASSWORD).recovery_key is None  # shown once only
    assert get_signal(reopened, new.id, role=officer).submitter_name == NAMES[1]
    forwarded = [s for s in list_signals(reopened, role=officer) if s.forwarded_to]
    assert [(s.forwarded_to, s.actions_taken) for s in forwarded] == [(WORDS[2], WORDS[3])]
    keys.lock(reopened)
    reopened.close()


def test_locked_register_refuses_to_read_or_write_with_a_clear_message(register):
    officer = officer_account(register)
    unlock_register(register, officer, PASSWORD)
    keys.lock(register)
    for attempt in (lambda: list_signals(register, role=officer),
                    lambda: register_signal(register, planted(9), by=officer)):
        with pytest.raises(keys.RegisterLocked, match="register is locked"):
            attempt()
    assert register.execute("SELECT count(*) FROM signals").fetchone()[0] == 6


def test_sealed_values_cannot_be_swapped_and_the_chain_covers_the_ciphertext(register):
    officer = officer_account(register)
    unlock_register(register, officer, PASSWORD)
    first, second = register.execute(
        "SELECT id, description FROM signal_revisions WHERE revision = 1 ORDER BY id LIMIT 2").fetchall()
    register.execute("UPDATE signal_revisions SET description = ? WHERE id = ?", [second[1], first[0]])
    assert len(verify_chains(register)) == 1
    with pytest.raises(BureauError, match="altered outside the app"):
        list_signals(register, role=officer)


def test_wrong_password_opens_nothing_and_changes_nothing(register):
    officer = officer_account(register)
    unlock_register(register, officer, PASSWORD)
    keys.lock(register)
    stored = register.execute("SELECT * FROM register_keys ORDER BY id").fetchall()
    with pytest.raises(BureauError, match="login or the password is wrong"):
        authenticate(register, "elena", "not the password")
    assert keys.open_for_officer(register, officer, "not the password") is None
    assert keys.held_key(register) is None
    assert register.execute("SELECT * FROM register_keys ORDER BY id").fetchall() == stored


def test_password_change_rewraps_and_a_reset_by_others_cannot_read(register):
    elena = officer_account(register)
    recovery = unlock_register(register, elena, PASSWORD).recovery_key
    # Adding an officer: an officer holding the key grants it with the new password.
    save_account(register, "Петър Петров", "petar", OFFICER, "petar's password", by=elena)
    petar = authenticate(register, "petar", "petar's password")
    keys.lock(register)
    assert unlock_register(register, petar, "petar's password").opened
    # Petar changes his own password: the old one no longer opens, the new one does.
    set_credentials(register, petar.id, "petar", "a new password", by=petar)
    keys.lock(register)
    assert not unlock_register(register, petar, "petar's password").opened
    assert unlock_register(register, petar, "a new password").opened
    keys.lock(register)
    # A reset by someone without the key (the administrator, where the role table lets
    # one: no officer can sign in) drops Petar's wrap: it does not open the old signals.
    with write_transaction(register):
        store_credentials(register, petar.id, "petar", "admin's temporary", must_change=True,
                          by=MAINTENANCE)
    outcome = unlock_register(register, petar, "admin's temporary")
    assert not outcome.opened and keys.held_key(register) is None
    with pytest.raises(BureauError, match="recovery key is wrong"):
        grant_with_recovery(register, petar, "AAAA-" * 12 + "AAAA")
    assert grant_with_recovery(register, petar, recovery.lower().replace("-", " ")).opened
    keys.lock(register)
    assert unlock_register(register, petar, "admin's temporary").opened
    keys.lock(register)
    # Elena (holding the key) resets Petar's password: she re-grants it.
    unlock_register(register, elena, PASSWORD)
    reset_password(register, petar.id, "elena's temporary", by=elena)
    keys.lock(register)
    assert unlock_register(register, petar, "elena's temporary").opened


def test_check_reports_signals_left_unsealed(register):
    waiting = {r.name: r for r in run_checks(register)}[CHECK_SEALED]
    assert waiting.ok and "SG-2026-0001" in waiting.detail  # no key yet: reported, not a fault
    register.execute("UPDATE signal_revisions SET description = 'changed' WHERE id = 1")
    unlock_register(register, officer_account(register), PASSWORD)
    left = {r.name: r for r in run_checks(register)}[CHECK_SEALED]
    assert not left.ok and left.detail.startswith("stored unsealed: SG-2026-0001 ")
    assert "SG-2026-0002" not in left.detail


def test_a_broken_chain_is_left_unsealed_for_check_to_show(register):
    register.execute("UPDATE signal_revisions SET description = 'changed' WHERE id = 1")
    unlocked = unlock_register(register, officer_account(register), PASSWORD)
    assert len(unlocked.sealed) == 5 and unsealed_numbers(register) == ["SG-2026-0001"]
    assert verify_chains(register) == ["SG-2026-0001"]
