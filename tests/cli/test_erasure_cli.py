"""Erasure and retention as a coordinator meets them on the command line (#15 items 1, 2, 4).

The proof of erasure is the real `sqlite3 .dump` of the file and its raw bytes
after the command: no written form of the person is left, and `search` and
`export` no longer find them.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import unicodedata

import pytest
from test_cli_core import run

from bureau.catalogue import CatalogueLookup
from bureau.commission.referrals import advance, create_meeting, create_referral
from bureau.consultations.store import get_consultation, save_consultation, update_consultation
from bureau.domain import ReferralStatus
from bureau.opening import init_database
from bureau.trust.advisors import add_advisor
from bureau.validation import validate_consultation
from tests.acting import acting


def _raw(advisor: int, **extra) -> dict:
    raw = {"occurred_at": dt.datetime(2026, 10, 14, 10, 30), "channel": "in_person",
           "advisor_id": advisor, "issues": [("local_taxes", None)], "question": "Q",
           "answer": "A", "help_level": "information", "outcome": "resolved",
           "consent_record": True}
    raw.update(extra)
    return raw


def _save(db, raw) -> int:
    lookup = CatalogueLookup(db)
    return save_consultation(db, validate_consultation(raw, lookup), lookup)[0]


@pytest.mark.skipif(not shutil.which("sqlite3"), reason="needs the sqlite3 shell")
def test_erase_person_leaves_no_form_of_the_name_items_1_and_2(tmp_path):
    path = tmp_path / "desk.db"
    db = init_database(path)
    advisor = add_advisor(db, "Мария Стоянова")
    first = _save(db, _raw(advisor, citizen={"full_name": "Радослав Колев", "phone": "0888 000 091"},
                           question="Радослав Колев пита за данък сгради"))
    citizen = get_consultation(db, first).citizen.id
    lookup = CatalogueLookup(db)
    update_consultation(db, first, validate_consultation(
        _raw(advisor, citizen_id=citizen, question="Радослав Колев пита за данък сгради и смет"),
        lookup), lookup=lookup)
    second = _save(db, _raw(advisor, citizen={"full_name": "Фёдор Семёнов"},
                            question="Федор Семенов пита за данък сгради",
                            answer="Семенов да подаде декларация"))
    fedor = get_consultation(db, second).citizen.id
    db.close()
    drafts = tmp_path / "data" / "bureau" / "drafts"
    drafts.mkdir(parents=True)
    (drafts / "draft-00000000000000000000.json").write_text(json.dumps(
        {"version": 2, "saved_at": "2026-11-30T10:00:00",
         "state": {"question": "Колеву да се обадим на 0888000091"}}, ensure_ascii=False),
        encoding="utf-8")
    env = {"XDG_DATA_HOME": str(tmp_path / "data")}
    for person in (citizen, fedor):
        done = run("--db", str(path), "erase-person", str(person), "--yes", cwd=tmp_path,
                   env_extra=env)
        assert done.returncode == 0, done.stderr
    dump = subprocess.run(["sqlite3", str(path), ".dump"], capture_output=True, text=True,
                          check=True).stdout
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("desk.db*"))
    draft = (drafts / "draft-00000000000000000000.json").read_text(encoding="utf-8")
    assert "[…] […] пита за данък сгради и смет" in dump and "[…] да подаде декларация" in dump
    assert "[…] да се обадим на […]" in draft
    for word in ("Радослав", "Колев", "Колеву", "Фёдор", "Федор", "Семёнов", "Семенов",
                 "radoslav", "kolev", "semenov", "fedor", "888000091", "888 000 091"):
        for form in {word, word.lower(), word.upper(), unicodedata.normalize("NFD", word)}:
            assert form not in dump and form.encode() not in raw and form not in draft, form
    for typed in ("Федор", "Колев", "kolev"):
        found = run("--db", str(path), "search", typed, "--json", cwd=tmp_path)
        assert found.returncode == 0 and json.loads(found.stdout) == [], typed
    out = tmp_path / "all.csv"
    assert run("--db", str(path), "export", "--format", "csv", "--out", str(out),
               cwd=tmp_path).returncode == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "данък сгради" in text and "Семенов" not in text and "Колев" not in text


def test_retention_dry_run_says_why_an_open_referral_keeps_a_person_item_4(tmp_path):
    path = tmp_path / "desk.db"
    db = init_database(path)
    advisor = add_advisor(db, "Мария Стоянова")
    today = dt.date.today()
    long_ago = dt.datetime(today.year - 4, 6, 1, 10, 0)
    consultation = _save(db, _raw(advisor, occurred_at=long_ago,
                                  citizen={"full_name": "Цветанка Дочева"}))
    closed = _save(db, _raw(advisor, occurred_at=long_ago, citizen={"full_name": "Стоян Затворен"}))
    db.execute("UPDATE citizens SET created_at = ?", [long_ago.isoformat()])
    referral = create_referral(db, consultation, "Цветанка Дочева иска ремонт", consent_given=True,
                               today=long_ago.date(), by=acting(db)).value
    advance(db, referral.id, ReferralStatus.SUBMITTED, on=long_ago.date(), by=acting(db))
    meeting = create_meeting(db, today + dt.timedelta(days=10), "зала 1", by=acting(db)).value
    advance(db, referral.id, ReferralStatus.ON_AGENDA, meeting_id=meeting.id, by=acting(db))
    docheva = get_consultation(db, consultation).citizen.id
    gone = get_consultation(db, closed).citizen.id
    db.close()
    dry = run("--db", str(path), "retention", "--dry-run", "--years", "3", cwd=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert f"citizen {docheva}: kept \u2014 referral {referral.number} is still open" in dry.stdout
    assert (f"citizen {gone}: would be anonymised \u2014 no contact since "
            f"{long_ago.date().isoformat()}") in dry.stdout
    applied = run("--db", str(path), "retention", "--apply", "--years", "3", cwd=tmp_path)
    assert applied.returncode == 0, applied.stderr
    with sqlite3.connect(path) as conn:
        names = dict(conn.execute("SELECT id, full_name FROM citizens"))
        summary = conn.execute("SELECT summary FROM referrals").fetchone()[0]
    assert names == {docheva: "Цветанка Дочева", gone: None}
    assert summary == "Цветанка Дочева иска ремонт"
