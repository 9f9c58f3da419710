"""agenda, decision-letter, signals-report and signal-receipt through real subprocesses."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from acting import acting
from test_cli_core import run

from bureau.catalogue import CatalogueLookup
from bureau.commission.referrals import advance, create_meeting, create_referral
from bureau.consultations.store import save_consultation
from bureau.domain import ReferralStatus, Role
from bureau.i18n import _, use_locale
from bureau.opening import init_database
from bureau.signals.register import register_signal
from bureau.trust.access import MSG_FORBIDDEN, Actor
from bureau.trust.accounts import MAINTENANCE, set_credentials
from bureau.trust.advisors import add_advisor
from bureau.validation import validate_consultation

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"),
                                reason="poppler-utils is not installed")

OFFICER_PASSWORD = "officer password"
ADVISOR_PASSWORD = "advisor password"
SUBMITTER = "Георги Георгиев"
DESCRIPTION = "Служител поиска пари за ускоряване."


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


@pytest.fixture(scope="module")
def desk(tmp_path_factory) -> dict:
    """A desk database with a meeting, a decided and an undecided referral, and a signal."""
    path = tmp_path_factory.mktemp("desk") / "desk.db"
    db = init_database(path, bureau_name="БИСГ Кресна", municipality="Община Кресна")
    lookup = CatalogueLookup(db)
    advisor = add_advisor(db, "Мария Стоянова")
    referrals = []
    for name in ("Петрова Иванка", "Илиев Борис"):
        raw = {"occurred_at": dt.datetime(2026, 10, 14, 10, 30), "channel": "in_person",
               "advisor_id": advisor, "citizen": {"full_name": name},
               "issues": [("utilities_roads", None)], "question": "Разбита улица",
               "answer": "Ще сезираме комисията.", "help_level": "referral",
               "outcome": "referred", "consent_record": True}
        consultation = save_consultation(db, validate_consultation(raw, lookup), lookup)[0]
        referral = create_referral(db, consultation, f"Улицата на {name}", consent_given=True, by=acting(db)).value
        advance(db, referral.id, ReferralStatus.SUBMITTED, on="2026-10-15", by=acting(db))
        referrals.append(referral.number)
    meeting = create_meeting(db, "2026-11-05", "Зала 1", by=acting(db)).value
    for number in referrals:
        advance(db, number_id(db, number), ReferralStatus.ON_AGENDA, meeting_id=meeting.id, by=acting(db))
    advance(db, number_id(db, referrals[0]), ReferralStatus.DECIDED, on="2026-11-05",
            decision="Препоръка към кмета за ремонт.", by=acting(db))
    signal = register_signal(db, {
        "received_on": "2026-10-05", "channel": "letter", "anonymous": False,
        "submitter_name": SUBMITTER, "unit": "local_taxes", "area": "public_procurement",
        "description": DESCRIPTION}, by=acting(db, Role.SIGNALS_OFFICER)).answer()
    officer = add_advisor(db, "Елена Петкова", Role.SIGNALS_OFFICER)
    set_credentials(db, officer, "officer", OFFICER_PASSWORD, by=MAINTENANCE)
    set_credentials(db, advisor, "maria", ADVISOR_PASSWORD, by=MAINTENANCE)
    db.close()
    return {"db": str(path), "meeting": meeting.id, "decided": referrals[0],
            "undecided": referrals[1], "signal": signal.number}


def number_id(db, number: str) -> int:
    return db.execute("SELECT id FROM referrals WHERE number = ?", [number]).fetchone()[0]


def test_every_command_has_help(tmp_path):
    for command in ("agenda", "decision-letter", "signals-report", "signal-receipt"):
        result = run(command, "--help", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "--out" in result.stdout


def test_agenda_in_russian_and_an_unknown_meeting(desk, tmp_path):
    out = tmp_path / "agenda.pdf"
    result = run("--db", desk["db"], "agenda", str(desk["meeting"]), "--out", str(out),
                 "--locale", "ru", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)
    with use_locale("ru"):
        title = _("Agenda of the meeting of the Consultative Commission on {date}").format(
            date="5 ноября 2026 г.")
    assert title in text and desk["decided"] in text and desk["undecided"] in text
    missing = run("--db", desk["db"], "agenda", "99", "--out", str(tmp_path / "x.pdf"),
                  cwd=tmp_path)
    assert missing.returncode == 3 and "99" in missing.stderr
    assert "Traceback" not in missing.stderr and not (tmp_path / "x.pdf").exists()


def test_decision_letter_a4_and_refusals(desk, tmp_path):
    out = tmp_path / "letter.pdf"
    result = run("--db", desk["db"], "decision-letter", desk["decided"].lower(), "--out",
                 str(out), "--format", "a4", cwd=tmp_path, locale="bg")
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)
    assert desk["decided"] in text and "Препоръка към кмета за ремонт." in text
    assert "5 ноември 2026 г." in text
    for number in (desk["undecided"], "KK-1999-0001"):
        refused = run("--db", desk["db"], "decision-letter", number, "--out",
                      str(tmp_path / "x.pdf"), cwd=tmp_path)
        assert refused.returncode == 3 and number in refused.stderr
        assert not (tmp_path / "x.pdf").exists()
    bad = run("--db", desk["db"], "decision-letter", desk["decided"], "--out",
              str(tmp_path / "x.pdf"), "--format", "receipt", cwd=tmp_path)
    assert bad.returncode == 2


def test_signals_report_hides_small_counts_unless_the_officer_asks(desk, tmp_path):
    # Issue #14, item 6: one signal in the period; its unit and area must not be
    # readable by anyone but the signals officer.
    out = tmp_path / "signals.pdf"
    result = run("--db", desk["db"], "signals-report", "--from", "05.10.2026", "--to",
                 "2026-10-05", "--out", str(out), cwd=tmp_path, locale="bg")
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)
    with use_locale("bg"):
        pooled = _("Others, fewer than 5 each")
    assert pooled in text
    assert "Местни данъци и такси" not in text and "Обществени поръчки" not in text
    assert SUBMITTER not in text and DESCRIPTION not in text and desk["signal"] not in text
    officer = run("--db", desk["db"], "--user", "officer", "signals-report", "--from",
                  "05.10.2026", "--to", "2026-10-05", "--out", str(out), cwd=tmp_path,
                  locale="bg", env_extra={"BUREAU_PASSWORD": OFFICER_PASSWORD})
    assert officer.returncode == 0, officer.stderr
    text = pdf_text(out)
    assert "Местни данъци и такси" in text and "Обществени поръчки" in text
    assert pooled not in text
    advisor = run("--db", desk["db"], "--user", "maria", "signals-report", "--from",
                  "05.10.2026", "--to", "2026-10-05", "--out", str(tmp_path / "a.pdf"),
                  cwd=tmp_path, env_extra={"BUREAU_PASSWORD": ADVISOR_PASSWORD})
    assert advisor.returncode == 3 and not (tmp_path / "a.pdf").exists()
    backwards = run("--db", desk["db"], "signals-report", "--from", "2026-10-31", "--to",
                    "2026-10-01", "--out", str(tmp_path / "x.pdf"), cwd=tmp_path)
    assert backwards.returncode == 3 and not (tmp_path / "x.pdf").exists()
    not_a_date = run("--db", desk["db"], "signals-report", "--from", "2026-13-01", "--to",
                     "2026-10-01", "--out", str(tmp_path / "x.pdf"), cwd=tmp_path)
    assert not_a_date.returncode == 2 and "2026-13-01" in not_a_date.stderr


def test_signal_receipt_only_for_the_signals_officer(desk, tmp_path):
    out = tmp_path / "receipt.pdf"
    args = ("--db", desk["db"], "signal-receipt", desk["signal"], "--out", str(out))
    maintenance = run(*args, cwd=tmp_path, locale="ru")
    with use_locale("ru"):
        expected = _(MSG_FORBIDDEN).format(role=Actor.MAINTENANCE.label())
    assert maintenance.returncode == 3 and expected in maintenance.stderr
    advisor = run(*args, "--user", "maria", cwd=tmp_path,
                  env_extra={"BUREAU_PASSWORD": ADVISOR_PASSWORD})
    assert advisor.returncode == 3 and Role.ADVISOR.label() in advisor.stderr
    assert not out.exists()
    officer = run(*args, "--user", "officer", "--locale", "bg", cwd=tmp_path,
                  env_extra={"BUREAU_PASSWORD": OFFICER_PASSWORD})
    assert officer.returncode == 0, officer.stderr
    text = pdf_text(out)
    assert desk["signal"] in text and SUBMITTER in text and "5 октомври 2026 г." in text
    assert DESCRIPTION not in text
    log = run("--db", desk["db"], "audit", cwd=tmp_path)
    assert "Printed" in log.stdout and "signal" in log.stdout
    unknown = run("--db", desk["db"], "signal-receipt", "SG-2026-0999", "--out",
                  str(tmp_path / "x.pdf"), "--user", "officer", cwd=tmp_path,
                  env_extra={"BUREAU_PASSWORD": OFFICER_PASSWORD})
    assert unknown.returncode == 3 and "SG-2026-0999" in unknown.stderr
