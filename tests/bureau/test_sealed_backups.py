"""Issue #20 "sealed backups" in the core: the file format (round trip, any cut or
altered byte refused), a sealed backup holds no personal data, verification after
writing is real, and a wrong passphrase changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bureau.catalogue import CatalogueLookup
from bureau.consultations.store import save_consultation
from bureau.database import backup as backup_module
from bureau.database import sealed_files
from bureau.database.backup import (
    MSG_BACKUP_BAD,
    backup_into_folder,
    backup_recipient,
    backup_to,
    is_sealed_backup,
    latest_backup,
    set_backup_passphrase,
)
from bureau.database.restore import check_restorable, restore
from bureau.database.sealed_files import (
    HEADER_BYTES,
    MSG_DAMAGED,
    MSG_NEED_PASSPHRASE,
    MSG_UNKNOWN_VERSION,
    MSG_WRONG_PASSPHRASE,
)
from bureau.domain import BureauError
from bureau.opening import init_database
from bureau.trust.advisors import add_advisor
from bureau.validation import validate_consultation
from tests.conftest import consultation_raw

PASSPHRASE = "синя врана над Кресна"
# Each planted as the database stores it: the name, the phone's digits, a question's word.
PLANTED = ["Зорница Планиева", "888765432", "Тайнаконсултация"]
FAST = sealed_files.new_recipient("fast test passphrase", log2_n=10, r=8, p=1)


def planted_db(path: Path) -> Path:
    """A bureau database holding one citizen's name, phone and consultation text."""
    db = init_database(path, bureau_name="Бюро Кресна", municipality="Кресна")
    advisor = add_advisor(db, "Мария Стоянова")
    raw = consultation_raw(advisor, citizen={"full_name": PLANTED[0], "phone": "0888 765 432",
                                             "settlement": "Кресна"},
                           question=f"{PLANTED[2]}: пита за данък сгради")
    lookup = CatalogueLookup(db)
    save_consultation(db, validate_consultation(raw, lookup), lookup)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def files(folder: Path) -> list[str]:
    """Files under ``folder``, SQLite's own -wal/-shm of the live database aside."""
    return sorted(p.name for p in folder.rglob("*")
                  if p.is_file() and not p.name.endswith(("-wal", "-shm")))


def found_in(path: Path) -> list[str]:
    raw = path.read_bytes()
    return [secret for secret in PLANTED if secret.encode("utf-8") in raw]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def seal(data: bytes, chunk_log2: int) -> bytes:
    out = io.BytesIO()
    sealed_files.seal_stream(io.BytesIO(data), out, FAST, chunk_log2=chunk_log2)
    return out.getvalue()


def open_(sealed: bytes, passphrase: str = "fast test passphrase") -> bytes:
    plain = bytearray()
    sealed_files.open_stream(io.BytesIO(sealed), plain.extend, passphrase, "x.sealed")
    return bytes(plain)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=700), chunk_log2=st.integers(6, 8))
def test_the_format_round_trips_any_bytes_across_chunk_boundaries(data, chunk_log2):
    sealed = seal(data, chunk_log2)
    assert sealed.startswith(sealed_files.MAGIC)
    assert open_(sealed) == data
    # A new ephemeral key and nonce each time: the same bytes never seal alike.
    assert seal(data, chunk_log2) != sealed


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(min_size=1, max_size=400), chunk_log2=st.integers(6, 7), cut=st.data())
def test_a_file_cut_short_anywhere_is_refused(data, chunk_log2, cut):
    sealed = seal(data, chunk_log2)
    length = cut.draw(st.integers(0, len(sealed) - 1))
    with pytest.raises(BureauError) as refused:
        open_(sealed[:length])
    assert refused.value.msgid == MSG_DAMAGED
    assert "cut short or altered" in str(refused.value)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(min_size=1, max_size=400), chunk_log2=st.integers(6, 7), where=st.data(),
       bit=st.integers(0, 7))
def test_any_altered_byte_is_refused(data, chunk_log2, where, bit):
    sealed = bytearray(seal(data, chunk_log2))
    position = where.draw(st.integers(0, len(sealed) - 1))
    sealed[position] ^= 1 << bit
    with pytest.raises(BureauError) as refused:
        open_(bytes(sealed))
    if position >= HEADER_BYTES:
        assert refused.value.msgid == MSG_DAMAGED
    else:  # the header: its passphrase fields, its version, or the rest
        assert refused.value.msgid in {MSG_DAMAGED, MSG_WRONG_PASSPHRASE, MSG_UNKNOWN_VERSION}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300), extra=st.binary(min_size=1, max_size=40))
def test_bytes_added_after_the_end_are_refused(data, extra):
    with pytest.raises(BureauError) as refused:
        open_(seal(data, 6) + extra)
    assert refused.value.msgid == MSG_DAMAGED


def test_a_wrong_or_missing_passphrase_is_told_apart():
    sealed = seal(b"the database", 6)
    with pytest.raises(BureauError) as wrong:
        open_(sealed, "not the passphrase")
    assert wrong.value.msgid == MSG_WRONG_PASSPHRASE
    with pytest.raises(BureauError) as missing:
        sealed_files.open_stream(io.BytesIO(sealed), lambda _b: None, None, "x.sealed")
    assert missing.value.msgid == MSG_NEED_PASSPHRASE


def test_a_header_asking_scrypt_for_too_much_memory_is_refused_before_deriving():
    sealed = bytearray(seal(b"the database", 6))
    sealed[len(sealed_files.MAGIC) + 1] = 24  # log2 N: 16 GiB of scrypt
    with pytest.raises(BureauError) as refused:
        open_(bytes(sealed))
    assert refused.value.msgid == MSG_DAMAGED
    with pytest.raises(ValueError):
        sealed_files.new_recipient("fast test passphrase", log2_n=24)


def test_the_passphrase_is_nfc_normalised():
    composed, decomposed = "Кресна йод и ёж 123", "Кресна и\u0306од и е\u0308ж 123"
    recipient = sealed_files.new_recipient(composed, log2_n=10)
    out = io.BytesIO()
    sealed_files.seal_stream(io.BytesIO(b"x"), out, recipient)
    assert open_(out.getvalue(), decomposed) == b"x"


def test_a_sealed_backup_holds_none_of_the_planted_personal_data(tmp_path):
    live = planted_db(tmp_path / "bureau.db")
    plain = backup_to(live, tmp_path / "usb" / "plain.db")
    assert found_in(plain) == PLANTED  # the control: a plain backup carries them all
    sealed = backup_to(live, tmp_path / "usb" / "sealed.sealed", FAST)
    assert is_sealed_backup(sealed) and not is_sealed_backup(plain)
    assert found_in(sealed) == []
    with pytest.raises(sqlite3.DatabaseError):  # not a database to sqlite3 either
        sqlite3.connect(sealed).execute("SELECT * FROM sqlite_master").fetchall()
    # Nothing else was left beside the database or in the backup folder.
    assert files(tmp_path) == ["bureau.db", "plain.db", "sealed.sealed"]


def test_the_stored_setting_is_a_public_key_never_the_passphrase(tmp_path):
    live = planted_db(tmp_path / "bureau.db")
    db = init_database(live)
    set_backup_passphrase(db, PASSPHRASE)
    recipient = backup_recipient(db)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    assert recipient is not None
    assert PASSPHRASE.encode("utf-8") not in live.read_bytes()
    dump = "\n".join(sqlite3.connect(live).iterdump())
    assert PASSPHRASE not in dump
    assert sealed_files.recipient_text(recipient) in dump


def test_a_too_short_passphrase_is_refused(tmp_path):
    db = init_database(tmp_path / "bureau.db")
    with pytest.raises(BureauError) as short:
        set_backup_passphrase(db, "short")
    assert "at least 12" in str(short.value)
    assert backup_recipient(db) is None
    db.close()


def test_what_was_written_is_read_back_before_it_counts(tmp_path, monkeypatch):
    live = planted_db(tmp_path / "bureau.db")
    real = sealed_files.seal_stream

    def spoiled(reader, writer, recipient, **kwargs):
        result = real(reader, writer, recipient, **kwargs)
        writer.write(b"!")  # as a failing drive might add or change a byte
        return result

    monkeypatch.setattr(sealed_files, "seal_stream", spoiled)
    target = tmp_path / "usb" / "b.sealed"
    with pytest.raises(BureauError) as bad:
        backup_to(live, target, FAST)
    assert bad.value.msgid == MSG_BACKUP_BAD
    assert not target.exists() and list((tmp_path / "usb").iterdir()) == []
    assert files(tmp_path) == ["bureau.db"]


def test_restore_round_trip_and_a_wrong_passphrase_changes_nothing(tmp_path):
    live = planted_db(tmp_path / "bureau.db")
    db = init_database(live)
    set_backup_passphrase(db, PASSPHRASE)
    result = backup_into_folder(live, tmp_path / "usb", keep=5, recipient=backup_recipient(db))
    assert result.path.suffix == ".sealed" and latest_backup(tmp_path / "usb") == result.path
    add_advisor(db, "Добавена след архива")
    db.close()
    before = digest(live)
    for passphrase in ("a wrong passphrase!", None):
        with pytest.raises(BureauError) as refused:
            restore(result.path, live, passphrase=passphrase)
        assert refused.value.msgid in {MSG_WRONG_PASSPHRASE, MSG_NEED_PASSPHRASE}
        with pytest.raises(BureauError):
            check_restorable(result.path, passphrase)
    assert digest(live) == before
    assert files(tmp_path) == sorted(["bureau.db", result.path.name])

    kept = restore(result.path, live, passphrase=PASSPHRASE)
    restored = sqlite3.connect(live)
    names = {row[0] for row in restored.execute("SELECT full_name FROM advisors")}
    restored.close()
    assert "Добавена след архива" not in names and "Мария Стоянова" in names
    # The copy kept aside is a backup too: sealed for the same passphrase.
    assert kept is not None and kept.suffix == ".sealed" and is_sealed_backup(kept)
    assert found_in(kept) == []
    check_restorable(kept, PASSPHRASE)


def test_plain_backups_still_restore_and_rotation_counts_both_kinds(tmp_path):
    live = planted_db(tmp_path / "bureau.db")
    folder = tmp_path / "usb"
    stamps = [dt.datetime(2026, 10, day, 9, 0) for day in (1, 2, 3, 4)]
    oldest = backup_into_folder(live, folder, keep=3, now=stamps[0])
    plain = backup_into_folder(live, folder, keep=3, now=stamps[1])
    backup_into_folder(live, folder, keep=3, now=stamps[2], recipient=FAST)
    newest = backup_into_folder(live, folder, keep=3, now=stamps[3], recipient=FAST)
    assert newest.removed == [oldest.path] and not oldest.path.exists()
    assert latest_backup(folder) == newest.path
    kept = restore(plain.path, live)  # no passphrase needed for a plain backup
    assert kept is not None and kept.suffix == ".db" and found_in(kept) == PLANTED


def test_backup_module_does_not_write_plain_data_to_the_backup_folder(tmp_path, monkeypatch):
    """While sealing, the only files in the backup folder are sealed ones."""
    live = planted_db(tmp_path / "bureau.db")
    folder = tmp_path / "usb"
    seen: list[list[str]] = []
    real = backup_module.seal_file

    def watching(plain, sealed, recipient, label):
        seen.append([p.name for p in folder.iterdir() if found_in(p)])
        real(plain, sealed, recipient, label)
        seen.append([p.name for p in folder.iterdir() if found_in(p)])

    monkeypatch.setattr(backup_module, "seal_file", watching)
    backup_into_folder(live, folder, keep=3, recipient=FAST)
    assert seen == [[], []]


def test_two_backups_at_once_in_one_process_both_succeed(tmp_path):
    """The desk's daily backup may still be finishing when the closing one starts: both
    run in the desk's process and once shared the plain copy beside the database
    (named by the process), so one removed the other's file under it ("disk I/O
    error"). Seen as a flaky desk test; here with threads started together."""
    live = planted_db(tmp_path / "bureau.db")
    start = threading.Barrier(4)

    def back_up(number: int) -> Path | BaseException:
        start.wait()
        try:
            return backup_to(live, tmp_path / "usb" / f"copy-{number}.sealed", FAST)
        except BureauError as error:
            return error

    with ThreadPoolExecutor(max_workers=4) as pool:
        made = list(pool.map(back_up, range(4)))
    assert all(isinstance(path, Path) for path in made), made
    for path in made:
        assert found_in(path) == []
        check_restorable(path, "fast test passphrase")  # raises if not a sound backup
    assert files(tmp_path) == ["bureau.db", *(f"copy-{n}.sealed" for n in range(4))]  # no debris
