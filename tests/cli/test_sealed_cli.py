"""Issue #20 "Confidential at rest" as a user meets it: real bureau-cli processes.
The issue's example: a backup read with sqlite3 shows no signal's reporter or text."""

from __future__ import annotations

import re
import sqlite3

from test_roles_hold import SIGNAL, bureau_db, cli

from bureau.opening import open_database
from bureau.trust import keys

RECOVERY = re.compile(r"\b(?:[A-Z2-7]{4}-){12}[A-Z2-7]{4}\b")
SECRETS = [SIGNAL["submitter_name"], "поиска пари"]


def plain_in(path) -> list[str]:
    conn = sqlite3.connect(path)
    dump = "\n".join(conn.iterdump())
    conn.close()
    raw = open(path, "rb").read()
    return [s for s in SECRETS if s in dump or s.encode("utf-8") in raw]


def test_first_officer_sign_in_seals_shows_the_recovery_key_once_and_backups_hold_no_plain_text(tmp_path):
    db = bureau_db(tmp_path / "bureau.db")
    before = cli(db, "check", cwd=tmp_path)
    assert before.returncode == 0 and "stored unsealed: SG-2026-0001" in before.stdout
    cli(db, "backup", "--out", str(tmp_path / "plain.db"), cwd=tmp_path)
    assert plain_in(tmp_path / "plain.db") == SECRETS  # the complaint, reproduced
    first = cli(db, "--user", "elena", "check", cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert len(RECOVERY.findall(first.stderr)) == 1 and "mayor's safe" in first.stderr
    assert "1 signal was sealed." in first.stderr
    again = cli(db, "--user", "elena", "signal-receipt", "SG-2026-0001", "--out",
                str(tmp_path / "r.pdf"), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert not RECOVERY.search(again.stderr)  # shown once only
    backup = cli(db, "backup", "--out", str(tmp_path / "sealed.db"), cwd=tmp_path)
    assert backup.returncode == 0, backup.stderr
    assert plain_in(tmp_path / "sealed.db") == []
    assert plain_in(db) == []
    # Without the officer's password the register stays closed, the counts do not.
    assert cli(db, "--user", "kiril", "signals-report", "--from", "2026-10-01", "--to",
               "2026-10-31", "--out", str(tmp_path / "a.pdf"), cwd=tmp_path).returncode == 0


def test_wrong_password_is_refused_clearly_and_seals_nothing(tmp_path):
    db = bureau_db(tmp_path / "bureau.db")
    wrong = cli(db, "--user", "elena", "check", password="not her password", cwd=tmp_path, locale="bg")
    assert wrong.returncode == 3 and "Traceback" not in wrong.stderr
    assert "паролата" in wrong.stderr.lower()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM register_keys").fetchone()[0] == 0
    assert conn.execute("SELECT sealed FROM signal_revisions").fetchall() == [(0,)]
    conn.close()


def test_the_recovery_key_grants_access_again_and_a_wrong_one_changes_nothing(tmp_path):
    db = bureau_db(tmp_path / "bureau.db")
    recovery = RECOVERY.search(cli(db, "--user", "elena", "check", cwd=tmp_path).stderr).group(0)
    opened = open_database(db)
    officer_id = opened.execute("SELECT id FROM advisors WHERE login = 'elena'").fetchone()[0]
    keys.drop_officer(opened, officer_id)  # as after a reset by someone without the key
    opened.close()
    receipt = ("signal-receipt", "SG-2026-0001", "--out", str(tmp_path / "r.pdf"))
    locked = cli(db, "--user", "elena", *receipt, cwd=tmp_path)
    assert locked.returncode == 3 and "register is locked" in locked.stderr
    assert "recovery key" in locked.stderr  # the sign-in said how access comes back
    (tmp_path / "wrong.txt").write_text("ABCD-" * 12 + "ABCD")
    wrong = cli(db, "--user", "elena", "signals-recover", "--recovery-key-file",
                str(tmp_path / "wrong.txt"), cwd=tmp_path)
    assert wrong.returncode == 3 and "recovery key is wrong" in wrong.stderr
    (tmp_path / "key.txt").write_text(recovery.lower() + "\n")
    granted = cli(db, "--user", "elena", "signals-recover", "--recovery-key-file",
                  str(tmp_path / "key.txt"), cwd=tmp_path)
    assert granted.returncode == 0, granted.stderr
    assert cli(db, "--user", "elena", *receipt, cwd=tmp_path).returncode == 0
