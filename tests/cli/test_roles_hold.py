"""Issue #14, "Roles hold everywhere", items 1-4 and 6 as a user meets them: through
real bureau-cli processes (and the core where time must be stepped)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from test_cli_core import run

from bureau.cli import main
from bureau.domain import BureauError, Role
from bureau.i18n import _, use_locale
from bureau.opening import init_database
from bureau.signals.analysis import pool_small_rows
from bureau.signals.register import register_signal
from bureau.trust import audit, throttle
from bureau.trust.accounts import (
    MAINTENANCE,
    MSG_BAD_SIGN_IN,
    MSG_OFFICER_ONLY,
    authenticate,
    set_credentials,
)
from bureau.trust.advisors import add_advisor
from tests.acting import acting

PASSWORD = "a long password"
OFFICER = "Елена Маринова"
SIGNAL = {"received_on": "2026-10-05", "channel": "letter", "anonymous": False,
          "submitter_name": "Георги Георгиев", "unit": "local_taxes", "area": "local_taxes",
          "description": "Служител поиска пари за ускоряване."}


def bureau_db(path: Path, *, officer: bool = True) -> str:
    """Accounts kiril (coordinator), anna (advisor), boris (admin), elena (officer);
    a consultation, a decided referral on meeting 1 and a signal come from demo-like data."""
    db = init_database(path, bureau_name="БИСГ", municipality="Кресна")
    if officer:
        elena = add_advisor(db, OFFICER, Role.SIGNALS_OFFICER)
        set_credentials(db, elena, "elena", PASSWORD, by=MAINTENANCE)
        register_signal(db, SIGNAL, by=acting(db, Role.SIGNALS_OFFICER))
    for name, login, role in (("Кирил Коев", "kiril", Role.COORDINATOR),
                              ("Анна Илиева", "anna", Role.ADVISOR),
                              ("Борис Борисов", "boris", Role.ADMIN)):
        set_credentials(db, add_advisor(db, name, role), login, PASSWORD, by=MAINTENANCE)
    db.close()
    return str(path)


def cli(db: str, *args: str, cwd: Path, password: str | None = PASSWORD,
        new_password: str | None = None, locale: str = "en"):
    env = {}
    if password:
        env["BUREAU_PASSWORD"] = password
    if new_password:
        env["BUREAU_NEW_PASSWORD"] = new_password
    return run("--db", db, *args, cwd=cwd, env_extra=env, locale=locale)


def advisor_row(db: str, name: str) -> tuple:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT role, login, password_hash FROM advisors WHERE full_name = ?",
                            [name]).fetchone()


# --- item 1: the signals officer's account cannot be taken over --------------------


def test_item1_nobody_but_the_officer_makes_or_changes_an_officer(tmp_path):
    db = bureau_db(tmp_path / "b.db")
    before = advisor_row(db, OFFICER)
    takeover = cli(db, "account", "--name", OFFICER, "--login", "peter", "--role",
                   "signals_officer", cwd=tmp_path, new_password="peter's password",
                   locale="ru")
    assert takeover.returncode == 3, takeover.stderr
    with use_locale("ru"):
        assert _(MSG_OFFICER_ONLY) in takeover.stderr
    assert advisor_row(db, OFFICER) == before
    receipt = cli(db, "--user", "peter", "signal-receipt", "SG-2026-0001", "--out", "r.pdf",
                  cwd=tmp_path, password="peter's password")
    assert receipt.returncode == 3 and not (tmp_path / "r.pdf").exists()
    as_kiril = ("--user", "kiril", "account")
    for what in (["--name", "Нов Служител", "--login", "novo", "--role", "signals_officer"],
                 ["--name", OFFICER, "--login", "elena", "--role", "advisor"],  # demote
                 ["--name", OFFICER, "--login", "elena2", "--role", "signals_officer"]):  # rename
        refused = cli(db, *as_kiril, *what, cwd=tmp_path, new_password="another password")
        assert refused.returncode == 3, (what, refused.stderr)
        assert advisor_row(db, OFFICER) == before
    assert advisor_row(db, "Нов Служител") is None
    # The officer appoints a second officer; both can then sign in.
    made = cli(db, "--user", "elena", "account", "--name", "Втори Служител", "--login",
               "second", "--role", "signals_officer", cwd=tmp_path,
               new_password="second's password")
    assert made.returncode == 0, made.stderr
    assert advisor_row(db, "Втори Служител")[:2] == ("signals_officer", "second")
    log = cli(db, "--user", "kiril", "audit", cwd=tmp_path).stdout
    assert "Created  advisor" in log and "Password reset  advisor" in log


def test_item1_the_first_officer_is_appointed_by_maintenance_only_once(tmp_path):
    db = bureau_db(tmp_path / "b.db", officer=False)
    coordinator = cli(db, "--user", "kiril", "account", "--name", OFFICER, "--login", "elena",
                      "--role", "signals_officer", cwd=tmp_path, new_password=PASSWORD)
    assert coordinator.returncode == 3
    first = cli(db, "account", "--name", OFFICER, "--login", "elena", "--role",
                "signals_officer", cwd=tmp_path, new_password=PASSWORD)
    assert first.returncode == 0, first.stderr
    second = cli(db, "--user", "boris", "account", "--name", "Друг", "--login", "drug",
                 "--role", "signals_officer", cwd=tmp_path, new_password=PASSWORD)
    assert second.returncode == 3 and advisor_row(db, "Друг") is None
    reset = cli(db, "account", "--name", OFFICER, "--login", "elena", "--role",
                "signals_officer", cwd=tmp_path, new_password="maintenance knows it")
    assert reset.returncode == 3


# --- item 2: account is all or nothing --------------------------------------------


def test_item2_account_with_a_short_password_changes_nothing(tmp_path):
    db = bureau_db(tmp_path / "b.db")
    before = advisor_row(db, "Анна Илиева")
    short = cli(db, "account", "--name", "Анна Илиева", "--login", "anna", "--role",
                "coordinator", cwd=tmp_path, new_password="short")
    assert short.returncode == 3, short.stderr
    assert advisor_row(db, "Анна Илиева") == before  # still an advisor, same password
    new = cli(db, "account", "--name", "Нов Човек", "--login", "nov", cwd=tmp_path,
              new_password="short")
    assert new.returncode == 3 and advisor_row(db, "Нов Човек") is None


# --- item 3: sign-in before anything is read or written ------------------------------


def test_item3_a_wrong_password_writes_no_file(tmp_path):
    db = str(tmp_path / "desk.db")
    assert run("--db", db, "demo", "--consultations", "60", cwd=tmp_path).returncode == 0
    init = init_database(db)
    set_credentials(init, add_advisor(init, "Кирил Коев", Role.COORDINATOR), "kiril", PASSWORD,
                    by=MAINTENANCE)
    referral = init.execute("SELECT number FROM referrals WHERE status IN ('decided', "
                            "'informed', 'closed') LIMIT 1").fetchone()[0]
    init.close()
    for args in (["backup", "--out", "copy.db"],
                 ["decision-letter", referral, "--out", "letter.pdf"],
                 ["export-person", "1", "--out", "person.json"],
                 ["report", "--month", "2026-10", "--format", "csv", "--out", "report.csv"]):
        wrong = cli(db, "--user", "kiril", *args, cwd=tmp_path, password="not the password")
        assert wrong.returncode == 3, (args, wrong.stderr)
        assert not any(tmp_path.glob(Path(args[-1]).stem + "*")), args
        assert "Traceback" not in wrong.stderr
    # Four failures in a row: kiril must wait, even with the right password...
    assert cli(db, "--user", "kiril", "backup", "--out", "copy.db", cwd=tmp_path).returncode == 3
    assert not (tmp_path / "copy.db").exists()
    with sqlite3.connect(db) as conn:  # ...until the wait is over
        conn.execute("UPDATE sign_in_throttle SET next_allowed_at = NULL")
    good = cli(db, "--user", "kiril", "backup", "--out", "copy.db", cwd=tmp_path)
    assert good.returncode == 0, good.stderr
    with sqlite3.connect(db) as conn:
        actor = conn.execute("SELECT a.login FROM audit_log l JOIN advisors a ON a.id = l.actor_id "
                             "WHERE l.action = 'backup' ORDER BY l.id DESC").fetchone()
    assert actor == ("kiril",)  # credited to the account, not to maintenance


@pytest.mark.parametrize("args", [
    ["agenda", "1", "--out", "agenda.pdf"],
    ["signals-report", "--from", "2026-10-01", "--to", "2026-10-31", "--out", "signals.pdf"],
    ["search", "Петрова"], ["check"], ["audit"], ["import", "journal.csv"], ["init"],
    ["catalogue", "categories"], ["restore", "copy.db"], ["slip", "2026-000001", "--out", "s.pdf"],
    ["export", "--format", "csv", "--out", "export.csv"], ["retention", "--dry-run"],
], ids=lambda args: args[0])
def test_item3_every_command_checks_the_password_first(tmp_path, monkeypatch, capsys, args):
    db = bureau_db(tmp_path / "b.db")
    (tmp_path / "copy.db").write_bytes(Path(db).read_bytes())
    (tmp_path / "journal.csv").write_text("date,question\n2026-10-01,x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BUREAU_PASSWORD", "not the password")
    monkeypatch.setenv("BUREAU_LOCALE", "en")
    before = {p.name for p in tmp_path.iterdir()}
    code = main(["--db", db, "--user", "kiril", *args])
    out = capsys.readouterr()
    assert code == 3 and out.out == "", (args, out)
    with use_locale("en"):
        assert _(MSG_BAD_SIGN_IN) in out.err
    assert {p.name for p in tmp_path.iterdir()} == before
    with sqlite3.connect(db) as conn:  # the only trace: the failed attempt, audited
        assert conn.execute("SELECT action FROM audit_log ORDER BY id DESC").fetchone() == (
            "sign_in_failed",)


# --- item 4: guessing is slowed, across processes ------------------------------------


def test_item4_failed_sign_ins_slow_down_and_survive_a_restart(tmp_path):
    db = bureau_db(tmp_path / "b.db")
    for _attempt in range(3):
        wrong = cli(db, "--user", "anna", "search", "x", cwd=tmp_path, password="guess")
        assert wrong.returncode == 3
    # A new process, the right password: still refused until the wait is over.
    waiting = cli(db, "--user", "anna", "search", "x", cwd=tmp_path, locale="bg")
    assert waiting.returncode == 3
    assert "Твърде много неуспешни опити за вход като „anna“" in waiting.stderr
    log = cli(db, "--user", "kiril", "audit", cwd=tmp_path)
    assert log.returncode == 0
    assert "Sign-in for “anna”: 3 failures in a row; next attempt from" in log.stdout
    assert "Sign-in refused: too many failures, wait" in log.stdout
    assert "\u2014  Failed sign-in  advisor" in log.stdout  # not credited to maintenance


def test_item4_the_wait_grows_and_a_good_sign_in_resets_it(tmp_path):
    db = init_database(tmp_path / "b.db")
    set_credentials(db, add_advisor(db, "Анна"), "anna", PASSWORD, by=MAINTENANCE)
    now = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)
    waits = []
    for _attempt in range(6):
        with pytest.raises(BureauError) as refused:
            authenticate(db, "anna", "guess", now=now)
        assert not isinstance(refused.value, throttle.SignInDelayed)
        state = throttle.state(db, "anna")
        waits.append(0 if state.next_allowed_at is None
                     else (state.next_allowed_at - now).total_seconds())
        if waits[-1]:
            with pytest.raises(throttle.SignInDelayed):  # even the right password must wait
                authenticate(db, "anna", PASSWORD, now=now + dt.timedelta(seconds=waits[-1] - 1))
        now += dt.timedelta(seconds=waits[-1])
    assert waits == [0, 0, 5, 10, 20, 40]
    assert authenticate(db, "anna", PASSWORD, now=now).login == "anna"
    assert throttle.state(db, "anna").failures == 0
    actions = [e.action for e in audit.entries(db, entity="advisor")]
    assert audit.Action.SIGN_IN_DELAYED in actions and audit.Action.SIGN_IN_FAILED in actions
    assert throttle.delay_after(100) == throttle.MAX_DELAY_S


# --- item 6: small counts of the signals analysis ------------------------------------


def test_item6_small_units_are_pooled_so_none_stands_alone():
    rows = [("Местни данъци", 7), ("Кметство", 6), ("Устройство", 2)]
    pooled = pool_small_rows(rows)
    assert [count for _name, count in pooled] == [7, 8]  # the smallest shown joins the lone one
    assert "Устройство" not in dict(pooled) and "Кметство" not in dict(pooled)
    assert pool_small_rows([("A", 1)]) == [("Others, fewer than 5 each", 1)]
    assert pool_small_rows([("A", 5), ("B", 9)]) == [("A", 5), ("B", 9)]
    assert pool_small_rows([("A", 9), ("B", 3), ("C", 1)]) == [("A", 9),
                                                                ("Others, fewer than 5 each", 4)]
