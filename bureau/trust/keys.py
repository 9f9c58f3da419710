"""The signals register's key: made once, wrapped for each signals officer and for
the recovery key, held in memory only while an officer is signed in.

The register key is 32 random bytes (AES-256-GCM, ``bureau.signals.sealing``).
It is stored only wrapped (itself encrypted with AES-256-GCM):

- for each signals officer, by a key derived from their password with scrypt
  (N, r, p and a 16-byte salt per officer recorded beside the wrap), so the
  officer's own sign-in opens it and nobody else's does;
- once by the **recovery key**, 32 random bytes shown once at set-up as 13
  groups of 4 letters/digits (base32), to be kept in the mayor's safe.

An administrator who resets an officer's password cannot open the register:
the officer's wrap is dropped, and only another officer who has the register
open, or the recovery key, grants it again. Associated data ties each wrap to
its holder, so a wrap cannot be copied onto another officer's row.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets

import sqlite_utils
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bureau.database.connection import now_iso
from bureau.domain import Account, BureauError, Role
from bureau.i18n import N_

KEY_BYTES = 32
NONCE_BYTES = 12
# About 32 MiB and ~0.1 s per derivation: slow for a guesser with a stolen file.
KDF_N, KDF_R, KDF_P = 2**15, 8, 1
RECOVERY = "recovery"
OFFICER = "officer"

MSG_LOCKED = N_("The signals register is locked: sign in as a signals officer whose access "
                "has been granted (another officer or the recovery key grants it).")
MSG_NO_GRANT = N_("Your account has no access to the sealed signals register yet: another "
                  "signals officer can reset your password, or use the recovery key.")
MSG_RECOVERY = N_("The signals register is now sealed. Its RECOVERY KEY is shown only this "
                  "once: write it down or print it, and keep it in the mayor's safe. Without it "
                  "and without a signals officer's password the sealed signals cannot be read.")
MSG_BAD_RECOVERY = N_("The recovery key is wrong; nothing was changed.")
MSG_NOT_SET_UP = N_("The signals register is not sealed yet, so it has no recovery key: it is "
                    "made at the first signals officer's sign-in.")


class RegisterLocked(BureauError):
    """The register key is not in memory (no officer with access signed in)."""


# database file -> register key; only in this process's memory, never written.
_KEYRING: dict[str, bytes] = {}
# (database file, advisor id) -> (kdf record, key from their password), kept after
# the sign-in of an officer without a wrap, so the recovery key can grant it.
_PENDING: dict[tuple[str, int], tuple[str, bytes]] = {}


def database_name(db: sqlite_utils.Database) -> str:
    """The real path of the main database file (``memory:<id>`` for an in-memory one)."""
    row = db.execute("PRAGMA database_list").fetchone()
    return os.path.realpath(row[2]) if row and row[2] else f"memory:{id(db.conn)}"


def _derive(password: str, kdf: str) -> bytes:
    scheme, n, r, p, salt = kdf.split("$")
    if scheme != "scrypt":
        raise ValueError(scheme)
    return hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                          p=int(p), maxmem=256 * 1024 * 1024, dklen=KEY_BYTES)


def _new_kdf() -> str:
    salt = base64.b64encode(secrets.token_bytes(16)).decode()
    return f"scrypt${KDF_N}${KDF_R}${KDF_P}${salt}"


def _holder_data(holder: str, advisor_id: int | None) -> bytes:
    return f"bureau register key|{holder}|{advisor_id or ''}".encode()


def _wrap(wrapping_key: bytes, key: bytes, data: bytes) -> str:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return base64.b64encode(nonce + AESGCM(wrapping_key).encrypt(nonce, key, data)).decode()


def _unwrap(wrapping_key: bytes, wrapped: str, data: bytes) -> bytes:
    raw = base64.b64decode(wrapped)
    return AESGCM(wrapping_key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], data)


def format_recovery_key(raw: bytes) -> str:
    text = base64.b32encode(raw).decode().rstrip("=")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    """The 32 bytes of a recovery key as printed (dashes, spaces, case ignored);
    raises ``BureauError`` when it cannot be one."""
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    try:
        raw = base64.b32decode(letters + "=" * (-len(letters) % 8))
    except (binascii.Error, ValueError):
        raise BureauError(MSG_BAD_RECOVERY) from None
    if len(raw) != KEY_BYTES:
        raise BureauError(MSG_BAD_RECOVERY)
    return raw


def is_set_up(db: sqlite_utils.Database) -> bool:
    """Whether the register key exists (then every new revision is sealed)."""
    return db.execute("SELECT 1 FROM register_keys LIMIT 1").fetchone() is not None


def held_key(db: sqlite_utils.Database) -> bytes | None:
    return _KEYRING.get(database_name(db))


def require_key(db: sqlite_utils.Database) -> bytes:
    """The register key in memory; raises ``RegisterLocked`` (CLI exit 3) without it."""
    key = held_key(db)
    if key is None:
        raise RegisterLocked(MSG_LOCKED)
    return key


def lock(db: sqlite_utils.Database) -> None:
    """Forget the key (sign-out) and any pending grant for this database."""
    name = database_name(db)
    _KEYRING.pop(name, None)
    for pending in [k for k in _PENDING if k[0] == name]:
        del _PENDING[pending]


def _store_wrap(db: sqlite_utils.Database, holder: str, advisor_id: int | None, kdf: str,
                wrapped: str) -> None:
    db.execute("DELETE FROM register_keys WHERE holder = ? AND advisor_id IS ?", [holder, advisor_id])
    db.execute("INSERT INTO register_keys (holder, advisor_id, kdf, wrapped, created_at) "
               "VALUES (?, ?, ?, ?, ?)", [holder, advisor_id, kdf, wrapped, now_iso()])


def set_up(db: sqlite_utils.Database, officer: Account, password: str) -> tuple[bytes, str]:
    """Make the register key, wrapped for ``officer`` and a new recovery key, inside the
    caller's transaction; returns (key, recovery key as printed). Held in memory."""
    key, recovery = secrets.token_bytes(KEY_BYTES), secrets.token_bytes(KEY_BYTES)
    wrap_for_officer(db, officer.id or 0, password, key)
    _store_wrap(db, RECOVERY, None, "raw", _wrap(recovery, key, _holder_data(RECOVERY, None)))
    _KEYRING[database_name(db)] = key
    return key, format_recovery_key(recovery)


def wrap_for_officer(db: sqlite_utils.Database, advisor_id: int, password: str, key: bytes) -> None:
    """(Re)wrap the register key for an officer's password, inside the caller's transaction."""
    kdf = _new_kdf()
    _store_wrap(db, OFFICER, advisor_id, kdf,
                _wrap(_derive(password, kdf), key, _holder_data(OFFICER, advisor_id)))


def drop_officer(db: sqlite_utils.Database, advisor_id: int) -> None:
    db.execute("DELETE FROM register_keys WHERE holder = ? AND advisor_id = ?", [OFFICER, advisor_id])


def open_for_officer(db: sqlite_utils.Database, officer: Account, password: str) -> bytes | None:
    """The register key from the officer's wrap, now held in memory; None when they have
    none (or it was made for another password): then a recovery grant can follow."""
    row = db.execute("SELECT kdf, wrapped FROM register_keys WHERE holder = ? AND advisor_id = ?",
                     [OFFICER, officer.id]).fetchone()
    name = database_name(db)
    if row is not None:
        try:
            key = _unwrap(_derive(password, row[0]), row[1], _holder_data(OFFICER, officer.id))
        except (InvalidTag, ValueError):
            key = None
        if key is not None:
            _KEYRING[name] = key
            return key
    kdf = _new_kdf()
    _PENDING[(name, officer.id or 0)] = (kdf, _derive(password, kdf))
    return None


def check_recovery_key(db: sqlite_utils.Database, recovery_text: str) -> bytes:
    """The register key that ``recovery_text`` opens; nothing is stored or kept in memory.

    Raises ``BureauError``: ``MSG_BAD_RECOVERY`` for a key that is not this register's,
    ``MSG_NOT_SET_UP`` before the register has a key.
    """
    row = db.execute("SELECT wrapped FROM register_keys WHERE holder = ?", [RECOVERY]).fetchone()
    if row is None:
        raise BureauError(MSG_NOT_SET_UP)
    try:
        return _unwrap(parse_recovery_key(recovery_text), row[0], _holder_data(RECOVERY, None))
    except (InvalidTag, ValueError):
        raise BureauError(MSG_BAD_RECOVERY) from None


def grant_by_recovery(db: sqlite_utils.Database, officer: Account, recovery_text: str) -> bytes:
    """Open the register with the recovery key and wrap it for this signed-in officer
    (inside the caller's transaction). Raises ``BureauError`` for a wrong key, or
    when the officer did not sign in with their password in this process."""
    pending = _PENDING.get((database_name(db), officer.id or 0))
    if officer.role is not Role.SIGNALS_OFFICER or officer.id is None or pending is None:
        raise RegisterLocked(MSG_LOCKED)
    row = db.execute("SELECT wrapped FROM register_keys WHERE holder = ?", [RECOVERY]).fetchone()
    try:
        key = _unwrap(parse_recovery_key(recovery_text), row[0], _holder_data(RECOVERY, None))
    except (InvalidTag, TypeError):
        raise BureauError(MSG_BAD_RECOVERY) from None
    kdf, derived = pending
    _store_wrap(db, OFFICER, officer.id, kdf, _wrap(derived, key, _holder_data(OFFICER, officer.id)))
    _KEYRING[database_name(db)] = key
    return key


def on_password_set(db: sqlite_utils.Database, advisor_id: int, password: str, *, by: Account) -> None:
    """After an officer's password was set (inside that transaction): a signed-in officer
    who holds the key wraps it for the new password (their own change, or granting
    another); anyone else's change drops the old wrap, so a reset cannot read the register."""
    if not is_set_up(db):
        return
    key = held_key(db) if by.role is Role.SIGNALS_OFFICER and by.id is not None else None
    if key is not None:
        wrap_for_officer(db, advisor_id, password, key)
    else:
        drop_officer(db, advisor_id)
