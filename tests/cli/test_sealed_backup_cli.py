"""Issue #20 "sealed backups" as a coordinator meets them: real bureau-cli processes.

A passphrase set once seals every backup; restore needs it; a wrong one is refused
in the user's language (exit 3) with nothing changed; plain backups still restore."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from test_cli_core import run

from bureau.database.settings import set_settings
from bureau.opening import open_database
from bureau.trust.advisors import add_advisor
from tests.bureau.test_sealed_backups import PLANTED, files, found_in, planted_db

PASSPHRASE = "синя врана над Кресна"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def advisors(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {row[0] for row in conn.execute("SELECT full_name FROM advisors")}
    finally:
        conn.close()


def add_advisor_row(path: Path, name: str) -> None:
    db = open_database(path)
    add_advisor(db, name)
    db.close()


@pytest.fixture
def bureau(tmp_path) -> Path:
    return planted_db(tmp_path / "bureau.db")


def test_round_trip_with_the_passphrase_set_once(tmp_path, bureau):
    (tmp_path / "pass.txt").write_text(PASSPHRASE + "\n", encoding="utf-8")
    made = run("--db", str(bureau), "backup-passphrase", "--passphrase-file",
               str(tmp_path / "pass.txt"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    # From now on a backup needs no passphrase to be sealed.
    out = tmp_path / "usb" / "copy.sealed"
    backup = run("--db", str(bureau), "backup", "--out", str(out), cwd=tmp_path)
    assert backup.returncode == 0, backup.stderr
    assert "sealed and verified" in backup.stdout and "NOT sealed" not in backup.stderr
    assert out.read_bytes().startswith(b"BUREAU-SEALED-BACKUP\n")
    assert found_in(out) == []
    add_advisor_row(bureau, "Добавена след архива")

    restored = run("--db", str(bureau), "restore", str(out), cwd=tmp_path,
                   env_extra={"BUREAU_BACKUP_PASSPHRASE": PASSPHRASE})
    assert restored.returncode == 0, restored.stderr
    assert "Добавена след архива" not in advisors(bureau)
    assert found_in(bureau) == PLANTED  # the citizen is back in the live database
    [kept] = [p for p in tmp_path.iterdir() if "before-restore" in p.name]
    assert kept.suffix == ".sealed" and found_in(kept) == [] and str(kept) in restored.stdout


@pytest.mark.parametrize(("locale", "words"), [("bg", "паролата"), ("ru", "парол")])
def test_a_wrong_passphrase_is_refused_in_words_and_changes_nothing(tmp_path, bureau, locale,
                                                                    words):
    out = tmp_path / "copy.sealed"
    made = run("--db", str(bureau), "backup", "--out", str(out), cwd=tmp_path,
               env_extra={"BUREAU_BACKUP_PASSPHRASE": PASSPHRASE})
    assert made.returncode == 0, made.stderr
    add_advisor_row(bureau, "Добавена след архива")
    before = digest(bureau)
    (tmp_path / "wrong.txt").write_text("не е тази парола изобщо", encoding="utf-8")
    listing = files(tmp_path)
    wrong = run("--db", str(bureau), "restore", "--passphrase-file", str(tmp_path / "wrong.txt"),
                str(out), cwd=tmp_path, locale=locale)
    assert wrong.returncode == 3, wrong.stderr
    assert "Traceback" not in wrong.stderr and words in wrong.stderr.lower()
    assert str(out) in wrong.stderr
    missing = run("--db", str(bureau), "restore", str(out), cwd=tmp_path, locale=locale)
    assert missing.returncode == 3 and "BUREAU_BACKUP_PASSPHRASE" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert digest(bureau) == before and files(tmp_path) == listing
    assert "Добавена след архива" in advisors(bureau)


def test_an_unsealed_backup_says_so_and_still_restores(tmp_path, bureau):
    out = tmp_path / "plain.db"
    made = run("--db", str(bureau), "backup", "--out", str(out), cwd=tmp_path, locale="bg")
    assert made.returncode == 0, made.stderr
    assert found_in(out) == PLANTED
    assert "НЕ е шифрован" in made.stderr  # said plainly, in the user's language
    add_advisor_row(bureau, "Добавена след архива")
    restored = run("--db", str(bureau), "restore", str(out), cwd=tmp_path,
                   env_extra={"BUREAU_BACKUP_PASSPHRASE": PASSPHRASE})  # not needed, harmless
    assert restored.returncode == 0, restored.stderr
    assert "Добавена след архива" not in advisors(bureau)


def test_backups_into_the_folder_are_sealed_and_a_cut_one_is_refused(tmp_path, bureau):
    folder = tmp_path / "usb"
    db = open_database(bureau)
    set_settings(db, backup_folder=str(folder))
    db.close()
    assert run("--db", str(bureau), "backup-passphrase", cwd=tmp_path,
               env_extra={"BUREAU_BACKUP_PASSPHRASE": PASSPHRASE}).returncode == 0
    made = run("--db", str(bureau), "backup", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    [written] = list(folder.iterdir())
    assert written.name.startswith("bureau-backup-") and written.suffix == ".sealed"
    cut = tmp_path / "cut.sealed"
    cut.write_bytes(written.read_bytes()[:-100])
    before = digest(bureau)
    refused = run("--db", str(bureau), "restore", str(cut), cwd=tmp_path, locale="ru",
                  env_extra={"BUREAU_BACKUP_PASSPHRASE": PASSPHRASE})
    assert refused.returncode == 3 and "Traceback" not in refused.stderr
    assert "обрезан" in refused.stderr.lower() and digest(bureau) == before
    off = run("--db", str(bureau), "backup-passphrase", "--off", cwd=tmp_path)
    assert off.returncode == 0 and "NOT sealed" in off.stdout
    short = run("--db", str(bureau), "backup-passphrase", cwd=tmp_path,
                env_extra={"BUREAU_BACKUP_PASSPHRASE": "кратка"})
    assert short.returncode == 3 and "12" in short.stderr
    short = run("--db", str(bureau), "backup", "--out", str(tmp_path / "x.sealed"), cwd=tmp_path,
                env_extra={"BUREAU_BACKUP_PASSPHRASE": "кратка"})
    assert short.returncode == 3 and "12" in short.stderr and not (tmp_path / "x.sealed").exists()
