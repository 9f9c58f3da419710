"""One role table, enforced everywhere: every CLI command and every core operation,
tried by every role and by the maintenance user, is allowed or refused exactly as
``bureau.trust.access.RULES`` says, and the README shows that same table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bureau.catalogue import CatalogueLookup, import_catalogue_csv
from bureau.catalogue.edit import rename_entry
from bureau.citizens.store import merge_citizens
from bureau.cli import build_parser
from bureau.cli.errors import run_safely
from bureau.commission.referrals import advance, create_meeting, create_referral
from bureau.consultations.operations import (
    edit_consultation,
    import_journal,
    record_consultation,
    remove_consultation,
)
from bureau.consultations.store import save_consultation
from bureau.database.settings import change_settings
from bureau.documents import signals_report_pdf
from bureau.domain import ReferralStatus, Role
from bureau.events import add_event, edit_event, record_event, remove_event
from bureau.opening import init_database
from bureau.privacy.retention import apply_retention
from bureau.privacy.rights import erase_person, export_person
from bureau.signals.register import get_signal, list_signals, register_signal, update_signal
from bureau.trust.access import RULES, Actor, Operation, PermissionDenied, role_table_markdown
from bureau.trust.accounts import MAINTENANCE, Account, reset_password, set_credentials
from bureau.trust.advisors import (
    add_advisor,
    register_advisor,
    save_account,
    set_advisor_active,
)
from bureau.trust.changes import Changes
from bureau.validation import validate_consultation
from tests.conftest import consultation_raw

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a long password"
LOGINS = {Actor.ADVISOR: "anna", Actor.COORDINATOR: "kiril", Actor.SIGNALS_OFFICER: "elena",
          Actor.ADMIN: "boris", Actor.MAINTENANCE: None}

# Which row of the table each command belongs to. A new command must be added
# here (the test below fails until it is), so that no command escapes the table.
COMMANDS: dict[str, tuple[list[str], Operation | tuple[Operation, ...]]] = {
    "init": (["init"], Operation.INIT_DATABASE),
    "import": (["import", "journal.csv"], Operation.IMPORT_CONSULTATIONS),
    "demo": (["demo"], Operation.DEMO_DATA),
    "search": (["search", "Петрова"], Operation.SEARCH_CONSULTATIONS),
    "export": (["export", "--format", "csv", "--out", "x.csv"], Operation.EXPORT_CONSULTATIONS),
    "check": (["check"], Operation.CHECK_DATABASE),
    "catalogue": (["catalogue", "categories"], Operation.VIEW_CATALOGUES),
    "catalogue --import": (["catalogue", "categories", "--import", "c.csv"],
                           Operation.EDIT_CATALOGUES),
    "slip": (["slip", "2026-000001", "--out", "x.pdf"], Operation.PRINT_SLIP),
    "backup": (["backup", "--out", "copy.db"], Operation.BACKUP),
    "restore": (["restore", "copy.db"], Operation.RESTORE),
    "backup-passphrase": (["backup-passphrase", "--off"], Operation.EDIT_SETTINGS),
    "export-person": (["export-person", "1", "--out", "p.json"], Operation.HANDLE_PERSONAL_DATA),
    "erase-person": (["erase-person", "1", "--yes"], Operation.HANDLE_PERSONAL_DATA),
    "retention": (["retention", "--dry-run"], Operation.HANDLE_PERSONAL_DATA),
    "audit": (["audit"], Operation.READ_AUDIT),
    # An officer passes the command's gate only for officers; the core decides the target.
    "account": (["account", "--name", "Нов Човек", "--login", "nov"],
                (Operation.MANAGE_ACCOUNTS, Operation.GRANT_SIGNALS_OFFICER)),
    "report": (["report", "--month", "2026-10", "--format", "csv", "--out", "r.csv"],
               Operation.EXPORT_REPORTS),
    "agenda": (["agenda", "1", "--out", "a.pdf"], Operation.PRINT_AGENDA),
    "decision-letter": (["decision-letter", "KK-2026-0001", "--out", "d.pdf"],
                        Operation.PRINT_DECISION_LETTER),
    "signals-report": (["signals-report", "--from", "2026-10-01", "--to", "2026-10-31", "--out",
                        "s.pdf"], Operation.ANALYSE_SIGNALS),
    "signal-receipt": (["signal-receipt", "SG-2026-0001", "--out", "r.pdf"],
                       Operation.READ_SIGNALS),
    "signals-recover": (["signals-recover", "--recovery-key-file", "key.txt"],
                        Operation.READ_SIGNALS),
    "recovery-sheet": (["recovery-sheet", "--recovery-key-file", "key.txt", "--out", "k.pdf"],
                       Operation.READ_SIGNALS),
    "package": (["package", "--month", "2026-10", "--out", "k.bureau-stats.json"],
                Operation.EXPORT_STATISTICS),
    "rollup": (["rollup", "k.bureau-stats.json", "--out", "oblast.pdf"],
               Operation.ROLL_UP_STATISTICS),
    "demo-oblast": (["demo-oblast", "--out", "oblast"], Operation.DEMO_DATA),
}


def accounts_db(path: Path):
    """A bureau with one signed-in account per role (the officer first: the first one
    may be appointed by the maintenance user)."""
    db = init_database(path, bureau_name="БИСГ", municipality="Кресна")
    for actor in (Actor.SIGNALS_OFFICER, Actor.ADVISOR, Actor.COORDINATOR, Actor.ADMIN):
        advisor = add_advisor(db, f"Test {actor.value}", Role(actor.value))
        set_credentials(db, advisor, LOGINS[actor], PASSWORD, by=MAINTENANCE)
    return db


def account(db, actor: Actor) -> Account:
    if actor is Actor.MAINTENANCE:
        return MAINTENANCE
    row = db.execute("SELECT id, full_name FROM advisors WHERE login = ?",
                     [LOGINS[actor]]).fetchone()
    return Account(row[0], row[1], LOGINS[actor], Role(actor.value), False)


def test_the_readme_shows_the_role_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("<!-- role table: generated from bureau.trust.access.RULES -->\n")[1]
    assert shown.split("\n<!-- /role table -->")[0] == role_table_markdown()
    # Every operation and every actor is in it, and every cell says something.
    assert set(RULES) == set(Operation)
    assert role_table_markdown().count("\n") == len(Operation) + 1


def test_every_command_with_every_role_obeys_the_table(tmp_path, monkeypatch, capsys):
    db_path = tmp_path / "bureau.db"
    accounts_db(db_path).close()
    monkeypatch.setenv("BUREAU_PASSWORD", PASSWORD)
    monkeypatch.chdir(tmp_path)
    parser = build_parser()
    names = set(parser._subparsers._group_actions[0].choices)  # noqa: SLF001 - every command
    assert names == {key.split()[0] for key in COMMANDS}, "add the new command to COMMANDS"
    for key, (argv, operation) in COMMANDS.items():
        for actor, login in LOGINS.items():
            user = ["--user", login] if login else []
            args = parser.parse_args(["--db", str(db_path), *user, *argv])
            ran = []
            args.handler = lambda parsed, ran=ran: ran.append(parsed.account) or 0
            code = run_safely(args)
            err = capsys.readouterr().err
            rows = operation if isinstance(operation, tuple) else (operation,)
            expected = any(actor in RULES[row] for row in rows)
            assert (code == 0 and ran) if expected else (code == 3 and not ran), (key, actor, err)
            if expected:
                assert ran[0].login == (login or "maintenance"), (key, actor)
            else:
                assert actor.label() in err, (key, actor, err)


# --- the core operations ------------------------------------------------------


def _prepared(tmp_path: Path, name: str):
    """Two citizens (one a duplicate), a referral awaiting its next step, a signal."""
    db = accounts_db(tmp_path / f"{name}.db")
    lookup = CatalogueLookup(db)
    advisor = account(db, Actor.ADVISOR).id
    ids = []
    for person in ("Петрова Иванка", "Иванка Петрова"):
        raw = consultation_raw(advisor, citizen={"full_name": person})
        ids.append(save_consultation(db, validate_consultation(raw, lookup), lookup)[0])
    coordinator = account(db, Actor.COORDINATOR)
    create_referral(db, ids[0], "Случай", consent_given=True, by=coordinator)
    officer = account(db, Actor.SIGNALS_OFFICER)
    register_signal(db, {"received_on": "2026-10-05", "channel": "letter", "anonymous": True,
                         "unit": "local_taxes", "area": "local_taxes",
                         "description": "Подкуп."}, by=officer)
    add_advisor(db, "Без Вход")  # someone else's login, for set_credentials
    add_event(db, {"kind": "open_door", "held_on": "2026-10-07", "title": "Отворени врати",
                   "participants": 12})
    db.journal = tmp_path / f"{name}-journal.csv"
    db.journal.write_text(
        "date,advisor,citizen,topics,question,answer,help_level,outcome,consent_record\n"
        "05.10.2026,Test advisor,Гергана Колева,local_taxes,Данък?,Отговор,information,"
        "resolved,yes\n", encoding="utf-8")
    db.out = tmp_path / f"{name}-out"
    db.out.mkdir()
    db.catalogue_csv = tmp_path / f"{name}.csv"
    db.catalogue_csv.write_text("code,name_bg,name_ru,name_en\nnew_topic,Нова тема,Новая тема,"
                                "New topic\n", encoding="utf-8")
    citizens = [r[0] for r in db.execute("SELECT citizen_id FROM consultations ORDER BY id")]
    return db, citizens


def _officer_id(db) -> int:
    return db.execute("SELECT id FROM advisors WHERE role = 'signals_officer'").fetchone()[0]


def _no_login_id(db) -> int:
    return db.execute("SELECT id FROM advisors WHERE full_name = 'Без Вход'").fetchone()[0]


def _advisor_id(db) -> int:
    return db.execute("SELECT id FROM advisors WHERE login = 'anna'").fetchone()[0]


def _consultation(db):
    """A validated consultation by the advisor, of a new person."""
    lookup = CatalogueLookup(db)
    raw = consultation_raw(_advisor_id(db), citizen={"full_name": "Нова Гражданка"})
    return validate_consultation(raw, lookup)


EVENT = {"kind": "training", "held_on": "2026-10-08", "title": "Обучение", "participants": 7}


# (what the call does, the row of the table it must obey, the call)
CORE = [
    ("record_consultation", Operation.RECORD_CONSULTATIONS,
     lambda db, c, by: record_consultation(db, _consultation(db), by=by)),
    ("edit_consultation", Operation.RECORD_CONSULTATIONS,
     lambda db, c, by: edit_consultation(db, 1, _consultation(db), by=by)),
    ("remove_consultation", Operation.RECORD_CONSULTATIONS,
     lambda db, c, by: remove_consultation(db, 2, by=by)),
    ("record_event", Operation.RECORD_CONSULTATIONS,
     lambda db, c, by: record_event(db, EVENT, by=by)),
    ("edit_event", Operation.RECORD_CONSULTATIONS,
     lambda db, c, by: edit_event(db, 1, EVENT, by=by)),
    ("remove_event", Operation.RECORD_CONSULTATIONS,
     lambda db, c, by: remove_event(db, 1, by=by)),
    ("import_journal", Operation.IMPORT_CONSULTATIONS,
     lambda db, c, by: import_journal(db, db.journal, by=by)),
    ("change_settings", Operation.EDIT_SETTINGS,
     lambda db, c, by: change_settings(db, by=by, bureau_name="Друго бюро")),
    ("erase_person", Operation.HANDLE_PERSONAL_DATA,
     lambda db, c, by: erase_person(db, c[1], by=by, reason="искане")),
    ("export_person", Operation.HANDLE_PERSONAL_DATA,
     lambda db, c, by: export_person(db, c[0], db.out / "person.json", by=by)),
    # Years later: the second person (no open matter) is past the retention period.
    ("apply_retention", Operation.HANDLE_PERSONAL_DATA,
     lambda db, c, by: apply_retention(db, by=by, today=dt.date(2040, 1, 1), years=3,
                                       dry_run=False)),
    # The preview names people: it is refused alike, though it changes nothing.
    ("apply_retention preview", Operation.HANDLE_PERSONAL_DATA,
     lambda db, c, by: apply_retention(db, by=by, today=dt.date(2040, 1, 1), years=3)),
    ("merge_citizens", Operation.MERGE_CITIZENS,
     lambda db, c, by: merge_citizens(db, c[0], c[1], by=by)),
    ("create_referral", Operation.REFER_TO_COMMISSION,
     lambda db, c, by: create_referral(
         db, db.execute("SELECT id FROM consultations WHERE citizen_id = ?", [c[1]])
         .fetchone()[0], "Друг случай", consent_given=True, by=by)),
    ("advance", Operation.MANAGE_REFERRALS,
     lambda db, c, by: advance(db, 1, ReferralStatus.SUBMITTED, by=by)),
    ("create_meeting", Operation.MANAGE_REFERRALS,
     lambda db, c, by: create_meeting(db, "2026-11-05", "Зала", by=by)),
    ("register_signal", Operation.WRITE_SIGNALS,
     lambda db, c, by: register_signal(db, {"received_on": "2026-10-06", "channel": "letter",
                                            "anonymous": True, "unit": "local_taxes",
                                            "area": "local_taxes", "description": "Още"},
                                       by=by)),
    ("update_signal", Operation.WRITE_SIGNALS,
     lambda db, c, by: update_signal(db, 1, {"status": "answered"}, by=by)),
    ("get_signal", Operation.READ_SIGNALS, lambda db, c, by: get_signal(db, 1, role=by)),
    ("list_signals", Operation.READ_SIGNALS, lambda db, c, by: list_signals(db, role=by)),
    ("signals_report_pdf", Operation.ANALYSE_SIGNALS,
     lambda db, c, by: signals_report_pdf(db, dt.date(2026, 10, 1), dt.date(2026, 10, 31),
                                          by=by)),
    ("rename_entry", Operation.EDIT_CATALOGUES,
     lambda db, c, by: rename_entry(db, "categories", "local_taxes", by=by, name_en="Taxes")),
    ("import_catalogue_csv", Operation.EDIT_CATALOGUES,
     lambda db, c, by: import_catalogue_csv(db, "categories", db.catalogue_csv, by=by)),
    ("register_advisor", Operation.MANAGE_ACCOUNTS,
     lambda db, c, by: register_advisor(db, "Нов Доброволец", by=by)),
    ("set_advisor_active", Operation.MANAGE_ACCOUNTS,
     lambda db, c, by: set_advisor_active(db, _advisor_id(db), False, by=by)),
    ("reset_password", Operation.MANAGE_ACCOUNTS,
     lambda db, c, by: reset_password(db, _advisor_id(db), "temporary pw", by=by)),
    ("set_credentials", Operation.MANAGE_ACCOUNTS,
     lambda db, c, by: set_credentials(db, _no_login_id(db), "bez", "another pw", by=by)),
    ("save_account", Operation.MANAGE_ACCOUNTS,
     lambda db, c, by: save_account(db, "Нов Доброволец", "novo", Role.ADVISOR, "a new pw",
                                    by=by)),
    # An officer exists already: only an officer may make another.
    ("save_account officer", Operation.GRANT_SIGNALS_OFFICER,
     lambda db, c, by: save_account(db, "Втори Служител", "second", Role.SIGNALS_OFFICER,
                                    "a new pw", by=by)),
    ("reset an officer", Operation.GRANT_SIGNALS_OFFICER,
     lambda db, c, by: reset_password(db, _officer_id(db), "hijack pw", by=by)),
    ("demote an officer", Operation.GRANT_SIGNALS_OFFICER,
     lambda db, c, by: save_account(db, "Test signals_officer", "elena", Role.ADVISOR,
                                    "hijack pw", by=by)),
    ("deactivate an officer", Operation.GRANT_SIGNALS_OFFICER,
     lambda db, c, by: set_advisor_active(db, _officer_id(db), False, by=by)),
]


# Calls that read or list without changing anything write no audit entry.
UNAUDITED = {"get_signal", "list_signals", "signals_report_pdf", "apply_retention preview"}
# Reads answer with their records (a signal, a list, a PDF's bytes), not ``Changes``.
ANSWER_RECORDS = {"get_signal", "list_signals", "signals_report_pdf"}


@pytest.mark.parametrize("name,operation,call", CORE, ids=[c[0] for c in CORE])
def test_every_core_operation_with_every_role_obeys_the_table(tmp_path, name, operation, call):
    db, citizens = _prepared(tmp_path, name.replace(" ", "_"))
    for actor in Actor:
        by = account(db, actor)
        # Each actor meets the same state: whatever an allowed call changed is rolled back.
        db.conn.execute("BEGIN")
        audited = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        written = db.conn.total_changes  # every row inserted, updated or deleted
        try:
            if actor in RULES[operation]:
                changes = call(db, citizens, by)
                if name not in UNAUDITED:
                    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] > audited
                    entry = db.execute("SELECT actor_id FROM audit_log ORDER BY id DESC").fetchone()
                    assert entry[0] == by.id, (name, actor)  # the acting account, not another
                    assert db.conn.total_changes > written
                assert isinstance(changes, Changes) or name in ANSWER_RECORDS, name
            else:
                with pytest.raises(PermissionDenied):
                    call(db, citizens, by)
                # A refused call writes nothing at all: no row, no audit entry, no file.
                assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audited
                assert db.conn.total_changes == written, (name, actor)
                assert not any(db.out.iterdir()), (name, actor)
        finally:
            db.conn.execute("ROLLBACK")
            for made in db.out.iterdir():
                made.unlink()
    db.close()
